use super::*;
use std::sync::Arc;

fn node(name: &str, ready: bool) -> Obj {
    Arc::new(json!({"metadata": {"name": name}, "spec": {},
        "status": {"allocatable": {"cpu": "8"}, "conditions": [{"type": "Ready", "status": if ready {"True"} else {"Unknown"}}],
                   "addresses": [{"type": "InternalIP", "address": "10.0.0.5"}]}}))
}

fn pod(behavior: Option<&str>, image: &str, init: bool) -> Value {
    let mut p = json!({"metadata": {"name": "web-1", "namespace": "shop", "uid": "u-1", "annotations": {}},
        "spec": {"containers": [{"name": "app", "image": image, "resources": {"requests": {"cpu": "100m"}}}]},
        "status": {"phase": "Pending"}});
    if let Some(b) = behavior {
        p["metadata"]["annotations"][BEHAVIOR] = json!(b);
    }
    if init {
        p["spec"]["initContainers"] = json!([{"name": "migrate", "image": "busybox:1.36"}]);
    }
    p
}

/// Step until steady or `max` steps; returns the pod and all events.
fn run(mut p: Value, nodes: &[Obj], max: usize) -> (Value, Vec<Ev>) {
    let nodes = node_infos(nodes.iter());
    let nodes = nodes.as_slice();
    let mut evs = Vec::new();
    let mut now = Utc::now();
    for _ in 0..max {
        match advance(&p, nodes, now) {
            Some(s) => {
                p = s.pod;
                evs.extend(s.events);
                match s.next {
                    Some(d) => now += d,
                    None => break,
                }
            }
            None => break,
        }
    }
    (p, evs)
}

#[test]
fn healthy_pod_gets_scheduled_and_runs() {
    let nodes = vec![node("n1", true), node("n2", false)];
    let (p, evs) = run(pod(None, "nginx:1.27", false), &nodes, 10);
    assert_eq!(p["spec"]["nodeName"], "n1");
    assert_eq!(p["status"]["phase"], "Running");
    assert_eq!(p["status"]["containerStatuses"][0]["ready"], true);
    assert!(p["status"]["containerStatuses"][0]["state"]["running"]["startedAt"].is_string());
    let reasons: Vec<&str> = evs.iter().map(|e| e.reason).collect();
    assert_eq!(
        reasons,
        ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    );
    assert!(!needs_attention(&p));
}

#[test]
fn init_containers_complete_first() {
    let nodes = vec![node("n1", true)];
    let (p, _) = run(pod(None, "nginx:1.27", true), &nodes, 10);
    assert_eq!(
        p["status"]["initContainerStatuses"][0]["state"]["terminated"]["reason"],
        "Completed"
    );
    assert_eq!(p["status"]["phase"], "Running");
}

#[test]
fn crash_loop_restarts_and_backs_off() {
    let nodes = vec![node("n1", true)];
    let (p, evs) = run(
        pod(Some("crashloop"), "ghcr.io/acme/app:1", false),
        &nodes,
        9,
    );
    let s = &p["status"]["containerStatuses"][0];
    assert!(s["restartCount"].as_i64().unwrap() >= 2, "{s}");
    assert!(evs.iter().any(|e| e.reason == "BackOff" && e.warning));
    assert!(needs_attention(&p));
}

#[test]
fn oom_kill_leaves_last_state() {
    let nodes = vec![node("n1", true)];
    let (p, _) = run(pod(Some("oom"), "ghcr.io/acme/app:1", false), &nodes, 4);
    let s = &p["status"]["containerStatuses"][0];
    assert_eq!(s["lastState"]["terminated"]["reason"], "OOMKilled");
    assert_eq!(s["lastState"]["terminated"]["exitCode"], 137);
    assert_eq!(s["state"]["waiting"]["reason"], "CrashLoopBackOff");
}

#[test]
fn unpullable_image_backs_off() {
    let nodes = vec![node("n1", true)];
    let (p, evs) = run(pod(None, "registry.invalid/shop/web:2", false), &nodes, 4);
    assert_eq!(
        p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
        "ImagePullBackOff"
    );
    assert!(evs.iter().any(|e| e.message.contains("no such host")));
    assert_eq!(p["status"]["phase"], "Pending");
}

#[test]
fn unschedulable_pod_explains_why() {
    let nodes = [node("n1", true)];
    let mut p = pod(None, "nginx:1", false);
    p["spec"]["containers"][0]["resources"]["requests"]["cpu"] = json!("64");
    let step = advance(&p, &node_infos(nodes.iter()), Utc::now()).unwrap();
    assert!(step.pod["spec"]["nodeName"].is_null());
    assert_eq!(step.events[0].reason, "FailedScheduling");
    assert!(
        step.events[0].message.contains("1 Insufficient cpu"),
        "{}",
        step.events[0].message
    );
}

#[test]
fn a_node_selector_no_node_matches_keeps_the_pod_pending() {
    let mut labelled = (*node("n2", true)).clone();
    labelled["metadata"]["labels"] = json!({"disk": "ssd"});
    let nodes = [node("n1", true), Arc::new(labelled)];
    let mut p = pod(None, "nginx:1", false);
    p["spec"]["nodeSelector"] = json!({"disk": "nvme"});
    let step = advance(&p, &node_infos(nodes.iter()), Utc::now()).unwrap();
    assert!(step.pod["spec"]["nodeName"].is_null());
    // As a real scheduler says it.
    assert!(
        step.events[0].message.starts_with(
            "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."
        ),
        "{}",
        step.events[0].message
    );
    // A matching node takes it.
    p["spec"]["nodeSelector"] = json!({"disk": "ssd"});
    let step = advance(&p, &node_infos(nodes.iter()), Utc::now()).unwrap();
    assert_eq!(step.pod["spec"]["nodeName"], "n2");
}

#[test]
fn job_pods_complete_or_fail() {
    let nodes = vec![node("n1", true)];
    let (p, _) = run(pod(Some("complete"), "busybox:1.36", false), &nodes, 10);
    assert_eq!(p["status"]["phase"], "Succeeded");
    let (p, _) = run(pod(Some("fail"), "busybox:1.36", false), &nodes, 10);
    assert_eq!(p["status"]["phase"], "Failed");
    assert_eq!(
        p["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"],
        1
    );
}
