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
use crate::app::view::ViewKind;
use crate::cluster::kubeconfig::{Selection, resolve};
use crate::cluster::{ClusterEvent, ClusterStatus, connect, detail, watch};
use crate::config;

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
    pub view: Option<ViewKind>,
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
        kind: opts.view.unwrap_or(ViewKind::Pods),
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
    if !loaded.warnings.is_empty() {
        state.message = Some((Level::Warning, loaded.warnings.join("; ")));
    }
    let theme = loaded.theme;

    let mut term =
        crate::terminal::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let mut keys = EventStream::new();
    let mut watches: HashMap<(usize, ViewKind), tokio::task::JoinHandle<()>> = HashMap::new();
    let mut effects = update(&mut state, Action::Tick);
    let mut dirty = true;
    let mut last_draw = Instant::now() - FRAME;
    let mut next_tick = Instant::now() + Duration::from_secs(1);
    let result = loop {
        for fx in effects.drain(..) {
            run_effect(fx, &clients, &fallback, &tx, &mut watches, &state);
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
            k = keys.next() => match k {
                Some(Ok(TermEvent::Key(k))) => {
                    effects = update(&mut state, Action::Key(k));
                    dirty = true;
                }
                Some(Ok(TermEvent::Resize(_, _))) => dirty = true,
                Some(Ok(_)) => {}
                Some(Err(e)) => break Err(format!("cannot read the terminal: {e}")),
                None => break Ok(()),
            },
            ev = rx.recv() => {
                let Some(ev) = ev else { break Ok(()) };
                effects = update(&mut state, Action::Cluster(ev));
                // Drain the burst before drawing.
                while let Ok(ev) = rx.try_recv() {
                    effects.extend(update(&mut state, Action::Cluster(ev)));
                }
                dirty = true;
            }
            _ = tokio::time::sleep_until(next_tick) => {
                effects = update(&mut state, Action::Tick);
                dirty = true;
                next_tick = Instant::now() + tick_interval(&state);
            }
            _ = tokio::time::sleep_until(redraw_at) => {}
        }
    };
    for (_, h) in watches {
        h.abort();
    }
    crate::terminal::leave();
    result
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

fn run_effect(
    fx: Effect,
    clients: &[Option<Client>],
    fallback: &[Vec<String>],
    tx: &mpsc::UnboundedSender<ClusterEvent>,
    watches: &mut HashMap<(usize, ViewKind), tokio::task::JoinHandle<()>>,
    state: &State,
) {
    match fx {
        Effect::Watch { cluster, kind } => {
            let Some(Some(client)) = clients.get(cluster) else {
                return;
            };
            let ns = fallback.get(cluster).cloned().unwrap_or_default();
            let ns = if ns.is_empty() {
                state.start_namespaces.clone()
            } else {
                ns
            };
            watches.insert(
                (cluster, kind),
                watch::spawn(cluster, client.clone(), kind, ns, tx.clone()),
            );
        }
        Effect::Probe { cluster } => {
            if let Some(Some(client)) = clients.get(cluster) {
                connect::probe(cluster, client.clone(), tx.clone());
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
            let Some(Some(client)) = clients.get(cluster) else {
                let _ = tx.send(ClusterEvent::Detail {
                    request,
                    result: Err("no connection to this cluster".into()),
                });
                return;
            };
            let client = client.clone();
            let tx = tx.clone();
            tokio::spawn(async move {
                let result = if yaml {
                    detail::fetch(&client, kind, &namespace, &name)
                        .await
                        .map(|v| detail::yaml(&v, managed_fields))
                } else {
                    detail::describe(&client, kind, &namespace, &name).await
                };
                let _ = tx.send(ClusterEvent::Detail { request, result });
            });
        }
    }
}
