//! The metrics store: the heap it holds at 3 clusters × 20,000 pods (every
//! pod polled, two containers each, the most pod history rings and panel
//! series in use, 100 nodes a cluster with an hour of history), what
//! per-container history for more pods would hold, and the cost of taking
//! in one poll's answer (all pods of a cluster, with a pod panel open; all
//! its nodes).
//!
//! Run with `cargo bench --bench metrics` (figures are printed; nothing
//! about speed is asserted).

// Test and benchmark code may unwrap and panic: a failure there is a
// failed test (shipped code may not: see [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::HashSet;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use kdeck::app::metrics::ring::Ring;
use kdeck::app::metrics::store::{
    ClusterMetrics, MAX_PANEL_SERIES, MAX_POD_RINGS, PanelWant, WantPod, pod_key,
};
use kdeck::config::MetricsSettings;
use kdeck::kube::metrics::{ContainerSample, NodeSample, PodSample, Usage};

#[global_allocator]
static ALLOC: common::Counting = common::Counting;

const PODS: usize = 20_000;
const NODES: usize = 100;
const CLUSTERS: usize = 3;

fn at(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).unwrap()
}

fn pods(t: i64) -> Vec<PodSample> {
    (0..PODS)
        .map(|i| PodSample {
            namespace: format!("tenant-{}", i % 40),
            name: format!("web-{:05}-7d9f8c6b5-x2k4q", i),
            timestamp: at(t),
            usage: Usage {
                cpu_m: (i % 900) as u32 + 1,
                mem_kib: ((i % 500) as u32 + 16) << 10,
            },
            containers: ["app", "istio-proxy"]
                .iter()
                .map(|c| ContainerSample {
                    name: (*c).to_string(),
                    usage: Usage {
                        cpu_m: (i % 450) as u32 + 1,
                        mem_kib: ((i % 250) as u32 + 8) << 10,
                    },
                })
                .collect(),
        })
        .collect()
}

/// Panels wanting the containers of `n` pods of `answer` (two each).
fn want(answer: &[PodSample], n: usize) -> PanelWant {
    PanelWant {
        pods: answer
            .iter()
            .take(n)
            .map(|p| WantPod {
                namespace: p.namespace.clone(),
                name: p.name.clone(),
                containers: vec!["app".into(), "istio-proxy".into()],
            })
            .collect(),
        workloads: Vec::new(),
    }
}

fn nodes(t: i64) -> Vec<NodeSample> {
    (0..NODES)
        .map(|i| NodeSample {
            name: format!("node-{i:03}.eu-west-1.compute.internal"),
            timestamp: at(t),
            usage: Usage {
                cpu_m: 1000 + i as u32,
                mem_kib: 8 << 20,
            },
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let settings = MetricsSettings::default();
    let (cap, step) = (settings.capacity(), settings.step());
    let answer = pods(0);
    let follow: HashSet<u64> = answer
        .iter()
        .take(MAX_POD_RINGS)
        .map(|p| pod_key(&p.namespace, &p.name))
        .collect();
    let node_answer = nodes(0);

    // Every panel series in use (the pool's bound; one pod panel wants
    // two).
    let full = want(&answer, MAX_PANEL_SERIES / 2);
    let before = common::live();
    let mut store: Vec<ClusterMetrics> = (0..CLUSTERS).map(|_| ClusterMetrics::default()).collect();
    for m in &mut store {
        m.nodes_answered(Ok(node_answer.clone()), at(0), cap, step);
        m.panels_answered(&[], &answer, &full, at(0), (cap, step));
        m.pods_answered(&[], Ok(answer.clone()), &follow, cap, step);
    }
    let after = common::live();
    let held = after - before;
    eprintln!(
        "metrics store: {CLUSTERS} clusters × {PODS} pods, {NODES} nodes each, \
         {MAX_POD_RINGS} pod rings each, {cap} slots a ring: {:.2} MiB ({} bytes per pod)",
        held as f64 / 1048576.0,
        held / (CLUSTERS * PODS) as isize
    );
    assert!(store.iter().all(|m| m.pods_known() == PODS));
    drop(store);
    // What per-container history would hold kept for more pods: a ring
    // (measured) per container.
    let before = common::live();
    let ring = Ring::new(cap);
    let one = (common::live() - before) as f64 + std::mem::size_of::<Ring>() as f64;
    drop(ring);
    let mib = |rings: usize| rings as f64 * one / 1048576.0;
    eprintln!(
        "per-container rings ({one} bytes each), 2 containers a pod, 3 clusters: \
         for every pod polled {:.1} MiB; for the {MAX_POD_RINGS} pods on screen {:.2} MiB; \
         for the open panels (at most {MAX_PANEL_SERIES} a cluster) {:.2} MiB",
        mib(CLUSTERS * PODS * 2),
        mib(CLUSTERS * MAX_POD_RINGS * 2),
        mib(CLUSTERS * MAX_PANEL_SERIES),
    );

    let mut g = c.benchmark_group("metrics");
    g.sample_size(20);
    let mut m = ClusterMetrics::default();
    m.pods_answered(&[], Ok(answer.clone()), &follow, cap, step);
    let mut t = 0;
    g.bench_function("one pod poll of 20,000 pods taken in", |b| {
        b.iter_batched(
            || {
                t += 15;
                pods(t)
            },
            |a| m.pods_answered(&[], Ok(a), &follow, cap, step),
            criterion::BatchSize::LargeInput,
        )
    });
    let panel = want(&answer, 1);
    let mut t = 0;
    g.bench_function(
        "one pod poll of 20,000 pods taken in, a pod panel open",
        |b| {
            b.iter_batched(
                || {
                    t += 15;
                    pods(t)
                },
                |a| {
                    let now = a[0].timestamp;
                    m.panels_answered(&[], &a, &panel, now, (cap, step));
                    m.pods_answered(&[], Ok(a), &follow, cap, step)
                },
                criterion::BatchSize::LargeInput,
            )
        },
    );
    let mut n = ClusterMetrics::default();
    let mut t = 0;
    g.bench_function("one node poll of 100 nodes taken in", |b| {
        b.iter_batched(
            || {
                t += 15;
                nodes(t)
            },
            |a| {
                let now = a[0].timestamp;
                n.nodes_answered(Ok(a), now, cap, step)
            },
            criterion::BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
