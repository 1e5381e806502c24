//! The runtime: everything with side effects around the pure app. It sets
//! the console up (config, kubeconfig, one client per context, the state),
//! owns the terminal, runs the event loop (keys, time, cluster and log
//! events, frames) and the effects `update` asks for.

pub mod audit;
pub mod clipboard;
mod effects;
mod event_loop;
mod ops;
pub mod save;
mod shell;
mod signals;
pub mod terminal;

use std::path::PathBuf;

use kube::Client;
use tokio::sync::mpsc;

use crate::app::command::NamespaceScope;
use crate::app::state::{ClusterInfo, Level, Scope, Start, State};
use crate::app::view::View;
use crate::config;
use crate::kube::gate::{Gate, Identity};
use crate::kube::kind::Kind;
use crate::kube::kubeconfig::{Selection, Target, resolve};
use crate::kube::logs::LogEvent;
use crate::kube::ops::journal::Journal;
use crate::kube::{ClusterEvent, ClusterStatus, connect};
use effects::Runner;
use event_loop::Console;

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

/// How the console ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal ended it (its number); the exit status is 128 + it.
    Signal(i32),
}

/// Run the console; `Err` is a one-line message for before the UI starts
/// (or for a terminal that stopped working).
pub async fn run(opts: Options) -> Result<Exit, String> {
    let loaded = config::load(opts.config.as_deref(), opts.theme.as_deref())?;
    let sel = Selection {
        contexts: opts.contexts.clone(),
        all: opts.all_contexts,
    };
    let started = std::time::Instant::now();
    let targets = resolve(opts.kubeconfig.as_deref(), &sel).await?;
    let resolved = started.elapsed();
    let (tx, rx) = mpsc::unbounded_channel::<ClusterEvent>();
    let servers: Vec<String> = targets.iter().map(server_of).collect();
    let clusters: Vec<ClusterInfo> = targets
        .iter()
        .enumerate()
        .map(|(i, t)| ClusterInfo {
            name: t.name.clone(),
            user: t.user.clone(),
            status: ClusterStatus::Connecting,
            status_since: None,
            readonly: false,
            version: None,
            production: loaded.production.iter().any(|r| r.is_match(&t.name)),
            namespace: t.namespace.clone(),
            watches: Default::default(),
            probing: false,
            same_as: servers[..i].iter().position(|x| *x == servers[i]),
        })
        .collect();
    let clients: Vec<Option<Client>> = targets
        .iter()
        .enumerate()
        .map(|(i, t)| connect::connect(i, t, tx.clone()))
        .collect();
    tracing::info!(
        contexts = targets.len(),
        resolved_ms = resolved.as_millis() as u64,
        clients_ms = (started.elapsed() - resolved).as_millis() as u64,
        "starting"
    );
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
    let mut state = State::new(Start {
        clusters,
        readonly: opts.readonly,
        keymap: loaded.keymap,
        scope,
        start_namespaces: opts.namespaces.clone(),
        now: chrono::Utc::now(),
    });
    state.log_settings = loaded.logs.clone();
    state.metrics = crate::app::metrics::Metrics::new(loaded.metrics.clone());
    state.alerts = crate::app::alerts::Alerts::new(loaded.alerts.clone());
    if !loaded.warnings.is_empty() {
        state.message = Some((Level::Warning, loaded.warnings.join("; ")));
    }
    // Log lines travel on a bounded channel: a busy screen slows the
    // streams' sockets instead of growing memory. A batch is one network
    // chunk (up to ~64 KiB of lines), so 32 of them stay a few MiB.
    let (log_tx, log_rx) = mpsc::channel::<LogEvent>(32);
    let identities = targets
        .iter()
        .map(|t| Identity {
            context: t.name.clone(),
            kube_user: t.user.clone(),
            server: t.config.cluster_url.to_string(),
        })
        .collect();
    let journal = journal_path().map(Journal::new);
    let mut gate = Gate::new(opts.readonly)
        .readonly_contexts(loaded.readonly.clone())
        .identities(identities);
    if let Some(j) = journal {
        gate = gate.journaled(j);
    }
    for (c, t) in state.clusters.iter_mut().zip(&targets) {
        c.readonly = gate.readonly_for(&t.name);
    }
    let mut runner = Runner::new(
        clients,
        fallback_namespaces(&targets, &opts.namespaces),
        tx,
        log_tx,
        std::sync::Arc::new(gate),
    );
    runner.shells = loaded.shell.command.clone();
    runner.save_dir = loaded
        .logs
        .save_dir
        .clone()
        .or_else(|| crate::logging::log_dir().map(|d| d.join("saved-logs")));

    let signals = signals::listen();
    let term = match terminal::enter() {
        Ok(t) => t,
        Err(e) => {
            terminal::leave();
            return Err(format!("cannot set up the terminal: {e}"));
        }
    };
    let console = Console::new(state, loaded.theme, term, runner, rx, log_rx);
    let result = console.run(signals).await;
    terminal::leave();
    result
}

/// The audit journal's file: `journal.jsonl` in kdeck's state directory
/// (`KDECK_JOURNAL` overrides it).
/// The API server a context points at, as a key (scheme, host, port,
/// path; without a trailing slash).
fn server_of(t: &Target) -> String {
    t.config
        .cluster_url
        .to_string()
        .trim_end_matches('/')
        .to_ascii_lowercase()
}

pub fn journal_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KDECK_JOURNAL") {
        return Some(PathBuf::from(p));
    }
    crate::logging::log_dir().map(|d| d.join("journal.jsonl"))
}

/// Per cluster, the namespaces to watch one by one when a user may not
/// list across all of them: those given with -n and the context's own.
fn fallback_namespaces(targets: &[Target], given: &[String]) -> Vec<Vec<String>> {
    targets
        .iter()
        .map(|t| {
            let mut v = given.to_vec();
            if let Some(n) = &t.namespace
                && !v.contains(n)
            {
                v.push(n.clone());
            }
            v.sort();
            v
        })
        .collect()
}
