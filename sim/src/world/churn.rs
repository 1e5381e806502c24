//! The events a churning cluster leaves behind: pods of ReplicaSets that
//! were replaced during the last hour. Each one is created by its
//! ReplicaSet, scheduled, started (or crash-looping, or failing to pull, as
//! its template says), then stopped and deleted; the pods themselves are
//! gone, their events stay until they expire, as on a real cluster. Used to
//! give a cluster tens of thousands of genuine Events (`--events N`).

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde_json::json;

use super::Gen;
use crate::controllers::events::{Occurrence, Source};
use crate::controllers::pods;
use crate::controllers::replicasets::pod_from_template;
use crate::meta;
use crate::store::Obj;

/// The oldest a generated occurrence is: younger than the events' TTL by
/// enough that none expires during a measurement.
const SPAN_MINUTES: i64 = 50;

impl Gen<'_> {
    /// Record about `n` events of pods churned away during the last
    /// [`SPAN_MINUTES`].
    pub(super) fn churned_history(&mut self, n: usize) {
        // A replaced pod's ReplicaSet, chosen in proportion to its pods.
        let owners: Vec<Obj> = self
            .s
            .list("pods", None)
            .filter_map(|p| meta::controller_uid(p).map(str::to_string))
            .filter_map(|uid| self.s.by_uid(&uid))
            .filter(|(storage, _)| *storage == "replicasets")
            .map(|(_, rs)| rs)
            .collect();
        if owners.is_empty() {
            return;
        }
        let target = self.s.count("events") + n;
        // Each pod leaves several events: n pods are more than enough.
        for _ in 0..n {
            if self.s.count("events") >= target {
                break;
            }
            let rs = owners[self.rng.random_range(0..owners.len())].clone();
            self.churned_pod(&rs);
        }
    }

    /// One pod of `rs` created, run for a while, then deleted, with the
    /// events of each step.
    fn churned_pod(&mut self, rs: &Obj) {
        let created = self.ago(Duration::minutes(2), Duration::minutes(SPAN_MINUTES));
        let mut pod = pod_from_template(rs, None, &[], None, Some(created));
        let name = format!(
            "{}-{}",
            meta::name(rs),
            meta::random_suffix(&mut self.rng, 5)
        );
        pod["metadata"]["name"] = json!(&name);
        pod["metadata"]["uid"] = json!(self.s.new_uid());
        pod["apiVersion"] = json!("v1");
        pod["kind"] = json!("Pod");
        self.replicaset_said(
            rs,
            "SuccessfulCreate",
            &format!("Created pod: {name}"),
            created,
        );
        // Its life: a few steps of the kubelet's, as `grow` plays them.
        let lived = Duration::seconds(self.rng.random_range(30..600));
        let end = (created + lived).min(self.now - Duration::seconds(30));
        let mut t = created + Duration::milliseconds(200);
        let mut node = String::new();
        for _ in 0..8 {
            if t >= end {
                break;
            }
            let Some(step) = pods::advance(&pod, &self.node_infos, t) else {
                break;
            };
            node = step.pod["spec"]["nodeName"]
                .as_str()
                .unwrap_or("")
                .to_string();
            for e in &step.events {
                self.ctl.recorder.record(
                    self.s,
                    Occurrence {
                        obj: &step.pod,
                        field_path: e.field_path.as_deref(),
                        kind_type: if e.warning { "Warning" } else { "Normal" },
                        reason: e.reason,
                        message: &e.message,
                        source: pods::source(e, &node),
                    },
                    t,
                );
            }
            pod = step.pod;
            let Some(next) = step.next else { break };
            t += next;
        }
        // Deleted: the kubelet stops its containers, the ReplicaSet says so.
        if !node.is_empty() {
            let containers: Vec<String> = pod["spec"]["containers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["name"].as_str().map(str::to_string))
                .collect();
            for c in containers {
                self.ctl.recorder.record(
                    self.s,
                    Occurrence {
                        obj: &pod,
                        field_path: Some(&format!("spec.containers{{{c}}}")),
                        kind_type: "Normal",
                        reason: "Killing",
                        message: &format!("Stopping container {c}"),
                        source: Source::Kubelet(&node),
                    },
                    end,
                );
            }
        }
        self.replicaset_said(rs, "SuccessfulDelete", &format!("Deleted pod: {name}"), end);
    }

    /// An event of the ReplicaSet controller about `rs`.
    fn replicaset_said(&mut self, rs: &Obj, reason: &str, message: &str, at: DateTime<Utc>) {
        self.ctl.recorder.record(
            self.s,
            Occurrence {
                obj: rs,
                field_path: None,
                kind_type: "Normal",
                reason,
                message,
                source: Source::Controller("replicaset-controller"),
            },
            at,
        );
    }
}
