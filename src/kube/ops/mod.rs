//! Operations on clusters (scale, restart, rollback, delete, cordon,
//! uncordon, drain): what to send, worked out the way kubectl does and
//! checked by the server (`dryRun=All`) before anything is applied. Every
//! request goes through the gate (`kube::gate`), which refuses in
//! read-only mode and journals each attempt before sending it.

pub mod apply;
pub mod drain;
pub mod history;
pub mod journal;
pub mod preflight;
pub mod prepare;
pub mod request;
pub mod rollback;
pub mod template;

use serde_json::Value;

use super::kind::Kind;
use drain::{DrainOptions, DrainPlan};
use request::Request;

/// The object an operation is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    /// The cluster's index among the open ones.
    pub cluster: usize,
    /// Its context name (shown, and journaled).
    pub context: String,
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
}

impl Target {
    /// `deployment shop/web`, `node n1`.
    pub fn describe(&self) -> String {
        let kind = self.kind.singular().to_lowercase();
        if self.namespace.is_empty() {
            format!("{kind} {}", self.name)
        } else {
            format!("{kind} {}/{}", self.namespace, self.name)
        }
    }
}

/// How dependents of a deleted object go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Propagation {
    Background,
    Foreground,
    Orphan,
}

impl Propagation {
    pub fn name(self) -> &'static str {
        match self {
            Propagation::Background => "Background",
            Propagation::Foreground => "Foreground",
            Propagation::Orphan => "Orphan",
        }
    }
}

/// What the user asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Scale {
        replicas: i64,
    },
    Restart,
    /// Back to revision `to` (0: the previous one).
    Rollback {
        to: i64,
    },
    /// Delete; `force` deletes a pod at once (grace period 0).
    Delete {
        force: bool,
        propagation: Propagation,
    },
    Cordon,
    Uncordon,
    Drain(DrainOptions),
}

impl Op {
    /// The action's name in the journal and on screen.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Scale { .. } => "scale",
            Op::Restart => "restart",
            Op::Rollback { .. } => "rollback",
            Op::Delete { force: true, .. } => "force delete",
            Op::Delete { .. } => "delete",
            Op::Cordon => "cordon",
            Op::Uncordon => "uncordon",
            Op::Drain(_) => "drain",
        }
    }

    /// Its parameters, for the journal.
    pub fn parameters(&self) -> Value {
        match self {
            Op::Scale { replicas } => serde_json::json!({"replicas": replicas}),
            Op::Rollback { to } => serde_json::json!({"to_revision": to}),
            Op::Delete { force, propagation } => {
                serde_json::json!({"force": force, "propagation": propagation.name()})
            }
            Op::Drain(o) => serde_json::json!({
                "ignore_daemonsets": o.ignore_daemonsets,
                "delete_emptydir_data": o.delete_emptydir_data,
                "force": o.force,
            }),
            Op::Restart | Op::Cordon | Op::Uncordon => Value::Null,
        }
    }
}

/// An operation worked out and checked, waiting for the user's yes.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub target: Target,
    pub op: Op,
    /// The change in a few words: `replicas 3 → 5`.
    pub change: String,
    /// What changes, before and after (for the journal).
    pub before: Value,
    pub after: Value,
    /// The requests, in order (empty when refused).
    pub requests: Vec<Request>,
    /// Why nothing will be sent (kubectl's refusals, read-only, access).
    pub refused: Option<String>,
    /// Things to know before saying yes (an HPA, GitOps, a PDB...).
    pub warnings: Vec<String>,
    /// The server's dry run: admitted, or its error.
    pub dry_run: Option<Result<(), String>>,
    /// For a drain: the pods and what happens to each.
    pub drain: Option<DrainPlan>,
    /// Longer text to look at (a rollback's template diff).
    pub detail: Option<String>,
}

impl Plan {
    /// A plan that sends nothing, and why.
    pub fn refused(target: Target, op: Op, why: String) -> Self {
        Plan {
            target,
            change: op.name().to_string(),
            op,
            before: Value::Null,
            after: Value::Null,
            requests: Vec::new(),
            refused: Some(why),
            warnings: Vec::new(),
            dry_run: None,
            drain: None,
            detail: None,
        }
    }

    /// Whether yes would send something: not refused, and not refused by
    /// the server's dry run.
    pub fn sendable(&self) -> bool {
        self.refused.is_none() && !self.requests.is_empty() && !matches!(self.dry_run, Some(Err(_)))
    }
}
