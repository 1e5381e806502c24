//! Reading or writing a custom resource at a version other than the one it
//! is stored at needs the CRD's conversion. Strategy `None` only relabels the
//! apiVersion (the sim serves every version from the same objects). With
//! strategy `Webhook` a real server calls the webhook; the sim cannot run
//! one, so it converts when the webhook's service exists (as if it
//! answered) and otherwise fails as a real server does when it cannot
//! reach it: HTTP 500, a Status without a reason, and the apiextensions
//! server's words, `conversion webhook for cert-manager.io/v1alpha2,
//! Kind=Certificate failed: Post "https://cert-manager-webhook.cert-manager.svc:443/convert?timeout=30s":
//! service "cert-manager-webhook" not found` (the kind at its stored
//! version). Creating the service, or switching the CRD's conversion to
//! `None`, ends the failure.

use serde_json::Value;

use crate::registry::ResourceDef;
use crate::status::ApiError;
use crate::store::Store;

/// Which way an object is converted: read from its stored version, or
/// written at the version of the request (the message names the version
/// the object is converted from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    Read,
    Write,
}

/// Why reading or writing `def` (a version of a custom resource) cannot
/// convert now; None when it can (or needs no conversion).
pub fn failure(store: &Store, def: &ResourceDef, way: Way) -> Option<ApiError> {
    if !def.custom {
        return None;
    }
    let crd = store.get(super::STORAGE, "", def.storage)?;
    failure_of(&crd, def, way, |ns, name| {
        store.get("services", ns, name).is_some()
    })
}

/// [`failure`] for a CRD, with `service_exists` answering whether a
/// service is there.
pub fn failure_of(
    crd: &Value,
    def: &ResourceDef,
    way: Way,
    service_exists: impl Fn(&str, &str) -> bool,
) -> Option<ApiError> {
    let conversion = &crd["spec"]["conversion"];
    if conversion["strategy"] != "Webhook" {
        return None;
    }
    let stored = super::storage_version(crd)?;
    if stored == def.version {
        return None;
    }
    let config = &conversion["webhook"]["clientConfig"];
    let service = &config["service"];
    let (Some(ns), Some(name)) = (service["namespace"].as_str(), service["name"].as_str()) else {
        // A URL: the sim takes it as answering.
        return None;
    };
    if service_exists(ns, name) {
        return None;
    }
    let port = service["port"].as_i64().unwrap_or(443);
    let path = service["path"].as_str().unwrap_or("");
    let from = match way {
        Way::Read => stored,
        Way::Write => def.version,
    };
    let message = format!(
        "conversion webhook for {}/{from}, Kind={} failed: Post \"https://{name}.{ns}.svc:{port}{path}?timeout=30s\": service {} not found",
        def.group,
        def.kind,
        crate::status::go_quote(name),
    );
    Some(ApiError::new(500, "", message))
}
