//! The ownership tree's lines, from caches and references.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Line;
use crate::app::msg::{Effect, Msg};
use crate::app::state::{Screen, State};
use crate::app::update::update;
use crate::app::view::View;
use crate::kube::kind::Kind;
use crate::kube::rows::{ContainerInfo, Owner, ReplicaSetRow};
use crate::kube::workload_refs::{Health, Mounted, RefKind, Refs};
use crate::kube::{ClusterEvent, ClusterStatus, Row};
use crate::testkit::{self, feed, meta};

fn rs(name: &str, revision: &str, desired: i32, ready: i32) -> Row {
    Row::ReplicaSet(Box::new(ReplicaSetRow {
        meta: meta("shop", name, &[], None),
        desired,
        current: desired,
        ready,
        selector: Default::default(),
        images: Vec::new(),
        owner: Some(Owner::new("Deployment", "web")),
        revision: Some(revision.into()),
        unhealthy: ready < desired,
    }))
}

fn pod(name: &str, set: &str, status: &str, ready: bool) -> Row {
    let mut p = testkit::pod(meta("shop", name, &[("app", "web")], None), status, 0);
    p.owner = Some(Owner::new("ReplicaSet", set));
    p.containers = vec![ContainerInfo {
        name: "app".into(),
        ready,
        state: (!ready).then(|| status.into()),
        ..Default::default()
    }]
    .into();
    Row::Pod(Box::new(p))
}

fn key(s: &mut State, c: char) -> Vec<Effect> {
    update(
        s,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    )
}

fn shown(s: &mut State) -> Vec<Line> {
    crate::app::derive::refresh(s);
    let Screen::Tree(t) = &s.screen else {
        panic!("no tree")
    };
    t.lines.clone()
}

fn find<'a>(l: &'a [Line], text: &str) -> &'a Line {
    l.iter()
        .find(|l| l.text == text)
        .unwrap_or_else(|| panic!("{text} not in {l:#?}"))
}

#[test]
fn a_deployment_its_sets_pods_containers_and_references() {
    let clusters = vec![testkit::cluster(
        "prod-eu",
        ClusterStatus::Connected {
            version: "v1.31".into(),
        },
    )];
    let mut s = testkit::state(View::Kind(Kind::Deployments), clusters, testkit::t0());
    s.view.scope.cluster = Some(0);
    feed(
        &mut s,
        0,
        Kind::Deployments,
        vec![testkit::deployment(meta("shop", "web", &[], None))],
    );
    feed(
        &mut s,
        0,
        Kind::ReplicaSets,
        vec![
            rs("web-new", "5", 3, 2),
            rs("web-4", "4", 0, 0),
            rs("web-3", "3", 0, 0),
            rs("web-2", "2", 0, 0),
            rs("web-1", "1", 0, 0),
        ],
    );
    feed(
        &mut s,
        0,
        Kind::Pods,
        vec![
            pod("web-new-a", "web-new", "Running", true),
            pod("web-new-b", "web-new", "CrashLoopBackOff", false),
            pod("stray", "other", "Running", true),
        ],
    );
    crate::app::derive::refresh(&mut s);
    let fx = key(&mut s, 'x');
    let request = fx
        .iter()
        .find_map(|e| match e {
            Effect::WorkloadRefs { request, name, .. } if name == "web" => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{fx:?}"));
    // Its sets and pods are watched while the tree is open.
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::Watch {
                kind: Kind::Pods,
                ..
            }
        )) || s.watched.contains(&(0, Kind::Pods))
    );
    let l = shown(&mut s);
    assert_eq!(l[0].text, "prod-eu  deploy/shop/web");
    assert_eq!(find(&l, "rs/web-new").health, Health::Warn);
    assert_eq!(find(&l, "rs/web-new").prefix, "├─ ");
    assert_eq!(find(&l, "pod/web-new-a").health, Health::Ok);
    assert_eq!(find(&l, "pod/web-new-b").health, Health::Bad);
    assert_eq!(find(&l, "pod/web-new-b").prefix, "│  └─ ");
    assert!(l.iter().all(|l| l.text != "pod/stray"));
    // Two old empty sets shown, the other two summed up.
    assert!(l.iter().any(|l| l.text == "rs/web-4"));
    assert!(l.iter().any(|l| l.text == "rs/web-3"));
    assert_eq!(find(&l, "2 older replicasets").status, "no pods");
    assert_eq!(find(&l, "…").health, Health::Unknown);
    // The references answer: a missing configmap, an optional one.
    let mounted = |name: &str, health: Health, status: &str| Mounted {
        kind: RefKind::ConfigMap,
        name: name.into(),
        how: vec!["volume"],
        optional: false,
        health,
        status: status.into(),
    };
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::WorkloadRefs {
            request,
            cluster: 0,
            result: Ok(Refs {
                mounts: vec![
                    mounted("web-config", Health::Bad, "missing"),
                    mounted("flags", Health::Ok, "missing (optional)"),
                ],
                ..Refs::default()
            }),
        }),
    );
    let l = shown(&mut s);
    let cm = find(&l, "cm/web-config");
    assert_eq!(
        (cm.health, cm.status.as_str()),
        (Health::Bad, "missing (volume)")
    );
    assert_eq!(find(&l, "cm/flags").prefix, "└─ ");
    assert!(l.iter().all(|l| l.text != "…"));
    // An older answer is dropped once the tree is read again.
    s.now += chrono::Duration::seconds(super::REFRESH_SECS);
    let now = s.now;
    let fx = update(&mut s, Msg::Tick(now));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::WorkloadRefs { .. })),
        "{fx:?}"
    );
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::WorkloadRefs {
            request,
            cluster: 0,
            result: Err("stale".into()),
        }),
    );
    assert!(shown(&mut s).iter().all(|l| !l.status.contains("stale")));
    // Enter on a pod describes it, and esc returns to the tree.
    let at = l.iter().position(|l| l.text == "pod/web-new-b").unwrap();
    for _ in 0..at {
        key(&mut s, 'j');
    }
    let fx = update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(
        fx.iter().any(
            |e| matches!(e, Effect::Fetch { name, kind: Kind::Pods, .. } if name == "web-new-b")
        ),
        "{fx:?}"
    );
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert!(matches!(s.screen, Screen::Tree(_)));
}

/// A cluster slower than the refresh is not asked again while its read is
/// under way; it is asked again 30 s after it answered.
#[test]
fn a_slow_cluster_is_not_asked_again_and_again() {
    let clusters = vec![testkit::cluster(
        "prod-eu",
        ClusterStatus::Connected {
            version: "v1.31".into(),
        },
    )];
    let mut s = testkit::state(View::Kind(Kind::Deployments), clusters, testkit::t0());
    feed(
        &mut s,
        0,
        Kind::Deployments,
        vec![testkit::deployment(meta("shop", "web", &[], None))],
    );
    crate::app::derive::refresh(&mut s);
    let asks = |fx: &[Effect]| {
        fx.iter()
            .filter(|e| matches!(e, Effect::WorkloadRefs { .. }))
            .count()
    };
    assert_eq!(asks(&key(&mut s, 'x')), 1);
    let Screen::Tree(t) = &s.screen else { panic!() };
    let request = t.pending[&0];
    for secs in [31, 62, 300] {
        let now = testkit::t0() + chrono::Duration::seconds(secs);
        assert_eq!(
            asks(&update(&mut s, Msg::Tick(now))),
            0,
            "asked again at {secs} s"
        );
    }
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::WorkloadRefs {
            request,
            cluster: 0,
            result: Ok(Refs::default()),
        }),
    );
    let later = testkit::t0() + chrono::Duration::seconds(320);
    assert_eq!(asks(&update(&mut s, Msg::Tick(later))), 0, "too soon");
    let later = testkit::t0() + chrono::Duration::seconds(331);
    assert_eq!(asks(&update(&mut s, Msg::Tick(later))), 1);
}
