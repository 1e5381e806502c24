//! A custom resource checked against its CRD's structural schema as the
//! apiextensions server does: unknown fields pruned (unless the schema
//! preserves them), then types, required fields and enums, with the real
//! messages (`spec.replicas: Invalid value: "string": spec.replicas in body
//! must be of type integer: "string"`).

use serde_json::{Map, Value};

use crate::status::{FieldError, go_quote};

/// Drop the fields the schema does not know (apiVersion, kind and metadata
/// always stay at the top).
pub fn prune(obj: &mut Value, schema: &Value) {
    prune_at(obj, schema, true);
}

fn preserves(schema: &Value) -> bool {
    schema["x-kubernetes-preserve-unknown-fields"] == true
}

fn prune_at(v: &mut Value, schema: &Value, top: bool) {
    if preserves(schema) && schema["properties"].is_null() {
        return;
    }
    match v {
        Value::Object(m) => {
            let props = schema["properties"].as_object();
            let extra = &schema["additionalProperties"];
            if let Some(props) = props {
                if !preserves(schema) {
                    m.retain(|k, _| {
                        props.contains_key(k)
                            || (top && matches!(k.as_str(), "apiVersion" | "kind" | "metadata"))
                    });
                }
                for (k, child) in m.iter_mut() {
                    if let Some(s) = props.get(k) {
                        prune_at(child, s, false);
                    }
                }
            } else if extra.is_object() {
                for child in m.values_mut() {
                    prune_at(child, extra, false);
                }
            } else if schema["type"] == "object"
                && !preserves(schema)
                && !top
                && extra != &Value::Bool(true)
            {
                m.clear();
            }
        }
        Value::Array(a) if schema["items"].is_object() => {
            for child in a {
                prune_at(child, &schema["items"], false);
            }
        }
        _ => {}
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_ok(v: &Value, want: &str) -> bool {
    match want {
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => v.is_number(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

/// Every error of `obj` against `schema` (the version's openAPIV3Schema).
pub fn check(obj: &Value, schema: &Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let (Some(m), Some(props)) = (obj.as_object(), schema["properties"].as_object()) {
        for (k, s) in props {
            if matches!(k.as_str(), "apiVersion" | "kind" | "metadata") {
                continue;
            }
            if let Some(v) = m.get(k) {
                check_at(v, s, k, &mut errs);
            }
        }
        required(m, schema, "", &mut errs);
    }
    errs
}

fn required(m: &Map<String, Value>, schema: &Value, at: &str, errs: &mut Vec<FieldError>) {
    for r in schema["required"].as_array().into_iter().flatten() {
        if let Some(r) = r.as_str()
            && m.get(r).is_none_or(Value::is_null)
        {
            let field = if at.is_empty() {
                r.to_string()
            } else {
                format!("{at}.{r}")
            };
            errs.push(FieldError {
                reason: "FieldValueRequired",
                field,
                body: "Required value".into(),
            });
        }
    }
}

fn check_at(v: &Value, schema: &Value, at: &str, errs: &mut Vec<FieldError>) {
    if v.is_null() && schema["nullable"] == true {
        return;
    }
    if schema["x-kubernetes-int-or-string"] == true {
        if !(v.is_string() || type_ok(v, "integer")) {
            errs.push(FieldError {
                reason: "FieldValueInvalid",
                field: at.to_string(),
                body: format!(
                    "Invalid value: {}: {at} in body must be of type integer,string: {}",
                    go_quote(type_name(v)),
                    go_quote(type_name(v))
                ),
            });
        }
        return;
    }
    if let Some(want) = schema["type"].as_str()
        && !type_ok(v, want)
    {
        errs.push(FieldError {
            reason: "FieldValueInvalid",
            field: at.to_string(),
            body: format!(
                "Invalid value: {}: {at} in body must be of type {want}: {}",
                go_quote(type_name(v)),
                go_quote(type_name(v))
            ),
        });
        return;
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(v)
    {
        let list: Vec<String> = allowed.iter().map(|a| a.to_string()).collect();
        errs.push(FieldError {
            reason: "FieldValueNotSupported",
            field: at.to_string(),
            body: format!(
                "Unsupported value: {v}: supported values: {}",
                list.join(", ")
            ),
        });
    }
    match v {
        Value::Object(m) => {
            if let Some(props) = schema["properties"].as_object() {
                for (k, s) in props {
                    if let Some(child) = m.get(k) {
                        check_at(child, s, &format!("{at}.{k}"), errs);
                    }
                }
            } else if schema["additionalProperties"].is_object() {
                for (k, child) in m {
                    check_at(
                        child,
                        &schema["additionalProperties"],
                        &format!("{at}.{k}"),
                        errs,
                    );
                }
            }
            required(m, schema, at, errs);
        }
        Value::Array(a) if schema["items"].is_object() => {
            for (i, child) in a.iter().enumerate() {
                check_at(child, &schema["items"], &format!("{at}[{i}]"), errs);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({"type": "object", "properties": {
            "spec": {"type": "object", "required": ["secretName"], "properties": {
                "secretName": {"type": "string"},
                "replicas": {"type": "integer"},
                "mode": {"type": "string", "enum": ["a", "b"]},
                "port": {"x-kubernetes-int-or-string": true},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}},
            "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}})
    }

    #[test]
    fn types_required_and_enums_with_real_messages() {
        let obj =
            json!({"spec": {"replicas": "three", "mode": "c", "port": true, "labels": {"a": 1}}});
        let errs = check(&obj, &schema());
        let text: Vec<String> = errs
            .iter()
            .map(|e| format!("{}: {}", e.field, e.body))
            .collect();
        assert!(text.contains(&r#"spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string""#.to_string()), "{text:?}");
        assert!(
            text.contains(
                &r#"spec.mode: Unsupported value: "c": supported values: "a", "b""#.to_string()
            ),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("spec.port: Invalid value")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("spec.labels.a: Invalid value")),
            "{text:?}"
        );
        assert!(
            text.contains(&"spec.secretName: Required value".to_string()),
            "{text:?}"
        );
        assert!(
            check(
                &json!({"spec": {"secretName": "x", "replicas": 2, "port": "http"}}),
                &schema()
            )
            .is_empty()
        );
    }

    #[test]
    fn unknown_fields_are_pruned_unless_preserved() {
        let mut obj = json!({"apiVersion": "x/v1", "kind": "X", "metadata": {"name": "a"}, "junk": 1,
            "spec": {"secretName": "s", "nope": true, "free": {"any": {"thing": 1}}},
            "status": {"whatever": [1]}});
        prune(&mut obj, &schema());
        assert_eq!(
            obj,
            json!({"apiVersion": "x/v1", "kind": "X", "metadata": {"name": "a"},
            "spec": {"secretName": "s", "free": {"any": {"thing": 1}}}, "status": {"whatever": [1]}})
        );
    }
}
