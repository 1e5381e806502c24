//! Sending a plan, through the gate: read-only refused before anything is
//! built, the attempt journaled (and flushed) before the first request,
//! the outcome journaled after. The server's dry run goes the same way. A
//! drain cordons, then evicts pod by pod, waiting on disruption budgets
//! (retried every 5 s, the blocking budget named) and reporting progress.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use kube::Client;
use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedSender;

use super::journal::{Answer, Entry, Phase};
use super::request::{Failed, Request, send};
use super::{Plan, Target};
use crate::kube::ClusterEvent;
use crate::kube::gate::Gate;

/// How long a drain waits for a disruption budget before giving up.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(300);
/// How often a blocked eviction is tried again (as kubectl drain).
pub const EVICTION_RETRY: Duration = Duration::from_secs(5);

fn new_id() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let t = chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0);
    format!("{t:x}-{}", N.fetch_add(1, Ordering::Relaxed))
}

fn entry(gate: &Gate, plan: &Plan, id: &str, phase: Phase) -> Entry {
    let who = gate.identity(plan.target.cluster);
    Entry {
        id: id.to_string(),
        time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        phase,
        local_user: gate.local_user().to_string(),
        host: gate.host().to_string(),
        kube_user: who.kube_user,
        context: plan.target.context.clone(),
        server: who.server,
        namespace: plan.target.namespace.clone(),
        kind: plan.target.kind.singular().to_string(),
        name: plan.target.name.clone(),
        action: plan.op.name().to_string(),
        parameters: plan.op.parameters(),
        request: plan.requests.first().map(Request::journaled),
        before: plan.before.clone(),
        after: plan.after.clone(),
        result: None,
        duration_ms: None,
    }
}

/// The requests beyond the first, for the journal.
fn more_requests(plan: &Plan) -> Value {
    if plan.requests.len() <= 1 {
        return Value::Null;
    }
    Value::Array(
        plan.requests[1..]
            .iter()
            .map(|r| json!({"method": r.method.to_string(), "path": r.path}))
            .collect(),
    )
}

/// Refuse (read-only): journaled, nothing built or sent.
fn refuse_readonly(gate: &Gate, plan: &Plan, id: &str) -> Result<(), String> {
    let what = format!("{} {}", plan.op.name(), plan.target.describe());
    if let Err(r) = gate.check(&plan.target.context, &what) {
        let mut e = entry(gate, plan, id, Phase::Refused);
        e.request = None;
        e.result = Some(Answer {
            code: 0,
            message: r.0.clone(),
        });
        // Refused either way; a journal that cannot be written changes
        // nothing here.
        let _ = gate.record(&e);
        return Err(r.0);
    }
    Ok(())
}

/// Refused before anything was built because the user may not (an access
/// review said no): journaled, nothing sent.
pub fn refused(gate: &Gate, target: &Target, action: &str, why: &str) {
    let who = gate.identity(target.cluster);
    let e = Entry {
        id: new_id(),
        time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        phase: Phase::Refused,
        local_user: gate.local_user().to_string(),
        host: gate.host().to_string(),
        kube_user: who.kube_user,
        context: target.context.clone(),
        server: who.server,
        namespace: target.namespace.clone(),
        kind: target.kind.singular().to_string(),
        name: target.name.clone(),
        action: action.to_string(),
        parameters: Value::Null,
        request: None,
        before: Value::Null,
        after: Value::Null,
        result: Some(Answer {
            code: 0,
            message: why.to_string(),
        }),
        duration_ms: None,
    };
    let _ = gate.record(&e);
}

/// The user said no: journaled.
pub fn cancelled(gate: &Gate, plan: &Plan) {
    let mut e = entry(gate, plan, &new_id(), Phase::Cancelled);
    e.request = None;
    let _ = gate.record(&e);
}

/// The server's dry run of every request (`dryRun=All`): admitted, or the
/// first error (admission, validation, quota, RBAC) in the server's words.
pub async fn dry_run(gate: &Gate, client: &Client, plan: &Plan) -> Result<(), String> {
    let id = new_id();
    refuse_readonly(gate, plan, &id)?;
    // Journaled before anything is sent, like every attempt.
    let mut e = entry(gate, plan, &id, Phase::DryRun);
    e.parameters["more_requests"] = more_requests(plan);
    gate.record(&e).map_err(|r| r.0)?;
    let mut outcome = Ok(());
    let mut code = 200;
    for r in &plan.requests {
        match send(client, r, true).await {
            Ok(_) => {}
            // A disruption budget that allows nothing now: the drain will
            // wait for it (as kubectl drain does), the preflight says so.
            Err(f) if f.code == 429 && r.is_eviction() => {}
            Err(f) => {
                outcome = Err(explain(gate, plan, r, &f));
                code = f.code;
                break;
            }
        }
    }
    let mut done = entry(gate, plan, &id, Phase::Result);
    done.request = None;
    done.result = Some(match &outcome {
        Ok(()) => Answer {
            code: 200,
            message: "admitted (dry run)".into(),
        },
        Err(m) => Answer {
            code,
            message: m.clone(),
        },
    });
    let _ = gate.record(&done);
    outcome
}

/// A failed request in plain words (a 403: who may not do what, where).
pub fn explain(gate: &Gate, plan: &Plan, r: &Request, f: &Failed) -> String {
    match f.code {
        0 => format!("{} did not answer: {}", plan.target.context, f.message),
        403 => crate::kube::access::forbidden(
            &gate.identity(plan.target.cluster).kube_user,
            &plan.target.context,
            &r.method,
            &r.path,
            &f.message,
        ),
        404 => format!("{} is gone (404): {}", plan.target.describe(), f.message),
        409 => format!(
            "conflict (409): {} changed meanwhile; look again and retry ({})",
            plan.target.describe(),
            f.message
        ),
        422 => format!("invalid (422): {}", f.message),
        429 => format!("too many requests (429): {}", f.message),
        code => format!("{code}: {}", f.message),
    }
}

/// Send the plan: journaled first (nothing is sent if that fails), then
/// each request; the message for the user.
pub async fn apply(gate: &Gate, client: &Client, plan: &Plan) -> Result<String, String> {
    let id = new_id();
    refuse_readonly(gate, plan, &id)?;
    let mut attempt = entry(gate, plan, &id, Phase::Attempt);
    attempt.parameters["more_requests"] = more_requests(plan);
    gate.record(&attempt).map_err(|r| r.0)?;
    let start = Instant::now();
    let mut outcome: Result<String, String> = Ok(format!("{}: done", plan.change));
    let mut answer = Answer {
        code: 200,
        message: "OK".into(),
    };
    for r in &plan.requests {
        if let Err(f) = send(client, r, false).await {
            answer = f.answer();
            let why = explain(gate, plan, r, &f);
            if f.code == 403 {
                // The journal says it in plain words too (the server's
                // own words are part of them).
                answer.message = why.clone();
            }
            outcome = Err(why);
            break;
        }
    }
    let mut done = entry(gate, plan, &id, Phase::Result);
    done.request = None;
    done.result = Some(answer);
    done.duration_ms = Some(start.elapsed().as_millis() as u64);
    // The request went out; a journal failure now is said, not hidden.
    if let Err(r) = gate.record(&done) {
        return Err(format!("{}; and {}", outcome.unwrap_or_else(|e| e), r.0));
    }
    outcome
}

/// One pod's progress in a drain.
#[derive(Debug, Clone, PartialEq)]
pub enum PodProgress {
    Evicting,
    /// A disruption budget says not now (its name, the server's words).
    Blocked {
        budget: String,
        message: String,
    },
    Evicted,
    Failed(String),
}

/// What a drain reports as it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum DrainEvent {
    Cordoned,
    Pod {
        namespace: String,
        name: String,
        progress: PodProgress,
    },
    /// Over: evicted and not evicted pods, in words.
    Done(Result<String, String>),
}

/// The budget a 429 names (its Status details), or the message.
fn blocking_budget(f: &Failed) -> String {
    f.details["causes"]
        .as_array()
        .and_then(|cs| {
            cs.iter().find_map(|c| {
                (c["reason"] == "DisruptionBudget")
                    .then(|| c["message"].as_str().unwrap_or("").to_string())
            })
        })
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| f.message.clone())
}

/// What a drain did, in words: the evicted count, and the pods that were
/// not evicted (named) if any.
fn drain_summary(node: &str, evicted: &[String], not: &[String]) -> String {
    let mut out = format!("drain of node {node}: {} evicted", evicted.len());
    if !not.is_empty() {
        out.push_str(&format!(", not evicted: {}", not.join(", ")));
    }
    out
}

/// Drain: cordon, then evict pod by pod (waiting on budgets); `report`
/// hears each step. Journaled as one attempt and one result listing what
/// was and was not evicted.
pub async fn drain(
    gate: &Gate,
    client: &Client,
    plan: &Plan,
    run: u64,
    tx: &UnboundedSender<ClusterEvent>,
) -> Result<String, String> {
    let say = |event: DrainEvent| {
        let _ = tx.send(ClusterEvent::Drain { run, event });
    };
    let id = new_id();
    if let Err(e) = refuse_readonly(gate, plan, &id) {
        say(DrainEvent::Done(Err(e.clone())));
        return Err(e);
    }
    let mut attempt = entry(gate, plan, &id, Phase::Attempt);
    attempt.parameters["more_requests"] = more_requests(plan);
    if let Err(r) = gate.record(&attempt) {
        say(DrainEvent::Done(Err(r.0.clone())));
        return Err(r.0);
    }
    let start = Instant::now();
    let mut evicted: Vec<String> = Vec::new();
    let mut failed: Vec<String> = Vec::new();
    let mut error: Option<Failed> = None;
    for r in &plan.requests {
        let pod = r.body.as_ref().filter(|_| r.is_eviction()).map(|b| {
            (
                b["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                b["metadata"]["name"].as_str().unwrap_or("").to_string(),
            )
        });
        let Some((namespace, name)) = pod else {
            // The cordon.
            match send(client, r, false).await {
                Ok(_) => say(DrainEvent::Cordoned),
                Err(f) => {
                    error = Some(f);
                    break;
                }
            }
            continue;
        };
        let progress = |p: PodProgress| DrainEvent::Pod {
            namespace: namespace.clone(),
            name: name.clone(),
            progress: p,
        };
        say(progress(PodProgress::Evicting));
        loop {
            match send(client, r, false).await {
                // Evicted, or already gone.
                Ok(_) => {
                    say(progress(PodProgress::Evicted));
                    evicted.push(format!("{namespace}/{name}"));
                    break;
                }
                Err(f) if f.code == 404 => {
                    say(progress(PodProgress::Evicted));
                    evicted.push(format!("{namespace}/{name}"));
                    break;
                }
                Err(f) if f.code == 429 && start.elapsed() < DRAIN_TIMEOUT => {
                    say(progress(PodProgress::Blocked {
                        budget: blocking_budget(&f),
                        message: f.message.clone(),
                    }));
                    tokio::time::sleep(EVICTION_RETRY).await;
                }
                Err(f) => {
                    let why = explain(gate, plan, r, &f);
                    say(progress(PodProgress::Failed(why.clone())));
                    failed.push(format!("{namespace}/{name}"));
                    if f.code == 0 {
                        // The cluster is gone: the rest cannot be evicted.
                        error = Some(f);
                    }
                    break;
                }
            }
        }
        if error.is_some() {
            break;
        }
    }
    let all: Vec<String> = plan.before["pods"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let not: Vec<String> = all.into_iter().filter(|p| !evicted.contains(p)).collect();
    let summary = drain_summary(&plan.target.name, &evicted, &not);
    let outcome = match (&error, failed.is_empty()) {
        (None, true) => Ok(summary.clone()),
        (Some(f), _) => Err(format!("{summary} ({})", f.message)),
        (None, false) => Err(summary.clone()),
    };
    let mut done = entry(gate, plan, &id, Phase::Result);
    done.request = None;
    done.after = json!({"evicted": evicted, "not_evicted": not});
    done.result = Some(match &error {
        Some(f) => f.answer(),
        None => Answer {
            code: if failed.is_empty() { 200 } else { 500 },
            message: summary,
        },
    });
    done.duration_ms = Some(start.elapsed().as_millis() as u64);
    let _ = gate.record(&done);
    say(DrainEvent::Done(outcome.clone()));
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drain_names_the_pods_it_did_not_evict_and_only_those() {
        let evicted = vec!["shop/web-1".to_string()];
        assert_eq!(
            drain_summary("w1", &evicted, &[]),
            "drain of node w1: 1 evicted"
        );
        assert_eq!(
            drain_summary("w1", &evicted, &["shop/db-0".to_string()]),
            "drain of node w1: 1 evicted, not evicted: shop/db-0"
        );
    }
}
