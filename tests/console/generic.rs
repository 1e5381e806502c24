//! Any resource the clusters serve, end to end: `:cm` (a kind kdeck has no
//! view of its own) across two clusters from their discovery, with the
//! server's Table columns, filtered, followed live through a Table watch;
//! a secret's values hidden in describe and YAML until revealed, and
//! never written to kdeck.log.

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, start};

use crate::ops::{kubectl_on, select};
use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 2,
            pods: 20,
            namespaces: 1,
            seed: 41,
            ..SimConfig::default()
        })
    })
}

fn names() -> (String, String) {
    let c = &sim().clusters;
    (c[0].name().to_string(), c[1].name().to_string())
}

fn kdeck(contexts: &[&str]) -> Term {
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    let mut args = vec!["--kubeconfig", kc.as_str(), "-A"];
    for c in contexts {
        args.extend(["--context", c]);
    }
    let mut t = Term::spawn(&args, &[]);
    t.resize(50, 160);
    t
}

/// A screen line holding every one of `parts`.
fn line_with(screen: &str, parts: &[&str]) -> bool {
    screen.lines().any(|l| parts.iter().all(|p| l.contains(p)))
}

#[test]
fn configmaps_across_clusters_with_the_servers_columns_filtered_and_live() {
    let (a, b) = names();
    let mut t = kdeck(&[&a, &b]);
    t.wait(60, "connected", |sc| sc.contains("NAME"));
    let from = sim().cluster(&a).log.next_seq();
    t.typ(":cm");
    t.enter();
    // kubectl's columns (the server's Table), CLUSTER and NAMESPACE added.
    let screen = t.wait(60, "configmaps of both clusters", |sc| {
        line_with(sc, &["CLUSTER", "NAMESPACE", "NAME", "DATA", "AGE"])
            && line_with(sc, &[&a, "kube-system", "kube-root-ca.crt", " 1 "])
            && line_with(sc, &[&b, "kube-system", "kube-root-ca.crt", " 1 "])
    });
    assert!(screen.contains("configmaps"), "{screen}");
    // Asked as kubectl asks: a Table of metadata, paged, then a watch.
    let asked: Vec<String> = sim()
        .cluster(&a)
        .log
        .since(from)
        .into_iter()
        .filter(|r| r.resource == "configmaps")
        .map(|r| format!("{} {}", r.verb, r.query))
        .collect();
    assert!(
        asked.iter().any(|q| q.starts_with("list ")
            && q.contains("limit=250")
            && q.contains("includeObject=Metadata")),
        "{asked:?}"
    );
    assert!(
        asked
            .iter()
            .any(|q| q.starts_with("watch ") && q.contains("resourceVersion=")),
        "{asked:?}"
    );

    // The filter works as in every view.
    t.typ("/kube-root");
    t.enter();
    let screen = t.wait(20, "only kube-root-ca.crt rows", |sc| {
        sc.lines()
            .skip(4)
            .filter(|l| !l.trim().is_empty() && !l.contains('<'))
            .all(|l| l.contains("kube-root-ca.crt"))
            && line_with(sc, &[&b, "kube-root-ca.crt"])
    });
    assert!(!screen.contains("-config "), "{screen}");

    // A configmap created meanwhile appears without a restart.
    t.esc();
    t.typ("/e2e-live");
    t.enter();
    kubectl_on(
        sim(),
        &b,
        &[
            "create",
            "configmap",
            "e2e-live-cm",
            "-n",
            "default",
            "--from-literal=a=1",
            "--from-literal=b=2",
        ],
    );
    t.wait(30, "the new configmap, live", |sc| {
        line_with(sc, &[&b, "default", "e2e-live-cm", " 2 "]) && sc.contains("[1]")
    });
    // And leaves when deleted.
    kubectl_on(
        sim(),
        &b,
        &["delete", "configmap", "e2e-live-cm", "-n", "default"],
    );
    t.wait(30, "the configmap gone", |sc| !sc.contains("e2e-live-cm "));
}

#[test]
fn a_secret_is_hidden_in_describe_and_yaml_until_revealed() {
    let (a, _) = names();
    kubectl_on(
        sim(),
        &a,
        &[
            "create",
            "secret",
            "generic",
            "e2e-secret",
            "-n",
            "default",
            "--from-literal=password=hunter2-e2e",
        ],
    );
    let mut t = kdeck(&[&a]);
    t.typ(":secrets");
    t.enter();
    t.wait(60, "secrets with their type and key count", |sc| {
        line_with(sc, &["NAMESPACE", "NAME", "TYPE", "DATA", "AGE"])
            && line_with(sc, &["default", "e2e-secret", "Opaque", " 1 "])
    });
    select(&mut t, "e2e-secret");
    t.typ("d");
    let screen = t.wait(30, "describe with sizes only", |sc| {
        sc.contains("password:  11 bytes") && sc.contains("values hidden")
    });
    assert!(!screen.contains("hunter2-e2e"), "{screen}");
    t.typ("y");
    let screen = t.wait(30, "YAML with the value hidden", |sc| {
        sc.contains("password: \"<hidden: 11 bytes>\"")
    });
    assert!(!screen.contains("aHVudGVyMi1lMmU="), "{screen}");
    // The reveal key, for this secret.
    t.typ("x");
    t.wait(30, "YAML with the value", |sc| {
        sc.contains("password: aHVudGVyMi1lMmU=") && sc.contains("values shown")
    });
    t.typ("d");
    t.wait(30, "describe with the value", |sc| {
        sc.contains("password:  hunter2-e2e")
    });
    // Opened again: hidden again.
    t.esc();
    t.typ("y");
    t.wait(30, "hidden again", |sc| sc.contains("<hidden: 11 bytes>"));
    t.send(b"\x03");
    t.exit_code(20);
    let log = t.home().join("state").join("kdeck").join("kdeck.log");
    let log = std::fs::read_to_string(log).unwrap_or_default();
    assert!(
        !log.contains("hunter2-e2e") && !log.contains("aHVudGVyMi1lMmU="),
        "a secret value in kdeck.log"
    );
}
