//! The metrics columns, after a view's own: pods CPU, MEM and their share
//! of requests and limits; nodes CPU and MEM, their share of allocatable
//! and the requested share; workloads their pods' total. `n/a` where the
//! cluster serves no metrics or there is no request or limit to compare
//! with, `-` while no sample is known; shares above 100 % are shown as
//! they are. Sort keys are the numbers (`n/a` and `-` sort lowest).

use super::{Cell, Column, SortKey, Tone, whole};
use crate::app::metrics::Metrics;
use crate::app::metrics::panel::allocatable;
use crate::app::view::View;
use crate::kube::Row;
use crate::kube::kind::Kind;
use crate::kube::metrics::Usage;
use crate::kube::rows::{self, Resources};

/// What a metrics column measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Cpu,
    Mem,
    /// CPU usage as a share of the pod's request / limit.
    CpuOfRequest,
    CpuOfLimit,
    MemOfRequest,
    MemOfLimit,
    /// A node's usage as a share of its allocatable.
    CpuOfAllocatable,
    MemOfAllocatable,
    /// The sum of its pods' requests as a share of allocatable.
    CpuRequested,
    MemRequested,
}

/// A workload's pods' total: CPU and MEM.
const WORKLOAD_COLUMNS: &[Column] = &[col("CPU"), col("MEM")];
const WORKLOAD_MEASURES: &[Measure] = &[Measure::Cpu, Measure::Mem];

/// Metrics columns are optional: on a narrow screen they are dropped
/// (rightmost first) before names are cut.
const fn col(title: &'static str) -> Column {
    whole(title).wide()
}

const POD_COLUMNS: &[Column] = &[
    col("CPU"),
    col("MEM"),
    col("%CPU/R"),
    col("%CPU/L"),
    col("%MEM/R"),
    col("%MEM/L"),
];
const POD_MEASURES: &[Measure] = &[
    Measure::Cpu,
    Measure::Mem,
    Measure::CpuOfRequest,
    Measure::CpuOfLimit,
    Measure::MemOfRequest,
    Measure::MemOfLimit,
];

const NODE_COLUMNS: &[Column] = &[
    col("CPU"),
    col("%CPU"),
    col("MEM"),
    col("%MEM"),
    col("%CPU/R"),
    col("%MEM/R"),
];
const NODE_MEASURES: &[Measure] = &[
    Measure::Cpu,
    Measure::CpuOfAllocatable,
    Measure::Mem,
    Measure::MemOfAllocatable,
    Measure::CpuRequested,
    Measure::MemRequested,
];

/// The titles of the metrics columns of `kind`'s view.
pub fn titles(kind: View) -> Vec<&'static str> {
    columns(kind).iter().map(|c| c.title).collect()
}

fn measures(kind: View) -> &'static [Measure] {
    match kind {
        View::Kind(Kind::Pods) => POD_MEASURES,
        View::Kind(Kind::Nodes) => NODE_MEASURES,
        View::Kind(Kind::Deployments | Kind::StatefulSets | Kind::DaemonSets) => WORKLOAD_MEASURES,
        _ => &[],
    }
}

/// Where the metrics columns go among a view's own: before the pods'
/// IP and NODE (dropped first on a narrow screen) and the workloads'
/// images and node selectors, after the others'.
pub fn place(kind: View) -> usize {
    match kind {
        View::Kind(Kind::Pods | Kind::Deployments) => 5,
        View::Kind(Kind::StatefulSets) => 3,
        View::Kind(Kind::DaemonSets) => 6,
        _ => super::columns(kind).len(),
    }
}

/// What column `j` of a view's own and metrics columns (in displayed
/// order) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// One of its own cells.
    Own(usize),
    /// One of its metrics cells.
    Metric(usize),
}

pub fn slot(kind: View, j: usize) -> Slot {
    let (at, n) = (place(kind), columns(kind).len());
    if j < at {
        Slot::Own(j)
    } else if j < at + n {
        Slot::Metric(j - at)
    } else {
        Slot::Own(j - n)
    }
}

/// A view's own columns with its metrics columns in their place.
pub fn with_metrics<T: Clone>(kind: View, own: &[T], metrics: &[T]) -> Vec<T> {
    let at = place(kind).min(own.len());
    let mut v = Vec::with_capacity(own.len() + metrics.len());
    v.extend_from_slice(&own[..at]);
    v.extend_from_slice(metrics);
    v.extend_from_slice(&own[at..]);
    v
}

/// The metrics columns of a view (none for most).
pub fn columns(kind: View) -> &'static [Column] {
    match kind {
        View::Kind(Kind::Pods) => POD_COLUMNS,
        View::Kind(Kind::Nodes) => NODE_COLUMNS,
        View::Kind(Kind::Deployments | Kind::StatefulSets | Kind::DaemonSets) => WORKLOAD_COLUMNS,
        _ => &[],
    }
}

/// A measured value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Val {
    /// The cluster does not serve metrics.
    NotServed,
    /// No sample (yet), or no pod cache to sum.
    Unknown,
    /// Nothing to compare with (no request or limit).
    NoBase,
    CpuM(u32),
    MemKib(u32),
    Pct(u32),
}

fn pct(used: u64, of: u64) -> Val {
    match (used * 100 + of / 2).checked_div(of) {
        None => Val::NoBase,
        Some(p) => Val::Pct(p.min(u32::MAX as u64) as u32),
    }
}

fn value(m: &Metrics, cluster: usize, row: &Row, what: Measure) -> Val {
    let pods = !matches!(row, Row::Node(_));
    if m.unavailable(cluster, pods)
        && !matches!(what, Measure::CpuRequested | Measure::MemRequested)
    {
        return Val::NotServed;
    }
    let store = m.cluster(cluster);
    let of_usage = |u: Option<Usage>, f: &dyn Fn(Usage) -> Val| u.map_or(Val::Unknown, f);
    match row {
        Row::Pod(p) => {
            let u = store.and_then(|s| s.pod(&p.meta.namespace, &p.meta.name));
            let r: Resources = p.resources;
            of_usage(u, &|u| match what {
                Measure::Cpu => Val::CpuM(u.cpu_m),
                Measure::Mem => Val::MemKib(u.mem_kib),
                Measure::CpuOfRequest => pct(u.cpu_m.into(), r.cpu_request_m.into()),
                Measure::CpuOfLimit => pct(u.cpu_m.into(), r.cpu_limit_m.into()),
                Measure::MemOfRequest => pct(u.mem_kib.into(), r.mem_request_kib.into()),
                Measure::MemOfLimit => pct(u.mem_kib.into(), r.mem_limit_kib.into()),
                _ => Val::Unknown,
            })
        }
        Row::Node(n) => {
            let (cpu, mem) = allocatable(n);
            match what {
                Measure::CpuRequested | Measure::MemRequested => {
                    match m.requests.get(cluster, &n.meta.name) {
                        None => Val::Unknown,
                        Some(on) if what == Measure::CpuRequested => {
                            pct(on.sum.cpu_request_m.into(), cpu)
                        }
                        Some(on) => pct(on.sum.mem_request_kib.into(), mem),
                    }
                }
                _ => of_usage(store.and_then(|s| s.node(&n.meta.name)), &|u| match what {
                    Measure::Cpu => Val::CpuM(u.cpu_m),
                    Measure::Mem => Val::MemKib(u.mem_kib),
                    Measure::CpuOfAllocatable => pct(u.cpu_m.into(), cpu),
                    Measure::MemOfAllocatable => pct(u.mem_kib.into(), mem),
                    _ => Val::Unknown,
                }),
            }
        }
        Row::Deployment(w) => workload(m, cluster, &w.meta, "Deployment", what),
        Row::StatefulSet(w) => workload(m, cluster, &w.meta, "StatefulSet", what),
        Row::DaemonSet(w) => workload(m, cluster, &w.meta, "DaemonSet", what),
        _ => Val::Unknown,
    }
}

fn workload(m: &Metrics, cluster: usize, meta: &rows::Meta, kind: &str, what: Measure) -> Val {
    match m.workloads.get(cluster, &meta.namespace, kind, &meta.name) {
        None => Val::Unknown,
        Some(t) if what == Measure::Cpu => Val::CpuM(t.usage.cpu_m),
        Some(t) => Val::MemKib(t.usage.mem_kib),
    }
}

/// CPU in millicores, as kubectl top shows it: `350m`.
pub fn cpu_text(m: u32) -> String {
    format!("{m}m")
}

/// Memory in binary units: `512Ki`, `350Mi`, `1.2Gi`.
pub fn mem_text(kib: u32) -> String {
    if kib < 1024 {
        format!("{kib}Ki")
    } else if kib < 1024 * 1024 {
        format!("{}Mi", kib / 1024)
    } else {
        format!("{:.1}Gi", kib as f64 / (1024.0 * 1024.0))
    }
}

fn key(v: Val) -> i64 {
    match v {
        Val::Unknown => -2,
        Val::NotServed | Val::NoBase => -1,
        Val::CpuM(x) | Val::MemKib(x) | Val::Pct(x) => x as i64,
    }
}

fn cell(v: Val, warn: u32, critical: u32) -> Cell {
    let (text, tone) = match v {
        Val::NotServed | Val::NoBase => ("n/a".to_string(), Tone::Dim),
        Val::Unknown => ("-".to_string(), Tone::Dim),
        Val::CpuM(x) => (cpu_text(x), Tone::Normal),
        Val::MemKib(x) => (mem_text(x), Tone::Normal),
        Val::Pct(p) => (
            format!("{p}%"),
            if p >= critical {
                Tone::Error
            } else if p >= warn {
                Tone::Warning
            } else {
                Tone::Normal
            },
        ),
    };
    Cell {
        text,
        tone,
        key: SortKey::Num(key(v)),
    }
}

/// The metrics cells of a row of view `kind` in `cluster`.
pub fn cells(m: &Metrics, kind: View, cluster: usize, row: &Row) -> Vec<Cell> {
    let (warn, critical) = (m.settings.warn, m.settings.critical);
    measures(kind)
        .iter()
        .map(|w| cell(value(m, cluster, row, *w), warn, critical))
        .collect()
}

/// The sort key of metrics column `j` (the same as `cells(..)[j].key`).
pub fn sort_key(m: &Metrics, kind: View, cluster: usize, row: &Row, j: usize) -> i64 {
    measures(kind)
        .get(j)
        .map_or(-2, |w| key(value(m, cluster, row, *w)))
}
