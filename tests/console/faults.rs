//! The fault matrix: each fault injected into a simulated cluster while
//! kdeck shows it, and three things checked: the screen says what is true
//! within a bound, nothing is lost (the row count equals kubectl's once the
//! fault ends; log lines have no gap and no repeat), and the status heals.
//! Each test has a cluster of its own, so they run in parallel.

use std::process::Command;

use kdeck_sim::SimConfig;
use kdeck_sim::cluster::ClusterRef;
use kdeck_sim::testing::{Shared, eventually, start};
use serde_json::json;

use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 10,
            pods: 30,
            namespaces: 2,
            seed: 11,
            log_rate: 5.0,
            ..SimConfig::default()
        })
    })
}

/// kdeck on one cluster, all namespaces, `view` first.
fn kdeck(cluster: &str, view: &str) -> Term {
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    Term::spawn(
        &[
            "--kubeconfig",
            &kc,
            "--context",
            cluster,
            "-A",
            "--view",
            view,
        ],
        &[],
    )
}

/// kubectl's count of `resource` in `cluster` (all namespaces); None when
/// kubectl could not ask (the caller polls again).
fn kubectl_count(cluster: &str, resource: &str) -> Option<usize> {
    let out = Command::new("kubectl")
        .env("KUBECONFIG", &sim().kubeconfig)
        .args(["--context", cluster, "get", resource, "-A", "--no-headers"])
        .output()
        .expect("kubectl runs");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).lines().count())
}

/// The row count in the header (`[N]`).
fn count(screen: &str) -> Option<usize> {
    let line = screen.lines().nth(1)?;
    let start = line.rfind('[')?;
    let end = line[start..].find(']')? + start;
    line[start + 1..end].parse().ok()
}

fn header(screen: &str) -> String {
    screen.lines().take(2).collect::<Vec<_>>().join("\n")
}

/// The cluster is shown healthy: `● name` with nothing after it, and no
/// problem about it on the second line.
fn healthy(screen: &str, cluster: &str) -> bool {
    let h = header(screen);
    let first = h.lines().next().unwrap_or("").trim_end();
    let second = h.lines().nth(1).unwrap_or("");
    let marked =
        first.contains(&format!("● {cluster}  ")) || first.ends_with(&format!("● {cluster}"));
    let problem = second.contains(&format!("{cluster}:"))
        || ["unreachable", "unauthorized", "reconnecting", "listing"]
            .iter()
            .any(|w| second.contains(&format!("{cluster} {w}")));
    marked && !problem
}

/// Once the fault is over, the table holds what the cluster holds.
fn nothing_lost(t: &Term, cluster: &str, resource: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let want = kubectl_count(cluster, resource);
        let screen = t.screen();
        if want.is_some() && count(&screen) == want {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{cluster}: kdeck shows {:?} {resource}, kubectl {want:?}; screen:\n{screen}",
            count(&screen)
        );
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
}

fn cluster(name: &str) -> ClusterRef {
    sim().cluster(name).clone()
}

/// A deployment created straight in the cluster's store (no API request:
/// it works while the API is down or failing).
fn deploy(c: &ClusterRef, name: &str, replicas: u32) {
    c.write(|st, o| {
        st.create(
            "deployments",
            json!({"metadata": {"name": name, "namespace": "default"},
                "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                    "template": {"metadata": {"labels": {"app": name}},
                        "spec": {"containers": [{"name": "app", "image": "nginx:1.27.2"}]}}}}),
            o,
        )
        .expect("created")
    });
}

fn listed(t: &Term) -> String {
    t.wait(60, "the table listed", |sc| {
        count(sc).is_some_and(|n| n > 5) && sc.lines().next().is_some_and(|l| l.contains('●'))
    })
}

#[test]
fn a_cluster_down_is_said_and_heals_without_loss() {
    let c = cluster("prod-eu");
    let t = kdeck("prod-eu", "pods");
    listed(&t);
    c.set_down(true);
    // While it is down, new connections are refused (an open one may first
    // be reset: that is said as such until a reconnect is refused).
    let sc = t.wait(30, "prod-eu reconnecting or unreachable", |sc| {
        let h = header(sc);
        (h.contains("◐ prod-eu reconnecting") || h.contains("✖ prod-eu unreachable"))
            && h.contains("Connection refused")
    });
    // Said once: the connection's problem, not the watch's as well.
    let second = header(&sc).lines().nth(1).unwrap_or("").to_string();
    assert_eq!(second.matches("Connection refused").count(), 1, "{second}");
    // Changes while it is down.
    deploy(&c, "while-down", 3);
    c.set_down(false);
    t.wait(30, "prod-eu healthy again", |sc| healthy(sc, "prod-eu"));
    nothing_lost(&t, "prod-eu", "pods");
}

fn burst(cluster_name: &str, code: u16, label: &str) {
    let c = cluster(cluster_name);
    let t = kdeck(cluster_name, "pods");
    listed(&t);
    // The open watch is cut and every request fails for a while.
    c.faults.fail_next(12, code);
    c.faults.cut_watches();
    let sc = t.wait(20, label, |sc| {
        header(sc).contains(&format!("◐ {cluster_name} {label}"))
    });
    assert!(
        header(&sc).contains("data as of"),
        "the data's age is said: {sc}"
    );
    deploy(&c, &format!("burst-{code}"), 2);
    t.wait(60, "healthy after the burst", |sc| {
        healthy(sc, cluster_name)
    });
    nothing_lost(&t, cluster_name, "pods");
}

#[test]
fn server_errors_500_are_said_and_clear() {
    burst("prod-us", 500, "server error (500)");
}

#[test]
fn server_errors_503_are_said_and_clear() {
    burst("qa", 503, "server error (503)");
}

#[test]
fn throttling_429_is_said_and_clears() {
    burst("staging", 429, "throttled (429)");
}

#[test]
fn a_revoked_token_is_said_and_heals_within_seconds() {
    let c = cluster("dev");
    let t = kdeck("dev", "pods");
    listed(&t);
    assert!(c.revoke_token("dev-admin"));
    c.faults.cut_watches();
    t.wait(30, "dev unauthorized", |sc| {
        header(sc).contains("✖ dev unauthorized")
    });
    deploy(&c, "while-revoked", 1);
    assert!(c.restore_token("dev-admin"));
    // The status follows the first successful request (checked every 2 s).
    t.wait(15, "dev healthy again", |sc| healthy(sc, "dev"));
    nothing_lost(&t, "dev", "pods");
}

#[test]
fn compacted_history_relists_without_loss() {
    let c = cluster("prod-ap");
    let t = kdeck("prod-ap", "pods");
    listed(&t);
    // Changes the watch misses, then history forgotten: resuming gets 410.
    c.set_down(true);
    deploy(&c, "during-gap", 4);
    c.compact();
    c.set_down(false);
    t.wait(60, "prod-ap healthy", |sc| healthy(sc, "prod-ap"));
    nothing_lost(&t, "prod-ap", "pods");
}

#[test]
fn latency_slows_but_loses_nothing() {
    let c = cluster("cluster-7");
    let t = kdeck("cluster-7", "pods");
    listed(&t);
    c.faults.set_latency_ms(1500);
    deploy(&c, "slow", 3);
    c.faults.cut_watches();
    nothing_lost(&t, "cluster-7", "pods");
    c.faults.set_latency_ms(0);
    t.wait(30, "healthy", |sc| healthy(sc, "cluster-7"));
}

#[test]
fn a_node_goes_not_ready_and_back() {
    let c = cluster("cluster-8");
    let mut t = kdeck("cluster-8", "nodes");
    let sc = t.wait(60, "nodes", |sc| {
        sc.contains("cluster-8-worker-") && count(sc).is_some_and(|n| n > 0)
    });
    let node = sc
        .lines()
        .filter(|l| l.contains(" Ready "))
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("cluster-8-worker-"))
        })
        .expect("a Ready worker")
        .to_string();
    c.set_node_ready(&node, false).expect("node exists");
    t.typ(&format!("/{node}"));
    t.wait(60, "the node NotReady", |sc| {
        sc.lines()
            .any(|l| l.contains(&node) && l.contains("NotReady"))
    });
    c.set_node_ready(&node, true).expect("node exists");
    t.wait(60, "the node Ready again", |sc| {
        sc.lines()
            .any(|l| l.contains(&node) && l.contains(" Ready") && !l.contains("NotReady"))
    });
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The cursor's row in the table title (` pods 3/40 `).
fn cursor(screen: &str) -> Option<usize> {
    let title = screen.lines().nth(2)?;
    let at = title.find("pods ")? + 5;
    let slash = title[at..].find('/')? + at;
    title[at..slash].parse().ok()
}

#[test]
fn churn_for_a_minute_keeps_keys_answered_and_memory_bounded() {
    let c = cluster("cluster-9");
    let mut t = kdeck("cluster-9", "pods");
    listed(&t);
    c.faults.set_churn(300);
    let start = std::time::Instant::now();
    let mut peak = 0;
    while start.elapsed() < std::time::Duration::from_secs(60) {
        let before = cursor(&t.screen()).unwrap_or(1);
        t.typ(if before > 20 { "g" } else { "j" });
        t.wait(10, "the key answered during churn", |sc| {
            cursor(sc).is_some_and(|c| c != before)
        });
        peak = peak.max(rss_kib(t.pid()));
    }
    c.faults.set_churn(0);
    // A small cluster under churn: memory stays far below this bound.
    assert!(peak < 200 * 1024, "RSS peaked at {peak} KiB");
    nothing_lost(&t, "cluster-9", "pods");
    t.wait(30, "healthy", |sc| healthy(sc, "cluster-9"));
}

/// The kubelet timestamps that lead lines of `text`, in order (lines
/// without one, such as stack trace continuations and kdeck's markers, are
/// skipped).
fn stamps(text: &str) -> Vec<chrono::DateTime<chrono::Utc>> {
    text.lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter_map(|w| chrono::DateTime::parse_from_rfc3339(w).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
        .collect()
}

#[test]
fn log_lines_have_no_gap_and_no_repeat_across_a_cluster_outage() {
    let c = cluster("cluster-10");
    let kubectl = |args: &[&str]| {
        let out = Command::new("kubectl")
            .env("KUBECONFIG", &sim().kubeconfig)
            .args(["--context", "cluster-10", "-n", "kube-system"])
            .args(args)
            .output()
            .expect("kubectl runs");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    // A running pod with one container.
    let pod = eventually(60, "a running single-container pod", || {
        let list = kubectl(&[
            "get",
            "pods",
            "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.status.phase} {range .spec.containers[*]}{.name},{end}{\"\\n\"}{end}",
        ]);
        list.lines().find_map(|l| {
            let mut w = l.split_whitespace();
            let (name, phase, containers) = (w.next()?, w.next()?, w.next()?);
            (phase == "Running" && containers.matches(',').count() == 1).then(|| name.to_string())
        })
    });
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    let mut t = Term::spawn(
        &[
            "--kubeconfig",
            &kc,
            "--context",
            "cluster-10",
            "-n",
            "kube-system",
        ],
        &[],
    );
    t.wait(60, "pods", |sc| sc.contains(&pod));
    t.typ(&format!("/{pod}"));
    t.enter();
    t.wait(10, "the pod alone", |sc| count(sc) == Some(1));
    t.typ("l");
    let lines = |sc: &str| -> Option<usize> {
        let l = sc.lines().nth(2)?;
        let at = l.find(" lines")?;
        l[..at].rsplit(' ').next()?.parse().ok()
    };
    let before =
        lines(&t.wait(30, "log lines", |sc| lines(sc).is_some_and(|n| n > 10))).unwrap_or(0);
    // The cluster goes away (the stream breaks) and comes back.
    c.set_down(true);
    std::thread::sleep(std::time::Duration::from_secs(3));
    c.set_down(false);
    t.wait(60, "lines flow again", |sc| {
        lines(sc).is_some_and(|n| n > before + 25)
    });
    t.send(b"\x13");
    t.wait(10, "buffer saved", |sc| sc.contains("lines to "));
    let dir = t.home().join("state/kdeck/saved-logs");
    let file = std::fs::read_dir(&dir)
        .expect("saved-logs exists")
        .filter_map(|e| e.ok())
        .next()
        .expect("one file")
        .path();
    let saved = stamps(&std::fs::read_to_string(file).expect("readable"));
    assert!(saved.len() > 25, "{} stamped lines", saved.len());
    assert!(
        saved.windows(2).all(|w| w[0] < w[1]),
        "kdeck's lines are in order with no repeat"
    );
    let (first, last) = (saved[0], saved[saved.len() - 1]);
    let since = first.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
    let truth: Vec<_> = stamps(&kubectl(&[
        "logs",
        &pod,
        "--timestamps",
        &format!("--since-time={since}"),
    ]))
    .into_iter()
    .filter(|t| *t >= first && *t <= last)
    .collect();
    assert_eq!(
        saved, truth,
        "the lines kdeck kept across the outage are exactly the pod's"
    );
}
