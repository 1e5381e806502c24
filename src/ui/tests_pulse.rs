//! Render tests of the pulse: a row per cluster, production first, with
//! its nodes, usage and history, pods by phase, warnings per minute and
//! quota pressure; at 80×24 and 200×50 in every theme.

use chrono::Duration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::msg::Msg;
use crate::app::state::State;
use crate::app::update::update;
use crate::app::view::View;
use crate::config::theme::Theme;
use crate::kube::kind::Kind;
use crate::kube::metrics::{Answer, MetricsError, NodeSample, Usage};
use crate::kube::rows::{QuotaItem, QuotaRow};
use crate::kube::{ClusterEvent, ClusterStatus, Row, WarningChange, WarningSeen};
use crate::testkit::{self, feed, meta, t0};

fn pod(name: &str, phase: &str, status: &str) -> Row {
    let mut p = testkit::pod(meta("shop", name, &[], Some(t0())), status, 0);
    p.phase = phase.into();
    Row::Pod(Box::new(p))
}

fn nodes(s: &mut State, c: usize, secs: i64, cpu: u32) {
    s.now = t0() + Duration::seconds(secs);
    let samples = ["n1", "n2"]
        .iter()
        .map(|n| NodeSample {
            name: (*n).into(),
            timestamp: s.now,
            usage: Usage {
                cpu_m: cpu,
                mem_kib: 4 << 20,
            },
        })
        .collect();
    update(
        s,
        Msg::Cluster(ClusterEvent::Metrics {
            cluster: c,
            answer: Answer::Nodes(Ok(samples)),
        }),
    );
}

/// Three clusters: staging (busy, a quota at 95 %), prod-eu (a node
/// unreachable, a gap in its history), dev unreachable and without
/// metrics-server.
fn state() -> State {
    let up = |n: &str| {
        testkit::cluster(
            n,
            ClusterStatus::Connected {
                version: "v1.36.2".into(),
            },
        )
    };
    let mut down = up("dev");
    down.status = ClusterStatus::Unreachable {
        cause: "connection refused".into(),
    };
    let mut s = testkit::state(View::Pulse, vec![up("staging"), up("prod-eu"), down], t0());
    for c in 0..3 {
        let mut n2 = testkit::node("n2", "4", "16Gi");
        if c == 1 {
            n2.ready = false;
            n2.conditions[0].status = "Unknown".into();
        }
        feed(
            &mut s,
            c,
            Kind::Nodes,
            vec![
                Row::Node(Box::new(testkit::node("n1", "4", "16Gi"))),
                Row::Node(Box::new(n2)),
            ],
        );
        feed(
            &mut s,
            c,
            Kind::Pods,
            vec![
                pod("a", "Running", "Running"),
                pod("b", "Running", "CrashLoopBackOff"),
                pod("c", "Pending", "Pending"),
                pod("d", "Succeeded", "Completed"),
            ],
        );
    }
    feed(
        &mut s,
        0,
        Kind::ResourceQuotas,
        vec![Row::Quota(Box::new(QuotaRow {
            meta: meta("tenant-a", "compute", &[], None),
            items: vec![QuotaItem {
                resource: "limits.memory".into(),
                used: "95Gi".into(),
                hard: "100Gi".into(),
                ratio: None,
            }],
        }))],
    );
    // Metrics: staging busy, prod-eu unreachable for a while in between,
    // dev without metrics-server.
    for i in 0..40 {
        nodes(&mut s, 0, i * 15, 3000);
        if !(10..20).contains(&i) {
            nodes(&mut s, 1, i * 15, 400);
        } else {
            update(
                &mut s,
                Msg::Cluster(ClusterEvent::Metrics {
                    cluster: 1,
                    answer: Answer::Nodes(Err(MetricsError::Failed("refused".into()))),
                }),
            );
        }
    }
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Metrics {
            cluster: 2,
            answer: Answer::Nodes(Err(MetricsError::NotServed(
                "metrics-server is not installed".into(),
            ))),
        }),
    );
    s.clusters[2].status_since = Some(s.now - Duration::minutes(4));
    s.message = None;
    // Warnings on staging: 3 in the last minute.
    let now = s.now;
    for c in [0, 1] {
        update(&mut s, Msg::Tick(now));
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Warnings {
                cluster: c,
                change: WarningChange::Listing,
            }),
        );
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Warnings {
                cluster: c,
                change: WarningChange::Listed,
            }),
        );
    }
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Warnings {
            cluster: 0,
            change: WarningChange::Seen(vec![WarningSeen {
                key: 7,
                count: 3,
                at: Some(now),
            }]),
        }),
    );
    s
}

fn draw(
    s: &mut State,
    theme: &Theme,
    width: u16,
    height: u16,
) -> (String, ratatui::buffer::Buffer) {
    update(s, Msg::Resize { width, height });
    update(s, Msg::Tick(s.now));
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| super::draw(f, s, theme)).unwrap();
    let buf = t.backend().buffer().clone();
    (testkit::buffer_text(&buf), buf)
}

/// The table row of cluster `name`.
fn line<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no row for {name}:\n{out}"))
}

#[test]
fn the_pulse_at_200_by_50_shows_every_column_with_histories_in_every_theme() {
    for name in ["dark", "light", "mono"] {
        let theme = Theme::builtin(name).unwrap();
        let mut s = state();
        let (out, _) = draw(&mut s, &theme, 200, 50);
        for title in [
            "CLUSTER",
            "STATUS",
            "NODES",
            "NOT READY",
            "CPU",
            "CPU 1H",
            "MEM",
            "MEM 1H",
            "RUN",
            "PEND",
            "FAIL",
            "SUCCEEDED",
            "UNHEALTHY",
            "WARN/MIN",
            "WARN 1H",
            "QUOTA ≥90%",
        ] {
            assert!(out.contains(title), "{name}: {title} missing\n{out}");
        }
        assert!(out.contains(" pulse 1/3 "), "{out}");
        assert!(out.contains("6 nodes, 12 pods (9 unhealthy)"), "{out}");
        // Production first.
        let at = |n: &str| {
            out.lines()
                .position(|l| l.starts_with(&format!("{n} ")))
                .unwrap()
        };
        assert!(
            at("prod-eu") < at("staging") && at("staging") < at("dev"),
            "{out}"
        );
        let staging = line(&out, "staging");
        // 2 × 3000m of 8000m; 2 × 4Gi of 32Gi.
        for want in ["2/2", "75%", "25%", "1 · tenant-a 95% limits.memory", "█"] {
            assert!(staging.contains(want), "{name}: staging {want:?}\n{out}");
        }
        // Pods by phase: 2 running, 1 pending, 0 failed, 1 succeeded, 3
        // unhealthy; 3 warnings in the last minute.
        let cols: Vec<&str> = staging.split_whitespace().collect();
        let i = cols.iter().position(|c| *c == "75%").unwrap();
        let after: Vec<&str> = cols[i..]
            .iter()
            .copied()
            .filter(|c| c.parse::<u32>().is_ok())
            .take(6)
            .collect();
        assert_eq!(after, ["2", "1", "0", "1", "3", "3"], "{out}");
        let prod = line(&out, "prod-eu");
        assert!(
            prod.contains("1/2") && prod.contains("1 (1 unreachable)"),
            "{out}"
        );
        // Its history has the gap while it was unreachable.
        assert!(prod.contains('·'), "{out}");
        let dev = line(&out, "dev");
        assert!(
            dev.contains("unreachable 4m") && dev.contains("n/a"),
            "{out}"
        );
    }
}

#[test]
fn the_pulse_at_80_by_24_keeps_the_counts_and_drops_the_histories_in_every_theme() {
    for name in ["dark", "light", "mono"] {
        let theme = Theme::builtin(name).unwrap();
        let mut s = state();
        let (out, _) = draw(&mut s, &theme, 80, 24);
        assert!(out.lines().all(|l| l.chars().count() <= 80));
        for title in [
            "CLUSTER", "STATUS", "NODES", "CPU", "MEM", "RUN", "PEND", "FAIL",
        ] {
            assert!(out.contains(title), "{name}: {title} missing\n{out}");
        }
        assert!(!out.contains("CPU 1H"), "{out}");
        let staging = line(&out, "staging");
        assert!(staging.contains("2/2") && staging.contains("75%"), "{out}");
        assert!(line(&out, "prod-eu").contains("1/2"), "{out}");
        assert!(line(&out, "dev").contains("unreachable"), "{out}");
    }
}

#[test]
fn in_mono_the_saturated_share_and_the_production_cluster_stand_out_without_colour() {
    let theme = Theme::builtin("mono").unwrap();
    let mut s = state();
    s.metrics.settings.warn = 70;
    let (out, buf) = draw(&mut s, &theme, 200, 50);
    for (y, l) in out.lines().enumerate() {
        for (x, _) in l.chars().enumerate() {
            let c = &buf[(x as u16, y as u16)];
            assert!(
                c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset,
                "colour at {x},{y} in mono:\n{out}"
            );
        }
    }
    let y = out.lines().position(|l| l.starts_with("staging ")).unwrap();
    let row = out.lines().nth(y).unwrap();
    let x = row[..row.find("75%").unwrap()].chars().count();
    let cell = &buf[(x as u16, y as u16)];
    assert!(
        !cell.modifier.is_empty() || cell.bg != ratatui::style::Color::Reset,
        "75% (warning) stands out in mono:\n{out}"
    );
}
