//! `printPod`: the Pod row, its status text and restart count.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::format::{NONE, creation_age, non_empty_or, since};
use super::json_access::{
    arr_at, bool_at, int_at, is_deleting, name_of, object_at, str_at, time_at,
};

fn later(cur: &mut Option<DateTime<Utc>>, candidate: Option<DateTime<Utc>>) {
    if let Some(c) = candidate
        && cur.is_none_or(|t| t < c)
    {
        *cur = Some(c);
    }
}

pub(super) fn condition_status<'a>(conditions: &'a [Value], kind: &str) -> Option<&'a str> {
    conditions
        .iter()
        .find(|c| str_at(c, &["type"]) == kind)
        .map(|c| str_at(c, &["status"]))
}

fn is_restartable_init_container(spec: Option<&Value>) -> bool {
    spec.is_some_and(|c| str_at(c, &["restartPolicy"]) == "Always")
}

fn exit_reason(terminated: &Value, prefix: &str) -> String {
    let reason = str_at(terminated, &["reason"]);
    if !reason.is_empty() {
        return format!("{prefix}{reason}");
    }
    let signal = int_at(terminated, &["signal"]);
    if signal != 0 {
        format!("{prefix}Signal:{signal}")
    } else {
        format!("{prefix}ExitCode:{}", int_at(terminated, &["exitCode"]))
    }
}

/// Restarts counted so far and when the last one ended.
#[derive(Clone, Copy, Default)]
struct Restarts {
    count: i64,
    last: Option<DateTime<Utc>>,
}

impl Restarts {
    /// Adds a container's restarts and the end of its last terminated run.
    fn add(&mut self, status: &Value) {
        self.count = self.count.saturating_add(int_at(status, &["restartCount"]));
        later(
            &mut self.last,
            time_at(status, &["lastState", "terminated", "finishedAt"]),
        );
    }

    /// `3 (5m ago)`, or just the count.
    fn text(self, now: DateTime<Utc>) -> String {
        match self.last {
            Some(t) if self.count != 0 => format!("{} ({} ago)", self.count, since(Some(t), now)),
            _ => self.count.to_string(),
        }
    }
}

/// What the init containers say: their restarts (all, and the sidecars'
/// alone), the ready sidecars, and the `Init:...` status while they run.
struct InitProgress {
    restarts: Restarts,
    sidecar_restarts: Restarts,
    ready: usize,
    /// Some while initializing.
    reason: Option<String>,
}

/// `printPod`: cells and, for finished pods, row conditions.
pub(super) fn pod_row(pod: &Value, now: DateTime<Utc>) -> (Vec<Value>, Option<Value>) {
    let containers = arr_at(pod, &["spec", "containers"]);
    let init_specs = arr_at(pod, &["spec", "initContainers"]);
    let conditions = arr_at(pod, &["status", "conditions"]);
    let phase = str_at(pod, &["status", "phase"]);
    let status_reason = str_at(pod, &["status", "reason"]);

    let mut reason = if status_reason.is_empty() {
        phase.to_string()
    } else {
        status_reason.to_string()
    };
    if conditions.iter().any(|c| {
        str_at(c, &["type"]) == "PodScheduled" && str_at(c, &["reason"]) == "SchedulingGated"
    }) {
        reason = "SchedulingGated".to_string();
    }

    // Sidecars (restartable init containers) count as containers.
    let total = containers.len()
        + init_specs
            .iter()
            .filter(|c| is_restartable_init_container(Some(c)))
            .count();

    let init = init_progress(pod, init_specs);
    let mut ready = init.ready;
    let mut restarts = init.restarts;
    let initializing = init.reason.is_some();
    if let Some(r) = init.reason {
        reason = r;
    }
    if !initializing || condition_status(conditions, "Initialized") == Some("True") {
        let (main_restarts, main_ready) =
            container_progress(pod, conditions, init.sidecar_restarts, &mut reason);
        restarts = main_restarts;
        ready += main_ready;
    }

    if is_deleting(pod) && status_reason == "NodeLost" {
        reason = "Unknown".to_string();
    } else if is_deleting(pod) && phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating".to_string();
    }

    let mut cells = vec![
        json!(name_of(pod)),
        json!(format!("{ready}/{total}")),
        json!(reason),
        json!(restarts.text(now)),
        json!(creation_age(pod, now)),
    ];
    cells.extend(wide_cells(pod, conditions));
    (cells, finished_conditions(phase))
}

/// The row conditions the real printer attaches to finished pods.
fn finished_conditions(phase: &str) -> Option<Value> {
    match phase {
        "Succeeded" => Some(json!([{
            "type": "Completed",
            "status": "True",
            "reason": "Succeeded",
            "message": "The pod has completed successfully.",
        }])),
        "Failed" => Some(json!([{
            "type": "Completed",
            "status": "True",
            "reason": "Failed",
            "message": "The pod failed.",
        }])),
        _ => None,
    }
}

/// Walks the init container statuses up to the first one still running
/// (or failed), which sets the `Init:...` status.
fn init_progress(pod: &Value, init_specs: &[Value]) -> InitProgress {
    let init_spec_named = |name: &str| {
        init_specs
            .iter()
            .rev()
            .find(|c| str_at(c, &["name"]) == name)
    };
    let mut progress = InitProgress {
        restarts: Restarts::default(),
        sidecar_restarts: Restarts::default(),
        ready: 0,
        reason: None,
    };
    for (i, status) in arr_at(pod, &["status", "initContainerStatuses"])
        .iter()
        .enumerate()
    {
        progress.restarts.add(status);
        let sidecar = is_restartable_init_container(init_spec_named(str_at(status, &["name"])));
        if sidecar {
            progress.sidecar_restarts.add(status);
        }
        let terminated = object_at(status, &["state", "terminated"]);
        let waiting_reason =
            object_at(status, &["state", "waiting"]).map(|w| str_at(w, &["reason"]));
        if let Some(t) = terminated
            && int_at(t, &["exitCode"]) == 0
        {
            continue;
        }
        if sidecar && bool_at(status, &["started"]) == Some(true) {
            if bool_at(status, &["ready"]) == Some(true) {
                progress.ready += 1;
            }
            continue;
        }
        progress.reason = Some(if let Some(t) = terminated {
            exit_reason(t, "Init:")
        } else if let Some(w) = waiting_reason
            && !w.is_empty()
            && w != "PodInitializing"
        {
            format!("Init:{w}")
        } else {
            format!("Init:{i}/{}", init_specs.len())
        });
        break;
    }
    progress
}

/// Walks the container statuses (last first, as the real printer does):
/// the restarts on top of the sidecars', the ready containers, and the
/// status of the first one waiting or terminated.
fn container_progress(
    pod: &Value,
    conditions: &[Value],
    sidecar_restarts: Restarts,
    reason: &mut String,
) -> (Restarts, usize) {
    let mut restarts = sidecar_restarts;
    let mut ready = 0;
    let mut has_running = false;
    for status in arr_at(pod, &["status", "containerStatuses"]).iter().rev() {
        restarts.add(status);
        let waiting_reason =
            object_at(status, &["state", "waiting"]).map(|w| str_at(w, &["reason"]));
        let terminated = object_at(status, &["state", "terminated"]);
        let running = object_at(status, &["state", "running"]).is_some();
        if let Some(w) = waiting_reason
            && !w.is_empty()
        {
            *reason = w.to_string();
        } else if let Some(t) = terminated {
            *reason = exit_reason(t, "");
        } else if bool_at(status, &["ready"]) == Some(true) && running {
            has_running = true;
            ready += 1;
        }
    }
    // A pod whose last container finished but another still runs is Running.
    if reason == "Completed" && has_running {
        let pod_ready = conditions
            .iter()
            .any(|c| str_at(c, &["type"]) == "Ready" && str_at(c, &["status"]) == "True");
        *reason = if pod_ready { "Running" } else { "NotReady" }.to_string();
    }
    (restarts, ready)
}

/// The `-o wide` cells: IP, node, nominated node and readiness gates.
fn wide_cells(pod: &Value, conditions: &[Value]) -> [Value; 4] {
    let mut pod_ip = arr_at(pod, &["status", "podIPs"]).first().map_or_else(
        || str_at(pod, &["status", "podIP"]),
        |ip| str_at(ip, &["ip"]),
    );
    if pod_ip.is_empty() {
        pod_ip = NONE;
    }
    let node = non_empty_or(str_at(pod, &["spec", "nodeName"]), NONE);
    let nominated = non_empty_or(str_at(pod, &["status", "nominatedNodeName"]), NONE);
    let gates = arr_at(pod, &["spec", "readinessGates"]);
    let readiness_gates = if gates.is_empty() {
        NONE.to_string()
    } else {
        let true_conditions = gates
            .iter()
            .filter(|g| condition_status(conditions, str_at(g, &["conditionType"])) == Some("True"))
            .count();
        format!("{true_conditions}/{}", gates.len())
    };
    [
        json!(pod_ip),
        json!(node),
        json!(nominated),
        json!(readiness_gates),
    ]
}
