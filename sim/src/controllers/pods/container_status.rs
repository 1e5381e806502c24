//! The container statuses a kubelet reports: fresh, started, terminated,
//! with their container and image IDs, and the pod's IP.

use serde_json::{Value, json};

use crate::cluster::fnv_hash;
use crate::meta;

fn container_id(pod: &Value, name: &str, restarts: i64) -> String {
    let a = fnv_hash(&format!("{}/{name}/{restarts}", meta::uid(pod)));
    let b = fnv_hash(&format!("{a}"));
    format!(
        "containerd://{a:016x}{b:016x}{:016x}{:016x}",
        a ^ b,
        a.rotate_left(17)
    )
}

fn image_id(image: &str) -> String {
    let h = fnv_hash(image);
    let repo = image.split([':', '@']).next().unwrap_or(image);
    let repo = if repo.contains('/') && repo.split('/').next().is_some_and(|h| h.contains('.')) {
        repo.to_string()
    } else if repo.contains('/') {
        format!("docker.io/{repo}")
    } else {
        format!("docker.io/library/{repo}")
    };
    format!(
        "{repo}@sha256:{h:016x}{:016x}{:016x}{:016x}",
        h.rotate_left(7),
        h ^ 0x5bd1e995,
        h.rotate_left(31)
    )
}

pub(super) fn fresh_status(c: &Value, reason: &str) -> Value {
    let mut s = json!({
        "name": c["name"],
        "state": {"waiting": {"reason": reason}},
        "lastState": {},
        "ready": false,
        "restartCount": 0,
        "image": c["image"],
        "imageID": "",
        "started": false,
    });
    if let Some(mounts) = c["volumeMounts"].as_array() {
        s["volumeMounts"] = mounts
            .iter()
            .map(|v| json!({"name": v["name"], "mountPath": v["mountPath"]}))
            .collect();
    }
    s
}

pub(super) fn start_container(status: &mut Value, pod: &Value, now: &str, ready: bool) {
    let name = status["name"].as_str().unwrap_or("").to_string();
    let restarts = status["restartCount"].as_i64().unwrap_or(0);
    status["state"] = json!({"running": {"startedAt": now}});
    status["ready"] = json!(ready);
    status["started"] = json!(true);
    status["containerID"] = json!(container_id(pod, &name, restarts));
    let image = status["image"].as_str().unwrap_or("").to_string();
    status["imageID"] = json!(image_id(&image));
}

pub(super) fn terminate_container(
    status: &mut Value,
    exit: i64,
    reason: &str,
    now: &str,
    into_last: bool,
) {
    let started = status["state"]["running"]["startedAt"].clone();
    let term = json!({"terminated": {
        "exitCode": exit, "reason": reason, "startedAt": started, "finishedAt": now,
        "containerID": status["containerID"],
    }});
    status["ready"] = json!(false);
    status["started"] = json!(false);
    if into_last {
        status["lastState"] = term;
    } else {
        status["state"] = term;
    }
}

pub(super) fn pod_ip(pod: &Value, node: &str) -> String {
    let n = fnv_hash(node) % 250;
    let p = fnv_hash(meta::uid(pod)) % 250 + 2;
    format!("10.244.{n}.{p}")
}
