//! The alert rules, one by one, at their boundaries; the list kept by
//! `refresh` (workloads short for N minutes, pruned when healthy).

use chrono::Duration;

use super::{Severity, refresh, rules};
use crate::app::msg::Msg;
use crate::app::state::State;
use crate::app::update::update;
use crate::app::view::View;
use crate::kube::kind::Kind;
use crate::kube::rows::{ContainerInfo, NodeCondition, PodRow, QuotaRow, Termination};
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange};
use crate::testkit::{self, meta, t0};

fn condition(kind: &str, status: &str) -> NodeCondition {
    NodeCondition {
        kind: kind.into(),
        status: status.into(),
        since: Some(t0() - Duration::minutes(3)),
    }
}

#[test]
fn a_ready_node_is_no_alert_a_not_ready_or_unknown_one_is() {
    let n = testkit::node("n1", "4", "8Gi");
    assert!(rules::node(0, &n).is_empty());
    let mut bad = n.clone();
    bad.ready = false;
    bad.conditions = vec![condition("Ready", "False")].into();
    let a = rules::node(2, &bad);
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].rule, a[0].severity, a[0].cluster),
        ("NodeNotReady", Severity::Critical, 2)
    );
    assert_eq!(a[0].since, Some(t0() - Duration::minutes(3)));
    assert_eq!(a[0].object(), "nodes/n1");
    bad.conditions = vec![condition("Ready", "Unknown")].into();
    assert!(rules::node(0, &bad)[0].message.contains("unknown"));
    bad.conditions = Box::default();
    assert!(rules::node(0, &bad)[0].message.contains("no Ready"));
}

#[test]
fn each_pressure_condition_that_is_true_is_an_alert() {
    let mut n = testkit::node("n1", "4", "8Gi");
    n.conditions = vec![
        condition("Ready", "True"),
        condition("DiskPressure", "True"),
        condition("MemoryPressure", "False"),
        condition("PIDPressure", "True"),
        condition("NetworkUnavailable", "True"),
    ]
    .into();
    let rules: Vec<&str> = rules::node(0, &n).iter().map(|a| a.rule).collect();
    assert_eq!(rules, ["DiskPressure", "PIDPressure"]);
}

#[test]
fn pods_failing_to_start_are_alerts_running_or_pending_ones_not() {
    for status in rules::FAILING {
        let p = testkit::pod(meta("shop", "web-1", &[], Some(t0())), status, 4);
        let a = rules::pod(1, &p).unwrap();
        assert_eq!(a.rule, *status);
        assert_eq!(a.object(), "pods/shop/web-1");
        assert!(a.message.contains("4 restarts"), "{}", a.message);
    }
    for status in ["Running", "Pending", "Completed", "ContainerCreating"] {
        let p = testkit::pod(meta("shop", "web-1", &[], None), status, 0);
        assert!(rules::pod(0, &p).is_none(), "{status}");
    }
}

/// A running pod whose container `app` last ended with `reason` at
/// `finished`.
fn restarted(reason: &str, finished: Option<chrono::DateTime<chrono::Utc>>) -> PodRow {
    let mut p = testkit::pod(meta("shop", "web-1", &[], Some(t0())), "Running", 2);
    p.containers = vec![ContainerInfo {
        name: "app".into(),
        ready: true,
        restarts: 2,
        last: Some(Box::new(Termination {
            reason: reason.into(),
            exit_code: 137,
            finished,
        })),
        ..ContainerInfo::default()
    }]
    .into();
    p
}

#[test]
fn an_oom_kill_is_an_alert_for_the_window_after_it_ended_not_after() {
    let killed = t0() - Duration::minutes(3);
    let p = restarted("OOMKilled", Some(killed));
    let a = rules::oom_recent(1, &p, t0(), 10).unwrap();
    assert_eq!(
        (a.rule, a.severity, a.cluster, a.since),
        ("OOMKilled", Severity::Critical, 1, Some(killed))
    );
    assert_eq!(a.object(), "pods/shop/web-1");
    assert_eq!(a.message, "container app OOMKilled 3m ago, 2 restarts");
    // Just inside the window, then at its end.
    let edge = killed + Duration::minutes(10);
    assert!(rules::oom_recent(1, &p, edge - Duration::seconds(1), 10).is_some());
    assert!(rules::oom_recent(1, &p, edge, 10).is_none());
    // The window is the setting's.
    assert!(rules::oom_recent(1, &p, t0(), 3).is_none());
    // Another reason, or no time: no alert.
    assert!(rules::oom_recent(1, &restarted("Error", Some(killed)), t0(), 10).is_none());
    assert!(rules::oom_recent(1, &restarted("OOMKilled", None), t0(), 10).is_none());
}

#[test]
fn a_pod_oom_killed_now_is_one_alert_and_a_restarted_one_stays_one_for_the_window() {
    let c = testkit::cluster(
        "dev",
        ClusterStatus::Connected {
            version: "v1".into(),
        },
    );
    let mut s = testkit::state(View::Alerts, vec![c], t0());
    let mut now_killed = restarted("OOMKilled", Some(t0() - Duration::minutes(1)));
    now_killed.status = "OOMKilled".into();
    feed(&mut s, Kind::Pods, vec![Row::Pod(Box::new(now_killed))]);
    refresh(&mut s);
    assert_eq!(s.alerts.list.len(), 1, "{:?}", s.alerts.list);
    // Restarted and running again: still an alert, until the window ends.
    let killed = t0() - Duration::minutes(1);
    feed(
        &mut s,
        Kind::Pods,
        vec![Row::Pod(Box::new(restarted("OOMKilled", Some(killed))))],
    );
    refresh(&mut s);
    assert_eq!(s.alerts.list.len(), 1);
    assert_eq!(s.alerts.list[0].since, Some(killed));
    s.now = killed + Duration::minutes(10);
    refresh(&mut s);
    assert!(s.alerts.list.is_empty(), "{:?}", s.alerts.list);
}

fn quota(used: &str, hard: &str) -> QuotaRow {
    testkit::quota("team-a", "compute", used, hard)
}

#[test]
fn a_quota_alerts_at_ninety_percent_of_any_hard_limit_not_at_eighty_nine() {
    assert!(rules::quota(0, &quota("890m", "1"), 90).is_none());
    let a = rules::quota(0, &quota("900m", "1"), 90).unwrap();
    assert_eq!((a.rule, a.severity), ("QuotaPressure", Severity::Warning));
    assert!(
        a.message.contains("requests.cpu 900m/1 (90 %"),
        "{}",
        a.message
    );
    assert_eq!(
        rules::quota(0, &quota("9", "10"), 90).map(|a| a.rule),
        Some("QuotaPressure")
    );
    assert_eq!(
        rules::quota(0, &quota("2", "2"), 90).unwrap().severity,
        Severity::Critical
    );
    // Configurable.
    assert!(rules::quota(0, &quota("900m", "1"), 95).is_none());
}

#[test]
fn a_workload_short_alerts_after_exactly_n_minutes() {
    let m = meta("shop", "web", &[], None);
    let since = t0();
    let at = |mins: i64, secs: i64| t0() + Duration::minutes(mins) + Duration::seconds(secs);
    let short = |ready, now| rules::short(0, Kind::Deployments, &m, (ready, 3), since, now, 5);
    assert!(short(1, at(4, 59)).is_none());
    let a = short(1, at(5, 0)).unwrap();
    assert_eq!(a.rule, "ReplicasShort");
    assert_eq!(a.message, "1/3 ready for 5m or more");
    assert!(short(3, at(9, 0)).is_none());
}

fn feed(s: &mut State, kind: Kind, rows: Vec<Row>) {
    update(
        s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind,
            change: RowChange::Replace(rows),
        }),
    );
}

fn short_deployment(ready: i32) -> Row {
    let mut d = testkit::deployment(meta("shop", "web", &[], None));
    if let Row::Deployment(r) = &mut d {
        r.ready = ready;
    }
    d
}

#[test]
fn refresh_remembers_when_a_workload_went_short_and_forgets_it_when_healthy() {
    let c = testkit::cluster(
        "dev",
        ClusterStatus::Connected {
            version: "v1".into(),
        },
    );
    let mut s = testkit::state(View::Alerts, vec![c], t0());
    feed(&mut s, Kind::Deployments, vec![short_deployment(1)]);
    refresh(&mut s);
    assert!(s.alerts.list.is_empty());
    assert_eq!(s.alerts.short_since.len(), 1);
    s.now = t0() + Duration::minutes(5);
    refresh(&mut s);
    assert_eq!(s.alerts.list.len(), 1);
    assert_eq!(s.alerts.list[0].since, Some(t0()));
    feed(&mut s, Kind::Deployments, vec![short_deployment(3)]);
    refresh(&mut s);
    assert!(s.alerts.list.is_empty());
    assert!(s.alerts.short_since.is_empty());
    // Short again: counted from now, not from the first time.
    feed(&mut s, Kind::Deployments, vec![short_deployment(2)]);
    s.now = t0() + Duration::minutes(6);
    refresh(&mut s);
    assert!(s.alerts.list.is_empty());
}

#[test]
fn enter_on_an_alert_opens_its_object_in_its_cluster_with_the_cursor_on_it() {
    let c = |n: &str| {
        testkit::cluster(
            n,
            ClusterStatus::Connected {
                version: "v1".into(),
            },
        )
    };
    let mut s = testkit::state(View::Alerts, vec![c("dev"), c("prod")], t0());
    let rows = vec![
        Row::Pod(Box::new(testkit::pod(
            meta("shop", "ok", &[], None),
            "Running",
            0,
        ))),
        Row::Pod(Box::new(testkit::pod(
            meta("shop", "bad", &[], None),
            "CrashLoopBackOff",
            7,
        ))),
    ];
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 1,
            kind: Kind::Pods,
            change: RowChange::Replace(rows),
        }),
    );
    crate::app::derive::refresh(&mut s);
    assert_eq!(s.view.rows.len(), 1);
    let enter = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter);
    update(&mut s, Msg::Key(enter));
    assert_eq!(s.view.scope.kind, View::Kind(Kind::Pods));
    assert_eq!(s.view.scope.cluster, Some(1));
    assert_eq!(s.view.filter_text, "bad");
    let (cluster, row) = s.selected_row().unwrap();
    assert_eq!((cluster, row.meta().name.as_str()), (1, "bad"));
}

/// A ring of `n` samples 15 s apart ending at t0, `cpu_m` each (memory
/// low).
fn ring_of(n: i64, cpu_m: u32) -> crate::app::metrics::ring::Ring {
    let mut ring = crate::app::metrics::ring::Ring::new(240);
    for i in (0..n).rev() {
        let at = t0().timestamp() - i * 15;
        let u = crate::kube::metrics::Usage {
            cpu_m,
            mem_kib: 1024,
        };
        ring.sample(at, 15, u);
    }
    ring
}

#[test]
fn a_node_alerts_at_ninety_percent_for_exactly_n_minutes_not_less() {
    let n = testkit::node("n1", "1", "8Gi");
    let sat = |ring: &crate::app::metrics::ring::Ring| rules::saturated(0, &n, ring, 15, (90, 5));
    // 21 samples 15 s apart: 300 s, exactly five minutes.
    let a = sat(&ring_of(21, 900));
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].rule, "NodeCPUHigh");
    assert_eq!(a[0].since, Some(t0() - Duration::minutes(5)));
    assert!(a[0].message.contains("CPU at 90 %"), "{}", a[0].message);
    // 285 s: not yet.
    assert!(sat(&ring_of(20, 900)).is_empty());
    // 89 %: never.
    assert!(sat(&ring_of(40, 890)).is_empty());
    // A gap breaks the run.
    let mut gapped = ring_of(21, 900);
    gapped.gap(t0().timestamp() + 15, 15);
    assert!(sat(&gapped).is_empty());
    // Memory too.
    let mut m = testkit::node("n1", "4", "1Mi");
    m.memory_allocatable = "1Mi".into();
    let a = rules::saturated(0, &m, &ring_of(21, 10), 15, (90, 5));
    assert_eq!(
        a.iter().map(|a| a.rule).collect::<Vec<_>>(),
        ["NodeMemoryHigh"]
    );
}

/// On a big fleet a change is taken in within a second, not at every
/// frame; a small one at once.
#[test]
fn a_big_fleet_is_scanned_at_most_once_a_second() {
    let up = testkit::cluster(
        "dev",
        ClusterStatus::Connected {
            version: "v1".into(),
        },
    );
    let mut s = testkit::state(View::Kind(Kind::Pods), vec![up], t0());
    let pod = |i: usize, status: &str| {
        let mut m = meta("shop", &format!("web-{i}"), &[], Some(t0()));
        m.uid = format!("u{i}").into();
        Row::Pod(Box::new(testkit::pod(m, status, 0)))
    };
    feed(
        &mut s,
        Kind::Pods,
        (0..6_000).map(|i| pod(i, "Running")).collect(),
    );
    refresh(&mut s);
    assert!(s.alerts.list.is_empty());
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Pods,
            change: RowChange::Upsert(vec![pod(7, "CrashLoopBackOff")]),
        }),
    );
    refresh(&mut s);
    assert!(s.alerts.list.is_empty(), "taken in within the second");
    update(&mut s, Msg::Tick(t0() + Duration::seconds(1)));
    refresh(&mut s);
    assert_eq!(s.alerts.list.len(), 1);
    assert_eq!(s.alerts.list[0].name, "web-7");
}
