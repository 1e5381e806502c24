//! The pod and workload panels end to end: `a` on a pod shows each of its
//! containers with CPU and MEM agreeing with `kubectl top pod NAME
//! --containers` at a frozen moment; `a` on a deployment shows its pods; a
//! pod whose container was OOM-killed says so with its exit code.

use std::collections::HashMap;
use std::sync::OnceLock;

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, eventually, start};

use crate::metrics::mib;
use crate::ops::{kubectl_on, kubectl_output};
use crate::pty::Term;

/// A one-cluster sim (`prod-eu`, it has an OOM-killed deployment) of this
/// file's own: one is frozen by a test, the other never.
fn sim(cell: &'static OnceLock<Shared>, seed: u64) -> &'static Shared {
    cell.get_or_init(|| {
        start(SimConfig {
            clusters: 1,
            pods: 40,
            namespaces: 2,
            seed,
            ..SimConfig::default()
        })
    })
}

static FROZEN: OnceLock<Shared> = OnceLock::new();
static LIVE: OnceLock<Shared> = OnceLock::new();

/// kdeck on `s`'s prod-eu, all namespaces, view `view`, polling metrics
/// every half second.
fn kdeck(s: &Shared, view: &str) -> (Term, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[metrics]\ninterval_ms = 500\n").unwrap();
    let kc = s.kubeconfig.to_string_lossy().to_string();
    let cfg = config.to_string_lossy().to_string();
    let args = [
        "--kubeconfig",
        kc.as_str(),
        "--config",
        cfg.as_str(),
        "--context",
        "prod-eu",
        "-A",
        "--view",
        view,
    ];
    (Term::spawn(&args, &[]), dir)
}

/// Filter the table to `name` (it may be below the screen's first rows)
/// and wait for its one row.
fn select(t: &mut Term, name: &str) {
    t.wait(30, "rows listed", |sc| {
        sc.contains("[") && sc.contains("prod-eu")
    });
    t.typ(&format!("/{name}"));
    t.enter();
    t.wait(30, &format!("{name} alone"), |sc| {
        sc.lines().skip(4).filter(|l| l.contains(name)).count() == 1 && sc.contains("[1]")
    });
}

/// `kubectl top pods -A --containers`: (namespace, pod) → (container,
/// cpu, memory) as printed.
type Top = HashMap<(String, String), Vec<(String, String, String)>>;

fn kubectl_top_containers(s: &Shared) -> Option<Top> {
    let out = kubectl_output(
        s,
        "prod-eu",
        &["top", "pods", "-A", "--containers", "--no-headers"],
    );
    if !out.status.success() {
        return None;
    }
    let mut top: Top = HashMap::new();
    for l in String::from_utf8_lossy(&out.stdout).lines() {
        let f: Vec<&str> = l.split_whitespace().collect();
        if f.len() >= 5 {
            top.entry((f[0].to_string(), f[1].to_string()))
                .or_default()
                .push((f[2].to_string(), f[3].to_string(), f[4].to_string()));
        }
    }
    (!top.is_empty()).then_some(top)
}

/// The CPU and MEM figures the pod panel shows for `container`: the two
/// lines after the one naming it.
fn container_usage(screen: &str, container: &str) -> Option<(String, String)> {
    // The panel's inside: between its borders.
    let lines: Vec<&str> = screen
        .lines()
        .map(|l| l.split('│').nth(1).unwrap_or(""))
        .collect();
    let i = lines.iter().position(|inner| {
        inner.starts_with(&format!("{container}  ready"))
            || inner.starts_with(&format!("{container}  not ready"))
    })?;
    let figure = |line: &str, label: &str| -> Option<String> {
        let mut words = line.split_whitespace();
        (words.next()? == label).then_some(())?;
        words.next().map(str::to_string)
    };
    Some((
        figure(lines.get(i + 1)?, "CPU")?,
        figure(lines.get(i + 2)?, "MEM")?,
    ))
}

#[test]
fn a_on_a_pod_shows_its_containers_agreeing_with_kubectl_top_containers() {
    let s = sim(&FROZEN, 41);
    let c = s.cluster("prod-eu");
    c.set_frozen(true);
    let top = eventually(30, "kubectl top pods --containers", || {
        kubectl_top_containers(s)
    });
    // A pod with the most containers (a name the screen shows whole).
    let ((ns, pod), containers) = top
        .iter()
        .filter(|((_, p), _)| p.len() <= 40)
        .max_by_key(|((ns, p), cs)| (cs.len(), ns.clone(), p.clone()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .unwrap();
    assert!(!containers.is_empty());
    let (mut t, _dir) = kdeck(s, "pods");
    select(&mut t, &pod);
    t.typ("a");
    let screen = t.wait(30, "every container with a CPU figure", |sc| {
        sc.contains(&format!("pod/{ns}/{pod} @ prod-eu"))
            && containers.iter().all(|(name, _, _)| {
                container_usage(sc, name).is_some_and(|(cpu, _)| cpu.ends_with('m'))
            })
    });
    // The figures for this pod alone, as kubectl prints them.
    let out = kubectl_on(
        s,
        "prod-eu",
        &[
            "top",
            "pod",
            &pod,
            "-n",
            &ns,
            "--containers",
            "--no-headers",
        ],
    );
    let mut compared = 0;
    for l in out.lines() {
        let f: Vec<&str> = l.split_whitespace().collect();
        let [_, name, k_cpu, k_mem] = f[..] else {
            continue;
        };
        let (cpu, mem) = container_usage(&screen, name).unwrap();
        assert_eq!(cpu, k_cpu, "CPU of {name}\n{screen}");
        let (ours, theirs) = (mib(&mem).unwrap(), mib(k_mem).unwrap());
        // kubectl prints whole Mi; kdeck prints Gi with one decimal.
        let slack = if mem.ends_with("Gi") { 52.0 } else { 0.0 };
        assert!(
            (ours - theirs).abs() <= slack,
            "MEM of {name}: {mem} vs {k_mem}\n{screen}"
        );
        compared += 1;
    }
    assert_eq!(compared, containers.len(), "{out}\n{screen}");
    assert!(
        screen.contains("recorded while a panel shows this pod"),
        "{screen}"
    );
    t.esc();
    t.wait(10, "the panel closed", |sc| {
        !sc.contains(&format!("pod/{ns}/{pod} @"))
    });
    c.set_frozen(false);
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}

#[test]
fn a_on_a_deployment_shows_its_pods() {
    let s = sim(&LIVE, 43);
    // A deployment with two or more pods, and its pods (by their owner,
    // a replicaset of the deployment).
    let (ns, name) = eventually(60, "a healthy deployment of two pods or more", || {
        let deploys = kubectl_on(
            s,
            "prod-eu",
            &[
                "get",
                "deployments",
                "-A",
                "--no-headers",
                "-o",
                "custom-columns=NS:.metadata.namespace,NAME:.metadata.name,\
                 R:.spec.replicas,READY:.status.readyReplicas",
            ],
        );
        let all: Vec<Vec<&str>> = deploys
            .lines()
            .map(|l| l.split_whitespace().collect())
            .filter(|f: &Vec<&str>| f.len() == 4)
            .collect();
        // Healthy, two pods or more, its name in no other's (the filter
        // finds it alone).
        all.iter()
            .filter(|f| f[2].parse::<u32>().is_ok_and(|r| r >= 2) && f[2] == f[3])
            .filter(|f| all.iter().filter(|g| g[1].contains(f[1])).count() == 1)
            .map(|f| (f[0].to_string(), f[1].to_string()))
            .min()
    });
    let want: Vec<String> = kubectl_on(
        s,
        "prod-eu",
        &[
            "get",
            "pods",
            "-n",
            &ns,
            "--no-headers",
            "-o",
            "custom-columns=NAME:.metadata.name,OWNER:.metadata.ownerReferences[0].name",
        ],
    )
    .lines()
    .filter_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        let owner = f.get(1)?;
        let hash = owner.strip_prefix(&format!("{name}-"))?;
        (!hash.contains('-')).then(|| f[0].to_string())
    })
    .collect();
    assert!(want.len() >= 2, "{want:?}");
    let (mut t, _dir) = kdeck(s, "deploy");
    select(&mut t, &name);
    t.typ("a");
    let screen = t.wait(30, "the panel with a row per pod", |sc| {
        sc.contains(&format!("deployment/{ns}/{name} @ prod-eu  ready "))
            && sc.contains("LAST TERMINATION")
            && want.iter().all(|p| sc.contains(p.as_str()))
    });
    assert!(screen.contains("pods sampled"), "{screen}");
    t.esc();
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}

#[test]
fn a_pod_whose_container_was_oom_killed_says_so() {
    let s = sim(&LIVE, 43);
    // The sim's OOM incident: a container killed with 137, restarted.
    let pod = eventually(60, "a pod with an OOMKilled last state", || {
        let out = kubectl_on(
            s,
            "prod-eu",
            &[
                "get",
                "pods",
                "-A",
                "--no-headers",
                "-o",
                "custom-columns=NS:.metadata.namespace,NAME:.metadata.name,\
                 LAST:.status.containerStatuses[0].lastState.terminated.reason",
            ],
        );
        out.lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|f| f.get(2) == Some(&"OOMKilled"))
            .map(|f| f[1].to_string())
    });
    let (mut t, _dir) = kdeck(s, "pods");
    select(&mut t, &pod);
    t.typ("a");
    let screen = t.wait(30, "the last termination", |sc| {
        sc.contains("last OOMKilled (137)")
    });
    assert!(screen.contains(&format!("/{pod} @ prod-eu")), "{screen}");
    t.esc();
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}
