//! One kube-runtime watcher per (cluster, kind), projected into lean rows as
//! objects arrive (whole objects are dropped at once), re-listing on 410 and
//! reconnecting with backoff by itself. Each change is reported to the app
//! loop; bursts are batched.

use std::fmt::Debug;

use std::time::Duration;

use futures::future::BoxFuture;
use futures::{FutureExt, Stream, StreamExt};
use k8s_openapi::{ClusterResourceScope, NamespaceResourceScope};
use kube::api::{Api, ListParams};
use kube::runtime::WatchStreamExt;
use kube::runtime::utils::Backoff;
use kube::runtime::watcher::{self, Event as WEvent};
use kube::{Client, Resource};
use serde::de::DeserializeOwned;
use tokio::sync::mpsc::UnboundedSender;

use super::errors::{Problem, classify_watch};
use super::{ClusterEvent, Row, RowChange, Trouble, TroubleKind, WatchState, rows};
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
            trouble: None,
        };
        f.state(WatchState::Listing);
        let all: Api<K> = Api::all(client.clone());
        let stream = watcher::watcher(all.clone(), config.clone()).backoff(Retry::default());
        let forbidden = match follow(&mut f, stream, project, check(all)).await {
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
                .backoff(Retry::default())
                .boxed()
        });
        let merged = futures::stream::select_all(streams);
        f.pending = None;
        let first: Api<K> = ns_api(client.clone(), &fallback_ns[0]);
        if let Err(p) = follow(&mut f, merged, project, check(first)).await {
            f.state(WatchState::Forbidden(p.message().to_string()));
        }
    }
}

/// Builds the Api of one namespace (None for cluster-scoped kinds).
type NsApi<K> = Option<fn(Client, &str) -> Api<K>>;

/// Asks whether the resource is served again: a list of one object.
type Check = Box<dyn Fn() -> BoxFuture<'static, bool> + Send + Sync>;

/// While a watch is failing, how often to check whether the cluster
/// answers again (the header follows the truth within that time).
const CHECK_EVERY: Duration = Duration::from_secs(2);

fn check<K: Watched>(api: Api<K>) -> Check {
    Box::new(move || {
        let api = api.clone();
        async move { api.list(&ListParams::default().limit(1)).await.is_ok() }.boxed()
    })
}

/// The watcher's retry delays: from 0.5 s doubling to at most 5 s (kube's
/// default goes to 30 s: a recovered cluster would look dead for that
/// long), back to the start after a minute without errors.
struct Retry {
    next: Duration,
    last: Option<std::time::Instant>,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            next: RETRY_FIRST,
            last: None,
        }
    }
}

const RETRY_FIRST: Duration = Duration::from_millis(500);
const RETRY_MAX: Duration = Duration::from_secs(5);

impl Iterator for Retry {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        let now = std::time::Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) > Duration::from_secs(60))
        {
            self.next = RETRY_FIRST;
        }
        self.last = Some(now);
        let d = self.next;
        self.next = (self.next * 2).min(RETRY_MAX);
        Some(d)
    }
}

impl Backoff for Retry {
    fn reset(&mut self) {
        self.next = RETRY_FIRST;
    }
}

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
    /// Why the watch is not current, while it is not.
    trouble: Option<Trouble>,
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

    /// The watch failed with `p`: say so (once per change of reason), and
    /// what it means for the whole cluster.
    fn failed(&mut self, p: &Problem) {
        if let Problem::Forbidden(m) = p {
            self.state(WatchState::Forbidden(m.clone()));
            return;
        }
        let Some(t) = p.trouble() else { return };
        if self.trouble.as_ref() != Some(&t) {
            self.state(WatchState::Retrying(t.clone()));
        }
        self.trouble = Some(t);
        if let Some(st) = p.cluster_status(true) {
            self.send(ClusterEvent::Status {
                cluster: self.cluster,
                status: st,
            });
        }
    }

    /// The watch works again after a failure.
    fn recovered(&mut self) {
        if self.trouble.take().is_some() {
            self.live();
        }
    }

    /// The watch is current: live, and the cluster answers.
    fn live(&self) {
        self.state(match &self.partial {
            Some(why) => WatchState::Partial(why.clone()),
            None => WatchState::Live,
        });
        self.send(ClusterEvent::Healthy {
            cluster: self.cluster,
        });
    }
}

async fn follow<K, S, P>(
    f: &mut Follower<'_>,
    stream: S,
    project: P,
    check: Check,
) -> Result<(), Problem>
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
    let mut recheck = tokio::time::interval(CHECK_EVERY);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        // While failing, a watch that resumed silently (nothing changed) is
        // found out by a cheap list: the status heals within CHECK_EVERY.
        let checking = f
            .trouble
            .as_ref()
            .is_some_and(|t| t.kind != TroubleKind::Expired);
        let batch = tokio::select! {
            batch = stream.next() => batch,
            _ = recheck.tick(), if checking => {
                if check().await {
                    f.recovered();
                }
                continue;
            }
        };
        let Some(batch) = batch else {
            return Ok(());
        };
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
                        f.trouble = None;
                        f.live();
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
                    if matches!(p, Problem::Forbidden(_))
                        && !was_live
                        && f.pending.as_ref().is_none_or(Vec::is_empty)
                    {
                        return Err(p);
                    }
                    f.failed(&p);
                }
            }
        }
        if (!upserts.is_empty() || !deletes.is_empty()) && f.trouble.is_some() {
            // Changes flow again.
            f.recovered();
        }
        if !upserts.is_empty() && !f.rows(RowChange::Upsert(upserts)) {
            return Ok(());
        }
        if !deletes.is_empty() && !f.rows(RowChange::Delete(deletes)) {
            return Ok(());
        }
    }
}
