//! The rows of a kind's view, in order.
//!
//! A full sort when the scope, the filter or the sort column changed: sort
//! keys are borrowed from the rows (no cells are built). Otherwise the view
//! catches up with the few rows that changed since it was computed (each
//! cache keeps a bounded log of them, [`ChangeLog`]): they are taken out
//! and put back in place by binary search, so a trickle of events costs
//! next to nothing however many rows are shown.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::columns::{self, Key};
use super::derive::{displayed_columns, in_scope, sort_index};
use super::metrics::Metrics;
use super::state::{Entry, RowRef, State};
use super::view::View;
use crate::kube::Row;
use crate::kube::kind::Kind;
use crate::kube::rows::Uid;

/// The most changes a cache remembers for views to catch up with; a view
/// further behind is sorted afresh.
pub const KEEP: usize = 4096;

/// The rows of a cache changed lately (upserted, deleted or evicted), with
/// the generation that changed them and what they were before.
#[derive(Default)]
pub struct ChangeLog {
    /// Changes up to this generation may have been forgotten.
    from: u64,
    log: Vec<Change>,
}

pub(crate) struct Change {
    generation: u64,
    uid: Uid,
    /// The row before this change (None: it was new).
    before: Option<Entry>,
}

impl Change {
    /// The row changed.
    pub(crate) fn uid(&self) -> &Uid {
        &self.uid
    }

    /// The row before this change (None: it was new).
    pub(crate) fn before(&self) -> Option<&Row> {
        self.before.as_ref().map(|e| &e.row)
    }
}

impl ChangeLog {
    /// Everything changed at `generation` (a new list): views computed
    /// before cannot catch up.
    pub fn restart(&mut self, generation: u64) {
        self.log.clear();
        self.from = generation;
    }

    /// Row `uid` changed at `generation`; it was `before`.
    pub fn record(&mut self, generation: u64, uid: &Uid, before: Option<Entry>) {
        if self.log.len() >= KEEP {
            let forget = KEEP / 2;
            self.from = self.log[forget - 1].generation;
            self.log.drain(..forget);
        }
        self.log.push(Change {
            generation,
            uid: uid.clone(),
            before,
        });
    }

    /// The changes after `generation`, oldest first, if all are known.
    pub(crate) fn since(&self, generation: u64) -> Option<&[Change]> {
        if generation < self.from {
            return None;
        }
        let start = self.log.partition_point(|c| c.generation <= generation);
        Some(&self.log[start..])
    }
}

/// What the view's rows are sorted by.
enum By {
    Cluster,
    Namespace,
    Name,
    /// One of the kind's own cells.
    Cell(usize),
    /// One of its metrics columns.
    Metric(usize),
}

/// The order of a kind's view: by the sort column, then by cluster,
/// namespace and name (a total order: the cursor keeps its object).
struct Order<'m> {
    by: By,
    desc: bool,
    now: DateTime<Utc>,
    /// Each cluster's place in name order.
    rank: Vec<usize>,
    metrics: &'m Metrics,
    view: View,
}

/// A row with its sort key, and the first bytes of its texts to compare
/// without reaching for them (sorting many rows is bound by memory).
struct Item<'s> {
    cluster: usize,
    uid: &'s Uid,
    key: Key<'s>,
    /// The key's first bytes when it is a text.
    pre: u64,
    rank: usize,
    namespace: &'s str,
    /// The namespace's first bytes.
    ns: u64,
    name: &'s str,
    /// The name's first bytes.
    nm: u64,
}

/// Two texts in order, by their first bytes (`pa`, `pb`) when they differ
/// there or are no longer than that.
fn texts(pa: u64, a: &str, pb: u64, b: &str) -> Ordering {
    pa.cmp(&pb).then_with(|| {
        if a.len() <= 8 && b.len() <= 8 {
            a.len().cmp(&b.len())
        } else {
            a.cmp(b)
        }
    })
}

/// The first 8 bytes of `s`, zero-padded, as a number that orders as the
/// bytes do (equal prefixes say nothing: compare the texts then).
fn prefix(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut v = [0u8; 8];
    let n = b.len().min(8);
    v[..n].copy_from_slice(&b[..n]);
    u64::from_be_bytes(v)
}

impl<'m> Order<'m> {
    fn new(s: &'m State, kind: Kind) -> Order<'m> {
        let cols = displayed_columns(s);
        let col = sort_index(s);
        // Index of the column among the kind's own cells (the metrics
        // columns follow them).
        let view = View::Kind(kind);
        let own = columns::own(s, view).len() + columns::metrics::columns(view).len();
        let prefix = cols.len().saturating_sub(own);
        let by = match cols.get(col).map_or("", |c| c.title) {
            "CLUSTER" => By::Cluster,
            "NAMESPACE" => By::Namespace,
            "NAME" => By::Name,
            _ => match columns::metrics::slot(view, col.saturating_sub(prefix)) {
                columns::metrics::Slot::Own(i) => By::Cell(i),
                columns::metrics::Slot::Metric(j) => By::Metric(j),
            },
        };
        let mut by_name: Vec<usize> = (0..s.clusters.len()).collect();
        by_name.sort_by(|a, b| s.clusters[*a].name.cmp(&s.clusters[*b].name));
        let mut rank = vec![0; by_name.len()];
        for (place, c) in by_name.into_iter().enumerate() {
            rank[c] = place;
        }
        Order {
            by,
            desc: s.view.sort.1,
            now: s.now,
            rank,
            metrics: &s.metrics,
            view,
        }
    }

    fn item<'s>(&self, cluster: usize, uid: &'s Uid, row: &'s Row) -> Item<'s> {
        let m = row.meta();
        let key = match self.by {
            By::Cluster => Key::Num(self.rank(cluster) as i64),
            By::Namespace => Key::Text(m.namespace.as_str().into()),
            By::Name => Key::Text(m.name.as_str().into()),
            By::Cell(i) => columns::sort_key(row, i, self.now),
            By::Metric(j) => Key::Num(columns::metrics::sort_key(
                self.metrics,
                self.view,
                cluster,
                row,
                j,
            )),
        };
        let pre = match &key {
            Key::Text(t) => prefix(t),
            Key::Num(_) => 0,
        };
        Item {
            cluster,
            uid,
            pre,
            key,
            rank: self.rank(cluster),
            namespace: &m.namespace,
            ns: prefix(&m.namespace),
            name: &m.name,
            nm: prefix(&m.name),
        }
    }

    fn rank(&self, cluster: usize) -> usize {
        self.rank.get(cluster).copied().unwrap_or(cluster)
    }

    fn cmp(&self, a: &Item, b: &Item) -> Ordering {
        let o = match (&a.key, &b.key) {
            (Key::Num(x), Key::Num(y)) => x.cmp(y),
            (Key::Text(x), Key::Text(y)) => texts(a.pre, x, b.pre, y),
            (x, y) => x.cmp(y),
        };
        let o = if self.desc { o.reverse() } else { o };
        o.then_with(|| a.rank.cmp(&b.rank))
            .then_with(|| texts(a.ns, a.namespace, b.ns, b.namespace))
            .then_with(|| texts(a.nm, a.name, b.nm, b.name))
    }
}

/// Whether a cached row belongs in the view: scope, selector, filter.
fn shown(s: &State, cluster: usize, e: &Entry) -> bool {
    let labels = &e.row.meta().labels;
    in_scope(s, cluster, &e.row)
        && s.view.label_filter.matches("", labels)
        && s.view.filter.matches(&e.search, labels)
}

/// The rows of `kind` in `clusters` that pass scope and filters, sorted.
pub fn full(s: &State, kind: Kind, clusters: &[usize]) -> Vec<RowRef> {
    let order = Order::new(s, kind);
    let mut items = Vec::new();
    for c in clusters {
        let Some(cache) = s.caches.get(&(*c, kind)) else {
            continue;
        };
        for (uid, e) in &cache.rows {
            if shown(s, *c, e) {
                items.push(order.item(*c, uid, &e.row));
            }
        }
    }
    // Sorted by index: the items are large, an index is not.
    let mut at: Vec<u32> = (0..items.len() as u32).collect();
    at.sort_unstable_by(|a, b| order.cmp(&items[*a as usize], &items[*b as usize]));
    at.into_iter()
        .map(|i| {
            let it = &items[i as usize];
            RowRef {
                cluster: it.cluster,
                uid: it.uid.clone(),
            }
        })
        .collect()
}

/// Bring `rows`, sorted when the caches of `clusters` were at generations
/// `from` (scope, filter and sort unchanged since), up to date with the
/// rows changed since: each is found by binary search where it was (by the
/// row it was then) and put where it belongs now. False when the change
/// logs do not reach back that far: a full sort is due.
pub fn patch(
    s: &State,
    kind: Kind,
    clusters: &[usize],
    from: &[u64],
    rows: &mut Vec<RowRef>,
) -> bool {
    // Each changed row as the view saw it: its entry before its first
    // change since (None: it was not there).
    let mut then: HashMap<(usize, &Uid), Option<&Entry>> = HashMap::new();
    for (c, from) in clusters.iter().zip(from) {
        let Some(cache) = s.caches.get(&(*c, kind)) else {
            continue;
        };
        if cache.generation == *from {
            continue;
        }
        let Some(changes) = cache.changes.since(*from) else {
            return false;
        };
        for ch in changes {
            then.entry((*c, &ch.uid)).or_insert(ch.before.as_ref());
        }
    }
    if then.is_empty() {
        return true;
    }
    let order = Order::new(s, kind);
    let now = |c: usize, uid: &Uid| {
        s.caches
            .get(&(c, kind))
            .and_then(|x| x.rows.get_key_value(uid))
    };
    // Whether a row of the view sorts before `it`, by what the row was
    // when sorted.
    let before = |r: &RowRef, it: &Item| {
        let x = match then.get(&(r.cluster, &r.uid)) {
            Some(e) => e.map(|e| order.item(r.cluster, &r.uid, &e.row)),
            None => now(r.cluster, &r.uid).map(|(uid, e)| order.item(r.cluster, uid, &e.row)),
        };
        x.is_none_or(|x| order.cmp(&x, it) == Ordering::Less)
    };
    let place = |it: &Item| rows.partition_point(|r| before(r, it));
    // Out: where each changed row was.
    let mut out: Vec<usize> = then
        .iter()
        .filter_map(|(&(c, uid), e)| {
            let e = (*e)?;
            if !shown(s, c, e) {
                return None;
            }
            let at = place(&order.item(c, uid, &e.row));
            rows.get(at)
                .is_some_and(|r| r.cluster == c && r.uid == *uid)
                .then_some(at)
        })
        .collect();
    out.sort_unstable();
    // In: where each belongs now (if it is still there and shown).
    let mut new: Vec<(usize, Item)> = then
        .keys()
        .filter_map(|&(c, uid)| {
            let (uid, e) = now(c, uid)?;
            shown(s, c, e).then(|| order.item(c, uid, &e.row))
        })
        .map(|it| (place(&it), it))
        .collect();
    new.sort_unstable_by(|a, b| order.cmp(&a.1, &b.1));
    if out.len() + new.len() <= IN_PLACE {
        // A few changes (the usual case): moved in place, no allocation
        // (a new vector of a big view is fresh memory, page-faulted in).
        for &i in out.iter().rev() {
            rows.remove(i);
        }
        for (j, (at, it)) in new.into_iter().enumerate() {
            let removed_before = out.partition_point(|&o| o < at);
            rows.insert(
                at - removed_before + j,
                RowRef {
                    cluster: it.cluster,
                    uid: it.uid.clone(),
                },
            );
        }
        return true;
    }
    // Many: one pass, the old rows but those out, the new ones at their
    // places.
    let mut merged = Vec::with_capacity(rows.len() + new.len());
    let mut new = new.into_iter().peekable();
    let mut out = out.into_iter().peekable();
    for (i, r) in std::mem::take(rows).into_iter().enumerate() {
        while let Some((_, it)) = new.next_if(|(at, _)| *at <= i) {
            merged.push(RowRef {
                cluster: it.cluster,
                uid: it.uid.clone(),
            });
        }
        if out.next_if_eq(&i).is_none() {
            merged.push(r);
        }
    }
    merged.extend(new.map(|(_, it)| RowRef {
        cluster: it.cluster,
        uid: it.uid.clone(),
    }));
    *rows = merged;
    true
}

/// Up to this many rows out and in, a view is patched in place.
const IN_PLACE: usize = 64;

/// Where `r` is in `rows` (sorted as the view is now), found by binary
/// search.
pub fn locate(s: &State, kind: Kind, rows: &[RowRef], r: &RowRef) -> Option<usize> {
    let (uid, e) = s
        .caches
        .get(&(r.cluster, kind))?
        .rows
        .get_key_value(&r.uid)?;
    let order = Order::new(s, kind);
    let it = order.item(r.cluster, uid, &e.row);
    let at = rows.partition_point(|x| {
        s.caches
            .get(&(x.cluster, kind))
            .and_then(|c| c.rows.get_key_value(&x.uid))
            .is_none_or(|(uid, e)| {
                order.cmp(&order.item(x.cluster, uid, &e.row), &it) == Ordering::Less
            })
    });
    (rows.get(at) == Some(r)).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::derive::refresh;
    use crate::app::msg::Msg;
    use crate::app::update::update;
    use crate::kube::{ClusterEvent, ClusterStatus, RowChange, rows};
    use crate::testkit::{self, t0};

    fn pod(i: u64, status: &str, restarts: u32) -> Row {
        let ns = ["shop", "payments", "search"][(i % 3) as usize];
        let age = chrono::Duration::minutes((i * 7 % 50) as i64);
        let meta = testkit::meta(ns, &format!("web-{}", i % 40), &[], Some(t0() - age));
        Row::Pod(Box::new(rows::PodRow {
            ready: (i % 2) as u32,
            node: format!("node-{}", i % 5).into(),
            ip: rows::PodIp::None,
            ..testkit::pod(meta, status, restarts)
        }))
    }

    /// Rows changed a few at a time keep the view as a full sort would
    /// have it, for every sort column, with and without a filter.
    #[test]
    fn a_view_that_catches_up_is_the_view_sorted_afresh() {
        let clusters = ["prod-eu", "staging"]
            .into_iter()
            .map(|n| {
                testkit::cluster(
                    n,
                    ClusterStatus::Connected {
                        version: "v1".into(),
                    },
                )
            })
            .collect();
        let mut s = testkit::state(View::Kind(Kind::Pods), clusters, t0());
        let msg = |cluster, change| {
            Msg::Cluster(ClusterEvent::Rows {
                cluster,
                kind: Kind::Pods,
                change,
            })
        };
        for c in 0..2 {
            let rows = (0..60).map(|i| pod(i, "Running", 0)).collect();
            update(&mut s, msg(c, RowChange::Replace(rows)));
        }
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 33
        };
        let statuses = ["Running", "CrashLoopBackOff", "Pending", "Completed"];
        for (round, sort) in [
            None,
            Some("STATUS"),
            Some("AGE"),
            Some("NAME"),
            Some("CLUSTER"),
        ]
        .into_iter()
        .enumerate()
        {
            s.view.sort = (sort, round % 2 == 1);
            s.view.filter = crate::app::filter::Filter::parse(if round == 2 { "shop" } else { "" });
            s.view.stale = true;
            refresh(&mut s);
            for _ in 0..60 {
                let c = (next() % 2) as usize;
                let change = match next() % 3 {
                    0 => RowChange::Delete(vec![
                        format!(
                            "{}/web-{}",
                            ["shop", "payments", "search"][(next() % 3) as usize],
                            next() % 40
                        )
                        .into(),
                    ]),
                    // Now and then a burst (patched in one pass, not in
                    // place).
                    _ => RowChange::Upsert(
                        (0..if next() % 8 == 0 { 70 } else { 1 + next() % 3 })
                            .map(|_| {
                                let i = next() % 90;
                                pod(i, statuses[(next() % 4) as usize], (next() % 5) as u32)
                            })
                            .collect(),
                    ),
                };
                update(&mut s, msg(c, change));
                // Sometimes several changes come between two frames.
                if next() % 3 != 0 {
                    refresh(&mut s);
                    let fresh = full(&s, Kind::Pods, &[0, 1]);
                    assert_eq!(s.view.rows, fresh, "sort {sort:?}");
                }
            }
        }
    }

    #[test]
    fn a_change_log_says_what_changed_since_a_generation_while_it_knows() {
        let mut log = ChangeLog::default();
        log.restart(1);
        log.record(2, &"a".into(), None);
        log.record(3, &"b".into(), None);
        log.record(3, &"c".into(), None);
        fn since(log: &ChangeLog, g: u64) -> Option<String> {
            log.since(g).map(|c| {
                c.iter()
                    .map(|c| c.uid.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        }
        assert_eq!(since(&log, 1).as_deref(), Some("a b c"));
        assert_eq!(since(&log, 2).as_deref(), Some("b c"));
        assert_eq!(since(&log, 3).as_deref(), Some(""));
        // Before the list: unknown.
        assert_eq!(since(&log, 0), None);
        // Bounded: the oldest half is forgotten.
        for g in 4..(4 + KEEP as u64) {
            log.record(g, &"x".into(), None);
        }
        assert!(log.log.len() <= KEEP);
        assert_eq!(since(&log, 2), None);
        assert_eq!(since(&log, 2 + KEEP as u64).as_deref(), Some("x"));
    }
}
