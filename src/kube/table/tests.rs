use serde_json::json;

use super::*;

/// A page as the real API server sends it (`table-deploy.txt`): priority 1
/// columns left out, integer cells, the Age column computed from the
/// creation time, the metadata from the row's PartialObjectMetadata.
#[test]
fn a_real_table_page() {
    let t = json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1",
        "metadata": {"resourceVersion": "26404", "continue": "tok"},
        "columnDefinitions": [
            {"name": "Name", "type": "string", "format": "name", "priority": 0},
            {"name": "Ready", "type": "string", "priority": 0},
            {"name": "Up-to-date", "type": "integer", "priority": 0},
            {"name": "Available", "type": "integer", "priority": 0},
            {"name": "Age", "type": "string", "priority": 0},
            {"name": "Containers", "type": "string", "priority": 1}],
        "rows": [{"cells": ["web", "0/5", 4, 0, "16m", "nginx"],
            "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                "metadata": {"name": "web", "namespace": "shop", "uid": "93f5", "resourceVersion": "26390",
                    "creationTimestamp": "2026-11-01T10:00:00Z", "labels": {"app": "web"},
                    "managedFields": [{"manager": "kubectl"}]}}}]});
    let d = decode(&t, None);
    let titles: Vec<&str> = d.layout.columns.iter().map(|c| c.title).collect();
    assert_eq!(titles, ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
    assert!(d.layout.columns[2].numeric && !d.layout.columns[1].numeric);
    assert!(d.layout.columns[4].age);
    assert_eq!(d.resource_version.as_deref(), Some("26404"));
    assert_eq!(d.continue_token.as_deref(), Some("tok"));
    assert_eq!(d.newest_row_version.as_deref(), Some("26390"));
    let r = &d.rows[0];
    let cells: Vec<&str> = r.cells.iter().map(|c| &**c).collect();
    assert_eq!(cells, ["web", "0/5", "4", "0", ""]);
    assert_eq!(r.age_at, Some(4));
    assert_eq!(
        (
            r.meta.namespace.as_str(),
            r.meta.name.as_str(),
            r.meta.uid.to_string().as_str()
        ),
        ("shop", "web", "93f5")
    );
    assert!(r.meta.created.is_some());
    assert_eq!(r.meta.labels.get("app"), Some("web"));
}

#[test]
fn odd_tables_decode_to_something_sensible() {
    let huge = "x".repeat(100_000);
    let t = json!({"kind": "Table",
    "columnDefinitions": [
        {"name": "Name"}, {"name": 7, "type": []}, {"name": "Age", "priority": "high"},
        {"name": "Status\u{1b}[31m", "type": "string"}],
    "rows": [
        // Missing cells, a nested object, null, a float, a boolean.
        {"cells": ["a"], "object": {"metadata": {"name": "a"}}},
        {"cells": [{"k": [1, 2]}, null, 1.5, true], "object": {"metadata": {"name": "b", "creationTimestamp": "not a time"}}},
        {"cells": [huge.clone()], "object": {"metadata": {"name": huge, "uid": 5}}},
        // No metadata: left out.
        {"cells": ["c"]},
        {"cells": "not a list", "object": {"metadata": {"name": "d"}}},
        "not a row"
    ]});
    let d = decode(&t, None);
    let titles: Vec<&str> = d.layout.columns.iter().map(|c| c.title).collect();
    assert_eq!(titles, ["NAME", "?", "AGE", "STATUS[31M"]);
    assert_eq!(d.skipped, 2);
    assert_eq!(d.rows.len(), 4);
    let cells =
        |i: usize| -> Vec<String> { d.rows[i].cells.iter().map(|c| c.to_string()).collect() };
    assert_eq!(cells(0), ["a", "", "", ""]);
    // No creation time: the server's age text is kept.
    assert_eq!(cells(1), [r#"{"k":[1,2]}"#, "<none>", "1.5", "true"]);
    assert_eq!(d.rows[1].age_at, None);
    let long = &d.rows[2].cells[0];
    assert_eq!(long.chars().count(), MAX_CELL);
    assert!(long.ends_with('…'));
    // A uid that is not a string: namespace/name stands in.
    assert!(d.rows[2].meta.uid.to_string().starts_with("/xxx"));
    assert!(d.rows[2].meta.name.chars().count() <= 253);
    assert_eq!(cells(3), ["", "", "", ""]);
    // Not a Table at all.
    for v in [
        json!(null),
        json!([1, 2]),
        json!("Table"),
        json!({"kind": "Status", "code": 500}),
    ] {
        let d = decode(&v, None);
        assert!(d.rows.is_empty(), "{v}");
    }
}

#[test]
fn many_columns_are_capped() {
    let defs: Vec<_> = (0..100).map(|i| json!({"name": format!("c{i}")})).collect();
    let cells: Vec<_> = (0..100).collect();
    let t = json!({"kind": "Table", "columnDefinitions": defs,
        "rows": [{"cells": cells, "object": {"metadata": {"name": "a"}}}]});
    let d = decode(&t, None);
    assert_eq!(d.layout.columns.len(), MAX_COLUMNS);
    assert_eq!(d.rows[0].cells.len(), MAX_COLUMNS);
}

/// Watch events after the first may come without column definitions:
/// their cells follow the columns before them.
#[test]
fn events_without_columns_use_the_previous_ones() {
    let first = json!({"kind": "Table",
        "columnDefinitions": [{"name": "Name"}, {"name": "Wide", "priority": 1}, {"name": "Data", "type": "integer"}],
        "rows": [{"cells": ["a", "w", 1], "object": {"metadata": {"name": "a", "resourceVersion": "5"}}}]});
    let d1 = decode(&first, None);
    let next = json!({"kind": "Table",
        "rows": [{"cells": ["b", "w", 2], "object": {"metadata": {"name": "b", "resourceVersion": "6"}}}]});
    let d2 = decode(&next, Some(&d1.layout));
    assert_eq!(d2.layout, d1.layout);
    let cells: Vec<&str> = d2.rows[0].cells.iter().map(|c| &**c).collect();
    assert_eq!(cells, ["b", "2"]);
    assert_eq!(d2.newest_row_version.as_deref(), Some("6"));
}

/// A server that does not serve Tables for a resource answers JSON: its
/// objects get NAME and AGE.
#[test]
fn plain_lists_and_objects_get_name_and_age() {
    let list = json!({"kind": "WidgetList", "metadata": {"resourceVersion": "9"},
        "items": [{"metadata": {"name": "w", "namespace": "n", "uid": "u", "resourceVersion": "8",
            "creationTimestamp": "2026-11-01T10:00:00Z"}}, {"spec": {}}]});
    let d = decode(&list, None);
    let titles: Vec<&str> = d.layout.columns.iter().map(|c| c.title).collect();
    assert_eq!(titles, ["NAME", "AGE"]);
    assert_eq!(d.rows.len(), 1);
    assert_eq!(d.skipped, 1);
    assert_eq!(d.rows[0].age_at, Some(1));
    assert_eq!(d.resource_version.as_deref(), Some("9"));
    let one =
        json!({"kind": "Widget", "metadata": {"name": "w", "uid": "u", "resourceVersion": "10"}});
    let d = decode(&one, None);
    assert_eq!(d.rows.len(), 1);
    assert_eq!(d.newest_row_version.as_deref(), Some("10"));
}

#[test]
fn cut_keeps_whole_characters() {
    assert_eq!(cut("abc", 3), "abc");
    assert_eq!(cut("abcd", 3), "ab…");
    assert_eq!(cut("日本語テキスト", 4), "日本語…");
}
