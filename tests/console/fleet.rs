//! Many clusters in one console: the first line summarises, contexts of
//! one API server are recognised and counted once, a dead cluster among
//! many does not hold the others back.

use std::sync::OnceLock;

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, start};

use crate::pty::Term;

static FLEET: OnceLock<Shared> = OnceLock::new();

/// 30 small clusters, each with an admin, a viewer and a namespaced
/// context: 90 contexts over 30 API servers.
fn fleet() -> &'static Shared {
    FLEET.get_or_init(|| {
        start(SimConfig {
            clusters: 30,
            pods: 8,
            namespaces: 1,
            nodes: 2,
            seed: 11,
            ..SimConfig::default()
        })
    })
}

/// The clusters overview's row of `name`.
fn row<'a>(screen: &'a str, name: &str) -> Option<&'a str> {
    screen
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name))
}

#[test]
fn ninety_contexts_summarised_shared_servers_counted_once_a_dead_one_named() {
    let s = fleet();
    let dead = s.clusters[4].clone();
    let dead_name = dead.name().to_string();
    dead.set_down(true);
    let kc = s.kubeconfig.to_string_lossy().to_string();
    let mut t = Term::spawn(&["--kubeconfig", &kc, "--all-contexts"], &[]);
    // The first line cannot name 90 contexts: it counts them, names the
    // production ones and the dead ones, and says how many more there are.
    let screen = t.wait(60, "the summary naming the dead cluster", |sc| {
        let top = sc.lines().next().unwrap_or("");
        top.contains("more (:ctx)") && top.contains(&format!("✖ {dead_name}")) && !top.contains('○')
    });

    let top = screen.lines().next().unwrap_or("");
    assert!(top.contains(" ● "), "{top}");
    assert!(top.chars().count() <= 200, "{top}");
    // The overview: every live cluster complete, the dead one said, each
    // viewer context recognised as the same server as its admin context.
    // Tall enough for all 90 rows.
    t.resize(100, 200);
    t.typ(":ctx\r");
    let live: Vec<String> = s
        .clusters
        .iter()
        .map(|c| c.name().to_string())
        .filter(|n| *n != dead_name)
        .collect();
    let screen = t.wait(60, "every live cluster counted", |sc| {
        live.iter()
            .all(|n| row(sc, n).is_some_and(|r| r.contains("connected") && !r.contains(" - ")))
    });
    assert!(
        row(&screen, &dead_name).is_some_and(|r| r.contains("unreachable")),
        "{screen}"
    );
    let viewer = format!("{}-viewer", live[0]);
    assert!(
        row(&screen, &viewer)
            .is_some_and(|r| r.contains(&format!("same API server as {}", live[0]))),
        "{screen}"
    );
    assert!(
        screen.contains("60 context(s) share an API server with another: counted once"),
        "{screen}"
    );
    // The pods of the fleet, each server once: kdeck's total equals the
    // sum over the live clusters' admin contexts.
    let total: usize = live
        .iter()
        .map(|n| {
            row(&screen, n)
                .and_then(|r| r.split_whitespace().nth(5))
                .and_then(|p| p.parse::<usize>().ok())
                .unwrap_or(0)
        })
        .sum();
    assert!(total > 0, "{screen}");
    assert!(screen.contains(&format!(" {total} pods (")), "{screen}");
    dead.set_down(false);
    // Back: its nodes and pods are listed (its watches' first lists,
    // failed while it was down, are complete now).
    t.wait(60, "the dead cluster back and counted", |sc| {
        row(sc, &dead_name).is_some_and(|r| r.contains("connected") && !r.contains(" - "))
    });
}
