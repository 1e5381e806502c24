//! Workloads: deployments, statefulsets, daemonsets and replicasets.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::{Meta, NONE, Owner, controller_owner, format_labels, meta};

/// Annotation a Deployment controller stamps on its ReplicaSets.
const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";

/// `spec.replicas` of a workload: the API's default 1 when unset, 0 when
/// there is no spec at all.
fn desired_replicas(replicas: Option<Option<i32>>) -> i32 {
    replicas.map_or(0, |r| r.unwrap_or(1))
}

/// The selector's `matchLabels`, empty without a spec.
fn selector_labels(s: Option<&LabelSelector>) -> BTreeMap<String, String> {
    s.and_then(|s| s.match_labels.clone()).unwrap_or_default()
}

fn template_images(t: Option<&PodTemplateSpec>) -> Vec<String> {
    t.and_then(|t| t.spec.as_ref())
        .map(|s| {
            s.containers
                .iter()
                .filter_map(|c| c.image.clone())
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentRow {
    pub meta: Meta,
    /// `spec.replicas` (Kubernetes default 1 when unset).
    pub desired: i32,
    pub ready: i32,
    pub updated: i32,
    pub available: i32,
    /// `spec.selector.matchLabels`.
    pub selector: BTreeMap<String, String>,
    /// Images of the pod template's containers.
    pub images: Vec<String>,
    /// Fewer ready or available replicas than desired.
    pub unhealthy: bool,
}

/// Projects a deployment (kubectl READY = `ready/desired`, UP-TO-DATE =
/// `updated`, AVAILABLE = `available`).
pub fn deployment_row(d: &Deployment) -> DeploymentRow {
    let spec = d.spec.as_ref();
    let st = d.status.as_ref();
    let desired = desired_replicas(spec.map(|s| s.replicas));
    let ready = st.and_then(|s| s.ready_replicas).unwrap_or(0);
    let available = st.and_then(|s| s.available_replicas).unwrap_or(0);
    DeploymentRow {
        meta: meta(&d.metadata),
        desired,
        ready,
        updated: st.and_then(|s| s.updated_replicas).unwrap_or(0),
        available,
        selector: selector_labels(spec.map(|s| &s.selector)),
        images: template_images(spec.map(|s| &s.template)),
        unhealthy: ready < desired || available < desired,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatefulSetRow {
    pub meta: Meta,
    /// `spec.replicas` (Kubernetes default 1 when unset).
    pub desired: i32,
    pub ready: i32,
    pub selector: BTreeMap<String, String>,
    pub images: Vec<String>,
    /// Fewer ready replicas than desired.
    pub unhealthy: bool,
}

/// Projects a statefulset (kubectl READY = `ready/desired`).
pub fn statefulset_row(s: &StatefulSet) -> StatefulSetRow {
    let spec = s.spec.as_ref();
    let desired = desired_replicas(spec.map(|s| s.replicas));
    let ready = s
        .status
        .as_ref()
        .and_then(|s| s.ready_replicas)
        .unwrap_or(0);
    StatefulSetRow {
        meta: meta(&s.metadata),
        desired,
        ready,
        selector: selector_labels(spec.map(|s| &s.selector)),
        images: template_images(spec.map(|s| &s.template)),
        unhealthy: ready < desired,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DaemonSetRow {
    pub meta: Meta,
    /// `status.desiredNumberScheduled`.
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub updated: i32,
    pub available: i32,
    /// kubectl's NODE SELECTOR: `k=v,...` or `<none>`.
    pub node_selector: String,
    pub selector: BTreeMap<String, String>,
    pub images: Vec<String>,
    /// Fewer ready or available pods than desired.
    pub unhealthy: bool,
}

/// Projects a daemonset (kubectl DESIRED CURRENT READY UP-TO-DATE AVAILABLE
/// NODE SELECTOR).
pub fn daemonset_row(d: &DaemonSet) -> DaemonSetRow {
    let spec = d.spec.as_ref();
    let st = d.status.as_ref();
    let desired = st.map_or(0, |s| s.desired_number_scheduled);
    let ready = st.map_or(0, |s| s.number_ready);
    let available = st.and_then(|s| s.number_available).unwrap_or(0);
    let node_selector = spec
        .and_then(|s| s.template.spec.as_ref())
        .and_then(|s| s.node_selector.as_ref())
        .map_or_else(|| NONE.to_string(), format_labels);
    DaemonSetRow {
        meta: meta(&d.metadata),
        desired,
        current: st.map_or(0, |s| s.current_number_scheduled),
        ready,
        updated: st.and_then(|s| s.updated_number_scheduled).unwrap_or(0),
        available,
        node_selector,
        selector: selector_labels(spec.map(|s| &s.selector)),
        images: template_images(spec.map(|s| &s.template)),
        unhealthy: ready < desired || available < desired,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaSetRow {
    pub meta: Meta,
    /// `spec.replicas` (Kubernetes default 1 when unset).
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub selector: BTreeMap<String, String>,
    pub images: Vec<String>,
    pub owner: Option<Owner>,
    /// The `deployment.kubernetes.io/revision` annotation.
    pub revision: Option<String>,
    /// Fewer ready replicas than desired.
    pub unhealthy: bool,
}

/// Projects a replicaset (kubectl DESIRED CURRENT READY).
pub fn replicaset_row(r: &ReplicaSet) -> ReplicaSetRow {
    let spec = r.spec.as_ref();
    let st = r.status.as_ref();
    let desired = desired_replicas(spec.map(|s| s.replicas));
    let ready = st.and_then(|s| s.ready_replicas).unwrap_or(0);
    ReplicaSetRow {
        meta: meta(&r.metadata),
        desired,
        current: st.map_or(0, |s| s.replicas),
        ready,
        selector: selector_labels(spec.map(|s| &s.selector)),
        images: template_images(spec.and_then(|s| s.template.as_ref())),
        owner: controller_owner(&r.metadata),
        revision: r
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(REVISION_ANNOTATION))
            .cloned(),
        unhealthy: ready < desired,
    }
}
