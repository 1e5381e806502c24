//! What a cluster serves: its resources from discovery, held compactly
//! (group, version, kind, plural, singular, short names, categories,
//! scope, verbs), and kept current.
//!
//! Aggregated discovery (`apidiscovery.k8s.io/v2`, one request for `/apis`
//! and one for `/api`) is asked first, as kubectl does; a server that
//! answers with the legacy documents gets the legacy walk (`/api/v1`, then
//! each group's preferred version). A group whose list fails (an aggregated
//! API server that is down) is left out; the others are kept.
//!
//! When the cluster serves CustomResourceDefinitions and lets the user
//! watch them, a lean watch (metadata only) follows them and discovery is
//! asked again after a CRD is added, changed (established) or removed.
//! Otherwise the app asks again when the command line opens and what it
//! holds is older than a minute (see `app::discovery`).

use std::sync::Arc;
use std::time::Duration;

use futures::{FutureExt, StreamExt};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Client;
use kube::api::{Api, PartialObjectMeta};
use kube::runtime::watcher::{self, Event as WEvent};
use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

use super::ClusterEvent;
use super::errors::classify;
use super::kind::Res;

/// What kdeck sends for aggregated discovery (kubectl's Accept).
const ACCEPT_AGGREGATED: &str =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

/// The verbs a resource supports, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Verbs(u16);

const VERBS: [&str; 8] = [
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
];

impl Verbs {
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Verbs {
        let mut bits = 0;
        for n in names {
            if let Some(i) = VERBS.iter().position(|v| *v == n) {
                bits |= 1 << i;
            }
        }
        Verbs(bits)
    }

    pub fn has(self, verb: &str) -> bool {
        VERBS
            .iter()
            .position(|v| *v == verb)
            .is_some_and(|i| self.0 & (1 << i) != 0)
    }

    pub fn names(self) -> impl Iterator<Item = &'static str> {
        VERBS
            .into_iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, v)| v)
    }
}

/// One served resource (its preferred version).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResource {
    /// Group, version, plural, kind, scope (interned).
    pub res: Res,
    pub singular: Box<str>,
    pub short_names: Box<[Box<str>]>,
    pub categories: Box<[Box<str>]>,
    pub verbs: Verbs,
}

impl ApiResource {
    /// Whether it can be shown as a table (listed and watched).
    pub fn viewable(&self) -> bool {
        self.verbs.has("list") && self.verbs.has("watch")
    }
}

/// Everything one cluster serves.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resources {
    pub items: Vec<ApiResource>,
    /// Found through aggregated discovery (else the legacy walk).
    pub aggregated: bool,
    /// Groups whose discovery failed (left out), with why.
    pub failed: Vec<(String, String)>,
    /// The CRDs (`plural.group`) seen deleted since the previous report
    /// (their resources are no longer served because of that).
    pub deleted_crds: Vec<Box<str>>,
}

impl Resources {
    /// Whether `res` (group and plural) is served here.
    pub fn serves(&self, res: Res) -> bool {
        let r = res.get();
        self.items
            .iter()
            .any(|a| a.res.get().group == r.group && a.res.get().plural == r.plural)
    }
}

fn strings(v: &Value) -> Box<[Box<str>]> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(Box::from).collect())
        .unwrap_or_default()
}

/// One resource of a legacy `APIResourceList` or an aggregated
/// `APIResourceDiscovery` (subresources and nameless entries: None).
fn resource(group: &str, version: &str, r: &Value, aggregated: bool) -> Option<ApiResource> {
    let plural = r[if aggregated { "resource" } else { "name" }].as_str()?;
    if plural.is_empty() || plural.contains('/') {
        return None;
    }
    let kind = if aggregated {
        r["responseKind"]["kind"].as_str()
    } else {
        r["kind"].as_str()
    }
    .unwrap_or("");
    let namespaced = if aggregated {
        r["scope"] == "Namespaced"
    } else {
        r["namespaced"] == true
    };
    let singular = r[if aggregated {
        "singularResource"
    } else {
        "singularName"
    }]
    .as_str()
    .filter(|s| !s.is_empty())
    .map_or_else(|| kind.to_lowercase(), str::to_string);
    Some(ApiResource {
        res: Res::intern(group, version, plural, kind, namespaced),
        singular: singular.into(),
        short_names: strings(&r["shortNames"]),
        categories: strings(&r["categories"]),
        verbs: Verbs::from_names(
            r["verbs"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(Value::as_str),
        ),
    })
}

/// The resources of an aggregated discovery document (`/api` or `/apis`):
/// each group's first (preferred) version. None if it is not one.
pub fn from_aggregated(doc: &Value) -> Option<Vec<ApiResource>> {
    if doc["kind"] != "APIGroupDiscoveryList" {
        return None;
    }
    let mut out = Vec::new();
    for g in doc["items"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let group = g["metadata"]["name"].as_str().unwrap_or("");
        let Some(v) = g["versions"].as_array().and_then(|v| v.first()) else {
            continue;
        };
        let version = v["version"].as_str().unwrap_or("");
        for r in v["resources"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            out.extend(resource(group, version, r, true));
        }
    }
    Some(out)
}

/// The resources of a legacy `APIResourceList` of `group`/`version`.
pub fn from_legacy(group: &str, version: &str, list: &Value) -> Vec<ApiResource> {
    list["resources"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|r| resource(group, version, r, false))
        .collect()
}

/// GET `path` as JSON with `accept` (kube's error kept: callers tell a
/// 404 from a 403).
pub(crate) async fn get(client: &Client, path: &str, accept: &str) -> Result<Value, kube::Error> {
    let req = http::Request::get(path)
        .header(http::header::ACCEPT, accept)
        .body(Vec::new())
        .map_err(kube::Error::HttpError)?;
    client.request::<Value>(req).await
}

/// Asks the cluster what it serves.
pub async fn discover(client: &Client) -> Result<Resources, String> {
    let msg = |e: kube::Error| classify(&e).message().to_string();
    let core = get(client, "/api", ACCEPT_AGGREGATED).await.map_err(msg)?;
    let apis = get(client, "/apis", ACCEPT_AGGREGATED).await.map_err(msg)?;
    if let (Some(mut items), Some(more)) = (from_aggregated(&core), from_aggregated(&apis)) {
        items.extend(more);
        return Ok(Resources {
            items,
            aggregated: true,
            ..Resources::default()
        });
    }
    // The legacy walk: /api's versions, then each group's preferred one.
    let mut out = Resources::default();
    let core_version = core["versions"]
        .as_array()
        .and_then(|v| v.first())
        .and_then(Value::as_str)
        .unwrap_or("v1")
        .to_string();
    match get(client, &format!("/api/{core_version}"), "application/json").await {
        Ok(list) => out.items.extend(from_legacy("", &core_version, &list)),
        Err(e) => return Err(msg(e)),
    }
    for g in apis["groups"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let name = g["name"].as_str().unwrap_or("");
        let preferred = g["preferredVersion"]["version"]
            .as_str()
            .or_else(|| g["versions"][0]["version"].as_str());
        let Some(version) = preferred.filter(|_| !name.is_empty()) else {
            continue;
        };
        match get(
            client,
            &format!("/apis/{name}/{version}"),
            "application/json",
        )
        .await
        {
            Ok(list) => out.items.extend(from_legacy(name, version, &list)),
            Err(e) => out.failed.push((format!("{name}/{version}"), msg(e))),
        }
    }
    Ok(out)
}

/// A CRD change is followed by a new discovery after this pause (a CRD
/// is created, then established: one discovery for both).
const SETTLE: Duration = Duration::from_millis(300);

/// The name of a CRD the watch saw deleted, kept in `deleted`.
fn note(
    deleted: &mut Vec<Box<str>>,
    ev: &Result<WEvent<PartialObjectMeta<CustomResourceDefinition>>, watcher::Error>,
) {
    if let Ok(WEvent::Delete(o)) = ev
        && let Some(n) = &o.metadata.name
    {
        deleted.push(n.as_str().into());
    }
}

/// Discovers cluster `cluster` and reports it; then, if CRDs are served
/// and may be watched, follows them and reports again after each change.
/// The task ends when aborted (or when CRDs cannot be followed).
pub fn spawn(
    cluster: usize,
    client: Client,
    tx: UnboundedSender<ClusterEvent>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let report = |result: Result<Resources, String>| {
            if let Err(e) = &result {
                tracing::info!(cluster, "discovery failed: {e}");
            }
            tx.send(ClusterEvent::Discovered {
                cluster,
                result: result.map(Arc::new),
            })
            .is_ok()
        };
        let first = discover(&client).await;
        let crds = first.as_ref().is_ok_and(|r| {
            r.items.iter().any(|a| {
                a.res.get().group == "apiextensions.k8s.io"
                    && a.res.get().plural == "customresourcedefinitions"
                    && a.verbs.has("watch")
            })
        });
        if !report(first) || !crds {
            return;
        }
        // Metadata only: a CRD's schema can be large.
        let api: Api<PartialObjectMeta<CustomResourceDefinition>> = Api::all(client.clone());
        let stream = watcher::watcher(api, watcher::Config::default());
        let mut stream = std::pin::pin!(stream);
        let mut listed = false;
        // The CRDs deleted since the last report.
        let mut deleted: Vec<Box<str>> = Vec::new();
        while let Some(ev) = stream.next().await {
            note(&mut deleted, &ev);
            match ev {
                Ok(WEvent::InitDone) => listed = true,
                Ok(WEvent::Apply(_) | WEvent::Delete(_)) if listed => {
                    // Let a burst of changes settle, then ask once.
                    tokio::time::sleep(SETTLE).await;
                    while let Some(Some(ev)) = stream.next().now_or_never() {
                        note(&mut deleted, &ev);
                    }
                    let found = discover(&client).await.map(|mut r| {
                        r.deleted_crds = std::mem::take(&mut deleted);
                        r
                    });
                    if !report(found) {
                        return;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let p = super::errors::classify_watch(&e);
                    if matches!(p, super::errors::Problem::Forbidden(_)) {
                        // Not allowed to follow CRDs: the app asks again
                        // now and then instead.
                        return;
                    }
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
    })
}

#[cfg(test)]
mod tests;
