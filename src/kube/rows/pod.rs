//! Pods: the row and kubectl's READY / STATUS / RESTARTS computation
//! (`printPod`).

use chrono::{DateTime, Utc};
use k8s_openapi::api::core::v1::{
    Container, ContainerStateTerminated, ContainerStatus, Pod, PodCondition, PodSpec,
};

use super::format::{later, time};
use super::{Meta, Name, Owner, Word, controller_owner, count_u32, meta, non_empty};

#[derive(Debug, Clone, PartialEq)]
pub struct PodRow {
    pub meta: Meta,
    /// Ready containers (kubectl's READY numerator).
    pub ready: u32,
    /// Containers counted by kubectl's READY denominator (regular containers
    /// plus restartable "sidecar" init containers).
    pub total: u32,
    /// kubectl's STATUS column.
    pub status: Word,
    /// kubectl's RESTARTS count.
    pub restarts: u32,
    /// Latest `lastState.terminated.finishedAt` among the counted containers.
    pub last_restart: Option<DateTime<Utc>>,
    /// `spec.nodeName`, empty when unscheduled (kubectl prints `<none>`).
    pub node: Name,
    /// First pod IP (kubectl prints `<none>` when there is none).
    pub ip: PodIp,
    pub owner: Option<Owner>,
    /// status is not a "good" one (Running with all ready, or
    /// Completed/Succeeded)
    pub unhealthy: bool,
    /// `status.phase`, empty when absent.
    pub phase: Word,
    /// The regular containers, then the init containers, each with its
    /// name (for the log and shell pickers) and state (what the pod panel
    /// shows and the OOMKilled rule reads): 56 bytes a container, plus its
    /// last termination when it has one. `init_from` is where the init ones
    /// start.
    pub containers: Box<[ContainerInfo]>,
    pub init_from: u16,
    /// The regular containers' requests and limits (for the metrics
    /// columns): 16 bytes.
    pub resources: Resources,
    /// The PersistentVolumeClaims its volumes mount (a PVC's pods), an
    /// ephemeral volume's claim (`<pod>-<volume>`) included. Empty (no
    /// allocation) for most pods.
    pub claims: Claims,
}

impl PodRow {
    /// The regular containers (not the init ones).
    pub fn regular(&self) -> &[ContainerInfo] {
        let n = usize::from(self.init_from).min(self.containers.len());
        self.containers.get(..n).unwrap_or_default()
    }

    /// Every container's name, regular ones first.
    pub fn container_names(&self) -> impl Iterator<Item = String> + '_ {
        self.containers.iter().map(|c| c.name.to_string())
    }
}

/// The claims a pod's volumes mount: 8 bytes in the row, nothing more for
/// the many pods that mount none.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Claims(Option<Box<Box<[Box<str>]>>>);

impl Claims {
    pub fn iter(&self) -> impl Iterator<Item = &Box<str>> {
        self.0.iter().flat_map(|c| c.iter())
    }
}

impl From<Vec<Box<str>>> for Claims {
    fn from(v: Vec<Box<str>>) -> Claims {
        Claims((!v.is_empty()).then(|| Box::new(v.into_boxed_slice())))
    }
}

/// A pod's IP: an address is held in the row itself (no allocation: 2 MB
/// at 60,000 pods); anything else the server sent is kept as it came, to
/// be shown as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PodIp {
    #[default]
    None,
    Addr(std::net::IpAddr),
    Text(Box<str>),
}

impl PodIp {
    pub fn parse(s: &str) -> PodIp {
        if s.is_empty() {
            PodIp::None
        } else if let Ok(a) = s.parse() {
            PodIp::Addr(a)
        } else {
            PodIp::Text(s.into())
        }
    }

    pub fn is_none(&self) -> bool {
        *self == PodIp::None
    }

    /// As kubectl shows it (`<none>` when there is none).
    pub fn shown(&self) -> String {
        match self {
            PodIp::None => "<none>".to_string(),
            PodIp::Addr(a) => a.to_string(),
            PodIp::Text(t) => t.to_string(),
        }
    }

    /// A sort key: IPv4 addresses in numeric order (10.0.0.9 before
    /// 10.0.0.10), before any other.
    pub fn v4(&self) -> Option<u32> {
        match self {
            PodIp::Addr(std::net::IpAddr::V4(a)) => Some(u32::from(*a)),
            _ => None,
        }
    }
}

/// What the pod panel shows of one container (only that).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContainerInfo {
    pub name: Name,
    /// Its own requests and limits (0: none).
    pub resources: Resources,
    pub restarts: u32,
    pub ready: bool,
    /// An init container that keeps running (`restartPolicy: Always`).
    pub sidecar: bool,
    /// Why it is not running: the waiting reason (`CrashLoopBackOff`), or
    /// the terminated one (`Completed`, `OOMKilled`); None while running
    /// or without a status.
    pub state: Option<Word>,
    /// Its last termination (`lastState.terminated`), if any.
    pub last: Option<Box<Termination>>,
}

/// A container known by its name only (tests build rows so).
#[cfg(test)]
impl From<&str> for ContainerInfo {
    fn from(name: &str) -> Self {
        ContainerInfo {
            name: Name::new(name),
            ..ContainerInfo::default()
        }
    }
}

/// A container's last termination.
#[derive(Debug, Clone, PartialEq)]
pub struct Termination {
    /// The reason (`OOMKilled`, `Error`), else `ExitCode:N` / `Signal:N`.
    pub reason: Box<str>,
    pub exit_code: i32,
    pub finished: Option<DateTime<Utc>>,
}

/// A pod's CPU (millicores) and memory (KiB) requests and limits, summed
/// over its regular containers; 0 when none. A limit counts only when
/// every container has one (otherwise the pod is not limited).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Resources {
    pub cpu_request_m: u32,
    pub cpu_limit_m: u32,
    pub mem_request_kib: u32,
    pub mem_limit_kib: u32,
}

/// A container's request (`limits` false) or limit of `key`.
fn get(c: &Container, limits: bool, key: &str) -> Option<u32> {
    let r = c.resources.as_ref()?;
    let map = if limits {
        r.limits.as_ref()
    } else {
        r.requests.as_ref()
    }?;
    let q = map.get(key)?;
    if key == "cpu" {
        crate::kube::metrics::cpu_milli(q)
    } else {
        crate::kube::metrics::mem_kib(q)
    }
}

fn container_resources(c: &Container) -> Resources {
    Resources {
        cpu_request_m: get(c, false, "cpu").unwrap_or(0),
        cpu_limit_m: get(c, true, "cpu").unwrap_or(0),
        mem_request_kib: get(c, false, "memory").unwrap_or(0),
        mem_limit_kib: get(c, true, "memory").unwrap_or(0),
    }
}

fn resources(p: &Pod) -> Resources {
    let Some(spec) = p.spec.as_ref() else {
        return Resources::default();
    };
    let sum = |limits: bool, key: &str| -> u32 {
        let mut total = 0u32;
        for c in &spec.containers {
            match get(c, limits, key) {
                Some(v) => total = total.saturating_add(v),
                None if limits => return 0,
                None => {}
            }
        }
        total
    };
    Resources {
        cpu_request_m: sum(false, "cpu"),
        cpu_limit_m: sum(true, "cpu"),
        mem_request_kib: sum(false, "memory"),
        mem_limit_kib: sum(true, "memory"),
    }
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

/// Restarts counted so far and the latest time one of them finished.
#[derive(Clone, Copy, Default)]
struct Restarts {
    count: u32,
    last: Option<DateTime<Utc>>,
}

impl Restarts {
    fn add(&mut self, cs: &ContainerStatus) {
        self.count = self.count.saturating_add(restart_count(cs));
        self.last = later(self.last, last_finished(cs));
    }
}

/// A terminated container's reason, else `ExitCode:N` or `Signal:N`.
fn terminated_reason(t: &ContainerStateTerminated) -> String {
    match non_empty(t.reason.as_deref()) {
        Some(r) => r.to_string(),
        None => match t.signal.unwrap_or(0) {
            0 => format!("ExitCode:{}", t.exit_code),
            sig => format!("Signal:{sig}"),
        },
    }
}

/// What kubectl's walk over the init containers found.
struct InitWalk {
    /// Started sidecars that are ready.
    ready: u32,
    /// Restarts of every init container walked...
    all: Restarts,
    /// ...and of the sidecars among them (all that still counts once the
    /// pod is initialized).
    sidecars: Restarts,
    /// `Init:...` while the pod is initializing.
    status: Option<String>,
}

/// kubectl's first loop: the init containers in order, up to the first one
/// that is neither done nor a started sidecar.
fn walk_init(inits: &[Container], statuses: &[ContainerStatus]) -> InitWalk {
    let mut walk = InitWalk {
        ready: 0,
        all: Restarts::default(),
        sidecars: Restarts::default(),
        status: None,
    };
    for (i, cs) in statuses.iter().enumerate() {
        walk.all.add(cs);
        let restartable = inits
            .iter()
            .find(|c| c.name == cs.name)
            .is_some_and(is_restartable);
        if restartable {
            walk.sidecars.add(cs);
        }
        let state = cs.state.as_ref();
        let terminated = state.and_then(|s| s.terminated.as_ref());
        let waiting = state.and_then(|s| s.waiting.as_ref());
        if terminated.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if restartable && cs.started == Some(true) {
            if cs.ready {
                walk.ready = walk.ready.saturating_add(1);
            }
            continue;
        }
        walk.status = Some(if let Some(t) = terminated {
            // Initialization failed.
            format!("Init:{}", terminated_reason(t))
        } else if let Some(r) = waiting
            .and_then(|w| non_empty(w.reason.as_deref()))
            .filter(|r| *r != "PodInitializing")
        {
            format!("Init:{r}")
        } else {
            format!("Init:{i}/{}", inits.len())
        });
        break;
    }
    walk
}

/// kubectl's second loop: the regular containers from last to first (so
/// the first listed decides the status). Returns how many are running and
/// ready.
fn walk_containers(
    statuses: &[ContainerStatus],
    reason: &mut String,
    restarts: &mut Restarts,
) -> u32 {
    let mut running: u32 = 0;
    for cs in statuses.iter().rev() {
        restarts.add(cs);
        let state = cs.state.as_ref();
        let terminated = state.and_then(|s| s.terminated.as_ref());
        let waiting_reason = state
            .and_then(|s| s.waiting.as_ref())
            .and_then(|w| non_empty(w.reason.as_deref()));
        if let Some(r) = waiting_reason {
            *reason = r.to_string();
        } else if let Some(t) = terminated {
            *reason = terminated_reason(t);
        } else if cs.ready && state.is_some_and(|s| s.running.is_some()) {
            running = running.saturating_add(1);
        }
    }
    running
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

    let init = walk_init(inits, init_statuses);
    let mut ready = init.ready;
    let mut restarts = init.all;
    if let Some(status) = &init.status {
        reason = status.clone();
    }
    if init.status.is_none() || initialized_condition_true(conditions) {
        restarts = init.sidecars;
        let running = walk_containers(statuses, &mut reason, &mut restarts);
        ready = ready.saturating_add(running);
        // Back to "Running" if a container still reports running.
        if reason == "Completed" && running > 0 {
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
        restarts: restarts.count,
        last_restart: restarts.last,
    }
}

/// Projects a pod into its row.
pub fn pod_row(p: &Pod) -> PodRow {
    let s = summarize_pod(p);
    let st = p.status.as_ref();
    let ip = st
        .and_then(|s| s.pod_ips.as_deref())
        .and_then(|ips| ips.first())
        .map(|ip| ip.ip.as_str())
        .filter(|ip| !ip.is_empty())
        .or_else(|| st.and_then(|s| s.pod_ip.as_deref()))
        .map(PodIp::parse)
        .unwrap_or_default();
    let unhealthy = !((s.status == "Running" && s.ready == s.total)
        || s.status == "Completed"
        || s.status == "Succeeded");
    PodRow {
        meta: meta(&p.metadata),
        ready: s.ready,
        total: s.total,
        unhealthy,
        status: Word::new(&s.status),
        restarts: s.restarts,
        last_restart: s.last_restart,
        node: p
            .spec
            .as_ref()
            .and_then(|s| s.node_name.as_deref())
            .map(Name::new)
            .unwrap_or_default(),
        ip,
        owner: controller_owner(&p.metadata),
        phase: st
            .and_then(|s| s.phase.as_deref())
            .map(Word::new)
            .unwrap_or_default(),
        containers: containers(p),
        resources: resources(p),
        claims: claim_names(p),
        init_from: p
            .spec
            .as_ref()
            .map_or(0, |s| u16::try_from(s.containers.len()).unwrap_or(u16::MAX)),
    }
}

/// The most volumes of one pod looked at for claims.
const MAX_CLAIMS: usize = 64;

/// The claims a pod's volumes mount, as `kubectl describe pvc` finds its
/// "Used By": `persistentVolumeClaim.claimName`, and the claim an
/// `ephemeral` volume gets (named `<pod>-<volume>`).
fn claim_names(p: &Pod) -> Claims {
    let Some(volumes) = p.spec.as_ref().and_then(|s| s.volumes.as_deref()) else {
        return Claims::default();
    };
    let pod = p.metadata.name.as_deref().unwrap_or_default();
    // Bounded whatever the pod says: a claim's name is at most 253
    // characters, and no pod mounts more than a few dozen.
    let cut = |n: &str| n.chars().take(253).collect::<String>().into_boxed_str();
    volumes
        .iter()
        .take(MAX_CLAIMS)
        .filter_map(|v| {
            if let Some(c) = &v.persistent_volume_claim {
                Some(cut(&c.claim_name))
            } else {
                v.ephemeral
                    .as_ref()
                    .map(|_| cut(&format!("{pod}-{}", v.name)))
            }
        })
        .collect::<Vec<_>>()
        .into()
}

/// Each container's name and state, regular ones first.
fn containers(p: &Pod) -> Box<[ContainerInfo]> {
    let Some(spec) = p.spec.as_ref() else {
        return Box::default();
    };
    let st = p.status.as_ref();
    let regular: &[ContainerStatus] = st
        .and_then(|s| s.container_statuses.as_deref())
        .unwrap_or_default();
    let init: &[ContainerStatus] = st
        .and_then(|s| s.init_container_statuses.as_deref())
        .unwrap_or_default();
    let info = |c: &Container, statuses: &[ContainerStatus]| {
        let mut i = ContainerInfo {
            name: Name::new(&c.name),
            resources: container_resources(c),
            sidecar: is_restartable(c),
            ..ContainerInfo::default()
        };
        let Some(cs) = statuses.iter().find(|s| s.name == c.name) else {
            return i;
        };
        i.restarts = restart_count(cs);
        i.ready = cs.ready;
        let state = cs.state.as_ref();
        i.state = if state.is_some_and(|s| s.running.is_some()) {
            None
        } else if let Some(t) = state.and_then(|s| s.terminated.as_ref()) {
            Some(terminated_reason(t).into())
        } else {
            state
                .and_then(|s| s.waiting.as_ref())
                .map(|w| non_empty(w.reason.as_deref()).unwrap_or("Waiting").into())
        };
        i.last = cs
            .last_state
            .as_ref()
            .and_then(|s| s.terminated.as_ref())
            .map(|t| {
                Box::new(Termination {
                    reason: terminated_reason(t).into(),
                    exit_code: t.exit_code,
                    finished: t.finished_at.as_ref().and_then(time),
                })
            });
        i
    };
    spec.containers
        .iter()
        .map(|c| info(c, regular))
        .chain(spec.init_containers.iter().flatten().map(|c| info(c, init)))
        .collect()
}
