//! `GET pods/{name}/log`: a container instance's lines with `container`,
//! `follow`, `tailLines`, `sinceSeconds`, `sinceTime`, `timestamps`,
//! `previous` and `limitBytes`, and the real server's errors for a missing
//! container name, an unknown container, a container still waiting and a
//! missing previous instance. A followed stream ends when the pod goes away,
//! the container restarts, or watches are cut.

use std::ops::RangeInclusive;
use std::time::Duration as StdDuration;

use bytes::Bytes;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use http::{Response, StatusCode, header};
use http_body::Frame;
use http_body_util::{BodyExt, StreamBody};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::route::ResourceRequest;

/// Answers of at most this many lines are sent in one piece.
const SMALL: u64 = 2_000;
use super::{Body, Req, full};
use crate::cluster::{ClusterRef, fnv_hash};
use crate::status::ApiError;
use crate::world::hostile;
use crate::{logs, meta};

/// One run of a container: its seed and time span (None = still running).
#[derive(Debug, Clone, PartialEq)]
struct Instance {
    seed: u64,
    /// The pod asks for hostile lines (`sim.kdeck.dev/logs: hostile`).
    hostile: bool,
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    restarts: i64,
}

fn bad(msg: String) -> ApiError {
    ApiError::bad_request(msg)
}

/// The container a request means, and the instance it asks for.
fn resolve(
    pod: &Value,
    container: Option<&str>,
    previous: bool,
) -> Result<Option<(String, Instance)>, ApiError> {
    let name = meta::name(pod);
    let names = |key: &str| -> Vec<String> {
        pod["spec"][key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["name"].as_str().map(str::to_string))
            .collect()
    };
    let (main, init) = (names("containers"), names("initContainers"));
    let cname = match container.filter(|c| !c.is_empty()) {
        Some(c) => c.to_string(),
        None if main.len() == 1 => main[0].clone(),
        None => {
            let mut msg = format!(
                "a container name must be specified for pod {name}, choose one of: [{}]",
                main.join(" ")
            );
            if !init.is_empty() {
                msg.push_str(&format!(
                    " or one of the init containers: [{}]",
                    init.join(" ")
                ));
            }
            return Err(bad(msg));
        }
    };
    if !main.contains(&cname) && !init.contains(&cname) {
        return Err(bad(format!(
            "container {cname} is not valid for pod {name}"
        )));
    }
    if pod["spec"]["nodeName"].as_str().is_none_or(str::is_empty) {
        // Not scheduled: the real server answers 204 with no body.
        return Ok(None);
    }
    let status = ["containerStatuses", "initContainerStatuses"]
        .iter()
        .flat_map(|k| pod["status"][*k].as_array().into_iter().flatten())
        .find(|s| s["name"] == cname.as_str())
        .cloned()
        .unwrap_or(Value::Null);
    let restarts = status["restartCount"].as_i64().unwrap_or(0);
    let ts = |v: &Value| v.as_str().and_then(meta::parse_ts);
    let key = format!("{}/{cname}", meta::uid(pod));
    let seed = |r: i64| fnv_hash(&format!("{key}/{r}"));
    let hostile = meta::annotation(pod, hostile::LOGS_ANNOTATION) == Some("hostile");
    let last = &status["lastState"]["terminated"];
    if previous {
        return match (ts(&last["startedAt"]), ts(&last["finishedAt"])) {
            (Some(start), Some(end)) => Ok(Some((
                cname.clone(),
                Instance {
                    seed: seed(restarts - 1),
                    hostile,
                    start,
                    end: Some(end),
                    restarts,
                },
            ))),
            _ => Err(bad(format!(
                "previous terminated container \"{cname}\" in pod \"{name}\" not found"
            ))),
        };
    }
    let state = &status["state"];
    if let Some(start) = ts(&state["running"]["startedAt"]) {
        return Ok(Some((
            cname.clone(),
            Instance {
                seed: seed(restarts),
                hostile,
                start,
                end: None,
                restarts,
            },
        )));
    }
    if let (Some(start), Some(end)) = (
        ts(&state["terminated"]["startedAt"]),
        ts(&state["terminated"]["finishedAt"]),
    ) {
        return Ok(Some((
            cname.clone(),
            Instance {
                seed: seed(restarts),
                hostile,
                start,
                end: Some(end),
                restarts,
            },
        )));
    }
    // Waiting after a crash: the last instance's logs are what there is.
    if let (Some(start), Some(end)) = (ts(&last["startedAt"]), ts(&last["finishedAt"])) {
        return Ok(Some((
            cname.clone(),
            Instance {
                seed: seed(restarts - 1),
                hostile,
                start,
                end: Some(end),
                restarts,
            },
        )));
    }
    let reason = state["waiting"]["reason"]
        .as_str()
        .unwrap_or("ContainerCreating");
    Err(bad(format!(
        "container \"{cname}\" in pod \"{name}\" is waiting to start: {reason}"
    )))
}

struct Options {
    follow: bool,
    timestamps: bool,
    tail: Option<u64>,
    since: Option<DateTime<Utc>>,
    limit_bytes: Option<usize>,
}

fn options(req: &Req) -> Result<Options, ApiError> {
    let flag = |k: &str| req.q(k).is_some_and(|v| v == "true" || v == "1");
    let num = |k: &str| -> Result<Option<i64>, ApiError> {
        req.q(k)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| bad(format!("{k}: invalid value {v:?}")))
            })
            .transpose()
    };
    let since = match (num("sinceSeconds")?, req.q("sinceTime")) {
        (Some(s), _) if s <= 0 => {
            return Err(bad(
                "sinceSeconds: Invalid value: must be greater than 0".into()
            ));
        }
        (Some(s), _) => Some(Utc::now() - Duration::seconds(s)),
        (None, Some(t)) => {
            Some(meta::parse_ts(t).ok_or_else(|| bad(format!("sinceTime: invalid value {t:?}")))?)
        }
        (None, None) => None,
    };
    Ok(Options {
        follow: flag("follow"),
        timestamps: flag("timestamps"),
        tail: num("tailLines")?.filter(|t| *t >= 0).map(|t| t as u64),
        since,
        limit_bytes: num("limitBytes")?.filter(|b| *b > 0).map(|b| b as usize),
    })
}

fn render(inst: &Instance, n: u64, rate: f64, timestamps: bool, out: &mut Vec<u8>) {
    let at = logs::time_of(inst.start, n, rate);
    if timestamps {
        out.extend_from_slice(at.to_rfc3339_opts(SecondsFormat::Nanos, true).as_bytes());
        out.push(b' ');
    }
    if inst.hostile {
        out.extend_from_slice(&hostile::log_line(n, at));
    } else {
        out.extend_from_slice(&logs::line(inst.seed, n, at));
    }
    out.push(b'\n');
}

/// Lines `lines` of a log in one plain-text answer (cut at limitBytes).
fn whole(inst: &Instance, lines: RangeInclusive<u64>, rate: f64, opts: &Options) -> Response<Body> {
    let mut body = Vec::new();
    for n in lines {
        render(inst, n, rate, opts.timestamps, &mut body);
        if opts.limit_bytes.is_some_and(|l| body.len() >= l) {
            break;
        }
    }
    if let Some(l) = opts.limit_bytes {
        body.truncate(l);
    }
    let mut resp = Response::new(full(body));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain"),
    );
    resp
}

pub fn serve(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    let pod = c
        .get("pods", &r.namespace, &r.name)
        .ok_or_else(|| ApiError::not_found("", "pods", &r.name))?;
    let opts = options(req)?;
    let Some((cname, inst)) = resolve(
        &pod,
        req.q("container"),
        req.q("previous").is_some_and(|v| v == "true"),
    )?
    else {
        let mut resp = Response::new(full(Bytes::new()));
        *resp.status_mut() = StatusCode::NO_CONTENT;
        return Ok(resp);
    };
    let rate = c.spec.log_rate.max(0.001);
    let now = Utc::now();
    let end = inst.end.unwrap_or(now);
    let (mut first, last) = logs::range(inst.start, end, opts.since, rate);
    if let Some(t) = opts.tail {
        first = first.max((last + 1).saturating_sub(t));
    }
    if opts.tail == Some(0) {
        first = last + 1;
    }
    // A short, finished answer goes out in one piece.
    if !opts.follow && last + 1 - first.min(last + 1) <= SMALL {
        return Ok(whole(&inst, first..=last, rate, &opts));
    }
    // Otherwise stream: the kept lines in chunks (as a kubelet streams a
    // log file, with back-pressure), then, when following, each new line
    // when its time comes.
    let (tx, rx) = mpsc::channel::<Result<Frame<Bytes>, std::io::Error>>(4);
    let cluster = c.clone();
    let (ns, name) = (r.namespace.clone(), r.name.clone());
    let follow = opts.follow && inst.end.is_none();
    tokio::spawn(async move {
        let mut sent = 0usize;
        // Cut `chunk` to what limitBytes still allows; false when done.
        let limit = |chunk: &mut Vec<u8>, sent: usize| -> bool {
            match opts.limit_bytes {
                Some(l) => {
                    chunk.truncate(l.saturating_sub(sent));
                    sent + chunk.len() < l
                }
                None => true,
            }
        };
        let mut n = first;
        while n <= last {
            let mut chunk = Vec::with_capacity(64 * 1024);
            while n <= last && chunk.len() < 64 * 1024 {
                render(&inst, n, rate, opts.timestamps, &mut chunk);
                n += 1;
            }
            let more = limit(&mut chunk, sent);
            sent += chunk.len();
            if tx.send(Ok(Frame::data(Bytes::from(chunk)))).await.is_err() || !more {
                return;
            }
        }
        if !follow {
            return;
        }
        let mut cut = cluster.faults.cut_watch();
        let mut down = cluster.faults.down_watch();
        loop {
            let due = logs::time_of(inst.start, n, rate);
            let wait = (due - Utc::now())
                .to_std()
                .unwrap_or_default()
                .min(StdDuration::from_secs(1));
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = cut.changed() => return,
                r = down.changed() => if r.is_err() || *down.borrow() { return },
            }
            // The stream ends when the pod or this container instance goes.
            let Some(pod) = cluster.get("pods", &ns, &name) else {
                return;
            };
            match resolve(&pod, Some(&cname), false) {
                Ok(Some((_, now_inst))) if now_inst.seed == inst.seed && now_inst.end.is_none() => {
                }
                _ => return,
            }
            let mut chunk = Vec::new();
            while logs::time_of(inst.start, n, rate) <= Utc::now() {
                render(&inst, n, rate, opts.timestamps, &mut chunk);
                n += 1;
            }
            if chunk.is_empty() {
                continue;
            }
            let more = limit(&mut chunk, sent);
            sent += chunk.len();
            if tx.send(Ok(Frame::data(Bytes::from(chunk)))).await.is_err() || !more {
                return;
            }
        }
    });
    let mut resp = Response::new(StreamBody::new(ReceiverStream::new(rx)).boxed());
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain"),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod() -> Value {
        json!({"metadata": {"name": "web-1", "uid": "u"},
            "spec": {"nodeName": "n1", "containers": [{"name": "app"}, {"name": "sidecar"}], "initContainers": [{"name": "migrate"}]},
            "status": {"containerStatuses": [
                {"name": "app", "restartCount": 2, "state": {"running": {"startedAt": "2026-11-22T00:00:00Z"}},
                 "lastState": {"terminated": {"startedAt": "2026-11-21T23:00:00Z", "finishedAt": "2026-11-21T23:59:00Z"}}},
                {"name": "sidecar", "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]}})
    }

    #[test]
    fn container_errors_match_the_real_server() {
        let e = resolve(&pod(), None, false).unwrap_err();
        assert_eq!(
            e.message,
            "a container name must be specified for pod web-1, choose one of: [app sidecar] or one of the init containers: [migrate]"
        );
        let e = resolve(&pod(), Some("nope"), false).unwrap_err();
        assert_eq!(e.message, "container nope is not valid for pod web-1");
        let e = resolve(&pod(), Some("sidecar"), false).unwrap_err();
        assert_eq!(
            e.message,
            "container \"sidecar\" in pod \"web-1\" is waiting to start: ContainerCreating"
        );
        let e = resolve(&pod(), Some("sidecar"), true).unwrap_err();
        assert_eq!(
            e.message,
            "previous terminated container \"sidecar\" in pod \"web-1\" not found"
        );
    }

    #[test]
    fn current_and_previous_instances_differ() {
        let (_, cur) = resolve(&pod(), Some("app"), false).unwrap().unwrap();
        let (_, prev) = resolve(&pod(), Some("app"), true).unwrap().unwrap();
        assert!(cur.end.is_none());
        assert!(prev.end.is_some());
        assert_ne!(cur.seed, prev.seed);
        let mut unscheduled = pod();
        unscheduled["spec"]["nodeName"] = Value::Null;
        assert_eq!(resolve(&unscheduled, Some("app"), false).unwrap(), None);
    }
}
