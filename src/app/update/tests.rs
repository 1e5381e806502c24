//! State-machine tests: state in, message, state and effects out.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::update;
use crate::app::command::NamespaceScope;
use crate::app::derive::{self, breadcrumbs, displayed_cells, displayed_columns};
use crate::app::msg::{Effect, Msg};
use crate::app::state::{Screen, State};
use crate::app::view::View;
use crate::kube::kind::Kind;
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange, rows};
use crate::testkit;

pub(super) fn state() -> State {
    let clusters = ["prod-eu", "staging"]
        .into_iter()
        .map(|n| testkit::cluster(n, ClusterStatus::Connecting))
        .collect();
    testkit::state(View::Kind(Kind::Pods), clusters, chrono::Utc::now())
}

/// Time passes (the state's clock, not the machine's).
pub(super) fn tick(s: &mut State) -> Vec<Effect> {
    let now = s.now;
    update(s, Msg::Tick(now))
}

pub(super) fn meta(ns: &str, name: &str, labels: &[(&str, &str)]) -> rows::Meta {
    testkit::meta(ns, name, labels, Some(chrono::Utc::now()))
}

pub(super) fn pod(ns: &str, name: &str, status: &str, app: &str) -> Row {
    Row::Pod(Box::new(rows::PodRow {
        meta: meta(ns, name, &[("app", app)]),
        ready: 1,
        total: 1,
        status: status.into(),
        restarts: 0,
        last_restart: None,
        node: "n1".into(),
        ip: rows::PodIp::parse("10.0.0.1"),
        owner: None,
        unhealthy: status != "Running",
        phase: "Running".into(),
        containers: vec!["app".into()].into(),
        init_from: 1,
        resources: Default::default(),
        claims: Default::default(),
    }))
}

pub(super) fn rows_event(cluster: usize, kind: Kind, rows: Vec<Row>) -> Msg {
    Msg::Cluster(ClusterEvent::Rows {
        cluster,
        kind,
        change: RowChange::Replace(rows),
    })
}

pub(super) fn press(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub(super) fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

/// The names of the rows shown, in order (as the next frame draws them).
pub(super) fn names(s: &mut State) -> Vec<String> {
    derive::refresh(s);
    s.view
        .rows
        .iter()
        .filter_map(|r| s.row(r))
        .map(|r| r.meta().name.clone())
        .collect()
}

#[test]
fn first_update_watches_pods_in_every_cluster() {
    let mut s = state();
    let watches = |fx: Vec<Effect>| -> Vec<Effect> {
        fx.into_iter()
            .filter(|e| matches!(e, Effect::Watch { .. }))
            .collect()
    };
    let fx = watches(tick(&mut s));
    assert_eq!(
        fx,
        vec![
            Effect::Watch {
                cluster: 0,
                kind: Kind::Pods
            },
            Effect::Watch {
                cluster: 1,
                kind: Kind::Pods
            }
        ]
    );
    assert!(watches(tick(&mut s)).is_empty(), "watches are started once");
}

#[test]
fn rows_from_all_clusters_with_a_cluster_column() {
    let mut s = state();
    update(
        &mut s,
        rows_event(0, Kind::Pods, vec![pod("shop", "web-1", "Running", "web")]),
    );
    update(
        &mut s,
        rows_event(
            1,
            Kind::Pods,
            vec![pod("shop", "web-2", "CrashLoopBackOff", "web")],
        ),
    );
    assert_eq!(names(&mut s), ["web-1", "web-2"]);
    let cols: Vec<&str> = displayed_columns(&s).iter().map(|c| c.title).collect();
    assert_eq!(&cols[..3], ["CLUSTER", "NAMESPACE", "NAME"]);
    let cells = displayed_cells(&s, &s.view.rows[1]);
    assert_eq!(cells[0].text, "staging");
}

#[test]
fn filter_narrows_on_every_keystroke_and_esc_clears() {
    let mut s = state();
    update(
        &mut s,
        rows_event(
            0,
            Kind::Pods,
            vec![
                pod("shop", "web-1", "Running", "web"),
                pod("shop", "api-1", "CrashLoopBackOff", "api"),
            ],
        ),
    );
    press(&mut s, KeyCode::Char('/'));
    type_text(&mut s, "cra");
    assert_eq!(names(&mut s), ["api-1"]);
    press(&mut s, KeyCode::Backspace);
    press(&mut s, KeyCode::Backspace);
    press(&mut s, KeyCode::Backspace);
    assert_eq!(names(&mut s).len(), 2);
    type_text(&mut s, "!web");
    assert_eq!(names(&mut s), ["api-1"]);
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Esc);
    assert_eq!(names(&mut s).len(), 2);
}

#[test]
fn command_switches_view_and_esc_goes_back() {
    let mut s = state();
    press(&mut s, KeyCode::Char(':'));
    type_text(&mut s, "deploy @staging");
    let fx = press(&mut s, KeyCode::Enter);
    assert_eq!(s.view.scope.kind, View::Kind(Kind::Deployments));
    assert_eq!(s.view.scope.cluster, Some(1));
    assert!(fx.contains(&Effect::Watch {
        cluster: 1,
        kind: Kind::Deployments
    }));
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.view.scope.kind, View::Kind(Kind::Pods));
    press(&mut s, KeyCode::Char(':'));
    type_text(&mut s, "po @nowhere");
    press(&mut s, KeyCode::Enter);
    assert!(
        s.message
            .as_ref()
            .is_some_and(|(_, m)| m.contains("unknown cluster @nowhere"))
    );
}

#[test]
fn enter_on_a_deployment_shows_its_pods() {
    let mut s = state();
    update(
        &mut s,
        rows_event(
            0,
            Kind::Pods,
            vec![
                pod("shop", "web-1", "Running", "web"),
                pod("shop", "api-1", "Running", "api"),
            ],
        ),
    );
    press(&mut s, KeyCode::Char(':'));
    type_text(&mut s, "deploy");
    press(&mut s, KeyCode::Enter);
    let d = Row::Deployment(Box::new(rows::DeploymentRow {
        meta: meta("shop", "web", &[]),
        desired: 1,
        ready: 1,
        updated: 1,
        available: 1,
        selector: [("app".to_string(), "web".to_string())].into(),
        images: vec!["nginx".into()],
        unhealthy: false,
    }));
    update(&mut s, rows_event(0, Kind::Deployments, vec![d]));
    assert_eq!(names(&mut s), ["web"]);
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.view.scope.kind, View::Kind(Kind::Pods));
    assert_eq!(names(&mut s), ["web-1"]);
    assert_eq!(breadcrumbs(&s).last().unwrap(), "deploy/web > pods");
}

#[test]
fn cursor_keeps_its_object_across_updates() {
    let mut s = state();
    update(
        &mut s,
        rows_event(
            0,
            Kind::Pods,
            vec![
                pod("shop", "b", "Running", "x"),
                pod("shop", "c", "Running", "x"),
            ],
        ),
    );
    press(&mut s, KeyCode::Down);
    assert_eq!(names(&mut s)[s.view.cursor], "c");
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Pods,
            change: RowChange::Upsert(vec![pod("shop", "a", "Running", "x")]),
        }),
    );
    assert_eq!(names(&mut s)[s.view.cursor], "c");
}

#[test]
fn describe_asks_for_the_object() {
    let mut s = state();
    update(
        &mut s,
        rows_event(1, Kind::Pods, vec![pod("shop", "web-1", "Running", "web")]),
    );
    let fx = press(&mut s, KeyCode::Char('d'));
    assert!(
        matches!(&fx[..], [Effect::Fetch { cluster: 1, kind: Kind::Pods, name, yaml: false, .. }] if name == "web-1")
    );
    let Screen::Detail(d) = &s.screen else {
        panic!("not in detail mode")
    };
    let request = d.request;
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Detail {
            request,
            result: Ok("Name: web-1".into()),
        }),
    );
    let Screen::Detail(d) = &s.screen else {
        panic!()
    };
    assert_eq!(d.text, Some(Ok("Name: web-1".to_string())));
    press(&mut s, KeyCode::Esc);
    assert!(matches!(s.screen, Screen::Table) && s.overlays.is_empty());
}

#[test]
fn cluster_status_and_recovery() {
    let mut s = state();
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Status {
            cluster: 0,
            status: ClusterStatus::Connected {
                version: "v1.36".into(),
            },
        }),
    );
    let broken = |cause: &str| {
        Msg::Cluster(ClusterEvent::Status {
            cluster: 0,
            status: ClusterStatus::Reconnecting {
                cause: cause.into(),
            },
        })
    };
    let fx = update(&mut s, broken("Connection refused"));
    assert_eq!(s.clusters[0].status.label(), "reconnecting");
    assert_eq!(
        fx,
        vec![Effect::Probe { cluster: 0 }],
        "a broken watch starts a probe"
    );
    assert!(
        update(&mut s, broken("again")).is_empty(),
        "one probe at a time"
    );
    update(&mut s, Msg::Cluster(ClusterEvent::Healthy { cluster: 0 }));
    assert_eq!(
        s.clusters[0].status,
        ClusterStatus::Connected {
            version: "v1.36".into()
        }
    );
}

#[test]
fn a_restored_token_clears_unauthorized() {
    let mut s = state();
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Status {
            cluster: 1,
            status: ClusterStatus::Unauthorized {
                cause: "401".into(),
            },
        }),
    );
    assert_eq!(s.clusters[1].status.label(), "unauthorized");
    update(&mut s, Msg::Cluster(ClusterEvent::Healthy { cluster: 1 }));
    assert_eq!(s.clusters[1].status.label(), "connected");
}

#[test]
fn help_keys_sort_scope_and_jump() {
    let mut s = state();
    update(
        &mut s,
        rows_event(
            0,
            Kind::Pods,
            vec![
                pod("b-ns", "zeta", "Running", "x"),
                pod("a-ns", "alpha", "CrashLoopBackOff", "x"),
            ],
        ),
    );
    update(
        &mut s,
        rows_event(1, Kind::Pods, vec![pod("c-ns", "mid", "Running", "x")]),
    );
    assert_eq!(
        names(&mut s),
        ["alpha", "zeta", "mid"],
        "sorted by CLUSTER, then namespace"
    );
    // >: next column (NAMESPACE), S: reverse.
    press(&mut s, KeyCode::Char('>'));
    assert_eq!(names(&mut s), ["alpha", "zeta", "mid"]);
    press(&mut s, KeyCode::Char('>'));
    assert_eq!(names(&mut s), ["alpha", "mid", "zeta"], "by NAME");
    press(&mut s, KeyCode::Char('S'));
    assert_eq!(names(&mut s), ["zeta", "mid", "alpha"], "reversed");
    // G / g: bottom and top.
    press(&mut s, KeyCode::Char('G'));
    assert_eq!(s.view.cursor, 2);
    press(&mut s, KeyCode::Char('g'));
    assert_eq!(s.view.cursor, 0);
    // @: only the selected row's cluster, and back to all.
    press(&mut s, KeyCode::Char('@'));
    assert_eq!(s.view.scope.cluster, Some(0));
    assert_eq!(names(&mut s), ["zeta", "alpha"]);
    press(&mut s, KeyCode::Char('@'));
    assert_eq!(s.view.scope.cluster, None);
    // 0: all namespaces <-> the start namespaces (none: each context's default).
    press(&mut s, KeyCode::Char('0'));
    assert_eq!(s.view.scope.namespaces, NamespaceScope::Some(vec![]));
    assert!(names(&mut s).is_empty(), "no pod lives in \"default\"");
    press(&mut s, KeyCode::Char('0'));
    assert_eq!(s.view.scope.namespaces, NamespaceScope::All);
}

#[test]
fn help_opens_over_describe_and_closes_back_to_it() {
    let mut s = state();
    update(
        &mut s,
        rows_event(0, Kind::Pods, vec![pod("shop", "web-1", "Running", "web")]),
    );
    press(&mut s, KeyCode::Char('d'));
    assert!(matches!(s.screen, Screen::Detail(_)));
    // The footer offers `?`: it opens help over the describe view.
    press(&mut s, KeyCode::Char('?'));
    assert!(matches!(
        s.overlays.last(),
        Some(crate::app::state::Overlay::Help { .. })
    ));
    press(&mut s, KeyCode::Esc);
    assert!(s.overlays.is_empty());
    assert!(matches!(s.screen, Screen::Detail(_)), "still describing");
    press(&mut s, KeyCode::Esc);
    assert!(matches!(s.screen, Screen::Table));
}

#[test]
fn describe_text_shows_bidi_and_invisible_characters() {
    let mut s = state();
    update(
        &mut s,
        rows_event(0, Kind::Pods, vec![pod("shop", "web-1", "Running", "web")]),
    );
    press(&mut s, KeyCode::Char('d'));
    let Screen::Detail(d) = &s.screen else {
        panic!("describe")
    };
    let request = d.request;
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Detail {
            request,
            result: Ok("Labels: team=a\u{202E}b\n  x=\u{200D}\u{FEFF}\u{1b}[2J".into()),
        }),
    );
    let Screen::Detail(d) = &s.screen else {
        panic!("describe")
    };
    assert_eq!(
        d.text,
        Some(Ok(
            "Labels: team=a\\u{202E}b\n  x=\\u{200D}\\u{FEFF}␛[2J".to_string()
        ))
    );
}

#[test]
fn a_message_leaves_the_line_after_a_while_and_a_new_one_starts_again() {
    use crate::app::state::Level;
    let mut s = state();
    let t0 = s.now;
    let at = |s: &mut State, secs: i64| {
        update(s, Msg::Tick(t0 + chrono::Duration::seconds(secs)));
    };
    update(&mut s, Msg::Notice(Level::Info, "saved".into()));
    // While a message shows, the clock ticks every second (it goes on time).
    assert_eq!(derive::tick_interval(&s), std::time::Duration::from_secs(1));
    at(&mut s, 4);
    assert_eq!(s.message, Some((Level::Info, "saved".into())));
    at(&mut s, 5);
    assert_eq!(s.message, None);
    // An error stays longer; said again, it starts again.
    update(&mut s, Msg::Notice(Level::Error, "cannot save".into()));
    at(&mut s, 20);
    update(&mut s, Msg::Notice(Level::Error, "cannot save".into()));
    at(&mut s, 39);
    assert!(s.message.is_some());
    at(&mut s, 40);
    assert_eq!(s.message, None);
}
