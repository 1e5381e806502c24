//! The log view and shells in the state machine.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tests::{meta, pod, press, rows_event, state, type_text};
use super::update;
use crate::app::logview::SourceState;
use crate::app::msg::{Effect, Msg};
use crate::app::state::{Overlay, Screen, State};
use crate::app::view::View;
use crate::kube::kind::Kind;
use crate::kube::logs::LogRequest;
use crate::kube::logs::{LogEvent, RawLine, Since};
use crate::kube::rows;
use crate::kube::{ClusterEvent, Row, RowChange};

fn two_container_pod(ns: &str, name: &str) -> Row {
    let Row::Pod(mut p) = pod(ns, name, "Running", "web") else {
        unreachable!()
    };
    p.containers = vec!["app".into(), "proxy".into(), "migrate".into()].into();
    p.init_from = 2;
    Row::Pod(p)
}

fn deployment(ns: &str, name: &str, app: &str) -> Row {
    Row::Deployment(Box::new(rows::DeploymentRow {
        meta: meta(ns, name, &[]),
        desired: 2,
        ready: 2,
        updated: 2,
        available: 2,
        selector: [("app".to_string(), app.to_string())].into(),
        images: vec![],
        unhealthy: false,
    }))
}

/// The test state with one pod, shop/web-1 (container app), in cluster 0.
fn with_one_pod() -> State {
    let mut s = state();
    update(
        &mut s,
        rows_event(0, Kind::Pods, vec![pod("shop", "web-1", "Running", "web")]),
    );
    s
}

/// The first stream started by these effects.
fn first_start(fx: &[Effect]) -> LogRequest {
    fx.iter()
        .find_map(|f| match f {
            Effect::LogStart(r) => Some(r.clone()),
            _ => None,
        })
        .expect("a stream starts")
}

fn starts(fx: &[Effect]) -> Vec<(String, String)> {
    fx.iter()
        .filter_map(|f| match f {
            Effect::LogStart(r) => Some((r.pod.clone(), r.container.clone())),
            _ => None,
        })
        .collect()
}

fn lines(s: &State) -> Vec<String> {
    let Screen::Logs(v) = &s.screen else {
        panic!("not in the log view")
    };
    (v.first()..v.pushed)
        .filter_map(|q| v.line(q).map(|l| l.text.to_string()))
        .collect()
}

fn log_lines(stream: u64, texts: &[&str]) -> Msg {
    Msg::Log(LogEvent::Lines {
        stream,
        lines: texts
            .iter()
            .map(|t| RawLine {
                ts: None,
                bytes: t.as_bytes().to_vec(),
            })
            .collect(),
    })
}

#[test]
fn l_on_a_pod_streams_its_container_and_esc_stops_it() {
    let mut s = with_one_pod();
    let fx = press(&mut s, KeyCode::Char('l'));
    let req = first_start(&fx);
    assert_eq!(
        (
            req.cluster,
            req.namespace.as_str(),
            req.pod.as_str(),
            req.container.as_str()
        ),
        (0, "shop", "web-1", "app")
    );
    assert_eq!(req.since, Since::Tail(500));
    assert!(!req.previous);
    update(&mut s, log_lines(req.stream, &["hello", "world"]));
    assert_eq!(lines(&s), ["hello", "world"]);
    // Lines of an unknown stream are ignored.
    update(&mut s, log_lines(999, &["stray"]));
    assert_eq!(lines(&s).len(), 2);
    let fx = press(&mut s, KeyCode::Esc);
    assert_eq!(fx, vec![Effect::LogStop { stream: req.stream }]);
    assert!(matches!(s.screen, Screen::Table) && s.overlays.is_empty());
}

#[test]
fn a_pod_with_several_containers_asks_which() {
    let mut s = state();
    update(
        &mut s,
        rows_event(0, Kind::Pods, vec![two_container_pod("shop", "web-1")]),
    );
    assert!(starts(&press(&mut s, KeyCode::Char('l'))).is_empty());
    let Some(Overlay::Picker(p)) = s.overlays.last() else {
        panic!("a picker")
    };
    assert_eq!(
        p.items,
        ["all containers", "app", "proxy", "migrate (init)"]
    );
    // Enter on "all containers": the regular ones, with prefixes.
    let fx = press(&mut s, KeyCode::Enter);
    assert_eq!(
        starts(&fx),
        [
            ("web-1".into(), "app".into()),
            ("web-1".into(), "proxy".into())
        ]
    );
    let Screen::Logs(v) = &s.screen else { panic!() };
    assert!(v.prefixed() && v.with_container());
    // Back, then pick the init container.
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('l'));
    for _ in 0..3 {
        press(&mut s, KeyCode::Down);
    }
    let fx = press(&mut s, KeyCode::Enter);
    assert_eq!(starts(&fx), [("web-1".into(), "migrate".into())]);
}

#[test]
fn a_workload_streams_its_pods_and_follows_them_coming_and_going() {
    let mut s = state();
    s.view.scope.kind = View::Kind(Kind::Deployments);
    update(
        &mut s,
        rows_event(0, Kind::Deployments, vec![deployment("shop", "web", "web")]),
    );
    update(
        &mut s,
        rows_event(
            0,
            Kind::Pods,
            vec![
                pod("shop", "web-1", "Running", "web"),
                pod("shop", "web-2", "Running", "web"),
                pod("shop", "api-1", "Running", "api"),
                pod("other", "web-9", "Running", "web"),
            ],
        ),
    );
    let fx = press(&mut s, KeyCode::Char('l'));
    assert_eq!(
        starts(&fx),
        [
            ("web-1".into(), "app".into()),
            ("web-2".into(), "app".into())
        ]
    );
    // A scale-up: the new pod is picked up.
    let fx = update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Pods,
            change: RowChange::Upsert(vec![pod("shop", "web-3", "Running", "web")]),
        }),
    );
    assert_eq!(starts(&fx), [("web-3".into(), "app".into())]);
    assert!(lines(&s).iter().any(|l| l.contains("pod web-3 appeared")));
    // A pod goes away: a marker says so, and its stream stays open to
    // deliver its last lines (it ends by itself).
    let fx = update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Pods,
            change: RowChange::Delete(vec!["shop/web-1".into()]),
        }),
    );
    assert!(fx.iter().all(|f| !matches!(f, Effect::LogStop { .. })));
    assert!(lines(&s).iter().any(|l| l.contains("pod web-1 went away")));
    update(&mut s, log_lines(1, &["web-1 shutting down"]));
    assert!(lines(&s).iter().any(|l| l == "web-1 shutting down"));
    let fx = update(&mut s, Msg::Log(LogEvent::Ended { stream: 1 }));
    assert_eq!(
        fx,
        vec![Effect::LogStop { stream: 1 }],
        "the task is forgotten"
    );
    let Screen::Logs(v) = &s.screen else { panic!() };
    assert_eq!(
        v.sources
            .iter()
            .filter(|x| x.state == SourceState::Streaming)
            .count(),
        2
    );
    // A StatefulSet-style pod comes back under the same name: a new uid,
    // a new stream.
    let Row::Pod(mut again) = pod("shop", "web-1", "Running", "web") else {
        unreachable!()
    };
    again.meta.uid = "shop/web-1-again".into();
    let fx = update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Pods,
            change: RowChange::Upsert(vec![Row::Pod(again)]),
        }),
    );
    assert_eq!(starts(&fx), [("web-1".into(), "app".into())]);
}

#[test]
fn workload_streams_are_capped_and_the_cap_is_shown() {
    let mut s = state();
    s.log_settings.max_streams = 2;
    s.view.scope.kind = View::Kind(Kind::Deployments);
    update(
        &mut s,
        rows_event(0, Kind::Deployments, vec![deployment("shop", "web", "web")]),
    );
    let pods = (1..=5)
        .map(|i| pod("shop", &format!("web-{i}"), "Running", "web"))
        .collect();
    update(&mut s, rows_event(0, Kind::Pods, pods));
    let fx = press(&mut s, KeyCode::Char('l'));
    assert_eq!(starts(&fx).len(), 2);
    let Screen::Logs(v) = &s.screen else { panic!() };
    assert_eq!(v.capped, 3);
}

#[test]
fn previous_and_since_restart_the_streams() {
    let mut s = with_one_pod();
    press(&mut s, KeyCode::Char('l'));
    update(&mut s, log_lines(1, &["old"]));
    let fx = press(&mut s, KeyCode::Char('p'));
    assert!(fx.contains(&Effect::LogStop { stream: 1 }));
    let r = first_start(&fx);
    assert!(r.previous);
    assert!(
        lines(&s).iter().all(|l| l != "old"),
        "the buffer was cleared"
    );
    let fx = press(&mut s, KeyCode::Char('2'));
    let r = first_start(&fx);
    assert_eq!(r.since, Since::Seconds(300));
}

#[test]
fn search_filter_and_copy_in_the_log_view() {
    let mut s = with_one_pod();
    press(&mut s, KeyCode::Char('l'));
    update(
        &mut s,
        log_lines(1, &["GET /a 200", "ERROR boom", "GET /b 200"]),
    );
    press(&mut s, KeyCode::Char('/'));
    type_text(&mut s, "boom");
    press(&mut s, KeyCode::Enter);
    let Screen::Logs(v) = &s.screen else { panic!() };
    assert_eq!(
        (v.follow, v.cursor),
        (false, 1),
        "search jumped to the match"
    );
    let fx = press(&mut s, KeyCode::Char('c'));
    assert_eq!(
        fx,
        vec![Effect::Copy {
            text: "ERROR boom".into(),
            lines: 1
        }]
    );
    press(&mut s, KeyCode::Char('&'));
    type_text(&mut s, "get");
    press(&mut s, KeyCode::Enter);
    let Screen::Logs(v) = &s.screen else { panic!() };
    assert_eq!(v.visible_len(), 2);
    // esc clears the filter first, then the search, then closes.
    press(&mut s, KeyCode::Esc);
    let Screen::Logs(v) = &s.screen else { panic!() };
    assert_eq!(v.visible_len(), 3);
    let fx = update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    let Some(Effect::SaveLog { content, lines, .. }) = fx.first() else {
        panic!("save")
    };
    assert_eq!(*lines, 3);
    assert!(content.contains("ERROR boom"));
}

#[test]
fn readonly_refuses_a_shell_without_any_effect() {
    let mut s = with_one_pod();
    s.readonly = true;
    let fx = press(&mut s, KeyCode::Char('s'));
    assert!(fx.iter().all(|f| !matches!(f, Effect::Shell { .. })));
    let (_, msg) = s.message.clone().unwrap();
    assert!(msg.contains("read-only"), "{msg}");
    // Not read-only: one Shell effect for the pod's container.
    s.readonly = false;
    let fx = press(&mut s, KeyCode::Char('s'));
    let Some(Effect::Shell { cluster, target }) = fx.first() else {
        panic!("shell effect")
    };
    assert_eq!(*cluster, 0);
    assert_eq!(
        (target.pod.as_str(), target.container.as_str()),
        ("web-1", "app")
    );
}

#[test]
fn help_over_the_log_view_returns_to_it() {
    let mut s = with_one_pod();
    press(&mut s, KeyCode::Char('l'));
    press(&mut s, KeyCode::Char('?'));
    assert!(matches!(s.overlays.last(), Some(Overlay::Help { .. })));
    // Lines arriving meanwhile are kept.
    update(&mut s, log_lines(1, &["while help was open"]));
    press(&mut s, KeyCode::Esc);
    assert!(
        matches!(s.screen, Screen::Logs(_)) && s.overlays.is_empty(),
        "back in the log view"
    );
    assert_eq!(lines(&s), ["while help was open"]);
}

#[test]
fn stream_markers_name_their_source_once() {
    let mut s = with_one_pod();
    press(&mut s, KeyCode::Char('l'));
    let marker = |stream| {
        Msg::Log(LogEvent::Marker {
            stream,
            severity: crate::kube::logs::Severity::Warning,
            text: "log stream interrupted".into(),
        })
    };
    update(&mut s, marker(1));
    // One pod, no prefixes: the marker says whose stream it is.
    assert_eq!(lines(&s), ["web-1/app: log stream interrupted"]);
    press(&mut s, KeyCode::Esc);
    s.view.scope.kind = View::Kind(Kind::Deployments);
    s.view.stale = true;
    update(
        &mut s,
        rows_event(0, Kind::Deployments, vec![deployment("shop", "web", "web")]),
    );
    let fx = press(&mut s, KeyCode::Char('l'));
    let r = first_start(&fx);
    update(&mut s, marker(r.stream));
    // A workload's lines carry a prefix already.
    assert_eq!(lines(&s), ["log stream interrupted"]);
}
