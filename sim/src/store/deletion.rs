//! Deleting an object as the API server does on DELETE: graceful
//! termination for scheduled pods and namespaces, orphaning on request.
//! The HTTP layer and the controllers both delete through here.

use chrono::Utc;
use serde_json::{Value, json};

use super::{Obj, Store, WriteOpts};
use crate::meta;
use crate::registry::ResourceDef;
use crate::status::{self, ApiError};

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
    if def.storage == crate::crd::STORAGE && !dry_run {
        return delete_crd(store, &current, &o);
    }
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

/// The finalizer the apiextensions server puts on a CRD being deleted.
const CRD_CLEANUP: &str = "customresourcecleanup.apiextensions.k8s.io";

/// A CRD goes as the apiextensions server deletes it: marked for deletion
/// (`deletionTimestamp`, its cleanup finalizer and a `Terminating`
/// condition, `crd::establish`), its custom resources deleted (each a
/// DELETED event to their watchers, `Store::crd_changed`), then the CRD
/// itself, which ends the open watches of its resources (a new list or
/// watch is a 404). The answer is the CRD as marked, as a real server
/// answers while its finalizer runs.
fn delete_crd(store: &mut Store, current: &Obj, o: &WriteOpts) -> Result<Value, ApiError> {
    let mut v = (**current).clone();
    if v["metadata"]["deletionTimestamp"].is_null() {
        v["metadata"]["deletionTimestamp"] = json!(meta::ts(o.now));
    }
    let finalizers = &mut v["metadata"]["finalizers"];
    if !finalizers.is_array() {
        *finalizers = json!([]);
    }
    if let Some(f) = finalizers.as_array_mut()
        && !f.iter().any(|x| x == CRD_CLEANUP)
    {
        f.push(json!(CRD_CLEANUP));
    }
    let marked = store.update(crate::crd::STORAGE, v, None, o)?;
    store.delete(crate::crd::STORAGE, "", meta::name(current), false)?;
    Ok((*marked).clone())
}

fn orphan_dependents(store: &mut Store, owner_uid: &str, o: &WriteOpts) {
    for storage in ["replicasets", "controllerrevisions", "pods"] {
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
