//! Lists: paging with continue tokens, the list body as the API server
//! writes it, and the list request (JSON or Table).

use std::borrow::Cow;

use base64::Engine;
use chrono::Utc;
use http::Response;
use serde::Serializer;
use serde_json::{Value, json};

use super::filter::{Filter, view};
use super::route::ResourceRequest;
use super::{Body, Req, json as json_resp, json_bytes};
use crate::cluster::ClusterRef;
use crate::meta;
use crate::registry::ResourceDef;
use crate::status::ApiError;
use crate::store::{Obj, Store};
use crate::table::{self, IncludeObject};

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
            // Writing into a Vec cannot fail. Custom resources keep their
            // kind and apiVersion in lists (they are served unstructured).
            let _ = ser.collect_map(
                m.iter()
                    .filter(|(k, _)| def.custom || (*k != "kind" && *k != "apiVersion")),
            );
        }
    }
    out.extend_from_slice(b"]}");
    out
}

/// The CRD of a custom resource (None for built-in ones).
pub fn crd_of(store: &Store, def: &ResourceDef) -> Option<Obj> {
    def.custom
        .then(|| store.get(crate::crd::STORAGE, "", def.storage))
        .flatten()
}

/// `GET` on a collection: a page of a list, as JSON or as a Table.
pub fn serve(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    let filter = Filter::from_req(r.def, req)?;
    let limit = req
        .q("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0usize);
    let (page, crd) = {
        let store = c.store.lock();
        let page = list_page(
            &store,
            r.def,
            &r.namespace,
            &filter,
            limit,
            req.q("continue"),
        )?;
        // The objects must be converted to the version asked for (an
        // empty page needs no conversion).
        if !page.items.is_empty()
            && let Some(e) =
                crate::crd::conversion::failure(&store, r.def, crate::crd::conversion::Way::Read)
        {
            return Err(e);
        }
        (page, crd_of(&store, r.def))
    };
    if req.wants_table() {
        let views: Vec<Cow<Value>> = page.items.iter().map(|o| view(r.def, o)).collect();
        let refs: Vec<&Value> = views.iter().map(|v| v.as_ref()).collect();
        let mut t = table::table_for(
            r.def,
            crd.as_deref(),
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
}
