//! Requests and limits summed per node from the pod cache (the nodes'
//! requested share), recomputed only when the pod cache changed.

use std::collections::HashMap;

use crate::app::state::State;
use crate::kube::Row;
use crate::kube::kind::Kind;
use crate::kube::rows::Resources;

/// What the pods scheduled on a node ask for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OnNode {
    pub sum: Resources,
    pub pods: u32,
}

#[derive(Debug, Default)]
pub struct NodeRequests {
    /// The pod caches' generations these sums were made from.
    from: Vec<(usize, u64)>,
    per: HashMap<(usize, Box<str>), OnNode>,
}

impl NodeRequests {
    /// What the pods of `node` in cluster `c` ask for; None without a
    /// pod cache for the cluster.
    pub fn get(&self, c: usize, node: &str) -> Option<OnNode> {
        if !self.from.iter().any(|(x, _)| *x == c) {
            return None;
        }
        Some(
            self.per
                .get(&(c, Box::from(node)))
                .copied()
                .unwrap_or_default(),
        )
    }
}

/// Sum again if the pod caches changed (only while nodes are shown).
pub fn refresh(s: &mut State) {
    let gens: Vec<(usize, u64)> = (0..s.clusters.len())
        .filter_map(|c| {
            s.caches
                .get(&(c, Kind::Pods))
                .filter(|p| p.synced)
                .map(|p| (c, p.generation))
        })
        .collect();
    if gens == s.metrics.requests.from {
        return;
    }
    let mut per: HashMap<(usize, Box<str>), OnNode> = HashMap::new();
    for (c, _) in &gens {
        let Some(cache) = s.caches.get(&(*c, Kind::Pods)) else {
            continue;
        };
        for e in cache.rows.values() {
            let Row::Pod(p) = &e.row else { continue };
            // Finished pods hold nothing (as kubectl describe node counts).
            if p.node.is_empty() || p.phase == "Succeeded" || p.phase == "Failed" {
                continue;
            }
            let n = per.entry((*c, p.node.as_str().into())).or_default();
            let r = p.resources;
            n.pods += 1;
            n.sum.cpu_request_m = n.sum.cpu_request_m.saturating_add(r.cpu_request_m);
            n.sum.cpu_limit_m = n.sum.cpu_limit_m.saturating_add(r.cpu_limit_m);
            n.sum.mem_request_kib = n.sum.mem_request_kib.saturating_add(r.mem_request_kib);
            n.sum.mem_limit_kib = n.sum.mem_limit_kib.saturating_add(r.mem_limit_kib);
        }
    }
    s.metrics.requests = NodeRequests { from: gens, per };
}
