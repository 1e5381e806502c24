//! Lean row projections of cluster objects.
//!
//! The console never caches whole Kubernetes objects: every watched object is
//! projected into a small row struct holding only what the table columns,
//! filters and drill-downs need (owned names, small vectors, no specs and no
//! `serde_json::Value`). This module holds those structs, the projections
//! (`pod_row`, `deployment_row`, ...) and the pure formatting helpers the
//! tables use (`age`, `restarts`, `quantity_value`, ...).
//!
//! Column semantics follow `kubectl get` (kubectl's table printers) wherever
//! kubectl has the column: pod STATUS / READY / RESTARTS, node STATUS / ROLES,
//! service EXTERNAL-IP / PORT(S), AGE via kubectl's `HumanDuration`, and so on.
//!
//! Every projection tolerates partial or odd objects: missing fields fall back
//! to empty values and nothing here can panic on input.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeDelta, Utc};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{
    Container, ContainerStatus, Event, LimitRange, LimitRangeItem, Namespace, Node, Pod,
    PodCondition, PodSpec, PodTemplateSpec, ResourceQuota, Service,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, MicroTime, ObjectMeta, Time};

/// Placeholder kubectl prints for an absent value.
const NONE: &str = "<none>";

/// Annotation a Deployment controller stamps on its ReplicaSets.
const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";

// ---------------------------------------------------------------------------
// Common metadata
// ---------------------------------------------------------------------------

/// Common to every row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    /// Empty for cluster-scoped objects.
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub created: Option<DateTime<Utc>>,
    pub labels: BTreeMap<String, String>,
}

/// The controller owner reference (kind, name), if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    pub kind: String,
    pub name: String,
}

/// Projects the common metadata of any object.
pub fn meta(m: &ObjectMeta) -> Meta {
    Meta {
        namespace: m.namespace.clone().unwrap_or_default(),
        name: m.name.clone().unwrap_or_default(),
        uid: m.uid.clone().unwrap_or_default(),
        created: m.creation_timestamp.as_ref().and_then(time),
        labels: m.labels.clone().unwrap_or_default(),
    }
}

/// The owner reference marked `controller: true` (what kubectl calls
/// "Controlled By"), if any.
pub fn controller_owner(m: &ObjectMeta) -> Option<Owner> {
    m.owner_references
        .as_deref()
        .unwrap_or_default()
        .iter()
        .find(|r| r.controller == Some(true))
        .map(|r| Owner {
            kind: r.kind.clone(),
            name: r.name.clone(),
        })
}

fn jiff_to_chrono(t: k8s_openapi::jiff::Timestamp) -> Option<DateTime<Utc>> {
    const NANOS: i128 = 1_000_000_000;
    let n = t.as_nanosecond();
    let secs = i64::try_from(n.div_euclid(NANOS)).ok()?;
    let sub = u32::try_from(n.rem_euclid(NANOS)).ok()?;
    DateTime::from_timestamp(secs, sub)
}

fn time(t: &Time) -> Option<DateTime<Utc>> {
    jiff_to_chrono(t.0)
}

fn micro_time(t: &MicroTime) -> Option<DateTime<Utc>> {
    jiff_to_chrono(t.0)
}

fn later(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn selector_labels(s: &LabelSelector) -> BTreeMap<String, String> {
    s.match_labels.clone().unwrap_or_default()
}

fn template_images(t: Option<&PodTemplateSpec>) -> Vec<String> {
    t.and_then(|t| t.spec.as_ref())
        .map(|s| {
            s.containers
                .iter()
                .filter_map(|c| c.image.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// kubectl's `labels.FormatLabels`: `k=v,k2=v2` sorted by key, `<none>` when
/// empty.
pub fn format_labels(labels: &BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return NONE.to_string();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

// ---------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------

/// kubectl's AGE column: `HumanDuration(now - since)`, `<unknown>` when the
/// timestamp is absent.
pub fn age(since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match since {
        Some(t) => human_duration(now.signed_duration_since(t)),
        None => "<unknown>".to_string(),
    }
}

/// kubectl's `duration.HumanDuration`: `<invalid>` for more than a second in
/// the future, then `Ns` (< 2m), `XmYs` (< 10m), `Xm` (< 3h), `XhYm` (< 8h),
/// `Xh` (< 48h), `XdYh` (< 8d), `Xd` (< 2y), `XyYd` (< 8y), `Xy`. A zero
/// second part is omitted (`5m`, not `5m0s`).
pub fn human_duration(d: TimeDelta) -> String {
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
    if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{h}h", hours / 24);
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{dy}d", hours / 24 / 365);
    }
    format!("{}y", hours / 24 / 365)
}

/// kubectl's RESTARTS column: `5 (3m ago)` when there were restarts and the
/// last one is known, else just the count.
pub fn restarts(n: u32, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match last {
        Some(t) if n != 0 => format!("{n} ({} ago)", age(Some(t), now)),
        _ => n.to_string(),
    }
}

/// Parses a Kubernetes quantity (`250m`, `1.5`, `128Mi`, `2Gi`, `1k`, `1e3`,
/// `12345n`, `-1`) into base units (cores for cpu, bytes for memory, plain
/// counts otherwise). `None` when the text is not a quantity.
pub fn quantity_value(s: &str) -> Option<f64> {
    let s = s.trim();
    let (sign, rest) = if let Some(r) = s.strip_prefix('-') {
        (-1.0, r)
    } else if let Some(r) = s.strip_prefix('+') {
        (1.0, r)
    } else {
        (1.0, s)
    };
    let split = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(split);
    if !number.bytes().any(|b| b.is_ascii_digit()) || number.matches('.').count() > 1 {
        return None;
    }
    let base: f64 = number.parse().ok()?;
    let multiplier = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        "Pi" => 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0,
        "Ei" => 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0,
        other => {
            let exp = other
                .strip_prefix('e')
                .or_else(|| other.strip_prefix('E'))?;
            let digits = exp
                .strip_prefix('-')
                .or_else(|| exp.strip_prefix('+'))
                .unwrap_or(exp);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let e: i32 = exp.parse().ok()?;
            10f64.powi(e)
        }
    };
    let v = sign * base * multiplier;
    v.is_finite().then_some(v)
}

// ---------------------------------------------------------------------------
// Pods
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct PodRow {
    pub meta: Meta,
    /// Ready containers (kubectl's READY numerator).
    pub ready: u32,
    /// Containers counted by kubectl's READY denominator (regular containers
    /// plus restartable "sidecar" init containers).
    pub total: u32,
    /// kubectl's STATUS column.
    pub status: String,
    /// kubectl's RESTARTS count.
    pub restarts: u32,
    /// Latest `lastState.terminated.finishedAt` among the counted containers.
    pub last_restart: Option<DateTime<Utc>>,
    /// `spec.nodeName`, empty when unscheduled (kubectl prints `<none>`).
    pub node: String,
    /// First pod IP, empty when none (kubectl prints `<none>`).
    pub ip: String,
    pub owner: Option<Owner>,
    /// status is not a "good" one (Running with all ready, or
    /// Completed/Succeeded)
    pub unhealthy: bool,
    /// `status.phase`, empty when absent.
    pub phase: String,
    /// Names of the regular containers, then the init containers (for the
    /// log and shell pickers); `init_from` is where the init ones start.
    pub containers: Box<[String]>,
    pub init_from: u16,
}

/// READY / STATUS / RESTARTS of a pod, computed like kubectl's `printPod`.
struct PodSummary {
    ready: u32,
    total: u32,
    status: String,
    restarts: u32,
    last_restart: Option<DateTime<Utc>>,
}

fn is_restartable(c: &Container) -> bool {
    c.restart_policy.as_deref() == Some("Always")
}

fn restart_count(cs: &ContainerStatus) -> u32 {
    u32::try_from(cs.restart_count).unwrap_or(0)
}

fn last_finished(cs: &ContainerStatus) -> Option<DateTime<Utc>> {
    cs.last_state
        .as_ref()
        .and_then(|s| s.terminated.as_ref())
        .and_then(|t| t.finished_at.as_ref())
        .and_then(time)
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// kubectl's `isPodInitializedConditionTrue`: the first Initialized condition
/// decides.
fn initialized_condition_true(conditions: &[PodCondition]) -> bool {
    conditions
        .iter()
        .find(|c| c.type_ == "Initialized")
        .is_some_and(|c| c.status == "True")
}

/// kubectl's `hasPodReadyCondition`.
fn ready_condition_true(conditions: &[PodCondition]) -> bool {
    conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

fn summarize_pod(p: &Pod) -> PodSummary {
    let spec: Option<&PodSpec> = p.spec.as_ref();
    let st = p.status.as_ref();
    let containers: &[Container] = spec.map_or(&[], |s| s.containers.as_slice());
    let inits: &[Container] = spec
        .and_then(|s| s.init_containers.as_deref())
        .unwrap_or_default();
    let phase = st.and_then(|s| s.phase.as_deref()).unwrap_or("");
    let status_reason = st.and_then(|s| s.reason.as_deref()).unwrap_or("");
    let conditions: &[PodCondition] = st.and_then(|s| s.conditions.as_deref()).unwrap_or_default();
    let init_statuses: &[ContainerStatus] = st
        .and_then(|s| s.init_container_statuses.as_deref())
        .unwrap_or_default();
    let statuses: &[ContainerStatus] = st
        .and_then(|s| s.container_statuses.as_deref())
        .unwrap_or_default();

    let mut reason = if status_reason.is_empty() {
        phase.to_string()
    } else {
        status_reason.to_string()
    };
    if conditions
        .iter()
        .any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated"))
    {
        reason = "SchedulingGated".to_string();
    }

    let sidecars = inits.iter().filter(|c| is_restartable(c)).count();
    let total = count_u32(containers.len()).saturating_add(count_u32(sidecars));
    let mut ready: u32 = 0;
    let mut restarts: u32 = 0;
    let mut sidecar_restarts: u32 = 0;
    let mut last_restart = None;
    let mut sidecar_last_restart = None;

    let mut initializing = false;
    for (i, cs) in init_statuses.iter().enumerate() {
        let rc = restart_count(cs);
        let finished = last_finished(cs);
        restarts = restarts.saturating_add(rc);
        last_restart = later(last_restart, finished);
        let restartable = inits
            .iter()
            .find(|c| c.name == cs.name)
            .is_some_and(is_restartable);
        if restartable {
            sidecar_restarts = sidecar_restarts.saturating_add(rc);
            sidecar_last_restart = later(sidecar_last_restart, finished);
        }
        let state = cs.state.as_ref();
        let terminated = state.and_then(|s| s.terminated.as_ref());
        let waiting = state.and_then(|s| s.waiting.as_ref());
        if terminated.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if restartable && cs.started == Some(true) {
            if cs.ready {
                ready = ready.saturating_add(1);
            }
            continue;
        }
        if let Some(t) = terminated {
            // Initialization failed.
            reason = match non_empty(t.reason.as_deref()) {
                Some(r) => format!("Init:{r}"),
                None => match t.signal.unwrap_or(0) {
                    0 => format!("Init:ExitCode:{}", t.exit_code),
                    sig => format!("Init:Signal:{sig}"),
                },
            };
        } else if let Some(r) = waiting
            .and_then(|w| non_empty(w.reason.as_deref()))
            .filter(|r| *r != "PodInitializing")
        {
            reason = format!("Init:{r}");
        } else {
            reason = format!("Init:{i}/{}", inits.len());
        }
        initializing = true;
        break;
    }

    if !initializing || initialized_condition_true(conditions) {
        restarts = sidecar_restarts;
        last_restart = sidecar_last_restart;
        let mut has_running = false;
        for cs in statuses.iter().rev() {
            restarts = restarts.saturating_add(restart_count(cs));
            last_restart = later(last_restart, last_finished(cs));
            let state = cs.state.as_ref();
            let terminated = state.and_then(|s| s.terminated.as_ref());
            let waiting_reason = state
                .and_then(|s| s.waiting.as_ref())
                .and_then(|w| non_empty(w.reason.as_deref()));
            if let Some(r) = waiting_reason {
                reason = r.to_string();
            } else if let Some(t) = terminated {
                reason = match non_empty(t.reason.as_deref()) {
                    Some(r) => r.to_string(),
                    None => match t.signal.unwrap_or(0) {
                        0 => format!("ExitCode:{}", t.exit_code),
                        sig => format!("Signal:{sig}"),
                    },
                };
            } else if cs.ready && state.is_some_and(|s| s.running.is_some()) {
                has_running = true;
                ready = ready.saturating_add(1);
            }
        }
        // Back to "Running" if a container still reports running.
        if reason == "Completed" && has_running {
            reason = if ready_condition_true(conditions) {
                "Running".to_string()
            } else {
                "NotReady".to_string()
            };
        }
    }

    if p.metadata.deletion_timestamp.is_some() {
        if status_reason == "NodeLost" {
            reason = "Unknown".to_string();
        } else if phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating".to_string();
        }
    }

    PodSummary {
        ready,
        total,
        status: reason,
        restarts,
        last_restart,
    }
}

/// Projects a pod into its row.
pub fn pod_row(p: &Pod) -> PodRow {
    let s = summarize_pod(p);
    let st = p.status.as_ref();
    let ip = st
        .and_then(|s| s.pod_ips.as_deref())
        .and_then(|ips| ips.first())
        .map(|ip| ip.ip.clone())
        .filter(|ip| !ip.is_empty())
        .or_else(|| st.and_then(|s| s.pod_ip.clone()))
        .unwrap_or_default();
    let unhealthy = !((s.status == "Running" && s.ready == s.total)
        || s.status == "Completed"
        || s.status == "Succeeded");
    PodRow {
        meta: meta(&p.metadata),
        ready: s.ready,
        total: s.total,
        unhealthy,
        status: s.status,
        restarts: s.restarts,
        last_restart: s.last_restart,
        node: p
            .spec
            .as_ref()
            .and_then(|s| s.node_name.clone())
            .unwrap_or_default(),
        ip,
        owner: controller_owner(&p.metadata),
        phase: st.and_then(|s| s.phase.clone()).unwrap_or_default(),
        containers: container_names(p),
        init_from: p
            .spec
            .as_ref()
            .map_or(0, |s| u16::try_from(s.containers.len()).unwrap_or(u16::MAX)),
    }
}

fn container_names(p: &Pod) -> Box<[String]> {
    let Some(spec) = p.spec.as_ref() else {
        return Box::default();
    };
    spec.containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
        .map(|c| c.name.clone())
        .collect()
}

// ---------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentRow {
    pub meta: Meta,
    /// `spec.replicas` (Kubernetes default 1 when unset).
    pub desired: i32,
    pub ready: i32,
    pub updated: i32,
    pub available: i32,
    /// `spec.selector.matchLabels`.
    pub selector: BTreeMap<String, String>,
    /// Images of the pod template's containers.
    pub images: Vec<String>,
    /// Fewer ready or available replicas than desired.
    pub unhealthy: bool,
}

/// Projects a deployment (kubectl READY = `ready/desired`, UP-TO-DATE =
/// `updated`, AVAILABLE = `available`).
pub fn deployment_row(d: &Deployment) -> DeploymentRow {
    let spec = d.spec.as_ref();
    let st = d.status.as_ref();
    let desired = spec.map_or(0, |s| s.replicas.unwrap_or(1));
    let ready = st.and_then(|s| s.ready_replicas).unwrap_or(0);
    let available = st.and_then(|s| s.available_replicas).unwrap_or(0);
    DeploymentRow {
        meta: meta(&d.metadata),
        desired,
        ready,
        updated: st.and_then(|s| s.updated_replicas).unwrap_or(0),
        available,
        selector: spec
            .map(|s| selector_labels(&s.selector))
            .unwrap_or_default(),
        images: template_images(spec.map(|s| &s.template)),
        unhealthy: ready < desired || available < desired,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatefulSetRow {
    pub meta: Meta,
    /// `spec.replicas` (Kubernetes default 1 when unset).
    pub desired: i32,
    pub ready: i32,
    pub selector: BTreeMap<String, String>,
    pub images: Vec<String>,
    /// Fewer ready replicas than desired.
    pub unhealthy: bool,
}

/// Projects a statefulset (kubectl READY = `ready/desired`).
pub fn statefulset_row(s: &StatefulSet) -> StatefulSetRow {
    let spec = s.spec.as_ref();
    let desired = spec.map_or(0, |s| s.replicas.unwrap_or(1));
    let ready = s
        .status
        .as_ref()
        .and_then(|s| s.ready_replicas)
        .unwrap_or(0);
    StatefulSetRow {
        meta: meta(&s.metadata),
        desired,
        ready,
        selector: spec
            .map(|s| selector_labels(&s.selector))
            .unwrap_or_default(),
        images: template_images(spec.map(|s| &s.template)),
        unhealthy: ready < desired,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DaemonSetRow {
    pub meta: Meta,
    /// `status.desiredNumberScheduled`.
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub updated: i32,
    pub available: i32,
    /// kubectl's NODE SELECTOR: `k=v,...` or `<none>`.
    pub node_selector: String,
    pub selector: BTreeMap<String, String>,
    pub images: Vec<String>,
    /// Fewer ready or available pods than desired.
    pub unhealthy: bool,
}

/// Projects a daemonset (kubectl DESIRED CURRENT READY UP-TO-DATE AVAILABLE
/// NODE SELECTOR).
pub fn daemonset_row(d: &DaemonSet) -> DaemonSetRow {
    let spec = d.spec.as_ref();
    let st = d.status.as_ref();
    let desired = st.map_or(0, |s| s.desired_number_scheduled);
    let ready = st.map_or(0, |s| s.number_ready);
    let available = st.and_then(|s| s.number_available).unwrap_or(0);
    let node_selector = spec
        .and_then(|s| s.template.spec.as_ref())
        .and_then(|s| s.node_selector.as_ref())
        .map_or_else(|| NONE.to_string(), format_labels);
    DaemonSetRow {
        meta: meta(&d.metadata),
        desired,
        current: st.map_or(0, |s| s.current_number_scheduled),
        ready,
        updated: st.and_then(|s| s.updated_number_scheduled).unwrap_or(0),
        available,
        node_selector,
        selector: spec
            .map(|s| selector_labels(&s.selector))
            .unwrap_or_default(),
        images: template_images(spec.map(|s| &s.template)),
        unhealthy: ready < desired || available < desired,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaSetRow {
    pub meta: Meta,
    /// `spec.replicas` (Kubernetes default 1 when unset).
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub selector: BTreeMap<String, String>,
    pub images: Vec<String>,
    pub owner: Option<Owner>,
    /// The `deployment.kubernetes.io/revision` annotation.
    pub revision: Option<String>,
    /// Fewer ready replicas than desired.
    pub unhealthy: bool,
}

/// Projects a replicaset (kubectl DESIRED CURRENT READY).
pub fn replicaset_row(r: &ReplicaSet) -> ReplicaSetRow {
    let spec = r.spec.as_ref();
    let st = r.status.as_ref();
    let desired = spec.map_or(0, |s| s.replicas.unwrap_or(1));
    let ready = st.and_then(|s| s.ready_replicas).unwrap_or(0);
    ReplicaSetRow {
        meta: meta(&r.metadata),
        desired,
        current: st.map_or(0, |s| s.replicas),
        ready,
        selector: spec
            .map(|s| selector_labels(&s.selector))
            .unwrap_or_default(),
        images: template_images(spec.and_then(|s| s.template.as_ref())),
        owner: controller_owner(&r.metadata),
        revision: r
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(REVISION_ANNOTATION))
            .cloned(),
        unhealthy: ready < desired,
    }
}

// ---------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRow {
    pub meta: Meta,
    /// `spec.type` (TYPE column).
    pub kind: String,
    /// CLUSTER-IP: first cluster IP, `None` for headless, `<none>` if unset.
    pub cluster_ip: String,
    /// kubectl's EXTERNAL-IP: `<none>`, `<pending>`, the external name, or
    /// comma-separated IPs / hostnames (never clipped: the table clips).
    pub external_ip: String,
    /// kubectl's PORT(S): `80/TCP,443:30443/TCP`, `<none>` when empty.
    pub ports: String,
    pub selector: BTreeMap<String, String>,
}

/// Projects a service.
pub fn service_row(s: &Service) -> ServiceRow {
    let spec = s.spec.as_ref();
    let kind = spec.and_then(|s| s.type_.clone()).unwrap_or_default();
    let cluster_ip = spec
        .and_then(|s| s.cluster_ips.as_deref())
        .and_then(|ips| ips.first())
        .cloned()
        .or_else(|| spec.and_then(|s| s.cluster_ip.clone()))
        .filter(|ip| !ip.is_empty())
        .unwrap_or_else(|| NONE.to_string());
    let external: &[String] = spec
        .and_then(|s| s.external_ips.as_deref())
        .unwrap_or_default();
    let external_ip = match kind.as_str() {
        "ClusterIP" | "NodePort" => {
            if external.is_empty() {
                NONE.to_string()
            } else {
                external.join(",")
            }
        }
        "LoadBalancer" => {
            let lb: BTreeSet<&str> = s
                .status
                .as_ref()
                .and_then(|s| s.load_balancer.as_ref())
                .and_then(|lb| lb.ingress.as_deref())
                .unwrap_or_default()
                .iter()
                .filter_map(|i| {
                    non_empty(i.ip.as_deref()).or_else(|| non_empty(i.hostname.as_deref()))
                })
                .collect();
            let all: Vec<&str> = lb
                .into_iter()
                .chain(external.iter().map(String::as_str))
                .collect();
            if all.is_empty() {
                "<pending>".to_string()
            } else {
                all.join(",")
            }
        }
        "ExternalName" => spec
            .and_then(|s| s.external_name.clone())
            .unwrap_or_default(),
        _ => "<unknown>".to_string(),
    };
    let ports = spec
        .and_then(|s| s.ports.as_deref())
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let proto = p.protocol.as_deref().unwrap_or("TCP");
            match p.node_port {
                Some(np) if np > 0 => format!("{}:{np}/{proto}", p.port),
                _ => format!("{}/{proto}", p.port),
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    ServiceRow {
        meta: meta(&s.metadata),
        kind,
        cluster_ip,
        external_ip,
        ports: if ports.is_empty() {
            NONE.to_string()
        } else {
            ports
        },
        selector: spec.and_then(|s| s.selector.clone()).unwrap_or_default(),
    }
}

// ---------------------------------------------------------------------------
// Namespaces and nodes
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct NamespaceRow {
    pub meta: Meta,
    /// `status.phase` (Active / Terminating), empty when absent.
    pub phase: String,
}

/// Projects a namespace.
pub fn namespace_row(n: &Namespace) -> NamespaceRow {
    NamespaceRow {
        meta: meta(&n.metadata),
        phase: n
            .status
            .as_ref()
            .and_then(|s| s.phase.clone())
            .unwrap_or_default(),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NodeRow {
    pub meta: Meta,
    /// kubectl STATUS: `Ready`, `NotReady` (Ready condition False or
    /// Unknown), `Unknown` (no Ready condition), plus `,SchedulingDisabled`
    /// when cordoned.
    pub status: String,
    /// kubectl ROLES: sorted, comma-separated, `<none>`.
    pub roles: String,
    /// Number of taints.
    pub taints: u32,
    /// Kubelet version (VERSION column).
    pub version: String,
    pub cpu_capacity: String,
    pub cpu_allocatable: String,
    pub memory_capacity: String,
    pub memory_allocatable: String,
    pub pods_capacity: String,
    /// First InternalIP address, `<none>` when absent.
    pub internal_ip: String,
    /// Ready condition is True.
    pub ready: bool,
    /// Not cordoned (`spec.unschedulable` unset or false).
    pub schedulable: bool,
}

fn quantity_of(map: Option<&BTreeMap<String, Quantity>>, key: &str) -> String {
    map.and_then(|m| m.get(key))
        .map(|q| q.0.clone())
        .unwrap_or_default()
}

/// kubectl's `findNodeRoles`: `node-role.kubernetes.io/<role>` label keys and
/// the value of a `kubernetes.io/role` label.
fn node_roles(labels: &BTreeMap<String, String>) -> String {
    let mut roles = BTreeSet::new();
    for (k, v) in labels {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.insert(role);
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.insert(v.as_str());
        }
    }
    if roles.is_empty() {
        NONE.to_string()
    } else {
        roles.into_iter().collect::<Vec<_>>().join(",")
    }
}

/// Projects a node.
pub fn node_row(n: &Node) -> NodeRow {
    let spec = n.spec.as_ref();
    let st = n.status.as_ref();
    // kubectl keys conditions by type, so the last Ready condition wins.
    let ready_cond = st
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or_default()
        .iter()
        .rev()
        .find(|c| c.type_ == "Ready");
    let ready = ready_cond.is_some_and(|c| c.status == "True");
    let schedulable = !spec.and_then(|s| s.unschedulable).unwrap_or(false);
    let mut status = match ready_cond {
        Some(_) if ready => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if !schedulable {
        status.push_str(",SchedulingDisabled");
    }
    let meta = meta(&n.metadata);
    let roles = node_roles(&meta.labels);
    let capacity = st.and_then(|s| s.capacity.as_ref());
    let allocatable = st.and_then(|s| s.allocatable.as_ref());
    NodeRow {
        status,
        roles,
        taints: count_u32(spec.and_then(|s| s.taints.as_ref()).map_or(0, Vec::len)),
        version: st
            .and_then(|s| s.node_info.as_ref())
            .map(|i| i.kubelet_version.clone())
            .unwrap_or_default(),
        cpu_capacity: quantity_of(capacity, "cpu"),
        cpu_allocatable: quantity_of(allocatable, "cpu"),
        memory_capacity: quantity_of(capacity, "memory"),
        memory_allocatable: quantity_of(allocatable, "memory"),
        pods_capacity: quantity_of(capacity, "pods"),
        internal_ip: st
            .and_then(|s| s.addresses.as_deref())
            .unwrap_or_default()
            .iter()
            .find(|a| a.type_ == "InternalIP")
            .map_or_else(|| NONE.to_string(), |a| a.address.clone()),
        ready,
        schedulable,
        meta,
    }
}

// ---------------------------------------------------------------------------
// Quotas and limit ranges
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct QuotaItem {
    pub resource: String,
    /// `status.used[resource]`, `0` when not reported yet.
    pub used: String,
    pub hard: String,
    /// used/hard as a fraction when both parse as quantities (and hard is
    /// positive), else None
    pub ratio: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuotaRow {
    pub meta: Meta,
    /// One item per hard limit, sorted by resource name.
    pub items: Vec<QuotaItem>,
}

/// `used / hard` when both are quantities and `hard > 0`.
pub fn quota_ratio(used: &str, hard: &str) -> Option<f64> {
    let u = quantity_value(used)?;
    let h = quantity_value(hard)?;
    (h > 0.0).then(|| u / h)
}

/// Projects a resource quota. Items come from `status.hard` like kubectl; a
/// quota the controller has not reconciled yet falls back to `spec.hard`.
pub fn quota_row(q: &ResourceQuota) -> QuotaRow {
    let st = q.status.as_ref();
    let hard = st
        .and_then(|s| s.hard.as_ref())
        .filter(|h| !h.is_empty())
        .or_else(|| q.spec.as_ref().and_then(|s| s.hard.as_ref()));
    let used = st.and_then(|s| s.used.as_ref());
    // BTreeMap iteration is already sorted by resource name.
    let items = hard
        .map(|hard| {
            hard.iter()
                .map(|(resource, h)| {
                    let used = used
                        .and_then(|u| u.get(resource))
                        .map_or_else(|| "0".to_string(), |q| q.0.clone());
                    QuotaItem {
                        resource: resource.clone(),
                        ratio: quota_ratio(&used, &h.0),
                        used,
                        hard: h.0.clone(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    QuotaRow {
        meta: meta(&q.metadata),
        items,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LimitRangeRow {
    pub meta: Meta,
    /// One line per (limit type, resource), e.g.
    /// `Container cpu: min 10m, max 4, default 500m, defaultRequest 100m`.
    pub items: Vec<String>,
}

fn limit_lines(item: &LimitRangeItem, out: &mut Vec<String>) {
    let fields: [(&str, Option<&BTreeMap<String, Quantity>>); 5] = [
        ("min", item.min.as_ref()),
        ("max", item.max.as_ref()),
        ("default", item.default.as_ref()),
        ("defaultRequest", item.default_request.as_ref()),
        (
            "maxLimitRequestRatio",
            item.max_limit_request_ratio.as_ref(),
        ),
    ];
    let resources: BTreeSet<&String> = fields
        .iter()
        .filter_map(|(_, m)| *m)
        .flat_map(|m| m.keys())
        .collect();
    let prefix = if item.type_.is_empty() {
        String::new()
    } else {
        format!("{} ", item.type_)
    };
    if resources.is_empty() {
        out.push(item.type_.clone());
        return;
    }
    for resource in resources {
        let parts: Vec<String> = fields
            .iter()
            .filter_map(|(label, m)| m.and_then(|m| m.get(resource)).map(|q| (label, q)))
            .map(|(label, q)| format!("{label} {}", q.0))
            .collect();
        out.push(format!("{prefix}{resource}: {}", parts.join(", ")));
    }
}

/// Projects a limit range.
pub fn limitrange_row(l: &LimitRange) -> LimitRangeRow {
    let mut items = Vec::new();
    for item in l.spec.as_ref().map_or(&[][..], |s| s.limits.as_slice()) {
        limit_lines(item, &mut items);
    }
    LimitRangeRow {
        meta: meta(&l.metadata),
        items,
    }
}

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub meta: Meta,
    /// `Normal` / `Warning`.
    pub kind_type: String,
    pub reason: String,
    /// kubectl's OBJECT: `pod/web-1` (lowercase kind).
    pub object: String,
    pub object_kind: String,
    pub object_name: String,
    pub object_namespace: String,
    /// Message with surrounding whitespace trimmed.
    pub message: String,
    pub count: i32,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    /// kubectl's SOURCE: `component, host` (falling back to the reporting
    /// controller / instance).
    pub source: String,
}

/// Projects a core/v1 event.
///
/// * `last_seen`: the later of `lastTimestamp` and `series.lastObservedTime`
///   (kubectl prefers the series time when there is one), else
///   `firstTimestamp`, `eventTime`, `creationTimestamp`.
/// * `first_seen`: `firstTimestamp`, else `eventTime`.
/// * `count`: the larger of `count` and `series.count`, at least 1.
pub fn event_row(e: &Event) -> EventRow {
    let first_ts = e.first_timestamp.as_ref().and_then(time);
    let event_time = e.event_time.as_ref().and_then(micro_time);
    let series = e.series.as_ref();
    let series_last = series
        .and_then(|s| s.last_observed_time.as_ref())
        .and_then(micro_time);
    let last_seen = later(e.last_timestamp.as_ref().and_then(time), series_last)
        .or(first_ts)
        .or(event_time)
        .or_else(|| e.metadata.creation_timestamp.as_ref().and_then(time));
    let count = e
        .count
        .unwrap_or(0)
        .max(series.and_then(|s| s.count).unwrap_or(0))
        .max(1);
    let obj = &e.involved_object;
    let object_kind = obj.kind.clone().unwrap_or_default();
    let object_name = obj.name.clone().unwrap_or_default();
    let object = if object_name.is_empty() {
        object_kind.to_lowercase()
    } else {
        format!("{}/{object_name}", object_kind.to_lowercase())
    };
    let source = e.source.as_ref();
    let component = non_empty(source.and_then(|s| s.component.as_deref()))
        .or_else(|| non_empty(e.reporting_component.as_deref()))
        .unwrap_or("");
    let instance = non_empty(source.and_then(|s| s.host.as_deref()))
        .or_else(|| non_empty(e.reporting_instance.as_deref()))
        .unwrap_or("");
    let source = if instance.is_empty() {
        component.to_string()
    } else {
        format!("{component}, {instance}")
    };
    EventRow {
        meta: meta(&e.metadata),
        kind_type: e.type_.clone().unwrap_or_default(),
        reason: e.reason.clone().unwrap_or_default(),
        object,
        object_kind,
        object_name,
        object_namespace: obj.namespace.clone().unwrap_or_default(),
        message: e.message.as_deref().unwrap_or("").trim().to_string(),
        count,
        first_seen: first_ts.or(event_time),
        last_seen,
        source,
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::{Value, json};

    fn from<T: k8s_openapi::serde::de::DeserializeOwned>(v: Value) -> T {
        serde_json::from_value(v).expect("test object must deserialize")
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("valid rfc3339")
            .with_timezone(&Utc)
    }

    fn now() -> DateTime<Utc> {
        at("2025-06-01T12:00:00Z")
    }

    fn pod(v: Value) -> PodRow {
        pod_row(&from::<Pod>(v))
    }

    fn running(name: &str, ready: bool, restarts: i32) -> Value {
        json!({"name": name, "ready": ready, "restartCount": restarts,
               "state": {"running": {"startedAt": "2025-06-01T10:00:00Z"}}})
    }

    fn waiting(name: &str, reason: &str) -> Value {
        json!({"name": name, "ready": false, "restartCount": 0,
               "state": {"waiting": {"reason": reason}}})
    }

    fn terminated(name: &str, exit: i32, reason: Option<&str>, signal: Option<i32>) -> Value {
        let mut t = json!({"exitCode": exit});
        if let Some(r) = reason {
            t["reason"] = json!(r);
        }
        if let Some(s) = signal {
            t["signal"] = json!(s);
        }
        json!({"name": name, "ready": false, "restartCount": 0, "state": {"terminated": t}})
    }

    fn simple_pod(phase: &str, statuses: Vec<Value>, conditions: Value) -> Value {
        let containers: Vec<Value> = statuses
            .iter()
            .map(|s| json!({"name": s["name"], "image": "img"}))
            .collect();
        json!({
            "metadata": {"name": "p", "namespace": "ns"},
            "spec": {"containers": containers},
            "status": {"phase": phase, "conditions": conditions, "containerStatuses": statuses}
        })
    }

    // ----- age / human_duration -------------------------------------------

    fn hd(secs: i64) -> String {
        human_duration(TimeDelta::seconds(secs))
    }

    #[test]
    fn human_duration_boundaries() {
        const M: i64 = 60;
        const H: i64 = 3600;
        const D: i64 = 24 * H;
        const Y: i64 = 365 * D;
        let cases: &[(i64, &str)] = &[
            (-5, "<invalid>"),
            (-2, "<invalid>"),
            (-1, "0s"),
            (0, "0s"),
            (45, "45s"),
            (119, "119s"),
            (120, "2m"),
            (121, "2m1s"),
            (5 * M + 30, "5m30s"),
            (9 * M + 59, "9m59s"),
            (10 * M, "10m"),
            (10 * M + 30, "10m"),
            (3 * H - 1, "179m"),
            (3 * H, "3h"),
            (3 * H + 5 * M, "3h5m"),
            (8 * H - 1, "7h59m"),
            (8 * H, "8h"),
            (47 * H + 59 * M, "47h"),
            (48 * H, "2d"),
            (2 * D + 5 * H, "2d5h"),
            (8 * D - 1, "7d23h"),
            (8 * D, "8d"),
            (2 * Y - 1, "729d"),
            (2 * Y, "2y"),
            (2 * Y + 30 * D, "2y30d"),
            (8 * Y - 1, "7y364d"),
            (8 * Y, "8y"),
            (20 * Y + 100 * D, "20y"),
        ];
        for (secs, want) in cases {
            assert_eq!(hd(*secs), *want, "{secs}s");
        }
        // Fractions truncate toward zero like Go's int(d.Seconds()).
        assert_eq!(human_duration(TimeDelta::milliseconds(-1500)), "0s");
        assert_eq!(human_duration(TimeDelta::milliseconds(-2500)), "<invalid>");
        assert_eq!(human_duration(TimeDelta::milliseconds(119_999)), "119s");
    }

    #[test]
    fn age_uses_now_and_unknown() {
        assert_eq!(age(None, now()), "<unknown>");
        assert_eq!(age(Some(at("2025-06-01T11:55:00Z")), now()), "5m");
        assert_eq!(age(Some(at("2025-05-30T12:00:00Z")), now()), "2d");
        assert_eq!(age(Some(at("2025-06-01T12:00:10Z")), now()), "<invalid>");
    }

    #[test]
    fn restarts_formatting() {
        assert_eq!(restarts(0, None, now()), "0");
        assert_eq!(restarts(0, Some(at("2025-06-01T11:00:00Z")), now()), "0");
        assert_eq!(restarts(3, None, now()), "3");
        assert_eq!(
            restarts(5, Some(at("2025-06-01T11:57:00Z")), now()),
            "5 (3m ago)"
        );
        assert_eq!(
            restarts(1, Some(at("2025-05-31T12:00:00Z")), now()),
            "1 (24h ago)"
        );
    }

    // ----- quantities ---------------------------------------------------

    #[test]
    fn quantity_parsing() {
        let close = |s: &str, want: f64| {
            let got = quantity_value(s).unwrap_or(f64::NAN);
            assert!(
                (got - want).abs() <= want.abs() * 1e-12,
                "{s}: got {got}, want {want}"
            );
        };
        close("250m", 0.25);
        close("1.5", 1.5);
        close("128Mi", 128.0 * 1024.0 * 1024.0);
        close("2Gi", 2.0 * 1024.0 * 1024.0 * 1024.0);
        close("1Ki", 1024.0);
        close("1Ti", 1024f64.powi(4));
        close("1Pi", 1024f64.powi(5));
        close("1Ei", 1024f64.powi(6));
        close("1k", 1000.0);
        close("1M", 1e6);
        close("1G", 1e9);
        close("1T", 1e12);
        close("1P", 1e15);
        close("2E", 2e18);
        close("1e3", 1000.0);
        close("1E3", 1000.0);
        close("5e-3", 0.005);
        close("2e+2", 200.0);
        close("12345n", 0.000_012_345);
        close("100u", 0.0001);
        close("0", 0.0);
        close("-1", -1.0);
        close("+3", 3.0);
        close(".5", 0.5);
        close("5.", 5.0);
        close(" 7 ", 7.0);
        for bad in [
            "", "abc", "1x", "Mi", "1.2.3", ".", "1e", "1e+", "1ee3", "1Mii", "--1", "1 Mi", "1K",
        ] {
            assert_eq!(quantity_value(bad), None, "{bad:?}");
        }
    }

    // ----- pods ------------------------------------------------------------

    #[test]
    fn pod_running_all_ready() {
        let r = pod(simple_pod(
            "Running",
            vec![running("a", true, 0), running("b", true, 2)],
            json!([{"type": "Ready", "status": "True"}]),
        ));
        assert_eq!((r.ready, r.total), (2, 2));
        assert_eq!(r.status, "Running");
        assert_eq!(r.restarts, 2);
        assert!(!r.unhealthy);
        assert_eq!(r.phase, "Running");
        assert_eq!(r.meta.namespace, "ns");
        assert_eq!(r.meta.name, "p");
    }

    #[test]
    fn pod_running_partially_ready_is_unhealthy() {
        let r = pod(simple_pod(
            "Running",
            vec![running("a", true, 0), running("b", false, 0)],
            json!([{"type": "Ready", "status": "False"}]),
        ));
        assert_eq!((r.ready, r.total), (1, 2));
        assert_eq!(r.status, "Running");
        assert!(r.unhealthy);
    }

    #[test]
    fn pod_container_waiting_reasons() {
        for reason in [
            "CrashLoopBackOff",
            "ImagePullBackOff",
            "ErrImagePull",
            "ContainerCreating",
            "PodInitializing",
        ] {
            let r = pod(simple_pod("Pending", vec![waiting("a", reason)], json!([])));
            assert_eq!(r.status, reason);
            assert!(r.unhealthy);
            assert_eq!((r.ready, r.total), (0, 1));
        }
    }

    #[test]
    fn pod_waiting_without_reason_keeps_phase() {
        let v = simple_pod(
            "Pending",
            vec![json!({"name": "a", "ready": false, "restartCount": 0,
                        "state": {"waiting": {}}})],
            json!([]),
        );
        assert_eq!(pod(v).status, "Pending");
    }

    #[test]
    fn pod_container_terminated_reasons() {
        let r = pod(simple_pod(
            "Running",
            vec![terminated("a", 137, Some("OOMKilled"), None)],
            json!([]),
        ));
        assert_eq!(r.status, "OOMKilled");
        let r = pod(simple_pod(
            "Succeeded",
            vec![terminated("a", 0, Some("Completed"), None)],
            json!([]),
        ));
        assert_eq!(r.status, "Completed");
        assert!(!r.unhealthy);
        let r = pod(simple_pod(
            "Failed",
            vec![terminated("a", 1, Some("Error"), None)],
            json!([]),
        ));
        assert_eq!(r.status, "Error");
        assert!(r.unhealthy);
        let r = pod(simple_pod(
            "Failed",
            vec![terminated("a", 3, None, None)],
            json!([]),
        ));
        assert_eq!(r.status, "ExitCode:3");
        let r = pod(simple_pod(
            "Failed",
            vec![terminated("a", 0, Some(""), Some(9))],
            json!([]),
        ));
        assert_eq!(r.status, "Signal:9");
    }

    #[test]
    fn pod_first_container_in_spec_order_wins() {
        // kubectl walks statuses backwards, so the first listed decides.
        let r = pod(simple_pod(
            "Running",
            vec![
                waiting("a", "CrashLoopBackOff"),
                waiting("b", "ImagePullBackOff"),
            ],
            json!([]),
        ));
        assert_eq!(r.status, "CrashLoopBackOff");
    }

    #[test]
    fn pod_completed_with_running_container() {
        let statuses = vec![
            running("a", true, 0),
            terminated("b", 0, Some("Completed"), None),
        ];
        let r = pod(simple_pod(
            "Running",
            statuses.clone(),
            json!([{"type": "Ready", "status": "True"}]),
        ));
        assert_eq!(r.status, "Running");
        assert_eq!((r.ready, r.total), (1, 2));
        let r = pod(simple_pod(
            "Running",
            statuses,
            json!([{"type": "Ready", "status": "False"}]),
        ));
        assert_eq!(r.status, "NotReady");
        assert!(r.unhealthy);
    }

    #[test]
    fn pod_succeeded_without_statuses() {
        let r = pod(json!({
            "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "a"}]},
            "status": {"phase": "Succeeded"}
        }));
        assert_eq!(r.status, "Succeeded");
        assert!(!r.unhealthy);
    }

    #[test]
    fn pod_status_reason_overrides_phase() {
        let r = pod(json!({
            "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "a"}]},
            "status": {"phase": "Failed", "reason": "Evicted"}
        }));
        assert_eq!(r.status, "Evicted");
        assert!(r.unhealthy);
    }

    #[test]
    fn pod_scheduling_gated() {
        let r = pod(json!({
            "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "a"}], "schedulingGates": [{"name": "g"}]},
            "status": {"phase": "Pending", "conditions": [
                {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}
            ]}
        }));
        assert_eq!(r.status, "SchedulingGated");
        assert!(r.unhealthy);
    }

    fn init_pod(
        inits: Value,
        init_statuses: Vec<Value>,
        statuses: Vec<Value>,
        conds: Value,
    ) -> Value {
        json!({
            "metadata": {"name": "p"},
            "spec": {"initContainers": inits, "containers": [{"name": "main"}]},
            "status": {"phase": "Pending", "conditions": conds,
                       "initContainerStatuses": init_statuses,
                       "containerStatuses": statuses}
        })
    }

    #[test]
    fn pod_init_progress() {
        let inits = json!([{"name": "i1"}, {"name": "i2"}]);
        let r = pod(init_pod(
            inits.clone(),
            vec![
                terminated("i1", 0, Some("Completed"), None),
                json!({"name": "i2", "ready": false, "restartCount": 0,
                       "state": {"running": {}}}),
            ],
            vec![waiting("main", "PodInitializing")],
            json!([]),
        ));
        assert_eq!(r.status, "Init:1/2");
        assert_eq!((r.ready, r.total), (0, 1));
        assert!(r.unhealthy);

        // Waiting on PodInitializing is still plain progress.
        let r = pod(init_pod(
            inits.clone(),
            vec![
                waiting("i1", "PodInitializing"),
                waiting("i2", "PodInitializing"),
            ],
            vec![],
            json!([]),
        ));
        assert_eq!(r.status, "Init:0/2");
    }

    #[test]
    fn pod_init_failures() {
        let inits = json!([{"name": "i1"}]);
        let case = |st: Value| pod(init_pod(inits.clone(), vec![st], vec![], json!([]))).status;
        assert_eq!(
            case(waiting("i1", "CrashLoopBackOff")),
            "Init:CrashLoopBackOff"
        );
        assert_eq!(
            case(waiting("i1", "ImagePullBackOff")),
            "Init:ImagePullBackOff"
        );
        assert_eq!(case(terminated("i1", 1, Some("Error"), None)), "Init:Error");
        assert_eq!(case(terminated("i1", 2, None, None)), "Init:ExitCode:2");
        assert_eq!(
            case(terminated("i1", 2, Some(""), Some(15))),
            "Init:Signal:15"
        );
    }

    #[test]
    fn pod_init_restarts_and_last_restart() {
        let inits = json!([{"name": "i1"}]);
        let st = json!({"name": "i1", "ready": false, "restartCount": 4,
            "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                                         "finishedAt": "2025-06-01T11:58:00Z"}}});
        let r = pod(init_pod(
            inits,
            vec![st],
            vec![waiting("main", "PodInitializing")],
            json!([]),
        ));
        assert_eq!(r.status, "Init:CrashLoopBackOff");
        assert_eq!(r.restarts, 4);
        assert_eq!(r.last_restart, Some(at("2025-06-01T11:58:00Z")));
        assert_eq!(restarts(r.restarts, r.last_restart, now()), "4 (2m ago)");
    }

    #[test]
    fn pod_sidecar_counting() {
        // One sidecar (restartPolicy Always) and one ordinary init container.
        let inits = json!([
            {"name": "setup"},
            {"name": "proxy", "restartPolicy": "Always"}
        ]);
        let proxy = json!({"name": "proxy", "ready": true, "restartCount": 2, "started": true,
            "state": {"running": {}},
            "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-06-01T11:00:00Z"}}});
        let setup = json!({"name": "setup", "ready": false, "restartCount": 7,
            "state": {"terminated": {"exitCode": 0, "reason": "Completed"}},
            "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-06-01T11:30:00Z"}}});
        let main = json!({"name": "main", "ready": true, "restartCount": 1,
            "state": {"running": {}},
            "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-06-01T10:00:00Z"}}});
        let v = json!({
            "metadata": {"name": "p"},
            "spec": {"initContainers": inits, "containers": [{"name": "main"}]},
            "status": {"phase": "Running",
                "conditions": [{"type": "Initialized", "status": "True"},
                               {"type": "Ready", "status": "True"}],
                "initContainerStatuses": [setup, proxy],
                "containerStatuses": [main]}
        });
        let r = pod(v);
        assert_eq!((r.ready, r.total), (2, 2));
        assert_eq!(r.status, "Running");
        // Ordinary init container restarts are dropped once initialized:
        // sidecar 2 + main 1.
        assert_eq!(r.restarts, 3);
        assert_eq!(r.last_restart, Some(at("2025-06-01T11:00:00Z")));
        assert!(!r.unhealthy);
    }

    #[test]
    fn pod_sidecar_not_started_blocks_init() {
        let inits = json!([{"name": "proxy", "restartPolicy": "Always"}]);
        let proxy = json!({"name": "proxy", "ready": false, "restartCount": 0, "started": false,
            "state": {"running": {}}});
        let r = pod(init_pod(
            inits,
            vec![proxy],
            vec![waiting("main", "PodInitializing")],
            json!([]),
        ));
        assert_eq!(r.status, "Init:0/1");
        assert_eq!((r.ready, r.total), (0, 2));
    }

    #[test]
    fn pod_sidecar_started_not_ready() {
        let inits = json!([{"name": "proxy", "restartPolicy": "Always"}]);
        let proxy = json!({"name": "proxy", "ready": false, "restartCount": 0, "started": true,
            "state": {"running": {}}});
        let r = pod(init_pod(
            inits,
            vec![proxy],
            vec![running("main", true, 0)],
            json!([{"type": "Initialized", "status": "True"}]),
        ));
        assert_eq!(r.status, "Pending");
        assert_eq!((r.ready, r.total), (1, 2));
    }

    #[test]
    fn pod_initializing_but_initialized_condition_true() {
        // A failed init container with Initialized=True (e.g. after a node
        // restart) still lets the regular containers decide.
        let inits = json!([{"name": "i1"}]);
        let r = pod(json!({
            "metadata": {"name": "p"},
            "spec": {"initContainers": inits, "containers": [{"name": "main"}]},
            "status": {"phase": "Running",
                "conditions": [{"type": "Initialized", "status": "True"}],
                "initContainerStatuses": [waiting("i1", "CrashLoopBackOff")],
                "containerStatuses": [running("main", true, 0)]}
        }));
        assert_eq!(r.status, "Init:CrashLoopBackOff");
        assert_eq!((r.ready, r.total), (1, 1));
    }

    #[test]
    fn pod_terminating_and_node_lost() {
        let mut v = simple_pod(
            "Running",
            vec![running("a", true, 0)],
            json!([{"type": "Ready", "status": "True"}]),
        );
        v["metadata"]["deletionTimestamp"] = json!("2025-06-01T11:59:00Z");
        let r = pod(v.clone());
        assert_eq!(r.status, "Terminating");
        assert!(r.unhealthy);

        v["status"]["reason"] = json!("NodeLost");
        assert_eq!(pod(v.clone()).status, "Unknown");

        // Terminal pods keep their status while being deleted.
        let mut done = simple_pod(
            "Succeeded",
            vec![terminated("a", 0, Some("Completed"), None)],
            json!([]),
        );
        done["metadata"]["deletionTimestamp"] = json!("2025-06-01T11:59:00Z");
        assert_eq!(pod(done).status, "Completed");
        let mut failed = simple_pod(
            "Failed",
            vec![terminated("a", 1, Some("Error"), None)],
            json!([]),
        );
        failed["metadata"]["deletionTimestamp"] = json!("2025-06-01T11:59:00Z");
        assert_eq!(pod(failed).status, "Error");
    }

    #[test]
    fn pod_restarts_latest_finish() {
        let a = json!({"name": "a", "ready": true, "restartCount": 2, "state": {"running": {}},
            "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-06-01T09:00:00Z"}}});
        let b = json!({"name": "b", "ready": true, "restartCount": 3, "state": {"running": {}},
            "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-06-01T11:57:00Z"}}});
        let r = pod(simple_pod(
            "Running",
            vec![a, b],
            json!([{"type": "Ready", "status": "True"}]),
        ));
        assert_eq!(r.restarts, 5);
        assert_eq!(r.last_restart, Some(at("2025-06-01T11:57:00Z")));
        assert_eq!(restarts(r.restarts, r.last_restart, now()), "5 (3m ago)");
    }

    #[test]
    fn pod_meta_owner_node_ip() {
        let r = pod(json!({
            "metadata": {
                "name": "web-1", "namespace": "prod", "uid": "u-1",
                "creationTimestamp": "2025-06-01T11:00:00Z",
                "labels": {"app": "web"},
                "ownerReferences": [
                    {"apiVersion": "v1", "kind": "Other", "name": "x", "uid": "1"},
                    {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-abc",
                     "uid": "2", "controller": true}
                ]
            },
            "spec": {"nodeName": "node-a", "containers": [{"name": "c"}]},
            "status": {"phase": "Running", "podIP": "10.0.0.9",
                       "podIPs": [{"ip": "10.0.0.9"}, {"ip": "fd00::9"}]}
        }));
        assert_eq!(r.meta.uid, "u-1");
        assert_eq!(r.meta.created, Some(at("2025-06-01T11:00:00Z")));
        assert_eq!(r.meta.labels.get("app").map(String::as_str), Some("web"));
        assert_eq!(
            r.owner,
            Some(Owner {
                kind: "ReplicaSet".into(),
                name: "web-abc".into()
            })
        );
        assert_eq!(r.node, "node-a");
        assert_eq!(r.ip, "10.0.0.9");
        assert_eq!(age(r.meta.created, now()), "60m");
    }

    #[test]
    fn pod_ip_falls_back_to_pod_ip_and_owner_requires_controller() {
        let r = pod(json!({
            "metadata": {"name": "p", "ownerReferences": [
                {"apiVersion": "v1", "kind": "Node", "name": "n", "uid": "1"}]},
            "spec": {"containers": []},
            "status": {"podIP": "10.1.1.1"}
        }));
        assert_eq!(r.ip, "10.1.1.1");
        assert_eq!(r.owner, None);
    }

    #[test]
    fn pod_partial_objects_do_not_panic() {
        let r = pod(json!({}));
        assert_eq!(r.status, "");
        assert_eq!((r.ready, r.total, r.restarts), (0, 0, 0));
        assert!(r.unhealthy);
        assert_eq!(r.meta, Meta::default());

        let r = pod(json!({"metadata": {"name": "p"}, "status": {
            "initContainerStatuses": [{"name": "ghost", "restartCount": -3}],
            "containerStatuses": [{"name": "x", "ready": true, "restartCount": -1}]
        }}));
        assert_eq!(r.status, "Init:0/0");
        assert_eq!(r.restarts, 0);
    }

    // ----- workloads ---------------------------------------------------

    #[test]
    fn deployment_projection() {
        let d: Deployment = from(json!({
            "metadata": {"name": "web", "namespace": "prod"},
            "spec": {"replicas": 3,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {"spec": {"containers": [
                    {"name": "a", "image": "nginx:1"}, {"name": "b", "image": "envoy:2"}]}}},
            "status": {"replicas": 3, "readyReplicas": 2, "updatedReplicas": 3,
                       "availableReplicas": 2}
        }));
        let r = deployment_row(&d);
        assert_eq!((r.desired, r.ready, r.updated, r.available), (3, 2, 3, 2));
        assert_eq!(r.selector.get("app").map(String::as_str), Some("web"));
        assert_eq!(r.images, vec!["nginx:1".to_string(), "envoy:2".to_string()]);
        assert!(r.unhealthy);

        let ok: Deployment = from(json!({
            "metadata": {"name": "web"},
            "spec": {"selector": {}, "template": {}},
            "status": {"readyReplicas": 1, "availableReplicas": 1, "updatedReplicas": 1}
        }));
        let r = deployment_row(&ok);
        assert_eq!(r.desired, 1);
        assert!(!r.unhealthy);

        let scaled_down: Deployment = from(json!({
            "metadata": {"name": "web"},
            "spec": {"replicas": 0, "selector": {}, "template": {}}
        }));
        assert!(!deployment_row(&scaled_down).unhealthy);

        let bare: Deployment = from(json!({"metadata": {"name": "x"}}));
        let r = deployment_row(&bare);
        assert_eq!((r.desired, r.ready), (0, 0));
        assert!(r.images.is_empty());
        assert!(!r.unhealthy);
    }

    #[test]
    fn statefulset_projection() {
        let s: StatefulSet = from(json!({
            "metadata": {"name": "db"},
            "spec": {"replicas": 3, "serviceName": "db",
                "selector": {"matchLabels": {"app": "db"}},
                "template": {"spec": {"containers": [{"name": "pg", "image": "postgres:16"}]}}},
            "status": {"replicas": 3, "readyReplicas": 3}
        }));
        let r = statefulset_row(&s);
        assert_eq!((r.desired, r.ready), (3, 3));
        assert_eq!(r.images, vec!["postgres:16".to_string()]);
        assert!(!r.unhealthy);
        let s: StatefulSet = from(json!({
            "metadata": {"name": "db"},
            "spec": {"replicas": 2, "selector": {}, "template": {}},
            "status": {"replicas": 2}
        }));
        assert!(statefulset_row(&s).unhealthy);
    }

    #[test]
    fn daemonset_projection() {
        let d: DaemonSet = from(json!({
            "metadata": {"name": "agent"},
            "spec": {"selector": {"matchLabels": {"app": "agent"}},
                "template": {"spec": {
                    "nodeSelector": {"zone": "a", "kubernetes.io/os": "linux"},
                    "containers": [{"name": "c", "image": "agent:1"}]}}},
            "status": {"desiredNumberScheduled": 5, "currentNumberScheduled": 5,
                       "numberReady": 4, "updatedNumberScheduled": 5, "numberAvailable": 4,
                       "numberMisscheduled": 0}
        }));
        let r = daemonset_row(&d);
        assert_eq!(
            (r.desired, r.current, r.ready, r.updated, r.available),
            (5, 5, 4, 5, 4)
        );
        assert_eq!(r.node_selector, "kubernetes.io/os=linux,zone=a");
        assert!(r.unhealthy);
        assert_eq!(r.images, vec!["agent:1".to_string()]);

        let d: DaemonSet = from(json!({"metadata": {"name": "x"},
            "spec": {"selector": {}, "template": {}}}));
        let r = daemonset_row(&d);
        assert_eq!(r.node_selector, "<none>");
        assert!(!r.unhealthy);
    }

    #[test]
    fn replicaset_projection() {
        let rs: ReplicaSet = from(json!({
            "metadata": {"name": "web-abc",
                "annotations": {"deployment.kubernetes.io/revision": "7"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
                    "name": "web", "uid": "1", "controller": true}]},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                "template": {"spec": {"containers": [{"name": "c", "image": "web:7"}]}}},
            "status": {"replicas": 2, "readyReplicas": 1}
        }));
        let r = replicaset_row(&rs);
        assert_eq!((r.desired, r.current, r.ready), (2, 2, 1));
        assert_eq!(r.revision.as_deref(), Some("7"));
        assert_eq!(
            r.owner.as_ref().map(|o| o.kind.as_str()),
            Some("Deployment")
        );
        assert_eq!(r.images, vec!["web:7".to_string()]);
        assert!(r.unhealthy);

        let old: ReplicaSet = from(json!({"metadata": {"name": "web-old"},
            "spec": {"replicas": 0, "selector": {}}, "status": {"replicas": 0}}));
        let r = replicaset_row(&old);
        assert!(!r.unhealthy);
        assert_eq!(r.revision, None);
        assert!(r.images.is_empty());
    }

    // ----- services ----------------------------------------------------

    fn svc(spec: Value, status: Value) -> ServiceRow {
        service_row(&from::<Service>(
            json!({"metadata": {"name": "s"}, "spec": spec, "status": status}),
        ))
    }

    #[test]
    fn service_cluster_ip_and_ports() {
        let r = svc(
            json!({"type": "ClusterIP", "clusterIP": "10.0.0.1", "clusterIPs": ["10.0.0.1", "fd00::1"],
                   "selector": {"app": "web"},
                   "ports": [{"port": 80, "protocol": "TCP"}, {"port": 53, "protocol": "UDP"}]}),
            json!({}),
        );
        assert_eq!(r.kind, "ClusterIP");
        assert_eq!(r.cluster_ip, "10.0.0.1");
        assert_eq!(r.external_ip, "<none>");
        assert_eq!(r.ports, "80/TCP,53/UDP");
        assert_eq!(r.selector.get("app").map(String::as_str), Some("web"));

        let r = svc(
            json!({"type": "ClusterIP", "clusterIP": "None", "externalIPs": ["1.2.3.4", "5.6.7.8"]}),
            json!({}),
        );
        assert_eq!(r.cluster_ip, "None");
        assert_eq!(r.external_ip, "1.2.3.4,5.6.7.8");
        assert_eq!(r.ports, "<none>");

        let r = svc(json!({"type": "ClusterIP"}), json!({}));
        assert_eq!(r.cluster_ip, "<none>");
    }

    #[test]
    fn service_node_port() {
        let r = svc(
            json!({"type": "NodePort", "clusterIPs": ["10.0.0.2"],
                   "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"},
                             {"port": 443, "nodePort": 30443}]}),
            json!({}),
        );
        assert_eq!(r.external_ip, "<none>");
        assert_eq!(r.ports, "80:30080/TCP,443:30443/TCP");
    }

    #[test]
    fn service_load_balancer() {
        let spec = json!({"type": "LoadBalancer", "clusterIPs": ["10.0.0.3"],
                          "ports": [{"port": 443, "nodePort": 31443, "protocol": "TCP"}]});
        let r = svc(spec.clone(), json!({}));
        assert_eq!(r.external_ip, "<pending>");
        assert_eq!(r.ports, "443:31443/TCP");

        let r = svc(
            spec.clone(),
            json!({"loadBalancer": {"ingress": [
                {"ip": "34.1.1.2"}, {"hostname": "lb.example.com"}, {"ip": "34.1.1.1"},
                {"ip": "34.1.1.1"}, {}]}}),
        );
        assert_eq!(r.external_ip, "34.1.1.1,34.1.1.2,lb.example.com");

        let mut with_ext = spec;
        with_ext["externalIPs"] = json!(["9.9.9.9"]);
        let r = svc(
            with_ext.clone(),
            json!({"loadBalancer": {"ingress": [{"ip": "34.1.1.1"}]}}),
        );
        assert_eq!(r.external_ip, "34.1.1.1,9.9.9.9");
        let r = svc(with_ext, json!({}));
        assert_eq!(r.external_ip, "9.9.9.9");
    }

    #[test]
    fn service_external_name_and_unknown() {
        let r = svc(
            json!({"type": "ExternalName", "externalName": "db.example.com"}),
            json!({}),
        );
        assert_eq!(r.external_ip, "db.example.com");
        assert_eq!(r.cluster_ip, "<none>");
        let r = service_row(&from::<Service>(json!({"metadata": {"name": "s"}})));
        assert_eq!(r.kind, "");
        assert_eq!(r.external_ip, "<unknown>");
        assert_eq!(r.ports, "<none>");
    }

    // ----- namespaces / nodes -------------------------------------------

    #[test]
    fn namespace_projection() {
        let n: Namespace = from(json!({"metadata": {"name": "prod"},
            "status": {"phase": "Terminating"}}));
        let r = namespace_row(&n);
        assert_eq!(r.meta.name, "prod");
        assert_eq!(r.phase, "Terminating");
        let n: Namespace = from(json!({"metadata": {"name": "x"}}));
        assert_eq!(namespace_row(&n).phase, "");
    }

    fn node(v: Value) -> NodeRow {
        node_row(&from::<Node>(v))
    }

    #[test]
    fn node_ready_with_roles_and_resources() {
        let r = node(json!({
            "metadata": {"name": "n1", "labels": {
                "node-role.kubernetes.io/control-plane": "",
                "node-role.kubernetes.io/master": "",
                "node-role.kubernetes.io/": "",
                "kubernetes.io/role": "etcd",
                "kubernetes.io/hostname": "n1"}},
            "spec": {"taints": [
                {"key": "a", "effect": "NoSchedule"}, {"key": "b", "effect": "NoExecute"}]},
            "status": {
                "conditions": [
                    {"type": "MemoryPressure", "status": "False"},
                    {"type": "Ready", "status": "True"}],
                "addresses": [
                    {"type": "Hostname", "address": "n1"},
                    {"type": "InternalIP", "address": "192.168.1.10"},
                    {"type": "InternalIP", "address": "192.168.1.11"}],
                "capacity": {"cpu": "8", "memory": "32Gi", "pods": "110"},
                "allocatable": {"cpu": "7800m", "memory": "31Gi", "pods": "110"},
                "nodeInfo": {"kubeletVersion": "v1.36.0", "machineID": "", "systemUUID": "",
                    "bootID": "", "kernelVersion": "", "osImage": "",
                    "containerRuntimeVersion": "", "kubeProxyVersion": "",
                    "operatingSystem": "linux", "architecture": "amd64"}
            }
        }));
        assert_eq!(r.status, "Ready");
        assert!(r.ready && r.schedulable);
        assert_eq!(r.roles, "control-plane,etcd,master");
        assert_eq!(r.taints, 2);
        assert_eq!(r.version, "v1.36.0");
        assert_eq!(r.cpu_capacity, "8");
        assert_eq!(r.cpu_allocatable, "7800m");
        assert_eq!(r.memory_capacity, "32Gi");
        assert_eq!(r.memory_allocatable, "31Gi");
        assert_eq!(r.pods_capacity, "110");
        assert_eq!(r.internal_ip, "192.168.1.10");
    }

    #[test]
    fn node_status_variants() {
        let r = node(json!({"metadata": {"name": "n"},
            "spec": {"unschedulable": true},
            "status": {"conditions": [{"type": "Ready", "status": "False"}]}}));
        assert_eq!(r.status, "NotReady,SchedulingDisabled");
        assert!(!r.ready && !r.schedulable);
        assert_eq!(r.roles, "<none>");
        assert_eq!(r.taints, 0);
        assert_eq!(r.internal_ip, "<none>");

        let r = node(json!({"metadata": {"name": "n"},
            "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}}));
        assert_eq!(r.status, "NotReady");

        let r = node(json!({"metadata": {"name": "n"}}));
        assert_eq!(r.status, "Unknown");
        assert!(!r.ready && r.schedulable);
        assert_eq!(r.version, "");
        assert_eq!(r.cpu_capacity, "");

        let r = node(json!({"metadata": {"name": "n"}, "spec": {"unschedulable": true}}));
        assert_eq!(r.status, "Unknown,SchedulingDisabled");

        // Duplicate conditions: the last one wins (kubectl keys by type).
        let r = node(json!({"metadata": {"name": "n"}, "status": {"conditions": [
            {"type": "Ready", "status": "False"}, {"type": "Ready", "status": "True"}]}}));
        assert_eq!(r.status, "Ready");
    }

    // ----- quotas / limit ranges -----------------------------------------

    #[test]
    fn quota_items_and_ratios() {
        let q: ResourceQuota = from(json!({
            "metadata": {"name": "q", "namespace": "prod"},
            "spec": {"hard": {"pods": "10"}},
            "status": {
                "hard": {"requests.cpu": "2", "requests.memory": "4Gi", "pods": "10",
                         "limits.cpu": "4", "services.loadbalancers": "0", "weird": "lots"},
                "used": {"requests.cpu": "500m", "requests.memory": "1Gi", "pods": "10",
                         "services.loadbalancers": "0", "weird": "1"}
            }
        }));
        let r = quota_row(&q);
        let names: Vec<&str> = r.items.iter().map(|i| i.resource.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "limits.cpu",
                "pods",
                "requests.cpu",
                "requests.memory",
                "services.loadbalancers",
                "weird"
            ]
        );
        let item = |n: &str| r.items.iter().find(|i| i.resource == n).cloned();
        let cpu = item("requests.cpu").expect("cpu item");
        assert_eq!((cpu.used.as_str(), cpu.hard.as_str()), ("500m", "2"));
        assert_eq!(cpu.ratio, Some(0.25));
        assert_eq!(item("requests.memory").and_then(|i| i.ratio), Some(0.25));
        assert_eq!(item("pods").and_then(|i| i.ratio), Some(1.0));
        let lim = item("limits.cpu").expect("limits item");
        assert_eq!(lim.used, "0");
        assert_eq!(lim.ratio, Some(0.0));
        assert_eq!(item("services.loadbalancers").and_then(|i| i.ratio), None);
        assert_eq!(item("weird").and_then(|i| i.ratio), None);
    }

    #[test]
    fn quota_falls_back_to_spec_and_handles_empty() {
        let q: ResourceQuota = from(json!({"metadata": {"name": "q"},
            "spec": {"hard": {"pods": "4"}}}));
        let r = quota_row(&q);
        assert_eq!(r.items.len(), 1);
        assert_eq!(r.items[0].used, "0");
        assert_eq!(r.items[0].ratio, Some(0.0));
        let q: ResourceQuota = from(json!({"metadata": {"name": "q"}}));
        assert!(quota_row(&q).items.is_empty());
        assert_eq!(quota_ratio("3", "4"), Some(0.75));
        assert_eq!(quota_ratio("1", "-4"), None);
        assert_eq!(quota_ratio("x", "4"), None);
    }

    #[test]
    fn limitrange_lines() {
        let l: LimitRange = from(json!({
            "metadata": {"name": "limits"},
            "spec": {"limits": [
                {"type": "Container",
                 "min": {"cpu": "10m", "memory": "4Mi"},
                 "max": {"cpu": "4"},
                 "default": {"cpu": "500m", "memory": "512Mi"},
                 "defaultRequest": {"cpu": "100m"}},
                {"type": "Pod", "max": {"memory": "8Gi"}, "maxLimitRequestRatio": {"cpu": "10"}},
                {"type": "PersistentVolumeClaim"},
                {"max": {"storage": "1Gi"}}
            ]}
        }));
        let r = limitrange_row(&l);
        assert_eq!(
            r.items,
            vec![
                "Container cpu: min 10m, max 4, default 500m, defaultRequest 100m".to_string(),
                "Container memory: min 4Mi, default 512Mi".to_string(),
                "Pod cpu: maxLimitRequestRatio 10".to_string(),
                "Pod memory: max 8Gi".to_string(),
                "PersistentVolumeClaim".to_string(),
                "storage: max 1Gi".to_string(),
            ]
        );
        let l: LimitRange = from(json!({"metadata": {"name": "x"}}));
        assert!(limitrange_row(&l).items.is_empty());
    }

    // ----- events ------------------------------------------------------

    fn event(v: Value) -> EventRow {
        event_row(&from::<Event>(v))
    }

    #[test]
    fn event_classic_fields() {
        let r = event(json!({
            "metadata": {"name": "web-1.17f", "namespace": "prod",
                         "creationTimestamp": "2025-06-01T10:00:00Z"},
            "involvedObject": {"kind": "Pod", "name": "web-1", "namespace": "prod"},
            "type": "Warning", "reason": "BackOff",
            "message": "  Back-off restarting failed container\n",
            "count": 12,
            "firstTimestamp": "2025-06-01T10:00:00Z",
            "lastTimestamp": "2025-06-01T11:59:00Z",
            "source": {"component": "kubelet", "host": "node-a"}
        }));
        assert_eq!(r.kind_type, "Warning");
        assert_eq!(r.reason, "BackOff");
        assert_eq!(r.object, "pod/web-1");
        assert_eq!(
            (
                r.object_kind.as_str(),
                r.object_name.as_str(),
                r.object_namespace.as_str()
            ),
            ("Pod", "web-1", "prod")
        );
        assert_eq!(r.message, "Back-off restarting failed container");
        assert_eq!(r.count, 12);
        assert_eq!(r.first_seen, Some(at("2025-06-01T10:00:00Z")));
        assert_eq!(r.last_seen, Some(at("2025-06-01T11:59:00Z")));
        assert_eq!(r.source, "kubelet, node-a");
        assert_eq!(age(r.last_seen, now()), "60s");
    }

    #[test]
    fn event_new_api_fallbacks() {
        // events.k8s.io-style: only eventTime, series, reporting fields.
        let r = event(json!({
            "metadata": {"name": "e", "namespace": "prod",
                         "creationTimestamp": "2025-06-01T09:00:00Z"},
            "involvedObject": {"kind": "Deployment", "name": "web"},
            "type": "Normal", "reason": "ScalingReplicaSet",
            "eventTime": "2025-06-01T10:00:00.123456Z",
            "series": {"count": 4, "lastObservedTime": "2025-06-01T11:00:00.000001Z"},
            "reportingComponent": "deployment-controller",
            "reportingInstance": "cm-1"
        }));
        assert_eq!(r.object, "deployment/web");
        assert_eq!(r.count, 4);
        assert_eq!(
            r.first_seen,
            Utc.timestamp_opt(at("2025-06-01T10:00:00Z").timestamp(), 123_456_000)
                .single()
        );
        assert_eq!(
            r.last_seen,
            Utc.timestamp_opt(at("2025-06-01T11:00:00Z").timestamp(), 1_000)
                .single()
        );
        assert_eq!(r.source, "deployment-controller, cm-1");

        // Only eventTime: both times come from it, count defaults to 1.
        let r = event(json!({
            "metadata": {"name": "e", "creationTimestamp": "2025-06-01T09:00:00Z"},
            "involvedObject": {"kind": "Node"},
            "eventTime": "2025-06-01T10:00:00Z",
            "reportingComponent": "kubelet"
        }));
        assert_eq!(r.object, "node");
        assert_eq!(r.count, 1);
        assert_eq!(r.first_seen, Some(at("2025-06-01T10:00:00Z")));
        assert_eq!(r.last_seen, Some(at("2025-06-01T10:00:00Z")));
        assert_eq!(r.source, "kubelet");

        // Nothing but the creation timestamp.
        let r = event(json!({
            "metadata": {"name": "e", "creationTimestamp": "2025-06-01T09:00:00Z"},
            "involvedObject": {}
        }));
        assert_eq!(r.first_seen, None);
        assert_eq!(r.last_seen, Some(at("2025-06-01T09:00:00Z")));
        assert_eq!(r.count, 1);
        assert_eq!(r.object, "");
        assert_eq!(r.source, "");

        // Series count used when count is zero; firstTimestamp backs last_seen.
        let r = event(json!({
            "metadata": {"name": "e"},
            "involvedObject": {"kind": "Pod", "name": "p"},
            "count": 0,
            "firstTimestamp": "2025-06-01T08:00:00Z",
            "series": {"count": 2}
        }));
        assert_eq!(r.count, 2);
        assert_eq!(r.last_seen, Some(at("2025-06-01T08:00:00Z")));

        // The later of lastTimestamp and series.lastObservedTime wins.
        let r = event(json!({
            "metadata": {"name": "e"},
            "involvedObject": {"kind": "Pod", "name": "p"},
            "lastTimestamp": "2025-06-01T11:30:00Z",
            "series": {"count": 2, "lastObservedTime": "2025-06-01T11:00:00.000000Z"}
        }));
        assert_eq!(r.last_seen, Some(at("2025-06-01T11:30:00Z")));

        // Component from source, instance from reporting fields.
        let r = event(json!({
            "metadata": {"name": "e"},
            "involvedObject": {},
            "source": {"component": "scheduler"},
            "reportingInstance": "sched-0"
        }));
        assert_eq!(r.source, "scheduler, sched-0");
    }

    #[test]
    fn format_labels_sorted() {
        let mut m = BTreeMap::new();
        assert_eq!(format_labels(&m), "<none>");
        m.insert("b".to_string(), "2".to_string());
        m.insert("a".to_string(), "1".to_string());
        assert_eq!(format_labels(&m), "a=1,b=2");
    }
}
