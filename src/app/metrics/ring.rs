//! A bounded history of one series (a node's or a pod's CPU and memory) at
//! the scrape resolution: a ring of fixed capacity, 8 bytes a slot, whose
//! slots are allocated as samples come (doubling up to the capacity: an
//! hour's ring of a young series holds minutes, not an hour). A slot
//! is a sample or a gap (the cluster was unreachable, or the sample was
//! missing); a sample is taken only when its timestamp advanced.

use crate::kube::metrics::Usage;

/// The value of a gap slot (never a real sample: usage saturates below).
const GAP: u32 = u32::MAX;

/// One slot of a ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    cpu_m: u32,
    mem_kib: u32,
}

impl Slot {
    pub const GAP: Slot = Slot {
        cpu_m: GAP,
        mem_kib: GAP,
    };

    fn of(u: Usage) -> Slot {
        Slot {
            cpu_m: u.cpu_m.min(GAP - 1),
            mem_kib: u.mem_kib.min(GAP - 1),
        }
    }

    /// The sample, or None for a gap.
    pub fn usage(self) -> Option<Usage> {
        (self.cpu_m != GAP).then_some(Usage {
            cpu_m: self.cpu_m,
            mem_kib: self.mem_kib,
        })
    }
}

/// Memory bound: `capacity × 8` bytes of slots plus this header (56 bytes).
#[derive(Debug, Clone)]
pub struct Ring {
    /// Grows to `cap` slots, then wraps.
    slots: Vec<Slot>,
    cap: usize,
    /// Where the next slot goes.
    head: usize,
    len: usize,
    /// The time (unix seconds) the newest slot stands for; `None` before
    /// the first sample.
    last: Option<i64>,
    /// The newest sample's own timestamp (a sample not newer is ignored).
    last_sample: Option<i64>,
}

impl Ring {
    pub fn new(capacity: usize) -> Ring {
        Ring {
            slots: Vec::new(),
            cap: capacity.max(1),
            head: 0,
            len: 0,
            last: None,
            last_sample: None,
        }
    }

    pub fn capacity(&self) -> usize {
        self.cap
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn push(&mut self, slot: Slot) {
        if self.slots.len() < self.cap {
            // Not wrapped yet: the slots are the series, oldest first.
            if self.slots.len() == self.slots.capacity() {
                let want = (self.slots.len() * 2).max(4).min(self.cap);
                self.slots.reserve_exact(want - self.slots.len());
            }
            self.slots.push(slot);
            self.len = self.slots.len();
            self.head = self.len % self.cap;
            return;
        }
        self.slots[self.head] = slot;
        self.head = (self.head + 1) % self.cap;
        self.len = (self.len + 1).min(self.cap);
    }

    /// Take the newest slot back (it is replaced next).
    fn unpush(&mut self) {
        if self.slots.len() < self.cap {
            self.slots.pop();
            self.len = self.slots.len();
            self.head = self.len;
        } else {
            self.head = (self.head + self.cap - 1) % self.cap;
            self.len -= 1;
        }
    }

    /// Gap slots for the steps of `step` seconds between the newest slot
    /// and `at` (none when `at` is within one step), at most a ring full.
    fn fill_gaps(&mut self, at: i64, step: i64) -> i64 {
        let Some(last) = self.last else {
            return 0;
        };
        let step = step.max(1);
        // Steps missed: rounded, so a scrape a little late is no gap.
        let missed = ((at - last) as f64 / step as f64).round() as i64 - 1;
        let missed = missed.clamp(0, self.cap as i64);
        for _ in 0..missed {
            self.push(Slot::GAP);
        }
        missed
    }

    /// Take a sample stamped `at` (unix seconds), `step` seconds being the
    /// resolution: ignored unless `at` advanced past the newest sample;
    /// missed steps before it become gaps. Whether it was taken.
    pub fn sample(&mut self, at: i64, step: i64, u: Usage) -> bool {
        if self.last_sample.is_some_and(|t| at <= t) {
            return false;
        }
        if self.last.is_some_and(|t| at <= t) {
            // A gap was recorded for this moment: the sample replaces it.
            self.unpush();
        } else {
            self.fill_gaps(at, step);
        }
        self.push(Slot::of(u));
        self.last = Some(at);
        self.last_sample = Some(at);
        true
    }

    /// No sample at `at` (unreachable, or missing from an answer): a gap
    /// for each step since the newest slot, at most one per step.
    pub fn gap(&mut self, at: i64, step: i64) {
        let Some(last) = self.last else {
            return;
        };
        if at - last < step.max(1) {
            return;
        }
        self.fill_gaps(at, step);
        self.push(Slot::GAP);
        self.last = Some(at);
    }

    /// The time (unix seconds) the newest slot stands for.
    pub fn last(&self) -> Option<i64> {
        self.last
    }

    /// The newest slot's sample (None: a gap, or nothing yet).
    pub fn latest(&self) -> Option<Usage> {
        self.iter().last().and_then(Slot::usage)
    }

    /// Oldest first.
    pub fn iter(&self) -> impl Iterator<Item = Slot> + '_ {
        let cap = self.cap;
        let start = (self.head + cap - self.len) % cap;
        (0..self.len).map(move |i| self.slots[(start + i) % cap])
    }

    /// Whether every slot is a gap (the series can be let go).
    pub fn all_gaps(&self) -> bool {
        self.iter().all(|s| s.usage().is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(cpu: u32) -> Usage {
        Usage {
            cpu_m: cpu,
            mem_kib: cpu * 2,
        }
    }

    fn cpus(r: &Ring) -> Vec<Option<u32>> {
        r.iter().map(|s| s.usage().map(|u| u.cpu_m)).collect()
    }

    #[test]
    fn a_ring_keeps_the_newest_samples_up_to_its_capacity() {
        let mut r = Ring::new(4);
        for i in 0..10 {
            assert!(r.sample(i * 15, 15, u(i as u32)));
        }
        assert_eq!(r.len(), 4);
        assert_eq!(cpus(&r), vec![Some(6), Some(7), Some(8), Some(9)]);
        assert_eq!(r.latest(), Some(u(9)));
    }

    #[test]
    fn slots_are_allocated_as_samples_come_up_to_the_capacity() {
        let mut r = Ring::new(240);
        assert_eq!(r.slots.capacity(), 0);
        for t in 1..=3 {
            r.sample(t * 15, 15, u(t as u32));
        }
        assert!(r.slots.capacity() <= 4, "{}", r.slots.capacity());
        for t in 4..=1000 {
            r.sample(t * 15, 15, u(t as u32));
        }
        assert_eq!(r.slots.capacity(), 240);
        assert_eq!(r.len(), 240);
        assert_eq!(cpus(&r).first(), Some(&Some(761)));
        assert_eq!(cpus(&r).last(), Some(&Some(1000)));
        // Tiny capacities too (no growth step beyond them).
        for cap in 1..=5 {
            let mut r = Ring::new(cap);
            for t in 1..=7 {
                r.sample(t, 1, u(t as u32));
            }
            let want: Vec<_> = (8 - cap as u32..=7).map(Some).collect();
            assert_eq!(cpus(&r), want, "capacity {cap}");
            assert_eq!(r.slots.capacity(), cap);
        }
    }

    #[test]
    fn a_sample_whose_timestamp_did_not_advance_is_ignored() {
        let mut r = Ring::new(8);
        assert!(r.sample(100, 15, u(1)));
        assert!(!r.sample(100, 15, u(2)));
        assert!(!r.sample(90, 15, u(3)));
        assert_eq!(cpus(&r), vec![Some(1)]);
        // A little late is no gap.
        assert!(r.sample(120, 15, u(4)));
        assert_eq!(cpus(&r), vec![Some(1), Some(4)]);
    }

    #[test]
    fn missed_scrapes_and_an_unreachable_cluster_are_gaps() {
        let mut r = Ring::new(16);
        r.sample(0, 15, u(1));
        // Two scrapes missing from the answers.
        r.sample(45, 15, u(2));
        assert_eq!(cpus(&r), vec![Some(1), None, None, Some(2)]);
        // Unreachable for a while: one gap per step, not per failed poll.
        r.gap(50, 15);
        r.gap(60, 15);
        r.gap(61, 15);
        r.gap(75, 15);
        assert_eq!(cpus(&r), vec![Some(1), None, None, Some(2), None, None]);
        // Back: the sample at 90 follows the gap at 75.
        r.sample(90, 15, u(3));
        assert_eq!(
            cpus(&r),
            vec![Some(1), None, None, Some(2), None, None, Some(3)]
        );
        assert_eq!(r.latest(), Some(u(3)));
    }

    #[test]
    fn a_long_outage_costs_at_most_a_ring_of_gaps() {
        let mut r = Ring::new(4);
        r.sample(0, 15, u(1));
        r.sample(15 * 1000, 15, u(2));
        assert_eq!(cpus(&r), vec![None, None, None, Some(2)]);
        r.gap(15 * 5000, 15);
        assert!(r.all_gaps());
        assert_eq!(r.latest(), None);
    }

    #[test]
    fn a_sample_for_a_moment_marked_as_a_gap_replaces_it() {
        let mut r = Ring::new(8);
        r.sample(0, 15, u(1));
        r.gap(15, 15);
        r.sample(15, 15, u(2));
        assert_eq!(cpus(&r), vec![Some(1), Some(2)]);
    }
}
