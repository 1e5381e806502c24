//! ControllerRevisions: the history of a StatefulSet's or DaemonSet's pod
//! template, as their controllers keep it. Each distinct template is one
//! revision whose `data` is the strategic-merge patch that restores it
//! (`{"spec":{"template":{…,"$patch":"replace"}}}`), numbered by
//! `revision`; going back to an old template gives its revision the next
//! number (so `kubectl rollout undo` shows the old revision as max+1); the
//! oldest revisions no pod uses go beyond `revisionHistoryLimit`.
//!
//! `data` holds the template exactly as Go's encoding of the typed object
//! writes it (zero values left out, `creationTimestamp: null`, keys
//! sorted), because kubectl compares those bytes with its own encoding of
//! the live template to say "skipped rollback (current template already
//! matches revision N)".

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use crate::meta;
use crate::store::{Obj, Store, WriteOpts};

/// The label a StatefulSet's revisions carry their hash in.
pub const STS_HASH_LABEL: &str = "controller.kubernetes.io/hash";
/// The label a DaemonSet's revisions (and pods) carry their hash in.
pub const DS_HASH_LABEL: &str = "controller-revision-hash";

/// Which controller keeps the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    StatefulSet,
    DaemonSet,
}

impl Owner {
    fn hash_label(self) -> &'static str {
        match self {
            Owner::StatefulSet => STS_HASH_LABEL,
            Owner::DaemonSet => DS_HASH_LABEL,
        }
    }
}

/// Fields Go writes even when zero: not `omitempty`, or pointers.
const KEEP_ZERO: &[&str] = &[
    "activeDeadlineSeconds",
    "allowPrivilegeEscalation",
    "automountServiceAccountToken",
    "containerPort",
    "containers",
    "defaultMode",
    "enableServiceLinks",
    "expirationSeconds",
    "fieldPath",
    "fsGroup",
    "hostUsers",
    "key",
    "mode",
    "mountPath",
    "name",
    "optional",
    "path",
    "port",
    "priority",
    "privileged",
    "readOnlyRootFilesystem",
    "runAsGroup",
    "runAsNonRoot",
    "runAsUser",
    "setHostnameAsFQDN",
    "shareProcessNamespace",
    "terminationGracePeriodSeconds",
    "tolerationSeconds",
];

/// Map-typed fields: left out when empty (struct-typed ones stay as `{}`).
const MAP_FIELDS: &[&str] = &[
    "annotations",
    "labels",
    "limits",
    "nodeSelector",
    "overhead",
    "requests",
];

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(_) => false,
    }
}

/// A field value as Go's encoding of the typed object writes it; None
/// when it is left out.
fn go_field(key: &str, v: &Value) -> Option<Value> {
    if v.is_null() || (is_zero(v) && !KEEP_ZERO.contains(&key)) {
        return None;
    }
    match v {
        Value::Object(m) => {
            let out = go_object(m);
            (!(out.is_empty() && MAP_FIELDS.contains(&key))).then_some(Value::Object(out))
        }
        Value::Array(items) => Some(Value::Array(items.iter().map(go_element).collect())),
        other => Some(other.clone()),
    }
}

/// A list element: objects are normalised, primitives kept as they are.
fn go_element(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(go_object(m)),
        other => other.clone(),
    }
}

fn go_object(m: &Map<String, Value>) -> Map<String, Value> {
    let mut out: Map<String, Value> = m
        .iter()
        .filter_map(|(k, v)| go_field(k, v).map(|x| (k.clone(), x)))
        .collect();
    // A container's resources are a struct value: always written.
    for list in ["containers", "initContainers", "ephemeralContainers"] {
        if let Some(Value::Array(cs)) = out.get_mut(list) {
            for c in cs.iter_mut().filter(|c| c.get("image").is_some()) {
                if c.get("resources").is_none() {
                    c["resources"] = json!({});
                }
            }
        }
    }
    out
}

/// A pod template as Go writes the typed `PodTemplateSpec`.
pub fn go_template(template: &Value) -> Value {
    let mut t = match template {
        Value::Object(m) => Value::Object(go_object(m)),
        _ => json!({}),
    };
    if !t["metadata"].is_object() {
        t["metadata"] = json!({});
    }
    t["metadata"]["creationTimestamp"] = Value::Null;
    if !t["spec"].is_object() {
        t["spec"] = json!({"containers": null});
    }
    t
}

/// The `data` of the revision of `template`.
pub fn data_of(template: &Value) -> Value {
    let mut t = go_template(template);
    t["$patch"] = json!("replace");
    json!({"spec": {"template": t}})
}

fn revision_of(cr: &Value) -> i64 {
    cr["revision"].as_i64().unwrap_or(0)
}

/// A new revision of `set` (not stored).
pub fn new_revision(set: &Value, owner: Owner, name: &str, hash: &str, revision: i64) -> Value {
    let template = &set["spec"]["template"];
    let mut labels = template["metadata"]["labels"].clone();
    if !labels.is_object() {
        labels = json!({});
    }
    labels[owner.hash_label()] = json!(hash);
    let mut metadata = json!({
        "name": name,
        "namespace": meta::namespace(set),
        "labels": labels,
        "ownerReferences": [meta::owner_ref(set)],
    });
    if let Some(a) = set["metadata"]["annotations"]
        .as_object()
        .filter(|a| !a.is_empty())
    {
        metadata["annotations"] = Value::Object(a.clone());
    }
    json!({
        "apiVersion": "apps/v1",
        "kind": "ControllerRevision",
        "metadata": metadata,
        "data": data_of(template),
        "revision": revision,
    })
}

/// The hash (and name) a new revision of `set` gets; `attempt` > 0 after a
/// name collision.
fn hash_for(set: &Value, attempt: u32) -> String {
    let t = &set["spec"]["template"];
    if attempt == 0 {
        meta::template_hash(t)
    } else {
        meta::template_hash(&json!({"template": t, "collisionCount": attempt}))
    }
}

/// Bring `set`'s revisions up to date and return its update revision (the
/// one of the current template): found, renumbered, or created. Revisions
/// `live` says are in use are kept; of the others, the oldest beyond
/// `revisionHistoryLimit` (default 10) are deleted.
pub fn sync(
    s: &mut Store,
    set: &Obj,
    owner: Owner,
    live: &HashSet<String>,
    opts: &WriteOpts,
) -> Option<Obj> {
    let uid = meta::uid(set).to_string();
    let ns = meta::namespace(set).to_string();
    let mut revisions = s.owned("controllerrevisions", &uid);
    revisions.sort_by_key(|r| revision_of(r));
    let max = revisions.last().map_or(0, |r| revision_of(r));
    let data = data_of(&set["spec"]["template"]);
    let update = match revisions.iter().rev().find(|r| r["data"] == data).cloned() {
        Some(r) if revision_of(&r) == max => r,
        Some(r) => {
            // Back to an older template: it becomes the newest revision.
            let mut v = (*r).clone();
            v["revision"] = json!(max + 1);
            s.update("controllerrevisions", v, None, opts).ok()?
        }
        None => create(s, set, owner, &ns, &data, max + 1, opts)?,
    };
    truncate(s, set, &revisions, &update, live);
    Some(update)
}

/// Create the next revision, stepping past a name taken by other data
/// (adopting an orphan revision with the same data, as a controller does).
fn create(
    s: &mut Store,
    set: &Obj,
    owner: Owner,
    ns: &str,
    data: &Value,
    revision: i64,
    opts: &WriteOpts,
) -> Option<Obj> {
    for attempt in 0..5 {
        let hash = hash_for(set, attempt);
        let name = format!("{}-{hash}", meta::name(set));
        match s.get("controllerrevisions", ns, &name) {
            None => {
                let cr = new_revision(set, owner, &name, &hash, revision);
                return s.create("controllerrevisions", cr, opts).ok();
            }
            Some(existing) if existing["data"] == *data => {
                let mut v = (*existing).clone();
                v["metadata"]["ownerReferences"] = json!([meta::owner_ref(set)]);
                v["revision"] = json!(revision);
                return s.update("controllerrevisions", v, None, opts).ok();
            }
            Some(_) => {}
        }
    }
    None
}

/// Delete the oldest revisions beyond the history limit that nothing uses.
fn truncate(s: &mut Store, set: &Value, revisions: &[Obj], update: &Obj, live: &HashSet<String>) {
    let limit = set["spec"]["revisionHistoryLimit"]
        .as_i64()
        .unwrap_or(10)
        .max(0) as usize;
    let history: Vec<&Obj> = revisions
        .iter()
        .filter(|r| meta::name(r) != meta::name(update) && !live.contains(meta::name(r)))
        .collect();
    if history.len() > limit {
        for r in &history[..history.len() - limit] {
            let _ = s.delete(
                "controllerrevisions",
                meta::namespace(r),
                meta::name(r),
                false,
            );
        }
    }
}

/// The hash a revision carries in its owner's label.
pub fn hash_of(cr: &Value, owner: Owner) -> Option<&str> {
    cr["metadata"]["labels"][owner.hash_label()].as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_encode_as_go_writes_them() {
        let t = json!({"metadata": {"labels": {"app": "db"}, "annotations": {}},
            "spec": {"containers": [{"name": "db", "image": "postgres:16", "args": ["", "-c"],
                "ports": [{"containerPort": 5432, "protocol": "TCP", "hostPort": 0}],
                "readinessProbe": {"tcpSocket": {"port": 5432}, "initialDelaySeconds": 0, "periodSeconds": 10},
                "volumeMounts": [{"name": "data", "mountPath": "/data", "readOnly": false}],
                "env": [{"name": "A", "value": ""}]}],
                "restartPolicy": "Always", "terminationGracePeriodSeconds": 0, "hostNetwork": false,
                "securityContext": {}, "nodeSelector": {}, "volumes": []}});
        let d = data_of(&t);
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            concat!(
                r#"{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"db"}},"#,
                r#""spec":{"containers":[{"args":["","-c"],"env":[{"name":"A"}],"image":"postgres:16","name":"db","#,
                r#""ports":[{"containerPort":5432,"protocol":"TCP"}],"readinessProbe":{"periodSeconds":10,"tcpSocket":{"port":5432}},"#,
                r#""resources":{},"volumeMounts":[{"mountPath":"/data","name":"data"}]}],"#,
                r#""restartPolicy":"Always","securityContext":{},"terminationGracePeriodSeconds":0}}}}"#
            )
        );
        // A template put back from its revision encodes the same.
        let mut back = d["spec"]["template"].clone();
        back.as_object_mut().unwrap().remove("$patch");
        assert_eq!(data_of(&back), d);
    }
}
