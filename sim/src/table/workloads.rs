//! Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and CronJobs.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::format::{
    NONE, container_cells, count, creation_age, format_label_selector, format_labels,
    human_duration, label_selector_string, since,
};
use super::json_access::{
    arr_at, at, bool_at, int_at, is_deleting, map_at, name_of, opt_int_at, opt_str_at, parse_time,
    str_at, time_at,
};
use super::pods::condition_status;

/// Where the pod template of most workloads is.
const POD_TEMPLATE: &[&str] = &["spec", "template", "spec"];

/// `spec.replicas`, which the API server defaults to 1.
fn desired_replicas(obj: &Value) -> i64 {
    opt_int_at(obj, &["spec", "replicas"]).unwrap_or(1)
}

/// `ready/desired`.
fn ready_of_desired(obj: &Value) -> Value {
    json!(format!(
        "{}/{}",
        int_at(obj, &["status", "readyReplicas"]),
        desired_replicas(obj)
    ))
}

/// A workload row as every workload printer lays it out: the name, the
/// printer's own cells, the age, then the `-o wide` containers and images
/// of the pod template at `template` and, where printed, the selector.
fn workload_row(
    obj: &Value,
    own: Vec<Value>,
    now: DateTime<Utc>,
    template: &[&str],
    selector: Option<String>,
) -> Vec<Value> {
    let (names, images) = container_cells(obj, template);
    let mut cells = vec![json!(name_of(obj))];
    cells.extend(own);
    cells.extend([json!(creation_age(obj, now)), json!(names), json!(images)]);
    cells.extend(selector.map(|s| json!(s)));
    cells
}

pub(super) fn deployment_cells(d: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let selector = label_selector_string(at(d, &["spec", "selector"]))
        .unwrap_or_else(|| "<invalid>".to_string());
    let own = vec![
        ready_of_desired(d),
        json!(int_at(d, &["status", "updatedReplicas"])),
        json!(int_at(d, &["status", "availableReplicas"])),
    ];
    workload_row(d, own, now, POD_TEMPLATE, Some(selector))
}

pub(super) fn replicaset_cells(rs: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let own = vec![
        json!(desired_replicas(rs)),
        json!(int_at(rs, &["status", "replicas"])),
        json!(int_at(rs, &["status", "readyReplicas"])),
    ];
    let selector = format_label_selector(at(rs, &["spec", "selector"]));
    workload_row(rs, own, now, POD_TEMPLATE, Some(selector))
}

pub(super) fn statefulset_cells(sts: &Value, now: DateTime<Utc>) -> Vec<Value> {
    workload_row(sts, vec![ready_of_desired(sts)], now, POD_TEMPLATE, None)
}

pub(super) fn daemonset_cells(ds: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let own = vec![
        json!(int_at(ds, &["status", "desiredNumberScheduled"])),
        json!(int_at(ds, &["status", "currentNumberScheduled"])),
        json!(int_at(ds, &["status", "numberReady"])),
        json!(int_at(ds, &["status", "updatedNumberScheduled"])),
        json!(int_at(ds, &["status", "numberAvailable"])),
        json!(format_labels(map_at(
            ds,
            &["spec", "template", "spec", "nodeSelector"]
        ))),
    ];
    let selector = format_label_selector(at(ds, &["spec", "selector"]));
    workload_row(ds, own, now, POD_TEMPLATE, Some(selector))
}

/// The status of the first condition of a type is what counts.
fn has_true_condition(obj: &Value, kind: &str) -> bool {
    condition_status(arr_at(obj, &["status", "conditions"]), kind) == Some("True")
}

pub(super) fn job_cells(job: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let succeeded = int_at(job, &["status", "succeeded"]);
    let completions = match opt_int_at(job, &["spec", "completions"]) {
        Some(c) => format!("{succeeded}/{c}"),
        None => {
            let parallelism = opt_int_at(job, &["spec", "parallelism"]).unwrap_or(0);
            if parallelism > 1 {
                format!("{succeeded}/1 of {parallelism}")
            } else {
                format!("{succeeded}/1")
            }
        }
    };
    let start = time_at(job, &["status", "startTime"]);
    let completion = time_at(job, &["status", "completionTime"]);
    let duration = match (start, completion) {
        (None, _) => String::new(),
        (Some(s), None) => human_duration(now.signed_duration_since(s)),
        (Some(s), Some(c)) => human_duration(c.signed_duration_since(s)),
    };
    let status = if has_true_condition(job, "Complete") {
        "Complete"
    } else if has_true_condition(job, "Failed") {
        "Failed"
    } else if is_deleting(job) {
        "Terminating"
    } else if has_true_condition(job, "Suspended") {
        "Suspended"
    } else if has_true_condition(job, "FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    };
    let own = vec![json!(status), json!(completions), json!(duration)];
    let selector = format_label_selector(at(job, &["spec", "selector"]));
    workload_row(job, own, now, POD_TEMPLATE, Some(selector))
}

pub(super) fn cronjob_cells(cj: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let timezone = opt_str_at(cj, &["spec", "timeZone"]).unwrap_or(NONE);
    // The API server defaults spec.suspend to false.
    let suspend = match bool_at(cj, &["spec", "suspend"]) {
        Some(true) => "True",
        _ => "False",
    };
    let last_schedule = match at(cj, &["status", "lastScheduleTime"]) {
        None => NONE.to_string(),
        Some(v) => since(v.as_str().and_then(parse_time), now),
    };
    let own = vec![
        json!(str_at(cj, &["spec", "schedule"])),
        json!(timezone),
        json!(suspend),
        count(arr_at(cj, &["status", "active"]).len()),
        json!(last_schedule),
    ];
    let template = &["spec", "jobTemplate", "spec", "template", "spec"];
    let selector = format_label_selector(at(cj, &["spec", "jobTemplate", "spec", "selector"]));
    workload_row(cj, own, now, template, Some(selector))
}

/// `printReplicationController`: its selector is a plain label map.
pub(super) fn replicationcontroller_cells(rc: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let own = vec![
        json!(desired_replicas(rc)),
        json!(int_at(rc, &["status", "replicas"])),
        json!(int_at(rc, &["status", "readyReplicas"])),
    ];
    let selector =
        super::format::format_labels(super::json_access::map_at(rc, &["spec", "selector"]));
    workload_row(rc, own, now, POD_TEMPLATE, Some(selector))
}
