//! Render tests: each view drawn on ratatui's TestBackend.

use std::collections::BTreeMap;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::msg::Msg;
use crate::app::state::{ClusterInfo, Detail, Overlay, Screen, State};
use crate::app::update::update;
use crate::app::view::View;
use crate::config::theme::Theme;
use crate::kube::kind::Kind;
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange, rows};
use crate::testkit::{self, t0};

fn info(name: &str, status: ClusterStatus) -> ClusterInfo {
    ClusterInfo {
        version: Some("v1.36.2".into()),
        ..testkit::cluster(name, status)
    }
}

fn meta(ns: &str, name: &str) -> rows::Meta {
    testkit::meta(ns, name, &[], Some(t0() - chrono::Duration::hours(5)))
}

fn state(kind: View) -> State {
    let clusters = vec![
        info(
            "prod-eu",
            ClusterStatus::Connected {
                version: "v1.36.2".into(),
            },
        ),
        info(
            "staging",
            ClusterStatus::Unreachable {
                cause: "Connection refused".into(),
            },
        ),
    ];
    let mut s = testkit::state(kind, clusters, t0());
    s.readonly = true;
    s
}

fn feed(s: &mut State, cluster: usize, kind: Kind, rows: Vec<Row>) {
    update(
        s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster,
            kind,
            change: RowChange::Replace(rows),
        }),
    );
}

/// Draw `s` as the runtime does: the size arrives as a message (which
/// settles what is derived), then a pure draw.
fn render(s: &mut State) -> String {
    render_at(s, 170, 24)
}

fn render_at(s: &mut State, width: u16, height: u16) -> String {
    update(s, Msg::Resize { width, height });
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme::default();
    t.draw(|f| super::draw(f, s, &theme)).unwrap();
    testkit::buffer_text(t.backend().buffer())
}

fn pod(ns: &str, name: &str, status: &str, restarts: u32) -> Row {
    Row::Pod(Box::new(rows::PodRow {
        last_restart: Some(t0() - chrono::Duration::minutes(5)),
        ..testkit::pod(meta(ns, name), status, restarts)
    }))
}

#[test]
fn pods_view_with_cluster_column_header_and_readonly() {
    let mut s = state(View::Kind(Kind::Pods));
    feed(
        &mut s,
        0,
        Kind::Pods,
        vec![
            pod("shop", "web-1", "Running", 0),
            pod("shop", "api-1", "CrashLoopBackOff", 7),
        ],
    );
    let out = render(&mut s);
    assert!(out.contains("[READ-ONLY]"), "{out}");
    assert!(
        out.contains("prod-eu") && out.contains("staging unreachable"),
        "{out}"
    );
    assert!(
        out.contains("staging unreachable: Connection refused"),
        "{out}"
    );
    for h in [
        "CLUSTER",
        "NAMESPACE",
        "NAME",
        "READY",
        "STATUS",
        "RESTARTS",
        "AGE",
        "IP",
        "NODE",
    ] {
        assert!(out.contains(h), "{h}: {out}");
    }
    assert!(
        out.contains("CrashLoopBackOff") && out.contains("7 (5m ago)") && out.contains("0/1"),
        "{out}"
    );
    assert!(out.contains("5h"), "{out}");
}

#[test]
fn every_view_renders_its_columns() {
    let cases: Vec<(View, Row, &[&str])> = vec![
        (
            View::Kind(Kind::Namespaces),
            Row::Namespace(Box::new(rows::NamespaceRow {
                meta: meta("", "shop"),
                phase: "Active".into(),
            })),
            &["shop", "Active"],
        ),
        (
            View::Kind(Kind::Deployments),
            Row::Deployment(Box::new(rows::DeploymentRow {
                meta: meta("shop", "web"),
                desired: 3,
                ready: 2,
                updated: 3,
                available: 2,
                selector: BTreeMap::new(),
                images: vec!["nginx:1.27".into()],
                unhealthy: true,
            })),
            &["UP-TO-DATE", "2/3", "nginx:1.27"],
        ),
        (
            View::Kind(Kind::Nodes),
            Row::Node(Box::new(rows::NodeRow {
                meta: meta("", "node-1"),
                status: "Ready,SchedulingDisabled".into(),
                roles: "control-plane".into(),
                taints: 2,
                version: "v1.36.2".into(),
                cpu_capacity: "8".into(),
                cpu_allocatable: "7910m".into(),
                memory_capacity: "31Gi".into(),
                memory_allocatable: "30Gi".into(),
                pods_capacity: "110".into(),
                internal_ip: "10.0.0.1".into(),
                ready: true,
                schedulable: false,
                conditions: Box::default(),
                taint_list: Box::default(),
            })),
            &["SchedulingDisabled", "control-plane", "TAINTS", "7910m/8"],
        ),
        (
            View::Kind(Kind::ResourceQuotas),
            Row::Quota(Box::new(rows::QuotaRow {
                meta: meta("shop", "compute"),
                items: vec![
                    rows::QuotaItem {
                        resource: "pods".into(),
                        used: "47".into(),
                        hard: "48".into(),
                        ratio: Some(47.0 / 48.0),
                    },
                    rows::QuotaItem {
                        resource: "requests.cpu".into(),
                        used: "2".into(),
                        hard: "8".into(),
                        ratio: Some(0.25),
                    },
                ],
            })),
            &["compute", "pods  98%", "requests.cpu  25%", "█"],
        ),
        (
            View::Kind(Kind::StatefulSets),
            Row::StatefulSet(Box::new(rows::StatefulSetRow {
                meta: meta("shop", "postgres"),
                desired: 3,
                ready: 1,
                selector: BTreeMap::new(),
                images: vec!["postgres:16.4".into()],
                unhealthy: true,
            })),
            &["postgres", "1/3", "postgres:16.4"],
        ),
        (
            View::Kind(Kind::DaemonSets),
            Row::DaemonSet(Box::new(rows::DaemonSetRow {
                meta: meta("kube-system", "kube-proxy"),
                desired: 9,
                current: 9,
                ready: 8,
                updated: 9,
                available: 8,
                node_selector: "kubernetes.io/os=linux".into(),
                selector: BTreeMap::new(),
                images: vec![],
                unhealthy: true,
            })),
            &["NODE SELECTOR", "kube-proxy", "kubernetes.io/os=linux"],
        ),
        (
            View::Kind(Kind::ReplicaSets),
            Row::ReplicaSet(Box::new(rows::ReplicaSetRow {
                meta: meta("shop", "web-5cf77c44cd"),
                desired: 2,
                current: 2,
                ready: 2,
                selector: BTreeMap::new(),
                images: vec!["nginx:1.27".into()],
                owner: None,
                revision: Some("4".into()),
                unhealthy: false,
            })),
            &["REVISION", "web-5cf77c44cd", "nginx:1.27"],
        ),
        (
            View::Kind(Kind::LimitRanges),
            Row::LimitRange(Box::new(rows::LimitRangeRow {
                meta: meta("shop", "defaults"),
                items: vec!["Container cpu: min 10m, max 4".into()],
            })),
            &["LIMITS", "Container cpu: min 10m, max 4"],
        ),
        (
            View::Kind(Kind::Services),
            Row::Service(Box::new(rows::ServiceRow {
                meta: meta("shop", "web"),
                kind: "ClusterIP".into(),
                cluster_ip: "10.96.0.5".into(),
                external_ip: "<none>".into(),
                ports: "80/TCP".into(),
                selector: BTreeMap::new(),
            })),
            &["CLUSTER-IP", "10.96.0.5", "80/TCP"],
        ),
    ];
    for (kind, row, needles) in cases {
        let mut s = state(kind);
        feed(&mut s, 0, kind.kind().unwrap(), vec![row]);
        let out = render(&mut s);
        for n in needles {
            assert!(out.contains(n), "{kind:?}: {n} missing:\n{out}");
        }
    }
}

#[test]
fn clusters_view_summarises_each_cluster() {
    let mut s = state(View::Clusters);
    feed(
        &mut s,
        0,
        Kind::Pods,
        vec![
            pod("shop", "web-1", "Running", 0),
            pod("shop", "api-1", "Error", 1),
        ],
    );
    let out = render(&mut s);
    for n in [
        "NOT READY",
        "UNHEALTHY",
        "WARNINGS 1H",
        "connected",
        "unreachable",
        "v1.36.2",
        "Connection refused",
    ] {
        assert!(out.contains(n), "{n}:\n{out}");
    }
}

#[test]
fn detail_help_and_inputs() {
    let mut s = state(View::Kind(Kind::Pods));
    s.screen = Screen::Detail(Box::new(Detail {
        title: "pods/web-1 -n shop @prod-eu".into(),
        request: 1,
        target: (0, Kind::Pods, "shop".into(), "web-1".into()),
        yaml: true,
        managed_fields: false,
        text: Some(Ok(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n".into()
        )),
        scroll: 0,
        search: "web".into(),
        search_input: None,
        local: false,
        reveal: false,
        diff: false,
        back: None,
    }));
    let out = render(&mut s);
    assert!(
        out.contains("yaml pods/web-1 -n shop @prod-eu (managedFields hidden) /web"),
        "{out}"
    );
    assert!(out.contains("kind: Pod"), "{out}");
    s.overlays.push(Overlay::Help { scroll: 0 });
    let out = render(&mut s);
    assert!(
        out.contains("help (esc to close)") && out.contains("describe the selected object"),
        "{out}"
    );
    // Asked from describe, help starts with the describe keys.
    let first = out.lines().find(|l| l.contains("Keys (")).unwrap_or("");
    assert!(first.contains("Keys (describe / YAML)"), "{out}");
    s.overlays.clear();
    s.screen = Screen::Table;
    update(
        &mut s,
        Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(':'),
            crossterm::event::KeyModifiers::NONE,
        )),
    );
    update(
        &mut s,
        Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('d'),
            crossterm::event::KeyModifiers::NONE,
        )),
    );
    let out = render(&mut s);
    assert!(out.lines().any(|l| l.starts_with(":d")), "{out}");
}

#[test]
fn empty_and_loading_tables_say_so() {
    let mut s = state(View::Kind(Kind::Events));
    let out = render(&mut s);
    assert!(out.contains("loading events…"), "{out}");
    feed(&mut s, 0, Kind::Events, vec![]);
    feed(&mut s, 1, Kind::Events, vec![]);
    let out = render(&mut s);
    assert!(out.contains("no events"), "{out}");
}

fn log_view(s: &mut State, lines: &[(u64, &[u8])]) {
    use crate::app::logview::{LogView, Source, SourceState, Target};
    use crate::kube::logs::{LogEvent, RawLine, Since};
    let mut v = LogView::new(
        "logs deploy/web -n shop @prod-eu".into(),
        0,
        Target::Workload {
            namespace: "shop".into(),
            label: "deploy/web".into(),
            selector: [("app".to_string(), "web".to_string())].into(),
        },
        Since::Tail(500),
        3,
        1 << 20,
    );
    for (i, pod) in ["web-1", "web-2"].iter().enumerate() {
        v.sources.push(Source {
            pod: pod.to_string(),
            container: "app".into(),
            stream: i as u64,
            state: SourceState::Streaming,
            uid: format!("uid-{i}").into(),
            first_ts: None,
        });
        v.streams.insert(i as u64, i as u32);
    }
    s.screen = Screen::Logs(Box::new(v));
    for (stream, bytes) in lines {
        update(
            s,
            Msg::Log(LogEvent::Lines {
                stream: *stream,
                lines: vec![RawLine {
                    ts: Some(t0()),
                    bytes: bytes.to_vec(),
                }],
            }),
        );
    }
}

#[test]
fn log_view_prefixes_neutralises_and_counts_drops() {
    let mut s = state(View::Kind(Kind::Pods));
    log_view(
        &mut s,
        &[
            (0, b"dropped first"),
            (0, b"{\"level\":\"error\",\"msg\":\"db down\",\"retry\":3}"),
            (1, b"INFO title \x1b]0;pwned\x07 here"),
            (0, b"ERROR boom"),
        ],
    );
    let text = render(&mut s);
    assert!(text.contains("logs deploy/web -n shop @prod-eu"), "{text}");
    assert!(text.contains("● following"), "{text}");
    assert!(text.contains("dropped 1 older lines"), "{text}");
    assert!(!text.contains("dropped first"), "{text}");
    assert!(
        text.contains("web-1 ERROR db down retry=3"),
        "JSON made readable: {text}"
    );
    assert!(text.contains("web-2 INFO title ␛]0;pwned␇ here"), "{text}");
    assert!(!text.contains('\u{1b}'));
    // Timestamps on: the kubelet's stamp leads each line.
    if let Screen::Logs(v) = &mut s.screen {
        v.timestamps = true;
    }
    let text = render(&mut s);
    assert!(
        text.contains("2026-11-22T12:00:00.000Z web-1 ERROR boom"),
        "{text}"
    );
}

#[test]
fn no_control_character_from_a_cluster_reaches_a_cell() {
    let mut s = state(View::Kind(Kind::Events));
    let ev = rows::EventRow::new(
        meta("shop", "web.1"),
        rows::EventText {
            kind_type: "Warning",
            reason: "Evil\u{1b}]0;pwned\u{7}",
            object: "pod/web-1",
            message: "clear \u{1b}[2J\u{1b}[H now \u{9b}31m",
            source: "kubelet",
        },
        1,
        Some(t0()),
        Some(t0()),
    );
    feed(&mut s, 0, Kind::Events, vec![Row::Event(Box::new(ev))]);
    crate::app::derive::refresh(&mut s);
    let mut t = Terminal::new(TestBackend::new(170, 24)).unwrap();
    t.draw(|f| super::draw(f, &s, &Theme::default())).unwrap();
    let buf = t.backend().buffer();
    assert!(
        buf.content
            .iter()
            .all(|c| !c.symbol().chars().any(char::is_control)),
        "a control character reached the screen"
    );
    let text: String = buf.content.iter().map(|c| c.symbol()).collect();
    assert!(text.contains("]0;pwned"), "the rest is shown as text");
}

#[test]
fn following_with_wrap_always_shows_the_newest_line() {
    let mut s = state(View::Kind(Kind::Pods));
    // The text area is 20 rows: 18 + 2 + 2 rows do not all fit, and the
    // newest line must be the one that shows whole.
    let long = "x".repeat(170 * 18 - 20);
    let two_rows = format!("short one {}", "y".repeat(200));
    let newest = format!("NEWEST line {}", "z".repeat(200));
    log_view(
        &mut s,
        &[
            (0, long.as_bytes()),
            (0, two_rows.as_bytes()),
            (0, newest.as_bytes()),
        ],
    );
    if let Screen::Logs(v) = &mut s.screen {
        v.wrap = true;
    }
    let text = render(&mut s);
    assert!(text.contains("NEWEST line"), "{text}");
    assert!(text.contains("short one"), "{text}");
}

#[test]
fn bidi_and_invisible_characters_are_shown_in_cells() {
    let mut s = state(View::Kind(Kind::Events));
    let ev = rows::EventRow::new(
        meta("shop", "web.2"),
        rows::EventText {
            kind_type: "Normal",
            reason: "Pulled",
            object: "pod/web-1",
            message: "MSG:\u{202E}exe.live and a\u{200B}b",
            source: "kubelet",
        },
        1,
        Some(t0()),
        Some(t0()),
    );
    feed(&mut s, 0, Kind::Events, vec![Row::Event(Box::new(ev))]);
    let out = render(&mut s);
    assert!(
        out.contains("MSG:\\u{202E}exe.live and a\\u{200B}b"),
        "{out}"
    );
    assert!(!out.contains('\u{202E}') && !out.contains('\u{200B}'));
}

/// Pods of one generated workload, with long names that differ only at
/// the end, and a big READY ratio.
fn canary_pods() -> Vec<Row> {
    ["x2k4q", "h8m2p", "zt9wl"]
        .iter()
        .map(|suffix| {
            let name = format!("payments-reconciliation-worker-canary-7d9f8c6b5-{suffix}");
            let Row::Pod(mut p) = pod("payments", &name, "Running", 0) else {
                unreachable!()
            };
            p.ready = 3000;
            p.total = 3000;
            Row::Pod(p)
        })
        .collect()
}

#[test]
fn long_names_show_whole_when_there_is_room_and_numbers_are_never_cut() {
    let mut s = state(View::Kind(Kind::Pods));
    feed(&mut s, 0, Kind::Pods, canary_pods());
    let out = render_at(&mut s, 200, 24);
    for suffix in ["x2k4q", "h8m2p", "zt9wl"] {
        let name = format!("payments-reconciliation-worker-canary-7d9f8c6b5-{suffix}");
        assert!(out.contains(&format!("{name} 3000/3000 ")), "{out}");
    }
    assert!(out.contains("NODE"), "{out}");
}

#[test]
fn long_names_on_a_narrow_screen_are_cut_in_the_middle_and_stay_distinct() {
    let mut s = state(View::Kind(Kind::Pods));
    feed(&mut s, 0, Kind::Pods, canary_pods());
    let out = render_at(&mut s, 80, 24);
    let rows: Vec<&str> = out.lines().filter(|l| l.contains("3000/3000")).collect();
    assert_eq!(rows.len(), 3, "{out}");
    for (row, suffix) in rows.iter().zip(["h8m2p", "x2k4q", "zt9wl"]) {
        assert!(
            row.contains(&format!("…d9f8c6b5-{suffix} 3000/3000 ")),
            "{out}"
        );
        assert!(row.contains("payments  payments-reconc"), "{out}");
        assert!(row.contains("Running"), "{out}");
    }
    assert!(out.lines().all(|l| l.chars().count() <= 80));
}

#[test]
fn the_events_object_column_sizes_to_long_names() {
    let mut s = state(View::Kind(Kind::Events));
    let object = "pod/payments-reconciliation-worker-canary-7d9f8c6b5-x2k4q";
    let ev = rows::EventRow::new(
        meta("payments", "canary.1"),
        rows::EventText {
            kind_type: "Warning",
            reason: "BackOff",
            object,
            message: "Back-off restarting failed container app in pod",
            source: "kubelet",
        },
        12,
        Some(t0()),
        Some(t0()),
    );
    feed(&mut s, 0, Kind::Events, vec![Row::Event(Box::new(ev))]);
    let out = render_at(&mut s, 200, 24);
    assert!(out.contains(&format!("{object} 12 ")), "{out}");
    assert!(
        out.contains("Back-off restarting failed container app in pod"),
        "{out}"
    );
    // Narrower: the message is cut at the end first, then the optional
    // columns go; the name stays whole.
    let out = render_at(&mut s, 130, 24);
    assert!(out.contains(&format!("{object} 12 ")), "{out}");
    assert!(out.contains(" Back-off restarting …"), "{out}");
    assert!(
        out.contains("COUNT") && !out.contains("FIRST SEEN"),
        "{out}"
    );
    // Narrower still: the name is cut in the middle, its suffix kept.
    let out = render_at(&mut s, 110, 24);
    assert!(!out.contains(object), "{out}");
    assert!(out.contains("pod/payments-"), "{out}");
    assert!(out.contains("…-canary-7d9f8c6b5-x2k4q Back-off"), "{out}");
}

#[test]
fn the_events_table_says_how_many_older_events_were_not_kept() {
    use crate::app::cap::MAX_EVENTS;
    let mut s = state(View::Kind(Kind::Events));
    let n = MAX_EVENTS + 3_000;
    let events = (0..n)
        .map(|i| {
            let seen = Some(t0() - chrono::Duration::seconds((n - i) as i64));
            let text = rows::EventText {
                kind_type: "Normal",
                reason: "Pulled",
                object: "pod/web-1",
                message: "Container image already present on machine",
                source: "kubelet",
            };
            let ev = rows::EventRow::new(meta("shop", &format!("web-1.{i}")), text, 1, seen, seen);
            Row::Event(Box::new(ev))
        })
        .collect();
    feed(&mut s, 0, Kind::Events, events);
    let out = render_at(&mut s, 200, 24);
    assert!(out.contains("[50000]"), "{out}");
    assert!(
        out.contains(
            " events 1/50000 · 3,000 older events not kept (the newest 50,000 of each cluster are) "
        ),
        "{out}"
    );
    // The newest are the ones kept.
    let kept = &s.caches[&(0, Kind::Events)].rows;
    assert!(
        kept.contains_key(&rows::Uid::new("shop/web-1.3000"))
            && !kept.contains_key(&rows::Uid::new("shop/web-1.2999"))
    );
}
