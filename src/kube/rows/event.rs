//! Events (core/v1), with the fallbacks of the newer events API.

use chrono::{DateTime, Utc};
use k8s_openapi::api::core::v1::Event;

use super::format::{later, micro_time, time};
use super::{Meta, meta, non_empty};

#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub meta: Meta,
    /// `Normal` / `Warning`.
    pub kind_type: String,
    pub reason: String,
    /// kubectl's OBJECT: `pod/web-1` (lowercase kind).
    pub object: String,
    pub object_kind: String,
    pub object_name: String,
    pub object_namespace: String,
    /// Message with surrounding whitespace trimmed.
    pub message: String,
    pub count: i32,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    /// kubectl's SOURCE: `component, host` (falling back to the reporting
    /// controller / instance).
    pub source: String,
}

/// Projects a core/v1 event.
///
/// * `last_seen`: the later of `lastTimestamp` and `series.lastObservedTime`
///   (kubectl prefers the series time when there is one), else
///   `firstTimestamp`, `eventTime`, `creationTimestamp`.
/// * `first_seen`: `firstTimestamp`, else `eventTime`.
/// * `count`: the larger of `count` and `series.count`, at least 1.
pub fn event_row(e: &Event) -> EventRow {
    let first_ts = e.first_timestamp.as_ref().and_then(time);
    let event_time = e.event_time.as_ref().and_then(micro_time);
    let series = e.series.as_ref();
    let series_last = series
        .and_then(|s| s.last_observed_time.as_ref())
        .and_then(micro_time);
    let last_seen = later(e.last_timestamp.as_ref().and_then(time), series_last)
        .or(first_ts)
        .or(event_time)
        .or_else(|| e.metadata.creation_timestamp.as_ref().and_then(time));
    let count = e
        .count
        .unwrap_or(0)
        .max(series.and_then(|s| s.count).unwrap_or(0))
        .max(1);
    let obj = &e.involved_object;
    let object_kind = obj.kind.clone().unwrap_or_default();
    let object_name = obj.name.clone().unwrap_or_default();
    let object = if object_name.is_empty() {
        object_kind.to_lowercase()
    } else {
        format!("{}/{object_name}", object_kind.to_lowercase())
    };
    let source = e.source.as_ref();
    let component = non_empty(source.and_then(|s| s.component.as_deref()))
        .or_else(|| non_empty(e.reporting_component.as_deref()))
        .unwrap_or("");
    let instance = non_empty(source.and_then(|s| s.host.as_deref()))
        .or_else(|| non_empty(e.reporting_instance.as_deref()))
        .unwrap_or("");
    let source = if instance.is_empty() {
        component.to_string()
    } else {
        format!("{component}, {instance}")
    };
    EventRow {
        meta: meta(&e.metadata),
        kind_type: e.type_.clone().unwrap_or_default(),
        reason: e.reason.clone().unwrap_or_default(),
        object,
        object_kind,
        object_name,
        object_namespace: obj.namespace.clone().unwrap_or_default(),
        message: e.message.as_deref().unwrap_or("").trim().to_string(),
        count,
        first_seen: first_ts.or(event_time),
        last_seen,
        source,
    }
}
