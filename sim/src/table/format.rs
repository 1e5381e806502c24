//! Shared cell formats: durations and ages, counts, container lists,
//! labels, label selectors and quantities as the real printers show them.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::json_access::{arr_at, parse_time, str_at, time_at};
use crate::quantity;
use crate::selector::{self, LabelSelector};

pub(super) const NONE: &str = "<none>";
pub(super) const UNKNOWN: &str = "<unknown>";
pub(super) const UNSET: &str = "<unset>";
/// Go's zero `time.Time`, as the default table prints a missing timestamp.
pub(super) const GO_ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// Kubernetes' `duration.HumanDuration` (k8s.io/apimachinery/pkg/util/duration):
/// about two significant figures, e.g. `45s`, `5m30s`, `12m`, `3h20m`, `2d4h`.
/// A duration of -2s or less is `<invalid>`; a smaller negative one is `0s`
/// (clock skew between machines).
pub fn human_duration(d: chrono::Duration) -> String {
    // Whole seconds, truncated toward zero like Go's int(d.Seconds()).
    let seconds = d.num_seconds();
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    if seconds < 0 {
        return "0s".to_string();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    let days = hours / 24;
    if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{days}d");
        }
        return format!("{days}d{h}h");
    }
    if hours < 24 * 365 * 2 {
        return format!("{days}d");
    }
    let years = days / 365;
    if hours < 24 * 365 * 8 {
        let dy = days % 365;
        if dy == 0 {
            return format!("{years}y");
        }
        return format!("{years}y{dy}d");
    }
    format!("{years}y")
}

/// kubectl's `translateTimestampSince`: `<unknown>` for a missing (or zero, or
/// unparseable) timestamp, else `human_duration(now - ts)`.
pub fn age(ts: Option<&str>, now: DateTime<Utc>) -> String {
    since(ts.and_then(parse_time), now)
}

pub(super) fn since(ts: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match ts {
        Some(t) => human_duration(now.signed_duration_since(t)),
        None => UNKNOWN.to_string(),
    }
}

pub(super) fn creation_age(obj: &Value, now: DateTime<Utc>) -> String {
    since(time_at(obj, &["metadata", "creationTimestamp"]), now)
}

/// A usize count as a JSON integer cell.
pub(super) fn count(n: usize) -> Value {
    json!(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A label value as a string (a user may have put a number there).
pub(super) fn label_text(v: &Value) -> String {
    if v.is_null() {
        String::new()
    } else {
        selector::label_text(v)
    }
}

// ---------------------------------------------------------------------------
// Shared cell formats
// ---------------------------------------------------------------------------

/// `layoutContainerCells`: container names and images, comma-joined.
pub(super) fn container_cells(obj: &Value, spec_path: &[&str]) -> (String, String) {
    let mut path: Vec<&str> = spec_path.to_vec();
    path.push("containers");
    let containers = arr_at(obj, &path);
    let names: Vec<&str> = containers.iter().map(|c| str_at(c, &["name"])).collect();
    let images: Vec<&str> = containers.iter().map(|c| str_at(c, &["image"])).collect();
    (names.join(","), images.join(","))
}

/// `labels.FormatLabels`: `k=v` pairs sorted, comma-joined, `<none>` if empty.
pub(super) fn format_labels(labels: Option<&Map<String, Value>>) -> String {
    let mut pairs: Vec<String> = labels
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", label_text(v)))
                .collect()
        })
        .unwrap_or_default();
    pairs.sort();
    if pairs.is_empty() {
        NONE.to_string()
    } else {
        pairs.join(",")
    }
}

/// `metav1.LabelSelectorAsSelector(sel).String()`: `None` when the selector is
/// invalid. A missing selector selects nothing and an empty one everything;
/// both print as the empty string.
pub(super) fn label_selector_string(sel: Option<&Value>) -> Option<String> {
    LabelSelector::from_json(sel.unwrap_or(&Value::Null))
        .ok()
        .map(|s| s.to_string_with_duplicates())
}

/// `metav1.FormatLabelSelector`: `<none>` when empty, `<error>` when invalid.
pub(super) fn format_label_selector(sel: Option<&Value>) -> String {
    match label_selector_string(sel) {
        None => "<error>".to_string(),
        Some(s) if s.is_empty() => NONE.to_string(),
        Some(s) => s,
    }
}

/// A quantity as the real server prints it: canonical, `0` when missing, and
/// the raw text when it cannot be parsed.
pub(super) fn quantity_text(v: Option<&Value>) -> String {
    let raw = match v {
        None | Some(Value::Null) => return "0".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    quantity::canonical(&raw).unwrap_or(raw)
}

pub(super) fn non_empty_or<'a>(s: &'a str, fallback: &'a str) -> &'a str {
    if s.is_empty() { fallback } else { s }
}
