//! Server-side Tables (`meta.k8s.io/v1` `Table`) decoded into lean rows:
//! the columns the server (or a CRD's `additionalPrinterColumns`) defines,
//! and per object its cells as short strings plus the metadata every row
//! keeps. The objects themselves are never asked for
//! (`includeObject=Metadata`: each row carries a `PartialObjectMetadata`).
//!
//! A Table comes from a cluster: nothing in it is trusted. Missing cells,
//! cells of unexpected types, rows without metadata, huge strings, more
//! columns than a screen holds: each is decoded to something sensible, and
//! nothing here can panic.

use std::sync::Mutex;

use serde_json::Value;

use super::rows::{Labels, Meta, Name, Owner, Uid};

/// What kdeck asks for: a Table (as kubectl does), else plain JSON.
pub const ACCEPT: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

/// The longest cell kept (characters); longer ones are cut with `…`.
pub const MAX_CELL: usize = 256;
/// The most columns kept per kind.
pub const MAX_COLUMNS: usize = 24;
/// The longest column title kept.
const MAX_TITLE: usize = 40;
/// Distinct titles interned at most (a title is `&'static str`).
const MAX_TITLES: usize = 4096;

/// A column of a generic table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableColumn {
    /// Upper-case, as kubectl prints it (`UP-TO-DATE`).
    pub title: &'static str,
    /// The server says integer or number: sorted as numbers.
    pub numeric: bool,
    /// The standard `Age` column: kdeck computes it from the creation time
    /// (it keeps ticking; the server's text would be as of the list).
    pub age: bool,
}

/// One object of a generic kind, as the table shows it: its metadata and
/// its cells (in the order of its cluster's columns), never the object.
#[derive(Debug, Clone, PartialEq)]
pub struct GenericRow {
    pub meta: Meta,
    pub cells: Box<[Box<str>]>,
    /// The cell computed from the creation time (the `Age` column).
    pub age_at: Option<u8>,
    /// The controller owner reference (a job's cronjob): what drill-downs
    /// follow. Boxed: most objects of most kinds have none.
    pub owner: Option<Owner>,
}

/// One decoded Table (a page of a list, or a watch event's one row).
#[derive(Debug, Default, PartialEq)]
pub struct Decoded {
    /// The columns shown by default (priority 0), and where their cells are.
    pub layout: Layout,
    pub rows: Vec<GenericRow>,
    /// Rows that had no usable metadata (no name): left out.
    pub skipped: usize,
    /// The list's resource version.
    pub resource_version: Option<String>,
    /// The next page's token.
    pub continue_token: Option<String>,
    /// The newest resource version among the rows' metadata.
    pub newest_row_version: Option<String>,
}

static TITLES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

/// The interned, upper-case title of a server column (bounded: a cluster
/// cannot grow this without limit).
pub fn title(name: &str) -> &'static str {
    let mut t: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_TITLE)
        .collect::<String>()
        .to_uppercase();
    if t.trim().is_empty() {
        t = "?".into();
    }
    let mut all = TITLES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(x) = all.iter().find(|x| **x == t) {
        return x;
    }
    if all.len() >= MAX_TITLES {
        return "COLUMN";
    }
    let x: &'static str = Box::leak(t.into_boxed_str());
    all.push(x);
    x
}

/// `s` cut to `max` characters, ending with `…` when cut.
pub fn cut(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(s),
        Some((i, _)) => {
            let keep = s[..i].char_indices().last().map_or(0, |(j, _)| j).min(i);
            std::borrow::Cow::Owned(format!("{}…", &s[..keep]))
        }
    }
}

/// A cell as kubectl prints it: strings as they are, numbers and booleans
/// in JSON, `<none>` for null, anything else compact JSON; cut to
/// [`MAX_CELL`].
fn cell_text(v: &Value) -> Box<str> {
    let s = match v {
        Value::String(s) => return cut(s, MAX_CELL).into(),
        Value::Null => "<none>".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    };
    cut(&s, MAX_CELL).into()
}

fn text_of(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| !s.is_empty())
}

/// The controller owner reference of an object's metadata, if any.
fn owner_of(m: &Value) -> Option<Owner> {
    let r = m["ownerReferences"]
        .as_array()?
        .iter()
        .find(|r| r["controller"].as_bool() == Some(true))?;
    Some(Owner::new(
        &cut(text_of(&r["kind"])?, 253),
        &cut(text_of(&r["name"])?, 253),
    ))
}

/// The metadata of a row's `PartialObjectMetadata` (or whole object).
fn row_meta(obj: &Value) -> Option<(Meta, Option<&str>)> {
    let m = &obj["metadata"];
    let name = text_of(&m["name"])?;
    let namespace = text_of(&m["namespace"]).unwrap_or("");
    let uid = match text_of(&m["uid"]) {
        Some(u) => Uid::new(u),
        None => Uid::new(&format!("{namespace}/{name}")),
    };
    let created = text_of(&m["creationTimestamp"])
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Utc));
    let labels: std::collections::BTreeMap<String, String> = m["labels"]
        .as_object()
        .map(|l| {
            l.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Some((
        Meta {
            namespace: Name::new(&cut(namespace, 253)),
            name: cut(name, 253).into_owned(),
            uid,
            created,
            labels: Labels::from(&labels),
        },
        text_of(&m["resourceVersion"]),
    ))
}

/// Which of a Table's columns are kept (priority 0, at most
/// [`MAX_COLUMNS`]), in order: their index among the server's cells and
/// how each is read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    keep: Vec<usize>,
    pub columns: std::sync::Arc<[TableColumn]>,
}

impl Layout {
    /// The layout of a Table's column definitions; None when it has none
    /// (watch events after the first may leave them out).
    fn of(table: &Value) -> Option<Layout> {
        let defs = table["columnDefinitions"]
            .as_array()
            .filter(|d| !d.is_empty())?;
        let mut keep = Vec::new();
        let mut out = Vec::new();
        for (i, c) in defs.iter().enumerate() {
            if c["priority"].as_i64().unwrap_or(0) != 0 || out.len() >= MAX_COLUMNS {
                continue;
            }
            let name = c["name"].as_str().unwrap_or("");
            let ty = c["type"].as_str().unwrap_or("string");
            keep.push(i);
            out.push(TableColumn {
                title: title(name),
                numeric: matches!(ty, "integer" | "number"),
                age: name.eq_ignore_ascii_case("age"),
            });
        }
        Some(Layout {
            keep,
            columns: out.into(),
        })
    }

    /// Columns for objects that did not come as a Table (a server that
    /// does not serve Tables for this resource): NAME and AGE.
    fn plain() -> Layout {
        Layout {
            keep: Vec::new(),
            columns: vec![
                TableColumn {
                    title: title("Name"),
                    numeric: false,
                    age: false,
                },
                TableColumn {
                    title: title("Age"),
                    numeric: false,
                    age: true,
                },
            ]
            .into(),
        }
    }
}

/// One decoded Table (a list page or one watch event's object). `prev`
/// is the layout of the Tables before it (used when this one has no
/// column definitions). A plain list or object (not a Table) gives NAME
/// and AGE from its metadata.
pub fn decode(v: &Value, prev: Option<&Layout>) -> Decoded {
    let mut out = Decoded {
        resource_version: text_of(&v["metadata"]["resourceVersion"]).map(str::to_string),
        continue_token: text_of(&v["metadata"]["continue"]).map(str::to_string),
        ..Decoded::default()
    };
    if v["kind"] != "Table" {
        out.layout = Layout::plain();
        let single = std::slice::from_ref(v);
        let items = match v["items"].as_array() {
            Some(items) => items.as_slice(),
            None if v["metadata"]["name"].is_string() => {
                out.resource_version = None;
                out.continue_token = None;
                single
            }
            None => &[],
        };
        for o in items {
            match row_meta(o) {
                Some((meta, rv)) => {
                    if let Some(rv) = rv {
                        out.newest_row_version = Some(rv.to_string());
                    }
                    let cells = Box::new([cut(&meta.name, MAX_CELL).into(), Box::from("")]);
                    out.rows.push(GenericRow {
                        meta,
                        cells,
                        age_at: Some(1),
                        owner: owner_of(&o["metadata"]),
                    });
                }
                None => out.skipped += 1,
            }
        }
        return out;
    }
    out.layout = Layout::of(v).or_else(|| prev.cloned()).unwrap_or_default();
    for row in v["rows"].as_array().map(Vec::as_slice).unwrap_or_default() {
        let Some((meta, rv)) = row_meta(&row["object"]) else {
            out.skipped += 1;
            continue;
        };
        if let Some(rv) = rv {
            out.newest_row_version = Some(rv.to_string());
        }
        let cells = row["cells"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        // The age is computed from the creation time when shown (it keeps
        // ticking); the server's text is as of the list.
        let age_at = out
            .layout
            .columns
            .iter()
            .position(|c| c.age)
            .filter(|_| meta.created.is_some())
            .and_then(|i| u8::try_from(i).ok());
        let cells: Box<[Box<str>]> = out
            .layout
            .keep
            .iter()
            .enumerate()
            .map(|(j, &i)| match cells.get(i) {
                _ if age_at == u8::try_from(j).ok() => Box::from(""),
                Some(v) => cell_text(v),
                None => Box::from(""),
            })
            .collect();
        out.rows.push(GenericRow {
            meta,
            cells,
            age_at,
            owner: owner_of(&row["object"]["metadata"]),
        });
    }
    out
}

#[cfg(test)]
mod tests;
