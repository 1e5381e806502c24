//! Describe of a generic kind (any resource kdeck has no section for):
//! its top-level fields (a configmap's `data`, a secret's `type`), its
//! spec and status as indented YAML cut to a screenful each, its
//! conditions; and the hiding of a secret's values.
//!
//! A secret's values (`data`, `stringData`, and the copy kubectl keeps in
//! the `last-applied-configuration` annotation) are replaced by
//! `<hidden: N bytes>` in describe and YAML unless the user revealed this
//! one secret (`reveal`); they are never logged.

use base64::Engine;
use serde_json::Value;

use super::{Out, conditions};

/// Lines of one section's YAML shown at most (the YAML view has it all).
const SECTION_LINES: usize = 60;

/// The annotation in which `kubectl apply` keeps the whole object.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// The length in bytes of a base64 value (as stored in `data`).
fn decoded_len(b64: &str) -> usize {
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_or(b64.len(), |b| b.len())
}

fn hidden(n: usize) -> Value {
    Value::String(format!("<hidden: {n} bytes>"))
}

/// Replaces a secret's values by `<hidden: N bytes>`.
pub fn hide_secret(obj: &mut Value) {
    if let Some(data) = obj.get_mut("data").and_then(Value::as_object_mut) {
        for v in data.values_mut() {
            let n = v.as_str().map_or(0, decoded_len);
            *v = hidden(n);
        }
    }
    if let Some(data) = obj.get_mut("stringData").and_then(Value::as_object_mut) {
        for v in data.values_mut() {
            let n = v.as_str().map_or(0, str::len);
            *v = hidden(n);
        }
    }
    if let Some(a) = obj
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
        && let Some(v) = a.get_mut(LAST_APPLIED)
    {
        let n = v.as_str().map_or(0, str::len);
        *v = hidden(n);
    }
}

/// A YAML block under `title`, indented, cut to [`SECTION_LINES`].
fn yaml_section(o: &mut Out, title: &str, v: &Value) {
    let text = serde_saphyr::to_string(v).unwrap_or_default();
    let total = text.lines().count();
    if v.is_object() || v.is_array() {
        o.line(format!("{title}:"));
        for l in text.lines().take(SECTION_LINES) {
            o.line(format!("  {l}"));
        }
        if total > SECTION_LINES {
            o.line(format!(
                "  … {} more lines (y: the whole YAML)",
                total - SECTION_LINES
            ));
        }
    } else {
        o.kv(0, title, text.trim_end());
    }
}

/// A field name as a title (`binaryData` → `BinaryData`).
fn title(k: &str) -> String {
    let mut c = k.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A secret's data as `kubectl describe secret` prints it: each key with
/// its size; the values themselves only when revealed.
fn secret(o: &mut Out, obj: &Value, reveal: bool) {
    o.kv(0, "Type", super::s(&obj["type"]));
    o.line("");
    o.line("Data");
    o.line("====");
    let Some(data) = obj["data"].as_object() else {
        return;
    };
    for (k, v) in data {
        let b64 = v.as_str().unwrap_or("");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap_or_default();
        if !reveal {
            o.line(format!("{k}:  {} bytes", bytes.len()));
            continue;
        }
        match String::from_utf8(bytes) {
            Ok(text) if text.lines().count() <= 1 => o.line(format!("{k}:  {text}")),
            Ok(text) => {
                o.line(format!("{k}:"));
                for l in text.lines() {
                    o.line(format!("  {l}"));
                }
            }
            Err(e) => o.line(format!("{k}:  <binary: {} bytes>", e.as_bytes().len())),
        }
    }
}

pub(super) fn render(o: &mut Out, obj: &Value, is_secret: bool, reveal: bool) {
    if is_secret {
        secret(o, obj, reveal);
        return;
    }
    let Some(fields) = obj.as_object() else {
        return;
    };
    for (k, v) in fields {
        if matches!(k.as_str(), "apiVersion" | "kind" | "metadata" | "status") {
            continue;
        }
        yaml_section(o, &title(k), v);
    }
    if let Some(status) = obj.get("status") {
        let mut rest = status.clone();
        if let Some(m) = rest.as_object_mut() {
            m.remove("conditions");
        }
        if rest.as_object().is_some_and(|m| !m.is_empty()) {
            yaml_section(o, "Status", &rest);
        }
        conditions(o, status);
    }
}
