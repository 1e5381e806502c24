//! What a list or watch selects (`labelSelector`, `fieldSelector`) and the
//! object as the requested group serves it.

use std::borrow::Cow;

use serde_json::Value;

use super::Req;
use crate::registry::ResourceDef;
use crate::selector::{FieldSelector, LabelSelector};
use crate::status::ApiError;
use crate::{events_view, meta};

/// The object as the requested group serves it (events.k8s.io is a view).
pub fn view<'a>(def: &ResourceDef, obj: &'a Value) -> Cow<'a, Value> {
    if def.group == "events.k8s.io" {
        Cow::Owned(events_view::to_events_v1(obj))
    } else if def.custom && obj["apiVersion"].as_str() != Some(def.api_version().as_str()) {
        // Another served version of a CRD without conversion (strategy
        // None): the same object under that version's apiVersion.
        let mut v = obj.clone();
        v["apiVersion"] = serde_json::json!(def.api_version());
        Cow::Owned(v)
    } else {
        Cow::Borrowed(obj)
    }
}

/// Parsed `labelSelector` and `fieldSelector` of a list or watch.
pub struct Filter {
    pub labels: LabelSelector,
    pub fields: FieldSelector,
}

impl Filter {
    pub fn from_req(def: &ResourceDef, req: &Req) -> Result<Filter, ApiError> {
        let labels = LabelSelector::parse(req.q("labelSelector").unwrap_or(""))
            .map_err(ApiError::bad_request)?;
        let fields = FieldSelector::parse(req.q("fieldSelector").unwrap_or(""))
            .map_err(ApiError::bad_request)?;
        for f in fields.fields() {
            if !field_supported(def, f) {
                return Err(ApiError::bad_request(format!(
                    "field label not supported: {f}"
                )));
            }
        }
        Ok(Filter { labels, fields })
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.fields.is_empty()
    }

    /// `obj` is in stored form; field paths are those of the served view.
    pub fn matches(&self, def: &ResourceDef, obj: &Value) -> bool {
        self.labels.matches(meta::labels(obj))
            && (self.fields.is_empty() || {
                let v = view(def, obj);
                self.fields.matches(|f| field_value(&v, f))
            })
    }
}

fn field_supported(def: &ResourceDef, f: &str) -> bool {
    if matches!(f, "metadata.name" | "metadata.namespace") {
        return true;
    }
    match (def.group, def.plural) {
        ("", "pods") => matches!(
            f,
            "spec.nodeName"
                | "spec.restartPolicy"
                | "spec.schedulerName"
                | "spec.serviceAccountName"
                | "spec.hostNetwork"
                | "status.phase"
                | "status.podIP"
                | "status.nominatedNodeName"
        ),
        ("", "events") => {
            f.starts_with("involvedObject.")
                || matches!(f, "reason" | "reportingComponent" | "source" | "type")
        }
        ("events.k8s.io", "events") => {
            f.starts_with("regarding.") || matches!(f, "reason" | "reportingController" | "type")
        }
        ("", "nodes") => f == "spec.unschedulable",
        ("", "namespaces") => f == "status.phase",
        ("", "secrets") => f == "type",
        ("apps", "replicasets") => f == "status.replicas",
        _ => false,
    }
}

/// The value a field selector compares for `field` (absent = "").
pub fn field_value(obj: &Value, field: &str) -> Option<String> {
    if field == "source" {
        return obj["source"]["component"].as_str().map(str::to_string);
    }
    let found = field.split('.').try_fold(obj, |cur, part| cur.get(part));
    match found.unwrap_or(&Value::Null) {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
    .or_else(|| (field == "spec.unschedulable").then(|| "false".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_values() {
        let pod = json!({"metadata": {"name": "a"}, "spec": {"nodeName": "n1"}, "status": {"phase": "Running"}});
        assert_eq!(field_value(&pod, "spec.nodeName").as_deref(), Some("n1"));
        assert_eq!(field_value(&pod, "status.podIP"), None);
        let node = json!({"spec": {}});
        assert_eq!(
            field_value(&node, "spec.unschedulable").as_deref(),
            Some("false")
        );
        let ev = json!({"source": {"component": "kubelet"}});
        assert_eq!(field_value(&ev, "source").as_deref(), Some("kubelet"));
    }
}
