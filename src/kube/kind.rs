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

    /// The API group and version path (`/api/v1`, `/apis/apps/v1`).
    pub fn api_base(self) -> &'static str {
        match self {
            Kind::Deployments | Kind::StatefulSets | Kind::DaemonSets | Kind::ReplicaSets => {
                "/apis/apps/v1"
            }
            _ => "/api/v1",
        }
    }

    /// The API group (`apps`; empty for the core group), as RBAC names it.
    pub fn group(self) -> &'static str {
        match self {
            Kind::Deployments | Kind::StatefulSets | Kind::DaemonSets | Kind::ReplicaSets => "apps",
            _ => "",
        }
    }

    /// The path of one object (`/apis/apps/v1/namespaces/shop/deployments/web`),
    /// or of the kind's collection when `name` is empty.
    pub fn path(self, namespace: &str, name: &str) -> String {
        let mut p = self.api_base().to_string();
        if self.namespaced() && !namespace.is_empty() {
            p.push_str("/namespaces/");
            p.push_str(namespace);
        }
        p.push('/');
        p.push_str(self.name());
        if !name.is_empty() {
            p.push('/');
            p.push_str(name);
        }
        p
    }

    /// The kind as the API names one object of it (`Deployment`).
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Namespaces => "Namespace",
            Kind::Pods => "Pod",
            Kind::Deployments => "Deployment",
            Kind::StatefulSets => "StatefulSet",
            Kind::DaemonSets => "DaemonSet",
            Kind::ReplicaSets => "ReplicaSet",
            Kind::Services => "Service",
            Kind::Nodes => "Node",
            Kind::ResourceQuotas => "ResourceQuota",
            Kind::LimitRanges => "LimitRange",
            Kind::Events => "Event",
        }
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

    #[test]
    fn paths_like_the_api_server() {
        assert_eq!(
            Kind::Deployments.path("shop", "web"),
            "/apis/apps/v1/namespaces/shop/deployments/web"
        );
        assert_eq!(Kind::Nodes.path("", "n1"), "/api/v1/nodes/n1");
        assert_eq!(Kind::Pods.path("shop", ""), "/api/v1/namespaces/shop/pods");
    }
}
