//! What the cluster layer reports: connection status, watch state, row
//! changes into the caches, answers to describe/YAML requests.

use super::logs;
use crate::app::columns::generic::GenericColumns;
use crate::app::msg::Effect;
use crate::app::state::{ClusterInfo, Entry, Level, Screen, State, WatchInfo};
use crate::app::{cap, derive, text};
use crate::kube::kind::Kind;
use crate::kube::rows::Uid;
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange, WatchState};

/// A new status; its time when it is a different one.
fn set_status(c: &mut ClusterInfo, status: ClusterStatus, now: chrono::DateTime<chrono::Utc>) {
    if std::mem::discriminant(&c.status) != std::mem::discriminant(&status) {
        c.status_since = Some(now);
    }
    c.status = status;
}

/// Whether a watch stays in the same phase: still failing (whatever the
/// latest reason), still live, still listing.
fn same_phase(a: &WatchState, b: &WatchState) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// A generic kind's rows with their cells in the merged column order
/// (`columns::generic`).
fn place_generic(g: &GenericColumns, cluster: usize, change: RowChange) -> RowChange {
    let place = |rows: Vec<Row>| -> Vec<Row> {
        rows.into_iter()
            .map(|r| match r {
                Row::Generic(b) => Row::Generic(Box::new(g.place(cluster, *b))),
                other => other,
            })
            .collect()
    };
    match change {
        RowChange::Replace(rows) => RowChange::Replace(place(rows)),
        RowChange::ReplaceIn(ns, rows) => RowChange::ReplaceIn(ns, place(rows)),
        RowChange::Upsert(rows) => RowChange::Upsert(place(rows)),
        other => other,
    }
}

/// The watches of cluster `i` that ended because their resource was gone
/// and that its discovery serves again (a CRD created anew): forgotten, so
/// that `ensure_watches` starts them again when they are in view.
fn served_again(s: &mut State, i: usize) {
    let again: Vec<Kind> = s
        .clusters
        .get(i)
        .into_iter()
        .flat_map(|c| c.watches.iter())
        .filter(|(k, w)| {
            matches!(w.state, WatchState::Gone(_)) && s.catalog.serves(i, **k) == Some(true)
        })
        .map(|(k, _)| *k)
        .collect();
    for k in again {
        s.watched.remove(&(i, k));
        if let Some(c) = s.clusters.get_mut(i) {
            c.watches.remove(&k);
        }
    }
}

/// A resource gone from a cluster has its discovery asked again, unless
/// it was asked less than this long ago (a resource that keeps answering
/// 404 while discovery serves it does not make a loop of them).
const GONE_ASK_SECS: i64 = 10;
pub fn event(s: &mut State, ev: ClusterEvent, fx: &mut Vec<Effect>) {
    match ev {
        ClusterEvent::Status { cluster, status } => {
            let now = s.now;
            if let Some(c) = s.clusters.get_mut(cluster) {
                match &status {
                    ClusterStatus::Connected { version } => {
                        c.version = Some(version.clone());
                        c.probing = false;
                    }
                    ClusterStatus::Reconnecting { .. } if !c.probing => {
                        c.probing = true;
                        fx.push(Effect::Probe { cluster });
                    }
                    _ => {}
                }
                set_status(c, status, now);
            }
        }
        ClusterEvent::Healthy { cluster } => {
            let now = s.now;
            if let Some(c) = s.clusters.get_mut(cluster)
                && matches!(
                    c.status,
                    ClusterStatus::Reconnecting { .. }
                        | ClusterStatus::Unreachable { .. }
                        | ClusterStatus::Unauthorized { .. }
                        | ClusterStatus::Connecting
                )
            {
                let version = c.version.clone().unwrap_or_default();
                set_status(c, ClusterStatus::Connected { version }, now);
            }
        }
        ClusterEvent::Watch {
            cluster,
            kind,
            state,
        } => {
            let now = s.now;
            let gone = matches!(state, WatchState::Gone(_));
            if let Some(c) = s.clusters.get_mut(cluster) {
                // A failing watch keeps the moment it started failing: its
                // rows are as of then.
                let since = match c.watches.get(&kind) {
                    Some(w) if same_phase(&w.state, &state) => w.since,
                    _ => now,
                };
                c.watches.insert(kind, WatchInfo { state, since });
            }
            // Not served any more: nothing of it is left there. Discovery
            // is asked again (unless it just answered), so a resource
            // served again (its CRD re-created before the 404 came, an
            // API service back) is watched again without waiting for the
            // next change of CRDs.
            if gone {
                if let Some(d) = s.catalog.clusters.get_mut(&cluster)
                    && d.asked
                        .is_some_and(|t| (now - t).num_seconds() >= GONE_ASK_SECS)
                {
                    d.asked = None;
                }
                event(
                    s,
                    ClusterEvent::Rows {
                        cluster,
                        kind,
                        change: RowChange::Replace(Vec::new()),
                    },
                    fx,
                );
            }
        }
        ClusterEvent::Columns {
            cluster,
            kind,
            columns,
        } => {
            s.generic.entry(kind).or_default().set(cluster, columns);
            // Titles may have changed under the rows on screen.
            s.view.stale = true;
        }
        ClusterEvent::Discovered { cluster, result } => {
            // The contexts of the same API server share its discovery.
            let same: Vec<usize> = s
                .clusters
                .iter()
                .enumerate()
                .filter(|(i, c)| *i == cluster || c.same_as == Some(cluster))
                .map(|(i, _)| i)
                .collect();
            for i in same {
                let c = s.catalog.clusters.entry(i).or_default();
                match &result {
                    Ok(r) => c.discovered(r),
                    Err(e) => c.error = Some(e.clone()),
                }
                served_again(s, i);
            }
        }
        ClusterEvent::Rows {
            cluster,
            kind,
            change,
        } => {
            let change = match (s.generic.get(&kind), kind) {
                (Some(g), Kind::Generic(_)) => place_generic(g, cluster, change),
                _ => change,
            };
            let name = s
                .clusters
                .get(cluster)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            let cache = s.caches.entry((cluster, kind)).or_default();
            cache.generation += 1;
            let now = s.now;
            let entry = |row: Row| Entry {
                search: derive::searchable(&name, &row, now),
                row,
            };
            let generation = cache.generation;
            match change {
                RowChange::Replace(rows) => {
                    let (rows, left) = match kind {
                        Kind::Events => cap::newest(rows, cap::MAX_EVENTS),
                        _ => (rows, 0),
                    };
                    cache.rows = rows.into_iter().map(entry).collect();
                    cache.synced = true;
                    cache.changes.restart(generation);
                    cache.dropped = left;
                }
                RowChange::ReplaceIn(namespace, rows) => {
                    let fresh: std::collections::HashSet<&Uid> =
                        rows.iter().map(|r| &r.meta().uid).collect();
                    let gone: Vec<Uid> = cache
                        .rows
                        .iter()
                        .filter(|(uid, e)| {
                            e.row.meta().namespace == namespace && !fresh.contains(uid)
                        })
                        .map(|(uid, _)| uid.clone())
                        .collect();
                    for u in gone {
                        if let Some(before) = cache.rows.remove(&u) {
                            cache.changes.record(generation, &u, Some(before));
                        }
                    }
                    for r in rows {
                        let uid = r.meta().uid.clone();
                        let before = cache.rows.insert(entry(r));
                        cache.changes.record(generation, &uid, before);
                    }
                    cache.synced = true;
                }
                RowChange::Listed { keep } => {
                    if let Some(keep) = keep {
                        let gone: Vec<Uid> = cache
                            .rows
                            .keys()
                            .filter(|uid| !keep.contains(*uid))
                            .cloned()
                            .collect();
                        for u in gone {
                            if let Some(before) = cache.rows.remove(&u) {
                                cache.changes.record(generation, &u, Some(before));
                            }
                        }
                    }
                    cache.synced = true;
                }
                RowChange::Upsert(rows) => {
                    for r in rows {
                        let uid = r.meta().uid.clone();
                        let before = cache.rows.insert(entry(r));
                        cache.changes.record(generation, &uid, before);
                    }
                }
                RowChange::Delete(uids) => {
                    for u in uids {
                        if let Some(before) = cache.rows.remove(&u) {
                            cache.changes.record(generation, &u, Some(before));
                        }
                    }
                }
            }
            if kind == Kind::Events {
                cap::cap(cache, cap::MAX_EVENTS, generation);
            }
            super::history::history_follows(s, cluster, kind, fx);
            if kind == Kind::Pods && s.log_view().is_some_and(|v| v.cluster == cluster) {
                logs::sync_workload(s, fx);
            }
        }
        ClusterEvent::Saved(result) => {
            s.message = Some(match result {
                Ok(m) => (Level::Info, m),
                Err(m) => (Level::Error, m),
            });
        }
        ClusterEvent::Access { key, result } => s.access.answer(key, result, s.now),
        ClusterEvent::Rules { key, result } => s.can.answer(key, result, s.now),
        ClusterEvent::Prepared { run, plans } => super::ops::prepared(s, run, plans),
        ClusterEvent::Applied { run, results } => super::ops::applied(s, run, results, fx),
        ClusterEvent::Drain { run, event } => super::ops::drain(s, run, event),
        ClusterEvent::Scale {
            run,
            target,
            result,
        } => super::ops::scale_read(s, run, target, result),
        ClusterEvent::History {
            run,
            target: _,
            result,
        } => super::history::history(s, run, result),
        ClusterEvent::Metrics { cluster, answer } => {
            crate::app::metrics::answered(s, cluster, answer);
        }
        ClusterEvent::Warnings { cluster, change } => {
            s.pulse.warnings_changed(cluster, change, s.now);
        }
        ClusterEvent::WorkloadRefs {
            request,
            cluster,
            result,
        } => super::tree::answered(s, request, cluster, result),
        ClusterEvent::Related { request, result } => {
            super::related::answered(s, request, result);
        }
        ClusterEvent::Detail { request, result } => {
            if let Screen::Detail(d) = &mut s.screen
                && d.request == request
            {
                // Shown as sent: nothing in it is obeyed or hidden.
                d.text = Some(
                    result
                        .map(|t| text::visible_lines(&t))
                        .map_err(|e| text::visible_lines(&e)),
                );
            }
        }
    }
}
