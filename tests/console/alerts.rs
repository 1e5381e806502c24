//! `:alerts` end to end: the generated clusters' broken pods and a node
//! made NotReady are listed with their cluster, and `enter` lands on the
//! object in its own view.

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, start};

use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 2,
            nodes: 3,
            pods: 40,
            namespaces: 2,
            seed: 31,
            ..SimConfig::default()
        })
    })
}

/// A screen line holding every one of `parts`.
fn line_with(screen: &str, parts: &[&str]) -> bool {
    screen.lines().any(|l| parts.iter().all(|p| l.contains(p)))
}

#[test]
fn alerts_list_the_fleets_problems_with_their_cluster_and_enter_lands_on_one() {
    let names: Vec<String> = sim()
        .clusters
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let (a, b) = (names[0].as_str(), names[1].as_str());
    let node = format!("{b}-worker-01");
    sim().cluster(b).set_node_ready(&node, false).unwrap();
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    let mut t = Term::spawn(&["--kubeconfig", &kc, "--context", a, "--context", b], &[]);
    t.resize(60, 200);
    t.typ(":alerts");
    t.enter();
    let object = format!("nodes/{node}");
    let screen = t.wait(60, "the alerts of both clusters", |sc| {
        sc.contains("from nodes, pods")
            && line_with(sc, &[b, "critical", "NodeNotReady", &object])
            && names.iter().all(|c| {
                line_with(sc, &[c, "CrashLoopBackOff", "pods/"])
                    && (line_with(sc, &[c, "ImagePullBackOff", "pods/"])
                        || line_with(sc, &[c, "ErrImagePull", "pods/"]))
            })
    });
    // The header counts them.
    assert!(
        screen.lines().next().is_some_and(|l| l.contains('⚠')),
        "{screen}"
    );
    // Enter on the NotReady node: the nodes view of its cluster, on it.
    t.typ("/NodeNotReady");
    t.enter();
    t.wait(30, "only the node's alert", |sc| {
        line_with(sc, &["NodeNotReady", &object]) && !sc.contains("CrashLoopBackOff")
    });
    t.enter();
    t.wait(30, "the node in the nodes view of its cluster", |sc| {
        sc.contains(&format!("@{b}"))
            && sc.contains(" nodes 1/1 ")
            && line_with(sc, &[&node, "NotReady"])
    });
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}
