//! `POST pods/{name}/eviction` (policy/v1 Eviction), as the API server's
//! eviction subresource answers it: a pod that is pending, finished or
//! already terminating goes at once; otherwise the one disruption budget
//! that selects it must allow a disruption (a 429 `TooManyRequests` with a
//! `DisruptionBudget` cause when not), the budget's `disruptionsAllowed` is
//! decremented and the pod recorded in `disruptedPods`, and the pod is
//! deleted gracefully with the eviction's delete options. Dry runs check
//! everything and change nothing.

use chrono::Utc;
use http::Response;
use serde_json::{Value, json};

use super::route::ResourceRequest;
use super::{Body, Req, json as json_resp};
use crate::cluster::ClusterRef;
use crate::controllers::pdb;
use crate::controllers::replicasets::pod_ready;
use crate::meta;
use crate::status::ApiError;
use crate::store::{Obj, Store, WriteOpts, delete_one};

const DENIED: &str = "Cannot evict pod as it would violate the pod's disruption budget.";

pub fn serve(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    let eviction = req.body_json()?;
    if let Some(k) = eviction["kind"].as_str()
        && k != "Eviction"
    {
        return Err(ApiError::bad_request(format!(
            "the kind in the data ({k}) does not match the expected kind (Eviction)"
        )));
    }
    if meta::name(&eviction) != r.name {
        return Err(ApiError::bad_request(
            "name in URL does not match name in Eviction object",
        ));
    }
    let options = &eviction["deleteOptions"];
    let grace = options["gracePeriodSeconds"].as_i64();
    let dry_run = req.dry_run();
    let mut store = c.store.lock();
    let pod = store
        .get("pods", &r.namespace, &r.name)
        .ok_or_else(|| ApiError::not_found("", "pods", &r.name))?;
    if let Some(uid) = options["preconditions"]["uid"].as_str()
        && uid != meta::uid(&pod)
    {
        return Err(ApiError::conflict("", "pods", &r.name));
    }
    if !can_ignore_budgets(&pod) {
        let budgets = pdb::budgets_for(&store, &pod);
        if budgets.len() > 1 {
            let status = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
                "code": 500});
            return Ok(json_resp(500, &status));
        }
        if let Some(budget) = budgets.first()
            && !unhealthy_may_go(&pod, budget)
        {
            take_disruption(&mut store, &pod, budget, dry_run)?;
        }
    }
    if !dry_run {
        mark_disruption_target(&mut store, &pod);
    }
    let def = crate::registry::storage("pods")
        .ok_or_else(|| ApiError::internal("pods are not served"))?;
    delete_one(
        &mut store,
        def,
        &r.namespace,
        &r.name,
        grace,
        false,
        dry_run,
    )?;
    drop(store);
    c.kick.notify_one();
    Ok(json_resp(
        201,
        &json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}),
    ))
}

/// Pending, finished or terminating pods are evicted without asking any
/// budget (they are not running, or already going).
fn can_ignore_budgets(pod: &Value) -> bool {
    matches!(
        pod["status"]["phase"].as_str(),
        Some("Succeeded" | "Failed" | "Pending")
    ) || pod["metadata"]["deletionTimestamp"].is_string()
}

/// An unready pod may go without spending the budget when the budget is
/// healthy anyway (or its policy is AlwaysAllow).
fn unhealthy_may_go(pod: &Value, budget: &Value) -> bool {
    if pod_ready(pod) {
        return false;
    }
    if budget["spec"]["unhealthyPodEvictionPolicy"] == "AlwaysAllow" {
        return true;
    }
    let st = &budget["status"];
    let (current, desired) = (
        st["currentHealthy"].as_i64().unwrap_or(0),
        st["desiredHealthy"].as_i64().unwrap_or(0),
    );
    current >= desired && desired > 0
}

/// The 429 a budget that allows no disruption answers.
pub fn denied(message: String, retry_after: i64) -> ApiError {
    let mut details = json!({"causes": [{"reason": "DisruptionBudget", "message": message}]});
    if retry_after > 0 {
        details["retryAfterSeconds"] = json!(retry_after);
    }
    ApiError::new(429, "TooManyRequests", DENIED).with_details(details)
}

/// Why a budget with no disruption left refuses, as the API server says it.
fn denied_message(budget: &Value) -> String {
    let name = meta::name(budget);
    let st = &budget["status"];
    let cond = st["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "DisruptionAllowed"));
    let false_with_message = cond
        .filter(|c| c["status"] == "False" && c["message"].as_str().is_some_and(|m| !m.is_empty()));
    let (current, desired) = (
        st["currentHealthy"].as_i64().unwrap_or(0),
        st["desiredHealthy"].as_i64().unwrap_or(0),
    );
    match false_with_message {
        Some(c) if c["reason"] == "SyncFailed" => format!(
            "The disruption budget {name} does not allow evicting pods currently because it failed sync: {}",
            c["message"].as_str().unwrap_or("")
        ),
        _ if current <= desired => format!(
            "The disruption budget {name} needs {desired} healthy pods and has {current} currently"
        ),
        Some(c) => format!(
            "The disruption budget {name} does not allow evicting pods currently ({}): {}",
            c["reason"].as_str().unwrap_or(""),
            c["message"].as_str().unwrap_or("")
        ),
        None => format!("The disruption budget {name} does not allow evicting pods currently"),
    }
}

/// Check the budget allows one more disruption and spend it (recording the
/// pod as disrupted), unless this is a dry run.
fn take_disruption(
    s: &mut Store,
    pod: &Value,
    budget: &Obj,
    dry_run: bool,
) -> Result<(), ApiError> {
    let name = meta::name(budget);
    let st = &budget["status"];
    let generation = budget["metadata"]["generation"].as_i64().unwrap_or(1);
    if st["observedGeneration"].as_i64().unwrap_or(0) < generation {
        return Err(denied(
            format!("The disruption budget {name} is still being processed by the server."),
            10,
        ));
    }
    let allowed = st["disruptionsAllowed"].as_i64().unwrap_or(0);
    if allowed < 0 {
        return Err(ApiError::new(
            403,
            "Forbidden",
            format!("poddisruptionbudget.policy \"{name}\" is forbidden: pdb disruptions allowed is negative"),
        )
        .with_details(json!({"name": name, "group": "policy", "kind": "poddisruptionbudget"})));
    }
    if allowed == 0 {
        return Err(denied(denied_message(budget), 0));
    }
    if dry_run {
        return Ok(());
    }
    let now = Utc::now();
    let mut v = (**budget).clone();
    v["status"]["disruptionsAllowed"] = json!(allowed - 1);
    v["status"]["disruptedPods"][meta::name(pod)] = json!(meta::ts(now));
    if allowed - 1 == 0 {
        v["status"]["conditions"] = json!([pdb::allowed_condition(budget, 0, generation, now)]);
    }
    let o = WriteOpts {
        manager: "kube-apiserver",
        now,
        dry_run: false,
    };
    s.update("poddisruptionbudgets", v, None, &o).map(|_| ())
}

/// The `DisruptionTarget` condition the API server sets on an evicted pod.
fn mark_disruption_target(s: &mut Store, pod: &Obj) {
    if pod["metadata"]["deletionTimestamp"].is_string() {
        return;
    }
    let now = Utc::now();
    let mut v = (**pod).clone();
    let cond = json!({"type": "DisruptionTarget", "status": "True", "lastProbeTime": null,
        "lastTransitionTime": meta::ts(now), "reason": "EvictionByEvictionAPI", "message": "Eviction API: evicting"});
    match v["status"]["conditions"].as_array_mut() {
        Some(cs) => {
            cs.retain(|c| c["type"] != "DisruptionTarget");
            cs.push(cond);
        }
        None => v["status"]["conditions"] = json!([cond]),
    }
    let o = WriteOpts {
        manager: "kube-apiserver",
        now,
        dry_run: false,
    };
    let _ = s.update("pods", v, None, &o);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blocked_eviction_is_the_real_429() {
        let budget = json!({"metadata": {"name": "db"}, "status": {"currentHealthy": 1, "desiredHealthy": 1,
            "disruptionsAllowed": 0, "conditions": [{"type": "DisruptionAllowed", "status": "False", "reason": "InsufficientPods", "message": ""}]}});
        let e = denied(denied_message(&budget), 0);
        assert_eq!(
            e.to_status(),
            json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": "Cannot evict pod as it would violate the pod's disruption budget.",
                "reason": "TooManyRequests",
                "details": {"causes": [{"reason": "DisruptionBudget", "message": "The disruption budget db needs 1 healthy pods and has 1 currently"}]},
                "code": 429})
        );
        let busy = denied("x".into(), 10);
        assert_eq!(busy.to_status()["details"]["retryAfterSeconds"], 10);
    }
}
