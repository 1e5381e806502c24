//! Deployments, statefulsets, daemonsets and replicasets.

use chrono::{DateTime, Utc};

use super::{Cell, SortKey, Tone, age, n, name, ratio, t, text, tone, whole};
use crate::kube::rows;

pub const DEPLOYMENTS: &[super::Column] = &[
    name("NAME"),
    whole("READY"),
    whole("UP-TO-DATE"),
    whole("AVAILABLE"),
    whole("AGE"),
    text("IMAGES"),
];

pub const STATEFUL_SETS: &[super::Column] =
    &[name("NAME"), whole("READY"), whole("AGE"), text("IMAGES")];

pub const DAEMON_SETS: &[super::Column] = &[
    name("NAME"),
    whole("DESIRED"),
    whole("CURRENT"),
    whole("READY"),
    whole("UP-TO-DATE"),
    whole("AVAILABLE"),
    text("NODE SELECTOR"),
    whole("AGE"),
];

pub const REPLICA_SETS: &[super::Column] = &[
    name("NAME"),
    whole("DESIRED"),
    whole("CURRENT"),
    whole("READY"),
    whole("REVISION"),
    whole("AGE"),
    text("IMAGES"),
];

pub fn deployment(r: &rows::DeploymentRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        t(&r.meta.name),
        ratio(r.ready as i64, r.desired as i64),
        n(r.updated as i64),
        tone(
            n(r.available as i64),
            if r.available < r.desired {
                Tone::Warning
            } else {
                Tone::Normal
            },
        ),
        age(r.meta.created, now),
        t(r.images.join(",")),
    ]
}

pub fn statefulset(r: &rows::StatefulSetRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        t(&r.meta.name),
        ratio(r.ready as i64, r.desired as i64),
        age(r.meta.created, now),
        t(r.images.join(",")),
    ]
}

pub fn daemonset(r: &rows::DaemonSetRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        t(&r.meta.name),
        n(r.desired as i64),
        n(r.current as i64),
        tone(
            n(r.ready as i64),
            if r.ready < r.desired {
                Tone::Warning
            } else {
                Tone::Normal
            },
        ),
        n(r.updated as i64),
        n(r.available as i64),
        t(if r.node_selector.is_empty() {
            "<none>"
        } else {
            &r.node_selector
        }),
        age(r.meta.created, now),
    ]
}

pub fn replicaset(r: &rows::ReplicaSetRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        t(&r.meta.name),
        n(r.desired as i64),
        n(r.current as i64),
        tone(
            n(r.ready as i64),
            if r.ready < r.desired {
                Tone::Warning
            } else {
                Tone::Normal
            },
        ),
        Cell {
            text: r.revision.clone().unwrap_or_default(),
            tone: Tone::Normal,
            key: SortKey::Num(
                r.revision
                    .as_deref()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
            ),
        },
        age(r.meta.created, now),
        t(r.images.join(",")),
    ]
}
