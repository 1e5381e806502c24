//! Helpers for object metadata: timestamps, names, labels, managedFields.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

/// RFC 3339 with whole seconds, as the API server writes metav1.Time.
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub fn name(obj: &Value) -> &str {
    obj["metadata"]["name"].as_str().unwrap_or("")
}

pub fn namespace(obj: &Value) -> &str {
    obj["metadata"]["namespace"].as_str().unwrap_or("")
}

pub fn uid(obj: &Value) -> &str {
    obj["metadata"]["uid"].as_str().unwrap_or("")
}

pub fn labels(obj: &Value) -> Option<&Map<String, Value>> {
    obj["metadata"]["labels"].as_object()
}

pub fn annotation<'a>(obj: &'a Value, key: &str) -> Option<&'a str> {
    obj["metadata"]["annotations"][key].as_str()
}

pub fn set_annotation(obj: &mut Value, key: &str, value: &str) {
    let meta = &mut obj["metadata"];
    if !meta["annotations"].is_object() {
        meta["annotations"] = json!({});
    }
    meta["annotations"][key] = json!(value);
}

pub fn resource_version(obj: &Value) -> u64 {
    obj["metadata"]["resourceVersion"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The owner reference with `controller: true`, if any.
pub fn controller_uid(obj: &Value) -> Option<&str> {
    obj["metadata"]["ownerReferences"]
        .as_array()?
        .iter()
        .find(|r| r["controller"].as_bool() == Some(true))?["uid"]
        .as_str()
}

pub fn owner_ref(owner: &Value) -> Value {
    json!({
        "apiVersion": owner["apiVersion"],
        "kind": owner["kind"],
        "name": owner["metadata"]["name"],
        "uid": owner["metadata"]["uid"],
        "controller": true,
        "blockOwnerDeletion": true,
    })
}

/// A `managedFields` entry for `obj` as `manager` wrote it: the FieldsV1 set
/// of the keys present (two levels below metadata/spec/status, deeper for
/// maps), which is what makes real objects 25-30% larger than their content.
pub fn managed_fields(obj: &Value, manager: &str, operation: &str, time: &str) -> Value {
    let mut root = Map::new();
    for key in ["metadata", "spec", "data", "status"] {
        let Some(v) = obj.get(key) else { continue };
        let sub = if key == "metadata" {
            let mut m = Map::new();
            for k in ["labels", "annotations", "ownerReferences", "generateName"] {
                if let Some(x) = v.get(k) {
                    m.insert(format!("f:{k}"), fields_of(x, 2));
                }
            }
            Value::Object(m)
        } else {
            fields_of(v, 4)
        };
        root.insert(format!("f:{key}"), sub);
    }
    json!([{
        "manager": manager,
        "operation": operation,
        "apiVersion": obj["apiVersion"],
        "time": time,
        "fieldsType": "FieldsV1",
        "fieldsV1": root,
    }])
}

fn fields_of(v: &Value, depth: usize) -> Value {
    let mut m = Map::new();
    match v {
        Value::Object(o) if depth > 0 => {
            m.insert(".".into(), json!({}));
            for (k, x) in o {
                m.insert(format!("f:{k}"), fields_of(x, depth - 1));
            }
        }
        Value::Array(items) if depth > 0 => {
            for x in items {
                if let Some(n) = x.get("name").and_then(Value::as_str) {
                    m.insert(format!("k:{{\"name\":\"{n}\"}}"), fields_of(x, depth - 1));
                } else if let Some(t) = x.get("type").and_then(Value::as_str) {
                    m.insert(format!("k:{{\"type\":\"{t}\"}}"), fields_of(x, depth - 1));
                }
            }
        }
        _ => {}
    }
    Value::Object(m)
}

/// Recursively drop nulls, empty maps and empty lists, and sort keys: two
/// templates that a real server would decode to the same struct compare equal.
pub fn canonical(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            let mut m = Map::new();
            for k in keys {
                if let Some(x) = canonical(&o[k]) {
                    m.insert(k.clone(), x);
                }
            }
            (!m.is_empty()).then_some(Value::Object(m))
        }
        Value::Array(a) => {
            let items: Vec<Value> = a.iter().filter_map(canonical).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        other => Some(other.clone()),
    }
}

const SAFE_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// apimachinery's rand.SafeEncodeString: map each byte onto an alphabet
/// without vowels or look-alike characters.
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| SAFE_ALPHABET[b as usize % SAFE_ALPHABET.len()] as char)
        .collect()
}

/// The `pod-template-hash` of a pod template: FNV-32a over its canonical
/// form, safe-encoded, as the deployment controller computes it.
pub fn template_hash(template: &Value) -> String {
    use std::hash::Hasher;
    let mut t = template.clone();
    if let Some(l) = t["metadata"]["labels"].as_object_mut() {
        l.remove("pod-template-hash");
    }
    let canon = canonical(&t).unwrap_or(Value::Null);
    let mut h = fnv::FnvHasher::default();
    h.write(canon.to_string().as_bytes());
    safe_encode(&((h.finish() & 0xffff_ffff) as u32).to_string())
}

/// A random suffix like the ones generateName produces (5 safe characters).
pub fn random_suffix(rng: &mut impl rand::Rng, len: usize) -> String {
    (0..len)
        .map(|_| SAFE_ALPHABET[rng.random_range(0..SAFE_ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_ignores_nulls_empties_and_order() {
        let a = json!({"metadata": {"creationTimestamp": null, "labels": {"app": "web"}}, "spec": {"b": 1, "a": {}}});
        let b = json!({"spec": {"b": 1}, "metadata": {"labels": {"app": "web"}}});
        assert_eq!(canonical(&a), canonical(&b));
    }

    #[test]
    fn template_hash_ignores_its_own_label() {
        let a = json!({"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "n", "image": "nginx:1.25"}]}});
        let mut b = a.clone();
        b["metadata"]["labels"]["pod-template-hash"] = json!("xyz");
        assert_eq!(template_hash(&a), template_hash(&b));
        let mut c = a.clone();
        c["spec"]["containers"][0]["image"] = json!("nginx:1.26");
        assert_ne!(template_hash(&a), template_hash(&c));
        assert!(
            template_hash(&a)
                .bytes()
                .all(|b| SAFE_ALPHABET.contains(&b))
        );
    }

    #[test]
    fn managed_fields_name_keys() {
        let obj = json!({"apiVersion": "v1", "metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "app", "image": "x"}]}});
        let mf = managed_fields(&obj, "kubectl", "Update", "2026-01-01T00:00:00Z");
        let f = &mf[0]["fieldsV1"];
        assert!(f["f:metadata"]["f:labels"]["f:a"].is_object());
        assert!(f["f:spec"]["f:containers"]["k:{\"name\":\"app\"}"]["f:image"].is_object());
    }
}
