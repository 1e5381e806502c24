//! The garbage collector (dependents of deleted owners go too) and the
//! namespace controller (a terminating namespace empties, then goes).

use std::collections::HashSet;

use crate::sim::meta;
use crate::sim::registry::RESOURCES;
use crate::sim::store::{Obj, Store, WriteOpts};

use super::events::Recorder;
use super::replicasets::terminate_pod;

const OWNERS: &[&str] = &[
    "deployments",
    "replicasets",
    "statefulsets",
    "daemonsets",
    "jobs",
    "nodes",
];

pub fn collect(s: &mut Store, rec: &mut Recorder, opts: &WriteOpts) {
    let live: HashSet<String> = OWNERS
        .iter()
        .flat_map(|k| {
            s.list(k, None)
                .map(|o| meta::uid(o).to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    for storage in ["replicasets", "pods"] {
        let orphans: Vec<Obj> = s
            .list(storage, None)
            .filter(|o| meta::controller_uid(o).is_some_and(|u| !live.contains(u)))
            .filter(|o| !o["metadata"]["deletionTimestamp"].is_string())
            .cloned()
            .collect();
        for o in orphans {
            if storage == "pods" {
                terminate_pod(s, rec, &o, opts);
            } else {
                let _ = s.delete(storage, meta::namespace(&o), meta::name(&o), false);
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
        for def in RESOURCES
            .iter()
            .filter(|r| r.namespaced && !r.virtual_only && r.storage == r.plural)
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
