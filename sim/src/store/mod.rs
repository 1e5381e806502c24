//! The versioned object store of one simulated cluster: objects by resource
//! and (namespace, name), one resourceVersion counter, a bounded history of
//! changes for watches to resume from, and a broadcast of live changes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rand::{RngCore, SeedableRng, rngs::StdRng};
use serde_json::{Value, json};
use tokio::sync::broadcast;

use super::meta;
use super::registry::{self, ResourceDef};
use super::status::ApiError;

mod deletion;
#[cfg(test)]
mod tests;

pub use deletion::delete_one;

pub type Obj = Arc<Value>;
type Key = (String, String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeType {
    Added,
    Modified,
    Deleted,
}

impl ChangeType {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeType::Added => "ADDED",
            ChangeType::Modified => "MODIFIED",
            ChangeType::Deleted => "DELETED",
        }
    }
}

/// One committed change.
#[derive(Debug)]
pub struct Change {
    pub rv: u64,
    pub storage: &'static str,
    pub kind: ChangeType,
    pub obj: Obj,
    /// The object before the change (for Modified), so that a filtered watch
    /// can turn "left my selector" into DELETED and "entered it" into ADDED.
    pub prev: Option<Obj>,
}

/// A watch start: the changes to replay, then the live feed.
pub struct Subscription {
    pub replay: Vec<Arc<Change>>,
    pub live: broadcast::Receiver<Arc<Change>>,
}

/// What changed since the controllers last looked: their work queue.
#[derive(Debug, Default)]
pub struct Dirty {
    /// Everything must be looked at (start-up, node changes).
    pub full: bool,
    /// Controllers (by uid) whose object or dependents changed.
    pub owners: HashSet<String>,
    /// Owners (by uid) that were deleted: their dependents must go.
    pub deleted_owners: HashSet<String>,
    /// Pods (namespace, name) that changed.
    pub pods: HashSet<(String, String)>,
    /// Namespaces whose pods changed (quota usage).
    pub namespaces: HashSet<String>,
    /// Namespaces whose disruption budgets or autoscalers changed.
    pub policies: HashSet<String>,
}

impl Dirty {
    pub fn is_empty(&self) -> bool {
        !self.full
            && self.owners.is_empty()
            && self.deleted_owners.is_empty()
            && self.pods.is_empty()
            && self.namespaces.is_empty()
            && self.policies.is_empty()
    }
}

pub struct Store {
    rv: u64,
    /// (storage, controller uid) -> dependents' keys, for pods,
    /// ReplicaSets and ControllerRevisions.
    owned: HashMap<(&'static str, String), BTreeSet<Key>>,
    /// uid -> (storage, key) of controllers and nodes.
    uids: HashMap<String, (&'static str, Key)>,
    objects: HashMap<&'static str, BTreeMap<Key, Obj>>,
    history: VecDeque<Arc<Change>>,
    history_cap: usize,
    /// The newest resourceVersion no longer in history: a watch must start at
    /// or after it.
    compacted: u64,
    tx: broadcast::Sender<Arc<Change>>,
    rng: StdRng,
    /// What the controllers have yet to look at.
    pub dirty: Dirty,
    /// The resources each established CRD serves (by CRD name), the storage
    /// version first.
    custom: BTreeMap<String, Vec<&'static ResourceDef>>,
}

/// The resource versions and clock a store write stamps.
pub struct WriteOpts<'a> {
    pub manager: &'a str,
    pub now: DateTime<Utc>,
    pub dry_run: bool,
}

impl Store {
    pub fn new(seed: u64, history_cap: usize) -> Self {
        let (tx, _) = broadcast::channel(8192);
        Store {
            rv: 1,
            objects: HashMap::new(),
            history: VecDeque::new(),
            history_cap,
            compacted: 0,
            tx,
            rng: StdRng::seed_from_u64(seed),
            dirty: Dirty {
                full: true,
                ..Dirty::default()
            },
            owned: HashMap::new(),
            uids: HashMap::new(),
            custom: BTreeMap::new(),
        }
    }

    pub fn resource_version(&self) -> u64 {
        self.rv
    }

    pub fn compacted(&self) -> u64 {
        self.compacted
    }

    pub fn set_history_cap(&mut self, cap: usize) {
        self.history_cap = cap.max(1);
        self.trim();
    }

    pub fn rng(&mut self) -> &mut StdRng {
        &mut self.rng
    }

    pub fn rng_u64(&mut self) -> u64 {
        self.rng.next_u64()
    }

    pub fn new_uid(&mut self) -> String {
        let mut b = [0u8; 16];
        self.rng.fill_bytes(&mut b);
        uuid::Builder::from_random_bytes(b)
            .into_uuid()
            .hyphenated()
            .to_string()
    }

    pub fn get(&self, storage: &str, ns: &str, name: &str) -> Option<Obj> {
        self.objects
            .get(storage)?
            .get(&(ns.to_string(), name.to_string()))
            .cloned()
    }

    /// Objects of one resource, in key order, optionally in one namespace.
    pub fn list<'a>(
        &'a self,
        storage: &str,
        ns: Option<&'a str>,
    ) -> Box<dyn Iterator<Item = &'a Obj> + 'a> {
        let Some(m) = self.objects.get(storage) else {
            return Box::new(std::iter::empty());
        };
        match ns {
            None => Box::new(m.values()),
            Some(ns) => Box::new(
                m.range((ns.to_string(), String::new())..)
                    .take_while(move |((n, _), _)| n == ns)
                    .map(|(_, v)| v),
            ),
        }
    }

    /// Objects of one resource after `after` (exclusive), for paging.
    pub fn list_after<'a>(
        &'a self,
        storage: &str,
        ns: Option<&'a str>,
        after: Option<(String, String)>,
    ) -> Box<dyn Iterator<Item = &'a Obj> + 'a> {
        let Some(after) = after else {
            return self.list(storage, ns);
        };
        let Some(m) = self.objects.get(storage) else {
            return Box::new(std::iter::empty());
        };
        use std::ops::Bound;
        let it = m
            .range((Bound::Excluded(after), Bound::Unbounded))
            .take_while(move |((n, _), _)| ns.is_none_or(|ns| n == ns))
            .map(|(_, v)| v);
        Box::new(it)
    }

    pub fn count(&self, storage: &str) -> usize {
        self.objects.get(storage).map_or(0, BTreeMap::len)
    }

    fn def(&self, storage: &str) -> Result<&'static ResourceDef, ApiError> {
        registry::storage(storage)
            .or_else(|| self.custom.get(storage).and_then(|d| d.first().copied()))
            .ok_or_else(|| ApiError::internal(format!("no stored resource named {storage}")))
    }

    /// The custom resource served at `group/version/plural`, if a CRD
    /// established it.
    pub fn custom_find(
        &self,
        group: &str,
        version: &str,
        plural: &str,
    ) -> Option<&'static ResourceDef> {
        self.custom
            .values()
            .flatten()
            .find(|d| d.group == group && d.version == version && d.plural == plural)
            .copied()
    }

    /// Every custom resource served, by CRD (in CRD name order).
    pub fn custom_defs(&self) -> impl Iterator<Item = &'static ResourceDef> + '_ {
        self.custom.values().flatten().copied()
    }

    /// Keep the served custom resources in step with a CRD write; a deleted
    /// CRD's objects go with it.
    fn crd_changed(&mut self, crd: &Value, kind: ChangeType) {
        let name = meta::name(crd).to_string();
        let gone = match kind {
            ChangeType::Deleted => self.custom.remove(&name),
            _ => {
                let defs = crate::crd::defs_of(crd);
                if defs.is_empty() {
                    self.custom.remove(&name)
                } else {
                    self.custom.insert(name, defs);
                    None
                }
            }
        };
        let Some(storage) = gone.and_then(|d| d.first().map(|d| d.storage)) else {
            return;
        };
        let keys: Vec<Key> = self
            .objects
            .get(storage)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for (ns, name) in keys {
            if let Some(old) = self
                .objects
                .get(storage)
                .and_then(|m| m.get(&(ns.clone(), name.clone())))
                .cloned()
            {
                let obj = (*old).clone();
                self.commit(storage, (ns, name), obj, ChangeType::Deleted, Some(old));
            }
        }
        self.objects.remove(storage);
    }

    /// Create an object. Sets uid, resourceVersion, creationTimestamp (unless
    /// given, so generated worlds can have history), generation and
    /// managedFields; resolves generateName.
    pub fn create(
        &mut self,
        storage: &'static str,
        obj: Value,
        opts: &WriteOpts,
    ) -> Result<Obj, ApiError> {
        self.create_as(storage, obj, opts, "Update")
    }

    /// [`Store::create`] recording `operation` (`Update` or `Apply`) in
    /// managedFields.
    pub fn create_as(
        &mut self,
        storage: &'static str,
        mut obj: Value,
        opts: &WriteOpts,
        operation: &str,
    ) -> Result<Obj, ApiError> {
        let def = self.def(storage)?;
        if !obj["metadata"].is_object() {
            obj["metadata"] = json!({});
        }
        if meta::name(&obj).is_empty() {
            let Some(prefix) = obj["metadata"]["generateName"].as_str().map(str::to_string) else {
                return Err(ApiError::invalid(
                    def.group,
                    def.kind,
                    "",
                    "metadata.name",
                    "Required value: name or generateName is required",
                ));
            };
            let suffix = meta::random_suffix(&mut self.rng, 5);
            obj["metadata"]["name"] = json!(format!("{prefix}{suffix}"));
        }
        let key = (
            meta::namespace(&obj).to_string(),
            meta::name(&obj).to_string(),
        );
        if self
            .objects
            .get(storage)
            .is_some_and(|m| m.contains_key(&key))
        {
            return Err(ApiError::already_exists(def.group, def.plural, &key.1));
        }
        obj["apiVersion"] = json!(def.api_version());
        obj["kind"] = json!(def.kind);
        let now = meta::ts(opts.now);
        let m = &mut obj["metadata"];
        if m["uid"].as_str().is_none_or(str::is_empty) {
            let uid = self.new_uid();
            obj["metadata"]["uid"] = json!(uid);
        }
        let m = &mut obj["metadata"];
        if m["creationTimestamp"].as_str().is_none() {
            m["creationTimestamp"] = json!(now);
        }
        if let Some(o) = m.as_object_mut() {
            o.remove("resourceVersion");
            o.remove("deletionTimestamp");
        }
        if obj.get("spec").is_some() {
            obj["metadata"]["generation"] = json!(1);
        }
        let mf = meta::stamp_managed_fields(None, &obj, opts.manager, operation, &now);
        obj["metadata"]["managedFields"] = mf;
        if opts.dry_run {
            obj["metadata"]["resourceVersion"] = json!(self.rv.to_string());
            return Ok(Arc::new(obj));
        }
        Ok(self.commit(storage, key, obj, ChangeType::Added, None))
    }

    /// Replace an object. With `expected_rv`, a stale version is a 409.
    /// uid and creationTimestamp are kept; generation moves when spec does.
    pub fn update(
        &mut self,
        storage: &'static str,
        obj: Value,
        expected_rv: Option<u64>,
        opts: &WriteOpts,
    ) -> Result<Obj, ApiError> {
        self.update_as(storage, obj, expected_rv, opts, "Update")
    }

    /// [`Store::update`] recording `operation` (`Update` or `Apply`) in
    /// managedFields.
    pub fn update_as(
        &mut self,
        storage: &'static str,
        mut obj: Value,
        expected_rv: Option<u64>,
        opts: &WriteOpts,
        operation: &str,
    ) -> Result<Obj, ApiError> {
        let def = self.def(storage)?;
        let key = (
            meta::namespace(&obj).to_string(),
            meta::name(&obj).to_string(),
        );
        let Some(old) = self.objects.get(storage).and_then(|m| m.get(&key)).cloned() else {
            return Err(ApiError::not_found(def.group, def.plural, &key.1));
        };
        if let Some(rv) = expected_rv
            && rv != meta::resource_version(&old)
        {
            return Err(ApiError::conflict(def.group, def.plural, &key.1));
        }
        obj["apiVersion"] = json!(def.api_version());
        obj["kind"] = json!(def.kind);
        for k in ["uid", "creationTimestamp", "deletionTimestamp"] {
            match old["metadata"].get(k).filter(|v| !v.is_null()) {
                Some(v) => obj["metadata"][k] = v.clone(),
                // Graceful deletion starting now.
                None if k == "deletionTimestamp" && !obj["metadata"][k].is_null() => {}
                None => {
                    if let Some(m) = obj["metadata"].as_object_mut() {
                        m.remove(k);
                    }
                }
            }
        }
        if obj.get("spec").is_some() {
            let gen_old = old["metadata"]["generation"].as_i64().unwrap_or(1);
            let gen_new = if meta::canonical(&old["spec"]) != meta::canonical(&obj["spec"]) {
                gen_old + 1
            } else {
                gen_old
            };
            obj["metadata"]["generation"] = json!(gen_new);
        }
        // Unchanged content is a no-op, as on a real server (no new version).
        if same_content(&obj, &old) {
            return Ok(old);
        }
        let now = meta::ts(opts.now);
        obj["metadata"]["managedFields"] =
            meta::stamp_managed_fields(Some(&old), &obj, opts.manager, operation, &now);
        if opts.dry_run {
            return Ok(Arc::new(obj));
        }
        Ok(self.commit(storage, key, obj, ChangeType::Modified, Some(old)))
    }

    /// Remove an object now.
    pub fn delete(
        &mut self,
        storage: &'static str,
        ns: &str,
        name: &str,
        dry_run: bool,
    ) -> Result<Obj, ApiError> {
        let def = self.def(storage)?;
        let key = (ns.to_string(), name.to_string());
        let Some(old) = self.objects.get(storage).and_then(|m| m.get(&key)).cloned() else {
            return Err(ApiError::not_found(def.group, def.plural, name));
        };
        if dry_run {
            return Ok(old);
        }
        let obj = (*old).clone();
        Ok(self.commit(storage, key, obj, ChangeType::Deleted, Some(old)))
    }

    fn commit(
        &mut self,
        storage: &'static str,
        key: Key,
        mut obj: Value,
        kind: ChangeType,
        prev: Option<Obj>,
    ) -> Obj {
        if storage == crate::crd::STORAGE && kind != ChangeType::Deleted {
            crate::crd::establish(&mut obj, &meta::ts(Utc::now()));
        }
        self.rv += 1;
        let rv = self.rv;
        obj["metadata"]["resourceVersion"] = json!(rv.to_string());
        let obj = Arc::new(obj);
        self.track(storage, &key, kind, &obj, prev.as_deref());
        let map = self.objects.entry(storage).or_default();
        if kind == ChangeType::Deleted {
            map.remove(&key);
        } else {
            map.insert(key, obj.clone());
        }
        let change = Arc::new(Change {
            rv,
            storage,
            kind,
            obj: obj.clone(),
            prev,
        });
        self.history.push_back(change.clone());
        self.trim();
        // No receivers is fine: nobody is watching.
        let _ = self.tx.send(change);
        if storage == crate::crd::STORAGE {
            self.crd_changed(&obj, kind);
        }
        obj
    }

    /// Keep the owner index and the controllers' work queue current.
    fn track(
        &mut self,
        storage: &'static str,
        key: &Key,
        kind: ChangeType,
        obj: &Value,
        prev: Option<&Value>,
    ) {
        let owner_now = (kind != ChangeType::Deleted)
            .then(|| meta::controller_uid(obj))
            .flatten()
            .map(str::to_string);
        let owner_before = prev.and_then(meta::controller_uid).map(str::to_string);
        if matches!(storage, "pods" | "replicasets" | "controllerrevisions") {
            if let Some(o) = &owner_before
                && let Some(set) = self.owned.get_mut(&(storage, o.clone()))
            {
                set.remove(key);
                if set.is_empty() {
                    self.owned.remove(&(storage, o.clone()));
                }
            }
            if let Some(o) = &owner_now {
                self.owned
                    .entry((storage, o.clone()))
                    .or_default()
                    .insert(key.clone());
            }
        }
        if matches!(
            storage,
            "deployments" | "replicasets" | "statefulsets" | "daemonsets" | "jobs" | "nodes"
        ) {
            let uid = meta::uid(obj).to_string();
            if kind == ChangeType::Deleted {
                self.uids.remove(&uid);
            } else {
                self.uids.insert(uid, (storage, key.clone()));
            }
        }
        let d = &mut self.dirty;
        d.owners.extend(owner_now.into_iter().chain(owner_before));
        match storage {
            "pods" => {
                d.pods.insert(key.clone());
                // Quota usage moves only when a pod comes, goes or finishes.
                let finished = |v: &Value| {
                    matches!(v["status"]["phase"].as_str(), Some("Succeeded" | "Failed"))
                };
                if kind != ChangeType::Modified
                    || prev.is_some_and(|p| finished(p) != finished(obj))
                {
                    d.namespaces.insert(key.0.clone());
                }
            }
            "replicasets" | "deployments" | "statefulsets" | "daemonsets" | "jobs" => {
                let uid = meta::uid(obj).to_string();
                if kind == ChangeType::Deleted {
                    d.deleted_owners.insert(uid);
                } else {
                    d.owners.insert(uid);
                }
            }
            "nodes" => {
                d.full = true;
                if kind == ChangeType::Deleted {
                    d.deleted_owners.insert(meta::uid(obj).to_string());
                }
            }
            "namespaces" | "resourcequotas" => d.full = true,
            "poddisruptionbudgets" | "horizontalpodautoscalers" => {
                d.policies.insert(key.0.clone());
            }
            _ => {}
        }
    }

    /// A controller or node by uid, with its storage name.
    pub fn by_uid(&self, uid: &str) -> Option<(&'static str, Obj)> {
        let (storage, key) = self.uids.get(uid)?;
        Some((storage, self.objects.get(storage)?.get(key)?.clone()))
    }

    /// The dependents of controller `owner_uid` in `storage` (pods,
    /// ReplicaSets or ControllerRevisions).
    pub fn owned(&self, storage: &'static str, owner_uid: &str) -> Vec<Obj> {
        let Some(keys) = self.owned.get(&(storage, owner_uid.to_string())) else {
            return Vec::new();
        };
        let Some(m) = self.objects.get(storage) else {
            return Vec::new();
        };
        keys.iter().filter_map(|k| m.get(k).cloned()).collect()
    }

    fn trim(&mut self) {
        while self.history.len() > self.history_cap {
            if let Some(c) = self.history.pop_front() {
                self.compacted = c.rv;
            }
        }
    }

    /// Forget all history: a watch from any version older than now gets 410.
    pub fn compact(&mut self) {
        self.history.clear();
        self.compacted = self.rv;
    }

    /// Start a watch after `from` (exclusive). Older than the retained
    /// history: 410 Gone, with the real server's message.
    pub fn subscribe(&self, from: u64) -> Result<Subscription, ApiError> {
        if from < self.compacted {
            return Err(ApiError::gone(format!(
                "too old resource version: {from} ({})",
                self.compacted
            )));
        }
        let replay = self
            .history
            .iter()
            .filter(|c| c.rv > from)
            .cloned()
            .collect();
        Ok(Subscription {
            replay,
            live: self.tx.subscribe(),
        })
    }

    /// A live feed only (for watches that first send the current state).
    pub fn subscribe_live(&self) -> broadcast::Receiver<Arc<Change>> {
        self.tx.subscribe()
    }
}

/// Equal but for resourceVersion and managedFields.
fn same_content(a: &Value, b: &Value) -> bool {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return a == b;
    };
    let skip = |k: &String| k == "resourceVersion" || k == "managedFields";
    let meta_eq = match (
        a.get("metadata").and_then(Value::as_object),
        b.get("metadata").and_then(Value::as_object),
    ) {
        (Some(ma), Some(mb)) => {
            ma.iter().filter(|(k, _)| !skip(k)).count()
                == mb.iter().filter(|(k, _)| !skip(k)).count()
                && ma
                    .iter()
                    .filter(|(k, _)| !skip(k))
                    .all(|(k, v)| mb.get(k) == Some(v))
        }
        (x, y) => x == y,
    };
    meta_eq
        && a.len() == b.len()
        && a.iter()
            .filter(|(k, _)| *k != "metadata")
            .all(|(k, v)| b.get(k) == Some(v))
}
