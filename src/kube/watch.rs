//! One kube-runtime watcher per (cluster, kind), projected into lean rows as
//! objects arrive (whole objects are dropped at once), re-listing on 410 and
//! reconnecting with backoff by itself. Each change is reported to the app
//! loop; bursts are batched.

use std::fmt::Debug;

use futures::{Stream, StreamExt};
use k8s_openapi::{ClusterResourceScope, NamespaceResourceScope};
use kube::api::Api;
use kube::runtime::WatchStreamExt;
use kube::runtime::watcher::{self, Event as WEvent};
use kube::{Client, Resource};
use serde::de::DeserializeOwned;
use tokio::sync::mpsc::UnboundedSender;

use super::errors::{Problem, classify_watch};
use super::{ClusterEvent, Row, RowChange, WatchState, rows};
use crate::kube::kind::Kind;

/// The most rows sent in one message during a burst.
const BATCH: usize = 1024;

/// Start watching `kind` in cluster `cluster`. Namespaced kinds are watched
/// across all namespaces; if that is forbidden, in each of `fallback_ns`
/// instead (a user bound to a few namespaces). The task ends when aborted.
pub fn spawn(
    cluster: usize,
    client: Client,
    kind: Kind,
    fallback_ns: Vec<String>,
    tx: UnboundedSender<ClusterEvent>,
) -> tokio::task::JoinHandle<()> {
    let w = Watch {
        cluster,
        client,
        kind,
        fallback_ns,
        tx,
    };
    // One entry per kind: its scope, its projection (which names the typed
    // resource) and the Row variant it fills.
    tokio::spawn(async move {
        match kind {
            Kind::Namespaces => w.cluster_scoped(rows::namespace_row, Row::Namespace).await,
            Kind::Nodes => w.cluster_scoped(rows::node_row, Row::Node).await,
            Kind::Pods => w.namespaced(rows::pod_row, Row::Pod).await,
            Kind::Deployments => w.namespaced(rows::deployment_row, Row::Deployment).await,
            Kind::StatefulSets => w.namespaced(rows::statefulset_row, Row::StatefulSet).await,
            Kind::DaemonSets => w.namespaced(rows::daemonset_row, Row::DaemonSet).await,
            Kind::ReplicaSets => w.namespaced(rows::replicaset_row, Row::ReplicaSet).await,
            Kind::Services => w.namespaced(rows::service_row, Row::Service).await,
            Kind::ResourceQuotas => w.namespaced(rows::quota_row, Row::Quota).await,
            Kind::LimitRanges => w.namespaced(rows::limitrange_row, Row::LimitRange).await,
            Kind::Events => w.namespaced(rows::event_row, Row::Event).await,
        }
    })
}

/// What a watched resource must be, whatever its kind.
trait Watched:
    Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug + Send + Sync + 'static
{
}

impl<K> Watched for K where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug + Send + Sync + 'static
{
}

/// What every kind's watch needs to know.
struct Watch {
    cluster: usize,
    client: Client,
    kind: Kind,
    fallback_ns: Vec<String>,
    tx: UnboundedSender<ClusterEvent>,
}

impl Watch {
    /// A namespaced kind: watched across all namespaces, else in each of
    /// the fallback namespaces. (The scope bounds make an entry with the
    /// wrong scope fail to compile.)
    async fn namespaced<K, T>(self, project: fn(&K) -> T, row: fn(Box<T>) -> Row)
    where
        K: Watched + Resource<Scope = NamespaceResourceScope>,
    {
        self.run(
            move |o: &K| row(Box::new(project(o))),
            Some(Api::namespaced),
        )
        .await;
    }

    /// A cluster-scoped kind: watched cluster-wide only.
    async fn cluster_scoped<K, T>(self, project: fn(&K) -> T, row: fn(Box<T>) -> Row)
    where
        K: Watched + Resource<Scope = ClusterResourceScope>,
    {
        self.run(move |o: &K| row(Box::new(project(o))), None).await;
    }

    /// Follows the kind cluster-wide; when that is forbidden and `ns_api`
    /// can build a namespace's Api, each fallback namespace instead.
    async fn run<K, P>(self, project: P, ns_api: NsApi<K>)
    where
        K: Watched,
        K::Scope: Send,
        P: Fn(&K) -> Row + Copy + Send,
    {
        let Watch {
            cluster,
            client,
            kind,
            fallback_ns,
            tx,
        } = self;
        // Pages of 250: the decoded page is the largest transient in memory.
        let config = watcher::Config::default().page_size(250);
        let mut f = Follower {
            cluster,
            kind,
            tx: &tx,
            pending: None,
            lists_open: 0,
            partial: None,
        };
        f.state(WatchState::Listing);
        let all: Api<K> = Api::all(client.clone());
        let stream = watcher::watcher(all, config.clone()).default_backoff();
        let forbidden = match follow(&mut f, stream, project).await {
            Ok(()) => return,
            Err(p) => p,
        };
        let Some(ns_api) = ns_api.filter(|_| !fallback_ns.is_empty()) else {
            f.state(WatchState::Forbidden(forbidden.message().to_string()));
            return;
        };
        // Not allowed cluster-wide: watch the namespaces we know of instead.
        let why = format!(
            "{} (showing namespaces {} only)",
            forbidden.message(),
            fallback_ns.join(", ")
        );
        f.state(WatchState::Forbidden(why.clone()));
        f.partial = Some(why);
        let streams = fallback_ns.iter().map(|ns| {
            let api: Api<K> = ns_api(client.clone(), ns);
            watcher::watcher(api, config.clone())
                .default_backoff()
                .boxed()
        });
        let merged = futures::stream::select_all(streams);
        f.pending = None;
        if let Err(p) = follow(&mut f, merged, project).await {
            f.state(WatchState::Forbidden(p.message().to_string()));
        }
    }
}

/// Builds the Api of one namespace (None for cluster-scoped kinds).
type NsApi<K> = Option<fn(Client, &str) -> Api<K>>;

fn uid_of<K: Resource>(o: &K) -> String {
    o.meta().uid.clone().unwrap_or_else(|| {
        format!(
            "{}/{}",
            o.meta().namespace.as_deref().unwrap_or(""),
            o.meta().name.as_deref().unwrap_or("")
        )
    })
}

/// A watch event with the object already projected.
enum Lean {
    Init,
    InitApply(Row),
    InitDone,
    Apply(Row),
    Delete(String),
    Error(watcher::Error),
}

/// Follows one watch stream, sending batched row changes.
struct Follower<'a> {
    cluster: usize,
    kind: Kind,
    tx: &'a UnboundedSender<ClusterEvent>,
    /// Rows of the list in progress (sent whole at its end, so a re-list
    /// never shows an empty table).
    pending: Option<Vec<Row>>,
    /// For namespace fallback: several lists, all must finish.
    lists_open: usize,
    /// Set when only some namespaces are watched: reported instead of Live.
    partial: Option<String>,
}

impl Follower<'_> {
    fn send(&self, ev: ClusterEvent) -> bool {
        self.tx.send(ev).is_ok()
    }

    fn rows(&self, change: RowChange) -> bool {
        self.send(ClusterEvent::Rows {
            cluster: self.cluster,
            kind: self.kind,
            change,
        })
    }

    fn state(&self, state: WatchState) -> bool {
        self.send(ClusterEvent::Watch {
            cluster: self.cluster,
            kind: self.kind,
            state,
        })
    }
}

async fn follow<K, S, P>(f: &mut Follower<'_>, stream: S, project: P) -> Result<(), Problem>
where
    K: Resource + Clone + DeserializeOwned + Debug + Send + 'static,
    S: Stream<Item = Result<WEvent<K>, watcher::Error>> + Send,
    P: Fn(&K) -> Row + Send,
{
    // Project each object as it arrives: only lean rows are ever batched.
    let lean = stream.map(move |ev| match ev {
        Ok(WEvent::Init) => Lean::Init,
        Ok(WEvent::InitApply(o)) => Lean::InitApply(project(&o)),
        Ok(WEvent::InitDone) => Lean::InitDone,
        Ok(WEvent::Apply(o)) => Lean::Apply(project(&o)),
        Ok(WEvent::Delete(o)) => Lean::Delete(uid_of(&o)),
        Err(e) => Lean::Error(e),
    });
    let mut stream = std::pin::pin!(lean.ready_chunks(BATCH));
    let mut was_live = false;
    while let Some(batch) = stream.next().await {
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        for item in batch {
            match item {
                Lean::Init => {
                    if f.pending.is_none() {
                        f.pending = Some(Vec::new());
                        f.lists_open = 0;
                    }
                    f.lists_open += 1;
                }
                Lean::InitApply(row) => match &mut f.pending {
                    Some(p) => p.push(row),
                    None => upserts.push(row),
                },
                Lean::InitDone => {
                    f.lists_open = f.lists_open.saturating_sub(1);
                    if f.lists_open == 0
                        && let Some(all) = f.pending.take()
                    {
                        if !f.rows(RowChange::Replace(all)) {
                            return Ok(());
                        }
                        f.state(match &f.partial {
                            Some(why) => WatchState::Partial(why.clone()),
                            None => WatchState::Live,
                        });
                        f.send(ClusterEvent::Healthy { cluster: f.cluster });
                        was_live = true;
                    }
                }
                Lean::Apply(row) => upserts.push(row),
                Lean::Delete(uid) => deletes.push(uid),
                Lean::Error(e) => {
                    let p = classify_watch(&e);
                    tracing::info!(
                        cluster = f.cluster,
                        kind = f.kind.name(),
                        "watch problem: {e}"
                    );
                    match &p {
                        Problem::Forbidden(_)
                            if !was_live && f.pending.as_ref().is_none_or(Vec::is_empty) =>
                        {
                            return Err(p);
                        }
                        Problem::Expired(_) => {
                            f.state(WatchState::Retrying(
                                "history expired (410): re-listing".into(),
                            ));
                        }
                        Problem::Forbidden(m) => {
                            f.state(WatchState::Forbidden(m.clone()));
                        }
                        other => {
                            f.state(WatchState::Retrying(other.message().to_string()));
                            if let Some(st) = other.cluster_status(true) {
                                f.send(ClusterEvent::Status {
                                    cluster: f.cluster,
                                    status: st,
                                });
                            }
                        }
                    }
                }
            }
        }
        if !upserts.is_empty() && !f.rows(RowChange::Upsert(upserts)) {
            return Ok(());
        }
        if !deletes.is_empty() && !f.rows(RowChange::Delete(deletes)) {
            return Ok(());
        }
    }
    Ok(())
}
