//! The state of one simulated cluster, shared by its server, controllers and
//! control API.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use parking_lot::{Mutex, RwLock};
use serde_json::Value;
use tokio::sync::Notify;

use super::auth::{Auth, User, admin_rules, namespaced_viewer_rules, viewer_rules};
use super::faults::Faults;
use super::request_log::RequestLog;
use super::status::ApiError;
use super::store::{Obj, Store, WriteOpts};

/// How a cluster is generated and behaves.
#[derive(Debug, Clone)]
pub struct ClusterSpec {
    pub name: String,
    pub nodes: usize,
    pub namespaces: usize,
    pub pods: usize,
    pub seed: u64,
    pub metrics: bool,
    /// Changes kept for watches to resume from.
    pub history: usize,
    /// Log lines each running container writes per second.
    pub log_rate: f64,
    /// Events of pods churned away during the last hour, generated on top
    /// of the cluster's own.
    pub events: usize,
}

pub struct Cluster {
    pub spec: ClusterSpec,
    pub store: Mutex<Store>,
    pub auth: RwLock<Auth>,
    pub faults: Faults,
    pub log: RequestLog,
    metrics: AtomicBool,
    pub started: DateTime<Utc>,
    /// Wakes the controllers after a write.
    pub kick: Notify,
}

pub type ClusterRef = Arc<Cluster>;

/// The namespaces the `C-dev` user may read (and nothing cluster-wide).
pub const DEV_NAMESPACES: [&str; 2] = ["shop", "payments"];

impl Cluster {
    pub fn new(spec: ClusterSpec, started: DateTime<Utc>) -> Self {
        let token = |role: &str| {
            // Deterministic per seed and cluster, unguessable enough for loopback.
            let h = fnv_hash(&format!("{}:{}:{}", spec.seed, spec.name, role));
            format!("kdeck-sim.{}.{role}.{h:016x}", spec.name)
        };
        let users = vec![
            User {
                name: format!("{}-admin", spec.name),
                token: token("admin"),
                rules: admin_rules(),
                namespace: "default".into(),
            },
            User {
                name: format!("{}-viewer", spec.name),
                token: token("viewer"),
                rules: viewer_rules(),
                namespace: "default".into(),
            },
            User {
                name: format!("{}-dev", spec.name),
                token: token("dev"),
                rules: namespaced_viewer_rules(&DEV_NAMESPACES),
                namespace: DEV_NAMESPACES[0].into(),
            },
        ];
        Cluster {
            store: Mutex::new(Store::new(spec.seed, spec.history)),
            auth: RwLock::new(Auth::new(users)),
            faults: Faults::default(),
            log: RequestLog::new(200_000),
            metrics: AtomicBool::new(spec.metrics),
            started,
            kick: Notify::new(),
            spec,
        }
    }

    pub fn name(&self) -> &str {
        &self.spec.name
    }

    pub fn metrics_enabled(&self) -> bool {
        self.metrics.load(Ordering::Relaxed)
    }

    pub fn set_metrics(&self, on: bool) {
        self.metrics.store(on, Ordering::Relaxed);
    }

    pub fn token_of(&self, user: &str) -> Option<String> {
        self.auth.read().user(user).map(|u| u.token.clone())
    }

    pub fn admin_token(&self) -> String {
        self.token_of(&format!("{}-admin", self.spec.name))
            .unwrap_or_default()
    }

    /// Write as a controller would (not logged as a request).
    pub fn write<R>(&self, f: impl FnOnce(&mut Store, &WriteOpts) -> R) -> R {
        let opts = WriteOpts {
            manager: "kube-controller-manager",
            now: Utc::now(),
            dry_run: false,
        };
        let mut s = self.store.lock();
        let r = f(&mut s, &opts);
        drop(s);
        self.kick.notify_one();
        r
    }

    pub fn get(&self, storage: &str, ns: &str, name: &str) -> Option<Obj> {
        self.store.lock().get(storage, ns, name)
    }

    /// Apply `f` to the current object and store the result (retrying is not
    /// needed: the store lock is held throughout).
    pub fn modify(
        &self,
        storage: &'static str,
        ns: &str,
        name: &str,
        f: impl FnOnce(&mut Value),
    ) -> Result<Obj, ApiError> {
        self.write(|s, o| {
            let cur = s
                .get(storage, ns, name)
                .ok_or_else(|| ApiError::not_found("", storage, name))?;
            let mut v = (*cur).clone();
            f(&mut v);
            s.update(storage, v, None, o)
        })
    }
}

pub fn fnv_hash(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(s.as_bytes());
    h.finish()
}
