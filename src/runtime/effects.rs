//! The effect runner: the one place where what `update` asked for is done.
//! Watches, probes, fetches and log streams run as tasks that report back
//! on channels; saving and copying answer at once; a shell takes the
//! terminal until it ends.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::EventStream;
use kube::Client;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::ops::OpsContext;
use super::terminal::Tui;
use super::{clipboard, save, shell};
use crate::app::msg::{Effect, Msg};
use crate::app::state::Level;
use crate::kube::gate::Gate;
use crate::kube::kind::Kind;
use crate::kube::logs::{self, LogEvent};
use crate::kube::{ClusterEvent, connect, describe, discovery, metrics, watch};

/// What effects need: clients, channels, the tasks started, settings.
pub struct Runner {
    pub clients: Vec<Option<Client>>,
    /// What operation tasks share (clients, the gate, the channel).
    pub ops: OpsContext,
    drains: HashMap<u64, JoinHandle<()>>,
    /// Per cluster, the namespaces to watch one by one when listing across
    /// all of them is forbidden.
    pub fallback: Vec<Vec<String>>,
    pub tx: mpsc::UnboundedSender<ClusterEvent>,
    pub log_tx: mpsc::Sender<LogEvent>,
    pub gate: Arc<Gate>,
    pub shells: Vec<String>,
    pub save_dir: Option<PathBuf>,
    watches: HashMap<(usize, Kind), JoinHandle<()>>,
    /// Per cluster, its Warning-events watch (started by the pulse).
    warnings: HashMap<usize, JoinHandle<()>>,
    /// Per cluster, its discovery (and CRD follower) task.
    discovery: HashMap<usize, JoinHandle<()>>,
    streams: HashMap<u64, JoinHandle<()>>,
}

/// The terminal, for the effects that take it over (a shell).
pub struct Screen<'a> {
    pub term: &'a mut Tui,
    pub keys: &'a mut EventStream,
}

impl Runner {
    pub fn new(
        clients: Vec<Option<Client>>,
        fallback: Vec<Vec<String>>,
        tx: mpsc::UnboundedSender<ClusterEvent>,
        log_tx: mpsc::Sender<LogEvent>,
        gate: Arc<Gate>,
    ) -> Self {
        Runner {
            ops: OpsContext {
                clients: clients.clone(),
                gate: gate.clone(),
                tx: tx.clone(),
            },
            drains: HashMap::new(),
            clients,
            fallback,
            tx,
            log_tx,
            gate,
            shells: Vec::new(),
            save_dir: None,
            watches: HashMap::new(),
            warnings: HashMap::new(),
            discovery: HashMap::new(),
            streams: HashMap::new(),
        }
    }

    fn client(&self, cluster: usize) -> Option<Client> {
        self.clients.get(cluster).cloned().flatten()
    }

    /// Run one effect; what to tell `update` at once (saved, copied, the
    /// shell's outcome), if anything.
    pub async fn run(&mut self, fx: Effect, screen: Screen<'_>) -> Option<Msg> {
        match fx {
            Effect::Watch { cluster, kind } => {
                let client = self.client(cluster)?;
                let ns = self.fallback.get(cluster).cloned().unwrap_or_default();
                // A watch started again (its resource is served again
                // after it was gone) replaces the old one.
                if let Some(old) = self.watches.insert(
                    (cluster, kind),
                    watch::spawn(cluster, client, kind, ns, self.tx.clone()),
                ) {
                    old.abort();
                }
            }
            Effect::WatchWarnings { cluster } => {
                let client = self.client(cluster)?;
                self.warnings.insert(
                    cluster,
                    watch::warnings::spawn(cluster, client, self.tx.clone()),
                );
            }
            Effect::Discover { cluster } => {
                if let Some(client) = self.client(cluster) {
                    if let Some(h) = self.discovery.remove(&cluster) {
                        h.abort();
                    }
                    self.discovery
                        .insert(cluster, discovery::spawn(cluster, client, self.tx.clone()));
                }
            }
            Effect::Probe { cluster } => {
                if let Some(client) = self.client(cluster) {
                    connect::probe(cluster, client, self.tx.clone());
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
                reveal,
            } => {
                let Some(client) = self.client(cluster) else {
                    let _ = self.tx.send(ClusterEvent::Detail {
                        request,
                        result: Err("no connection to this cluster".into()),
                    });
                    return None;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = if yaml {
                        describe::fetch(&client, kind, &namespace, &name)
                            .await
                            .map(|v| describe::view_yaml(kind, v, managed_fields, reveal))
                    } else {
                        describe::describe(&client, kind, &namespace, &name, reveal).await
                    };
                    let _ = tx.send(ClusterEvent::Detail { request, result });
                });
            }
            Effect::Related {
                request,
                cluster,
                kind,
                namespace,
                name,
                relation,
            } => {
                let tx = self.tx.clone();
                let Some(client) = self.client(cluster) else {
                    let _ = tx.send(ClusterEvent::Related {
                        request,
                        result: Err("no connection to this cluster".into()),
                    });
                    return None;
                };
                tokio::spawn(async move {
                    let result =
                        crate::kube::related::follow(&client, kind, &namespace, &name, relation)
                            .await;
                    let _ = tx.send(ClusterEvent::Related { request, result });
                });
            }
            Effect::WorkloadRefs {
                request,
                cluster,
                kind,
                namespace,
                name,
            } => {
                let tx = self.tx.clone();
                let Some(client) = self.client(cluster) else {
                    let _ = tx.send(ClusterEvent::WorkloadRefs {
                        request,
                        cluster,
                        result: Err("no connection to this cluster".into()),
                    });
                    return None;
                };
                tokio::spawn(async move {
                    let result =
                        crate::kube::workload_refs::read(&client, kind, &namespace, &name).await;
                    let _ = tx.send(ClusterEvent::WorkloadRefs {
                        request,
                        cluster,
                        result,
                    });
                });
            }
            Effect::LogStart(req) => self.start_stream(req),
            Effect::LogStop { stream } => {
                if let Some(h) = self.streams.remove(&stream) {
                    h.abort();
                }
            }
            Effect::SaveLog {
                name,
                content,
                lines,
            } => {
                let (level, text) =
                    save::save_buffer(self.save_dir.as_deref(), &name, &content, lines);
                return Some(Msg::Notice(level, text));
            }
            Effect::Copy { text, lines } => {
                let (level, text) = clipboard::copy(&text, lines);
                return Some(Msg::Notice(level, text));
            }
            Effect::SaveStream {
                name,
                parts,
                previous,
            } => {
                let Some(dir) = self.save_dir.clone() else {
                    return Some(Msg::Notice(
                        Level::Error,
                        "cannot save: no directory to save to (set [logs] save_dir in config.toml)"
                            .into(),
                    ));
                };
                let path = dir.join(save::file_name(&format!("{name} full"), chrono::Utc::now()));
                let clients = self.clients.clone();
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let r = save::save_stream(clients, parts, previous, &path).await;
                    let _ = tx.send(ClusterEvent::Saved(r));
                });
            }
            Effect::CheckAccess { key } => self.ops.check_access(key),
            Effect::ReviewRules { key } => self.ops.review_rules(key),
            Effect::Refused { action, refusals } => self.ops.refused(&action, &refusals),
            Effect::ReadScale { run, target } => self.ops.read_scale(run, target),
            Effect::ReadHistory { run, target } => self.ops.read_history(run, target),
            Effect::Prepare { run, asks } => self.ops.prepare(run, asks),
            Effect::Apply { run, plans } => self.ops.apply(run, plans),
            Effect::Cancelled { plans } => self.ops.cancelled(&plans),
            Effect::Drain { run, plan } => {
                self.drains.retain(|_, h| !h.is_finished());
                self.drains.insert(run, self.ops.drain(run, *plan));
            }
            Effect::StopDrain { run } => {
                if let Some(h) = self.drains.remove(&run) {
                    h.abort();
                }
            }
            Effect::PollMetrics { cluster, poll } => match self.client(cluster) {
                Some(client) => metrics::spawn(cluster, client, poll, self.tx.clone()),
                None => {
                    let failed = metrics::MetricsError::Failed("no connection".into());
                    let answer = match poll {
                        metrics::Poll::Nodes => metrics::Answer::Nodes(Err(failed)),
                        metrics::Poll::Pods(namespaces) => metrics::Answer::Pods {
                            namespaces,
                            result: Err(failed),
                        },
                    };
                    let _ = self.tx.send(ClusterEvent::Metrics { cluster, answer });
                }
            },
            Effect::Shell { cluster, target } => {
                let client = self.client(cluster);
                let (level, text) = shell::run(
                    screen.term,
                    screen.keys,
                    &self.gate,
                    client,
                    &target,
                    &self.shells,
                )
                .await;
                return Some(Msg::Notice(level, text));
            }
        }
        None
    }

    fn start_stream(&mut self, req: logs::LogRequest) {
        self.streams.retain(|_, h| !h.is_finished());
        let stream = req.stream;
        match self.client(req.cluster) {
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

    /// Stop every task (the console is closing).
    pub fn stop(self) {
        for h in self
            .watches
            .into_values()
            .chain(self.streams.into_values())
            .chain(self.drains.into_values())
            .chain(self.discovery.into_values())
        {
            h.abort();
        }
    }
}
