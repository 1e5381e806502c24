//! The pod lifecycle the scheduler and kubelets would drive: scheduling,
//! init containers, image pulls, start, crash loops, OOM kills, failing
//! readiness, completion, graceful termination. A pod's behaviour comes from
//! its `sim.kdeck.dev/behavior` annotation and from its images (an image on
//! `registry.invalid` or tagged `doesnotexist` cannot be pulled).

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::events::Source;
use crate::cluster::{Cluster, fnv_hash};
use crate::meta;
use crate::quantity;
use crate::store::Obj;

pub const BEHAVIOR: &str = "sim.kdeck.dev/behavior";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behavior {
    Healthy,
    /// The main container exits with an error soon after every start.
    CrashLoop,
    /// The main container is OOM-killed soon after every start.
    Oom,
    /// Runs, but its readiness probe fails.
    Unready,
    /// The first init container keeps failing.
    InitCrashLoop,
    /// Runs to completion (a Job's pod).
    Complete,
    /// Exits with an error and is not restarted (a failed Job's pod).
    Fail,
}

pub fn behavior(pod: &Value) -> Behavior {
    match meta::annotation(pod, BEHAVIOR) {
        Some("crashloop") => Behavior::CrashLoop,
        Some("oom") => Behavior::Oom,
        Some("unready") => Behavior::Unready,
        Some("init-crashloop") => Behavior::InitCrashLoop,
        Some("complete") => Behavior::Complete,
        Some("fail") => Behavior::Fail,
        _ => Behavior::Healthy,
    }
}

pub fn image_pullable(image: &str) -> bool {
    let host = image.split('/').next().unwrap_or("");
    !(host.ends_with(".invalid")
        || image.contains("doesnotexist")
        || image.contains("does-not-exist")
        || image.contains("nonexistent"))
}

/// An event a step wants recorded.
#[derive(Debug, Clone)]
pub struct Ev {
    pub warning: bool,
    pub reason: &'static str,
    pub message: String,
    pub field_path: Option<String>,
    pub from_scheduler: bool,
}

fn ev(warning: bool, reason: &'static str, message: String, field_path: Option<String>) -> Ev {
    Ev {
        warning,
        reason,
        message,
        field_path,
        from_scheduler: false,
    }
}

/// The result of advancing a pod: its new state, events, when to look again.
#[derive(Debug)]
pub struct Step {
    pub pod: Value,
    pub events: Vec<Ev>,
    pub next: Option<Duration>,
}

fn set_condition(
    pod: &mut Value,
    kind: &str,
    status: bool,
    reason: Option<&str>,
    message: Option<&str>,
    now: &str,
) {
    let st = if status { "True" } else { "False" };
    if !pod["status"]["conditions"].is_array() {
        pod["status"]["conditions"] = json!([]);
    }
    let Some(conds) = pod["status"]["conditions"].as_array_mut() else {
        return;
    };
    let mut c =
        json!({"type": kind, "status": st, "lastProbeTime": null, "lastTransitionTime": now});
    if let Some(r) = reason {
        c["reason"] = json!(r);
    }
    if let Some(m) = message {
        c["message"] = json!(m);
    }
    match conds.iter_mut().find(|x| x["type"] == kind) {
        Some(existing) => {
            if existing["status"] == st {
                c["lastTransitionTime"] = existing["lastTransitionTime"].clone();
            }
            *existing = c;
        }
        None => conds.push(c),
    }
    let order = [
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodScheduled",
    ];
    conds.sort_by_key(|x| {
        order
            .iter()
            .position(|o| x["type"] == *o)
            .unwrap_or(order.len())
    });
}

fn container_id(pod: &Value, name: &str, restarts: i64) -> String {
    let a = fnv_hash(&format!("{}/{name}/{restarts}", meta::uid(pod)));
    let b = fnv_hash(&format!("{a}"));
    format!(
        "containerd://{a:016x}{b:016x}{:016x}{:016x}",
        a ^ b,
        a.rotate_left(17)
    )
}

fn image_id(image: &str) -> String {
    let h = fnv_hash(image);
    let repo = image.split([':', '@']).next().unwrap_or(image);
    let repo = if repo.contains('/') && repo.split('/').next().is_some_and(|h| h.contains('.')) {
        repo.to_string()
    } else if repo.contains('/') {
        format!("docker.io/{repo}")
    } else {
        format!("docker.io/library/{repo}")
    };
    format!(
        "{repo}@sha256:{h:016x}{:016x}{:016x}{:016x}",
        h.rotate_left(7),
        h ^ 0x5bd1e995,
        h.rotate_left(31)
    )
}

fn fresh_status(c: &Value, reason: &str) -> Value {
    let mut s = json!({
        "name": c["name"],
        "state": {"waiting": {"reason": reason}},
        "lastState": {},
        "ready": false,
        "restartCount": 0,
        "image": c["image"],
        "imageID": "",
        "started": false,
    });
    if let Some(mounts) = c["volumeMounts"].as_array() {
        s["volumeMounts"] = mounts
            .iter()
            .map(|v| json!({"name": v["name"], "mountPath": v["mountPath"]}))
            .collect();
    }
    s
}

fn start_container(status: &mut Value, pod: &Value, now: &str, ready: bool) {
    let name = status["name"].as_str().unwrap_or("").to_string();
    let restarts = status["restartCount"].as_i64().unwrap_or(0);
    status["state"] = json!({"running": {"startedAt": now}});
    status["ready"] = json!(ready);
    status["started"] = json!(true);
    status["containerID"] = json!(container_id(pod, &name, restarts));
    let image = status["image"].as_str().unwrap_or("").to_string();
    status["imageID"] = json!(image_id(&image));
}

fn terminate_container(status: &mut Value, exit: i64, reason: &str, now: &str, into_last: bool) {
    let started = status["state"]["running"]["startedAt"].clone();
    let term = json!({"terminated": {
        "exitCode": exit, "reason": reason, "startedAt": started, "finishedAt": now,
        "containerID": status["containerID"],
    }});
    status["ready"] = json!(false);
    status["started"] = json!(false);
    if into_last {
        status["lastState"] = term;
    } else {
        status["state"] = term;
    }
}

fn pod_ip(pod: &Value, node: &str) -> String {
    let n = fnv_hash(node) % 250;
    let p = fnv_hash(meta::uid(pod)) % 250 + 2;
    format!("10.244.{n}.{p}")
}

/// What the scheduler and the kubelet need of a node, read once per pass
/// (scheduling 20,000 pods must not re-read 800 nodes for each).
#[derive(Debug, Clone)]
pub struct NodeInfo {
    pub name: String,
    ip: String,
    ready: bool,
    unschedulable: bool,
    taints: Vec<Value>,
    alloc_cpu: i64,
}

impl NodeInfo {
    pub fn of(n: &Value) -> NodeInfo {
        NodeInfo {
            name: meta::name(n).to_string(),
            ip: n["status"]["addresses"]
                .as_array()
                .and_then(|a| a.iter().find(|x| x["type"] == "InternalIP"))
                .and_then(|x| x["address"].as_str())
                .unwrap_or("10.0.0.1")
                .to_string(),
            ready: n["status"]["conditions"].as_array().is_some_and(|cs| {
                cs.iter()
                    .any(|c| c["type"] == "Ready" && c["status"] == "True")
            }),
            unschedulable: n["spec"]["unschedulable"] == true,
            taints: n["spec"]["taints"]
                .as_array()
                .map(|ts| {
                    ts.iter()
                        .filter(|t| {
                            t["effect"] != "PreferNoSchedule"
                                && t["key"] != "node.kubernetes.io/unschedulable"
                        })
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
            alloc_cpu: n["status"]["allocatable"]["cpu"]
                .as_str()
                .and_then(quantity::cpu_milli)
                .unwrap_or(0),
        }
    }
}

pub fn node_infos<'a>(nodes: impl Iterator<Item = &'a Obj>) -> Vec<NodeInfo> {
    nodes.map(|n| NodeInfo::of(n)).collect()
}

fn tolerates(pod: &Value, key: &Value, effect: &str) -> bool {
    pod["spec"]["tolerations"].as_array().is_some_and(|ts| {
        ts.iter().any(|t| {
            let key_ok = t["operator"] == "Exists" && t["key"].is_null() || t["key"] == *key;
            let effect_ok = t["effect"].is_null() || t["effect"] == effect;
            key_ok && effect_ok
        })
    })
}

fn pod_cpu_request(pod: &Value) -> i64 {
    pod["spec"]["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| {
            c["resources"]["requests"]["cpu"]
                .as_str()
                .and_then(quantity::cpu_milli)
        })
        .sum()
}

/// Why a pod does not fit a node (None: it fits).
fn misfit(pod: &Value, want: i64, n: &NodeInfo) -> Option<String> {
    if !n.ready {
        return Some("node(s) had untolerated taint {node.kubernetes.io/unreachable: }".into());
    }
    if n.unschedulable
        && !tolerates(
            pod,
            &json!("node.kubernetes.io/unschedulable"),
            "NoSchedule",
        )
    {
        return Some("node(s) were unschedulable".into());
    }
    if let Some(t) = n
        .taints
        .iter()
        .find(|t| !tolerates(pod, &t["key"], t["effect"].as_str().unwrap_or("")))
    {
        return Some(format!(
            "node(s) had untolerated taint {{{}: {}}}",
            t["key"].as_str().unwrap_or(""),
            t["value"].as_str().unwrap_or("")
        ));
    }
    (want > n.alloc_cpu).then(|| "Insufficient cpu".into())
}

/// Pick a node the way a (simplified) scheduler would, or explain why not:
/// first fit from a position derived from the pod's name, so pods spread.
pub fn schedule(pod: &Value, nodes: &[NodeInfo]) -> Result<String, String> {
    let want = pod_cpu_request(pod);
    let len = nodes.len();
    let start = if len == 0 {
        0
    } else {
        (fnv_hash(meta::name(pod)) % len as u64) as usize
    };
    for i in 0..len {
        let n = &nodes[(start + i) % len];
        if misfit(pod, want, n).is_none() {
            return Ok(n.name.clone());
        }
    }
    let mut reasons: Vec<(String, usize)> = Vec::new();
    for n in nodes {
        if let Some(r) = misfit(pod, want, n) {
            match reasons.iter_mut().find(|(x, _)| *x == r) {
                Some((_, c)) => *c += 1,
                None => reasons.push((r, 1)),
            }
        }
    }
    let parts: Vec<String> = reasons.iter().map(|(r, c)| format!("{c} {r}")).collect();
    Err(format!(
        "0/{len} nodes are available: {}. preemption: 0/{len} nodes are available: {len} Preemption is not helpful for scheduling.",
        parts.join(", ")
    ))
}

fn backoff(restarts: i64) -> Duration {
    // Real kubelets back off 10s, 20s, 40s... up to 5m; the sim caps at 60s
    // so that a crash loop is visibly alive in a demo.
    let secs = 10i64.saturating_mul(1 << restarts.clamp(0, 3)).min(60);
    Duration::seconds(secs)
}

/// Advance `pod` by one lifecycle step at `now`. None when it is steady.
pub fn advance(pod: &Value, nodes: &[NodeInfo], now: DateTime<Utc>) -> Option<Step> {
    if pod["metadata"]["deletionTimestamp"].is_string() {
        return None;
    }
    let phase = pod["status"]["phase"].as_str().unwrap_or("Pending");
    if matches!(phase, "Succeeded" | "Failed") {
        return None;
    }
    let t = meta::ts(now);
    let mut p = pod.clone();
    let mut events = Vec::new();
    let pname = format!("{}/{}", meta::namespace(pod), meta::name(pod));
    let behavior = behavior(pod);

    // 1. Scheduling.
    let node = pod["spec"]["nodeName"].as_str().unwrap_or("").to_string();
    if node.is_empty() {
        return Some(match schedule(pod, nodes) {
            Ok(n) => {
                p["spec"]["nodeName"] = json!(n);
                set_condition(&mut p, "PodScheduled", true, None, None, &t);
                let mut e = ev(
                    false,
                    "Scheduled",
                    format!("Successfully assigned {pname} to {n}"),
                    None,
                );
                e.from_scheduler = true;
                events.push(e);
                Step {
                    pod: p,
                    events,
                    next: Some(Duration::milliseconds(600)),
                }
            }
            Err(msg) => {
                set_condition(
                    &mut p,
                    "PodScheduled",
                    false,
                    Some("Unschedulable"),
                    Some(&msg),
                    &t,
                );
                let mut e = ev(true, "FailedScheduling", msg, None);
                e.from_scheduler = true;
                events.push(e);
                Step {
                    pod: p,
                    events,
                    next: Some(Duration::seconds(60)),
                }
            }
        });
    }
    let node_info = nodes.iter().find(|n| n.name == node);

    // 2. Kubelet accepts the pod: statuses appear, waiting.
    if !pod["status"]["containerStatuses"].is_array() {
        let inits = pod["spec"]["initContainers"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let waiting = if inits.is_empty() {
            "ContainerCreating"
        } else {
            "PodInitializing"
        };
        p["status"]["containerStatuses"] = json!(
            pod["spec"]["containers"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| fresh_status(c, waiting))
                .collect::<Vec<_>>()
        );
        if !inits.is_empty() {
            p["status"]["initContainerStatuses"] = json!(
                inits
                    .iter()
                    .map(|c| fresh_status(c, "PodInitializing"))
                    .collect::<Vec<_>>()
            );
        }
        p["status"]["startTime"] = json!(t);
        p["status"]["hostIP"] = json!(node_info.map(|n| n.ip.clone()).unwrap_or_default());
        p["status"]["hostIPs"] = json!([{"ip": p["status"]["hostIP"]}]);
        set_condition(&mut p, "PodReadyToStartContainers", false, None, None, &t);
        set_condition(
            &mut p,
            "Initialized",
            inits.is_empty(),
            (!inits.is_empty()).then_some("ContainersNotInitialized"),
            (!inits.is_empty()).then_some("containers with incomplete status: [init]"),
            &t,
        );
        set_condition(
            &mut p,
            "Ready",
            false,
            Some("ContainersNotReady"),
            Some("containers with unready status"),
            &t,
        );
        set_condition(
            &mut p,
            "ContainersReady",
            false,
            Some("ContainersNotReady"),
            Some("containers with unready status"),
            &t,
        );
        return Some(Step {
            pod: p,
            events,
            next: Some(Duration::milliseconds(900)),
        });
    }
    set_condition(&mut p, "PodReadyToStartContainers", true, None, None, &t);
    p["status"]["podIP"] = json!(pod_ip(pod, &node));
    p["status"]["podIPs"] = json!([{"ip": p["status"]["podIP"]}]);

    // 3. Init containers, one at a time.
    let n_init = pod["status"]["initContainerStatuses"]
        .as_array()
        .map_or(0, Vec::len);
    for i in 0..n_init {
        let st = &pod["status"]["initContainerStatuses"][i];
        if st["state"]["terminated"]["reason"] == "Completed" {
            continue;
        }
        let spec = &pod["spec"]["initContainers"][i];
        let cname = spec["name"].as_str().unwrap_or("").to_string();
        let fp = Some(format!("spec.initContainers{{{cname}}}"));
        let image = spec["image"].as_str().unwrap_or("").to_string();
        if !image_pullable(&image) {
            return Some(pull_failure(
                p,
                "initContainerStatuses",
                i,
                &image,
                fp,
                events,
            ));
        }
        let s = &mut p["status"]["initContainerStatuses"][i];
        if behavior == Behavior::InitCrashLoop && i == 0 {
            return Some(crash_step(
                p,
                "initContainerStatuses",
                i,
                &cname,
                1,
                "Error",
                &pname,
                pod,
                &t,
                events,
                fp,
            ));
        }
        start_container(s, pod, &t, false);
        terminate_container(s, 0, "Completed", &t, false);
        events.push(ev(
            false,
            "Pulled",
            format!("Container image \"{image}\" already present on machine"),
            fp.clone(),
        ));
        events.push(ev(
            false,
            "Created",
            format!("Created container: {cname}"),
            fp.clone(),
        ));
        events.push(ev(
            false,
            "Started",
            format!("Started container {cname}"),
            fp,
        ));
        if i + 1 == n_init {
            set_condition(&mut p, "Initialized", true, None, None, &t);
            for c in p["status"]["containerStatuses"]
                .as_array_mut()
                .into_iter()
                .flatten()
            {
                c["state"] = json!({"waiting": {"reason": "ContainerCreating"}});
            }
        }
        return Some(Step {
            pod: p,
            events,
            next: Some(Duration::milliseconds(800)),
        });
    }

    // 4. Containers start.
    let containers = pod["spec"]["containers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let any_started = pod["status"]["containerStatuses"]
        .as_array()
        .is_some_and(|s| {
            s.iter().any(|c| {
                c["state"]["running"].is_object()
                    || c["lastState"]["terminated"].is_object()
                    || c["state"]["terminated"].is_object()
            })
        });
    if !any_started {
        if let Some((i, c)) = containers
            .iter()
            .enumerate()
            .find(|(_, c)| !image_pullable(c["image"].as_str().unwrap_or("")))
        {
            let image = c["image"].as_str().unwrap_or("").to_string();
            let fp = Some(format!(
                "spec.containers{{{}}}",
                c["name"].as_str().unwrap_or("")
            ));
            return Some(pull_failure(p, "containerStatuses", i, &image, fp, events));
        }
        let ready = behavior != Behavior::Unready;
        for (i, c) in containers.iter().enumerate() {
            let cname = c["name"].as_str().unwrap_or("");
            let image = c["image"].as_str().unwrap_or("");
            let fp = Some(format!("spec.containers{{{cname}}}"));
            events.push(ev(
                false,
                "Pulling",
                format!("Pulling image \"{image}\""),
                fp.clone(),
            ));
            events.push(ev(false, "Pulled", format!("Successfully pulled image \"{image}\" in 1.2s (1.2s including waiting). Image size: 48213091 bytes."), fp.clone()));
            events.push(ev(
                false,
                "Created",
                format!("Created container: {cname}"),
                fp.clone(),
            ));
            events.push(ev(
                false,
                "Started",
                format!("Started container {cname}"),
                fp,
            ));
            start_container(&mut p["status"]["containerStatuses"][i], pod, &t, ready);
        }
        p["status"]["phase"] = json!("Running");
        set_condition(
            &mut p,
            "Ready",
            ready,
            (!ready).then_some("ContainersNotReady"),
            None,
            &t,
        );
        set_condition(
            &mut p,
            "ContainersReady",
            ready,
            (!ready).then_some("ContainersNotReady"),
            None,
            &t,
        );
        if ready {
            strip_condition_text(&mut p);
        }
        let next = match behavior {
            Behavior::Healthy => None,
            Behavior::Unready => Some(Duration::seconds(10)),
            Behavior::CrashLoop | Behavior::Oom => Some(Duration::seconds(6)),
            _ => Some(Duration::seconds(4)),
        };
        return Some(Step {
            pod: p,
            events,
            next,
        });
    }

    // 5. Running pods with a behaviour.
    let main = containers
        .first()
        .and_then(|c| c["name"].as_str())
        .unwrap_or("")
        .to_string();
    let fp = Some(format!("spec.containers{{{main}}}"));
    match behavior {
        Behavior::Healthy | Behavior::InitCrashLoop => None,
        Behavior::Unready => {
            events.push(ev(
                true,
                "Unhealthy",
                "Readiness probe failed: HTTP probe failed with statuscode: 503".into(),
                fp,
            ));
            Some(Step {
                pod: p,
                events,
                next: Some(Duration::seconds(30)),
            })
        }
        Behavior::Complete | Behavior::Fail => {
            let (code, reason, phase) = if behavior == Behavior::Complete {
                (0, "Completed", "Succeeded")
            } else {
                (1, "Error", "Failed")
            };
            for s in p["status"]["containerStatuses"]
                .as_array_mut()
                .into_iter()
                .flatten()
            {
                terminate_container(s, code, reason, &t, false);
            }
            p["status"]["phase"] = json!(phase);
            set_condition(
                &mut p,
                "Ready",
                false,
                Some(if code == 0 {
                    "PodCompleted"
                } else {
                    "PodFailed"
                }),
                None,
                &t,
            );
            set_condition(
                &mut p,
                "ContainersReady",
                false,
                Some(if code == 0 {
                    "PodCompleted"
                } else {
                    "PodFailed"
                }),
                None,
                &t,
            );
            set_condition(&mut p, "PodReadyToStartContainers", false, None, None, &t);
            Some(Step {
                pod: p,
                events,
                next: None,
            })
        }
        Behavior::CrashLoop | Behavior::Oom => {
            let (code, reason) = if behavior == Behavior::Oom {
                (137, "OOMKilled")
            } else {
                (1, "Error")
            };
            Some(crash_step(
                p,
                "containerStatuses",
                0,
                &main,
                code,
                reason,
                &pname,
                pod,
                &t,
                events,
                fp,
            ))
        }
    }
}

fn strip_condition_text(p: &mut Value) {
    for c in p["status"]["conditions"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        if c["status"] == "True"
            && let Some(m) = c.as_object_mut()
        {
            m.remove("reason");
            m.remove("message");
        }
    }
}

/// A crash-looping container: if running, it dies and waits in back-off;
/// if waiting, it restarts.
#[allow(clippy::too_many_arguments)]
fn crash_step(
    mut p: Value,
    list: &str,
    i: usize,
    cname: &str,
    code: i64,
    reason: &str,
    pname: &str,
    pod: &Value,
    t: &str,
    mut events: Vec<Ev>,
    fp: Option<String>,
) -> Step {
    let s = &mut p["status"][list][i];
    let restarts = s["restartCount"].as_i64().unwrap_or(0);
    if s["state"]["running"].is_object() {
        terminate_container(s, code, reason, t, true);
        let wait = backoff(restarts);
        s["state"] = json!({"waiting": {
            "reason": "CrashLoopBackOff",
            "message": format!("back-off {}s restarting failed container={cname} pod={}_{}({})", wait.num_seconds(), meta::name(pod), meta::namespace(pod), meta::uid(pod)),
        }});
        set_condition(
            &mut p,
            "Ready",
            false,
            Some("ContainersNotReady"),
            Some(&format!("containers with unready status: [{cname}]")),
            t,
        );
        set_condition(
            &mut p,
            "ContainersReady",
            false,
            Some("ContainersNotReady"),
            Some(&format!("containers with unready status: [{cname}]")),
            t,
        );
        events.push(ev(
            true,
            "BackOff",
            format!(
                "Back-off restarting failed container {cname} in pod {}",
                pname.replace('/', "_")
            ),
            fp,
        ));
        Step {
            pod: p,
            events,
            next: Some(wait),
        }
    } else {
        let image = pod["spec"][if list == "containerStatuses" {
            "containers"
        } else {
            "initContainers"
        }][i]["image"]
            .as_str()
            .unwrap_or("")
            .to_string();
        if s["state"]["waiting"].is_object() && s["lastState"]["terminated"].is_object() {
            s["restartCount"] = json!(restarts + 1);
        }
        start_container(s, pod, t, false);
        if list == "containerStatuses" {
            p["status"]["phase"] = json!("Running");
        }
        events.push(ev(
            false,
            "Pulled",
            format!("Container image \"{image}\" already present on machine"),
            fp.clone(),
        ));
        events.push(ev(
            false,
            "Created",
            format!("Created container: {cname}"),
            fp.clone(),
        ));
        events.push(ev(
            false,
            "Started",
            format!("Started container {cname}"),
            fp,
        ));
        Step {
            pod: p,
            events,
            next: Some(Duration::seconds(5)),
        }
    }
}

fn pull_failure(
    mut p: Value,
    list: &str,
    i: usize,
    image: &str,
    fp: Option<String>,
    mut events: Vec<Ev>,
) -> Step {
    let s = &mut p["status"][list][i];
    let host = image.split('/').next().unwrap_or(image);
    let err = if host.contains('.') {
        format!(
            "failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": failed to do request: Head \"https://{host}/v2/\": dial tcp: lookup {host}: no such host"
        )
    } else {
        format!(
            "failed to pull and unpack image \"docker.io/library/{image}\": failed to resolve reference \"docker.io/library/{image}\": docker.io/library/{image}: not found"
        )
    };
    let was_backoff = s["state"]["waiting"]["reason"] == "ImagePullBackOff";
    if s["state"]["waiting"]["reason"] == "ErrImagePull" {
        s["state"] = json!({"waiting": {"reason": "ImagePullBackOff", "message": format!("Back-off pulling image \"{image}\": ErrImagePull: {err}")}});
        events.push(ev(
            false,
            "BackOff",
            format!("Back-off pulling image \"{image}\""),
            fp.clone(),
        ));
        events.push(ev(true, "Failed", "Error: ImagePullBackOff".into(), fp));
        return Step {
            pod: p,
            events,
            next: Some(Duration::seconds(if was_backoff { 60 } else { 30 })),
        };
    }
    s["state"] = json!({"waiting": {"reason": "ErrImagePull", "message": err.clone()}});
    events.push(ev(
        false,
        "Pulling",
        format!("Pulling image \"{image}\""),
        fp.clone(),
    ));
    events.push(ev(
        true,
        "Failed",
        format!("Failed to pull image \"{image}\": {err}"),
        fp.clone(),
    ));
    events.push(ev(true, "Failed", "Error: ErrImagePull".into(), fp));
    Step {
        pod: p,
        events,
        next: Some(Duration::seconds(8)),
    }
}

/// Whether the controllers must keep stepping this pod.
pub fn needs_attention(pod: &Value) -> bool {
    if pod["metadata"]["deletionTimestamp"].is_string() {
        return true;
    }
    let phase = pod["status"]["phase"].as_str().unwrap_or("Pending");
    if matches!(phase, "Succeeded" | "Failed") {
        return false;
    }
    if phase == "Pending" || !pod["status"]["containerStatuses"].is_array() {
        return true;
    }
    behavior(pod) != Behavior::Healthy
        || pod["status"]["containerStatuses"]
            .as_array()
            .is_some_and(|s| s.iter().any(|c| !c["state"]["running"].is_object()))
}

/// Pods on a node that stopped (or resumed) posting status lose (or regain)
/// their Ready condition.
pub fn node_readiness_changed(c: &Cluster, node: &str, ready: bool) {
    let t = meta::ts(Utc::now());
    c.write(|s, o| {
        let on_node: Vec<Obj> = s
            .list("pods", None)
            .filter(|p| p["spec"]["nodeName"] == node && p["status"]["phase"] == "Running")
            .cloned()
            .collect();
        for p in on_node {
            let mut v = (*p).clone();
            let containers_ready = v["status"]["containerStatuses"]
                .as_array()
                .is_some_and(|cs| cs.iter().all(|c| c["ready"] == true));
            let now_ready = ready && containers_ready;
            set_condition(
                &mut v,
                "Ready",
                now_ready,
                (!now_ready).then_some("NodeNotReady"),
                None,
                &t,
            );
            let _ = s.update("pods", v, None, o);
        }
    });
}

pub fn source<'a>(e: &Ev, node: &'a str) -> Source<'a> {
    if e.from_scheduler {
        Source::Scheduler
    } else {
        Source::Kubelet(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn node(name: &str, ready: bool) -> Obj {
        Arc::new(json!({"metadata": {"name": name}, "spec": {},
            "status": {"allocatable": {"cpu": "8"}, "conditions": [{"type": "Ready", "status": if ready {"True"} else {"Unknown"}}],
                       "addresses": [{"type": "InternalIP", "address": "10.0.0.5"}]}}))
    }

    fn pod(behavior: Option<&str>, image: &str, init: bool) -> Value {
        let mut p = json!({"metadata": {"name": "web-1", "namespace": "shop", "uid": "u-1", "annotations": {}},
            "spec": {"containers": [{"name": "app", "image": image, "resources": {"requests": {"cpu": "100m"}}}]},
            "status": {"phase": "Pending"}});
        if let Some(b) = behavior {
            p["metadata"]["annotations"][BEHAVIOR] = json!(b);
        }
        if init {
            p["spec"]["initContainers"] = json!([{"name": "migrate", "image": "busybox:1.36"}]);
        }
        p
    }

    /// Step until steady or `max` steps; returns the pod and all events.
    fn run(mut p: Value, nodes: &[Obj], max: usize) -> (Value, Vec<Ev>) {
        let nodes = node_infos(nodes.iter());
        let nodes = nodes.as_slice();
        let mut evs = Vec::new();
        let mut now = Utc::now();
        for _ in 0..max {
            match advance(&p, nodes, now) {
                Some(s) => {
                    p = s.pod;
                    evs.extend(s.events);
                    match s.next {
                        Some(d) => now += d,
                        None => break,
                    }
                }
                None => break,
            }
        }
        (p, evs)
    }

    #[test]
    fn healthy_pod_gets_scheduled_and_runs() {
        let nodes = vec![node("n1", true), node("n2", false)];
        let (p, evs) = run(pod(None, "nginx:1.27", false), &nodes, 10);
        assert_eq!(p["spec"]["nodeName"], "n1");
        assert_eq!(p["status"]["phase"], "Running");
        assert_eq!(p["status"]["containerStatuses"][0]["ready"], true);
        assert!(p["status"]["containerStatuses"][0]["state"]["running"]["startedAt"].is_string());
        let reasons: Vec<&str> = evs.iter().map(|e| e.reason).collect();
        assert_eq!(
            reasons,
            ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
        );
        assert!(!needs_attention(&p));
    }

    #[test]
    fn init_containers_complete_first() {
        let nodes = vec![node("n1", true)];
        let (p, _) = run(pod(None, "nginx:1.27", true), &nodes, 10);
        assert_eq!(
            p["status"]["initContainerStatuses"][0]["state"]["terminated"]["reason"],
            "Completed"
        );
        assert_eq!(p["status"]["phase"], "Running");
    }

    #[test]
    fn crash_loop_restarts_and_backs_off() {
        let nodes = vec![node("n1", true)];
        let (p, evs) = run(
            pod(Some("crashloop"), "ghcr.io/acme/app:1", false),
            &nodes,
            9,
        );
        let s = &p["status"]["containerStatuses"][0];
        assert!(s["restartCount"].as_i64().unwrap() >= 2, "{s}");
        assert!(evs.iter().any(|e| e.reason == "BackOff" && e.warning));
        assert!(needs_attention(&p));
    }

    #[test]
    fn oom_kill_leaves_last_state() {
        let nodes = vec![node("n1", true)];
        let (p, _) = run(pod(Some("oom"), "ghcr.io/acme/app:1", false), &nodes, 4);
        let s = &p["status"]["containerStatuses"][0];
        assert_eq!(s["lastState"]["terminated"]["reason"], "OOMKilled");
        assert_eq!(s["lastState"]["terminated"]["exitCode"], 137);
        assert_eq!(s["state"]["waiting"]["reason"], "CrashLoopBackOff");
    }

    #[test]
    fn unpullable_image_backs_off() {
        let nodes = vec![node("n1", true)];
        let (p, evs) = run(pod(None, "registry.invalid/shop/web:2", false), &nodes, 4);
        assert_eq!(
            p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
            "ImagePullBackOff"
        );
        assert!(evs.iter().any(|e| e.message.contains("no such host")));
        assert_eq!(p["status"]["phase"], "Pending");
    }

    #[test]
    fn unschedulable_pod_explains_why() {
        let nodes = [node("n1", true)];
        let mut p = pod(None, "nginx:1", false);
        p["spec"]["containers"][0]["resources"]["requests"]["cpu"] = json!("64");
        let step = advance(&p, &node_infos(nodes.iter()), Utc::now()).unwrap();
        assert!(step.pod["spec"]["nodeName"].is_null());
        assert_eq!(step.events[0].reason, "FailedScheduling");
        assert!(
            step.events[0].message.contains("1 Insufficient cpu"),
            "{}",
            step.events[0].message
        );
    }

    #[test]
    fn job_pods_complete_or_fail() {
        let nodes = vec![node("n1", true)];
        let (p, _) = run(pod(Some("complete"), "busybox:1.36", false), &nodes, 10);
        assert_eq!(p["status"]["phase"], "Succeeded");
        let (p, _) = run(pod(Some("fail"), "busybox:1.36", false), &nodes, 10);
        assert_eq!(p["status"]["phase"], "Failed");
        assert_eq!(
            p["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"],
            1
        );
    }
}
