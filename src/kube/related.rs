//! Following a reference from one object to others (for drill-downs):
//! an ingress's backend services, an Endpoints' (or EndpointSlice's) pods,
//! a PVC's volume and a volume's claim, an HPA's scale target. One GET of
//! the object; what it names is read from it and the object dropped.
//!
//! What the object says is untrusted: missing or odd fields give fewer
//! names, never an error, and the names kept are bounded.

use kube::Client;
use serde_json::Value;

use super::describe;
use super::kind::Kind;

/// The most names one reference is followed to.
pub const MAX_NAMES: usize = 1000;

/// Which reference to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// An ingress's backend services (rules' paths and the default backend).
    IngressServices,
    /// The pods an Endpoints or EndpointSlice points at (`targetRef`).
    TargetPods,
    /// A PersistentVolumeClaim's volume (`spec.volumeName`).
    ClaimVolume,
    /// A PersistentVolume's claim (`spec.claimRef`).
    VolumeClaim,
    /// A HorizontalPodAutoscaler's target (`spec.scaleTargetRef`).
    ScaleTarget,
}

/// Where a reference leads: objects of one resource, by name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Found {
    /// The API group (empty for the core group).
    pub group: String,
    /// The resource's plural (`services`), or, when only the kind is
    /// known (`Deployment`, from a scale target), the kind.
    pub resource: String,
    /// `resource` is a kind, not a plural.
    pub by_kind: bool,
    /// Their namespace (empty for cluster-scoped objects).
    pub namespace: String,
    /// Sorted, without duplicates, at most [`MAX_NAMES`].
    pub names: Vec<String>,
}

fn text(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| !s.is_empty())
}

fn items(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or_default()
}

/// The group of an `apiVersion` (`apps/v1` → `apps`, `v1` → ``).
fn group_of(api_version: &str) -> &str {
    api_version.split_once('/').map_or("", |(g, _)| g)
}

/// What `obj` (of the kind the relation starts from) refers to.
pub fn found<'a>(relation: Relation, obj: &'a Value) -> Found {
    let ns = text(&obj["metadata"]["namespace"]).unwrap_or_default();
    let spec = &obj["spec"];
    let core = |resource: &str, namespace: &str, names: Vec<&str>| Found {
        group: String::new(),
        resource: resource.into(),
        by_kind: false,
        namespace: namespace.into(),
        names: tidy(names),
    };
    match relation {
        Relation::IngressServices => {
            let mut names: Vec<&'a str> = Vec::new();
            let mut backend = |b: &'a Value| {
                // networking.k8s.io/v1, and the older serviceName field.
                if let Some(n) = text(&b["service"]["name"]).or_else(|| text(&b["serviceName"])) {
                    names.push(n);
                }
            };
            backend(&spec["defaultBackend"]);
            backend(&spec["backend"]);
            for rule in items(&spec["rules"]) {
                for path in items(&rule["http"]["paths"]) {
                    backend(&path["backend"]);
                }
            }
            core("services", ns, names)
        }
        Relation::TargetPods => {
            let mut names: Vec<&'a str> = Vec::new();
            let mut target = |a: &'a Value| {
                let r = &a["targetRef"];
                if text(&r["kind"]) == Some("Pod")
                    && text(&r["namespace"]).is_none_or(|n| n == ns)
                    && let Some(n) = text(&r["name"])
                {
                    names.push(n);
                }
            };
            // An Endpoints' subsets, or an EndpointSlice's endpoints.
            for subset in items(&obj["subsets"]) {
                items(&subset["addresses"]).iter().for_each(&mut target);
                items(&subset["notReadyAddresses"])
                    .iter()
                    .for_each(&mut target);
            }
            items(&obj["endpoints"]).iter().for_each(&mut target);
            core("pods", ns, names)
        }
        Relation::ClaimVolume => core(
            "persistentvolumes",
            "",
            text(&spec["volumeName"]).into_iter().collect(),
        ),
        Relation::VolumeClaim => {
            let r = &spec["claimRef"];
            core(
                "persistentvolumeclaims",
                text(&r["namespace"]).unwrap_or_default(),
                text(&r["name"]).into_iter().collect(),
            )
        }
        Relation::ScaleTarget => {
            let r = &spec["scaleTargetRef"];
            Found {
                group: group_of(text(&r["apiVersion"]).unwrap_or_default()).into(),
                resource: text(&r["kind"]).unwrap_or_default().into(),
                by_kind: true,
                namespace: ns.into(),
                names: tidy(text(&r["name"]).into_iter().collect()),
            }
        }
    }
}

fn tidy(mut names: Vec<&str>) -> Vec<String> {
    names.sort_unstable();
    names.dedup();
    names.truncate(MAX_NAMES);
    names.into_iter().map(str::to_string).collect()
}

/// Read the object and follow `relation` from it.
pub async fn follow(
    client: &Client,
    kind: Kind,
    namespace: &str,
    name: &str,
    relation: Relation,
) -> Result<Found, String> {
    let obj = describe::fetch(client, kind, namespace, name).await?;
    Ok(found(relation, &obj))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_ingress_leads_to_its_backend_services() {
        let ing = json!({"metadata": {"name": "shop", "namespace": "web"},
            "spec": {"defaultBackend": {"service": {"name": "fallback", "port": {"number": 80}}},
                "rules": [
                    {"host": "a", "http": {"paths": [
                        {"path": "/", "backend": {"service": {"name": "front"}}},
                        {"path": "/api", "backend": {"service": {"name": "api"}}},
                        {"path": "/x", "backend": {"resource": {"kind": "StorageBucket", "name": "b"}}}]}},
                    {"host": "b", "http": {"paths": [{"backend": {"service": {"name": "front"}}}]}},
                    {"host": "c"}]}});
        let f = found(Relation::IngressServices, &ing);
        assert_eq!(f.resource, "services");
        assert_eq!(f.namespace, "web");
        assert_eq!(f.names, ["api", "fallback", "front"]);
    }

    #[test]
    fn endpoints_and_slices_lead_to_their_pods() {
        let ep = json!({"metadata": {"name": "web", "namespace": "shop"},
            "subsets": [{"addresses": [
                    {"ip": "10.0.0.1", "targetRef": {"kind": "Pod", "name": "web-1", "namespace": "shop"}},
                    {"ip": "10.0.0.9"}],
                "notReadyAddresses": [{"ip": "10.0.0.2", "targetRef": {"kind": "Pod", "name": "web-2"}}]},
                {"addresses": [{"ip": "10.0.0.3", "targetRef": {"kind": "Node", "name": "n1"}}]}]});
        let f = found(Relation::TargetPods, &ep);
        assert_eq!(
            (f.resource.as_str(), f.namespace.as_str()),
            ("pods", "shop")
        );
        assert_eq!(f.names, ["web-1", "web-2"]);
        let slice = json!({"metadata": {"name": "web-abc", "namespace": "shop"},
            "endpoints": [{"addresses": ["10.0.0.1"], "targetRef": {"kind": "Pod", "name": "web-1", "namespace": "shop"}},
                {"addresses": ["10.0.0.4"], "targetRef": {"kind": "Pod", "name": "elsewhere", "namespace": "other"}}]});
        assert_eq!(found(Relation::TargetPods, &slice).names, ["web-1"]);
        // Nothing usable: no names, no error.
        assert!(
            found(Relation::TargetPods, &json!({"subsets": "odd"}))
                .names
                .is_empty()
        );
    }

    #[test]
    fn volumes_claims_and_scale_targets() {
        let pvc = json!({"metadata": {"name": "data", "namespace": "db"}, "spec": {"volumeName": "pvc-123"}});
        let f = found(Relation::ClaimVolume, &pvc);
        assert_eq!(
            (
                f.resource.as_str(),
                f.namespace.as_str(),
                f.names.as_slice()
            ),
            ("persistentvolumes", "", &["pvc-123".to_string()][..])
        );
        let pending = json!({"metadata": {"name": "data", "namespace": "db"}, "spec": {}});
        assert!(found(Relation::ClaimVolume, &pending).names.is_empty());
        let pv = json!({"metadata": {"name": "pvc-123"}, "spec": {"claimRef": {"namespace": "db", "name": "data"}}});
        let f = found(Relation::VolumeClaim, &pv);
        assert_eq!((f.namespace.as_str(), f.names[0].as_str()), ("db", "data"));
        let hpa = json!({"metadata": {"name": "web", "namespace": "shop"},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}}});
        let f = found(Relation::ScaleTarget, &hpa);
        assert!(f.by_kind);
        assert_eq!(
            (f.group.as_str(), f.resource.as_str(), f.namespace.as_str()),
            ("apps", "Deployment", "shop")
        );
        assert_eq!(f.names, ["web"]);
    }
}
