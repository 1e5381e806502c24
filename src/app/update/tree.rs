//! The ownership tree (`x` on a workload): opening it, its keys, reading
//! its references (again every `tree::REFRESH_SECS` while open), their
//! answers.

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
    s.screen = Screen::Tree(Box::new(TreeScreen::new(
        kind,
        ns.to_string(),
        name,
        clusters,
    )));
    due(s, fx);
    tree::refresh(s);
}

/// Ask each cluster of the tree on screen for its references: at first,
/// then [`REFRESH_SECS`] after its last answer; never while a read of it
/// is under way (a slow cluster is not asked again and again).
pub fn due(s: &mut State, fx: &mut Vec<Effect>) {
    let now = s.now;
    let Screen::Tree(t) = &mut s.screen else {
        return;
    };
    for &cluster in &t.clusters {
        let old = t
            .answered
            .get(&cluster)
            .is_none_or(|a| (now - *a).num_seconds() >= REFRESH_SECS);
        if !old || t.pending.contains_key(&cluster) {
            continue;
        }
        let request = s.next_request;
        s.next_request += 1;
        t.pending.insert(cluster, request);
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

/// A cluster's references answered.
pub fn answered(s: &mut State, request: u64, cluster: usize, result: Result<Refs, String>) {
    let now = s.now;
    if let Screen::Tree(t) = &mut s.screen
        && t.pending.get(&cluster) == Some(&request)
    {
        t.pending.remove(&cluster);
        t.answered.insert(cluster, now);
        t.refs.insert(cluster, Some(result));
        tree::stale(t);
    }
}

/// The clusters (and kinds) the tree on screen needs watched.
pub fn watches(t: &TreeScreen) -> Vec<(usize, Kind)> {
    let kinds = t.kinds();
    t.clusters
        .iter()
        .flat_map(|&c| kinds.iter().map(move |&k| (c, k)))
        .collect()
}

/// Keys on the tree.
pub fn tree_key(s: &mut State, intent: Option<Intent>, fx: &mut Vec<Effect>) {
    let page = s.page().max(1);
    let Some(intent) = intent else { return };
    let Screen::Tree(t) = &mut s.screen else {
        return;
    };
    let n = t.lines.len();
    let target = t.lines.get(t.cursor).and_then(|l| l.target.clone());
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
