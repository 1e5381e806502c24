//! The alerts view's cells (its columns are `columns::ALERTS`).

use chrono::{DateTime, Utc};

use super::{Cell, SortKey, Tone};
use crate::app::alerts::{Alert, Severity};
use crate::kube::rows;

fn text(t: String, tone: Tone) -> Cell {
    Cell {
        key: SortKey::Text(t.clone()),
        text: t,
        tone,
    }
}

/// One alert's cells: CLUSTER, SEVERITY, RULE, OBJECT, SINCE, MESSAGE.
pub fn alert(a: &Alert, cluster: &str, production: bool, now: DateTime<Utc>) -> Vec<Cell> {
    let tone = match a.severity {
        Severity::Critical => Tone::Error,
        Severity::Warning => Tone::Warning,
    };
    let cluster_tone = if production {
        Tone::Error
    } else {
        Tone::Normal
    };
    vec![
        text(cluster.to_string(), cluster_tone),
        Cell {
            text: a.severity.name().into(),
            tone,
            key: SortKey::Num(a.severity as i64),
        },
        text(a.rule.into(), tone),
        text(a.object(), Tone::Normal),
        Cell {
            text: a
                .since
                .map_or_else(|| "-".into(), |t| rows::age(Some(t), now)),
            tone: Tone::Normal,
            // Oldest first when sorted ascending.
            key: SortKey::Num(a.since.map_or(i64::MAX, |t| t.timestamp())),
        },
        text(a.message.clone(), Tone::Normal),
    ]
}
