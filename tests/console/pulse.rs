//! `:pulse` end to end against three simulated clusters: each cluster's
//! nodes (Ready/total) and pods by phase agree with kubectl on the same
//! sim; a node made NotReady through the sim's control handle is counted;
//! a cluster taken down says so while the others keep updating; `enter`
//! opens the cluster's pods.

use std::collections::HashMap;

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, start};

use crate::ops::kubectl_on;
use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 3,
            nodes: 3,
            pods: 40,
            namespaces: 2,
            seed: 47,
            ..SimConfig::default()
        })
    })
}

/// The pulse's columns, in order (titles may hold a space).
const TITLES: &[&str] = &[
    "CLUSTER",
    "STATUS",
    "NODES",
    "NOT READY",
    "CPU",
    "CPU 1H",
    "MEM",
    "MEM 1H",
    "RUN",
    "PEND",
    "FAIL",
    "SUCCEEDED",
    "UNHEALTHY",
    "WARN/MIN",
    "WARN 1H",
    "QUOTA",
];

/// The pulse's rows by cluster: title → cell, cut at the columns' starts
/// in the header line (cells are left-aligned).
fn pulse(screen: &str) -> HashMap<String, HashMap<&'static str, String>> {
    let mut lines = screen.lines().skip_while(|l| !l.starts_with("CLUSTER"));
    let Some(header) = lines.next() else {
        return HashMap::new();
    };
    let header: Vec<char> = header.chars().collect();
    let text: String = header.iter().collect();
    // Each title's start (in characters), searched after the previous one.
    let mut starts: Vec<(&'static str, usize)> = Vec::new();
    let mut from = 0;
    for t in TITLES {
        let Some(byte) = text
            .char_indices()
            .map(|(b, _)| b)
            .filter(|b| text[..*b].chars().count() >= from)
            .find(|b| text[*b..].starts_with(t))
        else {
            continue;
        };
        let at = text[..byte].chars().count();
        starts.push((t, at));
        from = at + t.chars().count();
    }
    let mut out = HashMap::new();
    for l in lines {
        let chars: Vec<char> = l.chars().collect();
        let cell = |i: usize| -> String {
            let start = starts[i].1;
            let end = starts.get(i + 1).map_or(chars.len(), |s| s.1);
            chars
                .get(start.min(chars.len())..end.min(chars.len()))
                .map(|c| c.iter().collect::<String>().trim().to_string())
                .unwrap_or_default()
        };
        if starts.is_empty() || chars.is_empty() {
            continue;
        }
        let row: HashMap<&'static str, String> =
            (0..starts.len()).map(|i| (starts[i].0, cell(i))).collect();
        if let Some(name) = row.get("CLUSTER").filter(|n| !n.is_empty()) {
            out.insert(name.clone(), row);
        }
    }
    out
}

/// What kubectl says of a cluster: nodes Ready/total, and pods by phase
/// (Running, Pending, Failed, Succeeded).
fn kubectl_counts(cluster: &str) -> (String, [usize; 4]) {
    let nodes = kubectl_on(sim(), cluster, &["get", "nodes", "--no-headers"]);
    let total = nodes.lines().count();
    let ready = nodes
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .nth(1)
                .is_some_and(|s| s == "Ready" || s.starts_with("Ready,"))
        })
        .count();
    let phases = kubectl_on(
        sim(),
        cluster,
        &[
            "get",
            "pods",
            "-A",
            "-o",
            "jsonpath={range .items[*]}{.status.phase}{\"\\n\"}{end}",
        ],
    );
    let n = |p: &str| phases.lines().filter(|l| l.trim() == p).count();
    (
        format!("{ready}/{total}"),
        [n("Running"), n("Pending"), n("Failed"), n("Succeeded")],
    )
}

fn agrees(row: Option<&HashMap<&'static str, String>>, want: &(String, [usize; 4])) -> bool {
    let Some(r) = row else { return false };
    let got = |t: &str| r.get(t).map(String::as_str).unwrap_or("");
    got("NODES") == want.0
        && ["RUN", "PEND", "FAIL", "SUCCEEDED"]
            .iter()
            .zip(want.1)
            .all(|(t, n)| got(t) == n.to_string())
}

#[test]
fn pulse_counts_agree_with_kubectl_follow_a_notready_node_and_a_cluster_down() {
    let names: Vec<String> = sim()
        .clusters
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[metrics]\ninterval_ms = 1000\n").unwrap();
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    let cfg = config.to_string_lossy().to_string();
    let mut args = vec!["--kubeconfig", kc.as_str(), "--config", cfg.as_str()];
    for n in &names {
        args.extend(["--context", n.as_str()]);
    }
    let mut t = Term::spawn(&args, &[]);
    t.resize(50, 200);
    t.typ(":pulse");
    t.enter();

    // Each cluster's nodes and pods by phase as kubectl counts them, and
    // CPU and memory used.
    let want: HashMap<String, (String, [usize; 4])> = names
        .iter()
        .map(|n| (n.clone(), kubectl_counts(n)))
        .collect();
    let screen = t.wait(60, "each cluster agreeing with kubectl", |sc| {
        let rows = pulse(sc);
        names.iter().all(|n| {
            agrees(rows.get(n), &want[n])
                && rows[n].get("CPU").is_some_and(|c| c.ends_with('%'))
                && rows[n]
                    .get("WARN/MIN")
                    .is_some_and(|c| c.parse::<u32>().is_ok())
        })
    });
    assert!(screen.contains(" pulse 1/3 "), "{screen}");

    // A node made NotReady through the sim's control handle.
    let (a, b, c) = (names[0].as_str(), names[1].as_str(), names[2].as_str());
    let node = format!("{b}-worker-01");
    sim().cluster(b).set_node_ready(&node, false).unwrap();
    let want_b = kubectl_counts(b);
    let screen = t.wait(60, "the NotReady node counted", |sc| {
        let rows = pulse(sc);
        agrees(rows.get(b), &want_b)
            && rows[b].get("NOT READY").is_some_and(|n| {
                n.split_whitespace()
                    .next()
                    .and_then(|x| x.parse::<usize>().ok())
                    >= Some(1)
            })
    });
    let (ready, total) = want_b.0.split_once('/').unwrap();
    assert!(
        ready.parse::<usize>().unwrap() < total.parse::<usize>().unwrap(),
        "{screen}"
    );

    // c down: said, while a keeps updating (a node of a NotReady now).
    sim().cluster(c).set_down(true);
    t.wait(60, "the cluster down said", |sc| {
        pulse(sc).get(c).is_some_and(|r| {
            r.get("STATUS")
                .is_some_and(|s| s.starts_with("unreachable"))
        })
    });
    let node_a = format!("{a}-worker-02");
    sim().cluster(a).set_node_ready(&node_a, false).unwrap();
    let want_a = kubectl_counts(a);
    t.wait(60, "the other cluster still updating", |sc| {
        let rows = pulse(sc);
        agrees(rows.get(a), &want_a)
            && rows.get(c).is_some_and(|r| {
                r.get("STATUS")
                    .is_some_and(|s| s.starts_with("unreachable"))
            })
    });

    // enter on a cluster: its pods.
    sim().cluster(c).set_down(false);
    let shown = |sc: &str| {
        let rows = pulse(sc);
        names
            .iter()
            .filter(|n| rows.contains_key(n.as_str()))
            .count()
    };
    assert_eq!(shown(&t.screen()), 3);
    t.typ("/");
    t.typ(b);
    t.enter();
    t.wait(30, "only b", |sc| {
        shown(sc) == 1 && pulse(sc).contains_key(b)
    });
    t.enter();
    t.wait(30, "the pods of b", |sc| {
        sc.contains(&format!("@{b}")) && sc.contains(" pods ")
    });
    sim().cluster(b).set_node_ready(&node, true).unwrap();
    sim().cluster(a).set_node_ready(&node_a, true).unwrap();
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}
