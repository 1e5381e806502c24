//! The metrics stories of every generated cluster (docs/metrics.md), as
//! real kubectl sees them: the CPU-hungry `transcoder` pods first in `top
//! pods`, the first worker's memory climbing in `top nodes`, a node under
//! disk pressure in `describe node`, the leaking `session-cache` pod
//! OOM-killed, the `shop` quota at 90 % or more and equal to its pods'
//! requests, and a cluster without metrics-server. Read-only: the shared sim.

use serde_json::Value;

use crate::common::{eventually, fails, ok};

/// `kubectl top pods -A --sort-by=cpu` rows: (namespace, name, millicores).
fn top_pods_by_cpu(ctx: &str) -> Vec<(String, String, i64)> {
    ok(ctx, &["top", "pods", "-A", "--sort-by=cpu", "--no-headers"])
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let cpu = f.get(2)?.strip_suffix('m')?.parse().ok()?;
            Some((f[0].to_string(), f[1].to_string(), cpu))
        })
        .collect()
}

#[test]
fn the_cpu_hungry_pods_come_first_in_top_pods() {
    for ctx in ["prod-eu", "prod-us"] {
        let rows = top_pods_by_cpu(ctx);
        assert!(rows.len() > 20, "{rows:?}");
        for (ns, name, cpu) in &rows[..3] {
            assert_eq!(ns, "shop", "{rows:?}");
            assert!(name.starts_with("transcoder-"), "{ctx}: {rows:?}");
            assert!(*cpu >= 2500, "{name}: {cpu}m");
        }
        // Well ahead of the rest.
        assert!(rows[2].2 * 4 > rows[3].2 * 5, "{:?}", &rows[..5]);
    }
}

/// `kubectl top node NAME`: (millicores, MiB, memory percent).
fn top_node(ctx: &str, node: &str) -> (i64, i64, i64) {
    let out = ok(ctx, &["top", "node", node, "--no-headers"]);
    let f: Vec<&str> = out.split_whitespace().collect();
    let num = |s: &str, suffix: &str| -> i64 {
        s.trim_end_matches(suffix)
            .parse()
            .unwrap_or_else(|_| panic!("{out}"))
    };
    (num(f[1], "m"), num(f[3], "Mi"), num(f[4], "%"))
}

#[test]
fn the_first_workers_memory_climbs_within_its_allocatable() {
    let node = "prod-eu-worker-01";
    let (_, first, pct) = top_node("prod-eu", node);
    assert!(pct < 96, "{pct}%");
    // It climbs by about a gibibyte a minute: higher a few seconds later.
    let (later, pct) = eventually(60, "the node's memory higher", || {
        let (_, mem, pct) = top_node("prod-eu", node);
        (mem >= first + 40).then_some((mem, pct))
    });
    assert!(
        later > first && pct <= 96,
        "{first}Mi -> {later}Mi ({pct}%)"
    );
}

#[test]
fn a_node_under_disk_pressure_as_kubectl_describes_it() {
    let pressed = ok(
        "prod-eu",
        &[
            "get",
            "nodes",
            "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type==\"DiskPressure\")].status}{\"\\n\"}{end}",
        ],
    );
    let nodes: Vec<&str> = pressed
        .lines()
        .filter(|l| l.ends_with(" True"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(nodes, ["prod-eu-worker-04"], "{pressed}");
    let node = nodes[0];
    let get = ok("prod-eu", &["get", "node", node, "--no-headers"]);
    assert_eq!(get.split_whitespace().nth(1), Some("Ready"), "{get}");
    let d = ok("prod-eu", &["describe", "node", node]);
    assert!(
        d.contains("Taints:             node.kubernetes.io/disk-pressure:NoSchedule"),
        "{d}"
    );
    let line = d
        .lines()
        .find(|l| l.trim_start().starts_with("DiskPressure"))
        .unwrap_or_else(|| panic!("{d}"));
    assert!(line.contains(" True "), "{line}");
    assert!(
        line.contains("KubeletHasDiskPressure") && line.contains("kubelet has disk pressure"),
        "{line}"
    );
    assert!(
        d.contains("NodeHasDiskPressure"),
        "the kubelet's event\n{d}"
    );
    // The scheduler keeps new pods off it.
    let out = ok(
        "prod-eu",
        &[
            "get",
            "node",
            node,
            "-o",
            "jsonpath={.spec.taints[?(@.key==\"node.kubernetes.io/disk-pressure\")].timeAdded}",
        ],
    );
    assert!(out.starts_with("20"), "timeAdded: {out}");
}

#[test]
fn the_leaking_pod_is_oom_killed_and_restarted() {
    let pods: Value = serde_json::from_str(&ok(
        "prod-eu",
        &[
            "get",
            "pods",
            "-n",
            "shop",
            "-l",
            "app=session-cache",
            "-o",
            "json",
        ],
    ))
    .unwrap();
    let pod = &pods["items"][0];
    let name = pod["metadata"]["name"].as_str().unwrap();
    let st = &pod["status"]["containerStatuses"][0];
    assert_eq!(st["lastState"]["terminated"]["reason"], "OOMKilled", "{st}");
    assert_eq!(st["lastState"]["terminated"]["exitCode"], 137, "{st}");
    assert!(st["restartCount"].as_i64().unwrap() > 0, "{st}");
    let d = ok("prod-eu", &["describe", "pod", "-n", "shop", name]);
    assert!(
        d.contains("Last State:     Terminated") && d.contains("Reason:       OOMKilled"),
        "{d}"
    );
    assert!(d.contains("Exit Code:    137"), "{d}");
    assert!(d.contains("memory:  256Mi"), "its limit\n{d}");
}

/// A memory quantity as kubectl prints it, in MiB.
fn mib(q: &str) -> f64 {
    let (n, unit) = q.split_at(q.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(q.len()));
    let n: f64 = n.parse().unwrap_or_else(|_| panic!("{q}"));
    match unit {
        "Ki" => n / 1024.0,
        "Mi" => n,
        "Gi" => n * 1024.0,
        "" => n / 1024.0 / 1024.0,
        _ => panic!("{q}"),
    }
}

#[test]
fn the_tenant_quota_is_under_pressure_and_follows_its_pods() {
    let d = ok("prod-eu", &["describe", "quota", "-n", "shop"]);
    let row = d
        .lines()
        .find(|l| l.starts_with("requests.memory"))
        .unwrap_or_else(|| panic!("{d}"));
    let f: Vec<&str> = row.split_whitespace().collect();
    let (used, hard) = (mib(f[1]), mib(f[2]));
    assert!(used >= hard * 0.9 && used < hard, "{row}");
    // What the quota says is used is what the namespace's pods request.
    let pods: Value =
        serde_json::from_str(&ok("prod-eu", &["get", "pods", "-n", "shop", "-o", "json"])).unwrap();
    let requested: f64 = pods["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !matches!(p["status"]["phase"].as_str(), Some("Succeeded" | "Failed")))
        .flat_map(|p| p["spec"]["containers"].as_array().unwrap().clone())
        .filter_map(|c| c["resources"]["requests"]["memory"].as_str().map(mib))
        .sum();
    assert!((requested - used).abs() < 1.0, "{requested}Mi vs {row}");
}

#[test]
fn a_cluster_without_metrics_server_has_no_top() {
    for what in ["nodes", "pods"] {
        let err = fails(
            "staging",
            &["top", what, "-A"][..if what == "pods" { 3 } else { 2 }],
        );
        assert!(err.contains("Metrics API not available"), "{err}");
    }
}
