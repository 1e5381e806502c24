//! The node panel (`a` on a node): its usage against allocatable, the
//! requested and limited shares, pods against capacity, conditions, taints,
//! cordon state, the last hour's history and its top pods. What it shows
//! is computed here from the state (`ui::panel` draws it).

use chrono::{DateTime, Utc};

use super::ring::Ring;
use crate::app::state::State;
use crate::kube::Row;
use crate::kube::kind::Kind;
use crate::kube::metrics::Usage;
use crate::kube::rows::{NodeRow, quantity_value};

/// An open node panel.
#[derive(Debug, Clone, PartialEq)]
pub struct NodePanel {
    pub cluster: usize,
    pub name: String,
}

/// A pod on the node with its latest sample.
#[derive(Debug, Clone, PartialEq)]
pub struct TopPod {
    pub namespace: String,
    pub name: String,
    pub usage: Usage,
}

/// What the node panel shows.
pub struct NodeView<'s> {
    pub cluster: &'s str,
    pub row: &'s NodeRow,
    pub usage: Option<Usage>,
    /// Allocatable: millicores, KiB.
    pub allocatable: (u64, u64),
    /// Requested and limited: millicores, KiB.
    pub requested: Option<(u64, u64)>,
    pub limited: Option<(u64, u64)>,
    pub pods: Option<u32>,
    pub ring: Option<&'s Ring>,
    /// The pods using the most CPU, then the most memory.
    pub top_cpu: Vec<TopPod>,
    pub top_mem: Vec<TopPod>,
    pub now: DateTime<Utc>,
}

/// Millicores and KiB of a node's allocatable.
pub fn allocatable(r: &NodeRow) -> (u64, u64) {
    let cpu = quantity_value(&r.cpu_allocatable).map_or(0.0, |v| v * 1000.0);
    let mem = quantity_value(&r.memory_allocatable).map_or(0.0, |v| v / 1024.0);
    (cpu.max(0.0) as u64, mem.max(0.0) as u64)
}

/// The namespaces of the pods on the node (their metrics are polled while
/// the panel is open).
pub fn namespaces(s: &State, p: &NodePanel) -> Vec<String> {
    let Some(cache) = s.caches.get(&(p.cluster, Kind::Pods)) else {
        return Vec::new();
    };
    let set: std::collections::BTreeSet<&str> = cache
        .rows
        .values()
        .filter_map(|e| match &e.row {
            Row::Pod(r) if r.node == p.name => Some(r.meta.namespace.as_str()),
            _ => None,
        })
        .collect();
    set.into_iter().map(str::to_string).collect()
}

/// The node panel's content, if the node is known.
pub fn node_view<'s>(s: &'s State, p: &NodePanel, top: usize) -> Option<NodeView<'s>> {
    let row = s
        .caches
        .get(&(p.cluster, Kind::Nodes))?
        .rows
        .values()
        .find_map(|e| match &e.row {
            Row::Node(r) if r.meta.name == p.name => Some(&**r),
            _ => None,
        })?;
    let store = s.metrics.cluster(p.cluster);
    let on = s.metrics.requests.get(p.cluster, &p.name);
    let mut pods: Vec<TopPod> = s
        .caches
        .get(&(p.cluster, Kind::Pods))
        .into_iter()
        .flat_map(|c| c.rows.values())
        .filter_map(|e| match &e.row {
            Row::Pod(r) if r.node == p.name => Some(r),
            _ => None,
        })
        .filter_map(|r| {
            let usage = store?.pod(&r.meta.namespace, &r.meta.name)?;
            Some(TopPod {
                namespace: r.meta.namespace.to_string(),
                name: r.meta.name.clone(),
                usage,
            })
        })
        .collect();
    pods.sort_by(|a, b| b.usage.cpu_m.cmp(&a.usage.cpu_m).then(a.name.cmp(&b.name)));
    let top_cpu = pods.iter().take(top).cloned().collect();
    pods.sort_by(|a, b| {
        b.usage
            .mem_kib
            .cmp(&a.usage.mem_kib)
            .then(a.name.cmp(&b.name))
    });
    let top_mem = pods.into_iter().take(top).collect();
    Some(NodeView {
        cluster: s.clusters.get(p.cluster).map_or("", |c| c.name.as_str()),
        row,
        usage: if s.metrics.unavailable(p.cluster, false) {
            None
        } else {
            store.and_then(|m| m.node(&p.name))
        },
        allocatable: allocatable(row),
        requested: on.map(|o| (o.sum.cpu_request_m.into(), o.sum.mem_request_kib.into())),
        limited: on.map(|o| (o.sum.cpu_limit_m.into(), o.sum.mem_limit_kib.into())),
        pods: on.map(|o| o.pods),
        ring: store.and_then(|m| m.node_ring(&p.name)),
        top_cpu,
        top_mem,
        now: s.now,
    })
}
