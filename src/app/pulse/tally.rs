//! The counts of one cluster the pulse shows, kept up to date row by row:
//! each row's part is taken out when it changes and its new part put in
//! (`Tally::apply(row, ±1)`), so a watch event costs a few additions.

use std::collections::HashMap;

use crate::app::alerts::rules::quota_worst;
use crate::app::metrics::panel::allocatable;
use crate::kube::Row;
use crate::kube::rows::{NodeRow, PodRow, QuotaRow, Uid};

/// A namespace's quota under pressure: the resource nearest its hard limit.
#[derive(Debug, Clone, PartialEq)]
pub struct Pressure {
    pub namespace: Box<str>,
    pub resource: Box<str>,
    /// Used over hard, in hundredths of a percent (9712: 97.12 %).
    pub hundredths: u32,
}

/// The counts of one cluster's nodes.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NodeCounts {
    pub total: u32,
    pub ready: u32,
    /// Nodes whose Ready condition is Unknown: the kubelet stopped
    /// reporting (the node is unreachable).
    pub unreachable: u32,
    /// Allocatable of all nodes: millicores, KiB.
    pub alloc_cpu_m: u64,
    pub alloc_mem_kib: u64,
}

/// The counts of one cluster's pods, by `status.phase`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PodCounts {
    pub total: u32,
    pub running: u32,
    pub pending: u32,
    pub failed: u32,
    pub succeeded: u32,
    /// As the pods view highlights them (`PodRow::unhealthy`).
    pub unhealthy: u32,
}

/// The counts of one cluster's nodes, pods and quotas.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub nodes: NodeCounts,
    pub pods: PodCounts,
    /// The quotas at or above the threshold, by uid.
    pub pressure: HashMap<Uid, Pressure>,
}

fn add(v: &mut u32, sign: i64) {
    *v = if sign > 0 {
        v.saturating_add(1)
    } else {
        v.saturating_sub(1)
    };
}

fn add64(v: &mut u64, x: u64, sign: i64) {
    *v = if sign > 0 {
        v.saturating_add(x)
    } else {
        v.saturating_sub(x)
    };
}

/// Whether a node's Ready condition is Unknown.
pub fn unreachable(r: &NodeRow) -> bool {
    r.conditions
        .iter()
        .any(|c| c.kind == "Ready" && c.status == "Unknown")
}

impl Tally {
    /// Put a row's part in (`sign` 1) or take it out (-1). `quota` is the
    /// pressure threshold in percent.
    pub fn apply(&mut self, row: &Row, sign: i64, quota: u32) {
        match row {
            Row::Node(r) => self.node(r, sign),
            Row::Pod(r) => self.pod(r, sign),
            Row::Quota(r) => self.quota(r, sign, quota),
            _ => {}
        }
    }

    fn node(&mut self, r: &NodeRow, sign: i64) {
        let n = &mut self.nodes;
        add(&mut n.total, sign);
        if r.ready {
            add(&mut n.ready, sign);
        } else if unreachable(r) {
            add(&mut n.unreachable, sign);
        }
        let (cpu, mem) = allocatable(r);
        add64(&mut n.alloc_cpu_m, cpu, sign);
        add64(&mut n.alloc_mem_kib, mem, sign);
    }

    fn pod(&mut self, r: &PodRow, sign: i64) {
        let p = &mut self.pods;
        add(&mut p.total, sign);
        match r.phase.as_str() {
            "Running" => add(&mut p.running, sign),
            "Pending" => add(&mut p.pending, sign),
            "Failed" => add(&mut p.failed, sign),
            "Succeeded" => add(&mut p.succeeded, sign),
            _ => {}
        }
        if r.unhealthy {
            add(&mut p.unhealthy, sign);
        }
    }

    fn quota(&mut self, r: &QuotaRow, sign: i64, percent: u32) {
        if sign < 0 {
            self.pressure.remove(&r.meta.uid);
            return;
        }
        if let Some((item, pct)) = quota_worst(r)
            && pct >= f64::from(percent)
        {
            self.pressure.insert(
                r.meta.uid.clone(),
                Pressure {
                    namespace: r.meta.namespace.as_str().into(),
                    resource: item.resource.as_str().into(),
                    hundredths: (pct * 100.0).round().clamp(0.0, f64::from(u32::MAX)) as u32,
                },
            );
        }
    }

    /// Nodes not Ready (the unreachable ones included).
    pub fn not_ready(&self) -> u32 {
        self.nodes.total.saturating_sub(self.nodes.ready)
    }

    /// The namespaces under quota pressure, and the worst quota.
    pub fn quota_pressure(&self) -> (usize, Option<&Pressure>) {
        let mut namespaces: Vec<&str> = self.pressure.values().map(|p| &*p.namespace).collect();
        namespaces.sort_unstable();
        namespaces.dedup();
        let worst = self.pressure.values().max_by(|a, b| {
            a.hundredths
                .cmp(&b.hundredths)
                .then_with(|| b.namespace.cmp(&a.namespace))
        });
        (namespaces.len(), worst)
    }
}
