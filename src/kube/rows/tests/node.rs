use k8s_openapi::api::core::v1::Node;
use serde_json::{Value, json};

use super::from;
use crate::kube::rows::{NodeRow, node_row};

fn node(v: Value) -> NodeRow {
    node_row(&from::<Node>(v))
}

#[test]
fn node_ready_with_roles_and_resources() {
    let r = node(json!({
        "metadata": {"name": "n1", "labels": {
            "node-role.kubernetes.io/control-plane": "",
            "node-role.kubernetes.io/master": "",
            "node-role.kubernetes.io/": "",
            "kubernetes.io/role": "etcd",
            "kubernetes.io/hostname": "n1"}},
        "spec": {"taints": [
            {"key": "a", "effect": "NoSchedule"}, {"key": "b", "effect": "NoExecute"}]},
        "status": {
            "conditions": [
                {"type": "MemoryPressure", "status": "False"},
                {"type": "Ready", "status": "True"}],
            "addresses": [
                {"type": "Hostname", "address": "n1"},
                {"type": "InternalIP", "address": "192.168.1.10"},
                {"type": "InternalIP", "address": "192.168.1.11"}],
            "capacity": {"cpu": "8", "memory": "32Gi", "pods": "110"},
            "allocatable": {"cpu": "7800m", "memory": "31Gi", "pods": "110"},
            "nodeInfo": {"kubeletVersion": "v1.36.0", "machineID": "", "systemUUID": "",
                "bootID": "", "kernelVersion": "", "osImage": "",
                "containerRuntimeVersion": "", "kubeProxyVersion": "",
                "operatingSystem": "linux", "architecture": "amd64"}
        }
    }));
    assert_eq!(r.status, "Ready");
    assert!(r.ready && r.schedulable);
    assert_eq!(r.roles, "control-plane,etcd,master");
    assert_eq!(r.taints, 2);
    assert_eq!(r.version, "v1.36.0");
    assert_eq!(r.cpu_capacity, "8");
    assert_eq!(r.cpu_allocatable, "7800m");
    assert_eq!(r.memory_capacity, "32Gi");
    assert_eq!(r.memory_allocatable, "31Gi");
    assert_eq!(r.pods_capacity, "110");
    assert_eq!(r.internal_ip, "192.168.1.10");
}

#[test]
fn node_status_variants() {
    let r = node(json!({"metadata": {"name": "n"},
        "spec": {"unschedulable": true},
        "status": {"conditions": [{"type": "Ready", "status": "False"}]}}));
    assert_eq!(r.status, "NotReady,SchedulingDisabled");
    assert!(!r.ready && !r.schedulable);
    assert_eq!(r.roles, "<none>");
    assert_eq!(r.taints, 0);
    assert_eq!(r.internal_ip, "<none>");

    let r = node(json!({"metadata": {"name": "n"},
        "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}}));
    assert_eq!(r.status, "NotReady");

    let r = node(json!({"metadata": {"name": "n"}}));
    assert_eq!(r.status, "Unknown");
    assert!(!r.ready && r.schedulable);
    assert_eq!(r.version, "");
    assert_eq!(r.cpu_capacity, "");

    let r = node(json!({"metadata": {"name": "n"}, "spec": {"unschedulable": true}}));
    assert_eq!(r.status, "Unknown,SchedulingDisabled");

    // Duplicate conditions: the last one wins (kubectl keys by type).
    let r = node(json!({"metadata": {"name": "n"}, "status": {"conditions": [
        {"type": "Ready", "status": "False"}, {"type": "Ready", "status": "True"}]}}));
    assert_eq!(r.status, "Ready");
}
