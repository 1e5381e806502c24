//! Rolling back exactly as `kubectl rollout undo [--to-revision=N]` does
//! (kubectl's `polymorphichelpers/rollback.go`): the revision chosen the
//! same way, the same refusals, the same patch.

use serde_json::{Map, Value, json};

use super::history::{Revision, same_template, without_hash};

/// Deployment annotations a rollback keeps from the deployment itself
/// rather than taking from the ReplicaSet.
pub const KEPT_ANNOTATIONS: [&str; 6] = [
    "kubectl.kubernetes.io/last-applied-configuration",
    "deployment.kubernetes.io/revision",
    "deployment.kubernetes.io/revision-history",
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.deployment.rollback.to",
];

/// What a rollback will send.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    /// The revision rolled back to.
    pub to: i64,
    pub content_type: &'static str,
    pub body: Value,
}

/// Why nothing is sent: kubectl's own words.
#[derive(Debug, Clone, PartialEq)]
pub struct NotSent(pub String);

/// The revision `to` names among `revs` (0: the one before the newest);
/// `none` says why when there is no previous one.
fn choose(revs: &[Revision], to: i64, none: String) -> Result<&Revision, NotSent> {
    if to != 0 {
        return revs
            .iter()
            .find(|r| r.number == to)
            .ok_or_else(|| NotSent(format!("unable to find specified revision {to} in history")));
    }
    let mut numbers: Vec<&Revision> = revs.iter().collect();
    numbers.sort_by_key(|r| std::cmp::Reverse(r.number));
    numbers.get(1).copied().ok_or(NotSent(none))
}

/// A deployment back to revision `to` (0: the previous one).
pub fn deployment(deploy: &Value, revs: &[Revision], to: i64) -> Result<Undo, NotSent> {
    let name = deploy["metadata"]["name"].as_str().unwrap_or("");
    if deploy["spec"]["paused"] == true {
        // kubectl's words exactly (it names no deployment here).
        return Err(NotSent(
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".into(),
        ));
    }
    let rev = choose(
        revs,
        to,
        format!("no rollout history found for deployment \"{name}\""),
    )?;
    if same_template(&rev.template, &deploy["spec"]["template"]) {
        return Err(NotSent(format!(
            "skipped rollback (current template already matches revision {})",
            rev.number
        )));
    }
    let mut annotations = Map::new();
    let own = deploy["metadata"]["annotations"].as_object();
    for k in KEPT_ANNOTATIONS {
        if let Some(v) = own.and_then(|a| a.get(k)) {
            annotations.insert(k.to_string(), v.clone());
        }
    }
    for (k, v) in &rev.annotations {
        if !KEPT_ANNOTATIONS.contains(&k.as_str()) {
            annotations.insert(k.clone(), v.clone());
        }
    }
    Ok(Undo {
        to: rev.number,
        content_type: "application/json-patch+json",
        body: json!([
            {"op": "replace", "path": "/spec/template", "value": without_hash(&rev.template)},
            {"op": "replace", "path": "/metadata/annotations", "value": annotations},
        ]),
    })
}

/// A statefulset or daemonset back to revision `to` (0: the previous one):
/// the ControllerRevision's data as a strategic-merge patch.
pub fn from_controller_revision(
    owner: &Value,
    revs: &[Revision],
    to: i64,
) -> Result<Undo, NotSent> {
    let rev = choose(revs, to, "no last revision to roll back to".into())?;
    if same_template(&rev.template, &owner["spec"]["template"]) {
        return Err(NotSent(format!(
            "skipped rollback (current template already matches revision {})",
            rev.number
        )));
    }
    let body = rev
        .data
        .clone()
        .ok_or_else(|| NotSent(format!("revision {} has no data", rev.number)))?;
    Ok(Undo {
        to: rev.number,
        content_type: "application/strategic-merge-patch+json",
        body,
    })
}

#[cfg(test)]
mod tests;
