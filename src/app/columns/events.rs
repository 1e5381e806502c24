//! Events.

use chrono::{DateTime, Utc};

use super::{Cell, Tone, age, c, n, t, tone};
use crate::kube::rows;

pub const EVENTS: &[super::Column] = &[
    c("LAST SEEN", 10),
    c("TYPE", 8),
    c("REASON", 18),
    c("OBJECT", 40),
    c("COUNT", 6),
    c("FIRST SEEN", 10),
    c("MESSAGE", 0),
];

pub fn event(r: &rows::EventRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
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
    ]
}
