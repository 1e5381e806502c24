//! What may I do here? One SelfSubjectRulesReview per (cluster, namespace):
//! every rule that applies to the user there (what `kubectl auth can-i
//! --list` shows), read into a small list, and matched like the API
//! server's RBAC authorizer matches a request: verbs, API groups,
//! resources (`*`, `pods/log`, `*/scale`) and resource names.

use kube::Client;
use serde_json::{Value, json};

use super::ops::request::{Request, send};

/// The path rules reviews are posted to.
pub const RULES_REVIEWS: &str = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

/// One review: the rules of cluster `cluster`'s user in `namespace`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RulesKey {
    pub cluster: usize,
    pub namespace: String,
}

/// One resource rule as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResourceRule {
    pub verbs: Vec<String>,
    pub groups: Vec<String>,
    pub resources: Vec<String>,
    /// When not empty, the rule allows these objects only.
    pub names: Vec<String>,
}

/// The rules of a user in a namespace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rules {
    pub rules: Vec<ResourceRule>,
    /// The server could not list every rule (another authorizer, or an
    /// error): what is listed is allowed, what is not may still be.
    pub incomplete: bool,
    /// The server's `evaluationError`, if any.
    pub error: String,
}

/// How far the rules allow a verb on a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// Every object.
    All,
    /// Only these objects (by name).
    Named(Vec<String>),
    No,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

impl Rules {
    /// Read a SelfSubjectRulesReview's status.
    pub fn of(review: &Value) -> Rules {
        let st = &review["status"];
        Rules {
            rules: st["resourceRules"]
                .as_array()
                .map(|rules| {
                    rules
                        .iter()
                        .map(|r| ResourceRule {
                            verbs: strings(&r["verbs"]),
                            groups: strings(&r["apiGroups"]),
                            resources: strings(&r["resources"]),
                            names: strings(&r["resourceNames"]),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            incomplete: st["incomplete"] == true,
            error: st["evaluationError"].as_str().unwrap_or("").to_string(),
        }
    }

    /// May `verb` be done on `resource` (`pods`, `pods/log`) of API group
    /// `group`? Rules add up: one allowing every object wins over others
    /// allowing some.
    pub fn allows(&self, verb: &str, group: &str, resource: &str) -> Allowed {
        let mut names: Vec<String> = Vec::new();
        for r in &self.rules {
            if !matches(&r.verbs, verb)
                || !matches(&r.groups, group)
                || !resource_matches(&r.resources, resource)
            {
                continue;
            }
            if r.names.is_empty() {
                return Allowed::All;
            }
            for n in &r.names {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            }
        }
        if names.is_empty() {
            Allowed::No
        } else {
            names.sort();
            Allowed::Named(names)
        }
    }

    /// The (group, resource) pairs the rules name outright (not `*`).
    pub fn named_resources(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = Vec::new();
        for r in &self.rules {
            for g in r.groups.iter().filter(|g| *g != "*") {
                for res in r.resources.iter().filter(|x| !x.contains('*')) {
                    let pair = (g.clone(), res.clone());
                    if !v.contains(&pair) {
                        v.push(pair);
                    }
                }
            }
        }
        v
    }
}

fn matches(list: &[String], want: &str) -> bool {
    list.iter().any(|x| x == "*" || x == want)
}

/// RBAC's resource matching: `*` is everything (subresources too),
/// `pods/log` only that subresource, `*/scale` that subresource of any
/// resource.
fn resource_matches(list: &[String], want: &str) -> bool {
    let sub = want.split_once('/').map(|(_, s)| s);
    list.iter().any(|x| {
        x == "*" || x == want || sub.is_some_and(|s| x.strip_prefix("*/").is_some_and(|xs| xs == s))
    })
}

/// The review as posted.
pub fn review_body(namespace: &str) -> Value {
    json!({
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SelfSubjectRulesReview",
        "spec": {"namespace": namespace},
    })
}

/// Ask the server for the user's rules in `namespace` (a create that
/// changes nothing; every authenticated user may).
pub async fn review(client: &Client, namespace: &str) -> Result<Rules, String> {
    let req = Request::post(RULES_REVIEWS.into(), review_body(namespace));
    match send(client, &req, false).await {
        Ok(v) => Ok(Rules::of(&v)),
        Err(f) if f.code == 0 => Err(f.message),
        Err(f) => Err(format!("{}: {}", f.code, f.message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire() -> Rules {
        let text = include_str!("rules_testdata/ssrr.json");
        Rules::of(&serde_json::from_str(text).unwrap())
    }

    #[test]
    fn reads_a_real_answer() {
        let r = wire();
        assert!(!r.rules.is_empty());
        assert_eq!(r.allows("list", "", "pods"), Allowed::All);
        assert_eq!(r.allows("get", "", "pods/log"), Allowed::All);
        assert_eq!(r.allows("delete", "", "pods"), Allowed::No);
        assert_eq!(r.allows("get", "", "secrets"), Allowed::No);
        // The self reviews every user may create.
        assert_eq!(
            r.allows("create", "authorization.k8s.io", "selfsubjectaccessreviews"),
            Allowed::All
        );
    }

    fn rule(verbs: &[&str], groups: &[&str], res: &[&str], names: &[&str]) -> ResourceRule {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
        ResourceRule {
            verbs: v(verbs),
            groups: v(groups),
            resources: v(res),
            names: v(names),
        }
    }

    #[test]
    fn wildcards_subresources_and_names() {
        let r = Rules {
            rules: vec![
                rule(&["*"], &["apps"], &["*/scale"], &[]),
                rule(&["get"], &[""], &["secrets"], &["tls-b", "tls-a"]),
                rule(&["get"], &[""], &["secrets"], &["tls-a"]),
                rule(&["list"], &["*"], &["*"], &[]),
            ],
            ..Rules::default()
        };
        assert_eq!(r.allows("patch", "apps", "deployments/scale"), Allowed::All);
        assert_eq!(r.allows("patch", "apps", "deployments"), Allowed::No);
        assert_eq!(r.allows("patch", "", "deployments/scale"), Allowed::No);
        assert_eq!(
            r.allows("get", "", "secrets"),
            Allowed::Named(vec!["tls-a".into(), "tls-b".into()])
        );
        assert_eq!(r.allows("list", "batch", "jobs"), Allowed::All);
        assert_eq!(r.allows("list", "", "pods/log"), Allowed::All);
        assert_eq!(
            r.named_resources(),
            vec![("".to_string(), "secrets".to_string())]
        );
    }

    #[test]
    fn odd_answers_read_as_nothing_allowed() {
        let r = Rules::of(&json!({"status": {"resourceRules": [{"verbs": "get"}, 3],
            "incomplete": true, "evaluationError": "webhook: timeout"}}));
        assert_eq!(r.allows("get", "", "pods"), Allowed::No);
        assert!(r.incomplete);
        assert_eq!(r.error, "webhook: timeout");
        assert_eq!(Rules::of(&json!(null)), Rules::default());
    }
}
