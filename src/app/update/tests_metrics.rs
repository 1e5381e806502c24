//! Metrics in the state machine: what is polled and when, answers taken
//! into the store and shown in the columns, a cluster without metrics.

use chrono::Duration;

use super::tests::{state, tick};
use super::update;
use crate::app::derive::{self, displayed_cells, displayed_columns};
use crate::app::msg::{Effect, Msg};
use crate::app::state::State;
use crate::app::view::View;
use crate::kube::ClusterEvent;
use crate::kube::kind::Kind;
use crate::kube::metrics::{Answer, MetricsError, NodeSample, PodSample, Poll, Usage};
use crate::kube::rows::Resources;
use crate::kube::{Row, RowChange, rows};
use crate::testkit;

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
        containers: Vec::new(),
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

#[test]
fn pod_cells_show_usage_against_requests_and_limits() {
    let mut s = state();
    let with = |name: &str, r: Resources| {
        Row::Pod(Box::new(rows::PodRow {
            resources: r,
            ..testkit::pod(testkit::meta("shop", name, &[], Some(s.now)), "Running", 0)
        }))
    };
    let limited = Resources {
        cpu_request_m: 100,
        cpu_limit_m: 200,
        mem_request_kib: 256 << 10,
        mem_limit_kib: 512 << 10,
    };
    let pods = vec![with("web-1", limited), with("web-2", Resources::default())];
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Pods,
            change: RowChange::Replace(pods),
        }),
    );
    tick(&mut s);
    let samples = vec![
        pod_sample(&s, "web-1", 250, 600 << 10),
        pod_sample(&s, "web-2", 5, 1536 << 10),
    ];
    answer(
        &mut s,
        0,
        Answer::Pods {
            namespaces: vec![],
            result: Ok(samples),
        },
    );
    s.view.scope.cluster = Some(0);
    s.view.stale = true;
    derive::refresh(&mut s);
    let cols: Vec<&str> = displayed_columns(&s).iter().map(|c| c.title).collect();
    let cells = |name: &str| -> Vec<String> {
        let r = s
            .view
            .rows
            .iter()
            .find(|r| s.row(r).is_some_and(|row| row.meta().name == name))
            .unwrap();
        displayed_cells(&s, r).into_iter().map(|c| c.text).collect()
    };
    let at = |t: &str| cols.iter().position(|c| *c == t).unwrap();
    let web1 = cells("web-1");
    assert_eq!(web1[at("CPU")], "250m");
    assert_eq!(web1[at("MEM")], "600Mi");
    // Above 100 % is shown as it is.
    assert_eq!(web1[at("%CPU/R")], "250%");
    assert_eq!(web1[at("%CPU/L")], "125%");
    assert_eq!(web1[at("%MEM/R")], "234%");
    assert_eq!(web1[at("%MEM/L")], "117%");
    let web2 = cells("web-2");
    assert_eq!(web2[at("MEM")], "1.5Gi");
    assert_eq!(web2[at("%CPU/R")], "n/a");
    assert_eq!(web2[at("%MEM/L")], "n/a");
    // The metrics columns sit before IP and NODE.
    assert!(at("CPU") < at("IP"));
    // Sorted by CPU, descending: web-1 first.
    s.view.sort = (Some("CPU"), true);
    s.view.stale = true;
    derive::refresh(&mut s);
    let first = s.row(&s.view.rows[0]).unwrap().meta().name.clone();
    assert_eq!(first, "web-1");
    // A new answer re-sorts a view sorted by a metric.
    let samples = vec![
        pod_sample(&s, "web-1", 1, 600 << 10),
        pod_sample(&s, "web-2", 900, 1536 << 10),
    ];
    s.now += Duration::seconds(15);
    let samples = samples
        .into_iter()
        .map(|mut p| {
            p.timestamp = s.now;
            p
        })
        .collect();
    answer(
        &mut s,
        0,
        Answer::Pods {
            namespaces: vec![],
            result: Ok(samples),
        },
    );
    derive::refresh(&mut s);
    let first = s.row(&s.view.rows[0]).unwrap().meta().name.clone();
    assert_eq!(first, "web-2");
}

#[test]
fn a_cluster_without_metrics_is_told_once_shows_na_and_clears_when_served() {
    let mut s = state();
    s.view.scope.kind = View::Kind(Kind::Nodes);
    let node = |name: &str| Row::Node(Box::new(testkit::node(name, "4", "16Gi")));
    for c in 0..2 {
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Rows {
                cluster: c,
                kind: Kind::Nodes,
                change: RowChange::Replace(vec![node("node-1")]),
            }),
        );
    }
    tick(&mut s);
    let not_served = || {
        Err(MetricsError::NotServed(
            "metrics-server is not installed".into(),
        ))
    };
    answer(&mut s, 1, Answer::Nodes(not_served()));
    let said = "metrics.k8s.io not served on staging: metrics-server is not installed";
    assert_eq!(s.message.as_ref().map(|m| m.1.as_str()), Some(said));
    s.message = None;
    later(&mut s, 15_000);
    answer(&mut s, 1, Answer::Nodes(not_served()));
    assert_eq!(s.message, None, "said once");
    let sample = NodeSample {
        name: "node-1".into(),
        timestamp: s.now,
        usage: Usage {
            cpu_m: 3600,
            mem_kib: 4 << 20,
        },
    };
    answer(&mut s, 0, Answer::Nodes(Ok(vec![sample.clone()])));
    s.view.stale = true;
    derive::refresh(&mut s);
    let cols: Vec<&str> = displayed_columns(&s).iter().map(|c| c.title).collect();
    let at = |t: &str| cols.iter().position(|c| *c == t).unwrap();
    let of = |s: &State, cluster: usize| -> Vec<String> {
        let r = s.view.rows.iter().find(|r| r.cluster == cluster).unwrap();
        displayed_cells(s, r).into_iter().map(|c| c.text).collect()
    };
    let eu = of(&s, 0);
    assert_eq!(eu[at("CPU")], "3600m");
    assert_eq!(eu[at("%CPU")], "90%");
    assert_eq!(eu[at("MEM")], "4.0Gi");
    assert_eq!(eu[at("%MEM")], "25%");
    let staging = of(&s, 1);
    assert_eq!(staging[at("CPU")], "n/a");
    assert_eq!(staging[at("%MEM")], "n/a");
    // Served again: numbers, and the message is gone.
    s.message = Some((crate::app::state::Level::Warning, said.into()));
    later(&mut s, 15_000);
    answer(&mut s, 1, Answer::Nodes(Ok(vec![sample])));
    assert_eq!(s.message, None);
    derive::refresh(&mut s);
    assert_eq!(of(&s, 1)[at("CPU")], "3600m");
}

#[test]
fn workloads_total_their_pods_and_nodes_show_the_requested_share() {
    let mut s = state();
    s.view.scope.cluster = Some(0);
    s.view.scope.kind = View::Kind(Kind::Deployments);
    let now = s.now;
    let owned = |name: &str, rs: &str, hash: &str, node: &str| {
        Row::Pod(Box::new(rows::PodRow {
            owner: Some(rows::Owner::new("ReplicaSet", rs)),
            node: node.into(),
            resources: Resources {
                cpu_request_m: 500,
                mem_request_kib: 1 << 20,
                ..Resources::default()
            },
            ..testkit::pod(
                testkit::meta("shop", name, &[("pod-template-hash", hash)], Some(now)),
                "Running",
                0,
            )
        }))
    };
    let pods = vec![
        owned("web-7d9f-a", "web-7d9f", "7d9f", "node-1"),
        owned("web-7d9f-b", "web-7d9f", "7d9f", "node-1"),
        owned("api-5c4b-a", "api-5c4b", "5c4b", "node-2"),
    ];
    let fx = update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Pods,
            change: RowChange::Replace(pods),
        }),
    );
    // A workloads view watches their pods and polls their metrics.
    assert!(fx.contains(&Effect::Watch {
        cluster: 0,
        kind: Kind::Pods
    }));
    assert!(polls(fx).contains(&(0, Poll::Pods(vec![]))));
    let deploy = Row::Deployment(Box::new(rows::DeploymentRow {
        meta: testkit::meta("shop", "web", &[], Some(now)),
        desired: 2,
        ready: 2,
        updated: 2,
        available: 2,
        selector: Default::default(),
        images: vec!["web:1".into()],
        unhealthy: false,
    }));
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Deployments,
            change: RowChange::Replace(vec![deploy]),
        }),
    );
    let samples = vec![
        pod_sample(&s, "web-7d9f-a", 100, 100 << 10),
        pod_sample(&s, "web-7d9f-b", 150, 50 << 10),
        pod_sample(&s, "api-5c4b-a", 999, 999 << 10),
    ];
    answer(
        &mut s,
        0,
        Answer::Pods {
            namespaces: vec![],
            result: Ok(samples),
        },
    );
    derive::refresh(&mut s);
    let cols: Vec<&str> = displayed_columns(&s).iter().map(|c| c.title).collect();
    let cells: Vec<String> = displayed_cells(&s, &s.view.rows[0])
        .into_iter()
        .map(|c| c.text)
        .collect();
    let at = |t: &str| cols.iter().position(|c| *c == t).unwrap();
    assert_eq!(cells[at("CPU")], "250m");
    assert_eq!(cells[at("MEM")], "150Mi");
    assert!(at("MEM") < at("IMAGES"));

    // Nodes: the requests of their pods against allocatable.
    s.view.scope.kind = View::Kind(Kind::Nodes);
    if let Some(c) = s.caches.get_mut(&(0, Kind::Pods)) {
        c.synced = true;
    }
    let node = Row::Node(Box::new(testkit::node("node-1", "2", "4Gi")));
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Nodes,
            change: RowChange::Replace(vec![node]),
        }),
    );
    s.view.stale = true;
    derive::refresh(&mut s);
    let cols: Vec<&str> = displayed_columns(&s).iter().map(|c| c.title).collect();
    let at = |t: &str| cols.iter().position(|c| *c == t).unwrap();
    let cells: Vec<String> = displayed_cells(&s, &s.view.rows[0])
        .into_iter()
        .map(|c| c.text)
        .collect();
    // Two pods of 500m and 1Gi requested on 2 cores and 4Gi.
    assert_eq!(cells[at("%CPU/R")], "50%");
    assert_eq!(cells[at("%MEM/R")], "50%");
    // No node sample yet.
    assert_eq!(cells[at("CPU")], "-");
}

#[test]
fn a_to_open_the_node_panel_polls_the_pods_of_that_node_and_esc_closes_it() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut s = state();
    s.view.scope.kind = View::Kind(Kind::Nodes);
    s.view.scope.cluster = Some(0);
    let now = s.now;
    let on = |ns: &str, name: &str, node: &str| {
        Row::Pod(Box::new(rows::PodRow {
            node: node.into(),
            ..testkit::pod(testkit::meta(ns, name, &[], Some(now)), "Running", 0)
        }))
    };
    for (kind, rows) in [
        (
            Kind::Pods,
            vec![
                on("shop", "web-1", "node-1"),
                on("search", "idx-1", "node-1"),
                on("mail", "smtp-1", "node-2"),
            ],
        ),
        (
            Kind::Nodes,
            vec![Row::Node(Box::new(testkit::node("node-1", "4", "16Gi")))],
        ),
    ] {
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Rows {
                cluster: 0,
                kind,
                change: RowChange::Replace(rows),
            }),
        );
    }
    tick(&mut s);
    let key = |c: KeyCode| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let fx = update(&mut s, key(KeyCode::Char('a')));
    assert!(matches!(
        s.overlays.last(),
        Some(crate::app::state::Overlay::Panel(p))
            if matches!(&**p, crate::app::metrics::panels::Panel::Node(n) if n.name == "node-1")
    ));
    // The pods of its namespaces, at once; not those of other nodes.
    assert_eq!(
        polls(fx),
        vec![(0, Poll::Pods(vec!["search".into(), "shop".into()]))]
    );
    update(&mut s, key(KeyCode::Esc));
    assert!(s.overlays.is_empty());
}

#[test]
fn top_lists_pods_or_nodes_of_every_cluster_heaviest_first() {
    use crate::app::command::{Command, NamespaceScope, parse};
    assert_eq!(
        parse("top pods"),
        Ok(Command::Top {
            kind: View::Kind(Kind::Pods),
            by_memory: false
        })
    );
    assert_eq!(
        parse("top no mem"),
        Ok(Command::Top {
            kind: View::Kind(Kind::Nodes),
            by_memory: true
        })
    );
    assert!(parse("top deploy").is_err());
    assert!(parse("top pods disk").is_err());
    let mut s = state();
    s.view.scope.cluster = Some(1);
    let now = s.now;
    for (c, cpu) in [(0, 900), (1, 5)] {
        let name = format!("p{c}");
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Rows {
                cluster: c,
                kind: Kind::Pods,
                change: RowChange::Replace(vec![Row::Pod(Box::new(testkit::pod(
                    testkit::meta("shop", &name, &[], Some(now)),
                    "Running",
                    0,
                )))]),
            }),
        );
        let sample = pod_sample(&s, &name, cpu, 1 << 10);
        answer(
            &mut s,
            c,
            Answer::Pods {
                namespaces: vec![],
                result: Ok(vec![sample]),
            },
        );
    }
    s.message = None;
    for k in ":top pods\r".chars() {
        let code = if k == '\r' {
            crossterm::event::KeyCode::Enter
        } else {
            crossterm::event::KeyCode::Char(k)
        };
        update(
            &mut s,
            Msg::Key(crossterm::event::KeyEvent::new(
                code,
                crossterm::event::KeyModifiers::NONE,
            )),
        );
    }
    assert_eq!(s.message, None);
    assert_eq!(s.view.scope.cluster, None);
    assert_eq!(s.view.scope.namespaces, NamespaceScope::All);
    assert_eq!(s.view.sort, (Some("CPU"), true));
    let names: Vec<String> = s
        .view
        .rows
        .iter()
        .filter_map(|r| s.row(r))
        .map(|r| r.meta().name.clone())
        .collect();
    assert_eq!(names, vec!["p0", "p1"]);
}

#[test]
fn a_big_cluster_is_polled_for_the_namespaces_on_screen_unless_sorted_by_a_metric() {
    let mut s = state();
    s.view.scope.cluster = Some(0);
    // 2,400 pods in 40 namespaces: more than a whole poll is worth.
    let pods: Vec<Row> = (0..2_400)
        .map(|i| {
            Row::Pod(Box::new(testkit::pod(
                testkit::meta(
                    &format!("team-{:02}", i / 60),
                    &format!("web-{i}"),
                    &[],
                    Some(s.now),
                ),
                "Running",
                0,
            )))
        })
        .collect();
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Pods,
            change: RowChange::Replace(pods),
        }),
    );
    let mut first = polls(update(
        &mut s,
        Msg::Resize {
            width: 200,
            height: 50,
        },
    ));
    first.extend(polls(tick(&mut s)));
    let pod_polls: Vec<&Poll> = first
        .iter()
        .filter(|(c, p)| *c == 0 && matches!(p, Poll::Pods(_)))
        .map(|(_, p)| p)
        .collect();
    // The first rows on screen are of team-00 (sorted by namespace).
    assert_eq!(
        pod_polls,
        vec![&Poll::Pods(vec!["team-00".into()])],
        "{first:?}"
    );
    answer(
        &mut s,
        0,
        Answer::Pods {
            namespaces: vec!["team-00".into()],
            result: Ok(vec![]),
        },
    );
    // Sorted by CPU: every pod must be known.
    s.view.sort = (Some("CPU"), true);
    s.view.stale = true;
    let sorted = polls(later(&mut s, 100));
    assert!(sorted.contains(&(0, Poll::Pods(vec![]))), "{sorted:?}");
}

#[test]
fn the_clock_does_not_tick_for_pod_polls_that_will_not_go() {
    let mut s = state();
    tick(&mut s);
    for c in 0..2 {
        answer(&mut s, c, Answer::Nodes(Ok(vec![])));
        answer(
            &mut s,
            c,
            Answer::Pods {
                namespaces: vec![],
                result: Ok(vec![]),
            },
        );
    }
    // Only prod-eu on screen from now on: staging's pods are not polled.
    s.view.scope.cluster = Some(0);
    s.view.stale = true;
    let fx = later(&mut s, 15_000);
    for c in 0..2 {
        answer(&mut s, c, Answer::Nodes(Ok(vec![])));
    }
    answer(
        &mut s,
        0,
        Answer::Pods {
            namespaces: vec![],
            result: Ok(vec![]),
        },
    );
    assert!(
        !polls(fx).contains(&(1, Poll::Pods(vec![]))),
        "staging's pods are off screen"
    );
    // Every poll that will go was just answered: the next is an interval
    // away (before: staging's stale pod poll made the clock tick every
    // 50 ms, and each tick drew the screen).
    let next = derive::tick_interval(&s);
    assert!(
        next >= std::time::Duration::from_secs(1),
        "ticks every {next:?}"
    );
}

#[test]
fn a_on_a_pod_opens_its_panel_polls_its_namespace_at_once_and_records_its_containers() {
    use crate::app::metrics::panels::Panel;
    use crate::app::metrics::store::container_key;
    use crate::app::state::Overlay;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut s = state();
    s.view.scope.cluster = Some(0);
    s.view.scope.namespaces = crate::app::command::NamespaceScope::Some(vec!["shop".into()]);
    let now = s.now;
    let mut pod = testkit::pod(testkit::meta("shop", "web-1", &[], Some(now)), "Running", 0);
    pod.containers = vec!["app".into(), "proxy".into()].into();
    pod.init_from = 2;
    let mut first = polls(update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Pods,
            change: RowChange::Replace(vec![Row::Pod(Box::new(pod))]),
        }),
    ));
    first.extend(polls(tick(&mut s)));
    assert!(
        first.contains(&(0, Poll::Pods(vec!["shop".into()]))),
        "{first:?}"
    );
    let sample = pod_sample(&s, "web-1", 30, 2048);
    answer(
        &mut s,
        0,
        Answer::Pods {
            namespaces: vec!["shop".into()],
            result: Ok(vec![sample]),
        },
    );
    // Within the interval: the panel asks at once all the same.
    s.now += Duration::seconds(1);
    let key = |c: KeyCode| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let fx = update(&mut s, key(KeyCode::Char('a')));
    assert!(matches!(
        s.overlays.last(),
        Some(Overlay::Panel(p)) if matches!(&**p, Panel::Pod(p) if p.name == "web-1")
    ));
    assert_eq!(polls(fx), vec![(0, Poll::Pods(vec!["shop".into()]))]);
    let mut sample = pod_sample(&s, "web-1", 30, 2048);
    sample.containers = vec![
        crate::kube::metrics::ContainerSample {
            name: "app".into(),
            usage: Usage {
                cpu_m: 25,
                mem_kib: 1024,
            },
        },
        crate::kube::metrics::ContainerSample {
            name: "proxy".into(),
            usage: Usage {
                cpu_m: 5,
                mem_kib: 1024,
            },
        },
    ];
    answer(
        &mut s,
        0,
        Answer::Pods {
            namespaces: vec!["shop".into()],
            result: Ok(vec![sample]),
        },
    );
    let store = s.metrics.cluster(0).unwrap();
    let latest = |c: &str| {
        store
            .panel_ring(container_key("shop", "web-1", c))
            .and_then(|r| r.latest())
            .map(|u| u.cpu_m)
    };
    assert_eq!((latest("app"), latest("proxy")), (Some(25), Some(5)));
    update(&mut s, key(KeyCode::Esc));
    assert!(s.overlays.is_empty());
}

#[test]
fn a_on_a_deployment_opens_its_workload_panel_and_polls_its_namespace() {
    use crate::app::metrics::panels::Panel;
    use crate::app::state::Overlay;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut s = state();
    s.view.scope.kind = View::Kind(Kind::Deployments);
    s.view.scope.cluster = Some(0);
    s.view.scope.namespaces = crate::app::command::NamespaceScope::Some(vec!["shop".into()]);
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Deployments,
            change: RowChange::Replace(vec![testkit::deployment(testkit::meta(
                "shop",
                "web",
                &[],
                None,
            ))]),
        }),
    );
    tick(&mut s);
    answer(
        &mut s,
        0,
        Answer::Pods {
            namespaces: vec!["shop".into()],
            result: Ok(vec![]),
        },
    );
    let key = |c: KeyCode| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let fx = update(&mut s, key(KeyCode::Char('a')));
    assert!(matches!(
        s.overlays.last(),
        Some(Overlay::Panel(p)) if matches!(&**p, Panel::Workload(w)
            if w.name == "web" && w.kind == Kind::Deployments && w.namespace == "shop")
    ));
    assert_eq!(polls(fx), vec![(0, Poll::Pods(vec!["shop".into()]))]);
}
