//! Events.

use chrono::{DateTime, Utc};

use super::{Cell, Key, Tone, age, age_key, key_text, n, name, t, text, tone, whole};
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

/// `event(r)[col].key`, borrowed.
pub fn key(r: &rows::EventRow, col: usize) -> Key<'_> {
    match col {
        0 => Key::Num(age_key(r.last_seen)),
        1 => key_text(r.kind_type()),
        2 => key_text(r.reason()),
        3 => key_text(r.object()),
        4 => Key::Num(r.count as i64),
        5 => Key::Num(age_key(r.first_seen)),
        _ => key_text(r.message()),
    }
}

pub fn event(r: &rows::EventRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        age(r.last_seen, now),
        tone(
            t(r.kind_type()),
            if r.warning() {
                Tone::Warning
            } else {
                Tone::Normal
            },
        ),
        t(r.reason()),
        t(r.object()),
        n(r.count as i64),
        age(r.first_seen, now),
        t(r.message()),
    ]
}
