//! Custom resources when something is wrong, end to end on two clusters of
//! a sim of this file's own: a conversion webhook that cannot be reached
//! (said for that cluster in the view, the other cluster's rows kept,
//! cleared when its service appears), a CRD deleted while its view is open
//! (said gone, not asked for again and again, back when created again), an
//! object with a status of megabytes (a lean row, a bounded describe), and
//! a kind one context may not list (said with the pointer to `:can`, the
//! other cluster's rows kept).

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, eventually, start};

use crate::ops::{kubectl_manifest, kubectl_on, kubectl_output};
use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 2,
            pods: 20,
            namespaces: 1,
            seed: 47,
            ..SimConfig::default()
        })
    })
}

/// kdeck on `contexts`, then `:resource` typed until it opens (discovery
/// must have answered), with `ready` holding for the screen; the screen.
fn kdeck(contexts: &[&str], resource: &str, ready: impl Fn(&str) -> bool) -> (Term, String) {
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    let mut args = vec!["--kubeconfig", kc.as_str(), "-A"];
    for c in contexts {
        args.extend(["--context", c]);
    }
    let mut t = Term::spawn(&args, &[]);
    t.resize(50, 250);
    t.wait(60, "connected", |sc| sc.contains("NAME"));
    for _ in 0..10 {
        t.typ(&format!(":{resource}"));
        t.enter();
        let sc = t.wait(60, resource, |sc| {
            ready(sc) || sc.contains("unknown resource")
        });
        if ready(&sc) {
            return (t, sc);
        }
        t.esc();
    }
    panic!("{resource} never opened: {}", t.screen());
}

/// `kubectl create -f` of a manifest.
fn create(context: &str, manifest: &str) {
    kubectl_manifest(sim(), context, "create", manifest);
}

/// Waits until kubectl on `context` lists `resource` (the CRD is served).
fn served(context: &str, resource: &str) {
    eventually(30, "the CRD served", || {
        kubectl_output(sim(), context, &["get", resource, "-A"])
            .status
            .success()
            .then_some(())
    });
}

/// Widgets, served at v1 (preferred, what kdeck lists) and v1beta1
/// (stored), converted by a webhook behind `widget-conversion`.
const WIDGETS: &str = include_str!("../../sim/tests/conformance/widgets_webhook.yaml");

const WEBHOOK_SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: widget-conversion, namespace: default}\nspec: {ports: [{port: 443, targetPort: 9443}]}\n";

#[test]
fn a_failing_conversion_webhook_is_said_for_its_cluster_and_clears() {
    let (eu, us) = (sim().clusters[0].name(), sim().clusters[1].name());
    for (ctx, name) in [(eu, "w-eu"), (us, "w-us")] {
        create(ctx, WIDGETS);
        served(ctx, "widgets.v1beta1.conv.example.com");
        // Created at the stored version: nothing to convert.
        create(
            ctx,
            &format!(
                "apiVersion: conv.example.com/v1beta1\nkind: Widget\nmetadata: {{name: {name}, namespace: default}}\nspec: {{size: 3}}\n"
            ),
        );
    }
    // The first cluster's webhook answers; the second's cannot be reached.
    create(eu, WEBHOOK_SERVICE);
    let said = format!(
        "{us}: server error 500: conversion webhook for conv.example.com/v1beta1, Kind=Widget failed"
    );
    let (t, _) = kdeck(&[eu, us], "widgets.conv.example.com", |sc| {
        sc.lines().any(|l| l.starts_with(eu) && l.contains("w-eu"))
    });
    let sc = t.wait(
        60,
        "the first cluster's widget, the second's failure",
        |sc| sc.lines().any(|l| l.starts_with(eu) && l.contains("w-eu")) && sc.contains(&said),
    );
    assert!(!sc.contains("w-us"), "{sc}");
    // The second cluster's other kinds are fine: its mark in the header
    // says nothing of this resource.
    let top = sc.lines().next().unwrap_or("");
    assert!(
        top.contains(&format!("● {us}")) && !top.contains("server error"),
        "{top}"
    );
    // The webhook's service appears: the message goes, the widget comes.
    create(us, WEBHOOK_SERVICE);
    t.wait(30, "the second cluster's widget, the failure gone", |sc| {
        sc.lines().any(|l| l.starts_with(us) && l.contains("w-us"))
            && sc.lines().any(|l| l.starts_with(eu) && l.contains("w-eu"))
            && !sc.contains("conversion webhook")
    });
}

/// Gizmos (shared by the conformance and console tests).
const GIZMOS: &str = include_str!("../../sim/tests/conformance/gizmos.yaml");

fn gizmo(name: &str) -> String {
    format!(
        "apiVersion: gone.example.com/v1\nkind: Gizmo\nmetadata: {{name: {name}, namespace: default}}\n"
    )
}

#[test]
fn a_crd_deleted_while_its_view_is_open_is_said_gone_and_comes_back() {
    let (eu, us) = (sim().clusters[0].name(), sim().clusters[1].name());
    for (ctx, name) in [(eu, "g-eu"), (us, "g-us")] {
        create(ctx, GIZMOS);
        served(ctx, "gizmos.gone.example.com");
        create(ctx, &gizmo(name));
    }
    let (t, _) = kdeck(&[eu, us], "gizmos.gone.example.com", |sc| {
        sc.contains("g-eu") && sc.contains("g-us")
    });
    let log = &sim().cluster(us).log;
    let from = log.next_seq();
    kubectl_on(sim(), us, &["delete", "crd", "gizmos.gone.example.com"]);
    let gone = format!("gizmos.gone.example.com: no longer served on {us} (its CRD was deleted)");
    t.wait(30, "the second cluster's gizmos said gone", |sc| {
        sc.contains(&gone) && !sc.contains("g-us") && sc.contains("g-eu")
    });
    // Created again: watched again without a restart.
    create(us, GIZMOS);
    served(us, "gizmos.gone.example.com");
    create(us, &gizmo("g-us-2"));
    t.wait(30, "the new gizmo, the message gone", |sc| {
        sc.contains("g-us-2") && sc.contains("g-eu") && !sc.contains("no longer served")
    });
    // While it was gone kdeck did not ask for it again and again: the
    // request that found it gone (a 404), not one every few seconds.
    let missed: Vec<String> = log
        .since(from)
        .into_iter()
        .filter(|r| r.path.starts_with("/apis/gone.example.com/v1/gizmos") && r.status == 404)
        .map(|r| r.path)
        .collect();
    assert!(missed.len() <= 2, "{missed:?}");
}

const BLOBS: &str = r#"apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: blobs.e2e.kdeck.dev}
spec:
  group: e2e.kdeck.dev
  scope: Namespaced
  names: {plural: blobs, kind: Blob}
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Report, type: string, jsonPath: .status.report}
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
"#;

#[test]
fn a_status_of_megabytes_is_a_lean_row_and_a_bounded_describe() {
    let eu = sim().clusters[0].name();
    create(eu, BLOBS);
    served(eu, "blobs.e2e.kdeck.dev");
    let conditions: Vec<serde_json::Value> = (0..2000)
        .map(|i| serde_json::json!({"type": format!("Check{i}"), "status": "True", "reason": "Fine"}))
        .collect();
    let blob = serde_json::json!({"apiVersion": "e2e.kdeck.dev/v1", "kind": "Blob",
        "metadata": {"name": "big", "namespace": "default"},
        "status": {"report": format!("start-{}", "x".repeat(2 * 1024 * 1024)), "conditions": conditions}});
    create(eu, &blob.to_string());
    // The row: its cell is the report's start, cut.
    let (mut t, _) = kdeck(&[eu], "blobs.e2e.kdeck.dev", |sc| {
        sc.lines()
            .any(|l| l.contains("big") && l.contains("start-xxxx"))
    });
    t.typ("d");
    t.wait(30, "its describe", |sc| sc.contains("Conditions:"));
    t.typ("G");
    t.wait(30, "its end", |sc| sc.contains("Events:"));
    up_to(
        &mut t,
        "the conditions cut, saying how many are left out",
        "… 1700 more items not shown",
    );
    t.esc();
    t.typ("y");
    t.wait(30, "its YAML", |sc| {
        sc.contains("apiVersion: e2e.kdeck.dev/v1")
    });
    // The report last (keys in order): its start (cut after 4 KiB, where
    // it says how much is left out: describe::bound).
    t.typ("G");
    t.wait(30, "the report", |sc| sc.contains("start-xxx"));
    up_to(
        &mut t,
        "the YAML's conditions cut",
        "… 1700 more items not shown",
    );
}

/// Scrolls up a line at a time until `text` shows (the end of a long
/// text is below the screen's last line).
fn up_to(t: &mut Term, what: &str, text: &str) {
    eventually(30, what, || {
        if t.screen().contains(text) {
            return Some(());
        }
        t.typ("k");
        None
    });
}

#[test]
fn a_kind_one_context_may_not_list_points_to_can_and_the_others_keep_their_rows() {
    let (eu, us) = (sim().clusters[0].name(), sim().clusters[1].name());
    let dev = format!("{us}-dev");
    let (mut t, _) = kdeck(&[eu, &dev], "customresourcedefinitions", |sc| {
        sc.lines()
            .any(|l| l.starts_with(eu) && l.contains("certificates.cert-manager.io"))
    });
    // Wide enough for the whole message.
    t.resize(50, 320);
    t.wait(60, "the admin's CRDs, the developer refused", |sc| {
        sc.lines()
            .any(|l| l.starts_with(eu) && l.contains("certificates.cert-manager.io"))
            && sc.contains(&format!(
                "{dev}: {dev} may not list customresourcedefinitions.apiextensions.k8s.io on {dev} (:can lists what you may do); the server said: customresourcedefinitions.apiextensions.k8s.io is forbidden: User \"{dev}\" cannot list resource \"customresourcedefinitions\""
            ))
    });
}
