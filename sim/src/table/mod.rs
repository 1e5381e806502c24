//! Server-side `Table` rendering for the simulated API server.
//!
//! kubectl (and Table-based TUIs) ask for
//! `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` and print whatever
//! columns the server sends. This module renders those Tables the way
//! kube-apiserver's built-in printers do: the same column definitions (name,
//! type, format, description, priority), the same cell values and JSON types
//! (some cells are integers, most are strings), and the same row `object`
//! (a `PartialObjectMetadata` by default).
//!
//! The server always prints "wide" rows: priority-1 cells are included and
//! clients hide them unless asked for `-o wide`.
//!
//! Objects may come from users, so every field may be missing or of the wrong
//! JSON type. Nothing here panics: missing data prints the way the real
//! printer prints a zero value, and where the real API server would always
//! have filled a field in by defaulting (a Service's `type`, a Deployment's
//! `spec.replicas`, ...) the default is assumed.

pub(crate) mod cluster_kinds;
pub(crate) mod columns;
mod events;
mod format;
mod generic;
mod json_access;
mod network;
mod nodes;
mod pods;
mod policy;
mod printer;
mod quota;
mod storage;
#[cfg(test)]
mod tests;
mod workloads;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

pub use columns::columns;
pub use format::{age, human_duration};
use generic::{
    configmap_cells, default_cells, namespace_cells, secret_cells, serviceaccount_cells,
};
use printer::{Printer, printer};
use workloads::{
    cronjob_cells, daemonset_cells, deployment_cells, job_cells, replicaset_cells,
    statefulset_cells,
};

/// Which form of the object each row carries (`?includeObject=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncludeObject {
    /// No object: the row has only its cells.
    None,
    /// A `PartialObjectMetadata` holding the object's metadata (the default).
    Metadata,
    /// The whole object.
    Object,
}

impl IncludeObject {
    /// Parses the `includeObject` query parameter; anything but `None` or
    /// `Object` means the default, `Metadata`.
    pub fn parse(s: Option<&str>) -> IncludeObject {
        match s {
            Some("None") => IncludeObject::None,
            Some("Object") => IncludeObject::Object,
            _ => IncludeObject::Metadata,
        }
    }
}
// ---------------------------------------------------------------------------
// Rows and tables
// ---------------------------------------------------------------------------

/// One row for one object: `{"cells":[...], "object": ...}`, plus the
/// `conditions` the real printer attaches to finished pods.
pub fn row(
    group: &str,
    resource: &str,
    obj: &Value,
    now: DateTime<Utc>,
    include: IncludeObject,
) -> Value {
    let (cells, conditions) = match printer(group, resource) {
        Printer::Pod => pods::pod_row(obj, now),
        Printer::Namespace => (namespace_cells(obj, now), None),
        Printer::Node => (nodes::node_cells(obj, now), None),
        Printer::Service => (network::service_cells(obj, now), None),
        Printer::ConfigMap => (configmap_cells(obj, now), None),
        Printer::Secret => (secret_cells(obj, now), None),
        Printer::ServiceAccount => (serviceaccount_cells(obj, now), None),
        Printer::PersistentVolumeClaim => (storage::pvc_cells(obj, now), None),
        Printer::Event => (events::event_cells(group, obj, now), None),
        Printer::ResourceQuota => (quota::quota_cells(obj, now), None),
        Printer::Deployment => (deployment_cells(obj, now), None),
        Printer::ReplicaSet => (replicaset_cells(obj, now), None),
        Printer::StatefulSet => (statefulset_cells(obj, now), None),
        Printer::DaemonSet => (daemonset_cells(obj, now), None),
        Printer::Job => (job_cells(obj, now), None),
        Printer::CronJob => (cronjob_cells(obj, now), None),
        Printer::ControllerRevision => (policy::controller_revision_cells(obj, now), None),
        Printer::PodDisruptionBudget => (policy::pdb_cells(obj, now), None),
        Printer::HorizontalPodAutoscaler => (policy::hpa_cells(obj, now), None),
        Printer::ReplicationController => (workloads::replicationcontroller_cells(obj, now), None),
        Printer::Ingress => (cluster_kinds::ingress_cells(obj, now), None),
        Printer::IngressClass => (cluster_kinds::ingressclass_cells(obj, now), None),
        Printer::PersistentVolume => (cluster_kinds::pv_cells(obj, now), None),
        Printer::StorageClass => (cluster_kinds::storageclass_cells(obj, now), None),
        Printer::RoleBinding => (cluster_kinds::rolebinding_cells(obj, now), None),
        Printer::Endpoints => (cluster_kinds::endpoints_cells(obj, now), None),
        Printer::EndpointSlice => (cluster_kinds::endpointslice_cells(obj, now), None),
        Printer::NetworkPolicy => (cluster_kinds::networkpolicy_cells(obj, now), None),
        Printer::PriorityClass => (cluster_kinds::priorityclass_cells(obj, now), None),
        Printer::Default => (default_cells(obj), None),
    };
    let mut out = Map::new();
    out.insert("cells".to_string(), Value::Array(cells));
    if let Some(conditions) = conditions {
        out.insert("conditions".to_string(), conditions);
    }
    match include {
        IncludeObject::None => {}
        IncludeObject::Metadata => {
            out.insert("object".to_string(), partial_object_metadata(obj));
        }
        IncludeObject::Object => {
            out.insert("object".to_string(), obj.clone());
        }
    }
    Value::Object(out)
}

/// A whole Table: `{"kind":"Table","apiVersion":"meta.k8s.io/v1",
/// "metadata":{"resourceVersion": rv},"columnDefinitions":...,"rows":[...]}`.
/// The caller adds `metadata.continue` / `metadata.remainingItemCount` when
/// paging. An empty resource version is left out, as the real server does.
pub fn table(
    group: &str,
    resource: &str,
    objs: &[&Value],
    resource_version: &str,
    now: DateTime<Utc>,
    include: IncludeObject,
) -> Value {
    let mut metadata = Map::new();
    if !resource_version.is_empty() {
        metadata.insert("resourceVersion".to_string(), json!(resource_version));
    }
    let rows: Vec<Value> = objs
        .iter()
        .map(|obj| row(group, resource, obj, now, include))
        .collect();
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": metadata,
        "columnDefinitions": columns(group, resource),
        "rows": rows,
    })
}

/// The Table of objects of `def`: a CRD's printer columns for a custom
/// resource (`crd` is its definition), the built-in printer otherwise.
pub fn table_for(
    def: &crate::registry::ResourceDef,
    crd: Option<&Value>,
    objs: &[&Value],
    resource_version: &str,
    now: DateTime<Utc>,
    include: IncludeObject,
) -> Value {
    match crd {
        Some(crd) if def.custom => {
            crate::crd::table::table(crd, def.version, objs, resource_version, now, include)
        }
        _ => table(def.group, def.plural, objs, resource_version, now, include),
    }
}

pub(crate) fn partial_object_metadata(obj: &Value) -> Value {
    let metadata = obj
        .get("metadata")
        .filter(|m| m.is_object())
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    json!({
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": metadata,
    })
}
