//! Resource quotas and limit ranges.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{LimitRange, LimitRangeItem, ResourceQuota};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::{Meta, meta, quantity_value};

#[derive(Debug, Clone, PartialEq)]
pub struct QuotaItem {
    pub resource: String,
    /// `status.used[resource]`, `0` when not reported yet.
    pub used: String,
    pub hard: String,
    /// used/hard as a fraction when both parse as quantities (and hard is
    /// positive), else None
    pub ratio: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuotaRow {
    pub meta: Meta,
    /// One item per hard limit, sorted by resource name.
    pub items: Vec<QuotaItem>,
}

/// `used / hard` when both are quantities and `hard > 0`.
pub fn quota_ratio(used: &str, hard: &str) -> Option<f64> {
    let u = quantity_value(used)?;
    let h = quantity_value(hard)?;
    (h > 0.0).then(|| u / h)
}

/// Projects a resource quota. Items come from `status.hard` like kubectl; a
/// quota the controller has not reconciled yet falls back to `spec.hard`.
pub fn quota_row(q: &ResourceQuota) -> QuotaRow {
    let st = q.status.as_ref();
    let hard = st
        .and_then(|s| s.hard.as_ref())
        .filter(|h| !h.is_empty())
        .or_else(|| q.spec.as_ref().and_then(|s| s.hard.as_ref()));
    let used = st.and_then(|s| s.used.as_ref());
    // BTreeMap iteration is already sorted by resource name.
    let items = hard
        .map(|hard| {
            hard.iter()
                .map(|(resource, h)| {
                    let used = used
                        .and_then(|u| u.get(resource))
                        .map_or_else(|| "0".to_string(), |q| q.0.clone());
                    QuotaItem {
                        resource: resource.clone(),
                        ratio: quota_ratio(&used, &h.0),
                        used,
                        hard: h.0.clone(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    QuotaRow {
        meta: meta(&q.metadata),
        items,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LimitRangeRow {
    pub meta: Meta,
    /// One line per (limit type, resource), e.g.
    /// `Container cpu: min 10m, max 4, default 500m, defaultRequest 100m`.
    pub items: Vec<String>,
}

fn limit_lines(item: &LimitRangeItem, out: &mut Vec<String>) {
    let fields: [(&str, Option<&BTreeMap<String, Quantity>>); 5] = [
        ("min", item.min.as_ref()),
        ("max", item.max.as_ref()),
        ("default", item.default.as_ref()),
        ("defaultRequest", item.default_request.as_ref()),
        (
            "maxLimitRequestRatio",
            item.max_limit_request_ratio.as_ref(),
        ),
    ];
    let resources: BTreeSet<&String> = fields
        .iter()
        .filter_map(|(_, m)| *m)
        .flat_map(|m| m.keys())
        .collect();
    let prefix = if item.type_.is_empty() {
        String::new()
    } else {
        format!("{} ", item.type_)
    };
    if resources.is_empty() {
        out.push(item.type_.clone());
        return;
    }
    for resource in resources {
        let parts: Vec<String> = fields
            .iter()
            .filter_map(|(label, m)| m.and_then(|m| m.get(resource)).map(|q| (label, q)))
            .map(|(label, q)| format!("{label} {}", q.0))
            .collect();
        out.push(format!("{prefix}{resource}: {}", parts.join(", ")));
    }
}

/// Projects a limit range.
pub fn limitrange_row(l: &LimitRange) -> LimitRangeRow {
    let mut items = Vec::new();
    for item in l.spec.as_ref().map_or(&[][..], |s| s.limits.as_slice()) {
        limit_lines(item, &mut items);
    }
    LimitRangeRow {
        meta: meta(&l.metadata),
        items,
    }
}
