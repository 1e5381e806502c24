//! Fault injection through the control API and the in-process handle, seen
//! by real kubectl. These use their own sim and run one at a time.

use std::sync::Mutex;

use crate::common::{control, eventually, faulty, kubectl_on};

static SERIAL: Mutex<()> = Mutex::new(());

fn run(ctx: &str, args: &[&str]) -> (bool, String) {
    let out = kubectl_on(faulty(), ctx, args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn down_and_up_through_the_control_api() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let s = faulty();
    let c = s.cluster("prod-eu");
    let token = c.admin_token();
    let (code, body) = control(s, "POST", "/kdeck-sim/v1/clusters/prod-eu/down", &token);
    assert_eq!(code, 200, "{body}");
    let (ok, text) = run("prod-eu", &["get", "ns", "--request-timeout=3s"]);
    assert!(!ok);
    assert!(
        text.contains("connection refused") || text.contains("connect"),
        "{text}"
    );
    // The other cluster keeps working.
    assert!(run("prod-us", &["get", "ns"]).0);
    let (code, _) = control(s, "POST", "/kdeck-sim/v1/clusters/prod-eu/up", &token);
    assert_eq!(code, 200);
    eventually(10, "prod-eu back up", || {
        run("prod-eu", &["get", "ns"]).0.then_some(())
    });
    // Control needs the admin token.
    let (code, _) = control(s, "POST", "/kdeck-sim/v1/clusters/prod-eu/down", "wrong");
    assert_eq!(code, 401);
    let (code, body) = control(s, "POST", "/kdeck-sim/v1/clusters/nope/down", &token);
    assert_eq!(code, 404, "{body}");
}

#[test]
fn injected_errors_latency_and_revoked_tokens() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let s = faulty();
    let c = s.cluster("prod-us");
    c.fail_next(1, 500);
    let (ok, text) = run("prod-us", &["get", "--raw", "/api/v1/namespaces"]);
    assert!(!ok && text.contains("injected failure"), "{text}");
    assert!(run("prod-us", &["get", "--raw", "/api/v1/namespaces"]).0);

    let token = c.admin_token();
    let (code, _) = control(
        s,
        "POST",
        "/kdeck-sim/v1/clusters/prod-us/latency?ms=400",
        &token,
    );
    assert_eq!(code, 200);
    let t = std::time::Instant::now();
    assert!(run("prod-us", &["get", "--raw", "/version"]).0);
    assert!(t.elapsed() >= std::time::Duration::from_millis(400));
    c.set_latency_ms(0);

    assert!(c.revoke_token("prod-us-viewer"));
    let (ok, text) = run("prod-us-viewer", &["get", "pods"]);
    assert!(!ok && text.contains("Unauthorized"), "{text}");
    assert!(run("prod-us", &["get", "pods"]).0, "admin unaffected");
    c.restore_token("prod-us-viewer");
    assert!(run("prod-us-viewer", &["get", "pods"]).0);
}

#[test]
fn node_not_ready_and_back() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let s = faulty();
    let token = s.cluster("prod-us").admin_token();
    let node = "prod-us-worker-01";
    let (code, body) = control(
        s,
        "POST",
        &format!("/kdeck-sim/v1/clusters/prod-us/node-ready?node={node}&ready=false"),
        &token,
    );
    assert_eq!(code, 200, "{body}");
    let (_, nodes) = run("prod-us", &["get", "node", node, "--no-headers"]);
    assert!(nodes.contains("NotReady"), "{nodes}");
    s.cluster("prod-us").set_node_ready(node, true).unwrap();
    let (_, nodes) = run("prod-us", &["get", "node", node, "--no-headers"]);
    assert!(nodes.split_whitespace().nth(1) == Some("Ready"), "{nodes}");
}

#[test]
fn compaction_makes_old_watches_expire_and_cuts_end_streams() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let s = faulty();
    let c = s.cluster("prod-eu");
    let rv = c.store.lock().resource_version();
    c.compact();
    // Resuming from the current version still works; older is 410.
    let (_, fresh) = run(
        "prod-eu",
        &[
            "get",
            "--raw",
            &format!("/api/v1/pods?watch=1&resourceVersion={rv}&timeoutSeconds=1"),
        ],
    );
    assert!(!fresh.contains("\"ERROR\""), "{fresh}");
    let (_, old) = run(
        "prod-eu",
        &[
            "get",
            "--raw",
            &format!(
                "/api/v1/pods?watch=1&resourceVersion={}&timeoutSeconds=1",
                rv - 1
            ),
        ],
    );
    assert!(old.contains("\"code\":410"), "{old}");
    // A long watch ends as soon as watches are cut.
    let seq = c.log.next_seq();
    let start = std::time::Instant::now();
    let handle = std::thread::spawn(|| {
        run(
            "prod-eu",
            &[
                "get",
                "--raw",
                "/api/v1/pods?watch=1&timeoutSeconds=60&resourceVersion=0",
            ],
        )
    });
    // The watch is open once the sim has answered it.
    eventually(20, "the watch to be open", || {
        c.requests(seq)
            .iter()
            .any(|r| r.verb == "watch" && r.status == 200)
            .then_some(())
    });
    let (code, _) = control(
        s,
        "POST",
        "/kdeck-sim/v1/clusters/prod-eu/cut-watches",
        &c.admin_token(),
    );
    assert_eq!(code, 200);
    let (_, out) = handle.join().unwrap();
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
    assert!(
        out.contains("\"ADDED\""),
        "initial events arrived before the cut"
    );
}

#[test]
fn churn_changes_pods_and_the_request_log_records_everything() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let s = faulty();
    let c = s.cluster("prod-us");
    let before = c.store.lock().resource_version();
    let token = c.admin_token();
    let (code, _) = control(
        s,
        "POST",
        "/kdeck-sim/v1/clusters/prod-us/churn?per_sec=50",
        &token,
    );
    assert_eq!(code, 200);
    eventually(15, "churn to change pods", || {
        (c.store.lock().resource_version() > before + 30).then_some(())
    });
    c.set_churn(0);
    let seq = c.log.next_seq();
    assert!(run("prod-us-viewer", &["get", "pods", "-n", "kube-system"]).0);
    let (code, body) = control(
        s,
        "GET",
        &format!("/kdeck-sim/v1/clusters/prod-us/requests?since={seq}"),
        &token,
    );
    assert_eq!(code, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let reqs = v["requests"].as_array().unwrap();
    assert!(
        reqs.iter().any(|r| r["user"] == "prod-us-viewer"
            && r["verb"] == "list"
            && r["path"]
                .as_str()
                .unwrap()
                .starts_with("/api/v1/namespaces/kube-system/pods")),
        "{body}"
    );
    assert!(reqs.iter().all(|r| r["verb"] != "patch"));
}
