//! Everything that talks to Kubernetes: kubeconfig, one client per context,
//! watchers projected into lean rows, on-demand fetches of whole objects,
//! and (later) the one gate every mutation passes. No terminal code here:
//! results go to the app loop as [`ClusterEvent`]s.

pub mod access;
pub mod client;
pub mod connect;
pub mod describe;
pub mod discovery;
pub mod errors;
pub mod exec;
pub mod gate;
pub mod kind;
pub mod kubeconfig;
pub mod lean;
pub mod logs;
pub mod metrics;
pub mod ops;
pub mod related;
pub mod rows;
pub mod rules;
pub mod table;
pub mod watch;
pub mod workload_refs;

use crate::kube::kind::Kind;

/// The health of one cluster connection, as the header shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum ClusterStatus {
    Connecting,
    Connected {
        version: String,
    },
    /// Was connected; a watch broke and is being retried.
    Reconnecting {
        cause: String,
    },
    Unreachable {
        cause: String,
    },
    Unauthorized {
        cause: String,
    },
    Forbidden {
        cause: String,
    },
}

impl ClusterStatus {
    pub fn label(&self) -> &'static str {
        match self {
            ClusterStatus::Connecting => "connecting",
            ClusterStatus::Connected { .. } => "connected",
            ClusterStatus::Reconnecting { .. } => "reconnecting",
            ClusterStatus::Unreachable { .. } => "unreachable",
            ClusterStatus::Unauthorized { .. } => "unauthorized",
            ClusterStatus::Forbidden { .. } => "forbidden",
        }
    }

    pub fn cause(&self) -> Option<&str> {
        match self {
            ClusterStatus::Reconnecting { cause }
            | ClusterStatus::Unreachable { cause }
            | ClusterStatus::Unauthorized { cause }
            | ClusterStatus::Forbidden { cause } => Some(cause),
            _ => None,
        }
    }

    pub fn is_ok(&self) -> bool {
        matches!(self, ClusterStatus::Connected { .. })
    }
}

/// One lean row of any kind. Boxed: a row is a pointer wide, so caches of
/// many rows (and lists in progress) are dense whatever the largest kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Namespace(Box<rows::NamespaceRow>),
    Pod(Box<rows::PodRow>),
    Deployment(Box<rows::DeploymentRow>),
    StatefulSet(Box<rows::StatefulSetRow>),
    DaemonSet(Box<rows::DaemonSetRow>),
    ReplicaSet(Box<rows::ReplicaSetRow>),
    Service(Box<rows::ServiceRow>),
    Node(Box<rows::NodeRow>),
    Quota(Box<rows::QuotaRow>),
    LimitRange(Box<rows::LimitRangeRow>),
    Event(Box<rows::EventRow>),
    /// Any other kind: the server's Table cells (`kube::table`).
    Generic(Box<table::GenericRow>),
}

impl Row {
    pub fn meta(&self) -> &rows::Meta {
        match self {
            Row::Namespace(r) => &r.meta,
            Row::Pod(r) => &r.meta,
            Row::Deployment(r) => &r.meta,
            Row::StatefulSet(r) => &r.meta,
            Row::DaemonSet(r) => &r.meta,
            Row::ReplicaSet(r) => &r.meta,
            Row::Service(r) => &r.meta,
            Row::Node(r) => &r.meta,
            Row::Quota(r) => &r.meta,
            Row::LimitRange(r) => &r.meta,
            Row::Event(r) => &r.meta,
            Row::Generic(r) => &r.meta,
        }
    }
}

/// What a watch reports about itself.
#[derive(Debug, Clone, PartialEq)]
pub enum WatchState {
    Listing,
    Live,
    /// Not current: the watch failed and is being retried.
    Retrying(Trouble),
    /// Not allowed to list this kind here.
    Forbidden(String),
    /// Live, but only for part of the cluster (why).
    Partial(String),
    /// The resource is not served here any more (a 404: its CRD was
    /// deleted, its API service is gone): the watch has ended, its rows
    /// are gone. A new watch starts when discovery serves it again.
    Gone(String),
}

/// Why a watch is not current.
#[derive(Debug, Clone, PartialEq)]
pub struct Trouble {
    pub kind: TroubleKind,
    /// The server's or the network's own words.
    pub cause: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TroubleKind {
    /// 429 Too Many Requests (API priority and fairness, or a proxy).
    Throttled,
    /// A 5xx answer.
    ServerError(u16),
    /// No connection (refused, reset, timed out).
    Unreachable,
    /// 401: the credentials stopped working.
    Unauthorized,
    /// 410: the watch's history is gone; a re-list is under way.
    Expired,
    /// Anything else.
    Other,
}

impl Trouble {
    /// The label and the cause in one phrase, without saying the code
    /// twice: `429 Too Many Requests: …`, `re-listing (410): …`.
    pub fn describe(&self) -> String {
        match self.kind {
            TroubleKind::Throttled | TroubleKind::ServerError(_) | TroubleKind::Unauthorized
                if !self.cause.is_empty() =>
            {
                self.cause.clone()
            }
            _ if self.cause.is_empty() => self.label(),
            _ => format!("{}: {}", self.label(), self.cause),
        }
    }

    /// A few words for the header: `throttled (429)`, `server error (503)`.
    pub fn label(&self) -> String {
        match self.kind {
            TroubleKind::Throttled => "throttled (429)".into(),
            TroubleKind::ServerError(code) => format!("server error ({code})"),
            TroubleKind::Unreachable => "reconnecting".into(),
            TroubleKind::Unauthorized => "unauthorized (401)".into(),
            TroubleKind::Expired => "re-listing (410)".into(),
            TroubleKind::Other => "watch failing".into(),
        }
    }
}

/// A change to a watched set of rows.
#[derive(Debug, Clone, PartialEq)]
pub enum RowChange {
    /// The complete set (a re-list).
    Replace(Vec<Row>),
    /// The complete set of one namespace (when a user may only watch some
    /// namespaces, each is listed on its own).
    ReplaceIn(String, Vec<Row>),
    Upsert(Vec<Row>),
    /// Removed rows, by uid.
    Delete(Vec<rows::Uid>),
    /// The first list, sent page by page as `Upsert`s, is complete. When it
    /// had to start over (a page failed), `keep` holds the uids of the
    /// complete list: rows not in it are gone.
    Listed {
        keep: Option<std::collections::HashSet<rows::Uid>>,
    },
}

/// A workload's revisions, with what is needed to show and diff them.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryView {
    pub revisions: Vec<ops::history::Revision>,
    /// The revision it runs now.
    pub current: Option<i64>,
    /// Its live pod template.
    pub template: serde_json::Value,
    /// How many old revisions it keeps.
    pub limit: i64,
}

/// A Warning event as the pulse counts it: which (a hash of its uid), how
/// many times it happened so far and when last. 24 bytes; nothing else of
/// the event is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarningSeen {
    pub key: u64,
    pub count: u32,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What the Warning-events watch of a cluster reports (`watch::warnings`).
#[derive(Debug, Clone, PartialEq)]
pub enum WarningChange {
    /// A (re-)list starts: the events it sends are those that exist.
    Listing,
    /// Events added or changed (their count went up).
    Seen(Vec<WarningSeen>),
    /// Events deleted (by key).
    Gone(Vec<u64>),
    /// The list is complete: events not sent since `Listing` are gone.
    Listed,
}

/// Everything the cluster layer tells the app loop.
#[derive(Debug, Clone, PartialEq)]
pub enum ClusterEvent {
    Status {
        cluster: usize,
        status: ClusterStatus,
    },
    /// A watch of this cluster works (again): it is reachable.
    Healthy { cluster: usize },
    Rows {
        cluster: usize,
        kind: Kind,
        change: RowChange,
    },
    Watch {
        cluster: usize,
        kind: Kind,
        state: WatchState,
    },
    /// The columns of a generic kind's Tables in this cluster (before its
    /// first rows, and again when they change); its rows' cells follow
    /// this order.
    Columns {
        cluster: usize,
        kind: Kind,
        columns: std::sync::Arc<[table::TableColumn]>,
    },
    /// The resources this cluster serves (discovery), or why they are not
    /// known.
    Discovered {
        cluster: usize,
        result: Result<std::sync::Arc<discovery::Resources>, String>,
    },
    /// A log save finished (what to tell the user).
    Saved(Result<String, String>),
    /// The answer to a describe/YAML request.
    Detail {
        request: u64,
        result: Result<String, String>,
    },
    /// What a workload uses (its ownership tree's references).
    WorkloadRefs {
        request: u64,
        cluster: usize,
        result: Result<workload_refs::Refs, String>,
    },
    /// Where a followed reference leads (a drill-down's answer).
    Related {
        request: u64,
        result: Result<related::Found, String>,
    },
    /// Operations worked out and dry-run, waiting for the user's yes.
    Prepared { run: u64, plans: Vec<ops::Plan> },
    /// Operations sent: each target's outcome.
    Applied {
        run: u64,
        results: Vec<(ops::Target, Result<String, String>)>,
    },
    /// A drain's progress.
    Drain {
        run: u64,
        event: ops::apply::DrainEvent,
    },
    /// The answer to an access review (or why there is none).
    Access {
        key: access::AccessKey,
        result: Result<access::Verdict, String>,
    },
    /// The answer to a rules review (or why there is none).
    Rules {
        key: rules::RulesKey,
        result: Result<rules::Rules, String>,
    },
    /// The replicas a workload's scale subresource reports (for the form).
    Scale {
        run: u64,
        target: ops::Target,
        result: Result<i64, String>,
    },
    /// A workload's revision history.
    History {
        run: u64,
        target: ops::Target,
        result: Result<HistoryView, String>,
    },
    /// A metrics poll's answer.
    Metrics {
        cluster: usize,
        answer: metrics::Answer,
    },
    /// The Warning events of a cluster (the pulse's warnings per minute).
    Warnings {
        cluster: usize,
        change: WarningChange,
    },
}
