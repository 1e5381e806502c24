use chrono::{TimeZone, Utc};
use k8s_openapi::api::core::v1::Event;
use serde_json::{Value, json};

use super::{at, from, now};
use crate::kube::rows::{EventRow, age, event_row};

fn event(v: Value) -> EventRow {
    event_row(&from::<Event>(v))
}

#[test]
fn event_classic_fields() {
    let r = event(json!({
        "metadata": {"name": "web-1.17f", "namespace": "prod",
                     "creationTimestamp": "2025-06-01T10:00:00Z"},
        "involvedObject": {"kind": "Pod", "name": "web-1", "namespace": "prod"},
        "type": "Warning", "reason": "BackOff",
        "message": "  Back-off restarting failed container\n",
        "count": 12,
        "firstTimestamp": "2025-06-01T10:00:00Z",
        "lastTimestamp": "2025-06-01T11:59:00Z",
        "source": {"component": "kubelet", "host": "node-a"}
    }));
    assert_eq!(r.kind_type(), "Warning");
    assert_eq!(r.reason(), "BackOff");
    assert_eq!(r.object(), "pod/web-1");
    assert_eq!(r.message(), "Back-off restarting failed container");
    assert_eq!(r.count, 12);
    assert_eq!(r.first_seen, Some(at("2025-06-01T10:00:00Z")));
    assert_eq!(r.last_seen, Some(at("2025-06-01T11:59:00Z")));
    assert_eq!(r.source(), "kubelet, node-a");
    assert_eq!(age(r.last_seen, now()), "60s");
}

#[test]
fn event_new_api_fallbacks() {
    // events.k8s.io-style: only eventTime, series, reporting fields.
    let r = event(json!({
        "metadata": {"name": "e", "namespace": "prod",
                     "creationTimestamp": "2025-06-01T09:00:00Z"},
        "involvedObject": {"kind": "Deployment", "name": "web"},
        "type": "Normal", "reason": "ScalingReplicaSet",
        "eventTime": "2025-06-01T10:00:00.123456Z",
        "series": {"count": 4, "lastObservedTime": "2025-06-01T11:00:00.000001Z"},
        "reportingComponent": "deployment-controller",
        "reportingInstance": "cm-1"
    }));
    assert_eq!(r.object(), "deployment/web");
    assert_eq!(r.count, 4);
    assert_eq!(
        r.first_seen,
        Utc.timestamp_opt(at("2025-06-01T10:00:00Z").timestamp(), 123_456_000)
            .single()
    );
    assert_eq!(
        r.last_seen,
        Utc.timestamp_opt(at("2025-06-01T11:00:00Z").timestamp(), 1_000)
            .single()
    );
    assert_eq!(r.source(), "deployment-controller, cm-1");

    // Only eventTime: both times come from it, count defaults to 1.
    let r = event(json!({
        "metadata": {"name": "e", "creationTimestamp": "2025-06-01T09:00:00Z"},
        "involvedObject": {"kind": "Node"},
        "eventTime": "2025-06-01T10:00:00Z",
        "reportingComponent": "kubelet"
    }));
    assert_eq!(r.object(), "node");
    assert_eq!(r.count, 1);
    assert_eq!(r.first_seen, Some(at("2025-06-01T10:00:00Z")));
    assert_eq!(r.last_seen, Some(at("2025-06-01T10:00:00Z")));
    assert_eq!(r.source(), "kubelet");

    // Nothing but the creation timestamp.
    let r = event(json!({
        "metadata": {"name": "e", "creationTimestamp": "2025-06-01T09:00:00Z"},
        "involvedObject": {}
    }));
    assert_eq!(r.first_seen, None);
    assert_eq!(r.last_seen, Some(at("2025-06-01T09:00:00Z")));
    assert_eq!(r.count, 1);
    assert_eq!(r.object(), "");
    assert_eq!(r.source(), "");

    // Series count used when count is zero; firstTimestamp backs last_seen.
    let r = event(json!({
        "metadata": {"name": "e"},
        "involvedObject": {"kind": "Pod", "name": "p"},
        "count": 0,
        "firstTimestamp": "2025-06-01T08:00:00Z",
        "series": {"count": 2}
    }));
    assert_eq!(r.count, 2);
    assert_eq!(r.last_seen, Some(at("2025-06-01T08:00:00Z")));

    // The later of lastTimestamp and series.lastObservedTime wins.
    let r = event(json!({
        "metadata": {"name": "e"},
        "involvedObject": {"kind": "Pod", "name": "p"},
        "lastTimestamp": "2025-06-01T11:30:00Z",
        "series": {"count": 2, "lastObservedTime": "2025-06-01T11:00:00.000000Z"}
    }));
    assert_eq!(r.last_seen, Some(at("2025-06-01T11:30:00Z")));

    // Component from source, instance from reporting fields.
    let r = event(json!({
        "metadata": {"name": "e"},
        "involvedObject": {},
        "source": {"component": "scheduler"},
        "reportingInstance": "sched-0"
    }));
    assert_eq!(r.source(), "scheduler, sched-0");
}
