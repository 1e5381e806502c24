//! Resource requests: get, list (selectors, paging, Tables), create, update,
//! patch, delete, deletecollection, and the scale subresource.

use std::sync::Arc;

use chrono::Utc;
use http::Response;
use serde_json::{Value, json};

use super::filter::{Filter, view};
use super::list::{self, Page, list_json, list_page};
use super::route::ResourceRequest;
use super::{Body, Req, json as json_resp, json_bytes, virtual_res, watch};
use crate::cluster::ClusterRef;
use crate::registry::ResourceDef;
use crate::selector::LabelSelector;
use crate::status::ApiError;
use crate::store::{Store, WriteOpts, delete_one};
use crate::table::{self, IncludeObject};
use crate::{crd, defaults, events_view, meta, patch, validate};

pub async fn serve(
    c: &ClusterRef,
    r: &ResourceRequest,
    req: &Req,
) -> Result<Response<Body>, ApiError> {
    if r.def.virtual_only {
        return virtual_res::serve(c, r, req);
    }
    match (r.subresource.as_str(), r.verb) {
        ("log", "get") => super::pod_log::serve(c, r, req),
        // Exec upgrades the connection and is answered before the body is
        // read (server::exec); reaching here means it was not an upgrade.
        ("exec", _) => Err(ApiError::bad_request(
            "unable to upgrade connection: exec needs a WebSocket request",
        )),
        ("eviction", "create") => super::eviction::serve(c, r, req),
        ("scale", "get") => scale_get(c, r),
        ("scale", "update" | "patch") => scale_write(c, r, req),
        ("" | "status", "get") => get(c, r, req),
        ("", "list") => list::serve(c, r, req),
        ("", "watch") => watch::serve(c, r, req),
        ("", "create") => create(c, r, req),
        ("" | "status" | "finalize", "update") => update(c, r, req),
        ("" | "status", "patch") => patch_object(c, r, req),
        ("", "delete") => delete(c, r, req),
        ("", "deletecollection") => delete_collection(c, r, req),
        (_, verb) => Err(ApiError::method_not_allowed(format!(
            "the server does not allow this method on the requested resource ({verb})"
        ))),
    }
}

fn opts<'a>(req: &'a Req, default_manager: &'a str) -> WriteOpts<'a> {
    WriteOpts {
        manager: req.q("fieldManager").unwrap_or(default_manager),
        now: Utc::now(),
        dry_run: req.dry_run(),
    }
}

fn not_found(r: &ResourceRequest) -> ApiError {
    ApiError::not_found(r.def.group, r.def.plural, &r.name)
}

fn get(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    let obj = c
        .get(r.def.storage, &r.namespace, &r.name)
        .ok_or_else(|| not_found(r))?;
    if let Some(e) = crd::conversion::failure(&c.store.lock(), r.def, crd::conversion::Way::Read) {
        return Err(e);
    }
    let v = view(r.def, &obj);
    if req.wants_table() {
        let crd = list::crd_of(&c.store.lock(), r.def);
        let t = table::table_for(
            r.def,
            crd.as_deref(),
            &[v.as_ref()],
            &meta::resource_version(&obj).to_string(),
            Utc::now(),
            IncludeObject::parse(req.q("includeObject")),
        );
        return Ok(json_resp(200, &t));
    }
    Ok(json_resp(200, &v))
}

/// Bring a body into stored form and check it belongs at this path.
fn incoming(r: &ResourceRequest, req: &Req) -> Result<Value, ApiError> {
    let mut obj = req.body_json()?;
    if !obj.is_object() {
        return Err(ApiError::bad_request(
            "the body of the request must be a JSON object",
        ));
    }
    if let Some(av) = obj["apiVersion"].as_str()
        && av != r.def.api_version()
    {
        return Err(ApiError::bad_request(format!(
            "the API version in the data ({av}) does not match the expected API version ({})",
            r.def.api_version()
        )));
    }
    if let Some(k) = obj["kind"].as_str()
        && k != r.def.kind
    {
        return Err(ApiError::bad_request(format!(
            "the kind in the data ({k}) does not match the expected kind ({})",
            r.def.kind
        )));
    }
    if r.def.group == "events.k8s.io" {
        obj = events_view::from_events_v1(&obj);
    }
    if !obj["metadata"].is_object() {
        obj["metadata"] = json!({});
    }
    if r.def.namespaced {
        let ns = obj["metadata"]["namespace"].as_str().unwrap_or("");
        if !ns.is_empty() && ns != r.namespace {
            return Err(ApiError::bad_request(
                "the namespace of the provided object does not match the namespace sent on the request",
            ));
        }
        obj["metadata"]["namespace"] = json!(r.namespace);
    }
    Ok(obj)
}

fn create(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    if r.def.namespaced && r.namespace.is_empty() {
        return Err(ApiError::method_not_allowed(
            "a namespaced object must be created in a namespace",
        ));
    }
    let mut obj = incoming(r, req)?;
    let o = opts(req, "kubectl-create");
    let mut store = c.store.lock();
    if r.def.namespaced {
        match store.get("namespaces", "", &r.namespace) {
            None => return Err(ApiError::not_found("", "namespaces", &r.namespace)),
            Some(ns) if ns["status"]["phase"] == "Terminating" => {
                return Err(ApiError::new(
                    403,
                    "Forbidden",
                    format!(
                        "{} is forbidden: unable to create new content in namespace {} because it is being terminated",
                        r.def.qualified(),
                        r.namespace
                    ),
                ));
            }
            _ => {}
        }
    }
    if meta::name(&obj).is_empty() {
        // Names from generateName are checked once resolved.
        let probe_name = format!(
            "{}x",
            obj["metadata"]["generateName"].as_str().unwrap_or("")
        );
        let mut probe = obj.clone();
        probe["metadata"]["name"] = json!(probe_name);
        defaults::apply(r.def.storage, &mut probe);
        validate::check(r.def, &probe)?;
    }
    defaults::apply(r.def.storage, &mut obj);
    if !meta::name(&obj).is_empty() {
        validate::check(r.def, &obj)?;
    }
    check_extension(&store, r.def, &mut obj)?;
    if r.def.storage == "services" {
        allocate_cluster_ip(&mut store, &mut obj);
    }
    let created = store.create(r.def.storage, obj, &o)?;
    drop(store);
    c.kick.notify_one();
    Ok(json_resp(201, &view(r.def, &created)))
}

/// What the apiextensions server checks besides the common checks: a CRD
/// its own way; a custom resource pruned of the fields its schema does not
/// know, then checked against it.
fn check_extension(store: &Store, def: &ResourceDef, obj: &mut Value) -> Result<(), ApiError> {
    if def.storage == crd::STORAGE {
        return crd::check_crd(obj);
    }
    if !def.custom {
        return Ok(());
    }
    // Stored at another version: converted on the way in.
    if let Some(e) = crd::conversion::failure(store, def, crd::conversion::Way::Write) {
        return Err(e);
    }
    let Some(definition) = store.get(crd::STORAGE, "", def.storage) else {
        return Err(ApiError::not_found(def.group, def.plural, meta::name(obj)));
    };
    let Some(schema) = crd::version(&definition, def.version)
        .map(|v| &v["schema"]["openAPIV3Schema"])
        .filter(|s| s.is_object())
    else {
        return Ok(());
    };
    crd::schema::prune(obj, schema);
    let errs = crd::schema::check(obj, schema);
    if errs.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid_fields(
            def.group,
            def.kind,
            meta::name(obj),
            &errs,
        ))
    }
}

fn allocate_cluster_ip(store: &mut Store, svc: &mut Value) {
    let spec = &mut svc["spec"];
    if spec["clusterIP"].as_str().is_some_and(|s| !s.is_empty()) {
        return;
    }
    let n = store.count("services") as u32 + 10;
    let ip = format!("10.96.{}.{}", (n / 250) % 250, n % 250 + 1);
    spec["clusterIP"] = json!(ip);
    spec["clusterIPs"] = json!([ip]);
}

/// For resources with a status subresource, writes to the main resource keep
/// the stored status and writes to `/status` keep everything else.
fn merge_for_subresource(r: &ResourceRequest, current: &Value, mut new: Value) -> Value {
    let has_status = r.def.has_subresource("status");
    match r.subresource.as_str() {
        "status" => {
            let mut out = current.clone();
            out["status"] = new["status"].take();
            if let Some(rv) = new["metadata"].get("resourceVersion") {
                out["metadata"]["resourceVersion"] = rv.clone();
            }
            out
        }
        "" if has_status && r.def.plural != "namespaces" => {
            new["status"] = current["status"].clone();
            new
        }
        _ => new,
    }
}

fn expected_rv(obj: &Value) -> Option<u64> {
    obj["metadata"]["resourceVersion"]
        .as_str()
        .filter(|s| !s.is_empty())
        .and_then(|s| s.parse().ok())
}

fn update(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    let obj = incoming(r, req)?;
    let body_name = meta::name(&obj).to_string();
    if body_name != r.name {
        return Err(ApiError::bad_request(format!(
            "the name of the object ({body_name}) does not match the name on the URL ({})",
            r.name
        )));
    }
    let o = opts(req, "kubectl-replace");
    let mut store = c.store.lock();
    let current = store
        .get(r.def.storage, &r.namespace, &r.name)
        .ok_or_else(|| not_found(r))?;
    if let Some(rv) = expected_rv(&obj)
        && rv != meta::resource_version(&current)
    {
        return Err(ApiError::conflict(r.def.group, r.def.plural, &r.name));
    }
    let mut obj = merge_for_subresource(r, &current, obj);
    defaults::apply(r.def.storage, &mut obj);
    validate::check(r.def, &obj)?;
    check_extension(&store, r.def, &mut obj)?;
    let updated = store.update(r.def.storage, obj, None, &o)?;
    drop(store);
    c.kick.notify_one();
    Ok(json_resp(200, &view(r.def, &updated)))
}

/// Apply a PATCH body of the request's content type to `target`.
pub fn apply_patch(req: &Req, target: &mut Value) -> Result<(), ApiError> {
    let ct = req
        .content_type()
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    let body = req.body_json()?;
    match ct.as_str() {
        "application/merge-patch+json" | "application/apply-patch+yaml" => {
            patch::merge_patch(target, &body);
            Ok(())
        }
        "application/json-patch+json" => patch::json_patch(target, &body).map_err(|e| {
            ApiError::new(
                422,
                "Invalid",
                format!("the server rejected our request due to an error in our request: {e}"),
            )
        }),
        "application/strategic-merge-patch+json" => {
            patch::strategic_merge_patch(target, &body).map_err(ApiError::bad_request)
        }
        other => Err(ApiError::unsupported_media(other)),
    }
}

fn patch_object(
    c: &ClusterRef,
    r: &ResourceRequest,
    req: &Req,
) -> Result<Response<Body>, ApiError> {
    let o = opts(req, "kubectl-patch");
    let mut store = c.store.lock();
    let current = store
        .get(r.def.storage, &r.namespace, &r.name)
        .ok_or_else(|| not_found(r))?;
    let current_view = view(r.def, &current).into_owned();
    let mut patched = current_view.clone();
    apply_patch(req, &mut patched)?;
    if r.def.group == "events.k8s.io" {
        patched = events_view::from_events_v1(&patched);
    }
    if let Some(rv) = expected_rv(&patched)
        && rv != meta::resource_version(&current)
    {
        return Err(ApiError::conflict(r.def.group, r.def.plural, &r.name));
    }
    // Identity fields cannot be patched away.
    for k in ["name", "namespace", "uid", "creationTimestamp"] {
        patched["metadata"][k] = current["metadata"][k].clone();
    }
    if let Some(m) = patched["metadata"].as_object_mut() {
        m.retain(|_, v| !v.is_null());
    }
    let mut patched = merge_for_subresource(r, &current, patched);
    defaults::apply(r.def.storage, &mut patched);
    validate::check(r.def, &patched)?;
    check_extension(&store, r.def, &mut patched)?;
    let updated = store.update(r.def.storage, patched, None, &o)?;
    drop(store);
    c.kick.notify_one();
    Ok(json_resp(200, &view(r.def, &updated)))
}

fn delete_options(req: &Req) -> (Option<i64>, bool) {
    let body = serde_json::from_slice::<Value>(&req.body).unwrap_or(Value::Null);
    let grace = req
        .q("gracePeriodSeconds")
        .and_then(|g| g.parse().ok())
        .or_else(|| body["gracePeriodSeconds"].as_i64());
    let policy = req
        .q("propagationPolicy")
        .map(str::to_string)
        .or_else(|| body["propagationPolicy"].as_str().map(str::to_string))
        .or_else(|| (body["orphanDependents"] == json!(true)).then(|| "Orphan".into()));
    (grace, policy.as_deref() == Some("Orphan"))
}

fn delete(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    let (grace, orphan) = delete_options(req);
    let body = serde_json::from_slice::<Value>(&req.body).unwrap_or(Value::Null);
    let mut store = c.store.lock();
    if let Some(uid) = body["preconditions"]["uid"].as_str()
        && let Some(cur) = store.get(r.def.storage, &r.namespace, &r.name)
        && meta::uid(&cur) != uid
    {
        return Err(ApiError::conflict(r.def.group, r.def.plural, &r.name));
    }
    let out = delete_one(
        &mut store,
        r.def,
        &r.namespace,
        &r.name,
        grace,
        orphan,
        req.dry_run(),
    )?;
    drop(store);
    c.kick.notify_one();
    let v = if out["kind"] == "Status" {
        out
    } else {
        view(r.def, &out).into_owned()
    };
    Ok(json_resp(200, &v))
}

fn delete_collection(
    c: &ClusterRef,
    r: &ResourceRequest,
    req: &Req,
) -> Result<Response<Body>, ApiError> {
    let filter = Filter::from_req(r.def, req)?;
    let (grace, orphan) = delete_options(req);
    let mut store = c.store.lock();
    let page = list_page(&store, r.def, &r.namespace, &filter, 0, None)?;
    let mut deleted = Vec::new();
    for obj in &page.items {
        if delete_one(
            &mut store,
            r.def,
            meta::namespace(obj),
            meta::name(obj),
            grace,
            orphan,
            req.dry_run(),
        )
        .is_ok()
        {
            deleted.push(obj.clone());
        }
    }
    let rv = store.resource_version();
    drop(store);
    c.kick.notify_one();
    let page = Page {
        items: deleted,
        rv,
        cont: None,
        remaining: None,
    };
    Ok(json_bytes(200, list_json(r.def, &page)))
}

/// Where a resource keeps what its `scale` subresource reads and writes:
/// the built-in workloads' fields, or the paths a CRD declares.
struct ScalePaths {
    spec: String,
    status: String,
    /// A CRD's path to the selector as a string; None for the built-in
    /// workloads (their `spec.selector`, serialized).
    selector: Option<String>,
}

fn scale_paths(store: &Store, def: &ResourceDef) -> Result<ScalePaths, ApiError> {
    if !def.custom {
        return Ok(ScalePaths {
            spec: ".spec.replicas".into(),
            status: ".status.replicas".into(),
            selector: None,
        });
    }
    store
        .get(crd::STORAGE, "", def.storage)
        .and_then(|c| crd::scale_paths(&c, def.version))
        .map(|(spec, status, selector)| ScalePaths {
            spec,
            status,
            selector: Some(selector),
        })
        .ok_or_else(|| ApiError::not_found(def.group, def.plural, ""))
}

fn scale_of(obj: &Value, paths: &ScalePaths) -> Value {
    let selector = match &paths.selector {
        None => LabelSelector::from_json(&obj["spec"]["selector"])
            .map(|s| s.to_string_canonical())
            .unwrap_or_default(),
        Some(p) => crd::jsonpath::get(obj, p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
    };
    let int_at = |p: &str| crd::jsonpath::get(obj, p).and_then(Value::as_i64);
    // A built-in workload's replicas default to 1; a custom resource's
    // missing value reads as 0.
    let default_spec = i64::from(paths.selector.is_none());
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": obj["metadata"]["name"],
            "namespace": obj["metadata"]["namespace"],
            "uid": obj["metadata"]["uid"],
            "resourceVersion": obj["metadata"]["resourceVersion"],
            "creationTimestamp": obj["metadata"]["creationTimestamp"],
        },
        "spec": {"replicas": int_at(&paths.spec).unwrap_or(default_spec)},
        "status": {"replicas": int_at(&paths.status).unwrap_or(0), "selector": selector},
    })
}

fn scale_get(c: &ClusterRef, r: &ResourceRequest) -> Result<Response<Body>, ApiError> {
    let store = c.store.lock();
    let paths = scale_paths(&store, r.def)?;
    let obj = store
        .get(r.def.storage, &r.namespace, &r.name)
        .ok_or_else(|| not_found(r))?;
    Ok(json_resp(200, &scale_of(&obj, &paths)))
}

fn scale_write(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    let o = opts(req, "kubectl-scale");
    let mut store = c.store.lock();
    let paths = scale_paths(&store, r.def)?;
    let current = store
        .get(r.def.storage, &r.namespace, &r.name)
        .ok_or_else(|| not_found(r))?;
    let mut scale = scale_of(&current, &paths);
    if r.verb == "update" {
        scale = req.body_json()?;
    } else {
        apply_patch(req, &mut scale)?;
    }
    if let Some(rv) = expected_rv(&scale)
        && rv != meta::resource_version(&current)
    {
        return Err(ApiError::conflict(r.def.group, r.def.plural, &r.name));
    }
    let replicas = &scale["spec"]["replicas"];
    let n = match replicas.as_i64() {
        Some(n) if n >= 0 => n,
        _ => {
            return Err(ApiError::invalid(
                "autoscaling",
                "Scale",
                &r.name,
                "spec.replicas",
                &format!("Invalid value: {replicas}: must be greater than or equal to 0"),
            ));
        }
    };
    let mut obj = (*current).clone();
    crd::jsonpath::set(&mut obj, &paths.spec, json!(n));
    let updated = store.update(r.def.storage, obj, None, &o)?;
    drop(store);
    c.kick.notify_one();
    Ok(json_resp(200, &scale_of(&Arc::clone(&updated), &paths)))
}
