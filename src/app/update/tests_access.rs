//! Permissions in the state machine: what the screen shows is asked once,
//! an action the user may not do is refused at its key with the reason
//! (nothing sent, not even a dry run), marked targets that are denied are
//! left out and named, and an unanswered question lets the action go on.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tests::{meta, press, rows_event, tick};
use super::update;
use crate::app::msg::{Effect, Msg};
use crate::app::state::{Level, Overlay, State};
use crate::app::view::View;
use crate::kube::access::AccessKey;
use crate::kube::kind::Kind;
use crate::kube::ops::{Op, Plan, Target};
use crate::kube::{ClusterEvent, ClusterStatus, Row};
use crate::testkit;

fn deployment(ns: &str, name: &str) -> Row {
    testkit::deployment(meta(ns, name, &[]))
}

/// Two connected clusters (viewer and admin) with deployment shop/web each.
fn deployments() -> State {
    let clusters = ["prod-eu-viewer", "prod-eu"]
        .into_iter()
        .map(|n| {
            let mut c = testkit::cluster(
                n,
                ClusterStatus::Connected {
                    version: "v1.36.2".into(),
                },
            );
            c.user = n.to_string();
            c.production = false;
            c
        })
        .collect();
    let mut s = testkit::state(View::Kind(Kind::Deployments), clusters, chrono::Utc::now());
    for c in 0..2 {
        update(
            &mut s,
            rows_event(c, Kind::Deployments, vec![deployment("shop", "web")]),
        );
    }
    s
}

fn checks(fx: &[Effect]) -> Vec<AccessKey> {
    fx.iter()
        .filter_map(|f| match f {
            Effect::CheckAccess { key } => Some(key.clone()),
            _ => None,
        })
        .collect()
}

/// Answer every question about shop/web: cluster 0 (the viewer) may
/// not, 1 (the admin) may.
fn answer_all(s: &mut State) {
    for cluster in 0..2 {
        let t = Target {
            cluster,
            context: s.clusters[cluster].name.clone(),
            kind: Kind::Deployments,
            namespace: "shop".into(),
            name: "web".into(),
        };
        testkit::answer_access(s, &t, cluster == 1);
    }
}

/// Put the cursor on cluster `c`'s row.
fn select(s: &mut State, c: usize) {
    crate::app::derive::refresh(s);
    for _ in 0..2 {
        match s.view.rows.get(s.view.cursor).map(|r| r.cluster) {
            Some(at) if at == c => break,
            _ if s.view.cursor == 0 => press(s, KeyCode::Char('j')),
            _ => press(s, KeyCode::Char('k')),
        };
    }
    assert_eq!(s.view.rows.get(s.view.cursor).map(|r| r.cluster), Some(c));
}

/// Whatever talks to a cluster about an operation (reads included).
fn asks_the_cluster(fx: &[Effect]) -> bool {
    fx.iter().any(|f| {
        matches!(
            f,
            Effect::ReadScale { .. }
                | Effect::Prepare { .. }
                | Effect::Apply { .. }
                | Effect::Drain { .. }
                | Effect::Shell { .. }
        )
    })
}

#[test]
fn the_view_asks_its_questions_once_for_each_cluster() {
    let mut s = deployments();
    let fx = tick(&mut s);
    let keys = checks(&fx);
    let first = s.view.rows[0].cluster;
    // The selected row: scale, restart/rollback, delete.
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert!(
        keys.iter()
            .all(|k| k.cluster == first && k.namespace == "shop")
    );
    assert!(
        checks(&tick(&mut s)).is_empty(),
        "in flight: not asked again"
    );
    // The cursor moves to the other row: its questions.
    let fx = press(&mut s, KeyCode::Char('j'));
    let keys = checks(&fx);
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k.cluster == 1 - first));
}

#[test]
fn a_denied_action_is_refused_at_its_key_and_nothing_is_sent() {
    let mut s = deployments();
    answer_all(&mut s);
    select(&mut s, 0);
    // Every action key on the viewer's row.
    for (code, ctrl, action) in [
        (KeyCode::Char('s'), false, "scale"),
        (KeyCode::Char('r'), false, "restart"),
        (KeyCode::Char('u'), false, "rollback"),
        (KeyCode::Char('d'), true, "delete"),
    ] {
        let m = if ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        let fx = update(&mut s, Msg::Key(KeyEvent::new(code, m)));
        assert!(!asks_the_cluster(&fx), "{action}: {fx:?}");
        assert!(s.overlays.is_empty(), "{action}: no form, no confirmation");
        let Some((Level::Warning, msg)) = &s.message else {
            panic!("{action}: said why")
        };
        assert!(
            msg.starts_with("not allowed: prod-eu-viewer may not ")
                && msg.contains(" deployments")
                && msg.contains("in shop @prod-eu-viewer")
                && msg.ends_with("nothing was sent"),
            "{msg}"
        );
        // Journaled as refused.
        assert!(
            matches!(fx.as_slice(), [Effect::Refused { action: a, refusals }, ..]
                if a == action && refusals.len() == 1 && refusals[0].0.context == "prod-eu-viewer"),
            "{fx:?}"
        );
    }
    assert!(
        s.message
            .as_ref()
            .is_some_and(|(_, m)| m.contains("delete deployments"))
    );
    // The admin's row: allowed, the action goes on.
    select(&mut s, 1);
    let fx = press(&mut s, KeyCode::Char('r'));
    assert!(
        fx.iter().any(|f| matches!(f, Effect::Prepare { .. })),
        "{fx:?}"
    );
}

#[test]
fn not_answered_yet_means_allowed_and_the_server_decides() {
    let mut s = deployments();
    select(&mut s, 0);
    // Asked, no answer yet.
    tick(&mut s);
    let fx = press(&mut s, KeyCode::Char('r'));
    assert!(
        fx.iter().any(|f| matches!(f, Effect::Prepare { .. })),
        "{fx:?}"
    );
}

#[test]
fn denied_marked_targets_are_left_out_and_named() {
    let mut s = deployments();
    answer_all(&mut s);
    press(&mut s, KeyCode::Char(' '));
    press(&mut s, KeyCode::Char(' '));
    assert_eq!(s.marks.len(), 2);
    let fx = press(&mut s, KeyCode::Char('r'));
    // Only the admin's target is worked out and dry-run.
    let Some((run, asks)) = fx.iter().find_map(|f| match f {
        Effect::Prepare { run, asks } => Some((*run, asks.clone())),
        _ => None,
    }) else {
        panic!("a prepare: {fx:?}")
    };
    let contexts: Vec<&str> = asks.iter().map(|(t, _)| t.context.as_str()).collect();
    assert_eq!(contexts, ["prod-eu"]);
    // The denied one is journaled as refused.
    assert!(
        fx.iter()
            .any(|f| matches!(f, Effect::Refused { refusals, .. }
            if refusals.len() == 1 && refusals[0].0.context == "prod-eu-viewer")),
        "{fx:?}"
    );
    let mut plan = Plan::refused(asks[0].0.clone(), Op::Restart, String::new());
    plan.refused = None;
    plan.requests
        .push(crate::kube::ops::request::Request::patch(
            "/x".into(),
            "application/strategic-merge-patch+json",
            serde_json::json!({}),
        ));
    plan.dry_run = Some(Ok(()));
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Prepared {
            run,
            plans: vec![plan],
        }),
    );
    let Some(Overlay::Confirm(c)) = s.overlays.last() else {
        panic!("the confirmation")
    };
    assert_eq!(c.plans.len(), 1);
    assert_eq!(c.denied.len(), 1);
    assert_eq!(c.denied[0].target.context, "prod-eu-viewer");
    assert!(
        c.denied[0]
            .refused
            .as_deref()
            .is_some_and(|w| w.starts_with("not allowed: prod-eu-viewer may not patch deployments")),
        "{:?}",
        c.denied[0].refused
    );
    // Yes sends to the allowed one only; esc would journal only it.
    let fx = press(&mut s, KeyCode::Char('y'));
    assert!(
        matches!(fx.as_slice(), [Effect::Apply { plans, .. }] if plans.len() == 1 && plans[0].target.context == "prod-eu"),
        "{fx:?}"
    );
}

#[test]
fn every_marked_target_denied_refuses_the_whole_action() {
    let mut s = deployments();
    answer_all(&mut s);
    let viewer = |ns: &str| Target {
        cluster: 0,
        context: "prod-eu-viewer".into(),
        kind: Kind::Deployments,
        namespace: ns.into(),
        name: "web".into(),
    };
    s.marks.insert(viewer("shop"));
    let fx = press(&mut s, KeyCode::Char('u'));
    assert!(!asks_the_cluster(&fx), "{fx:?}");
    assert!(s.overlays.is_empty());
}

#[test]
fn a_403_makes_the_cluster_be_asked_again() {
    let mut s = deployments();
    // The admin's row, allowed.
    answer_all(&mut s);
    select(&mut s, 1);
    let fx = press(&mut s, KeyCode::Char('r'));
    let Some(run) = fx.iter().find_map(|f| match f {
        Effect::Prepare { run, .. } => Some(*run),
        _ => None,
    }) else {
        panic!("{fx:?}")
    };
    let t = Target {
        cluster: 1,
        context: "prod-eu".into(),
        kind: Kind::Deployments,
        namespace: "shop".into(),
        name: "web".into(),
    };
    let mut plan = Plan::refused(t, Op::Restart, String::new());
    plan.refused = None;
    plan.dry_run = Some(Err(
        "forbidden (403): prod-eu may not patch deployments \"web\" in namespace shop on cluster prod-eu; the server said: no".into(),
    ));
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Prepared {
            run,
            plans: vec![plan],
        }),
    );
    let mut keys = checks(&press(&mut s, KeyCode::Esc));
    keys.extend(checks(&tick(&mut s)));
    assert!(
        !keys.is_empty() && keys.iter().all(|k| k.cluster == 1),
        "asked again: {keys:?}"
    );
}
