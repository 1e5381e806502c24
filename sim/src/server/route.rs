//! Turns a request line into what it asks for: a discovery document or a
//! resource request with its Kubernetes verb.

use http::Method;

use crate::registry::{self, ResourceDef};

#[derive(Debug, PartialEq)]
pub enum Route {
    Version,
    Health,
    /// `/api`
    CoreVersions,
    /// `/apis`
    Groups,
    /// `/apis/{group}`
    Group(String),
    /// `/api/v1` or `/apis/{group}/{version}`
    GroupVersion(String, String),
    Resource(ResourceRequest),
    NotFound,
}

#[derive(Debug, PartialEq)]
pub struct ResourceRequest {
    pub def: &'static ResourceDef,
    /// Empty for cluster-scoped resources and for all-namespace requests.
    pub namespace: String,
    pub name: String,
    pub subresource: String,
    pub verb: &'static str,
}

/// Finds the custom resource served at `group/version/plural`, if any.
pub type Custom<'a> = &'a dyn Fn(&str, &str, &str) -> Option<&'static ResourceDef>;

/// Parse a path (without query). `watch` is whether `?watch=1|true` is set;
/// `custom` finds the resources CRDs serve.
pub fn parse(method: &Method, path: &str, watch: bool, custom: Custom) -> Route {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segs.as_slice() {
        ["version"] => Route::Version,
        ["healthz" | "livez" | "readyz", ..] => Route::Health,
        ["api"] => Route::CoreVersions,
        ["api", "v1"] => Route::GroupVersion(String::new(), "v1".into()),
        ["api", "v1", rest @ ..] => resource(method, "", "v1", rest, watch, custom),
        ["apis"] => Route::Groups,
        ["apis", g] => Route::Group(g.to_string()),
        ["apis", g, v] => Route::GroupVersion(g.to_string(), v.to_string()),
        ["apis", g, v, rest @ ..] => resource(method, g, v, rest, watch, custom),
        _ => Route::NotFound,
    }
}

fn resource(
    method: &Method,
    group: &str,
    version: &str,
    rest: &[&str],
    watch: bool,
    custom: Custom,
) -> Route {
    let (namespace, plural, name, sub) = match rest {
        // namespaces/{name}/{status|finalize} is a subresource of a namespace
        ["namespaces", name, sub @ ("status" | "finalize")] if group.is_empty() => {
            ("", "namespaces", *name, *sub)
        }
        ["namespaces", ns, plural, tail @ ..] if tail.len() <= 2 => (
            *ns,
            *plural,
            tail.first().copied().unwrap_or(""),
            tail.get(1).copied().unwrap_or(""),
        ),
        [plural, tail @ ..] if tail.len() <= 2 => (
            "",
            *plural,
            tail.first().copied().unwrap_or(""),
            tail.get(1).copied().unwrap_or(""),
        ),
        _ => return Route::NotFound,
    };
    let Some(def) =
        registry::find(group, version, plural).or_else(|| custom(group, version, plural))
    else {
        return Route::NotFound;
    };
    if !namespace.is_empty() && !def.namespaced {
        return Route::NotFound;
    }
    if def.namespaced && namespace.is_empty() && !name.is_empty() {
        return Route::NotFound;
    }
    if !sub.is_empty() && !def.has_subresource(sub) {
        return Route::NotFound;
    }
    let verb = match *method {
        Method::GET | Method::HEAD if watch => "watch",
        Method::GET | Method::HEAD if name.is_empty() => "list",
        Method::GET | Method::HEAD => "get",
        Method::POST => "create",
        Method::PUT => "update",
        Method::PATCH => "patch",
        Method::DELETE if name.is_empty() => "deletecollection",
        Method::DELETE => "delete",
        _ => "unknown",
    };
    // Exec is authorized as `create` on pods/exec whatever the method
    // (a WebSocket upgrade arrives as GET).
    let verb = if sub == "exec" { "create" } else { verb };
    Route::Resource(ResourceRequest {
        def,
        namespace: namespace.to_string(),
        name: name.to_string(),
        subresource: sub.to_string(),
        verb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(method: Method, path: &str, watch: bool) -> ResourceRequest {
        match parse(&method, path, watch, &|_, _, _| None) {
            Route::Resource(r) => r,
            other => panic!("{path}: {other:?}"),
        }
    }

    #[test]
    fn discovery_paths() {
        assert_eq!(
            parse(&Method::GET, "/version", false, &|_, _, _| None),
            Route::Version
        );
        assert_eq!(
            parse(&Method::GET, "/api", false, &|_, _, _| None),
            Route::CoreVersions
        );
        assert_eq!(
            parse(&Method::GET, "/apis/", false, &|_, _, _| None),
            Route::Groups
        );
        assert_eq!(
            parse(&Method::GET, "/apis/apps/v1", false, &|_, _, _| None),
            Route::GroupVersion("apps".into(), "v1".into())
        );
    }

    #[test]
    fn resource_paths_and_verbs() {
        let r = res(Method::GET, "/api/v1/namespaces/shop/pods", false);
        assert_eq!(
            (r.def.plural, r.namespace.as_str(), r.verb),
            ("pods", "shop", "list")
        );
        let r = res(Method::GET, "/api/v1/pods", true);
        assert_eq!((r.namespace.as_str(), r.verb), ("", "watch"));
        let r = res(
            Method::PATCH,
            "/apis/apps/v1/namespaces/shop/deployments/web/scale",
            false,
        );
        assert_eq!(
            (r.name.as_str(), r.subresource.as_str(), r.verb),
            ("web", "scale", "patch")
        );
        let r = res(Method::GET, "/api/v1/namespaces/shop", false);
        assert_eq!(
            (r.def.plural, r.name.as_str(), r.verb),
            ("namespaces", "shop", "get")
        );
        let r = res(Method::PUT, "/api/v1/namespaces/shop/finalize", false);
        assert_eq!(
            (r.def.plural, r.subresource.as_str()),
            ("namespaces", "finalize")
        );
        let r = res(Method::DELETE, "/api/v1/namespaces/shop/pods", false);
        assert_eq!(r.verb, "deletecollection");
        let r = res(Method::GET, "/api/v1/namespaces/shop/pods/x/exec", false);
        assert_eq!(r.verb, "create");
    }

    #[test]
    fn unknown_or_misplaced_resources_are_404() {
        assert_eq!(
            parse(&Method::GET, "/api/v1/widgets", false, &|_, _, _| None),
            Route::NotFound
        );
        assert_eq!(
            parse(
                &Method::GET,
                "/api/v1/namespaces/a/nodes",
                false,
                &|_, _, _| None
            ),
            Route::NotFound
        );
        assert_eq!(
            parse(&Method::GET, "/api/v1/pods/x", false, &|_, _, _| None),
            Route::NotFound
        );
        assert_eq!(
            parse(
                &Method::GET,
                "/api/v1/namespaces/a/pods/x/bogus",
                false,
                &|_, _, _| None
            ),
            Route::NotFound
        );
        assert_eq!(
            parse(&Method::GET, "/nope", false, &|_, _, _| None),
            Route::NotFound
        );
    }
}
