//! What the cluster layer reports: connection status, watch state, row
//! changes into the caches, answers to describe/YAML requests.

use super::logs;
use crate::app::msg::Effect;
use crate::app::state::{Entry, Level, Screen, State};
use crate::app::{cap, derive, text};
use crate::kube::kind::Kind;
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange, WatchState};

pub fn event(s: &mut State, ev: ClusterEvent, fx: &mut Vec<Effect>) {
    match ev {
        ClusterEvent::Status { cluster, status } => {
            if let Some(c) = s.clusters.get_mut(cluster) {
                match &status {
                    ClusterStatus::Connected { version } => {
                        c.version = Some(version.clone());
                        c.probing = false;
                        // A silently resumed watch is working again.
                        for w in c.watches.values_mut() {
                            if matches!(w, WatchState::Retrying(_)) {
                                *w = WatchState::Live;
                            }
                        }
                    }
                    ClusterStatus::Reconnecting { .. } if !c.probing => {
                        c.probing = true;
                        fx.push(Effect::Probe { cluster });
                    }
                    _ => {}
                }
                c.status = status;
            }
        }
        ClusterEvent::Healthy { cluster } => {
            if let Some(c) = s.clusters.get_mut(cluster)
                && matches!(
                    c.status,
                    ClusterStatus::Reconnecting { .. }
                        | ClusterStatus::Unreachable { .. }
                        | ClusterStatus::Unauthorized { .. }
                        | ClusterStatus::Connecting
                )
            {
                c.status = ClusterStatus::Connected {
                    version: c.version.clone().unwrap_or_default(),
                };
            }
        }
        ClusterEvent::Watch {
            cluster,
            kind,
            state,
        } => {
            if let Some(c) = s.clusters.get_mut(cluster) {
                c.watches.insert(kind, state);
            }
        }
        ClusterEvent::Rows {
            cluster,
            kind,
            change,
        } => {
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
                    cache.rows = rows
                        .into_iter()
                        .map(|r| (r.meta().uid.clone(), entry(r)))
                        .collect();
                    cache.synced = true;
                    cache.changes.restart(generation);
                    cache.dropped = left;
                }
                RowChange::Upsert(rows) => {
                    for r in rows {
                        let uid = r.meta().uid.clone();
                        let before = cache.rows.insert(uid.clone(), entry(r));
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
