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

mod custom {
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::app::msg::Effect;
    use crate::kube::discovery::{Resources, from_aggregated};
    use crate::kube::kind::Res;

    fn widgets() -> Kind {
        Kind::Generic(Res::intern(
            "conv.example.com",
            "v1",
            "widgets",
            "Widget",
            true,
        ))
    }

    /// Discovery of a cluster: widgets served or not, CRDs seen deleted.
    fn discovered(s: &mut State, cluster: usize, served: bool, deleted: &[&str]) -> Vec<Effect> {
        let agg = json!({"kind": "APIGroupDiscoveryList", "items": [
            {"metadata": {"name": "conv.example.com"}, "versions": [{"version": "v1", "resources": [
                {"resource": "widgets", "responseKind": {"kind": "Widget"}, "scope": "Namespaced",
                 "verbs": ["get", "list", "watch"]}]}]}]});
        let items = if served {
            from_aggregated(&agg).unwrap()
        } else {
            Vec::new()
        };
        let result = Ok(Arc::new(Resources {
            items,
            deleted_crds: deleted.iter().map(|d| Box::from(*d)).collect(),
            ..Resources::default()
        }));
        update(
            s,
            Msg::Cluster(ClusterEvent::Discovered { cluster, result }),
        )
    }

    fn watches(fx: &[Effect]) -> Vec<usize> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Watch { cluster, kind } if *kind == widgets() => Some(*cluster),
                _ => None,
            })
            .collect()
    }

    fn widgets_state() -> State {
        let mut s = state();
        s.view.scope.kind = View::Kind(widgets());
        s
    }

    #[test]
    fn a_failing_custom_resource_is_said_in_its_view_and_leaves_the_cluster_alone() {
        let mut s = widgets_state();
        assert_eq!(watches(&discovered(&mut s, 0, true, &[])), [0]);
        assert_eq!(watches(&discovered(&mut s, 1, true, &[])), [1]);
        let cause = "server error 500: conversion webhook for conv.example.com/v1beta1, Kind=Widget failed: Post \"https://widget-conversion.default.svc:443/convert?timeout=30s\": service \"widget-conversion\" not found";
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Watch {
                cluster: 1,
                kind: widgets(),
                state: trouble(TroubleKind::ServerError(500), cause),
            }),
        );
        let t = texts(&s);
        assert!(
            t.iter()
                .any(|x| x.starts_with("staging: ") && x.contains(cause)),
            "{t:?}"
        );
        // The cluster's mark and the clusters view say nothing of it.
        assert_eq!(of(&s.clusters[1]).mark, Mark::Ok);
        assert_eq!(crate::app::derive::problem(&s.clusters[1]), None);
        // Unreachable is the cluster's, whatever the kind.
        assert!(about_cluster(
            widgets(),
            &Trouble {
                kind: TroubleKind::Unreachable,
                cause: String::new()
            }
        ));
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Watch {
                cluster: 1,
                kind: widgets(),
                state: WatchState::Live,
            }),
        );
        assert!(texts(&s).is_empty(), "{:?}", texts(&s));
    }

    #[test]
    fn a_deleted_crd_is_said_no_longer_served_then_recovers_when_created_again() {
        let mut s = widgets_state();
        discovered(&mut s, 0, true, &[]);
        discovered(&mut s, 1, true, &[]);
        let row = crate::kube::Row::Generic(Box::new(crate::kube::table::GenericRow {
            meta: crate::testkit::meta("shop", "w1", &[], None),
            cells: Box::new([Box::from("w1")]),
            age_at: None,
            owner: None,
        }));
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Rows {
                cluster: 1,
                kind: widgets(),
                change: crate::kube::RowChange::Upsert(vec![row]),
            }),
        );
        assert_eq!(s.caches[&(1, widgets())].rows.len(), 1);
        // The watch finds it gone (a 404) before discovery says so.
        let fx = update(
            &mut s,
            Msg::Cluster(ClusterEvent::Watch {
                cluster: 1,
                kind: widgets(),
                state: WatchState::Gone("the server could not find the requested resource".into()),
            }),
        );
        assert!(watches(&fx).is_empty(), "not watched again at once");
        assert!(s.caches[&(1, widgets())].rows.is_empty());
        assert_eq!(
            texts(&s),
            ["widgets.conv.example.com: no longer served on staging"]
        );
        assert_eq!(of(&s.clusters[1]).mark, Mark::Ok);
        // Discovery: gone, its CRD seen deleted.
        let fx = discovered(&mut s, 1, false, &["widgets.conv.example.com"]);
        assert!(watches(&fx).is_empty());
        assert_eq!(
            texts(&s),
            ["widgets.conv.example.com: no longer served on staging (its CRD was deleted)"]
        );
        // Created again: watched again, the message goes.
        let fx = discovered(&mut s, 1, true, &[]);
        assert_eq!(watches(&fx), [1]);
        assert!(texts(&s).is_empty(), "{:?}", texts(&s));
    }
}

#[test]
fn a_forbidden_list_says_who_may_not_do_what_where_then_the_server() {
    let mut s = state();
    s.clusters[1].user = "staging-dev".into();
    let server = "pods is forbidden: User \"staging-dev\" cannot list resource \"pods\" in API group \"\" at the cluster scope";
    watch(&mut s, 1, WatchState::Forbidden(server.into()));
    assert_eq!(
        texts(&s),
        [format!(
            "staging: staging-dev may not list pods on staging (:can lists what you may do); the server said: {server}"
        )]
    );
    // A watch refused after its list: the verb the server named.
    watch(
        &mut s,
        1,
        WatchState::Forbidden(
            "pods is forbidden: User \"staging-dev\" cannot watch resource \"pods\"".into(),
        ),
    );
    assert!(texts(&s)[0].starts_with("staging: staging-dev may not watch pods on staging"));
}
