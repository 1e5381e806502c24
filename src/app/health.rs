//! How each cluster is doing, as the header and the clusters view say it:
//! one state per cluster (its connection, or the worst of its watches), and
//! one line per problem, each said once, that appears when the problem
//! starts and goes when it ends.

use chrono::{DateTime, Utc};

use super::state::{ClusterInfo, Level, State};
use crate::kube::access::may_not;
use crate::kube::kind::Kind;
use crate::kube::rows::human_duration;
use crate::kube::{ClusterStatus, Trouble, TroubleKind, WatchState};

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
            let failing = c.watches.iter().find_map(|(k, w)| match &w.state {
                WatchState::Retrying(t) if about_cluster(*k, t) => Some(t.label()),
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

/// Whether a failing watch of `kind` says something about its whole
/// cluster. A resource of its own (a CRD's, an API service's) fails alone:
/// its conversion webhook or its server down says nothing of the other
/// kinds; it is said in its view only. The connection, credentials and
/// throttling are the cluster's.
pub fn about_cluster(kind: Kind, t: &Trouble) -> bool {
    !matches!(kind, Kind::Generic(_))
        || matches!(
            t.kind,
            TroubleKind::Unreachable | TroubleKind::Unauthorized | TroubleKind::Throttled
        )
}

/// What a view says of a kind cluster `i` does not serve, or no longer
/// serves (its watch found it gone, or its CRD was seen deleted); None
/// when it is served.
fn not_served(s: &State, i: usize, c: &ClusterInfo, k: Kind) -> Option<String> {
    let gone = c
        .watches
        .get(&k)
        .is_some_and(|w| matches!(w.state, WatchState::Gone(_)));
    if s.catalog.serves(i, k) != Some(false) && !gone {
        return None;
    }
    let Kind::Generic(res) = k else {
        return Some(format!("{} not served on {}", k.name(), c.name));
    };
    let crd = s
        .catalog
        .clusters
        .get(&i)
        .is_some_and(|d| d.crd_deleted(res));
    Some(if crd {
        format!(
            "{}: no longer served on {} (its CRD was deleted)",
            res.qualified(),
            c.name
        )
    } else if gone {
        format!("{}: no longer served on {}", res.qualified(), c.name)
    } else {
        format!("{} not served on {}", k.name(), c.name)
    })
}

/// A list the user may not make, as the view says it: who may not do what
/// (the verb the server named, `list` when it named none), where to see
/// what they may, then the server's words. `prod-us-dev: prod-us-dev may
/// not list customresourcedefinitions.apiextensions.k8s.io on prod-us-dev
/// (:can lists what you may do); the server said: …`.
fn forbidden(c: &ClusterInfo, kind: Option<Kind>, server: &str) -> String {
    let verb = server
        .split_once("cannot ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .unwrap_or("list");
    let what = match kind {
        Some(Kind::Generic(r)) => r.qualified(),
        Some(k) => k.name().to_string(),
        None => "this".into(),
    };
    let who = may_not(&c.user, &format!("{verb} {what}"), "");
    format!(
        "{}: {who} on {} (:can lists what you may do); the server said: {server}",
        c.name, c.name
    )
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
        if let Some(text) = kind.and_then(|k| not_served(s, i, c, k)) {
            out.push(p(Level::Warning, text));
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
            // Where the user may not look, in plain words first; `:can`
            // lists what they may.
            WatchState::Forbidden(m) => out.push(p(Level::Error, forbidden(c, kind, m))),
            WatchState::Partial(m) => out.push(p(Level::Warning, format!("{}: {m}", c.name))),
            // Said above (`not_served`).
            WatchState::Live | WatchState::Gone(_) => {}
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
