use super::*;

/// The real API server's aggregated discovery (`apis-aggregated.txt` in
/// the wire captures): resources with their scope, singular, verbs and
/// categories; subresources are not resources.
#[test]
fn aggregated_discovery_as_the_api_server_sends_it() {
    let doc = serde_json::json!({"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2",
        "metadata": {}, "items": [{"metadata": {"name": "apiregistration.k8s.io"}, "versions": [
            {"version": "v1", "resources": [{"resource": "apiservices",
                "responseKind": {"group": "", "version": "", "kind": "APIService"},
                "scope": "Cluster", "singularResource": "apiservice",
                "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                "categories": ["api-extensions"],
                "subresources": [{"subresource": "status", "responseKind": {"kind": "APIService"}, "verbs": ["get"]}]}],
             "freshness": "Current"}]}]});
    let items = from_aggregated(&doc).unwrap_or_default();
    assert_eq!(items.len(), 1);
    let a = &items[0];
    let r = a.res.get();
    assert_eq!(
        (r.group, r.version, r.plural, r.kind, r.namespaced),
        (
            "apiregistration.k8s.io",
            "v1",
            "apiservices",
            "APIService",
            false
        )
    );
    assert_eq!(&*a.singular, "apiservice");
    assert_eq!(a.categories.len(), 1);
    assert!(a.viewable());
    assert_eq!(a.verbs.names().count(), 8);
    // A legacy document is not an aggregated one.
    assert_eq!(
        from_aggregated(&serde_json::json!({"kind": "APIGroupList", "groups": []})),
        None
    );
}

#[test]
fn legacy_lists_keep_resources_and_drop_subresources() {
    let list = serde_json::json!({"kind": "APIResourceList", "groupVersion": "v1", "resources": [
        {"name": "secrets", "singularName": "", "namespaced": true, "kind": "Secret", "verbs": ["get", "list"]},
        {"name": "pods/exec", "namespaced": true, "kind": "PodExecOptions", "verbs": ["create"]},
        {"name": "", "kind": "Odd"},
        {"namespaced": "yes", "kind": 3}
    ]});
    let items = from_legacy("", "v1", &list);
    assert_eq!(items.len(), 1);
    // No singular name: the kind in lower case, as kubectl does.
    assert_eq!(&*items[0].singular, "secret");
    assert!(items[0].verbs.has("list"));
    assert!(!items[0].verbs.has("watch"));
    assert!(!items[0].viewable());
}

#[test]
fn verbs_are_bits() {
    let v = Verbs::from_names(["watch", "list", "frobnicate"]);
    assert!(v.has("list") && v.has("watch") && !v.has("get") && !v.has("frobnicate"));
    assert_eq!(v.names().collect::<Vec<_>>(), ["list", "watch"]);
}
