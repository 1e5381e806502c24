//! Render tests of the metrics columns: readable at 80×24 and wide, in
//! every theme, shares coloured at the thresholds (bold in mono).

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

use crate::app::msg::Msg;
use crate::app::state::State;
use crate::app::update::update;
use crate::app::view::View;
use crate::config::theme::Theme;
use crate::kube::kind::Kind;
use crate::kube::metrics::{Answer, PodSample, Usage};
use crate::kube::rows::{self, Resources};
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange};
use crate::testkit::{self, t0};

fn state() -> State {
    let clusters = ["prod-eu", "staging"]
        .into_iter()
        .map(|n| {
            testkit::cluster(
                n,
                ClusterStatus::Connected {
                    version: "v1.36.2".into(),
                },
            )
        })
        .collect();
    let mut s = testkit::state(View::Kind(Kind::Pods), clusters, t0());
    let limited = Resources {
        cpu_request_m: 100,
        cpu_limit_m: 200,
        mem_request_kib: 256 << 10,
        mem_limit_kib: 512 << 10,
    };
    let pod = |name: &str| {
        Row::Pod(Box::new(rows::PodRow {
            resources: limited,
            ..testkit::pod(
                testkit::meta("shop", name, &[], Some(t0() - chrono::Duration::hours(2))),
                "Running",
                0,
            )
        }))
    };
    for c in 0..2 {
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Rows {
                cluster: c,
                kind: Kind::Pods,
                change: RowChange::Replace(vec![pod("web-1"), pod("hungry-1")]),
            }),
        );
    }
    let sample = |name: &str, cpu: u32, mem: u32| PodSample {
        namespace: "shop".into(),
        name: name.into(),
        timestamp: t0(),
        usage: Usage {
            cpu_m: cpu,
            mem_kib: mem << 10,
        },
        containers: Vec::new(),
    };
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Metrics {
            cluster: 0,
            answer: Answer::Pods {
                namespaces: vec![],
                // 30 % and 95 % of the limit.
                result: Ok(vec![sample("web-1", 60, 100), sample("hungry-1", 190, 480)]),
            },
        }),
    );
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Metrics {
            cluster: 1,
            answer: Answer::Nodes(Err(crate::kube::metrics::MetricsError::NotServed(
                "metrics-server is not installed".into(),
            ))),
        }),
    );
    s
}

fn draw(s: &mut State, theme: &Theme, width: u16, height: u16) -> ratatui::buffer::Buffer {
    update(s, Msg::Resize { width, height });
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| super::draw(f, s, theme)).unwrap();
    t.backend().buffer().clone()
}

fn text(buf: &ratatui::buffer::Buffer) -> String {
    testkit::buffer_text(buf)
}

/// The style of the first cell of `needle` on the line that has `row`.
fn style_of(buf: &ratatui::buffer::Buffer, row: &str, needle: &str) -> ratatui::style::Style {
    let t = text(buf);
    let (y, line) = t
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(row) && l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {row} and {needle}:\n{t}"));
    let x = line[..line.find(needle).unwrap()].chars().count();
    buf[(x as u16, y as u16)].style()
}

#[test]
fn pods_show_usage_and_shares_coloured_at_the_thresholds_in_every_theme() {
    for name in ["dark", "light", "mono"] {
        let theme = Theme::builtin(name).unwrap();
        let mut s = state();
        // The cursor on the last row (staging's web-1), off the rows looked at.
        s.view.cursor = 3;
        let buf = draw(&mut s, &theme, 170, 24);
        let out = text(&buf);
        let header = out.lines().find(|l| l.contains("NAME")).unwrap();
        for t in ["CPU", "MEM", "%CPU/R", "%CPU/L", "%MEM/R", "%MEM/L"] {
            assert!(header.contains(t), "{name}: {t} missing\n{out}");
        }
        let hungry = out
            .lines()
            .find(|l| l.contains("prod-eu") && l.contains("hungry-1"))
            .unwrap();
        assert!(hungry.contains("190m") && hungry.contains("480Mi"), "{out}");
        assert!(hungry.contains("190%") && hungry.contains("95%"), "{out}");
        let staging = out
            .lines()
            .find(|l| l.contains("staging") && l.contains("web-1"))
            .unwrap();
        assert_eq!(staging.matches("n/a").count(), 6, "{out}");
        // Critical in the error style, warning in the warning style, calm
        // in the text style: in mono, told apart by bold and the rest.
        let critical = style_of(&buf, "hungry-1", "95%");
        let calm = style_of(&buf, "prod-eu  shop", "30%");
        if name == "mono" {
            assert!(critical.add_modifier.contains(Modifier::BOLD), "{name}");
        } else {
            assert_eq!(critical.fg, theme.error.fg, "{name}");
        }
        assert_ne!(critical, calm, "{name}: critical looks calm");
    }
}

#[test]
fn at_80_by_24_names_stay_and_the_metrics_columns_go_first() {
    let mut s = state();
    let out = text(&draw(&mut s, &Theme::builtin("mono").unwrap(), 80, 24));
    assert!(out.lines().all(|l| l.chars().count() <= 80));
    let header = out.lines().find(|l| l.contains("NAME")).unwrap();
    // CPU and MEM kept, the shares dropped before names are cut.
    assert!(header.contains("CPU") && header.contains("MEM"), "{out}");
    assert!(!header.contains("%MEM/L"), "{out}");
    assert!(out.contains("hungry-1") && out.contains("190m"), "{out}");
}
