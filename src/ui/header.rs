//! The two header lines: every open cluster with its status (production
//! names in the warning colour, always visible), read-only mode; then where
//! we are (breadcrumbs, scope, filter, row count, watch problems).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::command::NamespaceScope;
use crate::app::derive::breadcrumbs;
use crate::app::state::State;
use crate::config::theme::Theme;
use crate::kube::{ClusterStatus, WatchState};

pub fn draw(f: &mut Frame, area: Rect, s: &State, theme: &Theme) {
    let mut top = vec![Span::styled(" kdeck ", theme.title)];
    if s.readonly {
        top.push(Span::styled("[READ-ONLY] ", theme.readonly));
    }
    for c in &s.clusters {
        let (dot, style) = match &c.status {
            ClusterStatus::Connected { .. } => ("●", theme.ok),
            ClusterStatus::Connecting => ("○", theme.dim),
            ClusterStatus::Reconnecting { .. } => ("◐", theme.warning),
            _ => ("✖", theme.error),
        };
        top.push(Span::styled(format!("{dot} "), style));
        let name_style = if c.production {
            theme.production
        } else {
            theme.header
        };
        top.push(Span::styled(c.name.clone(), name_style));
        if !c.status.is_ok() {
            top.push(Span::styled(format!(" {}", c.status.label()), style));
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
    // Watch problems of the shown clusters.
    for c in s.view_clusters() {
        let info = &s.clusters[c];
        let Some(kind) = v.scope.kind.kind() else {
            continue;
        };
        match info.watches.get(&kind) {
            Some(WatchState::Listing) => second.push(Span::styled(
                format!("  {}: listing…", info.name),
                theme.dim,
            )),
            Some(WatchState::Retrying(cause)) => second.push(Span::styled(
                format!("  {}: {cause}", info.name),
                theme.warning,
            )),
            Some(WatchState::Forbidden(m)) => {
                second.push(Span::styled(format!("  {}: {m}", info.name), theme.error))
            }
            Some(WatchState::Partial(m)) => {
                second.push(Span::styled(format!("  {}: {m}", info.name), theme.warning))
            }
            _ => {}
        }
        if let Some(cause) = info.status.cause() {
            second.push(Span::styled(
                format!("  {} {}: {cause}", info.name, info.status.label()),
                theme.error,
            ));
        }
    }
    f.render_widget(
        Paragraph::new(vec![
            super::shown(Line::from(top)),
            super::shown(Line::from(second)),
        ]),
        area,
    );
}
