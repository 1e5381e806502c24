//! Tables of custom resources, as the apiextensions server builds them
//! from a version's `additionalPrinterColumns`: Name first, then each
//! column (an `Age` column on `.metadata.creationTimestamp` when none are
//! declared); a path that does not resolve is a null cell (kubectl prints
//! it empty), a `date` is an age, `integer`/`number`/`boolean` cells keep
//! their JSON type, `string` cells are the value as JSONPath prints it.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::jsonpath::{self, Path};
use crate::table::columns::{DESC_CREATION, DESC_NAME};
use crate::table::{IncludeObject, human_duration, partial_object_metadata};

struct Column {
    def: Value,
    kind: String,
    path: Path,
}

fn columns_of(crd: &Value, version: &str) -> Vec<Column> {
    let declared = super::version(crd, version)
        .and_then(|v| v["additionalPrinterColumns"].as_array())
        .filter(|a| !a.is_empty());
    let default = [
        json!({"name": "Age", "type": "date", "description": DESC_CREATION,
        "jsonPath": ".metadata.creationTimestamp"}),
    ];
    let cols: &[Value] = declared.map_or(&default[..], Vec::as_slice);
    // A path that does not parse ends the columns there, as the real
    // server's table convertor stops at it (and logs "invalid printer
    // specification"): the columns before it are kept.
    cols.iter()
        .map_while(|c| {
            let path = Path::parse(c["jsonPath"].as_str().unwrap_or("")).ok()?;
            let kind = c["type"].as_str().unwrap_or("string").to_string();
            let json_path = c["jsonPath"].as_str().unwrap_or("");
            let description = match c["description"].as_str().unwrap_or("") {
                "" => {
                    format!("Custom resource definition column (in JSONPath format): {json_path}")
                }
                d => d.to_string(),
            };
            Some(Column {
                def: json!({
                    "name": c["name"].as_str().unwrap_or(""),
                    "type": kind,
                    "format": c["format"].as_str().unwrap_or(""),
                    "description": description,
                    "priority": c["priority"].as_i64().unwrap_or(0),
                }),
                kind,
                path,
            })
        })
        .collect()
}

/// `cellForJSONValue`, and the string column's JSONPath text.
fn cell(kind: &str, v: &Value, now: DateTime<Utc>) -> Value {
    match kind {
        "string" => json!(jsonpath::text(v)),
        "integer" => match v {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().map(|f| f as i64))
                .map_or(Value::Null, |i| json!(i)),
            _ => Value::Null,
        },
        "number" => v.as_f64().map_or(Value::Null, |f| json!(f)),
        "boolean" => v.as_bool().map_or(Value::Null, |b| json!(b)),
        "date" => match v.as_str() {
            Some(s) => match DateTime::parse_from_rfc3339(s) {
                Ok(t) => json!(human_duration(now - t.with_timezone(&Utc))),
                Err(_) => json!("<invalid>"),
            },
            None => Value::Null,
        },
        _ => Value::Null,
    }
}

/// The Table of `objs`, custom resources of `crd` read at `version`.
pub fn table(
    crd: &Value,
    version: &str,
    objs: &[&Value],
    resource_version: &str,
    now: DateTime<Utc>,
    include: IncludeObject,
) -> Value {
    let cols = columns_of(crd, version);
    let mut defs = vec![json!({"name": "Name", "type": "string", "format": "name",
        "description": DESC_NAME, "priority": 0})];
    defs.extend(cols.iter().map(|c| c.def.clone()));
    let rows: Vec<Value> = objs
        .iter()
        .map(|obj| {
            let mut cells = vec![json!(crate::meta::name(obj))];
            cells.extend(cols.iter().map(|c| match c.path.first(obj) {
                Some(v) => cell(&c.kind, v, now),
                None => Value::Null,
            }));
            let mut row = Map::new();
            row.insert("cells".into(), Value::Array(cells));
            match include {
                IncludeObject::None => {}
                IncludeObject::Metadata => {
                    row.insert("object".into(), partial_object_metadata(obj));
                }
                IncludeObject::Object => {
                    row.insert("object".into(), (*obj).clone());
                }
            }
            Value::Object(row)
        })
        .collect();
    let mut metadata = Map::new();
    if !resource_version.is_empty() {
        metadata.insert("resourceVersion".into(), json!(resource_version));
    }
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": metadata,
        "columnDefinitions": defs,
        "rows": rows,
    })
}
