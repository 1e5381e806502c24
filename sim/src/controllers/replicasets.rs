//! ReplicaSets keep `spec.replicas` pods from their template; also the pod
//! factory every workload controller uses.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::events::{Occurrence, Recorder, Source};
use crate::store::{Obj, Store, WriteOpts};
use crate::{defaults, meta};

/// Pods that count for a controller: not finished, not terminating.
pub fn active(p: &Value) -> bool {
    !p["metadata"]["deletionTimestamp"].is_string()
        && !matches!(p["status"]["phase"].as_str(), Some("Succeeded" | "Failed"))
}

pub fn pod_ready(p: &Value) -> bool {
    p["status"]["conditions"].as_array().is_some_and(|cs| {
        cs.iter()
            .any(|c| c["type"] == "Ready" && c["status"] == "True")
    })
}

/// A new pod from `owner`'s template. `name` None means generateName
/// `<owner>-`.
pub fn pod_from_template(
    owner: &Value,
    name: Option<&str>,
    extra_labels: &[(&str, String)],
    node: Option<&str>,
    created: Option<DateTime<Utc>>,
) -> Value {
    let t = &owner["spec"]["template"];
    let mut labels = t["metadata"]["labels"].clone();
    if !labels.is_object() {
        labels = json!({});
    }
    for (k, v) in extra_labels {
        labels[*k] = json!(v);
    }
    let mut metadata = json!({
        "namespace": owner["metadata"]["namespace"],
        "labels": labels,
        "ownerReferences": [meta::owner_ref(owner)],
    });
    match name {
        Some(n) => metadata["name"] = json!(n),
        None => metadata["generateName"] = json!(format!("{}-", meta::name(owner))),
    }
    if let Some(a) = t["metadata"]["annotations"]
        .as_object()
        .filter(|a| !a.is_empty())
    {
        metadata["annotations"] = Value::Object(a.clone());
    }
    if let Some(c) = created {
        metadata["creationTimestamp"] = json!(meta::ts(c));
    }
    let mut spec = t["spec"].clone();
    if let Some(n) = node {
        spec["nodeName"] = json!(n);
    }
    let mut pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": {"phase": "Pending"}});
    // Every pod gets the service-account token volume, as admission adds it.
    let seed = format!("{}/{}", meta::uid(owner), name.unwrap_or_default());
    let suffix = meta::safe_encode(&crate::cluster::fnv_hash(&seed).to_string());
    let vol = format!("kube-api-access-{}", &suffix[..5]);
    if let Some(vols) = pod["spec"]["volumes"].as_array_mut() {
        vols.push(token_volume(&vol));
    } else {
        pod["spec"]["volumes"] = json!([token_volume(&vol)]);
    }
    for c in pod["spec"]["containers"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        let m = json!({"name": vol, "readOnly": true, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"});
        match c["volumeMounts"].as_array_mut() {
            Some(ms) => ms.push(m),
            None => c["volumeMounts"] = json!([m]),
        }
    }
    defaults::apply("pods", &mut pod);
    pod
}

fn token_volume(name: &str) -> Value {
    json!({"name": name, "projected": {"sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}
    ], "defaultMode": 420}})
}

/// Order in which surplus pods go: unscheduled, then not ready, then newest.
pub fn deletion_order(pods: &mut [Obj]) {
    pods.sort_by_key(|p| {
        let scheduled = p["spec"]["nodeName"].is_string();
        let ready = pod_ready(p);
        let created = p["metadata"]["creationTimestamp"]
            .as_str()
            .unwrap_or("")
            .to_string();
        (scheduled, ready, std::cmp::Reverse(created))
    });
}

pub fn reconcile(s: &mut Store, rec: &mut Recorder, targets: &[Obj], opts: &WriteOpts) {
    for rs in targets {
        let Some(rs) = s.get("replicasets", meta::namespace(rs), meta::name(rs)) else {
            continue;
        };
        let desired = rs["spec"]["replicas"].as_i64().unwrap_or(1).max(0) as usize;
        let owned = s.owned("pods", meta::uid(&rs));
        let mut live: Vec<Obj> = owned.iter().filter(|p| active(p)).cloned().collect();
        if live.len() < desired {
            for _ in live.len()..desired {
                let pod = pod_from_template(&rs, None, &[], None, None);
                if let Ok(p) = s.create("pods", pod, opts) {
                    rec.record(
                        s,
                        Occurrence {
                            obj: &rs,
                            field_path: None,
                            kind_type: "Normal",
                            reason: "SuccessfulCreate",
                            message: &format!("Created pod: {}", meta::name(&p)),
                            source: Source::Controller("replicaset-controller"),
                        },
                        opts.now,
                    );
                    live.push(p);
                }
            }
        } else if live.len() > desired {
            deletion_order(&mut live);
            let surplus: Vec<Obj> = live.drain(..live.len() - desired).collect();
            for p in surplus {
                terminate_pod(s, rec, &p, opts);
                rec.record(
                    s,
                    Occurrence {
                        obj: &rs,
                        field_path: None,
                        kind_type: "Normal",
                        reason: "SuccessfulDelete",
                        message: &format!("Deleted pod: {}", meta::name(&p)),
                        source: Source::Controller("replicaset-controller"),
                    },
                    opts.now,
                );
            }
        }
        let ready = live.iter().filter(|p| pod_ready(p)).count();
        let mut v = (*rs).clone();
        let mut status = json!({
            "replicas": live.len(),
            "fullyLabeledReplicas": live.len(),
            "readyReplicas": ready,
            "availableReplicas": ready,
            "terminatingReplicas": owned.iter().filter(|p| p["metadata"]["deletionTimestamp"].is_string()).count(),
            "observedGeneration": rs["metadata"]["generation"].as_i64().unwrap_or(1),
        });
        for k in [
            "readyReplicas",
            "availableReplicas",
            "fullyLabeledReplicas",
            "terminatingReplicas",
        ] {
            if status[k] == 0 {
                status.as_object_mut().map(|m| m.remove(k));
            }
        }
        v["status"] = status;
        let _ = s.update("replicasets", v, None, opts);
    }
}

/// Start graceful termination of a pod (as the API server does on DELETE).
pub fn terminate_pod(s: &mut Store, rec: &mut Recorder, p: &Obj, opts: &WriteOpts) {
    let Some(def) = crate::registry::storage("pods") else {
        return;
    };
    let ns = meta::namespace(p).to_string();
    let name = meta::name(p).to_string();
    if let Ok(v) = crate::store::delete_one(s, def, &ns, &name, None, false, false)
        && v["metadata"]["deletionTimestamp"].is_string()
    {
        let node = p["spec"]["nodeName"].as_str().unwrap_or("").to_string();
        for c in p["spec"]["containers"].as_array().into_iter().flatten() {
            let cname = c["name"].as_str().unwrap_or("");
            rec.record(
                s,
                Occurrence {
                    obj: p,
                    field_path: Some(&format!("spec.containers{{{cname}}}")),
                    kind_type: "Normal",
                    reason: "Killing",
                    message: &format!("Stopping container {cname}"),
                    source: Source::Kubelet(&node),
                },
                opts.now,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pods_from_templates_carry_owner_labels_and_token_volume() {
        let rs = json!({"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": "web-abc", "namespace": "shop", "uid": "rs-1"},
            "spec": {"template": {"metadata": {"labels": {"app": "web", "pod-template-hash": "abc"}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}}});
        let p = pod_from_template(&rs, None, &[("x", "y".into())], None, None);
        assert_eq!(p["metadata"]["generateName"], "web-abc-");
        assert_eq!(p["metadata"]["labels"]["pod-template-hash"], "abc");
        assert_eq!(p["metadata"]["labels"]["x"], "y");
        assert_eq!(p["metadata"]["ownerReferences"][0]["uid"], "rs-1");
        assert_eq!(p["metadata"]["ownerReferences"][0]["controller"], true);
        assert_eq!(p["spec"]["serviceAccountName"], "default");
        assert!(
            p["spec"]["volumes"][0]["name"]
                .as_str()
                .unwrap()
                .starts_with("kube-api-access-")
        );
        assert_eq!(
            p["spec"]["containers"][0]["volumeMounts"][0]["mountPath"],
            "/var/run/secrets/kubernetes.io/serviceaccount"
        );
    }

    #[test]
    fn surplus_pods_go_unready_first() {
        let mk = |name: &str, ready: bool, created: &str| -> Obj {
            std::sync::Arc::new(
                json!({"metadata": {"name": name, "creationTimestamp": created}, "spec": {"nodeName": "n"},
                "status": {"conditions": [{"type": "Ready", "status": if ready {"True"} else {"False"}}]}}),
            )
        };
        let mut v = vec![
            mk("old-ready", true, "2026-01-01T00:00:00Z"),
            mk("unready", false, "2026-01-01T00:00:00Z"),
            mk("new-ready", true, "2026-02-01T00:00:00Z"),
        ];
        deletion_order(&mut v);
        let names: Vec<&str> = v.iter().map(|p| meta::name(p)).collect();
        assert_eq!(names, ["unready", "new-ready", "old-ready"]);
    }
}
