//! metrics.k8s.io answers computed from the pods: per-container usage moves
//! smoothly around the requests (some pods near their limits), deterministic
//! for a given pod, container and moment.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::cluster::fnv_hash;
use super::meta;
use super::quantity;

/// (millicores, bytes) a container uses at `now`.
pub fn container_usage(pod_uid: &str, container: &Value, now: DateTime<Utc>) -> (i64, i64) {
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
    let t = now.timestamp_millis() as f64 / 1000.0;
    let period = 120.0 + (h % 480) as f64;
    let phase = (h % 1000) as f64 / 1000.0 * std::f64::consts::TAU;
    let wave = (t / period * std::f64::consts::TAU + phase).sin();
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

fn usage_json(milli: i64, bytes: i64) -> Value {
    json!({"cpu": format!("{}n", milli * 1_000_000), "memory": format!("{}Ki", bytes / 1024)})
}

/// PodMetrics for a running pod; None for pods that are not running.
pub fn pod_metrics(pod: &Value, now: DateTime<Utc>) -> Option<Value> {
    if pod["status"]["phase"] != "Running" {
        return None;
    }
    let uid = meta::uid(pod);
    let containers: Vec<Value> = pod["spec"]["containers"]
        .as_array()?
        .iter()
        .map(|c| {
            let (cpu, mem) = container_usage(uid, c, now);
            json!({"name": c["name"], "usage": usage_json(cpu, mem)})
        })
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

/// NodeMetrics: the sum of its running pods plus system overhead. None for
/// a node that is not Ready (metrics-server has no fresh sample).
pub fn node_metrics<'a>(
    node: &Value,
    pods: impl Iterator<Item = &'a Value>,
    now: DateTime<Utc>,
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
    for p in pods.filter(|p| p["status"]["phase"] == "Running") {
        for c in p["spec"]["containers"].as_array().into_iter().flatten() {
            let (c_cpu, c_mem) = container_usage(meta::uid(p), c, now);
            cpu += c_cpu;
            mem += c_mem;
        }
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

    #[test]
    fn usage_is_deterministic_and_bounded() {
        let now = Utc::now();
        let c = &pod("Running")["spec"]["containers"][0];
        let a = container_usage("u1", c, now);
        assert_eq!(a, container_usage("u1", c, now));
        assert!(a.0 > 0 && a.0 <= 1000, "{a:?}");
        assert!(a.1 > 0 && a.1 <= 512 << 20, "{a:?}");
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
    fn node_metrics_need_a_ready_node() {
        let now = Utc::now();
        let ready = json!({"metadata": {"name": "n"}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}});
        let p = pod("Running");
        let m = node_metrics(&ready, [&p].into_iter(), now).unwrap();
        assert!(m["usage"]["memory"].as_str().unwrap().ends_with("Ki"));
        let down = json!({"metadata": {"name": "n"}, "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}});
        assert!(node_metrics(&down, std::iter::empty(), now).is_none());
    }
}
