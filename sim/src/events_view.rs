//! events.k8s.io/v1 is a view of the core/v1 events a real server stores
//! once: these convert between the two shapes.

use serde_json::{Map, Value, json};

/// core/v1 Event -> events.k8s.io/v1 Event.
pub fn to_events_v1(core: &Value) -> Value {
    let mut o = Map::new();
    o.insert("kind".into(), json!("Event"));
    o.insert("apiVersion".into(), json!("events.k8s.io/v1"));
    o.insert("metadata".into(), core["metadata"].clone());
    o.insert("eventTime".into(), core["eventTime"].clone());
    let copy = |o: &mut Map<String, Value>, to: &str, from: &str| {
        if let Some(v) = core.get(from).filter(|v| !v.is_null()) {
            o.insert(to.into(), v.clone());
        }
    };
    copy(&mut o, "series", "series");
    copy(&mut o, "reportingController", "reportingComponent");
    copy(&mut o, "reportingInstance", "reportingInstance");
    copy(&mut o, "action", "action");
    copy(&mut o, "reason", "reason");
    copy(&mut o, "regarding", "involvedObject");
    copy(&mut o, "related", "related");
    copy(&mut o, "note", "message");
    copy(&mut o, "type", "type");
    copy(&mut o, "deprecatedSource", "source");
    copy(&mut o, "deprecatedFirstTimestamp", "firstTimestamp");
    copy(&mut o, "deprecatedLastTimestamp", "lastTimestamp");
    copy(&mut o, "deprecatedCount", "count");
    Value::Object(o)
}

/// events.k8s.io/v1 Event -> core/v1 Event (for writes through that group).
pub fn from_events_v1(ev: &Value) -> Value {
    let mut o = Map::new();
    o.insert("kind".into(), json!("Event"));
    o.insert("apiVersion".into(), json!("v1"));
    o.insert("metadata".into(), ev["metadata"].clone());
    let copy = |o: &mut Map<String, Value>, to: &str, from: &str| {
        if let Some(v) = ev.get(from).filter(|v| !v.is_null()) {
            o.insert(to.into(), v.clone());
        }
    };
    copy(&mut o, "involvedObject", "regarding");
    copy(&mut o, "reason", "reason");
    copy(&mut o, "message", "note");
    copy(&mut o, "source", "deprecatedSource");
    copy(&mut o, "firstTimestamp", "deprecatedFirstTimestamp");
    copy(&mut o, "lastTimestamp", "deprecatedLastTimestamp");
    copy(&mut o, "count", "deprecatedCount");
    copy(&mut o, "type", "type");
    copy(&mut o, "eventTime", "eventTime");
    copy(&mut o, "series", "series");
    copy(&mut o, "action", "action");
    copy(&mut o, "related", "related");
    copy(&mut o, "reportingComponent", "reportingController");
    copy(&mut o, "reportingInstance", "reportingInstance");
    if !o.contains_key("involvedObject") {
        o.insert("involvedObject".into(), json!({}));
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_the_fields() {
        let core = json!({
            "kind": "Event", "apiVersion": "v1",
            "metadata": {"name": "web.1", "namespace": "shop"},
            "involvedObject": {"kind": "Pod", "name": "web", "namespace": "shop"},
            "reason": "BackOff", "message": "Back-off restarting failed container",
            "source": {"component": "kubelet", "host": "n1"},
            "firstTimestamp": "2026-11-22T00:00:00Z", "lastTimestamp": "2026-11-22T00:05:00Z",
            "count": 7, "type": "Warning", "eventTime": null,
            "reportingComponent": "kubelet", "reportingInstance": "n1"
        });
        let v1 = to_events_v1(&core);
        assert_eq!(v1["apiVersion"], "events.k8s.io/v1");
        assert_eq!(v1["note"], core["message"]);
        assert_eq!(v1["regarding"]["name"], "web");
        assert_eq!(v1["deprecatedCount"], 7);
        assert_eq!(v1["reportingController"], "kubelet");
        let back = from_events_v1(&v1);
        for k in [
            "involvedObject",
            "reason",
            "message",
            "source",
            "firstTimestamp",
            "lastTimestamp",
            "count",
            "type",
        ] {
            assert_eq!(back[k], core[k], "{k}");
        }
    }
}
