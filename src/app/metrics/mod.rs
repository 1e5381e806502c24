//! Metrics from metrics.k8s.io, app side: what to poll and when (effects:
//! the app does no I/O), the answers taken into a bounded store with
//! history per series, the requests summed per node from the pod cache
//! (the columns are in `app::columns::metrics`).
//!
//! Node metrics are polled for every open cluster every `interval`; pod
//! metrics only for the namespaces of the pods view on screen, while it is
//! shown. At most one request per cluster and kind is in flight.

pub mod panel;
pub mod panels;
mod poll;
pub mod requests;
pub mod ring;
pub mod store;
pub mod workloads;

use std::collections::{HashMap, HashSet};

use super::state::{Level, State};
use crate::config::MetricsSettings;
use crate::kube::metrics::Answer;
pub use poll::{due, next_due};
use store::{ClusterMetrics, Served};

#[derive(Default)]
pub struct Metrics {
    pub settings: MetricsSettings,
    clusters: Vec<ClusterMetrics>,
    /// Bumped on every answer (views sorted by a metric are re-sorted).
    pub generation: u64,
    /// Per cluster, the pods followed (on screen): they get history rings.
    pub follow: HashMap<usize, HashSet<u64>>,
    /// Requests and limits summed per node (derived from the pod cache).
    pub requests: requests::NodeRequests,
    /// Workloads' total usage (derived from the pod cache and the store).
    pub workloads: workloads::WorkloadUsage,
}

impl Metrics {
    pub fn new(settings: MetricsSettings) -> Metrics {
        Metrics {
            settings,
            ..Metrics::default()
        }
    }

    pub fn cluster(&self, c: usize) -> Option<&ClusterMetrics> {
        self.clusters.get(c)
    }

    pub fn cluster_mut(&mut self, c: usize) -> &mut ClusterMetrics {
        if self.clusters.len() <= c {
            self.clusters.resize_with(c + 1, ClusterMetrics::default);
        }
        &mut self.clusters[c]
    }

    /// Whether cluster `c` is known not to serve metrics.
    pub fn not_served(&self, c: usize) -> bool {
        self.cluster(c)
            .is_some_and(|m| matches!(m.served, Served::No(_)))
    }

    /// Whether node (`pods` false) or pod metrics of cluster `c` cannot be
    /// had (not served, or forbidden).
    pub fn unavailable(&self, c: usize, pods: bool) -> bool {
        self.cluster(c).is_some_and(|m| {
            matches!(m.served, Served::No(_))
                || if pods {
                    m.pods_denied.is_some()
                } else {
                    m.nodes_denied.is_some()
                }
        })
    }
}

/// What is said once when a cluster does not serve metrics.
pub fn not_served_message(cluster: &str, why: &str) -> String {
    format!("metrics.k8s.io not served on {cluster}: {why}")
}

/// Take a poll's answer.
pub fn answered(s: &mut State, cluster: usize, answer: Answer) {
    let now = s.now;
    let (cap, step) = (s.metrics.settings.capacity(), s.metrics.settings.step());
    let follow = s.metrics.follow.get(&cluster).cloned().unwrap_or_default();
    let want = panels::want(s, cluster);
    let m = s.metrics.cluster_mut(cluster);
    let before = m.missing().map(str::to_string);
    match answer {
        Answer::Nodes(result) => {
            m.node_poll.in_flight = false;
            m.nodes_answered(result, now, cap, step);
        }
        Answer::Pods { namespaces, result } => {
            m.pod_poll.in_flight = false;
            if let Ok(samples) = &result {
                m.panels_answered(&namespaces, samples, &want, now, (cap, step));
            }
            m.pods_answered(&namespaces, result, &follow, cap, step);
        }
    }
    let after = m.missing().map(str::to_string);
    s.metrics.generation += 1;
    let name = s
        .clusters
        .get(cluster)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    // Stated once (not over a warning or an error already shown); gone
    // when the metrics are there again.
    let busy = matches!(&s.message, Some((Level::Warning | Level::Error, _)));
    match (&before, &after) {
        (None, Some(why)) if !busy => {
            s.message = Some((Level::Warning, not_served_message(&name, why)));
        }
        (Some(why), None)
            if s.message
                .as_ref()
                .is_some_and(|(_, m)| *m == not_served_message(&name, why)) =>
        {
            s.message = None;
        }
        _ => {}
    }
}
