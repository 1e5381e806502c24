//! One lifecycle step of a pod at a time: scheduling, the kubelet taking
//! it, init containers, start-up, then what its behaviour makes it do
//! (fail readiness, complete, fail, crash-loop, be OOM-killed soon after
//! each start or once its leaking memory reaches the limit).

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::container_status::{fresh_status, pod_ip, start_container, terminate_container};
use super::scheduling::{NodeInfo, schedule};
use super::{Behavior, Ev, Step, behavior, ev, image_pullable, set_condition};
use crate::meta;

/// What every step of one pod needs.
struct Ctx<'a> {
    pod: &'a Value,
    /// `now` as a timestamp.
    t: String,
    /// `namespace/name`.
    pname: String,
    behavior: Behavior,
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
    let cx = Ctx {
        pod,
        t: meta::ts(now),
        pname: format!("{}/{}", meta::namespace(pod), meta::name(pod)),
        behavior: behavior(pod),
    };

    let node = pod["spec"]["nodeName"].as_str().unwrap_or("").to_string();
    if node.is_empty() {
        return Some(scheduling_step(&cx, nodes));
    }
    if !pod["status"]["containerStatuses"].is_array() {
        let node_info = nodes.iter().find(|n| n.name == node);
        return Some(accept_step(&cx, node_info));
    }
    let mut p = pod.clone();
    set_condition(&mut p, "PodReadyToStartContainers", true, None, None, &cx.t);
    p["status"]["podIP"] = json!(pod_ip(pod, &node));
    p["status"]["podIPs"] = json!([{"ip": p["status"]["podIP"]}]);

    if let Some(i) = pending_init_container(pod) {
        return Some(init_container_step(&cx, p, i));
    }
    if !any_container_started(pod) {
        return Some(start_step(&cx, p));
    }
    running_step(&cx, p)
}

/// Step 1, scheduling: a node is picked, or the pod stays pending and says why.
fn scheduling_step(cx: &Ctx, nodes: &[NodeInfo]) -> Step {
    let mut p = cx.pod.clone();
    let (mut e, next) = match schedule(cx.pod, nodes) {
        Ok(n) => {
            p["spec"]["nodeName"] = json!(n);
            set_condition(&mut p, "PodScheduled", true, None, None, &cx.t);
            let message = format!("Successfully assigned {} to {n}", cx.pname);
            (ev(false, "Scheduled", message, None), 600)
        }
        Err(msg) => {
            set_condition(
                &mut p,
                "PodScheduled",
                false,
                Some("Unschedulable"),
                Some(&msg),
                &cx.t,
            );
            (ev(true, "FailedScheduling", msg, None), 60_000)
        }
    };
    e.from_scheduler = true;
    Step {
        pod: p,
        events: vec![e],
        next: Some(Duration::milliseconds(next)),
    }
}

/// Step 2, the kubelet accepts the pod: statuses appear, waiting.
fn accept_step(cx: &Ctx, node_info: Option<&NodeInfo>) -> Step {
    let pod = cx.pod;
    let mut p = pod.clone();
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
    p["status"]["startTime"] = json!(cx.t);
    p["status"]["hostIP"] = json!(node_info.map(|n| n.ip.clone()).unwrap_or_default());
    p["status"]["hostIPs"] = json!([{"ip": p["status"]["hostIP"]}]);
    set_condition(
        &mut p,
        "PodReadyToStartContainers",
        false,
        None,
        None,
        &cx.t,
    );
    set_condition(
        &mut p,
        "Initialized",
        inits.is_empty(),
        (!inits.is_empty()).then_some("ContainersNotInitialized"),
        (!inits.is_empty()).then_some("containers with incomplete status: [init]"),
        &cx.t,
    );
    set_ready(
        &mut p,
        false,
        Some("ContainersNotReady"),
        Some("containers with unready status"),
        &cx.t,
    );
    Step {
        pod: p,
        events: Vec::new(),
        next: Some(Duration::milliseconds(900)),
    }
}

/// The first init container that has not completed.
fn pending_init_container(pod: &Value) -> Option<usize> {
    let n_init = pod["status"]["initContainerStatuses"]
        .as_array()
        .map_or(0, Vec::len);
    (0..n_init).find(|&i| {
        pod["status"]["initContainerStatuses"][i]["state"]["terminated"]["reason"] != "Completed"
    })
}

/// Step 3, init containers, one at a time: init container `i` runs to completion
/// (or cannot be pulled, or crash-loops).
fn init_container_step(cx: &Ctx, mut p: Value, i: usize) -> Step {
    let spec = &cx.pod["spec"]["initContainers"][i];
    let cname = spec["name"].as_str().unwrap_or("").to_string();
    let fp = Some(format!("spec.initContainers{{{cname}}}"));
    let image = spec["image"].as_str().unwrap_or("").to_string();
    if !image_pullable(&image) {
        return pull_failure(p, "initContainerStatuses", i, &image, fp);
    }
    if cx.behavior == Behavior::InitCrashLoop && i == 0 {
        return crash_step(cx, p, "initContainerStatuses", i, &cname, (1, "Error"));
    }
    let s = &mut p["status"]["initContainerStatuses"][i];
    start_container(s, cx.pod, &cx.t, false);
    terminate_container(s, 0, "Completed", &cx.t, false);
    let mut events = Vec::new();
    push_start_events(&mut events, present_on_machine(&image), &cname, &fp);
    let n_init = cx.pod["status"]["initContainerStatuses"]
        .as_array()
        .map_or(0, Vec::len);
    if i + 1 == n_init {
        set_condition(&mut p, "Initialized", true, None, None, &cx.t);
        for c in p["status"]["containerStatuses"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            c["state"] = json!({"waiting": {"reason": "ContainerCreating"}});
        }
    }
    Step {
        pod: p,
        events,
        next: Some(Duration::milliseconds(800)),
    }
}

/// Whether any container has run (or is running) yet.
fn any_container_started(pod: &Value) -> bool {
    pod["status"]["containerStatuses"]
        .as_array()
        .is_some_and(|s| {
            s.iter().any(|c| {
                c["state"]["running"].is_object()
                    || c["lastState"]["terminated"].is_object()
                    || c["state"]["terminated"].is_object()
            })
        })
}

/// Step 4, containers start (unless an image cannot be pulled).
fn start_step(cx: &Ctx, mut p: Value) -> Step {
    let containers = cx.pod["spec"]["containers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
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
        return pull_failure(p, "containerStatuses", i, &image, fp);
    }
    let ready = cx.behavior != Behavior::Unready;
    let mut events = Vec::new();
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
        let pulled = format!(
            "Successfully pulled image \"{image}\" in 1.2s (1.2s including waiting). Image size: 48213091 bytes."
        );
        push_start_events(&mut events, pulled, cname, &fp);
        start_container(
            &mut p["status"]["containerStatuses"][i],
            cx.pod,
            &cx.t,
            ready,
        );
    }
    p["status"]["phase"] = json!("Running");
    set_ready(
        &mut p,
        ready,
        (!ready).then_some("ContainersNotReady"),
        None,
        &cx.t,
    );
    if ready {
        strip_condition_text(&mut p);
    }
    let next = match cx.behavior {
        Behavior::Healthy => None,
        Behavior::Unready => Some(Duration::seconds(10)),
        Behavior::CrashLoop | Behavior::Oom => Some(Duration::seconds(6)),
        Behavior::MemoryLeak => Some(crate::metrics::LEAK_RUN),
        _ => Some(Duration::seconds(4)),
    };
    Step {
        pod: p,
        events,
        next,
    }
}

/// Step 5, running pods with a behaviour.
fn running_step(cx: &Ctx, p: Value) -> Option<Step> {
    let main = cx.pod["spec"]["containers"]
        .as_array()
        .and_then(|cs| cs.first())
        .and_then(|c| c["name"].as_str())
        .unwrap_or("")
        .to_string();
    match cx.behavior {
        Behavior::Healthy | Behavior::InitCrashLoop => None,
        Behavior::Unready => Some(Step {
            pod: p,
            events: vec![ev(
                true,
                "Unhealthy",
                "Readiness probe failed: HTTP probe failed with statuscode: 503".into(),
                Some(format!("spec.containers{{{main}}}")),
            )],
            next: Some(Duration::seconds(30)),
        }),
        Behavior::Complete => Some(finish_step(cx, p, (0, "Completed"), "Succeeded")),
        Behavior::Fail => Some(finish_step(cx, p, (1, "Error"), "Failed")),
        Behavior::CrashLoop => Some(crash_step(
            cx,
            p,
            "containerStatuses",
            0,
            &main,
            (1, "Error"),
        )),
        Behavior::Oom | Behavior::MemoryLeak => Some(crash_step(
            cx,
            p,
            "containerStatuses",
            0,
            &main,
            (137, "OOMKilled"),
        )),
    }
}

/// Every container exits with `exit` and the pod ends in `phase`.
fn finish_step(cx: &Ctx, mut p: Value, exit: (i64, &str), phase: &str) -> Step {
    let (code, reason) = exit;
    for s in p["status"]["containerStatuses"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        terminate_container(s, code, reason, &cx.t, false);
    }
    p["status"]["phase"] = json!(phase);
    let ready_reason = if code == 0 {
        "PodCompleted"
    } else {
        "PodFailed"
    };
    set_ready(&mut p, false, Some(ready_reason), None, &cx.t);
    set_condition(
        &mut p,
        "PodReadyToStartContainers",
        false,
        None,
        None,
        &cx.t,
    );
    Step {
        pod: p,
        events: Vec::new(),
        next: None,
    }
}

/// Sets the pod's `Ready` and `ContainersReady` conditions alike.
fn set_ready(p: &mut Value, ready: bool, reason: Option<&str>, message: Option<&str>, t: &str) {
    set_condition(p, "Ready", ready, reason, message, t);
    set_condition(p, "ContainersReady", ready, reason, message, t);
}

fn present_on_machine(image: &str) -> String {
    format!("Container image \"{image}\" already present on machine")
}

/// The kubelet's `Pulled`, `Created` and `Started` events of a container.
fn push_start_events(events: &mut Vec<Ev>, pulled: String, cname: &str, fp: &Option<String>) {
    events.push(ev(false, "Pulled", pulled, fp.clone()));
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
        fp.clone(),
    ));
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

fn backoff(restarts: i64) -> Duration {
    // Real kubelets back off 10s, 20s, 40s... up to 5m; the sim caps at 60s
    // so that a crash loop is visibly alive in a demo.
    let secs = 10i64.saturating_mul(1 << restarts.clamp(0, 3)).min(60);
    Duration::seconds(secs)
}

/// A crash-looping container (`i` of status `list`): if running, it exits
/// with `exit` and waits in back-off; if waiting, it restarts.
fn crash_step(
    cx: &Ctx,
    mut p: Value,
    list: &str,
    i: usize,
    cname: &str,
    exit: (i64, &str),
) -> Step {
    let (code, reason) = exit;
    let pod = cx.pod;
    let t = cx.t.as_str();
    let fp = Some(if list == "containerStatuses" {
        format!("spec.containers{{{cname}}}")
    } else {
        format!("spec.initContainers{{{cname}}}")
    });
    let mut events = Vec::new();
    let s = &mut p["status"][list][i];
    let restarts = s["restartCount"].as_i64().unwrap_or(0);
    if s["state"]["running"].is_object() {
        terminate_container(s, code, reason, t, true);
        let wait = backoff(restarts);
        s["state"] = json!({"waiting": {
            "reason": "CrashLoopBackOff",
            "message": format!("back-off {}s restarting failed container={cname} pod={}_{}({})", wait.num_seconds(), meta::name(pod), meta::namespace(pod), meta::uid(pod)),
        }});
        let unready = format!("containers with unready status: [{cname}]");
        set_ready(&mut p, false, Some("ContainersNotReady"), Some(&unready), t);
        events.push(ev(
            true,
            "BackOff",
            format!(
                "Back-off restarting failed container {cname} in pod {}",
                cx.pname.replace('/', "_")
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
        // A leaking container serves (ready) until its memory runs out; a
        // crashing one fails before its first probe.
        let leak = cx.behavior == Behavior::MemoryLeak;
        start_container(s, pod, t, leak);
        if list == "containerStatuses" {
            p["status"]["phase"] = json!("Running");
        }
        if leak {
            let all_ready = p["status"]["containerStatuses"]
                .as_array()
                .is_some_and(|cs| cs.iter().all(|c| c["ready"] == true));
            if all_ready {
                set_ready(&mut p, true, None, None, t);
                strip_condition_text(&mut p);
            }
        }
        push_start_events(&mut events, present_on_machine(&image), cname, &fp);
        // A leak takes its time to reach the limit; a crash comes soon.
        let runs = if leak {
            crate::metrics::LEAK_RUN
        } else {
            Duration::seconds(5)
        };
        Step {
            pod: p,
            events,
            next: Some(runs),
        }
    }
}

fn pull_failure(mut p: Value, list: &str, i: usize, image: &str, fp: Option<String>) -> Step {
    let mut events = Vec::new();
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
