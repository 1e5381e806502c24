//! How each cluster is doing, as the header and the clusters view say it:
//! one state per cluster (its connection, or the worst of its watches), and
//! one line per problem, each said once, that appears when the problem
//! starts and goes when it ends.

use chrono::{DateTime, Utc};

use super::state::{ClusterInfo, Level, State};
use crate::kube::rows::human_duration;
use crate::kube::{ClusterStatus, WatchState};

/// The mark before a cluster's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// ● connected, data current.
    Ok,
    /// ○ connecting.
    Connecting,
    /// ◐ working, but data may not be current (reconnecting, throttled,
    /// server errors, re-listing).
    Degraded,
    /// ✖ unreachable, unauthorized, forbidden.
    Down,
}

/// A cluster's state in a few words.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    pub mark: Mark,
    /// What is wrong (none when all is well).
    pub label: Option<String>,
}

impl Mark {
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Ok => "●",
            Mark::Connecting => "○",
            Mark::Degraded => "◐",
            Mark::Down => "✖",
        }
    }
}

/// The cluster's health: its connection first, then its watches.
pub fn of(c: &ClusterInfo) -> Health {
    let down = |label: &str| Health {
        mark: Mark::Down,
        label: Some(label.to_string()),
    };
    match &c.status {
        ClusterStatus::Connecting => Health {
            mark: Mark::Connecting,
            label: Some("connecting".into()),
        },
        ClusterStatus::Reconnecting { .. } => Health {
            mark: Mark::Degraded,
            label: Some("reconnecting".into()),
        },
        ClusterStatus::Unreachable { .. } => down("unreachable"),
        ClusterStatus::Unauthorized { .. } => down("unauthorized"),
        ClusterStatus::Forbidden { .. } => down("forbidden"),
        ClusterStatus::Connected { .. } => {
            let failing = c.watches.values().find_map(|w| match &w.state {
                WatchState::Retrying(t) => Some(t.label()),
                _ => None,
            });
            match failing {
                Some(label) => Health {
                    mark: Mark::Degraded,
                    label: Some(label),
                },
                None => Health {
                    mark: Mark::Ok,
                    label: None,
                },
            }
        }
    }
}

/// One problem to show, about one cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub cluster: usize,
    pub severity: Level,
    pub text: String,
}

/// `5s`, `3m`: how long ago.
fn ago(since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<String> {
    since.map(|t| human_duration((now - t).max(chrono::TimeDelta::zero())))
}

/// The problems of the clusters the view shows, one per cluster at most:
/// the connection's when it is broken, else the current view's watch's.
pub fn problems(s: &State) -> Vec<Problem> {
    let kind = s.view.scope.kind.kind();
    let mut out = Vec::new();
    for i in s.view_clusters() {
        let Some(c) = s.clusters.get(i) else { continue };
        let p = |severity, text| Problem {
            cluster: i,
            severity,
            text,
        };
        if let Some(cause) = c.status.cause() {
            let how_long = ago(c.status_since, s.now)
                .map(|a| format!(" for {a}"))
                .unwrap_or_default();
            let severity = match c.status {
                ClusterStatus::Reconnecting { .. } => Level::Warning,
                _ => Level::Error,
            };
            out.push(p(
                severity,
                format!("{} {}{how_long}: {cause}", c.name, c.status.label()),
            ));
            continue;
        }
        if let Some(k) = kind
            && s.catalog.serves(i, k) == Some(false)
        {
            out.push(p(
                Level::Warning,
                format!("{} not served on {}", k.name(), c.name),
            ));
            continue;
        }
        let Some(w) = kind.and_then(|k| c.watches.get(&k)) else {
            continue;
        };
        match &w.state {
            WatchState::Listing => {
                // The first list arrives page by page: how far it got.
                let so_far = kind
                    .and_then(|k| s.caches.get(&(i, k)))
                    .map_or(0, |x| x.rows.len());
                let text = if so_far > 0 {
                    format!("{}: listing… {so_far} so far", c.name)
                } else {
                    format!("{}: listing…", c.name)
                };
                out.push(p(Level::Info, text));
            }
            WatchState::Retrying(t) => {
                let age = ago(Some(w.since), s.now).unwrap_or_default();
                out.push(p(
                    Level::Warning,
                    format!(
                        "{}: {}; data as of {age} ago, retrying",
                        c.name,
                        t.describe()
                    ),
                ));
            }
            // Where the user may not look: `:can` lists what they may.
            WatchState::Forbidden(m) => out.push(p(
                Level::Error,
                format!("{}: {m} (:can lists what you may do)", c.name),
            )),
            WatchState::Partial(m) => out.push(p(Level::Warning, format!("{}: {m}", c.name))),
            WatchState::Live => {}
        }
    }
    out
}

/// Whether anything shown says how long ago: the screen must then be
/// redrawn every second.
pub fn ageing(s: &State) -> bool {
    s.clusters.iter().any(|c| {
        !matches!(c.status, ClusterStatus::Connected { .. })
            || c.watches
                .values()
                .any(|w| matches!(w.state, WatchState::Retrying(_)))
    })
}

#[cfg(test)]
mod tests;
