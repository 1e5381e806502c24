//! The terminal: raw mode and the alternate screen on entry, restored on
//! every exit path, panics included (the panic message is printed after the
//! restore and logged).

use std::io::Stdout;

use ratatui::Terminal;
use ratatui::prelude::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Enter raw mode and the alternate screen; a panic from here on restores
/// the terminal first, then reports.
pub fn enter() -> std::io::Result<Tui> {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!("panic: {info}");
        default_hook(info);
    }));
    // ratatui installs a hook that restores the terminal, then calls ours.
    ratatui::try_init()
}

/// Leave the alternate screen and raw mode (idempotent).
pub fn leave() {
    ratatui::restore();
}
