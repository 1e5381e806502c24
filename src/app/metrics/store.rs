//! The metrics of one cluster: a history ring per node, the latest sample
//! of every pod polled, and history rings for the pods followed (on screen
//! or in a panel), from a pool of bounded size.
//!
//! Memory bound, per cluster (`C` = ring capacity, 240 by default: an hour
//! at 15 s):
//! - a node: `C × 8` bytes of ring plus ~80 bytes (≈ 2 KiB);
//! - a pod polled: ~55 bytes (a 32-byte slot in a hash map keyed by a hash
//!   of its namespace and name, at the map's load factor; no strings);
//! - at most [`MAX_POD_RINGS`] pod rings: `MAX_POD_RINGS × C × 8` bytes
//!   (240 KiB).
//!
//! - at most [`MAX_PANEL_SERIES`] series for the open panels (a pod's
//!   containers, a workload's total): `MAX_PANEL_SERIES × (C × 8 + 64)`
//!   bytes (≈ 124 KiB).
//!
//! So 3 clusters × 20,000 pods × 100 nodes stay under 5 MiB: 4.8 MiB
//! measured by `cargo bench --bench metrics` (every pool full).
//!
//! Per-container history is kept only for the pods of an open panel, from
//! the moment a panel shows them: a ring per container (1,984 bytes
//! measured) of every pod polled would hold 227 MiB at 3 × 20,000 pods of
//! 2 containers; one per container of the pods on screen (the pod rings'
//! 128 a cluster) another 1.45 MiB for 3 clusters, a third of the whole
//! store, for a panel that may never be opened.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::{DateTime, Utc};

use super::ring::Ring;
use crate::kube::metrics::{MetricsError, NodeSample, PodSample, Usage};

/// The most pods of a cluster with a history ring at once.
pub const MAX_POD_RINGS: usize = 128;

/// The most series kept for the open panels of a cluster (containers of
/// the pod panel's pod, a workload panel's total); the least recently
/// wanted one is given up first.
pub const MAX_PANEL_SERIES: usize = 64;

/// Whether the cluster serves metrics.k8s.io.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Served {
    /// Not asked yet.
    #[default]
    Unknown,
    Yes,
    /// Not served or not allowed, and why.
    No(String),
}

/// A pod's identity in the store: a hash of its namespace and name.
pub fn pod_key(namespace: &str, name: &str) -> u64 {
    let mut h = DefaultHasher::new();
    namespace.hash(&mut h);
    name.hash(&mut h);
    h.finish()
}

fn ns_key(namespace: &str) -> u32 {
    let mut h = DefaultHasher::new();
    namespace.hash(&mut h);
    h.finish() as u32
}

/// A pod's latest sample. 24 bytes.
#[derive(Debug, Clone, Copy)]
struct PodEntry {
    usage: Usage,
    /// Its timestamp (unix seconds).
    at: i64,
    /// A hash of its namespace (to know which pods a poll covered).
    ns: u32,
    /// Its ring in the pool, or `NO_RING`.
    ring: u32,
}

const NO_RING: u32 = u32::MAX;

/// Each pod's latest sample, sorted by key: 32 bytes a pod (a hash map
/// held about 55, with its empty buckets).
#[derive(Debug, Default)]
struct PodSamples(Vec<(u64, PodEntry)>);

impl PodSamples {
    fn find(&self, key: u64) -> Option<usize> {
        self.0.binary_search_by_key(&key, |(k, _)| *k).ok()
    }

    fn get(&self, key: &u64) -> Option<&PodEntry> {
        self.find(*key).and_then(|i| self.0.get(i)).map(|(_, e)| e)
    }

    fn get_mut(&mut self, key: &u64) -> Option<&mut PodEntry> {
        self.find(*key)
            .and_then(|i| self.0.get_mut(i))
            .map(|(_, e)| e)
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

/// Whether a poll is under way and when the last one started.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PollState {
    pub in_flight: bool,
    pub started: Option<DateTime<Utc>>,
    /// The namespaces of the last pod poll (empty: all).
    pub scope: Option<Vec<String>>,
}

/// A series kept for a panel: a container's usage, or a workload's pods'
/// total.
#[derive(Debug)]
struct PanelSeries {
    key: u64,
    ring: Ring,
    /// The answer it was last wanted in.
    wanted: u64,
}

/// What the open panels of a cluster want recorded from a pod poll.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PanelWant {
    pub pods: Vec<WantPod>,
    pub workloads: Vec<WantWorkload>,
}

/// A pod whose containers get a series each ([`container_key`]).
#[derive(Debug, Clone, PartialEq)]
pub struct WantPod {
    pub namespace: String,
    pub name: String,
    pub containers: Vec<String>,
}

/// A workload whose pods' total gets a series ([`workload_key`]).
#[derive(Debug, Clone, PartialEq)]
pub struct WantWorkload {
    pub key: u64,
    pub namespace: String,
    /// Its pods' [`pod_key`]s.
    pub pods: HashSet<u64>,
}

/// A container's series key.
pub fn container_key(namespace: &str, pod: &str, container: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (namespace, pod, container).hash(&mut h);
    h.finish()
}

/// A workload's series key (`kind`: `Deployment`, `StatefulSet`…).
pub fn workload_key(namespace: &str, kind: &str, name: &str) -> u64 {
    let mut h = DefaultHasher::new();
    ("workload", namespace, kind, name).hash(&mut h);
    h.finish()
}

#[derive(Debug, Default)]
pub struct ClusterMetrics {
    pub served: Served,
    /// Why node / pod metrics may not be read here (403), if so.
    pub nodes_denied: Option<String>,
    pub pods_denied: Option<String>,
    nodes: HashMap<Box<str>, Ring>,
    pods: PodSamples,
    /// The pod rings and whose they are.
    rings: Vec<(u64, Ring)>,
    /// The series of the open panels.
    panel: Vec<PanelSeries>,
    /// Pod answers taken (when each panel series was last wanted).
    answers: u64,
    pub node_poll: PollState,
    pub pod_poll: PollState,
    /// Bumped on every node poll's answer (the pulse sums the node rings
    /// again only then).
    pub nodes_generation: u64,
}

impl ClusterMetrics {
    /// Why some of this cluster's metrics cannot be had, if so.
    pub fn missing(&self) -> Option<&str> {
        match &self.served {
            Served::No(why) => Some(why),
            _ => self.nodes_denied.as_deref().or(self.pods_denied.as_deref()),
        }
    }

    /// A node's latest sample.
    pub fn node(&self, name: &str) -> Option<Usage> {
        self.nodes.get(name).and_then(Ring::latest)
    }

    /// A node's history.
    pub fn node_ring(&self, name: &str) -> Option<&Ring> {
        self.nodes.get(name)
    }

    /// Every node's history (the nodes gone from the cluster included,
    /// until their ring is all gaps).
    pub fn node_rings(&self) -> impl Iterator<Item = &Ring> {
        self.nodes.values()
    }

    /// A pod's latest sample.
    pub fn pod(&self, namespace: &str, name: &str) -> Option<Usage> {
        self.pods.get(&pod_key(namespace, name)).map(|e| e.usage)
    }

    /// A pod's history, if it is followed.
    pub fn pod_ring(&self, namespace: &str, name: &str) -> Option<&Ring> {
        let e = self.pods.get(&pod_key(namespace, name))?;
        self.rings.get(e.ring as usize).map(|(_, r)| r)
    }

    pub fn pods_known(&self) -> usize {
        self.pods.len()
    }

    /// Take a node poll's answer at `now`; whether anything changed.
    pub fn nodes_answered(
        &mut self,
        result: Result<Vec<NodeSample>, MetricsError>,
        now: DateTime<Utc>,
        cap: usize,
        step: i64,
    ) -> bool {
        self.nodes_generation += 1;
        match result {
            Ok(samples) => {
                self.served = Served::Yes;
                self.nodes_denied = None;
                let mut seen = HashSet::with_capacity(samples.len());
                for s in samples {
                    let ring = self
                        .nodes
                        .entry(s.name.as_str().into())
                        .or_insert_with(|| Ring::new(cap));
                    ring.sample(s.timestamp.timestamp(), step, s.usage);
                    seen.insert(s.name);
                }
                // A node without a sample (not Ready): a gap.
                for (name, ring) in &mut self.nodes {
                    if !seen.contains(&**name) {
                        ring.gap(now.timestamp(), step);
                    }
                }
                self.nodes
                    .retain(|_, r| !(r.len() == r.capacity() && r.all_gaps()));
            }
            Err(MetricsError::NotServed(why)) => self.served = Served::No(why),
            Err(MetricsError::Forbidden(why)) => self.nodes_denied = Some(why),
            Err(MetricsError::Failed(_)) => self.unreachable(now, step),
        }
        true
    }

    /// No answer from the cluster: a gap in every series.
    pub fn unreachable(&mut self, now: DateTime<Utc>, step: i64) {
        for ring in self.nodes.values_mut() {
            ring.gap(now.timestamp(), step);
        }
        for (_, ring) in &mut self.rings {
            ring.gap(now.timestamp(), step);
        }
        for p in &mut self.panel {
            p.ring.gap(now.timestamp(), step);
        }
    }

    /// A panel series (a container's, a workload's), if kept.
    pub fn panel_ring(&self, key: u64) -> Option<&Ring> {
        self.panel.iter().find(|p| p.key == key).map(|p| &p.ring)
    }

    /// The series `key`, made (or taken over from the least recently
    /// wanted one) if there is none.
    fn panel_series(&mut self, key: u64, cap: usize) -> &mut Ring {
        let i = match self.panel.iter().position(|p| p.key == key) {
            Some(i) => i,
            None if self.panel.len() < MAX_PANEL_SERIES => {
                self.panel.push(PanelSeries {
                    key,
                    ring: Ring::new(cap),
                    wanted: self.answers,
                });
                self.panel.len() - 1
            }
            None => {
                let i = self
                    .panel
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, p)| p.wanted)
                    .map_or(0, |(i, _)| i);
                self.panel[i] = PanelSeries {
                    key,
                    ring: Ring::new(cap),
                    wanted: self.answers,
                };
                i
            }
        };
        let p = &mut self.panel[i];
        p.wanted = self.answers;
        &mut p.ring
    }

    /// Record what the open panels want from a pod poll's samples for
    /// `namespaces` (empty: all), at `now`: each wanted container's sample
    /// (a gap when its pod or the container has none: not running), each
    /// wanted workload's pods' total (a gap when none of them has one).
    /// Call before [`Self::pods_answered`], which takes the samples.
    pub fn panels_answered(
        &mut self,
        namespaces: &[String],
        samples: &[PodSample],
        want: &PanelWant,
        now: DateTime<Utc>,
        (cap, step): (usize, i64),
    ) {
        if want.pods.is_empty() && want.workloads.is_empty() {
            return;
        }
        self.answers += 1;
        let covered = |ns: &str| namespaces.is_empty() || namespaces.iter().any(|n| n == ns);
        for w in want.pods.iter().filter(|w| covered(&w.namespace)) {
            let sample = samples
                .iter()
                .find(|s| s.name == w.name && s.namespace == w.namespace);
            for c in &w.containers {
                let key = container_key(&w.namespace, &w.name, c);
                let ring = self.panel_series(key, cap);
                match sample.map(|s| (s, s.containers.iter().find(|x| &x.name == c))) {
                    Some((s, Some(x))) => {
                        ring.sample(s.timestamp.timestamp(), step, x.usage);
                    }
                    Some((s, None)) => ring.gap(s.timestamp.timestamp(), step),
                    None => ring.gap(now.timestamp(), step),
                }
            }
        }
        for w in want.workloads.iter().filter(|w| covered(&w.namespace)) {
            let mut total: Option<(i64, Usage)> = None;
            for s in samples
                .iter()
                .filter(|s| w.pods.contains(&pod_key(&s.namespace, &s.name)))
            {
                let (at, u) = total.get_or_insert((i64::MIN, Usage::default()));
                *at = (*at).max(s.timestamp.timestamp());
                u.cpu_m = u.cpu_m.saturating_add(s.usage.cpu_m);
                u.mem_kib = u.mem_kib.saturating_add(s.usage.mem_kib);
            }
            let ring = self.panel_series(w.key, cap);
            match total {
                Some((at, u)) => {
                    ring.sample(at, step, u);
                }
                None => ring.gap(now.timestamp(), step),
            }
        }
    }

    /// Take a pod poll's answer for `namespaces` (empty: all): pods of
    /// those namespaces without a sample are let go; the pods in `follow`
    /// get a history ring.
    pub fn pods_answered(
        &mut self,
        namespaces: &[String],
        result: Result<Vec<PodSample>, MetricsError>,
        follow: &HashSet<u64>,
        cap: usize,
        step: i64,
    ) {
        let samples = match result {
            Ok(s) => s,
            Err(MetricsError::NotServed(why)) => {
                self.served = Served::No(why);
                return;
            }
            Err(MetricsError::Forbidden(why)) => {
                self.pods_denied = Some(why);
                return;
            }
            Err(MetricsError::Failed(_)) => return,
        };
        self.served = Served::Yes;
        self.pods_denied = None;
        let mut fresh: Vec<(u64, &PodSample)> = samples
            .iter()
            .map(|s| (pod_key(&s.namespace, &s.name), s))
            .collect();
        fresh.sort_by_key(|(k, _)| *k);
        // The pods known before, merged with the answer in key order: a
        // pod of the namespaces polled without a sample is let go (its
        // ring freed), one of another namespace kept.
        let covered: HashSet<u32> = namespaces.iter().map(|n| ns_key(n)).collect();
        let all = namespaces.is_empty();
        let rings = &mut self.rings;
        let keep =
            |rings: &mut Vec<(u64, Ring)>, out: &mut Vec<(u64, PodEntry)>, k: u64, e: PodEntry| {
                if all || covered.contains(&e.ns) {
                    if let Some(r) = rings.get_mut(e.ring as usize) {
                        r.0 = 0;
                    }
                } else {
                    out.push((k, e));
                }
            };
        let mut old = std::mem::take(&mut self.pods.0).into_iter().peekable();
        let mut out = Vec::with_capacity(fresh.len());
        for (key, s) in fresh {
            while let Some((k, e)) = old.next_if(|(k, _)| *k < key) {
                keep(rings, &mut out, k, e);
            }
            let before = old.next_if(|(k, _)| *k == key).map(|(_, e)| e);
            if out.last().is_none_or(|(k, _)| *k != key) {
                out.push((
                    key,
                    before.unwrap_or(PodEntry {
                        usage: s.usage,
                        at: i64::MIN,
                        ns: ns_key(&s.namespace),
                        ring: NO_RING,
                    }),
                ));
            }
            let at = s.timestamp.timestamp();
            if let Some((_, e)) = out.last_mut() {
                if at > e.at {
                    e.usage = s.usage;
                    e.at = at;
                }
                if let Some((_, ring)) = rings.get_mut(e.ring as usize) {
                    ring.sample(at, step, s.usage);
                }
            }
        }
        for (k, e) in old {
            keep(rings, &mut out, k, e);
        }
        self.pods.0 = out;
        self.give_rings(follow, cap, step);
    }

    /// Rings for the followed pods that have none: a free one, a new one
    /// while the pool is short of [`MAX_POD_RINGS`], else one of a pod no
    /// longer followed.
    fn give_rings(&mut self, follow: &HashSet<u64>, cap: usize, step: i64) {
        for key in follow {
            let Some(e) = self.pods.get(key) else {
                continue;
            };
            if e.ring != NO_RING {
                continue;
            }
            let (usage, at) = (e.usage, e.at);
            let free = self
                .rings
                .iter()
                .position(|(owner, _)| self.pods.get(owner).is_none_or(|o| o.ring == NO_RING))
                .or_else(|| (self.rings.len() < MAX_POD_RINGS).then_some(self.rings.len()))
                .or_else(|| {
                    self.rings
                        .iter()
                        .position(|(owner, _)| !follow.contains(owner))
                });
            let Some(i) = free else {
                return;
            };
            if let Some((owner, _)) = self.rings.get(i)
                && let Some(o) = self.pods.get_mut(owner)
            {
                o.ring = NO_RING;
            }
            let mut ring = Ring::new(cap);
            ring.sample(at, step, usage);
            if i == self.rings.len() {
                self.rings.push((*key, ring));
            } else {
                self.rings[i] = (*key, ring);
            }
            if let Some(e) = self.pods.get_mut(key) {
                e.ring = i as u32;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + s, 0).unwrap()
    }

    fn node(name: &str, t: i64, cpu: u32) -> NodeSample {
        NodeSample {
            name: name.into(),
            timestamp: at(t),
            usage: Usage {
                cpu_m: cpu,
                mem_kib: 1024,
            },
        }
    }

    fn pod(ns: &str, name: &str, t: i64, cpu: u32) -> PodSample {
        PodSample {
            namespace: ns.into(),
            name: name.into(),
            timestamp: at(t),
            usage: Usage {
                cpu_m: cpu,
                mem_kib: 2048,
            },
            containers: Vec::new(),
        }
    }

    #[test]
    fn nodes_keep_history_with_gaps_while_unreachable() {
        let mut m = ClusterMetrics::default();
        m.nodes_answered(Ok(vec![node("a", 0, 100), node("b", 0, 5)]), at(0), 8, 15);
        m.nodes_answered(Ok(vec![node("a", 15, 200)]), at(15), 8, 15);
        assert_eq!(m.node("a").map(|u| u.cpu_m), Some(200));
        // b had no sample: a gap, no number.
        assert_eq!(m.node("b"), None);
        m.nodes_answered(Err(MetricsError::Failed("refused".into())), at(30), 8, 15);
        assert_eq!(m.node("a"), None);
        assert_eq!(m.node_ring("a").map(Ring::len), Some(3));
        m.nodes_answered(
            Err(MetricsError::NotServed(
                "metrics-server is not installed".into(),
            )),
            at(45),
            8,
            15,
        );
        assert_eq!(
            m.served,
            Served::No("metrics-server is not installed".into())
        );
        m.nodes_answered(Ok(vec![node("a", 60, 300)]), at(60), 8, 15);
        assert_eq!(m.served, Served::Yes);
    }

    #[test]
    fn pods_of_the_namespaces_polled_are_replaced_and_followed_pods_get_rings() {
        let mut m = ClusterMetrics::default();
        let follow: HashSet<u64> = [pod_key("shop", "web-1")].into();
        let ns = vec!["shop".to_string(), "search".to_string()];
        m.pods_answered(
            &ns,
            Ok(vec![
                pod("shop", "web-1", 0, 10),
                pod("shop", "web-2", 0, 20),
            ]),
            &follow,
            8,
            15,
        );
        m.pods_answered(
            &["search".to_string()],
            Ok(vec![pod("search", "idx", 0, 1)]),
            &follow,
            8,
            15,
        );
        assert_eq!(m.pods_known(), 3);
        assert!(m.pod_ring("shop", "web-1").is_some());
        assert!(m.pod_ring("shop", "web-2").is_none());
        // web-2 is gone from shop; search was not polled, idx stays.
        m.pods_answered(
            &["shop".to_string()],
            Ok(vec![pod("shop", "web-1", 15, 30)]),
            &follow,
            8,
            15,
        );
        assert_eq!(m.pod("shop", "web-2"), None);
        assert_eq!(m.pod("search", "idx").map(|u| u.cpu_m), Some(1));
        assert_eq!(m.pod("shop", "web-1").map(|u| u.cpu_m), Some(30));
        assert_eq!(m.pod_ring("shop", "web-1").map(Ring::len), Some(2));
        // The same timestamp again is not a new sample.
        m.pods_answered(
            &["shop".to_string()],
            Ok(vec![pod("shop", "web-1", 15, 99)]),
            &follow,
            8,
            15,
        );
        assert_eq!(m.pod("shop", "web-1").map(|u| u.cpu_m), Some(30));
    }

    #[test]
    fn the_pod_rings_are_bounded() {
        let mut m = ClusterMetrics::default();
        let pods: Vec<PodSample> = (0..500)
            .map(|i| pod("ns", &format!("p{i}"), 0, i))
            .collect();
        let follow: HashSet<u64> = pods
            .iter()
            .map(|p| pod_key(&p.namespace, &p.name))
            .collect();
        m.pods_answered(&[], Ok(pods), &follow, 8, 15);
        assert_eq!(m.rings.len(), MAX_POD_RINGS);
        // Others followed now: rings pass to them.
        let follow: HashSet<u64> = [pod_key("ns", "p499"), pod_key("ns", "p498")].into();
        m.pods_answered(&["other".into()], Ok(vec![]), &follow, 8, 15);
        assert!(m.pod_ring("ns", "p499").is_some());
        assert_eq!(m.rings.len(), MAX_POD_RINGS);
    }

    fn with_containers(mut p: PodSample, cs: &[(&str, u32)]) -> PodSample {
        p.containers = cs
            .iter()
            .map(|(n, cpu)| crate::kube::metrics::ContainerSample {
                name: (*n).into(),
                usage: Usage {
                    cpu_m: *cpu,
                    mem_kib: 1024,
                },
            })
            .collect();
        p
    }

    fn cpus(r: Option<&Ring>) -> Vec<Option<u32>> {
        r.map(|r| r.iter().map(|s| s.usage().map(|u| u.cpu_m)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn the_containers_of_a_panel_pod_get_series_with_gaps_while_not_running() {
        let mut m = ClusterMetrics::default();
        let want = PanelWant {
            pods: vec![WantPod {
                namespace: "shop".into(),
                name: "web-1".into(),
                containers: vec!["app".into(), "proxy".into()],
            }],
            workloads: Vec::new(),
        };
        let ns = vec!["shop".to_string()];
        let answer = |t: i64, cs: &[(&str, u32)]| {
            vec![
                with_containers(pod("shop", "web-1", t, 0), cs),
                with_containers(pod("shop", "web-2", t, 0), &[("app", 5)]),
            ]
        };
        let app = container_key("shop", "web-1", "app");
        let proxy = container_key("shop", "web-1", "proxy");
        m.panels_answered(
            &ns,
            &answer(0, &[("app", 10), ("proxy", 1)]),
            &want,
            at(0),
            (8, 15),
        );
        // proxy restarting: no sample of it in the next answer, a gap.
        m.panels_answered(&ns, &answer(15, &[("app", 20)]), &want, at(15), (8, 15));
        // The pod missing from an answer of its namespace: a gap in each.
        m.panels_answered(&ns, &answer(30, &[]).split_off(1), &want, at(30), (8, 15));
        // An answer for another namespace says nothing of it.
        m.panels_answered(&["other".into()], &[], &want, at(40), (8, 15));
        m.panels_answered(
            &ns,
            &answer(45, &[("app", 40), ("proxy", 4)]),
            &want,
            at(45),
            (8, 15),
        );
        assert_eq!(
            cpus(m.panel_ring(app)),
            vec![Some(10), Some(20), None, Some(40)]
        );
        assert_eq!(
            cpus(m.panel_ring(proxy)),
            vec![Some(1), None, None, Some(4)]
        );
        // Nothing kept for the pods of no panel.
        assert!(
            m.panel_ring(container_key("shop", "web-2", "app"))
                .is_none()
        );
        // Unreachable: gaps in the panel series too.
        m.unreachable(at(60), 15);
        assert_eq!(m.panel_ring(app).map(Ring::latest), Some(None));
    }

    #[test]
    fn a_workload_panel_records_its_pods_total() {
        let mut m = ClusterMetrics::default();
        let key = workload_key("shop", "Deployment", "web");
        let want = PanelWant {
            pods: Vec::new(),
            workloads: vec![WantWorkload {
                key,
                namespace: "shop".into(),
                pods: [pod_key("shop", "web-1"), pod_key("shop", "web-2")].into(),
            }],
        };
        let ns = vec!["shop".to_string()];
        let samples = vec![
            pod("shop", "web-1", 0, 10),
            pod("shop", "web-2", 0, 20),
            pod("shop", "db-0", 0, 500),
        ];
        m.panels_answered(&ns, &samples, &want, at(0), (8, 15));
        m.panels_answered(&ns, &[pod("shop", "db-0", 15, 1)], &want, at(15), (8, 15));
        assert_eq!(cpus(m.panel_ring(key)), vec![Some(30), None]);
    }

    #[test]
    fn the_panel_series_are_bounded_the_least_recently_wanted_given_up_first() {
        let mut m = ClusterMetrics::default();
        let want = |name: &str| PanelWant {
            pods: vec![WantPod {
                namespace: "ns".into(),
                name: name.into(),
                containers: vec!["app".into()],
            }],
            workloads: Vec::new(),
        };
        for i in 0..MAX_PANEL_SERIES + 10 {
            let name = format!("p{i}");
            m.panels_answered(&[], &[pod("ns", &name, 0, 1)], &want(&name), at(0), (8, 15));
        }
        assert_eq!(m.panel.len(), MAX_PANEL_SERIES);
        assert!(m.panel_ring(container_key("ns", "p0", "app")).is_none());
        let newest = format!("p{}", MAX_PANEL_SERIES + 9);
        assert!(m.panel_ring(container_key("ns", &newest, "app")).is_some());
        assert!(m.panel.iter().all(|p| p.ring.capacity() == 8));
    }
}
