//! Events.

use chrono::{DateTime, Utc};

use super::{Cell, Tone, age, n, name, t, text, tone, whole};
use crate::kube::rows;

pub const EVENTS: &[super::Column] = &[
    whole("LAST SEEN"),
    whole("TYPE"),
    whole("REASON"),
    name("OBJECT"),
    whole("COUNT").wide(),
    whole("FIRST SEEN").wide(),
    text("MESSAGE"),
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
