//! `/version`, `/api`, `/apis` and the per-group-version resource lists,
//! built from the registry (legacy discovery, which kubectl falls back to
//! when the answer is not an aggregated discovery document).

use serde_json::{Value, json};

use crate::crd;
use crate::registry::{self, GROUPS, ResourceDef};

pub fn version() -> Value {
    json!({
        "major": "1",
        "minor": "36",
        "emulationMajor": "1",
        "emulationMinor": "36",
        "minCompatibilityMajor": "1",
        "minCompatibilityMinor": "35",
        "gitVersion": "v1.36.2-kdeck-sim",
        "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean",
        "buildDate": "2026-11-01T00:00:00Z",
        "goVersion": "go1.27.3",
        "compiler": "gc",
        "platform": "linux/amd64"
    })
}

pub fn core_versions(server_address: &str) -> Value {
    json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}],
    })
}

/// What discovery serves besides the built-in resources: whether
/// metrics.k8s.io is on, and the resources established CRDs serve.
pub struct Served<'a> {
    pub metrics: bool,
    pub custom: &'a [&'static ResourceDef],
}

impl Served<'_> {
    /// The groups served and their versions, preferred first, in the order
    /// `/apis` lists them: the built-in groups, then the CRDs' groups by name.
    fn groups(&self) -> Vec<(&'static str, Vec<&'static str>)> {
        let mut out: Vec<(&'static str, Vec<&'static str>)> = GROUPS
            .iter()
            .filter(|(g, v)| registry::group_served(g, v, self.metrics))
            .map(|(g, v)| (*g, vec![*v]))
            .collect();
        let mut custom: Vec<&'static ResourceDef> = self.custom.to_vec();
        custom.sort_by_key(|d| d.group);
        for d in custom {
            match out.iter_mut().find(|(g, _)| *g == d.group) {
                Some((_, versions)) => {
                    if !versions.contains(&d.version) {
                        versions.push(d.version);
                    }
                }
                None => out.push((d.group, vec![d.version])),
            }
        }
        for (g, versions) in &mut out {
            if GROUPS.iter().all(|(sg, _)| sg != g) {
                crd::sort_versions(versions);
            }
        }
        out
    }

    fn served(&self, group: &str, version: &str) -> bool {
        (group.is_empty() && version == "v1")
            || self
                .groups()
                .iter()
                .any(|(g, vs)| *g == group && vs.contains(&version))
    }

    /// The resources of one group version, built-in then custom.
    fn resources(&self, group: &str, version: &str) -> Vec<&'static ResourceDef> {
        registry::in_group(group, version)
            .chain(
                self.custom
                    .iter()
                    .copied()
                    .filter(|d| d.group == group && d.version == version),
            )
            .collect()
    }
}

fn group_json(group: &str, versions: &[&str]) -> Value {
    let gv = |v: &str| json!({"groupVersion": format!("{group}/{v}"), "version": v});
    json!({
        "name": group,
        "versions": versions.iter().map(|v| gv(v)).collect::<Vec<_>>(),
        "preferredVersion": gv(versions.first().copied().unwrap_or("v1")),
    })
}

pub fn groups(served: &Served) -> Value {
    let groups: Vec<Value> = served
        .groups()
        .iter()
        .map(|(g, vs)| group_json(g, vs))
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

pub fn group(name: &str, served: &Served) -> Option<Value> {
    let groups = served.groups();
    let (g, vs) = groups.iter().find(|(g, _)| *g == name)?;
    let mut out = group_json(g, vs);
    out["kind"] = json!("APIGroup");
    out["apiVersion"] = json!("v1");
    Some(out)
}

fn resource_json(r: &ResourceDef) -> Value {
    let mut o = json!({
        "name": r.plural,
        "singularName": r.singular,
        "namespaced": r.namespaced,
        "kind": r.kind,
        "verbs": r.verbs,
    });
    if !r.short_names.is_empty() {
        o["shortNames"] = json!(r.short_names);
    }
    if !r.categories.is_empty() {
        o["categories"] = json!(r.categories);
    }
    o
}

/// The group and version a subresource answers in when not its resource's
/// own (kubectl drain finds the Eviction version this way).
fn subresource_gv(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "scale" => Some(("autoscaling", "v1")),
        "eviction" => Some(("policy", "v1")),
        _ => None,
    }
}

/// `/api/v1` or `/apis/{group}/{version}`; None if not served.
pub fn resource_list(group: &str, version: &str, served: &Served) -> Option<Value> {
    if !served.served(group, version) {
        return None;
    }
    let mut resources = Vec::new();
    for r in served.resources(group, version) {
        resources.push(resource_json(r));
        for s in r.subresources {
            let mut o = json!({
                "name": format!("{}/{}", r.plural, s.name),
                "singularName": "",
                "namespaced": r.namespaced,
                "kind": if s.kind.is_empty() { r.kind } else { s.kind },
                "verbs": s.verbs,
            });
            if let Some((g, v)) = subresource_gv(s.name) {
                o["group"] = json!(g);
                o["version"] = json!(v);
            }
            resources.push(o);
        }
    }
    let gv = if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    };
    let mut out = json!({"kind": "APIResourceList", "groupVersion": gv, "resources": resources});
    if !group.is_empty() {
        out["apiVersion"] = json!("v1");
    }
    Some(out)
}

/// The media type of aggregated discovery (`apidiscovery.k8s.io/v2`).
pub const AGGREGATED: &str = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/// Whether an Accept header asks for aggregated discovery v2 (the
/// parameters in any order), as kubectl 1.30 and later do.
pub fn wants_aggregated<'a>(accept: impl Iterator<Item = &'a str>) -> bool {
    accept.flat_map(|h| h.split(',')).any(|media| {
        let mut parts = media.split(';').map(str::trim);
        parts.next() == Some("application/json") && {
            let params: Vec<&str> = parts.collect();
            ["g=apidiscovery.k8s.io", "v=v2", "as=APIGroupDiscoveryList"]
                .iter()
                .all(|p| params.contains(p))
        }
    })
}

fn response_kind(group: &str, version: &str, kind: &str) -> Value {
    json!({"group": group, "version": version, "kind": kind})
}

fn aggregated_resource(r: &ResourceDef) -> Value {
    // Built-in resources leave the response kind's group and version empty
    // (their own); a CRD's name them.
    let (g, v) = if r.custom {
        (r.group, r.version)
    } else {
        ("", "")
    };
    let mut o = json!({
        "resource": r.plural,
        "responseKind": response_kind(g, v, r.kind),
        "scope": if r.namespaced { "Namespaced" } else { "Cluster" },
        "singularResource": r.singular,
        "verbs": r.verbs,
    });
    if !r.short_names.is_empty() {
        o["shortNames"] = json!(r.short_names);
    }
    if !r.categories.is_empty() {
        o["categories"] = json!(r.categories);
    }
    let mut subs: Vec<Value> = r
        .subresources
        .iter()
        .map(|s| {
            let kind = if s.kind.is_empty() { r.kind } else { s.kind };
            let (sg, sv) = subresource_gv(s.name).unwrap_or((g, v));
            json!({"subresource": s.name, "responseKind": response_kind(sg, sv, kind), "verbs": s.verbs})
        })
        .collect();
    subs.sort_by(|a, b| a["subresource"].as_str().cmp(&b["subresource"].as_str()));
    if !subs.is_empty() {
        o["subresources"] = json!(subs);
    }
    o
}

fn aggregated_version(served: &Served, group: &str, version: &str) -> Value {
    let mut defs = served.resources(group, version);
    defs.sort_by_key(|d| d.plural);
    let resources: Vec<Value> = defs.into_iter().map(aggregated_resource).collect();
    json!({"version": version, "resources": resources, "freshness": "Current"})
}

/// The aggregated discovery document of `/api` (`core`) or `/apis`.
pub fn aggregated(core: bool, served: &Served) -> Value {
    let items: Vec<Value> = if core {
        vec![json!({"metadata": {}, "versions": [aggregated_version(served, "", "v1")]})]
    } else {
        served
            .groups()
            .iter()
            .map(|(g, vs)| {
                let versions: Vec<Value> = vs
                    .iter()
                    .map(|v| aggregated_version(served, g, v))
                    .collect();
                json!({"metadata": {"name": g}, "versions": versions})
            })
            .collect()
    };
    json!({
        "kind": "APIGroupDiscoveryList",
        "apiVersion": "apidiscovery.k8s.io/v2",
        "metadata": {},
        "items": items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(metrics: bool) -> Served<'static> {
        Served {
            metrics,
            custom: &[],
        }
    }

    #[test]
    fn aggregated_lists_every_group_as_the_real_server() {
        let apis = aggregated(false, &on(true));
        assert_eq!(apis["kind"], "APIGroupDiscoveryList");
        assert_eq!(apis["apiVersion"], "apidiscovery.k8s.io/v2");
        let items = apis["items"].as_array().unwrap();
        let group = |name: &str| {
            items
                .iter()
                .find(|i| i["metadata"]["name"] == name)
                .unwrap()
        };
        let apps = &group("apps")["versions"][0];
        assert_eq!(apps["freshness"], "Current");
        let deploy = apps["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["resource"] == "deployments")
            .unwrap();
        assert_eq!(deploy["scope"], "Namespaced");
        assert_eq!(
            deploy["responseKind"],
            json!({"group": "", "version": "", "kind": "Deployment"})
        );
        assert_eq!(deploy["subresources"][0]["subresource"], "scale");
        assert_eq!(
            deploy["subresources"][0]["responseKind"],
            json!({"group": "autoscaling", "version": "v1", "kind": "Scale"})
        );
        let batch = &group("batch")["versions"][0]["resources"];
        assert_eq!(batch[0]["resource"], "cronjobs");
        assert_eq!(batch[0]["shortNames"], json!(["cj"]));
        let crd = &group("apiextensions.k8s.io")["versions"][0]["resources"][0];
        assert_eq!(crd["shortNames"], json!(["crd", "crds"]));
        assert_eq!(crd["scope"], "Cluster");
        let core = aggregated(true, &on(true));
        let pods = core["items"][0]["versions"][0]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["resource"] == "pods")
            .unwrap()
            .clone();
        let eviction = pods["subresources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["subresource"] == "eviction")
            .unwrap();
        assert_eq!(
            eviction["responseKind"],
            json!({"group": "policy", "version": "v1", "kind": "Eviction"})
        );
    }

    #[test]
    fn aggregated_is_asked_for_as_kubectl_asks() {
        let kubectl = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
        assert!(wants_aggregated([kubectl].into_iter()));
        assert!(wants_aggregated(
            ["application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io"].into_iter()
        ));
        assert!(!wants_aggregated(["application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"].into_iter()));
        assert!(!wants_aggregated(["application/json"].into_iter()));
    }

    #[test]
    fn apps_lists_scale_as_autoscaling() {
        let l = resource_list("apps", "v1", &on(true)).unwrap();
        let scale = l["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "deployments/scale")
            .unwrap();
        assert_eq!(scale["group"], "autoscaling");
        assert_eq!(scale["kind"], "Scale");
        let deploy = l["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "deployments")
            .unwrap();
        assert_eq!(deploy["shortNames"], json!(["deploy"]));
    }

    #[test]
    fn metrics_can_be_left_out() {
        assert!(resource_list("metrics.k8s.io", "v1beta1", &on(false)).is_none());
        assert!(resource_list("metrics.k8s.io", "v1beta1", &on(true)).is_some());
        let without = groups(&on(false)).to_string();
        assert!(!without.contains("metrics.k8s.io"));
        assert!(groups(&on(true)).to_string().contains("metrics.k8s.io"));
    }

    #[test]
    fn core_has_pods_with_subresources() {
        let l = resource_list("", "v1", &on(true)).unwrap();
        let names: Vec<&str> = l["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["name"].as_str())
            .collect();
        for n in [
            "pods",
            "pods/log",
            "pods/exec",
            "namespaces",
            "nodes",
            "events",
            "resourcequotas",
        ] {
            assert!(names.contains(&n), "{n}");
        }
        assert!(l.get("apiVersion").is_none());
    }
}
