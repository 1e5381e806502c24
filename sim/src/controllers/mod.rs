//! The control loop of a simulated cluster: what kube-controller-manager,
//! the scheduler and the kubelets would do, driven by writes (the store's
//! dirty flag) and by timers (pods progressing, crash loops), never by
//! polling when nothing happens.

pub mod daemonsets;
mod deployment_status;
pub mod deployments;
pub mod events;
pub mod gc;
pub mod hpa;
pub mod nodes;
pub mod pdb;
pub mod pods;
pub mod quota;
pub mod replicasets;
pub mod revisions;
pub mod statefulsets;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use tokio::sync::watch;

use crate::cluster::ClusterRef;
use crate::meta;
use crate::store::{Obj, Store, WriteOpts};
use events::{Occurrence, Recorder};

type Key = (String, String);

#[derive(Default)]
pub struct Controllers {
    pub recorder: Recorder,
    timers: BinaryHeap<Reverse<(DateTime<Utc>, Key)>>,
    timed: HashSet<Key>,
    last_expiry: Option<DateTime<Utc>>,
    churn_carry: f64,
    last_tick: Option<DateTime<Utc>>,
    last_reconcile: Option<DateTime<Utc>>,
    /// Pods churn picks from, refreshed every few seconds.
    pod_keys: Vec<Key>,
    last_keys: Option<DateTime<Utc>>,
    /// When the autoscalers last looked at their metrics.
    last_autoscale: Option<DateTime<Utc>>,
    /// Whether metrics.k8s.io is served (autoscalers read it).
    metrics: bool,
}

/// How often the autoscalers look at their metrics (the real default).
const AUTOSCALE_PERIOD: Duration = Duration::seconds(15);

/// The objects of `storage` in `namespaces` (all when None).
fn in_namespaces(s: &Store, storage: &str, namespaces: Option<&HashSet<String>>) -> Vec<Obj> {
    match namespaces {
        None => s.list(storage, None).cloned().collect(),
        Some(ns) => ns
            .iter()
            .flat_map(|n| s.list(storage, Some(n)).cloned())
            .collect(),
    }
}

/// The longest a status change waits to be reconciled.
pub const RESYNC: Duration = Duration::milliseconds(500);

impl Controllers {
    /// Step pod `key` (namespace, name) at `at`.
    pub fn add_timer(&mut self, key: Key, at: DateTime<Utc>) {
        if self.timed.insert(key.clone()) {
            self.timers.push(Reverse((at, key)));
        }
    }

    /// Bring a pod's step forward to `at` (if it had a later one).
    fn hasten(&mut self, key: Key, at: DateTime<Utc>) {
        if !self.timed.contains(&key) {
            self.add_timer(key, at);
            return;
        }
        let timers = std::mem::take(&mut self.timers);
        self.timers = timers
            .into_iter()
            .map(|Reverse((t, k))| {
                if k == key && t > at {
                    Reverse((at, k))
                } else {
                    Reverse((t, k))
                }
            })
            .collect();
    }

    /// Tell the controllers whether metrics.k8s.io is served.
    pub fn set_metrics(&mut self, on: bool) {
        self.metrics = on;
    }

    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.timers.peek().map(|Reverse((t, _))| *t)
    }

    /// One pass at `now`: run due pod steps, churn, expire old events, and
    /// reconcile the workloads if anything changed: at once when `force`d
    /// (an API write), else at most every [`RESYNC`] (kubelet-side status
    /// changes), so that big clusters do not rescan on every pod update.
    pub fn tick(&mut self, s: &mut Store, now: DateTime<Utc>, churn_per_sec: u32, force: bool) {
        let opts = WriteOpts {
            manager: "kube-controller-manager",
            now,
            dry_run: false,
        };
        self.run_timers(s, now);
        let dt = self
            .last_tick
            .map_or(0.0, |t| (now - t).num_milliseconds().max(0) as f64 / 1000.0);
        self.last_tick = Some(now);
        if churn_per_sec > 0 {
            self.churn(s, churn_per_sec as f64 * dt.min(2.0), &opts);
        }
        if self
            .last_expiry
            .is_none_or(|t| now - t > Duration::seconds(60))
        {
            self.last_expiry = Some(now);
            self.recorder.expire(s, now);
        }
        if self
            .last_autoscale
            .is_none_or(|t| now - t >= AUTOSCALE_PERIOD)
        {
            self.last_autoscale = Some(now);
            hpa::reconcile(s, &mut self.recorder, None, self.metrics, &opts);
        }
        if !s.dirty.is_empty() && (force || self.reconcile_due().is_none_or(|t| now >= t)) {
            // Reconcile until quiet (each pass may write, which re-dirties).
            for _ in 0..4 {
                if s.dirty.is_empty() {
                    break;
                }
                self.reconcile(s, &opts);
            }
            self.last_reconcile = Some(now);
        }
    }

    /// Reconcile pending writes without stepping pods (a frozen cluster).
    pub fn reconcile_only(&mut self, s: &mut Store, now: DateTime<Utc>, force: bool) {
        let opts = WriteOpts {
            manager: "kube-controller-manager",
            now,
            dry_run: false,
        };
        if force && !s.dirty.is_empty() {
            self.reconcile(s, &opts);
            self.last_reconcile = Some(now);
        }
    }

    /// Push every pending pod step `by` later.
    pub fn defer_timers(&mut self, by: Duration) {
        let timers = std::mem::take(&mut self.timers);
        self.timers = timers
            .into_iter()
            .map(|Reverse((t, k))| Reverse((t + by, k)))
            .collect();
    }

    /// The earliest time the next unforced reconcile may run.
    pub fn reconcile_due(&self) -> Option<DateTime<Utc>> {
        self.last_reconcile.map(|t| t + RESYNC)
    }

    fn reconcile(&mut self, s: &mut Store, opts: &WriteOpts) {
        let d = std::mem::take(&mut s.dirty);
        if d.full {
            nodes::reconcile(s, opts);
        }
        gc::collect(s, &mut self.recorder, &d.deleted_owners, d.full, opts);
        let targets = |s: &Store, storage: &str| -> Vec<Obj> {
            if d.full {
                s.list(storage, None).cloned().collect()
            } else {
                d.owners
                    .iter()
                    .filter_map(|u| s.by_uid(u))
                    .filter(|(st, _)| *st == storage)
                    .map(|(_, o)| o)
                    .collect()
            }
        };
        let t = targets(s, "deployments");
        deployments::reconcile(s, &mut self.recorder, &t, opts);
        let t = targets(s, "replicasets");
        replicasets::reconcile(s, &mut self.recorder, &t, opts);
        let t = targets(s, "statefulsets");
        statefulsets::reconcile(s, &mut self.recorder, &t, opts);
        let t = targets(s, "daemonsets");
        daemonsets::reconcile(s, &mut self.recorder, &t, opts);
        quota::reconcile(s, (!d.full).then_some(&d.namespaces), opts);
        // Budgets follow their pods (and their own edits).
        let policy_ns: Option<HashSet<String>> = (!d.full).then(|| {
            d.policies
                .iter()
                .cloned()
                .chain(d.pods.iter().map(|(ns, _)| ns.clone()))
                .collect()
        });
        pdb::reconcile(s, policy_ns.as_ref(), opts);
        // Autoscalers follow their targets' sizes (and their own edits).
        let scaled_ns: Option<HashSet<String>> = (!d.full).then(|| {
            d.policies
                .iter()
                .cloned()
                .chain(
                    d.owners
                        .iter()
                        .filter_map(|u| s.by_uid(u))
                        .map(|(_, o)| meta::namespace(&o).to_string()),
                )
                .collect()
        });
        hpa::reconcile(
            s,
            &mut self.recorder,
            scaled_ns.as_ref(),
            self.metrics,
            opts,
        );
        // Pods that need stepping get a timer.
        let changed: Vec<Key> = if d.full {
            s.list("pods", None)
                .map(|p| (meta::namespace(p).to_string(), meta::name(p).to_string()))
                .collect()
        } else {
            d.pods.into_iter().collect()
        };
        if d.full {
            // Nodes changed: the scheduler looks again at every pod it
            // could not place (a real one requeues them on node events).
            let unplaced: Vec<Key> = s
                .list("pods", None)
                .filter(|p| {
                    p["spec"]["nodeName"].is_null() && p["metadata"]["deletionTimestamp"].is_null()
                })
                .map(|p| (meta::namespace(p).to_string(), meta::name(p).to_string()))
                .collect();
            for key in unplaced {
                self.hasten(key, opts.now + Duration::milliseconds(300));
            }
        }
        for key in changed {
            let Some(p) = s.get("pods", &key.0, &key.1) else {
                continue;
            };
            if p["metadata"]["deletionTimestamp"].is_string() {
                // Terminating stops whatever the pod was waiting for (a
                // back-off, a slow start): its containers stop now.
                self.hasten(key, opts.now + Duration::milliseconds(300));
            } else if !self.timed.contains(&key) && pods::needs_attention(&p) {
                self.add_timer(key, opts.now + Duration::milliseconds(300));
            }
        }
    }

    fn run_timers(&mut self, s: &mut Store, now: DateTime<Utc>) {
        let nodes = pods::node_infos(s.list("nodes", None));
        while let Some(Reverse((t, _))) = self.timers.peek() {
            if *t > now {
                break;
            }
            let Some(Reverse((at, key))) = self.timers.pop() else {
                break;
            };
            self.timed.remove(&key);
            let Some(pod) = s.get("pods", &key.0, &key.1) else {
                continue;
            };
            let opts = WriteOpts {
                manager: "kubelet",
                now: at,
                dry_run: false,
            };
            if let Some(del) = pod["metadata"]["deletionTimestamp"]
                .as_str()
                .and_then(meta::parse_ts)
            {
                // Containers stop quickly in the sim: at most 2s of grace.
                let grace = pod["metadata"]["deletionGracePeriodSeconds"]
                    .as_i64()
                    .unwrap_or(0);
                let started = del - Duration::seconds(grace);
                let done = started + Duration::seconds(grace.min(2));
                if now >= done {
                    let _ = s.delete("pods", &key.0, &key.1, false);
                } else {
                    self.add_timer(key, done);
                }
                continue;
            }
            let Some(step) = pods::advance(&pod, &nodes, at) else {
                continue;
            };
            let node = step.pod["spec"]["nodeName"]
                .as_str()
                .unwrap_or("")
                .to_string();
            let Ok(updated) = s.update("pods", step.pod, None, &opts) else {
                continue;
            };
            for e in &step.events {
                self.recorder.record(
                    s,
                    Occurrence {
                        obj: &updated,
                        field_path: e.field_path.as_deref(),
                        kind_type: if e.warning { "Warning" } else { "Normal" },
                        reason: e.reason,
                        message: &e.message,
                        source: pods::source(e, &node),
                    },
                    at,
                );
            }
            if let Some(next) = step.next {
                self.add_timer(key, at + next);
            }
        }
    }

    /// Delete (so the owner re-creates) or touch random pods.
    fn churn(&mut self, s: &mut Store, amount: f64, opts: &WriteOpts) {
        self.churn_carry += amount;
        let n = self.churn_carry.floor() as usize;
        self.churn_carry -= n as f64;
        if self.pod_keys.is_empty()
            || self
                .last_keys
                .is_none_or(|t| opts.now - t > Duration::seconds(5))
        {
            self.pod_keys = s
                .list("pods", None)
                .map(|p| (meta::namespace(p).to_string(), meta::name(p).to_string()))
                .collect();
            self.last_keys = Some(opts.now);
        }
        if self.pod_keys.is_empty() {
            return;
        }
        for _ in 0..n {
            let i = s.rng().random_range(0..self.pod_keys.len());
            let delete = s.rng().random_bool(0.5);
            let (ns, name) = self.pod_keys[i].clone();
            let Some(p) = s.get("pods", &ns, &name) else {
                continue;
            };
            if delete && meta::controller_uid(&p).is_some() {
                let _ = s.delete("pods", &ns, &name, false);
            } else {
                let mut v = (*p).clone();
                let beat = meta::annotation(&p, "sim.kdeck.dev/heartbeat")
                    .and_then(|b| b.parse::<u64>().ok())
                    .unwrap_or(0)
                    + 1;
                meta::set_annotation(&mut v, "sim.kdeck.dev/heartbeat", &beat.to_string());
                let _ = s.update("pods", v, None, opts);
            }
        }
    }
}

/// Run the controllers of `cluster` until `shutdown` turns true.
pub fn spawn(
    cluster: ClusterRef,
    mut ctl: Controllers,
    mut shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        ctl.set_metrics(cluster.metrics_enabled());
        ctl.tick(
            &mut cluster.store.lock(),
            Utc::now(),
            cluster.faults.churn(),
            true,
        );
        loop {
            let churn = cluster.faults.churn();
            let now = Utc::now();
            let mut wake = ctl.next_due().unwrap_or(now + Duration::seconds(30));
            if !cluster.store.lock().dirty.is_empty() {
                wake = wake.min(ctl.reconcile_due().unwrap_or(now));
            }
            if churn > 0 {
                wake = wake.min(now + Duration::milliseconds(100));
            }
            let wait = (wake - now).to_std().unwrap_or_default();
            let force = tokio::select! {
                _ = tokio::time::sleep(wait) => false,
                _ = cluster.kick.notified() => {
                    // Let a burst of writes land before reconciling.
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    true
                }
                r = shutdown.changed() => if r.is_err() || *shutdown.borrow() { return } else { false },
            };
            ctl.set_metrics(cluster.metrics_enabled());
            let mut s = cluster.store.lock();
            if cluster.faults.is_frozen() {
                // Only API writes are reconciled; pods do not move on.
                ctl.reconcile_only(&mut s, Utc::now(), force);
                ctl.defer_timers(Duration::seconds(1));
                continue;
            }
            ctl.tick(&mut s, Utc::now(), cluster.faults.churn(), force);
        }
    })
}
