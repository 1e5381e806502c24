//! The console's state: clusters and their status, row caches per (cluster,
//! kind), the current view and the stack of views to go back to, the screen
//! (table, describe, logs) and the overlays stacked over it (help, pickers,
//! text inputs). Owned by the runtime loop; changed only by `update` (and
//! its derived parts by `derive`); read by `ui::draw`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};
use ratatui_textarea::TextArea;

use super::access::AccessCache;
use super::command::NamespaceScope;
use super::filter::Filter;
use super::layout::Layout;
use super::logview::LogView;
use super::ops::{Busy, Confirm, DrainScreen, Form, HistoryScreen};
use super::row_table::RowTable;
use super::sorted::ChangeLog;
use super::view::View;
use crate::config::LogSettings;
use crate::config::keymap::Keymap;
use crate::kube::kind::Kind;
use crate::kube::ops::Target;
use crate::kube::rows::Uid;
use crate::kube::{ClusterStatus, Row, WatchState};

pub struct ClusterInfo {
    pub name: String,
    /// The kube user of its context (who the server sees).
    pub user: String,
    pub status: ClusterStatus,
    /// When the status last changed (how long a problem has lasted).
    pub status_since: Option<DateTime<Utc>>,
    /// Nothing may be changed here (`--readonly`, or a read-only context).
    pub readonly: bool,
    pub version: Option<String>,
    pub production: bool,
    /// The context's default namespace.
    pub namespace: Option<String>,
    pub watches: BTreeMap<Kind, WatchInfo>,
    /// A version probe is running (the cluster is being checked).
    pub probing: bool,
    /// An earlier context that points at the same API server (an admin
    /// and a viewer context of one cluster): its objects are the same, and
    /// fleet totals count them once.
    pub same_as: Option<usize>,
}

/// A watch's state, and since when it has been in it (while a watch is
/// failing, its rows are as of that moment).
#[derive(Debug, Clone, PartialEq)]
pub struct WatchInfo {
    pub state: WatchState,
    pub since: DateTime<Utc>,
}

/// One cached row with what filtering needs, precomputed.
pub struct Entry {
    pub row: Row,
    /// Lower-case-insensitive search text: the row's cells and cluster.
    pub search: Box<str>,
}

#[derive(Default)]
pub struct Cache {
    /// Found by uid (the row's own).
    pub rows: RowTable,
    /// Bumped on every change (to know when to recompute the view).
    pub generation: u64,
    pub synced: bool,
    /// The rows changed lately, for views to catch up with.
    pub changes: ChangeLog,
    /// Rows let go since the last list to bound memory (the oldest events
    /// beyond `cap::MAX_EVENTS`).
    pub dropped: usize,
}

/// A narrowing from a drill-down.
#[derive(Debug, Clone, PartialEq)]
pub enum Drill {
    /// Pods whose labels match (a workload's selector).
    Selector {
        label: String,
        selector: BTreeMap<String, String>,
    },
    /// Pods on one node.
    Node(String),
    /// The objects a controller owns (a ReplicaSet's pods, a CronJob's
    /// jobs, a Job's pods), by their controller owner reference.
    Owner { kind: String, name: String },
    /// Objects by name, found by following a reference (an ingress's
    /// services, an HPA's target, an Endpoints' pods, a PVC's volume);
    /// `label` says where they came from.
    Names { label: String, names: Vec<String> },
    /// Pods mounting a PersistentVolumeClaim.
    Claim(String),
}

impl Drill {
    /// What the breadcrumbs say before the view's kind (`cj/nightly`).
    pub fn label(&self) -> String {
        match self {
            Drill::Selector { label, .. } | Drill::Names { label, .. } => label.clone(),
            Drill::Node(n) => format!("node/{n}"),
            Drill::Owner { kind, name } => format!("{}/{name}", short_kind(kind)),
            Drill::Claim(c) => format!("pvc/{c}"),
        }
    }
}

/// kubectl's short name of an owner's kind, where it has one.
pub fn short_kind(kind: &str) -> String {
    match kind {
        "ReplicaSet" => "rs".into(),
        "Deployment" => "deploy".into(),
        "StatefulSet" => "sts".into(),
        "DaemonSet" => "ds".into(),
        "CronJob" => "cj".into(),
        "Job" => "job".into(),
        "Service" => "svc".into(),
        "Ingress" => "ing".into(),
        "HorizontalPodAutoscaler" => "hpa".into(),
        "PersistentVolumeClaim" => "pvc".into(),
        "PersistentVolume" => "pv".into(),
        "Endpoints" => "ep".into(),
        other => other.to_lowercase(),
    }
}

/// What the table shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub kind: View,
    /// One cluster (index), or all open ones.
    pub cluster: Option<usize>,
    pub namespaces: NamespaceScope,
    /// `app=web` from the command line.
    pub selector: Option<String>,
    pub drill: Option<Drill>,
}

/// Identifies a row across clusters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RowRef {
    pub cluster: usize,
    /// The object's uid; in the alerts and `:can` views, the row's own key
    /// (text: `Uid::text` reads it back).
    pub uid: Uid,
}

pub struct ViewState {
    pub scope: Scope,
    pub filter_text: String,
    pub filter: Filter,
    pub label_filter: Filter,
    /// Sort column (by title, so it survives the CLUSTER column coming or
    /// going; None = the first column) and descending flag.
    pub sort: (Option<&'static str>, bool),
    pub selected: Option<RowRef>,
    pub cursor: usize,
    pub offset: usize,
    /// The rows shown, in order.
    pub rows: Vec<RowRef>,
    /// Cache generations the rows were computed from.
    pub computed_from: Vec<u64>,
    pub stale: bool,
    /// The columns' widths (from the rows in view; see `app::layout`).
    pub layout: Layout,
}

impl ViewState {
    pub fn new(scope: Scope) -> Self {
        let label_filter = Filter::parse(
            &scope
                .selector
                .as_ref()
                .map(|s| format!("-l {s}"))
                .unwrap_or_default(),
        );
        let sort = (None, false);
        ViewState {
            scope,
            filter_text: String::new(),
            filter: Filter::parse(""),
            label_filter,
            sort,
            selected: None,
            cursor: 0,
            offset: 0,
            rows: Vec::new(),
            computed_from: Vec::new(),
            stale: true,
            layout: Layout::default(),
        }
    }
}

/// A whole object shown as text.
pub struct Detail {
    pub title: String,
    pub request: u64,
    pub target: (usize, Kind, String, String),
    pub yaml: bool,
    pub managed_fields: bool,
    pub text: Option<Result<String, String>>,
    pub scroll: usize,
    pub search: String,
    pub search_input: Option<TextArea<'static>>,
    /// Text kdeck made (a revision's template, a diff): nothing to fetch
    /// again; `diff` colours added and removed lines.
    pub local: bool,
    pub diff: bool,
    /// A secret's values are shown (the reveal key, for this one object;
    /// hidden again when it is closed).
    pub reveal: bool,
    /// The screen to return to (the history it was opened from).
    pub back: Option<Box<Screen>>,
}

/// What a picked container is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    Logs {
        cluster: usize,
        namespace: String,
        pod: String,
        /// All containers (regular first, then init ones).
        containers: Vec<String>,
        /// How many of them are regular.
        regular: usize,
    },
    Shell {
        cluster: usize,
        namespace: String,
        pod: String,
        containers: Vec<String>,
    },
    /// Where a drill-down goes (a PVC: its volume, or the pods mounting it).
    Goto(Vec<super::update::related::Dest>),
}

/// Choose one of several (a pod's containers).
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub title: String,
    pub items: Vec<String>,
    pub cursor: usize,
    pub pick: Pick,
}

/// What fills the body of the screen.
pub enum Screen {
    Table,
    /// Describe or YAML of one object (with its own search input).
    Detail(Box<Detail>),
    /// A log view (with its own search/filter inputs).
    Logs(Box<LogView>),
    /// A workload's revision history.
    History(Box<HistoryScreen>),
    /// A workload's ownership tree (`app::tree`).
    Tree(Box<super::tree::TreeScreen>),
    /// A drain as it goes.
    Drain(Box<DrainScreen>),
}

/// Drawn over the screen; the top one takes the keys. `esc` closes it and
/// the screen below is as it was (a log view keeps streaming under help).
pub enum Overlay {
    Help {
        scroll: usize,
    },
    /// Choose one of several (a pod's containers).
    Picker(Box<Picker>),
    /// The `:` command line.
    Command(TextArea<'static>),
    /// The `/` filter line of a table.
    Filter(TextArea<'static>),
    /// A form an operation needs (replicas, options).
    Form(Box<Form>),
    /// The exact targets and changes, before anything is sent.
    Confirm(Box<Confirm>),
    /// Waiting for the cluster.
    Busy(Busy),
    /// A node's, a pod's or a workload's metrics panel.
    Panel(Box<super::metrics::panels::Panel>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    /// How long a message of this level stays on the line.
    pub fn shown_for(&self) -> chrono::Duration {
        chrono::Duration::seconds(match self {
            Level::Info => 5,
            Level::Warning => 10,
            Level::Error => 20,
        })
    }
}

pub struct State {
    pub clusters: Vec<ClusterInfo>,
    pub readonly: bool,
    pub caches: HashMap<(usize, Kind), Cache>,
    pub view: ViewState,
    pub back: Vec<ViewState>,
    pub screen: Screen,
    pub overlays: Vec<Overlay>,
    pub message: Option<(Level, String)>,
    /// When the message was said: it leaves the line after a while
    /// (`Level::shown_for`), so what the line says is current.
    pub message_since: Option<DateTime<Utc>>,
    /// The time of the last tick (ages are computed against it).
    pub now: DateTime<Utc>,
    /// The terminal's size (columns, rows), from the last resize.
    pub size: (u16, u16),
    pub keymap: Keymap,
    /// (cluster, kind) watches requested so far (kept warm).
    pub watched: HashSet<(usize, Kind)>,
    pub next_request: u64,
    /// A drill-down reading where a reference leads (`update::related`).
    pub following: Option<super::update::related::Following>,
    pub quit: bool,
    /// Namespaces given with -n at start (also the fallback when a user may
    /// not list cluster-wide).
    pub start_namespaces: Vec<String>,
    pub log_settings: LogSettings,
    /// Rows marked for an action (space), across clusters.
    pub marks: BTreeSet<Target>,
    /// What the user may do where (access reviews' answers).
    pub access: AccessCache,
    /// metrics.k8s.io samples and their history, per cluster.
    pub metrics: super::metrics::Metrics,
    /// What is wrong across the open clusters (`:alerts`).
    pub alerts: super::alerts::Alerts,
    /// The user's permissions, for `:can`.
    pub can: super::can::Can,
    /// Per cluster, the fleet pulse's aggregates (`:pulse`).
    pub pulse: super::pulse::Pulse,
    /// What each cluster serves (discovery).
    pub catalog: super::catalog::Catalog,
    /// The columns of each generic kind shown (its servers' Tables).
    pub generic: HashMap<Kind, super::columns::generic::GenericColumns>,
}

/// What a new [`State`] starts with.
pub struct Start {
    pub clusters: Vec<ClusterInfo>,
    pub readonly: bool,
    pub keymap: Keymap,
    pub scope: Scope,
    pub start_namespaces: Vec<String>,
    pub now: DateTime<Utc>,
}

/// Rows of the screen that are not the body: two header lines, the footer.
const CHROME_ROWS: u16 = 3;

impl State {
    pub fn new(start: Start) -> Self {
        State {
            clusters: start.clusters,
            readonly: start.readonly,
            caches: HashMap::new(),
            view: ViewState::new(start.scope),
            back: Vec::new(),
            screen: Screen::Table,
            overlays: Vec::new(),
            message: None,
            message_since: None,
            now: start.now,
            size: (80, 24),
            keymap: start.keymap,
            watched: HashSet::new(),
            next_request: 1,
            following: None,
            quit: false,
            start_namespaces: start.start_namespaces,
            log_settings: LogSettings::default(),
            marks: BTreeSet::new(),
            access: AccessCache::default(),
            metrics: super::metrics::Metrics::default(),
            alerts: super::alerts::Alerts::default(),
            can: super::can::Can::default(),
            pulse: super::pulse::Pulse::default(),
            catalog: super::catalog::Catalog::default(),
            generic: HashMap::new(),
        }
    }

    /// The body's size: the screen without the header lines and the footer.
    pub fn body_size(&self) -> (u16, u16) {
        (self.size.0, self.size.1.saturating_sub(CHROME_ROWS))
    }

    /// Rows a page key moves in the table and describe views.
    pub fn page(&self) -> usize {
        self.body_size().1.saturating_sub(2) as usize
    }

    /// Table rows kept in view (the cursor stays among them).
    pub fn table_rows(&self) -> usize {
        self.body_size().1.saturating_sub(3) as usize
    }

    /// The log view's text rows (below its status line).
    pub fn log_rows(&self) -> usize {
        (self.body_size().1.saturating_sub(1) as usize).max(1)
    }

    /// The log view open as the screen, if any.
    pub fn log_view(&self) -> Option<&LogView> {
        match &self.screen {
            Screen::Logs(v) => Some(v),
            _ => None,
        }
    }

    pub fn log_view_mut(&mut self) -> Option<&mut LogView> {
        match &mut self.screen {
            Screen::Logs(v) => Some(v),
            _ => None,
        }
    }

    /// Whether the top of the screen is a text input taking every key.
    pub fn typing(&self) -> bool {
        match (self.overlays.last(), &self.screen) {
            (Some(Overlay::Command(_) | Overlay::Filter(_)), _) => true,
            (Some(Overlay::Confirm(c)), _) => c.need.is_some(),
            (Some(Overlay::Form(f)), _) => matches!(**f, Form::Scale(_)),
            (None, Screen::Detail(d)) => d.search_input.is_some(),
            _ => false,
        }
    }

    /// Clusters the current view spans.
    pub fn view_clusters(&self) -> Vec<usize> {
        match self.view.scope.cluster {
            Some(c) => vec![c],
            None => (0..self.clusters.len()).collect(),
        }
    }

    /// Whether the table needs a CLUSTER column.
    pub fn multi_cluster(&self) -> bool {
        self.view.scope.cluster.is_none() && self.clusters.len() > 1
    }

    pub fn row(&self, r: &RowRef) -> Option<&Row> {
        self.caches
            .get(&(r.cluster, self.view.scope.kind.kind()?))
            .and_then(|c| c.rows.get(&r.uid))
            .map(|e| &e.row)
    }

    pub fn selected_row(&self) -> Option<(usize, &Row)> {
        let r = self.view.rows.get(self.view.cursor)?;
        Some((r.cluster, self.row(r)?))
    }
}
