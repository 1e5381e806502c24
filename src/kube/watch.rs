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
use crate::kube::lean::LeanPod;

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
            Kind::Pods => w.namespaced(lean_pod_row, Row::Pod).await,
            Kind::Deployments => w.namespaced(rows::deployment_row, Row::Deployment).await,
            Kind::StatefulSets => w.namespaced(rows::statefulset_row, Row::StatefulSet).await,
            Kind::DaemonSets => w.namespaced(rows::daemonset_row, Row::DaemonSet).await,
            Kind::ReplicaSets => w.namespaced(rows::replicaset_row, Row::ReplicaSet).await,
            Kind::Services => w.namespaced(rows::service_row, Row::Service).await,
            Kind::ResourceQuotas => w.namespaced(rows::quota_row, Row::Quota).await,
            Kind::LimitRanges => w.namespaced(rows::limitrange_row, Row::LimitRange).await,
            Kind::Events => w.namespaced(rows::event_row, Row::Event).await,
            Kind::Generic(_) => generic::run(w).await,
        }
    })
}

/// Pods are decoded leanly (they come by the tens of thousands).
fn lean_pod_row(p: &LeanPod) -> rows::PodRow {
    rows::pod_row(&p.0)
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
        let mut f = Follower::new(cluster, kind, &tx, vec![None]);
        f.state(WatchState::Listing);
        let all: Api<K> = Api::all(client.clone());
        let stream = watcher::watcher(all.clone(), config.clone())
            .backoff(Retry::default())
            .map(|e| (0, e));
        let forbidden = match follow(&mut f, stream, project, check(all)).await {
            Ok(()) => return,
            Err(p) => p,
        };
        let Some(ns_api) = ns_api.filter(|_| !fallback_ns.is_empty()) else {
            f.state(WatchState::Forbidden(forbidden.message().to_string()));
            return;
        };
        // Not allowed cluster-wide: watch the namespaces we know of instead,
        // each listed on its own.
        let mut f = Follower::per_namespace(cluster, kind, &tx, &forbidden, &fallback_ns);
        let streams = fallback_ns.iter().enumerate().map(|(i, ns)| {
            let api: Api<K> = ns_api(client.clone(), ns);
            watcher::watcher(api, config.clone())
                .backoff(Retry::default())
                .map(move |e| (i, e))
                .boxed()
        });
        let merged = futures::stream::select_all(streams);
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

fn uid_of<K: Resource>(o: &K) -> rows::Uid {
    match o.meta().uid.as_deref() {
        Some(uid) => rows::Uid::new(uid),
        None => rows::Uid::new(&format!(
            "{}/{}",
            o.meta().namespace.as_deref().unwrap_or(""),
            o.meta().name.as_deref().unwrap_or("")
        )),
    }
}

/// A watch event with the object already projected.
enum Lean {
    /// A generic kind's columns (sent before its rows, again when they
    /// change).
    Columns(std::sync::Arc<[crate::kube::table::TableColumn]>),
    Init,
    InitApply(Row),
    InitDone,
    Apply(Row),
    Delete(rows::Uid),
    Error(watcher::Error),
}

/// Follows the watch streams of one (cluster, kind), sending batched row
/// changes: one stream across all namespaces, or one per namespace.
struct Follower<'a> {
    cluster: usize,
    kind: Kind,
    tx: &'a UnboundedSender<ClusterEvent>,
    /// Each stream's namespace (None: every namespace).
    scopes: Vec<Option<String>>,
    /// Each stream's re-list in progress: its rows, sent whole at its end
    /// so that a re-list never shows an empty table. A list that starts
    /// over (a page failed) starts afresh.
    pending: Vec<Option<Vec<Row>>>,
    /// Each stream has completed a list.
    listed: Vec<bool>,
    /// The first list of a cluster-wide stream is sent page by page as it
    /// arrives (rows on screen at once); `first_open` while it runs.
    first_open: bool,
    /// When that first list started over: the uids seen since (the rows of
    /// the failed attempt that are not among them are gone).
    seen: Option<std::collections::HashSet<rows::Uid>>,
    /// Rows sent so far (a forbidden list is told apart from a failure
    /// after some rows).
    streamed: usize,
    /// The watch has been current once.
    been_live: bool,
    /// Set when only some namespaces are watched: reported instead of Live.
    partial: Option<String>,
    /// Why the watch is not current, while it is not.
    trouble: Option<Trouble>,
}

impl<'a> Follower<'a> {
    fn new(
        cluster: usize,
        kind: Kind,
        tx: &'a UnboundedSender<ClusterEvent>,
        scopes: Vec<Option<String>>,
    ) -> Self {
        let n = scopes.len();
        Follower {
            cluster,
            kind,
            tx,
            scopes,
            pending: vec![None; n],
            listed: vec![false; n],
            first_open: false,
            seen: None,
            streamed: 0,
            been_live: false,
            partial: None,
            trouble: None,
        }
    }

    /// The follower of each of `namespaces` when listing across all of
    /// them was `forbidden` (said at once as the watch's state).
    fn per_namespace(
        cluster: usize,
        kind: Kind,
        tx: &'a UnboundedSender<ClusterEvent>,
        forbidden: &Problem,
        namespaces: &[String],
    ) -> Self {
        let why = format!(
            "{} (showing namespaces {} only)",
            forbidden.message(),
            namespaces.join(", ")
        );
        let mut f = Follower::new(
            cluster,
            kind,
            tx,
            namespaces.iter().cloned().map(Some).collect(),
        );
        f.state(WatchState::Forbidden(why.clone()));
        f.partial = Some(why);
        f
    }

    /// Whether stream `i`'s list goes out page by page: the first list of
    /// the one cluster-wide stream.
    fn streams_pages(&self, i: usize) -> bool {
        self.scopes.len() == 1 && self.scopes[0].is_none() && !self.listed[i]
    }

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
        if let Some(st) = p.cluster_status(self.been_live) {
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
    S: Stream<Item = (usize, Result<WEvent<K>, watcher::Error>)> + Send,
    P: Fn(&K) -> Row + Send,
{
    // Project each object as it arrives: only lean rows are ever batched.
    let lean = stream.map(move |(i, ev)| {
        (
            i,
            match ev {
                Ok(WEvent::Init) => Lean::Init,
                Ok(WEvent::InitApply(o)) => Lean::InitApply(project(&o)),
                Ok(WEvent::InitDone) => Lean::InitDone,
                Ok(WEvent::Apply(o)) => Lean::Apply(project(&o)),
                Ok(WEvent::Delete(o)) => Lean::Delete(uid_of(&o)),
                Err(e) => Lean::Error(e),
            },
        )
    });
    follow_lean(f, lean, check).await
}

/// Follows a stream of projected events (typed watchers' and generic
/// Table watches').
async fn follow_lean<S>(f: &mut Follower<'_>, lean: S, check: Check) -> Result<(), Problem>
where
    S: Stream<Item = (usize, Lean)> + Send,
{
    let mut stream = std::pin::pin!(lean.ready_chunks(BATCH));
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
        let mut out = Changes::default();
        for (i, item) in batch {
            match item {
                Lean::Columns(columns) => {
                    if !out.flush(f) {
                        return Ok(());
                    }
                    if !f.send(ClusterEvent::Columns {
                        cluster: f.cluster,
                        kind: f.kind,
                        columns,
                    }) {
                        return Ok(());
                    }
                }
                Lean::Init => {
                    if f.streams_pages(i) {
                        if f.first_open {
                            // Started over: what the failed attempt sent
                            // may be gone by now.
                            f.seen = Some(Default::default());
                        }
                        f.first_open = true;
                    } else if let Some(p) = f.pending.get_mut(i) {
                        *p = Some(Vec::new());
                    }
                }
                Lean::InitApply(row) => match f.pending.get_mut(i) {
                    Some(Some(p)) => p.push(row),
                    _ => {
                        if let Some(seen) = &mut f.seen {
                            seen.insert(row.meta().uid.clone());
                        }
                        out.upserts.push(row);
                    }
                },
                Lean::InitDone => {
                    // What came before goes first.
                    if !out.flush(f) {
                        return Ok(());
                    }
                    let change = match f.pending.get_mut(i).and_then(Option::take) {
                        Some(rows) => match f.scopes.get(i).cloned().flatten() {
                            Some(ns) => RowChange::ReplaceIn(ns, rows),
                            None => RowChange::Replace(rows),
                        },
                        None => {
                            f.first_open = false;
                            RowChange::Listed {
                                keep: f.seen.take(),
                            }
                        }
                    };
                    if !f.rows(change) {
                        return Ok(());
                    }
                    if let Some(l) = f.listed.get_mut(i) {
                        *l = true;
                    }
                    if f.listed.iter().all(|l| *l) {
                        f.trouble = None;
                        f.live();
                        f.been_live = true;
                    }
                }
                Lean::Apply(row) => out.upserts.push(row),
                Lean::Delete(uid) => out.deletes.push(uid),
                Lean::Error(e) => {
                    let p = classify_watch(&e);
                    tracing::info!(
                        cluster = f.cluster,
                        kind = f.kind.name(),
                        "watch problem: {e}"
                    );
                    // A generic kind no longer served (its CRD deleted):
                    // the watch ends instead of asking again and again.
                    if let (Problem::NotFound(m), Kind::Generic(_)) = (&p, f.kind) {
                        if !out.flush(f) {
                            return Ok(());
                        }
                        f.state(WatchState::Gone(m.clone()));
                        return Ok(());
                    }
                    if matches!(p, Problem::Forbidden(_))
                        && !f.been_live
                        && f.streamed + out.upserts.len() == 0
                        && f.pending.iter().flatten().all(Vec::is_empty)
                    {
                        return Err(p);
                    }
                    f.failed(&p);
                }
            }
        }
        if !out.flush(f) {
            return Ok(());
        }
    }
}

/// Row changes gathered from one batch of events.
#[derive(Default)]
struct Changes {
    upserts: Vec<Row>,
    deletes: Vec<rows::Uid>,
}

impl Changes {
    /// Send what was gathered; false when the app is gone.
    fn flush(&mut self, f: &mut Follower<'_>) -> bool {
        if (!self.upserts.is_empty() || !self.deletes.is_empty()) && f.trouble.is_some() {
            // Changes flow again.
            f.recovered();
        }
        f.streamed += self.upserts.len();
        let upserts = std::mem::take(&mut self.upserts);
        let deletes = std::mem::take(&mut self.deletes);
        (upserts.is_empty() || f.rows(RowChange::Upsert(upserts)))
            && (deletes.is_empty() || f.rows(RowChange::Delete(deletes)))
    }
}

mod generic;

#[cfg(test)]
mod tests;
pub mod warnings;
