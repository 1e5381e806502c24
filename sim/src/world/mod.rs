//! Generates a cluster's starting state from its seed: nodes (some NotReady,
//! cordoned or tainted), team namespaces with deployments (and their
//! revision history), statefulsets, daemonsets, jobs, services, config,
//! quotas and limit ranges, a control plane, and a realistic share of
//! broken workloads, with the events the last hour would have left.

pub mod catalog;
pub mod hostile;

mod apps;
mod churn;
pub mod kinds;
mod nodes;
mod ops;
mod stories;
mod system;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Duration, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng, rngs::StdRng};
use serde_json::{Value, json};

use crate::cluster::{Cluster, fnv_hash};
use crate::controllers::Controllers;
use crate::controllers::events::Occurrence;
use crate::controllers::pods::{self, Behavior};
use crate::store::{Obj, Store, WriteOpts};
use crate::{defaults, meta};
use catalog::App;

/// What is wrong with a deployment: the broken things a cluster starts
/// with (each on one deployment, from [`INCIDENTS`]), and the metrics
/// stories' workloads (`stories.rs`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Incident {
    CrashLoop,
    Oom,
    BadRollout,
    Unready,
    InitCrashLoop,
    Unschedulable,
    /// Burns CPU well above its request.
    CpuHungry,
    /// Leaks memory up to its limit and is OOM-killed, again and again.
    MemoryLeak,
}

const INCIDENTS: &[Incident] = &[
    Incident::CrashLoop,
    Incident::BadRollout,
    Incident::Oom,
    Incident::Unready,
    Incident::Unschedulable,
    Incident::InitCrashLoop,
];

struct Gen<'a> {
    s: &'a mut Store,
    ctl: &'a mut Controllers,
    rng: StdRng,
    now: DateTime<Utc>,
    cluster: String,
    /// When the cluster was created.
    born: DateTime<Utc>,
    nodes: Vec<Obj>,
    node_infos: Vec<pods::NodeInfo>,
    /// The nodes as the scheduler saw them before a node came under disk
    /// pressure (and when): pods older than that may run there.
    before_pressure: Option<(DateTime<Utc>, Vec<pods::NodeInfo>)>,
}

fn opts(now: DateTime<Utc>) -> WriteOpts<'static> {
    WriteOpts {
        manager: "kube-controller-manager",
        now,
        dry_run: false,
    }
}

/// Fill `cluster`'s store. `index` is the cluster's position (varies the
/// mix of faults between clusters).
pub fn populate(cluster: &Cluster, index: usize, ctl: &mut Controllers) {
    let spec = cluster.spec.clone();
    let now = cluster.started;
    let mut rng = StdRng::seed_from_u64(spec.seed ^ fnv_hash(&spec.name));
    let age_days = rng.random_range(40..400);
    let mut store = cluster.store.lock();
    let mut g = Gen {
        s: &mut store,
        ctl,
        rng,
        now,
        cluster: spec.name.clone(),
        born: now - Duration::days(age_days),
        nodes: Vec::new(),
        node_infos: Vec::new(),
        before_pressure: None,
    };
    g.nodes(spec.nodes.max(1), index);
    let mut system_pods = g.control_plane();
    let app_ns: Vec<String> = (0..spec.namespaces).map(catalog::namespace_name).collect();
    for ns in [
        "default",
        "kube-system",
        "kube-public",
        "kube-node-lease",
        "monitoring",
    ]
    .into_iter()
    .map(str::to_string)
    .chain(app_ns.iter().cloned())
    {
        g.namespace(&ns);
    }
    g.service(
        "default",
        "kubernetes",
        json!({"component": "apiserver", "provider": "kubernetes"}),
        None,
        443,
        Some("10.96.0.1"),
    );
    system_pods += g.daemonsets();
    system_pods += g.system_deployments(spec.metrics);

    // Plan the team workloads, then size them to the pod budget.
    let mut plan: Vec<(String, App)> = Vec::new();
    for ns in &app_ns {
        let n = g.rng.random_range(3..=6);
        let mut apps: Vec<App> = catalog::APPS.to_vec();
        apps.shuffle(&mut g.rng);
        plan.extend(apps.into_iter().take(n).map(|a| (ns.clone(), a)));
    }
    let mut fixed = system_pods;
    let mut stateful = Vec::new();
    for (i, ns) in app_ns.iter().enumerate() {
        if i % 2 == 0 {
            let app = catalog::STATEFUL[(i / 2) % catalog::STATEFUL.len()];
            let replicas = if app.name == "redis" { 1 } else { 3 };
            fixed += replicas;
            stateful.push((ns.clone(), app, replicas));
        }
    }
    let budget = spec.pods.saturating_sub(fixed).max(plan.len());
    let weights: Vec<usize> = plan.iter().map(|_| g.rng.random_range(1..=4)).collect();
    let total_w: usize = weights.iter().sum::<usize>().max(1);
    let mut incidents = INCIDENTS.to_vec();
    incidents.rotate_left(index % INCIDENTS.len());
    let mut order: Vec<usize> = (0..plan.len()).collect();
    order.shuffle(&mut g.rng);
    let chosen: Vec<(usize, Incident)> = order
        .into_iter()
        .zip(incidents.into_iter().take(3 + index % 3))
        .collect();
    for (i, (ns, app)) in plan.iter().enumerate() {
        let replicas = (budget * weights[i] / total_w).max(1);
        let incident = chosen.iter().find(|(j, _)| *j == i).map(|(_, x)| *x);
        g.deployment(ns, app, replicas, incident);
    }
    for (ns, app, replicas) in stateful {
        g.statefulset(&ns, &app, replicas);
    }
    for (i, ns) in app_ns.iter().enumerate() {
        if i % 2 == 1 {
            g.jobs(ns);
        }
    }
    g.operations(&app_ns, spec.metrics);
    g.stories(&app_ns);
    g.cluster_kinds(&app_ns);
    for (i, ns) in app_ns.iter().enumerate() {
        g.quota(ns, i == 0);
    }
    if spec.events > 0 {
        g.churned_history(spec.events);
    }
    drop(g);
    store.compact();
}

/// The times of a leaking container whose long middle was skipped, as if
/// its last runs ended just before `t`: a running container started one
/// run before it; the last terminated one ran its full run, then backed off.
fn recent_run(status: &mut Value, t: DateTime<Utc>) {
    let run = crate::metrics::LEAK_RUN;
    let back_off = Duration::seconds(60);
    // When the current run started, or will start.
    let mut start = t;
    if status["state"]["running"].is_object() {
        start = t - run;
        status["state"]["running"]["startedAt"] = json!(meta::ts(start));
    }
    let last = &mut status["lastState"]["terminated"];
    if last.is_object() {
        let finished = start - back_off;
        last["finishedAt"] = json!(meta::ts(finished));
        last["startedAt"] = json!(meta::ts(finished - run));
    }
}

impl Gen<'_> {
    fn create(&mut self, storage: &'static str, obj: Value) -> Option<Obj> {
        let o = opts(self.now);
        match self.s.create(storage, obj, &o) {
            Ok(x) => Some(x),
            Err(e) => {
                tracing::warn!(cluster = %self.cluster, "generating {storage}: {e}");
                None
            }
        }
    }

    fn ago(&mut self, min: Duration, max: Duration) -> DateTime<Utc> {
        let span = (max - min).num_seconds().max(1);
        self.now - min - Duration::seconds(self.rng.random_range(0..span))
    }

    fn namespace(&mut self, ns: &str) {
        let created = if ns.starts_with("kube-") || ns == "default" {
            self.born
        } else {
            self.ago(Duration::days(5), Duration::days(30))
        };
        let mut obj = json!({"metadata": {"name": ns, "creationTimestamp": meta::ts(created)}});
        defaults::apply("namespaces", &mut obj);
        self.create("namespaces", obj);
        let t = meta::ts(created);
        self.create(
            "serviceaccounts",
            json!({"metadata": {"name": "default", "namespace": ns, "creationTimestamp": t}}),
        );
        self.create("configmaps", json!({"metadata": {"name": "kube-root-ca.crt", "namespace": ns, "creationTimestamp": t,
            "annotations": {"kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."}},
            "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIkdeck0sim0caMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV\n-----END CERTIFICATE-----\n"}}));
    }

    fn service(
        &mut self,
        ns: &str,
        name: &str,
        labels: Value,
        selector: Option<Value>,
        port: u16,
        ip: Option<&str>,
    ) {
        let mut obj = json!({
            "metadata": {"name": name, "namespace": ns, "labels": labels, "creationTimestamp": meta::ts(self.ago(Duration::days(2), Duration::days(30)))},
            "spec": {"ports": [{"name": "http", "port": if port == 443 || port == 53 { port } else { 80 }, "targetPort": port}]},
        });
        if let Some(sel) = selector {
            obj["spec"]["selector"] = sel;
        }
        let ip = match ip {
            Some(ip) => ip.to_string(),
            None => {
                let h = fnv_hash(&format!("{}/{ns}/{name}", self.cluster));
                format!("10.96.{}.{}", (h >> 8) % 250, h % 250 + 2)
            }
        };
        obj["spec"]["clusterIP"] = json!(ip);
        obj["spec"]["clusterIPs"] = json!([ip]);
        defaults::apply("services", &mut obj);
        self.create("services", obj);
    }

    /// A pod grown from `created` to now through its lifecycle, so that its
    /// status, times and last-hour events are those of a real history.
    fn grow(&mut self, mut pod: Value, created: DateTime<Utc>) -> Option<Obj> {
        let uid = self.s.new_uid();
        pod["metadata"]["uid"] = json!(uid);
        pod["metadata"]["creationTimestamp"] = json!(meta::ts(created));
        if pod["metadata"]["name"].is_null() {
            let prefix = pod["metadata"]["generateName"]
                .as_str()
                .unwrap_or("pod-")
                .to_string();
            let suffix = meta::random_suffix(&mut self.rng, 5);
            pod["metadata"]["name"] = json!(format!("{prefix}{suffix}"));
        }
        let behavior = pods::behavior(&pod);
        let looping = matches!(
            behavior,
            Behavior::CrashLoop
                | Behavior::Oom
                | Behavior::MemoryLeak
                | Behavior::Unready
                | Behavior::InitCrashLoop
        ) || !pod["spec"]["containers"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|c| pods::image_pullable(c["image"].as_str().unwrap_or("")));
        let mut t = created + Duration::seconds(1);
        let mut pending_events = Vec::new();
        let mut due = None;
        for i in 0..14 {
            let nodes = match &self.before_pressure {
                Some((since, before)) if t < *since => before,
                _ => &self.node_infos,
            };
            let Some(step) = pods::advance(&pod, nodes, t) else {
                break;
            };
            let node = step.pod["spec"]["nodeName"]
                .as_str()
                .unwrap_or("")
                .to_string();
            pending_events.push((step.events, node, t));
            pod = step.pod;
            let Some(next) = step.next else {
                due = None;
                break;
            };
            t += next;
            due = Some(t);
            if looping && i >= 4 && t < self.now - Duration::seconds(90) {
                // Skip the long middle of a loop; play its last minutes.
                let age = (self.now - created).num_minutes();
                // A crash loop restarts about every 5 minutes (the
                // kubelet's longest back-off); a leak once per run and
                // back-off.
                let every = if behavior == Behavior::MemoryLeak {
                    (crate::metrics::LEAK_RUN.num_minutes() + 1).max(1)
                } else {
                    5
                };
                t = self.now - Duration::seconds(self.rng.random_range(20..90));
                for list in ["containerStatuses", "initContainerStatuses"] {
                    for c in pod["status"][list].as_array_mut().into_iter().flatten() {
                        if c["restartCount"].as_i64().unwrap_or(0) > 0 {
                            c["restartCount"] = json!((age / every).clamp(3, 400));
                        }
                        if behavior == Behavior::MemoryLeak {
                            recent_run(c, t);
                        }
                    }
                }
            }
            if t > self.now {
                break;
            }
        }
        let obj = self.create("pods", pod)?;
        if let Some(at) = due {
            // The pod goes on where its generated history stopped.
            let key = (
                meta::namespace(&obj).to_string(),
                meta::name(&obj).to_string(),
            );
            self.ctl
                .add_timer(key, at.max(self.now + Duration::milliseconds(200)));
        }
        for (events, node, at) in pending_events {
            for e in events {
                let kind = if e.warning { "Warning" } else { "Normal" };
                self.ctl.recorder.record(
                    self.s,
                    Occurrence {
                        obj: &obj,
                        field_path: e.field_path.as_deref(),
                        kind_type: kind,
                        reason: e.reason,
                        message: &e.message,
                        source: pods::source(&e, &node),
                    },
                    at,
                );
            }
        }
        Some(obj)
    }
}
