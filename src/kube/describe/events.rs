//! An Event, as `kubectl describe event` shows what matters in it: what
//! happened (type, reason, message), to what (the involved object), who
//! said so (source, reporting component) and how often.

use serde_json::Value;

use super::{Out, s};

pub(super) fn render(o: &mut Out, obj: &Value) {
    o.kv(0, "Type", s(&obj["type"]));
    o.kv(0, "Reason", s(&obj["reason"]));
    o.kv(0, "Message", s(&obj["message"]));
    let involved = &obj["involvedObject"];
    o.line("Involved Object:");
    for (k, field) in [
        ("Kind", "kind"),
        ("Name", "name"),
        ("Namespace", "namespace"),
        ("Field Path", "fieldPath"),
        ("UID", "uid"),
    ] {
        if !involved[field].is_null() {
            o.kv(2, k, s(&involved[field]));
        }
    }
    let source = &obj["source"];
    if source.is_object() && !source.as_object().is_some_and(|m| m.is_empty()) {
        o.line("Source:");
        for (k, field) in [("Component", "component"), ("Host", "host")] {
            if !source[field].is_null() {
                o.kv(2, k, s(&source[field]));
            }
        }
    }
    for (k, field) in [
        ("Reporting Component", "reportingComponent"),
        ("Reporting Instance", "reportingInstance"),
    ] {
        if obj[field].as_str().is_some_and(|v| !v.is_empty()) {
            o.kv(0, k, s(&obj[field]));
        }
    }
    let count = obj["series"]["count"]
        .as_i64()
        .or_else(|| obj["count"].as_i64())
        .unwrap_or(1);
    o.kv(0, "Count", count);
    o.kv(0, "First Timestamp", s(&obj["firstTimestamp"]));
    o.kv(0, "Last Timestamp", s(&obj["lastTimestamp"]));
    if !obj["eventTime"].is_null() {
        o.kv(0, "Event Time", s(&obj["eventTime"]));
    }
}
