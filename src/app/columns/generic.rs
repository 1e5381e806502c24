//! The columns of a generic kind (any resource kdeck has no projection
//! for): those of the servers' Tables, merged across clusters by title
//! (a cluster serving another version may have other columns: each row's
//! cells are put in the merged order when they arrive).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Cell, Column, Key, SortKey, Tone, age, age_key, key_text, name, text, whole};
use crate::kube::table::{GenericRow, TableColumn};

/// A generic kind's columns across clusters.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct GenericColumns {
    /// The merged columns, in the order first seen.
    pub columns: Vec<Column>,
    /// Per cluster, the columns its Tables have, and where each goes among
    /// the merged ones (None while they are the merged ones' start).
    of: HashMap<usize, Placement>,
}

/// A cluster's columns, and where each goes among the merged ones (None
/// while they are the merged ones' start).
type Placement = (Arc<[TableColumn]>, Option<Vec<usize>>);

fn column(c: &TableColumn) -> Column {
    match c.title {
        "NAME" => name("NAME"),
        t if c.numeric || c.age => whole(t),
        // Any other column is text, whatever its title: a CRD's string
        // column may hold a message of megabytes (cut at `MAX_CELL`), which
        // is cut to the screen, not dropped with its column. Short values
        // (`True`) are never cut: a text column keeps its width up to
        // `layout::TEXT_MIN`.
        t => text(t),
    }
}

impl GenericColumns {
    /// Cluster `cluster`'s Tables have these columns now.
    pub fn set(&mut self, cluster: usize, cols: Arc<[TableColumn]>) {
        let mut map = Vec::with_capacity(cols.len());
        for c in cols.iter() {
            let at = match self.columns.iter().position(|x| x.title == c.title) {
                Some(i) => i,
                None => {
                    self.columns.push(column(c));
                    self.columns.len() - 1
                }
            };
            map.push(at);
        }
        let identity = map.iter().enumerate().all(|(i, at)| i == *at);
        self.of.insert(cluster, (cols, (!identity).then_some(map)));
    }

    /// A row of `cluster` with its cells in the merged order.
    pub fn place(&self, cluster: usize, mut row: GenericRow) -> GenericRow {
        let Some((_, Some(map))) = self.of.get(&cluster) else {
            return row;
        };
        let n = map.iter().max().map_or(0, |m| m + 1);
        let mut cells: Vec<Box<str>> = vec![Box::from(""); n];
        for (from, to) in map.iter().enumerate() {
            if let Some(c) = row.cells.get_mut(from) {
                cells[*to] = std::mem::take(c);
            }
        }
        row.age_at = row
            .age_at
            .and_then(|a| map.get(usize::from(a)))
            .and_then(|to| u8::try_from(*to).ok());
        row.cells = cells.into();
        row
    }
}

/// A server's cell: numbers sort as numbers.
fn cell(text: &str) -> Cell {
    Cell {
        text: text.to_string(),
        tone: Tone::Normal,
        key: match text.parse::<i64>() {
            Ok(n) => SortKey::Num(n),
            Err(_) => SortKey::Text(text.to_string()),
        },
    }
}

/// The cells of a generic row (its age computed now).
pub fn cells(r: &GenericRow, now: DateTime<Utc>) -> Vec<Cell> {
    r.cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if r.age_at.is_some_and(|a| usize::from(a) == i) {
                age(r.meta.created, now)
            } else {
                cell(c)
            }
        })
        .collect()
}

/// The sort key of cell `col`, borrowed from the row.
pub fn key(r: &GenericRow, col: usize) -> Key<'_> {
    if r.age_at.is_some_and(|a| usize::from(a) == col) {
        return Key::Num(age_key(r.meta.created));
    }
    match r.cells.get(col) {
        Some(c) => match c.parse::<i64>() {
            Ok(n) => Key::Num(n),
            Err(_) => key_text(c),
        },
        None => key_text(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::rows::Meta;
    use crate::kube::table::title;

    fn col(t: &str) -> TableColumn {
        TableColumn {
            title: title(t),
            numeric: false,
            age: t == "Age",
        }
    }

    #[test]
    fn clusters_with_other_columns_are_merged_by_title() {
        let mut g = GenericColumns::default();
        g.set(0, vec![col("Name"), col("Data"), col("Age")].into());
        g.set(1, vec![col("Name"), col("Age"), col("Extra")].into());
        let titles: Vec<&str> = g.columns.iter().map(|c| c.title).collect();
        assert_eq!(titles, ["NAME", "DATA", "AGE", "EXTRA"]);
        let row = GenericRow {
            meta: Meta::default(),
            cells: vec![Box::from("a"), Box::from(""), Box::from("x")].into(),
            age_at: Some(1),
            owner: None,
        };
        let placed = g.place(1, row.clone());
        let cells: Vec<&str> = placed.cells.iter().map(|c| &**c).collect();
        assert_eq!(cells, ["a", "", "", "x"]);
        assert_eq!(placed.age_at, Some(2));
        // Cluster 0's rows are already in the merged order.
        assert_eq!(g.place(0, row.clone()), row);
    }

    #[test]
    fn numbers_sort_as_numbers_and_age_by_time() {
        let now = Utc::now();
        let row = |n: &str, mins: i64| GenericRow {
            meta: Meta {
                created: Some(now - chrono::Duration::minutes(mins)),
                ..Meta::default()
            },
            cells: vec![Box::from(n), Box::from("")].into(),
            age_at: Some(1),
            owner: None,
        };
        let (a, b) = (row("9", 5), row("10", 50));
        assert!(key(&a, 0) < key(&b, 0));
        // Ascending age is youngest first.
        assert!(key(&a, 1) < key(&b, 1));
        let c = cells(&b, now);
        assert_eq!(c[1].text, "50m");
        for (i, cell) in c.into_iter().enumerate() {
            assert_eq!(key(&b, i), Key::from(cell.key));
        }
    }
}
