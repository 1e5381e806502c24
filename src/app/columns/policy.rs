//! Resource quotas (a usage bar per resource) and limit ranges.

use chrono::{DateTime, Utc};

use super::{Cell, SortKey, Tone, age, name, t, text, whole};
use crate::kube::rows;

pub const RESOURCE_QUOTAS: &[super::Column] = &[
    name("NAME"),
    whole("RESOURCE"),
    whole("USED"),
    whole("HARD"),
    text("USAGE"),
];

pub const LIMIT_RANGES: &[super::Column] = &[name("NAME"), text("LIMITS"), whole("AGE")];

/// One line per quota: the tightest resource first.
pub fn quota(r: &rows::QuotaRow) -> Vec<Cell> {
    let worst = r
        .items
        .iter()
        .max_by(|a, b| a.ratio.unwrap_or(0.0).total_cmp(&b.ratio.unwrap_or(0.0)));
    match worst {
        Some(w) => vec![
            t(&r.meta.name),
            t(&w.resource),
            t(&w.used),
            t(&w.hard),
            quota_bar(&r.items),
        ],
        None => vec![t(&r.meta.name), t(""), t(""), t(""), t("<none>")],
    }
}

pub fn limitrange(r: &rows::LimitRangeRow, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        t(&r.meta.name),
        t(r.items.join("; ")),
        age(r.meta.created, now),
    ]
}

/// `cpu 95% ███████▌ | pods 40% ███` for every resource, tightest first.
fn quota_bar(items: &[rows::QuotaItem]) -> Cell {
    let mut sorted: Vec<&rows::QuotaItem> = items.iter().collect();
    sorted.sort_by(|a, b| b.ratio.unwrap_or(0.0).total_cmp(&a.ratio.unwrap_or(0.0)));
    let worst = sorted.first().and_then(|i| i.ratio).unwrap_or(0.0);
    let parts: Vec<String> = sorted
        .iter()
        .map(|i| match i.ratio {
            Some(r) => {
                let filled = ((r.min(1.0)) * 10.0).round() as usize;
                format!(
                    "{} {:>3.0}% {}{}",
                    i.resource,
                    r * 100.0,
                    "█".repeat(filled),
                    "░".repeat(10 - filled)
                )
            }
            None => format!("{} {}/{}", i.resource, i.used, i.hard),
        })
        .collect();
    let tn = if worst >= 1.0 {
        Tone::Error
    } else if worst >= 0.9 {
        Tone::Warning
    } else {
        Tone::Normal
    };
    Cell {
        text: parts.join("  "),
        tone: tn,
        key: SortKey::Num((worst * 10000.0) as i64),
    }
}
