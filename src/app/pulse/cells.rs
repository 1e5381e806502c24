//! The pulse's columns and the cells of one cluster's row, from the
//! aggregates alone (nothing here walks a cache).

use super::usage::Cell as Used;
use crate::app::columns::{Cell, SortKey, Tone};
use crate::app::health::{self, Mark};
use crate::app::state::State;
use crate::kube::rows::human_duration;

/// The eight heights of a sparkline cell, lowest first.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// A cell without a sample (the cluster was unreachable, or no metrics).
pub const GAP: char = '·';

/// A sparkline: one character per value scaled to `max` (None: a gap,
/// `Some(None)`-like "before" values are blanks).
pub fn spark(values: &[Option<Option<f64>>], max: f64) -> String {
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(None) => GAP,
            Some(Some(x)) => {
                let level = if max > 0.0 { x / max * 8.0 } else { 0.0 };
                let i = (level.ceil() as usize).clamp(1, 8) - 1;
                if *x <= 0.0 { BARS[0] } else { BARS[i] }
            }
        })
        .collect()
}

fn text(t: String, tone: Tone) -> Cell {
    Cell {
        key: SortKey::Text(t.clone()),
        text: t,
        tone,
    }
}

fn num(v: Option<u64>, tone: Tone) -> Cell {
    Cell {
        text: v.map_or("-".into(), |v| v.to_string()),
        tone,
        key: SortKey::Num(v.map_or(-1, |v| v as i64)),
    }
}

/// A share in percent, coloured at the metrics thresholds.
fn pct(s: &State, used: u64, of: u64) -> Cell {
    let Some(p) = (used * 100 + of / 2).checked_div(of) else {
        return text("-".into(), Tone::Dim);
    };
    let (warn, critical) = (s.metrics.settings.warn, s.metrics.settings.critical);
    let tone = if p >= u64::from(critical) {
        Tone::Error
    } else if p >= u64::from(warn) {
        Tone::Warning
    } else {
        Tone::Normal
    };
    Cell {
        text: format!("{p}%"),
        tone,
        key: SortKey::Num(p as i64),
    }
}

/// What the cluster's status says: its state, and when it cannot be
/// reached, for how long (its numbers are as of then): `unreachable 4m`.
fn status(s: &State, c: usize) -> Cell {
    let Some(info) = s.clusters.get(c) else {
        return text(String::new(), Tone::Normal);
    };
    let h = health::of(info);
    let tone = match h.mark {
        Mark::Ok => Tone::Ok,
        Mark::Connecting | Mark::Degraded => Tone::Warning,
        Mark::Down => Tone::Error,
    };
    let mut label = h.label.unwrap_or_else(|| "connected".into());
    if h.mark == Mark::Down
        && let Some(since) = info.status_since
    {
        let age = human_duration((s.now - since).max(chrono::TimeDelta::zero()));
        label = format!("{label} {age}");
    }
    text(label, tone)
}

/// The cells of cluster `c`'s row, matching `columns::PULSE`.
pub fn cells(s: &State, c: usize) -> Vec<Cell> {
    let Some(info) = s.clusters.get(c) else {
        return Vec::new();
    };
    let tally = s.pulse.tally(c);
    let has = |k| s.caches.contains_key(&(c, k));
    let nodes = tally.filter(|_| has(crate::kube::kind::Kind::Nodes));
    let pods = tally.filter(|_| has(crate::kube::kind::Kind::Pods));
    let quotas = tally.filter(|_| has(crate::kube::kind::Kind::ResourceQuotas));
    let mut name = text(info.name.clone(), Tone::Normal);
    if info.production {
        name.tone = Tone::Error;
    }
    let nodes_cell = match nodes {
        Some(t) => Cell {
            text: format!("{}/{}", t.nodes.ready, t.nodes.total),
            tone: if t.nodes.ready < t.nodes.total {
                Tone::Warning
            } else {
                Tone::Normal
            },
            key: SortKey::Num(i64::from(t.nodes.ready)),
        },
        None => num(None, Tone::Dim),
    };
    let not_ready = match nodes {
        Some(t) => {
            let n = t.not_ready();
            let mut cell = num(
                Some(u64::from(n)),
                if n > 0 { Tone::Error } else { Tone::Normal },
            );
            if t.nodes.unreachable > 0 {
                cell.text = format!("{n} ({} unreachable)", t.nodes.unreachable);
            }
            cell
        }
        None => num(None, Tone::Dim),
    };
    let (cpu, cpu_h, mem, mem_h) = usage_cells(s, c);
    let phase = |f: fn(&super::Tally) -> u32, bad: Tone| match pods {
        Some(t) => {
            let v = f(t);
            num(Some(u64::from(v)), if v > 0 { bad } else { Tone::Normal })
        }
        None => num(None, Tone::Dim),
    };
    let (warn_now, warn_h) = warning_cells(s, c);
    let quota = match quotas {
        Some(t) => match t.quota_pressure() {
            (0, _) | (_, None) => text("0".into(), Tone::Normal),
            (n, Some(w)) => Cell {
                text: format!(
                    "{n} · {} {}% {}",
                    w.namespace,
                    w.hundredths / 100,
                    w.resource
                ),
                tone: if w.hundredths >= 10_000 {
                    Tone::Error
                } else {
                    Tone::Warning
                },
                key: SortKey::Num(n as i64),
            },
        },
        None => num(None, Tone::Dim),
    };
    vec![
        name,
        status(s, c),
        nodes_cell,
        not_ready,
        cpu,
        cpu_h,
        mem,
        mem_h,
        phase(|t| t.pods.running, Tone::Normal),
        phase(|t| t.pods.pending, Tone::Warning),
        phase(|t| t.pods.failed, Tone::Error),
        phase(|t| t.pods.succeeded, Tone::Normal),
        phase(|t| t.pods.unhealthy, Tone::Warning),
        warn_now,
        warn_h,
        quota,
    ]
}

/// CPU and memory: the share of allocatable used now (the overview's).
pub fn usage_now(s: &State, c: usize) -> (Cell, Cell) {
    let (cpu, _, mem, _) = usage_cells(s, c);
    (cpu, mem)
}

/// CPU and memory: the share of allocatable used now, and the last hour.
fn usage_cells(s: &State, c: usize) -> (Cell, Cell, Cell, Cell) {
    let na = || text("n/a".into(), Tone::Dim);
    if s.metrics.unavailable(c, false) {
        return (na(), na(), na(), na());
    }
    let alloc = s
        .pulse
        .tally(c)
        .filter(|t| t.nodes.total > 0)
        .map(|t| (t.nodes.alloc_cpu_m, t.nodes.alloc_mem_kib));
    let summed = s.pulse.usage(c);
    let now = |pick: fn((u64, u64)) -> u64| match (summed.and_then(|u| u.latest), alloc) {
        (Some(u), Some(a)) if pick(a) > 0 => pct(s, pick(u), pick(a)),
        _ => text("-".into(), Tone::Dim),
    };
    let hist = |pick: fn(f64, f64) -> f64, of: Option<u64>| {
        let Some(of) = of.filter(|o| *o > 0) else {
            return text(String::new(), Tone::Dim);
        };
        let values: Vec<Option<Option<f64>>> = summed
            .map(|u| {
                u.cells
                    .iter()
                    .map(|c| match c {
                        Used::Before => None,
                        Used::Gap => Some(None),
                        Used::Used(cpu, mem) => Some(Some(pick(*cpu, *mem) * 100.0 / of as f64)),
                    })
                    .collect()
            })
            .unwrap_or_default();
        text(spark(&values, 100.0), Tone::Ok)
    };
    (
        now(|u| u.0),
        hist(|c, _| c, alloc.map(|a| a.0)),
        now(|u| u.1),
        hist(|_, m| m, alloc.map(|a| a.1)),
    )
}

/// Warning events: per minute now, and the last hour (scaled to its
/// busiest cell).
fn warning_cells(s: &State, c: usize) -> (Cell, Cell) {
    let Some(w) = s.pulse.warnings(c).filter(|w| w.listed()) else {
        return (num(None, Tone::Dim), text(String::new(), Tone::Dim));
    };
    let now = w.per_minute(s.now);
    let per = num(
        now.map(u64::from),
        if now.unwrap_or(0) > 0 {
            Tone::Warning
        } else {
            Tone::Normal
        },
    );
    let cells = w.cells(s.now, super::CELLS);
    let max = cells.iter().flatten().fold(0.0f64, |a, b| a.max(*b));
    let values: Vec<Option<Option<f64>>> = cells.into_iter().map(Some).collect();
    (per, text(spark(&values, max), Tone::Warning))
}
