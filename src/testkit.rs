//! Builders shared by the unit tests and the benchmarks: a console state
//! over named clusters, and lean rows. Not used by the console itself.

use std::collections::BTreeMap;

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
        status,
        version: None,
        production: name.starts_with("prod"),
        namespace: None,
        watches: Default::default(),
        probing: false,
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
        uid: format!("{ns}/{name}"),
        created,
        labels: labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
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
        ip: "10.0.0.9".into(),
        owner: None,
        unhealthy: !running,
        phase: "Running".into(),
        containers: vec!["app".to_string()].into(),
        init_from: 1,
    }
}
