//! Run-time fault injection and inspection of one simulated cluster: the
//! in-process handle tests use, and what the control API calls.

use chrono::Utc;
use serde_json::json;

use super::cluster::Cluster;
use super::meta;
use super::request_log::RequestRecord;
use super::status::ApiError;

impl Cluster {
    /// Take the cluster down (connections refused, open ones reset) or up.
    pub fn set_down(&self, down: bool) {
        self.faults.set_down(down);
    }

    /// Add latency to every API request.
    pub fn set_latency_ms(&self, ms: u64) {
        self.faults.set_latency_ms(ms);
    }

    /// End every open watch now (clients must re-watch).
    pub fn cut_watches(&self) {
        self.faults.cut_watches();
    }

    /// Forget the change history: resuming any older watch gets 410 Gone.
    pub fn compact(&self) {
        self.store.lock().compact();
    }

    /// Answer the next `n` API requests with HTTP `code` (429, 500, 503...).
    pub fn fail_next(&self, n: u32, code: u16) {
        self.faults.fail_next(n, code);
    }

    /// Answer the next `n` requests of `method` (`PATCH`, `DELETE`...) with
    /// HTTP `code` (409, 422...): the write after a client's dry run.
    pub fn fail_next_of(&self, method: &str, n: u32, code: u16) {
        self.faults.fail_next_of(method, n, code);
    }

    /// From now on this user's token gets 401. False if no such user.
    pub fn revoke_token(&self, user: &str) -> bool {
        self.auth.write().revoke(user)
    }

    pub fn restore_token(&self, user: &str) -> bool {
        self.auth.write().restore(user)
    }

    /// Pods created, updated and deleted per second by the churn controller.
    pub fn set_churn(&self, per_sec: u32) {
        self.faults.set_churn(per_sec);
        self.kick.notify_one();
    }

    /// Stop (or resume) the pods' own progress: crash loops, start-ups and
    /// churn pause; API writes still take effect.
    pub fn set_frozen(&self, frozen: bool) {
        self.faults.set_frozen(frozen);
        self.kick.notify_one();
    }

    /// Add the hostile-objects fixture (what is missing of it) in namespace
    /// `hostile`; the number of objects created.
    pub fn add_hostile(&self) -> usize {
        super::world::hostile::add(self)
    }

    /// Requests served, from sequence number `since`.
    pub fn requests(&self, since: u64) -> Vec<RequestRecord> {
        self.log.since(since)
    }

    /// Mark a node Ready or NotReady (kubelet stopped posting status); pods
    /// on a NotReady node lose their Ready condition, as the node lifecycle
    /// controller does.
    pub fn set_node_ready(&self, node: &str, ready: bool) -> Result<(), ApiError> {
        let now = meta::ts(Utc::now());
        self.modify("nodes", "", node, |n| {
            let mut taints: Vec<serde_json::Value> = n["spec"]["taints"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter(|t| t["key"] != "node.kubernetes.io/unreachable")
                .collect();
            if let Some(conds) = n["status"]["conditions"].as_array_mut() {
                for c in conds.iter_mut() {
                    if ready {
                        let (status, reason, message) = match c["type"].as_str() {
                            Some("Ready") => ("True", "KubeletReady", "kubelet is posting ready status"),
                            Some("MemoryPressure") => ("False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                            Some("DiskPressure") => ("False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                            Some("PIDPressure") => ("False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                            _ => continue,
                        };
                        c["status"] = json!(status);
                        c["reason"] = json!(reason);
                        c["message"] = json!(message);
                    } else {
                        c["status"] = json!("Unknown");
                        c["reason"] = json!("NodeStatusUnknown");
                        c["message"] = json!("Kubelet stopped posting node status.");
                    }
                    c["lastTransitionTime"] = json!(now);
                    c["lastHeartbeatTime"] = json!(now);
                }
            }
            if !ready {
                taints.push(json!({"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule", "timeAdded": now}));
            }
            n["spec"]["taints"] = json!(taints);
            if taints.is_empty()
                && let Some(s) = n["spec"].as_object_mut()
            {
                s.remove("taints");
            }
        })?;
        super::controllers::pods::node_readiness_changed(self, node, ready);
        Ok(())
    }
}
