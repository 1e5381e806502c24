//! Kinds without a section of their own (services, namespaces, limit
//! ranges): their spec and status as indented YAML.

use serde_json::Value;

use super::Out;

pub(super) fn render(o: &mut Out, obj: &Value) {
    for (title, v) in [("Spec", &obj["spec"]), ("Status", &obj["status"])] {
        if v.is_object() {
            o.line(format!("{title}:"));
            for l in serde_saphyr::to_string(v).unwrap_or_default().lines() {
                o.line(format!("  {l}"));
            }
        }
    }
}
