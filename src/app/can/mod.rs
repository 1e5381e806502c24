//! What may I do here (`:can`, for auditing sessions): the user's
//! permissions per cluster and namespace, from one SelfSubjectRulesReview
//! each (asked when the view opens, again after `FRESH`), as a matrix of
//! verbs × resources. The resources are the kinds kdeck shows, the
//! subresources its actions use (logs, exec, scale, eviction) and any other
//! the rules name.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::command::NamespaceScope;
use super::state::State;
use super::view::View;
use crate::kube::kind::Kind;
use crate::kube::rules::{Allowed, Rules, RulesKey};

/// The verbs shown, in the matrix's order.
pub const VERBS: [&str; 7] = [
    "get", "list", "watch", "create", "update", "patch", "delete",
];

/// Answers older than this are asked again while the view is open.
const FRESH: i64 = 300;

/// What kdeck's actions and views also need, with its API group: logs,
/// shells, eviction (drain), secrets, scale.
const ALSO: [(&str, &str); 6] = [
    ("", "pods/log"),
    ("", "pods/exec"),
    ("", "pods/eviction"),
    ("", "secrets"),
    ("apps", "deployments/scale"),
    ("apps", "statefulsets/scale"),
];

/// One answer (or why there is none).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub at: DateTime<Utc>,
    pub result: Result<Rules, String>,
}

/// The reviews asked and answered.
#[derive(Debug, Default)]
pub struct Can {
    pub answers: BTreeMap<RulesKey, Answer>,
    /// Asked and not answered yet (with when).
    pub asked: BTreeMap<RulesKey, DateTime<Utc>>,
    /// Bumped on every answer (the view recomputes its rows).
    pub generation: u64,
}

impl Can {
    pub fn answer(&mut self, key: RulesKey, result: Result<Rules, String>, now: DateTime<Utc>) {
        self.asked.remove(&key);
        self.answers.insert(key, Answer { at: now, result });
        self.generation += 1;
    }
}

/// The namespaces asked about on `cluster`: those of the view, else the
/// context's own (a rules review is always for one namespace; rules
/// granted cluster-wide show in every namespace's answer).
pub fn namespaces(s: &State, cluster: usize) -> Vec<String> {
    match &s.view.scope.namespaces {
        NamespaceScope::Some(v) if !v.is_empty() => v.clone(),
        _ => vec![
            s.clusters
                .get(cluster)
                .and_then(|c| c.namespace.clone())
                .unwrap_or_else(|| "default".to_string()),
        ],
    }
}

/// The reviews the view needs and does not have (nor has asked for in
/// the last `FRESH` seconds); marks them asked.
pub fn to_ask(s: &mut State) -> Vec<RulesKey> {
    if s.view.scope.kind != View::Can {
        return Vec::new();
    }
    let now = s.now;
    let fresh = |t: DateTime<Utc>| now - t < Duration::seconds(FRESH);
    let mut want = Vec::new();
    for cluster in s.view_clusters() {
        for namespace in namespaces(s, cluster) {
            let key = RulesKey { cluster, namespace };
            let answered = s.can.answers.get(&key).is_some_and(|a| fresh(a.at));
            let asked = s.can.asked.get(&key).is_some_and(|t| fresh(*t));
            if !answered && !asked {
                want.push(key);
            }
        }
    }
    for k in &want {
        s.can.asked.insert(k.clone(), now);
    }
    want
}

/// A row of the matrix: one resource in one namespace of one cluster (its
/// `RowRef::uid`), or the review's failure.
#[derive(Debug, Clone, PartialEq)]
pub struct CanRow {
    pub namespace: String,
    /// `deployments.apps`, `pods/log`.
    pub resource: String,
    /// One per verb of `VERBS`.
    pub verbs: Vec<Allowed>,
    /// Why the row says nothing (the review failed), or that the server
    /// could not list every rule.
    pub note: String,
    /// The view it opens with `enter`.
    pub view: Option<Kind>,
}

/// What the matrix lists: the kinds shown, the subresources actions need,
/// and any resource the rules name.
fn resources(rules: &Rules) -> Vec<(String, String, Option<Kind>)> {
    let mut v: Vec<(String, String, Option<Kind>)> = Kind::ALL
        .iter()
        .map(|k| (k.group().to_string(), k.name().to_string(), Some(*k)))
        .collect();
    for (g, r) in ALSO {
        v.push((g.to_string(), r.to_string(), None));
    }
    for (g, r) in rules.named_resources() {
        if !v.iter().any(|(vg, vr, _)| *vg == g && *vr == r) {
            v.push((g, r, None));
        }
    }
    v
}

fn qualified(group: &str, resource: &str) -> String {
    if group.is_empty() {
        resource.to_string()
    } else {
        match resource.split_once('/') {
            Some((r, sub)) => format!("{r}.{group}/{sub}"),
            None => format!("{resource}.{group}"),
        }
    }
}

/// The rows of one answer, keyed by their `RowRef::uid`.
pub fn rows(key: &RulesKey, answer: &Answer) -> Vec<(String, CanRow)> {
    rows_of(key, answer, None)
}

/// The rows of one answer; with `only`, the row of that resource alone (the
/// cells of one row are drawn without matching every resource's verbs).
fn rows_of(key: &RulesKey, answer: &Answer, only: Option<&str>) -> Vec<(String, CanRow)> {
    let rules = match &answer.result {
        Ok(r) => r,
        Err(e) => {
            let row = CanRow {
                namespace: key.namespace.clone(),
                resource: "-".into(),
                verbs: Vec::new(),
                note: format!("rules review failed: {e}"),
                view: None,
            };
            return vec![(format!("{}|!", key.namespace), row)];
        }
    };
    let note = if rules.incomplete {
        let why = if rules.error.is_empty() {
            String::new()
        } else {
            format!(": {}", rules.error)
        };
        format!("incomplete{why} (what is not listed may still be allowed)")
    } else {
        String::new()
    };
    resources(rules)
        .into_iter()
        .filter(|(group, resource, _)| only.is_none_or(|o| qualified(group, resource) == o))
        .map(|(group, resource, view)| {
            let verbs = VERBS
                .iter()
                .map(|v| rules.allows(v, &group, &resource))
                .collect();
            let name = qualified(&group, &resource);
            let row = CanRow {
                namespace: key.namespace.clone(),
                resource: name.clone(),
                verbs,
                note: note.clone(),
                view,
            };
            (format!("{}|{name}", key.namespace), row)
        })
        .collect()
}

/// The row behind a `RowRef` of the view.
pub fn find(s: &State, cluster: usize, uid: &str) -> Option<CanRow> {
    let (ns, resource) = uid.split_once('|')?;
    let key = RulesKey {
        cluster,
        namespace: ns.to_string(),
    };
    let answer = s.can.answers.get(&key)?;
    rows_of(&key, answer, Some(resource))
        .into_iter()
        .find(|(u, _)| u == uid)
        .map(|(_, r)| r)
}

#[cfg(test)]
mod tests;
