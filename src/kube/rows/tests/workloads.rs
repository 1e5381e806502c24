use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use serde_json::json;

use super::from;
use crate::kube::rows::{daemonset_row, deployment_row, replicaset_row, statefulset_row};

#[test]
fn deployment_projection() {
    let d: Deployment = from(json!({
        "metadata": {"name": "web", "namespace": "prod"},
        "spec": {"replicas": 3,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"spec": {"containers": [
                {"name": "a", "image": "nginx:1"}, {"name": "b", "image": "envoy:2"}]}}},
        "status": {"replicas": 3, "readyReplicas": 2, "updatedReplicas": 3,
                   "availableReplicas": 2}
    }));
    let r = deployment_row(&d);
    assert_eq!((r.desired, r.ready, r.updated, r.available), (3, 2, 3, 2));
    assert_eq!(r.selector.get("app").map(String::as_str), Some("web"));
    assert_eq!(r.images, vec!["nginx:1".to_string(), "envoy:2".to_string()]);
    assert!(r.unhealthy);

    let ok: Deployment = from(json!({
        "metadata": {"name": "web"},
        "spec": {"selector": {}, "template": {}},
        "status": {"readyReplicas": 1, "availableReplicas": 1, "updatedReplicas": 1}
    }));
    let r = deployment_row(&ok);
    assert_eq!(r.desired, 1);
    assert!(!r.unhealthy);

    let scaled_down: Deployment = from(json!({
        "metadata": {"name": "web"},
        "spec": {"replicas": 0, "selector": {}, "template": {}}
    }));
    assert!(!deployment_row(&scaled_down).unhealthy);

    let bare: Deployment = from(json!({"metadata": {"name": "x"}}));
    let r = deployment_row(&bare);
    assert_eq!((r.desired, r.ready), (0, 0));
    assert!(r.images.is_empty());
    assert!(!r.unhealthy);
}

#[test]
fn statefulset_projection() {
    let s: StatefulSet = from(json!({
        "metadata": {"name": "db"},
        "spec": {"replicas": 3, "serviceName": "db",
            "selector": {"matchLabels": {"app": "db"}},
            "template": {"spec": {"containers": [{"name": "pg", "image": "postgres:16"}]}}},
        "status": {"replicas": 3, "readyReplicas": 3}
    }));
    let r = statefulset_row(&s);
    assert_eq!((r.desired, r.ready), (3, 3));
    assert_eq!(r.images, vec!["postgres:16".to_string()]);
    assert!(!r.unhealthy);
    let s: StatefulSet = from(json!({
        "metadata": {"name": "db"},
        "spec": {"replicas": 2, "selector": {}, "template": {}},
        "status": {"replicas": 2}
    }));
    assert!(statefulset_row(&s).unhealthy);
}

#[test]
fn daemonset_projection() {
    let d: DaemonSet = from(json!({
        "metadata": {"name": "agent"},
        "spec": {"selector": {"matchLabels": {"app": "agent"}},
            "template": {"spec": {
                "nodeSelector": {"zone": "a", "kubernetes.io/os": "linux"},
                "containers": [{"name": "c", "image": "agent:1"}]}}},
        "status": {"desiredNumberScheduled": 5, "currentNumberScheduled": 5,
                   "numberReady": 4, "updatedNumberScheduled": 5, "numberAvailable": 4,
                   "numberMisscheduled": 0}
    }));
    let r = daemonset_row(&d);
    assert_eq!(
        (r.desired, r.current, r.ready, r.updated, r.available),
        (5, 5, 4, 5, 4)
    );
    assert_eq!(r.node_selector, "kubernetes.io/os=linux,zone=a");
    assert!(r.unhealthy);
    assert_eq!(r.images, vec!["agent:1".to_string()]);

    let d: DaemonSet = from(json!({"metadata": {"name": "x"},
        "spec": {"selector": {}, "template": {}}}));
    let r = daemonset_row(&d);
    assert_eq!(r.node_selector, "<none>");
    assert!(!r.unhealthy);
}

#[test]
fn replicaset_projection() {
    let rs: ReplicaSet = from(json!({
        "metadata": {"name": "web-abc",
            "annotations": {"deployment.kubernetes.io/revision": "7"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
                "name": "web", "uid": "1", "controller": true}]},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
            "template": {"spec": {"containers": [{"name": "c", "image": "web:7"}]}}},
        "status": {"replicas": 2, "readyReplicas": 1}
    }));
    let r = replicaset_row(&rs);
    assert_eq!((r.desired, r.current, r.ready), (2, 2, 1));
    assert_eq!(r.revision.as_deref(), Some("7"));
    assert_eq!(
        r.owner.as_ref().map(|o| o.kind.as_str()),
        Some("Deployment")
    );
    assert_eq!(r.images, vec!["web:7".to_string()]);
    assert!(r.unhealthy);

    let old: ReplicaSet = from(json!({"metadata": {"name": "web-old"},
        "spec": {"replicas": 0, "selector": {}}, "status": {"replicas": 0}}));
    let r = replicaset_row(&old);
    assert!(!r.unhealthy);
    assert_eq!(r.revision, None);
    assert!(r.images.is_empty());
}
