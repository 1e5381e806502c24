//! Warning events per minute of one cluster, from its Warning-events watch
//! (`kube::watch::warnings`): each occurrence (a new event, or an event's
//! count going up) is counted in a ring of 10-second buckets covering the
//! last hour, at the time the event was last seen.
//!
//! Memory bound, per cluster: the ring, [`BUCKETS`] × 2 bytes (720 B); the
//! counts of the events known, at most [`MAX_KNOWN`] × ~24 bytes in a hash
//! map (≈ 0.5 MiB at its worst; a few KiB usually: warnings are few).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::kube::{WarningChange, WarningSeen};

/// Seconds per bucket.
pub const BUCKET_SECS: i64 = 10;
/// Buckets kept: an hour.
pub const BUCKETS: usize = 360;
/// The most events whose counts are kept (the oldest let go beyond).
pub const MAX_KNOWN: usize = 20_000;

/// A bucket that is a gap: the cluster was unreachable then.
const GAP: u16 = u16::MAX;

#[derive(Debug, Clone)]
pub struct Warnings {
    /// Each known event's count and when it was last seen (unix seconds).
    known: HashMap<u64, (u32, i64)>,
    buckets: Box<[u16]>,
    /// The bucket number (unix seconds / BUCKET_SECS) of the newest bucket.
    newest: Option<i64>,
    /// During a (re-)list: the events it sent.
    listing: Option<HashSet<u64>>,
    /// A list has completed once: new events count with their count.
    listed: bool,
}

impl Default for Warnings {
    fn default() -> Self {
        Warnings {
            known: HashMap::new(),
            buckets: vec![0; BUCKETS].into_boxed_slice(),
            newest: None,
            listing: None,
            listed: false,
        }
    }
}

fn bucket_of(t: i64) -> i64 {
    t.div_euclid(BUCKET_SECS)
}

impl Warnings {
    /// Whether the watch has listed once (the numbers mean something).
    pub fn listed(&self) -> bool {
        self.listed
    }

    pub fn known(&self) -> usize {
        self.known.len()
    }

    /// Move the ring on to `now` (the buckets passed are empty).
    pub fn advance(&mut self, now: DateTime<Utc>) {
        let b = bucket_of(now.timestamp());
        match self.newest {
            None => self.newest = Some(b),
            Some(n) if b > n => {
                let steps = (b - n).min(BUCKETS as i64);
                for i in 1..=steps {
                    let slot = (n + i).rem_euclid(BUCKETS as i64) as usize;
                    self.buckets[slot] = 0;
                }
                self.newest = Some(b);
            }
            Some(_) => {}
        }
    }

    /// The cluster is unreachable at `now`: its bucket is a gap (unless
    /// events were counted in it).
    pub fn down(&mut self, now: DateTime<Utc>) {
        self.advance(now);
        let slot = bucket_of(now.timestamp()).rem_euclid(BUCKETS as i64) as usize;
        if self.buckets[slot] == 0 {
            self.buckets[slot] = GAP;
        }
    }

    /// Count `n` occurrences at `t` (clamped to `now`; older than the ring:
    /// not counted).
    fn count(&mut self, t: i64, n: u32, now: DateTime<Utc>) {
        if n == 0 {
            return;
        }
        self.advance(now);
        let Some(newest) = self.newest else { return };
        let b = bucket_of(t.min(now.timestamp()));
        if b <= newest - BUCKETS as i64 {
            return;
        }
        let slot = &mut self.buckets[b.rem_euclid(BUCKETS as i64) as usize];
        let was = if *slot == GAP { 0 } else { *slot };
        *slot = u16::try_from(u32::from(was).saturating_add(n))
            .unwrap_or(GAP - 1)
            .min(GAP - 1);
    }

    /// Take what the watch reports, at `now`.
    pub fn change(&mut self, change: WarningChange, now: DateTime<Utc>) {
        match change {
            WarningChange::Listing => self.listing = Some(HashSet::new()),
            WarningChange::Seen(v) => {
                for s in v {
                    self.seen(s, now);
                }
                self.bound();
            }
            WarningChange::Gone(keys) => {
                for k in keys {
                    self.known.remove(&k);
                }
            }
            WarningChange::Listed => {
                if let Some(seen) = self.listing.take() {
                    self.known.retain(|k, _| seen.contains(k));
                }
                self.listed = true;
            }
        }
    }

    /// One event added or changed: the occurrences since it was last known.
    /// An event first seen in a list counts once (when it was last seen:
    /// how its earlier occurrences were spread is not known); one first
    /// seen afterwards counts its count (normally 1).
    fn seen(&mut self, s: WarningSeen, now: DateTime<Utc>) {
        let at = s.at.map_or(now.timestamp(), |t| t.timestamp());
        let in_list = self.listing.is_some() || !self.listed;
        if let Some(l) = &mut self.listing {
            l.insert(s.key);
        }
        let new = match self.known.get(&s.key) {
            Some((old, _)) => s.count.saturating_sub(*old),
            None if in_list => 1,
            None => s.count.max(1),
        };
        self.known.insert(s.key, (s.count, at));
        self.count(at, new, now);
    }

    /// Let the oldest known events go beyond [`MAX_KNOWN`] (in batches).
    fn bound(&mut self) {
        if self.known.len() <= MAX_KNOWN + MAX_KNOWN / 20 {
            return;
        }
        let mut ages: Vec<(i64, u64)> = self.known.iter().map(|(k, (_, t))| (*t, *k)).collect();
        let over = ages.len() - MAX_KNOWN;
        ages.select_nth_unstable(over);
        for (_, k) in &ages[..over] {
            self.known.remove(k);
        }
    }

    /// The bucket `b` (None: a gap, or outside the ring).
    fn at(&self, b: i64) -> Option<u16> {
        let newest = self.newest?;
        if b > newest || b <= newest - BUCKETS as i64 {
            return None;
        }
        let v = self.buckets[b.rem_euclid(BUCKETS as i64) as usize];
        (v != GAP).then_some(v)
    }

    /// Warnings in the last minute up to `now` (the six newest buckets);
    /// None when all of them were gaps.
    pub fn per_minute(&self, now: DateTime<Utc>) -> Option<u32> {
        let b = bucket_of(now.timestamp());
        let per = 60 / BUCKET_SECS;
        let v: Vec<u16> = (b - per + 1..=b).filter_map(|i| self.at(i)).collect();
        (!v.is_empty()).then(|| v.iter().map(|x| u32::from(*x)).sum())
    }

    /// Warnings in the last hour up to `now`; None when all were gaps.
    pub fn total(&self, now: DateTime<Utc>) -> Option<u32> {
        let b = bucket_of(now.timestamp());
        let v: Vec<u16> = (b - BUCKETS as i64 + 1..=b)
            .filter_map(|i| self.at(i))
            .collect();
        (!v.is_empty()).then(|| v.iter().map(|x| u32::from(*x)).sum())
    }

    /// The last hour up to `now` in `cells` cells, oldest first: each the
    /// warnings per minute over its buckets (None: all gaps). Cells are
    /// aligned on whole multiples of their span, so they do not shift.
    pub fn cells(&self, now: DateTime<Utc>, cells: usize) -> Vec<Option<f64>> {
        let cells = cells.max(1);
        let per = (BUCKETS / cells).max(1) as i64;
        let last = bucket_of(now.timestamp()).div_euclid(per);
        (0..cells as i64)
            .rev()
            .map(|back| {
                let c = last - back;
                let v: Vec<u16> = (c * per..(c + 1) * per)
                    .filter_map(|b| self.at(b))
                    .collect();
                (!v.is_empty()).then(|| {
                    let sum: f64 = v.iter().map(|x| f64::from(*x)).sum();
                    sum * 60.0 / (v.len() as f64 * BUCKET_SECS as f64)
                })
            })
            .collect()
    }
}
