//! The help overlay, generated from the active keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::state::{Screen, State};
use crate::app::update::table_context;
use crate::app::view::View;
use crate::config::keymap::Context;
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
        Screen::Table | Screen::Drain(_) => {}
    }
    let mut out = Vec::new();
    for (title, ctx) in sections {
        out.push(Line::from(Span::styled(title, theme.title)));
        for (keys, desc) in s.keymap.help(ctx) {
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<18}"), theme.key),
                Span::raw(desc.to_string()),
            ]));
        }
        out.push(Line::from(""));
    }
    out.push(Line::from(Span::styled("Commands", theme.title)));
    for v in View::all() {
        out.push(Line::from(vec![
            Span::styled(format!("  :{:<16}", v.name()), theme.key),
            Span::raw(format!("aliases: {}", v.aliases().join(" "))),
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

pub fn draw(f: &mut Frame, area: Rect, s: &State, scroll: usize, theme: &Theme) {
    let w = area.width.min(90);
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
