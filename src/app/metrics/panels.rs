//! The pod panel (`a` on a pod) and the workload panel (`a` on a
//! deployment, statefulset, daemonset or replicaset): what they show,
//! computed here from the state (`ui::panel_pod` draws them), and what they
//! want polled and recorded while open.
//!
//! A pod panel shows each container's usage against its own request and
//! limit, with the history recorded while a panel shows the pod (the store
//! keeps per-container series only for the pods of an open panel: see
//! `store`), its readiness, restarts, last termination and why it is not
//! running. A workload panel shows its pods' total against their total
//! requests and limits, with the history recorded while it is open, ready
//! against desired replicas, and a row per pod.

use chrono::{DateTime, Utc};

use super::panel::NodePanel;
use super::ring::Ring;
use super::store::{PanelWant, WantPod, WantWorkload, container_key, pod_key, workload_key};
use crate::app::state::{Overlay, State};
use crate::kube::Row;
use crate::kube::kind::Kind;
use crate::kube::metrics::Usage;
use crate::kube::rows::{ContainerInfo, PodRow, Resources};

/// An open metrics panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Panel {
    Node(NodePanel),
    Pod(PodPanel),
    Workload(WorkloadPanel),
}

impl Panel {
    pub fn cluster(&self) -> usize {
        match self {
            Panel::Node(p) => p.cluster,
            Panel::Pod(p) => p.cluster,
            Panel::Workload(p) => p.cluster,
        }
    }
}

/// An open pod panel.
#[derive(Debug, Clone, PartialEq)]
pub struct PodPanel {
    pub cluster: usize,
    pub namespace: String,
    pub name: String,
}

/// An open workload panel.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkloadPanel {
    pub cluster: usize,
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
}

impl WorkloadPanel {
    /// The owner kind its pods name (`Deployment`, …).
    pub fn owner_kind(&self) -> &'static str {
        match self.kind {
            Kind::StatefulSets => "StatefulSet",
            Kind::DaemonSets => "DaemonSet",
            Kind::ReplicaSets => "ReplicaSet",
            _ => "Deployment",
        }
    }

    /// Whether pod `p` is one of its pods.
    pub fn owns(&self, p: &PodRow) -> bool {
        if p.meta.namespace != self.namespace {
            return false;
        }
        match self.kind {
            // A replicaset's pods name it as their owner.
            Kind::ReplicaSets => p
                .owner
                .as_ref()
                .is_some_and(|o| o.kind == "ReplicaSet" && o.name == self.name),
            _ => super::workloads::workload(p)
                .is_some_and(|(k, n)| k == self.owner_kind() && n == self.name),
        }
    }

    pub fn series_key(&self) -> u64 {
        workload_key(&self.namespace, self.owner_kind(), &self.name)
    }
}

/// The open panel of cluster `c`, if any.
pub fn open(s: &State, c: usize) -> Option<&Panel> {
    s.overlays.iter().find_map(|o| match o {
        Overlay::Panel(p) if p.cluster() == c => Some(&**p),
        _ => None,
    })
}

fn pods(s: &State, cluster: usize) -> impl Iterator<Item = &PodRow> {
    s.caches
        .get(&(cluster, Kind::Pods))
        .into_iter()
        .flat_map(|c| c.rows.values())
        .filter_map(|e| match &e.row {
            Row::Pod(r) => Some(&**r),
            _ => None,
        })
}

fn pod_row<'s>(s: &'s State, p: &PodPanel) -> Option<&'s PodRow> {
    pods(s, p.cluster).find(|r| r.meta.name == p.name && r.meta.namespace == p.namespace)
}

/// The namespaces whose pod metrics the open panel of cluster `c` needs
/// polled (None: no panel there).
pub fn namespaces(s: &State, c: usize) -> Option<Vec<String>> {
    Some(match open(s, c)? {
        Panel::Node(p) => super::panel::namespaces(s, p),
        Panel::Pod(p) => vec![p.namespace.clone()],
        Panel::Workload(p) => vec![p.namespace.clone()],
    })
}

/// What the open panel of cluster `c` wants recorded from a pod poll.
pub fn want(s: &State, c: usize) -> PanelWant {
    let mut want = PanelWant::default();
    match open(s, c) {
        Some(Panel::Pod(p)) => {
            if let Some(r) = pod_row(s, p) {
                want.pods.push(WantPod {
                    namespace: p.namespace.clone(),
                    name: p.name.clone(),
                    containers: shown(r).map(|(name, _)| name.to_string()).collect(),
                });
            }
        }
        Some(Panel::Workload(w)) => want.workloads.push(WantWorkload {
            key: w.series_key(),
            namespace: w.namespace.clone(),
            pods: pods(s, c)
                .filter(|r| w.owns(r))
                .map(|r| pod_key(&r.meta.namespace, &r.meta.name))
                .collect(),
        }),
        _ => {}
    }
    want
}

/// The containers a pod panel shows: the regular ones, and the init ones
/// that keep running (sidecars) or have not completed.
fn shown(r: &PodRow) -> impl Iterator<Item = (&str, &ContainerInfo)> {
    let init_from = usize::from(r.init_from);
    r.containers
        .iter()
        .enumerate()
        .filter(move |(i, c)| {
            *i < init_from || c.sidecar || c.state.as_deref() != Some("Completed")
        })
        .map(|(_, c)| (c.name.as_str(), c))
}

/// One container in the pod panel.
pub struct ContainerView<'s> {
    pub name: &'s str,
    pub init: bool,
    pub info: &'s ContainerInfo,
    /// Its latest sample (None: none, or not running at the last one).
    pub usage: Option<Usage>,
    pub ring: Option<&'s Ring>,
}

/// What the pod panel shows.
pub struct PodView<'s> {
    pub cluster: &'s str,
    pub row: &'s PodRow,
    /// The pod's latest sample (the sum of its containers).
    pub usage: Option<Usage>,
    /// Metrics cannot be had on this cluster (not served, forbidden).
    pub unavailable: bool,
    pub containers: Vec<ContainerView<'s>>,
    pub now: DateTime<Utc>,
}

/// The pod panel's content, if the pod is known.
pub fn pod_view<'s>(s: &'s State, p: &PodPanel) -> Option<PodView<'s>> {
    let row = pod_row(s, p)?;
    let store = s.metrics.cluster(p.cluster);
    let init_from = usize::from(row.init_from);
    let containers = shown(row)
        .map(|(name, info)| {
            let ring = store.and_then(|m| m.panel_ring(container_key(&p.namespace, &p.name, name)));
            ContainerView {
                name,
                init: row.containers.iter().position(|c| c.name == name) >= Some(init_from),
                info,
                usage: ring.and_then(Ring::latest),
                ring,
            }
        })
        .collect();
    Some(PodView {
        cluster: s.clusters.get(p.cluster).map_or("", |c| c.name.as_str()),
        row,
        usage: store.and_then(|m| m.pod(&p.namespace, &p.name)),
        unavailable: s.metrics.unavailable(p.cluster, true),
        containers,
        now: s.now,
    })
}

/// One pod in the workload panel.
pub struct MemberView<'s> {
    pub row: &'s PodRow,
    pub usage: Option<Usage>,
}

/// What the workload panel shows.
pub struct WorkloadView<'s> {
    pub cluster: &'s str,
    /// Ready and desired replicas (None: the workload is not known).
    pub replicas: Option<(i32, i32)>,
    /// Its pods' total and how many had a sample.
    pub usage: Option<(Usage, usize)>,
    /// The pods' requests and limits summed; a limit only when every pod
    /// has one.
    pub resources: Resources,
    pub unavailable: bool,
    pub ring: Option<&'s Ring>,
    /// Its pods, by name.
    pub pods: Vec<MemberView<'s>>,
    pub now: DateTime<Utc>,
}

fn replicas(s: &State, w: &WorkloadPanel) -> Option<(i32, i32)> {
    s.caches
        .get(&(w.cluster, w.kind))?
        .rows
        .values()
        .find_map(|e| {
            let m = e.row.meta();
            if m.name != w.name || m.namespace != w.namespace {
                return None;
            }
            match &e.row {
                Row::Deployment(r) => Some((r.ready, r.desired)),
                Row::StatefulSet(r) => Some((r.ready, r.desired)),
                Row::DaemonSet(r) => Some((r.ready, r.desired)),
                Row::ReplicaSet(r) => Some((r.ready, r.desired)),
                _ => None,
            }
        })
}

/// The workload panel's content.
pub fn workload_view<'s>(s: &'s State, w: &WorkloadPanel) -> WorkloadView<'s> {
    let store = s.metrics.cluster(w.cluster);
    let mut pods: Vec<MemberView> = pods(s, w.cluster)
        .filter(|r| w.owns(r))
        .map(|row| MemberView {
            row,
            usage: store.and_then(|m| m.pod(&row.meta.namespace, &row.meta.name)),
        })
        .collect();
    pods.sort_by(|a, b| a.row.meta.name.cmp(&b.row.meta.name));
    let mut total: Option<(Usage, usize)> = None;
    for u in pods.iter().filter_map(|p| p.usage) {
        let (t, n) = total.get_or_insert((Usage::default(), 0));
        t.cpu_m = t.cpu_m.saturating_add(u.cpu_m);
        t.mem_kib = t.mem_kib.saturating_add(u.mem_kib);
        *n += 1;
    }
    let mut resources = Resources::default();
    let (mut cpu_limited, mut mem_limited) = (true, true);
    // Finished pods hold nothing.
    for p in pods
        .iter()
        .filter(|p| p.row.phase != "Succeeded" && p.row.phase != "Failed")
    {
        let r = p.row.resources;
        resources.cpu_request_m = resources.cpu_request_m.saturating_add(r.cpu_request_m);
        resources.mem_request_kib = resources.mem_request_kib.saturating_add(r.mem_request_kib);
        resources.cpu_limit_m = resources.cpu_limit_m.saturating_add(r.cpu_limit_m);
        resources.mem_limit_kib = resources.mem_limit_kib.saturating_add(r.mem_limit_kib);
        cpu_limited &= r.cpu_limit_m > 0;
        mem_limited &= r.mem_limit_kib > 0;
    }
    if !cpu_limited {
        resources.cpu_limit_m = 0;
    }
    if !mem_limited {
        resources.mem_limit_kib = 0;
    }
    WorkloadView {
        cluster: s.clusters.get(w.cluster).map_or("", |c| c.name.as_str()),
        replicas: replicas(s, w),
        usage: total,
        resources,
        unavailable: s.metrics.unavailable(w.cluster, true),
        ring: store.and_then(|m| m.panel_ring(w.series_key())),
        pods,
        now: s.now,
    }
}

/// How long a ring's history spans (from its oldest slot to its newest),
/// in seconds.
pub fn span(ring: &Ring, step: i64) -> i64 {
    (ring.len() as i64 - 1).max(0) * step
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workload_owns_its_pods_through_its_replicaset_and_a_replicaset_its_own() {
        let mut pod = crate::testkit::pod(
            crate::testkit::meta(
                "shop",
                "web-7d9f8c6b5-x2k4q",
                &[("pod-template-hash", "7d9f8c6b5")],
                None,
            ),
            "Running",
            0,
        );
        pod.owner = Some(crate::kube::rows::Owner::new("ReplicaSet", "web-7d9f8c6b5"));
        let panel = |kind, ns: &str, name: &str| WorkloadPanel {
            cluster: 0,
            kind,
            namespace: ns.into(),
            name: name.into(),
        };
        assert!(panel(Kind::Deployments, "shop", "web").owns(&pod));
        assert!(!panel(Kind::Deployments, "other", "web").owns(&pod));
        assert!(!panel(Kind::StatefulSets, "shop", "web").owns(&pod));
        assert!(panel(Kind::ReplicaSets, "shop", "web-7d9f8c6b5").owns(&pod));
        assert!(!panel(Kind::ReplicaSets, "shop", "web").owns(&pod));
    }
}
