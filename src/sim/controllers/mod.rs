//! The control loop of a simulated cluster: what kube-controller-manager,
//! the scheduler and the kubelets would do, driven by writes (the store's
//! dirty flag) and by timers (pods progressing, crash loops), never by
//! polling when nothing happens.

pub mod daemonsets;
pub mod deployments;
pub mod events;
pub mod gc;
pub mod pods;
pub mod quota;
pub mod replicasets;
pub mod statefulsets;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use tokio::sync::watch;

use crate::sim::cluster::ClusterRef;
use crate::sim::meta;
use crate::sim::store::{Obj, Store, WriteOpts};
use events::Recorder;

type Key = (String, String);

#[derive(Default)]
pub struct Controllers {
    pub recorder: Recorder,
    timers: BinaryHeap<Reverse<(DateTime<Utc>, Key)>>,
    timed: HashSet<Key>,
    last_expiry: Option<DateTime<Utc>>,
    churn_carry: f64,
    last_tick: Option<DateTime<Utc>>,
    pod_keys: Vec<Key>,
}

impl Controllers {
    /// Step pod `key` (namespace, name) at `at`.
    pub fn add_timer(&mut self, key: Key, at: DateTime<Utc>) {
        if self.timed.insert(key.clone()) {
            self.timers.push(Reverse((at, key)));
        }
    }

    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.timers.peek().map(|Reverse((t, _))| *t)
    }

    /// One pass at `now`: reconcile if anything changed, run due pod steps,
    /// churn, expire old events.
    pub fn tick(&mut self, s: &mut Store, now: DateTime<Utc>, churn_per_sec: u32) {
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
        // Reconcile until quiet (each pass may write, which re-dirties);
        // a store still dirty after this gets another tick soon.
        for _ in 0..4 {
            if !s.dirty {
                break;
            }
            s.dirty = false;
            self.reconcile(s, &opts);
        }
    }

    fn reconcile(&mut self, s: &mut Store, opts: &WriteOpts) {
        gc::collect(s, &mut self.recorder, opts);
        let rs_by_owner = by_owner(s, "replicasets");
        deployments::reconcile(s, &mut self.recorder, &rs_by_owner, opts);
        let pods_by_owner = by_owner(s, "pods");
        replicasets::reconcile(s, &mut self.recorder, &pods_by_owner, opts);
        let pods_by_owner = by_owner(s, "pods");
        statefulsets::reconcile(s, &mut self.recorder, &pods_by_owner, opts);
        daemonsets::reconcile(s, &mut self.recorder, &pods_by_owner, opts);
        quota::reconcile(s, opts);
        // Pods that need stepping get a timer.
        self.pod_keys.clear();
        let mut due = Vec::new();
        for p in s.list("pods", None) {
            let key = (meta::namespace(p).to_string(), meta::name(p).to_string());
            if pods::needs_attention(p) && !self.timed.contains(&key) {
                due.push(key.clone());
            }
            self.pod_keys.push(key);
        }
        for k in due {
            self.add_timer(k, opts.now + Duration::milliseconds(300));
        }
    }

    fn run_timers(&mut self, s: &mut Store, now: DateTime<Utc>) {
        let nodes: Vec<Obj> = s.list("nodes", None).cloned().collect();
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
                    &updated,
                    e.field_path.as_deref(),
                    if e.warning { "Warning" } else { "Normal" },
                    e.reason,
                    &e.message,
                    pods::source(e, &node),
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

fn by_owner(s: &Store, storage: &str) -> HashMap<String, Vec<Obj>> {
    let mut m: HashMap<String, Vec<Obj>> = HashMap::new();
    for o in s.list(storage, None) {
        if let Some(uid) = meta::controller_uid(o) {
            m.entry(uid.to_string()).or_default().push(o.clone());
        }
    }
    m
}

/// Run the controllers of `cluster` until `shutdown` turns true.
pub fn spawn(
    cluster: ClusterRef,
    mut ctl: Controllers,
    mut shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        ctl.tick(
            &mut cluster.store.lock(),
            Utc::now(),
            cluster.faults.churn(),
        );
        loop {
            let churn = cluster.faults.churn();
            let now = Utc::now();
            let mut wait = ctl
                .next_due()
                .map(|t| (t - now).to_std().unwrap_or_default())
                .unwrap_or(std::time::Duration::from_secs(30));
            if churn > 0 {
                wait = wait.min(std::time::Duration::from_millis(100));
            }
            if cluster.store.lock().dirty {
                wait = wait.min(std::time::Duration::from_millis(50));
            }
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = cluster.kick.notified() => {
                    // Let a burst of writes land before reconciling.
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                r = shutdown.changed() => if r.is_err() || *shutdown.borrow() { return },
            }
            let mut s = cluster.store.lock();
            ctl.tick(&mut s, Utc::now(), cluster.faults.churn());
        }
    })
}
