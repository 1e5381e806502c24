//! The event loop: one task owns the state. It selects over terminal input,
//! the clock, cluster events and log lines, applies `update`, hands the
//! effects to the runner and redraws only when something changed: at once
//! after a key (a user waits for it), else at most ~30 frames/s (a burst
//! of cluster events costs one frame).

use std::time::Duration;

use crossterm::event::{Event as TermEvent, EventStream};
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::Exit;
use super::effects::{Runner, Screen};
use super::terminal::Tui;
use crate::app::derive;
use crate::app::msg::{Effect, Msg};
use crate::app::state::State;
use crate::app::update::update;
use crate::config::theme::Theme;
use crate::kube::logs::LogEvent;
use crate::kube::{ClusterEvent, WatchState};

const FRAME: Duration = Duration::from_millis(33);

pub struct Console {
    state: State,
    theme: Theme,
    term: Tui,
    keys: EventStream,
    runner: Runner,
    rx: mpsc::UnboundedReceiver<ClusterEvent>,
    log_rx: mpsc::Receiver<LogEvent>,
    /// Something changed since the last frame.
    dirty: bool,
    /// A key or resize changed it: drawn at once, not at the frame pace.
    urgent: bool,
    last_draw: Instant,
}

impl Console {
    pub fn new(
        state: State,
        theme: Theme,
        term: Tui,
        runner: Runner,
        rx: mpsc::UnboundedReceiver<ClusterEvent>,
        log_rx: mpsc::Receiver<LogEvent>,
    ) -> Self {
        Console {
            state,
            theme,
            term,
            keys: EventStream::new(),
            runner,
            rx,
            log_rx,
            dirty: true,
            urgent: false,
            last_draw: Instant::now() - FRAME,
        }
    }

    /// Feed `msg` to `update` and run what it asks for, with whatever the
    /// effects answer at once.
    async fn handle(&mut self, msg: Msg) {
        let mut pending = vec![msg];
        while let Some(msg) = pending.pop() {
            let effects = update(&mut self.state, msg);
            self.dirty = true;
            for fx in effects {
                if matches!(fx, Effect::Shell { .. }) {
                    // Show "opening a shell…" while connecting.
                    self.draw();
                }
                let screen = Screen {
                    term: &mut self.term,
                    keys: &mut self.keys,
                };
                let shell = matches!(fx, Effect::Shell { .. });
                if let Some(answer) = self.runner.run(fx, screen).await {
                    pending.push(answer);
                }
                if shell {
                    // The terminal was someone else's: draw it all again.
                    self.last_draw = Instant::now() - FRAME;
                }
            }
        }
    }

    /// Bring derived state up to date and draw it.
    fn draw(&mut self) -> Option<std::io::Error> {
        let t = Instant::now();
        derive::refresh(&mut self.state);
        slow(t, "derive", 0);
        let t = Instant::now();
        let (state, theme) = (&self.state, &self.theme);
        let r = self.term.draw(|f| crate::ui::draw(f, state, theme));
        slow(t, "render", 0);
        self.last_draw = Instant::now();
        self.dirty = false;
        r.err()
    }

    /// Run until the user quits, a signal arrives or the terminal fails.
    pub async fn run(mut self, mut signals: mpsc::Receiver<i32>) -> Result<Exit, String> {
        let now = chrono::Utc::now();
        self.handle(Msg::Tick(now)).await;
        if let Ok((width, height)) = crossterm::terminal::size() {
            self.handle(Msg::Resize { width, height }).await;
        }
        let mut last_tick = Instant::now();
        let result = loop {
            if self.state.quit {
                break Ok(Exit::Quit);
            }
            if self.dirty && (self.urgent || self.last_draw.elapsed() >= FRAME) {
                self.urgent = false;
                // Ages on screen are computed against the clock now.
                let t = Instant::now();
                self.handle(Msg::Tick(chrono::Utc::now())).await;
                if let Some(e) = self.draw() {
                    break Err(format!("cannot draw: {e}"));
                }
                slow(t, "frame", 0);
            }
            // How soon the clock must tick depends on what is shown now (a
            // young row, a problem's age): recomputed every turn.
            let next_tick = last_tick + derive::tick_interval(&self.state);
            let redraw_at = if self.dirty {
                self.last_draw + FRAME
            } else {
                Instant::now() + Duration::from_secs(3600)
            };
            tokio::select! {
                // In this order: keys, then time, then the cluster, then log
                // lines (a flood of lines must not delay the user or the clock).
                biased;
                Some(signo) = signals.recv() => break Ok(Exit::Signal(signo)),
                k = self.keys.next() => match k {
                    Some(Ok(TermEvent::Key(k))) => {
                        let t = Instant::now();
                        let in_logs = self.state.log_view().is_some();
                        self.handle(Msg::Key(k)).await;
                        self.urgent = true;
                        if in_logs && self.state.log_view().is_none() {
                            // A closed log view freed its buffer.
                            trim_heap();
                        }
                        slow(t, "key", 1);
                    }
                    Some(Ok(TermEvent::Resize(width, height))) => {
                        self.handle(Msg::Resize { width, height }).await;
                        self.urgent = true;
                    }
                    Some(Ok(_)) => {}
                    Some(Err(e)) => break Err(format!("cannot read the terminal: {e}")),
                    None => break Ok(Exit::Quit),
                },
                _ = tokio::time::sleep_until(next_tick) => {
                    let t = Instant::now();
                    self.handle(Msg::Tick(chrono::Utc::now())).await;
                    last_tick = Instant::now();
                    slow(t, "tick", 1);
                }
                ev = self.rx.recv() => {
                    let Some(ev) = ev else { break Ok(Exit::Quit) };
                    let t = Instant::now();
                    let mut n = 1;
                    let mut freed = frees_much(&ev);
                    self.handle(Msg::Cluster(ev)).await;
                    // Drain the burst before drawing, for a few
                    // milliseconds at most: a hundred clusters connecting
                    // send thousands of events, and a key must not wait
                    // behind them all (it is served first on the next turn).
                    let budget = Instant::now() + Duration::from_millis(8);
                    while Instant::now() < budget {
                        let Ok(ev) = self.rx.try_recv() else { break };
                        freed |= frees_much(&ev);
                        self.handle(Msg::Cluster(ev)).await;
                        n += 1;
                    }
                    slow(t, "cluster events", n);
                    if freed {
                        // A list's pages or a metrics answer (whole
                        // objects) are gone: give the freed memory back.
                        let t = Instant::now();
                        trim_heap();
                        slow(t, "heap trim", 1);
                    }
                }
                ev = self.log_rx.recv() => {
                    let Some(ev) = ev else { break Ok(Exit::Quit) };
                    self.handle(Msg::Log(ev)).await;
                    // Take what is queued, for a few milliseconds at most,
                    // before drawing (and reading keys) again.
                    let budget = Instant::now() + Duration::from_millis(8);
                    while Instant::now() < budget {
                        match self.log_rx.try_recv() {
                            Ok(ev) => self.handle(Msg::Log(ev)).await,
                            Err(_) => break,
                        }
                    }
                }
                _ = tokio::time::sleep_until(redraw_at) => {}
            }
        };
        self.runner.stop();
        result
    }
}

/// Log a turn of the loop that kept keys waiting (over 20 ms): what it
/// was and how many messages it handled. With `KDECK_LOG=debug` the log
/// says where time goes when the screen feels slow (at debug: a loaded
/// loop may have one every frame).
fn slow(since: Instant, what: &str, messages: usize) {
    let took = since.elapsed();
    if took > Duration::from_millis(20) {
        tracing::debug!(ms = took.as_millis() as u64, messages, "slow turn: {what}");
    }
}

/// A watch finished its initial list, or a metrics poll answered: the
/// whole objects decoded for it were freed.
fn frees_much(ev: &ClusterEvent) -> bool {
    matches!(
        ev,
        ClusterEvent::Watch {
            state: WatchState::Live | WatchState::Partial(_),
            ..
        } | ClusterEvent::Metrics { .. }
    )
}

/// Return freed heap pages to the system (glibc keeps them otherwise).
fn trim_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator.
    unsafe {
        libc::malloc_trim(0);
    }
}
