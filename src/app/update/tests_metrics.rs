//! Metrics in the state machine: what is polled and when, answers taken
//! into the store and shown in the columns, a cluster without metrics.

use chrono::Duration;

use super::tests::{state, tick};
use super::update;
use crate::app::derive;
use crate::app::msg::{Effect, Msg};
use crate::app::state::State;
use crate::app::view::View;
use crate::kube::ClusterEvent;
use crate::kube::kind::Kind;
use crate::kube::metrics::{Answer, MetricsError, NodeSample, PodSample, Poll, Usage};

fn polls(fx: Vec<Effect>) -> Vec<(usize, Poll)> {
    fx.into_iter()
        .filter_map(|e| match e {
            Effect::PollMetrics { cluster, poll } => Some((cluster, poll)),
            _ => None,
        })
        .collect()
}

fn answer(s: &mut State, cluster: usize, answer: Answer) -> Vec<Effect> {
    update(s, Msg::Cluster(ClusterEvent::Metrics { cluster, answer }))
}

fn later(s: &mut State, ms: i64) -> Vec<Effect> {
    s.now += Duration::milliseconds(ms);
    tick(s)
}

fn pod_sample(s: &State, name: &str, cpu: u32, mem_kib: u32) -> PodSample {
    PodSample {
        namespace: "shop".into(),
        name: name.into(),
        timestamp: s.now,
        usage: Usage {
            cpu_m: cpu,
            mem_kib,
        },
    }
}

#[test]
fn nodes_are_polled_each_interval_and_pods_only_while_on_screen() {
    let mut s = state();
    let first = polls(tick(&mut s));
    assert_eq!(
        first,
        vec![
            (0, Poll::Nodes),
            (0, Poll::Pods(vec![])),
            (1, Poll::Nodes),
            (1, Poll::Pods(vec![]))
        ]
    );
    // Nothing more while they are in flight, even after the interval.
    assert!(polls(later(&mut s, 20_000)).is_empty());
    // Answered, and the interval has passed since the poll started: the
    // next one goes at once.
    assert_eq!(
        polls(answer(&mut s, 0, Answer::Nodes(Ok(vec![])))),
        vec![(0, Poll::Nodes)]
    );
    answer(&mut s, 0, Answer::Nodes(Ok(vec![])));
    assert!(
        polls(later(&mut s, 14_000)).is_empty(),
        "not before the interval"
    );
    assert_eq!(polls(later(&mut s, 1_000)), vec![(0, Poll::Nodes)]);
    // The clock is asked to tick when the next poll falls due.
    answer(&mut s, 0, Answer::Nodes(Ok(vec![])));
    assert!(derive::tick_interval(&s) <= std::time::Duration::from_secs(15));
    // Off the pods view: no pod polls.
    answer(
        &mut s,
        1,
        Answer::Pods {
            namespaces: vec![],
            result: Ok(vec![]),
        },
    );
    s.view.scope.kind = View::Kind(Kind::Nodes);
    let off = polls(later(&mut s, 30_000));
    assert!(
        off.iter().all(|(_, p)| *p == Poll::Nodes),
        "pods polled off screen: {off:?}"
    );
}

#[test]
fn a_changed_namespace_scope_is_polled_at_once() {
    let mut s = state();
    s.view.scope.cluster = Some(0);
    let first = polls(tick(&mut s));
    assert_eq!(
        first,
        vec![(0, Poll::Nodes), (0, Poll::Pods(vec![])), (1, Poll::Nodes)]
    );
    answer(
        &mut s,
        0,
        Answer::Pods {
            namespaces: vec![],
            result: Ok(vec![]),
        },
    );
    s.view.scope.namespaces = crate::app::command::NamespaceScope::Some(vec!["shop".into()]);
    assert_eq!(
        polls(later(&mut s, 100)),
        vec![(0, Poll::Pods(vec!["shop".into()]))]
    );
}

#[test]
fn answers_reach_the_store_and_a_cluster_without_metrics_is_told_once() {
    let mut s = state();
    tick(&mut s);
    let sample = pod_sample(&s, "web-1", 250, 600 << 10);
    answer(
        &mut s,
        0,
        Answer::Pods {
            namespaces: vec![],
            result: Ok(vec![sample]),
        },
    );
    let m = s.metrics.cluster(0).unwrap();
    assert_eq!(m.pod("shop", "web-1").map(|u| u.cpu_m), Some(250));
    let not_served = || {
        Err(MetricsError::NotServed(
            "metrics-server is not installed".into(),
        ))
    };
    answer(&mut s, 1, Answer::Nodes(not_served()));
    let said = "metrics.k8s.io not served on staging: metrics-server is not installed";
    assert_eq!(s.message.as_ref().map(|m| m.1.as_str()), Some(said));
    assert!(s.metrics.not_served(1));
    // Not served: its pods are not polled.
    s.message = None;
    let next = polls(later(&mut s, 15_000));
    assert!(!next.contains(&(1, Poll::Pods(vec![]))), "{next:?}");
    answer(&mut s, 1, Answer::Nodes(not_served()));
    assert_eq!(s.message, None, "said once");
    // Served again: the message is gone.
    s.message = Some((crate::app::state::Level::Warning, said.into()));
    later(&mut s, 15_000);
    let node = NodeSample {
        name: "node-1".into(),
        timestamp: s.now,
        usage: Usage {
            cpu_m: 3600,
            mem_kib: 4 << 20,
        },
    };
    answer(&mut s, 1, Answer::Nodes(Ok(vec![node])));
    assert_eq!(s.message, None);
    assert!(!s.metrics.not_served(1));
}
