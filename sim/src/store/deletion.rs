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
