//! What a table shows: the clusters overview, or one resource kind.

use crate::kube::kind::Kind;

/// A table view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum View {
    /// The open clusters, one row each (computed from the other caches).
    Clusters,
    Kind(Kind),
}

const CLUSTER_ALIASES: &[&str] = &["cluster", "ctx", "context", "contexts"];

impl View {
    /// Every view, the clusters overview first.
    pub fn all() -> impl Iterator<Item = View> {
        std::iter::once(View::Clusters).chain(Kind::ALL.into_iter().map(View::Kind))
    }

    /// The canonical (plural) name, as in `:pods`.
    pub fn name(self) -> &'static str {
        match self {
            View::Clusters => "clusters",
            View::Kind(k) => k.name(),
        }
    }

    /// Other names accepted on the command line.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            View::Clusters => CLUSTER_ALIASES,
            View::Kind(k) => k.aliases(),
        }
    }

    /// The view named `s` (case-insensitive), by name or alias.
    pub fn parse(s: &str) -> Option<View> {
        let lower = s.to_ascii_lowercase();
        if lower == "clusters" || CLUSTER_ALIASES.contains(&lower.as_str()) {
            return Some(View::Clusters);
        }
        Kind::parse(&lower).map(View::Kind)
    }

    /// The resource kind shown, if any.
    pub fn kind(self) -> Option<Kind> {
        match self {
            View::Clusters => None,
            View::Kind(k) => Some(k),
        }
    }

    /// Whether rows of this view live in namespaces.
    pub fn namespaced(self) -> bool {
        self.kind().is_some_and(Kind::namespaced)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_resolve() {
        assert_eq!(View::parse("po"), Some(View::Kind(Kind::Pods)));
        assert_eq!(View::parse("DEPLOY"), Some(View::Kind(Kind::Deployments)));
        assert_eq!(View::parse("quota"), Some(View::Kind(Kind::ResourceQuotas)));
        assert_eq!(View::parse("ctx"), Some(View::Clusters));
        assert_eq!(View::parse("nope"), None);
        for v in View::all() {
            assert_eq!(View::parse(v.name()), Some(v));
        }
    }
}
