//! The rollback patch against kubectl's algorithm and its captured request
//! (`../shared/design/wire/kubectl-rollout-undo.trace.txt`).

use serde_json::json;

use super::*;
use crate::kube::ops::history;

fn template(image: &str, hash: Option<&str>) -> Value {
    let mut labels = json!({"app": "web"});
    if let Some(h) = hash {
        labels["pod-template-hash"] = json!(h);
    }
    json!({
        "metadata": {"creationTimestamp": null, "labels": labels},
        "spec": {"containers": [{"name": "nginx", "image": image, "resources": {},
            "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
            "imagePullPolicy": "Always"}],
            "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
            "securityContext": {}, "schedulerName": "default-scheduler"}
    })
}

fn deploy(image: &str, paused: bool) -> Value {
    json!({
        "metadata": {"name": "web", "namespace": "shop", "uid": "d-1",
            "annotations": {"deployment.kubernetes.io/revision": "3",
                "kubernetes.io/change-cause": "image nginx:1.26"}},
        "spec": {"paused": paused, "template": template(image, None)}
    })
}

fn rs(name: &str, revision: &str, image: &str, cause: &str) -> Value {
    json!({
        "metadata": {"name": name, "namespace": "shop", "uid": format!("u-{name}"),
            "creationTimestamp": "2026-11-22T00:31:41Z",
            "annotations": {"deployment.kubernetes.io/desired-replicas": "5",
                "deployment.kubernetes.io/max-replicas": "7",
                "deployment.kubernetes.io/revision": revision,
                "kubernetes.io/change-cause": cause},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web",
                "uid": "d-1", "controller": true}]},
        "spec": {"template": template(image, Some(name.trim_start_matches("web-")))},
        "status": {"replicas": 0}
    })
}

fn revisions() -> Vec<Revision> {
    let d = deploy("nginx:1.26", false);
    history::of_deployment(
        &d,
        &[
            rs("web-7c5ddbdf54", "1", "nginx:1.24", "initial"),
            rs("web-5cf77c44cd", "2", "nginx:1.25", "image nginx:1.25"),
            rs("web-6d8f9b7c4a", "3", "nginx:1.26", "image nginx:1.26"),
            // Not controlled by this deployment: ignored.
            json!({"metadata": {"name": "other", "annotations": {"deployment.kubernetes.io/revision": "9"}},
                "spec": {"template": template("x", None)}}),
        ],
    )
}

#[test]
fn the_previous_revision_is_the_second_highest_and_the_patch_is_kubectls() {
    let d = deploy("nginx:1.26", false);
    let undo = deployment(&d, &revisions(), 0).expect("a patch");
    assert_eq!(undo.to, 2);
    assert_eq!(undo.content_type, "application/json-patch+json");
    // The body kubectl sent for the same rollback, as captured.
    let kubectl: Value = serde_json::from_str(
        r#"[{"op":"replace","path":"/spec/template","value":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.25","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"Always"}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}}},{"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"3","kubernetes.io/change-cause":"image nginx:1.25"}}]"#,
    )
    .unwrap();
    assert_eq!(undo.body, kubectl);
}

#[test]
fn a_named_revision_or_kubectls_refusals() {
    let d = deploy("nginx:1.26", false);
    assert_eq!(deployment(&d, &revisions(), 1).unwrap().to, 1);
    assert_eq!(
        deployment(&d, &revisions(), 7).unwrap_err().0,
        "unable to find specified revision 7 in history"
    );
    assert_eq!(
        deployment(&d, &revisions(), 3).unwrap_err().0,
        "skipped rollback (current template already matches revision 3)"
    );
    let paused = deploy("nginx:1.26", true);
    assert!(
        deployment(&paused, &revisions(), 0).unwrap_err().0
            == "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
    );
    let alone = history::of_deployment(&d, &[rs("web-6d8f9b7c4a", "3", "nginx:1.26", "x")]);
    assert_eq!(
        deployment(&d, &alone, 0).unwrap_err().0,
        "no rollout history found for deployment \"web\""
    );
}

#[test]
fn statefulsets_roll_back_to_a_controller_revisions_data() {
    let sts = json!({"metadata": {"name": "db", "uid": "s-1"},
        "spec": {"template": template("postgres:16", None)}});
    let cr = |n: i64, image: &str| {
        let mut t = template(image, None);
        t["$patch"] = json!("replace");
        json!({"metadata": {"name": format!("db-{n}"), "ownerReferences": [{"uid": "s-1", "controller": true}]},
            "revision": n, "data": {"spec": {"template": t}}})
    };
    let revs =
        history::of_controller_revisions(&sts, &[cr(1, "postgres:15"), cr(2, "postgres:16")]);
    let undo = from_controller_revision(&sts, &revs, 0).expect("a patch");
    assert_eq!(undo.to, 1);
    assert_eq!(undo.content_type, "application/strategic-merge-patch+json");
    assert_eq!(undo.body["spec"]["template"]["$patch"], "replace");
    assert_eq!(
        undo.body["spec"]["template"]["spec"]["containers"][0]["image"],
        "postgres:15"
    );
    assert_eq!(
        from_controller_revision(&sts, &revs, 2).unwrap_err().0,
        "skipped rollback (current template already matches revision 2)"
    );
    let one = history::of_controller_revisions(&sts, &[cr(2, "postgres:16")]);
    assert_eq!(
        from_controller_revision(&sts, &one, 0).unwrap_err().0,
        "no last revision to roll back to"
    );
}
