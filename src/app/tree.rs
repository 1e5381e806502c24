//! A workload's ownership tree (`x`, like k9s's xray): deployment →
//! replicasets → pods → containers, then the services selecting its pods,
//! the configmaps, secrets and claims it mounts, its autoscalers and
//! disruption budgets, each with its health; one tree per cluster where
//! the same workload (kind, namespace, name) is open.
//!
//! The owned part is read from the watched caches at each frame (it stays
//! live); the rest is read by `Effect::WorkloadRefs` when the tree opens
//! and every [`REFRESH_SECS`] while it stays open.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use std::collections::HashMap;

use super::state::{Screen, State};
use crate::kube::Row;
use crate::kube::kind::Kind;
use crate::kube::rows::PodRow;
use crate::kube::rows::age;
use crate::kube::workload_refs::{Health, Linked, Refs};

/// How often the references are read again while the tree is open.
pub const REFRESH_SECS: i64 = 30;

/// Old ReplicaSets with no pods are summed up in one line beyond this.
const OLD_SETS_SHOWN: usize = 2;

/// The tree on screen.
pub struct TreeScreen {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    /// The clusters it is shown for (where the workload was found).
    pub clusters: Vec<usize>,
    /// Each cluster's references: None while being read.
    pub refs: BTreeMap<usize, Option<Result<Refs, String>>>,
    /// The read awaiting an answer, per cluster (its number: other answers
    /// are dropped). A cluster is asked again [`REFRESH_SECS`] after it
    /// answered, never while a read is under way.
    pub pending: BTreeMap<usize, u64>,
    /// When each cluster last answered.
    pub answered: BTreeMap<usize, DateTime<Utc>>,
    pub cursor: usize,
    /// The lines, as of `stamp` (`refresh` keeps them up to date: the
    /// screen and the keys read them, nothing recomputes them per frame).
    pub lines: Vec<Line>,
    stamp: Option<Stamp>,
}

/// What the lines were computed from: the caches' generations, the
/// answers, the second (ages).
#[derive(Debug, Clone, PartialEq)]
struct Stamp {
    generations: Vec<u64>,
    answers: usize,
    second: i64,
}

impl TreeScreen {
    pub fn new(kind: Kind, namespace: String, name: String, clusters: Vec<usize>) -> TreeScreen {
        TreeScreen {
            kind,
            namespace,
            name,
            clusters,
            refs: BTreeMap::new(),
            pending: BTreeMap::new(),
            answered: BTreeMap::new(),
            cursor: 0,
            lines: Vec::new(),
            stamp: None,
        }
    }

    /// The caches the tree reads, per cluster.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds = vec![self.kind, Kind::Pods];
        if self.kind == Kind::Deployments {
            kinds.push(Kind::ReplicaSets);
        }
        kinds
    }
}

/// An object a line stands for (enter describes it).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub cluster: usize,
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
}

/// One line of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The branches before it (`│  ├─ `).
    pub prefix: String,
    /// `pod/web-7d9f-x2k`.
    pub text: String,
    /// `Running 1/1 on node-1`.
    pub status: String,
    pub health: Health,
    pub target: Option<Target>,
}

/// A node while the tree is built.
struct Node {
    text: String,
    status: String,
    health: Health,
    target: Option<Target>,
    children: Vec<Node>,
}

impl Node {
    fn new(text: String, status: String, health: Health) -> Node {
        Node {
            text,
            status,
            health,
            target: None,
            children: Vec::new(),
        }
    }

    fn at(mut self, cluster: usize, kind: Kind, ns: &str, name: &str) -> Node {
        self.target = Some(Target {
            cluster,
            kind,
            namespace: ns.into(),
            name: name.into(),
        });
        self
    }
}

fn flatten(node: Node, prefix: &str, child_prefix: &str, out: &mut Vec<Line>) {
    out.push(Line {
        prefix: prefix.into(),
        text: node.text,
        status: node.status,
        health: node.health,
        target: node.target,
    });
    let n = node.children.len();
    for (i, c) in node.children.into_iter().enumerate() {
        let last = i + 1 == n;
        let (p, cp) = if last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        flatten(
            c,
            &format!("{child_prefix}{p}"),
            &format!("{child_prefix}{cp}"),
            out,
        );
    }
}

fn rows(s: &State, cluster: usize, kind: Kind) -> impl Iterator<Item = &Row> {
    s.caches
        .get(&(cluster, kind))
        .into_iter()
        .flat_map(|c| c.rows.values().map(|e| &e.row))
}

fn short(kind: Kind) -> String {
    super::state::short_kind(kind.singular())
}

/// A cluster's pods of the tree's namespace, read once per refresh: by
/// their controller owner, and all of them (for services' selectors).
struct Pods<'a> {
    by_owner: HashMap<(&'a str, &'a str), Vec<&'a PodRow>>,
    all: Vec<&'a PodRow>,
}

impl<'a> Pods<'a> {
    fn of(s: &'a State, cluster: usize, ns: &str) -> Pods<'a> {
        let mut p = Pods {
            by_owner: HashMap::new(),
            all: Vec::new(),
        };
        for r in rows(s, cluster, Kind::Pods) {
            let Row::Pod(pod) = r else { continue };
            if pod.meta.namespace != ns {
                continue;
            }
            if let Some(o) = &pod.owner {
                p.by_owner
                    .entry((o.kind.as_str(), o.name.as_str()))
                    .or_default()
                    .push(pod);
            }
            p.all.push(pod);
        }
        p
    }

    /// How many pods a selector picks, and how many are ready.
    fn selected(&self, sel: &BTreeMap<String, String>) -> (usize, usize) {
        let picked = self
            .all
            .iter()
            .filter(|p| sel.iter().all(|(k, v)| p.meta.labels.get(k) == Some(v)));
        picked.fold((0, 0), |(n, ready), p| {
            (
                n + 1,
                ready + usize::from(p.ready == p.total && p.status == "Running"),
            )
        })
    }
}

/// The pods a controller owns, by name.
fn owned_pods(
    s: &State,
    pods: &Pods,
    cluster: usize,
    ns: &str,
    owner: &str,
    name: &str,
) -> Vec<Node> {
    let mut owned: Vec<&PodRow> = pods
        .by_owner
        .get(&(owner, name))
        .cloned()
        .unwrap_or_default();
    owned.sort_by(|a, b| a.meta.name.cmp(&b.meta.name));
    owned
        .into_iter()
        .map(|p| {
            let mut status = format!("{} {}/{}", p.status, p.ready, p.total);
            if p.restarts > 0 {
                status.push_str(&format!(", {} restarts", p.restarts));
            }
            if !p.node.is_empty() {
                status.push_str(&format!(" on {}", p.node));
            }
            let mut node = Node::new(
                format!("pod/{}", p.meta.name),
                status,
                if p.unhealthy { Health::Bad } else { Health::Ok },
            )
            .at(cluster, Kind::Pods, ns, &p.meta.name);
            for (i, info) in p.containers.iter().enumerate() {
                let c = &info.name;
                let info = Some(info);
                let init = i >= usize::from(p.init_from);
                let state = info.and_then(|i| i.state.as_deref());
                let ready = info.is_some_and(|i| i.ready);
                let mut status = match state {
                    Some(st) => st.to_string(),
                    None if ready => "ready".into(),
                    None if info.is_none() => "no status yet".into(),
                    None => "running, not ready".into(),
                };
                if let Some(i) = info {
                    if i.restarts > 0 {
                        status.push_str(&format!(", {} restarts", i.restarts));
                    }
                    if let Some(last) = &i.last {
                        status.push_str(&format!(
                            ", last {} ({}) {} ago",
                            last.reason,
                            last.exit_code,
                            age(last.finished, s.now)
                        ));
                    }
                }
                let health = match state {
                    _ if ready => Health::Ok,
                    Some("Completed") => Health::Ok,
                    Some(_) => Health::Bad,
                    None => Health::Warn,
                };
                let what = if init { "init container" } else { "container" };
                node.children
                    .push(Node::new(format!("{what} {c}"), status, health));
            }
            node
        })
        .collect()
}

fn linked(
    pods: &Pods,
    cluster: usize,
    ns: &str,
    prefix: &str,
    kind: Option<Kind>,
    l: &Linked,
) -> Node {
    let mut status = l.status.clone();
    let mut health = l.health;
    if !l.selector.is_empty() {
        let (pods, ready) = pods.selected(&l.selector);
        status.push_str(&format!(", selects {pods} pods, {ready} ready"));
        health = if ready == 0 {
            Health::Bad
        } else if ready < pods {
            Health::Warn
        } else {
            Health::Ok
        };
    }
    let node = Node::new(format!("{prefix}/{}", l.name), status, health);
    match kind {
        Some(k) => node.at(cluster, k, ns, &l.name),
        None => node,
    }
}

/// The tree of one cluster.
fn cluster_tree(s: &State, t: &TreeScreen, cluster: usize) -> Node {
    let (ns, name) = (t.namespace.as_str(), t.name.as_str());
    let pods = Pods::of(s, cluster, ns);
    let root_row = rows(s, cluster, t.kind).find(|r| {
        let m = r.meta();
        m.namespace == ns && m.name == name
    });
    let cname = s.clusters.get(cluster).map_or("?", |c| c.name.as_str());
    let (status, health) = match root_row {
        Some(Row::Deployment(d)) => (
            format!(
                "{}/{} ready, {} up-to-date, {} available",
                d.ready, d.desired, d.updated, d.available
            ),
            d.unhealthy,
        ),
        Some(Row::StatefulSet(d)) => (format!("{}/{} ready", d.ready, d.desired), d.unhealthy),
        Some(Row::DaemonSet(d)) => (
            format!("{}/{} ready, {} up-to-date", d.ready, d.desired, d.updated),
            d.unhealthy,
        ),
        Some(Row::ReplicaSet(d)) => (format!("{}/{} ready", d.ready, d.desired), d.unhealthy),
        _ => ("gone (not in this cluster's cache)".into(), true),
    };
    let mut root = Node::new(
        format!("{cname}  {}/{ns}/{name}", short(t.kind)),
        status,
        if health { Health::Bad } else { Health::Ok },
    )
    .at(cluster, t.kind, ns, name);
    if t.kind == Kind::Deployments {
        let mut sets: Vec<&crate::kube::rows::ReplicaSetRow> = rows(s, cluster, Kind::ReplicaSets)
            .filter_map(|r| match r {
                Row::ReplicaSet(rs)
                    if rs.meta.namespace == ns
                        && rs
                            .owner
                            .as_ref()
                            .is_some_and(|o| o.kind == "Deployment" && o.name == name) =>
                {
                    Some(&**rs)
                }
                _ => None,
            })
            .collect();
        // Newest revision first.
        let rev = |r: &crate::kube::rows::ReplicaSetRow| {
            r.revision
                .as_deref()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        sets.sort_by_key(|r| std::cmp::Reverse(rev(r)));
        let mut old_empty = 0;
        for (i, rs) in sets.iter().enumerate() {
            let empty = rs.desired == 0 && rs.current == 0;
            if empty && i > 0 && old_empty >= OLD_SETS_SHOWN {
                old_empty += 1;
                continue;
            }
            if empty {
                old_empty += 1;
            }
            let mut status = format!("{}/{} ready", rs.ready, rs.desired);
            if let Some(r) = &rs.revision {
                status.push_str(&format!(", revision {r}"));
            }
            if i == 0 {
                status.push_str(" (newest)");
            }
            let health = if rs.ready < rs.desired {
                Health::Warn
            } else {
                Health::Ok
            };
            let mut node = Node::new(format!("rs/{}", rs.meta.name), status, health).at(
                cluster,
                Kind::ReplicaSets,
                ns,
                &rs.meta.name,
            );
            node.children = owned_pods(s, &pods, cluster, ns, "ReplicaSet", &rs.meta.name);
            root.children.push(node);
        }
        if old_empty > OLD_SETS_SHOWN {
            root.children.push(Node::new(
                format!("{} older replicasets", old_empty - OLD_SETS_SHOWN),
                "no pods".into(),
                Health::Ok,
            ));
        }
    } else {
        root.children = owned_pods(s, &pods, cluster, ns, t.kind.singular(), name);
    }
    match t.refs.get(&cluster) {
        None | Some(None) => root.children.push(Node::new(
            "…".into(),
            "reading services, mounts, autoscalers and budgets".into(),
            Health::Unknown,
        )),
        Some(Some(Err(e))) => root.children.push(Node::new(
            "references".into(),
            format!("could not be read: {e}"),
            Health::Unknown,
        )),
        Some(Some(Ok(refs))) => {
            for l in &refs.services {
                root.children
                    .push(linked(&pods, cluster, ns, "svc", Some(Kind::Services), l));
            }
            for m in &refs.mounts {
                root.children.push(Node::new(
                    format!("{}/{}", m.kind.short(), m.name),
                    format!("{} ({})", m.status, m.how.join(", ")),
                    m.health,
                ));
            }
            for l in &refs.hpas {
                root.children
                    .push(linked(&pods, cluster, ns, "hpa", None, l));
            }
            for l in &refs.pdbs {
                root.children
                    .push(linked(&pods, cluster, ns, "pdb", None, l));
            }
            for p in &refs.problems {
                root.children
                    .push(Node::new("?".into(), p.clone(), Health::Unknown));
            }
        }
    }
    root
}

/// The lines of the tree, every cluster's in turn.
fn lines(s: &State, t: &TreeScreen) -> Vec<Line> {
    let mut out = Vec::new();
    for &c in &t.clusters {
        flatten(cluster_tree(s, t, c), "", "", &mut out);
    }
    out
}

/// Bring the tree on screen up to date (in `derive::refresh`): its lines
/// are computed again only when a cache it reads changed, an answer came,
/// or a second passed (ages), not per frame or per key.
pub fn refresh(s: &mut State) {
    let Screen::Tree(t) = &s.screen else { return };
    let stamp = Stamp {
        generations: t
            .clusters
            .iter()
            .flat_map(|&c| t.kinds().into_iter().map(move |k| (c, k)))
            .map(|key| s.caches.get(&key).map_or(0, |c| c.generation))
            .collect(),
        answers: t.answered.len() + t.refs.values().filter(|r| r.is_some()).count(),
        second: s.now.timestamp(),
    };
    if t.stamp.as_ref() == Some(&stamp) {
        return;
    }
    let lines = lines(s, t);
    if let Screen::Tree(t) = &mut s.screen {
        t.cursor = t.cursor.min(lines.len().saturating_sub(1));
        t.lines = lines;
        t.stamp = Some(stamp);
    }
}

/// Let the next `refresh` compute the lines again (an answer came).
pub fn stale(t: &mut TreeScreen) {
    t.stamp = None;
}

/// The tree's title.
pub fn title(t: &TreeScreen, now: DateTime<Utc>) -> String {
    // The oldest answer on screen.
    let read = t
        .answered
        .values()
        .min()
        .map(|a| format!(", references read {} ago", age(Some(*a), now)))
        .unwrap_or_default();
    format!(
        "ownership tree of {}/{} -n {}{read}",
        short(t.kind),
        t.name,
        t.namespace
    )
}

#[cfg(test)]
mod tests;
