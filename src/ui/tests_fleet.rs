//! Render tests of many clusters: the first line summarises when the
//! names do not fit, and contexts of one API server are counted once.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::msg::Msg;
use crate::app::state::{ClusterInfo, State};
use crate::app::update::update;
use crate::app::view::View;
use crate::config::theme::Theme;
use crate::kube::kind::Kind;
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange};
use crate::testkit::{self, t0};

fn connected(name: &str) -> ClusterInfo {
    testkit::cluster(
        name,
        ClusterStatus::Connected {
            version: "v1.36.2".into(),
        },
    )
}

fn draw(s: &mut State, width: u16, height: u16) -> Vec<String> {
    update(s, Msg::Resize { width, height });
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme::default();
    t.draw(|f| super::draw(f, s, &theme)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

/// 100 clusters: `team-00`..`team-96` connected, `prod-eu` and `prod-us`
/// connected (production), `team-97` unreachable, `team-98` re-connecting.
fn fleet() -> State {
    let mut clusters: Vec<ClusterInfo> = (0..97)
        .map(|i| connected(&format!("team-{i:02}")))
        .collect();
    clusters.push(connected("prod-eu"));
    clusters.push(testkit::cluster(
        "team-97",
        ClusterStatus::Unreachable {
            cause: "Connection refused".into(),
        },
    ));
    clusters.push(connected("prod-us"));
    testkit::state(View::Kind(Kind::Pods), clusters, t0())
}

#[test]
fn a_hundred_clusters_are_summarised_production_and_problems_named() {
    let mut s = fleet();
    let lines = draw(&mut s, 120, 10);
    let top = &lines[0];
    assert!(top.contains("99 ●"), "{top}");
    assert!(top.contains("1 ✖"), "{top}");
    // Production first, then the cluster with a problem, by name.
    let eu = top.find("prod-eu").expect(top);
    let us = top.find("prod-us").expect(top);
    let down = top.find("team-97 unreachable").expect(top);
    assert!(eu < us && us < down, "{top}");
    // The healthy non-production ones are counted, not named.
    assert!(!top.contains("team-00"), "{top}");
    assert!(top.contains("+97 more (:ctx)"), "{top}");
    assert!(top.trim_end().chars().count() <= 120, "{top}");
}

#[test]
fn a_narrow_screen_names_what_fits_and_counts_the_rest() {
    let mut s = fleet();
    let lines = draw(&mut s, 60, 10);
    let top = &lines[0];
    assert!(top.contains("99 ● 1 ✖"), "{top}");
    assert!(top.contains("prod-eu"), "{top}");
    // What did not fit is counted: every cluster is either named or in
    // the count of more.
    let named = ["prod-eu", "prod-us", "team-97"]
        .iter()
        .filter(|n| top.contains(*n))
        .count();
    assert!(
        top.contains(&format!("+{} more (:ctx)", 100 - named)),
        "{top}"
    );
}

#[test]
fn few_clusters_are_all_named() {
    let mut s = testkit::state(
        View::Kind(Kind::Pods),
        vec![connected("prod-eu"), connected("staging")],
        t0(),
    );
    let top = &draw(&mut s, 120, 10)[0];
    assert!(top.contains("● prod-eu  ● staging"), "{top}");
    assert!(!top.contains("more"), "{top}");
}

fn pods(names: &[&str], unhealthy: &[&str]) -> Vec<Row> {
    names
        .iter()
        .map(|n| {
            let status = if unhealthy.contains(n) {
                "Error"
            } else {
                "Running"
            };
            Row::Pod(Box::new(testkit::pod(
                testkit::meta("shop", n, &[], Some(t0())),
                status,
                0,
            )))
        })
        .collect()
}

#[test]
fn contexts_of_one_server_are_said_and_counted_once() {
    let mut viewer = connected("prod-eu-viewer");
    viewer.same_as = Some(0);
    let mut s = testkit::state(
        View::Clusters,
        vec![connected("prod-eu"), viewer, connected("staging")],
        t0(),
    );
    let feed = |s: &mut State, cluster: usize, rows: Vec<Row>| {
        update(
            s,
            Msg::Cluster(ClusterEvent::Rows {
                cluster,
                kind: Kind::Pods,
                change: RowChange::Replace(rows),
            }),
        );
    };
    // The same three pods through the admin and the viewer context.
    feed(&mut s, 0, pods(&["a", "b", "c"], &["c"]));
    feed(&mut s, 1, pods(&["a", "b", "c"], &["c"]));
    feed(&mut s, 2, pods(&["d", "e"], &[]));
    let lines = draw(&mut s, 200, 12);
    let screen = lines.join("\n");
    assert!(lines[0].contains("prod-eu-viewer (=prod-eu)"), "{screen}");
    assert!(
        screen.contains("5 pods (1 unhealthy)"),
        "counted once:\n{screen}"
    );
    assert!(
        screen.contains("1 context(s) share an API server with another: counted once"),
        "{screen}"
    );
    let row = lines
        .iter()
        .find(|l| l.starts_with("prod-eu-viewer"))
        .expect(&screen);
    assert!(row.contains("same API server as prod-eu"), "{screen}");
}
