//! The HTTP side of a simulated cluster: one entry point per request, which
//! applies injected faults, authenticates, authorizes, dispatches and logs.

pub mod api;
pub mod control;
pub mod discovery;
pub mod eviction;
pub mod exec;
pub mod filter;
pub mod list;
pub mod listener;
pub mod pod_log;
pub mod route;
pub mod virtual_res;
pub mod watch;

use std::collections::HashMap;
use std::convert::Infallible;

use bytes::Bytes;
use chrono::Utc;
use http::{HeaderMap, Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited, combinators::BoxBody};
use serde_json::Value;

use super::auth::{Attributes, User};
use super::cluster::ClusterRef;
use super::registry;
use super::request_log::{RequestRecord, mutating_verb};
use super::status::ApiError;
use route::Route;

pub type Body = BoxBody<Bytes, std::io::Error>;

/// The largest request body accepted (the real server's limit is 3 MiB).
const MAX_BODY: usize = 3 * 1024 * 1024;

pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|e: Infallible| match e {})
        .boxed()
}

pub fn json_bytes(code: u16, body: Vec<u8>) -> Response<Body> {
    let mut r = Response::new(full(body));
    *r.status_mut() = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    r
}

pub fn json(code: u16, v: &Value) -> Response<Body> {
    json_bytes(code, serde_json::to_vec(v).unwrap_or_default())
}

pub fn error(e: &ApiError) -> Response<Body> {
    let mut r = json(e.code, &e.to_status());
    if let Some(secs) = retry_after(e) {
        r.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
    }
    r
}

/// The `Retry-After` a 429 carries: the real server sets it only from
/// `details.retryAfterSeconds` (an eviction blocked by a disruption budget
/// has none, so clients see the 429 instead of retrying it silently);
/// injected throttling (no details) says 1 second.
fn retry_after(e: &ApiError) -> Option<u64> {
    if e.code != 429 {
        return None;
    }
    match &e.details {
        None => Some(1),
        Some(d) => d["retryAfterSeconds"].as_u64().filter(|s| *s > 0),
    }
}

fn not_found_page() -> Response<Body> {
    let mut r = Response::new(full("404 page not found\n"));
    *r.status_mut() = StatusCode::NOT_FOUND;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// What one API request carries besides its route.
pub struct Req {
    pub method: Method,
    pub headers: HeaderMap,
    pub query: HashMap<String, String>,
    pub body: Bytes,
    pub user: User,
    /// `host:port` the client connected to.
    pub host: String,
    /// The body's delete options ask for a dry run (DELETE and eviction
    /// bodies carry `dryRun` there rather than in the query).
    pub body_dry_run: bool,
}

impl Req {
    pub fn q(&self, key: &str) -> Option<&str> {
        self.query.get(key).map(String::as_str)
    }

    pub fn wants_table(&self) -> bool {
        self.headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.contains("as=Table"))
    }

    pub fn dry_run(&self) -> bool {
        self.q("dryRun").is_some_and(|v| v == "All") || self.body_dry_run
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json")
    }

    pub fn body_json(&self) -> Result<Value, ApiError> {
        if self
            .content_type()
            .starts_with("application/vnd.kubernetes.protobuf")
        {
            return crate::protobuf::decode_body(&self.body)
                .map_err(|e| ApiError::new(415, "UnsupportedMediaType", e));
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            ApiError::bad_request(format!(
                "the body of the request could not be decoded as JSON: {e}"
            ))
        })
    }
}

fn bearer(headers: &HeaderMap) -> &str {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
}

pub fn parse_query(q: Option<&str>) -> HashMap<String, String> {
    url::form_urlencoded::parse(q.unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

/// Serve one request.
pub async fn handle<B>(cluster: ClusterRef, mut req: Request<B>) -> Response<Body>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let path = req.uri().path().to_string();
    if path.starts_with(control::PREFIX) {
        return control::handle(&cluster, req).await;
    }
    let latency = cluster.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let method = req.method().clone();
    let query = parse_query(req.uri().query());
    let watch = query.get("watch").is_some_and(|w| w == "1" || w == "true");
    let custom = |g: &str, v: &str, p: &str| cluster.store.lock().custom_find(g, v, p);
    let route = route::parse(&method, &path, watch, &custom);
    let mut record = record_of(&route, &method, &path_and_query, req.uri().query());
    let user = cluster
        .auth
        .read()
        .authenticate(bearer(req.headers()))
        .cloned();
    let user_name = user.as_ref().map(|u| u.name.clone()).unwrap_or_default();

    let response = match (cluster.faults.take_failure_of(method.as_str()), user) {
        (Some(code), _) => error(&ApiError::injected(code)),
        (None, None) => error(&ApiError::unauthorized()),
        // Exec upgrades the connection: it must keep the request.
        (None, Some(user)) if matches!(&route, Route::Resource(r) if r.subresource == "exec") => {
            let Route::Resource(r) = &route else {
                unreachable!("matched above")
            };
            let attrs = Attributes {
                verb: r.verb,
                group: r.def.group,
                resource: r.def.plural,
                subresource: &r.subresource,
                namespace: &r.namespace,
                name: &r.name,
            };
            if user.allowed(&attrs) {
                exec::serve(&cluster, r, &mut req)
            } else {
                error(&attrs.forbidden(&user.name))
            }
        }
        (None, Some(user)) => {
            let host = req
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("127.0.0.1")
                .to_string();
            let headers = req.headers().clone();
            let delete_options = matches!(&route, Route::Resource(r) if r.verb == "delete" || r.verb == "deletecollection" || r.subresource == "eviction");
            match Limited::new(req.into_body(), MAX_BODY).collect().await {
                Err(e) => error(&ApiError::new(
                    413,
                    "RequestEntityTooLarge",
                    format!("request body could not be read: {e}"),
                )),
                Ok(body) => {
                    let mut r = Req {
                        method,
                        headers,
                        query,
                        body: body.to_bytes(),
                        user,
                        host,
                        body_dry_run: false,
                    };
                    r.body_dry_run = delete_options && options_dry_run(&r);
                    record.dry_run = r.dry_run();
                    dispatch(&cluster, route, r).await
                }
            }
        }
    };
    record.time = Utc::now();
    record.user = user_name;
    record.status = response.status().as_u16();
    cluster.log.push(record);
    response
}

/// What the request log keeps of a request, before it is served.
fn record_of(
    route: &Route,
    method: &Method,
    path_and_query: &str,
    query: Option<&str>,
) -> RequestRecord {
    let query = query.unwrap_or("").to_string();
    let dry_run = parse_query(Some(&query))
        .get("dryRun")
        .is_some_and(|v| v == "All");
    let mut rec = RequestRecord {
        method: method.as_str().to_string(),
        path: path_and_query.to_string(),
        query,
        dry_run,
        ..RequestRecord::default()
    };
    match route {
        Route::Resource(r) => {
            rec.verb = r.verb.to_string();
            rec.group = r.def.group.to_string();
            rec.resource = r.def.plural.to_string();
            rec.subresource = r.subresource.clone();
            rec.namespace = r.namespace.clone();
            rec.name = r.name.clone();
            rec.mutating = mutating_verb(r.verb, r.def.plural);
        }
        _ => rec.verb = method.as_str().to_lowercase(),
    }
    rec
}

/// `dryRun: ["All"]` in a body's delete options (a DeleteOptions body, or
/// an Eviction's `deleteOptions`), JSON or protobuf.
fn options_dry_run(req: &Req) -> bool {
    if req.body.is_empty() {
        return false;
    }
    let Ok(body) = req.body_json() else {
        return false;
    };
    let all = |v: &Value| v.as_array().is_some_and(|a| a.iter().any(|x| x == "All"));
    all(&body["dryRun"]) || all(&body["deleteOptions"]["dryRun"])
}

fn aggregated(v: &Value) -> Response<Body> {
    let mut r = json(200, v);
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(discovery::AGGREGATED),
    );
    r
}

async fn dispatch(cluster: &ClusterRef, route: Route, req: Req) -> Response<Body> {
    let metrics = cluster.metrics_enabled();
    let custom: Vec<&'static registry::ResourceDef> = match &route {
        Route::Resource(_) => Vec::new(),
        _ => cluster.store.lock().custom_defs().collect(),
    };
    let served = discovery::Served {
        metrics,
        custom: &custom,
    };
    let wants_aggregated = discovery::wants_aggregated(
        req.headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok()),
    );
    match route {
        Route::Version => json(200, &discovery::version()),
        Route::Health => {
            let mut r = Response::new(full("ok"));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            r
        }
        Route::CoreVersions if wants_aggregated => {
            aggregated(&discovery::aggregated(true, &served))
        }
        Route::CoreVersions => json(200, &discovery::core_versions(&req.host)),
        Route::Groups if wants_aggregated => aggregated(&discovery::aggregated(false, &served)),
        Route::Groups => json(200, &discovery::groups(&served)),
        Route::Group(g) => match discovery::group(&g, &served) {
            Some(v) => json(200, &v),
            None => not_found_page(),
        },
        Route::GroupVersion(g, v) => match discovery::resource_list(&g, &v, &served) {
            Some(v) => json(200, &v),
            None => not_found_page(),
        },
        Route::NotFound => not_found_page(),
        Route::Resource(r) => {
            if r.def.group == "metrics.k8s.io" && !metrics {
                return not_found_page();
            }
            let attrs = Attributes {
                verb: r.verb,
                group: r.def.group,
                resource: r.def.plural,
                subresource: &r.subresource,
                namespace: &r.namespace,
                name: &r.name,
            };
            if !req.user.allowed(&attrs) {
                return error(&attrs.forbidden(&req.user.name));
            }
            match api::serve(cluster, &r, &req).await {
                Ok(resp) => resp,
                Err(e) => error(&e),
            }
        }
    }
}
