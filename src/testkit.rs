//! Builders shared by the unit tests and the benchmarks: a console state
//! over named clusters, and lean rows. Not used by the console itself.

use chrono::{DateTime, TimeZone, Utc};

use crate::app::command::NamespaceScope;
use crate::app::state::{ClusterInfo, Scope, Start, State};
use crate::app::view::View;
use crate::config::keymap::Keymap;
use crate::kube::ClusterStatus;
use crate::kube::rows::Meta;

/// A fixed "now" (2026-11-22 12:00 UTC), so ages are the same on every run.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// An open cluster; production when its name starts with `prod`.
pub fn cluster(name: &str, status: ClusterStatus) -> ClusterInfo {
    ClusterInfo {
        name: name.into(),
        user: format!("{name}-user"),
        status,
        status_since: None,
        readonly: false,
        version: None,
        production: name.starts_with("prod"),
        namespace: None,
        watches: Default::default(),
        probing: false,
        same_as: None,
    }
}

/// `view` across every cluster and all namespaces.
pub fn scope(view: View) -> Scope {
    Scope {
        kind: view,
        cluster: None,
        namespaces: NamespaceScope::All,
        selector: None,
        drill: None,
    }
}

/// A state showing `view` over `clusters`, with the default keymap, at
/// `now`.
pub fn state(view: View, clusters: Vec<ClusterInfo>, now: DateTime<Utc>) -> State {
    State::new(Start {
        clusters,
        readonly: false,
        keymap: Keymap::load(None).unwrap_or_default(),
        scope: scope(view),
        start_namespaces: vec![],
        now,
    })
}

/// Row metadata; the uid is `ns/name`.
pub fn meta(ns: &str, name: &str, labels: &[(&str, &str)], created: Option<DateTime<Utc>>) -> Meta {
    Meta {
        namespace: ns.into(),
        name: name.into(),
        uid: format!("{ns}/{name}").into(),
        created,
        labels: labels.iter().copied().collect(),
    }
}

/// A one-container pod on `node-1`: ready when `status` is `Running`,
/// unhealthy otherwise.
pub fn pod(meta: Meta, status: &str, restarts: u32) -> crate::kube::rows::PodRow {
    let running = status == "Running";
    crate::kube::rows::PodRow {
        meta,
        ready: u32::from(running),
        total: 1,
        status: status.into(),
        restarts,
        last_restart: None,
        node: "node-1".into(),
        ip: crate::kube::rows::PodIp::parse("10.0.0.9"),
        owner: None,
        unhealthy: !running,
        phase: "Running".into(),
        init_from: 1,
        resources: Default::default(),
        containers: vec![crate::kube::rows::ContainerInfo {
            name: "app".into(),
            ready: running,
            restarts,
            state: (!running).then(|| status.into()),
            ..Default::default()
        }]
        .into(),
        claims: Default::default(),
    }
}

/// The text of a drawn buffer, a line per row (render tests).
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// A Ready, schedulable node with `cpu` and `memory` allocatable (and as
/// capacity), its Ready condition True since an hour before `t0`.
pub fn node(name: &str, cpu: &str, memory: &str) -> crate::kube::rows::NodeRow {
    crate::kube::rows::NodeRow {
        meta: meta("", name, &[], Some(t0() - chrono::Duration::days(3))),
        status: "Ready".into(),
        roles: "<none>".into(),
        taints: 0,
        version: "v1.36.2".into(),
        cpu_capacity: cpu.into(),
        cpu_allocatable: cpu.into(),
        memory_capacity: memory.into(),
        memory_allocatable: memory.into(),
        pods_capacity: "110".into(),
        internal_ip: "10.0.0.1".into(),
        ready: true,
        schedulable: true,
        conditions: vec![crate::kube::rows::NodeCondition {
            kind: "Ready".into(),
            status: "True".into(),
            since: Some(t0() - chrono::Duration::hours(1)),
        }]
        .into(),
        taint_list: Box::default(),
    }
}

/// A quota in `ns` of 100 pods (1 used) and `hard` requests.cpu
/// (`used` used).
pub fn quota(ns: &str, name: &str, used: &str, hard: &str) -> crate::kube::rows::QuotaRow {
    let item = |resource: &str, used: &str, hard: &str| crate::kube::rows::QuotaItem {
        resource: resource.into(),
        used: used.into(),
        hard: hard.into(),
        ratio: None,
    };
    crate::kube::rows::QuotaRow {
        meta: meta(ns, name, &[], None),
        items: vec![item("pods", "1", "100"), item("requests.cpu", used, hard)],
    }
}

/// `rows` listed (a complete list) for `kind` in `cluster`, through
/// `update`.
pub fn feed(
    s: &mut State,
    cluster: usize,
    kind: crate::kube::kind::Kind,
    rows: Vec<crate::kube::Row>,
) {
    crate::app::update::update(
        s,
        crate::app::msg::Msg::Cluster(crate::kube::ClusterEvent::Rows {
            cluster,
            kind,
            change: crate::kube::RowChange::Replace(rows),
        }),
    );
}

/// A deployment row, 3/3 ready.
pub fn deployment(meta: Meta) -> crate::kube::Row {
    crate::kube::Row::Deployment(Box::new(crate::kube::rows::DeploymentRow {
        meta,
        desired: 3,
        ready: 3,
        updated: 3,
        available: 3,
        selector: Default::default(),
        images: vec!["web:1".into()],
        unhealthy: false,
    }))
}

/// Every access question the actions ask about `t`, answered `allowed`
/// as the server would (through `update`).
pub fn answer_access(s: &mut State, t: &crate::kube::ops::Target, allowed: bool) {
    use crate::app::access;
    use crate::app::msg::Msg;
    use crate::kube::ClusterEvent;
    use crate::kube::access::Verdict;
    for intent in access::ACTIONS {
        for key in access::keys(intent, t) {
            let result = Ok(Verdict {
                allowed,
                reason: String::new(),
            });
            crate::app::update::update(s, Msg::Cluster(ClusterEvent::Access { key, result }));
        }
    }
}

/// Properties of everything kdeck reads from outside (cluster objects, log
/// bytes, what the user types, config and kubeconfig files), shared by the
/// property tests (`cargo test`) and the fuzz targets (`fuzz/`). Each check
/// panics, with what went wrong, when its property does not hold.
pub mod props {
    use std::collections::BTreeMap;

    use chrono::{DateTime, TimeZone, Utc};
    use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
    use k8s_openapi::api::core::v1::{
        Event, LimitRange, Namespace, Node, Pod, ResourceQuota, Service,
    };

    use crate::app::logview::line::{LogLine, readable_json};
    use crate::app::logview::sanitize::sanitize;
    use crate::app::text::{is_hidden, visible, visible_lines};
    use crate::app::view::View;
    use crate::kube::kind::Kind;
    use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange, rows};

    fn no_hidden(what: &str, s: &str, from: &dyn std::fmt::Debug) {
        assert!(
            !s.chars().any(is_hidden),
            "{what} shows a hidden character: {s:?} (from {from:?})"
        );
    }

    /// Log bytes: the sanitiser's segments and the stored line hold no
    /// hidden character; style runs lie on the line's character
    /// boundaries, in order; the readable form of a JSON line is safe too.
    pub fn log_bytes(data: &[u8]) {
        for seg in sanitize(data) {
            no_hidden("a sanitised segment", &seg.text, &data);
        }
        let line = LogLine::from_raw(0, None, data);
        no_hidden("a log line", &line.text, &data);
        let mut at = 0;
        for r in line.runs.iter() {
            let (a, b) = (r.start as usize, r.end as usize);
            assert!(
                at <= a && a <= b && b <= line.text.len(),
                "run {a}..{b} out of order or bounds in {:?}",
                line.text
            );
            assert!(
                line.text.is_char_boundary(a) && line.text.is_char_boundary(b),
                "run {a}..{b} splits a character of {:?}",
                line.text
            );
            at = b;
        }
        if let Some((text, _)) = readable_json(&line.text) {
            no_hidden("a JSON log line made readable", &text, &data);
        }
    }

    /// Cluster text: nothing hidden survives `visible`; `visible_lines`
    /// keeps the line breaks (and only them) and hides nothing else.
    pub fn text(s: &str) {
        no_hidden("visible()", &visible(s), &s);
        let lines = visible_lines(s);
        assert!(
            !lines.chars().any(|c| c != '\n' && is_hidden(c)),
            "visible_lines({s:?}) = {lines:?} shows a hidden character"
        );
        assert_eq!(
            lines.matches('\n').count(),
            s.matches('\n').count(),
            "visible_lines({s:?}) = {lines:?} changed the line breaks"
        );
    }

    /// The `/` filter: parsing and matching any text never fails, and
    /// matching is the same every time.
    pub fn filter(input: &str, hay: &str) {
        let f = crate::app::filter::Filter::parse(input);
        let labels: BTreeMap<String, String> = hay
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let m = f.matches(hay, &labels);
        assert_eq!(m, f.matches(hay, &labels), "{input:?} on {hay:?}");
        let _ = (f.describe(), f.error(), f.is_inverted(), f.is_regex());
        let _ = crate::app::filter::LabelSelector::parse(input).map(|s| s.matches(&labels));
    }

    /// The `:` command line: parsing and completing any text never fails.
    pub fn command(line: &str) {
        let clusters = ["prod-eu".to_string(), "staging".to_string()];
        let namespaces = ["shop".to_string(), "kube-system".to_string()];
        let _ = crate::app::command::parse(line);
        let _ = crate::app::command::complete(line, &clusters, &namespaces);
    }

    /// A user keymap or theme file: any text loads or is refused with one
    /// line.
    pub fn config_toml(text: &str) {
        if let Err(e) = crate::config::keymap::Keymap::load(Some(text)) {
            assert!(!e.contains('\n'), "keymap error on two lines: {e:?}");
        }
        if let Err(e) = crate::config::theme::Theme::parse(text) {
            assert!(!e.contains('\n'), "theme error on two lines: {e:?}");
        }
    }

    /// A kubeconfig file: any text resolves (every context) or is refused
    /// with a message the terminal it is printed on (before kdeck exits)
    /// cannot obey: no control character but line breaks, no bidi override
    /// or isolate.
    pub fn kubeconfig(text: &[u8]) {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "kdeck-props-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        if std::fs::create_dir_all(&dir).is_err() {
            return;
        }
        let path = dir.join("config");
        if std::fs::write(&path, text).is_ok()
            && let Ok(rt) = tokio::runtime::Builder::new_current_thread().build()
        {
            for sel in [
                crate::kube::kubeconfig::Selection::default(),
                crate::kube::kubeconfig::Selection {
                    contexts: vec![],
                    all: true,
                },
            ] {
                if let Err(e) = rt.block_on(crate::kube::kubeconfig::resolve(Some(&path), &sel)) {
                    let obeyed = |c: char| {
                        (c.is_control() && c != '\n')
                            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                    };
                    assert!(
                        !e.chars().any(obeyed),
                        "a kubeconfig error holds what a terminal obeys: {e:?}"
                    );
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The kind the first byte picks.
    pub fn kind_of(b: u8) -> Kind {
        Kind::ALL[b as usize % Kind::ALL.len()]
    }

    /// Any JSON as an object of `kind`, projected into its row, if it
    /// deserialises.
    pub fn row_of(kind: Kind, json: &[u8]) -> Option<Row> {
        fn p<T: serde::de::DeserializeOwned>(json: &[u8]) -> Option<T> {
            serde_json::from_slice(json).ok()
        }
        Some(match kind {
            Kind::Namespaces => {
                Row::Namespace(Box::new(rows::namespace_row(&p::<Namespace>(json)?)))
            }
            Kind::Pods => Row::Pod(Box::new(rows::pod_row(&p::<Pod>(json)?))),
            Kind::Deployments => {
                Row::Deployment(Box::new(rows::deployment_row(&p::<Deployment>(json)?)))
            }
            Kind::StatefulSets => {
                Row::StatefulSet(Box::new(rows::statefulset_row(&p::<StatefulSet>(json)?)))
            }
            Kind::DaemonSets => {
                Row::DaemonSet(Box::new(rows::daemonset_row(&p::<DaemonSet>(json)?)))
            }
            Kind::ReplicaSets => {
                Row::ReplicaSet(Box::new(rows::replicaset_row(&p::<ReplicaSet>(json)?)))
            }
            Kind::Services => Row::Service(Box::new(rows::service_row(&p::<Service>(json)?))),
            Kind::Nodes => Row::Node(Box::new(rows::node_row(&p::<Node>(json)?))),
            Kind::ResourceQuotas => {
                Row::Quota(Box::new(rows::quota_row(&p::<ResourceQuota>(json)?)))
            }
            Kind::LimitRanges => {
                Row::LimitRange(Box::new(rows::limitrange_row(&p::<LimitRange>(json)?)))
            }
            Kind::Events => Row::Event(Box::new(rows::event_row(&p::<Event>(json)?))),
            Kind::Generic(_) => {
                let table: serde_json::Value = p(json)?;
                let row = crate::kube::table::decode(&table, None)
                    .rows
                    .into_iter()
                    .next()?;
                Row::Generic(Box::new(row))
            }
        })
    }

    /// A time from 8 bytes, anywhere chrono can hold.
    pub fn time_of(bytes: [u8; 8]) -> DateTime<Utc> {
        let secs = i64::from_le_bytes(bytes) % 8_000_000_000_000;
        Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
    }

    /// A cluster object of any shape, seen at any time: its row's cells
    /// (as the table shows them, neutralised) hide nothing and match the
    /// view's columns, and the drawn screen holds no hidden character.
    pub fn row(kind: Kind, json: &[u8], now: DateTime<Utc>) {
        let Some(mut row) = row_of(kind, json) else {
            return;
        };
        let _ = crate::app::columns::row_tone(&row);
        for c in crate::app::columns::cells(&row, now) {
            no_hidden("a cell made visible", &visible(&c.text), &row);
        }
        let _ = crate::app::derive::searchable("c", &row, now);
        // Through the app, as a watch delivers it: cached, sorted, shown.
        if row.meta().uid.is_empty() {
            set_uid(&mut row);
        }
        let view = View::Kind(kind);
        let mut s = super::state(
            view,
            vec![super::cluster(
                "c",
                ClusterStatus::Connected {
                    version: "v1".into(),
                },
            )],
            now,
        );
        if let (Kind::Generic(_), Ok(table)) = (kind, serde_json::from_slice(json)) {
            let columns = crate::kube::table::decode(&table, None).layout.columns;
            crate::app::update::update(
                &mut s,
                crate::app::msg::Msg::Cluster(ClusterEvent::Columns {
                    cluster: 0,
                    kind,
                    columns,
                }),
            );
        }
        crate::app::update::update(
            &mut s,
            crate::app::msg::Msg::Cluster(ClusterEvent::Rows {
                cluster: 0,
                kind,
                change: RowChange::Replace(vec![row.clone()]),
            }),
        );
        crate::app::derive::refresh(&mut s);
        let columns = crate::app::derive::displayed_columns(&s);
        assert_eq!(s.view.rows.len(), 1, "the row is shown: {row:?}");
        for r in &s.view.rows {
            let cells = crate::app::derive::displayed_cells(&s, r);
            assert_eq!(
                cells.len(),
                columns.len(),
                "cells match the columns: {row:?}"
            );
            for c in &cells {
                no_hidden("a displayed cell", &c.text, &row);
            }
        }
        let Some(theme) = crate::config::theme::Theme::builtin("dark") else {
            return;
        };
        let backend = ratatui::backend::TestBackend::new(160, 12);
        let Ok(mut term) = ratatui::Terminal::new(backend);
        let _ = term.draw(|f| crate::ui::draw(f, &s, &theme));
        let shown: String = term
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        no_hidden("the drawn table", &shown, &row);
    }

    fn set_uid(row: &mut Row) {
        let m = match row {
            Row::Namespace(r) => &mut r.meta,
            Row::Pod(r) => &mut r.meta,
            Row::Deployment(r) => &mut r.meta,
            Row::StatefulSet(r) => &mut r.meta,
            Row::DaemonSet(r) => &mut r.meta,
            Row::ReplicaSet(r) => &mut r.meta,
            Row::Service(r) => &mut r.meta,
            Row::Node(r) => &mut r.meta,
            Row::Quota(r) => &mut r.meta,
            Row::LimitRange(r) => &mut r.meta,
            Row::Event(r) => &mut r.meta,
            Row::Generic(r) => &mut r.meta,
        };
        m.uid = "uid-1".into();
    }
}

/// Short seeded runs of the [`props`] (the fuzz targets run the same
/// properties for longer): a few hundred cases in all, in about a second.
#[cfg(test)]
mod prop_tests {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    use kdeck_sim::world::hostile::ascii_json;

    use super::props;
    use crate::kube::kind::Kind;

    fn config(cases: u32) -> Config {
        Config {
            cases,
            rng_seed: RngSeed::Fixed(0x006b_6465_636b),
            failure_persistence: None,
            ..Config::default()
        }
    }

    /// Characters a hostile cluster sends: controls, ESC sequence parts,
    /// bidi and invisible characters, wide ones.
    const HOSTILE: &[char] = &[
        '\u{1b}',
        '[',
        ']',
        ';',
        '0',
        '2',
        '5',
        'm',
        'J',
        'H',
        'A',
        'P',
        '\\',
        '\u{7}',
        '\u{8}',
        '\r',
        '\n',
        '\t',
        '\u{9b}',
        '\u{9c}',
        '\u{7f}',
        '\u{202e}',
        '\u{202a}',
        '\u{2066}',
        '\u{2069}',
        '\u{200b}',
        '\u{200d}',
        '\u{feff}',
        '\u{ad}',
        '\u{e0041}',
        '\u{61c}',
        '日',
        '🚀',
        'é',
        '"',
        '{',
        '}',
        ':',
        ',',
        'u',
    ];

    fn hostile_text(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![3 => prop::sample::select(HOSTILE), 1 => any::<char>()],
            0..max,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(config(256))]

        #[test]
        fn log_bytes_never_show_a_hidden_character(
            bytes in prop::collection::vec(any::<u8>(), 0..64),
            text in hostile_text(48),
        ) {
            props::log_bytes(&bytes);
            props::log_bytes(text.as_bytes());
        }

        #[test]
        fn json_log_lines_made_readable_never_show_a_hidden_character(
            msg in hostile_text(24),
            key in hostile_text(6),
        ) {
            let line = format!(
                "{{\"level\":\"warn\",\"msg\":{},{}:{}}}",
                ascii_json(&msg),
                ascii_json(&key),
                ascii_json(&msg)
            );
            props::log_bytes(line.as_bytes());
        }

        #[test]
        fn cluster_text_never_shows_a_hidden_character(text in hostile_text(48)) {
            props::text(&text);
        }

        #[test]
        fn filters_and_commands_take_any_input(
            input in "[-a-z!^$.*+?()\\[\\]{}|\\\\ ,=@l]{0,24}",
            hay in hostile_text(24),
            other in hostile_text(12),
        ) {
            props::filter(&input, &hay);
            props::filter(&other, &input);
            props::command(&input);
            props::command(&other);
        }
    }

    proptest! {
        #![proptest_config(config(48))]

        #[test]
        fn user_config_files_load_or_are_refused_in_one_line(
            section in prop::sample::select(&["global", "table", "detail", "logs", "nope"][..]),
            action in prop::sample::select(&["quit", "describe", "logs", "help", "no-such"][..]),
            keys in prop::collection::vec("(ctrl-|alt-){0,2}([a-z]{1,4}|f[0-9]{1,2}|\\PC)", 0..3),
            colour in "(red|#[0-9a-f]{6}|[0-9]{1,3}|\\PC{0,4})",
        ) {
            let keys: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
            props::config_toml(&format!("[{section}]\n{action} = [{}]\n", keys.join(", ")));
            props::config_toml(&format!("name = \"x\"\ntext = {colour:?}\nwarning = {colour:?}\n"));
        }

        #[test]
        fn kubeconfigs_resolve_or_are_refused_visibly(
            names in prop::collection::vec(hostile_text(8), 1..3),
            current in hostile_text(8),
            server in prop::sample::select(&["https://127.0.0.1:1", "", "::not a url", "http://[::1]:80"][..]),
        ) {
            let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
            let mut text = format!(
                "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {{server: {}}}\nusers:\n- name: u\n  user: {{token: t}}\ncontexts:\n",
                q(server)
            );
            for n in &names {
                text.push_str(&format!("- name: {}\n  context: {{cluster: c, user: u, namespace: {}}}\n", q(n), q(n)));
            }
            text.push_str(&format!("current-context: {}\n", q(&current)));
            props::kubeconfig(text.as_bytes());
        }
    }

    /// A small object of `kind` whose free-form fields hold `t` and whose
    /// numbers and times are `n` and `ts`.
    fn object(kind: Kind, t: &str, n: i64, ts: &str) -> serde_json::Value {
        use serde_json::json;
        let meta = json!({"name": t, "namespace": t, "uid": t, "creationTimestamp": ts,
            "labels": {"app": t}, "ownerReferences": [{"apiVersion": "apps/v1", "kind": t, "name": t, "uid": "o", "controller": true}]});
        let containers = json!([{"name": t, "image": t, "ports": [{"containerPort": n, "protocol": t}],
            "resources": {"requests": {"cpu": t, "memory": "1Gi"}, "limits": {"memory": t}}}]);
        let status = json!({"name": t, "ready": false, "restartCount": n, "image": t, "imageID": t,
            "state": {"waiting": {"reason": t, "message": t}},
            "lastState": {"terminated": {"exitCode": n, "reason": t, "message": t, "startedAt": ts, "finishedAt": ts}}});
        match kind {
            Kind::Namespaces => json!({"metadata": meta, "status": {"phase": t}}),
            Kind::Pods => {
                json!({"metadata": meta, "spec": {"nodeName": t, "containers": containers, "initContainers": containers},
                "status": {"phase": t, "reason": t, "message": t, "podIP": t, "startTime": ts,
                    "conditions": [{"type": "Ready", "status": t, "reason": t}],
                    "containerStatuses": [status], "initContainerStatuses": [status]}})
            }
            Kind::Deployments | Kind::StatefulSets | Kind::DaemonSets | Kind::ReplicaSets => {
                json!({"metadata": meta,
                "spec": {"replicas": n, "selector": {"matchLabels": {"app": t}},
                    "template": {"metadata": {"labels": {"app": t}}, "spec": {"containers": containers}}},
                "status": {"replicas": n, "readyReplicas": n, "updatedReplicas": n, "availableReplicas": n,
                    "desiredNumberScheduled": n, "currentNumberScheduled": n, "numberReady": n, "updatedNumberScheduled": n, "numberAvailable": n,
                    "conditions": [{"type": t, "status": t, "reason": t, "message": t}]}})
            }
            Kind::Services => {
                json!({"metadata": meta, "spec": {"type": t, "clusterIP": t, "externalIPs": [t],
                "ports": [{"name": t, "port": n, "targetPort": t, "nodePort": n, "protocol": t}], "selector": {"app": t}},
                "status": {"loadBalancer": {"ingress": [{"ip": t, "hostname": t}]}}})
            }
            Kind::Nodes => {
                json!({"metadata": meta, "spec": {"unschedulable": n % 2 == 0, "taints": [{"key": t, "effect": t}]},
                "status": {"conditions": [{"type": "Ready", "status": t, "reason": t, "message": t}],
                    "nodeInfo": {"kubeletVersion": t, "osImage": t, "kernelVersion": t, "containerRuntimeVersion": t, "architecture": t, "bootID": t, "machineID": t, "systemUUID": t, "kubeProxyVersion": t, "operatingSystem": t},
                    "addresses": [{"type": "InternalIP", "address": t}], "allocatable": {"cpu": t, "memory": t}, "capacity": {"cpu": t}}})
            }
            Kind::ResourceQuotas => json!({"metadata": meta, "spec": {"hard": {t: t, "cpu": "1"}},
                "status": {"hard": {t: t, "pods": "10"}, "used": {t: t, "pods": format!("{n}")}}}),
            Kind::LimitRanges => {
                json!({"metadata": meta, "spec": {"limits": [{"type": t, "max": {t: t}, "default": {"cpu": t}}]}})
            }
            Kind::Events => {
                json!({"metadata": meta, "involvedObject": {"kind": t, "name": t, "namespace": t},
                "reason": t, "message": t, "type": t, "count": n, "firstTimestamp": ts, "lastTimestamp": ts,
                "source": {"component": t, "host": t}, "reportingComponent": t, "reportingInstance": t,
                "series": {"count": n, "lastObservedTime": ts}})
            }
            // A server-side Table with cells of every type.
            Kind::Generic(_) => json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1",
                "metadata": {"resourceVersion": t},
                "columnDefinitions": [
                    {"name": "Name", "type": "string", "priority": 0},
                    {"name": t, "type": "integer", "priority": 0},
                    {"name": "Age", "type": "string", "priority": 0},
                    {"name": t, "type": t, "priority": n},
                    {"name": "Wide", "type": "string", "priority": 1}],
                "rows": [{"cells": [t, n, ts, {"a": t}, [t, n]], "object": {"kind": "PartialObjectMetadata", "metadata": meta}}]}),
        }
    }

    /// A generic kind for the properties.
    pub fn generic_kind() -> Kind {
        Kind::Generic(crate::kube::kind::Res::intern(
            "example.com",
            "v1",
            "widgets",
            "Widget",
            true,
        ))
    }

    #[test]
    fn generated_objects_of_every_kind_reach_the_table() {
        for kind in Kind::ALL {
            let json = serde_json::to_vec(&object(kind, "web-1", 3, "2026-11-22T11:59:00Z"))
                .unwrap_or_default();
            assert!(
                props::row_of(kind, &json).is_some(),
                "{kind:?} does not deserialise"
            );
        }
    }

    proptest! {
        #![proptest_config(config(96))]

        #[test]
        fn any_object_shows_safe_cells_and_a_safe_screen(
            kind in prop::sample::select(&Kind::ALL[..]),
            t in hostile_text(16),
            // Mostly values that deserialise (i32 fields, valid times), so
            // that most cases reach the table.
            n in prop_oneof![
                4 => -5i64..5,
                2 => any::<i32>().prop_map(i64::from),
                1 => Just(i64::from(i32::MAX)),
                1 => any::<i64>(),
            ],
            ts in prop_oneof![
                3 => Just("2026-11-22T11:59:00Z".to_string()),
                1 => Just("0001-01-01T00:00:00Z".to_string()),
                1 => Just("9999-12-31T23:59:59Z".to_string()),
                1 => hostile_text(8),
            ],
            now in any::<[u8; 8]>(),
        ) {
            let obj = object(kind, &t, n, &ts);
            let json = serde_json::to_vec(&obj).unwrap_or_default();
            props::row(kind, &json, props::time_of(now));
            props::row(kind, &json, super::t0());
            // The same hostile values in a server-side Table.
            let obj = object(generic_kind(), &t, n, &ts);
            let json = serde_json::to_vec(&obj).unwrap_or_default();
            props::row(generic_kind(), &json, props::time_of(now));
        }
    }
}
