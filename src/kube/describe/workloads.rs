//! Deployments, statefulsets, replicasets and daemonsets: selector,
//! replicas (or nodes), strategy, the pod template's images, conditions.

use serde_json::Value;

use super::{Out, conditions, map_lines, s};
use crate::kube::kind::Kind;

pub(super) fn render(o: &mut Out, kind: Kind, obj: &Value) {
    let spec = &obj["spec"];
    let status = &obj["status"];
    o.kv(
        0,
        "Selector",
        map_lines(&spec["selector"]["matchLabels"]).join(","),
    );
    if kind != Kind::DaemonSets {
        o.kv(
            0,
            "Replicas",
            format!(
                "{} desired | {} updated | {} total | {} available | {} ready",
                spec["replicas"].as_i64().unwrap_or(1),
                status["updatedReplicas"].as_i64().unwrap_or(0),
                status["replicas"].as_i64().unwrap_or(0),
                status["availableReplicas"].as_i64().unwrap_or(0),
                status["readyReplicas"].as_i64().unwrap_or(0)
            ),
        );
    } else {
        o.kv(
            0,
            "Desired Nodes",
            status["desiredNumberScheduled"].as_i64().unwrap_or(0),
        );
        o.kv(
            0,
            "Ready Nodes",
            status["numberReady"].as_i64().unwrap_or(0),
        );
    }
    if let Some(t) = spec["strategy"]["type"].as_str() {
        o.kv(0, "StrategyType", t);
    }
    o.line("Pod Template:");
    for c in spec["template"]["spec"]["containers"]
        .as_array()
        .into_iter()
        .flatten()
    {
        o.line(format!("  {}:", s(&c["name"])));
        o.kv(4, "Image", s(&c["image"]));
    }
    conditions(o, status);
}
