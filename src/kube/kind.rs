//! The resource kinds kdeck watches: names, aliases, scope. The natives
//! have lean projections of their own; any other resource a cluster
//! serves (found by `kube::discovery`) is a [`Kind::Generic`], shown
//! through the server's own Tables.

use std::sync::Mutex;

/// A served resource kdeck has no projection for (configmaps, secrets,
/// custom resources...). Interned: one leaked copy per distinct resource
/// ever discovered in this process (a few hundred at most), so that a
/// [`Kind`] stays `Copy` and names stay `&'static str`.
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Resource {
    /// Empty for the core group.
    pub group: &'static str,
    pub version: &'static str,
    /// The resource name, as in the URL (`configmaps`).
    pub plural: &'static str,
    /// The kind of one object (`ConfigMap`).
    pub kind: &'static str,
    pub namespaced: bool,
}

/// A handle on an interned [`Resource`]: compared by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Res(&'static Resource);

static INTERNED: Mutex<Vec<&'static Resource>> = Mutex::new(Vec::new());

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

impl Res {
    /// The handle of this resource (the same one for the same fields).
    pub fn intern(group: &str, version: &str, plural: &str, kind: &str, namespaced: bool) -> Res {
        let mut all = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = all.iter().find(|r| {
            r.group == group
                && r.version == version
                && r.plural == plural
                && r.kind == kind
                && r.namespaced == namespaced
        }) {
            return Res(r);
        }
        let r: &'static Resource = Box::leak(Box::new(Resource {
            group: leak(group),
            version: leak(version),
            plural: leak(plural),
            kind: leak(kind),
            namespaced,
        }));
        all.push(r);
        Res(r)
    }

    pub fn get(self) -> &'static Resource {
        self.0
    }

    /// `configmaps`, or `certificates.cert-manager.io` outside the core group.
    pub fn qualified(self) -> String {
        if self.0.group.is_empty() {
            self.0.plural.to_string()
        } else {
            format!("{}.{}", self.0.plural, self.0.group)
        }
    }

    /// Whether this is the core group's `secrets` (values hidden until
    /// revealed).
    pub fn is_secret(self) -> bool {
        self.0.group.is_empty() && self.0.plural == "secrets"
    }
}

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
    /// Any other served resource (through server-side Tables).
    Generic(Res),
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
            Kind::Generic(r) => r.0.plural,
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
            // Its names are the cluster's own (discovery).
            Kind::Generic(_) => &[],
        }
    }

    /// The kind named `s` (case-insensitive), by name or alias.
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == s || k.aliases().contains(&s.as_str()))
    }

    /// The API version (`v1`).
    pub fn version(self) -> &'static str {
        match self {
            Kind::Generic(r) => r.0.version,
            _ => "v1",
        }
    }

    /// The API group (`apps`; empty for the core group), as RBAC names it.
    pub fn group(self) -> &'static str {
        match self {
            Kind::Deployments | Kind::StatefulSets | Kind::DaemonSets | Kind::ReplicaSets => "apps",
            Kind::Generic(r) => r.0.group,
            _ => "",
        }
    }

    /// The group and version path (`/api/v1`, `/apis/apps/v1`).
    pub fn api_base(self) -> String {
        match self.group() {
            "" => format!("/api/{}", self.version()),
            g => format!("/apis/{g}/{}", self.version()),
        }
    }

    /// The native kind serving `group`/`plural`, if kdeck has one.
    pub fn native(group: &str, plural: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.group() == group && k.name() == plural)
    }

    /// The generic resource, if this is one.
    pub fn generic(self) -> Option<Res> {
        match self {
            Kind::Generic(r) => Some(r),
            _ => None,
        }
    }

    /// The path of one object (`/apis/apps/v1/namespaces/shop/deployments/web`),
    /// or of the kind's collection when `name` is empty.
    pub fn path(self, namespace: &str, name: &str) -> String {
        let mut p = self.api_base();
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
            Kind::Generic(r) => r.0.kind,
        }
    }

    /// Whether objects of this kind live in namespaces.
    pub fn namespaced(self) -> bool {
        match self {
            Kind::Namespaces | Kind::Nodes => false,
            Kind::Generic(r) => r.0.namespaced,
            _ => true,
        }
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
        let cert = Kind::Generic(Res::intern(
            "cert-manager.io",
            "v1",
            "certificates",
            "Certificate",
            true,
        ));
        assert_eq!(
            cert.path("shop", "web"),
            "/apis/cert-manager.io/v1/namespaces/shop/certificates/web"
        );
        let cm = Kind::Generic(Res::intern("", "v1", "configmaps", "ConfigMap", true));
        assert_eq!(cm.path("", ""), "/api/v1/configmaps");
        assert_eq!(Kind::native("apps", "deployments"), Some(Kind::Deployments));
        assert_eq!(Kind::native("", "configmaps"), None);
    }

    #[test]
    fn interned_resources_are_one() {
        let a = Res::intern("", "v1", "secrets", "Secret", true);
        let b = Res::intern("", "v1", "secrets", "Secret", true);
        assert!(std::ptr::eq(a.get(), b.get()));
        assert!(a.is_secret());
        assert_eq!(a.qualified(), "secrets");
        let c = Res::intern("example.com", "v1", "secrets", "Secret", true);
        assert!(!c.is_secret());
        assert_eq!(c.qualified(), "secrets.example.com");
    }
}
