//! Nodes (cluster-scoped): kubectl's STATUS and ROLES, capacity and
//! allocatable resources.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::Node;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::{Meta, NONE, count_u32, meta};

#[derive(Debug, Clone, PartialEq)]
pub struct NodeRow {
    pub meta: Meta,
    /// kubectl STATUS: `Ready`, `NotReady` (Ready condition False or
    /// Unknown), `Unknown` (no Ready condition), plus `,SchedulingDisabled`
    /// when cordoned.
    pub status: String,
    /// kubectl ROLES: sorted, comma-separated, `<none>`.
    pub roles: String,
    /// Number of taints.
    pub taints: u32,
    /// Kubelet version (VERSION column).
    pub version: String,
    pub cpu_capacity: String,
    pub cpu_allocatable: String,
    pub memory_capacity: String,
    pub memory_allocatable: String,
    pub pods_capacity: String,
    /// First InternalIP address, `<none>` when absent.
    pub internal_ip: String,
    /// Ready condition is True.
    pub ready: bool,
    /// Not cordoned (`spec.unschedulable` unset or false).
    pub schedulable: bool,
    /// Its conditions (Ready, MemoryPressure, DiskPressure, PIDPressure,
    /// NetworkUnavailable…), for the node panel.
    pub conditions: Box<[NodeCondition]>,
    /// Its taints as `key=value:Effect`.
    pub taint_list: Box<[String]>,
}

/// A node condition: its type, status and last transition.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeCondition {
    pub kind: String,
    pub status: String,
    pub since: Option<chrono::DateTime<chrono::Utc>>,
}

fn quantity_of(map: Option<&BTreeMap<String, Quantity>>, key: &str) -> String {
    map.and_then(|m| m.get(key))
        .map(|q| q.0.clone())
        .unwrap_or_default()
}

/// kubectl's `findNodeRoles`: `node-role.kubernetes.io/<role>` label keys and
/// the value of a `kubernetes.io/role` label.
fn node_roles(labels: &super::Labels) -> String {
    let mut roles = BTreeSet::new();
    for (k, v) in labels.iter() {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.insert(role);
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.insert(v);
        }
    }
    if roles.is_empty() {
        NONE.to_string()
    } else {
        roles.into_iter().collect::<Vec<_>>().join(",")
    }
}

/// Projects a node.
pub fn node_row(n: &Node) -> NodeRow {
    let spec = n.spec.as_ref();
    let st = n.status.as_ref();
    // kubectl keys conditions by type, so the last Ready condition wins.
    let ready_cond = st
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or_default()
        .iter()
        .rev()
        .find(|c| c.type_ == "Ready");
    let ready = ready_cond.is_some_and(|c| c.status == "True");
    let schedulable = !spec.and_then(|s| s.unschedulable).unwrap_or(false);
    let mut status = match ready_cond {
        Some(_) if ready => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if !schedulable {
        status.push_str(",SchedulingDisabled");
    }
    let meta = meta(&n.metadata);
    let roles = node_roles(&meta.labels);
    let capacity = st.and_then(|s| s.capacity.as_ref());
    let allocatable = st.and_then(|s| s.allocatable.as_ref());
    NodeRow {
        status,
        roles,
        taints: count_u32(spec.and_then(|s| s.taints.as_ref()).map_or(0, Vec::len)),
        version: st
            .and_then(|s| s.node_info.as_ref())
            .map(|i| i.kubelet_version.clone())
            .unwrap_or_default(),
        cpu_capacity: quantity_of(capacity, "cpu"),
        cpu_allocatable: quantity_of(allocatable, "cpu"),
        memory_capacity: quantity_of(capacity, "memory"),
        memory_allocatable: quantity_of(allocatable, "memory"),
        pods_capacity: quantity_of(capacity, "pods"),
        internal_ip: st
            .and_then(|s| s.addresses.as_deref())
            .unwrap_or_default()
            .iter()
            .find(|a| a.type_ == "InternalIP")
            .map_or_else(|| NONE.to_string(), |a| a.address.clone()),
        ready,
        schedulable,
        conditions: st
            .and_then(|s| s.conditions.as_deref())
            .unwrap_or_default()
            .iter()
            .map(|c| NodeCondition {
                kind: c.type_.clone(),
                status: c.status.clone(),
                since: c
                    .last_transition_time
                    .as_ref()
                    .and_then(super::format::time),
            })
            .collect(),
        taint_list: spec
            .and_then(|s| s.taints.as_deref())
            .unwrap_or_default()
            .iter()
            .map(|t| match t.value.as_deref() {
                Some(v) if !v.is_empty() => format!("{}={}:{}", t.key, v, t.effect),
                _ => format!("{}:{}", t.key, t.effect),
            })
            .collect(),
        meta,
    }
}
