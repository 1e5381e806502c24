//! The kinds around the workloads, tied to them: storage classes and the
//! volumes bound to the StatefulSets' claims, ingresses to the services
//! (with their TLS secrets and cert-manager Certificates), endpoints and
//! EndpointSlices of the services' pods, network policies, service
//! accounts with roles and bindings, priority and ingress classes, image
//! pull secrets, and a few realistic CRDs with their objects.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde_json::{Value, json};

use super::Gen;
use crate::store::Obj;
use crate::{crd, meta};

/// The default storage class, named in the StatefulSets' claim templates.
pub const STORAGE_CLASS: &str = "gp3";

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

fn labels_match(selector: &serde_json::Map<String, Value>, obj: &Value) -> bool {
    !selector.is_empty()
        && selector
            .iter()
            .all(|(k, v)| obj["metadata"]["labels"].get(k) == Some(v))
}

impl Gen<'_> {
    pub(super) fn cluster_kinds(&mut self, namespaces: &[String]) {
        let t = meta::ts(self.born);
        self.classes(&t);
        self.cluster_rbac(&t);
        self.crds(&t);
        for (i, ns) in namespaces.iter().enumerate() {
            self.volumes(ns);
            self.team_access(ns);
            self.endpoints(ns);
            self.network_policies(ns);
            self.ingress(ns, i);
        }
        for ns in ["kube-system", "monitoring", "default"] {
            self.endpoints(ns);
        }
        if let Some(shop) = namespaces.first() {
            self.rollout(shop);
            self.gateway(shop);
        }
    }

    fn classes(&mut self, t: &str) {
        self.create("storageclasses", json!({
            "metadata": {"name": STORAGE_CLASS, "creationTimestamp": t,
                "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
            "provisioner": "ebs.csi.aws.com", "parameters": {"type": "gp3", "encrypted": "true"},
            "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer", "allowVolumeExpansion": true}));
        self.create("storageclasses", json!({
            "metadata": {"name": "io2-retain", "creationTimestamp": t},
            "provisioner": "ebs.csi.aws.com", "parameters": {"type": "io2", "iopsPerGB": "50"},
            "reclaimPolicy": "Retain", "volumeBindingMode": "WaitForFirstConsumer", "allowVolumeExpansion": false}));
        self.create("ingressclasses", json!({
            "metadata": {"name": "nginx", "creationTimestamp": t,
                "labels": {"app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller"},
                "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}},
            "spec": {"controller": "k8s.io/ingress-nginx"}}));
        for (name, value, default, preemption, desc) in [
            (
                "system-cluster-critical",
                2_000_000_000,
                false,
                None,
                "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
            ),
            (
                "system-node-critical",
                2_000_001_000,
                false,
                None,
                "Used for system critical pods that must not be moved from their current node.",
            ),
            (
                "business-critical",
                1_000_000,
                false,
                None,
                "Customer-facing services.",
            ),
            (
                "standard",
                1000,
                true,
                None,
                "Default priority for team workloads.",
            ),
            (
                "batch-low",
                -10,
                false,
                Some("Never"),
                "Batch jobs that never preempt other pods.",
            ),
        ] {
            let mut pc = json!({"metadata": {"name": name, "creationTimestamp": t}, "value": value,
                "globalDefault": default, "description": desc,
                "preemptionPolicy": preemption.unwrap_or("PreemptLowerPriority")});
            if name.starts_with("system-") {
                pc["metadata"]["generation"] = json!(1);
            }
            self.create("priorityclasses", pc);
        }
    }

    fn cluster_rbac(&mut self, t: &str) {
        let bootstrap = json!({"kubernetes.io/bootstrapping": "rbac-defaults"});
        let auto = json!({"rbac.authorization.kubernetes.io/autoupdate": "true"});
        let all = json!([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}, {"nonResourceURLs": ["*"], "verbs": ["*"]}]);
        let read = json!(["get", "list", "watch"]);
        let write = json!(["create", "delete", "deletecollection", "patch", "update"]);
        for (name, rules) in [
            ("cluster-admin", all),
            (
                "admin",
                json!([{"apiGroups": ["", "apps", "batch", "autoscaling", "policy", "networking.k8s.io"], "resources": ["*"], "verbs": ["*"]},
                {"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles", "rolebindings"], "verbs": ["*"]}]),
            ),
            (
                "edit",
                json!([{"apiGroups": ["", "apps", "batch", "autoscaling", "policy", "networking.k8s.io"], "resources": ["pods", "deployments", "statefulsets", "jobs", "cronjobs", "services", "configmaps", "secrets", "ingresses", "horizontalpodautoscalers", "poddisruptionbudgets"], "verbs": write.clone()}]),
            ),
            (
                "view",
                json!([{"apiGroups": ["", "apps", "batch", "autoscaling", "policy", "networking.k8s.io"], "resources": ["pods", "pods/log", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs", "services", "endpoints", "configmaps", "ingresses", "horizontalpodautoscalers", "poddisruptionbudgets", "persistentvolumeclaims"], "verbs": read.clone()}]),
            ),
            (
                "system:node",
                json!([{"apiGroups": [""], "resources": ["nodes", "nodes/status", "pods/status"], "verbs": ["get", "patch", "update"]}]),
            ),
            (
                "system:kube-scheduler",
                json!([{"apiGroups": [""], "resources": ["pods/binding", "bindings"], "verbs": ["create"]}, {"apiGroups": [""], "resources": ["nodes", "pods"], "verbs": read.clone()}]),
            ),
        ] {
            self.create("clusterroles", json!({"metadata": {"name": name, "creationTimestamp": t, "labels": bootstrap.clone(), "annotations": auto.clone()}, "rules": rules}));
        }
        self.create("clusterroles", json!({"metadata": {"name": "cert-manager-controller-certificates", "creationTimestamp": t,
            "labels": {"app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/instance": "cert-manager"}},
            "rules": [{"apiGroups": ["cert-manager.io"], "resources": ["certificates", "certificates/status"], "verbs": ["get", "list", "watch", "update", "patch"]},
                      {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch", "create", "update", "delete", "patch"]}]}));
        for (name, role, subjects) in [
            (
                "cluster-admin",
                "cluster-admin",
                json!([{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:masters"}]),
            ),
            (
                "system:kube-scheduler",
                "system:kube-scheduler",
                json!([{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "system:kube-scheduler"}]),
            ),
            (
                "platform-viewers",
                "view",
                json!([{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "oidc:platform-team"}, {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice@example.com"}]),
            ),
            (
                "cert-manager-controller-certificates",
                "cert-manager-controller-certificates",
                json!([{"kind": "ServiceAccount", "name": "cert-manager", "namespace": "kube-system"}]),
            ),
        ] {
            self.create("clusterrolebindings", json!({"metadata": {"name": name, "creationTimestamp": t},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role}, "subjects": subjects}));
        }
        self.create("serviceaccounts", json!({"metadata": {"name": "cert-manager", "namespace": "kube-system", "creationTimestamp": t}}));
    }

    /// Each StatefulSet pod's claim (`data-NAME-N` from the claim template),
    /// bound to a dynamically provisioned volume of the default class.
    fn volumes(&mut self, ns: &str) {
        let pods: Vec<Obj> = self.s.list("pods", Some(ns)).cloned().collect();
        for pod in pods {
            let pod_created =
                meta::parse_ts(pod["metadata"]["creationTimestamp"].as_str().unwrap_or(""))
                    .unwrap_or(self.now);
            for v in pod["spec"]["volumes"].as_array().into_iter().flatten() {
                let Some(claim) = v["persistentVolumeClaim"]["claimName"].as_str() else {
                    continue;
                };
                let app = pod["metadata"]["labels"]["app"].clone();
                let created = meta::ts(pod_created - Duration::seconds(3));
                let pvc_uid = self.s.new_uid();
                let pv_name = format!("pvc-{pvc_uid}");
                let size = if claim.contains("redis") {
                    "8Gi"
                } else {
                    "20Gi"
                };
                let handle = format!("vol-0{:016x}", self.rng.random::<u64>());
                let zone = pod["spec"]["nodeName"].as_str().map_or("eu-west-1a", |n| {
                    ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
                        [crate::cluster::fnv_hash(n) as usize % 3]
                });
                self.create("persistentvolumeclaims", json!({
                    "metadata": {"name": claim, "namespace": ns, "uid": pvc_uid, "labels": {"app": app}, "creationTimestamp": created,
                        "annotations": {"pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes",
                            "volume.beta.kubernetes.io/storage-provisioner": "ebs.csi.aws.com", "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com",
                            "volume.kubernetes.io/selected-node": pod["spec"]["nodeName"]},
                        "finalizers": ["kubernetes.io/pvc-protection"]},
                    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}, "storageClassName": STORAGE_CLASS,
                        "volumeMode": "Filesystem", "volumeName": pv_name},
                    "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": size}}}));
                self.create("persistentvolumes", json!({
                    "metadata": {"name": pv_name, "creationTimestamp": created,
                        "annotations": {"pv.kubernetes.io/provisioned-by": "ebs.csi.aws.com", "volume.kubernetes.io/provisioner-deletion-secret-name": "", "volume.kubernetes.io/provisioner-deletion-secret-namespace": ""},
                        "finalizers": ["external-provisioner.volume.kubernetes.io/finalizer", "kubernetes.io/pv-protection"]},
                    "spec": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": size},
                        "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": claim, "namespace": ns, "uid": pvc_uid},
                        "csi": {"driver": "ebs.csi.aws.com", "fsType": "ext4", "volumeHandle": handle},
                        "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "In", "values": [zone]}]}]}},
                        "persistentVolumeReclaimPolicy": "Delete", "storageClassName": STORAGE_CLASS, "volumeMode": "Filesystem"},
                    "status": {"phase": "Bound", "lastPhaseTransitionTime": created}}));
            }
        }
    }

    /// A deployer service account with a role and binding, and an image
    /// pull secret.
    fn team_access(&mut self, ns: &str) {
        let t = meta::ts(self.ago(Duration::days(5), Duration::days(30)));
        let sa = format!("{ns}-deployer");
        self.create("serviceaccounts", json!({"metadata": {"name": sa, "namespace": ns, "creationTimestamp": t,
            "labels": {"app.kubernetes.io/managed-by": "platform"}}, "imagePullSecrets": [{"name": "registry-credentials"}]}));
        self.create("roles", json!({"metadata": {"name": "deployer", "namespace": ns, "creationTimestamp": t},
            "rules": [{"apiGroups": ["apps"], "resources": ["deployments", "statefulsets"], "verbs": ["get", "list", "watch", "patch", "update"]},
                      {"apiGroups": [""], "resources": ["configmaps", "services"], "verbs": ["get", "list", "watch", "create", "patch", "update"]}]}));
        self.create("rolebindings", json!({"metadata": {"name": "deployer", "namespace": ns, "creationTimestamp": t},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "deployer"},
            "subjects": [{"kind": "ServiceAccount", "name": sa, "namespace": ns}]}));
        self.create("rolebindings", json!({"metadata": {"name": format!("{ns}-developers"), "namespace": ns, "creationTimestamp": t},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": format!("oidc:{ns}-developers")}]}));
        let auth = b64("robot$ci:kdeck-sim-not-a-real-token");
        let config = json!({"auths": {"ghcr.io": {"username": "robot$ci", "password": "kdeck-sim-not-a-real-token", "auth": auth}}});
        self.create("secrets", json!({"metadata": {"name": "registry-credentials", "namespace": ns, "creationTimestamp": t},
            "type": "kubernetes.io/dockerconfigjson", "data": {".dockerconfigjson": b64(&config.to_string())}}));
    }

    /// The Endpoints and EndpointSlice of each service with a selector, from
    /// the ready pods it selects (as the controllers left them at start).
    fn endpoints(&mut self, ns: &str) {
        let services: Vec<Obj> = self.s.list("services", Some(ns)).cloned().collect();
        for svc in services {
            let Some(selector) = svc["spec"]["selector"].as_object().cloned() else {
                continue;
            };
            let name = meta::name(&svc).to_string();
            let pods: Vec<Obj> = self
                .s
                .list("pods", Some(ns))
                .filter(|p| labels_match(&selector, p) && p["status"]["podIP"].is_string())
                .cloned()
                .collect();
            let ready = |p: &Value| {
                p["status"]["conditions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|c| c["type"] == "Ready" && c["status"] == "True")
            };
            let ports: Vec<Value> = svc["spec"]["ports"].as_array().into_iter().flatten()
                .map(|p| {
                    let port = p["targetPort"].as_i64().or_else(|| p["port"].as_i64()).unwrap_or(80);
                    json!({"name": p["name"].as_str().unwrap_or(""), "port": port, "protocol": p["protocol"].as_str().unwrap_or("TCP")})
                })
                .collect();
            let address = |p: &Value| {
                json!({"ip": p["status"]["podIP"], "nodeName": p["spec"]["nodeName"],
                "targetRef": {"kind": "Pod", "name": meta::name(p), "namespace": ns, "uid": meta::uid(p)}})
            };
            let (up, down): (Vec<&Obj>, Vec<&Obj>) = pods.iter().partition(|p| ready(p));
            let mut subset = json!({"ports": ports});
            if !up.is_empty() {
                subset["addresses"] = json!(up.iter().map(|p| address(p)).collect::<Vec<_>>());
            }
            if !down.is_empty() {
                subset["notReadyAddresses"] =
                    json!(down.iter().map(|p| address(p)).collect::<Vec<_>>());
            }
            let t = svc["metadata"]["creationTimestamp"].clone();
            let mut ep = json!({"metadata": {"name": name, "namespace": ns, "labels": svc["metadata"]["labels"].clone(), "creationTimestamp": t},
                "subsets": if pods.is_empty() { json!([]) } else { json!([subset]) }});
            if pods.is_empty() {
                ep.as_object_mut().map(|m| m.remove("subsets"));
            }
            self.create("endpoints", ep);
            let endpoints: Vec<Value> = pods.iter().map(|p| {
                let r = ready(p);
                json!({"addresses": [p["status"]["podIP"]], "conditions": {"ready": r, "serving": r, "terminating": false},
                    "nodeName": p["spec"]["nodeName"], "targetRef": {"kind": "Pod", "name": meta::name(p), "namespace": ns, "uid": meta::uid(p)}})
            }).collect();
            let suffix = meta::random_suffix(&mut self.rng, 5);
            let mut labels = svc["metadata"]["labels"].clone();
            if !labels.is_object() {
                labels = json!({});
            }
            labels["kubernetes.io/service-name"] = json!(name);
            labels["endpointslice.kubernetes.io/managed-by"] =
                json!("endpointslice-controller.k8s.io");
            self.create("endpointslices", json!({
                "metadata": {"name": format!("{name}-{suffix}"), "namespace": ns, "labels": labels, "creationTimestamp": t,
                    "generateName": format!("{name}-"), "ownerReferences": [meta::owner_ref(&svc)]},
                "addressType": "IPv4", "endpoints": endpoints, "ports": ports}));
        }
    }

    fn network_policies(&mut self, ns: &str) {
        let t = meta::ts(self.ago(Duration::days(5), Duration::days(30)));
        self.create("networkpolicies", json!({"metadata": {"name": "default-deny-ingress", "namespace": ns, "creationTimestamp": t},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}));
        self.create("networkpolicies", json!({"metadata": {"name": "allow-from-ingress-nginx", "namespace": ns, "creationTimestamp": t},
            "spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": ns}}, "policyTypes": ["Ingress"],
                "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}]}]}}));
    }

    /// An ingress routing to the namespace's first services, with its TLS
    /// secret and the Certificate that keeps it.
    fn ingress(&mut self, ns: &str, index: usize) {
        let services: Vec<(String, i64)> = self
            .s
            .list("services", Some(ns))
            .filter(|s| s["spec"]["clusterIP"] != "None")
            .take(3)
            .map(|s| {
                (
                    meta::name(s).to_string(),
                    s["spec"]["ports"][0]["port"].as_i64().unwrap_or(80),
                )
            })
            .collect();
        if services.is_empty() {
            return;
        }
        let created = self.ago(Duration::days(2), Duration::days(30));
        let t = meta::ts(created);
        let host = format!("{ns}.{}.example.com", self.cluster);
        let paths: Vec<Value> = services.iter().enumerate().map(|(i, (svc, port))| {
            let path = if i == 0 { "/".to_string() } else { format!("/{svc}") };
            json!({"path": path, "pathType": "Prefix", "backend": {"service": {"name": svc, "port": {"number": port}}}})
        }).collect();
        let secret = format!("{ns}-tls");
        let lb = format!(
            "a{:08x}-{}.elb.eu-west-1.amazonaws.com",
            crate::cluster::fnv_hash(&host) as u32,
            index
        );
        self.create("ingresses", json!({
            "metadata": {"name": ns, "namespace": ns, "creationTimestamp": t, "generation": 1,
                "annotations": {"cert-manager.io/cluster-issuer": "letsencrypt", "nginx.ingress.kubernetes.io/proxy-body-size": "8m"}},
            "spec": {"ingressClassName": "nginx", "tls": [{"hosts": [host], "secretName": secret}],
                "rules": [{"host": host, "http": {"paths": paths}}]},
            "status": {"loadBalancer": {"ingress": [{"hostname": lb}]}}}));
        let key = b64(
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC0kdecksim\n-----END PRIVATE KEY-----\n",
        );
        let crt = b64(&format!(
            "-----BEGIN CERTIFICATE-----\nMIIDXTCCAkWgAwIBAgIJAKdecksim{ns}\n-----END CERTIFICATE-----\n"
        ));
        self.create("secrets", json!({"metadata": {"name": secret, "namespace": ns, "creationTimestamp": t,
            "labels": {"controller.cert-manager.io/fao": "true"},
            "annotations": {"cert-manager.io/certificate-name": secret, "cert-manager.io/common-name": host, "cert-manager.io/issuer-kind": "ClusterIssuer", "cert-manager.io/issuer-name": "letsencrypt"}},
            "type": "kubernetes.io/tls", "data": {"tls.crt": crt, "tls.key": key, "ca.crt": ""}}));
        // One namespace's certificate is being renewed and failing.
        let failing = index == 1;
        self.certificate(ns, &secret, &host, created, failing);
    }

    fn certificate(
        &mut self,
        ns: &str,
        secret: &str,
        host: &str,
        created: DateTime<Utc>,
        failing: bool,
    ) {
        let t = meta::ts(created);
        let ready = if failing {
            json!({"type": "Ready", "status": "False", "lastTransitionTime": meta::ts(self.now - Duration::hours(3)), "observedGeneration": 1,
                "reason": "DoesNotExist", "message": "Issuing certificate as Secret does not exist"})
        } else {
            json!({"type": "Ready", "status": "True", "lastTransitionTime": t, "observedGeneration": 1,
                "reason": "Ready", "message": "Certificate is up to date and has not expired"})
        };
        let mut status = json!({"conditions": [ready],
            "notBefore": meta::ts(created), "notAfter": meta::ts(created + Duration::days(90)),
            "renewalTime": meta::ts(created + Duration::days(60)), "revision": 1});
        if failing {
            if let Some(c) = status["conditions"].as_array_mut() {
                c.push(json!({"type": "Issuing", "status": "True", "lastTransitionTime": meta::ts(self.now - Duration::hours(3)), "observedGeneration": 1, "reason": "DoesNotExist", "message": "Issuing certificate as Secret does not exist"}));
            }
            status["failedIssuanceAttempts"] = json!(4);
        }
        self.create("certificates.cert-manager.io", json!({
            "apiVersion": "cert-manager.io/v1", "kind": "Certificate",
            "metadata": {"name": secret, "namespace": ns, "creationTimestamp": t, "generation": 1,
                "ownerReferences": []},
            "spec": {"secretName": secret, "dnsNames": [host], "issuerRef": {"group": "cert-manager.io", "kind": "ClusterIssuer", "name": "letsencrypt"},
                "privateKey": {"algorithm": "ECDSA", "size": 256, "rotationPolicy": "Always"}, "usages": ["digital signature", "key encipherment"]},
            "status": status}));
    }

    /// An Argo Rollouts canary of the namespace's first deployment's image.
    fn rollout(&mut self, ns: &str) {
        let t = meta::ts(self.ago(Duration::days(3), Duration::days(20)));
        self.create("rollouts.argoproj.io", json!({
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": {"name": "checkout-canary", "namespace": ns, "creationTimestamp": t, "generation": 4,
                "labels": {"app": "checkout-canary"}},
            "spec": {"replicas": 4, "revisionHistoryLimit": 3, "selector": {"matchLabels": {"app": "checkout-canary"}},
                "strategy": {"canary": {"steps": [{"setWeight": 20}, {"pause": {"duration": "10m"}}, {"setWeight": 50}, {"pause": {}}]}},
                "template": {"metadata": {"labels": {"app": "checkout-canary"}},
                    "spec": {"containers": [{"name": "checkout", "image": "ghcr.io/acme-corp/checkout:v2.4.1", "ports": [{"containerPort": 8080}]}]}}},
            "status": {"replicas": 4, "updatedReplicas": 1, "readyReplicas": 4, "availableReplicas": 4, "HPAReplicas": 4,
                "selector": "app=checkout-canary", "phase": "Paused", "message": "CanaryPauseStep", "currentStepIndex": 1,
                "stableRS": "6d8f9c7b5d", "currentPodHash": "7f9b8c6d4e", "observedGeneration": "4",
                "conditions": [{"type": "Paused", "status": "True", "reason": "RolloutPaused", "message": "Rollout is paused", "lastTransitionTime": t, "lastUpdateTime": t}]}}));
    }

    fn gateway(&mut self, ns: &str) {
        let t = meta::ts(self.ago(Duration::days(3), Duration::days(20)));
        self.create("gateways.gateway.networking.k8s.io", json!({
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
            "metadata": {"name": "public", "namespace": ns, "creationTimestamp": t, "generation": 1},
            "spec": {"gatewayClassName": "istio", "listeners": [{"name": "https", "port": 443, "protocol": "HTTPS", "hostname": "*.example.com",
                "tls": {"mode": "Terminate", "certificateRefs": [{"kind": "Secret", "name": format!("{ns}-tls")}]}}]},
            "status": {"addresses": [{"type": "IPAddress", "value": "203.0.113.10"}],
                "conditions": [{"type": "Accepted", "status": "True", "reason": "Accepted", "message": "Resource accepted", "lastTransitionTime": t, "observedGeneration": 1},
                    {"type": "Programmed", "status": "True", "reason": "Programmed", "message": "Resource programmed, assigned to service(s) public-istio.shop.svc.cluster.local:443", "lastTransitionTime": t, "observedGeneration": 1}]}}));
    }

    fn crds(&mut self, t: &str) {
        for crd in [certificates_crd(), rollouts_crd(), gateways_crd()] {
            let mut crd = crd;
            crd["metadata"]["creationTimestamp"] = json!(t);
            crd["status"] = json!({"conditions": [
                {"type": "NamesAccepted", "status": "True", "lastTransitionTime": t},
                {"type": "Established", "status": "True", "lastTransitionTime": t}]});
            self.create(crd::STORAGE, crd);
        }
    }
}

fn free() -> Value {
    json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true})
}

fn condition_status(t: &str) -> String {
    format!(".status.conditions[?(@.type==\"{t}\")].status")
}

/// cert-manager's `certificates.cert-manager.io` (its printer columns as
/// cert-manager ships them).
pub fn certificates_crd() -> Value {
    let spec = json!({"type": "object", "required": ["issuerRef", "secretName"], "properties": {
        "secretName": {"type": "string"}, "commonName": {"type": "string"},
        "dnsNames": {"type": "array", "items": {"type": "string"}},
        "duration": {"type": "string"}, "renewBefore": {"type": "string"},
        "issuerRef": {"type": "object", "required": ["name"], "properties": {"group": {"type": "string"}, "kind": {"type": "string"}, "name": {"type": "string"}}},
        "privateKey": {"type": "object", "properties": {"algorithm": {"type": "string", "enum": ["RSA", "ECDSA", "Ed25519"]}, "size": {"type": "integer"}, "rotationPolicy": {"type": "string", "enum": ["Never", "Always"]}, "encoding": {"type": "string"}}},
        "usages": {"type": "array", "items": {"type": "string"}},
        "secretTemplate": free()}});
    let schema = json!({"type": "object", "required": ["spec"], "properties": {
        "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
        "spec": spec, "status": free()}});
    json!({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "certificates.cert-manager.io",
            "labels": {"app": "cert-manager", "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/version": "v1.16.2"},
            "annotations": {"helm.sh/resource-policy": "keep"}},
        "spec": {"group": "cert-manager.io", "scope": "Namespaced",
            "names": {"kind": "Certificate", "listKind": "CertificateList", "plural": "certificates", "singular": "certificate", "shortNames": ["cert", "certs"], "categories": ["cert-manager"]},
            "versions": [{"name": "v1", "served": true, "storage": true,
                "subresources": {"status": {}},
                "additionalPrinterColumns": [
                    {"name": "Ready", "type": "string", "jsonPath": condition_status("Ready")},
                    {"name": "Secret", "type": "string", "jsonPath": ".spec.secretName"},
                    {"name": "Issuer", "type": "string", "jsonPath": ".spec.issuerRef.name", "priority": 1},
                    {"name": "Status", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].message", "priority": 1},
                    {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp", "description": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC."}],
                "schema": {"openAPIV3Schema": schema}}]}
    })
}

/// Argo Rollouts' `rollouts.argoproj.io`, with its scale subresource.
pub fn rollouts_crd() -> Value {
    json!({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "rollouts.argoproj.io",
            "labels": {"app.kubernetes.io/component": "rollouts-controller", "app.kubernetes.io/name": "argo-rollouts", "app.kubernetes.io/part-of": "argo-rollouts"}},
        "spec": {"group": "argoproj.io", "scope": "Namespaced",
            "names": {"kind": "Rollout", "listKind": "RolloutList", "plural": "rollouts", "singular": "rollout", "shortNames": ["ro"]},
            "versions": [{"name": "v1alpha1", "served": true, "storage": true,
                "subresources": {"status": {}, "scale": {"specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.HPAReplicas", "labelSelectorPath": ".status.selector"}},
                "additionalPrinterColumns": [
                    {"name": "Desired", "type": "integer", "jsonPath": ".spec.replicas", "description": "Number of desired pods"},
                    {"name": "Current", "type": "integer", "jsonPath": ".status.replicas", "description": "Total number of non-terminated pods targeted by this rollout"},
                    {"name": "Up-to-date", "type": "integer", "jsonPath": ".status.updatedReplicas", "description": "Total number of non-terminated pods targeted by this rollout that have the desired template spec"},
                    {"name": "Available", "type": "integer", "jsonPath": ".status.availableReplicas", "description": "Total number of available pods (ready for at least minReadySeconds) targeted by this rollout"},
                    {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp", "description": "Time since resource was created"}],
                "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                    "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
                    "spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {
                        "replicas": {"type": "integer"}, "revisionHistoryLimit": {"type": "integer"}, "paused": {"type": "boolean"},
                        "selector": free(), "strategy": free(), "template": free()}},
                    "status": free()}}}}]}
    })
}

/// Gateway API's `gateways.gateway.networking.k8s.io` (v1 stored, v1beta1
/// also served).
pub fn gateways_crd() -> Value {
    let version = |name: &str, storage: bool| {
        json!({"name": name, "served": true, "storage": storage,
        "subresources": {"status": {}},
        "additionalPrinterColumns": [
            {"name": "Class", "type": "string", "jsonPath": ".spec.gatewayClassName"},
            {"name": "Address", "type": "string", "jsonPath": ".status.addresses[*].value"},
            {"name": "Programmed", "type": "string", "jsonPath": condition_status("Programmed")},
            {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}],
        "schema": {"openAPIV3Schema": {"type": "object", "required": ["spec"], "properties": {
            "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
            "spec": {"type": "object", "required": ["gatewayClassName", "listeners"], "properties": {
                "gatewayClassName": {"type": "string"}, "listeners": {"type": "array", "items": free()}, "addresses": {"type": "array", "items": free()}}},
            "status": free()}}}})
    };
    json!({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "gateways.gateway.networking.k8s.io",
            "annotations": {"api-approved.kubernetes.io": "https://github.com/kubernetes-sigs/gateway-api/pull/2997", "gateway.networking.k8s.io/bundle-version": "v1.2.1", "gateway.networking.k8s.io/channel": "standard"}},
        "spec": {"group": "gateway.networking.k8s.io", "scope": "Namespaced",
            "names": {"kind": "Gateway", "listKind": "GatewayList", "plural": "gateways", "singular": "gateway", "shortNames": ["gtw"], "categories": ["gateway-api"]},
            "versions": [version("v1", true), version("v1beta1", false)]}
    })
}
