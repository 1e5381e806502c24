use super::columns::DESC_CREATION;
use super::*;
use chrono::{Duration, TimeZone};

mod events;
mod format;
mod generic;
mod network;
mod nodes;
mod pods;
mod policy;
mod quota;
mod workloads;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 0, 48, 0)
        .single()
        .expect("valid time")
}

fn cells(group: &str, resource: &str, obj: &Value) -> Vec<Value> {
    row(group, resource, obj, now(), IncludeObject::None)["cells"]
        .as_array()
        .cloned()
        .expect("cells")
}

fn pod_cells(pod: &Value) -> Vec<Value> {
    cells("", "pods", pod)
}

fn pod_status(pod: &Value) -> String {
    pod_cells(pod)[2].as_str().expect("status").to_string()
}

fn column_names(group: &str, resource: &str) -> Vec<(String, i64)> {
    columns(group, resource)
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("name").to_string(),
                c["priority"].as_i64().expect("priority"),
            )
        })
        .collect()
}

#[test]
fn include_object_parse() {
    assert_eq!(IncludeObject::parse(None), IncludeObject::Metadata);
    assert_eq!(IncludeObject::parse(Some("None")), IncludeObject::None);
    assert_eq!(
        IncludeObject::parse(Some("Metadata")),
        IncludeObject::Metadata
    );
    assert_eq!(IncludeObject::parse(Some("Object")), IncludeObject::Object);
    assert_eq!(
        IncludeObject::parse(Some("object")),
        IncludeObject::Metadata
    );
    assert_eq!(IncludeObject::parse(Some("")), IncludeObject::Metadata);
}

fn capture_pod() -> Value {
    json!({
        "metadata": {
            "name": "svc-1-79d74d9895-2456s",
            "namespace": "team-1",
            "creationTimestamp": "2026-11-22T00:35:29Z",
            "labels": {"app": "svc-1"}
        },
        "spec": {"containers": [{"name": "app", "image": "registry.example/team-1/svc-1:1.0"}]},
        "status": {
            "phase": "Pending",
            "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}],
            "qosClass": "Burstable"
        }
    })
}

#[test]
fn table_shape_matches_capture() {
    let pod = capture_pod();
    let t = table("", "pods", &[&pod], "26404", now(), IncludeObject::Metadata);
    let mut keys: Vec<&String> = t.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "apiVersion",
            "columnDefinitions",
            "kind",
            "metadata",
            "rows"
        ]
    );
    assert_eq!(t["kind"], "Table");
    assert_eq!(t["apiVersion"], "meta.k8s.io/v1");
    assert_eq!(t["metadata"], json!({"resourceVersion": "26404"}));
    let first = &t["columnDefinitions"][0];
    let mut col_keys: Vec<&String> = first.as_object().expect("object").keys().collect();
    col_keys.sort();
    assert_eq!(
        col_keys,
        ["description", "format", "name", "priority", "type"]
    );
    assert_eq!(first["name"], "Name");
    assert_eq!(first["format"], "name");
    assert!(
        first["description"]
            .as_str()
            .expect("str")
            .starts_with("Name must be unique")
    );
    assert_eq!(t["columnDefinitions"][4]["name"], "Age");
    assert!(
        t["columnDefinitions"][4]["description"]
            .as_str()
            .expect("str")
            .contains("RFC3339 form and is in UTC.\n\nPopulated by the system.")
    );
    assert_eq!(
        t["rows"][0]["cells"],
        json!([
            "svc-1-79d74d9895-2456s",
            "0/1",
            "Pending",
            "0",
            "12m",
            "<none>",
            "<none>",
            "<none>",
            "<none>"
        ])
    );
    let object = &t["rows"][0]["object"];
    assert_eq!(object["kind"], "PartialObjectMetadata");
    assert_eq!(object["apiVersion"], "meta.k8s.io/v1");
    assert_eq!(object["metadata"], pod["metadata"]);
    assert!(t["rows"][0].get("conditions").is_none());
}

#[test]
fn table_empty_and_include_modes() {
    let t = table(
        "apps",
        "deployments",
        &[],
        "",
        now(),
        IncludeObject::Metadata,
    );
    assert_eq!(t["rows"], json!([]));
    assert_eq!(t["metadata"], json!({}));

    let pod = capture_pod();
    let none = row("", "pods", &pod, now(), IncludeObject::None);
    assert!(none.get("object").is_none());
    let whole = row("", "pods", &pod, now(), IncludeObject::Object);
    assert_eq!(whole["object"], pod);
    let keys: Vec<&String> = whole.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["cells", "object"]);

    // An object without metadata still gets a PartialObjectMetadata.
    let bare = row("", "configmaps", &json!({}), now(), IncludeObject::Metadata);
    assert_eq!(
        bare["object"],
        json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": {}})
    );
}

#[test]
fn every_printer_has_as_many_cells_as_columns() {
    let resources = [
        ("", "pods"),
        ("", "namespaces"),
        ("", "nodes"),
        ("", "services"),
        ("", "configmaps"),
        ("", "secrets"),
        ("", "serviceaccounts"),
        ("", "persistentvolumeclaims"),
        ("", "events"),
        ("events.k8s.io", "events"),
        ("", "resourcequotas"),
        ("", "limitranges"),
        ("apps", "deployments"),
        ("apps", "replicasets"),
        ("apps", "statefulsets"),
        ("apps", "daemonsets"),
        ("batch", "jobs"),
        ("batch", "cronjobs"),
        ("apps", "controllerrevisions"),
        ("policy", "poddisruptionbudgets"),
        ("autoscaling", "horizontalpodautoscalers"),
        ("rbac.authorization.k8s.io", "roles"),
        ("example.com", "widgets"),
    ];
    let garbage = [
        json!(null),
        json!(1),
        json!("x"),
        json!([1, 2]),
        json!({}),
        json!({"metadata": 5, "spec": [], "status": "no"}),
        json!({"metadata": {"name": 7, "creationTimestamp": 12, "labels": [1], "deletionTimestamp": {}},
               "spec": {"containers": {"a": 1}, "initContainers": [null, 3, {"name": []}],
                        "replicas": "three", "selector": "app=web", "ports": [null, {"port": "x"}],
                        "template": {"spec": {"containers": [null, {"name": 1}]}},
                        "readinessGates": [{"conditionType": null}], "completions": -1},
               "status": {"phase": 3, "conditions": [null, {"type": 1}],
                          "containerStatuses": [null, {"state": {"waiting": "x", "terminated": []}}],
                          "initContainerStatuses": [{"state": {"terminated": {"exitCode": "1"}}}],
                          "hard": {"cpu": [], "pods": {}, "memory": "1Gi"}, "used": "x",
                          "addresses": [{"type": "InternalIP", "address": null}],
                          "loadBalancer": {"ingress": [{}]}},
               "involvedObject": "pod", "series": {"count": "2"}, "count": -4}),
        json!({"metadata": {"name": "n", "creationTimestamp": "2026-11-22T00:00:00Z"},
               "spec": {"type": "LoadBalancer", "selector": {"matchExpressions": [{"key": "a", "operator": "Bogus"}]},
                        "jobTemplate": {"spec": {"selector": {"matchLabels": {"bad key!": "v"}}}}},
               "status": {"startTime": "2026-11-22T00:00:00Z", "completionTime": "bad"}}),
    ];
    for (group, resource) in resources {
        let ncols = columns(group, resource).as_array().expect("array").len();
        for obj in &garbage {
            let c = cells(group, resource, obj);
            assert_eq!(c.len(), ncols, "{group}/{resource} with {obj}");
        }
        let refs: Vec<&Value> = garbage.iter().collect();
        let t = table(group, resource, &refs, "1", now(), IncludeObject::Metadata);
        assert_eq!(t["rows"].as_array().expect("rows").len(), garbage.len());
    }
}

#[test]
fn default_table_for_resources_without_a_printer() {
    let lr =
        json!({"metadata": {"name": "limits", "creationTimestamp": "2026-11-22T01:31:33+01:00"}});
    assert_eq!(
        cells("", "limitranges", &lr),
        vec![json!("limits"), json!("2026-11-22T00:31:33Z")]
    );
    assert_eq!(
        cells("", "limitranges", &json!({"metadata": {"name": "x"}})),
        vec![json!("x"), json!("0001-01-01T00:00:00Z")]
    );
    let cols = columns("rbac.authorization.k8s.io", "roles");
    assert_eq!(cols.as_array().expect("array").len(), 2);
    assert_eq!(cols[1]["name"], "Created At");
    assert_eq!(cols[1]["type"], "date");
    assert_eq!(cols[1]["format"], "");
    assert_eq!(cols[1]["description"], DESC_CREATION);
    // The same plural in another group is not a built-in printer.
    assert_eq!(
        columns("example.com", "pods")
            .as_array()
            .expect("array")
            .len(),
        2
    );
}

#[test]
fn pod_columns_match_capture() {
    let cols = columns("", "pods");
    let expected = [
        ("Name", "string", "name", 0),
        ("Ready", "string", "", 0),
        ("Status", "string", "", 0),
        ("Restarts", "string", "", 0),
        ("Age", "string", "", 0),
        ("IP", "string", "", 1),
        ("Node", "string", "", 1),
        ("Nominated Node", "string", "", 1),
        ("Readiness Gates", "string", "", 1),
    ];
    for (i, (name, kind, format, priority)) in expected.iter().enumerate() {
        assert_eq!(cols[i]["name"], *name);
        assert_eq!(cols[i]["type"], *kind);
        assert_eq!(cols[i]["format"], *format);
        assert_eq!(cols[i]["priority"], *priority);
    }
    assert_eq!(
        cols[3]["description"],
        "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."
    );
    assert_eq!(
        cols[5]["description"],
        "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."
    );
    assert!(
        cols[8]["description"]
            .as_str()
            .expect("str")
            .contains("equal to \"True\" More info")
    );
}
