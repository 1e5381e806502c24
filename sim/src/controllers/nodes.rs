//! The node lifecycle controller's share of cordoning: a node marked
//! `spec.unschedulable` (kubectl cordon) gets the
//! `node.kubernetes.io/unschedulable:NoSchedule` taint, and loses it when
//! uncordoned.

use serde_json::{Value, json};

use crate::meta;
use crate::store::{Obj, Store, WriteOpts};

pub const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";

fn has_taint(node: &Value) -> bool {
    node["spec"]["taints"]
        .as_array()
        .is_some_and(|ts| ts.iter().any(|t| t["key"] == UNSCHEDULABLE_TAINT))
}

pub fn reconcile(s: &mut Store, opts: &WriteOpts) {
    let nodes: Vec<Obj> = s.list("nodes", None).cloned().collect();
    for n in nodes {
        let cordoned = n["spec"]["unschedulable"] == true;
        if cordoned == has_taint(&n) {
            continue;
        }
        let mut v = (*n).clone();
        let mut taints = v["spec"]["taints"].as_array().cloned().unwrap_or_default();
        if cordoned {
            taints.push(json!({"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule", "timeAdded": meta::ts(opts.now)}));
        } else {
            taints.retain(|t| t["key"] != UNSCHEDULABLE_TAINT);
        }
        if taints.is_empty() {
            if let Some(spec) = v["spec"].as_object_mut() {
                spec.remove("taints");
            }
        } else {
            v["spec"]["taints"] = json!(taints);
        }
        let _ = s.update("nodes", v, None, opts);
    }
}
