//! Tests of the row projections, one file per kind family, sharing the
//! helpers below.

mod event;
mod format;
mod namespace;
mod node;
mod pod;
mod quota;
mod service;
mod workloads;

use chrono::{DateTime, Utc};
use serde_json::Value;

fn from<T: k8s_openapi::serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("test object must deserialize")
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("valid rfc3339")
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    at("2025-06-01T12:00:00Z")
}
