//! The console's state: clusters and their status, row caches per (cluster,
//! kind), the current view and the stack of views to go back to, the input
//! mode. Owned by the app loop; changed only by `update`.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use ratatui_textarea::TextArea;

use super::columns::{self, Cell, SortKey};
use super::command::NamespaceScope;
use super::filter::Filter;
use super::logview::LogView;
use super::view::View;
use crate::config::LogSettings;
use crate::config::keymap::Keymap;
use crate::kube::kind::Kind;
use crate::kube::{ClusterStatus, Row, WatchState};

pub struct ClusterInfo {
    pub name: String,
    pub status: ClusterStatus,
    pub version: Option<String>,
    pub production: bool,
    /// The context's default namespace.
    pub namespace: Option<String>,
    pub watches: BTreeMap<Kind, WatchState>,
    /// A version probe is running (the cluster is being checked).
    pub probing: bool,
}

/// One cached row with what filtering needs, precomputed.
pub struct Entry {
    pub row: Row,
    /// Lower-case-insensitive search text: the row's cells and cluster.
    pub search: String,
}

#[derive(Default)]
pub struct Cache {
    pub rows: HashMap<String, Entry>,
    /// Bumped on every change (to know when to recompute the view).
    pub generation: u64,
    pub synced: bool,
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
    /// ReplicaSet's or other owner's pods by owner name.
    Owner { kind: String, name: String },
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
    pub uid: String,
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
}

/// Choose one of several (a pod's containers).
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub title: String,
    pub items: Vec<String>,
    pub cursor: usize,
    pub pick: Pick,
}

pub enum Mode {
    Normal,
    Picker(Box<Picker>),
    Logs(Box<LogView>),
    Command(TextArea<'static>),
    Filter(TextArea<'static>),
    Help { scroll: usize },
    Detail(Box<Detail>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

pub struct State {
    pub clusters: Vec<ClusterInfo>,
    pub readonly: bool,
    pub caches: HashMap<(usize, Kind), Cache>,
    pub view: ViewState,
    pub back: Vec<ViewState>,
    pub mode: Mode,
    pub message: Option<(Level, String)>,
    pub now: DateTime<Utc>,
    pub keymap: Keymap,
    /// (cluster, kind) watches requested so far (kept warm).
    pub watched: HashSet<(usize, Kind)>,
    pub next_request: u64,
    pub quit: bool,
    /// Height of the table body at the last draw (for paging).
    pub page: usize,
    /// Namespaces given with -n at start (also the fallback when a user may
    /// not list cluster-wide).
    pub start_namespaces: Vec<String>,
    pub log_settings: LogSettings,
    /// The mode to return to when help closes (help over the log view).
    pub back_mode: Option<Mode>,
}

impl State {
    pub fn new(
        clusters: Vec<ClusterInfo>,
        readonly: bool,
        keymap: Keymap,
        scope: Scope,
        start_namespaces: Vec<String>,
    ) -> Self {
        State {
            clusters,
            readonly,
            caches: HashMap::new(),
            view: ViewState::new(scope),
            back: Vec::new(),
            mode: Mode::Normal,
            message: None,
            now: Utc::now(),
            keymap,
            watched: HashSet::new(),
            next_request: 1,
            quit: false,
            page: 20,
            start_namespaces,
            log_settings: LogSettings::default(),
            back_mode: None,
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

    /// Rows of the Clusters view, computed from the other caches.
    pub fn cluster_cells(&self, idx: usize) -> Vec<Cell> {
        let c = &self.clusters[idx];
        let count = |kind: Kind| self.caches.get(&(idx, kind));
        let nodes = count(Kind::Nodes);
        let pods = count(Kind::Pods);
        let events = count(Kind::Events);
        let hour_ago = self.now - chrono::Duration::hours(1);
        let (n_nodes, not_ready) = nodes.map_or((None, 0), |n| {
            (
                Some(n.rows.len()),
                n.rows
                    .values()
                    .filter(|e| matches!(&e.row, Row::Node(r) if !r.ready))
                    .count(),
            )
        });
        let (n_pods, unhealthy) = pods.map_or((None, 0), |p| {
            (
                Some(p.rows.len()),
                p.rows
                    .values()
                    .filter(|e| matches!(&e.row, Row::Pod(r) if r.unhealthy))
                    .count(),
            )
        });
        let warnings = events.map(|e| {
            e.rows
                .values()
                .filter(|e| matches!(&e.row, Row::Event(r) if r.kind_type == "Warning" && r.last_seen.is_some_and(|t| t >= hour_ago)))
                .count()
        });
        let num = |v: Option<usize>| Cell {
            text: v.map_or("-".into(), |v| v.to_string()),
            tone: columns::Tone::Normal,
            key: SortKey::Num(v.map_or(-1, |v| v as i64)),
        };
        let tone = match &c.status {
            ClusterStatus::Connected { .. } => columns::Tone::Ok,
            ClusterStatus::Connecting | ClusterStatus::Reconnecting { .. } => {
                columns::Tone::Warning
            }
            _ => columns::Tone::Error,
        };
        let text = |s: String| Cell {
            key: SortKey::Text(s.clone()),
            text: s,
            tone: columns::Tone::Normal,
        };
        let mut status = text(c.status.label().to_string());
        status.tone = tone;
        let mut nr = num(nodes.map(|_| not_ready));
        if not_ready > 0 {
            nr.tone = columns::Tone::Error;
        }
        let mut uh = num(pods.map(|_| unhealthy));
        if unhealthy > 0 {
            uh.tone = columns::Tone::Warning;
        }
        let mut w = num(warnings);
        if warnings.unwrap_or(0) > 0 {
            w.tone = columns::Tone::Warning;
        }
        vec![
            text(c.name.clone()),
            status,
            text(c.version.clone().unwrap_or_else(|| "-".into())),
            num(n_nodes),
            nr,
            num(n_pods),
            uh,
            w,
            text(c.status.cause().unwrap_or("").to_string()),
        ]
    }
}
