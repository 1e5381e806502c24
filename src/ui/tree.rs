//! The ownership tree (`app::tree`): a line per object with its branch,
//! a health mark (● fine, ◐ needs a look, ✖ failing, ? not known) that
//! reads without colour, and what it says of itself.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::state::State;
use crate::app::tree::{self, TreeScreen};
use crate::config::theme::Theme;
use crate::kube::workload_refs::Health;

pub fn draw(f: &mut Frame, area: Rect, s: &State, t: &TreeScreen, theme: &Theme) {
    let lines = &t.lines;
    let height = usize::from(area.height.saturating_sub(1)).max(1);
    let cursor = t.cursor.min(lines.len().saturating_sub(1));
    let top = (cursor + 1).saturating_sub(height);
    let shown: Vec<Line<'static>> = lines
        .iter()
        .cloned()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, l)| {
            let (mark, style) = match l.health {
                Health::Ok => ("●", theme.ok),
                Health::Warn => ("◐", theme.warning),
                Health::Bad => ("✖", theme.error),
                Health::Unknown => ("?", theme.dim),
            };
            let name_style = if i == cursor {
                theme.selected
            } else {
                theme.text
            };
            super::shown(Line::from(vec![
                Span::styled(l.prefix, theme.dim),
                Span::styled(format!("{mark} "), style),
                Span::styled(l.text, name_style),
                Span::raw("  "),
                Span::styled(
                    l.status,
                    if l.health == Health::Ok {
                        theme.dim
                    } else {
                        style
                    },
                ),
            ]))
        })
        .collect();
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(
            format!(" {} ", tree::title(t, s.now)),
            theme.title,
        ));
    f.render_widget(Paragraph::new(shown).block(block), area);
}
