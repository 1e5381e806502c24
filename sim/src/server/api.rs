//! Resource requests: get, list (selectors, paging, Tables), create, update,
//! patch, delete, deletecollection, and the scale subresource.

use std::borrow::Cow;
use std::sync::Arc;

use base64::Engine;
use chrono::Utc;
use http::Response;
use serde::Serializer;
use serde_json::{Value, json};

use super::route::ResourceRequest;
use super::{Body, Req, json as json_resp, json_bytes, virtual_res, watch};
use crate::cluster::ClusterRef;
use crate::registry::ResourceDef;
use crate::selector::{FieldSelector, LabelSelector};
use crate::status::{self, ApiError};
use crate::store::{Obj, Store, WriteOpts};
use crate::table::{self, IncludeObject};
use crate::{defaults, events_view, meta, patch, validate};

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
        ("eviction", _) => Err(ApiError::not_implemented(
            "pods/eviction is not simulated by kdeck sim",
        )),
        ("scale", "get") => scale_get(c, r),
        ("scale", "update" | "patch") => scale_write(c, r, req),
        ("" | "status", "get") => get(c, r, req),
        ("", "list") => list(c, r, req),
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

/// The object as the requested group serves it (events.k8s.io is a view).
pub fn view<'a>(def: &ResourceDef, obj: &'a Value) -> Cow<'a, Value> {
    if def.group == "events.k8s.io" {
        Cow::Owned(events_view::to_events_v1(obj))
    } else {
        Cow::Borrowed(obj)
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
    let v = view(r.def, &obj);
    if req.wants_table() {
        let t = table::table(
            r.def.group,
            r.def.plural,
            &[v.as_ref()],
            &meta::resource_version(&obj).to_string(),
            Utc::now(),
            IncludeObject::parse(req.q("includeObject")),
        );
        return Ok(json_resp(200, &t));
    }
    Ok(json_resp(200, &v))
}

/// Parsed `labelSelector` and `fieldSelector` of a list or watch.
pub struct Filter {
    pub labels: LabelSelector,
    pub fields: FieldSelector,
}

impl Filter {
    pub fn from_req(def: &ResourceDef, req: &Req) -> Result<Filter, ApiError> {
        let labels = LabelSelector::parse(req.q("labelSelector").unwrap_or(""))
            .map_err(ApiError::bad_request)?;
        let fields = FieldSelector::parse(req.q("fieldSelector").unwrap_or(""))
            .map_err(ApiError::bad_request)?;
        for f in fields.fields() {
            if !field_supported(def, f) {
                return Err(ApiError::bad_request(format!(
                    "field label not supported: {f}"
                )));
            }
        }
        Ok(Filter { labels, fields })
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.fields.is_empty()
    }

    /// `obj` is in stored form; field paths are those of the served view.
    pub fn matches(&self, def: &ResourceDef, obj: &Value) -> bool {
        self.labels.matches(meta::labels(obj))
            && (self.fields.is_empty() || {
                let v = view(def, obj);
                self.fields.matches(|f| field_value(&v, f))
            })
    }
}

fn field_supported(def: &ResourceDef, f: &str) -> bool {
    if matches!(f, "metadata.name" | "metadata.namespace") {
        return true;
    }
    match (def.group, def.plural) {
        ("", "pods") => matches!(
            f,
            "spec.nodeName"
                | "spec.restartPolicy"
                | "spec.schedulerName"
                | "spec.serviceAccountName"
                | "spec.hostNetwork"
                | "status.phase"
                | "status.podIP"
                | "status.nominatedNodeName"
        ),
        ("", "events") => {
            f.starts_with("involvedObject.")
                || matches!(f, "reason" | "reportingComponent" | "source" | "type")
        }
        ("events.k8s.io", "events") => {
            f.starts_with("regarding.") || matches!(f, "reason" | "reportingController" | "type")
        }
        ("", "nodes") => f == "spec.unschedulable",
        ("", "namespaces") => f == "status.phase",
        ("", "secrets") => f == "type",
        ("apps", "replicasets") => f == "status.replicas",
        _ => false,
    }
}

/// The value a field selector compares for `field` (absent = "").
pub fn field_value(obj: &Value, field: &str) -> Option<String> {
    if field == "source" {
        return obj["source"]["component"].as_str().map(str::to_string);
    }
    let found = field.split('.').try_fold(obj, |cur, part| cur.get(part));
    match found.unwrap_or(&Value::Null) {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
    .or_else(|| (field == "spec.unschedulable").then(|| "false".into()))
}

#[derive(serde::Serialize, serde::Deserialize)]
struct ContinueToken {
    v: String,
    rv: u64,
    start: String,
}

fn encode_continue(rv: u64, ns: &str, name: &str) -> String {
    let start = if ns.is_empty() {
        format!("{name}\u{0}")
    } else {
        format!("{ns}/{name}\u{0}")
    };
    let t = ContinueToken {
        v: "meta.k8s.io/v1".into(),
        rv,
        start,
    };
    base64::engine::general_purpose::STANDARD.encode(serde_json::to_vec(&t).unwrap_or_default())
}

fn decode_continue(s: &str) -> Result<(u64, (String, String)), ApiError> {
    let bad = || {
        ApiError::bad_request(
            "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
        )
    };
    let raw = base64::engine::general_purpose::STANDARD
        .decode(s)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(s))
        .map_err(|_| bad())?;
    let t: ContinueToken = serde_json::from_slice(&raw).map_err(|_| bad())?;
    let start = t.start.trim_end_matches('\u{0}');
    let key = match start.split_once('/') {
        Some((ns, name)) => (ns.to_string(), name.to_string()),
        None => (String::new(), start.to_string()),
    };
    Ok((t.rv, key))
}

/// One page of a list, taken under the store lock.
pub struct Page {
    pub items: Vec<Obj>,
    pub rv: u64,
    pub cont: Option<String>,
    pub remaining: Option<usize>,
}

pub fn list_page(
    store: &Store,
    def: &ResourceDef,
    namespace: &str,
    filter: &Filter,
    limit: usize,
    cont: Option<&str>,
) -> Result<Page, ApiError> {
    let (rv, after) = match cont.filter(|c| !c.is_empty()) {
        Some(c) => {
            let (rv, key) = decode_continue(c)?;
            (rv, Some(key))
        }
        None => (store.resource_version(), None),
    };
    let ns = (!namespace.is_empty()).then_some(namespace);
    let mut items = Vec::new();
    let mut it = store.list_after(def.storage, ns, after);
    let mut cont = None;
    let mut remaining = None;
    for obj in it.by_ref() {
        if !filter.matches(def, obj) {
            continue;
        }
        if limit > 0 && items.len() == limit {
            let last: &Obj = items.last().expect("limit > 0");
            cont = Some(encode_continue(rv, meta::namespace(last), meta::name(last)));
            if filter.is_empty() {
                remaining = Some(1 + it.count());
            }
            break;
        }
        items.push(obj.clone());
    }
    Ok(Page {
        items,
        rv,
        cont,
        remaining,
    })
}

/// Serialize a list the way the API server does: items without their own
/// kind and apiVersion.
pub fn list_json(def: &ResourceDef, page: &Page) -> Vec<u8> {
    let mut out = Vec::with_capacity(page.items.len() * 2048 + 256);
    let mut metadata = json!({"resourceVersion": page.rv.to_string()});
    if let Some(c) = &page.cont {
        metadata["continue"] = json!(c);
    }
    if let Some(n) = page.remaining {
        metadata["remainingItemCount"] = json!(n);
    }
    let head =
        json!({"kind": def.list_kind(), "apiVersion": def.api_version(), "metadata": metadata});
    let head = head.to_string();
    out.extend_from_slice(&head.as_bytes()[..head.len() - 1]);
    out.extend_from_slice(b",\"items\":[");
    for (i, obj) in page.items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let v = view(def, obj);
        let mut ser = serde_json::Serializer::new(&mut out);
        if let Some(m) = v.as_object() {
            // Writing into a Vec cannot fail.
            let _ = ser.collect_map(m.iter().filter(|(k, _)| *k != "kind" && *k != "apiVersion"));
        }
    }
    out.extend_from_slice(b"]}");
    out
}

fn list(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    let filter = Filter::from_req(r.def, req)?;
    let limit = req
        .q("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0usize);
    let page = {
        let store = c.store.lock();
        list_page(
            &store,
            r.def,
            &r.namespace,
            &filter,
            limit,
            req.q("continue"),
        )?
    };
    if req.wants_table() {
        let views: Vec<Cow<Value>> = page.items.iter().map(|o| view(r.def, o)).collect();
        let refs: Vec<&Value> = views.iter().map(|v| v.as_ref()).collect();
        let mut t = table::table(
            r.def.group,
            r.def.plural,
            &refs,
            &page.rv.to_string(),
            Utc::now(),
            IncludeObject::parse(req.q("includeObject")),
        );
        if let Some(cn) = &page.cont {
            t["metadata"]["continue"] = json!(cn);
        }
        if let Some(n) = page.remaining {
            t["metadata"]["remainingItemCount"] = json!(n);
        }
        return Ok(json_resp(200, &t));
    }
    Ok(json_bytes(200, list_json(r.def, &page)))
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
    if r.def.storage == "services" {
        allocate_cluster_ip(&mut store, &mut obj);
    }
    let created = store.create(r.def.storage, obj, &o)?;
    drop(store);
    c.kick.notify_one();
    Ok(json_resp(201, &view(r.def, &created)))
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
    let updated = store.update(r.def.storage, patched, None, &o)?;
    drop(store);
    c.kick.notify_one();
    Ok(json_resp(200, &view(r.def, &updated)))
}

/// Delete one object with API-server semantics: scheduled pods and
/// namespaces terminate gracefully, the rest go at once; dependents are
/// garbage-collected by the controllers unless orphaned.
pub fn delete_one(
    store: &mut Store,
    def: &ResourceDef,
    ns: &str,
    name: &str,
    grace: Option<i64>,
    orphan: bool,
    dry_run: bool,
) -> Result<Value, ApiError> {
    let current = store
        .get(def.storage, ns, name)
        .ok_or_else(|| ApiError::not_found(def.group, def.plural, name))?;
    let o = WriteOpts {
        manager: "kube-apiserver",
        now: Utc::now(),
        dry_run,
    };
    let graceful = match def.storage {
        "pods" => {
            let g = grace.unwrap_or_else(|| {
                current["spec"]["terminationGracePeriodSeconds"]
                    .as_i64()
                    .unwrap_or(30)
            });
            let scheduled = current["spec"]["nodeName"]
                .as_str()
                .is_some_and(|n| !n.is_empty());
            let finished = matches!(
                current["status"]["phase"].as_str(),
                Some("Succeeded" | "Failed")
            );
            (g > 0 && scheduled && !finished).then_some(g)
        }
        "namespaces" => Some(0),
        _ => None,
    };
    if orphan && !dry_run {
        let uid = meta::uid(&current).to_string();
        orphan_dependents(store, &uid, &o);
    }
    match graceful {
        Some(g) => {
            if current["metadata"]["deletionTimestamp"].is_string() {
                return Ok((*current).clone());
            }
            let mut v = (*current).clone();
            v["metadata"]["deletionTimestamp"] =
                json!(meta::ts(Utc::now() + chrono::Duration::seconds(g)));
            v["metadata"]["deletionGracePeriodSeconds"] = json!(g);
            if def.storage == "namespaces" {
                v["status"]["phase"] = json!("Terminating");
            }
            Ok((*store.update(def.storage, v, None, &o)?).clone())
        }
        None => {
            let gone = store.delete(def.storage, ns, name, dry_run)?;
            if def.storage == "pods" {
                Ok((*gone).clone())
            } else {
                Ok(status::success(
                    def.group,
                    def.plural,
                    name,
                    meta::uid(&gone),
                ))
            }
        }
    }
}

fn orphan_dependents(store: &mut Store, owner_uid: &str, o: &WriteOpts) {
    for storage in ["replicasets", "pods"] {
        let owned: Vec<Obj> = store
            .list(storage, None)
            .filter(|x| meta::controller_uid(x) == Some(owner_uid))
            .cloned()
            .collect();
        for x in owned {
            let mut v = (*x).clone();
            if let Some(refs) = v["metadata"]["ownerReferences"].as_array_mut() {
                refs.retain(|r| r["uid"] != owner_uid);
            }
            let _ = store.update(storage, v, None, o);
        }
    }
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

fn scale_of(obj: &Value) -> Value {
    let selector = LabelSelector::from_json(&obj["spec"]["selector"])
        .map(|s| s.to_string_canonical())
        .unwrap_or_default();
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
        "spec": {"replicas": obj["spec"]["replicas"].as_i64().unwrap_or(1)},
        "status": {"replicas": obj["status"]["replicas"].as_i64().unwrap_or(0), "selector": selector},
    })
}

fn scale_get(c: &ClusterRef, r: &ResourceRequest) -> Result<Response<Body>, ApiError> {
    let obj = c
        .get(r.def.storage, &r.namespace, &r.name)
        .ok_or_else(|| not_found(r))?;
    Ok(json_resp(200, &scale_of(&obj)))
}

fn scale_write(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    let o = opts(req, "kubectl-scale");
    let mut store = c.store.lock();
    let current = store
        .get(r.def.storage, &r.namespace, &r.name)
        .ok_or_else(|| not_found(r))?;
    let mut scale = scale_of(&current);
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
    obj["spec"]["replicas"] = json!(n);
    let updated = store.update(r.def.storage, obj, None, &o)?;
    drop(store);
    c.kick.notify_one();
    Ok(json_resp(200, &scale_of(&Arc::clone(&updated))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continue_tokens_round_trip() {
        let t = encode_continue(42, "team-1", "web-abc");
        let (rv, key) = decode_continue(&t).unwrap();
        assert_eq!(rv, 42);
        assert_eq!(key, ("team-1".to_string(), "web-abc".to_string()));
        let (_, key) = decode_continue(&encode_continue(1, "", "node-1")).unwrap();
        assert_eq!(key, (String::new(), "node-1".to_string()));
        assert_eq!(decode_continue("%%%").unwrap_err().code, 400);
    }

    #[test]
    fn real_continue_token_decodes() {
        let real = "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MjY0MDQsInN0YXJ0Ijoic3ZjLTEtNzlkNzRkOTg5NS0yOHBxZFx1MDAwMCJ9";
        let (rv, key) = decode_continue(real).unwrap();
        assert_eq!(rv, 26404);
        assert_eq!(key.1, "svc-1-79d74d9895-28pqd");
    }

    #[test]
    fn field_values() {
        let pod = json!({"metadata": {"name": "a"}, "spec": {"nodeName": "n1"}, "status": {"phase": "Running"}});
        assert_eq!(field_value(&pod, "spec.nodeName").as_deref(), Some("n1"));
        assert_eq!(field_value(&pod, "status.podIP"), None);
        let node = json!({"spec": {}});
        assert_eq!(
            field_value(&node, "spec.unschedulable").as_deref(),
            Some("false")
        );
        let ev = json!({"source": {"component": "kubelet"}});
        assert_eq!(field_value(&ev, "source").as_deref(), Some("kubelet"));
    }
}
