//! Operations that fail after the confirmation: a conflict (409), a target
//! deleted meanwhile (404), a drain cut short by its cluster going down.
//! Each is said in plain words, journaled with its outcome, and leaves the
//! console usable. Each test has a sim of its own (one takes it down).

use kdeck_sim::testing::Shared;

use crate::ops::{journal, kdeck_on, kubectl_on, own_sim, select};
use crate::ops_drain::{drain_to_confirmation, node_with_postgres_on};

const CTX: &str = "prod-eu";

/// The outcome the journal recorded for the last attempt on `name`.
fn outcome(path: &std::path::Path, name: &str) -> Option<(u64, String)> {
    journal(path)
        .into_iter()
        .rfind(|e| e["name"] == name && e["phase"] == "result")
        .map(|e| {
            (
                e["result"]["code"].as_u64().unwrap_or(0),
                e["result"]["message"].as_str().unwrap_or("").to_string(),
            )
        })
}

/// `s` on the selected deployment, the replicas `to`, up to the
/// confirmation (the dry run admitted).
fn scale_to_confirmation(t: &mut crate::pty::Term, to: &str) {
    t.typ("s");
    t.wait(20, "the scale form", |sc| sc.contains("replicas:"));
    for _ in 0..4 {
        t.send(b"\x7f");
    }
    t.typ(to);
    t.enter();
    t.wait(30, "the confirmation", |sc| {
        sc.contains("server dry run: admitted")
    });
}

#[test]
fn a_conflict_and_a_deleted_target_are_said_and_journaled() {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    let s = own_sim(&SIM, 20, 61);
    for name in ["ops-conflict", "ops-gone"] {
        kubectl_on(
            s,
            CTX,
            &[
                "create",
                "deployment",
                name,
                "--image=nginx:1.27.2",
                "--replicas=2",
                "-n",
                "default",
            ],
        );
    }
    let (mut t, journal_path) = kdeck_on(s, &[CTX], "deploy", &[]);
    // A conflict: someone else wrote the deployment between the dry run
    // and the write.
    select(&mut t, "ops-conflict");
    scale_to_confirmation(&mut t, "3");
    s.cluster(CTX).fail_next_of("PATCH", 1, 409);
    t.typ("ops-conflict");
    t.enter();
    let screen = t.wait(20, "the conflict said", |sc| {
        sc.contains("conflict (409): deployment default/ops-conflict changed meanwhile")
    });
    assert!(screen.contains("look again and retry"), "{screen}");
    let (code, _) = outcome(&journal_path, "ops-conflict").expect("journaled");
    assert_eq!(code, 409);
    // The table is usable: the next action goes on.
    t.esc();
    select(&mut t, "ops-gone");
    scale_to_confirmation(&mut t, "4");
    // Deleted meanwhile.
    kubectl_on(
        s,
        CTX,
        &[
            "delete",
            "deployment",
            "ops-gone",
            "-n",
            "default",
            "--wait=false",
        ],
    );
    t.typ("ops-gone");
    t.enter();
    t.wait(20, "the deleted target said", |sc| {
        sc.contains("deployment default/ops-gone is gone (404)")
    });
    let (code, message) = outcome(&journal_path, "ops-gone").expect("journaled");
    assert_eq!(code, 404, "{message}");
    assert!(message.contains("not found"), "{message}");
}

#[test]
fn a_drain_cut_short_by_the_cluster_going_down_says_what_was_evicted() {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    let s = own_sim(&SIM, 40, 53);
    let (node, pod) = node_with_postgres_on(s);
    let (mut t, journal_path) = kdeck_on(s, &[CTX], "nodes", &[]);
    drain_to_confirmation(&mut t, &node);
    t.typ(&node);
    t.enter();
    // The budget holds the postgres pod.
    t.wait(40, "the postgres pod blocked", |sc| {
        sc.contains(&format!("shop/{pod}: blocked by PodDisruptionBudget"))
    });
    let cluster = s.cluster(CTX);
    cluster.set_down(true);
    let screen = t.wait(40, "the drain stopped", |sc| sc.contains("not done:"));
    cluster.set_down(false);
    assert!(
        screen.contains(&format!("not evicted: shop/{pod}")),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("drain of node {node}: ")),
        "how many were evicted: {screen}"
    );
    let (_, message) = outcome(&journal_path, &node).expect("journaled");
    assert!(
        message.contains(&format!("not evicted: shop/{pod}")) && message.contains("refused"),
        "{message}"
    );
    let result = journal(&journal_path)
        .into_iter()
        .rfind(|e| e["name"] == node.as_str() && e["phase"] == "result")
        .expect("a result line");
    let not: Vec<&str> = result["after"]["not_evicted"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p.as_str()).collect())
        .unwrap_or_default();
    assert!(not.contains(&format!("shop/{pod}").as_str()), "{result}");
}
