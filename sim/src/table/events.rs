//! `printEvent`, for core/v1 and events.k8s.io/v1 Events.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::format::{non_empty_or, since};
use super::json_access::{at, int_at, int_of, name_of, object_at, parse_time, str_at, time_at};

/// Events, in either the core/v1 shape (`involvedObject`, `message`,
/// `source`, ...) or the events.k8s.io/v1 one (`regarding`, `note`,
/// `deprecatedSource`, ...); both are the same object in the real server.
pub(super) fn event_cells(group: &str, ev: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let new_api = group == "events.k8s.io";
    let pick = |core: &str, events: &str| -> Option<&Value> {
        if new_api {
            at(ev, &[events]).or_else(|| at(ev, &[core]))
        } else {
            at(ev, &[core]).or_else(|| at(ev, &[events]))
        }
    };
    let pick_str = |core: &str, events: &str| -> &str {
        pick(core, events).and_then(Value::as_str).unwrap_or("")
    };
    let pick_time = |core: &str, events: &str| {
        pick(core, events)
            .and_then(Value::as_str)
            .and_then(parse_time)
    };

    let event_time = time_at(ev, &["eventTime"]);
    let first = match pick_time("firstTimestamp", "deprecatedFirstTimestamp") {
        Some(t) => since(Some(t), now),
        None => since(event_time, now),
    };
    let mut last = match pick_time("lastTimestamp", "deprecatedLastTimestamp") {
        Some(t) => since(Some(t), now),
        None => first.clone(),
    };
    let mut n = pick("count", "deprecatedCount")
        .and_then(int_of)
        .unwrap_or(0);
    if let Some(series) = object_at(ev, &["series"]) {
        last = since(time_at(series, &["lastObservedTime"]), now);
        n = int_at(series, &["count"]);
    } else if n == 0 {
        // Singleton events have no count in the new API.
        n = 1;
    }

    let empty = Value::Null;
    let involved = pick("involvedObject", "regarding").unwrap_or(&empty);
    let kind = str_at(involved, &["kind"]).to_lowercase();
    let target_name = str_at(involved, &["name"]);
    let target = if target_name.is_empty() {
        kind
    } else {
        format!("{kind}/{target_name}")
    };

    let source = pick("source", "deprecatedSource").unwrap_or(&empty);
    let component = non_empty_or(
        str_at(source, &["component"]),
        pick_str("reportingComponent", "reportingController"),
    );
    let instance = non_empty_or(
        str_at(source, &["host"]),
        str_at(ev, &["reportingInstance"]),
    );
    let source_text = if instance.is_empty() {
        component.to_string()
    } else {
        format!("{component}, {instance}")
    };

    vec![
        json!(last),
        json!(str_at(ev, &["type"])),
        json!(str_at(ev, &["reason"])),
        json!(target),
        json!(str_at(involved, &["fieldPath"])),
        json!(source_text),
        json!(pick_str("message", "note").trim()),
        json!(first),
        json!(n),
        json!(name_of(ev)),
    ]
}
