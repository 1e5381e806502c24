//! The terminal: raw mode and the alternate screen on entry, restored on
//! every exit path: a normal quit, an error, a panic (the message is
//! printed after the restore and logged) and the signals that end a
//! process (see `signals.rs`).

use std::io::{Stdout, Write};

use crossterm::cursor::Show;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::prelude::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Modes a full-screen program (kdeck, or a remote one in a shell) can
/// leave on, switched off: mouse reporting, bracketed paste, application
/// cursor keys and keypad, kitty keyboard flags, a scroll region, a
/// line-drawing charset, colours.
pub const MODES_OFF: &[u8] = b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l\x1b[?1l\x1b>\x1b[<u\x1b[r\x1b(B\x1b[0m";

/// Enter raw mode and the alternate screen; a panic from here on restores
/// the terminal first, then reports.
pub fn enter() -> std::io::Result<Tui> {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        tracing::error!("panic: {info}");
        default_hook(info);
    }));
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(std::io::stdout(), EnterAlternateScreen)?;
    Terminal::new(CrosstermBackend::new(std::io::stdout()))
}

/// Give the terminal back as it was: modes off, raw mode off, the main
/// screen and the cursor back (the last bytes written). Idempotent, and
/// safe to call from any thread.
pub fn leave() {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(MODES_OFF);
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(out, LeaveAlternateScreen, Show);
    let _ = out.flush();
}
