//! The fleet pulse at 3 clusters × 20,000 pods (100 nodes each with an
//! hour of metrics history, 40 quotas): the cost of counting everything
//! afresh (after a re-list), of catching up with 100 pod changes, of a
//! frame's refresh when nothing changed, of one whole frame (refresh and
//! draw at 200×50); the heap the aggregates hold; and one frame of a
//! 100-cluster fleet (a frame's `derive::refresh` includes the alerts'
//! recount when rows changed, which is not the pulse's: measured apart).
//!
//! Run with `cargo bench --bench pulse` (figures are printed; nothing
//! about speed is asserted).

// Test and benchmark code may unwrap and panic: a failure there is a
// failed test (shipped code may not: see [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use kdeck::app::derive::refresh;
use kdeck::app::msg::Msg;
use kdeck::app::pulse::{self, Pulse};
use kdeck::app::state::State;
use kdeck::app::update::update;
use kdeck::app::view::View;
use kdeck::config::theme::Theme;
use kdeck::kube::kind::Kind;
use kdeck::kube::metrics::{Answer, NodeSample, Usage};
use kdeck::kube::rows::{QuotaItem, QuotaRow};
use kdeck::kube::{ClusterEvent, ClusterStatus, Row, RowChange};
use kdeck::testkit::{self, meta};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[global_allocator]
static ALLOC: common::Counting = common::Counting;

const PHASES: [(&str, &str); 5] = [
    ("Running", "Running"),
    ("Running", "CrashLoopBackOff"),
    ("Pending", "ContainerCreating"),
    ("Succeeded", "Completed"),
    ("Failed", "Error"),
];

fn pod(i: usize, phase: usize) -> Row {
    let (ph, status) = PHASES[phase % PHASES.len()];
    let mut p = testkit::pod(
        meta(
            &format!("tenant-{}", i % 40),
            &format!("web-{i:05}-7d9f8c6b5-x2k4q"),
            &[],
            None,
        ),
        status,
        0,
    );
    p.phase = ph.into();
    Row::Pod(Box::new(p))
}

fn rows(s: &mut State, cluster: usize, kind: Kind, change: RowChange) {
    update(
        s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster,
            kind,
            change,
        }),
    );
}

/// A fleet of `clusters` × `pods` pods and `nodes` nodes with an hour of
/// node metrics, showing the pulse.
fn fleet(clusters: usize, pods: usize, nodes: usize, now: DateTime<Utc>) -> State {
    let names: Vec<_> = (0..clusters)
        .map(|i| {
            testkit::cluster(
                &if i % 10 == 0 {
                    format!("prod-{i:03}")
                } else {
                    format!("c-{i:03}")
                },
                ClusterStatus::Connected {
                    version: "v1.36.2".into(),
                },
            )
        })
        .collect();
    let mut s = testkit::state(View::Pulse, names, now - Duration::hours(1));
    for c in 0..clusters {
        rows(
            &mut s,
            c,
            Kind::Pods,
            RowChange::Replace((0..pods).map(|i| pod(i, i)).collect()),
        );
        rows(
            &mut s,
            c,
            Kind::Nodes,
            RowChange::Replace(
                (0..nodes)
                    .map(|i| {
                        Row::Node(Box::new(testkit::node(
                            &format!("node-{i:03}"),
                            "16",
                            "64Gi",
                        )))
                    })
                    .collect(),
            ),
        );
        rows(
            &mut s,
            c,
            Kind::ResourceQuotas,
            RowChange::Replace(
                (0..40)
                    .map(|i| {
                        Row::Quota(Box::new(QuotaRow {
                            meta: meta(&format!("tenant-{i}"), "compute", &[], None),
                            items: vec![QuotaItem {
                                resource: "limits.memory".into(),
                                used: format!("{}Gi", 60 + i),
                                hard: "100Gi".into(),
                                ratio: None,
                            }],
                        }))
                    })
                    .collect(),
            ),
        );
    }
    // An hour of node metrics, every 15 s.
    for step in 0..240 {
        s.now = now - Duration::hours(1) + Duration::seconds(step * 15);
        for c in 0..clusters {
            let samples = (0..nodes)
                .map(|i| NodeSample {
                    name: format!("node-{i:03}"),
                    timestamp: s.now,
                    usage: Usage {
                        cpu_m: 4000 + (step as u32 * 37 + i as u32) % 8000,
                        mem_kib: 30 << 20,
                    },
                })
                .collect();
            update(
                &mut s,
                Msg::Cluster(ClusterEvent::Metrics {
                    cluster: c,
                    answer: Answer::Nodes(Ok(samples)),
                }),
            );
        }
    }
    s.now = now;
    s.message = None;
    s
}

/// 10 pods of each of the 100 clusters change (round `k`).
fn change_each(s: &mut State, k: usize) {
    for c in 0..100 {
        let changed = (0..10).map(|i| pod((k * 10 + i) % 300, k + i)).collect();
        rows(s, c, Kind::Pods, RowChange::Upsert(changed));
    }
}

fn frame(s: &mut State, t: &mut Terminal<TestBackend>, theme: &Theme) {
    refresh(s);
    t.draw(|f| kdeck::ui::draw(f, s, theme)).unwrap();
}

fn bench(c: &mut Criterion) {
    let now = Utc::now();
    let mut s = fleet(3, 20_000, 100, now);
    update(
        &mut s,
        Msg::Resize {
            width: 200,
            height: 50,
        },
    );
    // The heap the aggregates hold once everything is counted.
    s.pulse = Pulse::default();
    let before = common::live();
    refresh(&mut s);
    let held = common::live() - before;
    eprintln!(
        "pulse aggregates for 3 clusters × 20,000 pods, 100 nodes, 40 quotas: {} bytes \
         ({} rows counted)",
        held, s.pulse.counted
    );

    let mut g = c.benchmark_group("pulse");
    g.sample_size(20);
    g.bench_function("count 3 × 20,000 pods afresh (after a re-list)", |b| {
        b.iter_custom(|iters| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iters {
                s.pulse = Pulse::default();
                let t = Instant::now();
                pulse::refresh(&mut s);
                spent += t.elapsed();
            }
            spent
        })
    });
    refresh(&mut s);
    let mut k = 0usize;
    g.bench_function("catch up with 100 pod changes", |b| {
        b.iter_custom(|iters| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iters {
                k += 1;
                let changed = (0..100)
                    .map(|i| pod((k * 100 + i) % 20_000, k + i))
                    .collect();
                rows(&mut s, k % 3, Kind::Pods, RowChange::Upsert(changed));
                let t = Instant::now();
                pulse::refresh(&mut s);
                spent += t.elapsed();
            }
            spent
        })
    });
    refresh(&mut s);
    g.bench_function("refresh with nothing changed", |b| {
        b.iter(|| pulse::refresh(&mut s))
    });
    let theme = Theme::default();
    let mut t = Terminal::new(TestBackend::new(200, 50)).unwrap();
    g.bench_function(
        "one frame of the pulse (refresh, draw 200×50), 3 × 20,000 pods",
        |b| b.iter(|| frame(&mut s, &mut t, &theme)),
    );
    drop(s);
    let mut big = fleet(100, 300, 10, now);
    update(
        &mut big,
        Msg::Resize {
            width: 200,
            height: 50,
        },
    );
    refresh(&mut big);
    g.bench_function("one frame of the pulse, 100 clusters × 300 pods", |b| {
        b.iter(|| frame(&mut big, &mut t, &theme))
    });
    g.bench_function(
        "pulse::refresh alone, 100 clusters, 10 pods changed in each",
        |b| {
            let mut k = 1_000usize;
            b.iter_custom(|iters| {
                let mut spent = std::time::Duration::ZERO;
                for _ in 0..iters {
                    k += 1;
                    for c in 0..100 {
                        let changed = (0..10).map(|i| pod((k * 10 + i) % 300, k + i)).collect();
                        rows(&mut big, c, Kind::Pods, RowChange::Upsert(changed));
                    }
                    let t0 = Instant::now();
                    pulse::refresh(&mut big);
                    spent += t0.elapsed();
                }
                spent
            })
        },
    );
    g.bench_function("one frame, 100 clusters, 10 pods changed in each", |b| {
        let mut k = 0usize;
        b.iter_custom(|iters| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iters {
                k += 1;
                change_each(&mut big, k);
                let t0 = Instant::now();
                frame(&mut big, &mut t, &theme);
                spent += t0.elapsed();
            }
            spent
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
