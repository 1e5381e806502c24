//! The garbage collector (dependents of deleted owners go too) and the
//! namespace controller (a terminating namespace empties, then goes).

use std::collections::HashSet;

use crate::meta;
use crate::registry::RESOURCES;
use crate::store::{Obj, Store, WriteOpts};

use super::events::Recorder;
use super::replicasets::terminate_pod;

/// Delete the dependents of deleted owners (all orphans when `full`), then
/// empty terminating namespaces.
pub fn collect(
    s: &mut Store,
    rec: &mut Recorder,
    deleted_owners: &HashSet<String>,
    full: bool,
    opts: &WriteOpts,
) {
    for storage in ["replicasets", "controllerrevisions", "pods"] {
        let orphans: Vec<Obj> = if full {
            s.list(storage, None)
                .filter(|o| meta::controller_uid(o).is_some_and(|u| s.by_uid(u).is_none()))
                .cloned()
                .collect()
        } else {
            deleted_owners
                .iter()
                .flat_map(|u| s.owned(storage, u))
                .collect()
        };
        for o in orphans
            .iter()
            .filter(|o| !o["metadata"]["deletionTimestamp"].is_string())
        {
            if storage == "pods" {
                terminate_pod(s, rec, o, opts);
            } else {
                let _ = s.delete(storage, meta::namespace(o), meta::name(o), false);
            }
        }
    }
    let terminating: Vec<String> = s
        .list("namespaces", None)
        .filter(|n| n["metadata"]["deletionTimestamp"].is_string())
        .map(|n| meta::name(n).to_string())
        .collect();
    for ns in terminating {
        let mut left = 0;
        let custom: Vec<_> = s.custom_defs().filter(|d| d.namespaced).collect();
        for def in RESOURCES
            .iter()
            .filter(|r| r.namespaced && !r.virtual_only && r.storage == r.plural)
            .chain(custom)
        {
            let objs: Vec<Obj> = s.list(def.storage, Some(&ns)).cloned().collect();
            for o in objs {
                left += 1;
                if def.storage == "pods" {
                    terminate_pod(s, rec, &o, opts);
                } else {
                    let _ = s.delete(def.storage, &ns, meta::name(&o), false);
                }
            }
        }
        if left == 0 {
            let _ = s.delete("namespaces", "", &ns, false);
        }
    }
}
