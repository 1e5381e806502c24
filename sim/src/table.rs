//! Server-side `Table` rendering for the simulated API server.
//!
//! kubectl (and Table-based TUIs) ask for
//! `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` and print whatever
//! columns the server sends. This module renders those Tables the way
//! kube-apiserver's built-in printers do: the same column definitions (name,
//! type, format, description, priority), the same cell values and JSON types
//! (some cells are integers, most are strings), and the same row `object`
//! (a `PartialObjectMetadata` by default).
//!
//! The server always prints "wide" rows: priority-1 cells are included and
//! clients hide them unless asked for `-o wide`.
//!
//! Objects may come from users, so every field may be missing or of the wrong
//! JSON type. Nothing here panics: missing data prints the way the real
//! printer prints a zero value, and where the real API server would always
//! have filled a field in by defaulting (a Service's `type`, a Deployment's
//! `spec.replicas`, ...) the default is assumed.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use crate::quantity;
use crate::selector::{self, LabelSelector};

/// Which form of the object each row carries (`?includeObject=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncludeObject {
    /// No object: the row has only its cells.
    None,
    /// A `PartialObjectMetadata` holding the object's metadata (the default).
    Metadata,
    /// The whole object.
    Object,
}

impl IncludeObject {
    /// Parses the `includeObject` query parameter; anything but `None` or
    /// `Object` means the default, `Metadata`.
    pub fn parse(s: Option<&str>) -> IncludeObject {
        match s {
            Some("None") => IncludeObject::None,
            Some("Object") => IncludeObject::Object,
            _ => IncludeObject::Metadata,
        }
    }
}

// Column descriptions, as the real printers take them from the API types'
// generated Swagger docs.
const DESC_NAME: &str = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
const DESC_CREATION: &str = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const DESC_POD_IP: &str = "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.";
const DESC_POD_NODE: &str = "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename";
const DESC_POD_NOMINATED: &str = "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.";
const DESC_POD_GATES: &str = "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates";
const DESC_NODE_SELECTOR: &str = "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/";
const DESC_DEPLOY_UPDATED: &str = "Total number of non-terminating pods targeted by this deployment that have the desired template spec.";
const DESC_DEPLOY_AVAILABLE: &str = "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.";
const DESC_DEPLOY_SELECTOR: &str = "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.";
const DESC_RS_DESIRED: &str = "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset";
const DESC_RS_CURRENT: &str = "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset";
const DESC_RS_READY: &str =
    "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.";
const DESC_RS_SELECTOR: &str = "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";
const DESC_DS_DESIRED: &str = "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/";
const DESC_DS_CURRENT: &str = "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/";
const DESC_DS_READY: &str = "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.";
const DESC_DS_UPDATED: &str = "The total number of nodes that are running updated daemon pod";
const DESC_DS_AVAILABLE: &str = "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)";
const DESC_DS_SELECTOR: &str = "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";
const DESC_JOB_SUCCEEDED: &str = "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.";
const DESC_JOB_SELECTOR: &str = "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";
const DESC_CJ_SCHEDULE: &str =
    "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.";
const DESC_CJ_TIMEZONE: &str = "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones";
const DESC_CJ_SUSPEND: &str = "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.";
const DESC_CJ_ACTIVE: &str = "A list of pointers to currently running jobs.";
const DESC_CJ_LAST_SCHEDULE: &str =
    "Information when was the last time the job was successfully scheduled.";
const DESC_SVC_TYPE: &str = "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types";
const DESC_SVC_CLUSTER_IP: &str = "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies";
const DESC_SVC_EXTERNAL_IPS: &str = "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.";
const DESC_SVC_PORTS: &str = "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies";
const DESC_SVC_SELECTOR: &str = "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/";
const DESC_NODE_KUBELET: &str = "Kubelet Version reported by the node.";
const DESC_NODE_ADDRESSES: &str = "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";
const DESC_NODE_OS_IMAGE: &str =
    "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).";
const DESC_NODE_KERNEL: &str =
    "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).";
const DESC_NODE_RUNTIME: &str = "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).";
const DESC_EVENT_LAST: &str =
    "The time at which the most recent occurrence of this event was recorded.";
const DESC_EVENT_TYPE: &str =
    "Type of this event (Normal, Warning), new types could be added in the future";
const DESC_EVENT_REASON: &str = "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.";
const DESC_EVENT_OBJECT: &str = "The object that this event is about.";
const DESC_EVENT_SUBOBJECT: &str = "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.";
const DESC_EVENT_SOURCE: &str =
    "The component reporting this event. Should be a short machine understandable string.";
const DESC_EVENT_MESSAGE: &str = "A human-readable description of the status of this operation.";
const DESC_EVENT_FIRST: &str =
    "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)";
const DESC_EVENT_COUNT: &str = "The number of times this event has occurred.";
const DESC_SECRET_TYPE: &str = "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types";
const DESC_SECRET_DATA: &str = "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4";
const DESC_CONFIGMAP_DATA: &str = "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.";
const DESC_PVC_PHASE: &str = "phase represents the current phase of PersistentVolumeClaim.";
const DESC_PVC_VOLUME: &str =
    "volumeName is the binding reference to the PersistentVolume backing this claim.";
const DESC_PVC_CAPACITY: &str =
    "capacity represents the actual resources of the underlying volume.";
const DESC_PVC_ACCESS_MODES: &str = "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1";
const DESC_PVC_VOLUME_MODE: &str = "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.";

const DESC_POD_READY: &str = "The aggregate readiness state of this pod for accepting traffic.";
const DESC_POD_STATUS: &str = "The aggregate status of the containers in this pod.";
const DESC_POD_RESTARTS: &str = "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.";
const DESC_READY_REPLICAS: &str = "Number of the pod with ready state";
const DESC_CONTAINERS: &str = "Names of each container in the template.";
const DESC_IMAGES: &str = "Images referenced by each container in the template.";
const DESC_NAMESPACE_STATUS: &str = "The status of the namespace";
const DESC_NODE_STATUS: &str = "The status of the node";
const DESC_NODE_ROLES: &str = "The roles of the node";
const DESC_JOB_STATUS: &str = "Status of the job.";
const DESC_JOB_DURATION: &str = "Time required to complete the job.";
const DESC_QUOTA_REQUEST: &str =
    "Request represents a minimum amount of cpu/memory that a container may consume.";
const DESC_QUOTA_LIMIT: &str = "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.";
const DESC_PVC_STORAGE_CLASS: &str = "StorageClass of the pvc";
const DESC_PVC_VAC: &str = "VolumeAttributesClass of the pvc";

const NONE: &str = "<none>";
const UNKNOWN: &str = "<unknown>";
const UNSET: &str = "<unset>";
/// Go's zero `time.Time`, as the default table prints a missing timestamp.
const GO_ZERO_TIME: &str = "0001-01-01T00:00:00Z";
const GO_ZERO_UNIX: i64 = -62_135_596_800;

/// The printer the real API server uses for a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Printer {
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
    /// Resources without a printer (limitranges, roles, CRDs, ...): Name and
    /// Created At.
    Default,
}

fn printer(group: &str, resource: &str) -> Printer {
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
        _ => Printer::Default,
    }
}

// ---------------------------------------------------------------------------
// Column definitions
// ---------------------------------------------------------------------------

fn column(name: &str, kind: &str, format: &str, description: &str, priority: i64) -> Value {
    json!({
        "name": name,
        "type": kind,
        "format": format,
        "description": description,
        "priority": priority,
    })
}

fn name_column() -> Value {
    column("Name", "string", "name", DESC_NAME, 0)
}

fn age_column() -> Value {
    column("Age", "string", "", DESC_CREATION, 0)
}

/// A string column shown by default.
fn text(name: &str, description: &str) -> Value {
    column(name, "string", "", description, 0)
}

/// A string column shown only with `-o wide`.
fn wide(name: &str, description: &str) -> Value {
    column(name, "string", "", description, 1)
}

fn integer(name: &str, description: &str) -> Value {
    column(name, "integer", "", description, 0)
}

/// Column definitions for a resource, identified by (API group, plural
/// resource name), e.g. `("", "pods")`, `("apps", "deployments")`: a JSON array
/// of `TableColumnDefinition`s.
pub fn columns(group: &str, resource: &str) -> Value {
    let cols = match printer(group, resource) {
        Printer::Pod => vec![
            name_column(),
            text("Ready", DESC_POD_READY),
            text("Status", DESC_POD_STATUS),
            text("Restarts", DESC_POD_RESTARTS),
            age_column(),
            wide("IP", DESC_POD_IP),
            wide("Node", DESC_POD_NODE),
            wide("Nominated Node", DESC_POD_NOMINATED),
            wide("Readiness Gates", DESC_POD_GATES),
        ],
        Printer::Namespace => vec![
            name_column(),
            text("Status", DESC_NAMESPACE_STATUS),
            age_column(),
        ],
        Printer::Node => vec![
            name_column(),
            text("Status", DESC_NODE_STATUS),
            text("Roles", DESC_NODE_ROLES),
            age_column(),
            text("Version", DESC_NODE_KUBELET),
            wide("Internal-IP", DESC_NODE_ADDRESSES),
            wide("External-IP", DESC_NODE_ADDRESSES),
            wide("OS-Image", DESC_NODE_OS_IMAGE),
            wide("Kernel-Version", DESC_NODE_KERNEL),
            wide("Container-Runtime", DESC_NODE_RUNTIME),
        ],
        Printer::Service => vec![
            name_column(),
            text("Type", DESC_SVC_TYPE),
            text("Cluster-IP", DESC_SVC_CLUSTER_IP),
            text("External-IP", DESC_SVC_EXTERNAL_IPS),
            text("Port(s)", DESC_SVC_PORTS),
            age_column(),
            wide("Selector", DESC_SVC_SELECTOR),
        ],
        Printer::ConfigMap => vec![
            name_column(),
            text("Data", DESC_CONFIGMAP_DATA),
            age_column(),
        ],
        Printer::Secret => vec![
            name_column(),
            text("Type", DESC_SECRET_TYPE),
            text("Data", DESC_SECRET_DATA),
            age_column(),
        ],
        // The Secrets column was dropped from this printer in Kubernetes 1.35.
        Printer::ServiceAccount => vec![name_column(), age_column()],
        Printer::PersistentVolumeClaim => vec![
            name_column(),
            text("Status", DESC_PVC_PHASE),
            text("Volume", DESC_PVC_VOLUME),
            text("Capacity", DESC_PVC_CAPACITY),
            text("Access Modes", DESC_PVC_ACCESS_MODES),
            text("StorageClass", DESC_PVC_STORAGE_CLASS),
            text("VolumeAttributesClass", DESC_PVC_VAC),
            age_column(),
            wide("VolumeMode", DESC_PVC_VOLUME_MODE),
        ],
        Printer::Event => vec![
            text("Last Seen", DESC_EVENT_LAST),
            text("Type", DESC_EVENT_TYPE),
            text("Reason", DESC_EVENT_REASON),
            text("Object", DESC_EVENT_OBJECT),
            wide("Subobject", DESC_EVENT_SUBOBJECT),
            wide("Source", DESC_EVENT_SOURCE),
            text("Message", DESC_EVENT_MESSAGE),
            wide("First Seen", DESC_EVENT_FIRST),
            wide("Count", DESC_EVENT_COUNT),
            column("Name", "string", "name", DESC_NAME, 1),
        ],
        Printer::ResourceQuota => vec![
            name_column(),
            text("Request", DESC_QUOTA_REQUEST),
            text("Limit", DESC_QUOTA_LIMIT),
            age_column(),
        ],
        Printer::Deployment => vec![
            name_column(),
            text("Ready", DESC_READY_REPLICAS),
            text("Up-to-date", DESC_DEPLOY_UPDATED),
            text("Available", DESC_DEPLOY_AVAILABLE),
            age_column(),
            wide("Containers", DESC_CONTAINERS),
            wide("Images", DESC_IMAGES),
            wide("Selector", DESC_DEPLOY_SELECTOR),
        ],
        Printer::ReplicaSet => vec![
            name_column(),
            integer("Desired", DESC_RS_DESIRED),
            integer("Current", DESC_RS_CURRENT),
            integer("Ready", DESC_RS_READY),
            age_column(),
            wide("Containers", DESC_CONTAINERS),
            wide("Images", DESC_IMAGES),
            wide("Selector", DESC_RS_SELECTOR),
        ],
        Printer::StatefulSet => vec![
            name_column(),
            text("Ready", DESC_READY_REPLICAS),
            age_column(),
            wide("Containers", DESC_CONTAINERS),
            wide("Images", DESC_IMAGES),
        ],
        Printer::DaemonSet => vec![
            name_column(),
            integer("Desired", DESC_DS_DESIRED),
            integer("Current", DESC_DS_CURRENT),
            integer("Ready", DESC_DS_READY),
            integer("Up-to-date", DESC_DS_UPDATED),
            integer("Available", DESC_DS_AVAILABLE),
            text("Node Selector", DESC_NODE_SELECTOR),
            age_column(),
            wide("Containers", DESC_CONTAINERS),
            wide("Images", DESC_IMAGES),
            wide("Selector", DESC_DS_SELECTOR),
        ],
        Printer::Job => vec![
            name_column(),
            text("Status", DESC_JOB_STATUS),
            text("Completions", DESC_JOB_SUCCEEDED),
            text("Duration", DESC_JOB_DURATION),
            age_column(),
            wide("Containers", DESC_CONTAINERS),
            wide("Images", DESC_IMAGES),
            wide("Selector", DESC_JOB_SELECTOR),
        ],
        Printer::CronJob => vec![
            name_column(),
            text("Schedule", DESC_CJ_SCHEDULE),
            text("Timezone", DESC_CJ_TIMEZONE),
            column("Suspend", "boolean", "", DESC_CJ_SUSPEND, 0),
            integer("Active", DESC_CJ_ACTIVE),
            text("Last Schedule", DESC_CJ_LAST_SCHEDULE),
            age_column(),
            wide("Containers", DESC_CONTAINERS),
            wide("Images", DESC_IMAGES),
            wide("Selector", DESC_JOB_SELECTOR),
        ],
        Printer::Default => vec![
            name_column(),
            column("Created At", "date", "", DESC_CREATION, 0),
        ],
    };
    Value::Array(cols)
}

// ---------------------------------------------------------------------------
// Rows and tables
// ---------------------------------------------------------------------------

/// One row for one object: `{"cells":[...], "object": ...}`, plus the
/// `conditions` the real printer attaches to finished pods.
pub fn row(
    group: &str,
    resource: &str,
    obj: &Value,
    now: DateTime<Utc>,
    include: IncludeObject,
) -> Value {
    let (cells, conditions) = match printer(group, resource) {
        Printer::Pod => pod_row(obj, now),
        Printer::Namespace => (namespace_cells(obj, now), None),
        Printer::Node => (node_cells(obj, now), None),
        Printer::Service => (service_cells(obj, now), None),
        Printer::ConfigMap => (configmap_cells(obj, now), None),
        Printer::Secret => (secret_cells(obj, now), None),
        Printer::ServiceAccount => (
            vec![json!(name_of(obj)), json!(creation_age(obj, now))],
            None,
        ),
        Printer::PersistentVolumeClaim => (pvc_cells(obj, now), None),
        Printer::Event => (event_cells(group, obj, now), None),
        Printer::ResourceQuota => (quota_cells(obj, now), None),
        Printer::Deployment => (deployment_cells(obj, now), None),
        Printer::ReplicaSet => (replicaset_cells(obj, now), None),
        Printer::StatefulSet => (statefulset_cells(obj, now), None),
        Printer::DaemonSet => (daemonset_cells(obj, now), None),
        Printer::Job => (job_cells(obj, now), None),
        Printer::CronJob => (cronjob_cells(obj, now), None),
        Printer::Default => (default_cells(obj), None),
    };
    let mut out = Map::new();
    out.insert("cells".to_string(), Value::Array(cells));
    if let Some(conditions) = conditions {
        out.insert("conditions".to_string(), conditions);
    }
    match include {
        IncludeObject::None => {}
        IncludeObject::Metadata => {
            out.insert("object".to_string(), partial_object_metadata(obj));
        }
        IncludeObject::Object => {
            out.insert("object".to_string(), obj.clone());
        }
    }
    Value::Object(out)
}

/// A whole Table: `{"kind":"Table","apiVersion":"meta.k8s.io/v1",
/// "metadata":{"resourceVersion": rv},"columnDefinitions":...,"rows":[...]}`.
/// The caller adds `metadata.continue` / `metadata.remainingItemCount` when
/// paging. An empty resource version is left out, as the real server does.
pub fn table(
    group: &str,
    resource: &str,
    objs: &[&Value],
    resource_version: &str,
    now: DateTime<Utc>,
    include: IncludeObject,
) -> Value {
    let mut metadata = Map::new();
    if !resource_version.is_empty() {
        metadata.insert("resourceVersion".to_string(), json!(resource_version));
    }
    let rows: Vec<Value> = objs
        .iter()
        .map(|obj| row(group, resource, obj, now, include))
        .collect();
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": metadata,
        "columnDefinitions": columns(group, resource),
        "rows": rows,
    })
}

fn partial_object_metadata(obj: &Value) -> Value {
    let metadata = obj
        .get("metadata")
        .filter(|m| m.is_object())
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    json!({
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": metadata,
    })
}

// ---------------------------------------------------------------------------
// Durations and timestamps
// ---------------------------------------------------------------------------

/// Kubernetes' `duration.HumanDuration` (k8s.io/apimachinery/pkg/util/duration):
/// about two significant figures, e.g. `45s`, `5m30s`, `12m`, `3h20m`, `2d4h`.
/// A duration of -2s or less is `<invalid>`; a smaller negative one is `0s`
/// (clock skew between machines).
pub fn human_duration(d: chrono::Duration) -> String {
    // Whole seconds, truncated toward zero like Go's int(d.Seconds()).
    let seconds = d.num_seconds();
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    if seconds < 0 {
        return "0s".to_string();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    let days = hours / 24;
    if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{days}d");
        }
        return format!("{days}d{h}h");
    }
    if hours < 24 * 365 * 2 {
        return format!("{days}d");
    }
    let years = days / 365;
    if hours < 24 * 365 * 8 {
        let dy = days % 365;
        if dy == 0 {
            return format!("{years}y");
        }
        return format!("{years}y{dy}d");
    }
    format!("{years}y")
}

/// kubectl's `translateTimestampSince`: `<unknown>` for a missing (or zero, or
/// unparseable) timestamp, else `human_duration(now - ts)`.
pub fn age(ts: Option<&str>, now: DateTime<Utc>) -> String {
    since(ts.and_then(parse_time), now)
}

fn since(ts: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match ts {
        Some(t) => human_duration(now.signed_duration_since(t)),
        None => UNKNOWN.to_string(),
    }
}

/// Parses an RFC 3339 timestamp; Go's zero time counts as missing.
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let t = DateTime::parse_from_rfc3339(s.trim())
        .ok()?
        .with_timezone(&Utc);
    if t.timestamp() == GO_ZERO_UNIX && t.timestamp_subsec_nanos() == 0 {
        return None;
    }
    Some(t)
}

fn creation_age(obj: &Value, now: DateTime<Utc>) -> String {
    since(time_at(obj, &["metadata", "creationTimestamp"]), now)
}

// ---------------------------------------------------------------------------
// Tolerant JSON access
// ---------------------------------------------------------------------------

/// The value at `path`, or `None` if any step is missing, not an object, or
/// the value is `null`.
fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut cur = v;
    for key in path {
        cur = cur.get(*key)?;
    }
    if cur.is_null() { None } else { Some(cur) }
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    at(v, path).and_then(Value::as_str).unwrap_or("")
}

fn opt_str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(v, path).and_then(Value::as_str)
}

fn int_of(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_u64().map(|u| i64::try_from(u).unwrap_or(i64::MAX)))
        .or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
}

fn opt_int_at(v: &Value, path: &[&str]) -> Option<i64> {
    at(v, path).and_then(int_of)
}

fn int_at(v: &Value, path: &[&str]) -> i64 {
    opt_int_at(v, path).unwrap_or(0)
}

fn bool_at(v: &Value, path: &[&str]) -> Option<bool> {
    at(v, path).and_then(Value::as_bool)
}

fn arr_at<'a>(v: &'a Value, path: &[&str]) -> &'a [Value] {
    at(v, path)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn map_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Map<String, Value>> {
    at(v, path).and_then(Value::as_object)
}

/// The value at `path` if it is a JSON object (how Go sees a non-nil pointer).
fn object_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    at(v, path).filter(|x| x.is_object())
}

fn map_len(v: &Value, path: &[&str]) -> usize {
    map_at(v, path).map_or(0, Map::len)
}

fn time_at(v: &Value, path: &[&str]) -> Option<DateTime<Utc>> {
    opt_str_at(v, path).and_then(parse_time)
}

fn name_of(obj: &Value) -> &str {
    str_at(obj, &["metadata", "name"])
}

fn is_deleting(obj: &Value) -> bool {
    at(obj, &["metadata", "deletionTimestamp"]).is_some()
}

/// A usize count as a JSON integer cell.
fn count(n: usize) -> Value {
    json!(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A label value as a string (a user may have put a number there).
fn label_text(v: &Value) -> String {
    if v.is_null() {
        String::new()
    } else {
        selector::label_text(v)
    }
}

// ---------------------------------------------------------------------------
// Shared cell formats
// ---------------------------------------------------------------------------

/// `layoutContainerCells`: container names and images, comma-joined.
fn container_cells(obj: &Value, spec_path: &[&str]) -> (String, String) {
    let mut path: Vec<&str> = spec_path.to_vec();
    path.push("containers");
    let containers = arr_at(obj, &path);
    let names: Vec<&str> = containers.iter().map(|c| str_at(c, &["name"])).collect();
    let images: Vec<&str> = containers.iter().map(|c| str_at(c, &["image"])).collect();
    (names.join(","), images.join(","))
}

/// `labels.FormatLabels`: `k=v` pairs sorted, comma-joined, `<none>` if empty.
fn format_labels(labels: Option<&Map<String, Value>>) -> String {
    let mut pairs: Vec<String> = labels
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", label_text(v)))
                .collect()
        })
        .unwrap_or_default();
    pairs.sort();
    if pairs.is_empty() {
        NONE.to_string()
    } else {
        pairs.join(",")
    }
}

/// `metav1.LabelSelectorAsSelector(sel).String()`: `None` when the selector is
/// invalid. A missing selector selects nothing and an empty one everything;
/// both print as the empty string.
fn label_selector_string(sel: Option<&Value>) -> Option<String> {
    LabelSelector::from_json(sel.unwrap_or(&Value::Null))
        .ok()
        .map(|s| s.to_string_with_duplicates())
}

/// `metav1.FormatLabelSelector`: `<none>` when empty, `<error>` when invalid.
fn format_label_selector(sel: Option<&Value>) -> String {
    match label_selector_string(sel) {
        None => "<error>".to_string(),
        Some(s) if s.is_empty() => NONE.to_string(),
        Some(s) => s,
    }
}

/// A quantity as the real server prints it: canonical, `0` when missing, and
/// the raw text when it cannot be parsed.
fn quantity_text(v: Option<&Value>) -> String {
    let raw = match v {
        None | Some(Value::Null) => return "0".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    quantity::canonical(&raw).unwrap_or(raw)
}

// ---------------------------------------------------------------------------
// Pods
// ---------------------------------------------------------------------------

fn later(cur: &mut Option<DateTime<Utc>>, candidate: Option<DateTime<Utc>>) {
    if let Some(c) = candidate
        && cur.is_none_or(|t| t < c)
    {
        *cur = Some(c);
    }
}

fn condition_status<'a>(conditions: &'a [Value], kind: &str) -> Option<&'a str> {
    conditions
        .iter()
        .find(|c| str_at(c, &["type"]) == kind)
        .map(|c| str_at(c, &["status"]))
}

fn is_restartable_init_container(spec: Option<&Value>) -> bool {
    spec.is_some_and(|c| str_at(c, &["restartPolicy"]) == "Always")
}

fn exit_reason(terminated: &Value, prefix: &str) -> String {
    let reason = str_at(terminated, &["reason"]);
    if !reason.is_empty() {
        return format!("{prefix}{reason}");
    }
    let signal = int_at(terminated, &["signal"]);
    if signal != 0 {
        format!("{prefix}Signal:{signal}")
    } else {
        format!("{prefix}ExitCode:{}", int_at(terminated, &["exitCode"]))
    }
}

/// `printPod`: cells and, for finished pods, row conditions.
fn pod_row(pod: &Value, now: DateTime<Utc>) -> (Vec<Value>, Option<Value>) {
    let containers = arr_at(pod, &["spec", "containers"]);
    let init_specs = arr_at(pod, &["spec", "initContainers"]);
    let conditions = arr_at(pod, &["status", "conditions"]);
    let phase = str_at(pod, &["status", "phase"]);
    let status_reason = str_at(pod, &["status", "reason"]);

    let mut reason = if status_reason.is_empty() {
        phase.to_string()
    } else {
        status_reason.to_string()
    };
    if conditions.iter().any(|c| {
        str_at(c, &["type"]) == "PodScheduled" && str_at(c, &["reason"]) == "SchedulingGated"
    }) {
        reason = "SchedulingGated".to_string();
    }

    let row_conditions = match phase {
        "Succeeded" => Some(json!([{
            "type": "Completed",
            "status": "True",
            "reason": "Succeeded",
            "message": "The pod has completed successfully.",
        }])),
        "Failed" => Some(json!([{
            "type": "Completed",
            "status": "True",
            "reason": "Failed",
            "message": "The pod failed.",
        }])),
        _ => None,
    };

    // Sidecars (restartable init containers) count as containers.
    let total = containers.len()
        + init_specs
            .iter()
            .filter(|c| is_restartable_init_container(Some(c)))
            .count();
    let init_spec_named = |name: &str| {
        init_specs
            .iter()
            .rev()
            .find(|c| str_at(c, &["name"]) == name)
    };

    let mut restarts: i64 = 0;
    let mut ready: usize = 0;
    let mut last_restart: Option<DateTime<Utc>> = None;
    let mut sidecar_restarts: i64 = 0;
    let mut sidecar_last_restart: Option<DateTime<Utc>> = None;
    let mut initializing = false;

    for (i, status) in arr_at(pod, &["status", "initContainerStatuses"])
        .iter()
        .enumerate()
    {
        let restart_count = int_at(status, &["restartCount"]);
        restarts = restarts.saturating_add(restart_count);
        let finished = time_at(status, &["lastState", "terminated", "finishedAt"]);
        later(&mut last_restart, finished);
        let sidecar = is_restartable_init_container(init_spec_named(str_at(status, &["name"])));
        if sidecar {
            sidecar_restarts = sidecar_restarts.saturating_add(restart_count);
            later(&mut sidecar_last_restart, finished);
        }
        let terminated = object_at(status, &["state", "terminated"]);
        let waiting_reason =
            object_at(status, &["state", "waiting"]).map(|w| str_at(w, &["reason"]));
        if let Some(t) = terminated
            && int_at(t, &["exitCode"]) == 0
        {
            continue;
        }
        if sidecar && bool_at(status, &["started"]) == Some(true) {
            if bool_at(status, &["ready"]) == Some(true) {
                ready += 1;
            }
            continue;
        }
        reason = if let Some(t) = terminated {
            exit_reason(t, "Init:")
        } else if let Some(w) = waiting_reason
            && !w.is_empty()
            && w != "PodInitializing"
        {
            format!("Init:{w}")
        } else {
            format!("Init:{i}/{}", init_specs.len())
        };
        initializing = true;
        break;
    }

    if !initializing || condition_status(conditions, "Initialized") == Some("True") {
        restarts = sidecar_restarts;
        last_restart = sidecar_last_restart;
        let mut has_running = false;
        for status in arr_at(pod, &["status", "containerStatuses"]).iter().rev() {
            restarts = restarts.saturating_add(int_at(status, &["restartCount"]));
            later(
                &mut last_restart,
                time_at(status, &["lastState", "terminated", "finishedAt"]),
            );
            let waiting_reason =
                object_at(status, &["state", "waiting"]).map(|w| str_at(w, &["reason"]));
            let terminated = object_at(status, &["state", "terminated"]);
            let running = object_at(status, &["state", "running"]).is_some();
            if let Some(w) = waiting_reason
                && !w.is_empty()
            {
                reason = w.to_string();
            } else if let Some(t) = terminated {
                reason = exit_reason(t, "");
            } else if bool_at(status, &["ready"]) == Some(true) && running {
                has_running = true;
                ready += 1;
            }
        }
        // A pod whose last container finished but another still runs is Running.
        if reason == "Completed" && has_running {
            let pod_ready = conditions
                .iter()
                .any(|c| str_at(c, &["type"]) == "Ready" && str_at(c, &["status"]) == "True");
            reason = if pod_ready { "Running" } else { "NotReady" }.to_string();
        }
    }

    if is_deleting(pod) && status_reason == "NodeLost" {
        reason = "Unknown".to_string();
    } else if is_deleting(pod) && phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating".to_string();
    }

    let restarts_text = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", since(Some(t), now)),
        _ => restarts.to_string(),
    };

    let mut pod_ip = arr_at(pod, &["status", "podIPs"]).first().map_or_else(
        || str_at(pod, &["status", "podIP"]),
        |ip| str_at(ip, &["ip"]),
    );
    if pod_ip.is_empty() {
        pod_ip = NONE;
    }
    let node = non_empty_or(str_at(pod, &["spec", "nodeName"]), NONE);
    let nominated = non_empty_or(str_at(pod, &["status", "nominatedNodeName"]), NONE);
    let gates = arr_at(pod, &["spec", "readinessGates"]);
    let readiness_gates = if gates.is_empty() {
        NONE.to_string()
    } else {
        let true_conditions = gates
            .iter()
            .filter(|g| condition_status(conditions, str_at(g, &["conditionType"])) == Some("True"))
            .count();
        format!("{true_conditions}/{}", gates.len())
    };

    let cells = vec![
        json!(name_of(pod)),
        json!(format!("{ready}/{total}")),
        json!(reason),
        json!(restarts_text),
        json!(creation_age(pod, now)),
        json!(pod_ip),
        json!(node),
        json!(nominated),
        json!(readiness_gates),
    ];
    (cells, row_conditions)
}

fn non_empty_or<'a>(s: &'a str, fallback: &'a str) -> &'a str {
    if s.is_empty() { fallback } else { s }
}

// ---------------------------------------------------------------------------
// Other core resources
// ---------------------------------------------------------------------------

fn namespace_cells(ns: &Value, now: DateTime<Utc>) -> Vec<Value> {
    // The API server sets status.phase on create.
    let phase = non_empty_or(str_at(ns, &["status", "phase"]), "Active");
    vec![
        json!(name_of(ns)),
        json!(phase),
        json!(creation_age(ns, now)),
    ]
}

fn node_cells(node: &Value, now: DateTime<Utc>) -> Vec<Value> {
    // The last Ready condition wins, as in the real printer's map.
    let ready = arr_at(node, &["status", "conditions"])
        .iter()
        .rfind(|c| str_at(c, &["type"]) == "Ready");
    let mut status = vec![match ready {
        Some(c) if str_at(c, &["status"]) == "True" => "Ready",
        Some(_) => "NotReady",
        None => "Unknown",
    }];
    if bool_at(node, &["spec", "unschedulable"]) == Some(true) {
        status.push("SchedulingDisabled");
    }

    let mut roles = BTreeSet::new();
    if let Some(labels) = map_at(node, &["metadata", "labels"]) {
        for (key, value) in labels {
            if let Some(role) = key.strip_prefix("node-role.kubernetes.io/") {
                if !role.is_empty() {
                    roles.insert(role.to_string());
                }
            } else if key == "kubernetes.io/role" {
                let role = label_text(value);
                if !role.is_empty() {
                    roles.insert(role);
                }
            }
        }
    }
    let roles = if roles.is_empty() {
        NONE.to_string()
    } else {
        roles.into_iter().collect::<Vec<_>>().join(",")
    };

    let address = |kind: &str| -> String {
        arr_at(node, &["status", "addresses"])
            .iter()
            .find(|a| str_at(a, &["type"]) == kind)
            .map_or_else(|| NONE.to_string(), |a| str_at(a, &["address"]).to_string())
    };
    let info = |field: &str| {
        non_empty_or(str_at(node, &["status", "nodeInfo", field]), UNKNOWN).to_string()
    };

    vec![
        json!(name_of(node)),
        json!(status.join(",")),
        json!(roles),
        json!(creation_age(node, now)),
        json!(str_at(node, &["status", "nodeInfo", "kubeletVersion"])),
        json!(address("InternalIP")),
        json!(address("ExternalIP")),
        json!(info("osImage")),
        json!(info("kernelVersion")),
        json!(info("containerRuntimeVersion")),
    ]
}

fn service_external_ip(svc: &Value, kind: &str) -> String {
    let external_ips: Vec<&str> = arr_at(svc, &["spec", "externalIPs"])
        .iter()
        .filter_map(Value::as_str)
        .collect();
    match kind {
        "ClusterIP" | "NodePort" => {
            if external_ips.is_empty() {
                NONE.to_string()
            } else {
                external_ips.join(",")
            }
        }
        "LoadBalancer" => {
            let ingress: BTreeSet<&str> = arr_at(svc, &["status", "loadBalancer", "ingress"])
                .iter()
                .filter_map(|i| {
                    let ip = str_at(i, &["ip"]);
                    let host = str_at(i, &["hostname"]);
                    if !ip.is_empty() {
                        Some(ip)
                    } else if !host.is_empty() {
                        Some(host)
                    } else {
                        None
                    }
                })
                .collect();
            let mut all: Vec<&str> = ingress.into_iter().collect();
            if !external_ips.is_empty() {
                all.extend(external_ips);
                return all.join(",");
            }
            if all.is_empty() {
                "<pending>".to_string()
            } else {
                all.join(",")
            }
        }
        "ExternalName" => str_at(svc, &["spec", "externalName"]).to_string(),
        _ => UNKNOWN.to_string(),
    }
}

fn service_ports(svc: &Value) -> String {
    let ports: Vec<String> = arr_at(svc, &["spec", "ports"])
        .iter()
        .map(|p| {
            let port = int_at(p, &["port"]);
            let node_port = int_at(p, &["nodePort"]);
            // The API server defaults the protocol to TCP.
            let protocol = non_empty_or(str_at(p, &["protocol"]), "TCP");
            if node_port > 0 {
                format!("{port}:{node_port}/{protocol}")
            } else {
                format!("{port}/{protocol}")
            }
        })
        .collect();
    if ports.is_empty() {
        NONE.to_string()
    } else {
        ports.join(",")
    }
}

fn service_cells(svc: &Value, now: DateTime<Utc>) -> Vec<Value> {
    // The API server defaults spec.type to ClusterIP.
    let kind = non_empty_or(str_at(svc, &["spec", "type"]), "ClusterIP");
    let cluster_ip = match arr_at(svc, &["spec", "clusterIPs"]).first() {
        Some(ip) => ip.as_str().unwrap_or("").to_string(),
        None => non_empty_or(str_at(svc, &["spec", "clusterIP"]), NONE).to_string(),
    };
    vec![
        json!(name_of(svc)),
        json!(kind),
        json!(cluster_ip),
        json!(service_external_ip(svc, kind)),
        json!(service_ports(svc)),
        json!(creation_age(svc, now)),
        json!(format_labels(map_at(svc, &["spec", "selector"]))),
    ]
}

fn configmap_cells(cm: &Value, now: DateTime<Utc>) -> Vec<Value> {
    vec![
        json!(name_of(cm)),
        count(map_len(cm, &["data"]) + map_len(cm, &["binaryData"])),
        json!(creation_age(cm, now)),
    ]
}

fn secret_cells(secret: &Value, now: DateTime<Utc>) -> Vec<Value> {
    // The API server defaults the type to Opaque and folds stringData into data.
    let kind = non_empty_or(str_at(secret, &["type"]), "Opaque");
    let mut keys: BTreeSet<&str> = BTreeSet::new();
    for field in ["data", "stringData"] {
        if let Some(m) = map_at(secret, &[field]) {
            keys.extend(m.keys().map(String::as_str));
        }
    }
    vec![
        json!(name_of(secret)),
        json!(kind),
        count(keys.len()),
        json!(creation_age(secret, now)),
    ]
}

fn access_modes(modes: &[Value]) -> String {
    let has = |m: &str| modes.iter().any(|x| x.as_str() == Some(m));
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(mode, _)| has(mode))
    .map(|(_, short)| *short)
    .collect::<Vec<_>>()
    .join(",")
}

fn pvc_cells(pvc: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let phase = if is_deleting(pvc) {
        "Terminating"
    } else {
        str_at(pvc, &["status", "phase"])
    };
    let volume = str_at(pvc, &["spec", "volumeName"]);
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (
            quantity_text(at(pvc, &["status", "capacity", "storage"])),
            access_modes(arr_at(pvc, &["status", "accessModes"])),
        )
    };
    let class = match map_at(pvc, &["metadata", "annotations"])
        .and_then(|a| a.get("volume.beta.kubernetes.io/storage-class"))
    {
        Some(v) => label_text(v),
        None => str_at(pvc, &["spec", "storageClassName"]).to_string(),
    };
    let vac = opt_str_at(pvc, &["spec", "volumeAttributesClassName"]).unwrap_or(UNSET);
    // The API server defaults spec.volumeMode to Filesystem.
    let volume_mode = opt_str_at(pvc, &["spec", "volumeMode"]).unwrap_or("Filesystem");
    vec![
        json!(name_of(pvc)),
        json!(phase),
        json!(volume),
        json!(capacity),
        json!(modes),
        json!(class),
        json!(vac),
        json!(creation_age(pvc, now)),
        json!(volume_mode),
    ]
}

/// Events, in either the core/v1 shape (`involvedObject`, `message`,
/// `source`, ...) or the events.k8s.io/v1 one (`regarding`, `note`,
/// `deprecatedSource`, ...); both are the same object in the real server.
fn event_cells(group: &str, ev: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let new_api = group == "events.k8s.io";
    let pick = |core: &str, events: &str| -> Option<&Value> {
        if new_api {
            at(ev, &[events]).or_else(|| at(ev, &[core]))
        } else {
            at(ev, &[core]).or_else(|| at(ev, &[events]))
        }
    };
    let pick_str = |core: &str, events: &str| -> &str {
        pick(core, events).and_then(Value::as_str).unwrap_or("")
    };
    let pick_time = |core: &str, events: &str| {
        pick(core, events)
            .and_then(Value::as_str)
            .and_then(parse_time)
    };

    let event_time = time_at(ev, &["eventTime"]);
    let first = match pick_time("firstTimestamp", "deprecatedFirstTimestamp") {
        Some(t) => since(Some(t), now),
        None => since(event_time, now),
    };
    let mut last = match pick_time("lastTimestamp", "deprecatedLastTimestamp") {
        Some(t) => since(Some(t), now),
        None => first.clone(),
    };
    let mut n = pick("count", "deprecatedCount")
        .and_then(int_of)
        .unwrap_or(0);
    if let Some(series) = object_at(ev, &["series"]) {
        last = since(time_at(series, &["lastObservedTime"]), now);
        n = int_at(series, &["count"]);
    } else if n == 0 {
        // Singleton events have no count in the new API.
        n = 1;
    }

    let empty = Value::Null;
    let involved = pick("involvedObject", "regarding").unwrap_or(&empty);
    let kind = str_at(involved, &["kind"]).to_lowercase();
    let target_name = str_at(involved, &["name"]);
    let target = if target_name.is_empty() {
        kind
    } else {
        format!("{kind}/{target_name}")
    };

    let source = pick("source", "deprecatedSource").unwrap_or(&empty);
    let component = non_empty_or(
        str_at(source, &["component"]),
        pick_str("reportingComponent", "reportingController"),
    );
    let instance = non_empty_or(
        str_at(source, &["host"]),
        str_at(ev, &["reportingInstance"]),
    );
    let source_text = if instance.is_empty() {
        component.to_string()
    } else {
        format!("{component}, {instance}")
    };

    vec![
        json!(last),
        json!(str_at(ev, &["type"])),
        json!(str_at(ev, &["reason"])),
        json!(target),
        json!(str_at(involved, &["fieldPath"])),
        json!(source_text),
        json!(pick_str("message", "note").trim()),
        json!(first),
        json!(n),
        json!(name_of(ev)),
    ]
}

fn quota_cells(quota: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let mut request: Vec<String> = Vec::new();
    let mut limit: Vec<String> = Vec::new();
    if let Some(hard) = map_at(quota, &["status", "hard"]) {
        let used = map_at(quota, &["status", "used"]);
        let mut names: Vec<&String> = hard.keys().collect();
        names.sort();
        for name in names {
            let entry = format!(
                "{name}: {}/{}",
                quantity_text(used.and_then(|u| u.get(name.as_str()))),
                quantity_text(hard.get(name.as_str())),
            );
            match name.split_once('.') {
                Some(("limits", _)) => limit.push(entry),
                _ => request.push(entry),
            }
        }
    }
    vec![
        json!(name_of(quota)),
        json!(request.join(", ")),
        json!(limit.join(", ")),
        json!(creation_age(quota, now)),
    ]
}

fn default_cells(obj: &Value) -> Vec<Value> {
    let created = time_at(obj, &["metadata", "creationTimestamp"]).map_or_else(
        || GO_ZERO_TIME.to_string(),
        |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    );
    vec![json!(name_of(obj)), json!(created)]
}

// ---------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------

/// `spec.replicas`, which the API server defaults to 1.
fn desired_replicas(obj: &Value) -> i64 {
    opt_int_at(obj, &["spec", "replicas"]).unwrap_or(1)
}

fn deployment_cells(d: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let (names, images) = container_cells(d, &["spec", "template", "spec"]);
    let selector = label_selector_string(at(d, &["spec", "selector"]))
        .unwrap_or_else(|| "<invalid>".to_string());
    vec![
        json!(name_of(d)),
        json!(format!(
            "{}/{}",
            int_at(d, &["status", "readyReplicas"]),
            desired_replicas(d)
        )),
        json!(int_at(d, &["status", "updatedReplicas"])),
        json!(int_at(d, &["status", "availableReplicas"])),
        json!(creation_age(d, now)),
        json!(names),
        json!(images),
        json!(selector),
    ]
}

fn replicaset_cells(rs: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let (names, images) = container_cells(rs, &["spec", "template", "spec"]);
    vec![
        json!(name_of(rs)),
        json!(desired_replicas(rs)),
        json!(int_at(rs, &["status", "replicas"])),
        json!(int_at(rs, &["status", "readyReplicas"])),
        json!(creation_age(rs, now)),
        json!(names),
        json!(images),
        json!(format_label_selector(at(rs, &["spec", "selector"]))),
    ]
}

fn statefulset_cells(sts: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let (names, images) = container_cells(sts, &["spec", "template", "spec"]);
    vec![
        json!(name_of(sts)),
        json!(format!(
            "{}/{}",
            int_at(sts, &["status", "readyReplicas"]),
            desired_replicas(sts)
        )),
        json!(creation_age(sts, now)),
        json!(names),
        json!(images),
    ]
}

fn daemonset_cells(ds: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let (names, images) = container_cells(ds, &["spec", "template", "spec"]);
    vec![
        json!(name_of(ds)),
        json!(int_at(ds, &["status", "desiredNumberScheduled"])),
        json!(int_at(ds, &["status", "currentNumberScheduled"])),
        json!(int_at(ds, &["status", "numberReady"])),
        json!(int_at(ds, &["status", "updatedNumberScheduled"])),
        json!(int_at(ds, &["status", "numberAvailable"])),
        json!(format_labels(map_at(
            ds,
            &["spec", "template", "spec", "nodeSelector"]
        ))),
        json!(creation_age(ds, now)),
        json!(names),
        json!(images),
        json!(format_label_selector(at(ds, &["spec", "selector"]))),
    ]
}

/// The status of the first condition of a type is what counts.
fn has_true_condition(obj: &Value, kind: &str) -> bool {
    condition_status(arr_at(obj, &["status", "conditions"]), kind) == Some("True")
}

fn job_cells(job: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let succeeded = int_at(job, &["status", "succeeded"]);
    let completions = match opt_int_at(job, &["spec", "completions"]) {
        Some(c) => format!("{succeeded}/{c}"),
        None => {
            let parallelism = opt_int_at(job, &["spec", "parallelism"]).unwrap_or(0);
            if parallelism > 1 {
                format!("{succeeded}/1 of {parallelism}")
            } else {
                format!("{succeeded}/1")
            }
        }
    };
    let start = time_at(job, &["status", "startTime"]);
    let completion = time_at(job, &["status", "completionTime"]);
    let duration = match (start, completion) {
        (None, _) => String::new(),
        (Some(s), None) => human_duration(now.signed_duration_since(s)),
        (Some(s), Some(c)) => human_duration(c.signed_duration_since(s)),
    };
    let status = if has_true_condition(job, "Complete") {
        "Complete"
    } else if has_true_condition(job, "Failed") {
        "Failed"
    } else if is_deleting(job) {
        "Terminating"
    } else if has_true_condition(job, "Suspended") {
        "Suspended"
    } else if has_true_condition(job, "FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    };
    let (names, images) = container_cells(job, &["spec", "template", "spec"]);
    vec![
        json!(name_of(job)),
        json!(status),
        json!(completions),
        json!(duration),
        json!(creation_age(job, now)),
        json!(names),
        json!(images),
        json!(format_label_selector(at(job, &["spec", "selector"]))),
    ]
}

fn cronjob_cells(cj: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let timezone = opt_str_at(cj, &["spec", "timeZone"]).unwrap_or(NONE);
    // The API server defaults spec.suspend to false.
    let suspend = match bool_at(cj, &["spec", "suspend"]) {
        Some(true) => "True",
        _ => "False",
    };
    let last_schedule = match at(cj, &["status", "lastScheduleTime"]) {
        None => NONE.to_string(),
        Some(v) => since(v.as_str().and_then(parse_time), now),
    };
    let (names, images) = container_cells(cj, &["spec", "jobTemplate", "spec", "template", "spec"]);
    vec![
        json!(name_of(cj)),
        json!(str_at(cj, &["spec", "schedule"])),
        json!(timezone),
        json!(suspend),
        count(arr_at(cj, &["status", "active"]).len()),
        json!(last_schedule),
        json!(creation_age(cj, now)),
        json!(names),
        json!(images),
        json!(format_label_selector(at(
            cj,
            &["spec", "jobTemplate", "spec", "selector"]
        ))),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 0, 48, 0)
            .single()
            .expect("valid time")
    }

    fn cells(group: &str, resource: &str, obj: &Value) -> Vec<Value> {
        row(group, resource, obj, now(), IncludeObject::None)["cells"]
            .as_array()
            .cloned()
            .expect("cells")
    }

    fn pod_cells(pod: &Value) -> Vec<Value> {
        cells("", "pods", pod)
    }

    fn pod_status(pod: &Value) -> String {
        pod_cells(pod)[2].as_str().expect("status").to_string()
    }

    fn column_names(group: &str, resource: &str) -> Vec<(String, i64)> {
        columns(group, resource)
            .as_array()
            .expect("array")
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().expect("name").to_string(),
                    c["priority"].as_i64().expect("priority"),
                )
            })
            .collect()
    }

    // --- human_duration / age -------------------------------------------

    #[test]
    fn human_duration_boundaries() {
        let s = Duration::seconds;
        let m = Duration::minutes;
        let h = Duration::hours;
        let d = Duration::days;
        let cases: Vec<(Duration, &str)> = vec![
            (s(-3), "<invalid>"),
            (s(-2), "<invalid>"),
            (Duration::milliseconds(-1999), "0s"),
            (Duration::milliseconds(-1500), "0s"),
            (s(-1), "0s"),
            (Duration::milliseconds(-500), "0s"),
            (s(0), "0s"),
            (Duration::milliseconds(999), "0s"),
            (s(1), "1s"),
            (s(45), "45s"),
            (s(59), "59s"),
            (s(60), "60s"),
            (s(119), "119s"),
            (Duration::milliseconds(119_999), "119s"),
            (s(120), "2m"),
            (s(121), "2m1s"),
            (s(330), "5m30s"),
            (s(300), "5m"),
            (s(599), "9m59s"),
            (s(600), "10m"),
            (s(601), "10m"),
            (m(179) + s(59), "179m"),
            (m(180), "3h"),
            (m(181), "3h1m"),
            (h(3) + m(20) + s(59), "3h20m"),
            (h(7) + m(59) + s(59), "7h59m"),
            (h(8), "8h"),
            (h(8) + m(30), "8h"),
            (h(47) + m(59), "47h"),
            (h(48), "2d"),
            (h(49), "2d1h"),
            (d(7) + h(23) + m(59), "7d23h"),
            (d(8), "8d"),
            (d(8) + h(5), "8d"),
            (d(729) + h(23), "729d"),
            (d(730), "2y"),
            (d(731), "2y1d"),
            (d(365 * 8) - h(1), "7y364d"),
            (d(365 * 8), "8y"),
            (d(365 * 8 + 200), "8y"),
            (d(365 * 20), "20y"),
        ];
        for (dur, want) in cases {
            assert_eq!(human_duration(dur), want, "duration {dur:?}");
        }
    }

    #[test]
    fn age_translates_timestamps() {
        assert_eq!(age(None, now()), "<unknown>");
        assert_eq!(age(Some("garbage"), now()), "<unknown>");
        assert_eq!(age(Some("0001-01-01T00:00:00Z"), now()), "<unknown>");
        assert_eq!(age(Some("2026-11-22T00:35:29Z"), now()), "12m");
        assert_eq!(age(Some("2026-11-22T00:31:33Z"), now()), "16m");
        assert_eq!(age(Some("2026-11-22T01:31:33+01:00"), now()), "16m");
        assert_eq!(age(Some("2026-11-22T00:47:59.5Z"), now()), "0s");
        // In the future: a little clock skew is tolerated.
        assert_eq!(age(Some("2026-11-22T00:48:01Z"), now()), "0s");
        assert_eq!(age(Some("2026-11-22T00:49:00Z"), now()), "<invalid>");
    }

    #[test]
    fn include_object_parse() {
        assert_eq!(IncludeObject::parse(None), IncludeObject::Metadata);
        assert_eq!(IncludeObject::parse(Some("None")), IncludeObject::None);
        assert_eq!(
            IncludeObject::parse(Some("Metadata")),
            IncludeObject::Metadata
        );
        assert_eq!(IncludeObject::parse(Some("Object")), IncludeObject::Object);
        assert_eq!(
            IncludeObject::parse(Some("object")),
            IncludeObject::Metadata
        );
        assert_eq!(IncludeObject::parse(Some("")), IncludeObject::Metadata);
    }

    // --- Table shape -------------------------------------------------------

    fn capture_pod() -> Value {
        json!({
            "metadata": {
                "name": "svc-1-79d74d9895-2456s",
                "namespace": "team-1",
                "creationTimestamp": "2026-11-22T00:35:29Z",
                "labels": {"app": "svc-1"}
            },
            "spec": {"containers": [{"name": "app", "image": "registry.example/team-1/svc-1:1.0"}]},
            "status": {
                "phase": "Pending",
                "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}],
                "qosClass": "Burstable"
            }
        })
    }

    #[test]
    fn table_shape_matches_capture() {
        let pod = capture_pod();
        let t = table("", "pods", &[&pod], "26404", now(), IncludeObject::Metadata);
        let mut keys: Vec<&String> = t.as_object().expect("object").keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "apiVersion",
                "columnDefinitions",
                "kind",
                "metadata",
                "rows"
            ]
        );
        assert_eq!(t["kind"], "Table");
        assert_eq!(t["apiVersion"], "meta.k8s.io/v1");
        assert_eq!(t["metadata"], json!({"resourceVersion": "26404"}));
        let first = &t["columnDefinitions"][0];
        let mut col_keys: Vec<&String> = first.as_object().expect("object").keys().collect();
        col_keys.sort();
        assert_eq!(
            col_keys,
            ["description", "format", "name", "priority", "type"]
        );
        assert_eq!(first["name"], "Name");
        assert_eq!(first["format"], "name");
        assert!(
            first["description"]
                .as_str()
                .expect("str")
                .starts_with("Name must be unique")
        );
        assert_eq!(t["columnDefinitions"][4]["name"], "Age");
        assert!(
            t["columnDefinitions"][4]["description"]
                .as_str()
                .expect("str")
                .contains("RFC3339 form and is in UTC.\n\nPopulated by the system.")
        );
        assert_eq!(
            t["rows"][0]["cells"],
            json!([
                "svc-1-79d74d9895-2456s",
                "0/1",
                "Pending",
                "0",
                "12m",
                "<none>",
                "<none>",
                "<none>",
                "<none>"
            ])
        );
        let object = &t["rows"][0]["object"];
        assert_eq!(object["kind"], "PartialObjectMetadata");
        assert_eq!(object["apiVersion"], "meta.k8s.io/v1");
        assert_eq!(object["metadata"], pod["metadata"]);
        assert!(t["rows"][0].get("conditions").is_none());
    }

    #[test]
    fn table_empty_and_include_modes() {
        let t = table(
            "apps",
            "deployments",
            &[],
            "",
            now(),
            IncludeObject::Metadata,
        );
        assert_eq!(t["rows"], json!([]));
        assert_eq!(t["metadata"], json!({}));

        let pod = capture_pod();
        let none = row("", "pods", &pod, now(), IncludeObject::None);
        assert!(none.get("object").is_none());
        let whole = row("", "pods", &pod, now(), IncludeObject::Object);
        assert_eq!(whole["object"], pod);
        let keys: Vec<&String> = whole.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["cells", "object"]);

        // An object without metadata still gets a PartialObjectMetadata.
        let bare = row("", "configmaps", &json!({}), now(), IncludeObject::Metadata);
        assert_eq!(
            bare["object"],
            json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": {}})
        );
    }

    #[test]
    fn every_printer_has_as_many_cells_as_columns() {
        let resources = [
            ("", "pods"),
            ("", "namespaces"),
            ("", "nodes"),
            ("", "services"),
            ("", "configmaps"),
            ("", "secrets"),
            ("", "serviceaccounts"),
            ("", "persistentvolumeclaims"),
            ("", "events"),
            ("events.k8s.io", "events"),
            ("", "resourcequotas"),
            ("", "limitranges"),
            ("apps", "deployments"),
            ("apps", "replicasets"),
            ("apps", "statefulsets"),
            ("apps", "daemonsets"),
            ("batch", "jobs"),
            ("batch", "cronjobs"),
            ("rbac.authorization.k8s.io", "roles"),
            ("example.com", "widgets"),
        ];
        let garbage = [
            json!(null),
            json!(1),
            json!("x"),
            json!([1, 2]),
            json!({}),
            json!({"metadata": 5, "spec": [], "status": "no"}),
            json!({"metadata": {"name": 7, "creationTimestamp": 12, "labels": [1], "deletionTimestamp": {}},
                   "spec": {"containers": {"a": 1}, "initContainers": [null, 3, {"name": []}],
                            "replicas": "three", "selector": "app=web", "ports": [null, {"port": "x"}],
                            "template": {"spec": {"containers": [null, {"name": 1}]}},
                            "readinessGates": [{"conditionType": null}], "completions": -1},
                   "status": {"phase": 3, "conditions": [null, {"type": 1}],
                              "containerStatuses": [null, {"state": {"waiting": "x", "terminated": []}}],
                              "initContainerStatuses": [{"state": {"terminated": {"exitCode": "1"}}}],
                              "hard": {"cpu": [], "pods": {}, "memory": "1Gi"}, "used": "x",
                              "addresses": [{"type": "InternalIP", "address": null}],
                              "loadBalancer": {"ingress": [{}]}},
                   "involvedObject": "pod", "series": {"count": "2"}, "count": -4}),
            json!({"metadata": {"name": "n", "creationTimestamp": "2026-11-22T00:00:00Z"},
                   "spec": {"type": "LoadBalancer", "selector": {"matchExpressions": [{"key": "a", "operator": "Bogus"}]},
                            "jobTemplate": {"spec": {"selector": {"matchLabels": {"bad key!": "v"}}}}},
                   "status": {"startTime": "2026-11-22T00:00:00Z", "completionTime": "bad"}}),
        ];
        for (group, resource) in resources {
            let ncols = columns(group, resource).as_array().expect("array").len();
            for obj in &garbage {
                let c = cells(group, resource, obj);
                assert_eq!(c.len(), ncols, "{group}/{resource} with {obj}");
            }
            let refs: Vec<&Value> = garbage.iter().collect();
            let t = table(group, resource, &refs, "1", now(), IncludeObject::Metadata);
            assert_eq!(t["rows"].as_array().expect("rows").len(), garbage.len());
        }
    }

    // --- Pods ------------------------------------------------------------------

    fn pod_with(status: Value) -> Value {
        json!({
            "metadata": {"name": "p", "creationTimestamp": "2026-11-22T00:00:00Z"},
            "spec": {"containers": [{"name": "app", "image": "nginx"}]},
            "status": status
        })
    }

    fn waiting(reason: &str) -> Value {
        json!({"name": "app", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": reason}}})
    }

    fn running(ready: bool) -> Value {
        json!({"name": "app", "ready": ready, "restartCount": 0,
               "state": {"running": {"startedAt": "2026-11-22T00:01:00Z"}}})
    }

    fn terminated(reason: Option<&str>, exit_code: i64, signal: i64) -> Value {
        let mut t = json!({"exitCode": exit_code, "finishedAt": "2026-11-22T00:40:00Z"});
        if let Some(r) = reason {
            t["reason"] = json!(r);
        }
        if signal != 0 {
            t["signal"] = json!(signal);
        }
        json!({"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": t}})
    }

    #[test]
    fn pod_pending_and_running() {
        assert_eq!(
            pod_status(&pod_with(json!({"phase": "Pending"}))),
            "Pending"
        );
        let p = pod_with(json!({
            "phase": "Running",
            "podIP": "10.0.0.9",
            "podIPs": [{"ip": "10.0.0.7"}],
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [running(true)]
        }));
        let c = pod_cells(&p);
        assert_eq!(c[1], "1/1");
        assert_eq!(c[2], "Running");
        assert_eq!(c[3], "0");
        assert_eq!(c[4], "48m");
        assert_eq!(c[5], "10.0.0.7");
        // Only podIP set (no podIPs): still shown.
        let p2 = pod_with(json!({"phase": "Running", "podIP": "10.0.0.9"}));
        assert_eq!(pod_cells(&p2)[5], "10.0.0.9");
        // Running but not ready.
        let p3 = pod_with(json!({"phase": "Running", "containerStatuses": [running(false)]}));
        assert_eq!(pod_cells(&p3)[1], "0/1");
        assert_eq!(pod_cells(&p3)[2], "Running");
    }

    #[test]
    fn pod_container_waiting_reasons() {
        for reason in [
            "CrashLoopBackOff",
            "ImagePullBackOff",
            "ErrImagePull",
            "ContainerCreating",
            "CreateContainerConfigError",
        ] {
            let p = pod_with(json!({"phase": "Pending", "containerStatuses": [waiting(reason)]}));
            assert_eq!(pod_status(&p), reason);
        }
        // An empty waiting reason leaves the phase.
        let p = pod_with(json!({"phase": "Pending", "containerStatuses": [waiting("")]}));
        assert_eq!(pod_status(&p), "Pending");
    }

    #[test]
    fn pod_container_terminated_reasons() {
        let cases = [
            (terminated(Some("OOMKilled"), 137, 0), "OOMKilled"),
            (terminated(Some("Completed"), 0, 0), "Completed"),
            (terminated(Some("Error"), 1, 0), "Error"),
            (terminated(None, 3, 0), "ExitCode:3"),
            (terminated(None, 0, 9), "Signal:9"),
            (terminated(Some(""), 0, 0), "ExitCode:0"),
        ];
        for (status, want) in cases {
            let p = pod_with(json!({"phase": "Running", "containerStatuses": [status]}));
            assert_eq!(pod_status(&p), want);
        }
    }

    #[test]
    fn pod_succeeded_and_failed_carry_row_conditions() {
        let p = pod_with(
            json!({"phase": "Succeeded", "containerStatuses": [terminated(Some("Completed"), 0, 0)]}),
        );
        let r = row("", "pods", &p, now(), IncludeObject::Metadata);
        assert_eq!(r["cells"][2], "Completed");
        assert_eq!(r["cells"][1], "0/1");
        assert_eq!(
            r["conditions"],
            json!([{"type": "Completed", "status": "True", "reason": "Succeeded",
                    "message": "The pod has completed successfully."}])
        );
        let keys: Vec<&String> = r.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["cells", "conditions", "object"]);

        let f = pod_with(
            json!({"phase": "Failed", "containerStatuses": [terminated(Some("Error"), 1, 0)]}),
        );
        let r = row("", "pods", &f, now(), IncludeObject::None);
        assert_eq!(r["cells"][2], "Error");
        assert_eq!(r["conditions"][0]["reason"], "Failed");
        assert_eq!(r["conditions"][0]["message"], "The pod failed.");

        // Evicted: status.reason wins over the phase.
        let e = pod_with(json!({"phase": "Failed", "reason": "Evicted"}));
        assert_eq!(pod_status(&e), "Evicted");
    }

    #[test]
    fn pod_completed_with_running_sibling() {
        let mut done = terminated(Some("Completed"), 0, 0);
        done["name"] = json!("first");
        let statuses = json!([done, running(true)]);
        let not_ready = pod_with(json!({"phase": "Running", "containerStatuses": statuses}));
        assert_eq!(pod_status(&not_ready), "NotReady");
        let ready = pod_with(json!({
            "phase": "Running",
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": statuses
        }));
        assert_eq!(pod_status(&ready), "Running");
        assert_eq!(pod_cells(&ready)[1], "1/1");
    }

    fn init_pod(init_statuses: Value, conditions: Value) -> Value {
        json!({
            "metadata": {"name": "p", "creationTimestamp": "2026-11-22T00:00:00Z"},
            "spec": {
                "initContainers": [{"name": "init-a", "image": "busybox"}, {"name": "init-b", "image": "busybox"}],
                "containers": [{"name": "app", "image": "nginx"}]
            },
            "status": {
                "phase": "Pending",
                "conditions": conditions,
                "initContainerStatuses": init_statuses,
                "containerStatuses": [waiting("PodInitializing")]
            }
        })
    }

    #[test]
    fn pod_init_container_states() {
        let done = json!({"name": "init-a", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}});
        let initializing =
            json!({"name": "init-b", "state": {"waiting": {"reason": "PodInitializing"}}});
        let running_init = json!({"name": "init-a", "state": {"running": {}}});
        let cases = [
            (json!([running_init, initializing]), "Init:0/2"),
            (
                json!([done, {"name": "init-b", "state": {"running": {}}}]),
                "Init:1/2",
            ),
            (
                json!([{"name": "init-a", "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]),
                "Init:CrashLoopBackOff",
            ),
            (
                json!([{"name": "init-a", "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]),
                "Init:Error",
            ),
            (
                json!([{"name": "init-a", "state": {"terminated": {"exitCode": 2}}}]),
                "Init:ExitCode:2",
            ),
            (
                json!([{"name": "init-a", "state": {"terminated": {"exitCode": 137, "signal": 9}}}]),
                "Init:Signal:9",
            ),
            (json!([done, initializing]), "Init:1/2"),
        ];
        for (statuses, want) in cases {
            let p = init_pod(statuses, json!([]));
            assert_eq!(pod_status(&p), want);
        }
        // Init restarts are counted while initializing.
        let p = init_pod(
            json!([{"name": "init-a", "restartCount": 4,
                    "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:43:00Z"}},
                    "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]),
            json!([]),
        );
        assert_eq!(pod_cells(&p)[3], "4 (5m ago)");
        // Once Initialized is True, the regular containers decide.
        let p = init_pod(
            json!([{"name": "init-a", "state": {"running": {}}}]),
            json!([{"type": "Initialized", "status": "True"}]),
        );
        assert_eq!(pod_status(&p), "PodInitializing");
    }

    #[test]
    fn pod_sidecar_containers_count() {
        let p = json!({
            "metadata": {"name": "p", "creationTimestamp": "2026-11-22T00:00:00Z"},
            "spec": {
                "initContainers": [
                    {"name": "setup", "image": "busybox"},
                    {"name": "proxy", "image": "envoy", "restartPolicy": "Always"}
                ],
                "containers": [{"name": "app", "image": "nginx"}]
            },
            "status": {
                "phase": "Running",
                "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"}],
                "initContainerStatuses": [
                    {"name": "setup", "restartCount": 1, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}},
                     "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:01:00Z"}}},
                    {"name": "proxy", "ready": true, "started": true, "restartCount": 2,
                     "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:30:00Z"}},
                     "state": {"running": {}}}
                ],
                "containerStatuses": [
                    {"name": "app", "ready": true, "restartCount": 1,
                     "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:45:00Z"}},
                     "state": {"running": {}}}
                ]
            }
        });
        let c = pod_cells(&p);
        assert_eq!(c[1], "2/2");
        assert_eq!(c[2], "Running");
        // Sidecar restarts count, the finished plain init container's do not.
        assert_eq!(c[3], "3 (3m ago)");
    }

    #[test]
    fn pod_restarts_with_last_restart_time() {
        let mut cs = running(true);
        cs["restartCount"] = json!(3);
        cs["lastState"] =
            json!({"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:43:00Z"}});
        let mut other = running(true);
        other["name"] = json!("side");
        other["restartCount"] = json!(2);
        other["lastState"] =
            json!({"terminated": {"exitCode": 1, "finishedAt": "2026-11-22T00:20:00Z"}});
        let p = pod_with(json!({"phase": "Running", "containerStatuses": [cs, other]}));
        assert_eq!(pod_cells(&p)[3], "5 (5m ago)");
        // Restarts without a recorded termination time: just the number.
        let mut cs = running(true);
        cs["restartCount"] = json!(2);
        let p = pod_with(json!({"phase": "Running", "containerStatuses": [cs]}));
        assert_eq!(pod_cells(&p)[3], "2");
    }

    #[test]
    fn pod_terminating_unknown_and_gated() {
        let mut p = pod_with(json!({"phase": "Running", "containerStatuses": [running(true)]}));
        p["metadata"]["deletionTimestamp"] = json!("2026-11-22T00:47:00Z");
        assert_eq!(pod_status(&p), "Terminating");

        let mut lost = pod_with(json!({"phase": "Running", "reason": "NodeLost"}));
        lost["metadata"]["deletionTimestamp"] = json!("2026-11-22T00:47:00Z");
        assert_eq!(pod_status(&lost), "Unknown");

        // A finished pod being deleted keeps its status.
        let mut done = pod_with(
            json!({"phase": "Succeeded", "containerStatuses": [terminated(Some("Completed"), 0, 0)]}),
        );
        done["metadata"]["deletionTimestamp"] = json!("2026-11-22T00:47:00Z");
        assert_eq!(pod_status(&done), "Completed");

        let gated = pod_with(json!({
            "phase": "Pending",
            "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]
        }));
        assert_eq!(pod_status(&gated), "SchedulingGated");
    }

    #[test]
    fn pod_wide_cells() {
        let p = json!({
            "metadata": {"name": "p", "creationTimestamp": "2026-11-22T00:00:00Z"},
            "spec": {
                "nodeName": "node-1",
                "containers": [{"name": "app"}],
                "readinessGates": [{"conditionType": "example.com/a"}, {"conditionType": "example.com/b"}]
            },
            "status": {
                "phase": "Running",
                "nominatedNodeName": "node-2",
                "podIPs": [{"ip": "10.1.2.3"}, {"ip": "fd00::3"}],
                "conditions": [
                    {"type": "example.com/a", "status": "True"},
                    {"type": "example.com/b", "status": "False"}
                ]
            }
        });
        let c = pod_cells(&p);
        assert_eq!(
            c[5..].to_vec(),
            vec![
                json!("10.1.2.3"),
                json!("node-1"),
                json!("node-2"),
                json!("1/2")
            ]
        );
    }

    // --- Nodes -----------------------------------------------------------------

    #[test]
    fn node_status_and_roles() {
        let n = json!({
            "metadata": {
                "name": "cp-1",
                "creationTimestamp": "2026-11-20T00:48:00Z",
                "labels": {
                    "node-role.kubernetes.io/control-plane": "",
                    "node-role.kubernetes.io/master": "",
                    "node-role.kubernetes.io/": "",
                    "kubernetes.io/role": "infra",
                    "kubernetes.io/hostname": "cp-1"
                }
            },
            "spec": {"unschedulable": true},
            "status": {
                "conditions": [
                    {"type": "MemoryPressure", "status": "False"},
                    {"type": "Ready", "status": "True"}
                ],
                "addresses": [
                    {"type": "Hostname", "address": "cp-1"},
                    {"type": "InternalIP", "address": "192.168.1.10"}
                ],
                "nodeInfo": {
                    "kubeletVersion": "v1.36.2",
                    "osImage": "Debian GNU/Linux 13",
                    "kernelVersion": "6.12.0",
                    "containerRuntimeVersion": "containerd://2.1.0"
                }
            }
        });
        let c = cells("", "nodes", &n);
        assert_eq!(
            c,
            vec![
                json!("cp-1"),
                json!("Ready,SchedulingDisabled"),
                json!("control-plane,infra,master"),
                json!("2d"),
                json!("v1.36.2"),
                json!("192.168.1.10"),
                json!("<none>"),
                json!("Debian GNU/Linux 13"),
                json!("6.12.0"),
                json!("containerd://2.1.0"),
            ]
        );

        let not_ready = json!({"metadata": {"name": "w"}, "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}});
        let c = cells("", "nodes", &not_ready);
        assert_eq!(c[1], "NotReady");
        assert_eq!(c[2], "<none>");
        assert_eq!(c[3], "<unknown>");
        assert_eq!(c[4], "");
        assert_eq!(c[7], "<unknown>");

        let bare = json!({"metadata": {"name": "w"}});
        assert_eq!(cells("", "nodes", &bare)[1], "Unknown");
        let names: Vec<String> = column_names("", "nodes")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(
            names,
            [
                "Name",
                "Status",
                "Roles",
                "Age",
                "Version",
                "Internal-IP",
                "External-IP",
                "OS-Image",
                "Kernel-Version",
                "Container-Runtime"
            ]
        );
    }

    // --- Services --------------------------------------------------------------

    #[test]
    fn service_rows() {
        let cluster_ip = json!({
            "metadata": {"name": "web", "creationTimestamp": "2026-11-22T00:31:33Z"},
            "spec": {
                "type": "ClusterIP",
                "clusterIP": "10.96.0.10",
                "clusterIPs": ["10.96.0.10"],
                "ports": [{"port": 80, "protocol": "TCP"}, {"port": 53, "protocol": "UDP"}],
                "selector": {"app": "web", "tier": "front"}
            }
        });
        assert_eq!(
            cells("", "services", &cluster_ip),
            vec![
                json!("web"),
                json!("ClusterIP"),
                json!("10.96.0.10"),
                json!("<none>"),
                json!("80/TCP,53/UDP"),
                json!("16m"),
                json!("app=web,tier=front")
            ]
        );

        let node_port = json!({
            "metadata": {"name": "np"},
            "spec": {"type": "NodePort", "clusterIPs": ["10.96.0.11"], "externalIPs": ["1.2.3.4"],
                     "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}]}
        });
        let c = cells("", "services", &node_port);
        assert_eq!(c[3], "1.2.3.4");
        assert_eq!(c[4], "80:30080/TCP");
        assert_eq!(c[6], "<none>");

        let pending = json!({"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer", "clusterIPs": ["10.96.0.12"],
                             "ports": [{"port": 443, "nodePort": 31443}]}});
        let c = cells("", "services", &pending);
        assert_eq!(c[3], "<pending>");
        assert_eq!(c[4], "443:31443/TCP");

        let lb = json!({"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer", "externalIPs": ["9.9.9.9"]},
                        "status": {"loadBalancer": {"ingress": [{"ip": "5.6.7.8"}, {"hostname": "lb.example.com"}, {"ip": "5.6.7.8"}]}}});
        assert_eq!(
            cells("", "services", &lb)[3],
            "5.6.7.8,lb.example.com,9.9.9.9"
        );

        let external = json!({"metadata": {"name": "ext"}, "spec": {"type": "ExternalName", "externalName": "db.example.com"}});
        let c = cells("", "services", &external);
        assert_eq!(c[2], "<none>");
        assert_eq!(c[3], "db.example.com");
        assert_eq!(c[4], "<none>");

        let headless = json!({"metadata": {"name": "h"}, "spec": {"clusterIP": "None", "clusterIPs": ["None"]}});
        let c = cells("", "services", &headless);
        assert_eq!(c[1], "ClusterIP");
        assert_eq!(c[2], "None");
    }

    // --- Workloads -------------------------------------------------------------

    #[test]
    fn deployment_row_matches_capture() {
        let d = json!({
            "metadata": {"name": "web", "namespace": "shop", "creationTimestamp": "2026-11-22T00:31:33Z",
                         "labels": {"app": "web"}},
            "spec": {
                "replicas": 5,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                             "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}
            },
            "status": {"observedGeneration": 5, "replicas": 4, "updatedReplicas": 4, "unavailableReplicas": 5}
        });
        let t = table(
            "apps",
            "deployments",
            &[&d],
            "26404",
            now(),
            IncludeObject::Metadata,
        );
        assert_eq!(
            t["rows"][0]["cells"],
            json!(["web", "0/5", 4, 0, "16m", "nginx", "nginx", "app=web"])
        );
        let names = column_names("apps", "deployments");
        assert_eq!(
            names,
            vec![
                ("Name".to_string(), 0),
                ("Ready".to_string(), 0),
                ("Up-to-date".to_string(), 0),
                ("Available".to_string(), 0),
                ("Age".to_string(), 0),
                ("Containers".to_string(), 1),
                ("Images".to_string(), 1),
                ("Selector".to_string(), 1),
            ]
        );
        assert_eq!(
            t["columnDefinitions"][7]["description"],
            "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."
        );
        assert_eq!(
            t["columnDefinitions"][1]["description"],
            "Number of the pod with ready state"
        );

        // Several containers, a missing replicas (defaulted to 1), an invalid selector.
        let d2 = json!({
            "metadata": {"name": "multi"},
            "spec": {
                "selector": {"matchExpressions": [{"key": "app", "operator": "Like", "values": ["x"]}]},
                "template": {"spec": {"containers": [{"name": "a", "image": "img-a"}, {"name": "b", "image": "img-b:2"}]}}
            },
            "status": {"readyReplicas": 1, "updatedReplicas": 1, "availableReplicas": 1}
        });
        assert_eq!(
            cells("apps", "deployments", &d2),
            vec![
                json!("multi"),
                json!("1/1"),
                json!(1),
                json!(1),
                json!("<unknown>"),
                json!("a,b"),
                json!("img-a,img-b:2"),
                json!("<invalid>")
            ]
        );
        // No selector at all prints an empty string for deployments.
        let d3 = json!({"metadata": {"name": "x"}, "spec": {"replicas": 0}});
        let c = cells("apps", "deployments", &d3);
        assert_eq!(c[1], "0/0");
        assert_eq!(c[7], "");
    }

    #[test]
    fn replicaset_statefulset_daemonset_rows() {
        let rs = json!({
            "metadata": {"name": "web-5cf77c44cd", "creationTimestamp": "2026-11-22T00:31:33Z"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "5cf77c44cd"}},
                     "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}},
            "status": {"replicas": 3, "readyReplicas": 2}
        });
        assert_eq!(
            cells("apps", "replicasets", &rs),
            vec![
                json!("web-5cf77c44cd"),
                json!(3),
                json!(3),
                json!(2),
                json!("16m"),
                json!("nginx"),
                json!("nginx:1.27"),
                json!("app=web,pod-template-hash=5cf77c44cd")
            ]
        );
        let rs_cols = columns("apps", "replicasets");
        assert_eq!(rs_cols[1]["type"], "integer");

        let sts = json!({"metadata": {"name": "db"}, "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "pg", "image": "postgres:17"}]}}},
                         "status": {"readyReplicas": 1}});
        assert_eq!(
            cells("apps", "statefulsets", &sts),
            vec![
                json!("db"),
                json!("1/3"),
                json!("<unknown>"),
                json!("pg"),
                json!("postgres:17")
            ]
        );

        let ds = json!({
            "metadata": {"name": "agent", "creationTimestamp": "2026-11-22T00:47:30Z"},
            "spec": {"selector": {"matchLabels": {"app": "agent"}},
                     "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                                           "containers": [{"name": "agent", "image": "agent:1"}]}}},
            "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                       "updatedNumberScheduled": 3, "numberAvailable": 2}
        });
        assert_eq!(
            cells("apps", "daemonsets", &ds),
            vec![
                json!("agent"),
                json!(3),
                json!(3),
                json!(2),
                json!(3),
                json!(2),
                json!("kubernetes.io/os=linux"),
                json!("30s"),
                json!("agent"),
                json!("agent:1"),
                json!("app=agent")
            ]
        );
        let ds2 = json!({"metadata": {"name": "x"}});
        let c = cells("apps", "daemonsets", &ds2);
        assert_eq!(c[6], "<none>");
        assert_eq!(c[10], "<none>");
    }

    #[test]
    fn job_and_cronjob_rows() {
        let complete = json!({
            "metadata": {"name": "pi", "creationTimestamp": "2026-11-22T00:40:00Z"},
            "spec": {"completions": 1, "parallelism": 1,
                     "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "abc"}},
                     "template": {"spec": {"containers": [{"name": "pi", "image": "perl:5.34"}]}}},
            "status": {"succeeded": 1, "startTime": "2026-11-22T00:40:00Z", "completionTime": "2026-11-22T00:40:42Z",
                       "conditions": [{"type": "SuccessCriteriaMet", "status": "True"}, {"type": "Complete", "status": "True"}]}
        });
        assert_eq!(
            cells("batch", "jobs", &complete),
            vec![
                json!("pi"),
                json!("Complete"),
                json!("1/1"),
                json!("42s"),
                json!("8m"),
                json!("pi"),
                json!("perl:5.34"),
                json!("batch.kubernetes.io/controller-uid=abc")
            ]
        );
        let running = json!({"metadata": {"name": "r"}, "spec": {"parallelism": 3},
                             "status": {"startTime": "2026-11-22T00:45:00Z", "active": 3}});
        let c = cells("batch", "jobs", &running);
        assert_eq!(c[1], "Running");
        assert_eq!(c[2], "0/1 of 3");
        assert_eq!(c[3], "3m");
        let failed = json!({"metadata": {"name": "f"}, "spec": {"completions": 3},
                            "status": {"failed": 4, "conditions": [{"type": "Failed", "status": "True"}]}});
        let c = cells("batch", "jobs", &failed);
        assert_eq!(c[1], "Failed");
        assert_eq!(c[2], "0/3");
        assert_eq!(c[3], "");
        let suspended = json!({"metadata": {"name": "s"}, "status": {"conditions": [{"type": "Suspended", "status": "True"}]}});
        assert_eq!(cells("batch", "jobs", &suspended)[1], "Suspended");
        let mut deleting = suspended.clone();
        deleting["metadata"]["deletionTimestamp"] = json!("2026-11-22T00:47:00Z");
        assert_eq!(cells("batch", "jobs", &deleting)[1], "Terminating");
        let target = json!({"metadata": {"name": "t"}, "status": {"conditions": [{"type": "FailureTarget", "status": "True"}]}});
        assert_eq!(cells("batch", "jobs", &target)[1], "FailureTarget");

        let cj = json!({
            "metadata": {"name": "hello", "creationTimestamp": "2026-11-21T00:48:00Z"},
            "spec": {"schedule": "*/5 * * * *", "suspend": false,
                     "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "hello", "image": "busybox"}]}}}}},
            "status": {"active": [{"name": "hello-1"}], "lastScheduleTime": "2026-11-22T00:45:00Z"}
        });
        assert_eq!(
            cells("batch", "cronjobs", &cj),
            vec![
                json!("hello"),
                json!("*/5 * * * *"),
                json!("<none>"),
                json!("False"),
                json!(1),
                json!("3m"),
                json!("24h"),
                json!("hello"),
                json!("busybox"),
                json!("<none>")
            ]
        );
        let cj2 = json!({"metadata": {"name": "tz"}, "spec": {"schedule": "@daily", "timeZone": "Europe/Paris", "suspend": true}});
        let c = cells("batch", "cronjobs", &cj2);
        assert_eq!(c[2], "Europe/Paris");
        assert_eq!(c[3], "True");
        assert_eq!(c[4], 0);
        assert_eq!(c[5], "<none>");
        assert_eq!(columns("batch", "cronjobs")[3]["type"], "boolean");
    }

    // --- Config and quota ------------------------------------------------------

    #[test]
    fn configmap_secret_serviceaccount_namespace_rows() {
        let cm = json!({"metadata": {"name": "cfg", "creationTimestamp": "2026-11-22T00:46:00Z"},
                        "data": {"a": "1", "b": "2"}, "binaryData": {"c": "AA=="}});
        assert_eq!(
            cells("", "configmaps", &cm),
            vec![json!("cfg"), json!(3), json!("2m")]
        );

        let secret = json!({"metadata": {"name": "tls"}, "type": "kubernetes.io/tls", "data": {"tls.crt": "x", "tls.key": "y"}});
        assert_eq!(
            cells("", "secrets", &secret),
            vec![
                json!("tls"),
                json!("kubernetes.io/tls"),
                json!(2),
                json!("<unknown>")
            ]
        );
        let opaque = json!({"metadata": {"name": "s"}, "stringData": {"password": "p"}});
        assert_eq!(
            cells("", "secrets", &opaque),
            vec![json!("s"), json!("Opaque"), json!(1), json!("<unknown>")]
        );

        let sa = json!({"metadata": {"name": "default", "creationTimestamp": "2026-11-22T00:31:33Z"}, "secrets": [{"name": "x"}]});
        assert_eq!(
            cells("", "serviceaccounts", &sa),
            vec![json!("default"), json!("16m")]
        );
        assert_eq!(
            column_names("", "serviceaccounts"),
            vec![("Name".to_string(), 0), ("Age".to_string(), 0)]
        );

        let ns = json!({"metadata": {"name": "shop", "creationTimestamp": "2026-11-22T00:31:33Z"}, "status": {"phase": "Terminating"}});
        assert_eq!(
            cells("", "namespaces", &ns),
            vec![json!("shop"), json!("Terminating"), json!("16m")]
        );
        assert_eq!(
            cells("", "namespaces", &json!({"metadata": {"name": "new"}}))[1],
            "Active"
        );
    }

    #[test]
    fn quota_row_matches_real_format() {
        let q = json!({
            "metadata": {"name": "shop-quota", "creationTimestamp": "2026-11-22T00:31:33Z"},
            "status": {
                "hard": {"configmaps": "20", "count/deployments.apps": "10", "count/replicasets.apps": "20",
                         "pods": "10", "secrets": "20", "services": "5"},
                "used": {"configmaps": "2", "count/deployments.apps": "1", "count/replicasets.apps": "2",
                         "pods": "7", "secrets": "0", "services": "0"}
            }
        });
        assert_eq!(
            cells("", "resourcequotas", &q),
            vec![
                json!("shop-quota"),
                json!(
                    "configmaps: 2/20, count/deployments.apps: 1/10, count/replicasets.apps: 2/20, pods: 7/10, secrets: 0/20, services: 0/5"
                ),
                json!(""),
                json!("16m"),
            ]
        );
        let compute = json!({
            "metadata": {"name": "compute"},
            "status": {
                "hard": {"requests.cpu": "2", "requests.memory": "2048Mi", "limits.cpu": "4000m", "limits.memory": "8Gi",
                         "pods": 10, "limits": "1"},
                "used": {"requests.cpu": "0.5", "requests.memory": "536870912", "limits.cpu": "1"}
            }
        });
        let c = cells("", "resourcequotas", &compute);
        assert_eq!(
            c[1],
            "limits: 0/1, pods: 0/10, requests.cpu: 500m/2, requests.memory: 536870912/2Gi"
        );
        assert_eq!(c[2], "limits.cpu: 1/4, limits.memory: 0/8Gi");
        let names: Vec<String> = column_names("", "resourcequotas")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["Name", "Request", "Limit", "Age"]);
    }

    #[test]
    fn quantities_are_canonical() {
        let cases = [
            ("0", "0"),
            ("0m", "0"),
            ("000", "0"),
            ("10", "10"),
            ("500m", "500m"),
            ("0.5", "500m"),
            (".5", "500m"),
            ("1000m", "1"),
            ("1500m", "1500m"),
            ("1.5", "1500m"),
            ("2000", "2k"),
            ("1500", "1500"),
            ("1k", "1k"),
            ("1M", "1M"),
            ("64Mi", "64Mi"),
            ("1024Mi", "1Gi"),
            ("1536Mi", "1536Mi"),
            ("1.5Gi", "1536Mi"),
            ("0.5Gi", "512Mi"),
            ("100Ki", "100Ki"),
            ("1Ki", "1Ki"),
            ("512", "512"),
            ("1e3", "1e3"),
            ("1E6", "1e6"),
            ("1.5e3", "1500"),
            ("100e-3", "100e-3"),
            ("0.1e-3", "100e-6"),
            ("12345e0", "12345"),
            ("-1", "-1"),
            ("-500m", "-500m"),
            ("+2", "2"),
            ("1n", "1n"),
            ("0.1n", "1n"),
            ("1u", "1u"),
            ("10Gi", "10Gi"),
            (" 3 ", "3"),
        ];
        for (input, want) in cases {
            assert_eq!(
                quantity_text(Some(&json!(input))),
                want,
                "quantity {input:?}"
            );
        }
        assert_eq!(quantity_text(None), "0");
        assert_eq!(quantity_text(Some(&json!(12))), "12");
        assert_eq!(quantity_text(Some(&json!(0.25))), "250m");
        // Unparseable values are shown as they are.
        for bad in ["abc", "1Qi", "1.2.3", "", "e3", "1e", "1e+"] {
            assert_eq!(quantity_text(Some(&json!(bad))), bad);
        }
        // Absurdly large values are capped, not overflowed.
        assert_eq!(
            quantity_text(Some(&json!("99999999999999999999999999999999E"))),
            "9223372036854775807"
        );
        assert_eq!(
            quantity_text(Some(&json!("123456789012345678901234567890123456789012"))),
            "9223372036854775807"
        );
        // Many significant digits below a nano-unit round up.
        assert_eq!(
            quantity_text(Some(&json!(
                "0.0000000010000000000000000000000000000000000001"
            ))),
            "2n"
        );
        assert_eq!(
            quantity_text(Some(&json!(
                "1.00000000000000000000000000000000000000000000"
            ))),
            "1"
        );
        assert_eq!(quantity_text(Some(&json!("-0.0000000011"))), "-2n");
    }

    #[test]
    fn pvc_rows() {
        let bound = json!({
            "metadata": {"name": "data", "creationTimestamp": "2026-11-22T00:31:33Z"},
            "spec": {"volumeName": "pv-1", "storageClassName": "standard", "volumeMode": "Filesystem",
                     "resources": {"requests": {"storage": "1Gi"}}},
            "status": {"phase": "Bound", "capacity": {"storage": "1024Mi"}, "accessModes": ["ReadWriteMany", "ReadWriteOnce"]}
        });
        assert_eq!(
            cells("", "persistentvolumeclaims", &bound),
            vec![
                json!("data"),
                json!("Bound"),
                json!("pv-1"),
                json!("1Gi"),
                json!("RWO,RWX"),
                json!("standard"),
                json!("<unset>"),
                json!("16m"),
                json!("Filesystem")
            ]
        );
        let pending = json!({
            "metadata": {"name": "p", "annotations": {"volume.beta.kubernetes.io/storage-class": "old"}},
            "spec": {"storageClassName": "new", "volumeMode": "Block", "volumeAttributesClassName": "gold"},
            "status": {"phase": "Pending"}
        });
        let c = cells("", "persistentvolumeclaims", &pending);
        assert_eq!(
            c[1..7].to_vec(),
            vec![
                json!("Pending"),
                json!(""),
                json!(""),
                json!(""),
                json!("old"),
                json!("gold")
            ]
        );
        assert_eq!(c[8], "Block");
    }

    // --- Events ------------------------------------------------------------------

    #[test]
    fn core_event_rows() {
        let single = json!({
            "metadata": {"name": "web-5cf77c44cd-nb4k8.18ea36a914f41515", "namespace": "shop"},
            "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-5cf77c44cd-nb4k8"},
            "reason": "FailedScheduling",
            "message": "no nodes available to schedule pods\n",
            "source": {},
            "firstTimestamp": null,
            "lastTimestamp": null,
            "type": "Warning",
            "eventTime": "2026-11-22T00:31:41.289473Z",
            "reportingComponent": "default-scheduler",
            "reportingInstance": "default-scheduler-vm"
        });
        assert_eq!(
            cells("", "events", &single),
            vec![
                json!("16m"),
                json!("Warning"),
                json!("FailedScheduling"),
                json!("pod/web-5cf77c44cd-nb4k8"),
                json!(""),
                json!("default-scheduler, default-scheduler-vm"),
                json!("no nodes available to schedule pods"),
                json!("16m"),
                json!(1),
                json!("web-5cf77c44cd-nb4k8.18ea36a914f41515")
            ]
        );

        let mut series = single.clone();
        series["eventTime"] = json!("2026-11-22T00:31:43.001419Z");
        series["series"] = json!({"count": 2, "lastObservedTime": "2026-11-22T00:46:46.001346Z"});
        let c = cells("", "events", &series);
        assert_eq!(c[0], "73s");
        assert_eq!(c[7], "16m");
        assert_eq!(c[8], 2);

        let legacy = json!({
            "metadata": {"name": "web.1"},
            "involvedObject": {"kind": "Deployment", "name": "web", "fieldPath": "spec.containers{nginx}"},
            "reason": "ScalingReplicaSet",
            "message": "Scaled up replica set web-5cf77c44cd to 5",
            "source": {"component": "deployment-controller", "host": "cp-1"},
            "firstTimestamp": "2026-11-22T00:31:33Z",
            "lastTimestamp": "2026-11-22T00:45:00Z",
            "count": 4,
            "type": "Normal"
        });
        assert_eq!(
            cells("", "events", &legacy),
            vec![
                json!("3m"),
                json!("Normal"),
                json!("ScalingReplicaSet"),
                json!("deployment/web"),
                json!("spec.containers{nginx}"),
                json!("deployment-controller, cp-1"),
                json!("Scaled up replica set web-5cf77c44cd to 5"),
                json!("16m"),
                json!(4),
                json!("web.1")
            ]
        );

        // Nothing known: no times, kind only.
        let bare = json!({"metadata": {"name": "e"}, "involvedObject": {"kind": "Node"}});
        let c = cells("", "events", &bare);
        assert_eq!(c[0], "<unknown>");
        assert_eq!(c[3], "node");
        assert_eq!(c[5], "");
        assert_eq!(c[7], "<unknown>");
        assert_eq!(c[8], 1);

        let names = column_names("", "events");
        assert_eq!(
            names,
            vec![
                ("Last Seen".to_string(), 0),
                ("Type".to_string(), 0),
                ("Reason".to_string(), 0),
                ("Object".to_string(), 0),
                ("Subobject".to_string(), 1),
                ("Source".to_string(), 1),
                ("Message".to_string(), 0),
                ("First Seen".to_string(), 1),
                ("Count".to_string(), 1),
                ("Name".to_string(), 1),
            ]
        );
        assert_eq!(columns("", "events")[9]["format"], "name");
        assert_eq!(columns("", "events"), columns("events.k8s.io", "events"));
    }

    #[test]
    fn events_k8s_io_event_rows() {
        let ev = json!({
            "metadata": {"name": "web-5cf77c44cd-nb4k8.18ea36a97afe3fc9", "namespace": "shop"},
            "eventTime": "2026-11-22T00:31:43.001419Z",
            "series": {"count": 2, "lastObservedTime": "2026-11-22T00:31:46.001346Z"},
            "reportingController": "default-scheduler",
            "reportingInstance": "default-scheduler-vm",
            "action": "Scheduling",
            "reason": "FailedScheduling",
            "regarding": {"kind": "Pod", "namespace": "shop", "name": "web-5cf77c44cd-nb4k8"},
            "note": "no nodes available to schedule pods",
            "type": "Warning",
            "deprecatedSource": {},
            "deprecatedFirstTimestamp": null,
            "deprecatedLastTimestamp": null
        });
        assert_eq!(
            cells("events.k8s.io", "events", &ev),
            vec![
                json!("16m"),
                json!("Warning"),
                json!("FailedScheduling"),
                json!("pod/web-5cf77c44cd-nb4k8"),
                json!(""),
                json!("default-scheduler, default-scheduler-vm"),
                json!("no nodes available to schedule pods"),
                json!("16m"),
                json!(2),
                json!("web-5cf77c44cd-nb4k8.18ea36a97afe3fc9")
            ]
        );
        let old = json!({
            "metadata": {"name": "x"},
            "regarding": {"kind": "ReplicaSet", "name": "web-1"},
            "note": "Created pod",
            "deprecatedSource": {"component": "replicaset-controller"},
            "deprecatedFirstTimestamp": "2026-11-22T00:40:00Z",
            "deprecatedLastTimestamp": "2026-11-22T00:47:00Z",
            "deprecatedCount": 3,
            "type": "Normal"
        });
        let c = cells("events.k8s.io", "events", &old);
        assert_eq!(c[0], "60s");
        assert_eq!(c[3], "replicaset/web-1");
        assert_eq!(c[5], "replicaset-controller");
        assert_eq!(c[6], "Created pod");
        assert_eq!(c[7], "8m");
        assert_eq!(c[8], 3);
        // The core endpoint reading the same new-shape object.
        assert_eq!(cells("", "events", &old), c);
    }

    // --- Selectors and the default table ------------------------------------

    #[test]
    fn label_selectors() {
        let sel = json!({
            "matchLabels": {"tier": "front", "app": "web"},
            "matchExpressions": [
                {"key": "env", "operator": "In", "values": ["prod", "dev"]},
                {"key": "zone", "operator": "NotIn", "values": ["b", "a"]},
                {"key": "gpu", "operator": "Exists"},
                {"key": "example.com/legacy", "operator": "DoesNotExist", "values": []}
            ]
        });
        assert_eq!(
            format_label_selector(Some(&sel)),
            "app=web,env in (dev,prod),!example.com/legacy,gpu,tier=front,zone notin (a,b)"
        );
        assert_eq!(format_label_selector(None), "<none>");
        assert_eq!(format_label_selector(Some(&json!({}))), "<none>");
        assert_eq!(
            format_label_selector(Some(&json!({"matchLabels": {}}))),
            "<none>"
        );
        assert_eq!(
            format_label_selector(Some(&json!({"matchLabels": {"a": 1}}))),
            "<error>"
        );
        assert_eq!(
            format_label_selector(Some(&json!({"matchLabels": {"a b": "c"}}))),
            "<error>"
        );
        assert_eq!(
            format_label_selector(Some(&json!({"matchLabels": {"a": "-bad-"}}))),
            "<error>"
        );
        assert_eq!(
            format_label_selector(Some(&json!({"matchLabels": {"a": ""}}))),
            "a="
        );
        assert_eq!(
            format_label_selector(Some(
                &json!({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]})
            )),
            "<error>"
        );
        assert_eq!(
            format_label_selector(Some(
                &json!({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]})
            )),
            "<error>"
        );
        assert_eq!(format_label_selector(Some(&json!("app=web"))), "<error>");
        assert_eq!(
            format_label_selector(Some(&json!({"matchLabels": {"Example.com/a": "b"}}))),
            "<error>"
        );
        assert_eq!(
            format_label_selector(Some(&json!({"matchLabels": {"/a": "b"}}))),
            "<error>"
        );
        assert_eq!(
            format_label_selector(Some(&json!({"matchLabels": {"a/b/c": "d"}}))),
            "<error>"
        );
        assert_eq!(
            format_label_selector(Some(&json!({"matchLabels": {"k8s.io/a_b.c": "B.1"}}))),
            "k8s.io/a_b.c=B.1"
        );
        assert_eq!(
            format_label_selector(Some(
                &json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["y", "x", "y"]}]})
            )),
            "a in (x,y,y)"
        );
        assert_eq!(format_labels(None), "<none>");
        let m = json!({"a.b": "x", "a": "y"});
        assert_eq!(format_labels(m.as_object()), "a.b=x,a=y");
    }

    #[test]
    fn default_table_for_resources_without_a_printer() {
        let lr = json!({"metadata": {"name": "limits", "creationTimestamp": "2026-11-22T01:31:33+01:00"}});
        assert_eq!(
            cells("", "limitranges", &lr),
            vec![json!("limits"), json!("2026-11-22T00:31:33Z")]
        );
        assert_eq!(
            cells("", "limitranges", &json!({"metadata": {"name": "x"}})),
            vec![json!("x"), json!("0001-01-01T00:00:00Z")]
        );
        let cols = columns("rbac.authorization.k8s.io", "roles");
        assert_eq!(cols.as_array().expect("array").len(), 2);
        assert_eq!(cols[1]["name"], "Created At");
        assert_eq!(cols[1]["type"], "date");
        assert_eq!(cols[1]["format"], "");
        assert_eq!(cols[1]["description"], DESC_CREATION);
        // The same plural in another group is not a built-in printer.
        assert_eq!(
            columns("example.com", "pods")
                .as_array()
                .expect("array")
                .len(),
            2
        );
    }

    #[test]
    fn pod_columns_match_capture() {
        let cols = columns("", "pods");
        let expected = [
            ("Name", "string", "name", 0),
            ("Ready", "string", "", 0),
            ("Status", "string", "", 0),
            ("Restarts", "string", "", 0),
            ("Age", "string", "", 0),
            ("IP", "string", "", 1),
            ("Node", "string", "", 1),
            ("Nominated Node", "string", "", 1),
            ("Readiness Gates", "string", "", 1),
        ];
        for (i, (name, kind, format, priority)) in expected.iter().enumerate() {
            assert_eq!(cols[i]["name"], *name);
            assert_eq!(cols[i]["type"], *kind);
            assert_eq!(cols[i]["format"], *format);
            assert_eq!(cols[i]["priority"], *priority);
        }
        assert_eq!(
            cols[3]["description"],
            "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."
        );
        assert_eq!(
            cols[5]["description"],
            "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."
        );
        assert!(
            cols[8]["description"]
                .as_str()
                .expect("str")
                .contains("equal to \"True\" More info")
        );
    }
}
