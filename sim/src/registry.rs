//! The resource types the simulated API server knows: their group, version,
//! kind, scope, verbs, short names and subresources. Discovery, routing,
//! authorization and storage all read this one table.

/// One served resource (a plural name in a group/version).
#[derive(Debug, PartialEq)]
pub struct ResourceDef {
    pub group: &'static str,
    pub version: &'static str,
    pub plural: &'static str,
    pub singular: &'static str,
    pub kind: &'static str,
    pub namespaced: bool,
    pub verbs: &'static [&'static str],
    pub short_names: &'static [&'static str],
    pub categories: &'static [&'static str],
    pub subresources: &'static [Subresource],
    /// Where objects live in the store (events.k8s.io/v1 events are a view of
    /// core/v1 events, as on a real server).
    pub storage: &'static str,
    /// Answered but never stored (metrics, access reviews).
    pub virtual_only: bool,
    /// Served for a CustomResourceDefinition (see `crate::crd`): objects keep
    /// their kind and apiVersion in lists, Tables come from the CRD's
    /// printer columns.
    pub custom: bool,
}

#[derive(Debug, PartialEq)]
pub struct Subresource {
    pub name: &'static str,
    pub kind: &'static str,
    pub verbs: &'static [&'static str],
}

pub const RW: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];
const RW_NS: &[&str] = &[
    "create", "delete", "get", "list", "patch", "update", "watch",
];
pub(crate) const STATUS: Subresource = Subresource {
    name: "status",
    kind: "",
    verbs: &["get", "patch", "update"],
};
pub const STATUS_ONLY: &[Subresource] = &[STATUS];
pub const SCALE_STATUS: &[Subresource] = &[SCALE, STATUS];
pub const SCALE_ONLY: &[Subresource] = &[SCALE];
pub(crate) const SCALE: Subresource = Subresource {
    name: "scale",
    kind: "Scale",
    verbs: &["get", "patch", "update"],
};

macro_rules! res {
    ($group:expr, $version:expr, $plural:expr, $singular:expr, $kind:expr, $ns:expr,
     $verbs:expr, $short:expr, $cats:expr, $subs:expr) => {
        ResourceDef {
            group: $group,
            version: $version,
            plural: $plural,
            singular: $singular,
            kind: $kind,
            namespaced: $ns,
            verbs: $verbs,
            short_names: $short,
            categories: $cats,
            subresources: $subs,
            storage: $plural,
            virtual_only: false,
            custom: false,
        }
    };
}

pub static RESOURCES: &[ResourceDef] = &[
    res!(
        "",
        "v1",
        "namespaces",
        "namespace",
        "Namespace",
        false,
        RW_NS,
        &["ns"],
        &[],
        &[
            STATUS,
            Subresource {
                name: "finalize",
                kind: "",
                verbs: &["update"]
            }
        ]
    ),
    res!(
        "",
        "v1",
        "nodes",
        "node",
        "Node",
        false,
        RW,
        &["no"],
        &[],
        &[STATUS]
    ),
    res!(
        "",
        "v1",
        "pods",
        "pod",
        "Pod",
        true,
        RW,
        &["po"],
        &["all"],
        &[
            STATUS,
            Subresource {
                name: "log",
                kind: "Pod",
                verbs: &["get"]
            },
            Subresource {
                name: "exec",
                kind: "PodExecOptions",
                verbs: &["create", "get"]
            },
            Subresource {
                name: "eviction",
                kind: "Eviction",
                verbs: &["create"]
            },
        ]
    ),
    res!(
        "",
        "v1",
        "services",
        "service",
        "Service",
        true,
        RW,
        &["svc"],
        &["all"],
        &[STATUS]
    ),
    res!(
        "",
        "v1",
        "configmaps",
        "configmap",
        "ConfigMap",
        true,
        RW,
        &["cm"],
        &[],
        &[]
    ),
    res!(
        "",
        "v1",
        "secrets",
        "secret",
        "Secret",
        true,
        RW,
        &[],
        &[],
        &[]
    ),
    res!(
        "",
        "v1",
        "serviceaccounts",
        "serviceaccount",
        "ServiceAccount",
        true,
        RW,
        &["sa"],
        &[],
        &[]
    ),
    res!(
        "",
        "v1",
        "events",
        "event",
        "Event",
        true,
        RW,
        &["ev"],
        &[],
        &[]
    ),
    res!(
        "",
        "v1",
        "resourcequotas",
        "resourcequota",
        "ResourceQuota",
        true,
        RW,
        &["quota"],
        &[],
        &[STATUS]
    ),
    res!(
        "",
        "v1",
        "limitranges",
        "limitrange",
        "LimitRange",
        true,
        RW,
        &["limits"],
        &[],
        &[]
    ),
    res!(
        "",
        "v1",
        "endpoints",
        "endpoints",
        "Endpoints",
        true,
        RW,
        &["ep"],
        &[],
        &[]
    ),
    res!(
        "",
        "v1",
        "persistentvolumeclaims",
        "persistentvolumeclaim",
        "PersistentVolumeClaim",
        true,
        RW,
        &["pvc"],
        &[],
        &[STATUS]
    ),
    res!(
        "",
        "v1",
        "persistentvolumes",
        "persistentvolume",
        "PersistentVolume",
        false,
        RW,
        &["pv"],
        &[],
        &[STATUS]
    ),
    res!(
        "",
        "v1",
        "replicationcontrollers",
        "replicationcontroller",
        "ReplicationController",
        true,
        RW,
        &["rc"],
        &["all"],
        &[SCALE, STATUS]
    ),
    res!(
        "apps",
        "v1",
        "deployments",
        "deployment",
        "Deployment",
        true,
        RW,
        &["deploy"],
        &["all"],
        &[SCALE, STATUS]
    ),
    res!(
        "apps",
        "v1",
        "replicasets",
        "replicaset",
        "ReplicaSet",
        true,
        RW,
        &["rs"],
        &["all"],
        &[SCALE, STATUS]
    ),
    res!(
        "apps",
        "v1",
        "statefulsets",
        "statefulset",
        "StatefulSet",
        true,
        RW,
        &["sts"],
        &["all"],
        &[SCALE, STATUS]
    ),
    res!(
        "apps",
        "v1",
        "daemonsets",
        "daemonset",
        "DaemonSet",
        true,
        RW,
        &["ds"],
        &["all"],
        &[STATUS]
    ),
    res!(
        "apps",
        "v1",
        "controllerrevisions",
        "controllerrevision",
        "ControllerRevision",
        true,
        RW,
        &[],
        &[],
        &[]
    ),
    res!(
        "autoscaling",
        "v2",
        "horizontalpodautoscalers",
        "horizontalpodautoscaler",
        "HorizontalPodAutoscaler",
        true,
        RW,
        &["hpa"],
        &["all"],
        &[STATUS]
    ),
    res!(
        "policy",
        "v1",
        "poddisruptionbudgets",
        "poddisruptionbudget",
        "PodDisruptionBudget",
        true,
        RW,
        &["pdb"],
        &[],
        &[STATUS]
    ),
    res!(
        "batch",
        "v1",
        "jobs",
        "job",
        "Job",
        true,
        RW,
        &[],
        &["all"],
        &[STATUS]
    ),
    res!(
        "batch",
        "v1",
        "cronjobs",
        "cronjob",
        "CronJob",
        true,
        RW,
        &["cj"],
        &["all"],
        &[STATUS]
    ),
    res!(
        "networking.k8s.io",
        "v1",
        "ingressclasses",
        "ingressclass",
        "IngressClass",
        false,
        RW,
        &[],
        &[],
        &[]
    ),
    res!(
        "networking.k8s.io",
        "v1",
        "ingresses",
        "ingress",
        "Ingress",
        true,
        RW,
        &["ing"],
        &[],
        &[STATUS]
    ),
    res!(
        "networking.k8s.io",
        "v1",
        "networkpolicies",
        "networkpolicy",
        "NetworkPolicy",
        true,
        RW,
        &["netpol"],
        &[],
        &[]
    ),
    res!(
        "rbac.authorization.k8s.io",
        "v1",
        "clusterrolebindings",
        "clusterrolebinding",
        "ClusterRoleBinding",
        false,
        RW,
        &[],
        &[],
        &[]
    ),
    res!(
        "rbac.authorization.k8s.io",
        "v1",
        "clusterroles",
        "clusterrole",
        "ClusterRole",
        false,
        RW,
        &[],
        &[],
        &[]
    ),
    res!(
        "rbac.authorization.k8s.io",
        "v1",
        "rolebindings",
        "rolebinding",
        "RoleBinding",
        true,
        RW,
        &[],
        &[],
        &[]
    ),
    res!(
        "rbac.authorization.k8s.io",
        "v1",
        "roles",
        "role",
        "Role",
        true,
        RW,
        &[],
        &[],
        &[]
    ),
    res!(
        "storage.k8s.io",
        "v1",
        "storageclasses",
        "storageclass",
        "StorageClass",
        false,
        RW,
        &["sc"],
        &[],
        &[]
    ),
    res!(
        "apiextensions.k8s.io",
        "v1",
        "customresourcedefinitions",
        "customresourcedefinition",
        "CustomResourceDefinition",
        false,
        RW,
        &["crd", "crds"],
        &["api-extensions"],
        &[STATUS]
    ),
    res!(
        "scheduling.k8s.io",
        "v1",
        "priorityclasses",
        "priorityclass",
        "PriorityClass",
        false,
        RW,
        &["pc"],
        &[],
        &[]
    ),
    res!(
        "discovery.k8s.io",
        "v1",
        "endpointslices",
        "endpointslice",
        "EndpointSlice",
        true,
        RW,
        &[],
        &[],
        &[]
    ),
    ResourceDef {
        storage: "events",
        ..res!(
            "events.k8s.io",
            "v1",
            "events",
            "event",
            "Event",
            true,
            RW,
            &["ev"],
            &[],
            &[]
        )
    },
    ResourceDef {
        virtual_only: true,
        ..res!(
            "authorization.k8s.io",
            "v1",
            "selfsubjectaccessreviews",
            "selfsubjectaccessreview",
            "SelfSubjectAccessReview",
            false,
            &["create"],
            &[],
            &[],
            &[]
        )
    },
    ResourceDef {
        virtual_only: true,
        ..res!(
            "authorization.k8s.io",
            "v1",
            "selfsubjectrulesreviews",
            "selfsubjectrulesreview",
            "SelfSubjectRulesReview",
            false,
            &["create"],
            &[],
            &[],
            &[]
        )
    },
    ResourceDef {
        virtual_only: true,
        ..res!(
            "metrics.k8s.io",
            "v1beta1",
            "nodes",
            "",
            "NodeMetrics",
            false,
            &["get", "list"],
            &[],
            &[],
            &[]
        )
    },
    ResourceDef {
        virtual_only: true,
        ..res!(
            "metrics.k8s.io",
            "v1beta1",
            "pods",
            "",
            "PodMetrics",
            true,
            &["get", "list"],
            &[],
            &[],
            &[]
        )
    },
];

/// The API groups in the order `/apis` lists them (core is served at `/api`).
pub const GROUPS: &[(&str, &str)] = &[
    ("apps", "v1"),
    ("events.k8s.io", "v1"),
    ("authorization.k8s.io", "v1"),
    ("autoscaling", "v2"),
    ("batch", "v1"),
    ("networking.k8s.io", "v1"),
    ("policy", "v1"),
    ("rbac.authorization.k8s.io", "v1"),
    ("storage.k8s.io", "v1"),
    ("apiextensions.k8s.io", "v1"),
    ("scheduling.k8s.io", "v1"),
    ("discovery.k8s.io", "v1"),
    ("metrics.k8s.io", "v1beta1"),
];

impl ResourceDef {
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// `pods` or `deployments.apps`, as API-server messages name a resource.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    pub fn list_kind(&self) -> String {
        format!("{}List", self.kind)
    }

    pub fn has_subresource(&self, name: &str) -> bool {
        self.subresources.iter().any(|s| s.name == name)
    }
}

/// The resource at `group/version/plural`, if served.
pub fn find(group: &str, version: &str, plural: &str) -> Option<&'static ResourceDef> {
    RESOURCES
        .iter()
        .find(|r| r.group == group && r.version == version && r.plural == plural)
}

/// The stored resource with this storage name (core/v1 for events).
pub fn storage(name: &str) -> Option<&'static ResourceDef> {
    RESOURCES
        .iter()
        .find(|r| !r.virtual_only && r.plural == name && r.storage == name)
}

/// Whether `group/version` is served, given whether metrics are enabled.
pub fn group_served(group: &str, version: &str, metrics: bool) -> bool {
    GROUPS
        .iter()
        .any(|(g, v)| *g == group && *v == version && (metrics || *g != "metrics.k8s.io"))
}

pub fn in_group(group: &str, version: &str) -> impl Iterator<Item = &'static ResourceDef> {
    let (g, v) = (group.to_string(), version.to_string());
    RESOURCES
        .iter()
        .filter(move |r| r.group == g && r.version == v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_name_resolves() {
        for r in RESOURCES.iter().filter(|r| !r.virtual_only) {
            assert_eq!(storage(r.storage).unwrap().plural, r.storage);
        }
        assert_eq!(storage("events").unwrap().group, "");
    }

    #[test]
    fn find_and_qualified_names() {
        let d = find("apps", "v1", "deployments").unwrap();
        assert_eq!(d.qualified(), "deployments.apps");
        assert_eq!(d.api_version(), "apps/v1");
        assert!(d.has_subresource("scale"));
        assert_eq!(find("", "v1", "pods").unwrap().qualified(), "pods");
        assert!(find("apps", "v1", "pods").is_none());
        assert!(group_served("metrics.k8s.io", "v1beta1", true));
        assert!(!group_served("metrics.k8s.io", "v1beta1", false));
    }
}
