//! `printResourceQuota`.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::format::{creation_age, quantity_text};
use super::json_access::{map_at, name_of};

pub(super) fn quota_cells(quota: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let mut request: Vec<String> = Vec::new();
    let mut limit: Vec<String> = Vec::new();
    if let Some(hard) = map_at(quota, &["status", "hard"]) {
        let used = map_at(quota, &["status", "used"]);
        let mut names: Vec<&String> = hard.keys().collect();
        names.sort();
        for name in names {
            let entry = format!(
                "{name}: {}/{}",
                quantity_text(used.and_then(|u| u.get(name.as_str()))),
                quantity_text(hard.get(name.as_str())),
            );
            match name.split_once('.') {
                Some(("limits", _)) => limit.push(entry),
                _ => request.push(entry),
            }
        }
    }
    vec![
        json!(name_of(quota)),
        json!(request.join(", ")),
        json!(limit.join(", ")),
        json!(creation_age(quota, now)),
    ]
}
