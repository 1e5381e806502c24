use super::*;

#[test]
fn core_event_rows() {
    let single = json!({
        "metadata": {"name": "web-5cf77c44cd-nb4k8.18ea36a914f41515", "namespace": "shop"},
        "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-5cf77c44cd-nb4k8"},
        "reason": "FailedScheduling",
        "message": "no nodes available to schedule pods\n",
        "source": {},
        "firstTimestamp": null,
        "lastTimestamp": null,
        "type": "Warning",
        "eventTime": "2026-11-22T00:31:41.289473Z",
        "reportingComponent": "default-scheduler",
        "reportingInstance": "default-scheduler-vm"
    });
    assert_eq!(
        cells("", "events", &single),
        vec![
            json!("16m"),
            json!("Warning"),
            json!("FailedScheduling"),
            json!("pod/web-5cf77c44cd-nb4k8"),
            json!(""),
            json!("default-scheduler, default-scheduler-vm"),
            json!("no nodes available to schedule pods"),
            json!("16m"),
            json!(1),
            json!("web-5cf77c44cd-nb4k8.18ea36a914f41515")
        ]
    );

    let mut series = single.clone();
    series["eventTime"] = json!("2026-11-22T00:31:43.001419Z");
    series["series"] = json!({"count": 2, "lastObservedTime": "2026-11-22T00:46:46.001346Z"});
    let c = cells("", "events", &series);
    assert_eq!(c[0], "73s");
    assert_eq!(c[7], "16m");
    assert_eq!(c[8], 2);

    let legacy = json!({
        "metadata": {"name": "web.1"},
        "involvedObject": {"kind": "Deployment", "name": "web", "fieldPath": "spec.containers{nginx}"},
        "reason": "ScalingReplicaSet",
        "message": "Scaled up replica set web-5cf77c44cd to 5",
        "source": {"component": "deployment-controller", "host": "cp-1"},
        "firstTimestamp": "2026-11-22T00:31:33Z",
        "lastTimestamp": "2026-11-22T00:45:00Z",
        "count": 4,
        "type": "Normal"
    });
    assert_eq!(
        cells("", "events", &legacy),
        vec![
            json!("3m"),
            json!("Normal"),
            json!("ScalingReplicaSet"),
            json!("deployment/web"),
            json!("spec.containers{nginx}"),
            json!("deployment-controller, cp-1"),
            json!("Scaled up replica set web-5cf77c44cd to 5"),
            json!("16m"),
            json!(4),
            json!("web.1")
        ]
    );

    // Nothing known: no times, kind only.
    let bare = json!({"metadata": {"name": "e"}, "involvedObject": {"kind": "Node"}});
    let c = cells("", "events", &bare);
    assert_eq!(c[0], "<unknown>");
    assert_eq!(c[3], "node");
    assert_eq!(c[5], "");
    assert_eq!(c[7], "<unknown>");
    assert_eq!(c[8], 1);

    let names = column_names("", "events");
    assert_eq!(
        names,
        vec![
            ("Last Seen".to_string(), 0),
            ("Type".to_string(), 0),
            ("Reason".to_string(), 0),
            ("Object".to_string(), 0),
            ("Subobject".to_string(), 1),
            ("Source".to_string(), 1),
            ("Message".to_string(), 0),
            ("First Seen".to_string(), 1),
            ("Count".to_string(), 1),
            ("Name".to_string(), 1),
        ]
    );
    assert_eq!(columns("", "events")[9]["format"], "name");
    assert_eq!(columns("", "events"), columns("events.k8s.io", "events"));
}

#[test]
fn events_k8s_io_event_rows() {
    let ev = json!({
        "metadata": {"name": "web-5cf77c44cd-nb4k8.18ea36a97afe3fc9", "namespace": "shop"},
        "eventTime": "2026-11-22T00:31:43.001419Z",
        "series": {"count": 2, "lastObservedTime": "2026-11-22T00:31:46.001346Z"},
        "reportingController": "default-scheduler",
        "reportingInstance": "default-scheduler-vm",
        "action": "Scheduling",
        "reason": "FailedScheduling",
        "regarding": {"kind": "Pod", "namespace": "shop", "name": "web-5cf77c44cd-nb4k8"},
        "note": "no nodes available to schedule pods",
        "type": "Warning",
        "deprecatedSource": {},
        "deprecatedFirstTimestamp": null,
        "deprecatedLastTimestamp": null
    });
    assert_eq!(
        cells("events.k8s.io", "events", &ev),
        vec![
            json!("16m"),
            json!("Warning"),
            json!("FailedScheduling"),
            json!("pod/web-5cf77c44cd-nb4k8"),
            json!(""),
            json!("default-scheduler, default-scheduler-vm"),
            json!("no nodes available to schedule pods"),
            json!("16m"),
            json!(2),
            json!("web-5cf77c44cd-nb4k8.18ea36a97afe3fc9")
        ]
    );
    let old = json!({
        "metadata": {"name": "x"},
        "regarding": {"kind": "ReplicaSet", "name": "web-1"},
        "note": "Created pod",
        "deprecatedSource": {"component": "replicaset-controller"},
        "deprecatedFirstTimestamp": "2026-11-22T00:40:00Z",
        "deprecatedLastTimestamp": "2026-11-22T00:47:00Z",
        "deprecatedCount": 3,
        "type": "Normal"
    });
    let c = cells("events.k8s.io", "events", &old);
    assert_eq!(c[0], "60s");
    assert_eq!(c[3], "replicaset/web-1");
    assert_eq!(c[5], "replicaset-controller");
    assert_eq!(c[6], "Created pod");
    assert_eq!(c[7], "8m");
    assert_eq!(c[8], 3);
    // The core endpoint reading the same new-shape object.
    assert_eq!(cells("", "events", &old), c);
}
