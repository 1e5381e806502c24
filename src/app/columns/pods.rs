//! Pods, as `kubectl get pods -o wide` shows them.

use chrono::{DateTime, Utc};

use super::{Cell, SortKey, Tone, age, c, ratio, status_tone, t, tone};
use crate::kube::rows;

pub const PODS: &[super::Column] = &[
    c("NAME", 40),
    c("READY", 6),
    c("STATUS", 20),
    c("RESTARTS", 14),
    c("AGE", 8),
    c("IP", 15),
    c("NODE", 0),
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
