//! The task behind one stream: requests the log, resumes it after a
//! break, and tells the user (in marker lines) why it stopped or waits.

use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, LogParams};
use kube::{Client, Error};
use tokio::sync::mpsc;

use super::{
    Backoff, LineReader, LogEvent, LogRequest, Outcome, RawLine, Resume, Retry, Severity, Since,
    classify,
};

/// Sends marker lines, never the same one twice in a row (a crash-looping
/// container must not fill the view with identical notices).
struct Markers<'a> {
    tx: &'a mpsc::Sender<LogEvent>,
    stream: u64,
    last: String,
}

impl Markers<'_> {
    async fn say(&mut self, severity: Severity, text: String) {
        if text == self.last {
            return;
        }
        self.last = text.clone();
        let _ = self
            .tx
            .send(LogEvent::Marker {
                stream: self.stream,
                severity,
                text,
            })
            .await;
    }
}

/// A container that is not running, in words (terminated or waiting).
fn not_running(pod: &Pod, container: &str) -> Option<String> {
    let st = pod.status.as_ref()?;
    let c = st
        .container_statuses
        .iter()
        .flatten()
        .chain(st.init_container_statuses.iter().flatten())
        .find(|c| c.name == container)?;
    let state = c.state.as_ref()?;
    if let Some(t) = &state.terminated {
        return Some(format!(
            "container {container} terminated ({}, exit code {})",
            t.reason.as_deref().unwrap_or("no reason"),
            t.exit_code
        ));
    }
    state.waiting.as_ref().map(|w| {
        format!(
            "container {container} is waiting ({})",
            w.reason.as_deref().unwrap_or("no reason")
        )
    })
}

/// A container that has not started yet (so it has no log): the pod is
/// not scheduled, or the container is still being created or pulled.
pub(super) fn not_started(pod: &Pod, container: &str) -> Option<String> {
    let st = pod.status.as_ref();
    let phase = st.and_then(|s| s.phase.as_deref()).unwrap_or("Pending");
    let scheduled = pod.spec.as_ref().is_some_and(|s| s.node_name.is_some());
    if phase == "Pending" && !scheduled {
        let why = st
            .and_then(|s| s.conditions.as_ref())
            .and_then(|cs| cs.iter().find(|c| c.type_ == "PodScheduled"))
            .and_then(|c| c.message.clone().or_else(|| c.reason.clone()))
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        return Some(format!(
            "pod is Pending, not scheduled yet{why}: no logs; waiting for it to start"
        ));
    }
    let status = st
        .into_iter()
        .flat_map(|s| {
            s.container_statuses
                .iter()
                .flatten()
                .chain(s.init_container_statuses.iter().flatten())
        })
        .find(|c| c.name == container);
    let never_ran = |c: &k8s_openapi::api::core::v1::ContainerStatus| {
        c.restart_count == 0
            && c.last_state.as_ref().is_none_or(|l| l.terminated.is_none())
            && c.state.as_ref().is_some_and(|s| s.waiting.is_some())
    };
    match status {
        None if phase == "Pending" => Some(format!(
            "container {container} has not started yet: no logs; waiting for it to start"
        )),
        Some(c) if never_ran(c) => {
            let reason = c
                .state
                .as_ref()
                .and_then(|s| s.waiting.as_ref())
                .and_then(|w| w.reason.clone())
                .unwrap_or_else(|| "waiting".into());
            Some(format!(
                "container {container} has not started yet ({reason}): no logs; waiting for it to start"
            ))
        }
        _ => None,
    }
}

/// One stream's follower: the request, where to resume, how to retry.
struct Follow<'a> {
    api: Api<Pod>,
    req: LogRequest,
    tx: &'a mpsc::Sender<LogEvent>,
    m: Markers<'a>,
    resume: Resume,
    backoff: Backoff,
    /// The container's restart count when last looked at.
    restarts: Option<i32>,
    /// Set when the previous request broke: the next success says so.
    broken: Option<String>,
}

/// Follows the stream until it is over for good or the app is gone.
pub(super) async fn run(client: Client, req: LogRequest, tx: &mpsc::Sender<LogEvent>) {
    let api: Api<Pod> = Api::namespaced(client, &req.namespace);
    let stream = req.stream;
    let m = Markers {
        tx,
        stream,
        last: String::new(),
    };
    let resume = Resume::default();
    let backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(15));
    let restarts = restart_count(&api, &req).await;
    let mut f = Follow {
        api,
        req,
        tx,
        m,
        resume,
        backoff,
        restarts,
        broken: None,
    };
    f.follow().await;
}

impl Follow<'_> {
    async fn follow(&mut self) {
        let mut first = true;
        loop {
            let params = self.params(first);
            self.resume.restart();
            let outcome = match self.api.log_stream(&self.req.pod, &params).await {
                Ok(body) => {
                    if let Some(cause) = self.broken.take() {
                        let from = self.resume.last().map_or("the start".to_string(), |t| {
                            t.format("%H:%M:%S").to_string()
                        });
                        self.m
                            .say(
                                Severity::Info,
                                format!("reconnected after {cause}; resumed from {from}"),
                            )
                            .await;
                    }
                    first = false;
                    let (outcome, got_lines) =
                        read_lines(body, self.req.stream, &mut self.resume, self.tx).await;
                    // Only a stream that brought something new resets the
                    // backoff: a finished container answers, then closes.
                    if got_lines {
                        self.backoff.reset();
                    }
                    outcome
                }
                Err(e) => Outcome::Failed(e),
            };
            let delay = match outcome {
                Outcome::Closed => return,
                Outcome::Eof if self.req.previous => {
                    self.m
                        .say(Severity::Info, "end of the previous container's log".into())
                        .await;
                    return;
                }
                Outcome::Eof => self.after_eof().await,
                Outcome::Failed(e) => self.after_failure(&e).await,
            };
            // None: the log is over for good (the marker said why).
            let Some(delay) = delay else {
                return;
            };
            if self.tx.is_closed() {
                return;
            }
            tokio::time::sleep(delay).await;
        }
    }

    /// The next request: the chosen start the first time (or while
    /// nothing came), else from the last line seen.
    fn params(&self, first: bool) -> LogParams {
        let mut params = LogParams {
            container: Some(self.req.container.clone()),
            follow: !self.req.previous,
            previous: self.req.previous,
            timestamps: true,
            ..LogParams::default()
        };
        if first || self.resume.last().is_none() {
            match self.req.since {
                Since::Tail(n) => params.tail_lines = Some(n),
                Since::Seconds(s) => params.since_seconds = Some(s),
                Since::All => {}
            }
        } else if let Some(t) = self.resume.since_time() {
            params.since_time = Some(
                k8s_openapi::jiff::Timestamp::from_second(t.timestamp())
                    .unwrap_or(k8s_openapi::jiff::Timestamp::UNIX_EPOCH),
            );
        }
        params
    }

    /// Why did a followed stream end? Asks for the pod. How long to wait
    /// before following again; None when the log is over.
    async fn after_eof(&mut self) -> Option<Duration> {
        match self.api.get_opt(&self.req.pod).await {
            Ok(None) => {
                self.m
                    .say(Severity::Warning, format!("pod {} is gone", self.req.pod))
                    .await;
                None
            }
            Ok(Some(pod)) => self.after_eof_of(&pod).await,
            Err(e) => {
                let d = self.backoff.next_delay();
                let (cause, _) = classify(&e);
                self.m
                    .say(
                        Severity::Warning,
                        format!(
                            "log stream broken ({cause}); reconnecting in {:.1}s",
                            d.as_secs_f64()
                        ),
                    )
                    .await;
                self.broken = Some(cause);
                Some(d)
            }
        }
    }

    /// A followed stream ended and the pod is still there: finished,
    /// not running (yet), restarted, or just interrupted.
    async fn after_eof_of(&mut self, pod: &Pod) -> Option<Duration> {
        let container = &self.req.container;
        let now = container_restarts(pod, container);
        if let Some(done) = finished(pod, container) {
            self.m.say(Severity::Info, done).await;
            return None;
        }
        if let Some(why) = not_started(pod, container) {
            // Nothing was interrupted: there is no log yet. Follow the pod
            // (a watch of this one object) until the container starts.
            self.m.say(Severity::Info, why).await;
            return self.until_started().await;
        }
        if now.is_some()
            && now == self.restarts
            && let Some(why) = not_running(pod, container)
        {
            self.m
                .say(
                    Severity::Warning,
                    format!("{why}; following its next start"),
                )
                .await;
            Some(self.backoff.next_delay())
        } else if now.is_some() && now != self.restarts {
            self.restarts = now;
            self.m
                .say(
                    Severity::Warning,
                    format!(
                        "container {container} restarted (restart #{}); following the new instance",
                        now.unwrap_or(0)
                    ),
                )
                .await;
            Some(Duration::from_millis(200))
        } else {
            let d = self.backoff.next_delay();
            self.m
                .say(
                    Severity::Warning,
                    format!(
                        "log stream interrupted; reconnecting in {:.1}s",
                        d.as_secs_f64()
                    ),
                )
                .await;
            self.broken = Some("an interrupted stream".into());
            Some(d)
        }
    }

    /// Wait (watching the pod) until the container has started, the pod is
    /// over or gone, or the view closed; then follow again at once.
    async fn until_started(&mut self) -> Option<Duration> {
        let container = self.req.container.clone();
        let started = move |p: Option<&Pod>| p.is_none_or(|p| not_started(p, &container).is_none());
        let wait = kube::runtime::wait::await_condition(self.api.clone(), &self.req.pod, started);
        tokio::select! {
            r = wait => match r {
                Ok(_) => Some(Duration::ZERO),
                // The watch failed: look again after a while.
                Err(_) => Some(self.backoff.next_delay()),
            },
            () = self.tx.closed() => None,
        }
    }

    /// A request failed: give up, or how long to wait before retrying.
    async fn after_failure(&mut self, e: &Error) -> Option<Duration> {
        let (cause, retry) = classify(e);
        match retry {
            Retry::Never => {
                self.m.say(Severity::Error, cause).await;
                None
            }
            Retry::Gone => {
                self.m
                    .say(
                        Severity::Error,
                        format!("pod {} is gone ({cause})", self.req.pod),
                    )
                    .await;
                None
            }
            Retry::Waiting => {
                self.m.say(Severity::Info, cause).await;
                Some(self.backoff.next_delay().min(Duration::from_secs(3)))
            }
            Retry::Backoff => {
                let d = self.backoff.next_delay();
                self.m
                    .say(
                        Severity::Warning,
                        format!(
                            "cannot get logs ({cause}); retrying in {:.1}s",
                            d.as_secs_f64()
                        ),
                    )
                    .await;
                self.broken.get_or_insert(cause);
                Some(d)
            }
        }
    }
}

async fn restart_count(api: &Api<Pod>, req: &LogRequest) -> Option<i32> {
    api.get_opt(&req.pod)
        .await
        .ok()
        .flatten()
        .and_then(|p| container_restarts(&p, &req.container))
}

fn container_restarts(pod: &Pod, container: &str) -> Option<i32> {
    let st = pod.status.as_ref()?;
    st.container_statuses
        .iter()
        .flatten()
        .chain(st.init_container_statuses.iter().flatten())
        .find(|c| c.name == container)
        .map(|c| c.restart_count)
}

/// A container that will write no more: terminated in a pod that is done.
fn finished(pod: &Pod, container: &str) -> Option<String> {
    let st = pod.status.as_ref()?;
    let phase = st.phase.as_deref().unwrap_or("");
    if phase != "Succeeded" && phase != "Failed" {
        return None;
    }
    let code = st
        .container_statuses
        .iter()
        .flatten()
        .find(|c| c.name == container)
        .and_then(|c| c.state.as_ref())
        .and_then(|s| s.terminated.as_ref())
        .map(|t| t.exit_code);
    Some(match code {
        Some(c) => format!("container {container} terminated (exit code {c}); pod {phase}"),
        None => format!("pod {phase}"),
    })
}

/// Read lines until the stream ends, sending each network chunk's new
/// lines as one batch; also says whether any new line came.
async fn read_lines(
    body: impl futures::AsyncBufRead + Unpin,
    stream: u64,
    resume: &mut Resume,
    tx: &mpsc::Sender<LogEvent>,
) -> (Outcome, bool) {
    let mut reader = LineReader::new(body);
    let mut got = false;
    loop {
        let lines = match reader.next_batch().await {
            None => return (Outcome::Eof, got),
            Some(Err(e)) => return (Outcome::Failed(Error::ReadEvents(e)), got),
            Some(Ok(lines)) => lines,
        };
        let lines: Vec<RawLine> = lines.into_iter().filter(|l| resume.accept(l.ts)).collect();
        if lines.is_empty() {
            continue;
        }
        got = true;
        if tx.send(LogEvent::Lines { stream, lines }).await.is_err() {
            return (Outcome::Closed, got);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(v: serde_json::Value) -> Pod {
        serde_json::from_value(v).expect("a pod")
    }

    #[test]
    fn a_pod_without_a_node_has_no_log_yet() {
        let p = pod(serde_json::json!({
            "metadata": {"name": "web-1"},
            "spec": {"containers": [{"name": "app"}]},
            "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False",
                "reason": "Unschedulable", "message": "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector."}]}
        }));
        let why = not_started(&p, "app").expect("not started");
        assert!(
            why.starts_with("pod is Pending, not scheduled yet (0/3 nodes"),
            "{why}"
        );
        assert!(why.ends_with("no logs; waiting for it to start"), "{why}");
    }

    #[test]
    fn a_container_being_created_has_no_log_yet_but_a_crash_loop_has() {
        let waiting = |restarts: i32, last: serde_json::Value| {
            pod(serde_json::json!({
                "metadata": {"name": "web-1"},
                "spec": {"nodeName": "n1", "containers": [{"name": "app"}]},
                "status": {"phase": "Pending", "containerStatuses": [{"name": "app", "image": "x",
                    "imageID": "", "ready": false, "restartCount": restarts,
                    "state": {"waiting": {"reason": "ContainerCreating"}}, "lastState": last}]}
            }))
        };
        let why = not_started(&waiting(0, serde_json::json!({})), "app").expect("not started");
        assert!(
            why.contains("container app has not started yet (ContainerCreating)"),
            "{why}"
        );
        // It ran before: its log exists (the crash-loop handling applies).
        let looped = waiting(
            3,
            serde_json::json!({"terminated": {"exitCode": 1, "reason": "Error"}}),
        );
        assert_eq!(not_started(&looped, "app"), None);
    }

    #[test]
    fn a_running_container_has_started() {
        let p = pod(serde_json::json!({
            "metadata": {"name": "web-1"},
            "spec": {"nodeName": "n1", "containers": [{"name": "app"}]},
            "status": {"phase": "Running", "containerStatuses": [{"name": "app", "image": "x",
                "imageID": "", "ready": true, "restartCount": 0,
                "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}}]}
        }));
        assert_eq!(not_started(&p, "app"), None);
    }
}
