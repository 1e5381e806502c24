use std::sync::Arc;

use serde_json::json;

use super::*;
use crate::kube::discovery::{Resources, from_aggregated, from_legacy};

/// A cluster serving the core group's configmaps, secrets, events, pods;
/// apps deployments; events.k8s.io events; and `extra` custom resources.
fn cluster(extra: serde_json::Value) -> Arc<Resources> {
    let core = json!({"kind": "APIResourceList", "groupVersion": "v1", "resources": [
        {"name": "configmaps", "singularName": "configmap", "namespaced": true, "kind": "ConfigMap",
         "verbs": ["get", "list", "watch"], "shortNames": ["cm"]},
        {"name": "secrets", "singularName": "secret", "namespaced": true, "kind": "Secret",
         "verbs": ["get", "list", "watch"]},
        {"name": "pods", "singularName": "pod", "namespaced": true, "kind": "Pod",
         "verbs": ["get", "list", "watch"], "shortNames": ["po"], "categories": ["all"]},
        {"name": "pods/log", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get"]},
        {"name": "events", "singularName": "event", "namespaced": true, "kind": "Event",
         "verbs": ["get", "list", "watch"], "shortNames": ["ev"]},
        {"name": "bindings", "singularName": "binding", "namespaced": true, "kind": "Binding",
         "verbs": ["create"]}
    ]});
    let mut items = from_legacy("", "v1", &core);
    let apps = json!({"kind": "APIResourceList", "resources": [
        {"name": "deployments", "singularName": "deployment", "namespaced": true, "kind": "Deployment",
         "verbs": ["get", "list", "watch"], "shortNames": ["deploy"], "categories": ["all"]}]});
    items.extend(from_legacy("apps", "v1", &apps));
    let agg = json!({"kind": "APIGroupDiscoveryList", "items": [
        {"metadata": {"name": "events.k8s.io"}, "versions": [{"version": "v1", "resources": [
            {"resource": "events", "responseKind": {"kind": "Event"}, "scope": "Namespaced",
             "singularResource": "event", "shortNames": ["ev"], "verbs": ["get", "list", "watch"]}]}]},
        extra
    ]});
    items.extend(from_aggregated(&agg).unwrap_or_default());
    Arc::new(Resources {
        items,
        ..Resources::default()
    })
}

fn crd(group: &str, plural: &str, kind: &str, short: &[&str]) -> serde_json::Value {
    json!({"metadata": {"name": group}, "versions": [
        {"version": "v1", "resources": [{"resource": plural, "responseKind": {"kind": kind},
            "scope": "Namespaced", "singularResource": kind.to_lowercase(), "shortNames": short,
            "categories": ["all", "cert"], "verbs": ["get", "list", "watch", "create"]}]},
        {"version": "v1alpha1", "resources": [{"resource": "olds", "responseKind": {"kind": "Old"},
            "scope": "Namespaced", "verbs": ["list", "watch"]}]}]})
}

fn catalog(clusters: Vec<Arc<Resources>>) -> Catalog {
    let mut c = Catalog::default();
    for (i, r) in clusters.into_iter().enumerate() {
        c.clusters.insert(
            i,
            ClusterResources {
                resources: Some(r),
                ..ClusterResources::default()
            },
        );
    }
    c
}

fn view(c: &Catalog, word: &str) -> Option<(View, Vec<String>)> {
    match c.resolve(word)? {
        Resolved::View { view, also } => Some((view, also)),
        Resolved::Category { .. } => None,
    }
}

fn generic(v: &View) -> Option<&'static crate::kube::kind::Resource> {
    v.kind()?.generic().map(|r| r.get())
}

#[test]
fn short_names_singulars_plurals_and_kinds_resolve() {
    let c = catalog(vec![cluster(json!({}))]);
    for word in ["cm", "CM", "configmap", "configmaps", "ConfigMap"] {
        let (v, also) = view(&c, word).unwrap_or_else(|| panic!("{word}"));
        let r = generic(&v).unwrap_or_else(|| panic!("{word} is generic"));
        assert_eq!((r.group, r.plural, r.kind), ("", "configmaps", "ConfigMap"));
        assert!(also.is_empty());
    }
    // Subresources and resources that cannot be listed are not views.
    assert_eq!(c.resolve("pods/log"), None);
    assert_eq!(c.resolve("bindings"), None);
    assert_eq!(c.resolve("nope"), None);
}

#[test]
fn native_kinds_keep_their_own_views() {
    let c = catalog(vec![cluster(json!({}))]);
    assert_eq!(
        view(&c, "deployments.apps").map(|v| v.0),
        Some(View::Kind(Kind::Deployments))
    );
    assert_eq!(view(&c, "po").map(|v| v.0), Some(View::Kind(Kind::Pods)));
}

#[test]
fn a_name_in_several_groups_prefers_the_core_group_and_says_the_others() {
    let c = catalog(vec![cluster(json!({}))]);
    let (v, also) = view(&c, "ev").unwrap_or_else(|| panic!("ev"));
    assert_eq!(v, View::Kind(Kind::Events));
    assert_eq!(also, ["events.events.k8s.io"]);
    // kind.group picks the other one.
    let (v, also) = view(&c, "events.events.k8s.io").unwrap_or_else(|| panic!("events.k8s.io"));
    let r = generic(&v).unwrap_or_else(|| panic!("generic"));
    assert_eq!((r.group, r.plural), ("events.k8s.io", "events"));
    assert!(also.is_empty());
    // And name.version.group.
    let (v, _) = view(&c, "event.v1.events.k8s.io").unwrap_or_else(|| panic!("versioned"));
    assert_eq!(generic(&v).map(|r| r.group), Some("events.k8s.io"));
    assert_eq!(c.resolve("events.v2.events.k8s.io"), None);
    assert_eq!(c.resolve("events.nosuch.io"), None);
}

#[test]
fn custom_resources_by_kind_group_short_name_and_category() {
    let a = cluster(crd(
        "cert-manager.io",
        "certificates",
        "Certificate",
        &["cert", "certs"],
    ));
    let b = cluster(crd("example.com", "certificates", "Certificate", &[]));
    let c = catalog(vec![a, b]);
    let (v, also) = view(&c, "certs").unwrap_or_else(|| panic!("certs"));
    assert_eq!(generic(&v).map(|r| r.group), Some("cert-manager.io"));
    assert!(also.is_empty());
    // Served in two groups: the first by group, the other said.
    let (v, also) = view(&c, "certificate").unwrap_or_else(|| panic!("certificate"));
    assert_eq!(generic(&v).map(|r| r.group), Some("cert-manager.io"));
    assert_eq!(also, ["certificates.example.com"]);
    let (v, _) = view(&c, "Certificate.example.com").unwrap_or_else(|| panic!("kind.group"));
    assert_eq!(generic(&v).map(|r| r.group), Some("example.com"));
    // Only each group's preferred (first) version is kept.
    assert_eq!(c.resolve("olds"), None);
    match c.resolve("all") {
        Some(Resolved::Category { name, members }) => {
            assert_eq!(name, "all");
            assert_eq!(
                members,
                [
                    "pods",
                    "deployments.apps",
                    "certificates.cert-manager.io",
                    "certificates.example.com"
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    let words = c.words();
    assert!(words.contains(&("certificates.cert-manager.io".into(), 1)));
    assert!(words.contains(&("cm".into(), 1)));
    assert!(c.categories().contains(&"cert".to_string()));
}

#[test]
fn presence_is_per_cluster() {
    let with = cluster(crd("cert-manager.io", "certificates", "Certificate", &[]));
    let without = cluster(json!({}));
    let mut c = catalog(vec![with, without]);
    c.clusters.insert(2, ClusterResources::default());
    let (v, _) = view(&c, "certificates").unwrap_or_else(|| panic!("certificates"));
    let kind = v.kind().unwrap_or(Kind::Pods);
    assert_eq!(c.serves(0, kind), Some(true));
    assert_eq!(c.serves(1, kind), Some(false));
    // Not known yet (no discovery), or not open.
    assert_eq!(c.serves(2, kind), None);
    assert_eq!(c.serves(9, kind), None);
    // Native kinds are taken as served everywhere.
    assert_eq!(c.serves(1, Kind::Pods), Some(true));
}
