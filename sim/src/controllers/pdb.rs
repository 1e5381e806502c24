//! PodDisruptionBudgets: the disruption controller keeps `status`
//! (`currentHealthy`, `desiredHealthy`, `expectedPods`,
//! `disruptionsAllowed`, `disruptedPods`, the `DisruptionAllowed`
//! condition) from the pods the budget selects, as kube-controller-manager
//! does; the eviction subresource reads and decrements it.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::replicasets::pod_ready;
use crate::meta;
use crate::selector::LabelSelector;
use crate::store::{Obj, Store, WriteOpts};

/// How long an evicted pod may take to go before the budget counts it again.
pub const DELETION_TIMEOUT: Duration = Duration::minutes(2);

/// The pods a budget selects. In policy/v1 an empty selector selects every
/// pod of the namespace; a missing one selects none.
fn selected_pods(s: &Store, pdb: &Value) -> Vec<Obj> {
    let sel = &pdb["spec"]["selector"];
    if !sel.is_object() {
        return Vec::new();
    }
    let Ok(selector) = LabelSelector::from_json(sel) else {
        return Vec::new();
    };
    s.list("pods", Some(meta::namespace(pdb)))
        .filter(|p| selector.matches(meta::labels(p)))
        .cloned()
        .collect()
}

/// The budgets the eviction subresource checks for `pod`: those whose
/// non-empty selector matches its labels (the eviction path skips empty
/// selectors, unlike the controller).
pub fn budgets_for(s: &Store, pod: &Value) -> Vec<Obj> {
    let Some(labels) = meta::labels(pod).filter(|l| !l.is_empty()) else {
        return Vec::new();
    };
    s.list("poddisruptionbudgets", Some(meta::namespace(pod)))
        .filter(|b| {
            LabelSelector::from_json(&b["spec"]["selector"])
                .is_ok_and(|sel| !sel.is_empty() && sel.matches(Some(labels)))
        })
        .cloned()
        .collect()
}

/// An IntOrString scaled against `total` (percentages rounded up).
fn scaled(v: &Value, total: i64) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => match s.strip_suffix('%') {
            Some(p) => p
                .parse::<f64>()
                .ok()
                .map(|p| (p * total as f64 / 100.0).ceil() as i64),
            None => s.parse().ok(),
        },
        _ => None,
    }
}

/// The replicas the controllers of `pods` want, each controller once
/// (a ReplicaSet of a Deployment counts as the Deployment); pods without a
/// controller are left out (the real controller warns about them). A
/// controller without a scale subresource (a DaemonSet, a Job) cannot be
/// counted: the error the real controller fails its sync with.
fn expected_scale(s: &Store, pods: &[Obj]) -> Result<i64, String> {
    let mut seen = HashSet::new();
    let mut total = 0;
    for p in pods {
        let Some(uid) = meta::controller_uid(p) else {
            continue;
        };
        let Some((storage, mut owner)) = s.by_uid(uid) else {
            return Err(format!("found no controllers for pod {:?}", meta::name(p)));
        };
        if storage == "replicasets"
            && let Some((_, d)) = meta::controller_uid(&owner)
                .and_then(|u| s.by_uid(u))
                .filter(|(st, _)| *st == "deployments")
        {
            owner = d;
        }
        let kind = owner["kind"].as_str().unwrap_or("");
        if !matches!(kind, "Deployment" | "ReplicaSet" | "StatefulSet") {
            let def = crate::registry::RESOURCES
                .iter()
                .find(|r| r.kind == kind && !r.virtual_only);
            let resource = def.map_or_else(
                || kind.to_lowercase(),
                |r| match r.group {
                    "" => r.plural.to_string(),
                    g => format!("{}.{g}", r.plural),
                },
            );
            return Err(format!(
                "{resource} does not implement the scale subresource"
            ));
        }
        if seen.insert(meta::uid(&owner).to_string()) {
            total += owner["spec"]["replicas"].as_i64().unwrap_or(1);
        }
    }
    Ok(total)
}

/// (expectedPods, desiredHealthy) as `getExpectedPodCount` computes them.
fn expected_and_desired(s: &Store, pdb: &Value, pods: &[Obj]) -> Result<(i64, i64), String> {
    let spec = &pdb["spec"];
    if let Some(max) = spec.get("maxUnavailable").filter(|v| !v.is_null()) {
        let expected = expected_scale(s, pods)?;
        let unavailable = scaled(max, expected).unwrap_or(0);
        Ok((expected, (expected - unavailable).max(0)))
    } else if let Some(min) = spec.get("minAvailable").filter(|v| !v.is_null()) {
        if min.as_str().is_some_and(|m| m.ends_with('%')) {
            let expected = expected_scale(s, pods)?;
            Ok((expected, scaled(min, expected).unwrap_or(0)))
        } else {
            Ok((pods.len() as i64, scaled(min, 0).unwrap_or(0)))
        }
    } else {
        Ok((0, 0))
    }
}

fn parse_time(v: &Value) -> Option<DateTime<Utc>> {
    v.as_str().and_then(meta::parse_ts)
}

/// The status the disruption controller writes for `pdb` at `now`.
pub fn status_of(s: &Store, pdb: &Value, now: DateTime<Utc>) -> Value {
    let pods = selected_pods(s, pdb);
    // Pods the eviction subresource is deleting, until they go (or the
    // deletion is overdue).
    let mut disrupted = BTreeMap::new();
    if let Some(m) = pdb["status"]["disruptedPods"].as_object() {
        for p in &pods {
            if p["metadata"]["deletionTimestamp"].is_string() {
                continue;
            }
            if let Some(t) = m.get(meta::name(p))
                && parse_time(t).is_some_and(|t| t + DELETION_TIMEOUT > now)
            {
                disrupted.insert(meta::name(p).to_string(), t.clone());
            }
        }
    }
    let healthy = pods
        .iter()
        .filter(|p| {
            !p["metadata"]["deletionTimestamp"].is_string()
                && !disrupted.contains_key(meta::name(p))
                && pod_ready(p)
        })
        .count() as i64;
    let (expected, desired) = match expected_and_desired(s, pdb, &pods) {
        Ok(counts) => counts,
        Err(message) => return failed_sync(pdb, &message, now),
    };
    let allowed = if expected <= 0 {
        0
    } else {
        (healthy - desired).max(0)
    };
    let generation = pdb["metadata"]["generation"].as_i64().unwrap_or(1);
    let mut status = json!({
        "observedGeneration": generation,
        "disruptionsAllowed": allowed,
        "currentHealthy": healthy,
        "desiredHealthy": desired,
        "expectedPods": expected,
    });
    if !disrupted.is_empty() {
        status["disruptedPods"] = json!(disrupted);
    }
    status["conditions"] = json!([allowed_condition(pdb, allowed, generation, now)]);
    status
}

/// `failSafe`: the status as it was, with no disruption allowed and the
/// `SyncFailed` condition saying why (the observed generation is not
/// moved, so evictions are told the budget is still being processed).
fn failed_sync(pdb: &Value, message: &str, now: DateTime<Utc>) -> Value {
    let mut status = pdb["status"].clone();
    if !status.is_object() {
        status = json!({});
    }
    let observed = status["observedGeneration"].as_i64().unwrap_or(0);
    status["disruptionsAllowed"] = json!(0);
    for k in ["currentHealthy", "desiredHealthy", "expectedPods"] {
        if status[k].is_null() {
            status[k] = json!(0);
        }
    }
    let since = pdb["status"]["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "DisruptionAllowed"))
        .filter(|c| c["reason"] == "SyncFailed")
        .map_or_else(|| json!(meta::ts(now)), |c| c["lastTransitionTime"].clone());
    let mut cond = json!({
        "type": "DisruptionAllowed",
        "status": "False",
        "lastTransitionTime": since,
        "reason": "SyncFailed",
        "message": message,
    });
    // Zero generations are left out (`omitempty`).
    if observed > 0 {
        cond["observedGeneration"] = json!(observed);
    }
    status["conditions"] = json!([cond]);
    status
}

/// The `DisruptionAllowed` condition (its transition time kept while its
/// status stays).
pub fn allowed_condition(pdb: &Value, allowed: i64, generation: i64, now: DateTime<Utc>) -> Value {
    let (status, reason) = if allowed > 0 {
        ("True", "SufficientPods")
    } else {
        ("False", "InsufficientPods")
    };
    let since = pdb["status"]["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "DisruptionAllowed"))
        .filter(|c| c["status"] == status)
        .map_or_else(|| json!(meta::ts(now)), |c| c["lastTransitionTime"].clone());
    json!({
        "type": "DisruptionAllowed",
        "status": status,
        "observedGeneration": generation,
        "lastTransitionTime": since,
        "reason": reason,
        "message": "",
    })
}

/// Bring the budgets of `namespaces` (all when None) up to date.
pub fn reconcile(s: &mut Store, namespaces: Option<&HashSet<String>>, opts: &WriteOpts) {
    let budgets: Vec<Obj> = super::in_namespaces(s, "poddisruptionbudgets", namespaces);
    for pdb in budgets {
        let status = status_of(s, &pdb, opts.now);
        if pdb["status"] == status {
            continue;
        }
        let mut v = (*pdb).clone();
        v["status"] = status;
        let _ = s.update("poddisruptionbudgets", v, None, opts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with(pods: usize, ready: usize, pdb_spec: Value) -> Store {
        let mut s = Store::new(1, 100);
        let o = WriteOpts {
            manager: "test",
            now: Utc::now(),
            dry_run: false,
        };
        for i in 0..pods {
            let cond = if i < ready { "True" } else { "False" };
            s.create("pods", json!({"metadata": {"name": format!("web-{i}"), "namespace": "shop", "labels": {"app": "web"}},
                "spec": {"containers": [{"name": "c", "image": "x"}]},
                "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": cond}]}}), &o)
                .unwrap();
        }
        s.create(
            "poddisruptionbudgets",
            json!({"metadata": {"name": "web", "namespace": "shop"}, "spec": pdb_spec}),
            &o,
        )
        .unwrap();
        s
    }

    #[test]
    fn min_available_counts_ready_pods() {
        let s = store_with(
            3,
            2,
            json!({"minAvailable": 1, "selector": {"matchLabels": {"app": "web"}}}),
        );
        let pdb = s.get("poddisruptionbudgets", "shop", "web").unwrap();
        let st = status_of(&s, &pdb, Utc::now());
        assert_eq!(st["currentHealthy"], 2);
        assert_eq!(st["desiredHealthy"], 1);
        assert_eq!(st["expectedPods"], 3);
        assert_eq!(st["disruptionsAllowed"], 1);
        assert_eq!(st["conditions"][0]["reason"], "SufficientPods");
    }

    #[test]
    fn a_budget_that_needs_every_pod_allows_nothing() {
        let s = store_with(
            2,
            2,
            json!({"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}}),
        );
        let pdb = s.get("poddisruptionbudgets", "shop", "web").unwrap();
        let st = status_of(&s, &pdb, Utc::now());
        assert_eq!(st["disruptionsAllowed"], 0);
        assert_eq!(st["conditions"][0]["status"], "False");
        assert_eq!(st["conditions"][0]["reason"], "InsufficientPods");
        assert_eq!(
            budgets_for(&s, &s.get("pods", "shop", "web-0").unwrap()).len(),
            1
        );
    }

    #[test]
    fn a_controller_without_scale_fails_the_sync() {
        let mut s = Store::new(1, 100);
        let o = WriteOpts {
            manager: "test",
            now: Utc::now(),
            dry_run: false,
        };
        let ds = s
            .create(
                "daemonsets",
                json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "shop"},
                    "spec": {"selector": {"matchLabels": {"app": "agent"}},
                        "template": {"metadata": {"labels": {"app": "agent"}}, "spec": {"containers": [{"name": "c", "image": "x"}]}}}}),
                &o,
            )
            .unwrap();
        let mut pod = json!({"metadata": {"name": "agent-x", "namespace": "shop", "labels": {"app": "agent"}},
            "spec": {"containers": [{"name": "c", "image": "x"}]},
            "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}});
        pod["metadata"]["ownerReferences"] = json!([meta::owner_ref(&ds)]);
        s.create("pods", pod, &o).unwrap();
        let pdb = json!({"metadata": {"name": "agent", "namespace": "shop", "generation": 1},
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": {"app": "agent"}}}});
        let st = status_of(&s, &pdb, Utc::now());
        assert_eq!(st["disruptionsAllowed"], 0);
        assert!(st.get("observedGeneration").is_none(), "{st}");
        assert_eq!(st["conditions"][0]["reason"], "SyncFailed");
        assert_eq!(
            st["conditions"][0]["message"],
            "daemonsets.apps does not implement the scale subresource"
        );
        // An integer minAvailable needs no controller.
        let pdb = json!({"metadata": {"name": "agent", "namespace": "shop", "generation": 1},
            "spec": {"minAvailable": 0, "selector": {"matchLabels": {"app": "agent"}}}});
        assert_eq!(status_of(&s, &pdb, Utc::now())["disruptionsAllowed"], 1);
    }

    #[test]
    fn percentages_round_up() {
        assert_eq!(scaled(&json!("25%"), 3), Some(1));
        assert_eq!(scaled(&json!("50%"), 3), Some(2));
        assert_eq!(scaled(&json!(2), 3), Some(2));
    }
}
