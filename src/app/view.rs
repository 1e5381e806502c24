//! What a table shows: the clusters overview, or one resource kind.

use crate::kube::kind::Kind;

/// A table view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum View {
    /// The open clusters, one row each (computed from the other caches).
    Clusters,
    /// What is wrong across the open clusters (`app::alerts`).
    Alerts,
    /// What the user may do, per cluster and namespace (`app::can`).
    Can,
    /// The fleet at a glance, one row per cluster (`app::pulse`): the
    /// overview's detailed form.
    Pulse,
    Kind(Kind),
}

const CLUSTER_ALIASES: &[&str] = &["cluster", "ctx", "context", "contexts"];
const CAN_ALIASES: &[&str] = &["can-i", "rbac", "permissions"];

impl View {
    /// Every view, the clusters overview first.
    pub fn all() -> impl Iterator<Item = View> {
        [View::Clusters, View::Pulse, View::Alerts, View::Can]
            .into_iter()
            .chain(Kind::ALL.into_iter().map(View::Kind))
    }

    /// The canonical (plural) name, as in `:pods`.
    pub fn name(self) -> &'static str {
        match self {
            View::Clusters => "clusters",
            View::Alerts => "alerts",
            View::Can => "can",
            View::Pulse => "pulse",
            View::Kind(k) => k.name(),
        }
    }

    /// Other names accepted on the command line.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            View::Clusters => CLUSTER_ALIASES,
            View::Alerts => &["alert"],
            View::Can => CAN_ALIASES,
            View::Pulse => &["pulses"],
            View::Kind(k) => k.aliases(),
        }
    }

    /// What a view computed from the others shows (for help).
    pub fn about(self) -> Option<&'static str> {
        match self {
            View::Clusters => Some("the open clusters: status, version, counts; enter: namespaces"),
            View::Pulse => Some(
                "the fleet: nodes, CPU/MEM and their last hour, pods by phase, warnings/min, quota pressure; enter: pods",
            ),
            View::Alerts => Some("what is wrong across the clusters; enter: the object"),
            View::Can => Some(
                "what you may do: verbs × resources per cluster and namespace; enter: the kind",
            ),
            View::Kind(_) => None,
        }
    }

    /// The view named `s` (case-insensitive), by name or alias.
    pub fn parse(s: &str) -> Option<View> {
        let lower = s.to_ascii_lowercase();
        if lower == "clusters" || CLUSTER_ALIASES.contains(&lower.as_str()) {
            return Some(View::Clusters);
        }
        if lower == "alerts" || lower == "alert" {
            return Some(View::Alerts);
        }
        if lower == "can" || CAN_ALIASES.contains(&lower.as_str()) {
            return Some(View::Can);
        }
        if lower == "pulse" || lower == "pulses" {
            return Some(View::Pulse);
        }
        Kind::parse(&lower).map(View::Kind)
    }

    /// The resource kind shown, if any.
    pub fn kind(self) -> Option<Kind> {
        match self {
            View::Clusters | View::Alerts | View::Can | View::Pulse => None,
            View::Kind(k) => Some(k),
        }
    }

    /// A view computed from the other caches, with no kind of its own.
    pub fn pseudo(self) -> bool {
        matches!(
            self,
            View::Clusters | View::Alerts | View::Can | View::Pulse
        )
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
        assert_eq!(View::parse("pulses"), Some(View::Pulse));
        assert_eq!(View::parse("nope"), None);
        for v in View::all() {
            assert_eq!(View::parse(v.name()), Some(v));
        }
    }
}
