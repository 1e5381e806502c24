//! The state of operations on screen: the forms that ask for what they
//! need (replicas, drain and delete options), the confirmation that shows
//! every target and what the server said of the dry run, the history of a
//! workload, and a drain's progress.

use ratatui_textarea::TextArea;

use super::msg::Intent;
use super::state::State;
use crate::kube::kind::Kind;
use crate::kube::ops::apply::PodProgress;
use crate::kube::ops::drain::DrainOptions;
use crate::kube::ops::{Op, Plan, Propagation, Target};
use crate::kube::{HistoryView, Row};

/// The scale form: the new replica count.
pub struct ScaleForm {
    pub targets: Vec<Target>,
    /// The current replicas (from the scale subresource), for one target.
    pub current: Option<i64>,
    pub input: TextArea<'static>,
    /// Why the typed value cannot be used.
    pub error: Option<String>,
}

/// The drain form: which pods may go.
pub struct DrainForm {
    pub target: Target,
    pub opts: DrainOptions,
    /// The option the cursor is on (0..3), 3 = "drain".
    pub cursor: usize,
}

/// The delete form: how.
pub struct DeleteForm {
    pub targets: Vec<Target>,
    pub force: bool,
    pub propagation: Propagation,
    pub cursor: usize,
    /// Pods can be forced; other kinds choose a propagation.
    pub pods: bool,
}

pub enum Form {
    Scale(Box<ScaleForm>),
    Drain(DrainForm),
    Delete(DeleteForm),
}

/// Waiting for the cluster (reading the scale, preparing, applying).
pub struct Busy {
    pub run: u64,
    pub what: String,
    /// Targets left out before asking the cluster (the user may not):
    /// shown in the confirmation, never sent.
    pub denied: Vec<Plan>,
}

/// The last word before anything is sent.
pub struct Confirm {
    pub run: u64,
    pub plans: Vec<Plan>,
    /// Targets left out because the user may not act on them (each with
    /// its reason); already journaled as refused.
    pub denied: Vec<Plan>,
    /// What must be typed to say yes (production): the object's name.
    pub need: Option<String>,
    pub typed: TextArea<'static>,
    pub scroll: usize,
}

impl Confirm {
    /// The plans that would send something.
    pub fn sendable(&self) -> impl Iterator<Item = &Plan> {
        self.plans.iter().filter(|p| p.sendable())
    }

    /// Whether yes may be said now.
    pub fn ready(&self) -> bool {
        self.sendable().next().is_some()
            && self
                .need
                .as_ref()
                .is_none_or(|n| self.typed.lines().first().is_some_and(|t| t.trim() == n))
    }
}

/// A workload's revisions.
pub struct HistoryScreen {
    pub run: u64,
    pub target: Target,
    pub view: Option<Result<HistoryView, String>>,
    pub cursor: usize,
}

impl HistoryScreen {
    /// The revision under the cursor (newest first on screen).
    pub fn selected(&self) -> Option<&crate::kube::ops::history::Revision> {
        let Some(Ok(v)) = &self.view else { return None };
        v.revisions.iter().rev().nth(self.cursor)
    }
}

/// A drain as it goes.
pub struct DrainScreen {
    pub run: u64,
    pub target: Target,
    pub cordoned: bool,
    /// Each pod and where it is.
    pub pods: Vec<(String, PodProgress)>,
    pub done: Option<Result<String, String>>,
}

/// What the user asked of some targets, before the cluster was asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Ask {
    pub targets: Vec<Target>,
    pub op: Op,
}

/// Whether `intent` is an action on `n` targets of `kind`.
pub fn applies(intent: Intent, kind: Kind, n: usize) -> bool {
    let workload = matches!(
        kind,
        Kind::Deployments | Kind::StatefulSets | Kind::DaemonSets
    );
    match intent {
        Intent::Scale => matches!(
            kind,
            Kind::Deployments | Kind::StatefulSets | Kind::ReplicaSets
        ),
        Intent::Restart | Intent::Rollback => workload,
        Intent::History => n == 1 && workload,
        Intent::Cordon | Intent::Uncordon => kind == Kind::Nodes,
        Intent::Drain => kind == Kind::Nodes && n == 1,
        Intent::Delete => !matches!(kind, Kind::Events),
        Intent::Shell => kind == Kind::Pods && n == 1,
        _ => false,
    }
}

/// The target of a row of cluster `cluster`.
pub fn target_of(s: &State, cluster: usize, kind: Kind, row: &Row) -> Target {
    let m = row.meta();
    Target {
        cluster,
        context: s
            .clusters
            .get(cluster)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        kind,
        namespace: m.namespace.to_string(),
        name: m.name.clone(),
    }
}

/// What an action applies to: the marked rows of the kind in view, else
/// the row under the cursor.
pub fn action_targets(s: &State) -> Vec<Target> {
    let Some(kind) = s.view.scope.kind.kind() else {
        return Vec::new();
    };
    let marked: Vec<Target> = s.marks.iter().filter(|t| t.kind == kind).cloned().collect();
    if !marked.is_empty() {
        return marked;
    }
    s.selected_row()
        .map(|(c, row)| vec![target_of(s, c, kind, row)])
        .unwrap_or_default()
}
