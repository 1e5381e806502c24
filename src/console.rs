//! The app loop: one task owns the state; it selects over terminal input,
//! cluster events and a render deadline, applies `update`, runs the effects
//! and redraws only when something changed (at most ~30 frames/s).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{Event as TermEvent, EventStream};
use futures::StreamExt;
use kube::Client;
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::app::command::NamespaceScope;
use crate::app::state::{ClusterInfo, Level, Scope, State};
use crate::app::update::{Action, Effect, update};
use crate::app::view::View;
use crate::config;
use crate::kube::gate::Gate;
use crate::kube::kind::Kind;
use crate::kube::kubeconfig::{Selection, resolve};
use crate::kube::logs::{self, LogEvent};
use crate::kube::{ClusterEvent, ClusterStatus, connect, describe, watch};

/// What the console was asked to open.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub kubeconfig: Option<PathBuf>,
    pub contexts: Vec<String>,
    pub all_contexts: bool,
    pub namespaces: Vec<String>,
    pub all_namespaces: bool,
    pub readonly: bool,
    pub theme: Option<String>,
    pub config: Option<PathBuf>,
    pub view: Option<View>,
}

const FRAME: Duration = Duration::from_millis(33);

/// Run the console; `Err` is a one-line message for before the UI starts.
pub async fn run(opts: Options) -> Result<(), String> {
    let loaded = config::load(opts.config.as_deref(), opts.theme.as_deref())?;
    let sel = Selection {
        contexts: opts.contexts.clone(),
        all: opts.all_contexts,
    };
    let targets = resolve(opts.kubeconfig.as_deref(), &sel).await?;
    let (tx, mut rx) = mpsc::unbounded_channel::<ClusterEvent>();
    let clusters: Vec<ClusterInfo> = targets
        .iter()
        .map(|t| ClusterInfo {
            name: t.name.clone(),
            status: ClusterStatus::Connecting,
            version: None,
            production: loaded.production.iter().any(|r| r.is_match(&t.name)),
            namespace: t.namespace.clone(),
            watches: Default::default(),
            probing: false,
        })
        .collect();
    let clients: Vec<Option<Client>> = targets
        .iter()
        .enumerate()
        .map(|(i, t)| connect::connect(i, t, tx.clone()))
        .collect();
    let namespaces = if opts.all_namespaces {
        NamespaceScope::All
    } else {
        NamespaceScope::Some(opts.namespaces.clone())
    };
    let scope = Scope {
        kind: opts.view.unwrap_or(View::Kind(Kind::Pods)),
        cluster: None,
        namespaces,
        selector: None,
        drill: None,
    };
    let mut fallback: Vec<Vec<String>> = targets
        .iter()
        .map(|t| {
            let mut v = opts.namespaces.clone();
            if let Some(n) = &t.namespace
                && !v.contains(n)
            {
                v.push(n.clone());
            }
            v
        })
        .collect();
    fallback.iter_mut().for_each(|v| v.sort());
    let mut state = State::new(
        clusters,
        opts.readonly,
        loaded.keymap,
        scope,
        opts.namespaces.clone(),
    );
    state.log_settings = loaded.logs.clone();
    if !loaded.warnings.is_empty() {
        state.message = Some((Level::Warning, loaded.warnings.join("; ")));
    }
    let theme = loaded.theme;

    let mut term =
        crate::terminal::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let mut keys = EventStream::new();
    // Log lines travel on a bounded channel: a busy screen slows the
    // streams' sockets instead of growing memory. A batch is one network
    // chunk (up to ~64 KiB of lines), so 32 of them stay a few MiB.
    let (log_tx, mut log_rx) = mpsc::channel::<LogEvent>(32);
    let mut rt = Runtime {
        clients,
        fallback,
        tx: tx.clone(),
        log_tx,
        watches: HashMap::new(),
        streams: HashMap::new(),
        gate: Gate::new(opts.readonly),
        shells: loaded.shell.command.clone(),
        save_dir: loaded
            .logs
            .save_dir
            .clone()
            .or_else(|| crate::logging::log_dir().map(|d| d.join("saved-logs"))),
    };
    let mut effects = update(&mut state, Action::Tick);
    let mut dirty = true;
    let mut last_draw = Instant::now() - FRAME;
    let mut next_tick = Instant::now() + Duration::from_secs(1);
    let mut effects_later: Vec<(Level, String)> = Vec::new();
    let result = loop {
        let mut shell = None;
        for fx in effects.drain(..) {
            match fx {
                Effect::Shell { cluster, target } => shell = Some((cluster, target)),
                fx => {
                    if let Some(notice) = rt.run(fx, &state) {
                        effects_later.push(notice);
                    }
                }
            }
        }
        for (level, text) in effects_later.drain(..) {
            effects.extend(update(&mut state, Action::Notice(level, text)));
            dirty = true;
        }
        if let Some((cluster, target)) = shell {
            // Show "opening a shell…" while connecting.
            let _ = term.draw(|f| crate::ui::draw(f, &mut state, &theme));
            let client = rt.clients.get(cluster).cloned().flatten();
            let (level, text) = crate::shell_session::run(
                &mut term, &mut keys, &rt.gate, client, &target, &rt.shells,
            )
            .await;
            effects.extend(update(&mut state, Action::Notice(level, text)));
            dirty = true;
            last_draw = Instant::now() - FRAME;
            continue;
        }
        if state.quit {
            break Ok(());
        }
        if dirty && last_draw.elapsed() >= FRAME {
            if let Err(e) = term.draw(|f| crate::ui::draw(f, &mut state, &theme)) {
                break Err(format!("cannot draw: {e}"));
            }
            last_draw = Instant::now();
            dirty = false;
        }
        let redraw_at = if dirty {
            last_draw + FRAME
        } else {
            Instant::now() + Duration::from_secs(3600)
        };
        tokio::select! {
            // In this order: keys, then time, then the cluster, then log
            // lines (a flood of lines must not delay the user or the clock).
            biased;
            k = keys.next() => match k {
                Some(Ok(TermEvent::Key(k))) => {
                    let in_logs = matches!(state.mode, crate::app::state::Mode::Logs(_));
                    effects = update(&mut state, Action::Key(k));
                    if in_logs && !matches!(state.mode, crate::app::state::Mode::Logs(_) | crate::app::state::Mode::Help { .. }) {
                        // A closed log view freed its buffer.
                        trim_heap();
                    }
                    dirty = true;
                }
                Some(Ok(TermEvent::Resize(_, _))) => dirty = true,
                Some(Ok(_)) => {}
                Some(Err(e)) => break Err(format!("cannot read the terminal: {e}")),
                None => break Ok(()),
            },
            _ = tokio::time::sleep_until(next_tick) => {
                effects = update(&mut state, Action::Tick);
                dirty = true;
                next_tick = Instant::now() + tick_interval(&state);
            }
            ev = rx.recv() => {
                let Some(ev) = ev else { break Ok(()) };
                let mut listed = is_listed(&ev);
                effects = update(&mut state, Action::Cluster(ev));
                // Drain the burst before drawing.
                while let Ok(ev) = rx.try_recv() {
                    listed |= is_listed(&ev);
                    effects.extend(update(&mut state, Action::Cluster(ev)));
                }
                if listed {
                    // The list's pages (whole objects) are gone: give
                    // the freed memory back.
                    trim_heap();
                }
                dirty = true;
            }
            ev = log_rx.recv() => {
                let Some(ev) = ev else { break Ok(()) };
                effects = update(&mut state, Action::Log(ev));
                // Take what is queued, for a few milliseconds at most,
                // before drawing (and reading keys) again.
                let budget = Instant::now() + Duration::from_millis(8);
                while Instant::now() < budget {
                    match log_rx.try_recv() {
                        Ok(ev) => effects.extend(update(&mut state, Action::Log(ev))),
                        Err(_) => break,
                    }
                }
                dirty = true;
            }
            _ = tokio::time::sleep_until(redraw_at) => {}
        }
    };
    for h in rt.watches.into_values().chain(rt.streams.into_values()) {
        h.abort();
    }
    crate::terminal::leave();
    result
}

/// A watch finished its initial list.
fn is_listed(ev: &ClusterEvent) -> bool {
    matches!(
        ev,
        ClusterEvent::Watch {
            state: crate::kube::WatchState::Live | crate::kube::WatchState::Partial(_),
            ..
        }
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

/// Ages on screen change every second for young objects, every minute
/// otherwise.
fn tick_interval(s: &State) -> Duration {
    let young = s
        .view
        .rows
        .iter()
        .skip(s.view.offset)
        .take(s.page.max(1))
        .any(|r| {
            s.row(r)
                .and_then(|row| row.meta().created)
                .is_some_and(|t| (s.now - t).num_seconds() < 120)
        });
    if young {
        Duration::from_secs(1)
    } else {
        Duration::from_secs(30)
    }
}

/// What effects need: clients, channels and the tasks started.
struct Runtime {
    clients: Vec<Option<Client>>,
    fallback: Vec<Vec<String>>,
    tx: mpsc::UnboundedSender<ClusterEvent>,
    log_tx: mpsc::Sender<LogEvent>,
    watches: HashMap<(usize, Kind), tokio::task::JoinHandle<()>>,
    streams: HashMap<u64, tokio::task::JoinHandle<()>>,
    gate: Gate,
    shells: Vec<String>,
    save_dir: Option<PathBuf>,
}

impl Runtime {
    /// Run one effect; some report back at once (saved, copied).
    fn run(&mut self, fx: Effect, state: &State) -> Option<(Level, String)> {
        match fx {
            Effect::Watch { cluster, kind } => {
                let Some(Some(client)) = self.clients.get(cluster) else {
                    return None;
                };
                let ns = self.fallback.get(cluster).cloned().unwrap_or_default();
                let ns = if ns.is_empty() {
                    state.start_namespaces.clone()
                } else {
                    ns
                };
                self.watches.insert(
                    (cluster, kind),
                    watch::spawn(cluster, client.clone(), kind, ns, self.tx.clone()),
                );
            }
            Effect::Probe { cluster } => {
                if let Some(Some(client)) = self.clients.get(cluster) {
                    connect::probe(cluster, client.clone(), self.tx.clone());
                }
            }
            Effect::Fetch {
                request,
                cluster,
                kind,
                namespace,
                name,
                yaml,
                managed_fields,
            } => {
                let Some(Some(client)) = self.clients.get(cluster) else {
                    let _ = self.tx.send(ClusterEvent::Detail {
                        request,
                        result: Err("no connection to this cluster".into()),
                    });
                    return None;
                };
                let client = client.clone();
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = if yaml {
                        describe::fetch(&client, kind, &namespace, &name)
                            .await
                            .map(|v| describe::yaml(&v, managed_fields))
                    } else {
                        describe::describe(&client, kind, &namespace, &name).await
                    };
                    let _ = tx.send(ClusterEvent::Detail { request, result });
                });
            }
            Effect::LogStart(req) => {
                self.streams.retain(|_, h| !h.is_finished());
                let stream = req.stream;
                match self.clients.get(req.cluster).cloned().flatten() {
                    Some(client) => {
                        self.streams
                            .insert(stream, logs::spawn(client, req, self.log_tx.clone()));
                    }
                    None => {
                        let tx = self.log_tx.clone();
                        tokio::spawn(async move {
                            let _ = tx
                                .send(LogEvent::Marker {
                                    stream,
                                    severity: logs::Severity::Error,
                                    text: "no connection to this cluster".into(),
                                })
                                .await;
                            let _ = tx.send(LogEvent::Ended { stream }).await;
                        });
                    }
                }
            }
            Effect::LogStop { stream } => {
                if let Some(h) = self.streams.remove(&stream) {
                    h.abort();
                }
            }
            Effect::SaveLog {
                name,
                content,
                lines,
            } => return Some(save(self.save_dir.as_deref(), &name, &content, lines)),
            Effect::Copy { text, lines } => return Some(copy(&text, lines)),
            Effect::SaveStream {
                name,
                parts,
                previous,
            } => {
                let Some(dir) = self.save_dir.clone() else {
                    return Some((
                        Level::Error,
                        "cannot save: no directory to save to (set [logs] save_dir in config.toml)"
                            .into(),
                    ));
                };
                let path = dir.join(file_name(&format!("{name} full"), chrono::Utc::now()));
                let clients = self.clients.clone();
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let r = crate::log_save::save(clients, parts, previous, &path).await;
                    let _ = tx.send(ClusterEvent::Saved(r));
                });
            }
            Effect::Shell { .. } => {}
        }
        None
    }
}

/// A file name from a view title: `logs deploy/web -n shop @prod` ->
/// `logs_deploy_web_-n_shop_prod_<time>.log`.
fn file_name(title: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    format!(
        "{}_{}.log",
        out.trim_matches('_'),
        now.format("%Y%m%d-%H%M%S")
    )
}

fn save(
    dir: Option<&std::path::Path>,
    title: &str,
    content: &str,
    lines: usize,
) -> (Level, String) {
    let Some(dir) = dir else {
        return (
            Level::Error,
            "cannot save: no directory to save to (set [logs] save_dir in config.toml)".into(),
        );
    };
    let path = dir.join(file_name(title, chrono::Utc::now()));
    let r = std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&path, content));
    match r {
        Ok(()) => (
            Level::Info,
            format!("saved {lines} lines to {}", path.display()),
        ),
        Err(e) => (
            Level::Error,
            format!("cannot save to {}: {e}", path.display()),
        ),
    }
}

/// Most bytes put in one OSC 52 sequence (terminals cap it, ~100 KB).
const OSC52_MAX: usize = 74_000;

/// The OSC 52 sequence that puts `text` on the clipboard (keeping its end
/// when it is too long), and whether it was cut.
pub fn osc52(text: &str) -> (String, bool) {
    use base64::Engine;
    let mut start = text.len().saturating_sub(OSC52_MAX);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(&text.as_bytes()[start..]);
    (format!("\x1b]52;c;{b64}\x07"), start > 0)
}

fn copy(text: &str, lines: usize) -> (Level, String) {
    use std::io::Write;
    let (seq, cut) = osc52(text);
    let mut out = std::io::stdout();
    match out.write_all(seq.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) if cut => (
            Level::Warning,
            format!(
                "copied the last {} KB of {lines} lines (OSC 52 is limited; save with ctrl-s for more)",
                OSC52_MAX / 1000
            ),
        ),
        Ok(()) => (
            Level::Info,
            format!(
                "copied {lines} line{} to the clipboard (OSC 52)",
                if lines == 1 { "" } else { "s" }
            ),
        ),
        Err(e) => (Level::Error, format!("cannot copy: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_files_are_named_after_the_view() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:11:12Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(
            file_name("logs deploy/web -n shop @prod-eu", t),
            "logs_deploy_web_-n_shop_prod-eu_20261122-101112.log"
        );
    }

    #[test]
    fn osc52_encodes_and_keeps_the_end_of_long_text() {
        let (seq, cut) = osc52("hi");
        assert_eq!(seq, "\x1b]52;c;aGk=\x07");
        assert!(!cut);
        let long = "x".repeat(OSC52_MAX + 10) + "END";
        let (seq, cut) = osc52(&long);
        assert!(cut);
        use base64::Engine;
        let b64 = seq
            .trim_start_matches("\x1b]52;c;")
            .trim_end_matches('\x07');
        let back = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        assert!(back.ends_with(b"END"));
        assert_eq!(back.len(), OSC52_MAX);
    }
}
