//! The two header lines: every open cluster with its status (production
//! names in the warning colour, always visible), read-only mode; then where
//! we are (breadcrumbs, scope, filter, row count, watch problems).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::command::NamespaceScope;
use crate::app::derive::breadcrumbs;
use crate::app::health::{self, Mark};
use crate::app::state::{Level, State};
use crate::config::theme::Theme;

fn width(spans: &[Span]) -> usize {
    spans.iter().map(|sp| sp.width()).sum()
}

fn mark_style(m: Mark, theme: &Theme) -> ratatui::style::Style {
    match m {
        Mark::Ok => theme.ok,
        Mark::Connecting => theme.dim,
        Mark::Degraded => theme.warning,
        Mark::Down => theme.error,
    }
}

/// One cluster as the first line names it: its mark, its name (production
/// in the warning colour), `[ro]`, the context it shares a server with,
/// what is wrong.
fn cluster_spans(s: &State, i: usize, theme: &Theme) -> Vec<Span<'static>> {
    let c = &s.clusters[i];
    let h = health::of(c);
    let style = mark_style(h.mark, theme);
    let mut v = vec![Span::styled(format!("{} ", h.mark.symbol()), style)];
    let name_style = if c.production {
        theme.production
    } else {
        theme.header
    };
    v.push(Span::styled(c.name.clone(), name_style));
    if c.readonly && !s.readonly {
        v.push(Span::styled(" [ro]", theme.readonly));
    }
    if let Some(first) = c.same_as.and_then(|j| s.clusters.get(j)) {
        v.push(Span::styled(format!(" (={})", first.name), theme.dim));
    }
    if let Some(label) = h.label {
        v.push(Span::styled(format!(" {label}"), style));
    }
    v.push(Span::raw("  "));
    v
}

/// When the clusters do not fit on the line: how many are in each state
/// (`97 ● 2 ◐ 1 ✖`), then production clusters and those with a problem by
/// name (production first, the worst first), as many as fit in `room`,
/// and how many more there are (`:ctx` lists them all).
fn summary(s: &State, theme: &Theme, room: usize) -> Vec<Span<'static>> {
    let marks: Vec<Mark> = s.clusters.iter().map(|c| health::of(c).mark).collect();
    let mut out = Vec::new();
    for m in [Mark::Ok, Mark::Degraded, Mark::Connecting, Mark::Down] {
        let n = marks.iter().filter(|&&x| x == m).count();
        if n > 0 {
            out.push(Span::styled(
                format!("{n} {} ", m.symbol()),
                mark_style(m, theme),
            ));
        }
    }
    out.push(Span::raw(" "));
    let severity = |m: Mark| match m {
        Mark::Down => 0,
        Mark::Degraded => 1,
        Mark::Connecting => 2,
        Mark::Ok => 3,
    };
    let mut named: Vec<usize> = (0..s.clusters.len())
        .filter(|&i| s.clusters[i].production || marks[i] != Mark::Ok)
        .collect();
    named.sort_by_key(|&i| (!s.clusters[i].production, severity(marks[i]), i));
    let mut used = width(&out);
    let mut shown = 0;
    for &i in &named {
        let spans = cluster_spans(s, i, theme);
        let rest = s.clusters.len() - shown - 1;
        let more = if rest > 0 { more(rest).len() } else { 0 };
        if used + width(&spans) + more > room {
            break;
        }
        used += width(&spans);
        out.extend(spans);
        shown += 1;
    }
    let rest = s.clusters.len() - shown;
    if rest > 0 {
        out.push(Span::styled(more(rest), theme.dim));
    }
    out
}

fn more(n: usize) -> String {
    format!("+{n} more (:ctx)")
}

pub fn draw(f: &mut Frame, area: Rect, s: &State, theme: &Theme) {
    let mut top = vec![Span::styled(" kdeck ", theme.title)];
    if s.readonly {
        top.push(Span::styled("[READ-ONLY] ", theme.readonly));
    }
    let every: Vec<Span<'static>> = (0..s.clusters.len())
        .flat_map(|i| cluster_spans(s, i, theme))
        .collect();
    // The alerts of what is watched, after the cluster list.
    let alerts = s.alerts.list.len();
    let alert = (alerts > 0).then(|| {
        let critical = s
            .alerts
            .list
            .iter()
            .any(|a| a.severity == crate::app::alerts::Severity::Critical);
        Span::styled(
            format!(" ⚠ {alerts}"),
            if critical { theme.error } else { theme.warning },
        )
    });
    let alert_width = alert.as_ref().map_or(0, |a| a.width());
    if width(&top) + width(&every) + alert_width <= usize::from(area.width) {
        top.extend(every);
    } else {
        let room = usize::from(area.width).saturating_sub(width(&top) + alert_width);
        top.extend(summary(s, theme, room));
    }
    top.extend(alert);
    let v = &s.view;
    let mut second = vec![Span::styled(
        format!(" {} ", trail(breadcrumbs(s), usize::from(area.width) / 2)),
        theme.title,
    )];
    let clusters = match v.scope.cluster {
        Some(i) => format!("@{}", s.clusters.get(i).map_or("?", |c| c.name.as_str())),
        None if s.clusters.len() == 1 => format!("@{}", s.clusters[0].name),
        None => "@all".into(),
    };
    second.push(Span::styled(clusters, theme.header));
    if v.scope.kind.namespaced() {
        let ns = match &v.scope.namespaces {
            NamespaceScope::All => "all".into(),
            NamespaceScope::Some(l) if l.is_empty() => "context default".into(),
            NamespaceScope::Some(l) => l.join(","),
        };
        second.push(Span::styled(format!("  ns:{ns}"), theme.header));
    }
    if let Some(sel) = &v.scope.selector {
        second.push(Span::styled(format!("  -l {sel}"), theme.header));
    }
    if !v.filter_text.is_empty() {
        second.push(Span::styled(
            format!("  {}", v.filter.describe()),
            theme.warning,
        ));
        if let Some(e) = v.filter.error() {
            second.push(Span::styled(format!(" ({e})"), theme.error));
        }
    }
    second.push(Span::styled(format!("  [{}]", v.rows.len()), theme.dim));
    // What is wrong with the shown clusters, each said once.
    for p in health::problems(s) {
        let style = match p.severity {
            Level::Info => theme.dim,
            Level::Warning => theme.warning,
            Level::Error => theme.error,
        };
        second.push(Span::styled(format!("  {}", p.text), style));
    }
    f.render_widget(
        Paragraph::new(vec![
            super::shown(Line::from(top)),
            super::shown(Line::from(second)),
        ]),
        area,
    );
}

/// The breadcrumbs joined, the oldest left out (`… > `) so that the rest
/// fits in `room` columns (the newest is always kept: where you are).
fn trail(crumbs: Vec<String>, room: usize) -> String {
    let mut keep = crumbs.len();
    let len = |from: usize| -> usize {
        crumbs[from..]
            .iter()
            .map(|c| c.chars().count() + 3)
            .sum::<usize>()
            + 2
    };
    while keep > 1 && len(crumbs.len() - keep) > room {
        keep -= 1;
    }
    let tail = crumbs[crumbs.len() - keep..].join(" > ");
    if keep < crumbs.len() {
        format!("… > {tail}")
    } else {
        tail
    }
}

#[cfg(test)]
mod trail_tests {
    #[test]
    fn the_oldest_crumbs_give_way() {
        let c: Vec<String> = [
            "pods",
            "cronjobs",
            "cj/backfill-orders > jobs",
            "job/backfill-orders-2 > pods",
        ]
        .map(String::from)
        .into();
        assert_eq!(super::trail(c.clone(), 200), c.join(" > "));
        assert_eq!(
            super::trail(c.clone(), 70),
            "… > cj/backfill-orders > jobs > job/backfill-orders-2 > pods"
        );
        assert_eq!(super::trail(c, 5), "… > job/backfill-orders-2 > pods");
    }
}
