//! Deployments: one ReplicaSet per distinct pod template, revisions in
//! `deployment.kubernetes.io/revision` (a rollback re-numbers the old
//! ReplicaSet, as on a real cluster), rolling updates bounded by maxSurge
//! and maxUnavailable, status and conditions, revision history limit.

use serde_json::{Value, json};

use super::events::{Occurrence, Recorder, Source};
use crate::store::{Obj, Store, WriteOpts};
use crate::{meta, validate};

pub const REVISION: &str = "deployment.kubernetes.io/revision";
const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

pub fn revision(o: &Value) -> i64 {
    meta::annotation(o, REVISION)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

/// maxSurge/maxUnavailable: an int or a percentage of `desired`.
pub(super) fn int_or_percent(v: &Value, desired: i64, round_up: bool) -> i64 {
    match v {
        Value::Number(n) => n.as_i64().unwrap_or(0),
        Value::String(s) => match s.strip_suffix('%').and_then(|p| p.parse::<f64>().ok()) {
            Some(p) => {
                let x = p * desired as f64 / 100.0;
                if round_up {
                    x.ceil() as i64
                } else {
                    x.floor() as i64
                }
            }
            None => s.parse().unwrap_or(0),
        },
        _ => 0,
    }
}

fn replicas(rs: &Value) -> i64 {
    rs["spec"]["replicas"].as_i64().unwrap_or(0)
}

fn available(rs: &Value) -> i64 {
    rs["status"]["availableReplicas"].as_i64().unwrap_or(0)
}

/// The ReplicaSet's template equals the deployment's, ignoring the hash
/// label and anything a decoder would not distinguish.
fn same_template(rs: &Value, d: &Value) -> bool {
    let strip = |t: &Value| {
        let mut t = t.clone();
        if let Some(l) = t["metadata"]["labels"].as_object_mut() {
            l.remove("pod-template-hash");
        }
        meta::canonical(&t)
    };
    strip(&rs["spec"]["template"]) == strip(&d["spec"]["template"])
}

fn scale_rs(
    s: &mut Store,
    rec: &mut Recorder,
    d: &Value,
    rs: &Obj,
    to: i64,
    opts: &WriteOpts,
) -> Option<Obj> {
    let from = replicas(rs);
    if from == to {
        return Some(rs.clone());
    }
    let mut v = (**rs).clone();
    v["spec"]["replicas"] = json!(to);
    let updated = s.update("replicasets", v, None, opts).ok()?;
    let verb = if to > from { "up" } else { "down" };
    rec.record(
        s,
        Occurrence {
            obj: d,
            field_path: None,
            kind_type: "Normal",
            reason: "ScalingReplicaSet",
            message: &format!(
                "Scaled {verb} replica set {} from {from} to {to}",
                meta::name(rs)
            ),
            source: Source::Controller("deployment-controller"),
        },
        opts.now,
    );
    Some(updated)
}

pub fn reconcile(s: &mut Store, rec: &mut Recorder, targets: &[Obj], opts: &WriteOpts) {
    for d in targets {
        let Some(d) = s.get("deployments", meta::namespace(d), meta::name(d)) else {
            continue;
        };
        let rss = s.owned("replicasets", meta::uid(&d));
        reconcile_one(s, rec, &d, rss, opts);
    }
}

fn reconcile_one(s: &mut Store, rec: &mut Recorder, d: &Obj, mut rss: Vec<Obj>, opts: &WriteOpts) {
    let desired = desired_replicas(d);
    let max_rev = rss.iter().map(|r| revision(r)).max().unwrap_or(0);
    let paused = d["spec"]["paused"] == true;

    // The ReplicaSet for the current template: found, re-numbered, or new
    // (a paused deployment makes none).
    let found = match rss.iter().position(|r| same_template(r, d)) {
        Some(i) => {
            let r = rss.remove(i);
            Some(renumbered(s, d, r, max_rev, opts))
        }
        None if paused => None,
        None => {
            let Some(r) = create_replicaset(s, rec, d, &rss, max_rev, opts) else {
                return;
            };
            Some(r)
        }
    };

    // Rolling update (or recreate) toward `desired` on the new ReplicaSet;
    // paused, only the size follows `spec.replicas`.
    let new_rs = match found {
        Some(n) if paused => Some(scale_paused(s, rec, d, Some(n), &mut rss, desired, opts)),
        None => {
            scale_paused(s, rec, d, None, &mut rss, desired, opts);
            None
        }
        Some(n) if d["spec"]["strategy"]["type"] == "Recreate" => {
            Some(recreate(s, rec, d, &mut rss, n, desired, opts))
        }
        Some(n) => Some(roll(s, rec, d, &mut rss, n, desired, opts)),
    };

    prune_history(s, d, &rss);
    super::deployment_status::write(s, d, new_rs.as_ref(), &rss, desired, opts);
}

/// A paused deployment still scales: the one active ReplicaSet (or the
/// newest when none is active) takes `spec.replicas`; with several active,
/// the newest grows or the oldest shrink by the difference. Returns the new
/// ReplicaSet as it is after scaling.
fn scale_paused(
    s: &mut Store,
    rec: &mut Recorder,
    d: &Obj,
    new_rs: Option<Obj>,
    rss: &mut [Obj],
    desired: i64,
    opts: &WriteOpts,
) -> Obj {
    let mut all: Vec<Obj> = new_rs.iter().cloned().chain(rss.iter().cloned()).collect();
    all.sort_by_key(|r| std::cmp::Reverse(revision(r)));
    let active: Vec<usize> = (0..all.len()).filter(|&i| replicas(&all[i]) > 0).collect();
    let total: i64 = all.iter().map(|r| replicas(r)).sum();
    let mut changes: Vec<(usize, i64)> = Vec::new();
    match active.as_slice() {
        [] if !all.is_empty() => changes.push((0, desired)),
        [one] => changes.push((*one, desired)),
        [newest, ..] if desired > total => {
            changes.push((*newest, replicas(&all[*newest]) + desired - total));
        }
        many => {
            let mut excess = total - desired;
            for &i in many.iter().rev() {
                if excess <= 0 {
                    break;
                }
                let take = replicas(&all[i]).min(excess);
                excess -= take;
                changes.push((i, replicas(&all[i]) - take));
            }
        }
    }
    for (i, to) in changes {
        if let Some(u) = scale_rs(s, rec, d, &all[i], to, opts) {
            all[i] = u;
        }
    }
    for r in rss.iter_mut() {
        if let Some(u) = all.iter().find(|a| meta::uid(a) == meta::uid(r)) {
            *r = u.clone();
        }
    }
    match new_rs {
        Some(n) => all
            .iter()
            .find(|a| meta::uid(a) == meta::uid(&n))
            .cloned()
            .unwrap_or(n),
        None => all.first().cloned().unwrap_or_else(|| d.clone()),
    }
}

/// `spec.replicas`, 1 when unset, never negative.
fn desired_replicas(d: &Value) -> i64 {
    d["spec"]["replicas"].as_i64().unwrap_or(1).max(0)
}

/// An older ReplicaSet whose template is current again becomes the newest
/// revision, remembering the revisions it had; the current ReplicaSet takes
/// the deployment's change-cause (`kubectl annotate` after a rollout shows
/// in `kubectl rollout history`, as on a real cluster).
fn renumbered(s: &mut Store, d: &Obj, r: Obj, max_rev: i64, opts: &WriteOpts) -> Obj {
    if revision(&r) >= max_rev {
        let cause = meta::annotation(d, CHANGE_CAUSE);
        if cause.is_none() || cause == meta::annotation(&r, CHANGE_CAUSE) {
            return r;
        }
        let mut v = (*r).clone();
        meta::set_annotation(&mut v, CHANGE_CAUSE, cause.unwrap_or_default());
        return s.update("replicasets", v, None, opts).unwrap_or(r);
    }
    let mut v = (*r).clone();
    let old = revision(&r).to_string();
    let hist = match meta::annotation(&r, REVISION_HISTORY) {
        Some(h) => format!("{h},{old}"),
        None => old,
    };
    meta::set_annotation(&mut v, REVISION_HISTORY, &hist);
    meta::set_annotation(&mut v, REVISION, &(max_rev + 1).to_string());
    if let Some(cause) = meta::annotation(d, CHANGE_CAUSE) {
        meta::set_annotation(&mut v, CHANGE_CAUSE, cause);
    }
    match s.update("replicasets", v, None, opts) {
        Ok(u) => u,
        Err(_) => r,
    }
}

/// The ReplicaSet of a new template: full size at once when no old pods
/// run, else empty for the rolling update to grow.
fn create_replicaset(
    s: &mut Store,
    rec: &mut Recorder,
    d: &Obj,
    rss: &[Obj],
    max_rev: i64,
    opts: &WriteOpts,
) -> Option<Obj> {
    let desired = desired_replicas(d);
    let hash = meta::template_hash(&d["spec"]["template"]);
    let name = format!("{}-{hash}", meta::name(d));
    if !validate::is_dns_subdomain(&name) {
        return None;
    }
    let mut template = d["spec"]["template"].clone();
    template["metadata"]["labels"]["pod-template-hash"] = json!(hash);
    let mut selector = d["spec"]["selector"].clone();
    if !selector["matchLabels"].is_object() {
        selector["matchLabels"] = json!({});
    }
    selector["matchLabels"]["pod-template-hash"] = json!(hash);
    let mut labels = d["spec"]["template"]["metadata"]["labels"].clone();
    labels["pod-template-hash"] = json!(hash);
    let no_old_pods = rss.iter().all(|r| replicas(r) == 0);
    let start = if no_old_pods { desired } else { 0 };
    let mut annotations = json!({
        "deployment.kubernetes.io/desired-replicas": desired.to_string(),
        "deployment.kubernetes.io/max-replicas": (desired + surge(d, desired)).to_string(),
        REVISION: (max_rev + 1).to_string(),
    });
    if let Some(cause) = meta::annotation(d, CHANGE_CAUSE) {
        annotations[CHANGE_CAUSE] = json!(cause);
    }
    let rs = json!({
        "metadata": {
            "name": name,
            "namespace": meta::namespace(d),
            "labels": labels,
            "annotations": annotations,
            "ownerReferences": [meta::owner_ref(d)],
        },
        "spec": {"replicas": start, "selector": selector, "template": template},
        "status": {"replicas": 0},
    });
    let r = s.create("replicasets", rs, opts).ok()?;
    if start > 0 {
        rec.record(
            s,
            Occurrence {
                obj: d,
                field_path: None,
                kind_type: "Normal",
                reason: "ScalingReplicaSet",
                message: &format!("Scaled up replica set {name} from 0 to {start}"),
                source: Source::Controller("deployment-controller"),
            },
            opts.now,
        );
    }
    Some(r)
}

/// Recreate: old ReplicaSets go to zero, and the new one grows once their
/// pods are gone.
fn recreate(
    s: &mut Store,
    rec: &mut Recorder,
    d: &Obj,
    rss: &mut [Obj],
    mut new_rs: Obj,
    desired: i64,
    opts: &WriteOpts,
) -> Obj {
    for r in rss.iter_mut() {
        if replicas(r) > 0
            && let Some(u) = scale_rs(s, rec, d, r, 0, opts)
        {
            *r = u;
        }
    }
    let old_pods: i64 = rss
        .iter()
        .map(|r| r["status"]["replicas"].as_i64().unwrap_or(0))
        .sum();
    if old_pods == 0
        && replicas(&new_rs) != desired
        && let Some(u) = scale_rs(s, rec, d, &new_rs, desired, opts)
    {
        new_rs = u;
    }
    new_rs
}

/// A rolling update step: the new ReplicaSet grows within the surge, old
/// ones shrink (unhealthy pods first) within the availability budget.
fn roll(
    s: &mut Store,
    rec: &mut Recorder,
    d: &Obj,
    rss: &mut [Obj],
    mut new_rs: Obj,
    desired: i64,
    opts: &WriteOpts,
) -> Obj {
    let max_surge = surge(d, desired);
    let mut max_unavail = int_or_percent(
        &d["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"],
        desired,
        false,
    );
    if max_surge == 0 && max_unavail == 0 {
        max_unavail = 1;
    }
    let total: i64 = replicas(&new_rs) + rss.iter().map(|r| replicas(r)).sum::<i64>();
    let new_n = replicas(&new_rs);
    let target = if new_n < desired {
        let room = desired + max_surge - total;
        (new_n + room.max(0)).min(desired)
    } else {
        desired
    };
    if target != new_n
        && let Some(u) = scale_rs(s, rec, d, &new_rs, target, opts)
    {
        new_rs = u;
    }
    // Scale old ReplicaSets down, unhealthy pods first, never below
    // the minimum availability.
    let min_available = desired - max_unavail;
    let new_unavailable = (replicas(&new_rs) - available(&new_rs)).max(0);
    let all_pods: i64 = replicas(&new_rs) + rss.iter().map(|r| replicas(r)).sum::<i64>();
    let mut budget = all_pods - min_available - new_unavailable;
    rss.sort_by_key(|r| revision(r));
    for r in rss.iter_mut() {
        if budget <= 0 {
            break;
        }
        let unhealthy = (replicas(r) - available(r)).max(0).min(budget);
        if unhealthy > 0
            && let Some(u) = scale_rs(s, rec, d, r, replicas(r) - unhealthy, opts)
        {
            budget -= unhealthy;
            *r = u;
        }
    }
    let avail_all: i64 = available(&new_rs) + rss.iter().map(|r| available(r)).sum::<i64>();
    let mut budget = avail_all - min_available;
    for r in rss.iter_mut() {
        if budget <= 0 {
            break;
        }
        let n = replicas(r).min(budget);
        if n > 0
            && let Some(u) = scale_rs(s, rec, d, r, replicas(r) - n, opts)
        {
            budget -= n;
            *r = u;
        }
    }
    new_rs
}

/// Old ReplicaSets beyond the history limit go.
fn prune_history(s: &mut Store, d: &Obj, rss: &[Obj]) {
    let limit = d["spec"]["revisionHistoryLimit"]
        .as_i64()
        .unwrap_or(10)
        .max(0) as usize;
    let mut idle: Vec<&Obj> = rss
        .iter()
        .filter(|r| replicas(r) == 0 && r["status"]["replicas"].as_i64().unwrap_or(0) == 0)
        .collect();
    if idle.len() > limit {
        idle.sort_by_key(|r| revision(r));
        for r in idle.iter().take(idle.len() - limit) {
            let _ = s.delete("replicasets", meta::namespace(r), meta::name(r), false);
        }
    }
}

fn surge(d: &Value, desired: i64) -> i64 {
    if d["spec"]["strategy"]["type"] == "Recreate" {
        return 0;
    }
    int_or_percent(
        &d["spec"]["strategy"]["rollingUpdate"]["maxSurge"],
        desired,
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surge_and_unavailable_round_like_kubernetes() {
        assert_eq!(int_or_percent(&json!("25%"), 10, true), 3);
        assert_eq!(int_or_percent(&json!("25%"), 10, false), 2);
        assert_eq!(int_or_percent(&json!(2), 10, false), 2);
        assert_eq!(int_or_percent(&json!("1"), 10, false), 1);
    }

    #[test]
    fn templates_compare_without_hash_or_nulls() {
        let d = json!({"spec": {"template": {"metadata": {"labels": {"app": "web"}, "creationTimestamp": null}, "spec": {"containers": [{"name": "n", "image": "a"}]}}}});
        let rs = json!({"spec": {"template": {"metadata": {"labels": {"app": "web", "pod-template-hash": "x"}}, "spec": {"containers": [{"name": "n", "image": "a"}]}}}});
        assert!(same_template(&rs, &d));
        let mut other = rs.clone();
        other["spec"]["template"]["spec"]["containers"][0]["image"] = json!("b");
        assert!(!same_template(&other, &d));
    }
}
