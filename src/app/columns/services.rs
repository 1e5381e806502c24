//! Services.

use chrono::{DateTime, Utc};

use super::{Cell, age, c, t};
use crate::kube::rows;

pub const SERVICES: &[super::Column] = &[
    c("NAME", 26),
    c("TYPE", 12),
    c("CLUSTER-IP", 15),
    c("EXTERNAL-IP", 14),
    c("PORT(S)", 20),
    c("AGE", 8),
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
