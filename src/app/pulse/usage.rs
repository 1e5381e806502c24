//! A cluster's CPU and memory use over the last hour: the sum of its nodes'
//! history rings (`app::metrics::store`), slot by slot, in a few cells
//! for a sparkline. Computed again only when a node poll of that cluster
//! was answered (or a cell's time passed): O(nodes × ring) then, nothing
//! per frame.

use crate::app::metrics::ring::Ring;

/// One cell of the summed history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// Before the first sample kdeck has of this cluster.
    Before,
    /// No node had a sample then (unreachable, or no metrics).
    Gap,
    /// The cluster's use then (the mean of its slots): millicores, KiB.
    Used(f64, f64),
}

/// The cluster's summed history and its latest use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summed {
    pub cells: Vec<Cell>,
    /// The sum of each node's newest sample (None: no node has one now).
    pub latest: Option<(u64, u64)>,
}

/// The rings' sum up to `now` (unix seconds) in `cells` cells of
/// `capacity / cells` slots of `step` seconds each, oldest first. Cells
/// are aligned on whole multiples of their span, so they do not shift as
/// time passes. A slot's time is its ring's newest time less a step per
/// slot; rings are matched on the nearest step. A cell is the mean of its
/// slots with a sample, or a gap when most of its slots had none (the
/// cluster was unreachable then).
pub fn sum<'a>(
    rings: impl Iterator<Item = &'a Ring>,
    now: i64,
    step: i64,
    capacity: usize,
    cells: usize,
) -> Summed {
    let step = step.max(1);
    let cells = cells.max(1);
    let per = capacity.div_ceil(cells).max(1) as i64;
    let last_cell = now.div_euclid(step).div_euclid(per);
    let first = (last_cell - cells as i64 + 1) * per;
    let n = cells * per as usize;
    // Per slot: cpu, mem, samples.
    let mut acc = vec![(0u64, 0u64, 0u32); n];
    let mut earliest = i64::MAX;
    let mut latest: Option<(u64, u64)> = None;
    for ring in rings {
        let Some(last) = ring.last() else { continue };
        let len = ring.len() as i64;
        if let Some(u) = ring.latest() {
            let (c, m) = latest.unwrap_or_default();
            latest = Some((c + u64::from(u.cpu_m), m + u64::from(u.mem_kib)));
        }
        for (j, slot) in ring.iter().enumerate() {
            let t = last - (len - 1 - j as i64) * step;
            let b = (t + step / 2).div_euclid(step);
            if j == 0 {
                earliest = earliest.min(b);
            }
            let Some(u) = slot.usage() else { continue };
            let Some(a) = usize::try_from(b - first).ok().and_then(|i| acc.get_mut(i)) else {
                continue;
            };
            a.0 += u64::from(u.cpu_m);
            a.1 += u64::from(u.mem_kib);
            a.2 += 1;
        }
    }
    let newest = now.div_euclid(step);
    let cells = acc
        .chunks(per as usize)
        .enumerate()
        .map(|(c, slots)| {
            let start = first + c as i64 * per;
            let taken: Vec<&(u64, u64, u32)> = slots.iter().filter(|s| s.2 > 0).collect();
            // The slots of the cell since the first sample, up to now:
            // more of them without a sample than with one is a gap.
            let span = (start.max(earliest)..=(start + per - 1).min(newest)).count();
            if taken.is_empty() && start + per - 1 < earliest {
                return Cell::Before;
            }
            if taken.is_empty() || span > 2 * taken.len() {
                return Cell::Gap;
            }
            let k = taken.len() as f64;
            Cell::Used(
                taken.iter().map(|s| s.0 as f64).sum::<f64>() / k,
                taken.iter().map(|s| s.1 as f64).sum::<f64>() / k,
            )
        })
        .collect();
    Summed { cells, latest }
}
