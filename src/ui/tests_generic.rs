//! Render tests of a generic kind's table: the servers' columns merged
//! across clusters, CLUSTER and NAMESPACE, the age ticking from the
//! creation time, a cluster that does not serve the kind named.

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

use crate::app::msg::{Effect, Msg};
use crate::app::state::State;
use crate::app::update::update;
use crate::app::view::View;
use crate::config::theme::Theme;
use crate::kube::discovery::{Resources, from_aggregated};
use crate::kube::kind::{Kind, Res};
use crate::kube::table::decode;
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange};
use crate::testkit::{self, t0};

fn widgets() -> Kind {
    Kind::Generic(Res::intern("example.com", "v1", "widgets", "Widget", true))
}

fn connected(name: &str) -> crate::app::state::ClusterInfo {
    testkit::cluster(
        name,
        ClusterStatus::Connected {
            version: "v1.36.2".into(),
        },
    )
}

/// Discovery of a cluster serving widgets, or not.
fn discovered(s: &mut State, cluster: usize, serves: bool) -> Vec<Effect> {
    let widgets = json!({"metadata": {"name": "example.com"}, "versions": [{"version": "v1", "resources": [
        {"resource": "widgets", "responseKind": {"kind": "Widget"}, "scope": "Namespaced",
         "singularResource": "widget", "shortNames": ["wd"], "verbs": ["list", "watch"]}]}]});
    let items = if serves {
        from_aggregated(&json!({"kind": "APIGroupDiscoveryList", "items": [widgets]}))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    update(
        s,
        Msg::Cluster(ClusterEvent::Discovered {
            cluster,
            result: Ok(Arc::new(Resources {
                items,
                ..Resources::default()
            })),
        }),
    )
}

/// A server's Table page for cluster `cluster`, through the app as the
/// watch delivers it (columns first, then rows).
fn table(s: &mut State, cluster: usize, columns: serde_json::Value, rows: serde_json::Value) {
    let d = decode(
        &json!({"kind": "Table", "columnDefinitions": columns, "rows": rows}),
        None,
    );
    update(
        s,
        Msg::Cluster(ClusterEvent::Columns {
            cluster,
            kind: widgets(),
            columns: d.layout.columns,
        }),
    );
    update(
        s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster,
            kind: widgets(),
            change: RowChange::Replace(
                d.rows
                    .into_iter()
                    .map(|r| Row::Generic(Box::new(r)))
                    .collect(),
            ),
        }),
    );
}

fn row(ns: &str, name: &str, cells: serde_json::Value, hours: i64) -> serde_json::Value {
    let created = (t0() - chrono::Duration::hours(hours)).to_rfc3339();
    json!({"cells": cells, "object": {"metadata": {"name": name, "namespace": ns,
        "uid": format!("{ns}-{name}"), "creationTimestamp": created}}})
}

fn render(s: &mut State) -> String {
    update(
        s,
        Msg::Resize {
            width: 120,
            height: 12,
        },
    );
    let mut t = Terminal::new(TestBackend::new(120, 12)).unwrap();
    t.draw(|f| super::draw(f, s, &Theme::default())).unwrap();
    testkit::buffer_text(t.backend().buffer())
}

#[test]
fn a_generic_table_across_clusters_with_the_servers_columns() {
    let clusters = vec![
        connected("prod-eu"),
        connected("prod-us"),
        connected("staging"),
    ];
    let mut s = testkit::state(View::Kind(widgets()), clusters, t0());
    // Connected clusters are asked what they serve, once.
    let fx = update(&mut s, Msg::Tick(t0()));
    let asked: Vec<&Effect> = fx
        .iter()
        .filter(|e| matches!(e, Effect::Discover { .. }))
        .collect();
    assert_eq!(asked.len(), 3, "{fx:?}");
    assert!(
        !update(&mut s, Msg::Tick(t0()))
            .iter()
            .any(|e| matches!(e, Effect::Discover { .. }))
    );
    // Watched where served, once each cluster said so.
    let fx = discovered(&mut s, 0, true);
    assert!(
        fx.contains(&Effect::Watch {
            cluster: 0,
            kind: widgets()
        }),
        "{fx:?}"
    );
    let fx = discovered(&mut s, 1, true);
    assert!(
        fx.contains(&Effect::Watch {
            cluster: 1,
            kind: widgets()
        }),
        "{fx:?}"
    );
    let fx = discovered(&mut s, 2, false);
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::Watch { cluster: 2, .. })),
        "{fx:?}"
    );

    let cols = json!([{"name": "Name"}, {"name": "Size", "type": "integer"},
        {"name": "Age"}, {"name": "Internal", "priority": 1}]);
    table(
        &mut s,
        0,
        cols,
        json!([
            row("shop", "big", json!(["big", 10, "5h", "x"]), 5),
            row("shop", "small", json!(["small", 9, "2d", "x"]), 48)
        ]),
    );
    // Another version elsewhere: another column, merged by title.
    let cols = json!([{"name": "Name"}, {"name": "Phase"}, {"name": "Age"}, {"name": "Size", "type": "integer"}]);
    table(
        &mut s,
        1,
        cols,
        json!([row("web", "other", json!(["other", "Ready", "1m", 3]), 1)]),
    );
    let screen = render(&mut s);
    assert!(
        screen.contains("CLUSTER↑ NAMESPACE NAME  SIZE AGE PHASE"),
        "{screen}"
    );
    assert!(
        screen.contains("prod-eu  shop      big   10   5h"),
        "{screen}"
    );
    assert!(
        screen.contains("prod-eu  shop      small 9    2d"),
        "{screen}"
    );
    assert!(
        screen.contains("prod-us  web       other 3    60m Ready"),
        "{screen}"
    );
    assert!(!screen.contains("INTERNAL"), "{screen}");
    assert!(screen.contains("widgets not served on staging"), "{screen}");
    // Sorted by SIZE: numbers as numbers.
    s.view.sort = (Some("SIZE"), false);
    s.view.stale = true;
    let screen = render(&mut s);
    let order: Vec<&str> = ["other", "small", "big"]
        .into_iter()
        .filter(|n| screen.contains(&format!(" {n} ")))
        .collect();
    let pos = |n: &str| screen.find(&format!(" {n} ")).unwrap_or(0);
    assert_eq!(order.len(), 3, "{screen}");
    assert!(
        pos("other") < pos("small") && pos("small") < pos("big"),
        "{screen}"
    );
    // The age ticks from the creation time.
    update(&mut s, Msg::Tick(t0() + chrono::Duration::hours(2)));
    let screen = render(&mut s);
    assert!(screen.contains("big   10    7h"), "{screen}");
}

/// A viewer context of the same API server is not asked again: it shares
/// the admin context's discovery.
#[test]
fn contexts_of_one_server_share_its_discovery() {
    let mut viewer = connected("prod-eu-viewer");
    viewer.same_as = Some(0);
    let mut s = testkit::state(
        View::Kind(widgets()),
        vec![connected("prod-eu"), viewer],
        t0(),
    );
    let fx = update(&mut s, Msg::Tick(t0()));
    let asked: Vec<&Effect> = fx
        .iter()
        .filter(|e| matches!(e, Effect::Discover { .. }))
        .collect();
    assert_eq!(asked, [&Effect::Discover { cluster: 0 }]);
    let fx = discovered(&mut s, 0, true);
    assert!(
        fx.contains(&Effect::Watch {
            cluster: 1,
            kind: widgets()
        }),
        "{fx:?}"
    );
    assert_eq!(s.catalog.serves(1, widgets()), Some(true));
}
