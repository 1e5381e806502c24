//! The `:can` view's cells (its columns are `columns::CAN`).

use super::{Cell, SortKey, Tone};
use crate::app::can::CanRow;
use crate::kube::rules::Allowed;

fn text(t: String, tone: Tone) -> Cell {
    Cell {
        key: SortKey::Text(t.clone()),
        text: t,
        tone,
    }
}

/// A verb's cell: `✓` for every object, `some` for named objects only,
/// `·` for no.
fn verb(a: &Allowed) -> Cell {
    let (t, tone, k) = match a {
        Allowed::All => ("✓", Tone::Ok, 2),
        Allowed::Named(_) => ("some", Tone::Warning, 1),
        Allowed::No => ("·", Tone::Dim, 0),
    };
    Cell {
        text: t.into(),
        tone,
        key: SortKey::Num(k),
    }
}

/// One row's cells: CLUSTER, NAMESPACE, RESOURCE, the verbs, NOTE (the
/// names a verb is limited to, or why the row says nothing).
pub fn row(r: &CanRow, cluster: &str, production: bool) -> Vec<Cell> {
    let mut v = vec![
        text(
            cluster.to_string(),
            if production {
                Tone::Error
            } else {
                Tone::Normal
            },
        ),
        text(r.namespace.clone(), Tone::Normal),
        text(r.resource.clone(), Tone::Normal),
    ];
    let mut notes: Vec<String> = Vec::new();
    for (i, name) in crate::app::can::VERBS.iter().enumerate() {
        match r.verbs.get(i) {
            Some(a) => {
                if let Allowed::Named(names) = a {
                    notes.push(format!("{name}: {}", names.join(", ")));
                }
                v.push(verb(a));
            }
            None => v.push(text("?".into(), Tone::Dim)),
        }
    }
    if !r.note.is_empty() {
        notes.push(r.note.clone());
    }
    let tone = if r.verbs.is_empty() {
        Tone::Error
    } else {
        Tone::Normal
    };
    v.push(text(notes.join("; "), tone));
    v
}
