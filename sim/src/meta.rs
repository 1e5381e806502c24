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

/// The managers whose writes only ever touch status: the kubelet (pod
/// binding is not recorded either, as on a real server).
const STATUS_WRITERS: &[&str] = &["kubelet"];

/// `managedFields` after `manager` wrote `obj` (`prev` is the version it
/// replaced): other managers' entries stay (a GitOps controller's entry
/// survives the controllers' status writes, as on a real server), the
/// writer's entry for the same operation and subresource is replaced. A
/// write that changed only status is recorded as a `status` subresource
/// entry owning `f:status`. Managed fields the client set itself (different
/// from the stored ones) are taken as the starting point, as a real server
/// takes them.
pub fn stamp_managed_fields(
    prev: Option<&Value>,
    obj: &Value,
    manager: &str,
    operation: &str,
    time: &str,
) -> Value {
    let stored = prev.and_then(|p| p["metadata"]["managedFields"].as_array());
    let sent = obj["metadata"]["managedFields"].as_array();
    let mut entries: Vec<Value> = match (sent, stored) {
        (Some(s), Some(o)) if s != o => s.clone(),
        (Some(s), None) => s.clone(),
        (_, Some(o)) => o.clone(),
        (None, None) => Vec::new(),
    };
    let status_only =
        STATUS_WRITERS.contains(&manager) || prev.is_some_and(|p| only_status_differs(p, obj));
    let entry = if status_only {
        let status = obj
            .get("status")
            .map_or_else(|| json!({}), |s| fields_of(s, 4));
        json!({
            "manager": manager,
            "operation": operation,
            "apiVersion": obj["apiVersion"],
            "time": time,
            "fieldsType": "FieldsV1",
            "fieldsV1": {"f:status": status},
            "subresource": "status",
        })
    } else {
        managed_fields(obj, manager, operation, time)[0].clone()
    };
    entries.retain(|e| {
        !(e["manager"] == entry["manager"]
            && e["operation"] == entry["operation"]
            && e["subresource"] == entry["subresource"])
    });
    entries.push(entry);
    Value::Array(entries)
}

/// Everything but `status` (and the version bookkeeping) is the same.
fn only_status_differs(a: &Value, b: &Value) -> bool {
    let (Some(ma), Some(mb)) = (a.as_object(), b.as_object()) else {
        return false;
    };
    const SKIP: [&str; 3] = ["resourceVersion", "managedFields", "generation"];
    let meta_eq = |x: &Value, y: &Value| match (x.as_object(), y.as_object()) {
        (Some(x), Some(y)) => x
            .keys()
            .chain(y.keys())
            .filter(|k| !SKIP.contains(&k.as_str()))
            .all(|k| x.get(k) == y.get(k)),
        _ => x == y,
    };
    ma.keys()
        .chain(mb.keys())
        .filter(|k| k.as_str() != "status")
        .all(|k| match k.as_str() {
            "metadata" => meta_eq(&a["metadata"], &b["metadata"]),
            _ => ma.get(k) == mb.get(k),
        })
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
    fn managed_fields_keep_other_managers() {
        let t = "2026-01-01T00:00:00Z";
        let mut d = json!({"apiVersion": "apps/v1", "metadata": {"name": "web"}, "spec": {"replicas": 2}, "status": {}});
        d["metadata"]["managedFields"] =
            stamp_managed_fields(None, &d, "argocd-controller", "Update", t);
        let mut st = d.clone();
        st["status"]["replicas"] = json!(2);
        let mf = stamp_managed_fields(Some(&d), &st, "kube-controller-manager", "Update", t);
        let managers: Vec<(&str, &str)> = mf
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["manager"].as_str().unwrap(),
                    e["subresource"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            managers,
            [
                ("argocd-controller", ""),
                ("kube-controller-manager", "status")
            ]
        );
        assert!(mf[1]["fieldsV1"]["f:status"]["f:replicas"].is_object());
        assert!(mf[1]["fieldsV1"].get("f:spec").is_none());
        // The same manager's next write replaces its entry.
        st["metadata"]["managedFields"] = mf;
        let mut again = st.clone();
        again["status"]["replicas"] = json!(3);
        let mf = stamp_managed_fields(Some(&st), &again, "kube-controller-manager", "Update", t);
        assert_eq!(mf.as_array().unwrap().len(), 2);
        // A client that clears them starts afresh.
        let mut cleared = again.clone();
        cleared["metadata"]["managedFields"] = json!([]);
        cleared["spec"]["replicas"] = json!(5);
        let mf = stamp_managed_fields(Some(&again), &cleared, "kubectl-edit", "Update", t);
        assert_eq!(mf.as_array().unwrap().len(), 1);
        assert_eq!(mf[0]["manager"], "kubectl-edit");
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
