//! Metrics end to end: the pods view's CPU and MEM agree with `kubectl top`
//! at a frozen moment; a cluster without metrics-server says so once and
//! shows `n/a` while the others show numbers; pod metrics are asked only
//! for the namespaces on screen, node metrics no oftener than the interval;
//! the node panel's history grows and has a gap while its cluster is down;
//! `:top pods` puts the sim's CPU-hungry pods of three clusters first.

use std::collections::HashMap;
use std::process::Command;
use std::time::Duration;

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, eventually, start};

use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            // prod-eu, prod-us, staging (without metrics), dev, prod-ap, qa.
            clusters: 6,
            pods: 40,
            namespaces: 2,
            seed: 23,
            without_metrics: vec!["staging".into()],
            ..SimConfig::default()
        })
    })
}

/// kdeck with a config polling metrics every `interval_ms`.
fn kdeck(interval_ms: u64, args: &[&str]) -> (Term, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("[metrics]\ninterval_ms = {interval_ms}\n")).unwrap();
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    let cfg = config.to_string_lossy().to_string();
    let mut all = vec!["--kubeconfig", kc.as_str(), "--config", cfg.as_str()];
    all.extend_from_slice(args);
    (Term::spawn(&all, &[]), dir)
}

/// `kubectl top pods -A` in `cluster`: (namespace, name) → (cpu, memory)
/// as printed (`12m`, `34Mi`).
fn kubectl_top_pods(cluster: &str) -> Option<HashMap<(String, String), (String, String)>> {
    let out = Command::new("kubectl")
        .env("KUBECONFIG", &sim().kubeconfig)
        .args(["--context", cluster, "top", "pods", "-A", "--no-headers"])
        .output()
        .expect("kubectl runs");
    if !out.status.success() {
        return None;
    }
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                (f.len() >= 4).then(|| {
                    (
                        (f[0].to_string(), f[1].to_string()),
                        (f[2].to_string(), f[3].to_string()),
                    )
                })
            })
            .collect(),
    )
}

/// The table's rows as cells split on whitespace, keyed by the header's
/// titles (the columns of these tests hold no spaces).
fn table(screen: &str) -> Vec<HashMap<String, String>> {
    let mut lines = screen.lines().skip_while(|l| !l.contains("NAME"));
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let titles: Vec<String> = header
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_ascii_graphic() || c == '↑' || c == '↓'))
        .map(|t| t.trim_end_matches(['↑', '↓', '▲', '▼']).to_string())
        .collect();
    lines
        .map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|cells| cells.len() == titles.len())
        .map(|cells| titles.iter().cloned().zip(cells).collect())
        .collect()
}

/// Mebibytes of a memory cell (`34Mi`, `1.2Gi`, `512Ki`).
pub(crate) fn mib(s: &str) -> Option<f64> {
    let (n, unit) = s.split_at(s.find(|c: char| c.is_ascii_alphabetic())?);
    let n: f64 = n.parse().ok()?;
    Some(match unit {
        "Ki" => n / 1024.0,
        "Mi" => n,
        "Gi" => n * 1024.0,
        _ => return None,
    })
}

#[test]
fn pods_cpu_and_mem_agree_with_kubectl_top_at_a_frozen_moment() {
    let c = sim().cluster("prod-us");
    c.set_frozen(true);
    let top = eventually(30, "kubectl top pods", || kubectl_top_pods("prod-us"));
    assert!(top.len() > 10, "{top:?}");
    let (mut t, _dir) = kdeck(500, &["--context", "prod-us", "-A"]);
    let screen = t.wait(30, "CPU and MEM of the pods", |sc| {
        table(sc)
            .iter()
            .filter(|r| r.get("CPU").is_some_and(|c| c.ends_with('m')))
            .count()
            >= 10
    });
    let mut compared = 0;
    for row in table(&screen) {
        let (Some(ns), Some(name), Some(cpu), Some(mem)) = (
            row.get("NAMESPACE"),
            row.get("NAME"),
            row.get("CPU"),
            row.get("MEM"),
        ) else {
            continue;
        };
        if name.contains('…') || !cpu.ends_with('m') {
            continue;
        }
        let Some((k_cpu, k_mem)) = top.get(&(ns.clone(), name.clone())) else {
            continue;
        };
        assert_eq!(cpu, k_cpu, "CPU of {ns}/{name}\n{screen}");
        let (ours, theirs) = (mib(mem).unwrap(), mib(k_mem).unwrap());
        // kubectl prints whole Mi; kdeck prints Gi with one decimal.
        let slack = if mem.ends_with("Gi") { 52.0 } else { 0.0 };
        assert!(
            (ours - theirs).abs() <= slack,
            "MEM of {ns}/{name}: {mem} vs {k_mem}\n{screen}"
        );
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} rows compared\n{screen}");
    c.set_frozen(false);
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}

#[test]
fn a_cluster_without_metrics_says_so_and_shows_na_while_others_show_numbers() {
    let (mut t, _dir) = kdeck(500, &["--context", "prod-eu", "--context", "staging", "-A"]);
    t.wait(30, "pods listed", |sc| sc.contains("coredns-"));
    // Both clusters' coredns pods on one screen.
    t.typ("/coredns");
    t.enter();
    let screen = t.wait(30, "numbers for prod-eu and n/a for staging", |sc| {
        let rows = table(sc);
        let of = |c: &str| {
            rows.iter()
                .filter(|r| r.get("CLUSTER").map(String::as_str) == Some(c))
                .filter_map(|r| r.get("CPU").cloned())
                .collect::<Vec<_>>()
        };
        let (eu, st) = (of("prod-eu"), of("staging"));
        sc.contains("metrics.k8s.io not served on staging: metrics-server is not installed")
            && eu.iter().any(|c| c.ends_with('m'))
            && !st.is_empty()
            && st.iter().all(|c| c == "n/a")
    });
    assert!(!screen.contains("not served on prod-eu"), "{screen}");
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}

#[test]
fn pod_metrics_are_asked_for_what_is_on_screen_and_node_metrics_each_interval() {
    // A cluster of its own: the request log is this test's alone.
    let c = sim().cluster("dev");
    let top = eventually(30, "kubectl top pods", || kubectl_top_pods("dev"));
    let ns = top.keys().map(|(ns, _)| ns.clone()).min().unwrap();
    let from = c.requests(0).last().map_or(0, |r| r.seq + 1);
    let interval = Duration::from_millis(700);
    let (mut t, _dir) = kdeck(700, &["--context", "dev", "-n", &ns]);
    t.wait(30, "CPU of the pods", |sc| {
        table(sc)
            .iter()
            .any(|r| r.get("CPU").is_some_and(|c| c.ends_with('m')))
    });
    let metrics = |since: u64| -> Vec<kdeck_sim::request_log::RequestRecord> {
        c.requests(since)
            .into_iter()
            .filter(|r| r.path.starts_with("/apis/metrics.k8s.io/"))
            .collect()
    };
    // A few node polls.
    eventually(30, "four node-metric polls", || {
        (metrics(from)
            .iter()
            .filter(|r| r.path.starts_with("/apis/metrics.k8s.io/v1beta1/nodes"))
            .count()
            >= 4)
            .then_some(())
    });
    // Pods: only the namespace on screen.
    let pod_paths: Vec<String> = metrics(from)
        .into_iter()
        .filter(|r| r.path.contains("/pods"))
        .map(|r| r.path)
        .collect();
    assert!(!pod_paths.is_empty());
    for p in &pod_paths {
        assert!(
            p.starts_with(&format!(
                "/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods"
            )),
            "pod metrics asked beyond the screen: {p}"
        );
    }
    // Nodes: never oftener than the interval (a tenth of slack for the
    // request's own trip).
    let times: Vec<_> = metrics(from)
        .into_iter()
        .filter(|r| r.path.starts_with("/apis/metrics.k8s.io/v1beta1/nodes"))
        .map(|r| r.time)
        .collect();
    for w in times.windows(2) {
        let gap = (w[1] - w[0]).to_std().unwrap();
        assert!(gap >= interval * 9 / 10, "node polls {gap:?} apart");
    }
    // Off the pods view: no more pod-metric requests.
    t.typ(":nodes");
    t.enter();
    t.wait(10, "the nodes view", |sc| sc.contains("%CPU"));
    let off = c.requests(0).last().map_or(0, |r| r.seq + 1);
    eventually(30, "two more node-metric polls", || {
        (metrics(off)
            .iter()
            .filter(|r| r.path.starts_with("/apis/metrics.k8s.io/v1beta1/nodes"))
            .count()
            >= 2)
            .then_some(())
    });
    let late: Vec<String> = metrics(off)
        .into_iter()
        .filter(|r| r.path.contains("/pods"))
        .map(|r| r.path)
        .collect();
    assert!(late.is_empty(), "pod metrics polled off screen: {late:?}");
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}

/// The cells of the sparkline on the line labelled `label` (bars and gaps).
fn spark_cells(screen: &str, label: &str) -> Option<(usize, bool)> {
    let line = screen.lines().find(|l| l.contains(label))?;
    let after = &line[line.find(label)? + label.len()..];
    let cells = after.chars().filter(|c| "▁▂▃▄▅▆▇█·".contains(*c)).count();
    Some((cells, after.contains('·')))
}

#[test]
fn the_node_panel_history_grows_and_shows_a_gap_while_the_cluster_is_down() {
    // A cluster of its own: it is taken down.
    let c = sim().cluster("prod-ap");
    let (mut t, _dir) = kdeck(400, &["--context", "prod-ap", "--view", "nodes"]);
    t.wait(30, "node usage", |sc| {
        sc.lines().any(|l| {
            l.contains("prod-ap-control-plane")
                && l.split_whitespace().any(|t| {
                    t.strip_suffix('m')
                        .is_some_and(|n| n.parse::<u32>().is_ok())
                })
        })
    });
    t.typ("a");
    let first = t.wait(10, "the node panel", |sc| {
        spark_cells(sc, "CPU 1h").is_some()
    });
    let (n0, _) = spark_cells(&first, "CPU 1h").unwrap();
    t.wait(20, "two more samples", |sc| {
        spark_cells(sc, "CPU 1h").is_some_and(|(n, _)| n >= n0 + 2)
    });
    c.set_down(true);
    t.wait(20, "a gap while the cluster is down", |sc| {
        spark_cells(sc, "CPU 1h").is_some_and(|(_, gap)| gap)
    });
    c.set_down(false);
    let down = spark_cells(&t.screen(), "CPU 1h").unwrap().0;
    let screen = t.wait(30, "samples again after the gap", |sc| {
        spark_cells(sc, "CPU 1h").is_some_and(|(n, _)| n >= down + 2)
    });
    assert!(screen.contains("TOP PODS BY CPU"), "{screen}");
    t.esc();
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}

#[test]
fn top_pods_lists_the_cpu_hungry_pods_of_every_cluster_first() {
    // Three clusters with metrics (only read here) and one without.
    let with = ["prod-eu", "prod-us", "qa"];
    let (mut t, _dir) = kdeck(
        500,
        &[
            "--context",
            with[0],
            "--context",
            with[1],
            "--context",
            with[2],
            "--context",
            "staging",
        ],
    );
    t.wait(30, "pods listed", |sc| sc.contains("CLUSTER"));
    t.typ(":top pods");
    t.enter();
    // Every generated cluster's `transcoder` pods burn CPU well above
    // their request: the three of each cluster come first.
    let screen = t.wait(30, "the transcoders of the three clusters first", |sc| {
        let rows = table(sc);
        sc.contains("CPU↓")
            && rows.len() >= 12
            && rows[..9]
                .iter()
                .all(|r| r.get("NAME").is_some_and(|n| n.starts_with("transcoder-")))
            && with.iter().all(|c| {
                rows[..9]
                    .iter()
                    .filter(|r| r.get("CLUSTER").map(String::as_str) == Some(*c))
                    .count()
                    == 3
            })
    });
    let rows = table(&screen);
    let cpus: Vec<u32> = rows
        .iter()
        .filter_map(|r| r.get("CPU")?.strip_suffix('m')?.parse().ok())
        .collect();
    assert!(cpus.len() >= 12, "{screen}");
    assert!(cpus.windows(2).all(|w| w[0] >= w[1]), "{cpus:?}\n{screen}");
    assert!(
        rows[..9]
            .iter()
            .all(|r| r.get("NAMESPACE").map(String::as_str) == Some("shop"))
    );
    // staging has no numbers: its pods sort lowest, as n/a.
    assert!(
        !rows[..12]
            .iter()
            .any(|r| r.get("CLUSTER").map(String::as_str) == Some("staging")),
        "{screen}"
    );
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}
