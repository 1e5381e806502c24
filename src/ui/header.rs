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

pub fn draw(f: &mut Frame, area: Rect, s: &State, theme: &Theme) {
    let mut top = vec![Span::styled(" kdeck ", theme.title)];
    if s.readonly {
        top.push(Span::styled("[READ-ONLY] ", theme.readonly));
    }
    for c in &s.clusters {
        let h = health::of(c);
        let style = match h.mark {
            Mark::Ok => theme.ok,
            Mark::Connecting => theme.dim,
            Mark::Degraded => theme.warning,
            Mark::Down => theme.error,
        };
        top.push(Span::styled(format!("{} ", h.mark.symbol()), style));
        let name_style = if c.production {
            theme.production
        } else {
            theme.header
        };
        top.push(Span::styled(c.name.clone(), name_style));
        if c.readonly && !s.readonly {
            top.push(Span::styled(" [ro]", theme.readonly));
        }
        if let Some(label) = h.label {
            top.push(Span::styled(format!(" {label}"), style));
        }
        top.push(Span::raw("  "));
    }
    let v = &s.view;
    let mut second = vec![Span::styled(
        format!(" {} ", breadcrumbs(s).join(" > ")),
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
