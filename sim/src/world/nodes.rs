//! The cluster's nodes: a control plane and workers spread over three
//! zones, some NotReady, cordoned or GPU-tainted, with the events that left;
//! and the node stories of docs/metrics.md: the first worker's memory
//! climbs (`sim.kdeck.dev/behavior: memory-leak`, see `metrics.rs`), and
//! the highest-numbered worker with no other trait (when there is one) is
//! under disk pressure, as its kubelet and the node lifecycle controller
//! report it.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde_json::{Value, json};

use super::Gen;
use crate::cluster::fnv_hash;
use crate::controllers::events::{Occurrence, Source};
use crate::controllers::nodes::DISK_PRESSURE_TAINT;
use crate::controllers::pods;
use crate::{meta, metrics};

/// What sets one node apart from the others.
struct NodeKind {
    /// Position in the cluster (0 is the control plane when there are workers).
    i: usize,
    name: String,
    control_plane: bool,
    not_ready: bool,
    cordoned: bool,
    gpu: bool,
    /// Its memory climbs (a leaking system daemon).
    leak: bool,
    /// Its kubelet reports DiskPressure.
    disk_pressure: bool,
}

/// How long ago a node came under disk pressure.
const DISK_PRESSURE_FOR: i64 = 12;

impl Gen<'_> {
    pub(super) fn nodes(&mut self, n: usize, index: usize) {
        let region = ["eu-west-1", "us-east-1", "eu-central-1", "ap-southeast-1"][index % 4];
        let mut kinds: Vec<NodeKind> = (0..n)
            .map(|i| {
                let cp = i == 0 && n > 1;
                let name = if cp {
                    format!("{}-control-plane", self.cluster)
                } else {
                    format!("{}-worker-{:02}", self.cluster, i)
                };
                let worker = i.saturating_sub(1);
                NodeKind {
                    i,
                    name,
                    control_plane: cp,
                    not_ready: !cp && n >= 4 && index % 3 == 1 && worker == 2,
                    cordoned: !cp && n >= 4 && index % 3 == 2 && worker == 1,
                    gpu: !cp && n >= 5 && index.is_multiple_of(3) && worker == n - 2,
                    leak: !cp && worker == 0,
                    disk_pressure: false,
                }
            })
            .collect();
        if let Some(k) = kinds
            .iter_mut()
            .rev()
            .find(|k| !(k.control_plane || k.not_ready || k.cordoned || k.gpu || k.leak))
        {
            k.disk_pressure = true;
        }
        let mut pressure_since = None;
        for kind in kinds {
            let node = self.node(&kind, region, index);
            if let Some(n) = self.create("nodes", node) {
                if kind.not_ready {
                    let msg = format!("Node {} status is now: NodeNotReady", meta::name(&n));
                    let t = self.now - Duration::minutes(17);
                    self.node_event(&n, "NodeNotReady", &msg, Source::NodeController, t);
                }
                if kind.disk_pressure {
                    let name = meta::name(&n).to_string();
                    let t = self.now - Duration::minutes(DISK_PRESSURE_FOR);
                    pressure_since = Some(t);
                    let msg = format!("Node {name} status is now: NodeHasDiskPressure");
                    let source = Source::Kubelet(&name);
                    self.node_event(&n, "NodeHasDiskPressure", &msg, source, t);
                    let msg = "Attempting to reclaim ephemeral-storage";
                    let t = t + Duration::seconds(10);
                    self.node_warning(&n, "EvictionThresholdMet", msg, Source::Kubelet(&name), t);
                }
                if kind.cordoned {
                    let msg = format!("Node {} status is now: NodeNotSchedulable", meta::name(&n));
                    let t = self.now - Duration::hours(3);
                    self.node_event(
                        &n,
                        "NodeNotSchedulable",
                        &msg,
                        Source::Kubelet(meta::name(&n)),
                        t,
                    );
                }
                self.nodes.push(n);
            }
        }
        self.node_infos = pods::node_infos(self.nodes.iter());
        if let Some(since) = pressure_since {
            let before: Vec<Value> = self
                .nodes
                .iter()
                .map(|n| {
                    let mut n = (**n).clone();
                    if let Some(ts) = n["spec"]["taints"].as_array_mut() {
                        ts.retain(|t| t["key"] != DISK_PRESSURE_TAINT);
                    }
                    n
                })
                .collect();
            let before: Vec<pods::NodeInfo> = before.iter().map(pods::NodeInfo::of).collect();
            self.before_pressure = Some((since, before));
        }
    }

    fn node_event(&mut self, n: &Value, reason: &str, msg: &str, source: Source, t: DateTime<Utc>) {
        self.node_occurrence(n, "Normal", reason, msg, source, t);
    }

    fn node_warning(
        &mut self,
        n: &Value,
        reason: &str,
        msg: &str,
        source: Source,
        t: DateTime<Utc>,
    ) {
        self.node_occurrence(n, "Warning", reason, msg, source, t);
    }

    fn node_occurrence(
        &mut self,
        n: &Value,
        kind_type: &'static str,
        reason: &str,
        msg: &str,
        source: Source,
        t: DateTime<Utc>,
    ) {
        self.ctl.recorder.record(
            self.s,
            Occurrence {
                obj: n,
                field_path: None,
                kind_type,
                reason,
                message: msg,
                source,
            },
            t,
        );
    }

    /// The Node object, as a kubelet registers and updates it.
    fn node(&mut self, kind: &NodeKind, region: &str, index: usize) -> Value {
        let (i, name, cp) = (kind.i, kind.name.as_str(), kind.control_plane);
        let zone = format!("{region}{}", ['a', 'b', 'c'][i % 3]);
        let mut labels = json!({
            "beta.kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": name,
            "kubernetes.io/os": "linux",
            "node.kubernetes.io/instance-type": if cp { "m6i.xlarge" } else { "m6i.2xlarge" },
            "topology.kubernetes.io/region": region,
            "topology.kubernetes.io/zone": zone,
        });
        let mut taints = Vec::new();
        let (cpu, mem_ki) = if cp { (4, 16_284_420) } else { (8, 32_863_836) };
        if cp {
            labels["node-role.kubernetes.io/control-plane"] = json!("");
            taints.push(
                json!({"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}),
            );
        }
        if kind.gpu {
            labels["nvidia.com/gpu.present"] = json!("true");
            taints
                .push(json!({"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"}));
        }
        let created = self.born + Duration::minutes(i as i64 * 3);
        let mut conditions = self.node_conditions(created, kind.not_ready);
        let mut annotations = json!({"node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true"});
        if kind.leak {
            annotations[metrics::BEHAVIOR] = json!(metrics::MEMORY_LEAK);
        }
        if kind.disk_pressure {
            let since = self.now - Duration::minutes(DISK_PRESSURE_FOR);
            if let Some(c) = conditions.iter_mut().find(|c| c["type"] == "DiskPressure") {
                c["status"] = json!("True");
                c["reason"] = json!("KubeletHasDiskPressure");
                c["message"] = json!("kubelet has disk pressure");
                c["lastTransitionTime"] = json!(meta::ts(since));
            }
            // The node lifecycle controller's taint, a moment later.
            let added = meta::ts(since + Duration::seconds(3));
            taints.push(
                json!({"key": DISK_PRESSURE_TAINT, "effect": "NoSchedule", "timeAdded": added}),
            );
        }
        if kind.not_ready {
            let lost = meta::ts(self.now - Duration::minutes(17));
            taints.push(json!({"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule", "timeAdded": lost}));
            taints.push(json!({"key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": lost}));
        }
        let mut spec = json!({
            "podCIDR": format!("10.244.{i}.0/24"),
            "podCIDRs": [format!("10.244.{i}.0/24")],
            "providerID": format!("kdeck-sim://{}/{name}", self.cluster),
        });
        if kind.cordoned {
            spec["unschedulable"] = json!(true);
            taints.push(json!({"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule", "timeAdded": meta::ts(self.now - Duration::hours(3))}));
        }
        if !taints.is_empty() {
            spec["taints"] = json!(taints);
        }
        let h = fnv_hash(name);
        json!({
            "metadata": {"name": name, "labels": labels, "creationTimestamp": meta::ts(created),
                "annotations": annotations},
            "spec": spec,
            "status": {
                "capacity": {"cpu": cpu.to_string(), "ephemeral-storage": "101430960Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0", "memory": format!("{mem_ki}Ki"), "pods": "110"},
                "allocatable": {"cpu": format!("{}m", cpu * 1000 - 90), "ephemeral-storage": "93478772582", "hugepages-1Gi": "0", "hugepages-2Mi": "0", "memory": format!("{}Ki", mem_ki - 1_136_640), "pods": "110"},
                "conditions": conditions,
                "addresses": [{"type": "InternalIP", "address": format!("10.{}.{}.{}", index % 250, i / 200, 10 + i % 200)}, {"type": "Hostname", "address": name}],
                "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                "nodeInfo": {
                    "machineID": format!("{h:016x}{:016x}", h.rotate_left(13)),
                    "systemUUID": format!("ec2{:05x}-{:04x}-{:04x}-{:04x}-{:012x}", h & 0xfffff, (h >> 20) & 0xffff, (h >> 36) & 0xffff, (h >> 52) & 0xfff, h.rotate_left(9) & 0xffff_ffff_ffff),
                    "bootID": format!("{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}", h >> 32, h & 0xffff, (h >> 16) & 0xfff, (h >> 28) & 0xfff, h.rotate_left(21) & 0xffff_ffff_ffff),
                    "kernelVersion": "6.1.0-27-cloud-amd64",
                    "osImage": "Debian GNU/Linux 12 (bookworm)",
                    "containerRuntimeVersion": "containerd://1.7.22",
                    "kubeletVersion": "v1.36.2",
                    "kubeProxyVersion": "v1.36.2",
                    "operatingSystem": "linux",
                    "architecture": "amd64",
                },
            },
        })
    }

    /// The kubelet's pressure and Ready conditions; all Unknown on a node
    /// that stopped posting status.
    fn node_conditions(&mut self, created: DateTime<Utc>, not_ready: bool) -> Vec<Value> {
        let heartbeat = meta::ts(self.now - Duration::seconds(self.rng.random_range(5..40)));
        let since = meta::ts(created + Duration::seconds(40));
        let cond = |t: &str, status: &str, reason: &str, message: &str| json!({"type": t, "status": status, "lastHeartbeatTime": heartbeat, "lastTransitionTime": since, "reason": reason, "message": message});
        let mut conditions = vec![
            cond(
                "MemoryPressure",
                "False",
                "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available",
            ),
            cond(
                "DiskPressure",
                "False",
                "KubeletHasNoDiskPressure",
                "kubelet has no disk pressure",
            ),
            cond(
                "PIDPressure",
                "False",
                "KubeletHasSufficientPID",
                "kubelet has sufficient PID available",
            ),
            cond(
                "Ready",
                "True",
                "KubeletReady",
                "kubelet is posting ready status",
            ),
        ];
        if not_ready {
            let lost = meta::ts(self.now - Duration::minutes(17));
            for c in conditions.iter_mut() {
                c["status"] = json!("Unknown");
                c["reason"] = json!("NodeStatusUnknown");
                c["message"] = json!("Kubelet stopped posting node status.");
                c["lastTransitionTime"] = json!(lost);
                c["lastHeartbeatTime"] = json!(meta::ts(self.now - Duration::minutes(18)));
            }
        }
        conditions
    }
}
