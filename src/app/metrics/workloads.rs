//! Workloads' total usage: the samples of their pods summed per owner
//! (a deployment through its ReplicaSet's `pod-template-hash`), from the
//! pod cache, recomputed only when the pods or the metrics changed.

use std::collections::HashMap;

use crate::app::state::State;
use crate::kube::Row;
use crate::kube::kind::Kind;
use crate::kube::metrics::Usage;
use crate::kube::rows::PodRow;

/// What the pods of a workload use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Total {
    pub usage: Usage,
    /// Pods with a sample.
    pub pods: u32,
}

#[derive(Debug, Default)]
pub struct WorkloadUsage {
    /// The pod caches' and the metrics' generations the sums were made from.
    from: (Vec<(usize, u64)>, u64),
    per: HashMap<(usize, Box<str>, Box<str>), Total>,
}

/// The workload a pod belongs to: (kind, name).
pub(crate) fn workload(p: &PodRow) -> Option<(&'static str, &str)> {
    let o = p.owner.as_ref()?;
    match o.kind.as_str() {
        "ReplicaSet" => {
            let hash = p.meta.labels.get("pod-template-hash")?;
            let name = o.name.strip_suffix(hash)?.strip_suffix('-')?;
            Some(("Deployment", name))
        }
        "StatefulSet" => Some(("StatefulSet", &o.name)),
        "DaemonSet" => Some(("DaemonSet", &o.name)),
        _ => None,
    }
}

fn key(cluster: usize, namespace: &str, kind: &str, name: &str) -> (usize, Box<str>, Box<str>) {
    (cluster, namespace.into(), format!("{kind}/{name}").into())
}

impl WorkloadUsage {
    /// The total of workload `kind`/`name`; None without pod samples.
    pub fn get(&self, cluster: usize, namespace: &str, kind: &str, name: &str) -> Option<Total> {
        self.per.get(&key(cluster, namespace, kind, name)).copied()
    }
}

/// Sum again if the pods or the metrics changed.
pub fn refresh(s: &mut State) {
    let gens: Vec<(usize, u64)> = (0..s.clusters.len())
        .filter_map(|c| s.caches.get(&(c, Kind::Pods)).map(|p| (c, p.generation)))
        .collect();
    let from = (gens, s.metrics.generation);
    if from == s.metrics.workloads.from {
        return;
    }
    let mut per: HashMap<(usize, Box<str>, Box<str>), Total> = HashMap::new();
    for (c, _) in &from.0 {
        let (Some(cache), Some(store)) = (s.caches.get(&(*c, Kind::Pods)), s.metrics.cluster(*c))
        else {
            continue;
        };
        for e in cache.rows.values() {
            let Row::Pod(p) = &e.row else { continue };
            let (Some((kind, name)), Some(u)) =
                (workload(p), store.pod(&p.meta.namespace, &p.meta.name))
            else {
                continue;
            };
            let t = per
                .entry(key(*c, &p.meta.namespace, kind, name))
                .or_default();
            t.pods += 1;
            t.usage.cpu_m = t.usage.cpu_m.saturating_add(u.cpu_m);
            t.usage.mem_kib = t.usage.mem_kib.saturating_add(u.mem_kib);
        }
    }
    s.metrics.workloads = WorkloadUsage { from, per };
}
