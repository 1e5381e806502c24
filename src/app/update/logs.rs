//! Log views in the state machine: opening them from the table (with a
//! container picker when a pod has several), stream events, restarting
//! streams, and keeping a workload's streams in step with its pods.

use std::collections::BTreeSet;

use crate::app::logview::line::LogLine;
use crate::app::logview::{LogView, Source, SourceState, Target};
use crate::app::msg::Effect;
use crate::app::state::{Level, Overlay, Pick, Picker, Screen, State};
use crate::kube::Row;
use crate::kube::kind::Kind;
use crate::kube::logs::{LogEvent, LogRequest, Severity, Since};
use crate::kube::rows::Uid;

const ALL_CONTAINERS: &str = "all containers";

/// `l` on the selected row.
pub fn open_logs(s: &mut State, fx: &mut Vec<Effect>) {
    let Some((cluster, row)) = s.selected_row() else {
        return;
    };
    let cname = s.clusters[cluster].name.clone();
    let ns = row.meta().namespace.to_string();
    let (label, selector) = match row {
        Row::Pod(p) => {
            let regular = p.regular();
            if p.containers.len() > 1 {
                let mut items = vec![ALL_CONTAINERS.to_string()];
                items.extend(p.containers.iter().enumerate().map(|(i, c)| {
                    if i >= p.init_from as usize {
                        format!("{} (init)", c.name)
                    } else {
                        c.name.to_string()
                    }
                }));
                s.overlays.push(Overlay::Picker(Box::new(Picker {
                    title: format!(
                        "logs of pod {}/{} @{cname}: which container?",
                        ns, p.meta.name
                    ),
                    items,
                    cursor: 0,
                    pick: Pick::Logs {
                        cluster,
                        namespace: ns,
                        pod: p.meta.name.clone(),
                        containers: p.container_names().collect(),
                        regular: regular.len(),
                    },
                })));
                return;
            }
            let pod = p.meta.name.clone();
            let containers: Vec<String> = p.container_names().collect();
            if containers.is_empty() {
                s.message = Some((Level::Error, format!("pod {pod} has no containers")));
                return;
            }
            start_pod_logs(s, cluster, ns, pod, containers, fx);
            return;
        }
        Row::Deployment(r) => (format!("deploy/{}", r.meta.name), r.selector.clone()),
        Row::StatefulSet(r) => (format!("sts/{}", r.meta.name), r.selector.clone()),
        Row::DaemonSet(r) => (format!("ds/{}", r.meta.name), r.selector.clone()),
        Row::ReplicaSet(r) => (format!("rs/{}", r.meta.name), r.selector.clone()),
        _ => {
            s.message = Some((
                Level::Info,
                "logs: select a pod or a workload (deployment, statefulset, daemonset, replicaset)"
                    .into(),
            ));
            return;
        }
    };
    if selector.is_empty() {
        s.message = Some((Level::Error, format!("{label} has no selector")));
        return;
    }
    let title = format!("logs {label} -n {ns} @{cname}");
    let view = LogView::new(
        title,
        cluster,
        Target::Workload {
            namespace: ns,
            label,
            selector,
        },
        Since::Tail(s.log_settings.tail),
        s.log_settings.max_lines,
        s.log_settings.max_bytes,
    );
    s.screen = Screen::Logs(Box::new(view));
    // The pods come from the pod watch (kept warm once started).
    if s.watched.insert((cluster, Kind::Pods)) {
        fx.push(Effect::Watch {
            cluster,
            kind: Kind::Pods,
        });
    }
    sync_workload(s, fx);
}

pub fn start_pod_logs(
    s: &mut State,
    cluster: usize,
    namespace: String,
    pod: String,
    containers: Vec<String>,
    fx: &mut Vec<Effect>,
) {
    let cname = s.clusters[cluster].name.clone();
    let what = if containers.len() == 1 {
        format!("pod/{pod} -c {}", containers[0])
    } else {
        format!("pod/{pod} (all containers)")
    };
    let mut view = LogView::new(
        format!("logs {what} -n {namespace} @{cname}"),
        cluster,
        Target::Pod {
            namespace: namespace.clone(),
            pod: pod.clone(),
            containers: containers.clone(),
        },
        Since::Tail(s.log_settings.tail),
        s.log_settings.max_lines,
        s.log_settings.max_bytes,
    );
    for c in containers {
        add_source(
            &mut view,
            &mut s.next_request,
            (&pod, &Uid::default()),
            &c,
            fx,
        );
    }
    s.screen = Screen::Logs(Box::new(view));
}

fn request(v: &LogView, stream: u64, pod: &str, container: &str) -> LogRequest {
    let namespace = match &v.target {
        Target::Pod { namespace, .. } | Target::Workload { namespace, .. } => namespace.clone(),
    };
    LogRequest {
        stream,
        cluster: v.cluster,
        namespace,
        pod: pod.to_string(),
        container: container.to_string(),
        since: v.since,
        previous: v.previous,
    }
}

fn add_source(
    v: &mut LogView,
    next: &mut u64,
    (pod, uid): (&str, &Uid),
    container: &str,
    fx: &mut Vec<Effect>,
) {
    let stream = *next;
    *next += 1;
    let idx = v.sources.len() as u32;
    v.sources.push(Source {
        uid: uid.clone(),
        pod: pod.to_string(),
        container: container.to_string(),
        stream,
        state: SourceState::Streaming,
        first_ts: None,
    });
    v.streams.insert(stream, idx);
    fx.push(Effect::LogStart(request(v, stream, pod, container)));
}

/// Start streams for the workload's new pods, mark the ones that went.
pub fn sync_workload(s: &mut State, fx: &mut Vec<Effect>) {
    let Screen::Logs(v) = &mut s.screen else {
        return;
    };
    let Target::Workload {
        namespace,
        selector,
        ..
    } = &v.target
    else {
        return;
    };
    let Some(cache) = s.caches.get(&(v.cluster, Kind::Pods)) else {
        return;
    };
    if !cache.synced {
        return;
    }
    // (name, uid, regular containers) of the matching pods.
    let mut pods: Vec<(&str, &Uid, Vec<&str>)> = cache
        .rows
        .values()
        .filter_map(|e| match &e.row {
            Row::Pod(p)
                if &p.meta.namespace == namespace
                    && selector
                        .iter()
                        .all(|(k, val)| p.meta.labels.get(k) == Some(val)) =>
            {
                Some((
                    p.meta.name.as_str(),
                    &p.meta.uid,
                    p.regular().iter().map(|c| c.name.as_str()).collect(),
                ))
            }
            _ => None,
        })
        .collect();
    pods.sort();
    let max = s.log_settings.max_streams.max(1);
    let present: BTreeSet<&Uid> = pods.iter().map(|(_, uid, _)| *uid).collect();
    let known: BTreeSet<&Uid> = v.sources.iter().map(|x| &x.uid).collect();
    // Pods streamed now count against the cap first.
    let mut n_pods = v
        .sources
        .iter()
        .filter(|x| x.state == SourceState::Streaming && present.contains(&x.uid))
        .map(|x| &x.uid)
        .collect::<BTreeSet<_>>()
        .len();
    let mut want: Vec<(String, Uid, Vec<String>)> = Vec::new();
    let mut capped = 0;
    for (pod, uid, containers) in &pods {
        if known.contains(uid) {
            continue;
        }
        if n_pods >= max {
            capped += 1;
            continue;
        }
        n_pods += 1;
        want.push((
            pod.to_string(),
            (*uid).clone(),
            containers.iter().map(|c| c.to_string()).collect(),
        ));
    }
    let gone: Vec<u32> = v
        .sources
        .iter()
        .enumerate()
        .filter(|(_, x)| x.state == SourceState::Streaming && !present.contains(&x.uid))
        .map(|(i, _)| i as u32)
        .collect();
    v.capped = capped;
    for i in gone {
        // Its stream stays open to deliver the last lines; it ends itself.
        let src = &mut v.sources[i as usize];
        src.state = SourceState::Gone;
        let (pod, container) = (src.pod.clone(), src.container.clone());
        v.marker(
            i,
            Severity::Warning,
            &format!("pod {pod} went away (container {container})"),
        );
    }
    let started = !want.is_empty() && !v.sources.is_empty();
    for (pod, uid, containers) in want {
        for c in &containers {
            add_source(v, &mut s.next_request, (&pod, &uid), c, fx);
        }
        if started {
            let idx = v.sources.len() as u32 - 1;
            v.marker(
                idx,
                Severity::Info,
                &format!("pod {pod} appeared; streaming it"),
            );
        }
    }
}

/// Stop every stream of the view (it is closing).
pub fn stop_all(v: &LogView, fx: &mut Vec<Effect>) {
    for stream in v.streams.keys() {
        fx.push(Effect::LogStop { stream: *stream });
    }
}

/// Restart every live source with the view's current options (since,
/// previous), clearing the buffer.
pub fn restart(v: &mut LogView, next: &mut u64, fx: &mut Vec<Effect>, what: &str) {
    stop_all(v, fx);
    v.streams.clear();
    let sources = std::mem::take(&mut v.sources);
    v.lines = crate::app::logview::ring::Ring::new(v.lines.max_items(), v.lines.max_bytes());
    v.pushed = 0;
    v.matches.clear();
    v.follow = true;
    v.mark = None;
    let mut seen = BTreeSet::new();
    for src in sources {
        if src.state != SourceState::Streaming && matches!(v.target, Target::Workload { .. }) {
            continue;
        }
        if seen.insert((src.uid.clone(), src.pod.clone(), src.container.clone())) {
            add_source(v, next, (&src.pod, &src.uid), &src.container, fx);
        }
    }
    v.marker(0, Severity::Info, what);
}

pub fn since_label(s: Since) -> String {
    match s {
        Since::Tail(n) => format!("the last {n} lines"),
        Since::Seconds(60) => "the last minute".into(),
        Since::Seconds(n) if n % 3600 == 0 => format!("the last {}h", n / 3600),
        Since::Seconds(n) => format!("the last {}m", n / 60),
        Since::All => "everything kept".into(),
    }
}

/// A stream event (also while help is shown over the view).
pub fn log_event(s: &mut State, ev: LogEvent, fx: &mut Vec<Effect>) {
    let Screen::Logs(v) = &mut s.screen else {
        return;
    };
    match ev {
        LogEvent::Lines { stream, lines } => {
            let Some(&src) = v.streams.get(&stream) else {
                return;
            };
            let source = &mut v.sources[src as usize];
            if source.first_ts.is_none() {
                source.first_ts = lines.iter().find_map(|l| l.ts);
            }
            for l in lines {
                v.push(LogLine::from_raw(src, l.ts, &l.bytes));
            }
        }
        LogEvent::Marker {
            stream,
            severity,
            text,
        } => {
            let Some(&src) = v.streams.get(&stream) else {
                return;
            };
            // With prefixes the line already names its source.
            let text = if v.prefixed() {
                text
            } else {
                format!("{}: {text}", v.sources[src as usize].label(true))
            };
            v.marker(src, severity, &text);
        }
        LogEvent::Ended { stream } => {
            if let Some(src) = v.streams.remove(&stream) {
                v.sources[src as usize].state = SourceState::Ended;
                // The task is over: let the runtime forget it.
                fx.push(Effect::LogStop { stream });
            }
        }
    }
}
