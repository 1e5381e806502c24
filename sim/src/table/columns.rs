//! Column definitions (`TableColumnDefinition`s) of every printer, with the
//! descriptions the real printers take from the API types' Swagger docs.

use serde_json::{Value, json};

use super::printer::{Printer, printer};

// Column descriptions, as the real printers take them from the API types'
// generated Swagger docs.
pub(crate) const DESC_NAME: &str = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
pub(crate) const DESC_CREATION: &str = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
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
const DESC_RC_DESIRED: &str = "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller";
const DESC_RC_CURRENT: &str = "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller";
const DESC_RC_READY: &str = "The number of ready replicas for this replication controller.";
const DESC_RC_SELECTOR: &str = "Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";
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
const DESC_CR_CONTROLLER: &str = "Controller of the object";
const DESC_CR_REVISION: &str = "Revision indicates the revision of the state represented by Data.";
const DESC_PDB_MIN: &str = "The minimum number of pods that must be available.";
const DESC_PDB_MAX: &str = "The maximum number of pods that may be unavailable.";
const DESC_PDB_ALLOWED: &str = "Calculated number of pods that may be disrupted at this time.";
const DESC_HPA_REFERENCE: &str = "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.";
const DESC_HPA_TARGETS: &str = "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond.";
const DESC_HPA_MIN: &str = "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.";
const DESC_HPA_MAX: &str = "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.";
const DESC_HPA_REPLICAS: &str = "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.";
const DESC_PVC_STORAGE_CLASS: &str = "StorageClass of the pvc";
const DESC_PVC_VAC: &str = "VolumeAttributesClass of the pvc";

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
        Printer::ControllerRevision => vec![
            name_column(),
            text("Controller", DESC_CR_CONTROLLER),
            text("Revision", DESC_CR_REVISION),
            age_column(),
        ],
        Printer::PodDisruptionBudget => vec![
            name_column(),
            text("Min Available", DESC_PDB_MIN),
            text("Max Unavailable", DESC_PDB_MAX),
            integer("Allowed Disruptions", DESC_PDB_ALLOWED),
            age_column(),
        ],
        Printer::HorizontalPodAutoscaler => vec![
            name_column(),
            text("Reference", DESC_HPA_REFERENCE),
            text("Targets", DESC_HPA_TARGETS),
            text("MinPods", DESC_HPA_MIN),
            text("MaxPods", DESC_HPA_MAX),
            text("Replicas", DESC_HPA_REPLICAS),
            age_column(),
        ],
        Printer::ReplicationController => vec![
            name_column(),
            integer("Desired", DESC_RC_DESIRED),
            integer("Current", DESC_RC_CURRENT),
            integer("Ready", DESC_RC_READY),
            age_column(),
            wide("Containers", DESC_CONTAINERS),
            wide("Images", DESC_IMAGES),
            wide("Selector", DESC_RC_SELECTOR),
        ],
        Printer::Ingress => vec![
            name_column(),
            text("Class", "The name of the IngressClass cluster resource."),
            text(
                "Hosts",
                "Hosts that incoming requests are matched against before the ingress rule",
            ),
            text(
                "Address",
                "Address is a list containing ingress points for the load-balancer",
            ),
            text("Ports", "Ports of TLS configurations that open"),
            age_column(),
        ],
        Printer::IngressClass => vec![
            name_column(),
            text(
                "Controller",
                "Controller that is responsible for handling this class",
            ),
            text(
                "Parameters",
                "A reference to a resource with additional parameters",
            ),
            age_column(),
        ],
        Printer::PersistentVolume => vec![
            name_column(),
            text(
                "Capacity",
                "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity",
            ),
            text(
                "Access Modes",
                "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes",
            ),
            text(
                "Reclaim Policy",
                "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming",
            ),
            text(
                "Status",
                "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase",
            ),
            text(
                "Claim",
                "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding",
            ),
            text(
                "StorageClass",
                "storageClassName is the name of StorageClass to which this persistent volume belongs. Empty value means that this volume does not belong to any StorageClass.",
            ),
            text("VolumeAttributesClass", DESC_PVC_VAC),
            text(
                "Reason",
                "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.",
            ),
            age_column(),
            wide(
                "VolumeMode",
                "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.",
            ),
        ],
        Printer::StorageClass => vec![
            name_column(),
            text(
                "Provisioner",
                "provisioner indicates the type of the provisioner.",
            ),
            text(
                "ReclaimPolicy",
                "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.",
            ),
            text(
                "VolumeBindingMode",
                "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.",
            ),
            column(
                "AllowVolumeExpansion",
                "boolean",
                "",
                "allowVolumeExpansion shows whether the storage class allow volume expand.",
                0,
            ),
            age_column(),
        ],
        Printer::RoleBinding => vec![
            name_column(),
            text(
                "Role",
                "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.",
            ),
            age_column(),
            wide("Users", "Users in the roleBinding"),
            wide("Groups", "Groups in the roleBinding"),
            wide("ServiceAccounts", "ServiceAccounts in the roleBinding"),
        ],
        Printer::Endpoints => vec![
            name_column(),
            text("Endpoints", "Endpoints of the service"),
            age_column(),
        ],
        Printer::EndpointSlice => vec![
            name_column(),
            text(
                "AddressType",
                "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name. (Deprecated) The EndpointSlice controller only generates, and kube-proxy only processes, slices of addressType \"IPv4\" and \"IPv6\". No semantics are defined for the \"FQDN\" type.",
            ),
            text(
                "Ports",
                "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. Each slice may include a maximum of 100 ports. Services always have at least 1 port, so EndpointSlices generated by the EndpointSlice controller will likewise always have at least 1 port. EndpointSlices used for other purposes may have an empty ports list.",
            ),
            text(
                "Endpoints",
                "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.",
            ),
            age_column(),
        ],
        Printer::NetworkPolicy => vec![
            name_column(),
            text(
                "Pod-Selector",
                "podSelector selects the pods to which this NetworkPolicy object applies. The array of rules is applied to any pods selected by this field. An empty selector matches all pods in the policy's namespace. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is optional. If it is not specified, it defaults to an empty selector.",
            ),
            age_column(),
        ],
        Printer::PriorityClass => vec![
            name_column(),
            integer(
                "Value",
                "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.",
            ),
            column(
                "Global-Default",
                "boolean",
                "",
                "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global PriorityClasses will be used as the default priority.",
                0,
            ),
            age_column(),
            text(
                "PreemptionPolicy",
                "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.",
            ),
        ],
        Printer::Default => vec![
            name_column(),
            column("Created At", "date", "", DESC_CREATION, 0),
        ],
    };
    Value::Array(cols)
}
