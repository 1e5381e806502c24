//! `:alerts` end to end: the generated clusters' broken pods, their node
//! under disk pressure, their tenant quota at 90 % and a node made NotReady
//! are listed with their cluster, and `enter` lands on each object in its
//! own view.

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

/// The first row of the alerts table (after its header): its cells.
fn first_alert(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip_while(|l| !(l.contains("CLUSTER") && l.contains("OBJECT")))
        .nth(1)
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// In the alerts view: filter on `filter`, `enter` on the first alert, and
/// wait for its object's view in its cluster with the object's row alone
/// under the cursor; back to the alerts, unfiltered. Returns the alert's
/// (cluster, object).
fn land(t: &mut Term, filter: &str, rule: &str, view: &str) -> (String, String) {
    t.typ(&format!("/{filter}"));
    t.enter();
    let screen = t.wait(30, &format!("the alerts filtered on {filter}"), |sc| {
        let row = first_alert(sc);
        row.len() > 3 && rule.split('|').any(|r| row.iter().any(|c| c == r))
    });
    let row = first_alert(&screen);
    let (cluster, object) = (row[0].clone(), row[3].clone());
    let name = object.rsplit('/').next().unwrap().to_string();
    t.enter();
    t.wait(
        30,
        &format!("{object} alone in the {view} view of {cluster}"),
        |sc| {
            sc.contains(&format!("@{cluster}"))
                && sc.contains(&format!(" {view} 1/1 "))
                && sc
                    .lines()
                    .filter(|l| l.contains(&name) && !l.contains(&format!("/{name}")))
                    .count()
                    == 1
        },
    );
    // esc clears the object's filter, esc goes back to the alerts (their
    // filter kept), esc clears that.
    t.esc();
    t.wait(10, "the object's filter cleared", |sc| {
        sc.lines()
            .nth(1)
            .is_some_and(|l| !l.contains(&format!("/{name}")))
    });
    t.esc();
    t.wait(10, "the alerts again", |sc| sc.contains("from nodes, pods"));
    t.esc();
    t.wait(10, "the alerts unfiltered", |sc| {
        sc.lines().filter(|l| l.contains("pods/")).count() > 1
    });
    (cluster, object)
}

#[test]
fn alerts_list_the_fleets_problems_with_their_cluster_and_enter_lands_on_each() {
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
    // Every cluster of the sim has a worker under disk pressure (the last
    // of these three nodes) and its tenant quota at 90 % or more.
    let screen = t.wait(60, "the alerts of both clusters", |sc| {
        sc.contains("from nodes, pods")
            && line_with(sc, &[b, "critical", "NodeNotReady", &object])
            && names.iter().all(|c| {
                line_with(sc, &[c, "CrashLoopBackOff", "pods/"])
                    && (line_with(sc, &[c, "ImagePullBackOff", "pods/"])
                        || line_with(sc, &[c, "ErrImagePull", "pods/"]))
                    && line_with(
                        sc,
                        &[
                            c,
                            "warning",
                            "DiskPressure",
                            &format!("nodes/{c}-worker-02"),
                        ],
                    )
                    && line_with(
                        sc,
                        &[c, "QuotaPressure", "resourcequotas/shop/compute-resources"],
                    )
            })
    });
    // The header counts them.
    assert!(
        screen.lines().next().is_some_and(|l| l.contains('⚠')),
        "{screen}"
    );
    // Enter on each: its object's view, in its cluster, on it.
    let landed = land(&mut t, "NodeNotReady", "NodeNotReady", "nodes");
    assert_eq!(landed, (b.to_string(), object));
    let landed = land(
        &mut t,
        &format!("^{a}.*DiskPressure"),
        "DiskPressure",
        "nodes",
    );
    assert_eq!(landed, (a.to_string(), format!("nodes/{a}-worker-02")));
    let (cluster, pod) = land(
        &mut t,
        &format!("^{b}.*(ImagePullBackOff|ErrImagePull)"),
        "ImagePullBackOff|ErrImagePull",
        "pods",
    );
    assert_eq!(cluster, b);
    assert!(pod.starts_with("pods/"), "{pod}");
    let landed = land(
        &mut t,
        &format!("^{b}.*QuotaPressure"),
        "QuotaPressure",
        "resourcequotas",
    );
    assert_eq!(
        landed,
        (
            b.to_string(),
            "resourcequotas/shop/compute-resources".into()
        )
    );
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}
