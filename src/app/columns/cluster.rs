//! Cluster-scoped kinds: namespaces and nodes.

use chrono::{DateTime, Utc};

use super::{Cell, Tone, age, n, name, status_tone, t, text, tone, whole};
use crate::kube::rows;

pub const NAMESPACES: &[super::Column] = &[name("NAME"), whole("STATUS"), whole("AGE")];

pub const NODES: &[super::Column] = &[
    name("NAME"),
    whole("STATUS"),
    text("ROLES"),
    whole("TAINTS").wide(),
    whole("VERSION"),
    whole("CPU A/C").wide(),
    whole("MEM A/C").wide(),
    whole("PODS").wide(),
    whole("AGE"),
];

pub fn namespace(r: &rows::NamespaceRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        t(&r.meta.name),
        tone(t(&r.phase), status_tone(&r.phase)),
        age(r.meta.created, now),
    ]
}

pub fn node(r: &rows::NodeRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        t(&r.meta.name),
        tone(
            t(&r.status),
            if r.ready && r.schedulable {
                Tone::Ok
            } else if r.ready {
                Tone::Warning
            } else {
                Tone::Error
            },
        ),
        t(&r.roles),
        tone(
            n(r.taints as i64),
            if r.taints > 0 {
                Tone::Warning
            } else {
                Tone::Normal
            },
        ),
        t(&r.version),
        t(format!("{}/{}", r.cpu_allocatable, r.cpu_capacity)),
        t(format!("{}/{}", r.memory_allocatable, r.memory_capacity)),
        t(&r.pods_capacity),
        age(r.meta.created, now),
    ]
}
