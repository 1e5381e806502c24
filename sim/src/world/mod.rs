//! Generates a cluster's starting state from its seed: nodes (some NotReady,
//! cordoned or tainted), team namespaces with deployments (and their
//! revision history), statefulsets, daemonsets, jobs, services, config,
//! quotas and limit ranges, a control plane, and a realistic share of
//! broken workloads, with the events the last hour would have left.

pub mod catalog;

use chrono::{DateTime, Duration, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng, rngs::StdRng};
use serde_json::{Value, json};

use crate::cluster::{Cluster, fnv_hash};
use crate::controllers::Controllers;
use crate::controllers::deployments::REVISION;
use crate::controllers::events::Source;
use crate::controllers::pods::{self, BEHAVIOR, Behavior};
use crate::controllers::replicasets::pod_from_template;
use crate::store::{Obj, Store, WriteOpts};
use crate::{defaults, meta, quantity};
use catalog::App;

/// The broken things a cluster starts with (each on one deployment).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Incident {
    CrashLoop,
    Oom,
    BadRollout,
    Unready,
    InitCrashLoop,
    Unschedulable,
}

const INCIDENTS: &[Incident] = &[
    Incident::CrashLoop,
    Incident::BadRollout,
    Incident::Oom,
    Incident::Unready,
    Incident::Unschedulable,
    Incident::InitCrashLoop,
];

struct Gen<'a> {
    s: &'a mut Store,
    ctl: &'a mut Controllers,
    rng: StdRng,
    now: DateTime<Utc>,
    cluster: String,
    /// When the cluster was created.
    born: DateTime<Utc>,
    nodes: Vec<Obj>,
    node_infos: Vec<pods::NodeInfo>,
}

fn opts(now: DateTime<Utc>) -> WriteOpts<'static> {
    WriteOpts {
        manager: "kube-controller-manager",
        now,
        dry_run: false,
    }
}

/// Fill `cluster`'s store. `index` is the cluster's position (varies the
/// mix of faults between clusters).
pub fn populate(cluster: &Cluster, index: usize, ctl: &mut Controllers) {
    let spec = cluster.spec.clone();
    let now = cluster.started;
    let mut rng = StdRng::seed_from_u64(spec.seed ^ fnv_hash(&spec.name));
    let age_days = rng.random_range(40..400);
    let mut store = cluster.store.lock();
    let mut g = Gen {
        s: &mut store,
        ctl,
        rng,
        now,
        cluster: spec.name.clone(),
        born: now - Duration::days(age_days),
        nodes: Vec::new(),
        node_infos: Vec::new(),
    };
    g.nodes(spec.nodes.max(1), index);
    g.node_infos = pods::node_infos(g.nodes.iter());
    let mut system_pods = g.control_plane();
    let app_ns: Vec<String> = (0..spec.namespaces).map(catalog::namespace_name).collect();
    for ns in [
        "default",
        "kube-system",
        "kube-public",
        "kube-node-lease",
        "monitoring",
    ]
    .into_iter()
    .map(str::to_string)
    .chain(app_ns.iter().cloned())
    {
        g.namespace(&ns);
    }
    g.service(
        "default",
        "kubernetes",
        json!({"component": "apiserver", "provider": "kubernetes"}),
        None,
        443,
        Some("10.96.0.1"),
    );
    system_pods += g.daemonsets();
    system_pods += g.system_deployments(spec.metrics);

    // Plan the team workloads, then size them to the pod budget.
    let mut plan: Vec<(String, App)> = Vec::new();
    for ns in &app_ns {
        let n = g.rng.random_range(3..=6);
        let mut apps: Vec<App> = catalog::APPS.to_vec();
        apps.shuffle(&mut g.rng);
        plan.extend(apps.into_iter().take(n).map(|a| (ns.clone(), a)));
    }
    let mut fixed = system_pods;
    let mut stateful = Vec::new();
    for (i, ns) in app_ns.iter().enumerate() {
        if i % 2 == 0 {
            let app = catalog::STATEFUL[(i / 2) % catalog::STATEFUL.len()];
            let replicas = if app.name == "redis" { 1 } else { 3 };
            fixed += replicas;
            stateful.push((ns.clone(), app, replicas));
        }
    }
    let budget = spec.pods.saturating_sub(fixed).max(plan.len());
    let weights: Vec<usize> = plan.iter().map(|_| g.rng.random_range(1..=4)).collect();
    let total_w: usize = weights.iter().sum::<usize>().max(1);
    let mut incidents = INCIDENTS.to_vec();
    incidents.rotate_left(index % INCIDENTS.len());
    let mut order: Vec<usize> = (0..plan.len()).collect();
    order.shuffle(&mut g.rng);
    let chosen: Vec<(usize, Incident)> = order
        .into_iter()
        .zip(incidents.into_iter().take(3 + index % 3))
        .collect();
    for (i, (ns, app)) in plan.iter().enumerate() {
        let replicas = (budget * weights[i] / total_w).max(1);
        let incident = chosen.iter().find(|(j, _)| *j == i).map(|(_, x)| *x);
        g.deployment(ns, app, replicas, incident);
    }
    for (ns, app, replicas) in stateful {
        g.statefulset(&ns, &app, replicas);
    }
    for (i, ns) in app_ns.iter().enumerate() {
        if i % 2 == 1 {
            g.jobs(ns);
        }
    }
    for (i, ns) in app_ns.iter().enumerate() {
        g.quota(ns, i == 0);
    }
    drop(g);
    store.compact();
}

impl Gen<'_> {
    fn create(&mut self, storage: &'static str, obj: Value) -> Option<Obj> {
        let o = opts(self.now);
        match self.s.create(storage, obj, &o) {
            Ok(x) => Some(x),
            Err(e) => {
                tracing::warn!(cluster = %self.cluster, "generating {storage}: {e}");
                None
            }
        }
    }

    fn ago(&mut self, min: Duration, max: Duration) -> DateTime<Utc> {
        let span = (max - min).num_seconds().max(1);
        self.now - min - Duration::seconds(self.rng.random_range(0..span))
    }

    fn nodes(&mut self, n: usize, index: usize) {
        let region = ["eu-west-1", "us-east-1", "eu-central-1", "ap-southeast-1"][index % 4];
        for i in 0..n {
            let cp = i == 0 && n > 1;
            let name = if cp {
                format!("{}-control-plane", self.cluster)
            } else {
                format!("{}-worker-{:02}", self.cluster, i)
            };
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
            let worker = i.saturating_sub(1);
            let not_ready = !cp && n >= 4 && index % 3 == 1 && worker == 2;
            let cordoned = !cp && n >= 4 && index % 3 == 2 && worker == 1;
            let gpu = !cp && n >= 5 && index.is_multiple_of(3) && worker == n - 2;
            if gpu {
                labels["nvidia.com/gpu.present"] = json!("true");
                taints.push(
                    json!({"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"}),
                );
            }
            let created = self.born + Duration::minutes(i as i64 * 3);
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
                taints.push(json!({"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule", "timeAdded": lost}));
                taints.push(json!({"key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": lost}));
            }
            let mut spec = json!({
                "podCIDR": format!("10.244.{i}.0/24"),
                "podCIDRs": [format!("10.244.{i}.0/24")],
                "providerID": format!("kdeck-sim://{}/{name}", self.cluster),
            });
            if cordoned {
                spec["unschedulable"] = json!(true);
                taints.push(json!({"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule", "timeAdded": meta::ts(self.now - Duration::hours(3))}));
            }
            if !taints.is_empty() {
                spec["taints"] = json!(taints);
            }
            let h = fnv_hash(&name);
            let node = json!({
                "metadata": {"name": name, "labels": labels, "creationTimestamp": meta::ts(created),
                    "annotations": {"node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
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
            });
            if let Some(n) = self.create("nodes", node) {
                if not_ready {
                    let t = self.now - Duration::minutes(17);
                    let msg = format!("Node {} status is now: NodeNotReady", meta::name(&n));
                    self.ctl.recorder.record(
                        self.s,
                        &n,
                        None,
                        "Normal",
                        "NodeNotReady",
                        &msg,
                        Source::NodeController,
                        t,
                    );
                }
                if cordoned {
                    let t = self.now - Duration::hours(3);
                    let msg = format!("Node {} status is now: NodeNotSchedulable", meta::name(&n));
                    self.ctl.recorder.record(
                        self.s,
                        &n,
                        None,
                        "Normal",
                        "NodeNotSchedulable",
                        &msg,
                        Source::Kubelet(meta::name(&n)),
                        t,
                    );
                }
                self.nodes.push(n);
            }
        }
    }

    fn namespace(&mut self, ns: &str) {
        let created = if ns.starts_with("kube-") || ns == "default" {
            self.born
        } else {
            self.ago(Duration::days(5), Duration::days(30))
        };
        let mut obj = json!({"metadata": {"name": ns, "creationTimestamp": meta::ts(created)}});
        defaults::apply("namespaces", &mut obj);
        self.create("namespaces", obj);
        let t = meta::ts(created);
        self.create(
            "serviceaccounts",
            json!({"metadata": {"name": "default", "namespace": ns, "creationTimestamp": t}}),
        );
        self.create("configmaps", json!({"metadata": {"name": "kube-root-ca.crt", "namespace": ns, "creationTimestamp": t,
            "annotations": {"kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."}},
            "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIkdeck0sim0caMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV\n-----END CERTIFICATE-----\n"}}));
    }

    fn service(
        &mut self,
        ns: &str,
        name: &str,
        labels: Value,
        selector: Option<Value>,
        port: u16,
        ip: Option<&str>,
    ) {
        let mut obj = json!({
            "metadata": {"name": name, "namespace": ns, "labels": labels, "creationTimestamp": meta::ts(self.ago(Duration::days(2), Duration::days(30)))},
            "spec": {"ports": [{"name": "http", "port": if port == 443 || port == 53 { port } else { 80 }, "targetPort": port}]},
        });
        if let Some(sel) = selector {
            obj["spec"]["selector"] = sel;
        }
        let ip = match ip {
            Some(ip) => ip.to_string(),
            None => {
                let h = fnv_hash(&format!("{}/{ns}/{name}", self.cluster));
                format!("10.96.{}.{}", (h >> 8) % 250, h % 250 + 2)
            }
        };
        obj["spec"]["clusterIP"] = json!(ip);
        obj["spec"]["clusterIPs"] = json!([ip]);
        defaults::apply("services", &mut obj);
        self.create("services", obj);
    }

    /// A pod grown from `created` to now through its lifecycle, so that its
    /// status, times and last-hour events are those of a real history.
    fn grow(&mut self, mut pod: Value, created: DateTime<Utc>) -> Option<Obj> {
        let uid = self.s.new_uid();
        pod["metadata"]["uid"] = json!(uid);
        pod["metadata"]["creationTimestamp"] = json!(meta::ts(created));
        if pod["metadata"]["name"].is_null() {
            let prefix = pod["metadata"]["generateName"]
                .as_str()
                .unwrap_or("pod-")
                .to_string();
            let suffix = meta::random_suffix(&mut self.rng, 5);
            pod["metadata"]["name"] = json!(format!("{prefix}{suffix}"));
        }
        let behavior = pods::behavior(&pod);
        let looping = matches!(
            behavior,
            Behavior::CrashLoop | Behavior::Oom | Behavior::Unready | Behavior::InitCrashLoop
        ) || !pod["spec"]["containers"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|c| pods::image_pullable(c["image"].as_str().unwrap_or("")));
        let mut t = created + Duration::seconds(1);
        let mut pending_events = Vec::new();
        let mut due = None;
        for i in 0..14 {
            let Some(step) = pods::advance(&pod, &self.node_infos, t) else {
                break;
            };
            let node = step.pod["spec"]["nodeName"]
                .as_str()
                .unwrap_or("")
                .to_string();
            pending_events.push((step.events, node, t));
            pod = step.pod;
            let Some(next) = step.next else {
                due = None;
                break;
            };
            t += next;
            due = Some(t);
            if looping && i >= 4 && t < self.now - Duration::seconds(90) {
                // Skip the long middle of a loop; play its last minutes.
                let age = (self.now - created).num_minutes();
                for list in ["containerStatuses", "initContainerStatuses"] {
                    for c in pod["status"][list].as_array_mut().into_iter().flatten() {
                        if c["restartCount"].as_i64().unwrap_or(0) > 0 {
                            c["restartCount"] = json!((age / 5).clamp(3, 400));
                        }
                    }
                }
                t = self.now - Duration::seconds(self.rng.random_range(20..90));
            }
            if t > self.now {
                break;
            }
        }
        let obj = self.create("pods", pod)?;
        if let Some(at) = due {
            // The pod goes on where its generated history stopped.
            let key = (
                meta::namespace(&obj).to_string(),
                meta::name(&obj).to_string(),
            );
            self.ctl
                .add_timer(key, at.max(self.now + Duration::milliseconds(200)));
        }
        for (events, node, at) in pending_events {
            for e in events {
                let kind = if e.warning { "Warning" } else { "Normal" };
                self.ctl.recorder.record(
                    self.s,
                    &obj,
                    e.field_path.as_deref(),
                    kind,
                    e.reason,
                    &e.message,
                    pods::source(&e, &node),
                    at,
                );
            }
        }
        Some(obj)
    }

    fn control_plane(&mut self) -> usize {
        let Some(cp) = self
            .nodes
            .iter()
            .find(|n| meta::name(n).ends_with("-control-plane"))
            .cloned()
        else {
            return 0;
        };
        let node = meta::name(&cp).to_string();
        let parts = [
            ("etcd", "registry.k8s.io/etcd:3.5.16-0", "100m", "100Mi"),
            (
                "kube-apiserver",
                "registry.k8s.io/kube-apiserver:v1.36.2",
                "250m",
                "",
            ),
            (
                "kube-controller-manager",
                "registry.k8s.io/kube-controller-manager:v1.36.2",
                "200m",
                "",
            ),
            (
                "kube-scheduler",
                "registry.k8s.io/kube-scheduler:v1.36.2",
                "100m",
                "",
            ),
        ];
        for (name, image, cpu, mem) in parts {
            let mut requests = json!({"cpu": cpu});
            if !mem.is_empty() {
                requests["memory"] = json!(mem);
            }
            let owner = json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": node, "uid": cp["metadata"]["uid"], "namespace": "kube-system"},
                "spec": {"template": {"metadata": {"labels": {"component": name, "tier": "control-plane"},
                    "annotations": {"kubernetes.io/config.source": "file", "kubernetes.io/config.hash": format!("{:032x}", fnv_hash(name) as u128)}},
                    "spec": {"containers": [{"name": name, "image": image, "command": [name], "resources": {"requests": requests}}],
                        "hostNetwork": true, "priorityClassName": "system-node-critical", "priority": 2000001000,
                        "tolerations": [{"operator": "Exists", "effect": "NoExecute"}]}}}});
            let mut pod = pod_from_template(
                &owner,
                Some(&format!("{name}-{node}")),
                &[],
                Some(&node),
                None,
            );
            pod["metadata"]["ownerReferences"][0]["blockOwnerDeletion"] = json!(null);
            let created = self.born + Duration::seconds(30);
            self.grow(pod, created);
        }
        parts.len()
    }

    fn daemonsets(&mut self) -> usize {
        let mut count = 0;
        let sets = [
            (
                "kube-system",
                "kube-proxy",
                "registry.k8s.io/kube-proxy:v1.36.2",
                "k8s-app",
                json!([{"operator": "Exists"}]),
            ),
            (
                "monitoring",
                "node-exporter",
                "quay.io/prometheus/node-exporter:v1.8.2",
                "app.kubernetes.io/name",
                json!([{"operator": "Exists"}]),
            ),
            (
                "monitoring",
                "fluent-bit",
                "cr.fluentbit.io/fluent/fluent-bit:3.1.9",
                "app.kubernetes.io/name",
                json!([]),
            ),
        ];
        for (ns, name, image, label, tolerations) in sets {
            let created = self.born + Duration::minutes(5);
            let mut ds = json!({
                "metadata": {"name": name, "namespace": ns, "labels": {label: name}, "creationTimestamp": meta::ts(created),
                    "annotations": {"deprecated.daemonset.template.generation": "1"}},
                "spec": {"selector": {"matchLabels": {label: name}},
                    "template": {"metadata": {"labels": {label: name}},
                        "spec": {"containers": [{"name": name, "image": image,
                            "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}}}],
                            "tolerations": tolerations, "priorityClassName": "system-node-critical", "serviceAccountName": name}}}});
            defaults::apply("daemonsets", &mut ds);
            let Some(ds) = self.create("daemonsets", ds) else {
                continue;
            };
            let hash = meta::template_hash(&ds["spec"]["template"]);
            let nodes = self.nodes.clone();
            for n in &nodes {
                let tainted = n["spec"]["taints"].as_array().is_some_and(|ts| {
                    ts.iter().any(|t| {
                        t["key"] == "node-role.kubernetes.io/control-plane"
                            || t["key"] == "nvidia.com/gpu"
                    })
                });
                if tainted
                    && ds["spec"]["template"]["spec"]["tolerations"]
                        .as_array()
                        .is_none_or(Vec::is_empty)
                {
                    continue;
                }
                let mut pod = pod_from_template(
                    &ds,
                    None,
                    &[
                        ("controller-revision-hash", hash.clone()),
                        ("pod-template-generation", "1".into()),
                    ],
                    Some(meta::name(n)),
                    None,
                );
                crate::controllers::daemonsets::add_daemon_tolerations(&mut pod);
                let created = self.ago(Duration::hours(2), Duration::days(20));
                if self.grow(pod, created).is_some() {
                    count += 1;
                }
            }
        }
        count
    }

    fn system_deployments(&mut self, metrics: bool) -> usize {
        let mut n = 0;
        let coredns = App {
            name: "coredns",
            repo: "registry.k8s.io/coredns/coredns",
            port: 53,
            cpu: "100m",
            memory: "70Mi",
            cpu_limit: "",
            memory_limit: "170Mi",
            sidecar: false,
            init: false,
        };
        n += self.deployment_with("kube-system", &coredns, 2, None, "k8s-app", "v1.11.3");
        self.service(
            "kube-system",
            "kube-dns",
            json!({"k8s-app": "kube-dns"}),
            Some(json!({"k8s-app": "coredns"})),
            53,
            Some("10.96.0.10"),
        );
        if metrics {
            let ms = App {
                name: "metrics-server",
                repo: "registry.k8s.io/metrics-server/metrics-server",
                port: 10250,
                cpu: "100m",
                memory: "200Mi",
                cpu_limit: "",
                memory_limit: "",
                sidecar: false,
                init: false,
            };
            n += self.deployment_with("kube-system", &ms, 1, None, "k8s-app", "v0.7.2");
        }
        let ksm = App {
            name: "kube-state-metrics",
            repo: "registry.k8s.io/kube-state-metrics/kube-state-metrics",
            port: 8080,
            cpu: "50m",
            memory: "150Mi",
            cpu_limit: "",
            memory_limit: "300Mi",
            sidecar: false,
            init: false,
        };
        n += self.deployment_with(
            "monitoring",
            &ksm,
            1,
            None,
            "app.kubernetes.io/name",
            "v2.13.0",
        );
        n
    }

    fn container(&self, ns: &str, app: &App, image: &str) -> Value {
        let mut requests = json!({"cpu": app.cpu, "memory": app.memory});
        let mut limits = json!({});
        if !app.cpu_limit.is_empty() {
            limits["cpu"] = json!(app.cpu_limit);
        }
        if !app.memory_limit.is_empty() {
            limits["memory"] = json!(app.memory_limit);
        }
        if app.memory.is_empty() {
            requests.as_object_mut().map(|m| m.remove("memory"));
        }
        let mut c = json!({
            "name": app.name,
            "image": image,
            "ports": [{"name": "http", "containerPort": app.port, "protocol": "TCP"}],
            "env": [
                {"name": "APP_ENV", "value": if self.cluster.starts_with("prod") { "production" } else { "staging" }},
                {"name": "LOG_LEVEL", "value": "info"},
                {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}},
            ],
            "resources": {"requests": requests, "limits": limits},
            "readinessProbe": {"httpGet": {"path": "/healthz/ready", "port": app.port, "scheme": "HTTP"}, "initialDelaySeconds": 5, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
            "livenessProbe": {"httpGet": {"path": "/healthz/live", "port": app.port, "scheme": "HTTP"}, "initialDelaySeconds": 15, "timeoutSeconds": 1, "periodSeconds": 20, "successThreshold": 1, "failureThreshold": 3},
        });
        if ns != "kube-system" && ns != "monitoring" {
            c["volumeMounts"] = json!([{"name": "config", "mountPath": format!("/etc/{}", app.name), "readOnly": true}]);
            if let Some(e) = c["env"].as_array_mut() {
                e.push(json!({"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": format!("{}-credentials", app.name), "key": "database-url"}}}));
            }
        }
        c
    }

    fn deployment(&mut self, ns: &str, app: &App, replicas: usize, incident: Option<Incident>) {
        self.deployment_with(ns, app, replicas, incident, "app", "");
    }

    /// A deployment with its revision history, ReplicaSets and pods;
    /// returns how many pods it made.
    fn deployment_with(
        &mut self,
        ns: &str,
        app: &App,
        replicas: usize,
        incident: Option<Incident>,
        label: &str,
        version: &str,
    ) -> usize {
        let repo = app.repo.replace("{ns}", ns);
        let versions = catalog::versions(&repo);
        let revisions = if version.is_empty() {
            self.rng.random_range(1..=versions.len().min(4))
        } else {
            1
        };
        let created = self
            .ago(Duration::days(3), Duration::days(35))
            .max(self.born);
        let image_of = |rev: usize| -> String {
            if !version.is_empty() {
                return format!("{repo}:{version}");
            }
            let v = versions[(versions.len() - revisions + rev - 1).min(versions.len() - 1)];
            format!("{repo}:{v}")
        };
        let mut labels = json!({label: app.name});
        if label == "app" {
            labels["app.kubernetes.io/name"] = json!(app.name);
            labels["app.kubernetes.io/part-of"] = json!(ns);
            labels["team"] = json!(ns);
        }
        let template_for = |g: &Self,
                            image: &str,
                            behavior: Option<&str>,
                            cpu_override: Option<&str>|
         -> Value {
            let mut main = g.container(ns, app, image);
            if let Some(cpu) = cpu_override {
                main["resources"]["requests"]["cpu"] = json!(cpu);
                main["resources"]["limits"]["cpu"] = json!(cpu);
            }
            let mut containers = vec![main];
            if app.sidecar {
                containers.push(json!({"name": "log-shipper", "image": "cr.fluentbit.io/fluent/fluent-bit:3.1.9",
                    "resources": {"requests": {"cpu": "20m", "memory": "32Mi"}, "limits": {"memory": "64Mi"}}}));
            }
            let mut spec = json!({"containers": containers});
            if label == "app" && ns != "monitoring" {
                spec["volumes"] = json!([{"name": "config", "configMap": {"name": format!("{}-config", app.name), "defaultMode": 420}}]);
            }
            if app.init {
                spec["initContainers"] = json!([
                    {"name": "wait-for-db", "image": "busybox:1.36", "command": ["sh", "-c", "until nc -z postgres 5432; do sleep 2; done"]},
                    {"name": "migrate", "image": image, "args": ["migrate", "up"]},
                ]);
            }
            let mut meta_t = json!({"labels": labels.clone(), "annotations": {}});
            if let Some(b) = behavior {
                meta_t["annotations"][BEHAVIOR] = json!(b);
            }
            // Some images are distroless: no shell to exec into.
            if matches!(app.name, "webhook" | "gateway" | "metrics-server") {
                meta_t["annotations"][crate::server::exec::DISTROLESS] = json!("true");
            }
            json!({"metadata": meta_t, "spec": spec})
        };
        let behavior = match incident {
            Some(Incident::CrashLoop) => Some("crashloop"),
            Some(Incident::Oom) => Some("oom"),
            Some(Incident::Unready) => Some("unready"),
            Some(Incident::InitCrashLoop) if app.init => Some("init-crashloop"),
            Some(Incident::InitCrashLoop) => Some("crashloop"),
            _ => None,
        };
        let cpu_override = (incident == Some(Incident::Unschedulable)).then_some("64");
        let bad_rollout = incident == Some(Incident::BadRollout);
        let total_revs = revisions + usize::from(bad_rollout);
        let current_image = if bad_rollout {
            format!("registry.invalid/acme-corp/{}:v2.0.0", app.name)
        } else {
            image_of(revisions)
        };
        let mut d = json!({
            "metadata": {"name": app.name, "namespace": ns, "labels": labels.clone(), "creationTimestamp": meta::ts(created),
                "annotations": {REVISION: total_revs.to_string()}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {label: app.name}},
                "template": template_for(self, &current_image, behavior, cpu_override)},
        });
        let cause = catalog::CHANGE_CAUSES[total_revs % catalog::CHANGE_CAUSES.len()];
        d["metadata"]["annotations"]["kubernetes.io/change-cause"] = json!(cause);
        defaults::apply("deployments", &mut d);
        let rollout_at = if bad_rollout {
            self.now - Duration::minutes(25)
        } else {
            self.ago(
                Duration::hours(1),
                (self.now - created).max(Duration::hours(2)),
            )
        };
        d["status"] = json!({"conditions": [
            {"type": "Available", "status": "True", "lastUpdateTime": meta::ts(rollout_at), "lastTransitionTime": meta::ts(created), "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability."},
            {"type": "Progressing", "status": "True", "lastUpdateTime": meta::ts(rollout_at), "lastTransitionTime": meta::ts(created), "reason": if bad_rollout { "ReplicaSetUpdated" } else { "NewReplicaSetAvailable" }, "message": "ReplicaSet is progressing."},
        ]});
        let Some(d) = self.create("deployments", d) else {
            return 0;
        };
        if label == "app" {
            self.create("configmaps", json!({"metadata": {"name": format!("{}-config", app.name), "namespace": ns, "labels": labels.clone(), "creationTimestamp": meta::ts(created)},
                "data": {"config.yaml": format!("listen: :{}\nlog_level: info\nmetrics: true\n", app.port), "FEATURE_FLAGS": "new-checkout=false,fast-search=true"}}));
            self.create("secrets", json!({"metadata": {"name": format!("{}-credentials", app.name), "namespace": ns, "creationTimestamp": meta::ts(created)},
                "type": "Opaque", "data": {"database-url": "cG9zdGdyZXM6Ly9hcHA6czNjcjN0QHBvc3RncmVzOjU0MzIvYXBw", "api-key": "a2RlY2stc2ltLWZha2Uta2V5"}}));
            self.service(
                ns,
                app.name,
                labels.clone(),
                Some(json!({label: app.name})),
                app.port,
                None,
            );
        }

        // ReplicaSets: one per revision; the last carries the pods.
        let span = (rollout_at - created).max(Duration::minutes(1)) / (total_revs as i32).max(1);
        let mut made = 0;
        for rev in 1..=total_revs {
            let is_current = rev == total_revs;
            let image = if is_current {
                current_image.clone()
            } else {
                image_of(rev)
            };
            let mut template = if is_current {
                d["spec"]["template"].clone()
            } else {
                template_for(self, &image, None, None)
            };
            let mut probe = json!({"spec": {"template": template.clone()}});
            defaults::apply("deployments", &mut probe);
            template = probe["spec"]["template"].take();
            let hash = meta::template_hash(&template);
            template["metadata"]["labels"]["pod-template-hash"] = json!(hash);
            let rs_created = if is_current {
                rollout_at
            } else {
                created + span * (rev as i32 - 1)
            };
            let prev_running = bad_rollout && rev + 1 == total_revs;
            let rs_replicas = if is_current && bad_rollout {
                (replicas as f64 * 0.25).ceil() as usize
            } else if is_current {
                replicas
            } else if prev_running {
                replicas - (replicas as f64 * 0.25).floor() as usize
            } else {
                0
            };
            let mut rs_labels = labels.clone();
            rs_labels["pod-template-hash"] = json!(hash);
            let mut selector = json!({"matchLabels": {label: app.name}});
            selector["matchLabels"]["pod-template-hash"] = json!(hash);
            let rs = json!({
                "metadata": {"name": format!("{}-{hash}", app.name), "namespace": ns, "labels": rs_labels, "creationTimestamp": meta::ts(rs_created),
                    "annotations": {REVISION: rev.to_string(), "deployment.kubernetes.io/desired-replicas": replicas.to_string(),
                        "deployment.kubernetes.io/max-replicas": (replicas + (replicas as f64 * 0.25).ceil() as usize).to_string(),
                        "kubernetes.io/change-cause": catalog::CHANGE_CAUSES[rev % catalog::CHANGE_CAUSES.len()]},
                    "ownerReferences": [meta::owner_ref(&d)]},
                "spec": {"replicas": rs_replicas, "selector": selector, "template": template},
                "status": {"replicas": 0},
            });
            let Some(rs) = self.create("replicasets", rs) else {
                continue;
            };
            for _ in 0..rs_replicas {
                let pod = pod_from_template(&rs, None, &[], None, None);
                let young = self.rng.random_bool(0.08);
                let pod_created = if young || is_current && bad_rollout {
                    self.ago(Duration::minutes(2), Duration::minutes(50))
                        .max(rs_created)
                } else {
                    rs_created + Duration::seconds(self.rng.random_range(1..30))
                };
                if self
                    .grow(pod, pod_created.min(self.now - Duration::seconds(30)))
                    .is_some()
                {
                    made += 1;
                }
            }
        }
        made
    }

    fn statefulset(&mut self, ns: &str, app: &App, replicas: usize) {
        let created = self
            .ago(Duration::days(10), Duration::days(60))
            .max(self.born);
        let labels = json!({"app": app.name, "app.kubernetes.io/name": app.name, "app.kubernetes.io/part-of": ns});
        let image = format!(
            "{}:{}",
            app.repo,
            catalog::versions(app.repo)
                .last()
                .copied()
                .unwrap_or("latest")
        );
        let mut c = self.container(ns, app, &image);
        c.as_object_mut().map(|m| m.remove("volumeMounts"));
        c["volumeMounts"] = json!([{"name": "data", "mountPath": "/var/lib/data"}]);
        let mut sts = json!({
            "metadata": {"name": app.name, "namespace": ns, "labels": labels.clone(), "creationTimestamp": meta::ts(created)},
            "spec": {"replicas": replicas, "serviceName": app.name, "selector": {"matchLabels": {"app": app.name}},
                "template": {"metadata": {"labels": labels.clone()}, "spec": {"containers": [c]}},
                "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}}, "storageClassName": "gp3"}}]},
        });
        defaults::apply("statefulsets", &mut sts);
        let Some(sts) = self.create("statefulsets", sts) else {
            return;
        };
        let rev = format!(
            "{}-{}",
            app.name,
            meta::template_hash(&sts["spec"]["template"])
        );
        let mut obj = json!({"metadata": {"name": app.name, "namespace": ns, "labels": labels.clone(), "creationTimestamp": meta::ts(created)},
            "spec": {"clusterIP": "None", "clusterIPs": ["None"], "ports": [{"name": "tcp", "port": app.port}], "selector": {"app": app.name}}});
        defaults::apply("services", &mut obj);
        self.create("services", obj);
        for i in 0..replicas {
            let name = format!("{}-{i}", app.name);
            let mut pod = pod_from_template(
                &sts,
                Some(&name),
                &[
                    ("controller-revision-hash", rev.clone()),
                    ("statefulset.kubernetes.io/pod-name", name.clone()),
                    ("apps.kubernetes.io/pod-index", i.to_string()),
                ],
                None,
                None,
            );
            pod["spec"]["hostname"] = json!(name);
            pod["spec"]["subdomain"] = json!(app.name);
            if let Some(v) = pod["spec"]["volumes"].as_array_mut() {
                v.insert(0, json!({"name": "data", "persistentVolumeClaim": {"claimName": format!("data-{name}")}}));
            }
            let t = self.ago(Duration::hours(6), Duration::days(9)).max(created);
            self.grow(pod, t);
        }
    }

    fn jobs(&mut self, ns: &str) {
        for (name, behavior, ago_h) in [
            ("nightly-report", "complete", 7),
            ("backfill-orders", "fail", 2),
        ] {
            let created =
                self.now - Duration::hours(ago_h) - Duration::minutes(self.rng.random_range(0..50));
            let job_name = format!("{name}-{}", (created.timestamp() / 60) % 100_000_000);
            let uid = self.s.new_uid();
            let labels = json!({"batch.kubernetes.io/job-name": job_name, "job-name": job_name, "batch.kubernetes.io/controller-uid": uid, "controller-uid": uid});
            let done = created + Duration::seconds(self.rng.random_range(20..300));
            let complete = behavior == "complete";
            let cond = if complete {
                json!([{"type": "SuccessCriteriaMet", "status": "True", "lastProbeTime": meta::ts(done), "lastTransitionTime": meta::ts(done)},
                       {"type": "Complete", "status": "True", "lastProbeTime": meta::ts(done), "lastTransitionTime": meta::ts(done)}])
            } else {
                json!([{"type": "FailureTarget", "status": "True", "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit", "lastProbeTime": meta::ts(done), "lastTransitionTime": meta::ts(done)},
                       {"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit", "lastProbeTime": meta::ts(done), "lastTransitionTime": meta::ts(done)}])
            };
            let mut status = json!({"startTime": meta::ts(created), "conditions": cond, "ready": 0, "terminating": 0});
            if complete {
                status["succeeded"] = json!(1);
                status["completionTime"] = json!(meta::ts(done));
            } else {
                status["failed"] = json!(1);
            }
            let mut job = json!({
                "metadata": {"name": job_name, "namespace": ns, "uid": uid, "labels": labels.clone(), "creationTimestamp": meta::ts(created)},
                "spec": {"backoffLimit": 0, "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}},
                    "template": {"metadata": {"labels": labels.clone(), "annotations": {BEHAVIOR: behavior}},
                        "spec": {"restartPolicy": "Never", "containers": [{"name": name, "image": format!("ghcr.io/acme-corp/{ns}-jobs:v3.2.0"), "args": [name],
                            "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}},
                "status": status,
            });
            defaults::apply("jobs", &mut job);
            let Some(job) = self.create("jobs", job) else {
                continue;
            };
            let pod = pod_from_template(&job, None, &[], None, None);
            self.grow(pod, created);
        }
    }

    fn quota(&mut self, ns: &str, tight: bool) {
        let hard_probe = json!({"requests.cpu": "1", "requests.memory": "1", "limits.cpu": "1", "limits.memory": "1", "pods": "1"});
        let used = crate::controllers::quota::usage(
            self.s,
            ns,
            hard_probe.as_object().expect("object literal"),
        );
        let factor = if tight {
            1.04
        } else {
            1.6 + self.rng.random_range(0..10) as f64 / 10.0
        };
        let grow = |v: &Value, cpu: bool| -> String {
            let s = v.as_str().unwrap_or("0");
            if cpu {
                let m = quantity::cpu_milli(s).unwrap_or(0) as f64 * factor;
                quantity::format_cpu(((m / 500.0).ceil() * 500.0).max(500.0) as i64)
            } else {
                let b = quantity::bytes(s).unwrap_or(0) as f64 * factor;
                let gi = (b / (1u64 << 30) as f64).ceil().max(1.0) as i64;
                format!("{gi}Gi")
            }
        };
        let pods: i64 = used["pods"]
            .as_str()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        let hard = json!({
            "requests.cpu": grow(&used["requests.cpu"], true),
            "requests.memory": grow(&used["requests.memory"], false),
            "limits.cpu": grow(&used["limits.cpu"], true),
            "limits.memory": grow(&used["limits.memory"], false),
            "pods": ((pods as f64 * factor).ceil() as i64 + 1).to_string(),
        });
        let t = meta::ts(self.ago(Duration::days(5), Duration::days(20)));
        self.create("resourcequotas", json!({"metadata": {"name": "compute-resources", "namespace": ns, "creationTimestamp": t}, "spec": {"hard": hard}, "status": {}}));
        self.create("limitranges", json!({"metadata": {"name": "default-limits", "namespace": ns, "creationTimestamp": t},
            "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "512Mi"}, "defaultRequest": {"cpu": "100m", "memory": "128Mi"}, "max": {"cpu": "4", "memory": "8Gi"}, "min": {"cpu": "10m", "memory": "16Mi"}}]}}));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::ClusterSpec;

    fn world(pods: usize, index: usize) -> (Cluster, Controllers) {
        let spec = ClusterSpec {
            name: catalog::cluster_name(index),
            nodes: 6,
            namespaces: 4,
            pods,
            seed: 7,
            metrics: true,
            history: 1000,
            log_rate: 1.0,
        };
        let c = Cluster::new(spec, Utc::now());
        let mut ctl = Controllers::default();
        populate(&c, index, &mut ctl);
        (c, ctl)
    }

    #[test]
    fn generates_a_plausible_cluster() {
        let (c, _) = world(150, 0);
        let s = c.store.lock();
        let pods = s.count("pods");
        assert!((100..=260).contains(&pods), "pods: {pods}");
        assert_eq!(s.count("nodes"), 6);
        assert!(s.get("namespaces", "", "kube-system").is_some());
        assert!(s.get("namespaces", "", "shop").is_some());
        assert!(s.count("deployments") >= 8);
        assert!(s.count("events") > 0);
        // Every RS-owned pod carries its RS's hash label.
        for p in s.list("pods", None) {
            if p["metadata"]["ownerReferences"][0]["kind"] == "ReplicaSet" {
                let owner = p["metadata"]["ownerReferences"][0]["name"]
                    .as_str()
                    .unwrap();
                let hash = p["metadata"]["labels"]["pod-template-hash"]
                    .as_str()
                    .unwrap();
                assert!(owner.ends_with(hash), "{owner} / {hash}");
            }
        }
        let statuses: Vec<String> = s
            .list("pods", None)
            .map(|p| {
                crate::table::row("", "pods", p, Utc::now(), crate::table::IncludeObject::None)
                        ["cells"][2]
                        .as_str()
                        .unwrap_or("")
                        .to_string()
            })
            .collect();
        assert!(statuses.iter().any(|x| x == "Running"));
        assert!(
            statuses.iter().any(|x| x != "Running" && x != "Completed"),
            "{statuses:?}"
        );
    }

    #[test]
    fn same_seed_same_world() {
        let (a, _) = world(80, 1);
        let (b, _) = world(80, 1);
        let names = |c: &Cluster| -> Vec<String> {
            c.store
                .lock()
                .list("pods", None)
                .map(|p| meta::name(p).to_string())
                .collect()
        };
        assert_eq!(names(&a), names(&b));
    }

    #[test]
    fn controllers_find_the_generated_world_consistent() {
        let (c, mut ctl) = world(120, 2);
        let mut s = c.store.lock();
        let before = s.count("replicasets");
        let pods_before = s.count("pods");
        ctl.tick(&mut s, Utc::now(), 0, true);
        // No new ReplicaSets: every deployment's template already has one.
        assert_eq!(s.count("replicasets"), before);
        let pods_after = s.count("pods");
        assert!(
            pods_after.abs_diff(pods_before) <= 3,
            "{pods_before} -> {pods_after}"
        );
        // Quotas got their usage.
        let q = s
            .get("resourcequotas", "shop", "compute-resources")
            .unwrap();
        assert!(q["status"]["used"]["pods"].is_string(), "{q}");
    }
}
