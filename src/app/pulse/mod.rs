//! The fleet pulse (`:pulse`, docs/metrics.md): per open cluster, its
//! nodes Ready and not, CPU and memory used against allocatable with the
//! last hour's history, pods by phase and unhealthy, Warning events per
//! minute with their history, and the namespaces under quota pressure.
//!
//! Lean by construction, whatever the fleet's size:
//! - the counts ([`Tally`]) are kept row by row from each cache's change
//!   log (`sorted::ChangeLog`): a watch event costs a few additions; a
//!   cache is counted whole only after a re-list (or when its log no
//!   longer reaches back);
//! - the CPU and memory history is the sum of the node rings the metrics
//!   store already keeps, summed again only when that cluster's node poll
//!   was answered;
//! - Warning events come from a watch of their own with
//!   `fieldSelector=type=Warning` (started for the clusters the pulse
//!   shows), counted into 10-second buckets ([`warnings::Warnings`]).
//!
//! `refresh` runs before each frame and costs a few lookups per cluster
//! when nothing changed; the cells of the rows on screen are built from
//! these aggregates alone.

pub mod cells;
pub mod tally;
pub mod usage;
pub mod warnings;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use super::health::{self, Mark};
use super::state::State;
use super::view::View;
use crate::kube::kind::Kind;
pub use tally::Tally;
use usage::Summed;
use warnings::Warnings;

/// The kinds whose rows are counted.
pub const KINDS: [Kind; 3] = [Kind::Nodes, Kind::Pods, Kind::ResourceQuotas];

/// Cells in each history sparkline (an hour: 3 minutes a cell at 15 s).
pub const CELLS: usize = 20;

/// A cluster's summed CPU and memory history, and what it was summed from
/// (the node polls answered, the newest cell).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Usage {
    from: Option<(u64, i64)>,
    pub summed: Summed,
}

#[derive(Debug, Default)]
pub struct Pulse {
    /// Per cluster, its counts.
    tallies: Vec<Tally>,
    /// The cache generations the tallies were brought up to.
    seen: HashMap<(usize, Kind), u64>,
    /// Per cluster, its summed usage (kept for the clusters shown).
    usage: Vec<Usage>,
    /// Per cluster whose Warning events are watched: their counts.
    warnings: HashMap<usize, Warnings>,
    /// Bumped when any of the above changed (views recompute their rows).
    pub generation: u64,
    /// How many rows were counted in the last refresh (a measure for tests
    /// and benchmarks: 0 when nothing changed).
    pub counted: usize,
}

impl Pulse {
    pub fn tally(&self, cluster: usize) -> Option<&Tally> {
        self.tallies.get(cluster)
    }

    pub fn usage(&self, cluster: usize) -> Option<&Summed> {
        self.usage.get(cluster).map(|u| &u.summed)
    }

    pub fn warnings(&self, cluster: usize) -> Option<&Warnings> {
        self.warnings.get(&cluster)
    }

    /// Whether the Warning events of `cluster` are followed.
    pub fn watching(&self, cluster: usize) -> bool {
        self.warnings.contains_key(&cluster)
    }

    /// Start following the Warning events of `cluster`: whether it was
    /// not yet (the watch is to be started).
    pub fn watch(&mut self, cluster: usize) -> bool {
        if self.warnings.contains_key(&cluster) {
            return false;
        }
        self.warnings.insert(cluster, Warnings::default());
        true
    }

    /// Take what the Warning-events watch of `cluster` reports.
    pub fn warnings_changed(
        &mut self,
        cluster: usize,
        change: crate::kube::WarningChange,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        self.warnings
            .entry(cluster)
            .or_default()
            .change(change, now);
        self.generation += 1;
    }

    fn tally_mut(&mut self, cluster: usize) -> &mut Tally {
        if self.tallies.len() <= cluster {
            self.tallies.resize_with(cluster + 1, Tally::default);
        }
        &mut self.tallies[cluster]
    }
}

/// Whether the view on screen shows the pulse's aggregates.
pub fn shown(view: View) -> bool {
    matches!(view, View::Pulse | View::Clusters)
}

/// Bring the counts up to date with the caches (row by row), and, while
/// the pulse or the overview is on screen, the usage history and the
/// warnings' buckets of its clusters with the clock.
pub fn refresh(s: &mut State) {
    let quota = s.alerts.settings.quota;
    let mut counted = 0;
    let mut changed = false;
    for ((cluster, kind), cache) in s.caches.iter().filter(|((_, k), _)| KINDS.contains(k)) {
        let key = (*cluster, *kind);
        let seen = s.pulse.seen.get(&key).copied();
        if seen == Some(cache.generation) {
            continue;
        }
        changed = true;
        let changes = seen.and_then(|g| cache.changes.since(g));
        let tally = s.pulse.tally_mut(*cluster);
        match changes {
            Some(changes) => {
                // Each row changed: out as it was before its first change
                // since, in as it is now.
                let mut first: HashMap<&crate::kube::rows::Uid, Option<&crate::kube::Row>> =
                    HashMap::new();
                for ch in changes {
                    first.entry(ch.uid()).or_insert(ch.before());
                }
                for (uid, before) in first {
                    if let Some(row) = before {
                        tally.apply(row, -1, quota);
                    }
                    if let Some(e) = cache.rows.get(uid) {
                        tally.apply(&e.row, 1, quota);
                    }
                    counted += 1;
                }
            }
            None => {
                // Counted afresh: this kind's part of the tally only.
                let mut fresh = Tally::default();
                for e in cache.rows.values() {
                    fresh.apply(&e.row, 1, quota);
                }
                counted += cache.rows.len();
                match kind {
                    Kind::Nodes => tally.nodes = fresh.nodes,
                    Kind::Pods => tally.pods = fresh.pods,
                    _ => tally.pressure = fresh.pressure,
                }
            }
        }
        s.pulse.seen.insert(key, cache.generation);
    }
    s.pulse.counted = counted;
    if shown(s.view.scope.kind) {
        changed |= clock(s);
    }
    if changed {
        s.pulse.generation += 1;
    }
}

/// The usage history of the clusters shown, summed again where a node
/// poll was answered or a cell's time passed; the warnings' buckets moved
/// on to now (a gap while the cluster is unreachable). Whether anything
/// changed.
fn clock(s: &mut State) -> bool {
    let (step, cap) = (s.metrics.settings.step(), s.metrics.settings.capacity());
    let now = s.now.timestamp();
    let per = cap.div_ceil(CELLS).max(1) as i64;
    let cell = now.div_euclid(step).div_euclid(per);
    let mut changed = false;
    for c in s.view_clusters() {
        let Some(m) = s.metrics.cluster(c) else {
            continue;
        };
        let from = Some((m.nodes_generation, cell));
        if s.pulse.usage.len() <= c {
            s.pulse.usage.resize_with(c + 1, Usage::default);
        }
        if s.pulse.usage[c].from != from {
            s.pulse.usage[c] = Usage {
                from,
                summed: usage::sum(m.node_rings(), now, step, cap, CELLS),
            };
            changed = true;
        }
    }
    for (c, w) in &mut s.pulse.warnings {
        let Some(info) = s.clusters.get(*c) else {
            continue;
        };
        let before = w.per_minute(s.now);
        if health::of(info).mark == Mark::Down {
            w.down(s.now);
        } else {
            w.advance(s.now);
        }
        changed |= w.per_minute(s.now) != before;
    }
    changed
}

/// The clusters in the pulse's order: production first (as the header
/// names them), then as opened.
pub fn order(s: &State, clusters: &[usize]) -> Vec<usize> {
    let mut v: Vec<usize> = clusters.to_vec();
    v.sort_by_key(|&i| (!s.clusters.get(i).is_some_and(|c| c.production), i));
    v
}

/// The clusters whose Warning events are to be followed now: those the
/// pulse or the overview shows, not followed yet.
pub fn to_watch(s: &mut State) -> Vec<usize> {
    if !shown(s.view.scope.kind) {
        return Vec::new();
    }
    let clusters: HashSet<usize> = s.view_clusters().into_iter().collect();
    let mut v: Vec<usize> = clusters.into_iter().filter(|c| s.pulse.watch(*c)).collect();
    v.sort_unstable();
    v
}
