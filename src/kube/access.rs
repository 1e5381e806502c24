//! May the user of a cluster do something there? Asked as a
//! SelfSubjectAccessReview (what `kubectl auth can-i` sends), one question
//! per (cluster, namespace, verb, group, resource, subresource). Also the
//! plain words for a refusal, and a request read back in RBAC terms (to
//! explain a 403: who may not do what, where).

use http::Method;
use kube::Client;
use serde_json::{Value, json};

use super::ops::request::{Request, send};

/// How every explained 403 starts.
pub const FORBIDDEN: &str = "forbidden (403)";

/// The path access reviews are posted to.
pub const REVIEWS: &str = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

/// One question: may I `verb` `resource`/`subresource` (of API group
/// `group`) in `namespace` (empty: cluster-wide) on cluster `cluster`?
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccessKey {
    /// The cluster's index among the open ones.
    pub cluster: usize,
    pub namespace: String,
    pub verb: &'static str,
    pub group: &'static str,
    pub resource: &'static str,
    pub subresource: &'static str,
}

impl AccessKey {
    /// `deployments/scale`, `nodes`.
    pub fn resource_path(&self) -> String {
        resource_path(self.resource, self.subresource)
    }

    /// `patch deployments/scale`.
    pub fn what(&self) -> String {
        format!("{} {}", self.verb, self.resource_path())
    }

    /// The review as posted.
    pub fn review(&self) -> Value {
        let mut attrs = json!({
            "verb": self.verb,
            "group": self.group,
            "resource": self.resource,
        });
        if !self.subresource.is_empty() {
            attrs["subresource"] = json!(self.subresource);
        }
        if !self.namespace.is_empty() {
            attrs["namespace"] = json!(self.namespace);
        }
        json!({
            "apiVersion": "authorization.k8s.io/v1",
            "kind": "SelfSubjectAccessReview",
            "spec": {"resourceAttributes": attrs},
        })
    }
}

fn resource_path(resource: &str, subresource: &str) -> String {
    if subresource.is_empty() {
        resource.to_string()
    } else {
        format!("{resource}/{subresource}")
    }
}

/// The server's answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub allowed: bool,
    /// The server's reason (often empty for a denial by RBAC).
    pub reason: String,
}

impl Verdict {
    /// Read a SelfSubjectAccessReview's status.
    pub fn of(review: &Value) -> Verdict {
        let st = &review["status"];
        let denied = st["denied"] == true;
        Verdict {
            allowed: st["allowed"] == true && !denied,
            reason: st["reason"]
                .as_str()
                .or_else(|| st["evaluationError"].as_str())
                .unwrap_or("")
                .to_string(),
        }
    }
}

/// Ask the server `key` (a create of a SelfSubjectAccessReview: it changes
/// nothing, and every authenticated user may).
pub async fn review(client: &Client, key: &AccessKey) -> Result<Verdict, String> {
    let req = Request::post(REVIEWS.into(), key.review());
    match send(client, &req, false).await {
        Ok(v) => Ok(Verdict::of(&v)),
        Err(f) if f.code == 0 => Err(f.message),
        Err(f) => Err(format!("{}: {}", f.code, f.message)),
    }
}

/// `prod-eu-viewer may not patch deployments/scale in shop` (`what` is
/// `patch deployments/scale`; a cluster-wide question has no `in`).
pub fn may_not(user: &str, what: &str, namespace: &str) -> String {
    let who = if user.is_empty() { "this user" } else { user };
    if namespace.is_empty() {
        format!("{who} may not {what}")
    } else {
        format!("{who} may not {what} in {namespace}")
    }
}

/// What a request asks, in the API server's authorization terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Asked {
    pub verb: String,
    pub group: String,
    pub resource: String,
    pub subresource: String,
    pub namespace: String,
    pub name: String,
}

impl Asked {
    /// Read a request's method and path as the API server does
    /// (`PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale` is
    /// patch of deployments/scale "web" in apps, in shop).
    pub fn of(method: &Method, path: &str) -> Asked {
        let path = path.split('?').next().unwrap_or("");
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let (group, rest) = match parts.as_slice() {
            ["api", _version, rest @ ..] => ("", rest),
            ["apis", group, _version, rest @ ..] => (*group, rest),
            _ => ("", &parts[..0]),
        };
        let (namespace, rest) = match rest {
            ["namespaces", ns, rest @ ..] if !rest.is_empty() => (*ns, rest),
            _ => ("", rest),
        };
        let at = |i: usize| rest.get(i).copied().unwrap_or("").to_string();
        let name = at(1);
        let verb = match *method {
            Method::GET if name.is_empty() => "list",
            Method::GET => "get",
            Method::POST => "create",
            Method::PUT => "update",
            Method::PATCH => "patch",
            Method::DELETE => "delete",
            _ => "",
        };
        Asked {
            verb: if verb.is_empty() {
                method.as_str().to_lowercase()
            } else {
                verb.to_string()
            },
            group: group.to_string(),
            resource: at(0),
            subresource: at(2),
            namespace: namespace.to_string(),
            name,
        }
    }

    pub fn resource_path(&self) -> String {
        resource_path(&self.resource, &self.subresource)
    }
}

/// A 403 in plain words: who (the kube user), which verb on which
/// resource, where (namespace, cluster), then the server's own words.
pub fn forbidden(user: &str, context: &str, method: &Method, path: &str, server: &str) -> String {
    let a = Asked::of(method, path);
    let mut what = a.resource_path();
    if !a.name.is_empty() {
        what = format!("{what} \"{}\"", a.name);
    }
    let who = if user.is_empty() { "this user" } else { user };
    let place = if a.namespace.is_empty() {
        format!("on cluster {context}")
    } else {
        format!("in namespace {} on cluster {context}", a.namespace)
    };
    format!(
        "{FORBIDDEN}: {who} may not {} {what} {place}; the server said: {server}",
        a.verb
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(ns: &str, verb: &'static str, sub: &'static str) -> AccessKey {
        AccessKey {
            cluster: 0,
            namespace: ns.into(),
            verb,
            group: "apps",
            resource: "deployments",
            subresource: sub,
        }
    }

    #[test]
    fn reviews_ask_what_kubectl_auth_can_i_asks() {
        let r = key("shop", "patch", "scale").review();
        assert_eq!(r["kind"], "SelfSubjectAccessReview");
        assert_eq!(
            r["spec"]["resourceAttributes"],
            json!({"verb": "patch", "group": "apps", "resource": "deployments",
                "subresource": "scale", "namespace": "shop"})
        );
        // Cluster-wide: no namespace, no subresource.
        let mut nodes = key("", "patch", "");
        nodes.group = "";
        nodes.resource = "nodes";
        assert_eq!(
            nodes.review()["spec"]["resourceAttributes"],
            json!({"verb": "patch", "group": "", "resource": "nodes"})
        );
        assert_eq!(
            key("shop", "patch", "scale").resource_path(),
            "deployments/scale"
        );
    }

    #[test]
    fn verdicts_read_the_status() {
        let yes = json!({"status": {"allowed": true, "reason": "RBAC: allowed"}});
        assert_eq!(
            Verdict::of(&yes),
            Verdict {
                allowed: true,
                reason: "RBAC: allowed".into()
            }
        );
        assert!(!Verdict::of(&json!({"status": {"allowed": false}})).allowed);
        assert!(!Verdict::of(&json!({"status": {"allowed": true, "denied": true}})).allowed);
        assert!(!Verdict::of(&json!({})).allowed);
    }

    #[test]
    fn refusals_in_plain_words() {
        assert_eq!(
            may_not("prod-eu-viewer", "patch deployments/scale", "shop"),
            "prod-eu-viewer may not patch deployments/scale in shop"
        );
        assert_eq!(may_not("ops", "patch nodes", ""), "ops may not patch nodes");
        assert_eq!(
            may_not("", "delete pods", "x"),
            "this user may not delete pods in x"
        );
    }

    #[test]
    fn requests_read_back_in_rbac_terms() {
        let a = Asked::of(
            &Method::PATCH,
            "/apis/apps/v1/namespaces/shop/deployments/web/scale?fieldManager=kdeck",
        );
        assert_eq!(
            (
                a.verb.as_str(),
                a.group.as_str(),
                a.resource_path(),
                a.namespace.as_str(),
                a.name.as_str()
            ),
            (
                "patch",
                "apps",
                "deployments/scale".to_string(),
                "shop",
                "web"
            )
        );
        let e = Asked::of(&Method::POST, "/api/v1/namespaces/shop/pods/p1/eviction");
        assert_eq!(
            (e.verb.as_str(), e.resource_path()),
            ("create", "pods/eviction".into())
        );
        let n = Asked::of(&Method::PATCH, "/api/v1/nodes/n1");
        assert_eq!(
            (n.namespace.as_str(), n.resource.as_str(), n.name.as_str()),
            ("", "nodes", "n1")
        );
        let l = Asked::of(&Method::GET, "/api/v1/namespaces/shop/pods");
        assert_eq!((l.verb.as_str(), l.resource.as_str()), ("list", "pods"));
        // A namespace itself.
        let ns = Asked::of(&Method::DELETE, "/api/v1/namespaces/shop");
        assert_eq!(
            (
                ns.resource.as_str(),
                ns.name.as_str(),
                ns.namespace.as_str()
            ),
            ("namespaces", "shop", "")
        );
    }

    #[test]
    fn a_403_says_who_what_and_where() {
        let m = forbidden(
            "prod-eu-viewer",
            "prod-eu-viewer",
            &Method::PATCH,
            "/apis/apps/v1/namespaces/shop/deployments/web/scale",
            "deployments.apps \"web\" is forbidden: User \"prod-eu-viewer\" cannot patch resource \"deployments/scale\"",
        );
        assert_eq!(
            m,
            "forbidden (403): prod-eu-viewer may not patch deployments/scale \"web\" in namespace shop on cluster prod-eu-viewer; the server said: deployments.apps \"web\" is forbidden: User \"prod-eu-viewer\" cannot patch resource \"deployments/scale\""
        );
        let n = forbidden("ops", "prod-us", &Method::PATCH, "/api/v1/nodes/n1", "no");
        assert!(
            n.contains("ops may not patch nodes \"n1\" on cluster prod-us"),
            "{n}"
        );
    }
}
