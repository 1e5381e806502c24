//! The three PATCH content types of the Kubernetes API:
//! JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge
//! patch for the built-in kinds.

use serde_json::{Map, Value};

/// `application/merge-patch+json` (RFC 7386).
pub fn merge_patch(target: &mut Value, patch: &Value) {
    json_patch::merge(target, patch);
}

/// `application/json-patch+json` (RFC 6902). The patch must be an array of
/// operations; on failure the target is left unchanged.
pub fn json_patch(target: &mut Value, patch: &Value) -> Result<(), String> {
    const PREFIX: &str = "the server rejected our request due to an error in our request";
    if !patch.is_array() {
        return Err(format!(
            "{PREFIX}: a JSON patch must be an array of operations, got {}",
            json_kind(patch)
        ));
    }
    let ops: json_patch::Patch = serde_json::from_value(patch.clone())
        .map_err(|e| format!("{PREFIX}: invalid JSON patch: {e}"))?;
    json_patch::patch(target, &ops).map_err(|e| format!("{PREFIX}: {e}"))
}

/// `application/strategic-merge-patch+json`, for the built-in kinds.
///
/// Maps merge recursively (`null` deletes a key), lists with a known merge
/// key merge element by element, `finalizers` merge as a set, other lists are
/// replaced. The directives `$patch` (`replace` / `delete`, in maps and as
/// list elements), `$setElementOrder/<field>`, `$deleteFromPrimitiveList/<field>`
/// and `$retainKeys` are understood and never left in the result.
pub fn strategic_merge_patch(target: &mut Value, patch: &Value) -> Result<(), String> {
    let Value::Object(patch) = patch else {
        return Err(format!(
            "a strategic merge patch must be a JSON object, got {}",
            json_kind(patch)
        ));
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    match target {
        Value::Object(map) => merge_map(map, patch),
        _ => Err("the patch target must be a JSON object".to_string()),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

const PATCH_DIRECTIVE: &str = "$patch";
const RETAIN_KEYS_DIRECTIVE: &str = "$retainKeys";
const SET_ELEMENT_ORDER_PREFIX: &str = "$setElementOrder/";
const DELETE_FROM_PRIMITIVE_LIST_PREFIX: &str = "$deleteFromPrimitiveList/";

/// Lists of primitives merged as a set union rather than replaced.
const SET_MERGED_PRIMITIVE_LISTS: &[&str] = &["finalizers", "podCIDRs"];

/// How the elements of a keyed list are identified.
#[derive(Debug, Clone, Copy)]
struct MergeKey {
    /// The patch merge key.
    key: &'static str,
    /// A second field compared too when both elements have it
    /// (`effect` of taints, `protocol` of ports, ...).
    also: Option<&'static str>,
}

const fn key(key: &'static str) -> MergeKey {
    MergeKey { key, also: None }
}

const fn key_and(key: &'static str, also: &'static str) -> MergeKey {
    MergeKey {
        key,
        also: Some(also),
    }
}

const BY_NAME: &[MergeKey] = &[key("name")];
const BY_PORT: &[MergeKey] = &[
    key_and("containerPort", "protocol"),
    key_and("port", "protocol"),
];
const BY_MOUNT_PATH: &[MergeKey] = &[key("mountPath")];
const BY_DEVICE_PATH: &[MergeKey] = &[key("devicePath")];
const BY_TYPE: &[MergeKey] = &[key("type")];
const BY_UID: &[MergeKey] = &[key("uid")];
const BY_TAINT: &[MergeKey] = &[key_and("key", "effect")];
const BY_IP: &[MergeKey] = &[key("ip")];
const BY_TOPOLOGY: &[MergeKey] = &[key_and("topologyKey", "whenUnsatisfiable")];
const BY_CONDITION_TYPE: &[MergeKey] = &[key("conditionType")];

/// Candidate merge keys of a list field, tried in order: the first one all
/// elements carry is used (container `ports` use `containerPort`, Service
/// `ports` use `port`).
fn merge_key_candidates(field: &str) -> &'static [MergeKey] {
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "imagePullSecrets"
        | "env"
        | "resourceClaims"
        | "schedulingGates"
        | "secrets" => BY_NAME,
        "ports" => BY_PORT,
        "volumeMounts" => BY_MOUNT_PATH,
        "volumeDevices" => BY_DEVICE_PATH,
        "conditions" | "addresses" => BY_TYPE,
        "ownerReferences" => BY_UID,
        "taints" => BY_TAINT,
        "hostAliases" | "podIPs" | "hostIPs" => BY_IP,
        "topologySpreadConstraints" => BY_TOPOLOGY,
        "readinessGates" => BY_CONDITION_TYPE,
        _ => &[],
    }
}

fn is_directive_key(k: &str) -> bool {
    k == PATCH_DIRECTIVE
        || k == RETAIN_KEYS_DIRECTIVE
        || k.starts_with(SET_ELEMENT_ORDER_PREFIX)
        || k.starts_with(DELETE_FROM_PRIMITIVE_LIST_PREFIX)
}

/// The `$patch` directive of a map, if any.
fn patch_directive(m: &Map<String, Value>) -> Option<&Value> {
    m.get(PATCH_DIRECTIVE)
}

fn bad_patch_type(directive: &Value, m: &Map<String, Value>) -> String {
    format!(
        "Unknown patch type: {directive} in map: {}",
        Value::Object(m.clone())
    )
}

/// Merges a patch map into a target map.
fn merge_map(target: &mut Map<String, Value>, patch: &Map<String, Value>) -> Result<(), String> {
    if let Some(directive) = patch_directive(patch) {
        match directive.as_str() {
            Some("replace") => target.clear(),
            Some("delete") => {
                target.clear();
                return Ok(());
            }
            _ => return Err(bad_patch_type(directive, patch)),
        }
    }

    // $deleteFromPrimitiveList/<field>, before the field itself is merged.
    for (k, v) in patch {
        let Some(field) = k.strip_prefix(DELETE_FROM_PRIMITIVE_LIST_PREFIX) else {
            continue;
        };
        let Value::Array(remove) = v else {
            return Err(format!("{k} must be a list, got {}", json_kind(v)));
        };
        if let Some(Value::Array(list)) = target.get_mut(field) {
            list.retain(|e| !remove.contains(e));
        }
    }

    for (k, pv) in patch {
        if is_directive_key(k) {
            continue;
        }
        match pv {
            Value::Null => {
                target.remove(k);
            }
            Value::Object(po) => {
                if patch_directive(po).and_then(Value::as_str) == Some("delete") {
                    target.remove(k);
                    continue;
                }
                if let Some(Value::Object(tm)) = target.get_mut(k) {
                    merge_map(tm, po)?;
                } else {
                    let mut fresh = Map::new();
                    merge_map(&mut fresh, po)?;
                    target.insert(k.clone(), Value::Object(fresh));
                }
            }
            Value::Array(pa) => {
                if let Some(Value::Array(ta)) = target.get_mut(k) {
                    merge_list(k, ta, pa)?;
                } else {
                    let mut fresh = Vec::new();
                    merge_list(k, &mut fresh, pa)?;
                    target.insert(k.clone(), Value::Array(fresh));
                }
            }
            scalar => {
                target.insert(k.clone(), scalar.clone());
            }
        }
    }

    // $setElementOrder/<field>, once the field is merged.
    for (k, v) in patch {
        let Some(field) = k.strip_prefix(SET_ELEMENT_ORDER_PREFIX) else {
            continue;
        };
        let Value::Array(order) = v else {
            return Err(format!("{k} must be a list, got {}", json_kind(v)));
        };
        if let Some(Value::Array(list)) = target.get_mut(field) {
            reorder(list, order);
        }
    }

    if let Some(v) = patch.get(RETAIN_KEYS_DIRECTIVE) {
        let Value::Array(keep) = v else {
            return Err(format!(
                "{RETAIN_KEYS_DIRECTIVE} must be a list, got {}",
                json_kind(v)
            ));
        };
        let mut keep_keys = Vec::with_capacity(keep.len());
        for key in keep {
            match key {
                Value::String(s) => keep_keys.push(s.as_str()),
                other => {
                    return Err(format!(
                        "{RETAIN_KEYS_DIRECTIVE} must contain strings, got {other}"
                    ));
                }
            }
        }
        target.retain(|k, _| keep_keys.contains(&k.as_str()));
    }
    Ok(())
}

/// A patch list element `{"$patch": "replace", ...}`: the whole list is replaced.
fn is_replace_element(v: &Value) -> bool {
    matches!(v, Value::Object(m) if patch_directive(m).and_then(Value::as_str) == Some("replace"))
}

/// A patch value with its directives (and `null`s in maps) removed, as it
/// reads when merged into nothing.
fn cleaned(field: &str, v: &Value) -> Result<Value, String> {
    Ok(match v {
        Value::Object(m) => {
            let mut fresh = Map::new();
            merge_map(&mut fresh, m)?;
            Value::Object(fresh)
        }
        Value::Array(a) => {
            let mut fresh = Vec::new();
            merge_list(field, &mut fresh, a)?;
            Value::Array(fresh)
        }
        other => other.clone(),
    })
}

/// The list elements of a patch list that are not `$patch` directives, cleaned.
fn cleaned_elements(field: &str, patch: &[Value]) -> Result<Vec<Value>, String> {
    patch
        .iter()
        .filter(|e| !matches!(e, Value::Object(m) if patch_directive(m).is_some()))
        .map(|e| cleaned(field, e))
        .collect()
}

/// Picks the merge key of a keyed list: the first candidate that every
/// element (of the target and of the patch) carries. `Ok(None)` means the
/// list is replaced; a patch element without the key of a target that
/// clearly uses it is an error, as on the real API server.
fn choose_merge_key(
    field: &str,
    target: &[Value],
    patch: &[Value],
) -> Result<Option<MergeKey>, String> {
    let candidates = merge_key_candidates(field);
    if candidates.is_empty() {
        return Ok(None);
    }
    let all_have = |list: &[Value], k: &str| {
        list.iter()
            .all(|e| matches!(e, Value::Object(m) if m.contains_key(k)))
    };
    for c in candidates {
        if all_have(target, c.key) && all_have(patch, c.key) {
            return Ok(Some(*c));
        }
    }
    if !target.is_empty() && patch.iter().all(Value::is_object) {
        for c in candidates {
            if all_have(target, c.key)
                && let Some(missing) = patch
                    .iter()
                    .find(|e| matches!(e, Value::Object(m) if !m.contains_key(c.key)))
            {
                return Err(format!(
                    "map: {missing} does not contain declared merge key: {}",
                    c.key
                ));
            }
        }
    }
    Ok(None)
}

/// Whether a target list element is the one a patch element designates.
fn same_element(mk: MergeKey, target: &Value, patch: &Map<String, Value>) -> bool {
    let Value::Object(t) = target else {
        return false;
    };
    if t.get(mk.key) != patch.get(mk.key) {
        return false;
    }
    match mk.also {
        Some(also) => match (t.get(also), patch.get(also)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        },
        None => true,
    }
}

/// Merges a patch list into a target list, for the field named `field`.
fn merge_list(field: &str, target: &mut Vec<Value>, patch: &[Value]) -> Result<(), String> {
    if patch.iter().any(is_replace_element) {
        *target = cleaned_elements(field, patch)?;
        return Ok(());
    }

    let Some(mk) = choose_merge_key(field, target, patch)? else {
        let primitive = |v: &Value| !v.is_object() && !v.is_array();
        if SET_MERGED_PRIMITIVE_LISTS.contains(&field)
            && target.iter().all(primitive)
            && patch.iter().all(primitive)
        {
            for v in patch {
                if !target.contains(v) {
                    target.push(v.clone());
                }
            }
        } else {
            *target = cleaned_elements(field, patch)?;
        }
        return Ok(());
    };

    for pe in patch {
        let Value::Object(pm) = pe else {
            // choose_merge_key only succeeds when every element is an object.
            continue;
        };
        match patch_directive(pm) {
            None => {}
            Some(d) if d.as_str() == Some("delete") => {
                target.retain(|t| !same_element(mk, t, pm));
                continue;
            }
            Some(d) if d.as_str() == Some("merge") => {
                return Err("merging lists cannot yet be specified in the patch".to_string());
            }
            Some(d) => return Err(bad_patch_type(d, pm)),
        }
        match target.iter_mut().find(|t| same_element(mk, t, pm)) {
            Some(Value::Object(tm)) => merge_map(tm, pm)?,
            _ => target.push(cleaned(field, pe)?),
        }
    }
    Ok(())
}

/// Whether `elem` is designated by an entry of a `$setElementOrder` list: an
/// object entry names its merge key field(s), a primitive entry is the value.
fn order_entry_matches(entry: &Value, elem: &Value) -> bool {
    match (entry, elem) {
        (Value::Object(o), Value::Object(e)) => {
            let mut compared = false;
            for (k, v) in o {
                if k.starts_with('$') {
                    continue;
                }
                if e.get(k) != Some(v) {
                    return false;
                }
                compared = true;
            }
            compared
        }
        _ => entry == elem,
    }
}

/// Puts the elements named by `order` first, in that order; the others
/// follow in their existing relative order.
fn reorder(list: &mut Vec<Value>, order: &[Value]) {
    let mut slots: Vec<Option<Value>> = std::mem::take(list).into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(slots.len());
    for entry in order {
        let found = slots
            .iter_mut()
            .find(|s| s.as_ref().is_some_and(|e| order_entry_matches(entry, e)));
        if let Some(elem) = found.and_then(Option::take) {
            out.push(elem);
        }
    }
    out.extend(slots.into_iter().flatten());
    *list = out;
}

#[cfg(test)]
mod tests {
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

        let err = json_patch(&mut d, &json!([{"op": "remove", "path": "/nope/x"}]))
            .expect_err("bad path");
        assert!(err.contains("path"), "{err}");
        let err = json_patch(&mut d, &json!({"op": "remove"})).expect_err("not an array");
        assert!(err.contains("array"), "{err}");
        let err = json_patch(&mut d, &json!([{"op": "frobnicate", "path": "/a"}]))
            .expect_err("unknown op");
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
}
