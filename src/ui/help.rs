//! The help overlay, generated from the active keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::access;
use crate::app::state::{Screen, State};
use crate::app::update::table_context;
use crate::app::view::View;
use crate::config::keymap::{Context, Intent};
use crate::config::theme::Theme;

pub fn lines(s: &State, theme: &Theme) -> Vec<Line<'static>> {
    // The table's keys are those of the view shown (a pod's shell, a
    // deployment's scale, a node's drain: each only where it applies).
    let table = table_context(s.view.scope.kind);
    let table_title = match table {
        Context::Pods => "Keys (pods)",
        Context::Workloads => "Keys (deployments, statefulsets, daemonsets, replicasets)",
        Context::Nodes => "Keys (nodes)",
        _ => "Keys (table)",
    };
    let mut sections = vec![
        (table_title, table),
        ("Keys (describe / YAML)", Context::Detail),
        ("Keys (logs)", Context::Logs),
    ];
    // Help asked from another screen starts with its keys.
    match s.screen {
        Screen::Logs(_) => sections.rotate_right(1),
        Screen::Detail(_) => sections.swap(0, 1),
        Screen::History(_) => sections.insert(0, ("Keys (history)", Context::History)),
        Screen::Tree(_) => sections.insert(0, ("Keys (ownership tree)", Context::Tree)),
        Screen::Table | Screen::Drain(_) => {}
    }
    let mut out = Vec::new();
    for (title, ctx) in sections {
        out.push(Line::from(Span::styled(title, theme.title)));
        for (intent, keys, desc) in s.keymap.help_actions(ctx) {
            out.extend(key_lines(s, intent, &keys, desc, theme));
        }
        out.push(Line::from(""));
    }
    out.push(Line::from(Span::styled("Commands", theme.title)));
    for v in View::all() {
        out.push(Line::from(vec![
            Span::styled(format!("  :{:<16}", v.name()), theme.key),
            Span::raw(match v.about() {
                Some(about) => format!("{about} (aliases: {})", v.aliases().join(" ")),
                None => format!("aliases: {}", v.aliases().join(" ")),
            }),
        ]));
    }
    for (c, d) in [
        (
            "  :po @prod-eu",
            "only one cluster (@all: every open cluster)",
        ),
        ("  :po -n shop", "namespace (-A: all namespaces)"),
        ("  :po app=web", "label selector"),
        ("  :q", "quit"),
    ] {
        out.push(Line::from(vec![
            Span::styled(format!("{c:<18}"), theme.key),
            Span::raw(d),
        ]));
    }
    out
}

/// One key's line: greyed, with the reason below, when the user may not
/// do it (an access review said so) on what it would apply to.
fn key_lines(
    s: &State,
    intent: Intent,
    keys: &str,
    desc: &str,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let refusal = access::ACTIONS
        .contains(&intent)
        .then(|| access::refusal(s, intent))
        .flatten();
    let (key_style, desc_style) = match &refusal {
        Some(r) if r.greyed() => (theme.dim, theme.dim),
        _ => (theme.key, Style::default()),
    };
    let mut out = vec![Line::from(vec![
        Span::styled(format!("  {keys:<18}"), key_style),
        Span::styled(desc.to_string(), desc_style),
    ])];
    let pad = || Span::raw(format!("  {:<18}", ""));
    if let Some(r) = refusal {
        for part in wrap(&r.text(), WIDTH as usize - 22) {
            out.push(Line::from(vec![pad(), Span::styled(part, theme.warning)]));
        }
    } else if access::ACTIONS.contains(&intent) && access::checking(s, intent) {
        out.push(Line::from(vec![
            pad(),
            Span::styled(
                "(checking permission; allowed until the server says no)",
                theme.dim,
            ),
        ]));
    }
    out
}

/// `text` in lines of at most `width` characters, cut between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    out
}

/// The help box's widest.
const WIDTH: u16 = 120;

pub fn draw(f: &mut Frame, area: Rect, s: &State, scroll: usize, theme: &Theme) {
    let w = area.width.min(WIDTH);
    let h = area.height;
    let rect = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y,
        width: w,
        height: h,
    };
    f.render_widget(Clear, rect);
    let p = Paragraph::new(lines(s, theme))
        .scroll((scroll.min(u16::MAX as usize) as u16, 0))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(Span::styled(" help (esc to close) ", theme.title)),
        );
    f.render_widget(p, rect);
}

#[cfg(test)]
mod tests {
    #[test]
    fn reasons_wrap_between_words() {
        assert_eq!(
            super::wrap("not allowed: u may not patch nodes", 16),
            ["not allowed: u", "may not patch", "nodes"]
        );
        assert_eq!(super::wrap("short", 16), ["short"]);
    }
}
