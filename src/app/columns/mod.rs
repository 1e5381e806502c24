//! The columns of each view and the cells of each row, formatted like
//! kubectl, with sort keys that sort ages and counts numerically.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

pub mod alerts;
pub mod can;
mod cluster;
mod events;
pub mod generic;
pub mod metrics;
mod pods;
mod policy;
mod services;
mod workloads;

use super::layout::{Fit, Spec};
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

/// A column: its title and how it may be narrowed on a narrow screen
/// (widths come from the content: see `app::layout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    /// Whether its cells may be cut, and where.
    pub fit: Fit,
    /// One of kubectl's `-o wide` columns: dropped before names are cut.
    pub wide: bool,
}

impl Column {
    /// What the layout needs to know of it.
    pub fn spec(&self) -> Spec {
        Spec {
            fit: self.fit,
            wide: self.wide,
        }
    }

    /// Dropped before names are cut on a narrow screen.
    const fn wide(self) -> Column {
        Column { wide: true, ..self }
    }
}

/// A column whose cells are never cut: numbers, ratios, ages, statuses.
pub const fn whole(title: &'static str) -> Column {
    Column {
        title,
        fit: Fit::Whole,
        wide: false,
    }
}

/// A column of names, cut in the middle (the suffix that tells generated
/// names apart stays).
pub const fn name(title: &'static str) -> Column {
    Column {
        title,
        fit: Fit::Name,
        wide: false,
    }
}

/// A column of free text (messages, images, selectors), cut at the end.
const fn text(title: &'static str) -> Column {
    Column {
        title,
        fit: Fit::Text,
        wide: false,
    }
}

const CLUSTERS: &[Column] = &[
    name("NAME"),
    whole("STATUS"),
    whole("VERSION"),
    whole("NODES"),
    whole("NOT READY"),
    whole("PODS"),
    whole("UNHEALTHY"),
    whole("WARNINGS 1H"),
    whole("CPU").wide(),
    whole("MEM").wide(),
    text("MESSAGE"),
];
/// The pulse's columns (cells in `app::pulse::cells`): pods by phase are
/// RUN, PEND, FAIL and SUCCEEDED (`status.phase`). The histories (`1H`)
/// and SUCCEEDED are optional: dropped first on a narrow screen.
const PULSE: &[Column] = &[
    name("CLUSTER"),
    whole("STATUS"),
    whole("NODES"),
    whole("NOT READY"),
    whole("CPU"),
    whole("CPU 1H").wide(),
    whole("MEM"),
    whole("MEM 1H").wide(),
    whole("RUN"),
    whole("PEND"),
    whole("FAIL"),
    whole("SUCCEEDED").wide(),
    whole("UNHEALTHY"),
    whole("WARN/MIN"),
    whole("WARN 1H").wide(),
    text("QUOTA ≥90%"),
];
const ALERTS: &[Column] = &[
    name("CLUSTER"),
    whole("SEVERITY"),
    whole("RULE"),
    name("OBJECT"),
    whole("SINCE"),
    text("MESSAGE"),
];
const CAN: &[Column] = &[
    name("CLUSTER"),
    name("NAMESPACE"),
    name("RESOURCE"),
    whole("GET"),
    whole("LIST"),
    whole("WATCH"),
    whole("CREATE"),
    whole("UPDATE"),
    whole("PATCH"),
    whole("DELETE"),
    text("NOTE"),
];

/// The columns of a view (after the CLUSTER column, which the table adds
/// when several clusters are shown, and NAMESPACE for namespaced kinds).
pub fn columns(kind: View) -> &'static [Column] {
    match kind {
        View::Clusters => CLUSTERS,
        View::Alerts => ALERTS,
        View::Can => CAN,
        View::Pulse => PULSE,
        View::Kind(Kind::Namespaces) => cluster::NAMESPACES,
        View::Kind(Kind::Pods) => pods::PODS,
        View::Kind(Kind::Deployments) => workloads::DEPLOYMENTS,
        View::Kind(Kind::StatefulSets) => workloads::STATEFUL_SETS,
        View::Kind(Kind::DaemonSets) => workloads::DAEMON_SETS,
        View::Kind(Kind::ReplicaSets) => workloads::REPLICA_SETS,
        View::Kind(Kind::Services) => services::SERVICES,
        View::Kind(Kind::Nodes) => cluster::NODES,
        View::Kind(Kind::ResourceQuotas) => policy::RESOURCE_QUOTAS,
        View::Kind(Kind::LimitRanges) => policy::LIMIT_RANGES,
        View::Kind(Kind::Events) => events::EVENTS,
        // The servers' columns: see `own`.
        View::Kind(Kind::Generic(_)) => &[],
    }
}

/// A view's own columns: its kind's, or for a generic kind those its
/// clusters' Tables have (`State::generic`).
pub fn own(s: &super::state::State, view: View) -> &[Column] {
    match view {
        View::Kind(k @ Kind::Generic(_)) => {
            s.generic.get(&k).map_or(&[][..], |g| g.columns.as_slice())
        }
        v => columns(v),
    }
}

/// The cells of one row, matching its view's columns.
pub fn cells(row: &Row, now: DateTime<Utc>) -> Vec<Cell> {
    match row {
        Row::Namespace(r) => cluster::namespace(r, now),
        Row::Pod(r) => pods::pod(r, now),
        Row::Deployment(r) => workloads::deployment(r, now),
        Row::StatefulSet(r) => workloads::statefulset(r, now),
        Row::DaemonSet(r) => workloads::daemonset(r, now),
        Row::ReplicaSet(r) => workloads::replicaset(r, now),
        Row::Service(r) => services::service(r, now),
        Row::Node(r) => cluster::node(r, now),
        Row::Quota(r) => policy::quota(r),
        Row::LimitRange(r) => policy::limitrange(r, now),
        Row::Event(r) => events::event(r, now),
        Row::Generic(r) => generic::cells(r, now),
    }
}

/// A sortable value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Num(i64),
    Text(String),
}

/// A sortable value borrowed from its row where it can be (ordered as
/// [`SortKey`]): sorting many rows builds no cells.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key<'a> {
    Num(i64),
    Text(Cow<'a, str>),
}

impl From<SortKey> for Key<'static> {
    fn from(k: SortKey) -> Self {
        match k {
            SortKey::Num(n) => Key::Num(n),
            SortKey::Text(t) => Key::Text(Cow::Owned(t)),
        }
    }
}

/// The sort key of cell `col` of `row` (the same as `cells(row)[col].key`),
/// without building the cells for the numerous kinds.
pub fn sort_key(row: &Row, col: usize, now: DateTime<Utc>) -> Key<'_> {
    match row {
        Row::Pod(r) => pods::key(r, col),
        Row::Event(r) => events::key(r, col),
        Row::Generic(r) => generic::key(r, col),
        _ => cells(row, now)
            .into_iter()
            .nth(col)
            .map_or(Key::Num(0), |c| c.key.into()),
    }
}

/// A text sort key borrowed from its row.
fn key_text(s: &str) -> Key<'_> {
    Key::Text(Cow::Borrowed(s))
}

/// An age's sort key: ascending is youngest first (a larger timestamp
/// sorts first).
fn age_key(ts: Option<DateTime<Utc>>) -> i64 {
    -ts.map_or(i64::MIN / 2, |t| t.timestamp())
}

fn ratio_key(a: i64, b: i64) -> i64 {
    a * 1_000_000 + b
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
    Cell {
        text: rows::age(ts, now),
        tone: Tone::Normal,
        key: SortKey::Num(age_key(ts)),
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
        key: SortKey::Num(ratio_key(a, b)),
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

impl Tone {
    /// Errors stay errors; anything else unhealthy is at least a warning.
    fn max_bad(self) -> Tone {
        match self {
            Tone::Error => Tone::Error,
            _ => Tone::Warning,
        }
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
        Row::Event(r) if r.warning() => Tone::Warning,
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
        let ev = Row::Namespace(Box::new(rows::NamespaceRow {
            meta: meta.clone(),
            phase: "Active".into(),
        }));
        assert_eq!(
            cells(&ev, now).len(),
            columns(View::Kind(Kind::Namespaces)).len()
        );
        let q = Row::Quota(Box::new(rows::QuotaRow {
            meta,
            items: vec![rows::QuotaItem {
                resource: "pods".into(),
                used: "19".into(),
                hard: "20".into(),
                ratio: Some(0.95),
            }],
        }));
        let qc = cells(&q, now);
        assert_eq!(qc.len(), columns(View::Kind(Kind::ResourceQuotas)).len());
        assert!(qc[4].text.contains("95%"), "{:?}", qc[4]);
        assert_eq!(qc[4].tone, Tone::Warning);
        assert_eq!(row_tone(&q), Tone::Warning);
    }

    /// The borrowed sort keys are the cells' keys, column by column.
    #[test]
    fn sort_keys_are_the_cells_keys() {
        let now = Utc::now();
        let meta = |name: &str| rows::Meta {
            namespace: "shop".into(),
            name: name.into(),
            uid: name.into(),
            created: Some(now - chrono::Duration::minutes(9)),
            labels: Default::default(),
        };
        let pod = |ip: &str, node: &str| {
            Row::Pod(Box::new(rows::PodRow {
                meta: meta("web-1"),
                ready: 1,
                total: 3,
                status: "CrashLoopBackOff".into(),
                restarts: 4,
                last_restart: Some(now),
                node: node.into(),
                ip: rows::PodIp::parse(ip),
                owner: None,
                unhealthy: true,
                phase: "Running".into(),
                containers: vec!["app".into()].into(),
                init_from: 1,
                resources: Default::default(),
                claims: Default::default(),
            }))
        };
        let event = Row::Event(Box::new(rows::EventRow::new(
            meta("web-1.1"),
            rows::EventText {
                kind_type: "Warning",
                reason: "BackOff",
                object: "pod/web-1",
                message: "Back-off restarting failed container",
                source: "kubelet",
            },
            7,
            Some(now - chrono::Duration::hours(1)),
            None,
        )));
        for row in [pod("10.0.0.1", "node-1"), pod("", ""), event] {
            for (i, cell) in cells(&row, now).into_iter().enumerate() {
                assert_eq!(sort_key(&row, i, now), Key::from(cell.key), "{row:?} {i}");
            }
        }
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
