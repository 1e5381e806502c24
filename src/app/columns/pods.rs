//! Pods, as `kubectl get pods -o wide` shows them.

use chrono::{DateTime, Utc};

use super::{
    Cell, Key, SortKey, Tone, age, age_key, key_text, name, ratio, ratio_key, status_tone, t, tone,
    whole,
};
use crate::kube::rows;

pub const PODS: &[super::Column] = &[
    name("NAME"),
    whole("READY"),
    whole("STATUS"),
    whole("RESTARTS"),
    whole("AGE"),
    whole("IP").wide(),
    name("NODE").wide(),
];

/// `pod(r)[col].key`, borrowed.
pub fn key(r: &rows::PodRow, col: usize) -> Key<'_> {
    match col {
        0 => key_text(&r.meta.name),
        1 => Key::Num(ratio_key(r.ready as i64, r.total as i64)),
        2 => key_text(&r.status),
        3 => Key::Num(r.restarts as i64),
        4 => Key::Num(age_key(r.meta.created)),
        5 => match r.ip.v4() {
            Some(n) => Key::Num(n as i64),
            None => Key::Text(r.ip.shown().into()),
        },
        _ => key_text(if r.node.is_empty() { "<none>" } else { &r.node }),
    }
}

pub fn pod(r: &rows::PodRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        t(&r.meta.name),
        ratio(r.ready as i64, r.total as i64),
        tone(
            t(r.status.as_str()),
            if r.unhealthy {
                status_tone(&r.status).max_bad()
            } else {
                Tone::Ok
            },
        ),
        Cell {
            text: rows::restarts(r.restarts, r.last_restart, now),
            tone: if r.restarts > 0 {
                Tone::Warning
            } else {
                Tone::Normal
            },
            key: SortKey::Num(r.restarts as i64),
        },
        age(r.meta.created, now),
        Cell {
            key: match r.ip.v4() {
                Some(n) => SortKey::Num(n as i64),
                None => SortKey::Text(r.ip.shown()),
            },
            text: r.ip.shown(),
            tone: Tone::Normal,
        },
        t(if r.node.is_empty() { "<none>" } else { &r.node }),
    ]
}
