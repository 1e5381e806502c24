//! The columns of each view and the cells of each row, formatted like
//! kubectl, with sort keys that sort ages and counts numerically.

use chrono::{DateTime, Utc};

use super::view::View;
use crate::kube::kind::Kind;
use crate::kube::{Row, rows};

/// How a cell should be emphasised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Normal,
    Ok,
    Warning,
    Error,
    Dim,
}

/// A column: title and preferred width (0 = take the rest).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: u16,
}

const fn c(title: &'static str, width: u16) -> Column {
    Column { title, width }
}

const CLUSTERS: &[Column] = &[
    c("NAME", 16),
    c("STATUS", 14),
    c("VERSION", 20),
    c("NODES", 7),
    c("NOT READY", 10),
    c("PODS", 7),
    c("UNHEALTHY", 10),
    c("WARNINGS 1H", 12),
    c("MESSAGE", 0),
];
const NAMESPACES: &[Column] = &[c("NAME", 30), c("STATUS", 12), c("AGE", 8)];
const PODS: &[Column] = &[
    c("NAME", 40),
    c("READY", 6),
    c("STATUS", 20),
    c("RESTARTS", 14),
    c("AGE", 8),
    c("IP", 15),
    c("NODE", 0),
];
const DEPLOYMENTS: &[Column] = &[
    c("NAME", 30),
    c("READY", 8),
    c("UP-TO-DATE", 11),
    c("AVAILABLE", 10),
    c("AGE", 8),
    c("IMAGES", 0),
];
const STATEFUL_SETS: &[Column] = &[c("NAME", 30), c("READY", 8), c("AGE", 8), c("IMAGES", 0)];
const DAEMON_SETS: &[Column] = &[
    c("NAME", 26),
    c("DESIRED", 8),
    c("CURRENT", 8),
    c("READY", 6),
    c("UP-TO-DATE", 11),
    c("AVAILABLE", 10),
    c("NODE SELECTOR", 24),
    c("AGE", 8),
];
const REPLICA_SETS: &[Column] = &[
    c("NAME", 36),
    c("DESIRED", 8),
    c("CURRENT", 8),
    c("READY", 6),
    c("REVISION", 9),
    c("AGE", 8),
    c("IMAGES", 0),
];
const SERVICES: &[Column] = &[
    c("NAME", 26),
    c("TYPE", 12),
    c("CLUSTER-IP", 15),
    c("EXTERNAL-IP", 14),
    c("PORT(S)", 20),
    c("AGE", 8),
];
const NODES: &[Column] = &[
    c("NAME", 28),
    c("STATUS", 26),
    c("ROLES", 14),
    c("TAINTS", 7),
    c("VERSION", 9),
    c("CPU", 12),
    c("MEMORY", 22),
    c("PODS", 5),
    c("AGE", 8),
];
const RESOURCE_QUOTAS: &[Column] = &[
    c("NAME", 22),
    c("RESOURCE", 18),
    c("USED", 10),
    c("HARD", 10),
    c("USAGE", 0),
];
const LIMIT_RANGES: &[Column] = &[c("NAME", 22), c("LIMITS", 0), c("AGE", 8)];
const EVENTS: &[Column] = &[
    c("LAST SEEN", 10),
    c("TYPE", 8),
    c("REASON", 18),
    c("OBJECT", 40),
    c("COUNT", 6),
    c("FIRST SEEN", 10),
    c("MESSAGE", 0),
];

/// The columns of a view (after the CLUSTER column, which the table adds
/// when several clusters are shown, and NAMESPACE for namespaced kinds).
pub fn columns(kind: View) -> &'static [Column] {
    match kind {
        View::Clusters => CLUSTERS,
        View::Kind(Kind::Namespaces) => NAMESPACES,
        View::Kind(Kind::Pods) => PODS,
        View::Kind(Kind::Deployments) => DEPLOYMENTS,
        View::Kind(Kind::StatefulSets) => STATEFUL_SETS,
        View::Kind(Kind::DaemonSets) => DAEMON_SETS,
        View::Kind(Kind::ReplicaSets) => REPLICA_SETS,
        View::Kind(Kind::Services) => SERVICES,
        View::Kind(Kind::Nodes) => NODES,
        View::Kind(Kind::ResourceQuotas) => RESOURCE_QUOTAS,
        View::Kind(Kind::LimitRanges) => LIMIT_RANGES,
        View::Kind(Kind::Events) => EVENTS,
    }
}

/// A sortable value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Num(i64),
    Text(String),
}

/// One rendered cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub tone: Tone,
    pub key: SortKey,
}

fn t(text: impl Into<String>) -> Cell {
    let text = text.into();
    Cell {
        key: SortKey::Text(text.clone()),
        text,
        tone: Tone::Normal,
    }
}

fn n(v: i64) -> Cell {
    Cell {
        text: v.to_string(),
        tone: Tone::Normal,
        key: SortKey::Num(v),
    }
}

fn age(ts: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Cell {
    // Ascending age = youngest first (a larger timestamp sorts first).
    Cell {
        text: rows::age(ts, now),
        tone: Tone::Normal,
        key: SortKey::Num(-ts.map_or(i64::MIN / 2, |t| t.timestamp())),
    }
}

fn tone(mut cell: Cell, tone: Tone) -> Cell {
    cell.tone = tone;
    cell
}

fn ratio(a: i64, b: i64) -> Cell {
    let tn = if a < b { Tone::Warning } else { Tone::Normal };
    Cell {
        text: format!("{a}/{b}"),
        tone: tn,
        key: SortKey::Num(a * 1_000_000 + b),
    }
}

fn status_tone(s: &str) -> Tone {
    match s {
        "Running" | "Completed" | "Succeeded" | "Ready" | "Active" | "Bound" => Tone::Ok,
        s if s.contains("BackOff")
            || s.contains("Err")
            || s.contains("Error")
            || s.contains("OOM")
            || s.contains("Failed")
            || s.starts_with("Init:") && s != "Init:0/1"
            || s.starts_with("NotReady")
            || s == "Unknown" =>
        {
            Tone::Error
        }
        _ => Tone::Warning,
    }
}

/// The cells of one row.
pub fn cells(row: &Row, now: DateTime<Utc>) -> Vec<Cell> {
    match row {
        Row::Namespace(r) => vec![
            t(&r.meta.name),
            tone(t(&r.phase), status_tone(&r.phase)),
            age(r.meta.created, now),
        ],
        Row::Pod(r) => vec![
            t(&r.meta.name),
            ratio(r.ready as i64, r.total as i64),
            tone(
                t(&r.status),
                if r.unhealthy {
                    status_tone(&r.status).max_bad()
                } else {
                    Tone::Ok
                },
            ),
            Cell {
                text: rows::restarts(r.restarts, r.last_restart, now),
                tone: if r.restarts > 0 {
                    Tone::Warning
                } else {
                    Tone::Normal
                },
                key: SortKey::Num(r.restarts as i64),
            },
            age(r.meta.created, now),
            t(if r.ip.is_empty() { "<none>" } else { &r.ip }),
            t(if r.node.is_empty() { "<none>" } else { &r.node }),
        ],
        Row::Deployment(r) => vec![
            t(&r.meta.name),
            ratio(r.ready as i64, r.desired as i64),
            n(r.updated as i64),
            tone(
                n(r.available as i64),
                if r.available < r.desired {
                    Tone::Warning
                } else {
                    Tone::Normal
                },
            ),
            age(r.meta.created, now),
            t(r.images.join(",")),
        ],
        Row::StatefulSet(r) => vec![
            t(&r.meta.name),
            ratio(r.ready as i64, r.desired as i64),
            age(r.meta.created, now),
            t(r.images.join(",")),
        ],
        Row::DaemonSet(r) => vec![
            t(&r.meta.name),
            n(r.desired as i64),
            n(r.current as i64),
            tone(
                n(r.ready as i64),
                if r.ready < r.desired {
                    Tone::Warning
                } else {
                    Tone::Normal
                },
            ),
            n(r.updated as i64),
            n(r.available as i64),
            t(if r.node_selector.is_empty() {
                "<none>"
            } else {
                &r.node_selector
            }),
            age(r.meta.created, now),
        ],
        Row::ReplicaSet(r) => vec![
            t(&r.meta.name),
            n(r.desired as i64),
            n(r.current as i64),
            tone(
                n(r.ready as i64),
                if r.ready < r.desired {
                    Tone::Warning
                } else {
                    Tone::Normal
                },
            ),
            Cell {
                text: r.revision.clone().unwrap_or_default(),
                tone: Tone::Normal,
                key: SortKey::Num(
                    r.revision
                        .as_deref()
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0),
                ),
            },
            age(r.meta.created, now),
            t(r.images.join(",")),
        ],
        Row::Service(r) => vec![
            t(&r.meta.name),
            t(&r.kind),
            t(&r.cluster_ip),
            t(&r.external_ip),
            t(&r.ports),
            age(r.meta.created, now),
        ],
        Row::Node(r) => vec![
            t(&r.meta.name),
            tone(
                t(&r.status),
                if r.ready && r.schedulable {
                    Tone::Ok
                } else if r.ready {
                    Tone::Warning
                } else {
                    Tone::Error
                },
            ),
            t(&r.roles),
            tone(
                n(r.taints as i64),
                if r.taints > 0 {
                    Tone::Warning
                } else {
                    Tone::Normal
                },
            ),
            t(&r.version),
            t(format!("{}/{}", r.cpu_allocatable, r.cpu_capacity)),
            t(format!("{}/{}", r.memory_allocatable, r.memory_capacity)),
            t(&r.pods_capacity),
            age(r.meta.created, now),
        ],
        Row::Quota(r) => {
            // One line per quota: the tightest resource first.
            let worst = r
                .items
                .iter()
                .max_by(|a, b| a.ratio.unwrap_or(0.0).total_cmp(&b.ratio.unwrap_or(0.0)));
            match worst {
                Some(w) => vec![
                    t(&r.meta.name),
                    t(&w.resource),
                    t(&w.used),
                    t(&w.hard),
                    quota_bar(&r.items),
                ],
                None => vec![t(&r.meta.name), t(""), t(""), t(""), t("<none>")],
            }
        }
        Row::LimitRange(r) => vec![
            t(&r.meta.name),
            t(r.items.join("; ")),
            age(r.meta.created, now),
        ],
        Row::Event(r) => vec![
            age(r.last_seen, now),
            tone(
                t(&r.kind_type),
                if r.kind_type == "Warning" {
                    Tone::Warning
                } else {
                    Tone::Normal
                },
            ),
            t(&r.reason),
            t(&r.object),
            n(r.count as i64),
            age(r.first_seen, now),
            t(&r.message),
        ],
    }
}

impl Tone {
    /// Errors stay errors; anything else unhealthy is at least a warning.
    fn max_bad(self) -> Tone {
        match self {
            Tone::Error => Tone::Error,
            _ => Tone::Warning,
        }
    }
}

/// `cpu 95% ███████▌ | pods 40% ███` for every resource, tightest first.
fn quota_bar(items: &[rows::QuotaItem]) -> Cell {
    let mut sorted: Vec<&rows::QuotaItem> = items.iter().collect();
    sorted.sort_by(|a, b| b.ratio.unwrap_or(0.0).total_cmp(&a.ratio.unwrap_or(0.0)));
    let worst = sorted.first().and_then(|i| i.ratio).unwrap_or(0.0);
    let parts: Vec<String> = sorted
        .iter()
        .map(|i| match i.ratio {
            Some(r) => {
                let filled = ((r.min(1.0)) * 10.0).round() as usize;
                format!(
                    "{} {:>3.0}% {}{}",
                    i.resource,
                    r * 100.0,
                    "█".repeat(filled),
                    "░".repeat(10 - filled)
                )
            }
            None => format!("{} {}/{}", i.resource, i.used, i.hard),
        })
        .collect();
    let tn = if worst >= 1.0 {
        Tone::Error
    } else if worst >= 0.9 {
        Tone::Warning
    } else {
        Tone::Normal
    };
    Cell {
        text: parts.join("  "),
        tone: tn,
        key: SortKey::Num((worst * 10000.0) as i64),
    }
}

/// Row-level tone (the whole row is highlighted when unhealthy).
pub fn row_tone(row: &Row) -> Tone {
    match row {
        Row::Pod(r) if r.unhealthy => Tone::Warning,
        Row::Deployment(r) if r.unhealthy => Tone::Warning,
        Row::StatefulSet(r) if r.unhealthy => Tone::Warning,
        Row::DaemonSet(r) if r.unhealthy => Tone::Warning,
        Row::Node(r) if !r.ready => Tone::Error,
        Row::Event(r) if r.kind_type == "Warning" => Tone::Warning,
        Row::Quota(r) if r.items.iter().any(|i| i.ratio.is_some_and(|x| x >= 0.9)) => Tone::Warning,
        _ => Tone::Normal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_has_columns_matching_its_cells() {
        let meta = rows::Meta {
            namespace: "a".into(),
            name: "x".into(),
            uid: "u".into(),
            created: None,
            labels: Default::default(),
        };
        let now = Utc::now();
        let ev = Row::Namespace(rows::NamespaceRow {
            meta: meta.clone(),
            phase: "Active".into(),
        });
        assert_eq!(
            cells(&ev, now).len(),
            columns(View::Kind(Kind::Namespaces)).len()
        );
        let q = Row::Quota(rows::QuotaRow {
            meta,
            items: vec![rows::QuotaItem {
                resource: "pods".into(),
                used: "19".into(),
                hard: "20".into(),
                ratio: Some(0.95),
            }],
        });
        let qc = cells(&q, now);
        assert_eq!(qc.len(), columns(View::Kind(Kind::ResourceQuotas)).len());
        assert!(qc[4].text.contains("95%"), "{:?}", qc[4]);
        assert_eq!(qc[4].tone, Tone::Warning);
        assert_eq!(row_tone(&q), Tone::Warning);
    }

    #[test]
    fn ascending_age_is_youngest_first() {
        let now = Utc::now();
        let old = age(Some(now - chrono::Duration::days(3)), now);
        let new = age(Some(now - chrono::Duration::minutes(3)), now);
        assert!(new.key < old.key);
        assert_eq!(old.text, "3d");
    }
}
