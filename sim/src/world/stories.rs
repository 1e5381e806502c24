//! The metrics stories every generated cluster tells (docs/metrics.md,
//! docs/sim.md), in its first team namespace (`shop`): `transcoder`, a
//! deployment whose pods burn CPU well above their request (the top CPU
//! pods of the cluster), and `session-cache`, whose pod's memory climbs to
//! its limit and is OOM-killed every few minutes. The node stories (a node
//! whose memory climbs, a node under disk pressure) are in `nodes.rs`; the
//! quota under pressure in `apps.rs` (`Gen::quota`).

use super::apps::Shape;
use super::catalog::App;
use super::{Gen, Incident};

/// Transcodes media: three pods at 85–95 % of a 3-core limit (request 500m).
pub const TRANSCODER: App = App {
    name: "transcoder",
    repo: "ghcr.io/acme-corp/{ns}-transcoder",
    port: 8080,
    cpu: "500m",
    memory: "512Mi",
    cpu_limit: "3",
    memory_limit: "1Gi",
    sidecar: false,
    init: false,
};

/// Replicas of [`TRANSCODER`].
pub const TRANSCODER_REPLICAS: usize = 3;

/// A cache that leaks: its memory climbs to the 256Mi limit in
/// [`crate::metrics::LEAK_RUN`], then it is OOM-killed and restarted.
pub const SESSION_CACHE: App = App {
    name: "session-cache",
    repo: "ghcr.io/acme-corp/{ns}-session-cache",
    port: 6379,
    cpu: "100m",
    memory: "128Mi",
    cpu_limit: "500m",
    memory_limit: "256Mi",
    sidecar: false,
    init: false,
};

impl Gen<'_> {
    /// The stories' workloads, in the first team namespace (none without one).
    pub(super) fn stories(&mut self, namespaces: &[String]) {
        let Some(ns) = namespaces.first() else {
            return;
        };
        let shape = Shape {
            label: "app",
            version: "",
            revisions: Some(2),
        };
        self.deployment_shaped(
            ns,
            &TRANSCODER,
            TRANSCODER_REPLICAS,
            Some(Incident::CpuHungry),
            &shape,
        );
        self.deployment_shaped(ns, &SESSION_CACHE, 1, Some(Incident::MemoryLeak), &shape);
    }
}
