//! Whole objects, fetched on demand (never cached): the YAML view and a
//! kubectl-describe-like text that includes the object's recent events.

use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{Event, LimitRange, Namespace, Node, Pod, ResourceQuota, Service};
use kube::api::{Api, ListParams};
use kube::{Client, Resource};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::errors::classify;
use super::rows;
use crate::kube::kind::Kind;

async fn get_api<K>(api: Api<K>, name: &str) -> Result<Value, String>
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + std::fmt::Debug + serde::Serialize,
{
    let obj = api
        .get(name)
        .await
        .map_err(|e| classify(&e).message().to_string())?;
    serde_json::to_value(&obj).map_err(|e| e.to_string())
}

/// Fetch one whole object as JSON.
pub async fn fetch(client: &Client, kind: Kind, ns: &str, name: &str) -> Result<Value, String> {
    let c = client.clone();
    match kind {
        Kind::Pods => get_api(Api::<Pod>::namespaced(c, ns), name).await,
        Kind::Deployments => get_api(Api::<Deployment>::namespaced(c, ns), name).await,
        Kind::StatefulSets => get_api(Api::<StatefulSet>::namespaced(c, ns), name).await,
        Kind::DaemonSets => get_api(Api::<DaemonSet>::namespaced(c, ns), name).await,
        Kind::ReplicaSets => get_api(Api::<ReplicaSet>::namespaced(c, ns), name).await,
        Kind::Services => get_api(Api::<Service>::namespaced(c, ns), name).await,
        Kind::Nodes => get_api(Api::<Node>::all(c), name).await,
        Kind::Namespaces => get_api(Api::<Namespace>::all(c), name).await,
        Kind::ResourceQuotas => get_api(Api::<ResourceQuota>::namespaced(c, ns), name).await,
        Kind::LimitRanges => get_api(Api::<LimitRange>::namespaced(c, ns), name).await,
        Kind::Events => get_api(Api::<Event>::namespaced(c, ns), name).await,
    }
}

/// YAML of an object; `managedFields` hidden unless asked for.
pub fn yaml(obj: &Value, managed_fields: bool) -> String {
    let mut v = obj.clone();
    if !managed_fields && let Some(m) = v["metadata"].as_object_mut() {
        m.remove("managedFields");
    }
    serde_saphyr::to_string(&v).unwrap_or_else(|e| format!("# cannot render YAML: {e}\n{v:#}"))
}

/// Events about the object with `uid` (as `kubectl describe` lists them).
async fn events_for(client: &Client, ns: &str, name: &str, uid: &str) -> Vec<rows::EventRow> {
    let api: Api<Event> = if ns.is_empty() {
        Api::all(client.clone())
    } else {
        Api::namespaced(client.clone(), ns)
    };
    let mut fields = format!("involvedObject.name={name}");
    if !uid.is_empty() {
        fields.push_str(&format!(",involvedObject.uid={uid}"));
    }
    match api.list(&ListParams::default().fields(&fields)).await {
        Ok(list) => {
            let mut evs: Vec<rows::EventRow> = list.items.iter().map(rows::event_row).collect();
            evs.sort_by_key(|e| e.last_seen);
            evs
        }
        Err(_) => Vec::new(),
    }
}

/// A describe text for one object, with its events.
pub async fn describe(client: &Client, kind: Kind, ns: &str, name: &str) -> Result<String, String> {
    let obj = fetch(client, kind, ns, name).await?;
    let uid = obj["metadata"]["uid"].as_str().unwrap_or("").to_string();
    let events = events_for(client, ns, name, &uid).await;
    Ok(render_describe(kind, &obj, &events, Utc::now()))
}

struct Out(String);

impl Out {
    fn kv(&mut self, indent: usize, k: &str, v: impl std::fmt::Display) {
        let pad = " ".repeat(indent);
        // An empty key continues the previous value (more labels...).
        let key = if k.is_empty() {
            String::new()
        } else {
            format!("{k}:")
        };
        self.0.push_str(&format!(
            "{pad}{key:<width$}{v}\n",
            width = 22usize.saturating_sub(indent).max(key.len() + 1)
        ));
    }
    fn line(&mut self, s: impl AsRef<str>) {
        self.0.push_str(s.as_ref());
        self.0.push('\n');
    }
}

fn map_lines(v: &Value) -> Vec<String> {
    v.as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(&v.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

fn s(v: &Value) -> String {
    match v {
        Value::String(x) => x.clone(),
        Value::Null => "<none>".into(),
        other => other.to_string(),
    }
}

/// The describe text (pure: testable without a cluster).
pub fn render_describe(
    kind: Kind,
    obj: &Value,
    events: &[rows::EventRow],
    now: DateTime<Utc>,
) -> String {
    let mut o = Out(String::new());
    let m = &obj["metadata"];
    o.kv(0, "Name", s(&m["name"]));
    if m["namespace"].is_string() {
        o.kv(0, "Namespace", s(&m["namespace"]));
    }
    let labels = map_lines(&m["labels"]);
    o.kv(
        0,
        "Labels",
        labels.first().cloned().unwrap_or_else(|| "<none>".into()),
    );
    for l in labels.iter().skip(1) {
        o.kv(0, "", l);
    }
    let annotations: Vec<String> = map_lines(&m["annotations"])
        .into_iter()
        .filter(|a| !a.starts_with("kubectl.kubernetes.io/last-applied"))
        .collect();
    o.kv(
        0,
        "Annotations",
        annotations
            .first()
            .cloned()
            .unwrap_or_else(|| "<none>".into()),
    );
    for a in annotations.iter().skip(1) {
        o.kv(0, "", a);
    }
    o.kv(0, "CreationTimestamp", s(&m["creationTimestamp"]));
    if let Some(owner) = m["ownerReferences"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["controller"] == true))
    {
        o.kv(
            0,
            "Controlled By",
            format!("{}/{}", s(&owner["kind"]), s(&owner["name"])),
        );
    }
    let spec = &obj["spec"];
    let status = &obj["status"];
    match kind {
        Kind::Pods => {
            o.kv(0, "Node", s(&spec["nodeName"]));
            o.kv(0, "Start Time", s(&status["startTime"]));
            o.kv(0, "Status", s(&status["phase"]));
            o.kv(0, "IP", s(&status["podIP"]));
            o.kv(0, "Service Account", s(&spec["serviceAccountName"]));
            o.kv(0, "QoS Class", s(&status["qosClass"]));
            for (title, key, skey) in [
                ("Init Containers", "initContainers", "initContainerStatuses"),
                ("Containers", "containers", "containerStatuses"),
            ] {
                let Some(cs) = spec[key].as_array().filter(|c| !c.is_empty()) else {
                    continue;
                };
                o.line(format!("{title}:"));
                for c in cs {
                    let cname = c["name"].as_str().unwrap_or("");
                    let st = status[skey]
                        .as_array()
                        .and_then(|a| a.iter().find(|x| x["name"] == cname))
                        .cloned()
                        .unwrap_or(Value::Null);
                    o.line(format!("  {cname}:"));
                    o.kv(4, "Image", s(&c["image"]));
                    let state = &st["state"];
                    let (label, detail) = if let Some(r) = state.get("running") {
                        ("Running", format!("Started: {}", s(&r["startedAt"])))
                    } else if let Some(w) = state.get("waiting") {
                        ("Waiting", format!("Reason: {}", s(&w["reason"])))
                    } else if let Some(t) = state.get("terminated") {
                        (
                            "Terminated",
                            format!(
                                "Reason: {} (exit code {})",
                                s(&t["reason"]),
                                s(&t["exitCode"])
                            ),
                        )
                    } else {
                        ("<unknown>", String::new())
                    };
                    o.kv(4, "State", format!("{label}  {detail}"));
                    if let Some(t) = st["lastState"].get("terminated") {
                        o.kv(
                            4,
                            "Last State",
                            format!(
                                "Terminated  Reason: {} (exit code {}) finished {}",
                                s(&t["reason"]),
                                s(&t["exitCode"]),
                                s(&t["finishedAt"])
                            ),
                        );
                    }
                    o.kv(4, "Ready", s(&st["ready"]));
                    o.kv(4, "Restart Count", st["restartCount"].as_i64().unwrap_or(0));
                    for (t, k) in [("Requests", "requests"), ("Limits", "limits")] {
                        if let Some(r) = c["resources"][k].as_object().filter(|r| !r.is_empty()) {
                            o.kv(
                                4,
                                t,
                                r.iter()
                                    .map(|(k, v)| format!("{k}: {}", s(v)))
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            );
                        }
                    }
                }
            }
            conditions(&mut o, status);
        }
        Kind::Deployments | Kind::StatefulSets | Kind::ReplicaSets | Kind::DaemonSets => {
            o.kv(
                0,
                "Selector",
                map_lines(&spec["selector"]["matchLabels"]).join(","),
            );
            if kind != Kind::DaemonSets {
                o.kv(
                    0,
                    "Replicas",
                    format!(
                        "{} desired | {} updated | {} total | {} available | {} ready",
                        spec["replicas"].as_i64().unwrap_or(1),
                        status["updatedReplicas"].as_i64().unwrap_or(0),
                        status["replicas"].as_i64().unwrap_or(0),
                        status["availableReplicas"].as_i64().unwrap_or(0),
                        status["readyReplicas"].as_i64().unwrap_or(0)
                    ),
                );
            } else {
                o.kv(
                    0,
                    "Desired Nodes",
                    status["desiredNumberScheduled"].as_i64().unwrap_or(0),
                );
                o.kv(
                    0,
                    "Ready Nodes",
                    status["numberReady"].as_i64().unwrap_or(0),
                );
            }
            if let Some(t) = spec["strategy"]["type"].as_str() {
                o.kv(0, "StrategyType", t);
            }
            o.line("Pod Template:");
            for c in spec["template"]["spec"]["containers"]
                .as_array()
                .into_iter()
                .flatten()
            {
                o.line(format!("  {}:", s(&c["name"])));
                o.kv(4, "Image", s(&c["image"]));
            }
            conditions(&mut o, status);
        }
        Kind::Nodes => {
            let roles: Vec<String> = m["labels"]
                .as_object()
                .map(|l| {
                    l.keys()
                        .filter_map(|k| {
                            k.strip_prefix("node-role.kubernetes.io/")
                                .map(str::to_string)
                        })
                        .collect()
                })
                .unwrap_or_default();
            o.kv(
                0,
                "Roles",
                if roles.is_empty() {
                    "<none>".into()
                } else {
                    roles.join(",")
                },
            );
            let taints: Vec<String> = spec["taints"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| {
                    format!(
                        "{}{}:{}",
                        s(&t["key"]),
                        t["value"]
                            .as_str()
                            .map(|v| format!("={v}"))
                            .unwrap_or_default(),
                        s(&t["effect"])
                    )
                })
                .collect();
            o.kv(
                0,
                "Taints",
                taints.first().cloned().unwrap_or_else(|| "<none>".into()),
            );
            for t in taints.iter().skip(1) {
                o.kv(0, "", t);
            }
            o.kv(
                0,
                "Unschedulable",
                spec["unschedulable"].as_bool().unwrap_or(false),
            );
            conditions(&mut o, status);
            o.line("Addresses:");
            for a in status["addresses"].as_array().into_iter().flatten() {
                o.kv(2, &s(&a["type"]), s(&a["address"]));
            }
            for (t, k) in [("Capacity", "capacity"), ("Allocatable", "allocatable")] {
                o.line(format!("{t}:"));
                for (k, v) in status[k].as_object().into_iter().flatten() {
                    o.kv(2, k, s(v));
                }
            }
            o.line("System Info:");
            for (k, v) in status["nodeInfo"].as_object().into_iter().flatten() {
                o.kv(2, k, s(v));
            }
        }
        Kind::ResourceQuotas => {
            o.line("Resource                Used      Hard");
            o.line("--------                ----      ----");
            for (k, hard) in status["hard"].as_object().into_iter().flatten() {
                o.line(format!("{k:<24}{:<10}{}", s(&status["used"][k]), s(hard)));
            }
        }
        _ => {
            for (title, v) in [("Spec", spec), ("Status", status)] {
                if v.is_object() {
                    o.line(format!("{title}:"));
                    for l in serde_saphyr::to_string(v).unwrap_or_default().lines() {
                        o.line(format!("  {l}"));
                    }
                }
            }
        }
    }
    if events.is_empty() {
        o.kv(0, "Events", "<none>");
    } else {
        o.line("Events:");
        o.line(format!(
            "  {:<8} {:<20} {:<10} {:<20} {}",
            "Type", "Reason", "Age", "From", "Message"
        ));
        o.line(format!(
            "  {:<8} {:<20} {:<10} {:<20} {}",
            "----", "------", "---", "----", "-------"
        ));
        for e in events {
            let age = if e.count > 1 {
                format!(
                    "{} (x{} over {})",
                    rows::age(e.last_seen, now),
                    e.count,
                    rows::age(e.first_seen, now)
                )
            } else {
                rows::age(e.last_seen, now)
            };
            o.line(format!(
                "  {:<8} {:<20} {:<10} {:<20} {}",
                e.kind_type, e.reason, age, e.source, e.message
            ));
        }
    }
    o.0
}

fn conditions(o: &mut Out, status: &Value) {
    let Some(cs) = status["conditions"].as_array().filter(|c| !c.is_empty()) else {
        return;
    };
    o.line("Conditions:");
    o.line(format!("  {:<28} {:<8} {}", "Type", "Status", "Reason"));
    for c in cs {
        o.line(format!(
            "  {:<28} {:<8} {}",
            s(&c["type"]),
            s(&c["status"]),
            c["reason"].as_str().unwrap_or("")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_hides_managed_fields_unless_asked() {
        let obj = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "managedFields": [{"manager": "x"}]}});
        let y = yaml(&obj, false);
        assert!(y.contains("name: p"), "{y}");
        assert!(!y.contains("managedFields"));
        assert!(yaml(&obj, true).contains("managedFields"));
    }

    /// One object of every kind, with the branches describe takes.
    fn golden_fixtures() -> Vec<(Kind, Value)> {
        let meta = |name: &str| {
            json!({"name": name, "namespace": "shop", "uid": format!("uid-{name}"),
                "creationTimestamp": "2026-01-01T00:00:00Z",
                "labels": {"app": name, "tier": "front"},
                "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}",
                    "note": "hello", "owner": "team-a"}})
        };
        let template = json!({"spec": {"containers": [
            {"name": "app", "image": "app:1"}, {"name": "proxy", "image": "envoy:2"}]}});
        let conds = json!([{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
            {"type": "Progressing", "status": "False"}]);
        let mut pod_meta = meta("web-1");
        pod_meta["ownerReferences"] = json!([
            {"kind": "Node", "name": "n1", "controller": false},
            {"kind": "ReplicaSet", "name": "web-abc", "controller": true}]);
        let mut node_meta = meta("n1");
        if let Some(m) = node_meta.as_object_mut() {
            m.remove("namespace");
        }
        node_meta["labels"] = json!({"node-role.kubernetes.io/control-plane": "",
            "node-role.kubernetes.io/worker": "", "kubernetes.io/hostname": "n1"});
        let mut ns_meta = meta("shop");
        if let Some(m) = ns_meta.as_object_mut() {
            m.remove("namespace");
        }
        ns_meta["labels"] = json!({});
        ns_meta["annotations"] = json!({"kubectl.kubernetes.io/last-applied-configuration": "{}"});
        vec![
            (
                Kind::Pods,
                json!({"metadata": pod_meta,
                "spec": {"nodeName": "n1", "serviceAccountName": "default",
                    "initContainers": [{"name": "setup", "image": "busybox"}],
                    "containers": [
                        {"name": "app", "image": "app:1", "resources": {
                            "requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}}},
                        {"name": "proxy", "image": "envoy:2", "resources": {"requests": {}}},
                        {"name": "ghost", "image": "ghost:0"}]},
                "status": {"phase": "Running", "podIP": "10.0.0.1", "startTime": "2026-01-01T00:00:05Z",
                    "qosClass": "Burstable",
                    "initContainerStatuses": [{"name": "setup", "ready": false, "restartCount": 0,
                        "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}],
                    "containerStatuses": [
                        {"name": "app", "ready": true, "restartCount": 2,
                            "state": {"running": {"startedAt": "2026-01-01T00:01:00Z"}},
                            "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled",
                                "finishedAt": "2026-01-01T00:00:59Z"}}},
                        {"name": "proxy", "ready": false, "restartCount": 5,
                            "state": {"waiting": {"reason": "CrashLoopBackOff"}}}],
                    "conditions": [{"type": "Ready", "status": "False", "reason": "ContainersNotReady"},
                        {"type": "PodScheduled", "status": "True"}]}}),
            ),
            (
                Kind::Deployments,
                json!({"metadata": meta("web"),
                "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web", "tier": "front"}},
                    "strategy": {"type": "RollingUpdate"}, "template": template},
                "status": {"replicas": 3, "updatedReplicas": 2, "readyReplicas": 1,
                    "availableReplicas": 1, "conditions": conds}}),
            ),
            (
                Kind::StatefulSets,
                json!({"metadata": meta("db"),
                "spec": {"selector": {"matchLabels": {"app": "db"}}, "template": template},
                "status": {}}),
            ),
            (
                Kind::DaemonSets,
                json!({"metadata": meta("agent"),
                "spec": {"selector": {"matchLabels": {"app": "agent"}}, "template": template},
                "status": {"desiredNumberScheduled": 4, "numberReady": 3}}),
            ),
            (
                Kind::ReplicaSets,
                json!({"metadata": meta("web-abc"),
                "spec": {"replicas": 2, "selector": {}, "template": {"spec": {"containers": []}}},
                "status": {"replicas": 2, "readyReplicas": 2, "availableReplicas": 2,
                    "conditions": []}}),
            ),
            (
                Kind::Nodes,
                json!({"metadata": node_meta,
                "spec": {"unschedulable": true, "taints": [
                    {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"},
                    {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}]},
                "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady"}],
                    "addresses": [{"type": "InternalIP", "address": "192.168.1.10"},
                        {"type": "Hostname", "address": "n1"}],
                    "capacity": {"cpu": "8", "memory": "32Gi", "pods": "110"},
                    "allocatable": {"cpu": "7800m", "memory": "31Gi", "pods": "110"},
                    "nodeInfo": {"kubeletVersion": "v1.36.0", "osImage": "Linux", "architecture": "amd64"}}}),
            ),
            (
                Kind::ResourceQuotas,
                json!({"metadata": meta("quota"),
                "spec": {"hard": {"pods": "10"}},
                "status": {"hard": {"pods": "10", "requests.cpu": "2", "requests.memory": "4Gi"},
                    "used": {"pods": "3", "requests.cpu": "500m"}}}),
            ),
            (
                Kind::Services,
                json!({"metadata": meta("web-svc"),
                "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.10",
                    "ports": [{"port": 80, "protocol": "TCP"}], "selector": {"app": "web"}},
                "status": {"loadBalancer": {}}}),
            ),
            (
                Kind::Namespaces,
                json!({"metadata": ns_meta, "spec": {"finalizers": ["kubernetes"]},
                "status": {"phase": "Active"}}),
            ),
            (
                Kind::LimitRanges,
                json!({"metadata": meta("limits"),
                "spec": {"limits": [{"type": "Container", "max": {"cpu": "2"}}]}}),
            ),
            (
                Kind::Events,
                json!({"metadata": meta("web-1.17f"),
                "involvedObject": {"kind": "Pod", "name": "web-1"}, "reason": "BackOff"}),
            ),
        ]
    }

    fn golden_events() -> Vec<rows::EventRow> {
        let ev = |v: Value| -> rows::EventRow {
            rows::event_row(&serde_json::from_value(v).expect("event fixture"))
        };
        vec![
            ev(json!({"metadata": {"name": "e1", "namespace": "shop"},
                "involvedObject": {"kind": "Pod", "name": "web-1"}, "type": "Normal",
                "reason": "Scheduled", "message": "Successfully assigned shop/web-1 to n1",
                "firstTimestamp": "2026-01-01T00:00:00Z", "lastTimestamp": "2026-01-01T00:00:00Z",
                "source": {"component": "default-scheduler"}})),
            ev(json!({"metadata": {"name": "e2", "namespace": "shop"},
                "involvedObject": {"kind": "Pod", "name": "web-1"}, "type": "Warning",
                "reason": "BackOff", "message": "Back-off restarting failed container", "count": 7,
                "firstTimestamp": "2026-01-01T00:01:00Z", "lastTimestamp": "2026-01-01T00:55:00Z",
                "source": {"component": "kubelet", "host": "n1"}})),
        ]
    }

    /// The whole describe text of every kind, with and without events,
    /// byte for byte. `KDECK_BLESS=1 cargo test` rewrites the expected text
    /// (review the diff).
    #[test]
    fn describe_text_of_every_kind_is_stable() {
        let now = DateTime::parse_from_rfc3339("2026-01-01T01:00:00Z")
            .expect("valid time")
            .with_timezone(&Utc);
        let events = golden_events();
        let mut all = String::new();
        for (i, (kind, obj)) in golden_fixtures().iter().enumerate() {
            let evs = if i % 2 == 0 { &events[..] } else { &[] };
            all.push_str(&format!("=== {}\n", kind.name()));
            all.push_str(&render_describe(*kind, obj, evs, now));
        }
        if std::env::var_os("KDECK_BLESS").is_some() {
            std::fs::write("src/kube/describe/golden.txt", &all).expect("write golden");
        }
        let want = include_str!("describe/golden.txt");
        for (i, (got, want)) in all.lines().zip(want.lines()).enumerate() {
            assert_eq!(got, want, "line {}", i + 1);
        }
        assert_eq!(all, want);
    }

    #[test]
    fn pod_describe_has_sections_and_events() {
        let pod = json!({"metadata": {"name": "web-1", "namespace": "shop", "labels": {"app": "web", "tier": "front"},
            "ownerReferences": [{"kind": "ReplicaSet", "name": "web-abc", "controller": true}]},
            "spec": {"nodeName": "n1", "containers": [{"name": "nginx", "image": "nginx:1.27", "resources": {"requests": {"cpu": "100m"}}}]},
            "status": {"phase": "Running", "podIP": "10.0.0.1",
                "containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 2, "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}}],
                "conditions": [{"type": "Ready", "status": "True"}]}});
        let ev: k8s_openapi::api::core::v1::Event = serde_json::from_value(json!({
            "metadata": {"name": "e", "namespace": "shop"}, "involvedObject": {"kind": "Pod", "name": "web-1"},
            "type": "Warning", "reason": "BackOff", "message": "Back-off restarting failed container", "count": 3,
            "lastTimestamp": "2026-01-01T00:00:00Z", "firstTimestamp": "2026-01-01T00:00:00Z", "source": {"component": "kubelet"}})).unwrap();
        let text = render_describe(Kind::Pods, &pod, &[rows::event_row(&ev)], Utc::now());
        assert!(
            !text.lines().any(|l| l.starts_with(':')),
            "continuation lines have no key:\n{text}"
        );
        for needle in [
            "Name:",
            "web-1",
            "Namespace:",
            "Controlled By:",
            "ReplicaSet/web-abc",
            "Containers:",
            "Image:",
            "nginx:1.27",
            "Restart Count:",
            "Conditions:",
            "Events:",
            "BackOff",
            "Back-off restarting",
        ] {
            assert!(text.contains(needle), "{needle} missing in:\n{text}");
        }
    }
}
