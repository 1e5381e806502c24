//! Running a shell from the console: the TUI is suspended (alternate
//! screen left, key reading stopped), the terminal is relayed raw to the
//! remote TTY with its real size and resizes, and afterwards the TUI comes
//! back exactly as it was. What happened is returned as a message.

use std::io::Write;
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::EventStream;
use kube::Client;
use tokio::sync::mpsc;

use super::terminal::{MODES_OFF, Tui};
use crate::app::state::Level;
use crate::kube::exec::{self, Ended, Input, OpenError, ShellTarget};
use crate::kube::gate::Gate;

/// Reads the terminal's bytes on a thread until told to stop; polls with a
/// timeout so it never holds on to a keystroke meant for the TUI.
struct StdinPump {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StdinPump {
    fn start(tx: mpsc::Sender<Input>) -> StdinPump {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let fd = std::io::stdin().as_raw_fd();
            let mut buf = [0u8; 4096];
            while !flag.load(Ordering::SeqCst) {
                let mut pfd = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd, for the call's duration.
                let r = unsafe { libc::poll(&mut pfd, 1, 50) };
                if r <= 0 || pfd.revents & libc::POLLIN == 0 {
                    if pfd.revents & (libc::POLLHUP | libc::POLLERR) != 0 {
                        break;
                    }
                    continue;
                }
                // SAFETY: reading into a buffer we own, within its length.
                let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
                if n <= 0 {
                    break;
                }
                if tx
                    .blocking_send(Input::Bytes(buf[..n as usize].to_vec()))
                    .is_err()
                {
                    break;
                }
            }
        });
        StdinPump {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for StdinPump {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Open a shell and run it in the user's terminal; returns what to tell the
/// user afterwards.
pub async fn run(
    term: &mut Tui,
    keys: &mut EventStream,
    gate: &Gate,
    client: Option<Client>,
    target: &ShellTarget,
    shells: &[String],
) -> (Level, String) {
    let Some(client) = client else {
        // Still the gate's decision first: read-only never gets here.
        if let Err(r) = gate.check(&target.cluster, "exec") {
            return (Level::Warning, r.0);
        }
        return (
            Level::Error,
            format!("no connection to {}: cannot open a shell", target.cluster),
        );
    };
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let opened = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        exec::open(gate, client, target, shells, size),
    )
    .await
    .unwrap_or_else(|_| {
        Err(OpenError::Failed(
            "no answer from the cluster in 20 s".into(),
        ))
    });
    let session = match opened {
        Ok(s) => s,
        Err(OpenError::Refused(m)) => return (Level::Warning, m),
        Err(OpenError::NoShell(m)) => return (Level::Error, m),
        Err(OpenError::Failed(m)) => {
            return (
                Level::Error,
                format!("cannot open a shell in {}: {m}", target.describe()),
            );
        }
    };
    // Suspend: stop reading keys, leave the alternate screen (raw mode stays:
    // every key goes to the remote shell).
    drop(std::mem::replace(keys, EventStream::new()));
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(
        out,
        crossterm::terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = write!(
        out,
        "\r\n[kdeck] {} in {}: type exit or ctrl-d to come back\r\n",
        session.shell,
        target.describe()
    );
    let _ = out.flush();
    let (tx, rx) = mpsc::channel::<Input>(64);
    let pump = StdinPump::start(tx.clone());
    let winch = tokio::spawn(async move {
        let Ok(mut sig) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::window_change())
        else {
            return;
        };
        while sig.recv().await.is_some() {
            if let Ok((cols, rows)) = crossterm::terminal::size()
                && tx.send(Input::Resize { cols, rows }).await.is_err()
            {
                return;
            }
        }
    });
    let shell = session.shell.clone();
    let ended = session.relay(rx, &mut out).await;
    winch.abort();
    drop(pump);
    // Restore the TUI as it was, undoing modes the remote program may have
    // left on (mouse reporting, bracketed paste, keypad and cursor-key
    // modes, kitty keyboard flags, a scroll region, a line-drawing charset,
    // colours).
    let _ = out.write_all(MODES_OFF);
    let _ = crossterm::terminal::enable_raw_mode();
    let _ = crossterm::execute!(
        out,
        crossterm::terminal::EnterAlternateScreen,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
        crossterm::cursor::Hide
    );
    // The screen is blank now: make ratatui's last frame blank too, so the
    // next draw repaints everything. (`Terminal::clear` would ask the
    // terminal for the cursor position, which can time out here.)
    let _ = term.draw(|_| {});
    let what = format!("{shell} in {}", target.describe());
    match ended {
        Ended::Exited(0) => (Level::Info, format!("{what} ended (exit code 0)")),
        Ended::Exited(c) => (Level::Warning, format!("{what} ended with exit code {c}")),
        Ended::Failed(m) => (Level::Error, format!("{what} failed: {m}")),
        Ended::Lost(m) => (Level::Error, format!("{what}: connection lost ({m})")),
    }
}
