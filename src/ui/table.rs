//! The table of the current view: only the visible rows are built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TCell, Row as TRow, Table};

use crate::app::cap::MAX_EVENTS;
use crate::app::columns::Tone;
use crate::app::derive::{displayed_cells, displayed_columns, events_dropped, fleet, sort_index};
use crate::app::health::{self, Mark};
use crate::app::layout::{self, Fit};
use crate::app::state::State;
use crate::config::theme::Theme;

pub fn tone_style(t: Tone, theme: &Theme) -> Style {
    match t {
        Tone::Normal => theme.text,
        Tone::Ok => theme.ok,
        Tone::Warning => theme.warning,
        Tone::Error => theme.error,
        Tone::Dim => theme.dim,
    }
}

pub fn draw(f: &mut Frame, area: Rect, s: &State, theme: &Theme) {
    let cols = displayed_columns(s);
    // Which columns show and how wide: app::layout, from the rows in view.
    let shown: Vec<(usize, u16, Fit)> = s
        .view
        .layout
        .shown
        .iter()
        .filter_map(|&(i, w)| cols.get(i).map(|c| (i, w, c.fit)))
        .collect();
    let body = area.height.saturating_sub(3) as usize;
    // The offset keeps the cursor in view (app::derive).
    let (offset, cursor) = (s.view.offset, s.view.cursor);
    let sort = (sort_index(s), s.view.sort.1);
    let visible: Vec<_> = s
        .view
        .rows
        .iter()
        .skip(offset)
        .take(body)
        .cloned()
        .collect();
    let header = TRow::new(shown.iter().map(|&(i, w, fit)| {
        let mark = if i == sort.0 {
            if sort.1 { "↓" } else { "↑" }
        } else {
            ""
        };
        let title = format!("{}{mark}", cols[i].title);
        TCell::from(Span::styled(
            layout::cut(&title, w, fit).into_owned(),
            theme.table_header,
        ))
    }));
    let rows: Vec<TRow> = visible
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let cells = displayed_cells(s, r);
            let selected = offset + i == cursor;
            let row_tone = s
                .row(r)
                .map(crate::app::columns::row_tone)
                .unwrap_or(Tone::Normal);
            let base = if selected {
                theme.selected
            } else {
                tone_style(row_tone, theme)
            };
            // Rows marked for an action stand out.
            let base = if marked(s, r) {
                base.add_modifier(ratatui::style::Modifier::REVERSED)
            } else {
                base
            };
            TRow::new(shown.iter().filter_map(|&(i, w, fit)| {
                let c = cells.get(i)?;
                let style = if selected || c.tone == Tone::Normal {
                    base
                } else {
                    tone_style(c.tone, theme)
                };
                let text = layout::cut(&c.text, w, fit).into_owned();
                Some(TCell::from(Line::from(Span::styled(text, style))))
            }))
            .style(base)
        })
        .collect();
    let mut title = if s.view.rows.is_empty() {
        empty_reason(s)
    } else {
        format!(
            " {} {}/{} ",
            s.view.scope.kind.name(),
            cursor + 1,
            s.view.rows.len()
        )
    };
    let pulse = s.view.scope.kind == crate::app::view::View::Pulse;
    if pulse || s.view.scope.kind == crate::app::view::View::Clusters && s.clusters.len() > 1 {
        let f = fleet(s);
        title.push_str(&format!(
            "· {} nodes, {} pods ({} unhealthy) ",
            grouped(f.nodes),
            grouped(f.pods),
            grouped(f.unhealthy)
        ));
        if pulse {
            title.push_str(
                "· from nodes, pods, resourcequotas, Warning events, node metrics (watched) ",
            );
        }
        if f.shared > 0 {
            title.push_str(&format!(
                "· {} context(s) share an API server with another: counted once ",
                f.shared
            ));
        }
    }
    if s.view.scope.kind == crate::app::view::View::Alerts {
        let kinds: Vec<&str> = crate::app::alerts::KINDS.iter().map(|k| k.name()).collect();
        title.push_str(&format!("· from {} (watched) ", kinds.join(", ")));
    }
    let dropped = events_dropped(s);
    if dropped > 0 {
        title.push_str(&format!(
            "· {} older events not kept (the newest {} of each cluster are) ",
            grouped(dropped),
            grouped(MAX_EVENTS)
        ));
    }
    let widths = shown.iter().map(|&(_, w, _)| Constraint::Length(w));
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .block(
            Block::default()
                .borders(Borders::TOP)
                .border_style(theme.border)
                .title(Span::styled(title, theme.dim)),
        );
    f.render_widget(table, area);
}

/// Whether the row is marked (space) for an action.
fn marked(s: &State, r: &crate::app::state::RowRef) -> bool {
    if s.marks.is_empty() {
        return false;
    }
    let (Some(kind), Some(row)) = (s.view.scope.kind.kind(), s.row(r)) else {
        return false;
    };
    let m = row.meta();
    s.marks.iter().any(|t| {
        t.cluster == r.cluster && t.kind == kind && t.namespace == m.namespace && t.name == m.name
    })
}

/// `170596` as `170,596`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The table's title when it has no rows: loading while a list is under
/// way; otherwise why there is nothing (a cluster that cannot be reached or
/// authenticated to will not load).
fn empty_reason(s: &State) -> String {
    let view = s.view.scope.kind;
    let Some(kind) = view.kind() else {
        return format!(" no {} ", view.name());
    };
    let pending: Vec<usize> = s
        .view_clusters()
        .into_iter()
        .filter(|c| !s.caches.get(&(*c, kind)).is_some_and(|x| x.synced))
        // Not served there: nothing to wait for (the header says so).
        .filter(|c| s.catalog.serves(*c, kind) != Some(false))
        .collect();
    if pending.is_empty() {
        return format!(" no {} ", kind.name());
    }
    let down: Vec<String> = pending
        .iter()
        .filter_map(|c| {
            let info = s.clusters.get(*c)?;
            let h = health::of(info);
            (h.mark == Mark::Down).then(|| format!("{} {}", info.name, h.label.unwrap_or_default()))
        })
        .collect();
    if down.len() == pending.len() {
        format!(" no {}: {} ", kind.name(), down.join(", "))
    } else {
        format!(" loading {}… ", kind.name())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn big_numbers_are_grouped_by_thousands() {
        assert_eq!(super::grouped(7), "7");
        assert_eq!(super::grouped(999), "999");
        assert_eq!(super::grouped(1000), "1,000");
        assert_eq!(super::grouped(170596), "170,596");
        assert_eq!(super::grouped(1234567), "1,234,567");
    }
}
