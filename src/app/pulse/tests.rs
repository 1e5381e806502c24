//! The pulse's aggregates: counts kept row by row (equal to a recount),
//! quota pressure, warnings per minute in their ring, the nodes' history
//! summed, the sparklines, the order and `enter`.

use chrono::Duration;

use super::cells::{self, spark};
use super::tally::Tally;
use super::usage::{self, Cell as Used};
use super::warnings::{BUCKET_SECS, MAX_KNOWN, Warnings};
use crate::app::metrics::ring::Ring;
use crate::app::msg::{Effect, Msg};
use crate::app::state::State;
use crate::app::update::update;
use crate::app::view::View;
use crate::kube::kind::Kind;
use crate::kube::metrics::Usage;
use crate::kube::rows::NodeCondition;
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange, WarningChange, WarningSeen};
use crate::testkit::{self, meta, t0};

fn connected(name: &str) -> crate::app::state::ClusterInfo {
    testkit::cluster(
        name,
        ClusterStatus::Connected {
            version: "v1.36.2".into(),
        },
    )
}

fn pulse_state() -> State {
    testkit::state(
        View::Pulse,
        vec![connected("staging"), connected("prod-eu"), connected("dev")],
        t0(),
    )
}

fn rows(s: &mut State, cluster: usize, kind: Kind, change: RowChange) {
    update(
        s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster,
            kind,
            change,
        }),
    );
}

fn pod(name: &str, phase: &str, status: &str) -> Row {
    let mut p = testkit::pod(meta("shop", name, &[], Some(t0())), status, 0);
    p.phase = phase.into();
    Row::Pod(Box::new(p))
}

fn refresh(s: &mut State) {
    super::refresh(s);
}

/// The tally of cluster `c` counted afresh from its caches.
fn recount(s: &State, c: usize) -> Tally {
    let mut t = Tally::default();
    for k in super::KINDS {
        if let Some(cache) = s.caches.get(&(c, k)) {
            for e in cache.rows.values() {
                t.apply(&e.row, 1, s.alerts.settings.quota);
            }
        }
    }
    t
}

#[test]
fn pods_by_phase_and_unhealthy_are_kept_row_by_row_and_equal_a_recount() {
    let mut s = pulse_state();
    rows(
        &mut s,
        0,
        Kind::Pods,
        RowChange::Replace(vec![
            pod("a", "Running", "Running"),
            pod("b", "Running", "CrashLoopBackOff"),
            pod("c", "Pending", "ContainerCreating"),
            pod("d", "Failed", "Error"),
            pod("e", "Succeeded", "Completed"),
            pod("f", "", "Unknown"),
        ]),
    );
    refresh(&mut s);
    let t = s.pulse.tally(0).cloned().unwrap();
    assert_eq!(
        (
            t.pods.total,
            t.pods.running,
            t.pods.pending,
            t.pods.failed,
            t.pods.succeeded
        ),
        (6, 2, 1, 1, 1)
    );
    // Unhealthy as the pods view says: all but the Running-ready one (the
    // testkit marks every status but Running unhealthy).
    assert_eq!(t.pods.unhealthy, 5);
    assert_eq!(s.pulse.counted, 6);
    // Nothing changed: nothing counted.
    refresh(&mut s);
    assert_eq!(s.pulse.counted, 0);
    // c starts running, twice over; d goes; g comes.
    rows(
        &mut s,
        0,
        Kind::Pods,
        RowChange::Upsert(vec![pod("c", "Running", "ContainerCreating")]),
    );
    rows(
        &mut s,
        0,
        Kind::Pods,
        RowChange::Upsert(vec![pod("c", "Running", "Running")]),
    );
    rows(
        &mut s,
        0,
        Kind::Pods,
        RowChange::Delete(vec!["shop/d".into()]),
    );
    rows(
        &mut s,
        0,
        Kind::Pods,
        RowChange::Upsert(vec![pod("g", "Pending", "Pending")]),
    );
    refresh(&mut s);
    // Only the rows changed were counted.
    assert_eq!(s.pulse.counted, 3);
    let t = s.pulse.tally(0).cloned().unwrap();
    assert_eq!(
        (
            t.pods.total,
            t.pods.running,
            t.pods.pending,
            t.pods.failed,
            t.pods.succeeded,
            t.pods.unhealthy
        ),
        (6, 3, 1, 0, 1, 4)
    );
    assert_eq!(t, recount(&s, 0));
    // A re-list is counted afresh; the other clusters are untouched.
    rows(
        &mut s,
        0,
        Kind::Pods,
        RowChange::Replace(vec![pod("a", "Running", "Running")]),
    );
    refresh(&mut s);
    assert_eq!(
        s.pulse.tally(0).map(|t| (t.pods.total, t.pods.unhealthy)),
        Some((1, 0))
    );
    assert_eq!(s.pulse.tally(0).cloned().unwrap(), recount(&s, 0));
    assert!(s.pulse.tally(2).is_none_or(|t| t.pods.total == 0));
}

fn node(name: &str, ready: &str) -> Row {
    let mut n = testkit::node(name, "4", "8Gi");
    n.ready = ready == "True";
    n.conditions = vec![NodeCondition {
        kind: "Ready".into(),
        status: ready.into(),
        since: Some(t0()),
    }]
    .into();
    Row::Node(Box::new(n))
}

#[test]
fn nodes_ready_not_ready_and_unreachable_and_their_allocatable() {
    let mut s = pulse_state();
    rows(
        &mut s,
        1,
        Kind::Nodes,
        RowChange::Replace(vec![
            node("n1", "True"),
            node("n2", "False"),
            node("n3", "Unknown"),
        ]),
    );
    refresh(&mut s);
    let t = s.pulse.tally(1).cloned().unwrap();
    assert_eq!(
        (
            t.nodes.total,
            t.nodes.ready,
            t.not_ready(),
            t.nodes.unreachable
        ),
        (3, 1, 2, 1)
    );
    assert_eq!(
        (t.nodes.alloc_cpu_m, t.nodes.alloc_mem_kib),
        (12_000, 3 * 8 * 1024 * 1024)
    );
    let c = cells::cells(&s, 1);
    assert_eq!(c[2].text, "1/3");
    assert_eq!(c[3].text, "2 (1 unreachable)");
    // n2 Ready again.
    rows(
        &mut s,
        1,
        Kind::Nodes,
        RowChange::Upsert(vec![node("n2", "True")]),
    );
    refresh(&mut s);
    assert_eq!(cells::cells(&s, 1)[3].text, "1 (1 unreachable)");
    assert_eq!(s.pulse.tally(1).cloned().unwrap(), recount(&s, 1));
}

fn quota(ns: &str, name: &str, used: &str, hard: &str) -> Row {
    Row::Quota(Box::new(testkit::quota(ns, name, used, hard)))
}

#[test]
fn namespaces_under_quota_pressure_from_90_percent_with_the_worst_named() {
    let mut s = pulse_state();
    rows(
        &mut s,
        0,
        Kind::ResourceQuotas,
        RowChange::Replace(vec![
            // 89.99 % is not 90 %.
            quota("calm", "q", "8999m", "10"),
            quota("shop", "q1", "9", "10"),
            quota("shop", "q2", "950m", "1"),
            quota("search", "q", "9712m", "10"),
        ]),
    );
    refresh(&mut s);
    let t = s.pulse.tally(0).cloned().unwrap();
    let (n, worst) = t.quota_pressure();
    assert_eq!(n, 2);
    let w = worst.unwrap();
    assert_eq!((&*w.namespace, w.hundredths), ("search", 9712));
    assert_eq!(cells::cells(&s, 0)[15].text, "2 · search 97% requests.cpu");
    // search relieved, shop over its limit.
    rows(
        &mut s,
        0,
        Kind::ResourceQuotas,
        RowChange::Upsert(vec![
            quota("search", "q", "1", "10"),
            quota("shop", "q1", "11", "10"),
        ]),
    );
    refresh(&mut s);
    let c = &cells::cells(&s, 0)[15];
    assert_eq!(c.text, "1 · shop 110% requests.cpu");
    assert_eq!(c.tone, crate::app::columns::Tone::Error);
    rows(
        &mut s,
        0,
        Kind::ResourceQuotas,
        RowChange::Delete(vec!["shop/q1".into(), "shop/q2".into()]),
    );
    refresh(&mut s);
    assert_eq!(cells::cells(&s, 0)[15].text, "0");
}

fn seen(key: u64, count: u32, secs: i64) -> WarningSeen {
    WarningSeen {
        key,
        count,
        at: Some(t0() + Duration::seconds(secs)),
    }
}

#[test]
fn warnings_per_minute_count_occurrences_in_ten_second_buckets() {
    let mut w = Warnings::default();
    let now = t0();
    assert!(!w.listed());
    w.change(WarningChange::Listing, now);
    // In the list: each event once, when last seen; older than the ring:
    // not counted.
    w.change(
        WarningChange::Seen(vec![seen(1, 5, -30), seen(2, 3, -7200)]),
        now,
    );
    w.change(WarningChange::Listed, now);
    assert!(w.listed());
    assert_eq!(w.per_minute(now), Some(1));
    // Its count goes up by two; a new event happens once.
    let later = now + Duration::seconds(5);
    w.change(
        WarningChange::Seen(vec![seen(1, 7, 5), seen(3, 1, 5)]),
        later,
    );
    assert_eq!(w.per_minute(later), Some(4));
    // The same count again is no new occurrence.
    w.change(WarningChange::Seen(vec![seen(1, 7, 6)]), later);
    assert_eq!(w.per_minute(later), Some(4));
    assert_eq!(w.total(later), Some(4));
    // A minute on, the first minute's are out of the rate, not the hour.
    let after = now + Duration::seconds(70);
    w.advance(after);
    assert_eq!(w.per_minute(after), Some(0));
    assert_eq!(w.total(after), Some(4));
    // An hour on, all gone.
    let hour = now + Duration::minutes(61);
    w.advance(hour);
    assert_eq!(w.total(hour), Some(0));
}

#[test]
fn an_unreachable_cluster_is_a_gap_and_a_relist_forgets_deleted_events() {
    let mut w = Warnings::default();
    let now = t0();
    w.change(WarningChange::Listing, now);
    w.change(WarningChange::Seen(vec![seen(1, 1, 0), seen(2, 1, 0)]), now);
    w.change(WarningChange::Listed, now);
    assert_eq!(w.known(), 2);
    // Down for a minute and a half: its buckets are gaps.
    for i in 1..=9 {
        w.down(now + Duration::seconds(i * BUCKET_SECS));
    }
    let t = now + Duration::seconds(90);
    assert_eq!(w.per_minute(t), None);
    let cells = w.cells(t, 360);
    assert_eq!(cells.last(), Some(&None));
    // Back: a re-list without event 2 (deleted meanwhile) forgets it;
    // event 1, known, is no new occurrence.
    let back = now + Duration::seconds(100);
    w.advance(back);
    w.change(WarningChange::Listing, back);
    w.change(WarningChange::Seen(vec![seen(1, 1, 0)]), back);
    w.change(WarningChange::Listed, back);
    assert_eq!(w.known(), 1);
    assert_eq!(w.per_minute(back), Some(0));
    w.change(WarningChange::Gone(vec![1]), back);
    assert_eq!(w.known(), 0);
}

#[test]
fn the_events_known_are_bounded() {
    let mut w = Warnings::default();
    let now = t0();
    w.change(WarningChange::Listing, now);
    w.change(WarningChange::Listed, now);
    let many: Vec<WarningSeen> = (0..(MAX_KNOWN + MAX_KNOWN / 20 + 1) as u64)
        .map(|k| seen(k, 1, -(k as i64 % 3000)))
        .collect();
    w.change(WarningChange::Seen(many), now);
    assert_eq!(w.known(), MAX_KNOWN);
}

fn u(cpu: u32) -> Usage {
    Usage {
        cpu_m: cpu,
        mem_kib: cpu * 10,
    }
}

#[test]
fn the_nodes_history_is_summed_slot_by_slot_with_gaps() {
    let base = t0().timestamp() - 8 * 15;
    let mut a = Ring::new(16);
    let mut b = Ring::new(16);
    // a from the start; b from the fourth slot, a little late each time.
    for i in 0..8 {
        let t = base + i * 15;
        a.sample(t, 15, u(100));
        if i >= 3 {
            b.sample(t + 2, 15, u(50));
        }
    }
    // Both unreachable at the newest step.
    a.gap(base + 8 * 15, 15);
    b.gap(base + 8 * 15 + 2, 15);
    let now = base + 8 * 15;
    let s = usage::sum([&a, &b].into_iter(), now, 15, 16, 16);
    assert_eq!(s.latest, None);
    let tail: Vec<Used> = s.cells[16 - 9..].to_vec();
    assert_eq!(
        tail,
        vec![
            Used::Used(100.0, 1000.0),
            Used::Used(100.0, 1000.0),
            Used::Used(100.0, 1000.0),
            Used::Used(150.0, 1500.0),
            Used::Used(150.0, 1500.0),
            Used::Used(150.0, 1500.0),
            Used::Used(150.0, 1500.0),
            Used::Used(150.0, 1500.0),
            Used::Gap,
        ]
    );
    // Before the first sample: blank, not a gap.
    assert_eq!(s.cells[0], Used::Before);
    // Back: the latest is the sum of the newest samples.
    a.sample(now + 15, 15, u(200));
    b.sample(now + 16, 15, u(20));
    let s = usage::sum([&a, &b].into_iter(), now + 15, 15, 16, 16);
    assert_eq!(s.latest, Some((220, 2200)));
    // Cells of several slots take their mean.
    let s = usage::sum([&a, &b].into_iter(), now + 15, 15, 16, 4);
    // The newest cell: the gap slot is left out of the mean.
    assert_eq!(s.cells[3], Used::Used(220.0, 2200.0));
}

#[test]
fn a_sparkline_has_eight_heights_a_gap_mark_and_blanks_before_the_data() {
    let v = [
        None,
        Some(None),
        Some(Some(0.0)),
        Some(Some(1.0)),
        Some(Some(50.0)),
        Some(Some(100.0)),
        Some(Some(250.0)),
    ];
    assert_eq!(spark(&v, 100.0), " ·▁▁▄██");
}

#[test]
fn production_clusters_come_first_and_enter_opens_the_clusters_pods() {
    let mut s = pulse_state();
    update(&mut s, Msg::Tick(t0()));
    let order: Vec<usize> = s.view.rows.iter().map(|r| r.cluster).collect();
    assert_eq!(order, vec![1, 0, 2]);
    update(&mut s, Msg::Key(crossterm::event::KeyCode::Down.into()));
    update(&mut s, Msg::Key(crossterm::event::KeyCode::Enter.into()));
    assert_eq!(s.view.scope.kind, View::Kind(Kind::Pods));
    assert_eq!(s.view.scope.cluster, Some(0));
    assert_eq!(
        s.view.scope.namespaces,
        crate::app::command::NamespaceScope::All
    );
}

#[test]
fn the_pulse_watches_its_kinds_and_each_clusters_warning_events_once() {
    let mut s = testkit::state(
        View::Kind(Kind::Services),
        vec![connected("a"), connected("b")],
        t0(),
    );
    let fx = update(&mut s, Msg::Tick(t0()));
    assert!(!fx.iter().any(|e| matches!(e, Effect::WatchWarnings { .. })));
    s.view.scope.kind = View::Pulse;
    let fx = update(&mut s, Msg::Tick(t0()));
    let mut warn: Vec<usize> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::WatchWarnings { cluster } => Some(*cluster),
            _ => None,
        })
        .collect();
    warn.sort_unstable();
    assert_eq!(warn, vec![0, 1]);
    for c in [0, 1] {
        for k in super::KINDS {
            assert!(
                fx.iter().any(
                    |e| matches!(e, Effect::Watch { cluster, kind } if *cluster == c && *kind == k)
                ),
                "{c} {k:?}: {fx:?}"
            );
        }
    }
    // Not again.
    let fx = update(&mut s, Msg::Tick(t0()));
    assert!(!fx.iter().any(|e| matches!(e, Effect::WatchWarnings { .. })));
}

#[test]
fn a_cluster_without_metrics_shows_n_a_and_an_unreachable_one_the_age_of_its_data() {
    let mut s = pulse_state();
    s.clusters[2].status = ClusterStatus::Unreachable {
        cause: "connection refused".into(),
    };
    s.clusters[2].status_since = Some(t0() - Duration::minutes(3));
    let m = s.metrics.cluster_mut(0);
    m.nodes_answered(
        Err(crate::kube::metrics::MetricsError::NotServed(
            "metrics-server is not installed".into(),
        )),
        t0(),
        240,
        15,
    );
    rows(
        &mut s,
        0,
        Kind::Nodes,
        RowChange::Replace(vec![node("n1", "True")]),
    );
    refresh(&mut s);
    let c = cells::cells(&s, 0);
    assert_eq!((c[4].text.as_str(), c[6].text.as_str()), ("n/a", "n/a"));
    let c = cells::cells(&s, 2);
    assert_eq!(c[1].text, "unreachable 3m");
}
