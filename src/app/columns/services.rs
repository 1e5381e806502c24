//! Services.

use chrono::{DateTime, Utc};

use super::{Cell, age, name, t, text, whole};
use crate::kube::rows;

pub const SERVICES: &[super::Column] = &[
    name("NAME"),
    whole("TYPE"),
    whole("CLUSTER-IP"),
    text("EXTERNAL-IP"),
    text("PORT(S)"),
    whole("AGE"),
];

pub fn service(r: &rows::ServiceRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        t(&r.meta.name),
        t(&r.kind),
        t(&r.cluster_ip),
        t(&r.external_ip),
        t(&r.ports),
        age(r.meta.created, now),
    ]
}
