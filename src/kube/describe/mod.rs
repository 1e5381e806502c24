//! Whole objects, fetched on demand (never cached): the YAML view and a
//! kubectl-describe-like text that includes the object's recent events.
//!
//! The text is a header every kind shares (name, labels, owner...), a
//! section of the kind's own (one file per kind family), then the events.

mod events;
pub mod generic;
mod nodes;
mod other;
mod pods;
mod quotas;
mod workloads;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{Event, LimitRange, Namespace, Node, Pod, ResourceQuota, Service};
use kube::api::{Api, ListParams};
use kube::{Client, Resource};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::errors::classify;
use super::rows;
use crate::kube::kind::Kind;

async fn get_api<K>(api: Api<K>, name: &str) -> Result<Value, String>
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + std::fmt::Debug + serde::Serialize,
{
    let obj = api
        .get(name)
        .await
        .map_err(|e| classify(&e).message().to_string())?;
    serde_json::to_value(&obj).map_err(|e| e.to_string())
}

/// Fetch one whole object as JSON.
pub async fn fetch(client: &Client, kind: Kind, ns: &str, name: &str) -> Result<Value, String> {
    let c = client.clone();
    match kind {
        Kind::Pods => get_api(Api::<Pod>::namespaced(c, ns), name).await,
        Kind::Deployments => get_api(Api::<Deployment>::namespaced(c, ns), name).await,
        Kind::StatefulSets => get_api(Api::<StatefulSet>::namespaced(c, ns), name).await,
        Kind::DaemonSets => get_api(Api::<DaemonSet>::namespaced(c, ns), name).await,
        Kind::ReplicaSets => get_api(Api::<ReplicaSet>::namespaced(c, ns), name).await,
        Kind::Services => get_api(Api::<Service>::namespaced(c, ns), name).await,
        Kind::Nodes => get_api(Api::<Node>::all(c), name).await,
        Kind::Namespaces => get_api(Api::<Namespace>::all(c), name).await,
        Kind::ResourceQuotas => get_api(Api::<ResourceQuota>::namespaced(c, ns), name).await,
        Kind::LimitRanges => get_api(Api::<LimitRange>::namespaced(c, ns), name).await,
        Kind::Events => get_api(Api::<Event>::namespaced(c, ns), name).await,
        Kind::Generic(_) => {
            let req = http::Request::get(kind.path(ns, name))
                .header(http::header::ACCEPT, "application/json")
                .body(Vec::new())
                .map_err(|e| e.to_string())?;
            client
                .request::<Value>(req)
                .await
                .map_err(|e| classify(&e).message().to_string())
        }
    }
}

/// The YAML view of an object: a secret's values hidden unless revealed,
/// its long strings and lists cut ([`bound`]).
pub fn view_yaml(kind: Kind, mut obj: Value, managed_fields: bool, reveal: bool) -> String {
    if is_secret(kind) && !reveal {
        generic::hide_secret(&mut obj);
    }
    bound_object(kind, &mut obj);
    yaml(&obj, managed_fields)
}

/// [`bound`] an object, but never a secret's values: a certificate chain
/// or a kubeconfig is longer than any status message, and cut base64 no
/// longer decodes (its size would be said wrong, and a revealed value
/// would be broken). A secret holds at most 1 MiB.
pub(super) fn bound_object(kind: Kind, obj: &mut Value) {
    let keep: Vec<(&str, Value)> = if is_secret(kind) {
        ["data", "stringData", "binaryData"]
            .into_iter()
            .filter_map(|k| Some((k, obj.as_object_mut()?.remove(k)?)))
            .collect()
    } else {
        Vec::new()
    };
    bound(obj);
    if let Some(m) = obj.as_object_mut() {
        for (k, v) in keep {
            m.insert(k.to_string(), v);
        }
    }
}

/// The longest string shown whole in describe and YAML, in bytes.
pub const MAX_STRING: usize = 4096;
/// The most items of one list shown in describe and YAML.
pub const MAX_ITEMS: usize = 300;

/// Cuts what no screen can show: a string longer than [`MAX_STRING`] (a
/// status message of megabytes) keeps its start and says how many bytes
/// are not shown; a list longer than [`MAX_ITEMS`] (thousands of
/// conditions) keeps its first items and says how many are not shown. The
/// text built from the object stays bounded, whatever the cluster holds.
pub fn bound(v: &mut Value) {
    match v {
        Value::String(s) if s.len() > MAX_STRING => {
            let mut end = MAX_STRING;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            let more = s.len() - end;
            s.truncate(end);
            s.push_str(&format!("… ({more} more bytes not shown)"));
        }
        Value::Array(a) => {
            if a.len() > MAX_ITEMS {
                let more = a.len() - MAX_ITEMS;
                a.truncate(MAX_ITEMS);
                a.push(Value::String(format!("… {more} more items not shown")));
            }
            a.iter_mut().for_each(bound);
        }
        Value::Object(m) => m.values_mut().for_each(bound),
        _ => {}
    }
}

fn is_secret(kind: Kind) -> bool {
    kind.generic().is_some_and(|r| r.is_secret())
}

/// YAML of an object; `managedFields` hidden unless asked for.
pub fn yaml(obj: &Value, managed_fields: bool) -> String {
    let mut v = obj.clone();
    if !managed_fields && let Some(m) = v["metadata"].as_object_mut() {
        m.remove("managedFields");
    }
    serde_saphyr::to_string(&v).unwrap_or_else(|e| format!("# cannot render YAML: {e}\n{v:#}"))
}

/// Events about the object with `uid` (as `kubectl describe` lists them).
async fn events_for(
    client: &Client,
    ns: &str,
    name: &str,
    uid: &str,
) -> Result<Vec<rows::EventRow>, String> {
    let api: Api<Event> = if ns.is_empty() {
        Api::all(client.clone())
    } else {
        Api::namespaced(client.clone(), ns)
    };
    let mut fields = format!("involvedObject.name={name}");
    if !uid.is_empty() {
        fields.push_str(&format!(",involvedObject.uid={uid}"));
    }
    match api.list(&ListParams::default().fields(&fields)).await {
        Ok(list) => {
            let mut evs: Vec<rows::EventRow> = list.items.iter().map(rows::event_row).collect();
            evs.sort_by_key(|e| e.last_seen);
            Ok(evs)
        }
        Err(e) => Err(crate::kube::errors::classify(&e).message().to_string()),
    }
}

/// A describe text for one object, with its events (a secret's values
/// only if `reveal`).
pub async fn describe(
    client: &Client,
    kind: Kind,
    ns: &str,
    name: &str,
    reveal: bool,
) -> Result<String, String> {
    let mut obj = fetch(client, kind, ns, name).await?;
    bound_object(kind, &mut obj);
    if is_secret(kind) && !reveal {
        // Never held in the text: only the sizes are said.
        let keep = obj["data"].clone();
        generic::hide_secret(&mut obj);
        obj["data"] = keep;
    }
    let uid = obj["metadata"]["uid"].as_str().unwrap_or("").to_string();
    let events = events_for(client, ns, name, &uid).await;
    let events = match &events {
        Ok(list) => Ok(list.as_slice()),
        Err(e) => Err(e.as_str()),
    };
    Ok(render_describe_revealed(
        kind,
        &obj,
        events,
        Utc::now(),
        reveal,
    ))
}

/// The describe text being written.
struct Out(String);

impl Out {
    fn kv(&mut self, indent: usize, k: &str, v: impl std::fmt::Display) {
        let pad = " ".repeat(indent);
        // An empty key continues the previous value (more labels...).
        let key = if k.is_empty() {
            String::new()
        } else {
            format!("{k}:")
        };
        self.0.push_str(&format!(
            "{pad}{key:<width$}{v}\n",
            width = 22usize.saturating_sub(indent).max(key.len() + 1)
        ));
    }

    /// A key with several values: the first beside it, the others below,
    /// `<none>` when there are none.
    fn list(&mut self, k: &str, items: &[String]) {
        self.kv(
            0,
            k,
            items.first().cloned().unwrap_or_else(|| "<none>".into()),
        );
        for item in items.iter().skip(1) {
            self.kv(0, "", item);
        }
    }

    fn line(&mut self, s: impl AsRef<str>) {
        self.0.push_str(s.as_ref());
        self.0.push('\n');
    }
}

/// `k=v` for each entry of a JSON object (labels, selectors...).
fn map_lines(v: &Value) -> Vec<String> {
    v.as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(&v.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// A JSON value as text: strings bare, null as `<none>`.
fn s(v: &Value) -> String {
    match v {
        Value::String(x) => x.clone(),
        Value::Null => "<none>".into(),
        other => other.to_string(),
    }
}

/// The describe text (pure: testable without a cluster).
pub fn render_describe(
    kind: Kind,
    obj: &Value,
    events: Result<&[rows::EventRow], &str>,
    now: DateTime<Utc>,
) -> String {
    render_describe_revealed(kind, obj, events, now, false)
}

/// [`render_describe`], a secret's values shown when `reveal`.
pub fn render_describe_revealed(
    kind: Kind,
    obj: &Value,
    events: Result<&[rows::EventRow], &str>,
    now: DateTime<Utc>,
    reveal: bool,
) -> String {
    let mut o = Out(String::new());
    header(&mut o, &obj["metadata"]);
    match kind {
        Kind::Pods => pods::render(&mut o, obj),
        Kind::Deployments | Kind::StatefulSets | Kind::ReplicaSets | Kind::DaemonSets => {
            workloads::render(&mut o, kind, obj);
        }
        Kind::Nodes => nodes::render(&mut o, obj),
        Kind::ResourceQuotas => quotas::render(&mut o, obj),
        Kind::Events => events::render(&mut o, obj),
        Kind::Services | Kind::Namespaces | Kind::LimitRanges => other::render(&mut o, obj),
        Kind::Generic(r) => generic::render(&mut o, obj, r.is_secret(), reveal),
    }
    events_section(&mut o, events, now);
    o.0
}

/// What every kind starts with: names, labels, annotations, owner.
fn header(o: &mut Out, m: &Value) {
    o.kv(0, "Name", s(&m["name"]));
    if m["namespace"].is_string() {
        o.kv(0, "Namespace", s(&m["namespace"]));
    }
    o.list("Labels", &map_lines(&m["labels"]));
    let annotations: Vec<String> = map_lines(&m["annotations"])
        .into_iter()
        .filter(|a| !a.starts_with("kubectl.kubernetes.io/last-applied"))
        .collect();
    o.list("Annotations", &annotations);
    o.kv(0, "CreationTimestamp", s(&m["creationTimestamp"]));
    if let Some(owner) = m["ownerReferences"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["controller"] == true))
    {
        o.kv(
            0,
            "Controlled By",
            format!("{}/{}", s(&owner["kind"]), s(&owner["name"])),
        );
    }
}

/// The object's events, oldest first, as kubectl lists them.
fn events_section(o: &mut Out, events: Result<&[rows::EventRow], &str>, now: DateTime<Utc>) {
    let events = match events {
        Ok(list) => list,
        Err(e) => {
            // Never "<none>" when we could not look.
            o.kv(0, "Events", format!("cannot list events: {e}"));
            return;
        }
    };
    if events.is_empty() {
        o.kv(0, "Events", "<none>");
        return;
    }
    o.line("Events:");
    o.line(format!(
        "  {:<8} {:<20} {:<10} {:<20} {}",
        "Type", "Reason", "Age", "From", "Message"
    ));
    o.line(format!(
        "  {:<8} {:<20} {:<10} {:<20} {}",
        "----", "------", "---", "----", "-------"
    ));
    for e in events {
        let age = if e.count > 1 {
            format!(
                "{} (x{} over {})",
                rows::age(e.last_seen, now),
                e.count,
                rows::age(e.first_seen, now)
            )
        } else {
            rows::age(e.last_seen, now)
        };
        o.line(format!(
            "  {:<8} {:<20} {:<10} {:<20} {}",
            e.kind_type(),
            e.reason(),
            age,
            e.source(),
            e.message()
        ));
    }
}

/// The status conditions table (pods, workloads, nodes).
fn conditions(o: &mut Out, status: &Value) {
    let Some(cs) = status["conditions"].as_array().filter(|c| !c.is_empty()) else {
        return;
    };
    o.line("Conditions:");
    o.line(format!("  {:<28} {:<8} {}", "Type", "Status", "Reason"));
    for c in cs {
        // What `bound` left of a long list says how much is not shown.
        if let Some(note) = c.as_str() {
            o.line(format!("  {note}"));
            continue;
        }
        o.line(format!(
            "  {:<28} {:<8} {}",
            s(&c["type"]),
            s(&c["status"]),
            c["reason"].as_str().unwrap_or("")
        ));
    }
}
