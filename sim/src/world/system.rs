//! The cluster's own workloads: the control plane's static pods, the node
//! daemonsets and the system deployments (DNS, metrics, ingress...).

use chrono::Duration;
use serde_json::json;

use super::Gen;
use super::catalog::App;
use crate::cluster::fnv_hash;
use crate::controllers::replicasets::pod_from_template;
use crate::{defaults, meta};

impl Gen<'_> {
    pub(super) fn control_plane(&mut self) -> usize {
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

    pub(super) fn daemonsets(&mut self) -> usize {
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

    pub(super) fn system_deployments(&mut self, metrics: bool) -> usize {
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
}
