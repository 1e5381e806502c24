//! A workload's revision history, built the way kubectl builds it: a
//! deployment's from the ReplicaSets it controls (numbered by the
//! `deployment.kubernetes.io/revision` annotation), a statefulset's or
//! daemonset's from its ControllerRevisions. Pure: the lists come in, the
//! revisions and their pod templates come out.

use serde_json::{Map, Value};

/// The annotation holding a ReplicaSet's revision number.
pub const REVISION: &str = "deployment.kubernetes.io/revision";
/// Why a revision was made (kubectl's CHANGE-CAUSE).
pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";
/// The label the deployment controller adds to each ReplicaSet's template.
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";

/// One revision of a workload.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub number: i64,
    /// The ReplicaSet or ControllerRevision it comes from.
    pub source: String,
    /// The pod template of this revision (`pod-template-hash` removed).
    pub template: Value,
    /// The source object's annotations (a rollback restores them).
    pub annotations: Map<String, Value>,
    pub change_cause: Option<String>,
    pub created: Option<String>,
    /// Pods of this revision (a deployment's ReplicaSet's replicas).
    pub replicas: Option<i64>,
    /// The raw ControllerRevision `data` (statefulsets, daemonsets).
    pub data: Option<Value>,
}

impl Revision {
    /// The container images of this revision's template.
    pub fn images(&self) -> Vec<String> {
        images(&self.template)
    }
}

/// The images of a pod template, containers then init containers.
pub fn images(template: &Value) -> Vec<String> {
    ["containers", "initContainers"]
        .iter()
        .flat_map(|k| template["spec"][*k].as_array().into_iter().flatten())
        .filter_map(|c| c["image"].as_str().map(str::to_string))
        .collect()
}

/// Whether `owner` (by uid) is the controller of `obj`.
pub fn controlled_by(obj: &Value, owner_uid: &str) -> bool {
    obj["metadata"]["ownerReferences"]
        .as_array()
        .is_some_and(|refs| {
            refs.iter()
                .any(|r| r["uid"] == owner_uid && r["controller"] == true)
        })
}

/// A pod template without the label the controller adds (what kubectl
/// compares and what a rollback restores).
pub fn without_hash(template: &Value) -> Value {
    let mut t = template.clone();
    if let Some(labels) = t["metadata"]["labels"].as_object_mut() {
        labels.remove(POD_TEMPLATE_HASH);
        if labels.is_empty()
            && let Some(m) = t["metadata"].as_object_mut()
        {
            m.remove("labels");
        }
    }
    t
}

fn annotations(obj: &Value) -> Map<String, Value> {
    obj["metadata"]["annotations"]
        .as_object()
        .cloned()
        .unwrap_or_default()
}

/// A deployment's revisions from the ReplicaSets it controls, oldest first.
pub fn of_deployment(deploy: &Value, replicasets: &[Value]) -> Vec<Revision> {
    let uid = deploy["metadata"]["uid"].as_str().unwrap_or("");
    let mut revs: Vec<Revision> = replicasets
        .iter()
        .filter(|rs| controlled_by(rs, uid))
        .map(|rs| {
            let ann = annotations(rs);
            Revision {
                number: ann
                    .get(REVISION)
                    .and_then(Value::as_str)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
                source: rs["metadata"]["name"].as_str().unwrap_or("").to_string(),
                template: without_hash(&rs["spec"]["template"]),
                change_cause: ann
                    .get(CHANGE_CAUSE)
                    .and_then(Value::as_str)
                    .map(str::to_string),
                annotations: ann,
                created: rs["metadata"]["creationTimestamp"]
                    .as_str()
                    .map(str::to_string),
                replicas: rs["status"]["replicas"].as_i64().or(Some(0)),
                data: None,
            }
        })
        .collect();
    revs.sort_by_key(|r| r.number);
    revs
}

/// A statefulset's or daemonset's revisions from its ControllerRevisions,
/// oldest first.
pub fn of_controller_revisions(owner: &Value, revisions: &[Value]) -> Vec<Revision> {
    let uid = owner["metadata"]["uid"].as_str().unwrap_or("");
    let mut revs: Vec<Revision> = revisions
        .iter()
        .filter(|cr| controlled_by(cr, uid))
        .map(|cr| {
            let ann = annotations(cr);
            let mut template = cr["data"]["spec"]["template"].clone();
            if let Some(m) = template.as_object_mut() {
                m.remove("$patch");
            }
            Revision {
                number: cr["revision"].as_i64().unwrap_or(0),
                source: cr["metadata"]["name"].as_str().unwrap_or("").to_string(),
                template: without_hash(&template),
                change_cause: ann
                    .get(CHANGE_CAUSE)
                    .and_then(Value::as_str)
                    .map(str::to_string),
                annotations: ann,
                created: cr["metadata"]["creationTimestamp"]
                    .as_str()
                    .map(str::to_string),
                replicas: None,
                data: Some(cr["data"].clone()),
            }
        })
        .collect();
    revs.sort_by_key(|r| r.number);
    revs
}

/// The revision a workload runs now: the one whose template equals its
/// own (ignoring `pod-template-hash`); the newest when none does.
pub fn current(workload: &Value, revisions: &[Revision]) -> Option<i64> {
    let live = without_hash(&workload["spec"]["template"]);
    revisions
        .iter()
        .rev()
        .find(|r| same_template(&r.template, &live))
        .or(revisions.last())
        .map(|r| r.number)
}

/// Whether two pod templates are the same (kubectl's `equalIgnoreHash`;
/// `creationTimestamp: null` and empty maps do not count).
pub fn same_template(a: &Value, b: &Value) -> bool {
    normal(&without_hash(a)) == normal(&without_hash(b))
}

/// A template without the empty and null fields serializers add.
fn normal(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, v)| !(v.is_null() || k.as_str() == "creationTimestamp"))
                .map(|(k, v)| (k.clone(), normal(v)))
                .filter(|(_, v)| !matches!(v, Value::Object(m) if m.is_empty()))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(normal).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests;
