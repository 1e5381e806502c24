//! The resource kinds kdeck watches: names, aliases, scope.

/// A Kubernetes resource kind kdeck knows natively (a lean row projection,
/// a watch, describe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
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

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Namespaces,
        Kind::Pods,
        Kind::Deployments,
        Kind::StatefulSets,
        Kind::DaemonSets,
        Kind::ReplicaSets,
        Kind::Services,
        Kind::Nodes,
        Kind::ResourceQuotas,
        Kind::LimitRanges,
        Kind::Events,
    ];

    /// The resource name (plural), as in `kubectl get pods`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Namespaces => "namespaces",
            Kind::Pods => "pods",
            Kind::Deployments => "deployments",
            Kind::StatefulSets => "statefulsets",
            Kind::DaemonSets => "daemonsets",
            Kind::ReplicaSets => "replicasets",
            Kind::Services => "services",
            Kind::Nodes => "nodes",
            Kind::ResourceQuotas => "resourcequotas",
            Kind::LimitRanges => "limitranges",
            Kind::Events => "events",
        }
    }

    /// Other accepted names: kubectl's singular and short names, and
    /// k9s-style aliases.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Kind::Namespaces => &["namespace", "ns"],
            Kind::Pods => &["pod", "po"],
            Kind::Deployments => &["deployment", "deploy", "dp"],
            Kind::StatefulSets => &["statefulset", "sts"],
            Kind::DaemonSets => &["daemonset", "ds"],
            Kind::ReplicaSets => &["replicaset", "rs"],
            Kind::Services => &["service", "svc"],
            Kind::Nodes => &["node", "no"],
            Kind::ResourceQuotas => &["resourcequota", "quota", "quotas"],
            Kind::LimitRanges => &["limitrange", "limits"],
            Kind::Events => &["event", "ev"],
        }
    }

    /// The kind named `s` (case-insensitive), by name or alias.
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == s || k.aliases().contains(&s.as_str()))
    }

    /// Whether objects of this kind live in namespaces.
    pub fn namespaced(self) -> bool {
        !matches!(self, Kind::Namespaces | Kind::Nodes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_resolve() {
        assert_eq!(Kind::parse("po"), Some(Kind::Pods));
        assert_eq!(Kind::parse("DEPLOY"), Some(Kind::Deployments));
        assert_eq!(Kind::parse("quota"), Some(Kind::ResourceQuotas));
        assert_eq!(Kind::parse("nope"), None);
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.name()), Some(k));
        }
    }
}
