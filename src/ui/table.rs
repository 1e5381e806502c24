//! The table of the current view: only the visible rows are built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TCell, Row as TRow, Table};

use crate::app::columns::Tone;
use crate::app::derive::{displayed_cells, displayed_columns, sort_index};
use crate::app::health::{self, Mark};
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

/// Widths for the columns: fixed ones as given (shrunk to fit), the
/// flexible one (0) takes what is left.
fn widths(cols: &[crate::app::columns::Column], total: u16) -> Vec<Constraint> {
    let fixed: u16 = cols
        .iter()
        .map(|c| if c.width == 0 { 0 } else { c.width + 1 })
        .sum();
    cols.iter()
        .map(|c| {
            if c.width == 0 {
                Constraint::Min(total.saturating_sub(fixed).max(8))
            } else {
                Constraint::Length(c.width)
            }
        })
        .collect()
}

/// How many leading columns fit in `total` cells: names stay whole and the
/// trailing columns go first on a narrow terminal.
fn fitting(cols: &[crate::app::columns::Column], total: u16) -> usize {
    let mut used = 0u16;
    for (i, c) in cols.iter().enumerate() {
        let w = if c.width == 0 { 8 } else { c.width };
        if i > 0 && used + w > total {
            return i;
        }
        used = used.saturating_add(w + 1);
    }
    cols.len()
}

pub fn draw(f: &mut Frame, area: Rect, s: &State, theme: &Theme) {
    let mut cols = displayed_columns(s);
    let fit = fitting(&cols, area.width);
    cols.truncate(fit);
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
    let header = TRow::new(cols.iter().enumerate().map(|(i, c)| {
        let mark = if i == sort.0 {
            if sort.1 { "↓" } else { "↑" }
        } else {
            ""
        };
        TCell::from(Span::styled(
            format!("{}{mark}", c.title),
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
            TRow::new(cells.into_iter().take(fit).map(|c| {
                let style = if selected || c.tone == Tone::Normal {
                    base
                } else {
                    tone_style(c.tone, theme)
                };
                TCell::from(Line::from(Span::styled(c.text, style)))
            }))
            .style(base)
        })
        .collect();
    let title = if s.view.rows.is_empty() {
        empty_reason(s)
    } else {
        format!(
            " {} {}/{} ",
            s.view.scope.kind.name(),
            cursor + 1,
            s.view.rows.len()
        )
    };
    let table = Table::new(rows, widths(&cols, area.width))
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

/// The table's title when it has no rows: loading while a list is under
/// way; otherwise why there is nothing (a cluster that cannot be reached or
/// authenticated to will not load).
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

fn empty_reason(s: &State) -> String {
    let view = s.view.scope.kind;
    let Some(kind) = view.kind() else {
        return format!(" no {} ", view.name());
    };
    let pending: Vec<usize> = s
        .view_clusters()
        .into_iter()
        .filter(|c| !s.caches.get(&(*c, kind)).is_some_and(|x| x.synced))
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
