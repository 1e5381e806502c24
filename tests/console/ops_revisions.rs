//! StatefulSet and DaemonSet rollback from the history view, end to end:
//! the history read from ControllerRevisions, the rollback to revision 1
//! sent as kubectl sends it (the revision's `data` as a strategic-merge
//! patch, one dry run first), leaving the template `kubectl rollout undo
//! --to-revision=1` leaves on an identical twin; kubectl's history, the
//! journal and the sim's request log as witnesses.

use kdeck_sim::testing::{Shared, eventually};
use serde_json::{Value, json};

use crate::ops::{journal, kdeck_on, kubectl_on, own_sim, select};

const CTX: &str = "prod-eu";
const NS: &str = "default";

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    own_sim(&SIM, 30, 47)
}

fn kubectl(args: &[&str]) -> String {
    kubectl_on(sim(), CTX, args)
}

/// A JSONPath over the ControllerRevisions of set `name`.
fn of_revisions(name: &str, path: &str) -> String {
    kubectl(&[
        "get",
        "controllerrevisions",
        "-n",
        NS,
        "-l",
        &format!("app={name}"),
        "-o",
        &format!("jsonpath={path}"),
    ])
}

/// The revision numbers of set `name`'s ControllerRevisions, in order.
fn revisions(name: &str) -> Vec<i64> {
    let out = of_revisions(name, "{.items[*].revision}");
    let mut revs: Vec<i64> = out
        .split_whitespace()
        .filter_map(|r| r.parse().ok())
        .collect();
    revs.sort();
    revs
}

/// A `kind` (StatefulSet or DaemonSet) `name` with image nginx:1.25.0,
/// then two image changes: revisions 1, 2 and 3.
fn with_history(kind: &str, name: &str) {
    let mut spec = json!({"selector": {"matchLabels": {"app": name}},
        "template": {"metadata": {"labels": {"app": name}},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.25.0"}]}}});
    if kind == "StatefulSet" {
        spec["replicas"] = json!(1);
        spec["serviceName"] = json!(name);
    }
    let manifest = json!({"apiVersion": "apps/v1", "kind": kind,
        "metadata": {"name": name, "namespace": NS}, "spec": spec});
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("set.json");
    std::fs::write(&file, manifest.to_string()).unwrap();
    kubectl(&["create", "--validate=false", "-f", file.to_str().unwrap()]);
    let target = format!("{}/{name}", kind.to_lowercase());
    for (n, image) in [(1, ""), (2, "nginx:1.26.0"), (3, "nginx:1.27.0")] {
        if !image.is_empty() {
            kubectl(&["set", "image", &target, "-n", NS, &format!("app={image}")]);
        }
        eventually(20, "the controller's revision", || {
            (revisions(name).len() == n).then_some(())
        });
    }
}

/// A set's pod template as the server holds it, its own name replaced.
fn template(kind: &str, name: &str) -> Value {
    let out = kubectl(&["get", kind, name, "-n", NS, "-o", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let mut t = v["spec"]["template"].clone();
    t["metadata"]["labels"]["app"] = json!("x");
    t
}

/// Roll `name` back to revision 1 from kdeck's history view, its twin with
/// kubectl, and compare.
fn rollback_from_history(kind: &str, view: &str, name: &str, twin: &str) {
    let (singular, plural) = (kind.to_lowercase(), format!("{}s", kind.to_lowercase()));
    for n in [name, twin] {
        with_history(kind, n);
    }
    let revision_1 = of_revisions(name, "{.items[?(@.revision==1)].data}");
    let revision_1: Value = serde_json::from_str(&revision_1).unwrap();
    let (mut t, journal_path) = kdeck_on(sim(), &[CTX], view, &[]);
    select(&mut t, name);
    t.typ("h");
    let h = t.wait(20, "three revisions", |sc| {
        ["3 (now)", "2 ", "1 "]
            .iter()
            .all(|r| sc.lines().any(|l| l.starts_with(r)))
    });
    assert!(
        h.contains("nginx:1.25.0") && h.contains("nginx:1.27.0"),
        "{h}"
    );
    let from = sim().cluster(CTX).log.next_seq();
    // The oldest is last.
    t.typ("G");
    t.typ("u");
    let confirm = t.wait(20, "the confirmation", |sc| {
        sc.contains("server dry run: admitted")
    });
    assert!(
        confirm.contains(&format!(
            "{singular}/{name}: rollback: revision 3 → 1 (images nginx:1.27.0 → nginx:1.25.0)"
        )),
        "{confirm}"
    );
    t.typ(name);
    t.enter();
    t.wait(30, "the history renumbered", |sc| {
        sc.lines().any(|l| l.starts_with("4 (now)"))
    });
    kubectl(&[
        "rollout",
        "undo",
        &format!("{singular}/{twin}"),
        "-n",
        NS,
        "--to-revision=1",
    ]);
    eventually(20, "both histories renumbered", || {
        (revisions(name) == [2, 3, 4] && revisions(twin) == [2, 3, 4]).then_some(())
    });
    assert_eq!(
        template(&singular, name),
        template(&singular, twin),
        "kdeck's rollback leaves what kubectl rollout undo leaves"
    );
    assert_eq!(
        template(&singular, name)["spec"]["containers"][0]["image"],
        "nginx:1.25.0"
    );
    // One dry run, then one patch of the set; nothing else was written.
    let writes: Vec<(String, String, bool)> = sim()
        .cluster(CTX)
        .requests(from)
        .into_iter()
        .filter(|r| r.is_mutation() && r.name == name)
        .map(|r| (r.method.clone(), r.resource.clone(), r.dry_run))
        .collect();
    let patch = |dry| ("PATCH".to_string(), plural.clone(), dry);
    assert_eq!(writes, [patch(true), patch(false)]);
    // What was sent is revision 1's data, as a strategic-merge patch.
    let lines = journal(&journal_path);
    let attempt = lines
        .iter()
        .find(|l| l["phase"] == "attempt")
        .expect("the attempt journaled");
    assert_eq!(
        attempt["request"]["content_type"],
        "application/strategic-merge-patch+json"
    );
    assert_eq!(attempt["request"]["body"], revision_1);
}

#[test]
fn statefulset_rollback_from_the_history_equals_kubectls_undo() {
    rollback_from_history("StatefulSet", "sts", "web-db", "twin-db");
}

#[test]
fn daemonset_rollback_from_the_history_equals_kubectls_undo() {
    rollback_from_history("DaemonSet", "ds", "node-agent", "twin-agent");
}
