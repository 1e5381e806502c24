//! The describe text: sections, events, and the whole text of every kind
//! byte for byte (golden.txt).

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{render_describe, yaml};
use crate::kube::kind::Kind;
use crate::kube::rows;

#[test]
fn yaml_hides_managed_fields_unless_asked() {
    let obj = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "managedFields": [{"manager": "x"}]}});
    let y = yaml(&obj, false);
    assert!(y.contains("name: p"), "{y}");
    assert!(!y.contains("managedFields"));
    assert!(yaml(&obj, true).contains("managedFields"));
}

/// Metadata with labels, annotations (one of them hidden) and a namespace.
fn fixture_meta(name: &str) -> Value {
    json!({"name": name, "namespace": "shop", "uid": format!("uid-{name}"),
        "creationTimestamp": "2026-01-01T00:00:00Z",
        "labels": {"app": name, "tier": "front"},
        "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}",
            "note": "hello", "owner": "team-a"}})
}

/// Cluster-scoped metadata (no namespace).
fn cluster_meta(name: &str) -> Value {
    let mut m = fixture_meta(name);
    if let Some(m) = m.as_object_mut() {
        m.remove("namespace");
    }
    m
}

/// A pod with an init container, and containers running, waiting and
/// without a status.
fn pod_fixture() -> Value {
    let mut meta = fixture_meta("web-1");
    meta["ownerReferences"] = json!([
        {"kind": "Node", "name": "n1", "controller": false},
        {"kind": "ReplicaSet", "name": "web-abc", "controller": true}]);
    json!({"metadata": meta,
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
                {"type": "PodScheduled", "status": "True"}]}})
}

/// One object of every kind, with the branches describe takes.
fn golden_fixtures() -> Vec<(Kind, Value)> {
    let template = json!({"spec": {"containers": [
        {"name": "app", "image": "app:1"}, {"name": "proxy", "image": "envoy:2"}]}});
    let conds = json!([{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
        {"type": "Progressing", "status": "False"}]);
    let mut node_meta = cluster_meta("n1");
    node_meta["labels"] = json!({"node-role.kubernetes.io/control-plane": "",
        "node-role.kubernetes.io/worker": "", "kubernetes.io/hostname": "n1"});
    let mut ns_meta = cluster_meta("shop");
    ns_meta["labels"] = json!({});
    ns_meta["annotations"] = json!({"kubectl.kubernetes.io/last-applied-configuration": "{}"});
    vec![
        (Kind::Pods, pod_fixture()),
        (
            Kind::Deployments,
            json!({"metadata": fixture_meta("web"),
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web", "tier": "front"}},
                "strategy": {"type": "RollingUpdate"}, "template": template},
            "status": {"replicas": 3, "updatedReplicas": 2, "readyReplicas": 1,
                "availableReplicas": 1, "conditions": conds}}),
        ),
        (
            Kind::StatefulSets,
            json!({"metadata": fixture_meta("db"),
            "spec": {"selector": {"matchLabels": {"app": "db"}}, "template": template},
            "status": {}}),
        ),
        (
            Kind::DaemonSets,
            json!({"metadata": fixture_meta("agent"),
            "spec": {"selector": {"matchLabels": {"app": "agent"}}, "template": template},
            "status": {"desiredNumberScheduled": 4, "numberReady": 3}}),
        ),
        (
            Kind::ReplicaSets,
            json!({"metadata": fixture_meta("web-abc"),
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
            json!({"metadata": fixture_meta("quota"),
            "spec": {"hard": {"pods": "10"}},
            "status": {"hard": {"pods": "10", "requests.cpu": "2", "requests.memory": "4Gi"},
                "used": {"pods": "3", "requests.cpu": "500m"}}}),
        ),
        (
            Kind::Services,
            json!({"metadata": fixture_meta("web-svc"),
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
            json!({"metadata": fixture_meta("limits"),
            "spec": {"limits": [{"type": "Container", "max": {"cpu": "2"}}]}}),
        ),
        (
            Kind::Events,
            json!({"metadata": fixture_meta("web-1.17f"),
            "involvedObject": {"kind": "Pod", "name": "web-1", "namespace": "shop",
                "fieldPath": "spec.containers{app}", "uid": "3f0c-uid"},
            "type": "Warning", "reason": "BackOff",
            "message": "Back-off restarting failed container app in pod web-1_shop(3f0c-uid)",
            "source": {"component": "kubelet", "host": "n1"},
            "reportingComponent": "kubelet", "reportingInstance": "n1",
            "count": 7, "firstTimestamp": "2026-01-01T00:01:00Z",
            "lastTimestamp": "2026-01-01T00:55:00Z"}),
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
        all.push_str(&render_describe(*kind, obj, Ok(evs), now));
    }
    if std::env::var_os("KDECK_BLESS").is_some() {
        std::fs::write("src/kube/describe/golden.txt", &all).expect("write golden");
    }
    let want = include_str!("golden.txt");
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
    let text = render_describe(Kind::Pods, &pod, Ok(&[rows::event_row(&ev)]), Utc::now());
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

#[test]
fn events_that_could_not_be_listed_are_not_none() {
    let pod = json!({"metadata": {"name": "web-1", "namespace": "shop"}});
    let text = render_describe(
        Kind::Pods,
        &pod,
        Err("events is forbidden: User \"dev\" cannot list resource \"events\""),
        Utc::now(),
    );
    assert!(
        text.contains("Events:               cannot list events: events is forbidden"),
        "{text}"
    );
    assert!(!text.contains("Events:               <none>"), "{text}");
}

mod generic_kinds {
    use serde_json::json;

    use super::super::{generic, render_describe_revealed, view_yaml};
    use crate::kube::kind::{Kind, Res};

    fn secret_kind() -> Kind {
        Kind::Generic(Res::intern("", "v1", "secrets", "Secret", true))
    }

    fn secret() -> serde_json::Value {
        // "s3cr3t-password" and "line1\nline2", base64.
        json!({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": {"name": "db", "namespace": "shop", "uid": "u1",
                "annotations": {"kubectl.kubernetes.io/last-applied-configuration":
                    "{\"stringData\":{\"password\":\"s3cr3t-password\"}}", "team": "x"}},
            "data": {"password": "czNjcjN0LXBhc3N3b3Jk", "multi": "bGluZTEKbGluZTI="},
            "stringData": {"token": "abc123"}})
    }

    #[test]
    fn secret_values_are_hidden_until_revealed() {
        let yaml = view_yaml(secret_kind(), secret(), false, false);
        for v in ["czNjcjN0", "s3cr3t", "bGluZTE", "abc123"] {
            assert!(!yaml.contains(v), "{v} leaks in\n{yaml}");
        }
        assert!(yaml.contains("password: \"<hidden: 15 bytes>\""), "{yaml}");
        assert!(yaml.contains("token: \"<hidden: 6 bytes>\""), "{yaml}");
        assert!(yaml.contains("team: x"), "{yaml}");
        let shown = view_yaml(secret_kind(), secret(), false, true);
        assert!(shown.contains("czNjcjN0LXBhc3N3b3Jk"), "{shown}");

        let mut obj = secret();
        let keep = obj["data"].clone();
        generic::hide_secret(&mut obj);
        obj["data"] = keep;
        let now = chrono::Utc::now();
        let text = render_describe_revealed(secret_kind(), &obj, Ok(&[]), now, false);
        assert!(text.contains("password:  15 bytes"), "{text}");
        assert!(text.contains("multi:  11 bytes"), "{text}");
        assert!(!text.contains("s3cr3t"), "{text}");
        let text = render_describe_revealed(secret_kind(), &secret(), Ok(&[]), now, true);
        assert!(text.contains("password:  s3cr3t-password"), "{text}");
        assert!(text.contains("multi:\n  line1\n  line2"), "{text}");
    }

    /// A certificate chain is longer than the longest string shown: a
    /// secret's values are never cut (cut base64 decodes to nothing).
    #[test]
    fn long_secret_values_are_not_cut() {
        use base64::Engine;
        let chain = "-----BEGIN CERTIFICATE-----\n".repeat(300);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&chain);
        assert!(b64.len() > super::super::MAX_STRING);
        let obj = json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
            "metadata": {"name": "tls", "namespace": "shop", "uid": "u2"},
            "data": {"tls.crt": b64}});
        let hidden = view_yaml(secret_kind(), obj.clone(), false, false);
        assert!(
            hidden.contains(&format!("<hidden: {} bytes>", chain.len())),
            "{hidden}"
        );
        let shown = view_yaml(secret_kind(), obj.clone(), false, true);
        assert!(shown.contains(b64.as_str()), "cut");
        let mut o = obj;
        super::super::bound_object(secret_kind(), &mut o);
        let now = chrono::Utc::now();
        let text = render_describe_revealed(secret_kind(), &o, Ok(&[]), now, false);
        assert!(
            text.contains(&format!("tls.crt:  {} bytes", chain.len())),
            "{text}"
        );
    }

    #[test]
    fn other_kinds_show_their_fields_spec_status_and_conditions() {
        let kind = Kind::Generic(Res::intern(
            "cert-manager.io",
            "v1",
            "certificates",
            "Certificate",
            true,
        ));
        let long: Vec<String> = (0..200).map(|i| format!("host-{i}.example.com")).collect();
        let obj = json!({"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"secretName": "web-tls", "dnsNames": long},
            "status": {"notAfter": "2027-01-01T00:00:00Z",
                "conditions": [{"type": "Ready", "status": "True", "reason": "Issued"}]}});
        let text = render_describe_revealed(kind, &obj, Ok(&[]), chrono::Utc::now(), false);
        assert!(
            text.contains("Spec:\n  dnsNames:\n  - host-0.example.com"),
            "{text}"
        );
        assert!(text.contains("more lines (y: the whole YAML)"), "{text}");
        assert!(text.contains("Status:\n  notAfter:"), "{text}");
        assert!(text.contains("Ready"), "{text}");
        assert!(text.contains("Issued"), "{text}");
        // A value that is not an object is one line.
        let cm = Kind::Generic(Res::intern("", "v1", "configmaps", "ConfigMap", true));
        let obj = json!({"kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "b"}, "immutable": true});
        let text = render_describe_revealed(cm, &obj, Ok(&[]), chrono::Utc::now(), false);
        assert!(text.contains("Data:\n  a: b"), "{text}");
        assert!(text.contains("Immutable:"), "{text}");
    }
}

#[test]
fn a_huge_status_is_cut_in_describe_and_yaml() {
    let kind = Kind::Generic(crate::kube::kind::Res::intern(
        "huge.example.com",
        "v1",
        "blobs",
        "Blob",
        true,
    ));
    let conditions: Vec<Value> = (0..5000)
        .map(|i| json!({"type": format!("Check{i}"), "status": "True", "reason": "Fine"}))
        .collect();
    let obj = json!({"apiVersion": "huge.example.com/v1", "kind": "Blob",
        "metadata": {"name": "b", "namespace": "shop", "uid": "u1", "creationTimestamp": "2026-11-30T00:00:00Z"},
        "spec": {"size": 1},
        "status": {"report": "é".repeat(3 * 1024 * 1024), "conditions": conditions}});
    let y = super::view_yaml(kind, obj.clone(), false, false);
    assert!(y.len() < 64 * 1024, "{} bytes of YAML", y.len());
    assert!(y.contains("more bytes not shown"), "{}", &y[..2000]);
    assert!(y.contains("… 4700 more items not shown"));
    let mut o = obj;
    super::bound(&mut o);
    // Cut on a character boundary: 2-byte characters, 4096 bytes kept.
    let report = o["status"]["report"].as_str().unwrap();
    assert!(report.starts_with(&"é".repeat(2048)));
    assert!(report.ends_with(&format!(
        "… ({} more bytes not shown)",
        3 * 2 * 1024 * 1024 - 4096
    )));
    let text = render_describe(kind, &o, Ok(&[]), Utc::now());
    assert!(text.len() < 64 * 1024, "{} bytes of describe", text.len());
    assert!(text.contains("more bytes not shown"), "{text}");
    assert!(text.contains("Check299"), "{text}");
    assert!(!text.contains("Check300 "), "{text}");
    assert!(text.contains("  … 4700 more items not shown"), "{text}");
}
