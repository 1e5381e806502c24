//! Rendering: a pure function of the state. Only visible rows are built.

mod detail;
mod header;
mod help;
mod logs;
mod table;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::{Level, Mode, State};
use crate::config::keymap::{Context, KeyAction};
use crate::config::theme::Theme;

/// Draw the whole screen.
pub fn draw(f: &mut Frame, s: &mut State, theme: &Theme) {
    // The shown rows are recomputed here, once per frame, not per event.
    crate::app::update::refresh(s);
    let area = f.area();
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header::draw(f, head, s, theme);
    // The table body height (minus its header row) is the page size.
    s.page = body.height.saturating_sub(2) as usize;
    let logs_under_help = matches!(s.mode, Mode::Help { .. }) && s.back_mode.is_some();
    match &mut s.mode {
        Mode::Detail(d) => detail::draw(f, body, d, theme),
        Mode::Logs(v) => logs::draw(f, body, v, theme),
        _ if logs_under_help => {
            if let Some(Mode::Logs(v)) = &mut s.back_mode {
                logs::draw(f, body, v, theme);
            }
        }
        _ => table::draw(f, body, s, theme),
    }
    footer(f, foot, s, theme);
    match &s.mode {
        Mode::Help { scroll } => help::draw(f, body, s, *scroll, theme),
        Mode::Picker(p) => logs::draw_picker(f, body, p, theme),
        _ => {}
    }
    neutralise(f.buffer_mut());
}

/// The last line of defence: text from clusters (names, event messages,
/// describe output, logs) is drawn as cells; no cell may carry a control
/// character to the terminal, whatever a widget let through.
fn neutralise(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(char::is_control) {
            cell.set_symbol("\u{fffd}");
        }
    }
}

fn footer(f: &mut Frame, area: Rect, s: &State, theme: &Theme) {
    let line = match &s.mode {
        Mode::Command(input) => {
            let text = input.lines().first().cloned().unwrap_or_default();
            let col = input.cursor().1;
            input_line(":", &text, col, theme)
        }
        Mode::Filter(input) => {
            let text = input.lines().first().cloned().unwrap_or_default();
            let col = input.cursor().1;
            input_line("/", &text, col, theme)
        }
        Mode::Logs(v) if v.input.is_some() => {
            let (prompt, text, col) = logs::input_prompt(v).expect("checked");
            input_line(prompt, &text, col, theme)
        }
        Mode::Detail(d) if d.search_input.is_some() => {
            let input = d.search_input.as_ref().expect("checked");
            let text = input.lines().first().cloned().unwrap_or_default();
            input_line("/", &text, input.cursor().1, theme)
        }
        _ => match &s.message {
            Some((level, msg)) => {
                let style = match level {
                    Level::Info => theme.text,
                    Level::Warning => theme.warning,
                    Level::Error => theme.error,
                };
                Line::from(Span::styled(msg.clone(), style))
            }
            None => hints(s, theme),
        },
    };
    f.render_widget(Paragraph::new(line), area);
}

fn input_line(prompt: &str, text: &str, cursor: usize, theme: &Theme) -> Line<'static> {
    let (before, after): (String, String) = {
        let chars: Vec<char> = text.chars().collect();
        let at = cursor.min(chars.len());
        (chars[..at].iter().collect(), chars[at..].iter().collect())
    };
    let mut after_chars = after.chars();
    let under = after_chars
        .next()
        .map(String::from)
        .unwrap_or_else(|| " ".into());
    Line::from(vec![
        Span::styled(prompt.to_string(), theme.key),
        Span::raw(before),
        Span::styled(under, theme.selected),
        Span::raw(after_chars.collect::<String>()),
    ])
}

fn hints(s: &State, theme: &Theme) -> Line<'static> {
    let ctx = match s.mode {
        Mode::Detail(_) => Context::Detail,
        Mode::Logs(_) => Context::Logs,
        _ => Context::Table,
    };
    let items: &[(KeyAction, &str)] = match s.mode {
        Mode::Logs(_) => &[
            (KeyAction::Back, "back"),
            (KeyAction::Filter, "search"),
            (KeyAction::LineFilter, "filter"),
            (KeyAction::Bottom, "follow"),
            (KeyAction::Previous, "previous"),
            (KeyAction::Timestamps, "time"),
            (KeyAction::Wrap, "wrap"),
            (KeyAction::Copy, "copy"),
            (KeyAction::Save, "save"),
            (KeyAction::Help, "help"),
        ],
        Mode::Picker(_) => &[(KeyAction::Enter, "choose"), (KeyAction::Back, "cancel")],
        Mode::Detail(_) => &[
            (KeyAction::Back, "back"),
            (KeyAction::Filter, "search"),
            (KeyAction::SearchNext, "next"),
            (KeyAction::Yaml, "yaml"),
            (KeyAction::Describe, "describe"),
            (KeyAction::ToggleManagedFields, "managedFields"),
            (KeyAction::Help, "help"),
        ],
        _ => &[
            (KeyAction::Help, "help"),
            (KeyAction::Command, "command"),
            (KeyAction::Filter, "filter"),
            (KeyAction::Enter, "drill"),
            (KeyAction::Logs, "logs"),
            (KeyAction::Shell, "shell"),
            (KeyAction::Describe, "describe"),
            (KeyAction::Yaml, "yaml"),
            (KeyAction::Back, "back"),
            (KeyAction::Quit, "quit"),
        ],
    };
    let mut spans = Vec::new();
    for (a, label) in items {
        if let Some(k) = s.keymap.key_for(ctx, *a) {
            spans.push(Span::styled(format!("<{k}>"), theme.key));
            spans.push(Span::styled(format!(" {label}  "), theme.dim));
        }
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests;
