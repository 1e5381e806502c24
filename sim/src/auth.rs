//! Users, bearer tokens and RBAC-like rules of a simulated cluster. The same
//! rules enforce access and answer SelfSubjectAccessReview and
//! SelfSubjectRulesReview, so `kubectl auth can-i` tells the truth.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::status::{ApiError, qualified};

#[derive(Debug, Clone)]
pub struct Rule {
    pub verbs: Vec<String>,
    pub api_groups: Vec<String>,
    pub resources: Vec<String>,
    /// Namespaces this rule applies in (a RoleBinding); None = cluster-wide.
    pub namespaces: Option<Vec<String>>,
}

impl Rule {
    fn new(verbs: &[&str], groups: &[&str], resources: &[&str]) -> Rule {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect();
        Rule {
            verbs: s(verbs),
            api_groups: s(groups),
            resources: s(resources),
            namespaces: None,
        }
    }

    fn matches(&self, a: &Attributes) -> bool {
        let any = |list: &[String], v: &str| list.iter().any(|x| x == "*" || x == v);
        let resource = a.resource_path();
        let ns_ok = match &self.namespaces {
            None => true,
            Some(list) => !a.namespace.is_empty() && list.iter().any(|n| n == a.namespace),
        };
        ns_ok
            && any(&self.verbs, a.verb)
            && any(&self.api_groups, a.group)
            && (any(&self.resources, &resource)
                || (!a.subresource.is_empty()
                    && self
                        .resources
                        .iter()
                        .any(|r| r == &format!("*/{}", a.subresource))))
    }

    fn to_json(&self) -> Value {
        json!({"verbs": self.verbs, "apiGroups": self.api_groups, "resources": self.resources})
    }
}

#[derive(Debug, Clone)]
pub struct User {
    pub name: String,
    pub token: String,
    pub rules: Vec<Rule>,
    /// The namespace of this user's kubeconfig context.
    pub namespace: String,
}

/// What a request asks to do, in the API server's authorization terms.
#[derive(Debug, Clone, Default)]
pub struct Attributes<'a> {
    pub verb: &'a str,
    pub group: &'a str,
    pub resource: &'a str,
    pub subresource: &'a str,
    pub namespace: &'a str,
    pub name: &'a str,
}

impl Attributes<'_> {
    fn resource_path(&self) -> String {
        if self.subresource.is_empty() {
            self.resource.to_string()
        } else {
            format!("{}/{}", self.resource, self.subresource)
        }
    }

    /// The 403 a real server answers for this request.
    pub fn forbidden(&self, user: &str) -> ApiError {
        let what = qualified(self.group, self.resource);
        let subject = if self.name.is_empty() {
            what
        } else {
            format!("{what} \"{}\"", self.name)
        };
        let scope = if self.namespace.is_empty() {
            "at the cluster scope".to_string()
        } else {
            format!("in the namespace \"{}\"", self.namespace)
        };
        let mut details = serde_json::Map::new();
        if !self.name.is_empty() {
            details.insert("name".into(), json!(self.name));
        }
        if !self.group.is_empty() {
            details.insert("group".into(), json!(self.group));
        }
        details.insert("kind".into(), json!(self.resource));
        ApiError::new(
            403,
            "Forbidden",
            format!(
                "{subject} is forbidden: User \"{user}\" cannot {} resource \"{}\" in API group \"{}\" {scope}",
                self.verb,
                self.resource_path(),
                self.group
            ),
        )
        .with_details(Value::Object(details))
    }
}

/// The rules every authenticated user has (system:basic-user, discovery).
fn basic_rules() -> Vec<Rule> {
    vec![Rule::new(
        &["create"],
        &["authorization.k8s.io"],
        &["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
    )]
}

pub fn admin_rules() -> Vec<Rule> {
    vec![Rule::new(&["*"], &["*"], &["*"])]
}

/// Read access to everything but secrets (and no exec, which can write).
pub fn viewer_rules() -> Vec<Rule> {
    vec![
        Rule::new(
            &["get", "list", "watch"],
            &[""],
            &[
                "configmaps",
                "endpoints",
                "events",
                "limitranges",
                "namespaces",
                "namespaces/status",
                "nodes",
                "nodes/status",
                "persistentvolumeclaims",
                "persistentvolumeclaims/status",
                "pods",
                "pods/log",
                "pods/status",
                "replicationcontrollers",
                "replicationcontrollers/status",
                "resourcequotas",
                "resourcequotas/status",
                "serviceaccounts",
                "services",
                "services/status",
            ],
        ),
        Rule::new(
            &["get", "list", "watch"],
            &["apps"],
            &[
                "controllerrevisions",
                "daemonsets",
                "daemonsets/status",
                "deployments",
                "deployments/scale",
                "deployments/status",
                "replicasets",
                "replicasets/scale",
                "replicasets/status",
                "statefulsets",
                "statefulsets/scale",
                "statefulsets/status",
            ],
        ),
        Rule::new(
            &["get", "list", "watch"],
            &["batch"],
            &["cronjobs", "cronjobs/status", "jobs", "jobs/status"],
        ),
        Rule::new(
            &["get", "list", "watch"],
            &["networking.k8s.io"],
            &["ingresses", "ingresses/status", "networkpolicies"],
        ),
        Rule::new(&["get", "list", "watch"], &["events.k8s.io"], &["events"]),
        Rule::new(
            &["get", "list", "watch"],
            &["autoscaling"],
            &[
                "horizontalpodautoscalers",
                "horizontalpodautoscalers/status",
            ],
        ),
        Rule::new(
            &["get", "list", "watch"],
            &["policy"],
            &["poddisruptionbudgets", "poddisruptionbudgets/status"],
        ),
        Rule::new(
            &["get", "list", "watch"],
            &["metrics.k8s.io"],
            &["nodes", "pods"],
        ),
    ]
}

/// Read access (and pods/log) only inside `namespaces`, as a RoleBinding
/// of the `view` role would give: no namespace or node listing.
pub fn namespaced_viewer_rules(namespaces: &[&str]) -> Vec<Rule> {
    viewer_rules()
        .into_iter()
        .map(|mut r| {
            r.resources.retain(|res| {
                !matches!(
                    res.as_str(),
                    "namespaces" | "namespaces/status" | "nodes" | "nodes/status"
                )
            });
            r.namespaces = Some(namespaces.iter().map(|n| n.to_string()).collect());
            r
        })
        .filter(|r| !r.resources.is_empty())
        .collect()
}

#[derive(Debug, Default)]
pub struct Auth {
    users: Vec<User>,
    revoked: HashSet<String>,
}

impl Auth {
    pub fn new(users: Vec<User>) -> Self {
        Auth {
            users,
            revoked: HashSet::new(),
        }
    }

    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// The user a bearer token belongs to, unless unknown or revoked.
    pub fn authenticate(&self, token: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.token == token && !self.revoked.contains(&u.name))
    }

    pub fn user(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }

    /// From now on this user's token is answered with 401.
    pub fn revoke(&mut self, user: &str) -> bool {
        let known = self.user(user).is_some();
        if known {
            self.revoked.insert(user.to_string());
        }
        known
    }

    pub fn restore(&mut self, user: &str) -> bool {
        self.revoked.remove(user)
    }
}

impl User {
    pub fn allowed(&self, a: &Attributes) -> bool {
        basic_rules()
            .iter()
            .chain(&self.rules)
            .any(|r| r.matches(a))
    }

    /// The body of a SelfSubjectAccessReview answer for `review`.
    pub fn access_review(&self, review: &Value) -> Value {
        let ra = &review["spec"]["resourceAttributes"];
        let allowed = if ra.is_object() {
            let s = |k: &str| ra[k].as_str().unwrap_or("");
            self.allowed(&Attributes {
                verb: s("verb"),
                group: s("group"),
                resource: s("resource"),
                subresource: s("subresource"),
                namespace: s("namespace"),
                name: s("name"),
            })
        } else {
            // Non-resource URLs (discovery, health): open to every user.
            review["spec"]["nonResourceAttributes"].is_object()
        };
        let mut out = json!({
            "kind": "SelfSubjectAccessReview",
            "apiVersion": "authorization.k8s.io/v1",
            "metadata": {},
            "spec": review["spec"].clone(),
            "status": {"allowed": allowed},
        });
        if allowed {
            out["status"]["reason"] = json!(format!(
                "RBAC: allowed by ClusterRoleBinding \"{}\" of ClusterRole \"{}\" to User \"{}\"",
                self.name,
                if self.rules.iter().any(|r| r.verbs.iter().any(|v| v == "*")) {
                    "cluster-admin"
                } else {
                    "view"
                },
                self.name
            ));
        }
        out
    }

    /// The body of a SelfSubjectRulesReview answer for one namespace.
    pub fn rules_review(&self, review: &Value) -> Value {
        let ns = review["spec"]["namespace"].as_str().unwrap_or("");
        let rules: Vec<Value> = basic_rules()
            .iter()
            .chain(&self.rules)
            .filter(|r| {
                r.namespaces
                    .as_ref()
                    .is_none_or(|list| list.iter().any(|n| n == ns))
            })
            .map(Rule::to_json)
            .collect();
        json!({
            "kind": "SelfSubjectRulesReview",
            "apiVersion": "authorization.k8s.io/v1",
            "metadata": {},
            "spec": review["spec"].clone(),
            "status": {
                "resourceRules": rules,
                "nonResourceRules": [
                    {"verbs": ["get"], "nonResourceURLs": ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]}
                ],
                "incomplete": false,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer() -> User {
        User {
            name: "v".into(),
            token: "t".into(),
            rules: viewer_rules(),
            namespace: "default".into(),
        }
    }

    fn attrs<'a>(verb: &'a str, group: &'a str, res: &'a str, sub: &'a str) -> Attributes<'a> {
        Attributes {
            verb,
            group,
            resource: res,
            subresource: sub,
            namespace: "shop",
            name: "web",
        }
    }

    #[test]
    fn viewer_reads_but_cannot_write_or_read_secrets() {
        let v = viewer();
        assert!(v.allowed(&attrs("list", "", "pods", "")));
        assert!(v.allowed(&attrs("get", "", "pods", "log")));
        assert!(v.allowed(&attrs("watch", "apps", "deployments", "")));
        assert!(!v.allowed(&attrs("patch", "apps", "deployments", "scale")));
        assert!(!v.allowed(&attrs("list", "", "secrets", "")));
        assert!(!v.allowed(&attrs("create", "", "pods", "exec")));
        assert!(v.allowed(&attrs(
            "create",
            "authorization.k8s.io",
            "selfsubjectaccessreviews",
            ""
        )));
    }

    #[test]
    fn admin_may_do_anything() {
        let a = User {
            name: "a".into(),
            token: "x".into(),
            rules: admin_rules(),
            namespace: "default".into(),
        };
        assert!(a.allowed(&attrs("delete", "apps", "deployments", "")));
        assert!(a.allowed(&attrs("create", "", "pods", "exec")));
    }

    #[test]
    fn forbidden_message_matches_real_server() {
        let e = attrs("patch", "apps", "deployments", "scale").forbidden("auditor");
        assert_eq!(
            e.message,
            "deployments.apps \"web\" is forbidden: User \"auditor\" cannot patch resource \"deployments/scale\" in API group \"apps\" in the namespace \"shop\""
        );
        assert_eq!(
            e.details.unwrap(),
            json!({"name": "web", "group": "apps", "kind": "deployments"})
        );
        let mut a = attrs("list", "", "secrets", "");
        a.name = "";
        let e = a.forbidden("auditor");
        assert_eq!(
            e.message,
            "secrets is forbidden: User \"auditor\" cannot list resource \"secrets\" in API group \"\" in the namespace \"shop\""
        );
        assert_eq!(e.details.unwrap(), json!({"kind": "secrets"}));
    }

    #[test]
    fn namespaced_rules_apply_only_there() {
        let mut r = Rule::new(&["get", "list"], &[""], &["pods"]);
        r.namespaces = Some(vec!["shop".into()]);
        let u = User {
            name: "d".into(),
            token: "d".into(),
            rules: vec![r],
            namespace: "shop".into(),
        };
        assert!(u.allowed(&attrs("list", "", "pods", "")));
        let mut other = attrs("list", "", "pods", "");
        other.namespace = "";
        assert!(!u.allowed(&other));
        let rr = u.rules_review(&json!({"spec": {"namespace": "payments"}}));
        assert_eq!(rr["status"]["resourceRules"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn namespaced_viewer_sees_only_its_namespaces() {
        let u = User {
            name: "d".into(),
            token: "d".into(),
            rules: namespaced_viewer_rules(&["shop"]),
            namespace: "shop".into(),
        };
        assert!(u.allowed(&attrs("list", "", "pods", "")));
        let mut all = attrs("list", "", "pods", "");
        all.namespace = "";
        assert!(!u.allowed(&all), "no cluster-wide list");
        let mut ns = attrs("list", "", "namespaces", "");
        ns.namespace = "";
        assert!(!u.allowed(&ns));
        let mut other = attrs("get", "apps", "deployments", "");
        other.namespace = "payments";
        assert!(!u.allowed(&other));
    }

    #[test]
    fn revoked_tokens_stop_authenticating() {
        let mut auth = Auth::new(vec![viewer()]);
        assert!(auth.authenticate("t").is_some());
        assert!(auth.revoke("v"));
        assert!(auth.authenticate("t").is_none());
        auth.restore("v");
        assert!(auth.authenticate("t").is_some());
        assert!(auth.authenticate("nope").is_none());
    }
}
