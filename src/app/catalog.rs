//! What each open cluster serves (its discovery, `kube::discovery`), and
//! resolving a name typed on the command line to a resource as kubectl
//! does: plural, singular, short names and kinds, `name.group` (or
//! `name.version.group`) to pick a group, categories (`all`). A resource
//! served by some clusters and not others is shown for those that serve
//! it; the others are named (`health::problems`).
//!
//! Kinds kdeck knows natively resolve to their own views before discovery
//! is asked (they work while it is under way).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::view::View;
use crate::kube::discovery::{ApiResource, Resources};
use crate::kube::kind::{Kind, Res};

/// Discovery older than this is asked again when the command line opens
/// (clusters whose CRDs are followed are told of changes at once).
pub const STALE_SECS: i64 = 60;

/// One cluster's discovery.
#[derive(Debug, Default)]
pub struct ClusterResources {
    pub resources: Option<Arc<Resources>>,
    /// Why the last discovery failed, if it did.
    pub error: Option<String>,
    /// When it was last asked for (an answer is awaited or came).
    pub asked: Option<DateTime<Utc>>,
    /// CRDs (`plural.group`) deleted while kdeck followed this cluster and
    /// not served again since: what a view of their resources says.
    pub deleted_crds: std::collections::HashSet<String>,
}

impl ClusterResources {
    /// A new discovery: what it serves, and which CRDs went.
    pub fn discovered(&mut self, r: &Arc<Resources>) {
        self.deleted_crds
            .extend(r.deleted_crds.iter().map(|n| n.to_string()));
        if !self.deleted_crds.is_empty() {
            for a in &r.items {
                self.deleted_crds.remove(&a.res.qualified());
            }
        }
        self.resources = Some(r.clone());
        self.error = None;
    }

    /// Whether `res`'s CRD was deleted here (and not created again).
    pub fn crd_deleted(&self, res: Res) -> bool {
        self.deleted_crds.contains(&res.qualified())
    }
}

/// Every open cluster's discovery.
#[derive(Debug, Default)]
pub struct Catalog {
    pub clusters: HashMap<usize, ClusterResources>,
}

/// What a typed name means.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// A view; `also` names other resources the name matched in other
    /// groups (kubectl picks one the same way; `name.group` picks another).
    View { view: View, also: Vec<String> },
    /// A category (`all`): the resources in it, by their qualified names.
    Category { name: String, members: Vec<String> },
}

/// How early a group comes when a name matches in several: the core
/// group, then the built-in groups, then the others.
fn group_rank(group: &str) -> (u8, &str) {
    if group.is_empty() {
        (0, group)
    } else if !group.contains('.') || group.ends_with(".k8s.io") {
        (1, group)
    } else {
        (2, group)
    }
}

/// The view of a resource: its native kind if kdeck has one.
pub fn view_of(res: Res) -> View {
    let r = res.get();
    View::Kind(Kind::native(r.group, r.plural).unwrap_or(Kind::Generic(res)))
}

/// `name`, `name.group` or `name.version.group` split (lower-case); the
/// group is None when none was given.
fn split(word: &str) -> (String, Option<String>, Option<String>) {
    let w = word.to_lowercase();
    match w.split_once('.') {
        None => (w, None, None),
        Some((name, rest)) => {
            if let Some((v, group)) = rest.split_once('.')
                && v.starts_with('v')
                && v[1..].starts_with(|c: char| c.is_ascii_digit())
            {
                return (name.into(), Some(v.into()), Some(group.into()));
            }
            (name.into(), None, Some(rest.into()))
        }
    }
}

fn names_match(a: &ApiResource, name: &str) -> bool {
    let r = a.res.get();
    r.plural == name
        || &*a.singular == name
        || r.kind.eq_ignore_ascii_case(name)
        || a.short_names.iter().any(|s| s.eq_ignore_ascii_case(name))
}

impl Catalog {
    /// The resources every cluster with a discovery serves.
    fn all(&self) -> impl Iterator<Item = &ApiResource> {
        let mut keys: Vec<&usize> = self.clusters.keys().collect();
        keys.sort();
        keys.into_iter()
            .filter_map(|k| self.clusters.get(k)?.resources.as_deref())
            .flat_map(|r| r.items.iter())
            .filter(|a| a.viewable())
    }

    /// Whether cluster `c` serves `kind`: None while unknown. Native kinds
    /// are taken as served.
    pub fn serves(&self, c: usize, kind: Kind) -> Option<bool> {
        let Kind::Generic(res) = kind else {
            return Some(true);
        };
        Some(self.clusters.get(&c)?.resources.as_ref()?.serves(res))
    }

    /// Every name accepted for a served resource (plural, singular, short
    /// names, `plural.group`) with a rank: 0 for plurals, 1 for the others
    /// (for completion and suggestions).
    pub fn words(&self) -> Vec<(String, u8)> {
        let mut out: Vec<(String, u8)> = Vec::new();
        for a in self.all() {
            let r = a.res.get();
            out.push((r.plural.to_string(), 0));
            out.push((a.singular.to_string(), 1));
            for s in a.short_names.iter() {
                out.push((s.to_lowercase(), 1));
            }
            if !r.group.is_empty() {
                out.push((format!("{}.{}", r.plural, r.group), 1));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The categories served (`all`, ...).
    pub fn categories(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .all()
            .flat_map(|a| a.categories.iter().map(|c| c.to_string()))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// What `word` names: a served resource (by any of its names, in the
    /// group given if any) or a category. None when nothing matches.
    pub fn resolve(&self, word: &str) -> Option<Resolved> {
        let (name, version, group) = split(word);
        let mut found: Vec<Res> = Vec::new();
        for a in self.all() {
            let r = a.res.get();
            if group.as_deref().is_some_and(|g| g != r.group)
                || version.as_deref().is_some_and(|v| v != r.version)
                || !names_match(a, &name)
            {
                continue;
            }
            if !found
                .iter()
                .any(|f| f.get().group == r.group && f.get().plural == r.plural)
            {
                found.push(a.res);
            }
        }
        found.sort_by(|a, b| {
            group_rank(a.get().group)
                .cmp(&group_rank(b.get().group))
                .then(a.get().plural.cmp(b.get().plural))
        });
        if let Some((first, rest)) = found.split_first() {
            return Some(Resolved::View {
                view: view_of(*first),
                also: rest.iter().map(|r| r.qualified()).collect(),
            });
        }
        if group.is_some() {
            return None;
        }
        let mut members: Vec<String> = self
            .all()
            .filter(|a| a.categories.iter().any(|c| c.eq_ignore_ascii_case(&name)))
            .map(|a| a.res.qualified())
            .collect();
        members.dedup();
        let mut seen = std::collections::HashSet::new();
        members.retain(|m| seen.insert(m.clone()));
        (!members.is_empty()).then_some(Resolved::Category { name, members })
    }
}

#[cfg(test)]
mod tests;
