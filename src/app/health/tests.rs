//! Health through `update`: problems appear when they start, say how old
//! the data is, are said once, and clear when they end.

use chrono::TimeDelta;

use super::*;
use crate::app::msg::Msg;
use crate::app::update::update;
use crate::app::view::View;
use crate::kube::kind::Kind;
use crate::kube::{ClusterEvent, Trouble, TroubleKind};
use crate::testkit;

fn state() -> State {
    let connected = || ClusterStatus::Connected {
        version: "v1.36.2".into(),
    };
    let clusters = vec![
        testkit::cluster("prod-eu", connected()),
        testkit::cluster("staging", connected()),
    ];
    testkit::state(View::Kind(Kind::Pods), clusters, testkit::t0())
}

fn watch(s: &mut State, cluster: usize, state: WatchState) {
    update(
        s,
        Msg::Cluster(ClusterEvent::Watch {
            cluster,
            kind: Kind::Pods,
            state,
        }),
    );
}

fn status(s: &mut State, cluster: usize, status: ClusterStatus) {
    update(s, Msg::Cluster(ClusterEvent::Status { cluster, status }));
}

fn later(s: &mut State, secs: i64) {
    let now = s.now + TimeDelta::seconds(secs);
    update(s, Msg::Tick(now));
}

fn trouble(kind: TroubleKind, cause: &str) -> WatchState {
    WatchState::Retrying(Trouble {
        kind,
        cause: cause.into(),
    })
}

fn texts(s: &State) -> Vec<String> {
    problems(s).into_iter().map(|p| p.text).collect()
}

#[test]
fn a_failing_watch_says_how_old_the_data_is_and_clears() {
    let mut s = state();
    watch(&mut s, 1, WatchState::Live);
    assert_eq!(of(&s.clusters[1]).mark, Mark::Ok);
    watch(
        &mut s,
        1,
        trouble(TroubleKind::ServerError(500), "server error 500: boom"),
    );
    later(&mut s, 12);
    // The same failure again does not reset the age.
    watch(
        &mut s,
        1,
        trouble(TroubleKind::ServerError(503), "server error 503: busy"),
    );
    later(&mut s, 2);
    let h = of(&s.clusters[1]);
    assert_eq!(h.mark, Mark::Degraded);
    assert_eq!(h.label.as_deref(), Some("server error (503)"));
    assert_eq!(
        texts(&s),
        ["staging: server error 503: busy; data as of 14s ago, retrying"]
    );
    watch(&mut s, 1, WatchState::Live);
    assert_eq!(of(&s.clusters[1]).mark, Mark::Ok);
    assert!(texts(&s).is_empty(), "{:?}", texts(&s));
}

#[test]
fn throttling_is_not_green() {
    let mut s = state();
    watch(&mut s, 0, WatchState::Live);
    watch(
        &mut s,
        0,
        trouble(TroubleKind::Throttled, "429 Too Many Requests: slow down"),
    );
    let h = of(&s.clusters[0]);
    assert_eq!(
        (h.mark, h.label.as_deref()),
        (Mark::Degraded, Some("throttled (429)"))
    );
    assert!(ageing(&s), "the age on screen must tick");
}

#[test]
fn unauthorized_heals_with_the_first_success() {
    let mut s = state();
    watch(&mut s, 0, WatchState::Live);
    status(
        &mut s,
        0,
        ClusterStatus::Unauthorized {
            cause: "401 Unauthorized".into(),
        },
    );
    watch(
        &mut s,
        0,
        trouble(TroubleKind::Unauthorized, "401 Unauthorized"),
    );
    assert_eq!(of(&s.clusters[0]).mark, Mark::Down);
    // One line for the cluster, not one for it and one for its watch.
    assert_eq!(texts(&s), ["prod-eu unauthorized for 0s: 401 Unauthorized"]);
    // The watch works again: the cluster answers, all is well.
    watch(&mut s, 0, WatchState::Live);
    update(&mut s, Msg::Cluster(ClusterEvent::Healthy { cluster: 0 }));
    assert_eq!(
        of(&s.clusters[0]),
        Health {
            mark: Mark::Ok,
            label: None
        }
    );
    assert!(texts(&s).is_empty(), "{:?}", texts(&s));
}

#[test]
fn an_unreachable_cluster_is_said_once_with_how_long() {
    let mut s = state();
    status(
        &mut s,
        1,
        ClusterStatus::Unreachable {
            cause: "Connection refused (os error 111)".into(),
        },
    );
    watch(
        &mut s,
        1,
        trouble(
            TroubleKind::Unreachable,
            "Connection refused (os error 111)",
        ),
    );
    later(&mut s, 65);
    assert_eq!(
        texts(&s),
        ["staging unreachable for 65s: Connection refused (os error 111)"]
    );
}
