//! A simplified scheduler: what it needs of each node, and first fit.

use serde_json::{Value, json};

use crate::cluster::fnv_hash;
use crate::meta;
use crate::quantity;
use crate::store::Obj;

/// What the scheduler and the kubelet need of a node, read once per pass
/// (scheduling 20,000 pods must not re-read 800 nodes for each).
#[derive(Debug, Clone)]
pub struct NodeInfo {
    pub name: String,
    pub(super) ip: String,
    ready: bool,
    unschedulable: bool,
    taints: Vec<Value>,
    labels: serde_json::Map<String, Value>,
    alloc_cpu: i64,
}

impl NodeInfo {
    pub fn of(n: &Value) -> NodeInfo {
        NodeInfo {
            name: meta::name(n).to_string(),
            ip: n["status"]["addresses"]
                .as_array()
                .and_then(|a| a.iter().find(|x| x["type"] == "InternalIP"))
                .and_then(|x| x["address"].as_str())
                .unwrap_or("10.0.0.1")
                .to_string(),
            ready: n["status"]["conditions"].as_array().is_some_and(|cs| {
                cs.iter()
                    .any(|c| c["type"] == "Ready" && c["status"] == "True")
            }),
            unschedulable: n["spec"]["unschedulable"] == true,
            taints: n["spec"]["taints"]
                .as_array()
                .map(|ts| {
                    ts.iter()
                        .filter(|t| {
                            t["effect"] != "PreferNoSchedule"
                                && t["key"] != "node.kubernetes.io/unschedulable"
                        })
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
            labels: n["metadata"]["labels"]
                .as_object()
                .cloned()
                .unwrap_or_default(),
            alloc_cpu: n["status"]["allocatable"]["cpu"]
                .as_str()
                .and_then(quantity::cpu_milli)
                .unwrap_or(0),
        }
    }
}

pub fn node_infos<'a>(nodes: impl Iterator<Item = &'a Obj>) -> Vec<NodeInfo> {
    nodes.map(|n| NodeInfo::of(n)).collect()
}

fn tolerates(pod: &Value, key: &Value, effect: &str) -> bool {
    pod["spec"]["tolerations"].as_array().is_some_and(|ts| {
        ts.iter().any(|t| {
            let key_ok = t["operator"] == "Exists" && t["key"].is_null() || t["key"] == *key;
            let effect_ok = t["effect"].is_null() || t["effect"] == effect;
            key_ok && effect_ok
        })
    })
}

fn pod_cpu_request(pod: &Value) -> i64 {
    pod["spec"]["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| {
            c["resources"]["requests"]["cpu"]
                .as_str()
                .and_then(quantity::cpu_milli)
        })
        .sum()
}

/// Why a pod does not fit a node (None: it fits).
fn misfit(pod: &Value, want: i64, n: &NodeInfo) -> Option<String> {
    if !n.ready {
        return Some("node(s) had untolerated taint {node.kubernetes.io/unreachable: }".into());
    }
    if n.unschedulable
        && !tolerates(
            pod,
            &json!("node.kubernetes.io/unschedulable"),
            "NoSchedule",
        )
    {
        return Some("node(s) were unschedulable".into());
    }
    if let Some(t) = n
        .taints
        .iter()
        .find(|t| !tolerates(pod, &t["key"], t["effect"].as_str().unwrap_or("")))
    {
        return Some(format!(
            "node(s) had untolerated taint {{{}: {}}}",
            t["key"].as_str().unwrap_or(""),
            t["value"].as_str().unwrap_or("")
        ));
    }
    if !selects(pod, n) {
        return Some("node(s) didn't match Pod's node affinity/selector".into());
    }
    (want > n.alloc_cpu).then(|| "Insufficient cpu".into())
}

/// Whether the pod's `nodeSelector` matches the node's labels.
fn selects(pod: &Value, n: &NodeInfo) -> bool {
    pod["spec"]["nodeSelector"]
        .as_object()
        .is_none_or(|sel| sel.iter().all(|(k, v)| n.labels.get(k) == Some(v)))
}

/// Pick a node the way a (simplified) scheduler would, or explain why not:
/// the node at a position derived from the pod's name if it fits, else one
/// of the nodes that fit, picked by the name too, so pods spread evenly (a
/// tainted or cordoned node's share goes to all the others, not to its
/// neighbour).
pub fn schedule(pod: &Value, nodes: &[NodeInfo]) -> Result<String, String> {
    let want = pod_cpu_request(pod);
    let h = fnv_hash(meta::name(pod));
    if let Some(n) = nodes.get((h % nodes.len().max(1) as u64) as usize)
        && misfit(pod, want, n).is_none()
    {
        return Ok(n.name.clone());
    }
    let fit: Vec<&NodeInfo> = nodes
        .iter()
        .filter(|n| misfit(pod, want, n).is_none())
        .collect();
    if !fit.is_empty() {
        return Ok(fit[((h >> 32) % fit.len() as u64) as usize].name.clone());
    }
    let len = nodes.len();
    let mut reasons: Vec<(String, usize)> = Vec::new();
    for n in nodes {
        if let Some(r) = misfit(pod, want, n) {
            match reasons.iter_mut().find(|(x, _)| *x == r) {
                Some((_, c)) => *c += 1,
                None => reasons.push((r, 1)),
            }
        }
    }
    let parts: Vec<String> = reasons.iter().map(|(r, c)| format!("{c} {r}")).collect();
    Err(format!(
        "0/{len} nodes are available: {}. preemption: 0/{len} nodes are available: {len} Preemption is not helpful for scheduling.",
        parts.join(", ")
    ))
}
