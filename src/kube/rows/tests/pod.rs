use k8s_openapi::api::core::v1::Pod;
use serde_json::{Value, json};

use super::{at, from, now};
use crate::kube::rows::{Meta, Owner, PodRow, age, pod_row, restarts};

fn pod(v: Value) -> PodRow {
    pod_row(&from::<Pod>(v))
}

fn running(name: &str, ready: bool, restarts: i32) -> Value {
    json!({"name": name, "ready": ready, "restartCount": restarts,
           "state": {"running": {"startedAt": "2025-06-01T10:00:00Z"}}})
}

fn waiting(name: &str, reason: &str) -> Value {
    json!({"name": name, "ready": false, "restartCount": 0,
           "state": {"waiting": {"reason": reason}}})
}

fn terminated(name: &str, exit: i32, reason: Option<&str>, signal: Option<i32>) -> Value {
    let mut t = json!({"exitCode": exit});
    if let Some(r) = reason {
        t["reason"] = json!(r);
    }
    if let Some(s) = signal {
        t["signal"] = json!(s);
    }
    json!({"name": name, "ready": false, "restartCount": 0, "state": {"terminated": t}})
}

fn simple_pod(phase: &str, statuses: Vec<Value>, conditions: Value) -> Value {
    let containers: Vec<Value> = statuses
        .iter()
        .map(|s| json!({"name": s["name"], "image": "img"}))
        .collect();
    json!({
        "metadata": {"name": "p", "namespace": "ns"},
        "spec": {"containers": containers},
        "status": {"phase": phase, "conditions": conditions, "containerStatuses": statuses}
    })
}

#[test]
fn pod_running_all_ready() {
    let r = pod(simple_pod(
        "Running",
        vec![running("a", true, 0), running("b", true, 2)],
        json!([{"type": "Ready", "status": "True"}]),
    ));
    assert_eq!((r.ready, r.total), (2, 2));
    assert_eq!(r.status, "Running");
    assert_eq!(r.restarts, 2);
    assert!(!r.unhealthy);
    assert_eq!(r.phase, "Running");
    assert_eq!(r.meta.namespace, "ns");
    assert_eq!(r.meta.name, "p");
}

#[test]
fn pod_running_partially_ready_is_unhealthy() {
    let r = pod(simple_pod(
        "Running",
        vec![running("a", true, 0), running("b", false, 0)],
        json!([{"type": "Ready", "status": "False"}]),
    ));
    assert_eq!((r.ready, r.total), (1, 2));
    assert_eq!(r.status, "Running");
    assert!(r.unhealthy);
}

#[test]
fn pod_container_waiting_reasons() {
    for reason in [
        "CrashLoopBackOff",
        "ImagePullBackOff",
        "ErrImagePull",
        "ContainerCreating",
        "PodInitializing",
    ] {
        let r = pod(simple_pod("Pending", vec![waiting("a", reason)], json!([])));
        assert_eq!(r.status, reason);
        assert!(r.unhealthy);
        assert_eq!((r.ready, r.total), (0, 1));
    }
}

#[test]
fn pod_waiting_without_reason_keeps_phase() {
    let v = simple_pod(
        "Pending",
        vec![json!({"name": "a", "ready": false, "restartCount": 0,
                    "state": {"waiting": {}}})],
        json!([]),
    );
    assert_eq!(pod(v).status, "Pending");
}

#[test]
fn pod_container_terminated_reasons() {
    let r = pod(simple_pod(
        "Running",
        vec![terminated("a", 137, Some("OOMKilled"), None)],
        json!([]),
    ));
    assert_eq!(r.status, "OOMKilled");
    let r = pod(simple_pod(
        "Succeeded",
        vec![terminated("a", 0, Some("Completed"), None)],
        json!([]),
    ));
    assert_eq!(r.status, "Completed");
    assert!(!r.unhealthy);
    let r = pod(simple_pod(
        "Failed",
        vec![terminated("a", 1, Some("Error"), None)],
        json!([]),
    ));
    assert_eq!(r.status, "Error");
    assert!(r.unhealthy);
    let r = pod(simple_pod(
        "Failed",
        vec![terminated("a", 3, None, None)],
        json!([]),
    ));
    assert_eq!(r.status, "ExitCode:3");
    let r = pod(simple_pod(
        "Failed",
        vec![terminated("a", 0, Some(""), Some(9))],
        json!([]),
    ));
    assert_eq!(r.status, "Signal:9");
}

#[test]
fn pod_first_container_in_spec_order_wins() {
    // kubectl walks statuses backwards, so the first listed decides.
    let r = pod(simple_pod(
        "Running",
        vec![
            waiting("a", "CrashLoopBackOff"),
            waiting("b", "ImagePullBackOff"),
        ],
        json!([]),
    ));
    assert_eq!(r.status, "CrashLoopBackOff");
}

#[test]
fn pod_completed_with_running_container() {
    let statuses = vec![
        running("a", true, 0),
        terminated("b", 0, Some("Completed"), None),
    ];
    let r = pod(simple_pod(
        "Running",
        statuses.clone(),
        json!([{"type": "Ready", "status": "True"}]),
    ));
    assert_eq!(r.status, "Running");
    assert_eq!((r.ready, r.total), (1, 2));
    let r = pod(simple_pod(
        "Running",
        statuses,
        json!([{"type": "Ready", "status": "False"}]),
    ));
    assert_eq!(r.status, "NotReady");
    assert!(r.unhealthy);
}

#[test]
fn pod_succeeded_without_statuses() {
    let r = pod(json!({
        "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "a"}]},
        "status": {"phase": "Succeeded"}
    }));
    assert_eq!(r.status, "Succeeded");
    assert!(!r.unhealthy);
}

#[test]
fn pod_status_reason_overrides_phase() {
    let r = pod(json!({
        "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "a"}]},
        "status": {"phase": "Failed", "reason": "Evicted"}
    }));
    assert_eq!(r.status, "Evicted");
    assert!(r.unhealthy);
}

#[test]
fn pod_scheduling_gated() {
    let r = pod(json!({
        "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "a"}], "schedulingGates": [{"name": "g"}]},
        "status": {"phase": "Pending", "conditions": [
            {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}
        ]}
    }));
    assert_eq!(r.status, "SchedulingGated");
    assert!(r.unhealthy);
}

fn init_pod(inits: Value, init_statuses: Vec<Value>, statuses: Vec<Value>, conds: Value) -> Value {
    json!({
        "metadata": {"name": "p"},
        "spec": {"initContainers": inits, "containers": [{"name": "main"}]},
        "status": {"phase": "Pending", "conditions": conds,
                   "initContainerStatuses": init_statuses,
                   "containerStatuses": statuses}
    })
}

#[test]
fn pod_init_progress() {
    let inits = json!([{"name": "i1"}, {"name": "i2"}]);
    let r = pod(init_pod(
        inits.clone(),
        vec![
            terminated("i1", 0, Some("Completed"), None),
            json!({"name": "i2", "ready": false, "restartCount": 0,
                   "state": {"running": {}}}),
        ],
        vec![waiting("main", "PodInitializing")],
        json!([]),
    ));
    assert_eq!(r.status, "Init:1/2");
    assert_eq!((r.ready, r.total), (0, 1));
    assert!(r.unhealthy);

    // Waiting on PodInitializing is still plain progress.
    let r = pod(init_pod(
        inits.clone(),
        vec![
            waiting("i1", "PodInitializing"),
            waiting("i2", "PodInitializing"),
        ],
        vec![],
        json!([]),
    ));
    assert_eq!(r.status, "Init:0/2");
}

#[test]
fn pod_init_failures() {
    let inits = json!([{"name": "i1"}]);
    let case = |st: Value| pod(init_pod(inits.clone(), vec![st], vec![], json!([]))).status;
    assert_eq!(
        case(waiting("i1", "CrashLoopBackOff")),
        "Init:CrashLoopBackOff"
    );
    assert_eq!(
        case(waiting("i1", "ImagePullBackOff")),
        "Init:ImagePullBackOff"
    );
    assert_eq!(case(terminated("i1", 1, Some("Error"), None)), "Init:Error");
    assert_eq!(case(terminated("i1", 2, None, None)), "Init:ExitCode:2");
    assert_eq!(
        case(terminated("i1", 2, Some(""), Some(15))),
        "Init:Signal:15"
    );
}

#[test]
fn pod_init_restarts_and_last_restart() {
    let inits = json!([{"name": "i1"}]);
    let st = json!({"name": "i1", "ready": false, "restartCount": 4,
        "state": {"waiting": {"reason": "CrashLoopBackOff"}},
        "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                                     "finishedAt": "2025-06-01T11:58:00Z"}}});
    let r = pod(init_pod(
        inits,
        vec![st],
        vec![waiting("main", "PodInitializing")],
        json!([]),
    ));
    assert_eq!(r.status, "Init:CrashLoopBackOff");
    assert_eq!(r.restarts, 4);
    assert_eq!(r.last_restart, Some(at("2025-06-01T11:58:00Z")));
    assert_eq!(restarts(r.restarts, r.last_restart, now()), "4 (2m ago)");
}

#[test]
fn pod_sidecar_counting() {
    // One sidecar (restartPolicy Always) and one ordinary init container.
    let inits = json!([
        {"name": "setup"},
        {"name": "proxy", "restartPolicy": "Always"}
    ]);
    let proxy = json!({"name": "proxy", "ready": true, "restartCount": 2, "started": true,
        "state": {"running": {}},
        "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-06-01T11:00:00Z"}}});
    let setup = json!({"name": "setup", "ready": false, "restartCount": 7,
        "state": {"terminated": {"exitCode": 0, "reason": "Completed"}},
        "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-06-01T11:30:00Z"}}});
    let main = json!({"name": "main", "ready": true, "restartCount": 1,
        "state": {"running": {}},
        "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-06-01T10:00:00Z"}}});
    let v = json!({
        "metadata": {"name": "p"},
        "spec": {"initContainers": inits, "containers": [{"name": "main"}]},
        "status": {"phase": "Running",
            "conditions": [{"type": "Initialized", "status": "True"},
                           {"type": "Ready", "status": "True"}],
            "initContainerStatuses": [setup, proxy],
            "containerStatuses": [main]}
    });
    let r = pod(v);
    assert_eq!((r.ready, r.total), (2, 2));
    assert_eq!(r.status, "Running");
    // Ordinary init container restarts are dropped once initialized:
    // sidecar 2 + main 1.
    assert_eq!(r.restarts, 3);
    assert_eq!(r.last_restart, Some(at("2025-06-01T11:00:00Z")));
    assert!(!r.unhealthy);
}

#[test]
fn pod_sidecar_not_started_blocks_init() {
    let inits = json!([{"name": "proxy", "restartPolicy": "Always"}]);
    let proxy = json!({"name": "proxy", "ready": false, "restartCount": 0, "started": false,
        "state": {"running": {}}});
    let r = pod(init_pod(
        inits,
        vec![proxy],
        vec![waiting("main", "PodInitializing")],
        json!([]),
    ));
    assert_eq!(r.status, "Init:0/1");
    assert_eq!((r.ready, r.total), (0, 2));
}

#[test]
fn pod_sidecar_started_not_ready() {
    let inits = json!([{"name": "proxy", "restartPolicy": "Always"}]);
    let proxy = json!({"name": "proxy", "ready": false, "restartCount": 0, "started": true,
        "state": {"running": {}}});
    let r = pod(init_pod(
        inits,
        vec![proxy],
        vec![running("main", true, 0)],
        json!([{"type": "Initialized", "status": "True"}]),
    ));
    assert_eq!(r.status, "Pending");
    assert_eq!((r.ready, r.total), (1, 2));
}

#[test]
fn pod_initializing_but_initialized_condition_true() {
    // A failed init container with Initialized=True (e.g. after a node
    // restart) still lets the regular containers decide.
    let inits = json!([{"name": "i1"}]);
    let r = pod(json!({
        "metadata": {"name": "p"},
        "spec": {"initContainers": inits, "containers": [{"name": "main"}]},
        "status": {"phase": "Running",
            "conditions": [{"type": "Initialized", "status": "True"}],
            "initContainerStatuses": [waiting("i1", "CrashLoopBackOff")],
            "containerStatuses": [running("main", true, 0)]}
    }));
    assert_eq!(r.status, "Init:CrashLoopBackOff");
    assert_eq!((r.ready, r.total), (1, 1));
}

#[test]
fn pod_terminating_and_node_lost() {
    let mut v = simple_pod(
        "Running",
        vec![running("a", true, 0)],
        json!([{"type": "Ready", "status": "True"}]),
    );
    v["metadata"]["deletionTimestamp"] = json!("2025-06-01T11:59:00Z");
    let r = pod(v.clone());
    assert_eq!(r.status, "Terminating");
    assert!(r.unhealthy);

    v["status"]["reason"] = json!("NodeLost");
    assert_eq!(pod(v.clone()).status, "Unknown");

    // Terminal pods keep their status while being deleted.
    let mut done = simple_pod(
        "Succeeded",
        vec![terminated("a", 0, Some("Completed"), None)],
        json!([]),
    );
    done["metadata"]["deletionTimestamp"] = json!("2025-06-01T11:59:00Z");
    assert_eq!(pod(done).status, "Completed");
    let mut failed = simple_pod(
        "Failed",
        vec![terminated("a", 1, Some("Error"), None)],
        json!([]),
    );
    failed["metadata"]["deletionTimestamp"] = json!("2025-06-01T11:59:00Z");
    assert_eq!(pod(failed).status, "Error");
}

#[test]
fn pod_restarts_latest_finish() {
    let a = json!({"name": "a", "ready": true, "restartCount": 2, "state": {"running": {}},
        "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-06-01T09:00:00Z"}}});
    let b = json!({"name": "b", "ready": true, "restartCount": 3, "state": {"running": {}},
        "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-06-01T11:57:00Z"}}});
    let r = pod(simple_pod(
        "Running",
        vec![a, b],
        json!([{"type": "Ready", "status": "True"}]),
    ));
    assert_eq!(r.restarts, 5);
    assert_eq!(r.last_restart, Some(at("2025-06-01T11:57:00Z")));
    assert_eq!(restarts(r.restarts, r.last_restart, now()), "5 (3m ago)");
}

#[test]
fn pod_meta_owner_node_ip() {
    let r = pod(json!({
        "metadata": {
            "name": "web-1", "namespace": "prod", "uid": "u-1",
            "creationTimestamp": "2025-06-01T11:00:00Z",
            "labels": {"app": "web"},
            "ownerReferences": [
                {"apiVersion": "v1", "kind": "Other", "name": "x", "uid": "1"},
                {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-abc",
                 "uid": "2", "controller": true}
            ]
        },
        "spec": {"nodeName": "node-a", "containers": [{"name": "c"}]},
        "status": {"phase": "Running", "podIP": "10.0.0.9",
                   "podIPs": [{"ip": "10.0.0.9"}, {"ip": "fd00::9"}]}
    }));
    assert_eq!(r.meta.uid, "u-1");
    assert_eq!(r.meta.created, Some(at("2025-06-01T11:00:00Z")));
    assert_eq!(r.meta.labels.get("app"), Some("web"));
    assert_eq!(r.owner, Some(Owner::new("ReplicaSet", "web-abc")));
    assert_eq!(r.node, "node-a");
    assert_eq!(r.ip.shown(), "10.0.0.9");
    assert_eq!(age(r.meta.created, now()), "60m");
}

#[test]
fn pod_ip_falls_back_to_pod_ip_and_owner_requires_controller() {
    let r = pod(json!({
        "metadata": {"name": "p", "ownerReferences": [
            {"apiVersion": "v1", "kind": "Node", "name": "n", "uid": "1"}]},
        "spec": {"containers": []},
        "status": {"podIP": "10.1.1.1"}
    }));
    assert_eq!(r.ip.shown(), "10.1.1.1");
    assert_eq!(r.owner, None);
}

#[test]
fn pod_partial_objects_do_not_panic() {
    let r = pod(json!({}));
    assert_eq!(r.status, "");
    assert_eq!((r.ready, r.total, r.restarts), (0, 0, 0));
    assert!(r.unhealthy);
    assert_eq!(r.meta, Meta::default());

    let r = pod(json!({"metadata": {"name": "p"}, "status": {
        "initContainerStatuses": [{"name": "ghost", "restartCount": -3}],
        "containerStatuses": [{"name": "x", "ready": true, "restartCount": -1}]
    }}));
    assert_eq!(r.status, "Init:0/0");
    assert_eq!(r.restarts, 0);
}

#[test]
fn each_container_keeps_its_resources_readiness_restarts_and_last_termination() {
    let p = pod(json!({
        "metadata": {"name": "p", "namespace": "ns"},
        "spec": {
            "containers": [
                {"name": "app", "image": "img", "resources": {
                    "requests": {"cpu": "250m", "memory": "128Mi"},
                    "limits": {"memory": "256Mi"}}},
                {"name": "proxy", "image": "img"}
            ],
            "initContainers": [
                {"name": "setup", "image": "img"},
                {"name": "agent", "image": "img", "restartPolicy": "Always"}
            ]
        },
        "status": {
            "phase": "Running",
            "containerStatuses": [
                {"name": "proxy", "ready": false, "restartCount": 7,
                 "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                 "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                     "finishedAt": "2025-06-01T11:58:00Z"}}},
                {"name": "app", "ready": true, "restartCount": 3,
                 "state": {"running": {"startedAt": "2025-06-01T11:59:00Z"}},
                 "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled",
                     "finishedAt": "2025-06-01T11:57:00Z"}}}
            ],
            "initContainerStatuses": [
                {"name": "setup", "ready": false, "restartCount": 0,
                 "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                {"name": "agent", "ready": true, "restartCount": 0, "started": true,
                 "state": {"running": {}}}
            ]
        }
    }));
    assert_eq!(
        p.container_names().collect::<Vec<_>>(),
        ["app", "proxy", "setup", "agent"]
    );
    assert_eq!(p.containers.len(), 4);
    let app = &p.containers[0];
    assert_eq!(
        (app.ready, app.restarts, app.state.as_deref(), app.sidecar),
        (true, 3, None, false)
    );
    assert_eq!(app.resources.cpu_request_m, 250);
    assert_eq!(app.resources.cpu_limit_m, 0);
    assert_eq!(app.resources.mem_limit_kib, 256 * 1024);
    let last = app.last.as_deref().unwrap();
    assert_eq!((&*last.reason, last.exit_code), ("OOMKilled", 137));
    assert_eq!(last.finished, Some(at("2025-06-01T11:57:00Z")));
    let proxy = &p.containers[1];
    assert_eq!(
        (proxy.ready, proxy.restarts, proxy.state.as_deref()),
        (false, 7, Some("CrashLoopBackOff"))
    );
    assert_eq!(proxy.last.as_deref().map(|t| &*t.reason), Some("Error"));
    assert_eq!(p.containers[2].state.as_deref(), Some("Completed"));
    assert!(p.containers[3].sidecar && p.containers[3].ready);
}

#[test]
fn a_pod_ip_is_held_as_an_address_and_anything_else_as_sent() {
    use crate::kube::rows::PodIp;
    assert_eq!(PodIp::parse(""), PodIp::None);
    assert_eq!(PodIp::parse("").shown(), "<none>");
    assert!(matches!(PodIp::parse("10.0.0.9"), PodIp::Addr(_)));
    assert_eq!(PodIp::parse("fd00::1").shown(), "fd00::1");
    // Not an address: shown as the server sent it, not dropped.
    assert_eq!(PodIp::parse("10.0.0.x").shown(), "10.0.0.x");
    // IPv4 addresses sort by number: 10.0.0.9 before 10.0.0.10.
    let (a, b) = (PodIp::parse("10.0.0.9"), PodIp::parse("10.0.0.10"));
    assert!(a.v4() < b.v4());
    assert_eq!(PodIp::parse("fd00::1").v4(), None);
}

/// A cached pod is one heap block: at 216 bytes or less it takes glibc's
/// 224-byte chunk (over it, 240: 1 MB more at 60,000 pods).
#[test]
#[cfg(target_pointer_width = "64")]
fn a_pod_row_fits_its_allocation_class() {
    assert!(
        std::mem::size_of::<PodRow>() <= 216,
        "{}",
        std::mem::size_of::<PodRow>()
    );
    // Mounting no claim costs 8 bytes and no allocation.
    assert_eq!(std::mem::size_of::<crate::kube::rows::Claims>(), 8);
}

/// A one-container pod's containers take glibc's 64-byte chunk (at 64
/// bytes a container, 80: 1 MB more at 60,000 pods).
#[test]
#[cfg(target_pointer_width = "64")]
fn a_container_fits_in_56_bytes() {
    assert!(
        std::mem::size_of::<crate::kube::rows::ContainerInfo>() <= 56,
        "{}",
        std::mem::size_of::<crate::kube::rows::ContainerInfo>()
    );
}
