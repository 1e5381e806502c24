//! Revisions from ReplicaSets and ControllerRevisions.

use serde_json::json;

use super::*;

#[test]
fn a_deployments_revisions_come_from_the_replicasets_it_controls() {
    let d = json!({"metadata": {"uid": "d-1"},
        "spec": {"template": {"metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "app", "image": "web:2"}]}}}});
    let rs = |name: &str, rev: &str, image: &str, owner: &str| {
        json!({"metadata": {"name": name,
            "annotations": {"deployment.kubernetes.io/revision": rev, "kubernetes.io/change-cause": format!("to {image}")},
            "ownerReferences": [{"uid": owner, "controller": true}]},
            "spec": {"template": {"metadata": {"labels": {"app": "web", "pod-template-hash": "abc"}},
                "spec": {"containers": [{"name": "app", "image": image}]}}},
            "status": {"replicas": 3}})
    };
    let revs = of_deployment(
        &d,
        &[
            rs("b", "2", "web:2", "d-1"),
            rs("a", "1", "web:1", "d-1"),
            rs("x", "5", "web:9", "other"),
        ],
    );
    assert_eq!(revs.iter().map(|r| r.number).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(revs[0].images(), ["web:1"]);
    assert_eq!(revs[1].change_cause.as_deref(), Some("to web:2"));
    assert_eq!(revs[1].replicas, Some(3));
    // The hash label is not part of the template.
    assert!(revs[0].template["metadata"]["labels"]["pod-template-hash"].is_null());
    assert_eq!(current(&d, &revs), Some(2));
}

#[test]
fn templates_compare_like_kubectl() {
    let a = json!({"metadata": {"creationTimestamp": null, "labels": {"app": "w", "pod-template-hash": "1"}},
        "spec": {"containers": [{"name": "c", "image": "i", "resources": {}}]}});
    let b = json!({"metadata": {"labels": {"app": "w"}},
        "spec": {"containers": [{"name": "c", "image": "i"}]}});
    assert!(same_template(&a, &b));
    let c = json!({"metadata": {"labels": {"app": "w"}},
        "spec": {"containers": [{"name": "c", "image": "j"}]}});
    assert!(!same_template(&b, &c));
}
