//! The node lifecycle controller's NoSchedule taints: a node marked
//! `spec.unschedulable` (kubectl cordon) gets the
//! `node.kubernetes.io/unschedulable` taint, and a node whose kubelet
//! reports MemoryPressure, DiskPressure or PIDPressure True gets
//! `node.kubernetes.io/memory-pressure`, `disk-pressure` or `pid-pressure`
//! (its "taint nodes by condition"); each goes when its cause does. (The
//! `unreachable` taints of a node that stopped posting status are set with
//! its conditions: `Cluster::set_node_ready`.)

use serde_json::{Value, json};

use crate::meta;
use crate::store::{Obj, Store, WriteOpts};

pub const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";
pub const DISK_PRESSURE_TAINT: &str = "node.kubernetes.io/disk-pressure";

/// The conditions that taint a node when True, and their taints.
const CONDITION_TAINTS: [(&str, &str); 3] = [
    ("MemoryPressure", "node.kubernetes.io/memory-pressure"),
    ("DiskPressure", DISK_PRESSURE_TAINT),
    ("PIDPressure", "node.kubernetes.io/pid-pressure"),
];

/// Whether `key` is one of the taints this controller keeps.
fn managed(key: &Value) -> bool {
    *key == UNSCHEDULABLE_TAINT || CONDITION_TAINTS.iter().any(|(_, k)| *key == *k)
}

/// The taints `node` should carry, by key.
fn wanted(node: &Value) -> Vec<&'static str> {
    let mut keys = Vec::new();
    if node["spec"]["unschedulable"] == true {
        keys.push(UNSCHEDULABLE_TAINT);
    }
    let conditions = node["status"]["conditions"].as_array();
    for (cond, key) in CONDITION_TAINTS {
        if conditions.is_some_and(|cs| {
            cs.iter()
                .any(|c| c["type"] == cond && c["status"] == "True")
        }) {
            keys.push(key);
        }
    }
    keys
}

/// The taints of `node` after the controller's pass; None when unchanged.
fn retaint(node: &Value, now: &str) -> Option<Vec<Value>> {
    let want = wanted(node);
    let mut taints = node["spec"]["taints"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let has = |taints: &[Value], key: &str| {
        taints
            .iter()
            .any(|t| t["key"] == key && t["effect"] == "NoSchedule")
    };
    let stale = taints
        .iter()
        .any(|t| managed(&t["key"]) && !want.iter().any(|k| t["key"] == *k));
    let missing: Vec<&str> = want.iter().copied().filter(|k| !has(&taints, k)).collect();
    if !stale && missing.is_empty() {
        return None;
    }
    taints.retain(|t| !managed(&t["key"]) || want.iter().any(|k| t["key"] == *k));
    for key in missing {
        taints.push(json!({"key": key, "effect": "NoSchedule", "timeAdded": now}));
    }
    Some(taints)
}

pub fn reconcile(s: &mut Store, opts: &WriteOpts) {
    let nodes: Vec<Obj> = s.list("nodes", None).cloned().collect();
    let now = meta::ts(opts.now);
    for n in nodes {
        let Some(taints) = retaint(&n, &now) else {
            continue;
        };
        let mut v = (*n).clone();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn node(unschedulable: bool, disk: &str, taints: Value) -> Value {
        json!({"spec": {"unschedulable": unschedulable, "taints": taints},
            "status": {"conditions": [{"type": "DiskPressure", "status": disk}, {"type": "Ready", "status": "True"}]}})
    }

    fn keys(taints: &[Value]) -> Vec<&str> {
        taints.iter().filter_map(|t| t["key"].as_str()).collect()
    }

    #[test]
    fn disk_pressure_taints_and_its_end_untaints() {
        let gpu = json!({"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"});
        let t = retaint(&node(false, "True", json!([gpu])), "T").unwrap();
        assert_eq!(keys(&t), ["nvidia.com/gpu", DISK_PRESSURE_TAINT]);
        assert_eq!(t[1]["effect"], "NoSchedule");
        assert_eq!(t[1]["timeAdded"], "T");
        // Kept as it is while the pressure lasts.
        assert!(retaint(&node(false, "True", json!(t)), "T2").is_none());
        // Gone with it (Unknown too: the kubelet stopped reporting).
        let t = retaint(&node(false, "Unknown", json!(t)), "T3").unwrap();
        assert_eq!(keys(&t), ["nvidia.com/gpu"]);
    }

    #[test]
    fn cordon_taints_and_uncordon_untaints() {
        let t = retaint(&node(true, "False", json!([])), "T").unwrap();
        assert_eq!(keys(&t), [UNSCHEDULABLE_TAINT]);
        let t = retaint(&node(false, "False", json!(t)), "T").unwrap();
        assert!(t.is_empty());
    }
}
