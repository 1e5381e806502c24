//! Namespaces, ConfigMaps, Secrets, ServiceAccounts and the default table of
//! resources without a printer.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::format::{GO_ZERO_TIME, count, creation_age, non_empty_or};
use super::json_access::{map_at, map_len, name_of, str_at, time_at};

pub(super) fn namespace_cells(ns: &Value, now: DateTime<Utc>) -> Vec<Value> {
    // The API server sets status.phase on create.
    let phase = non_empty_or(str_at(ns, &["status", "phase"]), "Active");
    vec![
        json!(name_of(ns)),
        json!(phase),
        json!(creation_age(ns, now)),
    ]
}

pub(super) fn configmap_cells(cm: &Value, now: DateTime<Utc>) -> Vec<Value> {
    vec![
        json!(name_of(cm)),
        count(map_len(cm, &["data"]) + map_len(cm, &["binaryData"])),
        json!(creation_age(cm, now)),
    ]
}

/// `printServiceAccount`: name and age only (Kubernetes 1.35 dropped Secrets).
pub(super) fn serviceaccount_cells(sa: &Value, now: DateTime<Utc>) -> Vec<Value> {
    vec![json!(name_of(sa)), json!(creation_age(sa, now))]
}

pub(super) fn secret_cells(secret: &Value, now: DateTime<Utc>) -> Vec<Value> {
    // The API server defaults the type to Opaque and folds stringData into data.
    let kind = non_empty_or(str_at(secret, &["type"]), "Opaque");
    let mut keys: BTreeSet<&str> = BTreeSet::new();
    for field in ["data", "stringData"] {
        if let Some(m) = map_at(secret, &[field]) {
            keys.extend(m.keys().map(String::as_str));
        }
    }
    vec![
        json!(name_of(secret)),
        json!(kind),
        count(keys.len()),
        json!(creation_age(secret, now)),
    ]
}

pub(super) fn default_cells(obj: &Value) -> Vec<Value> {
    let created = time_at(obj, &["metadata", "creationTimestamp"]).map_or_else(
        || GO_ZERO_TIME.to_string(),
        |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    );
    vec![json!(name_of(obj)), json!(created)]
}
