//! DaemonSets: one pod on every node the template tolerates and selects,
//! replaced one node at a time when the template changes.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use super::events::{Occurrence, Recorder, Source};
use super::replicasets::{active, pod_from_template, pod_ready, terminate_pod};
use super::revisions::{self, DS_HASH_LABEL, Owner};
use crate::meta;
use crate::store::{Obj, Store, WriteOpts};

/// Tolerations the DaemonSet controller adds to every daemon pod.
const DAEMON_TOLERATIONS: &[(&str, &str)] = &[
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
];

/// Give a daemon pod the tolerations the DaemonSet controller adds.
pub fn add_daemon_tolerations(pod: &mut Value) {
    let mut tol = pod["spec"]["tolerations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (k, e) in DAEMON_TOLERATIONS {
        tol.push(json!({"key": k, "operator": "Exists", "effect": e}));
    }
    pod["spec"]["tolerations"] = json!(tol);
}

fn eligible(template: &Value, node: &Value) -> bool {
    let selector_ok = template["spec"]["nodeSelector"]
        .as_object()
        .is_none_or(|sel| sel.iter().all(|(k, v)| node["metadata"]["labels"][k] == *v));
    let tolerations = template["spec"]["tolerations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let taints_ok = node["spec"]["taints"].as_array().is_none_or(|ts| {
        ts.iter()
            .filter(|t| t["effect"] != "PreferNoSchedule")
            .all(|t| {
                DAEMON_TOLERATIONS.iter().any(|(k, _)| t["key"] == *k)
                    || tolerations.iter().any(|x| {
                        (x["operator"] == "Exists" && x["key"].is_null() || x["key"] == t["key"])
                            && (x["effect"].is_null() || x["effect"] == t["effect"])
                    })
            })
    });
    selector_ok && taints_ok
}

pub fn reconcile(s: &mut Store, rec: &mut Recorder, targets: &[Obj], opts: &WriteOpts) {
    let nodes: Vec<Obj> = s.list("nodes", None).cloned().collect();
    for ds in targets {
        let Some(ds) = s.get("daemonsets", meta::namespace(ds), meta::name(ds)) else {
            continue;
        };
        let owned: Vec<Obj> = s.owned("pods", meta::uid(&ds));
        let hash = revision_hash(s, &ds, &owned, opts);
        let mut on_node: HashMap<String, Obj> = HashMap::new();
        for p in owned.iter().filter(|p| active(p)) {
            let n = p["spec"]["nodeName"].as_str().unwrap_or("").to_string();
            match on_node.entry(n) {
                std::collections::hash_map::Entry::Occupied(_) => terminate_pod(s, rec, p, opts),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(p.clone());
                }
            }
        }
        let wanted: Vec<&Obj> = nodes
            .iter()
            .filter(|n| eligible(&ds["spec"]["template"], n))
            .collect();
        let terminating = owned
            .iter()
            .any(|p| p["metadata"]["deletionTimestamp"].is_string());
        let wanted_names: std::collections::HashSet<&str> =
            wanted.iter().map(|w| meta::name(w)).collect();
        for n in &wanted {
            let nname = meta::name(n);
            if on_node.contains_key(nname) {
                continue;
            }
            let mut pod = pod_from_template(
                &ds,
                None,
                &[
                    ("controller-revision-hash", hash.clone()),
                    (
                        "pod-template-generation",
                        ds["metadata"]["generation"]
                            .as_i64()
                            .unwrap_or(1)
                            .to_string(),
                    ),
                ],
                Some(nname),
                None,
            );
            add_daemon_tolerations(&mut pod);
            if let Ok(p) = s.create("pods", pod, opts) {
                rec.record(
                    s,
                    Occurrence {
                        obj: &ds,
                        field_path: None,
                        kind_type: "Normal",
                        reason: "SuccessfulCreate",
                        message: &format!("Created pod: {}", meta::name(&p)),
                        source: Source::Controller("daemonset-controller"),
                    },
                    opts.now,
                );
                on_node.insert(nname.to_string(), p);
            }
        }
        for (n, p) in on_node.clone() {
            if !wanted_names.contains(n.as_str()) {
                terminate_pod(s, rec, &p, opts);
                on_node.remove(&n);
            }
        }
        // Rolling update, one node at a time.
        let outdated: Vec<&Obj> = on_node
            .values()
            .filter(|p| {
                meta::labels(p)
                    .and_then(|l| l.get("controller-revision-hash"))
                    .and_then(|v| v.as_str())
                    != Some(hash.as_str())
            })
            .collect();
        if !terminating && let Some(p) = outdated.first() {
            terminate_pod(s, rec, p, opts);
        }
        let ready = on_node.values().filter(|p| pod_ready(p)).count();
        let mut status = json!({
            "currentNumberScheduled": on_node.len(),
            "numberMisscheduled": 0,
            "desiredNumberScheduled": wanted.len(),
            "numberReady": ready,
            "observedGeneration": ds["metadata"]["generation"].as_i64().unwrap_or(1),
            "updatedNumberScheduled": on_node.len() - outdated.len(),
            "numberAvailable": ready,
        });
        if wanted.len() > ready {
            status["numberUnavailable"] = json!(wanted.len() - ready);
        }
        let mut v = (*ds).clone();
        v["status"] = status;
        let _ = s.update("daemonsets", v, None, opts);
    }
}

/// The hash of the DaemonSet's update revision (its history brought up to
/// date; revisions its pods run are in use).
fn revision_hash(s: &mut Store, ds: &Obj, pods: &[Obj], opts: &WriteOpts) -> String {
    let running: HashSet<&str> = pods
        .iter()
        .filter_map(|p| p["metadata"]["labels"][DS_HASH_LABEL].as_str())
        .collect();
    let live: HashSet<String> = s
        .owned("controllerrevisions", meta::uid(ds))
        .iter()
        .filter(|r| revisions::hash_of(r, Owner::DaemonSet).is_some_and(|h| running.contains(h)))
        .map(|r| meta::name(r).to_string())
        .collect();
    revisions::sync(s, ds, Owner::DaemonSet, &live, opts)
        .and_then(|cr| revisions::hash_of(&cr, Owner::DaemonSet).map(str::to_string))
        .unwrap_or_else(|| meta::template_hash(&ds["spec"]["template"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_plane_taint_needs_a_toleration() {
        let cp = json!({"metadata": {"labels": {}}, "spec": {"taints": [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]}});
        let plain = json!({"spec": {"containers": []}});
        assert!(!eligible(&plain, &cp));
        let tolerant = json!({"spec": {"tolerations": [{"operator": "Exists"}]}});
        assert!(eligible(&tolerant, &cp));
        let cordoned = json!({"metadata": {}, "spec": {"unschedulable": true, "taints": [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}]}});
        assert!(eligible(&plain, &cordoned));
        let gpu_only = json!({"spec": {"nodeSelector": {"gpu": "true"}}});
        assert!(!eligible(&gpu_only, &cordoned));
    }
}
