//! The pod panel and the workload panel, drawn over the table.
//!
//! Pod: per container its usage against its own request and limit (`n/a`
//! without them, above 100 % shown as it is), coloured at the thresholds,
//! the history recorded while a panel shows the pod as sparklines (gaps as
//! `·`), readiness, restarts with the last termination (`OOMKilled (137)
//! 3m ago`) and why it is not running. Workload: its pods' total against
//! their total requests and limits with the history recorded while the
//! panel is open, ready against desired, and a row per pod.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::panel::{history, pct, share_style, spark, sparkline};
use crate::app::columns::metrics::{cpu_text, mem_text};
use crate::app::layout::{Fit, cut};
use crate::app::metrics::panels::{
    ContainerView, PodPanel, WorkloadPanel, pod_view, span, workload_view,
};
use crate::app::metrics::ring::Ring;
use crate::app::state::State;
use crate::config::theme::Theme;
use crate::kube::metrics::Usage;
use crate::kube::rows::{self, ContainerInfo, Resources, Termination};

/// The panel's rectangle: centred, at most this wide.
const MAX_WIDTH: u16 = 120;

fn frame(f: &mut Frame, body: Rect, title: String, theme: &Theme) -> Rect {
    let w = body.width.min(MAX_WIDTH);
    let rect = Rect {
        x: body.x + (body.width - w) / 2,
        width: w,
        ..body
    };
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(super::shown(Line::from(Span::styled(title, theme.title))));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    inner
}

/// `OOMKilled (137) 3m ago`.
pub(super) fn termination(t: &Termination, now: chrono::DateTime<chrono::Utc>) -> String {
    let when = t.finished.map_or_else(String::new, |at| {
        format!(" {} ago", rows::age(Some(at), now))
    });
    format!("{} ({}){when}", t.reason, t.exit_code)
}

/// Which measure a usage line is of.
#[derive(Clone, Copy)]
enum Of {
    Cpu,
    Mem,
}

impl Of {
    fn label(self) -> &'static str {
        match self {
            Of::Cpu => "CPU",
            Of::Mem => "MEM",
        }
    }

    fn used(self, u: Usage) -> u64 {
        match self {
            Of::Cpu => u.cpu_m.into(),
            Of::Mem => u.mem_kib.into(),
        }
    }

    /// Request and limit.
    fn bounds(self, r: Resources) -> (u64, u64) {
        match self {
            Of::Cpu => (r.cpu_request_m.into(), r.cpu_limit_m.into()),
            Of::Mem => (r.mem_request_kib.into(), r.mem_limit_kib.into()),
        }
    }

    fn text(self, v: u64) -> String {
        let v = u32::try_from(v).unwrap_or(u32::MAX);
        match self {
            Of::Cpu => cpu_text(v),
            Of::Mem => mem_text(v),
        }
    }

    fn pick(self) -> fn(Usage) -> u32 {
        match self {
            Of::Cpu => |u| u.cpu_m,
            Of::Mem => |u| u.mem_kib,
        }
    }
}

/// What a usage line shows of the usage: a number, `-` (no sample yet or
/// not running) or `n/a` (no metrics on the cluster).
enum Used {
    Some(Usage),
    Unknown,
    NotServed,
}

/// The cells wide the numbers of a usage line take (the sparkline gets
/// the rest): `CPU   350m  req   500m   70%  lim  1000m   35%  `.
const USAGE_WIDTH: u16 = 48;

/// `CPU   350m  req   500m   70%  lim  1000m   35%`: the share in the
/// warning or error colour at the thresholds; `n/a` without a request or
/// limit.
fn usage_spans(
    label_indent: &'static str,
    of: Of,
    used: &Used,
    r: Resources,
    s: &State,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let mut spans = vec![
        Span::raw(label_indent),
        Span::styled(format!("{:<4}", of.label()), theme.table_header),
    ];
    let value = match used {
        Used::Some(u) => Some(of.used(*u)),
        _ => None,
    };
    spans.push(match (used, value) {
        (_, Some(v)) => Span::raw(format!("{:>6}", of.text(v))),
        (Used::NotServed, _) => Span::styled(format!("{:>6}", "n/a"), theme.dim),
        _ => Span::styled(format!("{:>6}", "-"), theme.dim),
    });
    let (request, limit) = of.bounds(r);
    for (what, bound) in [("req", request), ("lim", limit)] {
        spans.push(Span::styled(format!("  {what} "), theme.dim));
        if bound == 0 {
            spans.push(Span::styled(format!("{:>6} {:>5}", "n/a", ""), theme.dim));
            continue;
        }
        spans.push(Span::raw(format!("{:>6} ", of.text(bound))));
        spans.push(match value {
            Some(v) => Span::styled(
                format!("{:>5}", pct(v, bound)),
                share_style(v, bound, s, theme),
            ),
            None => Span::styled(format!("{:>5}", "-"), theme.dim),
        });
    }
    spans.push(Span::raw("  "));
    spans
}

/// The highest sample of a history.
fn peak(ring: Option<&Ring>, of: Of) -> u64 {
    ring.into_iter()
        .flat_map(Ring::iter)
        .filter_map(|slot| slot.usage())
        .map(|u| of.used(u))
        .max()
        .unwrap_or(0)
}

/// A usage line with its history after the numbers.
#[allow(clippy::too_many_arguments)]
fn usage_row(
    f: &mut Frame,
    area: Rect,
    indent: &'static str,
    of: Of,
    (used, r): (&Used, Resources),
    ring: Option<&Ring>,
    s: &State,
    theme: &Theme,
) {
    let width = (indent.len() as u16 + USAGE_WIDTH).min(area.width);
    let [numbers, graph] =
        Layout::horizontal([Constraint::Length(width), Constraint::Min(0)]).areas(area);
    f.render_widget(
        Paragraph::new(Line::from(usage_spans(indent, of, used, r, s, theme))),
        numbers,
    );
    if graph.width == 0 {
        return;
    }
    let data = history(ring, usize::from(graph.width), of.pick());
    // Scaled to the limit, else the request, else the largest sample (a
    // usage above them fills the cell).
    let (request, limit) = of.bounds(r);
    let peak = peak(ring, of);
    let max = if limit > 0 {
        limit
    } else if request > 0 {
        request.max(peak)
    } else {
        peak
    };
    f.render_widget(sparkline(data, max, theme), graph);
}

/// How long the recorded history spans, and that it is recorded only
/// while a panel shows it.
fn history_line(ring: Option<&Ring>, what: &str, s: &State, theme: &Theme) -> Line<'static> {
    let step = s.metrics.settings.step();
    let so_far = match ring {
        Some(r) if !r.is_empty() => {
            let secs = span(r, step);
            let since = s.now - chrono::Duration::seconds(secs);
            format!("{} so far", rows::age(Some(since), s.now))
        }
        _ => "none yet".to_string(),
    };
    Line::from(Span::styled(
        format!("history {so_far}: recorded while a panel shows this {what}"),
        theme.dim,
    ))
}

/// `app (init)  not ready  CrashLoopBackOff` and `restarts 3  last
/// OOMKilled (137) 3m ago`: one line where they fit, else two.
fn container_lines(
    c: &ContainerView,
    now: chrono::DateTime<chrono::Utc>,
    theme: &Theme,
) -> (Line<'static>, Line<'static>) {
    let info: &ContainerInfo = c.info;
    let mut spans = vec![Span::styled(c.name.to_string(), theme.table_header)];
    if c.init {
        spans.push(Span::styled(" (init)", theme.dim));
    }
    spans.push(Span::raw("  "));
    spans.push(if info.ready {
        Span::styled("ready", theme.ok)
    } else {
        Span::styled("not ready", theme.warning)
    });
    if let Some(state) = &info.state {
        let bad = &**state != "Completed";
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            state.to_string(),
            if bad { theme.error } else { theme.dim },
        ));
    }
    let mut tail = vec![
        Span::styled("  restarts ", theme.dim),
        Span::raw(info.restarts.to_string()),
    ];
    if let Some(t) = &info.last {
        tail.push(Span::styled("  last ", theme.dim));
        let style = if t.exit_code == 0 {
            theme.text
        } else {
            theme.error
        };
        tail.push(Span::styled(termination(t, now), style));
    }
    (Line::from(spans), Line::from(tail))
}

pub fn draw_pod(f: &mut Frame, body: Rect, s: &State, p: &PodPanel, theme: &Theme) {
    let Some(v) = pod_view(s, p) else {
        let inner = frame(f, body, format!(" pod/{}/{} ", p.namespace, p.name), theme);
        f.render_widget(Paragraph::new("pod not known (any more)"), inner);
        return;
    };
    let node = if v.row.node.is_empty() {
        "<none>"
    } else {
        v.row.node.as_str()
    };
    let mut title = format!(
        " pod/{}/{} @ {}  {}  {node} ",
        p.namespace, p.name, v.cluster, v.row.status
    );
    // The node goes first when the title would be cut.
    if title.chars().count() + 4 > usize::from(body.width.min(MAX_WIDTH)) {
        title = format!(
            " pod/{}/{} @ {}  {} ",
            p.namespace, p.name, v.cluster, v.row.status
        );
    }
    let inner = frame(f, body, title, theme);
    let pod_used = match v.usage {
        _ if v.unavailable => Used::NotServed,
        Some(u) => Used::Some(u),
        None => Used::Unknown,
    };
    let [pod_cpu, pod_mem, hist, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let r = v.row.resources;
    for (area, of) in [(pod_cpu, Of::Cpu), (pod_mem, Of::Mem)] {
        let mut spans = vec![Span::styled("POD ", theme.table_header)];
        spans.extend(usage_spans("", of, &pod_used, r, s, theme));
        if matches!(of, Of::Cpu) {
            spans.push(Span::styled(
                format!(
                    "ready {}/{}  restarts {}",
                    v.row.ready, v.row.total, v.row.restarts
                ),
                theme.dim,
            ));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }
    let first_ring = v.containers.iter().find_map(|c| c.ring);
    f.render_widget(
        Paragraph::new(history_line(first_ring, "pod", s, theme)),
        hist,
    );
    // Three lines a container, a blank line before each.
    let fit = usize::from(rest.height / 4);
    let more = v.containers.len().saturating_sub(fit);
    let fit = if more > 0 { fit.saturating_sub(1) } else { fit };
    let mut y = rest.y;
    for c in v.containers.iter().take(fit) {
        let used = match c.usage {
            _ if v.unavailable => Used::NotServed,
            Some(u) => Used::Some(u),
            None => Used::Unknown,
        };
        let line = |dy: u16| Rect {
            y: y + dy,
            height: 1,
            ..rest
        };
        // On one line where it fits (after a blank line), else the
        // restarts and last termination on a line of their own.
        let (head, tail) = container_lines(c, v.now, theme);
        let (head, tail) = (super::shown(head), super::shown(tail));
        if head.width() + tail.width() <= usize::from(rest.width) {
            let mut one = head;
            one.spans.extend(tail.spans);
            f.render_widget(Paragraph::new(one), line(1));
        } else {
            f.render_widget(Paragraph::new(head), line(0));
            f.render_widget(Paragraph::new(tail), line(1));
        }
        for (dy, of) in [(2, Of::Cpu), (3, Of::Mem)] {
            usage_row(
                f,
                line(dy),
                "  ",
                of,
                (&used, c.info.resources),
                c.ring,
                s,
                theme,
            );
        }
        y += 4;
    }
    if more > 0 && y + 1 < rest.y + rest.height {
        f.render_widget(
            Paragraph::new(Span::styled(
                format!("… {} more containers", v.containers.len() - fit),
                theme.dim,
            )),
            Rect {
                y: y + 1,
                height: 1,
                ..rest
            },
        );
    }
}

/// The workload panel's pod table: its columns' titles and widths, for
/// the longest pod and node names. NODE only where the last termination
/// still fits; names are cut in the middle when they must be.
fn member_columns(width: u16, name_len: u16, node_len: u16) -> Vec<(&'static str, u16)> {
    const LAST: u16 = 22;
    const NAME_MIN: u16 = 16;
    const NODE_MIN: u16 = 10;
    let numbers = [
        ("CPU", 6),
        ("MEM", 6),
        ("%CPU/R", 6),
        ("%MEM/L", 6),
        ("RESTARTS", 8),
    ];
    // Each column is followed by a space.
    let fixed: u16 = numbers.iter().map(|(_, w)| w + 1).sum::<u16>() + LAST + 1;
    let room = width.saturating_sub(fixed);
    let name_len = name_len.max(4);
    let node_len = node_len.max(4);
    let (name, node) = if room >= name_len + node_len + 2 {
        (name_len, Some(node_len))
    } else if room >= NAME_MIN + NODE_MIN + 2 {
        let node = node_len.min((room / 3).max(NODE_MIN));
        (room - node - 2, Some(node))
    } else {
        (
            name_len.min(room.saturating_sub(1)).max(NAME_MIN.min(room)),
            None,
        )
    };
    let mut cols = vec![("NAME", name)];
    if let Some(node) = node {
        cols.push(("NODE", node));
    }
    cols.extend(numbers);
    let used: u16 = cols.iter().map(|(_, w)| w + 1).sum();
    cols.push(("LAST TERMINATION", width.saturating_sub(used).max(1)));
    cols
}

fn cell(text: String, width: u16, right: bool, style: Style) -> Span<'static> {
    let w = usize::from(width);
    let text = if right {
        format!("{text:>w$} ")
    } else {
        format!("{text:<w$} ")
    };
    Span::styled(text, style)
}

pub fn draw_workload(f: &mut Frame, body: Rect, s: &State, w: &WorkloadPanel, theme: &Theme) {
    let v = workload_view(s, w);
    let replicas = v.replicas.map_or_else(
        || "not known".to_string(),
        |(r, d)| format!("ready {r}/{d}"),
    );
    let kind = w.owner_kind().to_lowercase();
    let title = format!(
        " {kind}/{}/{} @ {}  {replicas} ",
        w.namespace, w.name, v.cluster
    );
    let inner = frame(f, body, title, theme);
    let [cpu, mem, cpu_hist, mem_hist, hist, _, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let used = match v.usage {
        _ if v.unavailable => Used::NotServed,
        Some((u, _)) => Used::Some(u),
        None => Used::Unknown,
    };
    for (area, of) in [(cpu, Of::Cpu), (mem, Of::Mem)] {
        let mut spans = usage_spans("", of, &used, v.resources, s, theme);
        if matches!(of, Of::Cpu) {
            let sampled = v.usage.map_or(0, |(_, n)| n);
            spans.push(Span::styled(
                format!("{sampled} of {} pods sampled", v.pods.len()),
                theme.dim,
            ));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }
    let width = usize::from(cpu_hist.width.saturating_sub(9));
    for (area, label, of) in [(cpu_hist, "CPU 1h", Of::Cpu), (mem_hist, "MEM 1h", Of::Mem)] {
        let (request, limit) = of.bounds(v.resources);
        let peak = peak(v.ring, of);
        let max = if limit > 0 { limit } else { request.max(peak) };
        spark(
            f,
            area,
            label,
            history(v.ring, width, of.pick()),
            max,
            theme,
        );
    }
    f.render_widget(Paragraph::new(history_line(v.ring, &kind, s, theme)), hist);
    let longest = |f: fn(&crate::kube::rows::PodRow) -> &str| {
        v.pods
            .iter()
            .map(|m| f(m.row).chars().count())
            .max()
            .unwrap_or(0)
            .min(60) as u16
    };
    let cols = member_columns(
        table.width,
        longest(|r| &r.meta.name),
        longest(|r| if r.node.is_empty() { "<none>" } else { &r.node }),
    );
    let header: Vec<Span> = cols
        .iter()
        .map(|(t, w)| {
            // Numbers are right-aligned, so are their titles.
            let right = !matches!(*t, "NAME" | "NODE" | "LAST TERMINATION");
            cell((*t).to_string(), *w, right, theme.table_header)
        })
        .collect();
    let mut lines = vec![Line::from(header)];
    let room = usize::from(table.height.saturating_sub(1));
    let more = v.pods.len().saturating_sub(room);
    let shown = if more > 0 {
        room.saturating_sub(1)
    } else {
        room
    };
    for m in v.pods.iter().take(shown) {
        let r = m.row;
        let share = |used: Option<u64>, of: u64| -> (String, Style) {
            match used {
                _ if v.unavailable => ("n/a".into(), theme.dim),
                _ if of == 0 => ("n/a".into(), theme.dim),
                Some(u) => (pct(u, of), share_style(u, of, s, theme)),
                None => ("-".into(), theme.dim),
            }
        };
        let last = r
            .containers
            .iter()
            .filter_map(|c| c.last.as_deref())
            .max_by_key(|t| t.finished);
        let mut spans = Vec::new();
        for (title, width) in &cols {
            let (text, style, right) = match *title {
                "NAME" => (
                    cut(&r.meta.name, *width, Fit::Name).into_owned(),
                    theme.text,
                    false,
                ),
                "NODE" => (
                    cut(
                        if r.node.is_empty() { "<none>" } else { &r.node },
                        *width,
                        Fit::Name,
                    )
                    .into_owned(),
                    theme.dim,
                    false,
                ),
                "CPU" | "MEM" => {
                    let of = if *title == "CPU" { Of::Cpu } else { Of::Mem };
                    match m.usage {
                        _ if v.unavailable => ("n/a".into(), theme.dim, true),
                        Some(u) => (of.text(of.used(u)), theme.text, true),
                        None => ("-".into(), theme.dim, true),
                    }
                }
                "%CPU/R" => {
                    let (t, st) = share(
                        m.usage.map(|u| u.cpu_m.into()),
                        r.resources.cpu_request_m.into(),
                    );
                    (t, st, true)
                }
                "%MEM/L" => {
                    let (t, st) = share(
                        m.usage.map(|u| u.mem_kib.into()),
                        r.resources.mem_limit_kib.into(),
                    );
                    (t, st, true)
                }
                "RESTARTS" => (r.restarts.to_string(), theme.text, true),
                _ => match last {
                    Some(t) => (
                        cut(&termination(t, v.now), *width, Fit::Text).into_owned(),
                        if t.exit_code == 0 {
                            theme.text
                        } else {
                            theme.error
                        },
                        false,
                    ),
                    None => ("-".into(), theme.dim, false),
                },
            };
            spans.push(cell(text, *width, right, style));
        }
        lines.push(super::shown(Line::from(spans)));
    }
    if v.pods.is_empty() {
        lines.push(Line::from(Span::styled("no pods", theme.dim)));
    }
    if more > 0 {
        lines.push(Line::from(Span::styled(
            format!("… {} more pods", v.pods.len() - shown),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), table);
}
