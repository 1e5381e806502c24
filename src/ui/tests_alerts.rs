//! Render test of the alerts view: its columns, the cluster of each
//! alert, the kinds it is derived from in the title, the count in the
//! header.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::msg::Msg;
use crate::app::state::State;
use crate::app::update::update;
use crate::app::view::View;
use crate::config::theme::Theme;
use crate::kube::kind::Kind;
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange};
use crate::testkit::{self, meta, t0};

fn draw(s: &mut State, width: u16, height: u16) -> Vec<String> {
    update(s, Msg::Resize { width, height });
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme::default();
    t.draw(|f| super::draw(f, s, &theme)).unwrap();
    let text = testkit::buffer_text(t.backend().buffer());
    text.lines().map(str::to_string).collect()
}

fn feed(s: &mut State, cluster: usize, kind: Kind, rows: Vec<Row>) {
    update(
        s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster,
            kind,
            change: RowChange::Replace(rows),
        }),
    );
}

#[test]
fn alerts_show_cluster_severity_rule_object_since_and_message() {
    let c = |n: &str| {
        testkit::cluster(
            n,
            ClusterStatus::Connected {
                version: "v1.36.2".into(),
            },
        )
    };
    let mut s = testkit::state(View::Alerts, vec![c("prod-eu"), c("staging")], t0());
    let mut node = testkit::node("eu-worker-2", "4", "8Gi");
    node.ready = false;
    node.conditions[0].status = "Unknown".into();
    feed(&mut s, 0, Kind::Nodes, vec![Row::Node(Box::new(node))]);
    let created = Some(t0() - chrono::Duration::minutes(12));
    feed(
        &mut s,
        1,
        Kind::Pods,
        vec![Row::Pod(Box::new(testkit::pod(
            meta("shop", "cart-7f9", &[], created),
            "ImagePullBackOff",
            0,
        )))],
    );
    let lines = draw(&mut s, 140, 10);
    let screen = lines.join("\n");
    assert!(lines[0].contains("⚠ 2"), "{screen}");
    for title in ["CLUSTER", "SEVERITY", "RULE", "OBJECT", "SINCE", "MESSAGE"] {
        assert!(screen.contains(title), "{title}\n{screen}");
    }
    assert!(
        screen.contains("from nodes, pods, resourcequotas"),
        "{screen}"
    );
    let line = |parts: &[&str]| lines.iter().any(|l| parts.iter().all(|p| l.contains(p)));
    assert!(
        line(&[
            "prod-eu",
            "critical",
            "NodeNotReady",
            "nodes/eu-worker-2",
            "60m",
            "unknown"
        ]),
        "{screen}"
    );
    assert!(
        line(&[
            "staging",
            "critical",
            "ImagePullBackOff",
            "pods/shop/cart-7f9",
            "12m"
        ]),
        "{screen}"
    );
}
