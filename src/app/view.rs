//! The kinds of table the console shows, with their names and aliases.

/// A table view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ViewKind {
    Clusters,
    Namespaces,
    Pods,
    Deployments,
    StatefulSets,
    DaemonSets,
    ReplicaSets,
    Services,
    Nodes,
    ResourceQuotas,
    LimitRanges,
    Events,
}

impl ViewKind {
    pub const ALL: [ViewKind; 12] = [
        ViewKind::Clusters,
        ViewKind::Namespaces,
        ViewKind::Pods,
        ViewKind::Deployments,
        ViewKind::StatefulSets,
        ViewKind::DaemonSets,
        ViewKind::ReplicaSets,
        ViewKind::Services,
        ViewKind::Nodes,
        ViewKind::ResourceQuotas,
        ViewKind::LimitRanges,
        ViewKind::Events,
    ];

    /// The canonical (plural) name, as in `:pods`.
    pub fn name(self) -> &'static str {
        match self {
            ViewKind::Clusters => "clusters",
            ViewKind::Namespaces => "namespaces",
            ViewKind::Pods => "pods",
            ViewKind::Deployments => "deployments",
            ViewKind::StatefulSets => "statefulsets",
            ViewKind::DaemonSets => "daemonsets",
            ViewKind::ReplicaSets => "replicasets",
            ViewKind::Services => "services",
            ViewKind::Nodes => "nodes",
            ViewKind::ResourceQuotas => "resourcequotas",
            ViewKind::LimitRanges => "limitranges",
            ViewKind::Events => "events",
        }
    }

    /// Other names accepted on the command line: kubectl's singular, short
    /// names and k9s-style aliases.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            ViewKind::Clusters => &["cluster", "ctx", "context", "contexts"],
            ViewKind::Namespaces => &["namespace", "ns"],
            ViewKind::Pods => &["pod", "po"],
            ViewKind::Deployments => &["deployment", "deploy", "dp"],
            ViewKind::StatefulSets => &["statefulset", "sts"],
            ViewKind::DaemonSets => &["daemonset", "ds"],
            ViewKind::ReplicaSets => &["replicaset", "rs"],
            ViewKind::Services => &["service", "svc"],
            ViewKind::Nodes => &["node", "no"],
            ViewKind::ResourceQuotas => &["resourcequota", "quota", "quotas"],
            ViewKind::LimitRanges => &["limitrange", "limits"],
            ViewKind::Events => &["event", "ev"],
        }
    }

    /// The view named `s` (case-insensitive), by name or alias.
    pub fn parse(s: &str) -> Option<ViewKind> {
        let s = s.to_ascii_lowercase();
        ViewKind::ALL
            .into_iter()
            .find(|v| v.name() == s || v.aliases().contains(&s.as_str()))
    }

    /// Whether objects of this kind live in namespaces.
    pub fn namespaced(self) -> bool {
        !matches!(
            self,
            ViewKind::Clusters | ViewKind::Namespaces | ViewKind::Nodes
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_resolve() {
        assert_eq!(ViewKind::parse("po"), Some(ViewKind::Pods));
        assert_eq!(ViewKind::parse("DEPLOY"), Some(ViewKind::Deployments));
        assert_eq!(ViewKind::parse("quota"), Some(ViewKind::ResourceQuotas));
        assert_eq!(ViewKind::parse("ctx"), Some(ViewKind::Clusters));
        assert_eq!(ViewKind::parse("nope"), None);
        for v in ViewKind::ALL {
            assert_eq!(ViewKind::parse(v.name()), Some(v));
        }
    }
}
