//! Custom resources end to end: the sim's cert-manager Certificates across
//! three clusters with the printer columns their CRD declares, and a CRD
//! created with kubectl while kdeck runs becoming a `:` resource (completed
//! by Tab, then listed with its own printer columns) without a restart.

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, eventually, start};

use crate::ops::{kubectl_manifest, kubectl_on};
use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 3,
            pods: 20,
            namespaces: 2,
            seed: 43,
            ..SimConfig::default()
        })
    })
}

fn kdeck(contexts: &[&str]) -> Term {
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    let mut args = vec!["--kubeconfig", kc.as_str(), "-A"];
    for c in contexts {
        args.extend(["--context", c]);
    }
    let mut t = Term::spawn(&args, &[]);
    t.resize(50, 200);
    t
}

/// The names of the certificates kubectl lists on `context`.
fn certificates(context: &str) -> Vec<String> {
    kubectl_on(
        sim(),
        context,
        &["get", "certificates.cert-manager.io", "-A", "-o", "name"],
    )
    .lines()
    .map(|l| {
        l.trim_start_matches("certificate.cert-manager.io/")
            .to_string()
    })
    .collect()
}

#[test]
fn certificates_of_three_clusters_with_their_printer_columns() {
    let names: Vec<String> = sim()
        .clusters
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let ctx: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut t = kdeck(&ctx);
    t.wait(60, "connected", |sc| sc.contains("NAME"));
    t.typ(":certificates.cert-manager.io");
    t.enter();
    let expected: Vec<(String, Vec<String>)> =
        names.iter().map(|n| (n.clone(), certificates(n))).collect();
    assert!(expected.iter().all(|(_, c)| !c.is_empty()), "{expected:?}");
    let sc = t.wait(60, "every cluster's certificates", |sc| {
        expected.iter().all(|(cluster, certs)| {
            certs.iter().all(|c| {
                sc.lines()
                    .any(|l| l.starts_with(cluster.as_str()) && l.contains(c.as_str()))
            })
        })
    });
    // The CRD's printer columns (READY, SECRET, AGE), after CLUSTER and
    // NAMESPACE.
    let header = sc
        .lines()
        .find(|l| l.starts_with("CLUSTER"))
        .unwrap_or_else(|| panic!("{sc}"));
    let cols: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(&cols[..2], &["CLUSTER↑", "NAMESPACE"][..], "{header}");
    for c in ["NAME", "READY", "SECRET", "AGE"] {
        assert!(
            cols.iter().any(|x| x.trim_end_matches(['↑', '↓']) == c),
            "{header}"
        );
    }
    // The failing certificate says False in READY, as kubectl prints it.
    let wide = kubectl_on(sim(), &names[0], &["get", "certificates", "-A"]);
    let failing = wide
        .lines()
        .find(|l| l.split_whitespace().nth(2) == Some("False"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or_else(|| panic!("{wide}"));
    assert!(
        sc.lines().any(|l| l.starts_with(names[0].as_str())
            && l.contains(failing)
            && l.split_whitespace().any(|w| w == "False")),
        "{failing}: {sc}"
    );
}

const CRD: &str = r#"apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: snapshots.e2e.kdeck.dev
spec:
  group: e2e.kdeck.dev
  scope: Namespaced
  names:
    plural: snapshots
    kind: Snapshot
    shortNames: [snap]
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Volume, type: string, jsonPath: .spec.volume}
    - {name: Size, type: string, jsonPath: .spec.size}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              volume: {type: string}
              size: {type: string}
"#;

const OBJECT: &str = r#"apiVersion: e2e.kdeck.dev/v1
kind: Snapshot
metadata:
  name: nightly-db
  namespace: default
spec:
  volume: data-db-0
  size: 20Gi
"#;

fn apply(context: &str, manifest: &str) {
    kubectl_manifest(sim(), context, "apply", manifest);
}

#[test]
fn a_crd_created_while_kdeck_runs_becomes_a_resource_without_a_restart() {
    let name = sim().clusters[2].name().to_string();
    let mut t = kdeck(&[&name]);
    t.wait(60, "connected", |sc| sc.contains("NAME"));
    // Not served yet: the command line says so.
    t.typ(":snapshots");
    t.enter();
    t.wait(10, "unknown", |sc| {
        sc.contains("unknown resource \"snapshots\"")
    });
    apply(&name, CRD);
    // kubectl needs the CRD established before its objects.
    eventually(30, "the CRD served", || {
        crate::ops::kubectl_output(sim(), &name, &["get", "snapshots", "-A"])
            .status
            .success()
            .then_some(())
    });
    apply(&name, OBJECT);
    // Tab completes the new resource once kdeck's discovery has it (the
    // CRD watch asks again): try until it does.
    // Each try looks at what the last one typed (the screen needs a
    // moment), then types again.
    eventually(30, "snapsh completed to snapshots", || {
        if t.screen().contains(":snapshots") {
            return Some(());
        }
        t.esc();
        t.typ(":snapsh");
        t.send(b"\t");
        None
    });
    t.enter();
    let sc = t.wait(30, "the snapshot with its printer columns", |sc| {
        sc.lines()
            .any(|l| l.contains("nightly-db") && l.contains("data-db-0") && l.contains("20Gi"))
    });
    let header = sc
        .lines()
        .find(|l| l.contains("NAMESPACE") && l.contains("NAME"))
        .unwrap_or_else(|| panic!("{sc}"));
    assert!(
        header.contains("VOLUME") && header.contains("SIZE"),
        "{header}"
    );
}
