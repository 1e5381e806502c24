//! Nodes: roles, taints, conditions, addresses, capacity and allocatable
//! resources, system info.

use serde_json::Value;

use super::{Out, conditions, s};

pub(super) fn render(o: &mut Out, obj: &Value) {
    let spec = &obj["spec"];
    let status = &obj["status"];
    let roles: Vec<String> = obj["metadata"]["labels"]
        .as_object()
        .map(|l| {
            l.keys()
                .filter_map(|k| {
                    k.strip_prefix("node-role.kubernetes.io/")
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    o.kv(
        0,
        "Roles",
        if roles.is_empty() {
            "<none>".into()
        } else {
            roles.join(",")
        },
    );
    let taints: Vec<String> = spec["taints"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            format!(
                "{}{}:{}",
                s(&t["key"]),
                t["value"]
                    .as_str()
                    .map(|v| format!("={v}"))
                    .unwrap_or_default(),
                s(&t["effect"])
            )
        })
        .collect();
    o.list("Taints", &taints);
    o.kv(
        0,
        "Unschedulable",
        spec["unschedulable"].as_bool().unwrap_or(false),
    );
    conditions(o, status);
    o.line("Addresses:");
    for a in status["addresses"].as_array().into_iter().flatten() {
        o.kv(2, &s(&a["type"]), s(&a["address"]));
    }
    for (t, k) in [("Capacity", "capacity"), ("Allocatable", "allocatable")] {
        o.line(format!("{t}:"));
        for (k, v) in status[k].as_object().into_iter().flatten() {
            o.kv(2, k, s(v));
        }
    }
    o.line("System Info:");
    for (k, v) in status["nodeInfo"].as_object().into_iter().flatten() {
        o.kv(2, k, s(v));
    }
}
