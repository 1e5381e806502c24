use super::strategic::is_directive_key;
use super::*;
use serde_json::json;

fn deployment() -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": "web",
            "namespace": "default",
            "labels": {"app": "web"},
            "finalizers": ["a.example.com/f"]
        },
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "containers": [
                        {
                            "name": "nginx",
                            "image": "nginx:1.25",
                            "ports": [{"containerPort": 80, "protocol": "TCP"}],
                            "env": [
                                {"name": "A", "value": "1"},
                                {"name": "B", "value": "2"}
                            ],
                            "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}}
                        },
                        {
                            "name": "sidecar",
                            "image": "busybox:1.36",
                            "args": ["sleep", "infinity"]
                        }
                    ],
                    "volumes": [{"name": "data", "emptyDir": {}}],
                    "tolerations": [{"key": "k", "operator": "Exists"}]
                }
            }
        }
    })
}

fn smp(target: &mut Value, patch: Value) {
    strategic_merge_patch(target, &patch).unwrap_or_else(|e| panic!("patch failed: {e}"));
}

fn container_names(d: &Value) -> Vec<String> {
    d["spec"]["template"]["spec"]["containers"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn assert_no_directives(v: &Value) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                assert!(!is_directive_key(k), "directive {k} left in result");
                assert_no_directives(v);
            }
        }
        Value::Array(a) => a.iter().for_each(assert_no_directives),
        _ => {}
    }
}

#[test]
fn kubectl_set_image() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{
            "$setElementOrder/containers":[{"name":"nginx"}],
            "containers":[{"image":"nginx:1.26","name":"nginx"}]}}}}),
    );
    let mut expected = deployment();
    expected["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.26");
    assert_eq!(d, expected);
    assert_no_directives(&d);
}

#[test]
fn kubectl_set_image_both_containers() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{
            "$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],
            "containers":[{"image":"busybox:1.37","name":"sidecar"}]}}}}),
    );
    assert_eq!(container_names(&d), vec!["nginx", "sidecar"]);
    let sidecar = &d["spec"]["template"]["spec"]["containers"][1];
    assert_eq!(sidecar["image"], "busybox:1.37");
    assert_eq!(sidecar["args"], json!(["sleep", "infinity"]));
}

#[test]
fn kubectl_rollout_restart() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"metadata":{"annotations":{
            "kubectl.kubernetes.io/restartedAt":"2026-11-22T00:48:19Z"}}}}}),
    );
    let mut expected = deployment();
    expected["spec"]["template"]["metadata"]["annotations"] =
        json!({"kubectl.kubernetes.io/restartedAt": "2026-11-22T00:48:19Z"});
    assert_eq!(d, expected);
    // A second restart only changes the annotation's value.
    smp(
        &mut d,
        json!({"spec":{"template":{"metadata":{"annotations":{
            "kubectl.kubernetes.io/restartedAt":"2026-11-23T00:00:00Z"}}}}}),
    );
    assert_eq!(
        d["spec"]["template"]["metadata"]["annotations"],
        json!({"kubectl.kubernetes.io/restartedAt": "2026-11-23T00:00:00Z"})
    );
}

#[test]
fn env_merges_by_name() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[
            {"name":"B","value":"20"},
            {"name":"C","value":"3"},
            {"name":"A","$patch":"delete"}
        ]}]}}}}),
    );
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][0]["env"],
        json!([{"name":"B","value":"20"},{"name":"C","value":"3"}])
    );
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][0]["image"],
        "nginx:1.25"
    );
}

#[test]
fn delete_container_with_directive() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}),
    );
    assert_eq!(container_names(&d), vec!["nginx"]);
    assert_no_directives(&d);
}

#[test]
fn new_container_is_appended() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{"containers":[{"name":"log","image":"fluentbit"}]}}}}),
    );
    assert_eq!(container_names(&d), vec!["nginx", "sidecar", "log"]);
}

#[test]
fn finalizers_union_and_delete_from_primitive_list() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"metadata":{"finalizers":["b.example.com/f","a.example.com/f"]}}),
    );
    assert_eq!(
        d["metadata"]["finalizers"],
        json!(["a.example.com/f", "b.example.com/f"])
    );
    smp(
        &mut d,
        json!({"metadata":{"$deleteFromPrimitiveList/finalizers":["a.example.com/f"]}}),
    );
    assert_eq!(d["metadata"]["finalizers"], json!(["b.example.com/f"]));
    assert_no_directives(&d);
}

#[test]
fn primitive_lists_replace() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{"containers":[{"name":"sidecar","args":["sleep","10"]}]}}}}),
    );
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][1]["args"],
        json!(["sleep", "10"])
    );
}

#[test]
fn unkeyed_lists_replace() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{"tolerations":[{"key":"x","operator":"Equal","value":"y"}]}}}}),
    );
    assert_eq!(
        d["spec"]["template"]["spec"]["tolerations"],
        json!([{"key":"x","operator":"Equal","value":"y"}])
    );
}

#[test]
fn set_element_order_reorders() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{
            "$setElementOrder/containers":[{"name":"sidecar"},{"name":"nginx"}]}}}}),
    );
    assert_eq!(container_names(&d), vec!["sidecar", "nginx"]);
    let mut target = json!({"spec": {"containers": [
        {"name": "a"}, {"name": "b"}, {"name": "c"}
    ]}});
    smp(
        &mut target,
        json!({"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"x"}],
            "containers":[{"name":"x","image":"i"}]}}),
    );
    assert_eq!(
        target,
        json!({"spec": {"containers": [
            {"name": "c"}, {"name": "x", "image": "i"}, {"name": "a"}, {"name": "b"}
        ]}})
    );
    let mut target = json!({"metadata": {"finalizers": ["a", "b", "c"]}});
    smp(
        &mut target,
        json!({"metadata": {"$setElementOrder/finalizers": ["c", "a"]}}),
    );
    assert_eq!(target["metadata"]["finalizers"], json!(["c", "a", "b"]));
}

#[test]
fn null_deletes_keys() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"metadata":{"labels":null},"spec":{"template":{"spec":{"containers":[
            {"name":"nginx","resources":{"limits":{"memory":null}}}]}}}}),
    );
    assert!(d["metadata"].get("labels").is_none());
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][0]["resources"],
        json!({"limits": {"cpu": "500m"}})
    );
    let mut keys: Vec<&String> = d["metadata"]
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    keys.sort();
    assert_eq!(keys, vec!["finalizers", "name", "namespace"]);
}

#[test]
fn patch_replace_and_delete_in_maps() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{"containers":[{"name":"nginx",
            "resources":{"$patch":"replace","requests":{"cpu":"1"}}}]}}}}),
    );
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][0]["resources"],
        json!({"requests": {"cpu": "1"}})
    );
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{"containers":[{"name":"nginx",
            "resources":{"$patch":"delete"}}]}}}}),
    );
    assert!(
        d["spec"]["template"]["spec"]["containers"][0]
            .get("resources")
            .is_none()
    );
    assert_no_directives(&d);
}

#[test]
fn patch_replace_list_element() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{"containers":[
            {"$patch":"replace"},
            {"name":"only","image":"x"}]}}}}),
    );
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"],
        json!([{"name":"only","image":"x"}])
    );
}

#[test]
fn retain_keys() {
    let mut target = json!({"spec": {"strategy": {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxSurge": 1}
    }}});
    smp(
        &mut target,
        json!({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}),
    );
    assert_eq!(target, json!({"spec": {"strategy": {"type": "Recreate"}}}));
}

#[test]
fn directives_stripped_from_new_values() {
    let mut target = json!({"metadata": {"name": "p"}});
    smp(
        &mut target,
        json!({"spec": {
            "$setElementOrder/containers": [{"name": "a"}],
            "containers": [{"name": "a", "image": "i", "env": [{"name": "X", "value": null}]}],
            "nodeSelector": {"$patch": "replace", "disk": "ssd", "gone": null}
        }}),
    );
    assert_eq!(
        target,
        json!({"metadata": {"name": "p"}, "spec": {
            "containers": [{"name": "a", "image": "i", "env": [{"name": "X"}]}],
            "nodeSelector": {"disk": "ssd"}
        }})
    );
}

#[test]
fn service_ports_merge_on_port() {
    let mut svc = json!({"spec": {"ports": [
        {"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"},
        {"name": "dns", "port": 53, "protocol": "UDP"}
    ]}});
    smp(
        &mut svc,
        json!({"spec": {"ports": [{"port": 80, "targetPort": 9090}, {"port": 443, "name": "https"}]}}),
    );
    assert_eq!(
        svc["spec"]["ports"],
        json!([
            {"name": "http", "port": 80, "targetPort": 9090, "protocol": "TCP"},
            {"name": "dns", "port": 53, "protocol": "UDP"},
            {"port": 443, "name": "https"}
        ])
    );
    // Container ports merge on containerPort.
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec":{"template":{"spec":{"containers":[{"name":"nginx",
            "ports":[{"containerPort":80,"name":"http"},{"containerPort":443}]}]}}}}),
    );
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][0]["ports"],
        json!([{"containerPort":80,"protocol":"TCP","name":"http"},{"containerPort":443}])
    );
}

#[test]
fn taints_match_key_and_effect() {
    let mut node = json!({"spec": {"taints": [
        {"key": "k", "effect": "NoSchedule", "value": "a"},
        {"key": "k", "effect": "NoExecute", "value": "b"}
    ]}});
    smp(
        &mut node,
        json!({"spec": {"taints": [
            {"key": "k", "effect": "NoExecute", "value": "c"},
            {"key": "k", "effect": "NoSchedule", "$patch": "delete"}
        ]}}),
    );
    assert_eq!(
        node["spec"]["taints"],
        json!([{"key": "k", "effect": "NoExecute", "value": "c"}])
    );
}

#[test]
fn conditions_merge_on_type() {
    let mut pod = json!({"status": {"conditions": [
        {"type": "Ready", "status": "False"},
        {"type": "Initialized", "status": "True"}
    ]}});
    smp(
        &mut pod,
        json!({"status": {"conditions": [{"type": "Ready", "status": "True"}]}}),
    );
    assert_eq!(
        pod["status"]["conditions"],
        json!([{"type": "Ready", "status": "True"}, {"type": "Initialized", "status": "True"}])
    );
}

#[test]
fn strategic_errors() {
    let mut d = deployment();
    assert!(strategic_merge_patch(&mut d, &json!([1])).is_err());
    let err = strategic_merge_patch(
        &mut d,
        &json!({"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}),
    )
    .expect_err("no merge key");
    assert!(
        err.contains("does not contain declared merge key: name"),
        "{err}"
    );
    let err = strategic_merge_patch(&mut d, &json!({"metadata": {"$patch": "bogus"}}))
        .expect_err("bad directive");
    assert!(err.contains("Unknown patch type"), "{err}");
}

#[test]
fn scalar_and_type_changes_replace() {
    let mut d = deployment();
    smp(
        &mut d,
        json!({"spec": {"replicas": 5, "selector": "weird"}}),
    );
    assert_eq!(d["spec"]["replicas"], 5);
    assert_eq!(d["spec"]["selector"], "weird");
}

#[test]
fn json_patch_operations() {
    let mut d = deployment();
    json_patch(
        &mut d,
        &json!([
            {"op": "test", "path": "/spec/replicas", "value": 2},
            {"op": "replace", "path": "/spec/replicas", "value": 3},
            {"op": "add", "path": "/metadata/labels/tier", "value": "front"},
            {"op": "remove", "path": "/spec/template/spec/containers/1"}
        ]),
    )
    .expect("patch applies");
    assert_eq!(d["spec"]["replicas"], 3);
    assert_eq!(d["metadata"]["labels"]["tier"], "front");
    assert_eq!(container_names(&d), vec!["nginx"]);
}

#[test]
fn json_patch_failures_leave_target_unchanged() {
    let mut d = deployment();
    let err = json_patch(
        &mut d,
        &json!([
            {"op": "replace", "path": "/spec/replicas", "value": 7},
            {"op": "test", "path": "/spec/replicas", "value": 2}
        ]),
    )
    .expect_err("test fails");
    assert!(err.contains("the server rejected our request"), "{err}");
    assert!(err.contains("value did not match"), "{err}");
    assert_eq!(d, deployment());

    let err =
        json_patch(&mut d, &json!([{"op": "remove", "path": "/nope/x"}])).expect_err("bad path");
    assert!(err.contains("path"), "{err}");
    let err = json_patch(&mut d, &json!({"op": "remove"})).expect_err("not an array");
    assert!(err.contains("array"), "{err}");
    let err =
        json_patch(&mut d, &json!([{"op": "frobnicate", "path": "/a"}])).expect_err("unknown op");
    assert!(err.contains("invalid JSON patch"), "{err}");
    assert_eq!(d, deployment());
}

#[test]
fn merge_patch_rfc7386() {
    let mut d = deployment();
    merge_patch(
        &mut d,
        &json!({"metadata": {"labels": {"app": null, "tier": "front"}},
                "spec": {"template": {"spec": {"containers": [{"name": "only"}]}}}}),
    );
    assert_eq!(d["metadata"]["labels"], json!({"tier": "front"}));
    assert_eq!(container_names(&d), vec!["only"]);
    let mut v = json!({"a": 1});
    merge_patch(&mut v, &json!("scalar"));
    assert_eq!(v, json!("scalar"));
}
