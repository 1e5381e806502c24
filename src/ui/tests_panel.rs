//! Render tests of the node panel: readable at 80×24 in every theme, its
//! history as sparkline cells that grow as samples arrive, gaps shown.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::metrics::panel::NodePanel;
use crate::app::metrics::panels::Panel;
use crate::app::msg::Msg;
use crate::app::state::{Overlay, State};
use crate::app::update::update;
use crate::app::view::View;
use crate::config::theme::Theme;
use crate::kube::kind::Kind;
use crate::kube::metrics::{Answer, MetricsError, NodeSample, PodSample, Usage};
use crate::kube::rows::{self, Resources};
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange};
use crate::testkit::{self, t0};

fn state() -> State {
    let clusters = vec![testkit::cluster(
        "prod-eu",
        ClusterStatus::Connected {
            version: "v1.36.2".into(),
        },
    )];
    let mut s = testkit::state(View::Kind(Kind::Nodes), clusters, t0());
    let mut node = testkit::node("node-1", "4", "16Gi");
    node.conditions = vec![
        rows::NodeCondition {
            kind: "Ready".into(),
            status: "True".into(),
            since: Some(t0() - chrono::Duration::hours(3)),
        },
        rows::NodeCondition {
            kind: "DiskPressure".into(),
            status: "True".into(),
            since: Some(t0() - chrono::Duration::minutes(4)),
        },
    ]
    .into();
    node.taint_list = vec!["node.kubernetes.io/disk-pressure:NoSchedule".to_string()].into();
    let pod = |name: &str| {
        Row::Pod(Box::new(rows::PodRow {
            resources: Resources {
                cpu_request_m: 1000,
                cpu_limit_m: 2000,
                mem_request_kib: 4 << 20,
                mem_limit_kib: 8 << 20,
            },
            ..testkit::pod(testkit::meta("shop", name, &[], Some(t0())), "Running", 0)
        }))
    };
    for (kind, rows) in [
        (Kind::Nodes, vec![Row::Node(Box::new(node))]),
        (
            Kind::Pods,
            vec![
                pod("web-1"),
                pod("hungry-reconciliation-worker-7d9f8c6b5-x2k4q"),
            ],
        ),
    ] {
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Rows {
                cluster: 0,
                kind,
                change: RowChange::Replace(rows),
            }),
        );
    }
    if let Some(c) = s.caches.get_mut(&(0, Kind::Pods)) {
        c.synced = true;
    }
    s.overlays
        .push(Overlay::Panel(Box::new(Panel::Node(NodePanel {
            cluster: 0,
            name: "node-1".into(),
        }))));
    s
}

fn sample(s: &mut State, secs: i64, cpu: u32) {
    s.now = t0() + chrono::Duration::seconds(secs);
    let at = s.now;
    update(
        s,
        Msg::Cluster(ClusterEvent::Metrics {
            cluster: 0,
            answer: Answer::Nodes(Ok(vec![NodeSample {
                name: "node-1".into(),
                timestamp: at,
                usage: Usage {
                    cpu_m: cpu,
                    mem_kib: 6 << 20,
                },
            }])),
        }),
    );
}

fn render(s: &mut State, theme: &Theme) -> String {
    update(
        s,
        Msg::Resize {
            width: 80,
            height: 24,
        },
    );
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| super::draw(f, s, theme)).unwrap();
    testkit::buffer_text(t.backend().buffer())
}

/// The sparkline cells drawn on the line labelled `label` (bars and gaps).
fn cells(out: &str, label: &str) -> usize {
    let line = out.lines().find(|l| l.contains(label)).unwrap();
    let after = &line[line.find(label).unwrap() + label.len()..];
    after.chars().filter(|c| "▁▂▃▄▅▆▇█·".contains(*c)).count()
}

#[test]
fn the_node_panel_shows_usage_conditions_taints_top_pods_and_history() {
    for name in ["dark", "light", "mono"] {
        let theme = Theme::builtin(name).unwrap();
        let mut s = state();
        sample(&mut s, 0, 1000);
        let now = s.now;
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Metrics {
                cluster: 0,
                answer: Answer::Pods {
                    namespaces: vec!["shop".into()],
                    result: Ok(vec![
                        PodSample {
                            namespace: "shop".into(),
                            name: "hungry-reconciliation-worker-7d9f8c6b5-x2k4q".into(),
                            timestamp: now,
                            usage: Usage {
                                cpu_m: 1900,
                                mem_kib: 1 << 20,
                            },
                            containers: Vec::new(),
                        },
                        PodSample {
                            namespace: "shop".into(),
                            name: "web-1".into(),
                            timestamp: now,
                            usage: Usage {
                                cpu_m: 20,
                                mem_kib: 3 << 20,
                            },
                            containers: Vec::new(),
                        },
                    ]),
                },
            }),
        );
        let out = render(&mut s, &theme);
        assert!(out.lines().all(|l| l.chars().count() <= 80));
        for want in [
            "node/node-1 @ prod-eu",
            "schedulable",
            "1000m of 4000m 25%",
            "6.0Gi of 16.0Gi 38%",
            "requested 50%",
            "limited 100%",
            "PODS 2 of 110",
            "DiskPressure",
            "since 4m ago",
            "disk-pressure:NoSchedule",
            "TOP PODS BY CPU",
            "shop/hungry",
        ] {
            assert!(out.contains(want), "{name}: {want:?} missing\n{out}");
        }
        // Top by CPU: hungry first; by memory: web first.
        let top = out.lines().find(|l| l.contains("1900m")).unwrap();
        assert!(top.find("hungry") < top.find("web-1"), "{out}");
        // A long generated name is cut in the middle: its suffix stays.
        assert!(top.contains("…") && top.contains("-x2k4q"), "{out}");
    }
}

#[test]
fn the_history_grows_as_samples_arrive_with_a_gap_while_the_cluster_is_down() {
    let theme = Theme::builtin("mono").unwrap();
    let mut s = state();
    sample(&mut s, 0, 1000);
    let one = cells(&render(&mut s, &theme), "CPU 1h");
    sample(&mut s, 15, 2000);
    sample(&mut s, 30, 3000);
    let out = render(&mut s, &theme);
    assert_eq!(cells(&out, "CPU 1h"), one + 2, "{out}");
    // Unreachable for two scrapes: gaps, then samples again.
    s.now = t0() + chrono::Duration::seconds(45);
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Metrics {
            cluster: 0,
            answer: Answer::Nodes(Err(MetricsError::Failed("connection refused".into()))),
        }),
    );
    sample(&mut s, 75, 1000);
    let out = render(&mut s, &theme);
    let line = out.lines().find(|l| l.contains("CPU 1h")).unwrap();
    assert!(line.contains('·'), "a gap: {out}");
    assert_eq!(cells(&out, "CPU 1h"), one + 5, "{out}");
}
