//! Events are the most numerous and least valuable objects a console
//! caches: a churning cluster keeps well over 100,000 of them (the API
//! server expires them after an hour by default). The console keeps the
//! newest [`MAX_EVENTS`] of each cluster (by when they were last seen),
//! counts the older ones it let go, and the table says so. An event let go
//! is still on the server: `describe` lists an object's events from there.

use super::sorted::KEEP;
use super::state::Cache;
use crate::kube::Row;
use crate::kube::rows::Uid;

/// The most events kept for one cluster.
pub const MAX_EVENTS: usize = 50_000;

/// Let go of the oldest rows of an events `cache` beyond `max`, once it is
/// `max` plus a twentieth over (so that they go in batches, not one for
/// each new event). Changes are logged at `generation`; returns how many
/// went (also added to `cache.dropped`).
pub fn cap(cache: &mut Cache, max: usize, generation: u64) -> usize {
    if cache.rows.len() <= max + max / 20 {
        return 0;
    }
    let mut by_age: Vec<(i64, &Uid)> = cache
        .rows
        .iter()
        .map(|(uid, e)| (last_seen(&e.row), uid))
        .collect();
    let over = by_age.len() - max;
    by_age.select_nth_unstable(over);
    let old: Vec<Uid> = by_age[..over].iter().map(|(_, u)| (*u).clone()).collect();
    // Many at once (a long list): views sort afresh rather than catch up.
    let log = old.len() <= KEEP / 2;
    for uid in &old {
        let before = cache.rows.remove(uid);
        if log {
            cache.changes.record(generation, uid, before);
        }
    }
    if !log {
        cache.changes.restart(generation);
    }
    cache.dropped += old.len();
    old.len()
}

/// The newest `max` of a list of events (the rest are not even taken in),
/// and how many were left out.
pub fn newest(mut rows: Vec<Row>, max: usize) -> (Vec<Row>, usize) {
    if rows.len() <= max {
        return (rows, 0);
    }
    let over = rows.len() - max;
    rows.select_nth_unstable_by_key(over, last_seen);
    let kept = rows.split_off(over);
    (kept, over)
}

/// When an event was last seen, in seconds (never: the oldest).
fn last_seen(row: &Row) -> i64 {
    match row {
        Row::Event(e) => e.last_seen.map_or(i64::MIN, |t| t.timestamp()),
        _ => i64::MIN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Entry;
    use crate::kube::rows::{EventRow, EventText};
    use crate::testkit::{meta, t0};

    /// Event `i` (uid `shop/e{i}`), seen `1000 - i` seconds ago.
    fn event(i: i64) -> Entry {
        let m = meta("shop", &format!("e{i}"), &[], None);
        let seen = Some(t0() - chrono::Duration::seconds(1000 - i));
        let row = EventRow::new(m, EventText::default(), 1, seen, seen);
        Entry {
            row: Row::Event(Box::new(row)),
            search: "".into(),
        }
    }

    #[test]
    fn a_long_list_is_cut_to_its_newest_events() {
        let list: Vec<Row> = (0..100).rev().map(|i| event(i).row).collect();
        let (kept, left) = newest(list, 30);
        assert_eq!((kept.len(), left), (30, 70));
        assert!(kept.iter().all(|r| r.meta().name.as_str() >= "e70"));
        let (kept, left) = newest(kept, 30);
        assert_eq!((kept.len(), left), (30, 0));
    }

    #[test]
    fn the_newest_events_are_kept_and_the_others_counted() {
        let mut c = Cache {
            rows: (0..100).map(event).collect(),
            ..Cache::default()
        };
        // Within the slack: nothing goes.
        assert_eq!(cap(&mut c, 96, 1), 0);
        assert_eq!(c.rows.len(), 100);
        // Over it: down to the cap, the oldest first.
        assert_eq!(cap(&mut c, 90, 2), 10);
        assert_eq!(c.rows.len(), 90);
        assert!((0..10).all(|i| !c.rows.contains_key(&Uid::new(&format!("shop/e{i}")))));
        assert!((10..100).all(|i| c.rows.contains_key(&Uid::new(&format!("shop/e{i}")))));
        assert_eq!(c.dropped, 10);
        // Views catch up with what went.
        assert_eq!(c.changes.since(1).map(<[_]>::len), Some(10));
        // More events: the count goes on.
        c.rows.extend((100..200).map(event));
        assert_eq!(cap(&mut c, 90, 3), 100);
        assert_eq!(c.dropped, 110);
        assert!(
            c.rows.contains_key(&Uid::new("shop/e199"))
                && !c.rows.contains_key(&Uid::new("shop/e109"))
        );
    }
}
