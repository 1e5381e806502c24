//! Pure formatting helpers shared by the rows and the tables: ages and
//! durations as kubectl prints them, quantities, labels, and the time
//! conversions from k8s-openapi's timestamps.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, Time};

use super::NONE;

fn jiff_to_chrono(t: k8s_openapi::jiff::Timestamp) -> Option<DateTime<Utc>> {
    const NANOS: i128 = 1_000_000_000;
    let n = t.as_nanosecond();
    let secs = i64::try_from(n.div_euclid(NANOS)).ok()?;
    let sub = u32::try_from(n.rem_euclid(NANOS)).ok()?;
    DateTime::from_timestamp(secs, sub)
}

pub(super) fn time(t: &Time) -> Option<DateTime<Utc>> {
    jiff_to_chrono(t.0)
}

pub(super) fn micro_time(t: &MicroTime) -> Option<DateTime<Utc>> {
    jiff_to_chrono(t.0)
}

pub(super) fn later(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// kubectl's `labels.FormatLabels`: `k=v,k2=v2` sorted by key, `<none>` when
/// empty.
pub fn format_labels(labels: &BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return NONE.to_string();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// How far in the future a timestamp may be and still read as "just now":
/// the server's clock and this machine's always differ a little.
pub const CLOCK_SKEW: TimeDelta = TimeDelta::minutes(2);

/// kubectl's AGE column: `HumanDuration(now - since)`, `<unknown>` when the
/// timestamp is absent. A time less than [`CLOCK_SKEW`] ahead of `now` is
/// `0s` (kubectl says `<invalid>` beyond one second).
pub fn age(since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match since {
        Some(t) => {
            let d = now.signed_duration_since(t);
            if d < TimeDelta::zero() && -d < CLOCK_SKEW {
                return "0s".to_string();
            }
            human_duration(d)
        }
        None => "<unknown>".to_string(),
    }
}

/// kubectl's `duration.HumanDuration`: `<invalid>` for more than a second in
/// the future, then `Ns` (< 2m), `XmYs` (< 10m), `Xm` (< 3h), `XhYm` (< 8h),
/// `Xh` (< 48h), `XdYh` (< 8d), `Xd` (< 2y), `XyYd` (< 8y), `Xy`. A zero
/// second part is omitted (`5m`, not `5m0s`).
pub fn human_duration(d: TimeDelta) -> String {
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
    if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{h}h", hours / 24);
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{dy}d", hours / 24 / 365);
    }
    format!("{}y", hours / 24 / 365)
}

/// kubectl's RESTARTS column: `5 (3m ago)` when there were restarts and the
/// last one is known, else just the count.
pub fn restarts(n: u32, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match last {
        Some(t) if n != 0 => format!("{n} ({} ago)", age(Some(t), now)),
        _ => n.to_string(),
    }
}

/// Parses a Kubernetes quantity (`250m`, `1.5`, `128Mi`, `2Gi`, `1k`, `1e3`,
/// `12345n`, `-1`) into base units (cores for cpu, bytes for memory, plain
/// counts otherwise). `None` when the text is not a quantity.
pub fn quantity_value(s: &str) -> Option<f64> {
    let s = s.trim();
    let (sign, rest) = if let Some(r) = s.strip_prefix('-') {
        (-1.0, r)
    } else if let Some(r) = s.strip_prefix('+') {
        (1.0, r)
    } else {
        (1.0, s)
    };
    let split = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(split);
    if !number.bytes().any(|b| b.is_ascii_digit()) || number.matches('.').count() > 1 {
        return None;
    }
    let base: f64 = number.parse().ok()?;
    let multiplier = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        "Pi" => 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0,
        "Ei" => 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0,
        other => {
            let exp = other
                .strip_prefix('e')
                .or_else(|| other.strip_prefix('E'))?;
            let digits = exp
                .strip_prefix('-')
                .or_else(|| exp.strip_prefix('+'))
                .unwrap_or(exp);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let e: i32 = exp.parse().ok()?;
            10f64.powi(e)
        }
    };
    let v = sign * base * multiplier;
    v.is_finite().then_some(v)
}
