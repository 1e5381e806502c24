//! The node panel, drawn over the table: usage against allocatable with
//! the requested and limited shares, pods against capacity, sparklines of
//! the last hour (gaps as `·`), conditions with their last transition,
//! taints, cordon state, and the top pods by CPU and by memory.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Sparkline, SparklineBar};

use crate::app::columns::metrics::{cpu_text, mem_text};
use crate::app::metrics::panel::{NodePanel, NodeView, TopPod, node_view};
use crate::app::metrics::ring::Ring;
use crate::app::state::State;
use crate::config::theme::Theme;
use crate::kube::metrics::Usage;
use crate::kube::rows;

/// Bars with a floor: every sample shows (a gap is `·`), an idle one as
/// the lowest bar.
const BARS: symbols::bar::Set<'static> = symbols::bar::Set {
    empty: "▁",
    ..symbols::bar::NINE_LEVELS
};

/// Pods listed in each top list at most.
const TOP: usize = 5;

pub(super) fn pct(used: u64, of: u64) -> String {
    match (used * 100 + of / 2).checked_div(of) {
        Some(p) => format!("{p}%"),
        None => "n/a".into(),
    }
}

pub(super) fn share_style(used: u64, of: u64, s: &State, theme: &Theme) -> Style {
    let p = (used * 100).checked_div(of).unwrap_or(0);
    if p >= u64::from(s.metrics.settings.critical) {
        theme.error
    } else if p >= u64::from(s.metrics.settings.warn) {
        theme.warning
    } else {
        theme.text
    }
}

/// `CPU  350m of 4000m  9%  requested 45%  limited 80%`.
fn usage_line(
    label: &'static str,
    v: &NodeView,
    s: &State,
    theme: &Theme,
    pick: fn((u64, u64)) -> u64,
    text: fn(u32) -> String,
) -> Line<'static> {
    let of = pick(v.allocatable);
    let of_text = text(u32::try_from(of).unwrap_or(u32::MAX));
    let mut spans = vec![Span::styled(format!("{label:<5}"), theme.table_header)];
    match v.usage {
        Some(u) => {
            let used = pick((u.cpu_m.into(), u.mem_kib.into()));
            spans.push(Span::raw(format!(
                "{} of {of_text} ",
                text(u32::try_from(used).unwrap_or(u32::MAX))
            )));
            spans.push(Span::styled(pct(used, of), share_style(used, of, s, theme)));
        }
        None => spans.push(Span::styled(format!("n/a of {of_text}"), theme.dim)),
    }
    for (what, v) in [("requested", v.requested), ("limited", v.limited)] {
        spans.push(Span::styled(format!("  {what} "), theme.dim));
        match v {
            Some(x) => spans.push(Span::styled(
                pct(pick(x), of),
                share_style(pick(x), of, s, theme),
            )),
            None => spans.push(Span::styled("-", theme.dim)),
        }
    }
    Line::from(spans)
}

/// The last `width` slots of a ring, gaps absent.
pub(super) fn history(
    ring: Option<&Ring>,
    width: usize,
    pick: fn(Usage) -> u32,
) -> Vec<SparklineBar> {
    let Some(ring) = ring else {
        return Vec::new();
    };
    let skip = ring.len().saturating_sub(width);
    ring.iter()
        .skip(skip)
        .map(|slot| SparklineBar::from(slot.usage().map(|u| u64::from(pick(u)))))
        .collect()
}

pub(super) fn spark(
    f: &mut Frame,
    area: Rect,
    label: &'static str,
    data: Vec<SparklineBar>,
    max: u64,
    theme: &Theme,
) {
    let [name, graph] = Layout::horizontal([Constraint::Length(9), Constraint::Min(1)]).areas(area);
    f.render_widget(
        Paragraph::new(Span::styled(label, theme.table_header)),
        name,
    );
    f.render_widget(sparkline(data, max, theme), graph);
}

/// A history as bars scaled to `max` (gaps as `·`).
pub(super) fn sparkline(data: Vec<SparklineBar>, max: u64, theme: &Theme) -> Sparkline<'static> {
    Sparkline::default()
        .data(data)
        .max(max.max(1))
        .style(theme.ok)
        .bar_set(BARS)
        .absent_value_symbol("·")
        .absent_value_style(theme.dim)
}

/// `width`: the columns the lines have (a long pod name is cut in the
/// middle, keeping its distinguishing suffix).
fn top_lines(
    title: &'static str,
    pods: &[TopPod],
    theme: &Theme,
    width: u16,
) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(Span::styled(title, theme.table_header))];
    if pods.is_empty() {
        out.push(Line::from(Span::styled("no samples", theme.dim)));
    }
    for p in pods {
        out.push(Line::from(vec![
            Span::raw(format!(
                "{:>6} {:>7} ",
                cpu_text(p.usage.cpu_m),
                mem_text(p.usage.mem_kib)
            )),
            Span::raw(
                crate::app::layout::cut(
                    &format!("{}/{}", p.namespace, p.name),
                    width.saturating_sub(15),
                    crate::app::layout::Fit::Name,
                )
                .into_owned(),
            ),
        ]));
    }
    out
}

fn condition_line(c: &rows::NodeCondition, v: &NodeView, theme: &Theme) -> Line<'static> {
    // Ready is good when True, the pressures when False.
    let good = (c.kind == "Ready") == (c.status == "True");
    let since = c.since.map_or_else(
        || "-".to_string(),
        |t| format!("{} ago", rows::age(Some(t), v.now)),
    );
    Line::from(vec![
        Span::raw(format!("{:<20}", c.kind)),
        Span::styled(
            format!("{:<8}", c.status),
            if good { theme.ok } else { theme.error },
        ),
        Span::styled(format!("since {since}"), theme.dim),
    ])
}

pub fn draw(f: &mut Frame, body: Rect, s: &State, p: &NodePanel, theme: &Theme) {
    let w = body.width.min(100);
    let rect = Rect {
        x: body.x + (body.width - w) / 2,
        width: w,
        ..body
    };
    f.render_widget(Clear, rect);
    let Some(v) = node_view(s, p, TOP) else {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(Span::styled(format!(" node/{} ", p.name), theme.title));
        f.render_widget(Paragraph::new("node not known (yet)").block(block), rect);
        return;
    };
    let cordon = if v.row.schedulable {
        "schedulable"
    } else {
        "cordoned"
    };
    let title = format!(
        " node/{} @ {}  {}  {cordon} ",
        p.name, v.cluster, v.row.status
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(title, theme.title));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let conditions = v.row.conditions.len() as u16;
    let [stats, cpu_hist, mem_hist, conds, taints, top] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(conditions),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let pods = v.pods.map_or_else(|| "-".to_string(), |n| n.to_string());
    let lines = vec![
        usage_line("CPU", &v, s, theme, |x| x.0, cpu_text),
        usage_line("MEM", &v, s, theme, |x| x.1, mem_text),
        Line::from(vec![
            Span::styled("PODS ", theme.table_header),
            Span::raw(format!("{pods} of {}", v.row.pods_capacity)),
        ]),
    ];
    f.render_widget(
        Paragraph::new(lines.into_iter().map(super::shown).collect::<Vec<_>>()),
        stats,
    );
    let width = usize::from(cpu_hist.width.saturating_sub(9));
    let (cpu_max, mem_max) = v.allocatable;
    spark(
        f,
        cpu_hist,
        "CPU 1h",
        history(v.ring, width, |u| u.cpu_m),
        cpu_max,
        theme,
    );
    spark(
        f,
        mem_hist,
        "MEM 1h",
        history(v.ring, width, |u| u.mem_kib),
        mem_max,
        theme,
    );
    let lines: Vec<Line> = v
        .row
        .conditions
        .iter()
        .map(|c| super::shown(condition_line(c, &v, theme)))
        .collect();
    f.render_widget(Paragraph::new(lines), conds);
    let taint_text = if v.row.taint_list.is_empty() {
        "none".to_string()
    } else {
        v.row.taint_list.join(", ")
    };
    f.render_widget(
        Paragraph::new(super::shown(Line::from(vec![
            Span::styled("TAINTS ", theme.table_header),
            Span::raw(taint_text),
        ]))),
        taints,
    );
    let [by_cpu, by_mem] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    for (area, title, pods) in [
        (by_cpu, "TOP PODS BY CPU", &v.top_cpu),
        (by_mem, "TOP PODS BY MEM", &v.top_mem),
    ] {
        let lines: Vec<Line> = top_lines(title, pods, theme, area.width)
            .into_iter()
            .map(super::shown)
            .collect();
        f.render_widget(Paragraph::new(lines), area);
    }
}
