//! metrics.k8s.io answers computed from the pods: per-container usage moves
//! smoothly around the requests (some pods near their limits), deterministic
//! for a given pod, container and moment; containers that are not running
//! have no metrics (as the kubelet reports none for them).
//!
//! Pods and nodes tell the stories docs/metrics.md lists through their
//! `sim.kdeck.dev/behavior` annotation:
//! - a pod `cpu-hungry`: its main container uses 85–95 % of its CPU limit
//!   (well above its request, more than any other generated pod);
//! - a pod `memory-leak`: its main container's memory climbs from a
//!   modest start to its limit over [`LEAK_RUN`] after each start (then
//!   the pod lifecycle OOM-kills it, and it starts low again);
//! - a node `memory-leak`: its memory climbs over [`NODE_LEAK_CLIMB`] to
//!   96 % of allocatable, stays there [`NODE_LEAK_HOLD`], drops back (the
//!   leaking daemon restarted) and climbs again, on a cycle anchored at the
//!   cluster's start; never above its capacity.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::cluster::fnv_hash;
use super::meta;
use super::quantity;

/// The annotation that gives a pod or a node its behaviour.
pub const BEHAVIOR: &str = "sim.kdeck.dev/behavior";
/// A pod that burns CPU well above its request.
pub const CPU_HUNGRY: &str = "cpu-hungry";
/// A pod whose memory climbs to its limit (and is OOM-killed), or a node
/// whose memory climbs to nearly all of its allocatable.
pub const MEMORY_LEAK: &str = "memory-leak";

/// How long a `memory-leak` pod's container runs before it reaches its
/// memory limit and is OOM-killed.
pub const LEAK_RUN: Duration = Duration::seconds(150);
/// How long a `memory-leak` node's memory climbs...
pub const NODE_LEAK_CLIMB: Duration = Duration::minutes(20);
/// ...and stays near allocatable before the leak is reset.
pub const NODE_LEAK_HOLD: Duration = Duration::minutes(10);
/// How far into its cycle a leaking node is when the cluster starts (its
/// memory is half-way up: the climb is seen at once).
const NODE_LEAK_HEAD_START: Duration = Duration::minutes(8);
/// The share of allocatable memory a leaking node climbs to.
const NODE_LEAK_CEILING: f64 = 0.96;

/// A smooth wave in -1..1 for hash `h` at `now` (periods of 2 to 10 minutes).
fn wave(h: u64, now: DateTime<Utc>) -> f64 {
    let t = now.timestamp_millis() as f64 / 1000.0;
    let period = 120.0 + (h % 480) as f64;
    let phase = (h % 1000) as f64 / 1000.0 * std::f64::consts::TAU;
    (t / period * std::f64::consts::TAU + phase).sin()
}

/// (millicores, bytes) a container of an ordinary pod uses at `now`.
fn base_usage(pod_uid: &str, container: &Value, now: DateTime<Utc>) -> (i64, i64) {
    let name = container["name"].as_str().unwrap_or("");
    let h = fnv_hash(&format!("{pod_uid}/{name}"));
    let res = &container["resources"];
    let req_cpu = res["requests"]["cpu"]
        .as_str()
        .and_then(quantity::cpu_milli);
    let lim_cpu = res["limits"]["cpu"].as_str().and_then(quantity::cpu_milli);
    let req_mem = res["requests"]["memory"].as_str().and_then(quantity::bytes);
    let lim_mem = res["limits"]["memory"].as_str().and_then(quantity::bytes);
    let near_limit = h.is_multiple_of(10);
    let wave = wave(h, now);
    let base = 0.3 + ((h >> 12) % 50) as f64 / 100.0;
    let pick = |req: Option<i64>, lim: Option<i64>, fallback: i64| -> i64 {
        let v = match (near_limit, req, lim) {
            (true, _, Some(l)) => l as f64 * (0.9 + 0.06 * wave),
            (_, Some(r), _) => r as f64 * (base + 0.2 * wave),
            (_, None, Some(l)) => l as f64 * (0.3 + 0.1 * wave),
            _ => fallback as f64 * (1.0 + 0.3 * wave),
        };
        (v.max(1.0)) as i64
    };
    let cpu = pick(req_cpu, lim_cpu, 5 + (h % 40) as i64);
    // Memory moves less than CPU, as in real workloads.
    let mem = pick(req_mem, lim_mem, (16 + (h % 200) as i64) << 20);
    (cpu, mem)
}

/// What container `i` of `pod` uses at `now` (millicores, bytes): the
/// ordinary usage, shaped by the pod's behaviour for its main container.
fn container_usage(pod: &Value, i: usize, container: &Value, now: DateTime<Utc>) -> (i64, i64) {
    let uid = meta::uid(pod);
    let (mut cpu, mut mem) = base_usage(uid, container, now);
    if i != 0 {
        return (cpu, mem);
    }
    let res = &container["resources"];
    let limit = |r: &str| res["limits"][r].as_str();
    match meta::annotation(pod, BEHAVIOR) {
        Some(CPU_HUNGRY) => {
            let request = res["requests"]["cpu"]
                .as_str()
                .and_then(quantity::cpu_milli);
            let ceiling = limit("cpu")
                .and_then(quantity::cpu_milli)
                .or(request.map(|r| r * 6))
                .unwrap_or(2000);
            let h = fnv_hash(&format!("{uid}/hungry"));
            cpu = (ceiling as f64 * (0.9 + 0.05 * wave(h, now))) as i64;
        }
        Some(MEMORY_LEAK) => {
            if let Some(lim) = limit("memory").and_then(quantity::bytes) {
                let started = pod["status"]["containerStatuses"]
                    .as_array()
                    .and_then(|cs| cs.iter().find(|s| s["name"] == container["name"]))
                    .and_then(|s| s["state"]["running"]["startedAt"].as_str())
                    .and_then(meta::parse_ts)
                    .unwrap_or(now);
                let run = (now - started).num_milliseconds().max(0) as f64;
                let p = (run / LEAK_RUN.num_milliseconds() as f64).min(1.0);
                let start = mem.min(lim * 2 / 5) as f64;
                mem = (start + (lim as f64 * 0.99 - start) * p) as i64;
            }
        }
        _ => {}
    }
    (cpu, mem)
}

/// Whether a container of `pod` (by name) is running: the kubelet reports
/// no metrics for one waiting (a back-off) or terminated. A container with
/// no status yet counts as running.
fn running(pod: &Value, name: &Value) -> bool {
    pod["status"]["containerStatuses"]
        .as_array()
        .and_then(|cs| cs.iter().find(|s| s["name"] == *name))
        .is_none_or(|s| s["state"]["running"].is_object())
}

/// (name, millicores, bytes) of each running container of a running pod
/// at `now`; empty for a pod that is not running.
pub fn pod_usage(pod: &Value, now: DateTime<Utc>) -> Vec<(&str, i64, i64)> {
    if pod["status"]["phase"] != "Running" {
        return Vec::new();
    }
    pod["spec"]["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .filter(|(_, c)| running(pod, &c["name"]))
        .map(|(i, c)| {
            let (cpu, mem) = container_usage(pod, i, c, now);
            (c["name"].as_str().unwrap_or(""), cpu, mem)
        })
        .collect()
}

fn usage_json(milli: i64, bytes: i64) -> Value {
    json!({"cpu": format!("{}n", milli * 1_000_000), "memory": format!("{}Ki", bytes / 1024)})
}

/// PodMetrics for a running pod; None for pods that are not running or
/// whose containers all are waiting.
pub fn pod_metrics(pod: &Value, now: DateTime<Utc>) -> Option<Value> {
    let usage = pod_usage(pod, now);
    if usage.is_empty() {
        return None;
    }
    let containers: Vec<Value> = usage
        .into_iter()
        .map(|(name, cpu, mem)| json!({"name": name, "usage": usage_json(cpu, mem)}))
        .collect();
    Some(json!({
        "kind": "PodMetrics",
        "apiVersion": "metrics.k8s.io/v1beta1",
        "metadata": {
            "name": pod["metadata"]["name"],
            "namespace": pod["metadata"]["namespace"],
            "creationTimestamp": meta::ts(now),
            "labels": pod["metadata"]["labels"],
        },
        "timestamp": meta::ts(now),
        "window": "15.012s",
        "containers": containers,
    }))
}

/// How far up its cycle a `memory-leak` node is at `now` (0 to 1), for a
/// cluster started at `origin`.
fn node_leak(now: DateTime<Utc>, origin: DateTime<Utc>) -> f64 {
    let period = (NODE_LEAK_CLIMB + NODE_LEAK_HOLD).num_milliseconds();
    let t = (now - origin + NODE_LEAK_HEAD_START)
        .num_milliseconds()
        .rem_euclid(period);
    (t as f64 / NODE_LEAK_CLIMB.num_milliseconds() as f64).min(1.0)
}

/// NodeMetrics: the sum of its running pods plus system overhead (a
/// leaking node's memory climbing on top: see the module's comment),
/// bounded by the node's capacity. None for a node that is not Ready
/// (metrics-server has no fresh sample). `origin` is when the cluster
/// started.
pub fn node_metrics<'a>(
    node: &Value,
    pods: impl Iterator<Item = &'a Value>,
    now: DateTime<Utc>,
    origin: DateTime<Utc>,
) -> Option<Value> {
    let ready = node["status"]["conditions"].as_array().is_some_and(|cs| {
        cs.iter()
            .any(|c| c["type"] == "Ready" && c["status"] == "True")
    });
    if !ready {
        return None;
    }
    let h = fnv_hash(meta::name(node));
    let (mut cpu, mut mem) = (150 + (h % 100) as i64, (600 + (h % 400) as i64) << 20);
    for p in pods {
        for (_, c_cpu, c_mem) in pod_usage(p, now) {
            cpu += c_cpu;
            mem += c_mem;
        }
    }
    let status = &node["status"];
    let quantity_of = |set: &str, r: &str, cpu: bool| {
        status[set][r].as_str().and_then(|q| {
            if cpu {
                quantity::cpu_milli(q)
            } else {
                quantity::bytes(q)
            }
        })
    };
    if meta::annotation(node, BEHAVIOR) == Some(MEMORY_LEAK)
        && let Some(alloc) = quantity_of("allocatable", "memory", false)
    {
        let p = node_leak(now, origin);
        let ceiling = alloc as f64 * NODE_LEAK_CEILING;
        mem = (mem as f64 * (1.0 - p) + ceiling * p) as i64;
    }
    if let Some(c) = quantity_of("capacity", "cpu", true) {
        cpu = cpu.min(c);
    }
    if let Some(m) = quantity_of("capacity", "memory", false) {
        mem = mem.min(m);
    }
    Some(json!({
        "kind": "NodeMetrics",
        "apiVersion": "metrics.k8s.io/v1beta1",
        "metadata": {
            "name": node["metadata"]["name"],
            "creationTimestamp": meta::ts(now),
            "labels": node["metadata"]["labels"],
        },
        "timestamp": meta::ts(now),
        "window": "20.048s",
        "usage": usage_json(cpu, mem),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(phase: &str) -> Value {
        json!({"metadata": {"name": "p", "namespace": "a", "uid": "u1"}, "status": {"phase": phase},
            "spec": {"containers": [{"name": "app", "resources": {"requests": {"cpu": "200m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}}}]}})
    }

    fn with_behavior(mut p: Value, b: &str, started: DateTime<Utc>) -> Value {
        p["metadata"]["annotations"] = json!({BEHAVIOR: b});
        p["status"]["containerStatuses"] =
            json!([{"name": "app", "state": {"running": {"startedAt": meta::ts(started)}}}]);
        p
    }

    #[test]
    fn usage_is_deterministic_and_bounded() {
        let now = Utc::now();
        let p = pod("Running");
        let a = pod_usage(&p, now);
        assert_eq!(a, pod_usage(&p, now));
        let (_, cpu, mem) = a[0];
        assert!(cpu > 0 && cpu <= 1000, "{a:?}");
        assert!(mem > 0 && mem <= 512 << 20, "{a:?}");
    }

    #[test]
    fn only_running_pods_have_metrics() {
        let now = Utc::now();
        assert!(pod_metrics(&pod("Pending"), now).is_none());
        let m = pod_metrics(&pod("Running"), now).unwrap();
        assert_eq!(m["containers"][0]["name"], "app");
        assert!(
            m["containers"][0]["usage"]["cpu"]
                .as_str()
                .unwrap()
                .ends_with('n')
        );
    }

    #[test]
    fn a_waiting_container_has_no_metrics() {
        let mut p = pod("Running");
        p["status"]["containerStatuses"] =
            json!([{"name": "app", "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]);
        assert!(pod_metrics(&p, Utc::now()).is_none());
    }

    #[test]
    fn a_cpu_hungry_pod_uses_most_of_its_limit() {
        let now = Utc::now();
        for s in 0..50 {
            let t = now + Duration::seconds(s * 17);
            let p = with_behavior(pod("Running"), CPU_HUNGRY, now);
            let (_, cpu, _) = pod_usage(&p, t)[0];
            assert!((850..=950).contains(&cpu), "{cpu}m at +{s}");
        }
    }

    #[test]
    fn a_leaking_pod_climbs_to_its_memory_limit_and_starts_low_again() {
        // Whole seconds, as the status's times are.
        let started = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
        let limit = 512 << 20;
        let p = with_behavior(pod("Running"), MEMORY_LEAK, started);
        let at = |s: i64| pod_usage(&p, started + Duration::seconds(s))[0].2;
        assert!(at(0) <= limit * 2 / 5, "{}", at(0));
        let mut last = 0;
        for s in (0..=150).step_by(15) {
            let m = at(s);
            assert!(m > last && m <= limit, "{m} at {s}s");
            last = m;
        }
        assert!(at(149) * 100 / limit >= 97, "{}", at(149));
        // Restarted: low again.
        let restarted = with_behavior(pod("Running"), MEMORY_LEAK, started + LEAK_RUN);
        assert!(pod_usage(&restarted, started + LEAK_RUN)[0].2 <= limit * 2 / 5);
    }

    fn node(behavior: Option<&str>) -> Value {
        let mut n = json!({"metadata": {"name": "n"}, "status": {"conditions": [{"type": "Ready", "status": "True"}],
            "capacity": {"cpu": "8", "memory": "32Gi"}, "allocatable": {"cpu": "7910m", "memory": "30Gi"}}});
        if let Some(b) = behavior {
            n["metadata"]["annotations"] = json!({BEHAVIOR: b});
        }
        n
    }

    fn node_mem(n: &Value, now: DateTime<Utc>, origin: DateTime<Utc>) -> i64 {
        let m = node_metrics(n, std::iter::empty(), now, origin).unwrap();
        quantity::bytes(m["usage"]["memory"].as_str().unwrap()).unwrap()
    }

    #[test]
    fn a_leaking_node_climbs_for_minutes_bounded_by_allocatable_then_drops() {
        let origin = Utc::now();
        let n = node(Some(MEMORY_LEAK));
        let alloc = 30i64 << 30;
        let climb = (NODE_LEAK_CLIMB - NODE_LEAK_HEAD_START).num_seconds();
        let mut last = 0;
        for s in (0..climb).step_by(15) {
            let m = node_mem(&n, origin + Duration::seconds(s), origin);
            assert!(m > last, "{m} at {s}s");
            last = m;
        }
        assert!(node_mem(&n, origin, origin) * 100 / alloc < 60);
        let top = origin + Duration::seconds(climb + 60);
        let m = node_mem(&n, top, origin);
        assert!((93..=96).contains(&(m * 100 / alloc)), "{m}");
        // The leak reset: back down, climbing again.
        let reset = origin + NODE_LEAK_CLIMB + NODE_LEAK_HOLD - NODE_LEAK_HEAD_START;
        assert!(node_mem(&n, reset, origin) * 100 / alloc < 10);
        // An ordinary node does not climb.
        let plain = node(None);
        assert_eq!(
            node_mem(&plain, origin, origin),
            node_mem(&plain, top, origin)
        );
    }

    #[test]
    fn node_usage_stays_within_capacity() {
        let now = Utc::now();
        let mut hungry: Vec<Value> = Vec::new();
        for i in 0..12 {
            let mut p = with_behavior(pod("Running"), CPU_HUNGRY, now);
            p["metadata"]["uid"] = json!(format!("u{i}"));
            hungry.push(p);
        }
        let m = node_metrics(&node(None), hungry.iter(), now, now).unwrap();
        let cpu = quantity::cpu_milli(m["usage"]["cpu"].as_str().unwrap()).unwrap();
        assert_eq!(cpu, 8000);
    }

    #[test]
    fn node_metrics_need_a_ready_node() {
        let now = Utc::now();
        let ready = json!({"metadata": {"name": "n"}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}});
        let p = pod("Running");
        let m = node_metrics(&ready, [&p].into_iter(), now, now).unwrap();
        assert!(m["usage"]["memory"].as_str().unwrap().ends_with("Ki"));
        let down = json!({"metadata": {"name": "n"}, "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}});
        assert!(node_metrics(&down, std::iter::empty(), now, now).is_none());
    }
}
