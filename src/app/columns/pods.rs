//! Pods, as `kubectl get pods -o wide` shows them.

use chrono::{DateTime, Utc};

use super::{Cell, SortKey, Tone, age, name, ratio, status_tone, t, tone, whole};
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

pub fn pod(r: &rows::PodRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        t(&r.meta.name),
        ratio(r.ready as i64, r.total as i64),
        tone(
            t(&r.status),
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
        t(if r.ip.is_empty() { "<none>" } else { &r.ip }),
        t(if r.node.is_empty() { "<none>" } else { &r.node }),
    ]
}
