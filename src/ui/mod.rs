//! Rendering: a pure function of the state. Only visible rows are built.

mod detail;
mod header;
mod help;
mod logs;
mod ops;
mod panel;
mod panel_pod;
mod table;
mod tree;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::access;
use crate::app::metrics::panels::Panel;
use crate::app::state::{Level, Overlay, Screen, State};
use crate::app::text;
use crate::app::update::table_context;
use crate::config::keymap::{Context, Intent};
use crate::config::theme::Theme;

/// Draw the whole screen from the state (a pure read; what is derived,
/// like the rows in order and scroll positions, `app::derive` computed).
pub fn draw(f: &mut Frame, s: &State, theme: &Theme) {
    let area = f.area();
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header::draw(f, head, s, theme);
    match &s.screen {
        Screen::Table => table::draw(f, body, s, theme),
        Screen::Detail(d) => detail::draw(f, body, d, theme),
        Screen::Logs(v) => logs::draw(f, body, v, theme),
        Screen::History(h) => ops::draw_history(f, body, h, theme),
        Screen::Drain(d) => ops::draw_drain(f, body, d, theme),
        Screen::Tree(t) => tree::draw(f, body, s, t, theme),
    }
    footer(f, foot, s, theme);
    for overlay in &s.overlays {
        match overlay {
            Overlay::Help { scroll } => help::draw(f, body, s, *scroll, theme),
            Overlay::Picker(p) => logs::draw_picker(f, body, p, theme),
            Overlay::Form(form) => ops::draw_form(f, body, form, theme),
            Overlay::Confirm(c) => ops::draw_confirm(f, body, s, c, theme),
            Overlay::Busy(b) => ops::draw_busy(f, body, b, theme),
            Overlay::Panel(p) => match &**p {
                Panel::Node(p) => panel::draw(f, body, s, p, theme),
                Panel::Pod(p) => panel_pod::draw_pod(f, body, s, p, theme),
                Panel::Workload(p) => panel_pod::draw_workload(f, body, s, p, theme),
            },
            Overlay::Command(_) | Overlay::Filter(_) => {}
        }
    }
    neutralise(f.buffer_mut());
}

/// A line whose text may come from a cluster or a file: every span shown
/// as text (controls as pictures, bidi and invisible characters escaped).
pub(crate) fn shown(line: Line<'static>) -> Line<'static> {
    let spans = line
        .spans
        .into_iter()
        .map(|sp| match text::visible(&sp.content) {
            std::borrow::Cow::Borrowed(_) => sp,
            std::borrow::Cow::Owned(t) => Span::styled(t, sp.style),
        })
        .collect::<Vec<_>>();
    Line::from(spans).style(line.style)
}

/// The last line of defence: text from clusters (names, event messages,
/// describe output, logs) is drawn as cells; no cell may carry a control
/// character to the terminal, whatever a widget let through.
fn neutralise(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(text::is_hidden) {
            cell.set_symbol("\u{fffd}");
        }
    }
}

fn footer(f: &mut Frame, area: Rect, s: &State, theme: &Theme) {
    let input = |prompt: &'static str, t: &ratatui_textarea::TextArea| {
        let text = t.lines().first().cloned().unwrap_or_default();
        input_line(prompt, &text, t.cursor().1, theme)
    };
    let line = match (s.overlays.last(), &s.screen) {
        (Some(Overlay::Command(t)), _) => input(":", t),
        (Some(Overlay::Filter(t)), _) => input("/", t),
        (None, Screen::Logs(v)) if v.input.is_some() => match logs::input_prompt(v) {
            Some((prompt, text, col)) => input_line(prompt, &text, col, theme),
            None => Line::default(),
        },
        (None, Screen::Detail(d)) if d.search_input.is_some() => match &d.search_input {
            Some(t) => input("/", t),
            None => Line::default(),
        },
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
    f.render_widget(Paragraph::new(shown(line)), area);
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

/// The actions a table view offers in the footer.
fn actions(ctx: Context) -> &'static [(Intent, &'static str)] {
    match ctx {
        Context::Pods => &[(Intent::Shell, "shell"), (Intent::Delete, "delete")],
        Context::Workloads => &[
            (Intent::Scale, "scale"),
            (Intent::Restart, "restart"),
            (Intent::History, "history"),
            (Intent::Rollback, "rollback"),
            (Intent::Delete, "delete"),
        ],
        Context::Nodes => &[
            (Intent::Cordon, "cordon"),
            (Intent::Uncordon, "uncordon"),
            (Intent::Drain, "drain"),
        ],
        _ => &[],
    }
}

fn hints(s: &State, theme: &Theme) -> Line<'static> {
    let on_table = matches!(
        (s.overlays.last(), &s.screen),
        (None | Some(Overlay::Help { .. }), Screen::Table)
    );
    let ctx = match (s.overlays.last(), &s.screen) {
        (None, Screen::Detail(_)) => Context::Detail,
        (None, Screen::Logs(_)) => Context::Logs,
        (None, Screen::Tree(_)) => Context::Tree,
        _ if on_table => table_context(s.view.scope.kind),
        _ => Context::Table,
    };
    let items: &[(Intent, &str)] = match (s.overlays.last(), &s.screen) {
        (Some(Overlay::Picker(_)), _) => &[(Intent::Enter, "choose"), (Intent::Back, "cancel")],
        (None, Screen::Logs(_)) => &[
            (Intent::Back, "back"),
            (Intent::Filter, "search"),
            (Intent::LineFilter, "filter"),
            (Intent::Bottom, "follow"),
            (Intent::Previous, "previous"),
            (Intent::Timestamps, "time"),
            (Intent::Wrap, "wrap"),
            (Intent::Copy, "copy"),
            (Intent::Save, "save"),
            (Intent::Help, "help"),
        ],
        (None, Screen::Tree(_)) => &[
            (Intent::Back, "back"),
            (Intent::Enter, "describe"),
            (Intent::Yaml, "yaml"),
            (Intent::Help, "help"),
        ],
        (None, Screen::Detail(_)) => &[
            (Intent::Back, "back"),
            (Intent::Filter, "search"),
            (Intent::SearchNext, "next"),
            (Intent::Yaml, "yaml"),
            (Intent::Describe, "describe"),
            (Intent::ToggleManagedFields, "managedFields"),
            (Intent::Reveal, "reveal"),
            (Intent::Help, "help"),
        ],
        _ => &[
            (Intent::Help, "help"),
            (Intent::Command, "command"),
            (Intent::Filter, "filter"),
            (Intent::Enter, "drill"),
            (Intent::Logs, "logs"),
            (Intent::Tree, "tree"),
            (Intent::Describe, "describe"),
            (Intent::Yaml, "yaml"),
            (Intent::Back, "back"),
            (Intent::Quit, "quit"),
        ],
    };
    let mut spans = Vec::new();
    let hint = |spans: &mut Vec<Span<'static>>, a: Intent, label: &str, greyed: bool| {
        if let Some(k) = s.keymap.key_for(ctx, a) {
            if greyed {
                let off = theme.dim.add_modifier(Modifier::CROSSED_OUT);
                spans.push(Span::styled(format!("<{k}>"), theme.dim));
                spans.push(Span::styled(format!(" {label}"), off));
                spans.push(Span::styled("  ", theme.dim));
            } else {
                spans.push(Span::styled(format!("<{k}>"), theme.key));
                spans.push(Span::styled(format!(" {label}  "), theme.dim));
            }
        }
    };
    // Help, then the view's actions (greyed when the user may not, with
    // why), then the rest.
    let acts = if on_table { actions(ctx) } else { &[] };
    if on_table {
        hint(&mut spans, Intent::Help, "help", false);
    }
    for (a, label) in acts {
        let greyed = access::refusal(s, *a).is_some_and(|r| r.greyed());
        hint(&mut spans, *a, label, greyed);
    }
    let intents: Vec<Intent> = acts.iter().map(|(a, _)| *a).collect();
    if let Some(why) = access::summary(s, &intents) {
        spans.push(Span::styled(format!("({why})  "), theme.warning));
    }
    let secret = matches!(&s.screen, Screen::Detail(d)
        if d.target.1.generic().is_some_and(|r| r.is_secret()));
    for (a, label) in items {
        if *a == Intent::Reveal && !secret {
            continue;
        }
        // Logs are a pod's or a workload's.
        if *a == Intent::Logs && !matches!(ctx, Context::Pods | Context::Workloads) {
            continue;
        }
        if !(on_table && *a == Intent::Help) {
            hint(&mut spans, *a, label, false);
        }
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_access;
#[cfg(test)]
mod tests_alerts;
#[cfg(test)]
mod tests_fleet;
#[cfg(test)]
mod tests_generic;
#[cfg(test)]
mod tests_metrics;
#[cfg(test)]
mod tests_panel;
#[cfg(test)]
mod tests_panel_pod;
#[cfg(test)]
mod tests_pulse;
