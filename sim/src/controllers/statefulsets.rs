//! StatefulSets: pods `<name>-<ordinal>` created in order (each after the
//! previous is ready, for OrderedReady), removed from the highest ordinal,
//! replaced one at a time when the template changes.

use std::collections::HashSet;

use serde_json::json;

use super::events::{Occurrence, Recorder, Source};
use super::replicasets::{active, pod_from_template, pod_ready, terminate_pod};
use super::revisions::{self, Owner};
use crate::meta;
use crate::store::{Obj, Store, WriteOpts};

fn ordinal(sts: &str, pod: &str) -> Option<usize> {
    pod.strip_prefix(sts)?.strip_prefix('-')?.parse().ok()
}

pub fn reconcile(s: &mut Store, rec: &mut Recorder, targets: &[Obj], opts: &WriteOpts) {
    for sts in targets {
        let Some(sts) = s.get("statefulsets", meta::namespace(sts), meta::name(sts)) else {
            continue;
        };
        reconcile_one(s, rec, &sts, opts);
    }
}

/// What one pass over a StatefulSet works from.
struct Pass {
    name: String,
    desired: usize,
    /// `<name>-<template hash>`.
    revision: String,
    /// OrderedReady: one pod at a time, each after the previous is ready.
    ordered: bool,
    /// Some pod is still terminating.
    terminating: bool,
}

fn reconcile_one(s: &mut Store, rec: &mut Recorder, sts: &Obj, opts: &WriteOpts) {
    let name = meta::name(sts).to_string();
    let desired = sts["spec"]["replicas"].as_i64().unwrap_or(1).max(0) as usize;
    let ordered = sts["spec"]["podManagementPolicy"] != "Parallel";
    let owned: Vec<Obj> = s.owned("pods", meta::uid(sts));
    // The revisions pods run and the current one are in use.
    let mut live: HashSet<String> = owned
        .iter()
        .filter_map(|p| pod_revision(p).map(str::to_string))
        .collect();
    live.extend(
        sts["status"]["currentRevision"]
            .as_str()
            .map(str::to_string),
    );
    let revision = revisions::sync(s, sts, Owner::StatefulSet, &live, opts)
        .map(|cr| meta::name(&cr).to_string())
        .unwrap_or_else(|| format!("{name}-{}", meta::template_hash(&sts["spec"]["template"])));
    let mut by_ord: Vec<Option<Obj>> = vec![None; desired];
    let mut extra: Vec<(usize, Obj)> = Vec::new();
    let terminating = owned
        .iter()
        .any(|p| p["metadata"]["deletionTimestamp"].is_string());
    for p in owned.iter().filter(|p| active(p)) {
        match ordinal(&name, meta::name(p)) {
            Some(i) if i < desired => by_ord[i] = Some(p.clone()),
            Some(i) => extra.push((i, p.clone())),
            None => {}
        }
    }
    let pass = Pass {
        name,
        desired,
        revision,
        ordered,
        terminating,
    };
    create_missing(s, rec, sts, &pass, &mut by_ord, opts);
    scale_down(s, rec, sts, &pass, extra, opts);
    roll_and_report(s, rec, sts, &pass, &by_ord, opts);
}

/// Create missing ordinals (in order, one at a time, for OrderedReady).
fn create_missing(
    s: &mut Store,
    rec: &mut Recorder,
    sts: &Obj,
    pass: &Pass,
    by_ord: &mut [Option<Obj>],
    opts: &WriteOpts,
) {
    let (name, revision, ordered) = (&pass.name, &pass.revision, pass.ordered);
    for i in 0..pass.desired {
        if by_ord[i].is_some() || (ordered && pass.terminating) {
            continue;
        }
        if ordered
            && by_ord[..i]
                .iter()
                .any(|p| !p.as_ref().is_some_and(|p| pod_ready(p)))
        {
            break;
        }
        let pname = format!("{name}-{i}");
        if s.get("pods", meta::namespace(sts), &pname).is_some() {
            break; // the old instance is still terminating
        }
        let mut pod = pod_from_template(
            sts,
            Some(&pname),
            &[
                ("controller-revision-hash", revision.clone()),
                ("statefulset.kubernetes.io/pod-name", pname.clone()),
                ("apps.kubernetes.io/pod-index", i.to_string()),
            ],
            None,
            None,
        );
        pod["spec"]["hostname"] = json!(pname);
        if let Some(svc) = sts["spec"]["serviceName"].as_str() {
            pod["spec"]["subdomain"] = json!(svc);
        }
        if let Ok(p) = s.create("pods", pod, opts) {
            rec.record(
                s,
                Occurrence {
                    obj: sts,
                    field_path: None,
                    kind_type: "Normal",
                    reason: "SuccessfulCreate",
                    message: &format!("create Pod {pname} in StatefulSet {name} successful"),
                    source: Source::Controller("statefulset-controller"),
                },
                opts.now,
            );
            by_ord[i] = Some(p);
        }
        if ordered {
            break;
        }
    }
}

/// Scale down from the highest ordinal.
fn scale_down(
    s: &mut Store,
    rec: &mut Recorder,
    sts: &Obj,
    pass: &Pass,
    mut extra: Vec<(usize, Obj)>,
    opts: &WriteOpts,
) {
    let (name, ordered) = (&pass.name, pass.ordered);
    extra.sort_by_key(|(i, _)| std::cmp::Reverse(*i));
    for (_, p) in extra.iter().take(if ordered { 1 } else { extra.len() }) {
        terminate_pod(s, rec, p, opts);
        rec.record(
            s,
            Occurrence {
                obj: sts,
                field_path: None,
                kind_type: "Normal",
                reason: "SuccessfulDelete",
                message: &format!(
                    "delete Pod {} in StatefulSet {name} successful",
                    meta::name(p)
                ),
                source: Source::Controller("statefulset-controller"),
            },
            opts.now,
        );
    }
}

/// The revision a pod runs (its `controller-revision-hash` label).
fn pod_revision(p: &Obj) -> Option<&str> {
    meta::labels(p)
        .and_then(|l| l.get("controller-revision-hash"))
        .and_then(|v| v.as_str())
}

/// Whether a pod runs the StatefulSet's current revision.
fn at_revision(p: &Obj, revision: &str) -> bool {
    pod_revision(p) == Some(revision)
}

/// Rolling update: replace the highest outdated pod once all are ready;
/// then write the status.
fn roll_and_report(
    s: &mut Store,
    rec: &mut Recorder,
    sts: &Obj,
    pass: &Pass,
    by_ord: &[Option<Obj>],
    opts: &WriteOpts,
) {
    let (desired, revision) = (pass.desired, &pass.revision);
    let live: Vec<&Obj> = by_ord.iter().flatten().collect();
    let all_ready = live.len() == desired && live.iter().all(|p| pod_ready(p));
    if all_ready
        && !pass.terminating
        && let Some(p) = live.iter().rev().find(|p| !at_revision(p, revision))
    {
        terminate_pod(s, rec, p, opts);
    }
    let ready = live.iter().filter(|p| pod_ready(p)).count();
    let updated = live.iter().filter(|p| at_revision(p, revision)).count();
    let current_rev = if updated == live.len() {
        revision.clone()
    } else {
        sts["status"]["currentRevision"]
            .as_str()
            .unwrap_or(revision)
            .to_string()
    };
    let mut v = (**sts).clone();
    v["status"] = json!({
        "observedGeneration": sts["metadata"]["generation"].as_i64().unwrap_or(1),
        "replicas": live.len(),
        "readyReplicas": ready,
        "currentReplicas": if current_rev == *revision { updated } else { live.len() - updated },
        "updatedReplicas": updated,
        "currentRevision": current_rev,
        "updateRevision": revision,
        "collisionCount": 0,
        "availableReplicas": ready,
    });
    let _ = s.update("statefulsets", v, None, opts);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        assert_eq!(ordinal("db", "db-0"), Some(0));
        assert_eq!(ordinal("db", "db-12"), Some(12));
        assert_eq!(ordinal("db", "dbx-1"), None);
        assert_eq!(ordinal("db", "db-a"), None);
    }
}
