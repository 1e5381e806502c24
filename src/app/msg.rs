//! What flows through the state machine: input messages in, effects out.
//! Keys are mapped to [`Intent`]s once, where `update` receives them.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use super::state::Level;
use crate::kube::ClusterEvent;
use crate::kube::access::AccessKey;
use crate::kube::exec::ShellTarget;
use crate::kube::kind::Kind;
use crate::kube::logs::{LogEvent, LogRequest};
use crate::kube::ops::{Op, Plan, Target};

/// What the user means by a key (the keymap names them; defined next to
/// it so that config stays a leaf below the app).
pub use crate::config::keymap::Intent;

/// Everything `update` reacts to. Time and the screen size arrive as
/// messages too: `update` reads no clock and no terminal.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// The terminal's size (sent at start and on every resize).
    Resize {
        width: u16,
        height: u16,
    },
    /// The time now (ages on screen change).
    Tick(DateTime<Utc>),
    Cluster(ClusterEvent),
    /// From a log stream.
    Log(LogEvent),
    /// The outcome of an effect (save, copy, shell) to tell the user.
    Notice(Level, String),
}

/// One container's log to save, from `since`, with its line prefix.
#[derive(Debug, Clone, PartialEq)]
pub struct SavePart {
    pub cluster: usize,
    pub namespace: String,
    pub pod: String,
    pub container: String,
    pub label: Option<String>,
    pub since: DateTime<Utc>,
}

/// What the runtime must do: the only way `update` causes I/O.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Watch {
        cluster: usize,
        kind: Kind,
    },
    /// Ask the cluster what it serves (discovery), and follow its CRDs
    /// when it may; answered by `ClusterEvent::Discovered`.
    Discover {
        cluster: usize,
    },
    /// Check the cluster until it answers (it looked broken).
    Probe {
        cluster: usize,
    },
    /// Describe or YAML of one object; the answer comes back as
    /// `ClusterEvent::Detail` with the same `request` number.
    Fetch {
        request: u64,
        cluster: usize,
        kind: Kind,
        namespace: String,
        name: String,
        yaml: bool,
        managed_fields: bool,
        /// A secret's values are shown (else each is `<hidden: N bytes>`).
        reveal: bool,
    },
    /// Follow a reference from one object (a drill-down); answered by
    /// `ClusterEvent::Related` with the same `request` number.
    Related {
        request: u64,
        cluster: usize,
        kind: Kind,
        namespace: String,
        name: String,
        relation: crate::kube::related::Relation,
    },
    /// Read what a workload uses (its tree's services, mounts, autoscalers,
    /// budgets); answered by `ClusterEvent::WorkloadRefs`.
    WorkloadRefs {
        request: u64,
        cluster: usize,
        kind: Kind,
        namespace: String,
        name: String,
    },
    LogStart(LogRequest),
    LogStop {
        stream: u64,
    },
    /// Write a log buffer to a file named after `name`.
    SaveLog {
        name: String,
        content: String,
        lines: usize,
    },
    /// Fetch the given streams again from their start and save them,
    /// merged by time.
    SaveStream {
        name: String,
        parts: Vec<SavePart>,
        previous: bool,
    },
    /// Put text on the clipboard (OSC 52).
    Copy {
        text: String,
        lines: usize,
    },
    /// Suspend the screen and run a shell.
    Shell {
        cluster: usize,
        target: ShellTarget,
    },
    /// Ask the cluster whether its user may (a SelfSubjectAccessReview);
    /// the answer comes back as `ClusterEvent::Access`.
    CheckAccess {
        key: AccessKey,
    },
    /// Ask the cluster for its user's rules in a namespace (a
    /// SelfSubjectRulesReview, for `:can`); the answer comes back as
    /// `ClusterEvent::Rules`.
    ReviewRules {
        key: crate::kube::rules::RulesKey,
    },
    /// Journal an action refused before anything was built (the user may
    /// not): one line per target, with why. Nothing is sent.
    Refused {
        action: String,
        refusals: Vec<(Target, String)>,
    },
    /// Read a workload's replicas from its scale subresource.
    ReadScale {
        run: u64,
        target: Target,
    },
    /// Read a workload's revision history.
    ReadHistory {
        run: u64,
        target: Target,
    },
    /// Work operations out and dry-run them (nothing is changed).
    Prepare {
        run: u64,
        asks: Vec<(Target, Op)>,
    },
    /// Send what was confirmed.
    Apply {
        run: u64,
        plans: Vec<Plan>,
    },
    /// The user said no (journaled).
    Cancelled {
        plans: Vec<Plan>,
    },
    /// Drain a node (cordon, evictions, progress).
    Drain {
        run: u64,
        plan: Box<Plan>,
    },
    /// Stop a drain under way.
    StopDrain {
        run: u64,
    },
    /// Read metrics.k8s.io; answered by `ClusterEvent::Metrics`.
    PollMetrics {
        cluster: usize,
        poll: crate::kube::metrics::Poll,
    },
    /// Follow the cluster's Warning events (the pulse's warnings per
    /// minute); reported as `ClusterEvent::Warnings`.
    WatchWarnings {
        cluster: usize,
    },
}
