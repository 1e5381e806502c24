//! When to poll: node metrics of every open cluster each interval, pod
//! metrics for the namespaces of the pods view on screen (at once when they
//! change, then each interval); never two requests of a kind in flight for
//! a cluster.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::store::{PollState, pod_key};
use crate::app::command::NamespaceScope;
use crate::app::msg::Effect;
use crate::app::state::State;
use crate::app::view::View;
use crate::kube::kind::Kind;
use crate::kube::metrics::Poll;
use crate::kube::{Row, WatchState};

/// The most namespaces polled one by one (when listing across them is
/// refused).
const MAX_NAMESPACES: usize = 50;

/// Whether a poll started at `started` is due again at `now`.
fn is_due(p: &PollState, now: DateTime<Utc>, every: Duration) -> bool {
    !p.in_flight
        && p.started
            .is_none_or(|t| (now - t).to_std().unwrap_or_default() >= every || now < t)
}

/// The namespaces whose pod metrics cluster `c` shows now (empty: all of
/// them): those of the pods view, or of a workloads view (their totals),
/// else None.
fn pod_namespaces(s: &State, c: usize) -> Option<Vec<String>> {
    let shows_pods = matches!(
        s.view.scope.kind,
        View::Kind(Kind::Pods | Kind::Deployments | Kind::StatefulSets | Kind::DaemonSets)
    );
    if !shows_pods || !s.view_clusters().contains(&c) {
        return None;
    }
    // Listing across namespaces was refused: the namespaces watched one by
    // one instead (those of the cached pods).
    let partial = s
        .clusters
        .get(c)
        .and_then(|i| i.watches.get(&Kind::Pods))
        .is_some_and(|w| matches!(w.state, WatchState::Partial(_)));
    Some(match &s.view.scope.namespaces {
        NamespaceScope::All if partial => {
            let cache = s.caches.get(&(c, Kind::Pods))?;
            let mut ns: Vec<String> = cache
                .rows
                .values()
                .map(|e| e.row.meta().namespace.clone())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(String::from)
                .collect();
            ns.truncate(MAX_NAMESPACES);
            if ns.is_empty() {
                return None;
            }
            ns
        }
        // A small cluster is polled whole; so is one sorted by a metric
        // (every pod in scope must be known for that).
        NamespaceScope::All if sorted_by_metric(s) || pods_cached(s, c) <= WHOLE_UP_TO => {
            Vec::new()
        }
        // Otherwise the namespaces of the rows on screen only: 20,000 pods
        // are not fetched every interval for the 45 in view.
        NamespaceScope::All => {
            let v = &s.view;
            let mut ns: Vec<String> = v
                .rows
                .iter()
                .skip(v.offset)
                .take(s.table_rows().max(1))
                .filter(|r| r.cluster == c)
                .filter_map(|r| s.row(r).map(|row| row.meta().namespace.clone()))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(String::from)
                .collect();
            ns.truncate(MAX_NAMESPACES);
            if ns.is_empty() {
                return None;
            }
            ns
        }
        NamespaceScope::Some(list) if list.is_empty() => vec![
            s.clusters
                .get(c)
                .and_then(|c| c.namespace.clone())
                .unwrap_or_else(|| "default".into()),
        ],
        NamespaceScope::Some(list) => list.clone(),
    })
}

/// Up to this many pods, a cluster's pod metrics are polled whole.
const WHOLE_UP_TO: usize = 2_000;

fn pods_cached(s: &State, c: usize) -> usize {
    s.caches.get(&(c, Kind::Pods)).map_or(0, |x| x.rows.len())
}

/// Whether the view is sorted by one of the metrics columns.
fn sorted_by_metric(s: &State) -> bool {
    s.view
        .sort
        .0
        .is_some_and(|t| crate::app::columns::metrics::titles(s.view.scope.kind).contains(&t))
}

/// The namespaces of cluster `c` on screen, with those of the pods of a
/// node whose panel is open.
fn on_screen(s: &State, c: usize) -> Option<Vec<String>> {
    let view = pod_namespaces(s, c);
    let panel = super::panels::namespaces(s, c);
    match (view, panel) {
        (Some(v), _) if v.is_empty() => Some(v),
        (v, Some(p)) if !p.is_empty() => {
            let mut all = v.unwrap_or_default();
            all.extend(p);
            all.sort();
            all.dedup();
            all.truncate(MAX_NAMESPACES);
            Some(all)
        }
        (v, _) => v,
    }
}

/// The pods on screen, per cluster (they get history rings).
fn followed(s: &State) -> std::collections::HashMap<usize, HashSet<u64>> {
    let mut out: std::collections::HashMap<usize, HashSet<u64>> = Default::default();
    if s.view.scope.kind != View::Kind(Kind::Pods) {
        return out;
    }
    let v = &s.view;
    for r in v.rows.iter().skip(v.offset).take(s.table_rows()) {
        if let Some(Row::Pod(p)) = s.row(r) {
            out.entry(r.cluster)
                .or_default()
                .insert(pod_key(&p.meta.namespace, &p.meta.name));
        }
    }
    out
}

/// The polls due now, marked as in flight. A cluster that does not serve
/// metrics is asked for its nodes only (to see when it does).
pub fn due(s: &mut State) -> Vec<Effect> {
    let now = s.now;
    let every = s.metrics.settings.interval();
    let scopes: Vec<Option<Vec<String>>> = (0..s.clusters.len()).map(|c| on_screen(s, c)).collect();
    s.metrics.follow = followed(s);
    let mut fx = Vec::new();
    for (c, scope) in scopes.into_iter().enumerate() {
        let not_served = s.metrics.not_served(c);
        let m = s.metrics.cluster_mut(c);
        if is_due(&m.node_poll, now, every) {
            m.node_poll.in_flight = true;
            m.node_poll.started = Some(now);
            fx.push(Effect::PollMetrics {
                cluster: c,
                poll: Poll::Nodes,
            });
        }
        let Some(namespaces) = scope else {
            m.pod_poll.scope = None;
            continue;
        };
        let changed = m.pod_poll.scope.as_ref() != Some(&namespaces);
        if not_served || m.pod_poll.in_flight || !(changed || is_due(&m.pod_poll, now, every)) {
            continue;
        }
        m.pod_poll.in_flight = true;
        m.pod_poll.started = Some(now);
        m.pod_poll.scope = Some(namespaces.clone());
        fx.push(Effect::PollMetrics {
            cluster: c,
            poll: Poll::Pods(namespaces),
        });
    }
    fx
}

/// How long until the next poll is due (for the clock's next tick).
pub fn next_due(s: &State) -> Option<Duration> {
    let every = s.metrics.settings.interval();
    // Pod polls count only while pods are on screen and served (else no
    // poll will go, and the clock would tick for nothing).
    (0..s.clusters.len())
        .filter_map(|c| Some((s.metrics.cluster(c)?, s.metrics.not_served(c))))
        .flat_map(|(m, not_served)| {
            let pods = (m.pod_poll.scope.is_some() && !not_served).then_some(&m.pod_poll);
            std::iter::once(&m.node_poll).chain(pods)
        })
        .filter(|p| !p.in_flight)
        .filter_map(|p| p.started)
        .map(|t| {
            let since = (s.now - t).to_std().unwrap_or_default();
            every.saturating_sub(since)
        })
        .min()
}
