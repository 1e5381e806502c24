//! Drain end to end against a PodDisruptionBudget that allows nothing (the
//! generated `shop/postgres` budget, `maxUnavailable: 0`): kdeck shows the
//! server's reason for the 429 and keeps trying; once the budget is relaxed
//! with kubectl, the next try goes through and the drain completes. The
//! sim's request log and kubectl are the witnesses.

use kdeck_sim::testing::{Shared, eventually};

use crate::ops::{kdeck_on, kubectl_on, own_sim, select};

const CTX: &str = "prod-eu";

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    own_sim(&SIM, 40, 53)
}

fn kubectl(args: &[&str]) -> String {
    kubectl_on(sim(), CTX, args)
}

/// A schedulable worker running a postgres pod and no pod of another
/// budget that allows nothing now (a crash-looping workload's): (node, pod).
fn node_with_postgres() -> (String, String) {
    let placed = |selector: &str| -> Vec<(String, String)> {
        kubectl(&[
            "get",
            "pods",
            "-n",
            "shop",
            "-l",
            selector,
            "-o",
            "jsonpath={range .items[*]}{.metadata.name}={.spec.nodeName} {end}",
        ])
        .split_whitespace()
        .filter_map(|p| p.split_once('='))
        .map(|(p, n)| (p.to_string(), n.to_string()))
        .collect()
    };
    let stuck: Vec<String> = kubectl(&[
        "get",
        "pdb",
        "-n",
        "shop",
        "-o",
        "jsonpath={range .items[?(@.status.disruptionsAllowed==0)]}{.metadata.name} {end}",
    ])
    .split_whitespace()
    .filter(|b| *b != "postgres")
    .map(str::to_string)
    .collect();
    let avoid: Vec<String> = stuck
        .iter()
        .flat_map(|b| placed(&format!("app={b}")))
        .map(|(_, n)| n)
        .collect();
    let nodes = kubectl(&["get", "nodes", "--no-headers"]);
    let usable: Vec<&str> = nodes
        .lines()
        .filter(|l| l.split_whitespace().nth(1) == Some("Ready") && l.contains("worker"))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| !avoid.iter().any(|a| a == n))
        .collect();
    let postgres = placed("app=postgres");
    postgres
        .iter()
        .find(|(_, n)| usable.contains(&n.as_str()))
        .map(|(p, n)| (n.clone(), p.clone()))
        .unwrap_or_else(|| panic!("a postgres pod on a usable worker: {postgres:?} / {usable:?}"))
}

#[test]
fn drain_waits_on_a_disruption_budget_and_finishes_once_it_is_relaxed() {
    let budget = kubectl(&["get", "pdb", "postgres", "-n", "shop", "--no-headers"]);
    let cols: Vec<&str> = budget.split_whitespace().collect();
    assert_eq!(cols[1..4], ["N/A", "0", "0"], "{budget}");
    let (node, pod) = node_with_postgres();
    let log = sim().cluster(CTX);
    let from = log.log.next_seq();

    let (mut t, _) = kdeck_on(sim(), &[CTX], "nodes", &[]);
    select(&mut t, &node);
    t.typ("D");
    t.wait(10, "the drain form", |sc| sc.contains("ignore-daemonsets"));
    // Every option on: DaemonSet pods stay (the default), the others go.
    for _ in 0..2 {
        t.send(b"\x1b[B");
        t.typ(" ");
    }
    t.wait(5, "every option chosen", |sc| {
        sc.matches("[x]").count() == 3
    });
    t.enter();
    let confirm = t.wait(30, "the confirmation", |sc| sc.contains("server dry run"));
    assert!(
        confirm.contains(&format!(
            "! PodDisruptionBudget postgres allows 0 disruptions: evicting shop/{pod} will wait for it"
        )),
        "{confirm}"
    );
    assert!(confirm.contains(&format!("evict shop/{pod}")), "{confirm}");
    assert!(
        confirm.contains("server dry run: admitted"),
        "a budget that blocks now is not a refusal: the drain waits for it\n{confirm}"
    );
    t.typ(&node);
    t.enter();
    let blocked = t.wait(30, "the eviction blocked", |sc| {
        sc.contains(&format!("shop/{pod}: blocked by PodDisruptionBudget"))
    });
    assert!(
        blocked.contains("(The disruption budget postgres needs ")
            && blocked.contains("currently); trying again every 5 s"),
        "{blocked}"
    );
    // The server said 429 and kdeck asked again.
    eventually(20, "a second refused eviction", || {
        let refused = log
            .requests(from)
            .iter()
            .filter(|r| {
                r.subresource == "eviction" && r.name == pod && !r.dry_run && r.status == 429
            })
            .count();
        (refused >= 2).then_some(())
    });
    let cordoned = kubectl(&["get", "node", &node, "-o", "jsonpath={.spec.unschedulable}"]);
    assert_eq!(cordoned, "true");
    assert!(t.screen().contains("esc: stop the drain"));

    kubectl(&[
        "patch",
        "pdb",
        "postgres",
        "-n",
        "shop",
        "--type=merge",
        "-p",
        r#"{"spec":{"maxUnavailable":1}}"#,
    ]);
    let done = t.wait(40, "the drain done", |sc| {
        sc.contains("done: drain of node")
    });
    assert!(done.contains(&format!("shop/{pod}: evicted")), "{done}");
    assert!(!done.contains("not evicted"), "{done}");
    let evicted: Vec<u16> = log
        .requests(from)
        .iter()
        .filter(|r| r.subresource == "eviction" && r.name == pod && !r.dry_run)
        .map(|r| r.status)
        .collect();
    assert_eq!(evicted.last(), Some(&201), "{evicted:?}");
    assert!(
        evicted[..evicted.len() - 1].iter().all(|s| *s == 429),
        "{evicted:?}"
    );
    // Only DaemonSet and mirror pods are left on the node.
    eventually(30, "the node emptied", || {
        let left = kubectl(&[
            "get",
            "pods",
            "-A",
            "--field-selector",
            &format!("spec.nodeName={node}"),
            "-o",
            "jsonpath={range .items[*]}{.metadata.ownerReferences[0].kind}/{.metadata.name} {end}",
        ]);
        left.split_whitespace()
            .all(|p| p.starts_with("DaemonSet/") || p.starts_with("Node/"))
            .then_some(())
    });
}
