//! Working an operation out against the live cluster: the object as it
//! is, the requests kubectl would send, kubectl's refusals, and what to
//! know before saying yes. Nothing here changes anything (GETs only); the
//! server's dry run is done by `apply::dry_run`, through the gate.

use kube::Client;
use serde_json::{Value, json};

use super::drain::{self, DrainOptions};
use super::request::{Failed, Request, get};
use super::{Op, Plan, Target, history, preflight, rollback, template};
use crate::kube::kind::Kind;

/// Most replicas a scale may ask for (a typo guard, not a cluster limit).
pub const MAX_REPLICAS: i64 = 10_000;

fn failed(t: &Target, op: &Op, e: Failed) -> Plan {
    let why = if e.code == 404 {
        format!("{} is gone (404): nothing to do", t.describe())
    } else if e.code == 0 {
        format!("cannot reach {}: {}", t.context, e.message)
    } else {
        format!("cannot read {} ({}): {}", t.describe(), e.code, e.message)
    };
    Plan::refused(t.clone(), op.clone(), why)
}

fn base(t: &Target, op: &Op, change: String) -> Plan {
    Plan {
        target: t.clone(),
        op: op.clone(),
        change,
        before: Value::Null,
        after: Value::Null,
        requests: Vec::new(),
        refused: None,
        warnings: Vec::new(),
        dry_run: None,
        drain: None,
        detail: None,
    }
}

/// Work `op` on `t` out (no change is made).
pub async fn prepare(client: &Client, t: &Target, op: &Op) -> Plan {
    let path = t.kind.path(&t.namespace, &t.name);
    let obj = match get(client, path.clone()).await {
        Ok(o) => o,
        Err(e) => return failed(t, op, e),
    };
    let mut plan = match op {
        Op::Scale { replicas } => scale(client, t, op, &obj, *replicas).await,
        Op::Restart => restart(t, op, &obj),
        Op::Rollback { to } => rollback_plan(client, t, op, &obj, *to).await,
        Op::Delete { force, propagation } => {
            delete(client, t, op, &obj, *force, propagation.name()).await
        }
        Op::Cordon | Op::Uncordon => cordon(t, op, &obj, matches!(op, Op::Cordon)),
        Op::Drain(o) => drain_plan(client, t, op, &obj, *o).await,
    };
    if let Some(w) = preflight::gitops(&obj) {
        plan.warnings.push(w);
    }
    plan
}

async fn scale(client: &Client, t: &Target, op: &Op, obj: &Value, replicas: i64) -> Plan {
    let scale_path = format!("{}/scale", t.kind.path(&t.namespace, &t.name));
    let current = match get(client, scale_path.clone()).await {
        Ok(s) => s["spec"]["replicas"].as_i64().unwrap_or(0),
        Err(e) => return failed(t, op, e),
    };
    let mut plan = base(t, op, format!("replicas {current} → {replicas}"));
    if !(0..=MAX_REPLICAS).contains(&replicas) {
        plan.refused = Some(format!(
            "replicas must be 0 to {MAX_REPLICAS}, not {replicas}"
        ));
        return plan;
    }
    if current == replicas {
        plan.refused = Some(format!("already at {replicas} replicas: nothing to do"));
        return plan;
    }
    plan.before = json!({"replicas": current});
    plan.after = json!({"replicas": replicas});
    plan.requests.push(Request::patch(
        scale_path,
        "application/merge-patch+json",
        json!({"spec": {"replicas": replicas}}),
    ));
    plan.warnings.extend(preflight::autoscalers(
        &preflight::hpas(client, t).await,
        t.kind.singular(),
        &t.name,
    ));
    if obj["spec"]["paused"] == true {
        plan.warnings.push(
            "the deployment is paused: its pods follow the new count, a rollout waits".into(),
        );
    }
    plan
}

fn restart(t: &Target, op: &Op, obj: &Value) -> Plan {
    if t.kind == Kind::Deployments && obj["spec"]["paused"] == true {
        return Plan::refused(
            t.clone(),
            op.clone(),
            format!(
                "deployments.apps \"{}\" can't restart paused deployment (run rollout resume first)",
                t.name
            ),
        );
    }
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let key = "kubectl.kubernetes.io/restartedAt";
    let mut plan = base(
        t,
        op,
        format!("restart: every pod replaced (restartedAt {now})"),
    );
    plan.before = json!({"restartedAt": obj["spec"]["template"]["metadata"]["annotations"][key]});
    plan.after = json!({"restartedAt": now});
    plan.requests.push(Request::patch(
        t.kind.path(&t.namespace, &t.name),
        "application/strategic-merge-patch+json",
        json!({"spec": {"template": {"metadata": {"annotations": {key: now}}}}}),
    ));
    plan
}

/// The workload's revisions (from its ReplicaSets or ControllerRevisions).
pub async fn revisions(
    client: &Client,
    t: &Target,
    obj: &Value,
) -> Result<Vec<history::Revision>, Failed> {
    let selector = obj["spec"]["selector"]["matchLabels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    let q = if selector.is_empty() {
        String::new()
    } else {
        format!("?labelSelector={}", percent_selector(&selector))
    };
    if t.kind == Kind::Deployments {
        let list = get(
            client,
            format!("{}{q}", Kind::ReplicaSets.path(&t.namespace, "")),
        )
        .await?;
        let items: Vec<Value> = list["items"].as_array().cloned().unwrap_or_default();
        Ok(history::of_deployment(obj, &items))
    } else {
        let list = get(
            client,
            format!(
                "/apis/apps/v1/namespaces/{}/controllerrevisions{q}",
                t.namespace
            ),
        )
        .await?;
        let items: Vec<Value> = list["items"].as_array().cloned().unwrap_or_default();
        Ok(history::of_controller_revisions(obj, &items))
    }
}

fn percent_selector(s: &str) -> String {
    s.replace('=', "%3D").replace(',', "%2C")
}

async fn rollback_plan(client: &Client, t: &Target, op: &Op, obj: &Value, to: i64) -> Plan {
    let revs = match revisions(client, t, obj).await {
        Ok(r) => r,
        Err(e) => return failed(t, op, e),
    };
    let current = history::current(obj, &revs);
    let undo = if t.kind == Kind::Deployments {
        rollback::deployment(obj, &revs, to)
    } else {
        rollback::from_controller_revision(obj, &revs, to)
    };
    let undo = match undo {
        Ok(u) => u,
        Err(e) => {
            let mut p = Plan::refused(t.clone(), op.clone(), e.0);
            let limit = obj["spec"]["revisionHistoryLimit"].as_i64().unwrap_or(10);
            if to > 0 && revs.first().is_some_and(|r| to < r.number) {
                p.warnings.push(format!(
                    "revision {to} is no longer kept (revisionHistoryLimit {limit}; the oldest kept is {})",
                    revs.first().map_or(0, |r| r.number)
                ));
            }
            return p;
        }
    };
    let target_rev = revs.iter().find(|r| r.number == undo.to);
    let images_now = history::images(&obj["spec"]["template"]);
    let images_then = target_rev.map(|r| r.images()).unwrap_or_default();
    let mut plan = base(
        t,
        op,
        format!(
            "rollback: revision {} → {} (images {} → {})",
            current.unwrap_or(0),
            undo.to,
            images_now.join(","),
            images_then.join(",")
        ),
    );
    plan.before = json!({"revision": current, "images": images_now});
    plan.after = json!({"revision": undo.to, "images": images_then});
    if let Some(r) = target_rev {
        plan.detail = Some(template::diff(
            "current",
            &obj["spec"]["template"],
            &format!("revision {}", r.number),
            &r.template,
        ));
    }
    plan.requests.push(Request::patch(
        t.kind.path(&t.namespace, &t.name),
        undo.content_type,
        undo.body,
    ));
    if obj["spec"]["paused"] == true {
        plan.warnings.push("the deployment is paused".into());
    }
    plan
}

async fn delete(
    client: &Client,
    t: &Target,
    op: &Op,
    obj: &Value,
    force: bool,
    propagation: &str,
) -> Plan {
    let how = if force {
        "delete now (grace period 0: the containers get no time to stop)"
    } else {
        "delete (graceful)"
    };
    let mut plan = base(t, op, how.to_string());
    plan.before = json!({"exists": true});
    plan.after = json!({"exists": false});
    let mut body =
        json!({"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": propagation});
    if force {
        body["gracePeriodSeconds"] = json!(0);
    }
    plan.requests
        .push(Request::delete(t.kind.path(&t.namespace, &t.name), body));
    if t.kind == Kind::Pods {
        let owner = obj["metadata"]["ownerReferences"]
            .as_array()
            .and_then(|rs| rs.iter().find(|r| r["controller"] == true));
        match owner {
            Some(o) => plan.warnings.push(format!(
                "{} {} will create a new pod in its place",
                o["kind"].as_str().unwrap_or(""),
                o["name"].as_str().unwrap_or("")
            )),
            None => plan
                .warnings
                .push("no controller manages this pod: it will not come back".into()),
        }
        let pdbs = preflight::pdbs(client, &t.namespace).await;
        for b in preflight::blocking_budgets(&pdbs, &obj["metadata"]["labels"]) {
            plan.warnings.push(format!(
                "PodDisruptionBudget {b} allows 0 disruptions now: a delete goes around it"
            ));
        }
    }
    plan
}

fn cordon(t: &Target, op: &Op, obj: &Value, on: bool) -> Plan {
    let now = obj["spec"]["unschedulable"] == true;
    if now == on {
        let state = if on { "cordoned" } else { "schedulable" };
        return Plan::refused(
            t.clone(),
            op.clone(),
            format!("node {} is already {state}: nothing to do", t.name),
        );
    }
    let mut plan = base(
        t,
        op,
        if on {
            "cordon: no new pods will be scheduled here".into()
        } else {
            "uncordon: pods may be scheduled here again".into()
        },
    );
    plan.before = json!({"unschedulable": now});
    plan.after = json!({"unschedulable": on});
    plan.requests.push(Request::patch(
        Kind::Nodes.path("", &t.name),
        "application/strategic-merge-patch+json",
        json!({"spec": {"unschedulable": on}}),
    ));
    plan
}

async fn drain_plan(client: &Client, t: &Target, op: &Op, obj: &Value, o: DrainOptions) -> Plan {
    let pods = match get(
        client,
        format!("/api/v1/pods?fieldSelector=spec.nodeName%3D{}", t.name),
    )
    .await
    {
        Ok(l) => l["items"].as_array().cloned().unwrap_or_default(),
        Err(e) => return failed(t, op, e),
    };
    let dp = drain::plan(&pods, o);
    let mut plan = base(
        t,
        op,
        format!(
            "drain: cordon, then evict {} pod(s) ({} left alone)",
            dp.evict.len(),
            dp.skipped.len()
        ),
    );
    if !dp.blocking.is_empty() {
        plan.refused = Some(format!(
            "cannot drain node {}: {} pod(s) need an option: {}",
            t.name,
            dp.blocking.len(),
            dp.blocking
                .iter()
                .map(|(p, why)| format!("{}/{} ({why})", p.namespace, p.name))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    plan.before = json!({"unschedulable": obj["spec"]["unschedulable"] == true,
        "pods": dp.evict.iter().map(|p| format!("{}/{}", p.namespace, p.name)).collect::<Vec<_>>()});
    plan.after = json!({"unschedulable": true, "evicted": plan.before["pods"].clone()});
    if obj["spec"]["unschedulable"] != true {
        plan.requests.push(Request::patch(
            Kind::Nodes.path("", &t.name),
            "application/strategic-merge-patch+json",
            json!({"spec": {"unschedulable": true}}),
        ));
    }
    let mut namespaces: Vec<&str> = dp.evict.iter().map(|p| p.namespace.as_str()).collect();
    namespaces.dedup();
    for ns in namespaces {
        let pdbs = preflight::pdbs(client, ns).await;
        for p in dp.evict.iter().filter(|p| p.namespace == ns) {
            let labels = pods
                .iter()
                .find(|x| {
                    x["metadata"]["name"] == p.name.as_str() && x["metadata"]["namespace"] == ns
                })
                .map(|x| x["metadata"]["labels"].clone())
                .unwrap_or(Value::Null);
            for b in preflight::blocking_budgets(&pdbs, &labels) {
                plan.warnings.push(format!(
                    "PodDisruptionBudget {b} allows 0 disruptions: evicting {}/{} will wait for it",
                    p.namespace, p.name
                ));
            }
        }
    }
    for p in &dp.evict {
        plan.requests.push(eviction(&p.namespace, &p.name));
    }
    plan.drain = Some(dp);
    plan
}

/// The Eviction of a pod (what `kubectl drain` posts).
pub fn eviction(namespace: &str, name: &str) -> Request {
    Request::post(
        format!("/api/v1/namespaces/{namespace}/pods/{name}/eviction"),
        json!({"apiVersion": "policy/v1", "kind": "Eviction",
            "metadata": {"name": name, "namespace": namespace}}),
    )
}
