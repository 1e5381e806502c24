//! Resources that are answered, not stored: access reviews and metrics.

use http::Response;
use serde_json::{Value, json};

use super::route::ResourceRequest;
use super::{Body, Req, json as json_resp};
use crate::cluster::ClusterRef;
use crate::selector::LabelSelector;
use crate::status::ApiError;
use crate::{meta, metrics};

pub fn serve(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    match (r.def.group, r.def.plural, r.verb) {
        ("authorization.k8s.io", "selfsubjectaccessreviews", "create") => {
            Ok(json_resp(201, &req.user.access_review(&req.body_json()?)))
        }
        ("authorization.k8s.io", "selfsubjectrulesreviews", "create") => {
            Ok(json_resp(201, &req.user.rules_review(&req.body_json()?)))
        }
        ("metrics.k8s.io", plural, "get" | "list") => {
            let labels = LabelSelector::parse(req.q("labelSelector").unwrap_or(""))
                .map_err(ApiError::bad_request)?;
            metrics_answer(c, r, plural, &labels)
        }
        (_, _, verb) => Err(ApiError::method_not_allowed(format!(
            "the server does not allow this method on the requested resource ({verb})"
        ))),
    }
}

fn metrics_answer(
    c: &ClusterRef,
    r: &ResourceRequest,
    plural: &str,
    labels: &LabelSelector,
) -> Result<Response<Body>, ApiError> {
    let now = c.faults.metrics_now();
    let store = c.store.lock();
    let ns = (!r.namespace.is_empty()).then_some(r.namespace.as_str());
    let mut items: Vec<Value> = Vec::new();
    if plural == "pods" {
        for p in store.list("pods", ns) {
            if (r.name.is_empty() || meta::name(p) == r.name)
                && labels.matches(meta::labels(p))
                && let Some(m) = metrics::pod_metrics(p, now)
            {
                items.push(m);
            }
        }
    } else {
        let mut by_node: std::collections::HashMap<&str, Vec<&Value>> = Default::default();
        for p in store.list("pods", None) {
            if let Some(n) = p["spec"]["nodeName"].as_str() {
                by_node.entry(n).or_default().push(p);
            }
        }
        for n in store.list("nodes", None) {
            if (r.name.is_empty() || meta::name(n) == r.name)
                && labels.matches(meta::labels(n))
                && let Some(m) = metrics::node_metrics(
                    n,
                    by_node.get(meta::name(n)).into_iter().flatten().copied(),
                    now,
                    c.started,
                )
            {
                items.push(m);
            }
        }
    }
    drop(store);
    if !r.name.is_empty() {
        return match items.pop() {
            Some(m) => Ok(json_resp(200, &m)),
            None => Err(ApiError::not_found("metrics.k8s.io", plural, &r.name)),
        };
    }
    let kind = if plural == "pods" {
        "PodMetricsList"
    } else {
        "NodeMetricsList"
    };
    Ok(json_resp(
        200,
        &json!({"kind": kind, "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {}, "items": items}),
    ))
}
