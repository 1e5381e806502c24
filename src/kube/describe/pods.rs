//! Pods: node, phase, IP, every (init) container's image, state, restarts
//! and resources, and the conditions.

use serde_json::Value;

use super::{Out, conditions, s};

pub(super) fn render(o: &mut Out, obj: &Value) {
    let spec = &obj["spec"];
    let status = &obj["status"];
    o.kv(0, "Node", s(&spec["nodeName"]));
    o.kv(0, "Start Time", s(&status["startTime"]));
    o.kv(0, "Status", s(&status["phase"]));
    o.kv(0, "IP", s(&status["podIP"]));
    o.kv(0, "Service Account", s(&spec["serviceAccountName"]));
    o.kv(0, "QoS Class", s(&status["qosClass"]));
    for (title, key, skey) in [
        ("Init Containers", "initContainers", "initContainerStatuses"),
        ("Containers", "containers", "containerStatuses"),
    ] {
        let Some(cs) = spec[key].as_array().filter(|c| !c.is_empty()) else {
            continue;
        };
        o.line(format!("{title}:"));
        for c in cs {
            let cname = c["name"].as_str().unwrap_or("");
            let st = status[skey]
                .as_array()
                .and_then(|a| a.iter().find(|x| x["name"] == cname))
                .cloned()
                .unwrap_or(Value::Null);
            o.line(format!("  {cname}:"));
            container(o, c, &st);
        }
    }
    conditions(o, status);
}

/// One container: its spec `c` and its status `st` (null when none).
fn container(o: &mut Out, c: &Value, st: &Value) {
    o.kv(4, "Image", s(&c["image"]));
    let state = &st["state"];
    let (label, detail) = if let Some(r) = state.get("running") {
        ("Running", format!("Started: {}", s(&r["startedAt"])))
    } else if let Some(w) = state.get("waiting") {
        ("Waiting", format!("Reason: {}", s(&w["reason"])))
    } else if let Some(t) = state.get("terminated") {
        (
            "Terminated",
            format!(
                "Reason: {} (exit code {})",
                s(&t["reason"]),
                s(&t["exitCode"])
            ),
        )
    } else {
        ("<unknown>", String::new())
    };
    o.kv(4, "State", format!("{label}  {detail}"));
    if let Some(t) = st["lastState"].get("terminated") {
        o.kv(
            4,
            "Last State",
            format!(
                "Terminated  Reason: {} (exit code {}) finished {}",
                s(&t["reason"]),
                s(&t["exitCode"]),
                s(&t["finishedAt"])
            ),
        );
    }
    o.kv(4, "Ready", s(&st["ready"]));
    o.kv(4, "Restart Count", st["restartCount"].as_i64().unwrap_or(0));
    for (t, k) in [("Requests", "requests"), ("Limits", "limits")] {
        if let Some(r) = c["resources"][k].as_object().filter(|r| !r.is_empty()) {
            o.kv(
                4,
                t,
                r.iter()
                    .map(|(k, v)| format!("{k}: {}", s(v)))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
    }
}
