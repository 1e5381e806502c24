use super::*;

fn pod_with(status: Value) -> Value {
    json!({
        "metadata": {"name": "p", "creationTimestamp": "2026-11-22T00:00:00Z"},
        "spec": {"containers": [{"name": "app", "image": "nginx"}]},
        "status": status
    })
}

fn waiting(reason: &str) -> Value {
    json!({"name": "app", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": reason}}})
}

fn running(ready: bool) -> Value {
    json!({"name": "app", "ready": ready, "restartCount": 0,
           "state": {"running": {"startedAt": "2026-11-22T00:01:00Z"}}})
}

fn terminated(reason: Option<&str>, exit_code: i64, signal: i64) -> Value {
    let mut t = json!({"exitCode": exit_code, "finishedAt": "2026-11-22T00:40:00Z"});
    if let Some(r) = reason {
        t["reason"] = json!(r);
    }
    if signal != 0 {
        t["signal"] = json!(signal);
    }
    json!({"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": t}})
}

#[test]
fn pod_pending_and_running() {
    assert_eq!(
        pod_status(&pod_with(json!({"phase": "Pending"}))),
        "Pending"
    );
    let p = pod_with(json!({
        "phase": "Running",
        "podIP": "10.0.0.9",
        "podIPs": [{"ip": "10.0.0.7"}],
        "conditions": [{"type": "Ready", "status": "True"}],
        "containerStatuses": [running(true)]
    }));
    let c = pod_cells(&p);
    assert_eq!(c[1], "1/1");
    assert_eq!(c[2], "Running");
    assert_eq!(c[3], "0");
    assert_eq!(c[4], "48m");
    assert_eq!(c[5], "10.0.0.7");
    // Only podIP set (no podIPs): still shown.
    let p2 = pod_with(json!({"phase": "Running", "podIP": "10.0.0.9"}));
    assert_eq!(pod_cells(&p2)[5], "10.0.0.9");
    // Running but not ready.
    let p3 = pod_with(json!({"phase": "Running", "containerStatuses": [running(false)]}));
    assert_eq!(pod_cells(&p3)[1], "0/1");
    assert_eq!(pod_cells(&p3)[2], "Running");
}

#[test]
fn pod_container_waiting_reasons() {
    for reason in [
        "CrashLoopBackOff",
        "ImagePullBackOff",
        "ErrImagePull",
        "ContainerCreating",
        "CreateContainerConfigError",
    ] {
        let p = pod_with(json!({"phase": "Pending", "containerStatuses": [waiting(reason)]}));
        assert_eq!(pod_status(&p), reason);
    }
    // An empty waiting reason leaves the phase.
    let p = pod_with(json!({"phase": "Pending", "containerStatuses": [waiting("")]}));
    assert_eq!(pod_status(&p), "Pending");
}

#[test]
fn pod_container_terminated_reasons() {
    let cases = [
        (terminated(Some("OOMKilled"), 137, 0), "OOMKilled"),
        (terminated(Some("Completed"), 0, 0), "Completed"),
        (terminated(Some("Error"), 1, 0), "Error"),
        (terminated(None, 3, 0), "ExitCode:3"),
        (terminated(None, 0, 9), "Signal:9"),
        (terminated(Some(""), 0, 0), "ExitCode:0"),
    ];
    for (status, want) in cases {
        let p = pod_with(json!({"phase": "Running", "containerStatuses": [status]}));
        assert_eq!(pod_status(&p), want);
    }
}

#[test]
fn pod_succeeded_and_failed_carry_row_conditions() {
    let p = pod_with(
        json!({"phase": "Succeeded", "containerStatuses": [terminated(Some("Completed"), 0, 0)]}),
    );
    let r = row("", "pods", &p, now(), IncludeObject::Metadata);
    assert_eq!(r["cells"][2], "Completed");
    assert_eq!(r["cells"][1], "0/1");
    assert_eq!(
        r["conditions"],
        json!([{"type": "Completed", "status": "True", "reason": "Succeeded",
                "message": "The pod has completed successfully."}])
    );
    let keys: Vec<&String> = r.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["cells", "conditions", "object"]);

    let f = pod_with(
        json!({"phase": "Failed", "containerStatuses": [terminated(Some("Error"), 1, 0)]}),
    );
    let r = row("", "pods", &f, now(), IncludeObject::None);
    assert_eq!(r["cells"][2], "Error");
    assert_eq!(r["conditions"][0]["reason"], "Failed");
    assert_eq!(r["conditions"][0]["message"], "The pod failed.");

    // Evicted: status.reason wins over the phase.
    let e = pod_with(json!({"phase": "Failed", "reason": "Evicted"}));
    assert_eq!(pod_status(&e), "Evicted");
}

#[test]
fn pod_completed_with_running_sibling() {
    let mut done = terminated(Some("Completed"), 0, 0);
    done["name"] = json!("first");
    let statuses = json!([done, running(true)]);
    let not_ready = pod_with(json!({"phase": "Running", "containerStatuses": statuses}));
    assert_eq!(pod_status(&not_ready), "NotReady");
    let ready = pod_with(json!({
        "phase": "Running",
        "conditions": [{"type": "Ready", "status": "True"}],
        "containerStatuses": statuses
    }));
    assert_eq!(pod_status(&ready), "Running");
    assert_eq!(pod_cells(&ready)[1], "1/1");
}

fn init_pod(init_statuses: Value, conditions: Value) -> Value {
    json!({
        "metadata": {"name": "p", "creationTimestamp": "2026-11-22T00:00:00Z"},
        "spec": {
            "initContainers": [{"name": "init-a", "image": "busybox"}, {"name": "init-b", "image": "busybox"}],
            "containers": [{"name": "app", "image": "nginx"}]
        },
        "status": {
            "phase": "Pending",
            "conditions": conditions,
            "initContainerStatuses": init_statuses,
            "containerStatuses": [waiting("PodInitializing")]
        }
    })
}

#[test]
fn pod_init_container_states() {
    let done =
        json!({"name": "init-a", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}});
    let initializing =
        json!({"name": "init-b", "state": {"waiting": {"reason": "PodInitializing"}}});
    let running_init = json!({"name": "init-a", "state": {"running": {}}});
    let cases = [
        (json!([running_init, initializing]), "Init:0/2"),
        (
            json!([done, {"name": "init-b", "state": {"running": {}}}]),
            "Init:1/2",
        ),
        (
            json!([{"name": "init-a", "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]),
            "Init:CrashLoopBackOff",
        ),
        (
            json!([{"name": "init-a", "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]),
            "Init:Error",
        ),
        (
            json!([{"name": "init-a", "state": {"terminated": {"exitCode": 2}}}]),
            "Init:ExitCode:2",
        ),
        (
            json!([{"name": "init-a", "state": {"terminated": {"exitCode": 137, "signal": 9}}}]),
            "Init:Signal:9",
        ),
        (json!([done, initializing]), "Init:1/2"),
    ];
    for (statuses, want) in cases {
        let p = init_pod(statuses, json!([]));
        assert_eq!(pod_status(&p), want);
    }
    // Init restarts are counted while initializing.
    let p = init_pod(
        json!([{"name": "init-a", "restartCount": 4,
                "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:43:00Z"}},
                "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]),
        json!([]),
    );
    assert_eq!(pod_cells(&p)[3], "4 (5m ago)");
    // Once Initialized is True, the regular containers decide.
    let p = init_pod(
        json!([{"name": "init-a", "state": {"running": {}}}]),
        json!([{"type": "Initialized", "status": "True"}]),
    );
    assert_eq!(pod_status(&p), "PodInitializing");
}

#[test]
fn pod_sidecar_containers_count() {
    let p = json!({
        "metadata": {"name": "p", "creationTimestamp": "2026-11-22T00:00:00Z"},
        "spec": {
            "initContainers": [
                {"name": "setup", "image": "busybox"},
                {"name": "proxy", "image": "envoy", "restartPolicy": "Always"}
            ],
            "containers": [{"name": "app", "image": "nginx"}]
        },
        "status": {
            "phase": "Running",
            "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"}],
            "initContainerStatuses": [
                {"name": "setup", "restartCount": 1, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}},
                 "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:01:00Z"}}},
                {"name": "proxy", "ready": true, "started": true, "restartCount": 2,
                 "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:30:00Z"}},
                 "state": {"running": {}}}
            ],
            "containerStatuses": [
                {"name": "app", "ready": true, "restartCount": 1,
                 "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:45:00Z"}},
                 "state": {"running": {}}}
            ]
        }
    });
    let c = pod_cells(&p);
    assert_eq!(c[1], "2/2");
    assert_eq!(c[2], "Running");
    // Sidecar restarts count, the finished plain init container's do not.
    assert_eq!(c[3], "3 (3m ago)");
}

#[test]
fn pod_restarts_with_last_restart_time() {
    let mut cs = running(true);
    cs["restartCount"] = json!(3);
    cs["lastState"] = json!({"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:43:00Z"}});
    let mut other = running(true);
    other["name"] = json!("side");
    other["restartCount"] = json!(2);
    other["lastState"] =
        json!({"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:20:00Z"}});
    let p = pod_with(json!({"phase": "Running", "containerStatuses": [cs, other]}));
    assert_eq!(pod_cells(&p)[3], "5 (5m ago)");
    // Restarts without a recorded termination time: just the number.
    let mut cs = running(true);
    cs["restartCount"] = json!(2);
    let p = pod_with(json!({"phase": "Running", "containerStatuses": [cs]}));
    assert_eq!(pod_cells(&p)[3], "2");
}

#[test]
fn pod_terminating_unknown_and_gated() {
    let mut p = pod_with(json!({"phase": "Running", "containerStatuses": [running(true)]}));
    p["metadata"]["deletionTimestamp"] = json!("2026-11-22T00:47:00Z");
    assert_eq!(pod_status(&p), "Terminating");

    let mut lost = pod_with(json!({"phase": "Running", "reason": "NodeLost"}));
    lost["metadata"]["deletionTimestamp"] = json!("2026-11-22T00:47:00Z");
    assert_eq!(pod_status(&lost), "Unknown");

    // A finished pod being deleted keeps its status.
    let mut done = pod_with(
        json!({"phase": "Succeeded", "containerStatuses": [terminated(Some("Completed"), 0, 0)]}),
    );
    done["metadata"]["deletionTimestamp"] = json!("2026-11-22T00:47:00Z");
    assert_eq!(pod_status(&done), "Completed");

    let gated = pod_with(json!({
        "phase": "Pending",
        "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]
    }));
    assert_eq!(pod_status(&gated), "SchedulingGated");
}

#[test]
fn pod_wide_cells() {
    let p = json!({
        "metadata": {"name": "p", "creationTimestamp": "2026-11-22T00:00:00Z"},
        "spec": {
            "nodeName": "node-1",
            "containers": [{"name": "app"}],
            "readinessGates": [{"conditionType": "example.com/a"}, {"conditionType": "example.com/b"}]
        },
        "status": {
            "phase": "Running",
            "nominatedNodeName": "node-2",
            "podIPs": [{"ip": "10.1.2.3"}, {"ip": "fd00::3"}],
            "conditions": [
                {"type": "example.com/a", "status": "True"},
                {"type": "example.com/b", "status": "False"}
            ]
        }
    });
    let c = pod_cells(&p);
    assert_eq!(
        c[5..].to_vec(),
        vec![
            json!("10.1.2.3"),
            json!("node-1"),
            json!("node-2"),
            json!("1/2")
        ]
    );
}
