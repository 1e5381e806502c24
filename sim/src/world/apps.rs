//! The teams' workloads: deployments with their revision history,
//! statefulsets, jobs and cronjobs, and namespace quotas.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde_json::{Value, json};

use super::catalog::{self, App};
use super::{Gen, Incident};
use crate::controllers::deployments::REVISION;
use crate::controllers::pods::BEHAVIOR;
use crate::controllers::replicasets::pod_from_template;
use crate::store::Obj;
use crate::{defaults, meta, quantity};

/// How a generated deployment is labelled and versioned.
pub(super) struct Shape<'a> {
    /// The label its selector matches on (`app`, or `k8s-app` for system apps).
    pub label: &'a str,
    /// A pinned image tag, or empty for the repository's recent versions.
    pub version: &'a str,
    /// How many revisions (of the recent versions); None = a random number.
    pub revisions: Option<usize>,
}

/// One deployment being generated: what its revisions share.
struct Rollout<'a> {
    ns: &'a str,
    app: &'a App,
    /// The label its selector matches on (`app`, or `k8s-app` for system apps).
    label: &'a str,
    /// A pinned image tag, or empty for the repository's recent versions.
    version: &'a str,
    repo: String,
    versions: &'static [&'static str],
    /// Revisions that rolled out fine.
    revisions: usize,
    labels: Value,
    replicas: usize,
    created: DateTime<Utc>,
    /// The last revision's image cannot be pulled.
    bad_rollout: bool,
    total_revs: usize,
    current_image: String,
    rollout_at: DateTime<Utc>,
}

impl Rollout<'_> {
    /// The image of revision `rev` (1-based).
    fn image_of(&self, rev: usize) -> String {
        let (repo, versions) = (&self.repo, self.versions);
        if !self.version.is_empty() {
            return format!("{repo}:{}", self.version);
        }
        let v = versions[(versions.len() - self.revisions + rev - 1).min(versions.len() - 1)];
        format!("{repo}:{v}")
    }

    /// The pod template of a revision running `image`.
    fn template(
        &self,
        g: &Gen,
        image: &str,
        behavior: Option<&str>,
        cpu_override: Option<&str>,
    ) -> Value {
        let (ns, app, label) = (self.ns, self.app, self.label);
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
        let mut meta_t = json!({"labels": self.labels.clone(), "annotations": {}});
        if let Some(b) = behavior {
            meta_t["annotations"][BEHAVIOR] = json!(b);
        }
        // Some images are distroless: no shell to exec into.
        if matches!(app.name, "webhook" | "gateway" | "metrics-server") {
            meta_t["annotations"][crate::server::exec::DISTROLESS] = json!("true");
        }
        json!({"metadata": meta_t, "spec": spec})
    }
}

/// The pod behaviour that makes an incident happen.
fn incident_behavior(incident: Option<Incident>, app: &App) -> Option<&'static str> {
    match incident {
        Some(Incident::CrashLoop) => Some("crashloop"),
        Some(Incident::Oom) => Some("oom"),
        Some(Incident::Unready) => Some("unready"),
        Some(Incident::InitCrashLoop) if app.init => Some("init-crashloop"),
        Some(Incident::InitCrashLoop) => Some("crashloop"),
        Some(Incident::CpuHungry) => Some(crate::metrics::CPU_HUNGRY),
        Some(Incident::MemoryLeak) => Some(crate::metrics::MEMORY_LEAK),
        _ => None,
    }
}

impl Gen<'_> {
    pub(super) fn container(&self, ns: &str, app: &App, image: &str) -> Value {
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

    pub(super) fn deployment(
        &mut self,
        ns: &str,
        app: &App,
        replicas: usize,
        incident: Option<Incident>,
    ) {
        self.deployment_with(ns, app, replicas, incident, "app", "");
    }

    /// A deployment with its revision history, ReplicaSets and pods;
    /// returns how many pods it made.
    pub(super) fn deployment_with(
        &mut self,
        ns: &str,
        app: &App,
        replicas: usize,
        incident: Option<Incident>,
        label: &str,
        version: &str,
    ) -> usize {
        let shape = Shape {
            label,
            version,
            revisions: None,
        };
        self.deployment_shaped(ns, app, replicas, incident, &shape)
    }

    /// [`Gen::deployment_with`] in the given [`Shape`].
    pub(super) fn deployment_shaped(
        &mut self,
        ns: &str,
        app: &App,
        replicas: usize,
        incident: Option<Incident>,
        shape: &Shape,
    ) -> usize {
        let (label, version) = (shape.label, shape.version);
        let repo = app.repo.replace("{ns}", ns);
        let versions = catalog::versions(&repo);
        let revisions = match shape.revisions {
            Some(n) => n.clamp(1, versions.len()),
            None if version.is_empty() => self.rng.random_range(1..=versions.len().min(4)),
            None => 1,
        };
        let created = self
            .ago(Duration::days(3), Duration::days(35))
            .max(self.born);
        let mut labels = json!({label: app.name});
        if label == "app" {
            labels["app.kubernetes.io/name"] = json!(app.name);
            labels["app.kubernetes.io/part-of"] = json!(ns);
            labels["team"] = json!(ns);
        }
        let bad_rollout = incident == Some(Incident::BadRollout);
        let mut ro = Rollout {
            ns,
            app,
            label,
            version,
            repo,
            versions,
            revisions,
            labels,
            replicas,
            created,
            bad_rollout,
            total_revs: revisions + usize::from(bad_rollout),
            current_image: String::new(),
            rollout_at: created,
        };
        ro.current_image = if bad_rollout {
            format!("registry.invalid/acme-corp/{}:v2.0.0", app.name)
        } else {
            ro.image_of(revisions)
        };
        let cpu_override = (incident == Some(Incident::Unschedulable)).then_some("64");
        let template = ro.template(
            self,
            &ro.current_image,
            incident_behavior(incident, app),
            cpu_override,
        );
        let mut d = json!({
            "metadata": {"name": app.name, "namespace": ns, "labels": ro.labels.clone(), "creationTimestamp": meta::ts(created),
                "annotations": {REVISION: ro.total_revs.to_string()}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {label: app.name}},
                "template": template},
        });
        let cause = catalog::CHANGE_CAUSES[ro.total_revs % catalog::CHANGE_CAUSES.len()];
        d["metadata"]["annotations"]["kubernetes.io/change-cause"] = json!(cause);
        defaults::apply("deployments", &mut d);
        ro.rollout_at = if bad_rollout {
            self.now - Duration::minutes(25)
        } else {
            self.ago(
                Duration::hours(1),
                (self.now - created).max(Duration::hours(2)),
            )
        };
        let rollout_at = ro.rollout_at;
        d["status"] = json!({"conditions": [
            {"type": "Available", "status": "True", "lastUpdateTime": meta::ts(rollout_at), "lastTransitionTime": meta::ts(created), "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability."},
            {"type": "Progressing", "status": "True", "lastUpdateTime": meta::ts(rollout_at), "lastTransitionTime": meta::ts(created), "reason": if bad_rollout { "ReplicaSetUpdated" } else { "NewReplicaSetAvailable" }, "message": "ReplicaSet is progressing."},
        ]});
        let Some(d) = self.create("deployments", d) else {
            return 0;
        };
        if label == "app" {
            self.app_config(&ro);
        }
        (1..=ro.total_revs)
            .map(|rev| self.revision(&ro, &d, rev))
            .sum()
    }

    /// An app's ConfigMap, Secret and Service.
    fn app_config(&mut self, ro: &Rollout) {
        let (ns, app, created) = (ro.ns, ro.app, ro.created);
        self.create("configmaps", json!({"metadata": {"name": format!("{}-config", app.name), "namespace": ns, "labels": ro.labels.clone(), "creationTimestamp": meta::ts(created)},
            "data": {"config.yaml": format!("listen: :{}\nlog_level: info\nmetrics: true\n", app.port), "FEATURE_FLAGS": "new-checkout=false,fast-search=true"}}));
        self.create("secrets", json!({"metadata": {"name": format!("{}-credentials", app.name), "namespace": ns, "creationTimestamp": meta::ts(created)},
            "type": "Opaque", "data": {"database-url": "cG9zdGdyZXM6Ly9hcHA6czNjcjN0QHBvc3RncmVzOjU0MzIvYXBw", "api-key": "a2RlY2stc2ltLWZha2Uta2V5"}}));
        self.service(
            ns,
            app.name,
            ro.labels.clone(),
            Some(json!({ro.label: app.name})),
            app.port,
            None,
        );
    }

    /// ReplicaSet `rev` of a deployment (one per revision; the last carries
    /// the pods) and its pods; returns how many pods it made.
    fn revision(&mut self, ro: &Rollout, d: &Obj, rev: usize) -> usize {
        let (ns, app, label, replicas) = (ro.ns, ro.app, ro.label, ro.replicas);
        let span =
            (ro.rollout_at - ro.created).max(Duration::minutes(1)) / (ro.total_revs as i32).max(1);
        let is_current = rev == ro.total_revs;
        let image = if is_current {
            ro.current_image.clone()
        } else {
            ro.image_of(rev)
        };
        let mut template = if is_current {
            d["spec"]["template"].clone()
        } else {
            ro.template(self, &image, None, None)
        };
        let mut probe = json!({"spec": {"template": template.clone()}});
        defaults::apply("deployments", &mut probe);
        template = probe["spec"]["template"].take();
        let hash = meta::template_hash(&template);
        template["metadata"]["labels"]["pod-template-hash"] = json!(hash);
        let rs_created = if is_current {
            ro.rollout_at
        } else {
            ro.created + span * (rev as i32 - 1)
        };
        let prev_running = ro.bad_rollout && rev + 1 == ro.total_revs;
        let rs_replicas = if is_current && ro.bad_rollout {
            (replicas as f64 * 0.25).ceil() as usize
        } else if is_current {
            replicas
        } else if prev_running {
            replicas - (replicas as f64 * 0.25).floor() as usize
        } else {
            0
        };
        let mut rs_labels = ro.labels.clone();
        rs_labels["pod-template-hash"] = json!(hash);
        let mut selector = json!({"matchLabels": {label: app.name}});
        selector["matchLabels"]["pod-template-hash"] = json!(hash);
        let rs = json!({
            "metadata": {"name": format!("{}-{hash}", app.name), "namespace": ns, "labels": rs_labels, "creationTimestamp": meta::ts(rs_created),
                "annotations": {REVISION: rev.to_string(), "deployment.kubernetes.io/desired-replicas": replicas.to_string(),
                    "deployment.kubernetes.io/max-replicas": (replicas + (replicas as f64 * 0.25).ceil() as usize).to_string(),
                    "kubernetes.io/change-cause": catalog::CHANGE_CAUSES[rev % catalog::CHANGE_CAUSES.len()]},
                "ownerReferences": [meta::owner_ref(d)]},
            "spec": {"replicas": rs_replicas, "selector": selector, "template": template},
            "status": {"replicas": 0},
        });
        let Some(rs) = self.create("replicasets", rs) else {
            return 0;
        };
        let mut made = 0;
        for _ in 0..rs_replicas {
            let pod = pod_from_template(&rs, None, &[], None, None);
            let young = self.rng.random_bool(0.08);
            let pod_created = if young || is_current && ro.bad_rollout {
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
        made
    }

    pub(super) fn statefulset(&mut self, ns: &str, app: &App, replicas: usize) {
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
        // The secret its container's DATABASE_URL reads (a real cluster's
        // pods would not start without it: CreateContainerConfigError).
        if sts["spec"]["template"]["spec"]["containers"][0]["env"]
            .as_array()
            .is_some_and(|e| e.iter().any(|v| v["valueFrom"]["secretKeyRef"].is_object()))
        {
            self.create("secrets", json!({"metadata": {"name": format!("{}-credentials", app.name), "namespace": ns, "creationTimestamp": meta::ts(created)},
                "type": "Opaque", "data": {"database-url": "cG9zdGdyZXM6Ly9hcHA6czNjcjN0QHBvc3RncmVzOjU0MzIvYXBw"}}));
        }
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

    /// Two CronJobs and the last Job each spawned (owned by it, named
    /// after its scheduled minute as the CronJob controller names them),
    /// with the Job's pod: one succeeded, one failed.
    pub(super) fn jobs(&mut self, ns: &str) {
        for (name, behavior, ago_h, schedule) in [
            ("nightly-report", "complete", 7, "30 2 * * *"),
            ("backfill-orders", "fail", 2, "0 */6 * * *"),
        ] {
            let created =
                self.now - Duration::hours(ago_h) - Duration::minutes(self.rng.random_range(0..50));
            let job_name = format!("{name}-{}", (created.timestamp() / 60) % 100_000_000);
            let image = format!("ghcr.io/acme-corp/{ns}-jobs:v3.2.0");
            let container = json!({"name": name, "image": image, "args": [name],
                "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}});
            let cj_created = self
                .ago(Duration::days(8), Duration::days(60))
                .max(self.born);
            let mut cj_status = json!({"lastScheduleTime": meta::ts(created)});
            if behavior == "complete" {
                cj_status["lastSuccessfulTime"] = json!(meta::ts(created + Duration::seconds(90)));
            }
            let mut cj = json!({
                "metadata": {"name": name, "namespace": ns, "labels": {"app.kubernetes.io/part-of": ns}, "creationTimestamp": meta::ts(cj_created)},
                "spec": {"schedule": schedule, "concurrencyPolicy": "Forbid", "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1, "suspend": false,
                    "jobTemplate": {"spec": {"backoffLimit": 0, "template": {"metadata": {"annotations": {BEHAVIOR: behavior}},
                        "spec": {"restartPolicy": "Never", "containers": [container.clone()]}}}}},
                "status": cj_status,
            });
            defaults::apply("cronjobs", &mut cj);
            let owner = self.create("cronjobs", cj);
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
                "metadata": {"name": job_name, "namespace": ns, "uid": uid, "labels": labels.clone(), "creationTimestamp": meta::ts(created),
                    "annotations": {"batch.kubernetes.io/cronjob-scheduled-timestamp": meta::ts(created)}},
                "spec": {"backoffLimit": 0, "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}},
                    "template": {"metadata": {"labels": labels.clone(), "annotations": {BEHAVIOR: behavior}},
                        "spec": {"restartPolicy": "Never", "containers": [container]}}},
                "status": status,
            });
            if let Some(cj) = &owner {
                job["metadata"]["ownerReferences"] = json!([meta::owner_ref(cj)]);
            }
            defaults::apply("jobs", &mut job);
            let Some(job) = self.create("jobs", job) else {
                continue;
            };
            let pod = pod_from_template(&job, None, &[], None, None);
            self.grow(pod, created);
        }
    }

    /// The namespace's quota and limit range; a `tight` quota is under
    /// pressure: its `requests.memory` is 90–92 % used (the story of
    /// docs/metrics.md), its other limits about 96 %, rounded up.
    pub(super) fn quota(&mut self, ns: &str, tight: bool) {
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
        let requests_memory = if tight {
            pressed(&used["requests.memory"])
        } else {
            grow(&used["requests.memory"], false)
        };
        let hard = json!({
            "requests.cpu": grow(&used["requests.cpu"], true),
            "requests.memory": requests_memory,
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

/// A memory limit that `used` (a quantity) fills to 90–92 %: used / 0.92
/// rounded up to the coarsest of 1Gi, 512Mi, 256Mi, 128Mi, 64Mi and 1Mi
/// that keeps it at 90 % or more, as a person would round a quota.
fn pressed(used: &Value) -> String {
    let used = used
        .as_str()
        .and_then(quantity::bytes)
        .unwrap_or(0)
        .max(1 << 20);
    let at_least = (used as f64 / 0.92).ceil() as i64;
    let hard = [1024, 512, 256, 128, 64, 1]
        .into_iter()
        .map(|mi| {
            let step = mi << 20;
            (at_least + step - 1) / step * step
        })
        .find(|&hard| used * 100 >= hard * 90)
        .unwrap_or(at_least);
    quantity::format_bytes(hard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pressed_quota_is_90_to_95_percent_used() {
        for used_mi in [1, 100, 700, 1000, 2345, 6000, 10_000, 20_001] {
            let used = (used_mi as i64) << 20;
            let hard = quantity::bytes(&pressed(&json!(quantity::format_bytes(used)))).unwrap();
            let pct = used as f64 * 100.0 / hard as f64;
            assert!((90.0..=92.0).contains(&pct), "{used_mi}Mi of {hard}: {pct}");
        }
        assert_eq!(pressed(&json!("7500Mi")), "8Gi");
    }
}
