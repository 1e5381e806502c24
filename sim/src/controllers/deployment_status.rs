//! A deployment's status as the deployment controller writes it: replica
//! counts over its ReplicaSets, the `Available` and `Progressing`
//! conditions (progress deadline, paused and resumed), and the revision
//! annotation of the current ReplicaSet.

use chrono::Duration;
use serde_json::{Value, json};

use super::deployments::{REVISION, int_or_percent, revision};
use crate::meta;
use crate::store::{Obj, Store, WriteOpts};

/// Write the deployment's status (and its revision annotation) from its
/// ReplicaSets as they are now.
pub(super) fn write(
    s: &mut Store,
    d: &Obj,
    new_rs: Option<&Obj>,
    old: &[Obj],
    desired: i64,
    opts: &WriteOpts,
) {
    let st = |r: &Value, k: &str| r["status"][k].as_i64().unwrap_or(0);
    let all: Vec<&Obj> = new_rs.into_iter().chain(old.iter()).collect();
    let total: i64 = all.iter().map(|r| st(r, "replicas")).sum();
    let ready: i64 = all.iter().map(|r| st(r, "readyReplicas")).sum();
    let avail: i64 = all.iter().map(|r| st(r, "availableReplicas")).sum();
    let updated = new_rs.map_or(0, |r| st(r, "replicas"));
    let max_unavail = int_or_percent(
        &d["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"],
        desired,
        false,
    );
    let now = meta::ts(opts.now);
    let complete = updated == desired && total == desired && avail == desired;
    let prev = |t: &str| -> Option<&Value> {
        d["status"]["conditions"]
            .as_array()?
            .iter()
            .find(|c| c["type"] == t)
    };
    let cond = |t: &str, status: bool, reason: &str, message: String| {
        let st = if status { "True" } else { "False" };
        let p = prev(t);
        let transition = match p {
            Some(p) if p["status"] == st => p["lastTransitionTime"].clone(),
            _ => json!(now),
        };
        let update_time = match p {
            Some(p) if p["reason"] == reason && p["status"] == st => p["lastUpdateTime"].clone(),
            _ => json!(now),
        };
        json!({"type": t, "status": st, "lastUpdateTime": update_time, "lastTransitionTime": transition, "reason": reason, "message": message})
    };
    let available_ok = avail >= desired - max_unavail;
    let available_cond = if available_ok {
        cond(
            "Available",
            true,
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.".into(),
        )
    } else {
        cond(
            "Available",
            false,
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.".into(),
        )
    };
    let rs_name = new_rs.map_or("", |r| meta::name(r));
    let deadline = d["spec"]["progressDeadlineSeconds"].as_i64().unwrap_or(600);
    let prev_reason = prev("Progressing").map_or(&Value::Null, |p| &p["reason"]);
    let progressing = if prev_reason == "ProgressDeadlineExceeded" && d["spec"]["paused"] == true {
        prev("Progressing").cloned().unwrap_or(Value::Null)
    } else if d["spec"]["paused"] == true {
        paused_condition(
            prev("Progressing"),
            "DeploymentPaused",
            "Deployment is paused",
            &now,
        )
    } else if prev_reason == "DeploymentPaused" {
        paused_condition(
            prev("Progressing"),
            "DeploymentResumed",
            "Deployment is resumed",
            &now,
        )
    } else if complete {
        cond(
            "Progressing",
            true,
            "NewReplicaSetAvailable",
            format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
        )
    } else {
        let since = prev("Progressing")
            .filter(|p| p["reason"] != "NewReplicaSetAvailable")
            .and_then(|p| p["lastUpdateTime"].as_str())
            .and_then(meta::parse_ts);
        match since {
            Some(t)
                if opts.now - t > Duration::seconds(deadline)
                    || prev("Progressing")
                        .is_some_and(|p| p["reason"] == "ProgressDeadlineExceeded") =>
            {
                cond(
                    "Progressing",
                    false,
                    "ProgressDeadlineExceeded",
                    format!("ReplicaSet \"{rs_name}\" has timed out progressing."),
                )
            }
            _ => cond(
                "Progressing",
                true,
                "ReplicaSetUpdated",
                format!("ReplicaSet \"{rs_name}\" is progressing."),
            ),
        }
    };
    let mut status = json!({
        "observedGeneration": d["metadata"]["generation"].as_i64().unwrap_or(1),
        "replicas": total,
        "updatedReplicas": updated,
        "readyReplicas": ready,
        "availableReplicas": avail,
        "conditions": [available_cond, progressing],
    });
    let unavailable = (total - avail).max(desired - avail).max(0);
    if unavailable > 0 {
        status["unavailableReplicas"] = json!(unavailable);
    }
    for k in [
        "replicas",
        "updatedReplicas",
        "readyReplicas",
        "availableReplicas",
    ] {
        if status[k] == 0 {
            status.as_object_mut().map(|m| m.remove(k));
        }
    }
    let mut v = (**d).clone();
    if let Some(n) = new_rs {
        let rev = revision(n).to_string();
        if meta::annotation(d, REVISION) != Some(rev.as_str()) {
            meta::set_annotation(&mut v, REVISION, &rev);
        }
    }
    v["status"] = status;
    let _ = s.update("deployments", v, None, opts);
}

/// The `Progressing` condition of a paused or resumed deployment (status
/// Unknown, so that no progress deadline runs while paused).
fn paused_condition(prev: Option<&Value>, reason: &str, message: &str, now: &str) -> Value {
    match prev {
        Some(p) if p["reason"] == reason => p.clone(),
        _ => {
            json!({"type": "Progressing", "status": "Unknown", "lastUpdateTime": now, "lastTransitionTime": now, "reason": reason, "message": message})
        }
    }
}
