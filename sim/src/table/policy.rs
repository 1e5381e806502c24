//! `printPodDisruptionBudget`, `printHorizontalPodAutoscaler` (with
//! `formatHPAMetrics`) and `printControllerRevision`.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::format::{NONE, creation_age, quantity_text};
use super::json_access::{arr_at, at, int_at, int_of, name_of, opt_int_at, str_at};

/// An IntOrString as `intstr.String()` prints it; `N/A` when unset.
fn int_or_string(v: Option<&Value>) -> String {
    match v {
        None => "N/A".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => int_of(other).map_or_else(|| other.to_string(), |n| n.to_string()),
    }
}

pub(super) fn pdb_cells(pdb: &Value, now: DateTime<Utc>) -> Vec<Value> {
    vec![
        json!(name_of(pdb)),
        json!(int_or_string(at(pdb, &["spec", "minAvailable"]))),
        json!(int_or_string(at(pdb, &["spec", "maxUnavailable"]))),
        json!(int_at(pdb, &["status", "disruptionsAllowed"])),
        json!(creation_age(pdb, now)),
    ]
}

pub(super) fn hpa_cells(hpa: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let reference = format!(
        "{}/{}",
        str_at(hpa, &["spec", "scaleTargetRef", "kind"]),
        str_at(hpa, &["spec", "scaleTargetRef", "name"])
    );
    let min_pods = opt_int_at(hpa, &["spec", "minReplicas"])
        .map_or_else(|| "<unset>".to_string(), |n| n.to_string());
    vec![
        json!(name_of(hpa)),
        json!(reference),
        json!(hpa_metrics(
            arr_at(hpa, &["spec", "metrics"]),
            arr_at(hpa, &["status", "currentMetrics"])
        )),
        json!(min_pods),
        json!(int_at(hpa, &["spec", "maxReplicas"])),
        json!(int_at(hpa, &["status", "currentReplicas"])),
        json!(creation_age(hpa, now)),
    ]
}

/// A quantity at `path`, canonical (`<unknown>` handling is the caller's).
fn qty(v: &Value, path: &[&str]) -> String {
    quantity_text(at(v, path))
}

/// One metric's `current/target`, as `formatHPAMetrics` writes it.
fn metric_text(spec: &Value, status: Option<&Value>) -> String {
    const UNKNOWN: &str = "<unknown>";
    let kind = str_at(spec, &["type"]);
    // The status entry of the same index, if it has this type's block.
    let field = match kind {
        "External" => "external",
        "Pods" => "pods",
        "Object" => "object",
        "Resource" => "resource",
        "ContainerResource" => "containerResource",
        _ => return "<unknown type>".to_string(),
    };
    let cur = status.and_then(|s| at(s, &[field]));
    let target = |k: &str| at(spec, &[field, "target", k]);
    let current_of = |k: &str| {
        cur.and_then(|c| at(c, &["current", k]))
            .map_or_else(|| UNKNOWN.to_string(), |v| quantity_text(Some(v)))
    };
    match kind {
        "External" | "Object" if target("averageValue").is_some() => format!(
            "{}/{} (avg)",
            current_of("averageValue"),
            qty(spec, &[field, "target", "averageValue"])
        ),
        "External" | "Object" => {
            // The real printer reads Current.Value whenever the status is there.
            let current = cur.map_or_else(
                || UNKNOWN.to_string(),
                |c| quantity_text(at(c, &["current", "value"])),
            );
            format!("{current}/{}", qty(spec, &[field, "target", "value"]))
        }
        "Pods" => {
            let current = cur.map_or_else(
                || UNKNOWN.to_string(),
                |c| quantity_text(at(c, &["current", "averageValue"])),
            );
            format!(
                "{current}/{}",
                qty(spec, &[field, "target", "averageValue"])
            )
        }
        _ => {
            let name = str_at(spec, &[field, "name"]);
            if target("averageValue").is_some() {
                let current = cur.map_or_else(
                    || UNKNOWN.to_string(),
                    |c| quantity_text(at(c, &["current", "averageValue"])),
                );
                format!(
                    "{name}: {current}/{}",
                    qty(spec, &[field, "target", "averageValue"])
                )
            } else {
                let current = cur
                    .and_then(|c| opt_int_at(c, &["current", "averageUtilization"]))
                    .map_or_else(|| UNKNOWN.to_string(), |u| format!("{u}%"));
                let goal = opt_int_at(spec, &[field, "target", "averageUtilization"])
                    .map_or_else(|| "<auto>".to_string(), |u| format!("{u}%"));
                format!("{name}: {current}/{goal}")
            }
        }
    }
}

/// `formatHPAMetrics`: at most two metrics, then `+ N more...`.
fn hpa_metrics(specs: &[Value], statuses: &[Value]) -> String {
    if specs.is_empty() {
        return NONE.to_string();
    }
    let list: Vec<String> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| metric_text(s, statuses.get(i)))
        .collect();
    const MAX: usize = 2;
    if list.len() > MAX {
        format!("{} + {} more...", list[..MAX].join(", "), list.len() - MAX)
    } else {
        list.join(", ")
    }
}

/// `printControllerRevision`: the controller as `kind.group/name`.
pub(super) fn controller_revision_cells(cr: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let controller = arr_at(cr, &["metadata", "ownerReferences"])
        .iter()
        .find(|r| r["controller"] == true)
        .map_or_else(
            || NONE.to_string(),
            |r| {
                let api_version = str_at(r, &["apiVersion"]);
                let group = api_version.split_once('/').map_or("", |(g, _)| g);
                let kind = str_at(r, &["kind"]);
                let gk = if group.is_empty() {
                    kind.to_string()
                } else {
                    format!("{kind}.{group}")
                };
                format!("{}/{}", gk.to_lowercase(), str_at(r, &["name"]))
            },
        );
    vec![
        json!(name_of(cr)),
        json!(controller),
        json!(int_at(cr, &["revision"])),
        json!(creation_age(cr, now)),
    ]
}
