//! Lean row projections of cluster objects.
//!
//! The console never caches whole Kubernetes objects: every watched object is
//! projected into a small row struct holding only what the table columns,
//! filters and drill-downs need (owned names, small vectors, no specs and no
//! `serde_json::Value`). This module holds those structs, the projections
//! (`pod_row`, `deployment_row`, ...) and the pure formatting helpers the
//! tables use (`age`, `restarts`, `quantity_value`, ...): one file per kind
//! family, the helpers in `format`, the metadata every row shares here. All
//! of it is re-exported, so callers say `rows::PodRow`, `rows::age`.
//!
//! Column semantics follow `kubectl get` (kubectl's table printers) wherever
//! kubectl has the column: pod STATUS / READY / RESTARTS, node STATUS / ROLES,
//! service EXTERNAL-IP / PORT(S), AGE via kubectl's `HumanDuration`, and so on.
//!
//! Every projection tolerates partial or odd objects: missing fields fall back
//! to empty values and nothing here can panic on input.

mod event;
mod format;
mod intern;
mod labels;
mod namespace;
mod node;
mod pod;
mod quota;
mod service;
mod uid;
mod workloads;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use format::time;

pub use event::{EventRow, EventText, event_row};
pub use format::{age, format_labels, human_duration, quantity_value, restarts};
pub use intern::{Name, Owner, Word};
pub use labels::Labels;
pub use namespace::{NamespaceRow, namespace_row};
pub use node::{NodeCondition, NodeRow, node_row};
pub use pod::{Claims, ContainerInfo, PodIp, PodRow, Resources, Termination, pod_row};
pub use quota::{LimitRangeRow, QuotaItem, QuotaRow, limitrange_row, quota_ratio, quota_row};
pub use service::{ServiceRow, service_row};
pub use uid::Uid;
pub use workloads::{
    DaemonSetRow, DeploymentRow, ReplicaSetRow, StatefulSetRow, daemonset_row, deployment_row,
    replicaset_row, statefulset_row,
};

/// Placeholder kubectl prints for an absent value.
const NONE: &str = "<none>";

/// Common to every row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    /// Empty for cluster-scoped objects.
    pub namespace: Name,
    pub name: String,
    /// Copied into the cache's key and the view's references to the row.
    pub uid: Uid,
    pub created: Option<DateTime<Utc>>,
    pub labels: Labels,
}

/// Projects the common metadata of any object.
pub fn meta(m: &ObjectMeta) -> Meta {
    Meta {
        namespace: m.namespace.as_deref().map(Name::new).unwrap_or_default(),
        name: m.name.clone().unwrap_or_default(),
        uid: m.uid.as_deref().map(Uid::new).unwrap_or_default(),
        created: m.creation_timestamp.as_ref().and_then(time),
        labels: m.labels.as_ref().map(Labels::from).unwrap_or_default(),
    }
}

/// The owner reference marked `controller: true` (what kubectl calls
/// "Controlled By"), if any.
pub fn controller_owner(m: &ObjectMeta) -> Option<Owner> {
    m.owner_references
        .as_deref()
        .unwrap_or_default()
        .iter()
        .find(|r| r.controller == Some(true))
        .map(|r| Owner::new(&r.kind, &r.name))
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}
