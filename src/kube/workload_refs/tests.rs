use serde_json::json;

use super::*;

fn deployment() -> Value {
    json!({"metadata": {"name": "web", "namespace": "shop"},
        "spec": {"replicas": 3, "template": {"metadata": {"labels": {"app": "web", "tier": "front"}},
            "spec": {
                "volumes": [
                    {"name": "cfg", "configMap": {"name": "web-config"}},
                    {"name": "tls", "secret": {"secretName": "web-tls"}},
                    {"name": "data", "persistentVolumeClaim": {"claimName": "web-data"}},
                    {"name": "all", "projected": {"sources": [
                        {"configMap": {"name": "web-config"}},
                        {"secret": {"name": "extra", "optional": true}},
                        {"serviceAccountToken": {"path": "t"}}]}},
                    {"name": "tmp", "emptyDir": {}}],
                "imagePullSecrets": [{"name": "registry"}],
                "initContainers": [{"name": "init", "envFrom": [{"configMapRef": {"name": "init-env"}}]}],
                "containers": [{"name": "app",
                    "env": [{"name": "A", "valueFrom": {"secretKeyRef": {"name": "web-tls", "key": "k"}}},
                            {"name": "B", "valueFrom": {"configMapKeyRef": {"name": "flags", "key": "x", "optional": true}}},
                            {"name": "C", "value": "plain"}],
                    "envFrom": [{"secretRef": {"name": "db-creds"}}]}]}}}})
}

#[test]
fn a_template_names_what_it_mounts_and_reads() {
    let refs = template_refs(&deployment());
    let got: Vec<(RefKind, &str, String, bool)> = refs
        .iter()
        .map(|m| (m.kind, m.name.as_str(), m.how.join(","), m.optional))
        .collect();
    assert_eq!(
        got,
        [
            (RefKind::ConfigMap, "web-config", "volume".into(), false),
            (RefKind::Secret, "web-tls", "volume,env".into(), false),
            (RefKind::Claim, "web-data", "volume".into(), false),
            (RefKind::Secret, "extra", "volume".into(), true),
            (RefKind::ConfigMap, "flags", "env".into(), true),
            (RefKind::Secret, "db-creds", "envFrom".into(), false),
            (RefKind::ConfigMap, "init-env", "envFrom".into(), false),
            (RefKind::Secret, "registry", "imagePullSecret".into(), false),
        ]
    );
    assert_eq!(template_labels(&deployment())["tier"], "front");
}

#[test]
fn a_statefulset_has_a_claim_per_pod_and_template() {
    let sts = json!({"metadata": {"name": "db"}, "spec": {"replicas": 2,
        "volumeClaimTemplates": [{"metadata": {"name": "data"}}, {"metadata": {"name": "wal"}}],
        "template": {"spec": {"containers": [{"name": "c"}]}}}});
    let names: Vec<String> = template_refs(&sts).into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["data-db-0", "data-db-1", "wal-db-0", "wal-db-1"]);
    // Hostile replica counts stay bounded.
    let huge = json!({"metadata": {"name": "db"}, "spec": {"replicas": 1_000_000_000u64,
        "volumeClaimTemplates": [{"metadata": {"name": "data"}}]}});
    assert_eq!(template_refs(&huge).len(), MAX_CHECKED);
}

#[test]
fn selectors_as_the_api_server_matches_them() {
    let labels: BTreeMap<String, String> = [("app", "web"), ("tier", "front")]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .into();
    let yes = [
        json!({}),
        json!({"matchLabels": {"app": "web"}}),
        json!({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["front", "back"]}]}),
        json!({"matchExpressions": [{"key": "zone", "operator": "DoesNotExist"},
            {"key": "app", "operator": "Exists"}, {"key": "tier", "operator": "NotIn", "values": ["back"]}]}),
    ];
    for s in yes {
        assert!(selects(&s, &labels), "{s}");
    }
    let no = [
        Value::Null,
        json!({"matchLabels": {"app": "api"}}),
        json!({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["back"]}]}),
        json!({"matchExpressions": [{"key": "app", "operator": "Sideways"}]}),
    ];
    for s in no {
        assert!(!selects(&s, &labels), "{s}");
    }
}

#[test]
fn services_autoscalers_and_budgets_of_a_namespace() {
    let labels = template_labels(&deployment());
    let svcs = json!({"items": [
        {"metadata": {"name": "web"}, "spec": {"type": "ClusterIP", "clusterIP": "10.0.0.7",
            "selector": {"app": "web"}, "ports": [{"port": 80, "protocol": "TCP"}]}},
        {"metadata": {"name": "api"}, "spec": {"selector": {"app": "api"}}},
        {"metadata": {"name": "manual"}, "spec": {}}]});
    let s = services(&svcs, &labels);
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].name.as_str(), s[0].status.as_str()),
        ("web", "ClusterIP 10.0.0.7 80/TCP")
    );
    let hpa = json!({"items": [
        {"metadata": {"name": "web"}, "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"},
            "minReplicas": 2, "maxReplicas": 10},
         "status": {"currentReplicas": 10, "desiredReplicas": 12,
            "conditions": [{"type": "ScalingLimited", "status": "True", "reason": "TooManyReplicas"}]}},
        {"metadata": {"name": "other"}, "spec": {"scaleTargetRef": {"kind": "StatefulSet", "name": "web"}}},
        {"metadata": {"name": "broken"}, "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "maxReplicas": 5},
         "status": {"currentReplicas": 2, "desiredReplicas": 2,
            "conditions": [{"type": "ScalingActive", "status": "False", "reason": "FailedGetResourceMetric"}]}}]});
    let h = hpas(&hpa, "Deployment", "web");
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].health, Health::Warn);
    assert_eq!(
        h[0].status,
        "2–10 replicas, now 10 (wants 12): at its limit"
    );
    assert_eq!(h[1].health, Health::Bad);
    assert!(
        h[1].status.ends_with("FailedGetResourceMetric"),
        "{}",
        h[1].status
    );
    let pdb = json!({"items": [
        {"metadata": {"name": "web"}, "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}},
         "status": {"disruptionsAllowed": 0, "currentHealthy": 2, "desiredHealthy": 2}},
        {"metadata": {"name": "db"}, "spec": {"maxUnavailable": "50%", "selector": {"matchLabels": {"app": "db"}}}},
        {"metadata": {"name": "none"}, "spec": {}}]});
    let p = pdbs(&pdb, &labels);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].health, Health::Warn);
    assert_eq!(
        p[0].status,
        "minAvailable 2, 2 healthy (2 needed), 0 disruptions allowed"
    );
    // Odd lists: nothing, no panic.
    assert!(services(&json!({"items": "x"}), &labels).is_empty());
    assert!(pdbs(&Value::Null, &labels).is_empty());
}
