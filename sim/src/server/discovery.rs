//! `/version`, `/api`, `/apis` and the per-group-version resource lists,
//! built from the registry (legacy discovery, which kubectl falls back to
//! when the answer is not an aggregated discovery document).

use serde_json::{Value, json};

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

fn group_json(group: &str, version: &str) -> Value {
    let gv = json!({"groupVersion": format!("{group}/{version}"), "version": version});
    json!({"name": group, "versions": [gv.clone()], "preferredVersion": gv})
}

pub fn groups(metrics: bool) -> Value {
    let groups: Vec<Value> = GROUPS
        .iter()
        .filter(|(g, v)| registry::group_served(g, v, metrics))
        .map(|(g, v)| group_json(g, v))
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

pub fn group(name: &str, metrics: bool) -> Option<Value> {
    let (g, v) = GROUPS
        .iter()
        .find(|(g, v)| *g == name && registry::group_served(g, v, metrics))?;
    let mut out = group_json(g, v);
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

/// `/api/v1` or `/apis/{group}/{version}`; None if not served.
pub fn resource_list(group: &str, version: &str, metrics: bool) -> Option<Value> {
    let served =
        (group.is_empty() && version == "v1") || registry::group_served(group, version, metrics);
    if !served {
        return None;
    }
    let mut resources = Vec::new();
    for r in registry::in_group(group, version) {
        resources.push(resource_json(r));
        for s in r.subresources {
            let mut o = json!({
                "name": format!("{}/{}", r.plural, s.name),
                "singularName": "",
                "namespaced": r.namespaced,
                "kind": if s.kind.is_empty() { r.kind } else { s.kind },
                "verbs": s.verbs,
            });
            // Subresources served in another group say which (kubectl
            // drain finds the Eviction version this way).
            match s.name {
                "scale" => {
                    o["group"] = json!("autoscaling");
                    o["version"] = json!("v1");
                }
                "eviction" => {
                    o["group"] = json!("policy");
                    o["version"] = json!("v1");
                }
                _ => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apps_lists_scale_as_autoscaling() {
        let l = resource_list("apps", "v1", true).unwrap();
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
        assert!(resource_list("metrics.k8s.io", "v1beta1", false).is_none());
        assert!(resource_list("metrics.k8s.io", "v1beta1", true).is_some());
        let without = groups(false).to_string();
        assert!(!without.contains("metrics.k8s.io"));
        assert!(groups(true).to_string().contains("metrics.k8s.io"));
    }

    #[test]
    fn core_has_pods_with_subresources() {
        let l = resource_list("", "v1", true).unwrap();
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
