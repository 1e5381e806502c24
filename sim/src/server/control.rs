//! The control API: `/kdeck-sim/v1/...` on each cluster's port (that
//! cluster), and `/kdeck-sim/v1/clusters/{name}/...` on the sim's control
//! port (any cluster, even one that is down). Both need the cluster's admin
//! token. A real API server serves nothing under this path.

use std::collections::HashMap;

use bytes::Bytes;
use http::{Method, Request, Response};
use serde_json::json;

use super::{Body, error, json, parse_query};
use crate::cluster::ClusterRef;
use crate::status::ApiError;

pub const PREFIX: &str = "/kdeck-sim/";

/// A control request on a cluster's own port.
pub async fn handle<B>(cluster: &ClusterRef, req: Request<B>) -> Response<Body>
where
    B: http_body::Body<Data = Bytes>,
{
    let path = req.uri().path().to_string();
    let op = path.strip_prefix("/kdeck-sim/v1/").unwrap_or("");
    run(cluster, &req, op).await
}

/// A control request on the sim-wide control port.
pub async fn handle_any<B>(clusters: &[ClusterRef], req: Request<B>) -> Response<Body>
where
    B: http_body::Body<Data = Bytes>,
{
    let path = req.uri().path().to_string();
    if path == "/kdeck-sim/v1/clusters" {
        let names: Vec<&str> = clusters.iter().map(|c| c.name()).collect();
        return json(200, &json!({"clusters": names}));
    }
    let Some((name, op)) = path
        .strip_prefix("/kdeck-sim/v1/clusters/")
        .and_then(|r| r.split_once('/'))
    else {
        return error(&ApiError::new(
            404,
            "NotFound",
            format!("no control operation at {path}"),
        ));
    };
    match clusters.iter().find(|c| c.name() == name) {
        Some(c) => run(c, &req, op).await,
        None => error(&ApiError::new(
            404,
            "NotFound",
            format!("no simulated cluster named {name:?}"),
        )),
    }
}

async fn run<B>(c: &ClusterRef, req: &Request<B>, op: &str) -> Response<Body> {
    let token = req
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if token != c.admin_token() {
        return error(&ApiError::unauthorized());
    }
    let q = parse_query(req.uri().query());
    match execute(c, req.method(), op, &q) {
        Ok(v) => json(200, &v),
        Err(e) => error(&e),
    }
}

fn num<T: std::str::FromStr>(q: &HashMap<String, String>, key: &str) -> Result<T, ApiError> {
    q.get(key).and_then(|v| v.parse().ok()).ok_or_else(|| {
        ApiError::bad_request(format!(
            "query parameter {key:?} is missing or not a number"
        ))
    })
}

fn flag(q: &HashMap<String, String>, key: &str, default: bool) -> bool {
    q.get(key).map_or(default, |v| v == "true" || v == "1")
}

fn execute(
    c: &ClusterRef,
    method: &Method,
    op: &str,
    q: &HashMap<String, String>,
) -> Result<serde_json::Value, ApiError> {
    let ok = json!({"ok": true, "cluster": c.name()});
    match (method, op) {
        (&Method::GET, "requests") => {
            let since = q.get("since").and_then(|s| s.parse().ok()).unwrap_or(0);
            Ok(json!({"next": c.log.next_seq(), "requests": c.requests(since)}))
        }
        (&Method::GET, "info") => {
            let s = c.store.lock();
            Ok(json!({
                "cluster": c.name(),
                "resourceVersion": s.resource_version().to_string(),
                "pods": s.count("pods"),
                "nodes": s.count("nodes"),
                "down": c.faults.is_down(),
                "churn": c.faults.churn(),
                "metrics": c.metrics_enabled(),
            }))
        }
        (&Method::POST, "down") => {
            c.set_down(true);
            if let Some(secs) = q.get("seconds").and_then(|s| s.parse::<u64>().ok()) {
                let c = c.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(std::time::Duration::from_secs(secs)).await;
                    c.set_down(false);
                });
            }
            Ok(ok)
        }
        (&Method::POST, "up") => {
            c.set_down(false);
            Ok(ok)
        }
        (&Method::POST, "latency") => {
            c.set_latency_ms(num(q, "ms")?);
            Ok(ok)
        }
        (&Method::POST, "cut-watches") => {
            c.cut_watches();
            Ok(ok)
        }
        (&Method::POST, "compact") => {
            c.compact();
            Ok(ok)
        }
        (&Method::POST, "fail") => {
            let code: u16 = num(q, "code")?;
            if !(400..600).contains(&code) {
                return Err(ApiError::bad_request(
                    "code must be an HTTP error status (400-599)",
                ));
            }
            match q.get("method") {
                Some(m) => c.fail_next_of(m, num(q, "count")?, code),
                None => c.fail_next(num(q, "count")?, code),
            }
            Ok(ok)
        }
        (&Method::POST, "revoke" | "restore") => {
            let user = q
                .get("user")
                .ok_or_else(|| ApiError::bad_request("query parameter \"user\" is missing"))?;
            let known = if op == "revoke" {
                c.revoke_token(user)
            } else {
                c.restore_token(user)
            };
            if op == "revoke" && !known {
                return Err(ApiError::new(404, "NotFound", format!("no user {user:?}")));
            }
            Ok(ok)
        }
        (&Method::POST, "node-ready") => {
            let node = q
                .get("node")
                .ok_or_else(|| ApiError::bad_request("query parameter \"node\" is missing"))?;
            c.set_node_ready(node, flag(q, "ready", true))?;
            Ok(ok)
        }
        (&Method::POST, "churn") => {
            c.set_churn(num(q, "per_sec")?);
            Ok(ok)
        }
        (&Method::POST, "freeze") => {
            c.set_frozen(flag(q, "frozen", true));
            Ok(ok)
        }
        (&Method::POST, "hostile") => {
            let created = c.add_hostile();
            Ok(
                json!({"ok": true, "cluster": c.name(), "namespace": crate::world::hostile::NAMESPACE, "created": created}),
            )
        }
        (&Method::POST, "metrics") => {
            c.set_metrics(flag(q, "enabled", true));
            Ok(ok)
        }
        _ => Err(ApiError::new(
            404,
            "NotFound",
            format!("unknown control operation {method} {op:?} (see docs/sim.md)"),
        )),
    }
}
