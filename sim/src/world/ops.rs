//! What operations meet in a generated cluster: a paused deployment,
//! workloads a GitOps controller owns (Argo CD, Flux kustomize-controller
//! and helm-controller, as their `managedFields` and labels say),
//! disruption budgets (one that allows no disruption at all),
//! autoscalers, and the StatefulSets' and DaemonSets' revision histories.
//! docs/sim.md lists the fixed names.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::Gen;
use super::apps::Shape;
use super::catalog::App;
use crate::controllers::revisions::{self, Owner};
use crate::controllers::{hpa, pdb};
use crate::meta;
use crate::store::{Obj, WriteOpts};

/// Who created (and keeps applying) an object.
#[derive(Debug, Clone, Copy)]
enum Manager {
    /// Argo CD with server-side apply.
    ArgoCd,
    /// Argo CD's application controller, client-side.
    ArgoCdLegacy,
    /// Flux's kustomize-controller (server-side apply).
    FluxKustomize,
    /// Flux's helm-controller installing a Helm release.
    FluxHelm,
    /// A person with kubectl.
    Kubectl,
}

impl Manager {
    fn name(self) -> &'static str {
        match self {
            Manager::ArgoCd => "argocd-controller",
            Manager::ArgoCdLegacy => "argocd-application-controller",
            Manager::FluxKustomize => "kustomize-controller",
            Manager::FluxHelm => "helm-controller",
            Manager::Kubectl => "kubectl-create",
        }
    }

    fn operation(self) -> &'static str {
        match self {
            Manager::ArgoCd | Manager::FluxKustomize => "Apply",
            _ => "Update",
        }
    }

    /// The labels and annotations the tool puts on what it manages.
    fn marks(self, ns: &str, app: &str, kind: &str, group: &str, name: &str) -> (Value, Value) {
        match self {
            Manager::ArgoCd | Manager::ArgoCdLegacy => (
                json!({"app.kubernetes.io/instance": format!("{ns}-{app}")}),
                json!({"argocd.argoproj.io/tracking-id": format!("{ns}-{app}:{group}/{kind}:{ns}/{name}")}),
            ),
            Manager::FluxKustomize => (
                json!({"kustomize.toolkit.fluxcd.io/name": format!("{ns}-{app}"), "kustomize.toolkit.fluxcd.io/namespace": "flux-system"}),
                json!({}),
            ),
            Manager::FluxHelm => (
                json!({"app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": format!("{app}-2.3.1"),
                    "helm.toolkit.fluxcd.io/name": app, "helm.toolkit.fluxcd.io/namespace": "flux-system"}),
                json!({"meta.helm.sh/release-name": app, "meta.helm.sh/release-namespace": ns}),
            ),
            Manager::Kubectl => (json!({}), json!({})),
        }
    }
}

const fn app(
    name: &'static str,
    repo: &'static str,
    cpu: &'static str,
    memory: &'static str,
) -> App {
    App {
        name,
        repo,
        port: 8080,
        cpu,
        memory,
        cpu_limit: "500m",
        memory_limit: "512Mi",
        sidecar: false,
        init: false,
    }
}

/// The fixed workloads of the first team namespace (`shop`).
const STOREFRONT: App = app("storefront", "nginx", "100m", "128Mi");
const CART: App = app("cart", "ghcr.io/acme-corp/{ns}-cart", "200m", "256Mi");
const INVENTORY_SYNC: App = app(
    "inventory-sync",
    "ghcr.io/acme-corp/{ns}-inventory-sync",
    "100m",
    "128Mi",
);
const RECOMMENDATIONS: App = app(
    "recommendations",
    "ghcr.io/acme-corp/{ns}-recommendations",
    "250m",
    "512Mi",
);

/// The previous patch release of an image (`v1.36.2` -> `v1.36.1`); None
/// for a `.0` or an untagged image.
fn previous_image(image: &str) -> Option<String> {
    let (repo, tag) = image.rsplit_once(':')?;
    let (head, last) = tag.rsplit_once('.')?;
    let n: u32 = last.parse().ok()?;
    (n > 0).then(|| format!("{repo}:{head}.{}", n - 1))
}

fn created_at(obj: &Value) -> Option<DateTime<Utc>> {
    obj["metadata"]["creationTimestamp"]
        .as_str()
        .and_then(meta::parse_ts)
}

impl Gen<'_> {
    /// Everything of this module, for the team `namespaces` (first is
    /// `shop`); then the budgets' and autoscalers' status as their
    /// controllers would have written it.
    pub(super) fn operations(&mut self, namespaces: &[String], metrics: bool) {
        if let Some(shop) = namespaces.first() {
            self.shop_scenarios(shop);
        }
        for (i, ns) in namespaces.iter().enumerate() {
            self.team_policies(ns, i == 0);
        }
        self.set_histories();
        let o = super::opts(self.now);
        pdb::reconcile(self.s, None, &o);
        hpa::reconcile(self.s, &mut self.ctl.recorder, None, metrics, &o);
    }

    /// Create `obj` as `manager` would have (at its creation time).
    fn create_by(&mut self, storage: &'static str, obj: Value, manager: Manager) -> Option<Obj> {
        let now = created_at(&obj).unwrap_or(self.now);
        let o = WriteOpts {
            manager: manager.name(),
            now,
            dry_run: false,
        };
        self.s
            .create_as(storage, obj, &o, manager.operation())
            .map_err(|e| tracing::warn!(cluster = %self.cluster, "generating {storage}: {e}"))
            .ok()
    }

    /// Make `manager` the owner of an existing object: its marks added, its
    /// managedFields naming it alone (the controllers add their status
    /// entries as they write).
    fn hand_over(
        &mut self,
        storage: &'static str,
        ns: &str,
        name: &str,
        app: &str,
        manager: Manager,
    ) {
        let Some(cur) = self.s.get(storage, ns, name) else {
            return;
        };
        let mut v = (*cur).clone();
        let (group, kind) = match storage {
            "deployments" => ("apps", "Deployment"),
            "services" => ("", "Service"),
            "configmaps" => ("", "ConfigMap"),
            _ => ("", ""),
        };
        let (labels, annotations) = manager.marks(ns, app, kind, group, name);
        for (key, marks) in [("labels", labels), ("annotations", annotations)] {
            for (k, val) in marks.as_object().into_iter().flatten() {
                v["metadata"][key][k] = val.clone();
            }
        }
        v["metadata"]["managedFields"] = json!([]);
        let o = WriteOpts {
            manager: manager.name(),
            now: created_at(&cur).unwrap_or(self.now),
            dry_run: false,
        };
        let _ = self.s.update_as(storage, v, None, &o, manager.operation());
    }

    /// Make `manager` the owner of app's deployment, service and config map.
    fn hand_over_app(&mut self, ns: &str, app: &App, manager: Manager) {
        let config = format!("{}-config", app.name);
        for (storage, name) in [
            ("deployments", app.name),
            ("services", app.name),
            ("configmaps", config.as_str()),
        ] {
            self.hand_over(storage, ns, name, app.name, manager);
        }
    }

    /// The fixed scenarios of `shop`: the paused `storefront`, Argo CD's
    /// `cart`, Flux's `inventory-sync` and Helm's `recommendations`.
    fn shop_scenarios(&mut self, ns: &str) {
        let shape = |revisions| Shape {
            label: "app",
            version: "",
            revisions: Some(revisions),
        };
        self.deployment_shaped(ns, &STOREFRONT, 2, None, &shape(3));
        if let Some(d) = self.s.get("deployments", ns, STOREFRONT.name) {
            let mut v = (*d).clone();
            v["spec"]["paused"] = json!(true);
            let o = WriteOpts {
                manager: "kubectl-rollout",
                now: self.now - Duration::hours(26),
                dry_run: false,
            };
            let _ = self.s.update("deployments", v, None, &o);
        }
        self.budget(
            ns,
            STOREFRONT.name,
            json!({"minAvailable": 1}),
            Manager::Kubectl,
        );

        self.deployment_shaped(ns, &CART, 3, None, &shape(2));
        self.hand_over_app(ns, &CART, Manager::ArgoCd);
        self.autoscaler(
            ns,
            CART.name,
            (2, 8),
            &[("cpu", 70)],
            Manager::ArgoCdLegacy,
            false,
        );
        self.budget(
            ns,
            CART.name,
            json!({"maxUnavailable": 1}),
            Manager::ArgoCdLegacy,
        );

        self.deployment_shaped(ns, &INVENTORY_SYNC, 1, None, &shape(2));
        self.hand_over_app(ns, &INVENTORY_SYNC, Manager::FluxKustomize);

        self.deployment_shaped(ns, &RECOMMENDATIONS, 2, None, &shape(4));
        self.hand_over_app(ns, &RECOMMENDATIONS, Manager::FluxHelm);
        self.autoscaler(
            ns,
            RECOMMENDATIONS.name,
            (2, 6),
            &[("cpu", 80), ("memory", 75)],
            Manager::FluxHelm,
            false,
        );
    }

    /// A PodDisruptionBudget `name` over the pods labelled `app=name`.
    fn budget(&mut self, ns: &str, name: &str, limits: Value, manager: Manager) {
        let created = self.ago(Duration::days(1), Duration::days(20));
        let mut spec = json!({"selector": {"matchLabels": {"app": name}}});
        for (k, v) in limits.as_object().into_iter().flatten() {
            spec[k] = v.clone();
        }
        let (labels, annotations) = manager.marks(ns, name, "PodDisruptionBudget", "policy", name);
        let obj = json!({"metadata": {"name": name, "namespace": ns, "creationTimestamp": meta::ts(created),
            "labels": labels, "annotations": annotations}, "spec": spec, "status": {}});
        self.create_by("poddisruptionbudgets", obj, manager);
    }

    /// The highest utilization of `resource` (percent of requests) the
    /// running pods of deployment `name` reach: their usage moves in waves
    /// that repeat within ten minutes.
    fn peak_utilization(&self, ns: &str, name: &str, resource: &str) -> Option<i64> {
        let pods: Vec<Obj> = self
            .s
            .list("pods", Some(ns))
            .filter(|p| p["metadata"]["labels"]["app"] == name)
            .cloned()
            .collect();
        (0..60)
            .filter_map(|i| hpa::utilization(&pods, resource, self.now + Duration::seconds(i * 10)))
            .max()
    }

    /// A HorizontalPodAutoscaler `name` for deployment `name`, scaling
    /// within `range` on the utilization of the given resources, each
    /// target at least `floor` percent and above the workload's peak (so
    /// that the sim's autoscalers, which do not scale on metrics, look
    /// settled). With `cap`, none is made when a target would pass 150%.
    fn autoscaler(
        &mut self,
        ns: &str,
        name: &str,
        range: (i64, i64),
        targets: &[(&str, i64)],
        manager: Manager,
        cap: bool,
    ) {
        let mut metrics = Vec::new();
        for (res, floor) in targets {
            let peak = self.peak_utilization(ns, name, res).unwrap_or(0);
            let pct = ((peak + 9) / 5 * 5).max(*floor);
            if cap && pct > 150 {
                return;
            }
            metrics.push(json!({"type": "Resource", "resource": {"name": res, "target": {"type": "Utilization", "averageUtilization": pct}}}));
        }
        let created = self.ago(Duration::days(1), Duration::days(20));
        let (labels, annotations) =
            manager.marks(ns, name, "HorizontalPodAutoscaler", "autoscaling", name);
        let obj = json!({"metadata": {"name": name, "namespace": ns, "creationTimestamp": meta::ts(created),
                "labels": labels, "annotations": annotations},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                "minReplicas": range.0, "maxReplicas": range.1, "metrics": metrics},
            "status": {"currentReplicas": 0, "desiredReplicas": 0}});
        self.create_by("horizontalpodautoscalers", obj, manager);
    }

    /// Budgets on the namespace's StatefulSet (the first namespace's one
    /// allows no disruption: `maxUnavailable: 0`) and on its largest team
    /// deployment, and an autoscaler on its `api` and `frontend`.
    fn team_policies(&mut self, ns: &str, first: bool) {
        let sets: Vec<Obj> = self.s.list("statefulsets", Some(ns)).cloned().collect();
        for sts in sets {
            let replicas = sts["spec"]["replicas"].as_i64().unwrap_or(1);
            let limits = if first {
                json!({"maxUnavailable": 0})
            } else if replicas <= 1 {
                json!({"maxUnavailable": 1})
            } else {
                json!({"minAvailable": replicas - 1})
            };
            self.budget(ns, meta::name(&sts), limits, Manager::Kubectl);
        }
        let fixed = [
            STOREFRONT.name,
            CART.name,
            INVENTORY_SYNC.name,
            RECOMMENDATIONS.name,
        ];
        let team: Vec<(String, i64)> = self
            .s
            .list("deployments", Some(ns))
            .filter(|d| d["spec"]["selector"]["matchLabels"]["app"].is_string())
            .filter(|d| !fixed.contains(&meta::name(d)))
            .map(|d| {
                (
                    meta::name(d).to_string(),
                    d["spec"]["replicas"].as_i64().unwrap_or(1),
                )
            })
            .collect();
        if let Some((name, _)) = team
            .iter()
            .filter(|(_, r)| *r >= 2)
            .max_by_key(|(n, r)| (*r, std::cmp::Reverse(n.clone())))
        {
            self.budget(
                ns,
                &name.clone(),
                json!({"minAvailable": "50%"}),
                Manager::Kubectl,
            );
        }
        for (name, replicas) in team
            .iter()
            .filter(|(n, _)| n == "api" || n == "frontend")
            .cloned()
            .collect::<Vec<_>>()
        {
            let range = (replicas.min(2), (replicas * 3).max(4));
            self.autoscaler(ns, &name, range, &[("cpu", 75)], Manager::Kubectl, true);
        }
    }

    /// Every StatefulSet and DaemonSet gets its revisions: the current one,
    /// and before it the previous patch release of its image when there is
    /// one (so `kubectl rollout history` has two entries).
    fn set_histories(&mut self) {
        for (storage, owner) in [
            ("statefulsets", Owner::StatefulSet),
            ("daemonsets", Owner::DaemonSet),
        ] {
            let sets: Vec<Obj> = self.s.list(storage, None).cloned().collect();
            for set in sets {
                let created = created_at(&set).unwrap_or(self.now);
                let older = set["spec"]["template"]["spec"]["containers"][0]["image"]
                    .as_str()
                    .and_then(previous_image);
                let mut next = 1;
                if let Some(image) = older {
                    let mut old = (*set).clone();
                    old["spec"]["template"]["spec"]["containers"][0]["image"] = json!(image);
                    self.set_revision(&old, owner, 1, created);
                    next = 2;
                }
                let at = if next == 1 {
                    created
                } else {
                    (self.now - Duration::days(9) - Duration::hours(1)).max(created)
                };
                self.set_revision(&set, owner, next, at);
            }
        }
    }

    fn set_revision(&mut self, set: &Value, owner: Owner, number: i64, at: DateTime<Utc>) {
        let hash = meta::template_hash(&set["spec"]["template"]);
        let name = format!("{}-{hash}", meta::name(set));
        let mut cr = revisions::new_revision(set, owner, &name, &hash, number);
        cr["metadata"]["creationTimestamp"] = json!(meta::ts(at));
        self.create("controllerrevisions", cr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_clusters_carry_the_operations_scenarios() {
        let (c, mut ctl) = crate::world::tests::world(150, 0);
        let mut s = c.store.lock();
        let d = s.get("deployments", "shop", "storefront").unwrap();
        assert_eq!(d["spec"]["paused"], true);
        let revs = s
            .list("replicasets", Some("shop"))
            .filter(|r| meta::name(r).starts_with("storefront-"))
            .count();
        assert_eq!(revs, 3);
        let managers = |storage: &str, name: &str| -> Vec<String> {
            s.get(storage, "shop", name).unwrap()["metadata"]["managedFields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["manager"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(managers("deployments", "cart"), ["argocd-controller"]);
        assert_eq!(
            managers("deployments", "inventory-sync"),
            ["kustomize-controller"]
        );
        assert_eq!(
            managers("deployments", "recommendations"),
            ["helm-controller"]
        );
        assert_eq!(
            managers("horizontalpodautoscalers", "cart"),
            ["argocd-application-controller", "kube-controller-manager"]
        );
        let zero = s.get("poddisruptionbudgets", "shop", "postgres").unwrap();
        assert_eq!(zero["status"]["disruptionsAllowed"], 0, "{zero}");
        assert_eq!(zero["status"]["expectedPods"], 3, "{zero}");
        let cart = s.get("poddisruptionbudgets", "shop", "cart").unwrap();
        assert_eq!(cart["status"]["disruptionsAllowed"], 1, "{cart}");
        let hpa = s.get("horizontalpodautoscalers", "shop", "cart").unwrap();
        assert_eq!(hpa["status"]["currentReplicas"], 3, "{hpa}");
        assert!(
            hpa["status"]["currentMetrics"][0]["resource"]["current"]["averageUtilization"]
                .is_number(),
            "{hpa}"
        );
        // The StatefulSets' histories are what their controller keeps: a
        // reconcile changes nothing, and pods run the newest revision.
        let crs = s.count("controllerrevisions");
        assert!(crs >= 2 * s.count("statefulsets"), "{crs}");
        ctl.tick(&mut s, Utc::now(), 0, true);
        assert_eq!(s.count("controllerrevisions"), crs);
        let sts = s.get("statefulsets", "shop", "postgres").unwrap();
        assert_eq!(
            sts["status"]["currentRevision"],
            sts["status"]["updateRevision"]
        );
        let rev = s
            .get(
                "controllerrevisions",
                "shop",
                sts["status"]["updateRevision"].as_str().unwrap(),
            )
            .unwrap();
        assert_eq!(rev["revision"], 2);
        assert_eq!(
            s.get("deployments", "shop", "cart").unwrap()["spec"]["replicas"],
            3,
            "the autoscaler leaves a deployment within its range alone"
        );
    }

    #[test]
    fn previous_patch_releases() {
        assert_eq!(
            previous_image("registry.k8s.io/kube-proxy:v1.36.2").as_deref(),
            Some("registry.k8s.io/kube-proxy:v1.36.1")
        );
        assert_eq!(
            previous_image("postgres:16.4").as_deref(),
            Some("postgres:16.3")
        );
        assert_eq!(previous_image("bitnami/kafka:3.8.0"), None);
        assert_eq!(previous_image("nginx"), None);
    }
}
