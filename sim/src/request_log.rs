//! The record of every request a simulated cluster served, for tests and
//! benchmarks (for example to prove a read-only console sent no mutation,
//! or that an action sent exactly one dry run and then one PATCH).

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use parking_lot::Mutex;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct RequestRecord {
    /// Position in the log since start (never reused).
    pub seq: u64,
    pub time: DateTime<Utc>,
    /// Empty when the request was not authenticated.
    pub user: String,
    /// The Kubernetes verb (get, list, watch, create, update, patch, delete,
    /// deletecollection), or the lower-case HTTP method for other paths.
    pub verb: String,
    pub method: String,
    /// Path and query as sent (kept whole for simple `contains` checks; the
    /// parts are in the fields below).
    pub path: String,
    /// The query string as sent (percent-encoded), empty if none.
    pub query: String,
    /// The resource asked for: API group (`""` for core), plural resource,
    /// subresource (`scale`, `status`, `eviction`, `log`, `exec`...),
    /// namespace and name; all empty for discovery and other paths.
    pub group: String,
    pub resource: String,
    pub subresource: String,
    pub namespace: String,
    pub name: String,
    /// Server-side dry run: `dryRun=All` in the query, or in the body's
    /// delete options (DELETE and eviction bodies carry it there).
    pub dry_run: bool,
    /// The verb writes (create, update, patch, delete, deletecollection,
    /// exec's create), whether or not it was a dry run or was refused;
    /// access reviews are not mutations. `mutating && !dry_run` with a 2xx
    /// status is a request that changed the cluster.
    pub mutating: bool,
    pub status: u16,
}

impl RequestRecord {
    pub fn is_mutation(&self) -> bool {
        self.mutating
    }

    /// A write that was not a dry run and succeeded: it changed the cluster.
    pub fn changed_cluster(&self) -> bool {
        self.mutating && !self.dry_run && (200..300).contains(&self.status)
    }
}

/// Whether `verb` on `resource` writes (access reviews only answer).
pub fn mutating_verb(verb: &str, resource: &str) -> bool {
    matches!(
        verb,
        "create" | "update" | "patch" | "delete" | "deletecollection"
    ) && !resource.starts_with("selfsubject")
}

#[derive(Debug)]
pub struct RequestLog {
    entries: Mutex<(u64, VecDeque<RequestRecord>)>,
    cap: usize,
}

impl RequestLog {
    pub fn new(cap: usize) -> Self {
        RequestLog {
            entries: Mutex::new((0, VecDeque::new())),
            cap,
        }
    }

    pub fn push(&self, mut r: RequestRecord) {
        let mut g = self.entries.lock();
        r.seq = g.0;
        g.0 += 1;
        g.1.push_back(r);
        if g.1.len() > self.cap {
            g.1.pop_front();
        }
    }

    /// Records with `seq >= since`.
    pub fn since(&self, since: u64) -> Vec<RequestRecord> {
        let g = self.entries.lock();
        g.1.iter().filter(|r| r.seq >= since).cloned().collect()
    }

    /// The sequence number the next record will get.
    pub fn next_seq(&self) -> u64 {
        self.entries.lock().0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(verb: &str, path: &str) -> RequestRecord {
        let resource = path.rsplit('/').nth(1).unwrap_or("").to_string();
        RequestRecord {
            time: Utc::now(),
            user: "u".into(),
            verb: verb.into(),
            method: "GET".into(),
            path: path.into(),
            mutating: mutating_verb(verb, &resource),
            status: 200,
            ..RequestRecord::default()
        }
    }

    #[test]
    fn bounded_and_sequenced() {
        let log = RequestLog::new(2);
        for p in ["/a", "/b", "/c"] {
            log.push(rec("get", p));
        }
        let all = log.since(0);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].path, "/b");
        assert_eq!(all[1].seq, 2);
        assert_eq!(log.since(2).len(), 1);
        assert_eq!(log.next_seq(), 3);
    }

    #[test]
    fn mutations_are_recognised() {
        assert!(rec("patch", "/apis/apps/v1/namespaces/a/deployments/x/scale").is_mutation());
        assert!(!rec("watch", "/api/v1/pods").is_mutation());
        assert!(
            !rec(
                "create",
                "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/x"
            )
            .is_mutation()
        );
        let mut dry = rec("patch", "/apis/apps/v1/namespaces/a/deployments/x");
        assert!(dry.changed_cluster());
        dry.dry_run = true;
        assert!(dry.is_mutation() && !dry.changed_cluster());
    }
}
