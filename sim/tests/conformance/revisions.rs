//! ControllerRevisions: kubectl's rollout history and undo of StatefulSets
//! and DaemonSets, as on a real cluster.

use crate::common::{Shared, create_from, eventually, fails_on, names, ok_on, ops};

const CTX: &str = "prod-eu";

fn ok(args: &[&str]) -> String {
    ok_on(ops(), CTX, args)
}

fn set_up_namespace(s: &Shared, ns: &str) {
    let _ = crate::common::kubectl_on(s, CTX, &["delete", "ns", ns, "--wait=true"]);
    eventually(30, "the old namespace to go", || {
        let out = crate::common::kubectl_on(s, CTX, &["get", "ns", ns]);
        (!out.status.success()).then_some(())
    });
    ok(&["create", "ns", ns]);
}

/// `kubectl rollout history` revision numbers.
fn revisions(kind_name: &str, ns: &str) -> Vec<String> {
    let out = ok(&["rollout", "history", kind_name, "-n", ns]);
    out.lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

fn rollout_status(kind_name: &str, ns: &str) {
    ok(&["rollout", "status", kind_name, "-n", ns, "--timeout=90s"]);
}

#[test]
fn statefulset_history_undo_and_history_limit() {
    let s = ops();
    let ns = "ops-sts";
    set_up_namespace(s, ns);
    create_from(
        s,
        CTX,
        r#"{"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": "ops-sts",
            "annotations": {"kubernetes.io/change-cause": "first install"}},
          "spec": {"replicas": 2, "serviceName": "db", "revisionHistoryLimit": 2,
            "selector": {"matchLabels": {"app": "db"}},
            "template": {"metadata": {"labels": {"app": "db"}},
              "spec": {"containers": [{"name": "db", "image": "nginx:1.25.4"}]}}}}"#,
    );
    rollout_status("sts/db", ns);
    let crs = ok(&["get", "controllerrevisions", "-n", ns]);
    let header: Vec<&str> = crs.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["NAME", "CONTROLLER", "REVISION", "AGE"], "{crs}");
    let first = names(&crs);
    assert_eq!(first.len(), 1, "{crs}");
    assert!(crs.contains("statefulset.apps/db"), "{crs}");
    assert_eq!(revisions("sts/db", ns), ["1"]);
    let history = ok(&["rollout", "history", "sts/db", "-n", ns]);
    assert!(history.contains("first install"), "{history}");

    ok(&["set", "image", "sts/db", "-n", ns, "db=nginx:1.26.2"]);
    rollout_status("sts/db", ns);
    assert_eq!(revisions("sts/db", ns), ["1", "2"]);
    let rev1 = ok(&["rollout", "history", "sts/db", "-n", ns, "--revision=1"]);
    assert!(rev1.contains("Image:\tnginx:1.25.4"), "{rev1}");

    // Undo goes back to revision 1, which comes back as 3.
    let out = ok(&["rollout", "undo", "sts/db", "-n", ns]);
    assert_eq!(out.trim(), "statefulset.apps/db rolled back");
    rollout_status("sts/db", ns);
    assert_eq!(revisions("sts/db", ns), ["2", "3"]);
    let image = ok(&[
        "get",
        "pods",
        "-n",
        ns,
        "-l",
        "app=db",
        "-o",
        "jsonpath={.items[*].spec.containers[0].image}",
    ]);
    assert_eq!(image, "nginx:1.25.4 nginx:1.25.4");
    let status = ok(&[
        "get",
        "sts",
        "db",
        "-n",
        ns,
        "-o",
        "jsonpath={.status.currentRevision} {.status.updateRevision}",
    ]);
    let (current, update) = status.split_once(' ').unwrap();
    assert_eq!(current, update, "{status}");
    assert_eq!(update, first[0], "revision 1 renumbered, not recreated");
    let labels = ok(&[
        "get",
        "pods",
        "-n",
        ns,
        "-l",
        "app=db",
        "-o",
        "jsonpath={.items[*].metadata.labels.controller-revision-hash}",
    ]);
    assert!(labels.split_whitespace().all(|l| l == update), "{labels}");

    // The live template already is revision 3.
    let out = ok(&["rollout", "undo", "sts/db", "-n", ns, "--to-revision=3"]);
    assert_eq!(
        out.trim(),
        "statefulset.apps/db skipped rollback (current template already matches revision 3)"
    );
    let err = fails_on(
        s,
        CTX,
        &["rollout", "undo", "sts/db", "-n", ns, "--to-revision=9"],
    );
    assert!(
        err.contains("unable to find specified revision 9 in history"),
        "{err}"
    );

    // A server dry run changes nothing.
    let out = ok(&[
        "rollout",
        "undo",
        "sts/db",
        "-n",
        ns,
        "--to-revision=2",
        "--dry-run=server",
    ]);
    assert!(out.contains("rolled back (server dry run)"), "{out}");
    assert_eq!(revisions("sts/db", ns), ["2", "3"]);

    // Beyond revisionHistoryLimit (2) the oldest unused revisions go.
    for image in ["nginx:1.27.2", "nginx:1.26.1", "nginx:1.27.1"] {
        ok(&["set", "image", "sts/db", "-n", ns, &format!("db={image}")]);
        rollout_status("sts/db", ns);
    }
    eventually(20, "old revisions pruned", || {
        (revisions("sts/db", ns) == ["4", "5", "6"]).then_some(())
    });
}

#[test]
fn daemonset_history_and_undo() {
    let s = ops();
    let ns = "ops-ds";
    set_up_namespace(s, ns);
    create_from(
        s,
        CTX,
        r#"{"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "ops-ds"},
          "spec": {"selector": {"matchLabels": {"app": "agent"}},
            "template": {"metadata": {"labels": {"app": "agent"}},
              "spec": {"containers": [{"name": "agent", "image": "busybox:1.36", "command": ["sleep", "infinity"]}]}}}}"#,
    );
    rollout_status("ds/agent", ns);
    ok(&["set", "image", "ds/agent", "-n", ns, "agent=busybox:1.37"]);
    rollout_status("ds/agent", ns);
    assert_eq!(revisions("ds/agent", ns), ["1", "2"]);
    let out = ok(&["rollout", "undo", "ds/agent", "-n", ns, "--to-revision=1"]);
    assert_eq!(out.trim(), "daemonset.apps/agent rolled back");
    rollout_status("ds/agent", ns);
    assert_eq!(revisions("ds/agent", ns), ["2", "3"]);
    let out = ok(&["rollout", "undo", "ds/agent", "-n", ns, "--to-revision=3"]);
    assert!(
        out.contains("skipped rollback (current template already matches revision 3)"),
        "{out}"
    );
    // Once the old pods have finished terminating, all run revision 1's image.
    eventually(30, "only busybox:1.36 pods", || {
        let images = ok(&[
            "get",
            "pods",
            "-n",
            ns,
            "-o",
            "jsonpath={.items[*].spec.containers[0].image}",
        ]);
        images
            .split_whitespace()
            .all(|i| i == "busybox:1.36")
            .then_some(())
    });
    // The revisions belong to the DaemonSet and go with it.
    ok(&["delete", "ds", "agent", "-n", ns]);
    eventually(20, "the revisions garbage-collected", || {
        let left = ok(&[
            "get",
            "controllerrevisions",
            "-n",
            ns,
            "--no-headers",
            "--ignore-not-found",
        ]);
        left.trim().is_empty().then_some(())
    });
}

#[test]
fn generated_statefulsets_and_daemonsets_have_history() {
    let s = ops();
    assert_eq!(revisions("sts/postgres", "shop"), ["1", "2"]);
    let rev1 = ok(&[
        "rollout",
        "history",
        "sts/postgres",
        "-n",
        "shop",
        "--revision=1",
    ]);
    assert!(rev1.contains("Image:\tpostgres:16.3"), "{rev1}");
    let out = ok(&[
        "rollout",
        "undo",
        "ds/kube-proxy",
        "-n",
        "kube-system",
        "--to-revision=2",
    ]);
    assert!(
        out.contains("skipped rollback (current template already matches revision 2)"),
        "{out}"
    );
    let viewer = ok_on(s, "prod-eu-viewer", &["get", "controllerrevisions", "-A"]);
    assert!(viewer.contains("daemonset.apps/node-exporter"), "{viewer}");
}
