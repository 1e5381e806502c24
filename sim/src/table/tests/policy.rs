use super::*;

#[test]
fn pdb_rows_print_int_or_percent_and_na() {
    let pdb = json!({"metadata": {"name": "web", "creationTimestamp": "2026-11-22T00:31:33Z"},
        "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}},
        "status": {"disruptionsAllowed": 1, "currentHealthy": 3, "desiredHealthy": 2, "expectedPods": 3}});
    assert_eq!(
        cells("policy", "poddisruptionbudgets", &pdb),
        vec![
            json!("web"),
            json!("2"),
            json!("N/A"),
            json!(1),
            json!("16m")
        ]
    );
    let pct = json!({"metadata": {"name": "db"}, "spec": {"maxUnavailable": "25%"}});
    let c = cells("policy", "poddisruptionbudgets", &pct);
    assert_eq!(c[1..4], [json!("N/A"), json!("25%"), json!(0)]);
    let names: Vec<String> = column_names("policy", "poddisruptionbudgets")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "Name",
            "Min Available",
            "Max Unavailable",
            "Allowed Disruptions",
            "Age"
        ]
    );
}

#[test]
fn hpa_rows_format_metrics_like_kubectl() {
    let hpa = json!({"metadata": {"name": "api", "creationTimestamp": "2026-11-22T00:31:33Z"},
        "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "api"},
            "minReplicas": 2, "maxReplicas": 10,
            "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]},
        "status": {"currentReplicas": 3, "desiredReplicas": 3,
            "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageValue": "120m", "averageUtilization": 48}}}]}});
    assert_eq!(
        cells("autoscaling", "horizontalpodautoscalers", &hpa),
        vec![
            json!("api"),
            json!("Deployment/api"),
            json!("cpu: 48%/70%"),
            json!("2"),
            json!(10),
            json!(3),
            json!("16m")
        ]
    );
    let unknown = json!({"spec": {"scaleTargetRef": {"kind": "Deployment", "name": "w"}, "maxReplicas": 4,
        "metrics": [
            {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "512Mi"}}},
            {"type": "Pods", "pods": {"metric": {"name": "rps"}, "target": {"type": "AverageValue", "averageValue": "1k"}}},
            {"type": "External", "external": {"metric": {"name": "queue"}, "target": {"type": "Value", "value": "30"}}}]}});
    let c = cells("autoscaling", "horizontalpodautoscalers", &unknown);
    assert_eq!(c[2], "memory: <unknown>/512Mi, <unknown>/1k + 1 more...");
    assert_eq!(c[3], "<unset>");
    let none = json!({"spec": {"scaleTargetRef": {"kind": "StatefulSet", "name": "db"}, "maxReplicas": 3}});
    assert_eq!(
        cells("autoscaling", "horizontalpodautoscalers", &none)[1..3],
        [json!("StatefulSet/db"), json!("<none>")]
    );
    let names: Vec<String> = column_names("autoscaling", "horizontalpodautoscalers")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "Name",
            "Reference",
            "Targets",
            "MinPods",
            "MaxPods",
            "Replicas",
            "Age"
        ]
    );
}

#[test]
fn controller_revision_rows_name_their_controller() {
    let cr = json!({"metadata": {"name": "db-7c9f6b8d5", "creationTimestamp": "2026-11-22T00:31:33Z",
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db", "uid": "u", "controller": true}]},
        "revision": 3, "data": {}});
    assert_eq!(
        cells("apps", "controllerrevisions", &cr),
        vec![
            json!("db-7c9f6b8d5"),
            json!("statefulset.apps/db"),
            json!(3),
            json!("16m")
        ]
    );
    let orphan = json!({"metadata": {"name": "x"}, "revision": 1});
    assert_eq!(cells("apps", "controllerrevisions", &orphan)[1], "<none>");
}
