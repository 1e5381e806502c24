use chrono::Utc;
use k8s_openapi::api::core::v1::Pod;
use serde_json::{Value, json};

use super::LeanPod;
use crate::kube::rows::pod_row;

/// The row projected from the lean decoding equals the one projected from
/// the whole typed object, and the watcher's metadata survives.
fn assert_same(v: &Value) {
    let text = v.to_string();
    let full: Pod = serde_json::from_str(&text).unwrap();
    let lean: LeanPod = serde_json::from_str(&text).unwrap();
    assert_eq!(pod_row(&lean.0), pod_row(&full), "{text}");
    assert_eq!(
        lean.0.metadata.resource_version,
        full.metadata.resource_version
    );
}

/// Every pod of generated clusters (running, pending, crash-looping,
/// init containers, image pull failures, evicted, completed, ...) and the
/// hostile ones.
#[test]
fn lean_and_full_decoding_project_the_same_rows() {
    use kdeck_sim::cluster::{Cluster, ClusterSpec};
    use kdeck_sim::controllers::Controllers;
    let mut seen = 0;
    for index in 0..3 {
        let spec = ClusterSpec {
            name: kdeck_sim::world::catalog::cluster_name(index),
            nodes: 6,
            namespaces: 4,
            pods: 300,
            seed: 11,
            metrics: true,
            history: 100,
            log_rate: 0.0,
            events: 0,
        };
        let c = Cluster::new(spec, Utc::now());
        kdeck_sim::world::populate(&c, index, &mut Controllers::default());
        kdeck_sim::world::hostile::add(&c);
        let store = c.store.lock();
        for p in store.list("pods", None) {
            assert_same(p);
            seen += 1;
        }
    }
    assert!(seen > 600, "{seen} pods");
}

/// The real API server's answer (with managedFields, volumes, tolerations:
/// all skipped).
#[test]
fn real_server_pod() {
    let wire = include_str!("testdata/pod.json");
    let v: Value = serde_json::from_str(wire).unwrap();
    assert!(v["metadata"]["managedFields"].is_array());
    assert_same(&v);
}

/// Cases the generated clusters may not have: sidecar init containers,
/// a terminated container without a reason, deletion, node lost, gated
/// scheduling, nulls where objects are expected.
#[test]
fn odd_pods() {
    let sidecar = json!({
        "metadata": {"name": "a", "namespace": "n", "uid": "u", "resourceVersion": "9",
            "creationTimestamp": "2026-01-01T00:00:00Z",
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "x", "controller": true}]},
        "spec": {"nodeName": "n1",
            "initContainers": [{"name": "proxy", "restartPolicy": "Always"}, {"name": "init"}],
            "containers": [{"name": "app", "resources": {"requests": {"cpu": "250m", "memory": "64Mi"}, "limits": {"cpu": "1", "memory": "128Mi"}}}]},
        "status": {"phase": "Running", "podIPs": [{"ip": "10.0.0.1"}], "podIP": "10.0.0.1",
            "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "False"}],
            "initContainerStatuses": [
                {"name": "proxy", "ready": true, "started": true, "restartCount": 2, "image": "i", "imageID": "",
                 "state": {"running": {"startedAt": "2026-01-01T00:01:00Z"}},
                 "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-01-01T00:00:50Z"}}},
                {"name": "init", "ready": false, "restartCount": 0, "image": "i", "imageID": "",
                 "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}],
            "containerStatuses": [
                {"name": "app", "ready": false, "restartCount": 5, "image": "i", "imageID": "",
                 "state": {"terminated": {"exitCode": 0, "signal": 9}},
                 "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "finishedAt": "2026-01-01T00:02:00Z"}}}]}
    });
    assert_same(&sidecar);
    let mut gone = sidecar.clone();
    gone["metadata"]["deletionTimestamp"] = json!("2026-01-01T00:03:00Z");
    gone["status"]["reason"] = json!("NodeLost");
    assert_same(&gone);
    let gated = json!({
        "metadata": {"name": "g", "namespace": "n", "labels": {"app": "g"}},
        "spec": {"containers": [{"name": "c"}], "nodeName": null},
        "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}],
            "containerStatuses": null}
    });
    assert_same(&gated);
    let init_failing = json!({
        "metadata": {"name": "i", "namespace": "n"},
        "spec": {"initContainers": [{"name": "a"}, {"name": "b"}], "containers": [{"name": "c"}]},
        "status": {"phase": "Pending",
            "initContainerStatuses": [{"name": "a", "ready": false, "restartCount": 3, "image": "i", "imageID": "",
                "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off"}}}]}
    });
    assert_same(&init_failing);
    assert_same(&json!({"metadata": {"name": "bare"}}));
}

/// A pod's claims (what a PVC's drill-down finds): persistent volume
/// claims and an ephemeral volume's claim, the other volumes skipped.
#[test]
fn claims_of_a_pod() {
    let v = json!({
        "metadata": {"name": "db-0", "namespace": "n"},
        "spec": {"containers": [{"name": "c"}], "volumes": [
            {"name": "data", "persistentVolumeClaim": {"claimName": "data-db-0", "readOnly": true}},
            {"name": "cfg", "configMap": {"name": "db"}},
            {"name": "scratch", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"]}}}},
            {"name": "tmp", "emptyDir": {}}]}
    });
    assert_same(&v);
    let lean: LeanPod = serde_json::from_value(v).unwrap();
    let row = pod_row(&lean.0);
    let claims: Vec<&str> = row.claims.iter().map(|c| &**c).collect();
    assert_eq!(claims, ["data-db-0", "db-0-scratch"]);
}
