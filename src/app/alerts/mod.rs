//! Alerts (`:alerts`, counted in the header): derived from the rows the
//! watches keep and nothing else (no polling of their own), across every
//! open cluster. The rules are in `rules.rs`; this keeps the list and the
//! first time each workload was seen short of ready replicas (pruned when
//! it is healthy again or gone). docs/metrics.md lists the rules.

pub mod rules;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::state::State;
use crate::config::AlertSettings;
use crate::kube::Row;
use crate::kube::kind::Kind;
use crate::kube::rows::Uid;

/// The kinds the alerts are derived from (the `:alerts` view watches them
/// on every open cluster; the header counts what is watched).
pub const KINDS: [Kind; 6] = [
    Kind::Nodes,
    Kind::Pods,
    Kind::ResourceQuotas,
    Kind::Deployments,
    Kind::StatefulSets,
    Kind::DaemonSets,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Critical,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
        }
    }
}

/// One alert: what, where, since when.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub cluster: usize,
    pub severity: Severity,
    pub rule: &'static str,
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    /// The object's uid (to put the cursor on it).
    pub uid: Uid,
    pub since: Option<DateTime<Utc>>,
    pub message: String,
}

impl Alert {
    /// The alert's identity within its cluster (a row's `uid` in the view).
    pub fn key(&self) -> String {
        format!("{}/{}/{}", self.rule, self.uid, self.name)
    }

    /// `kind/namespace/name` (`kind/name` when cluster-scoped).
    pub fn object(&self) -> String {
        if self.namespace.is_empty() {
            format!("{}/{}", self.kind.name(), self.name)
        } else {
            format!("{}/{}/{}", self.kind.name(), self.namespace, self.name)
        }
    }
}

/// The alerts and what they were derived from.
#[derive(Debug, Default)]
pub struct Alerts {
    pub settings: AlertSettings,
    pub list: Vec<Alert>,
    /// (cluster, kind, uid) of workloads short of ready replicas: when
    /// first seen short.
    pub short_since: HashMap<(usize, Kind, Uid), DateTime<Utc>>,
    /// Bumped when the list changes (to know when to recompute the view).
    pub generation: u64,
    /// The caches' generations and the time the list was computed at.
    computed_from: Option<(u64, DateTime<Utc>)>,
}

impl Alerts {
    pub fn new(settings: AlertSettings) -> Alerts {
        Alerts {
            settings,
            ..Alerts::default()
        }
    }
}

/// Above this many watched rows, a change is taken in at most once a
/// second: the rules scan every row, and under churn rows change every
/// frame (at 5,000 pods and 100 updates a second the scan was the
/// console's largest cost). Alerts are about minutes; a second is nothing.
const SCAN_EVERY_SECOND_ABOVE: usize = 5_000;

/// Recompute the alerts when a watched row changed (at most once a second
/// on a big fleet), or every 5 seconds (a workload becomes an alert by
/// staying short).
pub fn refresh(s: &mut State) {
    let watched = || s.caches.iter().filter(|((_, k), _)| KINDS.contains(k));
    let gens: u64 = watched().map(|(_, c)| c.generation).sum::<u64>() + s.metrics.generation;
    if let Some((g, at)) = s.alerts.computed_from
        && s.now >= at
    {
        let since = s.now - at;
        if since < chrono::Duration::seconds(5)
            && (g == gens
                || (since < chrono::Duration::seconds(1)
                    && watched().map(|(_, c)| c.rows.len()).sum::<usize>()
                        > SCAN_EVERY_SECOND_ABOVE))
        {
            return;
        }
    }
    let (now, quota, minutes) = (
        s.now,
        s.alerts.settings.quota,
        s.alerts.settings.short_minutes,
    );
    let (step, critical, saturated) = (
        s.metrics.settings.step(),
        s.metrics.settings.critical,
        s.alerts.settings.saturated_minutes,
    );
    let oom_minutes = s.alerts.settings.oom_minutes;
    let old = std::mem::take(&mut s.alerts.short_since);
    let mut short_since = HashMap::new();
    let mut list = Vec::new();
    for ((cluster, _), cache) in s.caches.iter().filter(|((_, k), _)| KINDS.contains(k)) {
        let c = *cluster;
        for e in cache.rows.values() {
            let (kind, meta, ready, desired) = match &e.row {
                Row::Node(r) => {
                    list.extend(rules::node(c, r));
                    if let Some(ring) = s.metrics.cluster(c).and_then(|m| m.node_ring(&r.meta.name))
                    {
                        list.extend(rules::saturated(c, r, ring, step, (critical, saturated)));
                    }
                    continue;
                }
                Row::Pod(r) => {
                    let now_failing = rules::pod(c, r);
                    // Killed now (the status says so), else recently.
                    if now_failing.as_ref().is_none_or(|a| a.rule != "OOMKilled") {
                        list.extend(rules::oom_recent(c, r, now, oom_minutes));
                    }
                    list.extend(now_failing);
                    continue;
                }
                Row::Quota(r) => {
                    list.extend(rules::quota(c, r, quota));
                    continue;
                }
                Row::Deployment(r) => (Kind::Deployments, &r.meta, r.ready, r.desired),
                Row::StatefulSet(r) => (Kind::StatefulSets, &r.meta, r.ready, r.desired),
                Row::DaemonSet(r) => (Kind::DaemonSets, &r.meta, r.ready, r.desired),
                _ => continue,
            };
            if ready >= desired {
                continue;
            }
            let key = (c, kind, meta.uid.clone());
            let since = old.get(&key).copied().unwrap_or(now);
            short_since.insert(key, since);
            list.extend(rules::short(
                c,
                kind,
                meta,
                (ready, desired),
                since,
                now,
                minutes,
            ));
        }
    }
    list.sort_by(|a, b| {
        (a.severity, a.cluster, a.rule, &a.namespace, &a.name).cmp(&(
            b.severity,
            b.cluster,
            b.rule,
            &b.namespace,
            &b.name,
        ))
    });
    if s.alerts.list != list {
        s.alerts.generation += 1;
        s.alerts.list = list;
    }
    s.alerts.short_since = short_since;
    s.alerts.computed_from = Some((gens, now));
}

/// The alert a row of the alerts view stands for.
pub fn find<'a>(s: &'a State, cluster: usize, key: &str) -> Option<&'a Alert> {
    s.alerts
        .list
        .iter()
        .find(|a| a.cluster == cluster && a.key() == key)
}
