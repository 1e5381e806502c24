//! The three PATCH content types of the Kubernetes API:
//! JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge
//! patch for the built-in kinds.

mod strategic;
#[cfg(test)]
mod tests;

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
        Value::Object(map) => strategic::merge_map(map, patch),
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
