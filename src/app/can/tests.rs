//! `:can`: which reviews are asked and when, the matrix read from an
//! answer, failures and incomplete answers said, `enter` on a row, and the
//! rendered view.

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::VERBS;
use crate::app::command::NamespaceScope;
use crate::app::msg::{Effect, Msg};
use crate::app::state::State;
use crate::app::update::update;
use crate::app::view::View;
use crate::config::theme::Theme;
use crate::kube::kind::Kind;
use crate::kube::rules::{ResourceRule, Rules, RulesKey};
use crate::kube::{ClusterEvent, ClusterStatus};
use crate::testkit::{self, t0};

fn connected(name: &str) -> crate::app::state::ClusterInfo {
    testkit::cluster(
        name,
        ClusterStatus::Connected {
            version: "v1.36.2".into(),
        },
    )
}

fn two() -> State {
    let mut a = connected("prod-eu");
    a.namespace = Some("shop".into());
    testkit::state(View::Can, vec![a, connected("staging")], t0())
}

fn asked(fx: &[Effect]) -> Vec<RulesKey> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::ReviewRules { key } => Some(key.clone()),
            _ => None,
        })
        .collect()
}

fn key(cluster: usize, ns: &str) -> RulesKey {
    RulesKey {
        cluster,
        namespace: ns.into(),
    }
}

fn viewer() -> Rules {
    let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
    Rules {
        rules: vec![
            ResourceRule {
                verbs: v(&["get", "list", "watch"]),
                groups: v(&[""]),
                resources: v(&["pods", "pods/log", "services"]),
                names: Vec::new(),
            },
            ResourceRule {
                verbs: v(&["patch"]),
                groups: v(&["apps"]),
                resources: v(&["deployments/scale"]),
                names: v(&["web"]),
            },
        ],
        ..Rules::default()
    }
}

fn answer(s: &mut State, key: RulesKey, result: Result<Rules, String>) {
    update(s, Msg::Cluster(ClusterEvent::Rules { key, result }));
}

#[test]
fn each_cluster_is_asked_once_for_its_namespace_and_again_when_stale() {
    let mut s = two();
    let fx = update(&mut s, Msg::Tick(t0()));
    // The context's namespace, else default.
    assert_eq!(asked(&fx), vec![key(0, "shop"), key(1, "default")]);
    // Asked: not again while the answer is awaited.
    assert!(asked(&update(&mut s, Msg::Tick(t0() + Duration::seconds(1)))).is_empty());
    answer(&mut s, key(0, "shop"), Ok(viewer()));
    answer(&mut s, key(1, "default"), Err("no connection".into()));
    assert!(asked(&update(&mut s, Msg::Tick(t0() + Duration::seconds(60)))).is_empty());
    // Five minutes later the answers are asked again.
    let later = update(&mut s, Msg::Tick(t0() + Duration::seconds(301)));
    assert_eq!(asked(&later), vec![key(0, "shop"), key(1, "default")]);
}

#[test]
fn other_views_ask_nothing_and_a_namespace_scope_is_asked_per_namespace() {
    let mut s = two();
    s.view.scope.kind = View::Kind(Kind::Pods);
    assert!(asked(&update(&mut s, Msg::Tick(t0()))).is_empty());
    s.view.scope.kind = View::Can;
    s.view.scope.cluster = Some(1);
    s.view.scope.namespaces = NamespaceScope::Some(vec!["a".into(), "b".into()]);
    assert_eq!(
        asked(&update(&mut s, Msg::Tick(t0()))),
        vec![key(1, "a"), key(1, "b")]
    );
}

#[test]
fn the_matrix_says_yes_no_and_only_named_objects() {
    let k = key(0, "shop");
    let a = super::Answer {
        at: t0(),
        result: Ok(viewer()),
    };
    let rows = super::rows(&k, &a);
    let row = |name: &str| {
        rows.iter()
            .find(|(_, r)| r.resource == name)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("no row {name}"))
    };
    use crate::kube::rules::Allowed::{All, Named, No};
    let pods = row("pods");
    assert_eq!(pods.verbs, vec![All, All, All, No, No, No, No]);
    assert_eq!(pods.view, Some(Kind::Pods));
    assert_eq!(row("pods/log").verbs[0], All);
    assert_eq!(
        row("pods/exec").verbs.iter().filter(|v| **v != No).count(),
        0
    );
    assert_eq!(row("deployments.apps").verbs, vec![No; VERBS.len()]);
    assert_eq!(
        row("deployments.apps/scale").verbs[5],
        Named(vec!["web".into()])
    );
    // Every row of the namespace is keyed apart.
    let mut uids: Vec<&String> = rows.iter().map(|(u, _)| u).collect();
    uids.dedup();
    assert_eq!(uids.len(), rows.len());
}

fn draw(s: &mut State, width: u16, height: u16) -> Vec<String> {
    update(s, Msg::Resize { width, height });
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| crate::ui::draw(f, s, &Theme::default()))
        .unwrap();
    testkit::buffer_text(t.backend().buffer())
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_view_shows_the_matrix_the_names_and_a_failed_review() {
    let mut s = two();
    update(&mut s, Msg::Tick(t0()));
    answer(&mut s, key(0, "shop"), Ok(viewer()));
    answer(&mut s, key(1, "default"), Err("403: forbidden".into()));
    let lines = draw(&mut s, 160, 40);
    let text = lines.join("\n");
    let header = lines
        .iter()
        .find(|l| l.contains("RESOURCE"))
        .unwrap_or_else(|| panic!("{text}"));
    for t in [
        "CLUSTER",
        "NAMESPACE",
        "GET",
        "LIST",
        "WATCH",
        "CREATE",
        "PATCH",
        "DELETE",
        "NOTE",
    ] {
        assert!(header.contains(t), "{header}");
    }
    let pods = lines
        .iter()
        .find(|l| l.contains("prod-eu") && l.contains(" pods "))
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(pods.matches('✓').count(), 3, "{pods}");
    assert_eq!(pods.matches('·').count(), 4, "{pods}");
    let scale = lines
        .iter()
        .find(|l| l.contains("deployments.apps/scale"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        scale.contains("some") && scale.contains("patch: web"),
        "{scale}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("staging") && l.contains("rules review failed: 403: forbidden")),
        "{text}"
    );
    // One cluster at 80 columns: no CLUSTER column, every verb shown.
    s.view.scope.cluster = Some(0);
    let narrow = draw(&mut s, 80, 24);
    let header = narrow.iter().find(|l| l.contains("RESOURCE")).unwrap();
    assert!(
        header.starts_with("NAMESPACE") && header.contains("DELETE"),
        "{}",
        narrow.join("\n")
    );
}

#[test]
fn enter_opens_the_kind_in_its_cluster_and_namespace() {
    let mut s = two();
    update(&mut s, Msg::Tick(t0()));
    answer(&mut s, key(0, "shop"), Ok(viewer()));
    crate::app::derive::refresh(&mut s);
    let at = s
        .view
        .rows
        .iter()
        .position(|r| r.uid == "shop|pods")
        .unwrap();
    s.view.cursor = at;
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert_eq!(s.view.scope.kind, View::Kind(Kind::Pods));
    assert_eq!(s.view.scope.cluster, Some(0));
    assert_eq!(
        s.view.scope.namespaces,
        NamespaceScope::Some(vec!["shop".into()])
    );
}
