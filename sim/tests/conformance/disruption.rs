//! Evictions and disruption budgets: the eviction subresource with the
//! real 429, dry runs, and `kubectl drain` blocking on a budget until it
//! allows, then finishing; cordon and uncordon.

use serde_json::json;

use crate::common::{eventually, fails_on, kubectl_on, names, ok_on, ops, serve};

const CTX: &str = "prod-eu";
const NS: &str = "ops-evict";

fn ok(args: &[&str]) -> String {
    ok_on(ops(), CTX, args)
}

fn pdb_row(name: &str) -> Vec<String> {
    let out = ok(&["get", "pdb", name, "-n", NS, "--no-headers"]);
    out.split_whitespace().map(str::to_string).collect()
}

fn eviction(pod: &str, dry_run: bool) -> String {
    let mut e = json!({"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": pod, "namespace": NS}});
    if dry_run {
        e["deleteOptions"] = json!({"dryRun": ["All"]});
    }
    e.to_string()
}

fn evict(pod: &str, dry_run: bool) -> (u16, http::HeaderMap, serde_json::Value) {
    serve(
        ops(),
        CTX,
        "prod-eu-admin",
        (
            "POST",
            &format!("/api/v1/namespaces/{NS}/pods/{pod}/eviction"),
        ),
        &eviction(pod, dry_run),
    )
}

#[test]
fn evictions_honour_the_disruption_budget() {
    let s = ops();
    if !kubectl_on(s, CTX, &["get", "ns", NS]).status.success() {
        ok(&["create", "ns", NS]);
    }
    ok(&[
        "create",
        "deployment",
        "guarded",
        "-n",
        NS,
        "--image=nginx:1.27.2",
        "--replicas=2",
    ]);
    ok(&[
        "rollout",
        "status",
        "deploy/guarded",
        "-n",
        NS,
        "--timeout=60s",
    ]);
    ok(&[
        "create",
        "pdb",
        "guarded",
        "-n",
        NS,
        "--selector=app=guarded",
        "--min-available=2",
    ]);
    let table = ok(&["get", "pdb", "-n", NS]);
    let header: Vec<&str> = table.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "NAME",
            "MIN",
            "AVAILABLE",
            "MAX",
            "UNAVAILABLE",
            "ALLOWED",
            "DISRUPTIONS",
            "AGE"
        ]
    );
    eventually(20, "the budget's status", || {
        (pdb_row("guarded")[1..4] == ["2", "N/A", "0"]).then_some(())
    });
    let pods = names(&ok(&["get", "pods", "-n", NS, "-l", "app=guarded"]));
    let pod = &pods[0];

    // Blocked: the API server's 429, with no Retry-After (kubectl drain
    // sees it and retries every 5 s itself).
    let (code, headers, body) = evict(pod, false);
    assert_eq!(code, 429);
    assert!(headers.get("retry-after").is_none(), "{headers:?}");
    assert_eq!(
        body,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": "Cannot evict pod as it would violate the pod's disruption budget.",
            "reason": "TooManyRequests",
            "details": {"causes": [{"reason": "DisruptionBudget",
                "message": "The disruption budget guarded needs 2 healthy pods and has 2 currently"}]},
            "code": 429})
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("eviction.json");
    std::fs::write(&file, eviction(pod, false)).unwrap();
    let path = format!("/api/v1/namespaces/{NS}/pods/{pod}/eviction");
    let err = fails_on(
        s,
        CTX,
        &["create", "--raw", &path, "-f", file.to_str().unwrap()],
    );
    assert!(
        err.contains("Cannot evict pod as it would violate the pod's disruption budget."),
        "{err}"
    );
    let err = fails_on(
        s,
        "prod-eu-viewer",
        &["create", "--raw", &path, "-f", file.to_str().unwrap()],
    );
    assert!(
        err.contains(&format!("pods \"{pod}\" is forbidden: User \"prod-eu-viewer\" cannot create resource \"pods/eviction\" in API group \"\" in the namespace \"{NS}\"")),
        "{err}"
    );

    // One more replica: one disruption allowed. A dry run spends nothing.
    ok(&["scale", "deploy/guarded", "-n", NS, "--replicas=3"]);
    eventually(30, "one disruption allowed", || {
        (pdb_row("guarded")[3] == "1").then_some(())
    });
    let seq = s.cluster(CTX).log.next_seq();
    let (code, _, body) = evict(pod, true);
    assert_eq!((code, &body["status"]), (201, &json!("Success")), "{body}");
    let still = ok(&[
        "get",
        "pod",
        pod,
        "-n",
        NS,
        "-o",
        "jsonpath={.metadata.deletionTimestamp}",
    ]);
    assert_eq!(still, "", "a dry run deletes nothing");
    assert_eq!(pdb_row("guarded")[3], "1");

    // The real one: the budget is spent and the pod goes gracefully.
    let out = ok(&["create", "--raw", &path, "-f", file.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "Success", "{out}");
    let log = s.cluster(CTX).requests(seq);
    let evictions: Vec<(bool, u16)> = log
        .iter()
        .filter(|r| r.subresource == "eviction")
        .map(|r| {
            assert!(
                r.mutating && r.verb == "create" && r.resource == "pods",
                "{r:?}"
            );
            (r.dry_run, r.status)
        })
        .collect();
    assert_eq!(evictions, [(true, 201), (false, 201)]);
    eventually(30, "the evicted pod gone and replaced", || {
        let now = names(&ok(&["get", "pods", "-n", NS, "-l", "app=guarded"]));
        (!now.contains(pod) && now.len() == 3).then_some(())
    });
    eventually(30, "the budget healthy again", || {
        (pdb_row("guarded")[3] == "1").then_some(())
    });
}

#[test]
fn discovery_serves_the_operations_kinds() {
    let out = ok(&["api-resources", "--no-headers"]);
    for (name, rest) in [
        ("controllerrevisions", "apps/v1"),
        ("horizontalpodautoscalers", "hpa"),
        ("poddisruptionbudgets", "pdb"),
    ] {
        let line = out
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} missing from {out}"));
        assert!(line.contains(rest), "{line}");
    }
    let v1: serde_json::Value = serde_json::from_str(&ok(&["get", "--raw", "/api/v1"])).unwrap();
    let ev = v1["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "pods/eviction")
        .unwrap();
    assert_eq!(
        (&ev["group"], &ev["version"], &ev["kind"]),
        (&json!("policy"), &json!("v1"), &json!("Eviction"))
    );
}

#[test]
fn drain_waits_for_a_disruption_budget_then_finishes() {
    let s = ops();
    let ctx = "prod-us";
    let run = |args: &[&str]| ok_on(s, ctx, args);
    // The generated shop/postgres budget allows no disruption; drain a
    // Ready node that runs one of its pods.
    let placed = run(&[
        "get",
        "pods",
        "-n",
        "shop",
        "-l",
        "app=postgres",
        "-o",
        "jsonpath={range .items[*]}{.metadata.name}={.spec.nodeName} {end}",
    ]);
    let ready_nodes: String = run(&["get", "nodes", "--no-headers"])
        .lines()
        .filter(|l| l.split_whitespace().nth(1) == Some("Ready"))
        .filter_map(|l| l.split_whitespace().next())
        .collect::<Vec<_>>()
        .join(" ");
    let (pod, node) = placed
        .split_whitespace()
        .filter_map(|p| p.split_once('='))
        .find(|(_, n)| ready_nodes.split_whitespace().any(|r| r == *n))
        .unwrap_or_else(|| panic!("a postgres pod on a Ready node: {placed} / {ready_nodes}"));
    let (pod, node) = (pod.to_string(), node.to_string());
    let budget = run(&["get", "pdb", "postgres", "-n", "shop", "--no-headers"]);
    assert_eq!(
        budget.split_whitespace().collect::<Vec<_>>()[1..4],
        ["N/A", "0", "0"]
    );

    let kubeconfig = s.kubeconfig.clone();
    let drain_node = node.clone();
    let drain = std::thread::spawn(move || {
        std::process::Command::new("kubectl")
            .env("KUBECONFIG", kubeconfig)
            .args([
                "--context",
                "prod-us",
                "drain",
                &drain_node,
                "--ignore-daemonsets",
                "--delete-emptydir-data",
                "--timeout=120s",
            ])
            .output()
            .expect("kubectl drain runs")
    });
    // It cordons the node and keeps asking for postgres' eviction.
    let c = s.cluster(ctx);
    eventually(60, "a refused eviction of the postgres pod", || {
        c.requests(0)
            .iter()
            .any(|r| r.subresource == "eviction" && r.name == pod && r.status == 429)
            .then_some(())
    });
    let spec = run(&[
        "get",
        "node",
        &node,
        "-o",
        "jsonpath={.spec.unschedulable} {.spec.taints[*].key}",
    ]);
    assert!(
        spec.starts_with("true") && spec.contains("node.kubernetes.io/unschedulable"),
        "{spec}"
    );
    assert!(!drain.is_finished(), "drain waits for the budget");

    // The budget is relaxed: the next try goes through and drain finishes.
    run(&[
        "patch",
        "pdb",
        "postgres",
        "-n",
        "shop",
        "--type=merge",
        "-p",
        r#"{"spec":{"maxUnavailable":1}}"#,
    ]);
    let out = drain.join().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!("error when evicting pods/\"{pod}\" -n \"shop\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.")),
        "{stderr}"
    );
    assert!(
        stdout.contains(&format!("node/{node} cordoned")),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("pod/{pod} evicted")), "{stdout}");
    assert!(stdout.contains(&format!("node/{node} drained")), "{stdout}");
    let left = run(&[
        "get",
        "pods",
        "-A",
        "--field-selector",
        &format!("spec.nodeName={node}"),
        "-o",
        "jsonpath={.items[*].metadata.ownerReferences[0].kind}",
    ]);
    assert!(left.split_whitespace().all(|k| k == "DaemonSet"), "{left}");

    let out = run(&["uncordon", &node]);
    assert_eq!(out.trim(), format!("node/{node} uncordoned"));
    eventually(20, "the unschedulable taint gone", || {
        let spec = run(&[
            "get",
            "node",
            &node,
            "-o",
            "jsonpath={.spec.unschedulable}{.spec.taints}",
        ]);
        spec.is_empty().then_some(())
    });
    // Nothing else was changed in earnest: a server dry run of a cordon.
    let out = run(&["cordon", &node, "--dry-run=server"]);
    assert_eq!(out.trim(), format!("node/{node} cordoned (server dry run)"));
    assert_eq!(
        run(&["get", "node", &node, "-o", "jsonpath={.spec.unschedulable}"]),
        ""
    );
}
