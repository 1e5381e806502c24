//! Field numbers of the Kubernetes protobuf encoding (`generated.proto` of
//! k8s.io/api and k8s.io/apimachinery) for the messages kubectl sends as
//! protobuf, with their JSON names. Fields of other message types are
//! skipped when decoding.

use super::{Kind, Message, f};

pub static MESSAGES: &[Message] = &[
    Message {
        name: "ObjectMeta",
        fields: &[
            f(1, "name", Kind::Str, false),
            f(2, "generateName", Kind::Str, false),
            f(3, "namespace", Kind::Str, false),
            f(4, "selfLink", Kind::Str, false),
            f(5, "uid", Kind::Str, false),
            f(6, "resourceVersion", Kind::Str, false),
            f(7, "generation", Kind::Int, false),
            f(8, "creationTimestamp", Kind::Msg("Time"), false),
            f(9, "deletionTimestamp", Kind::Msg("Time"), false),
            f(10, "deletionGracePeriodSeconds", Kind::Int, false),
            f(11, "labels", Kind::MapStr, false),
            f(12, "annotations", Kind::MapStr, false),
            f(13, "ownerReferences", Kind::Msg("OwnerReference"), true),
            f(14, "finalizers", Kind::Str, true),
        ],
    },
    Message {
        name: "OwnerReference",
        fields: &[
            f(5, "apiVersion", Kind::Str, false),
            f(1, "kind", Kind::Str, false),
            f(3, "name", Kind::Str, false),
            f(4, "uid", Kind::Str, false),
            f(6, "controller", Kind::Bool, false),
            f(7, "blockOwnerDeletion", Kind::Bool, false),
        ],
    },
    Message {
        name: "LabelSelector",
        fields: &[
            f(1, "matchLabels", Kind::MapStr, false),
            f(
                2,
                "matchExpressions",
                Kind::Msg("LabelSelectorRequirement"),
                true,
            ),
        ],
    },
    Message {
        name: "LabelSelectorRequirement",
        fields: &[
            f(1, "key", Kind::Str, false),
            f(2, "operator", Kind::Str, false),
            f(3, "values", Kind::Str, true),
        ],
    },
    Message {
        name: "DeleteOptions",
        fields: &[
            f(1, "gracePeriodSeconds", Kind::Int, false),
            f(2, "preconditions", Kind::Msg("Preconditions"), false),
            f(3, "orphanDependents", Kind::Bool, false),
            f(4, "propagationPolicy", Kind::Str, false),
            f(5, "dryRun", Kind::Str, true),
            f(
                6,
                "ignoreStoreReadErrorWithClusterBreakingPotential",
                Kind::Bool,
                false,
            ),
        ],
    },
    Message {
        name: "Preconditions",
        fields: &[
            f(1, "uid", Kind::Str, false),
            f(2, "resourceVersion", Kind::Str, false),
        ],
    },
    Message {
        name: "Deployment",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("DeploymentSpec"), false),
        ],
    },
    Message {
        name: "DeploymentSpec",
        fields: &[
            f(1, "replicas", Kind::Int, false),
            f(2, "selector", Kind::Msg("LabelSelector"), false),
            f(3, "template", Kind::Msg("PodTemplateSpec"), false),
            f(4, "strategy", Kind::Msg("DeploymentStrategy"), false),
            f(5, "minReadySeconds", Kind::Int, false),
            f(6, "revisionHistoryLimit", Kind::Int, false),
            f(7, "paused", Kind::Bool, false),
            f(9, "progressDeadlineSeconds", Kind::Int, false),
        ],
    },
    Message {
        name: "DeploymentStrategy",
        fields: &[
            f(1, "type", Kind::Str, false),
            f(
                2,
                "rollingUpdate",
                Kind::Msg("RollingUpdateDeployment"),
                false,
            ),
        ],
    },
    Message {
        name: "RollingUpdateDeployment",
        fields: &[
            f(1, "maxUnavailable", Kind::Msg("IntOrString"), false),
            f(2, "maxSurge", Kind::Msg("IntOrString"), false),
        ],
    },
    Message {
        name: "Job",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("JobSpec"), false),
        ],
    },
    Message {
        name: "JobSpec",
        fields: &[
            f(1, "parallelism", Kind::Int, false),
            f(2, "completions", Kind::Int, false),
            f(3, "activeDeadlineSeconds", Kind::Int, false),
            f(7, "backoffLimit", Kind::Int, false),
            f(12, "backoffLimitPerIndex", Kind::Int, false),
            f(13, "maxFailedIndexes", Kind::Int, false),
            f(4, "selector", Kind::Msg("LabelSelector"), false),
            f(5, "manualSelector", Kind::Bool, false),
            f(6, "template", Kind::Msg("PodTemplateSpec"), false),
            f(8, "ttlSecondsAfterFinished", Kind::Int, false),
            f(9, "completionMode", Kind::Str, false),
            f(10, "suspend", Kind::Bool, false),
            f(14, "podReplacementPolicy", Kind::Str, false),
            f(15, "managedBy", Kind::Str, false),
        ],
    },
    Message {
        name: "CronJob",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("CronJobSpec"), false),
        ],
    },
    Message {
        name: "CronJobSpec",
        fields: &[
            f(1, "schedule", Kind::Str, false),
            f(8, "timeZone", Kind::Str, false),
            f(2, "startingDeadlineSeconds", Kind::Int, false),
            f(3, "concurrencyPolicy", Kind::Str, false),
            f(4, "suspend", Kind::Bool, false),
            f(5, "jobTemplate", Kind::Msg("JobTemplateSpec"), false),
            f(6, "successfulJobsHistoryLimit", Kind::Int, false),
            f(7, "failedJobsHistoryLimit", Kind::Int, false),
        ],
    },
    Message {
        name: "JobTemplateSpec",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("JobSpec"), false),
        ],
    },
    Message {
        name: "SelfSubjectAccessReview",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("SelfSubjectAccessReviewSpec"), false),
        ],
    },
    Message {
        name: "SelfSubjectAccessReviewSpec",
        fields: &[
            f(
                1,
                "resourceAttributes",
                Kind::Msg("ResourceAttributes"),
                false,
            ),
            f(
                2,
                "nonResourceAttributes",
                Kind::Msg("NonResourceAttributes"),
                false,
            ),
        ],
    },
    Message {
        name: "ResourceAttributes",
        fields: &[
            f(1, "namespace", Kind::Str, false),
            f(2, "verb", Kind::Str, false),
            f(3, "group", Kind::Str, false),
            f(4, "version", Kind::Str, false),
            f(5, "resource", Kind::Str, false),
            f(6, "subresource", Kind::Str, false),
            f(7, "name", Kind::Str, false),
        ],
    },
    Message {
        name: "NonResourceAttributes",
        fields: &[
            f(1, "path", Kind::Str, false),
            f(2, "verb", Kind::Str, false),
        ],
    },
    Message {
        name: "SelfSubjectRulesReview",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("SelfSubjectRulesReviewSpec"), false),
        ],
    },
    Message {
        name: "SelfSubjectRulesReviewSpec",
        fields: &[f(1, "namespace", Kind::Str, false)],
    },
    Message {
        name: "Eviction",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "deleteOptions", Kind::Msg("DeleteOptions"), false),
        ],
    },
    Message {
        name: "Pod",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("PodSpec"), false),
        ],
    },
    Message {
        name: "PodSpec",
        fields: &[
            f(1, "volumes", Kind::Msg("Volume"), true),
            f(20, "initContainers", Kind::Msg("Container"), true),
            f(2, "containers", Kind::Msg("Container"), true),
            f(3, "restartPolicy", Kind::Str, false),
            f(4, "terminationGracePeriodSeconds", Kind::Int, false),
            f(5, "activeDeadlineSeconds", Kind::Int, false),
            f(6, "dnsPolicy", Kind::Str, false),
            f(7, "nodeSelector", Kind::MapStr, false),
            f(8, "serviceAccountName", Kind::Str, false),
            f(9, "serviceAccount", Kind::Str, false),
            f(21, "automountServiceAccountToken", Kind::Bool, false),
            f(10, "nodeName", Kind::Str, false),
            f(11, "hostNetwork", Kind::Bool, false),
            f(12, "hostPID", Kind::Bool, false),
            f(13, "hostIPC", Kind::Bool, false),
            f(27, "shareProcessNamespace", Kind::Bool, false),
            f(
                15,
                "imagePullSecrets",
                Kind::Msg("LocalObjectReference"),
                true,
            ),
            f(16, "hostname", Kind::Str, false),
            f(17, "subdomain", Kind::Str, false),
            f(19, "schedulerName", Kind::Str, false),
            f(22, "tolerations", Kind::Msg("Toleration"), true),
            f(23, "hostAliases", Kind::Msg("HostAlias"), true),
            f(24, "priorityClassName", Kind::Str, false),
            f(25, "priority", Kind::Int, false),
            f(29, "runtimeClassName", Kind::Str, false),
            f(30, "enableServiceLinks", Kind::Bool, false),
            f(31, "preemptionPolicy", Kind::Str, false),
            f(32, "overhead", Kind::MapQuantity, false),
            f(35, "setHostnameAsFqdn", Kind::Bool, false),
            f(37, "hostUsers", Kind::Bool, false),
            f(40, "resources", Kind::Msg("ResourceRequirements"), false),
            f(41, "hostnameOverride", Kind::Str, false),
        ],
    },
    Message {
        name: "PodTemplateSpec",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("PodSpec"), false),
        ],
    },
    Message {
        name: "Container",
        fields: &[
            f(1, "name", Kind::Str, false),
            f(2, "image", Kind::Str, false),
            f(3, "command", Kind::Str, true),
            f(4, "args", Kind::Str, true),
            f(5, "workingDir", Kind::Str, false),
            f(6, "ports", Kind::Msg("ContainerPort"), true),
            f(19, "envFrom", Kind::Msg("EnvFromSource"), true),
            f(7, "env", Kind::Msg("EnvVar"), true),
            f(8, "resources", Kind::Msg("ResourceRequirements"), false),
            f(24, "restartPolicy", Kind::Str, false),
            f(9, "volumeMounts", Kind::Msg("VolumeMount"), true),
            f(10, "livenessProbe", Kind::Msg("Probe"), false),
            f(11, "readinessProbe", Kind::Msg("Probe"), false),
            f(22, "startupProbe", Kind::Msg("Probe"), false),
            f(13, "terminationMessagePath", Kind::Str, false),
            f(20, "terminationMessagePolicy", Kind::Str, false),
            f(14, "imagePullPolicy", Kind::Str, false),
            f(16, "stdin", Kind::Bool, false),
            f(17, "stdinOnce", Kind::Bool, false),
            f(18, "tty", Kind::Bool, false),
        ],
    },
    Message {
        name: "ContainerPort",
        fields: &[
            f(1, "name", Kind::Str, false),
            f(2, "hostPort", Kind::Int, false),
            f(3, "containerPort", Kind::Int, false),
            f(4, "protocol", Kind::Str, false),
            f(5, "hostIP", Kind::Str, false),
        ],
    },
    Message {
        name: "EnvVar",
        fields: &[
            f(1, "name", Kind::Str, false),
            f(2, "value", Kind::Str, false),
            f(3, "valueFrom", Kind::Msg("EnvVarSource"), false),
        ],
    },
    Message {
        name: "EnvVarSource",
        fields: &[
            f(1, "fieldRef", Kind::Msg("ObjectFieldSelector"), false),
            f(
                2,
                "resourceFieldRef",
                Kind::Msg("ResourceFieldSelector"),
                false,
            ),
            f(
                3,
                "configMapKeyRef",
                Kind::Msg("ConfigMapKeySelector"),
                false,
            ),
            f(4, "secretKeyRef", Kind::Msg("SecretKeySelector"), false),
        ],
    },
    Message {
        name: "ObjectFieldSelector",
        fields: &[
            f(1, "apiVersion", Kind::Str, false),
            f(2, "fieldPath", Kind::Str, false),
        ],
    },
    Message {
        name: "SecretKeySelector",
        fields: &[
            f(
                1,
                "localObjectReference",
                Kind::Msg("LocalObjectReference"),
                false,
            ),
            f(2, "key", Kind::Str, false),
            f(3, "optional", Kind::Bool, false),
        ],
    },
    Message {
        name: "ConfigMapKeySelector",
        fields: &[
            f(
                1,
                "localObjectReference",
                Kind::Msg("LocalObjectReference"),
                false,
            ),
            f(2, "key", Kind::Str, false),
            f(3, "optional", Kind::Bool, false),
        ],
    },
    Message {
        name: "ResourceFieldSelector",
        fields: &[
            f(1, "containerName", Kind::Str, false),
            f(2, "resource", Kind::Str, false),
            f(3, "divisor", Kind::Msg("Quantity"), false),
        ],
    },
    Message {
        name: "EnvFromSource",
        fields: &[
            f(1, "prefix", Kind::Str, false),
            f(2, "configMapRef", Kind::Msg("ConfigMapEnvSource"), false),
            f(3, "secretRef", Kind::Msg("SecretEnvSource"), false),
        ],
    },
    Message {
        name: "ConfigMapEnvSource",
        fields: &[
            f(
                1,
                "localObjectReference",
                Kind::Msg("LocalObjectReference"),
                false,
            ),
            f(2, "optional", Kind::Bool, false),
        ],
    },
    Message {
        name: "SecretEnvSource",
        fields: &[
            f(
                1,
                "localObjectReference",
                Kind::Msg("LocalObjectReference"),
                false,
            ),
            f(2, "optional", Kind::Bool, false),
        ],
    },
    Message {
        name: "ResourceRequirements",
        fields: &[
            f(1, "limits", Kind::MapQuantity, false),
            f(2, "requests", Kind::MapQuantity, false),
        ],
    },
    Message {
        name: "VolumeMount",
        fields: &[
            f(1, "name", Kind::Str, false),
            f(2, "readOnly", Kind::Bool, false),
            f(7, "recursiveReadOnly", Kind::Str, false),
            f(3, "mountPath", Kind::Str, false),
            f(4, "subPath", Kind::Str, false),
            f(5, "mountPropagation", Kind::Str, false),
            f(6, "subPathExpr", Kind::Str, false),
        ],
    },
    Message {
        name: "Volume",
        fields: &[
            f(1, "name", Kind::Str, false),
            f(2, "volumeSource", Kind::Msg("VolumeSource"), false),
        ],
    },
    Message {
        name: "VolumeSource",
        fields: &[
            f(2, "emptyDir", Kind::Msg("EmptyDirVolumeSource"), false),
            f(6, "secret", Kind::Msg("SecretVolumeSource"), false),
            f(
                10,
                "persistentVolumeClaim",
                Kind::Msg("PersistentVolumeClaimVolumeSource"),
                false,
            ),
            f(19, "configMap", Kind::Msg("ConfigMapVolumeSource"), false),
        ],
    },
    Message {
        name: "ConfigMapVolumeSource",
        fields: &[
            f(
                1,
                "localObjectReference",
                Kind::Msg("LocalObjectReference"),
                false,
            ),
            f(2, "items", Kind::Msg("KeyToPath"), true),
            f(3, "defaultMode", Kind::Int, false),
            f(4, "optional", Kind::Bool, false),
        ],
    },
    Message {
        name: "SecretVolumeSource",
        fields: &[
            f(1, "secretName", Kind::Str, false),
            f(2, "items", Kind::Msg("KeyToPath"), true),
            f(3, "defaultMode", Kind::Int, false),
            f(4, "optional", Kind::Bool, false),
        ],
    },
    Message {
        name: "EmptyDirVolumeSource",
        fields: &[
            f(1, "medium", Kind::Str, false),
            f(2, "sizeLimit", Kind::Msg("Quantity"), false),
        ],
    },
    Message {
        name: "KeyToPath",
        fields: &[
            f(1, "key", Kind::Str, false),
            f(2, "path", Kind::Str, false),
            f(3, "mode", Kind::Int, false),
        ],
    },
    Message {
        name: "PersistentVolumeClaimVolumeSource",
        fields: &[
            f(1, "claimName", Kind::Str, false),
            f(2, "readOnly", Kind::Bool, false),
        ],
    },
    Message {
        name: "Probe",
        fields: &[
            f(1, "handler", Kind::Msg("ProbeHandler"), false),
            f(2, "initialDelaySeconds", Kind::Int, false),
            f(3, "timeoutSeconds", Kind::Int, false),
            f(4, "periodSeconds", Kind::Int, false),
            f(5, "successThreshold", Kind::Int, false),
            f(6, "failureThreshold", Kind::Int, false),
            f(7, "terminationGracePeriodSeconds", Kind::Int, false),
        ],
    },
    Message {
        name: "ProbeHandler",
        fields: &[
            f(1, "exec", Kind::Msg("ExecAction"), false),
            f(2, "httpGet", Kind::Msg("HTTPGetAction"), false),
            f(3, "tcpSocket", Kind::Msg("TCPSocketAction"), false),
        ],
    },
    Message {
        name: "HTTPGetAction",
        fields: &[
            f(1, "path", Kind::Str, false),
            f(2, "port", Kind::Msg("IntOrString"), false),
            f(3, "host", Kind::Str, false),
            f(4, "scheme", Kind::Str, false),
            f(5, "httpHeaders", Kind::Msg("HTTPHeader"), true),
        ],
    },
    Message {
        name: "HTTPHeader",
        fields: &[
            f(1, "name", Kind::Str, false),
            f(2, "value", Kind::Str, false),
        ],
    },
    Message {
        name: "TCPSocketAction",
        fields: &[
            f(1, "port", Kind::Msg("IntOrString"), false),
            f(2, "host", Kind::Str, false),
        ],
    },
    Message {
        name: "ExecAction",
        fields: &[f(1, "command", Kind::Str, true)],
    },
    Message {
        name: "Toleration",
        fields: &[
            f(1, "key", Kind::Str, false),
            f(2, "operator", Kind::Str, false),
            f(3, "value", Kind::Str, false),
            f(4, "effect", Kind::Str, false),
            f(5, "tolerationSeconds", Kind::Int, false),
        ],
    },
    Message {
        name: "LocalObjectReference",
        fields: &[f(1, "name", Kind::Str, false)],
    },
    Message {
        name: "Service",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("ServiceSpec"), false),
        ],
    },
    Message {
        name: "ServiceSpec",
        fields: &[
            f(1, "ports", Kind::Msg("ServicePort"), true),
            f(2, "selector", Kind::MapStr, false),
            f(3, "clusterIP", Kind::Str, false),
            f(18, "clusterIPs", Kind::Str, true),
            f(4, "type", Kind::Str, false),
            f(5, "externalIPs", Kind::Str, true),
            f(7, "sessionAffinity", Kind::Str, false),
            f(8, "loadBalancerIP", Kind::Str, false),
            f(9, "loadBalancerSourceRanges", Kind::Str, true),
            f(10, "externalName", Kind::Str, false),
            f(11, "externalTrafficPolicy", Kind::Str, false),
            f(12, "healthCheckNodePort", Kind::Int, false),
            f(13, "publishNotReadyAddresses", Kind::Bool, false),
            f(19, "ipFamilies", Kind::Str, true),
            f(17, "ipFamilyPolicy", Kind::Str, false),
            f(20, "allocateLoadBalancerNodePorts", Kind::Bool, false),
            f(21, "loadBalancerClass", Kind::Str, false),
            f(22, "internalTrafficPolicy", Kind::Str, false),
            f(23, "trafficDistribution", Kind::Str, false),
        ],
    },
    Message {
        name: "ServicePort",
        fields: &[
            f(1, "name", Kind::Str, false),
            f(2, "protocol", Kind::Str, false),
            f(6, "appProtocol", Kind::Str, false),
            f(3, "port", Kind::Int, false),
            f(4, "targetPort", Kind::Msg("IntOrString"), false),
            f(5, "nodePort", Kind::Int, false),
        ],
    },
    Message {
        name: "Namespace",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("NamespaceSpec"), false),
        ],
    },
    Message {
        name: "NamespaceSpec",
        fields: &[f(1, "finalizers", Kind::Str, true)],
    },
    Message {
        name: "ConfigMap",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(4, "immutable", Kind::Bool, false),
            f(2, "data", Kind::MapStr, false),
            f(3, "binaryData", Kind::MapBytes, false),
        ],
    },
    Message {
        name: "Secret",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(5, "immutable", Kind::Bool, false),
            f(2, "data", Kind::MapBytes, false),
            f(4, "stringData", Kind::MapStr, false),
            f(3, "type", Kind::Str, false),
        ],
    },
    Message {
        name: "PodDisruptionBudget",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("PodDisruptionBudgetSpec"), false),
        ],
    },
    Message {
        name: "PodDisruptionBudgetSpec",
        fields: &[
            f(1, "minAvailable", Kind::Msg("IntOrString"), false),
            f(2, "selector", Kind::Msg("LabelSelector"), false),
            f(3, "maxUnavailable", Kind::Msg("IntOrString"), false),
            f(4, "unhealthyPodEvictionPolicy", Kind::Str, false),
        ],
    },
    Message {
        name: "HorizontalPodAutoscaler",
        fields: &[
            f(1, "metadata", Kind::Msg("ObjectMeta"), false),
            f(2, "spec", Kind::Msg("HorizontalPodAutoscalerSpec"), false),
        ],
    },
    Message {
        name: "HorizontalPodAutoscalerSpec",
        fields: &[
            f(
                1,
                "scaleTargetRef",
                Kind::Msg("CrossVersionObjectReference"),
                false,
            ),
            f(2, "minReplicas", Kind::Int, false),
            f(3, "maxReplicas", Kind::Int, false),
            f(4, "metrics", Kind::Msg("MetricSpec"), true),
        ],
    },
    Message {
        name: "CrossVersionObjectReference",
        fields: &[
            f(1, "kind", Kind::Str, false),
            f(2, "name", Kind::Str, false),
            f(3, "apiVersion", Kind::Str, false),
        ],
    },
    Message {
        name: "MetricSpec",
        fields: &[
            f(1, "type", Kind::Str, false),
            f(4, "resource", Kind::Msg("ResourceMetricSource"), false),
            f(
                7,
                "containerResource",
                Kind::Msg("ContainerResourceMetricSource"),
                false,
            ),
        ],
    },
    Message {
        name: "ResourceMetricSource",
        fields: &[
            f(1, "name", Kind::Str, false),
            f(2, "target", Kind::Msg("MetricTarget"), false),
        ],
    },
    Message {
        name: "ContainerResourceMetricSource",
        fields: &[
            f(1, "name", Kind::Str, false),
            f(2, "target", Kind::Msg("MetricTarget"), false),
            f(3, "container", Kind::Str, false),
        ],
    },
    Message {
        name: "MetricTarget",
        fields: &[
            f(1, "type", Kind::Str, false),
            f(2, "value", Kind::Msg("Quantity"), false),
            f(3, "averageValue", Kind::Msg("Quantity"), false),
            f(4, "averageUtilization", Kind::Int, false),
        ],
    },
    Message {
        name: "HostAlias",
        fields: &[
            f(1, "ip", Kind::Str, false),
            f(2, "hostnames", Kind::Str, true),
        ],
    },
];
