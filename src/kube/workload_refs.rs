//! What a workload uses besides the objects it owns, for its ownership
//! tree: the configmaps, secrets and claims its pod template mounts or
//! reads (each checked: there, missing, or not ours to read), the
//! services whose selector picks its pods, its autoscalers and its
//! disruption budgets, each with its health. Read on demand (when the tree
//! opens, and again on request): a handful of GETs and three namespace
//! lists, the objects dropped once read. Secrets are checked as
//! server-side Tables (`includeObject=None`): their values never reach
//! kdeck.

use std::collections::BTreeMap;

use kube::Client;
use serde_json::Value;

use super::describe;
use super::discovery::get;
use super::errors::classify;
use super::kind::Kind;

/// The most referenced objects checked one by one.
pub const MAX_CHECKED: usize = 64;

/// How a node of the tree is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    Ok,
    Warn,
    Bad,
    /// Not known (not ours to read, or the server did not say).
    Unknown,
}

/// Which kind of object is referenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    ConfigMap,
    Secret,
    Claim,
}

impl RefKind {
    pub fn short(self) -> &'static str {
        match self {
            RefKind::ConfigMap => "cm",
            RefKind::Secret => "secret",
            RefKind::Claim => "pvc",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            RefKind::ConfigMap => "configmaps",
            RefKind::Secret => "secrets",
            RefKind::Claim => "persistentvolumeclaims",
        }
    }
}

/// A configmap, secret or claim the template refers to.
#[derive(Debug, Clone, PartialEq)]
pub struct Mounted {
    pub kind: RefKind,
    pub name: String,
    /// How it is used: `volume`, `env`, `envFrom`, `imagePullSecret`,
    /// `claim template` (joined when several).
    pub how: Vec<&'static str>,
    /// Every use is marked optional (missing is then no fault).
    pub optional: bool,
    pub health: Health,
    /// `Bound`, `missing`, `may not read`, ...
    pub status: String,
}

/// Something that selects or scales the workload (service, HPA, PDB).
#[derive(Debug, Clone, PartialEq)]
pub struct Linked {
    pub name: String,
    /// A service's selector (its pods are counted from the cache).
    pub selector: BTreeMap<String, String>,
    pub health: Health,
    /// `ClusterIP 10.0.0.1 80/TCP`, `2–10 replicas, now 3`, ...
    pub status: String,
}

/// Everything the tree shows beyond the owned objects.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Refs {
    pub mounts: Vec<Mounted>,
    pub services: Vec<Linked>,
    pub hpas: Vec<Linked>,
    pub pdbs: Vec<Linked>,
    /// What could not be read (a list forbidden, ...): said in the tree.
    pub problems: Vec<String>,
}

fn text(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| !s.is_empty())
}

fn items(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or_default()
}

/// A name fit to put in a URL path (what the API server accepts for these
/// kinds: DNS subdomains).
fn valid_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 253
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}

/// The references of a workload object's pod template (and a
/// StatefulSet's claim templates: `<template>-<set>-<ordinal>`).
pub fn template_refs(obj: &Value) -> Vec<Mounted> {
    let mut out: Vec<Mounted> = Vec::new();
    // Where each (kind, name) is in `out`: a template with thousands of
    // env entries costs no more than a look-up each.
    let mut at: std::collections::HashMap<(RefKind, String), usize> = Default::default();
    let mut add = |kind: RefKind, name: Option<&str>, how: &'static str, optional: bool| {
        let Some(name) = name else { return };
        match at
            .get(&(kind, name.to_string()))
            .and_then(|&i| out.get_mut(i))
        {
            Some(m) => {
                if !m.how.contains(&how) {
                    m.how.push(how);
                }
                m.optional &= optional;
            }
            None => {
                at.insert((kind, name.to_string()), out.len());
                out.push(Mounted {
                    kind,
                    name: name.to_string(),
                    how: vec![how],
                    optional,
                    health: Health::Unknown,
                    status: String::new(),
                });
            }
        }
    };
    let spec = &obj["spec"]["template"]["spec"];
    let opt = |v: &Value| v["optional"].as_bool() == Some(true);
    for v in items(&spec["volumes"]) {
        add(
            RefKind::ConfigMap,
            text(&v["configMap"]["name"]),
            "volume",
            opt(&v["configMap"]),
        );
        add(
            RefKind::Secret,
            text(&v["secret"]["secretName"]),
            "volume",
            opt(&v["secret"]),
        );
        add(
            RefKind::Claim,
            text(&v["persistentVolumeClaim"]["claimName"]),
            "volume",
            false,
        );
        for src in items(&v["projected"]["sources"]) {
            add(
                RefKind::ConfigMap,
                text(&src["configMap"]["name"]),
                "volume",
                opt(&src["configMap"]),
            );
            add(
                RefKind::Secret,
                text(&src["secret"]["name"]),
                "volume",
                opt(&src["secret"]),
            );
        }
    }
    for c in items(&spec["containers"])
        .iter()
        .chain(items(&spec["initContainers"]))
    {
        for e in items(&c["env"]) {
            let from = &e["valueFrom"];
            add(
                RefKind::ConfigMap,
                text(&from["configMapKeyRef"]["name"]),
                "env",
                opt(&from["configMapKeyRef"]),
            );
            add(
                RefKind::Secret,
                text(&from["secretKeyRef"]["name"]),
                "env",
                opt(&from["secretKeyRef"]),
            );
        }
        for e in items(&c["envFrom"]) {
            add(
                RefKind::ConfigMap,
                text(&e["configMapRef"]["name"]),
                "envFrom",
                opt(&e["configMapRef"]),
            );
            add(
                RefKind::Secret,
                text(&e["secretRef"]["name"]),
                "envFrom",
                opt(&e["secretRef"]),
            );
        }
    }
    for s in items(&spec["imagePullSecrets"]) {
        add(RefKind::Secret, text(&s["name"]), "imagePullSecret", false);
    }
    // A StatefulSet's pods each get a claim from each template.
    let set = text(&obj["metadata"]["name"]).unwrap_or_default();
    let replicas = obj["spec"]["replicas"]
        .as_u64()
        .unwrap_or(1)
        .min(MAX_CHECKED as u64);
    for t in items(&obj["spec"]["volumeClaimTemplates"]) {
        let Some(tpl) = text(&t["metadata"]["name"]) else {
            continue;
        };
        for i in 0..replicas {
            let name = format!("{tpl}-{set}-{i}");
            add(RefKind::Claim, Some(&name), "claim template", false);
        }
    }
    out
}

/// The labels of a workload's pod template.
pub fn template_labels(obj: &Value) -> BTreeMap<String, String> {
    labels(&obj["spec"]["template"]["metadata"]["labels"])
}

fn labels(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .map(|l| {
            l.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a PodDisruptionBudget's selector (policy/v1) picks pods with
/// `labels`: an empty selector picks every pod of the namespace, a
/// missing one none; otherwise as the operations match selectors
/// (`ops::preflight::selects`).
pub fn selects(selector: &Value, labels: &BTreeMap<String, String>) -> bool {
    match selector.as_object() {
        None => false,
        Some(m)
            if m.values().all(|v| {
                v.is_null()
                    || v.as_object().is_some_and(|o| o.is_empty())
                    || v.as_array().is_some_and(|a| a.is_empty())
            }) =>
        {
            true
        }
        Some(_) => {
            let labels = serde_json::to_value(labels).unwrap_or_default();
            super::ops::preflight::selects(selector, &labels)
        }
    }
}

/// The services of a namespace list whose selector picks pods with
/// `pod_labels`.
pub fn services(list: &Value, pod_labels: &BTreeMap<String, String>) -> Vec<Linked> {
    items(&list["items"])
        .iter()
        .filter_map(|s| {
            let selector = labels(&s["spec"]["selector"]);
            if selector.is_empty() || !selector.iter().all(|(k, v)| pod_labels.get(k) == Some(v)) {
                return None;
            }
            let spec = &s["spec"];
            let ports: Vec<String> = items(&spec["ports"])
                .iter()
                .map(|p| {
                    format!(
                        "{}/{}",
                        p["port"].as_i64().unwrap_or_default(),
                        text(&p["protocol"]).unwrap_or("TCP")
                    )
                })
                .collect();
            Some(Linked {
                name: text(&s["metadata"]["name"])?.to_string(),
                selector,
                health: Health::Ok,
                status: format!(
                    "{} {} {}",
                    text(&spec["type"]).unwrap_or("ClusterIP"),
                    text(&spec["clusterIP"]).unwrap_or("<none>"),
                    ports.join(",")
                ),
            })
        })
        .collect()
}

fn condition<'a>(obj: &'a Value, kind: &str) -> Option<&'a Value> {
    items(&obj["status"]["conditions"])
        .iter()
        .find(|c| text(&c["type"]) == Some(kind))
}

/// The autoscalers of a namespace list that scale `kind`/`name`.
pub fn hpas(list: &Value, kind: &str, name: &str) -> Vec<Linked> {
    items(&list["items"])
        .iter()
        .filter(|h| {
            let r = &h["spec"]["scaleTargetRef"];
            text(&r["kind"]) == Some(kind) && text(&r["name"]) == Some(name)
        })
        .filter_map(|h| {
            let spec = &h["spec"];
            let st = &h["status"];
            let min = spec["minReplicas"].as_i64().unwrap_or(1);
            let max = spec["maxReplicas"].as_i64().unwrap_or_default();
            let current = st["currentReplicas"].as_i64().unwrap_or_default();
            let desired = st["desiredReplicas"].as_i64().unwrap_or_default();
            let not = |c: &str| condition(h, c).filter(|c| text(&c["status"]) == Some("False"));
            let limited =
                condition(h, "ScalingLimited").is_some_and(|c| text(&c["status"]) == Some("True"));
            let (health, why) = if let Some(c) = not("AbleToScale").or_else(|| not("ScalingActive"))
            {
                (
                    Health::Bad,
                    text(&c["reason"]).unwrap_or("not scaling").to_string(),
                )
            } else if limited || (max > 0 && desired >= max) {
                (Health::Warn, "at its limit".to_string())
            } else {
                (Health::Ok, String::new())
            };
            let mut status = format!("{min}–{max} replicas, now {current}");
            if desired != current {
                status.push_str(&format!(" (wants {desired})"));
            }
            if !why.is_empty() {
                status.push_str(&format!(": {why}"));
            }
            Some(Linked {
                name: text(&h["metadata"]["name"])?.to_string(),
                selector: BTreeMap::new(),
                health,
                status,
            })
        })
        .collect()
}

/// The disruption budgets of a namespace list selecting `pod_labels`.
pub fn pdbs(list: &Value, pod_labels: &BTreeMap<String, String>) -> Vec<Linked> {
    items(&list["items"])
        .iter()
        .filter(|p| selects(&p["spec"]["selector"], pod_labels))
        .filter_map(|p| {
            let st = &p["status"];
            let allowed = st["disruptionsAllowed"].as_i64().unwrap_or_default();
            let healthy = st["currentHealthy"].as_i64().unwrap_or_default();
            let wanted = st["desiredHealthy"].as_i64().unwrap_or_default();
            let spec = &p["spec"];
            let rule = match (spec.get("minAvailable"), spec.get("maxUnavailable")) {
                (Some(m), _) => format!("minAvailable {}", compact(m)),
                (None, Some(m)) => format!("maxUnavailable {}", compact(m)),
                (None, None) => String::new(),
            };
            Some(Linked {
                name: text(&p["metadata"]["name"])?.to_string(),
                selector: BTreeMap::new(),
                health: if allowed > 0 {
                    Health::Ok
                } else {
                    Health::Warn
                },
                status: format!(
                    "{rule}, {healthy} healthy ({wanted} needed), {allowed} disruptions allowed"
                )
                .trim_start_matches(", ")
                .to_string(),
            })
        })
        .collect()
}

fn compact(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// How a referenced object is doing, from a GET of it.
async fn check(client: &Client, ns: &str, m: &mut Mounted) {
    if !valid_name(&m.name) {
        (m.health, m.status) = (Health::Bad, "not a valid name".into());
        return;
    }
    let path = format!("/api/v1/namespaces/{ns}/{}/{}", m.kind.plural(), m.name);
    // A secret or configmap as a Table row: that it is there, never its data.
    let accept = match m.kind {
        RefKind::Claim => "application/json",
        RefKind::ConfigMap => "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
        // No fallback to the object: a server without Tables answers 406
        // (said as not known) rather than the secret's data.
        RefKind::Secret => "application/json;as=Table;v=v1;g=meta.k8s.io",
    };
    let path = match m.kind {
        RefKind::Claim => path,
        _ => format!("{path}?includeObject=None"),
    };
    match get(client, &path, accept).await {
        Ok(v) => {
            (m.health, m.status) = match m.kind {
                RefKind::Claim => match text(&v["status"]["phase"]) {
                    Some("Bound") => (Health::Ok, "Bound".into()),
                    Some(p @ "Pending") => (Health::Warn, p.into()),
                    Some(p) => (Health::Bad, p.into()),
                    None => (Health::Unknown, "no phase".into()),
                },
                _ => (Health::Ok, "present".into()),
            }
        }
        Err(kube::Error::Api(s)) if s.code == 404 => {
            (m.health, m.status) = if m.optional {
                (Health::Ok, "missing (optional)".into())
            } else {
                (Health::Bad, "missing".into())
            }
        }
        Err(kube::Error::Api(s)) if s.code == 403 => {
            (m.health, m.status) = (Health::Unknown, "may not read".into())
        }
        Err(e) => (m.health, m.status) = (Health::Unknown, classify(&e).message().to_string()),
    }
}

/// A namespace's list of `path`, or what went wrong (said in the tree).
async fn list(client: &Client, path: &str, what: &str, problems: &mut Vec<String>) -> Value {
    match get(client, path, "application/json").await {
        Ok(v) => v,
        Err(e) => {
            problems.push(format!("{what}: {}", classify(&e).message()));
            Value::Null
        }
    }
}

/// Read everything a workload uses (see the module's text).
pub async fn read(client: &Client, kind: Kind, ns: &str, name: &str) -> Result<Refs, String> {
    if !valid_name(ns) {
        return Err(format!("{ns:?} is not a valid namespace"));
    }
    let obj = describe::fetch(client, kind, ns, name).await?;
    let pod_labels = template_labels(&obj);
    let mut refs = Refs {
        mounts: template_refs(&obj),
        ..Refs::default()
    };
    drop(obj);
    let skipped = refs.mounts.len().saturating_sub(MAX_CHECKED);
    for m in refs.mounts.iter_mut().take(MAX_CHECKED) {
        check(client, ns, m).await;
    }
    if skipped > 0 {
        refs.problems
            .push(format!("{skipped} more references not checked"));
    }
    let mut problems = Vec::new();
    let svc = list(
        client,
        &format!("/api/v1/namespaces/{ns}/services"),
        "services",
        &mut problems,
    )
    .await;
    refs.services = services(&svc, &pod_labels);
    drop(svc);
    let hpa = list(
        client,
        &format!("/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers"),
        "horizontalpodautoscalers",
        &mut problems,
    )
    .await;
    refs.hpas = hpas(&hpa, kind.singular(), name);
    drop(hpa);
    let pdb = list(
        client,
        &format!("/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets"),
        "poddisruptionbudgets",
        &mut problems,
    )
    .await;
    refs.pdbs = pdbs(&pdb, &pod_labels);
    refs.problems.extend(problems);
    Ok(refs)
}

#[cfg(test)]
mod tests;
