//! A generic kind's table (any resource kdeck has no projection for) at
//! 20,000 objects: the heap the row cache holds per row (the server's
//! cells as short strings and the metadata: no objects), and the cost of
//! decoding a page of 250 rows of a server-side Table. The Tables are the
//! sim's own (`kdeck_sim::table`: kubectl's columns for configmaps, with
//! `includeObject=Metadata`), the objects configmaps as generated clusters
//! hold them. Run with `cargo bench --bench generic`.

// Test and benchmark code may unwrap and panic: a failure there is a
// failed test (shipped code may not: see [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use kdeck::app::derive::refresh;
use kdeck::app::msg::Msg;
use kdeck::app::update::update;
use kdeck::app::view::View;
use kdeck::kube::kind::{Kind, Res};
use kdeck::kube::{ClusterEvent, ClusterStatus, Row, RowChange, table};
use kdeck::testkit;
use kdeck_sim::table::IncludeObject;
use serde_json::{Value, json};

#[global_allocator]
static ALLOC: common::Counting = common::Counting;

const OBJECTS: usize = 20_000;
const PAGE: usize = 250;

/// A configmap as a generated cluster holds one (two keys of data, labels,
/// a generated uid).
fn configmap(i: usize) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": format!("service-{i:05}-config"), "namespace": format!("team-{:02}", i % 40),
            "uid": format!("5f0c1a2e-{:04x}-4b6e-9c1d-{:012x}", i % 65536, i),
            "resourceVersion": format!("{}", 1000 + i), "creationTimestamp": "2026-11-01T10:00:00Z",
            "labels": {"app": format!("service-{}", i % 500), "team": format!("team-{:02}", i % 40)},
            "managedFields": [{"manager": "kubectl", "operation": "Apply"}]},
        "data": {"config.yaml": "x".repeat(400), "LOG_LEVEL": "info"}})
}

/// The server's Table pages for `objs`.
fn pages(objs: &[Value]) -> Vec<Value> {
    objs.chunks(PAGE)
        .map(|c| {
            let refs: Vec<&Value> = c.iter().collect();
            kdeck_sim::table::table(
                "",
                "configmaps",
                &refs,
                "1",
                chrono::Utc::now(),
                IncludeObject::Metadata,
            )
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let kind = Kind::Generic(Res::intern("", "v1", "configmaps", "ConfigMap", true));
    let objs: Vec<Value> = (0..OBJECTS).map(configmap).collect();
    let pages = pages(&objs);
    drop(objs);
    let decoded: Vec<table::Decoded> = pages.iter().map(|p| table::decode(p, None)).collect();
    let columns = decoded[0].layout.columns.clone();
    let rows: Vec<Row> = decoded
        .into_iter()
        .flat_map(|d| d.rows)
        .map(|r| Row::Generic(Box::new(r)))
        .collect();
    let n = rows.len();
    let titles: Vec<&str> = columns.iter().map(|c| c.title).collect();

    let clusters = vec![testkit::cluster(
        "prod-eu",
        ClusterStatus::Connected {
            version: "v1.36.2".into(),
        },
    )];
    let mut s = testkit::state(View::Kind(kind), clusters, chrono::Utc::now());
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Columns {
            cluster: 0,
            kind,
            columns,
        }),
    );
    // Memory: the live heap the cache holds for these rows (the rows,
    // cloned in the window as a watch hands them over, the filter's
    // search text, the map).
    let before = common::live();
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind,
            change: RowChange::Replace(rows.clone()),
        }),
    );
    let after = common::live();
    eprintln!(
        "generic row cache ({}): {n} configmaps hold {:.1} MiB, {} bytes per row",
        titles.join(" "),
        (after - before) as f64 / 1048576.0,
        (after - before) / n as isize
    );
    refresh(&mut s);
    eprintln!("rows shown: {}", s.view.rows.len());

    let mut g = c.benchmark_group("generic");
    g.sample_size(20);
    g.bench_function("decode a Table page of 250 rows", |b| {
        b.iter(|| table::decode(&pages[0], None).rows.len())
    });
    g.bench_function("re-sort 20k generic rows by DATA", |b| {
        b.iter(|| {
            s.view.sort = (Some("DATA"), false);
            s.view.stale = true;
            refresh(&mut s);
            s.view.rows.len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
