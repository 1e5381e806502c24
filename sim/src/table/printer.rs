//! Which of the real API server's printers serves a resource.

/// The printer the real API server uses for a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Printer {
    Pod,
    Namespace,
    Node,
    Service,
    ConfigMap,
    Secret,
    ServiceAccount,
    PersistentVolumeClaim,
    Event,
    ResourceQuota,
    Deployment,
    ReplicaSet,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob,
    ControllerRevision,
    PodDisruptionBudget,
    HorizontalPodAutoscaler,
    ReplicationController,
    Ingress,
    IngressClass,
    PersistentVolume,
    StorageClass,
    RoleBinding,
    Endpoints,
    EndpointSlice,
    NetworkPolicy,
    PriorityClass,
    /// Resources without a printer (limitranges, roles, CRDs, ...): Name and
    /// Created At.
    Default,
}

pub(super) fn printer(group: &str, resource: &str) -> Printer {
    match (group, resource) {
        ("", "pods") => Printer::Pod,
        ("", "namespaces") => Printer::Namespace,
        ("", "nodes") => Printer::Node,
        ("", "services") => Printer::Service,
        ("", "configmaps") => Printer::ConfigMap,
        ("", "secrets") => Printer::Secret,
        ("", "serviceaccounts") => Printer::ServiceAccount,
        ("", "persistentvolumeclaims") => Printer::PersistentVolumeClaim,
        ("", "events") | ("events.k8s.io", "events") => Printer::Event,
        ("", "resourcequotas") => Printer::ResourceQuota,
        ("apps", "deployments") => Printer::Deployment,
        ("apps", "replicasets") => Printer::ReplicaSet,
        ("apps", "statefulsets") => Printer::StatefulSet,
        ("apps", "daemonsets") => Printer::DaemonSet,
        ("batch", "jobs") => Printer::Job,
        ("batch", "cronjobs") => Printer::CronJob,
        ("apps", "controllerrevisions") => Printer::ControllerRevision,
        ("policy", "poddisruptionbudgets") => Printer::PodDisruptionBudget,
        ("autoscaling", "horizontalpodautoscalers") => Printer::HorizontalPodAutoscaler,
        ("", "replicationcontrollers") => Printer::ReplicationController,
        ("networking.k8s.io", "ingresses") => Printer::Ingress,
        ("networking.k8s.io", "ingressclasses") => Printer::IngressClass,
        ("networking.k8s.io", "networkpolicies") => Printer::NetworkPolicy,
        ("", "persistentvolumes") => Printer::PersistentVolume,
        ("storage.k8s.io", "storageclasses") => Printer::StorageClass,
        ("rbac.authorization.k8s.io", "rolebindings" | "clusterrolebindings") => {
            Printer::RoleBinding
        }
        ("", "endpoints") => Printer::Endpoints,
        ("discovery.k8s.io", "endpointslices") => Printer::EndpointSlice,
        ("scheduling.k8s.io", "priorityclasses") => Printer::PriorityClass,
        _ => Printer::Default,
    }
}
