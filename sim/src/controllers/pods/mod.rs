//! The pod lifecycle the scheduler and kubelets would drive: scheduling,
//! init containers, image pulls, start, crash loops, OOM kills, failing
//! readiness, completion, graceful termination. A pod's behaviour comes from
//! its `sim.kdeck.dev/behavior` annotation and from its images (an image on
//! `registry.invalid` or tagged `doesnotexist` cannot be pulled).

mod container_status;
mod lifecycle;
mod scheduling;
#[cfg(test)]
mod tests;

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use super::events::Source;
use crate::cluster::Cluster;
use crate::meta;
use crate::store::Obj;
pub use lifecycle::advance;
pub use scheduling::{NodeInfo, node_infos, schedule};

pub use crate::metrics::BEHAVIOR;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behavior {
    Healthy,
    /// The main container exits with an error soon after every start.
    CrashLoop,
    /// The main container is OOM-killed soon after every start.
    Oom,
    /// The main container's memory climbs to its limit over
    /// [`crate::metrics::LEAK_RUN`] after every start, then it is OOM-killed.
    MemoryLeak,
    /// Runs, but its readiness probe fails.
    Unready,
    /// The first init container keeps failing.
    InitCrashLoop,
    /// Runs to completion (a Job's pod).
    Complete,
    /// Exits with an error and is not restarted (a failed Job's pod).
    Fail,
}

pub fn behavior(pod: &Value) -> Behavior {
    match meta::annotation(pod, BEHAVIOR) {
        Some("crashloop") => Behavior::CrashLoop,
        Some("oom") => Behavior::Oom,
        Some(crate::metrics::MEMORY_LEAK) => Behavior::MemoryLeak,
        Some("unready") => Behavior::Unready,
        Some("init-crashloop") => Behavior::InitCrashLoop,
        Some("complete") => Behavior::Complete,
        Some("fail") => Behavior::Fail,
        _ => Behavior::Healthy,
    }
}

pub fn image_pullable(image: &str) -> bool {
    let host = image.split('/').next().unwrap_or("");
    !(host.ends_with(".invalid")
        || image.contains("doesnotexist")
        || image.contains("does-not-exist")
        || image.contains("nonexistent"))
}

/// An event a step wants recorded.
#[derive(Debug, Clone)]
pub struct Ev {
    pub warning: bool,
    pub reason: &'static str,
    pub message: String,
    pub field_path: Option<String>,
    pub from_scheduler: bool,
}

pub(super) fn ev(
    warning: bool,
    reason: &'static str,
    message: String,
    field_path: Option<String>,
) -> Ev {
    Ev {
        warning,
        reason,
        message,
        field_path,
        from_scheduler: false,
    }
}

/// The result of advancing a pod: its new state, events, when to look again.
#[derive(Debug)]
pub struct Step {
    pub pod: Value,
    pub events: Vec<Ev>,
    pub next: Option<Duration>,
}

pub(super) fn set_condition(
    pod: &mut Value,
    kind: &str,
    status: bool,
    reason: Option<&str>,
    message: Option<&str>,
    now: &str,
) {
    let st = if status { "True" } else { "False" };
    if !pod["status"]["conditions"].is_array() {
        pod["status"]["conditions"] = json!([]);
    }
    let Some(conds) = pod["status"]["conditions"].as_array_mut() else {
        return;
    };
    let mut c =
        json!({"type": kind, "status": st, "lastProbeTime": null, "lastTransitionTime": now});
    if let Some(r) = reason {
        c["reason"] = json!(r);
    }
    if let Some(m) = message {
        c["message"] = json!(m);
    }
    match conds.iter_mut().find(|x| x["type"] == kind) {
        Some(existing) => {
            if existing["status"] == st {
                c["lastTransitionTime"] = existing["lastTransitionTime"].clone();
            }
            *existing = c;
        }
        None => conds.push(c),
    }
    let order = [
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodScheduled",
    ];
    conds.sort_by_key(|x| {
        order
            .iter()
            .position(|o| x["type"] == *o)
            .unwrap_or(order.len())
    });
}

/// Whether the controllers must keep stepping this pod.
pub fn needs_attention(pod: &Value) -> bool {
    if pod["metadata"]["deletionTimestamp"].is_string() {
        return true;
    }
    let phase = pod["status"]["phase"].as_str().unwrap_or("Pending");
    if matches!(phase, "Succeeded" | "Failed") {
        return false;
    }
    if phase == "Pending" || !pod["status"]["containerStatuses"].is_array() {
        return true;
    }
    behavior(pod) != Behavior::Healthy
        || pod["status"]["containerStatuses"]
            .as_array()
            .is_some_and(|s| s.iter().any(|c| !c["state"]["running"].is_object()))
}

/// Pods on a node that stopped (or resumed) posting status lose (or regain)
/// their Ready condition.
pub fn node_readiness_changed(c: &Cluster, node: &str, ready: bool) {
    let t = meta::ts(Utc::now());
    c.write(|s, o| {
        let on_node: Vec<Obj> = s
            .list("pods", None)
            .filter(|p| p["spec"]["nodeName"] == node && p["status"]["phase"] == "Running")
            .cloned()
            .collect();
        for p in on_node {
            let mut v = (*p).clone();
            let containers_ready = v["status"]["containerStatuses"]
                .as_array()
                .is_some_and(|cs| cs.iter().all(|c| c["ready"] == true));
            let now_ready = ready && containers_ready;
            set_condition(
                &mut v,
                "Ready",
                now_ready,
                (!now_ready).then_some("NodeNotReady"),
                None,
                &t,
            );
            let _ = s.update("pods", v, None, o);
        }
    });
}

pub fn source<'a>(e: &Ev, node: &'a str) -> Source<'a> {
    if e.from_scheduler {
        Source::Scheduler
    } else {
        Source::Kubelet(node)
    }
}
