//! The ownership tree (`x` on a workload): opening it, its keys, reading
//! its references (again every `tree::REFRESH_SECS` while open), their
//! answers.

use std::collections::BTreeMap;

use super::table::open_object;
use crate::app::msg::{Effect, Intent};
use crate::app::state::{Level, Screen, State};
use crate::app::tree::{self, REFRESH_SECS, TreeScreen};
use crate::kube::Row;
use crate::kube::kind::Kind;
use crate::kube::workload_refs::Refs;

/// `x` on a workload row: its tree in every cluster of the view holding
/// the same workload.
pub fn open(s: &mut State, fx: &mut Vec<Effect>) {
    let Some((cluster, row)) = s.selected_row() else {
        return;
    };
    let kind = match row {
        Row::Deployment(_) => Kind::Deployments,
        Row::StatefulSet(_) => Kind::StatefulSets,
        Row::DaemonSet(_) => Kind::DaemonSets,
        Row::ReplicaSet(_) => Kind::ReplicaSets,
        _ => {
            s.message = Some((
                Level::Info,
                "the ownership tree is for deployments, statefulsets, daemonsets and replicasets"
                    .into(),
            ));
            return;
        }
    };
    let (ns, name) = (row.meta().namespace.clone(), row.meta().name.clone());
    let mut clusters: Vec<usize> = s
        .view_clusters()
        .into_iter()
        .filter(|&c| {
            c == cluster
                || s.caches.get(&(c, kind)).is_some_and(|cache| {
                    cache
                        .rows
                        .values()
                        .any(|e| e.row.meta().namespace == ns && e.row.meta().name == name)
                })
        })
        .collect();
    // The selected row's cluster first.
    clusters.sort_by_key(|&c| (c != cluster, c));
    s.screen = Screen::Tree(Box::new(TreeScreen {
        kind,
        namespace: ns,
        name,
        clusters,
        refs: BTreeMap::new(),
        asked: None,
        request: 0,
        cursor: 0,
    }));
    read(s, fx);
}

/// Ask for the references of the tree on screen (each of its clusters).
fn read(s: &mut State, fx: &mut Vec<Effect>) {
    let request = s.next_request;
    let now = s.now;
    let Screen::Tree(t) = &mut s.screen else {
        return;
    };
    s.next_request += 1;
    t.request = request;
    t.asked = Some(now);
    for &cluster in &t.clusters {
        // What was read stays on screen until the new answer comes.
        t.refs.entry(cluster).or_insert(None);
        fx.push(Effect::WorkloadRefs {
            request,
            cluster,
            kind: t.kind,
            namespace: t.namespace.clone(),
            name: t.name.clone(),
        });
    }
}

/// On each tick: the references read again when they are old.
pub fn due(s: &mut State, fx: &mut Vec<Effect>) {
    if let Screen::Tree(t) = &s.screen
        && t.asked
            .is_some_and(|a| (s.now - a).num_seconds() >= REFRESH_SECS)
    {
        read(s, fx);
    }
}

/// A cluster's references answered.
pub fn answered(s: &mut State, request: u64, cluster: usize, result: Result<Refs, String>) {
    if let Screen::Tree(t) = &mut s.screen
        && t.request == request
    {
        t.refs.insert(cluster, Some(result));
    }
}

/// The clusters (and kinds) the tree on screen needs watched.
pub fn watches(t: &TreeScreen) -> Vec<(usize, Kind)> {
    let mut kinds = vec![t.kind, Kind::Pods];
    if t.kind == Kind::Deployments {
        kinds.push(Kind::ReplicaSets);
    }
    t.clusters
        .iter()
        .flat_map(|&c| kinds.iter().map(move |&k| (c, k)))
        .collect()
}

/// Keys on the tree.
pub fn tree_key(s: &mut State, intent: Option<Intent>, fx: &mut Vec<Effect>) {
    let Screen::Tree(t) = &s.screen else {
        return;
    };
    let lines = tree::lines(s, t);
    let n = lines.len();
    let page = s.page().max(1);
    let Some(intent) = intent else { return };
    let target = lines.get(t.cursor).and_then(|l| l.target.clone());
    let Screen::Tree(t) = &mut s.screen else {
        return;
    };
    let last = n.saturating_sub(1);
    match intent {
        Intent::Back => s.screen = Screen::Table,
        Intent::Up => t.cursor = t.cursor.saturating_sub(1).min(last),
        Intent::Down => t.cursor = (t.cursor + 1).min(last),
        Intent::PageUp => t.cursor = t.cursor.saturating_sub(page).min(last),
        Intent::PageDown => t.cursor = (t.cursor + page).min(last),
        Intent::Top => t.cursor = 0,
        Intent::Bottom => t.cursor = last,
        Intent::Help => super::help::open(s),
        Intent::Enter | Intent::Describe | Intent::Yaml => {
            let Some(target) = target else {
                s.message = Some((Level::Info, "nothing to describe on this line".into()));
                return;
            };
            let back = std::mem::replace(&mut s.screen, Screen::Table);
            open_object(
                s,
                target.cluster,
                target.kind,
                target.namespace,
                target.name,
                intent == Intent::Yaml,
                fx,
            );
            if let Screen::Detail(d) = &mut s.screen {
                d.back = Some(Box::new(back));
            }
        }
        _ => {}
    }
}
