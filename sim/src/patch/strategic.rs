//! Strategic merge patch: the merge keys of the built-in kinds' lists,
//! the `$patch`, `$retainKeys`, `$setElementOrder` and
//! `$deleteFromPrimitiveList` directives, and the merge of maps and lists.

use serde_json::{Map, Value};

use super::json_kind;

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

pub(super) fn is_directive_key(k: &str) -> bool {
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
pub(super) fn merge_map(
    target: &mut Map<String, Value>,
    patch: &Map<String, Value>,
) -> Result<(), String> {
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
