//! Operations in the state machine: nothing is sent before the yes, the
//! exact targets are confirmed, production needs the typed name, marked
//! rows across clusters are one action.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tests::{meta, press, rows_event, state, type_text};
use super::update;
use crate::app::msg::{Effect, Msg};
use crate::app::state::{Overlay, State};
use crate::app::view::View;
use crate::kube::kind::Kind;
use crate::kube::ops::{Op, Plan, Target};
use crate::kube::{ClusterEvent, Row, rows};

fn deployment(name: &str) -> Row {
    Row::Deployment(Box::new(rows::DeploymentRow {
        meta: meta("shop", name, &[]),
        desired: 3,
        ready: 3,
        updated: 3,
        available: 3,
        selector: [("app".to_string(), name.to_string())].into(),
        images: vec!["web:1".into()],
        unhealthy: false,
    }))
}

/// Deployments `web` in both clusters (prod-eu is production).
fn deployments() -> State {
    let mut s = state();
    s.view.scope.kind = View::Kind(Kind::Deployments);
    s.view.stale = true;
    for c in 0..2 {
        update(
            &mut s,
            rows_event(c, Kind::Deployments, vec![deployment("web")]),
        );
    }
    s
}

fn plan_for(t: &Target, op: Op) -> Plan {
    let mut p = Plan::refused(t.clone(), op, String::new());
    p.refused = None;
    p.change = "replicas 3 → 5".into();
    p.requests.push(crate::kube::ops::request::Request::patch(
        t.kind.path(&t.namespace, &t.name) + "/scale",
        "application/merge-patch+json",
        serde_json::json!({"spec": {"replicas": 5}}),
    ));
    p.dry_run = Some(Ok(()));
    p
}

fn prepare_of(fx: &[Effect]) -> (u64, Vec<(Target, Op)>) {
    fx.iter()
        .find_map(|f| match f {
            Effect::Prepare { run, asks } => Some((*run, asks.clone())),
            _ => None,
        })
        .expect("a prepare effect")
}

fn sends(fx: &[Effect]) -> bool {
    fx.iter()
        .any(|f| matches!(f, Effect::Apply { .. } | Effect::Drain { .. }))
}

#[test]
fn scale_reads_the_replicas_then_asks_then_confirms_before_sending() {
    let mut s = deployments();
    // staging's row (not production) is the second.
    press(&mut s, KeyCode::Char('j'));
    let fx = press(&mut s, KeyCode::Char('s'));
    let Some(Effect::ReadScale { run, target }) = fx.first().cloned() else {
        panic!("the scale is read first: {fx:?}")
    };
    assert_eq!(
        (target.context.as_str(), target.name.as_str()),
        ("staging", "web")
    );
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Scale {
            run,
            target: target.clone(),
            result: Ok(3),
        }),
    );
    // The form, prefilled with 3: a bad value is refused in the form.
    press(&mut s, KeyCode::Backspace);
    type_text(&mut s, "-2");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(fx.is_empty(), "{fx:?}");
    let Some(Overlay::Form(_)) = s.overlays.last() else {
        panic!("still the form")
    };
    for _ in 0..2 {
        press(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "5");
    let fx = press(&mut s, KeyCode::Enter);
    let (run, asks) = prepare_of(&fx);
    assert_eq!(asks, [(target.clone(), Op::Scale { replicas: 5 })]);
    assert!(!sends(&fx));
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Prepared {
            run,
            plans: vec![plan_for(&target, Op::Scale { replicas: 5 })],
        }),
    );
    let Some(Overlay::Confirm(c)) = s.overlays.last() else {
        panic!("the confirmation")
    };
    assert!(c.need.is_none(), "staging is not production");
    // esc: nothing sent, the no is journaled.
    let fx = press(&mut s, KeyCode::Esc);
    assert!(!sends(&fx));
    assert!(
        matches!(fx.as_slice(), [Effect::Cancelled { .. }]),
        "{fx:?}"
    );
    assert!(s.overlays.is_empty());
}

#[test]
fn production_needs_the_typed_name() {
    let mut s = deployments();
    // prod-eu's row first.
    let fx = press(&mut s, KeyCode::Char('r'));
    let (run, asks) = prepare_of(&fx);
    let t = asks[0].0.clone();
    assert_eq!(t.context, "prod-eu");
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Prepared {
            run,
            plans: vec![plan_for(&t, Op::Restart)],
        }),
    );
    assert!(
        !sends(&press(&mut s, KeyCode::Char('y'))),
        "y is typed, not a yes"
    );
    assert!(
        !sends(&press(&mut s, KeyCode::Enter)),
        "the name is not typed yet"
    );
    for _ in 0..1 {
        press(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "web");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(fx.as_slice(), [Effect::Apply { plans, .. }] if plans.len() == 1 && plans[0].target == t),
        "{fx:?}"
    );
    // The prompt to type the name is over: it is not left on the line.
    assert!(
        s.message
            .as_ref()
            .is_none_or(|(_, m)| !m.contains("to confirm")),
        "{:?}",
        s.message
    );
}

#[test]
fn marked_rows_in_two_clusters_are_one_action() {
    let mut s = deployments();
    press(&mut s, KeyCode::Char(' '));
    press(&mut s, KeyCode::Char(' '));
    assert_eq!(s.marks.len(), 2);
    let fx = press(&mut s, KeyCode::Char('u'));
    let (run, asks) = prepare_of(&fx);
    let contexts: Vec<&str> = asks.iter().map(|(t, _)| t.context.as_str()).collect();
    assert_eq!(contexts, ["prod-eu", "staging"]);
    assert!(asks.iter().all(|(_, op)| *op == Op::Rollback { to: 0 }));
    let plans = asks.iter().map(|(t, op)| plan_for(t, op.clone())).collect();
    update(&mut s, Msg::Cluster(ClusterEvent::Prepared { run, plans }));
    let Some(Overlay::Confirm(c)) = s.overlays.last() else {
        panic!("one confirmation")
    };
    assert_eq!(c.plans.len(), 2);
    // prod-eu is among them: the (shared) name must be typed.
    assert_eq!(c.need.as_deref(), Some("web"));
    type_text(&mut s, "web");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(fx.as_slice(), [Effect::Apply { plans, .. }] if plans.len() == 2),
        "{fx:?}"
    );
}

#[test]
fn a_refused_plan_cannot_be_confirmed() {
    let mut s = deployments();
    press(&mut s, KeyCode::Char('j'));
    let fx = press(&mut s, KeyCode::Char('r'));
    let (run, asks) = prepare_of(&fx);
    let refused = Plan::refused(
        asks[0].0.clone(),
        Op::Restart,
        "read-only mode: restart deployment shop/web on staging was not sent".into(),
    );
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Prepared {
            run,
            plans: vec![refused],
        }),
    );
    assert!(!sends(&press(&mut s, KeyCode::Enter)));
    assert!(!sends(&press(&mut s, KeyCode::Char('y'))));
}

#[test]
fn actions_that_do_not_apply_say_so() {
    let mut s = state();
    update(
        &mut s,
        rows_event(
            0,
            Kind::Pods,
            vec![super::tests::pod("shop", "web-1", "Running", "web")],
        ),
    );
    // r on a pod: no restart of a pod.
    let fx = update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE)),
    );
    assert!(fx.is_empty());
    // ctrl-d on a pod: the delete form.
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)),
    );
    assert!(matches!(s.overlays.last(), Some(Overlay::Form(_))));
}
