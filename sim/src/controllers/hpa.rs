//! HorizontalPodAutoscalers (autoscaling/v2): the controller keeps
//! `status` plausible: `currentReplicas` from the target, `currentMetrics`
//! from the same usage metrics.k8s.io serves (CPU and memory, as
//! utilization of requests or average value), the `AbleToScale`,
//! `ScalingActive` and `ScalingLimited` conditions. It does not scale on
//! metrics (`desiredReplicas` is the current size), but, as a real
//! autoscaler does, it puts a target scaled outside `minReplicas`..
//! `maxReplicas` back within them.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::events::{Occurrence, Recorder, Source};
use crate::selector::LabelSelector;
use crate::store::{Obj, Store, WriteOpts};
use crate::{meta, metrics, quantity};

/// The storage of a scale target kind.
fn target_storage(kind: &str) -> Option<&'static str> {
    match kind {
        "Deployment" => Some("deployments"),
        "StatefulSet" => Some("statefulsets"),
        "ReplicaSet" => Some("replicasets"),
        _ => None,
    }
}

/// (used, requested) of one resource over the running pods, and how many.
fn usage(pods: &[Obj], resource: &str, now: DateTime<Utc>) -> (i64, i64, i64) {
    let (mut used, mut requested, mut n) = (0, 0, 0);
    for p in pods.iter().filter(|p| p["status"]["phase"] == "Running") {
        n += 1;
        let usage = metrics::pod_usage(p, now);
        for c in p["spec"]["containers"].as_array().into_iter().flatten() {
            let (cpu, mem) = usage
                .iter()
                .find(|(name, _, _)| c["name"] == *name)
                .map_or((0, 0), |&(_, cpu, mem)| (cpu, mem));
            let req = c["resources"]["requests"][resource].as_str();
            if resource == "cpu" {
                used += cpu;
                requested += req.and_then(quantity::cpu_milli).unwrap_or(0);
            } else {
                used += mem;
                requested += req.and_then(quantity::bytes).unwrap_or(0);
            }
        }
    }
    (used, requested, n)
}

/// The utilization (percent of requests) of one resource over the running
/// `pods` at `now`; None without running pods or requests.
pub fn utilization(pods: &[Obj], resource: &str, now: DateTime<Utc>) -> Option<i64> {
    let (used, requested, n) = usage(pods, resource, now);
    (n > 0 && requested > 0).then(|| used * 100 / requested)
}

/// The status entry of one metric spec; `{"type": ""}` when it cannot be
/// computed (as the controller leaves a failed metric).
fn metric_status(spec: &Value, pods: &[Obj], metrics_on: bool, now: DateTime<Utc>) -> Value {
    let kind = spec["type"].as_str().unwrap_or("");
    let (block, name) = match kind {
        "Resource" => ("resource", spec["resource"]["name"].as_str().unwrap_or("")),
        "ContainerResource" => (
            "containerResource",
            spec["containerResource"]["name"].as_str().unwrap_or(""),
        ),
        _ => return json!({"type": ""}),
    };
    if !metrics_on || !matches!(name, "cpu" | "memory") {
        return json!({"type": ""});
    }
    let (used, requested, n) = usage(pods, name, now);
    if n == 0 {
        return json!({"type": ""});
    }
    let average = if name == "cpu" {
        format!("{}m", used / n)
    } else {
        quantity::format_bytes(used / n)
    };
    let mut current = json!({"averageValue": average});
    if spec[block]["target"]["type"] == "Utilization" && requested > 0 {
        current["averageUtilization"] = json!(used * 100 / requested);
    }
    let mut out = json!({"type": kind});
    out[block] = json!({"name": name, "current": current});
    if kind == "ContainerResource" {
        out[block]["container"] = spec[block]["container"].clone();
    }
    out
}

fn condition(
    prev: &Value,
    kind: &str,
    status: bool,
    reason: &str,
    message: &str,
    now: &str,
) -> Value {
    let st = if status { "True" } else { "False" };
    let since = prev["status"]["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == kind))
        .filter(|c| c["status"] == st)
        .map_or_else(|| json!(now), |c| c["lastTransitionTime"].clone());
    json!({"type": kind, "status": st, "lastTransitionTime": since, "reason": reason, "message": message})
}

/// The status of `hpa`, and the size its target must be put back to.
fn status_of(s: &Store, hpa: &Value, metrics_on: bool, now: DateTime<Utc>) -> (Value, Option<i64>) {
    let ts = meta::ts(now);
    let r = &hpa["spec"]["scaleTargetRef"];
    let (kind, name) = (
        r["kind"].as_str().unwrap_or(""),
        r["name"].as_str().unwrap_or(""),
    );
    let target = target_storage(kind).and_then(|st| s.get(st, meta::namespace(hpa), name));
    let Some(target) = target else {
        let msg = format!(
            "the HPA controller was unable to get the target's current scale: {}.apps \"{name}\" not found",
            kind.to_lowercase() + "s"
        );
        let mut st = hpa["status"].clone();
        if !st.is_object() {
            st = json!({"currentReplicas": 0, "desiredReplicas": 0});
        }
        st["conditions"] = json!([condition(
            hpa,
            "AbleToScale",
            false,
            "FailedGetScale",
            &msg,
            &ts
        )]);
        return (st, None);
    };
    let spec_replicas = target["spec"]["replicas"].as_i64().unwrap_or(1);
    let min = hpa["spec"]["minReplicas"].as_i64().unwrap_or(1);
    let max = hpa["spec"]["maxReplicas"].as_i64().unwrap_or(min).max(min);
    let desired = spec_replicas.clamp(min, max);
    let pods: Vec<Obj> = LabelSelector::from_json(&target["spec"]["selector"])
        .ok()
        .filter(|sel| !sel.is_empty())
        .map(|sel| {
            s.list("pods", Some(meta::namespace(hpa)))
                .filter(|p| {
                    sel.matches(meta::labels(p)) && !p["metadata"]["deletionTimestamp"].is_string()
                })
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    // The target's status, or (before its controller has written one) its pods.
    let current = target["status"]["replicas"]
        .as_i64()
        .unwrap_or(pods.len() as i64);
    let specs = hpa["spec"]["metrics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let current_metrics: Vec<Value> = specs
        .iter()
        .map(|m| metric_status(m, &pods, metrics_on, now))
        .collect();
    let valid = current_metrics.iter().any(|m| m["type"] != "");
    let active = if valid || specs.is_empty() {
        let what = specs
            .first()
            .and_then(|m| m["resource"]["name"].as_str())
            .unwrap_or("cpu");
        condition(
            hpa,
            "ScalingActive",
            true,
            "ValidMetricFound",
            &format!(
                "the HPA was able to successfully calculate a replica count from {what} resource utilization (percentage of request)"
            ),
            &ts,
        )
    } else {
        condition(
            hpa,
            "ScalingActive",
            false,
            "FailedGetResourceMetric",
            "the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)",
            &ts,
        )
    };
    let limited = if spec_replicas < min {
        condition(
            hpa,
            "ScalingLimited",
            true,
            "TooFewReplicas",
            "the desired replica count is less than the minimum replica count",
            &ts,
        )
    } else if spec_replicas > max {
        condition(
            hpa,
            "ScalingLimited",
            true,
            "TooManyReplicas",
            "the desired replica count is more than the maximum replica count",
            &ts,
        )
    } else {
        condition(
            hpa,
            "ScalingLimited",
            false,
            "DesiredWithinRange",
            "the desired count is within the acceptable range",
            &ts,
        )
    };
    let able = condition(
        hpa,
        "AbleToScale",
        true,
        "ReadyForNewScale",
        "recommended size matches current size",
        &ts,
    );
    let mut status = json!({
        "currentReplicas": current,
        "desiredReplicas": desired,
        "conditions": [able, active, limited],
    });
    if !current_metrics.is_empty() {
        status["currentMetrics"] = json!(current_metrics);
    }
    if let Some(t) = hpa["status"].get("lastScaleTime").filter(|t| !t.is_null()) {
        status["lastScaleTime"] = t.clone();
    }
    let rescale = (desired != spec_replicas).then_some(desired);
    if rescale.is_some() {
        status["lastScaleTime"] = json!(ts);
    }
    (status, rescale)
}

/// Bring the autoscalers of `namespaces` (all when None) up to date.
pub fn reconcile(
    s: &mut Store,
    rec: &mut Recorder,
    namespaces: Option<&HashSet<String>>,
    metrics_on: bool,
    opts: &WriteOpts,
) {
    let hpas: Vec<Obj> = super::in_namespaces(s, "horizontalpodautoscalers", namespaces);
    for hpa in hpas {
        let (status, rescale) = status_of(s, &hpa, metrics_on, opts.now);
        if let Some(n) = rescale {
            rescale_target(s, rec, &hpa, n, opts);
        }
        if hpa["status"] == status {
            continue;
        }
        let mut v = (*hpa).clone();
        v["status"] = status;
        let _ = s.update("horizontalpodautoscalers", v, None, opts);
    }
}

/// Put the target back within the autoscaler's bounds.
fn rescale_target(s: &mut Store, rec: &mut Recorder, hpa: &Obj, n: i64, opts: &WriteOpts) {
    let r = &hpa["spec"]["scaleTargetRef"];
    let Some(storage) = r["kind"].as_str().and_then(target_storage) else {
        return;
    };
    let Some(target) = s.get(
        storage,
        meta::namespace(hpa),
        r["name"].as_str().unwrap_or(""),
    ) else {
        return;
    };
    let from = target["spec"]["replicas"].as_i64().unwrap_or(1);
    let reason = if from < n {
        "Current number of replicas below Spec.MinReplicas"
    } else {
        "Current number of replicas above Spec.MaxReplicas"
    };
    let mut v = (*target).clone();
    v["spec"]["replicas"] = json!(n);
    if s.update(storage, v, None, opts).is_ok() {
        rec.record(
            s,
            Occurrence {
                obj: hpa,
                field_path: None,
                kind_type: "Normal",
                reason: "SuccessfulRescale",
                message: &format!("New size: {n}; reason: {reason}"),
                source: Source::Controller("horizontal-pod-autoscaler"),
            },
            opts.now,
        );
    }
}
