//! Tolerant JSON access: objects may come from users, so every field may be
//! missing or of the wrong JSON type.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

/// The value at `path`, or `None` if any step is missing, not an object, or
/// the value is `null`.
pub(super) fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut cur = v;
    for key in path {
        cur = cur.get(*key)?;
    }
    if cur.is_null() { None } else { Some(cur) }
}

pub(super) fn str_at<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    at(v, path).and_then(Value::as_str).unwrap_or("")
}

pub(super) fn opt_str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(v, path).and_then(Value::as_str)
}

pub(super) fn int_of(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_u64().map(|u| i64::try_from(u).unwrap_or(i64::MAX)))
        .or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
}

pub(super) fn opt_int_at(v: &Value, path: &[&str]) -> Option<i64> {
    at(v, path).and_then(int_of)
}

pub(super) fn int_at(v: &Value, path: &[&str]) -> i64 {
    opt_int_at(v, path).unwrap_or(0)
}

pub(super) fn bool_at(v: &Value, path: &[&str]) -> Option<bool> {
    at(v, path).and_then(Value::as_bool)
}

pub(super) fn arr_at<'a>(v: &'a Value, path: &[&str]) -> &'a [Value] {
    at(v, path)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

pub(super) fn map_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Map<String, Value>> {
    at(v, path).and_then(Value::as_object)
}

/// The value at `path` if it is a JSON object (how Go sees a non-nil pointer).
pub(super) fn object_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    at(v, path).filter(|x| x.is_object())
}

pub(super) fn map_len(v: &Value, path: &[&str]) -> usize {
    map_at(v, path).map_or(0, Map::len)
}

pub(super) fn time_at(v: &Value, path: &[&str]) -> Option<DateTime<Utc>> {
    opt_str_at(v, path).and_then(parse_time)
}

pub(super) fn name_of(obj: &Value) -> &str {
    str_at(obj, &["metadata", "name"])
}

pub(super) fn is_deleting(obj: &Value) -> bool {
    at(obj, &["metadata", "deletionTimestamp"]).is_some()
}

/// Go's zero `time.Time` in Unix seconds.
const GO_ZERO_UNIX: i64 = -62_135_596_800;

/// Parses an RFC 3339 timestamp; Go's zero time counts as missing.
pub(super) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let t = DateTime::parse_from_rfc3339(s.trim())
        .ok()?
        .with_timezone(&Utc);
    if t.timestamp() == GO_ZERO_UNIX && t.timestamp_subsec_nanos() == 0 {
        return None;
    }
    Some(t)
}
