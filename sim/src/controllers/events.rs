//! Records core/v1 Events the way components do through client-go's event
//! correlator: the same source, object, type, reason and message bump
//! `count` and `lastTimestamp` of one Event instead of creating another.
//! Events older than an hour expire, as with the API server's default TTL.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::meta;
use crate::store::{Store, WriteOpts};

/// Who reports an event.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Kubelet(&'a str),
    Scheduler,
    Controller(&'a str),
    NodeController,
}

impl Source<'_> {
    fn json(&self) -> (Value, String, String) {
        match self {
            Source::Kubelet(host) => (
                json!({"component": "kubelet", "host": host}),
                "kubelet".into(),
                host.to_string(),
            ),
            Source::Scheduler => (json!({}), "default-scheduler".into(), String::new()),
            Source::Controller(c) => (json!({"component": c}), c.to_string(), String::new()),
            Source::NodeController => (
                json!({"component": "node-controller"}),
                "node-controller".into(),
                String::new(),
            ),
        }
    }
}

pub const TTL: Duration = Duration::hours(1);

/// What happened, to whom, said by whom: one event's content.
pub struct Occurrence<'a> {
    /// The involved object.
    pub obj: &'a Value,
    /// The part of it (`spec.containers{app}`), if any.
    pub field_path: Option<&'a str>,
    /// `Normal` or `Warning`.
    pub kind_type: &'a str,
    pub reason: &'a str,
    pub message: &'a str,
    pub source: Source<'a>,
}

#[derive(Default)]
pub struct Recorder {
    /// correlation key -> (namespace, event name)
    index: HashMap<String, (String, String)>,
}

impl Recorder {
    /// Record one occurrence at `at` (which may be in the past, for
    /// generated history).
    pub fn record(&mut self, store: &mut Store, what: Occurrence<'_>, at: DateTime<Utc>) {
        self.record_n(store, what, at, at, 1);
    }

    /// Record `count` occurrences between `first` and `last`.
    pub fn record_n(
        &mut self,
        store: &mut Store,
        what: Occurrence<'_>,
        first: DateTime<Utc>,
        last: DateTime<Utc>,
        count: i64,
    ) {
        let Occurrence {
            obj,
            field_path,
            kind_type,
            reason,
            message,
            source,
        } = what;
        let now = Utc::now();
        if now - last > TTL {
            return;
        }
        let ns = {
            let n = meta::namespace(obj);
            if n.is_empty() { "default" } else { n }
        }
        .to_string();
        let (src, component, instance) = source.json();
        let key = format!(
            "{}|{}|{kind_type}|{reason}|{message}|{component}",
            meta::uid(obj),
            field_path.unwrap_or("")
        );
        let opts = WriteOpts {
            manager: &component,
            now,
            dry_run: false,
        };
        if let Some((ens, ename)) = self.index.get(&key)
            && let Some(ev) = store.get("events", ens, ename)
        {
            let mut v = (*ev).clone();
            v["count"] = json!(v["count"].as_i64().unwrap_or(1) + count);
            v["lastTimestamp"] = json!(meta::ts(last));
            let _ = store.update("events", v, None, &opts);
            return;
        }
        let mut involved = json!({
            "kind": obj["kind"],
            "namespace": obj["metadata"]["namespace"],
            "name": obj["metadata"]["name"],
            "uid": obj["metadata"]["uid"],
            "apiVersion": obj["apiVersion"],
            "resourceVersion": obj["metadata"]["resourceVersion"],
        });
        if let Some(fp) = field_path {
            involved["fieldPath"] = json!(fp);
        }
        if obj["metadata"]["namespace"].is_null() {
            involved.as_object_mut().map(|m| m.remove("namespace"));
        }
        let suffix = format!(
            "{:x}",
            (first.timestamp_nanos_opt().unwrap_or(0) as u64) ^ (store.rng_u64() & 0xffff)
        );
        let name = format!("{}.{suffix}", meta::name(obj));
        let ev = json!({
            "metadata": {"name": name, "namespace": ns, "creationTimestamp": meta::ts(first)},
            "involvedObject": involved,
            "reason": reason,
            "message": message,
            "source": src,
            "firstTimestamp": meta::ts(first),
            "lastTimestamp": meta::ts(last),
            "count": count,
            "type": kind_type,
            "eventTime": null,
            "reportingComponent": component,
            "reportingInstance": instance,
        });
        if store.create("events", ev, &opts).is_ok() {
            self.index.insert(key, (ns, name));
        }
    }

    /// Delete events whose last occurrence is older than the TTL.
    pub fn expire(&mut self, store: &mut Store, now: DateTime<Utc>) {
        let old: Vec<(String, String)> = store
            .list("events", None)
            .filter(|e| {
                e["lastTimestamp"]
                    .as_str()
                    .and_then(meta::parse_ts)
                    .is_some_and(|t| now - t > TTL)
            })
            .map(|e| (meta::namespace(e).to_string(), meta::name(e).to_string()))
            .collect();
        for (ns, name) in old {
            let _ = store.delete("events", &ns, &name, false);
        }
        self.index
            .retain(|_, (ns, name)| store.get("events", ns, name).is_some());
    }
}
