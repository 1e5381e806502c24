//! Everything that talks to Kubernetes: kubeconfig, one client per context,
//! watchers projected into lean rows, on-demand fetches of whole objects,
//! and (later) the one gate every mutation passes. No terminal code here:
//! results go to the app loop as [`ClusterEvent`]s.

pub mod connect;
pub mod describe;
pub mod errors;
pub mod exec;
pub mod gate;
pub mod kind;
pub mod kubeconfig;
pub mod logs;
pub mod rows;
pub mod watch;

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
        }
    }
}

/// What a watch reports about itself.
#[derive(Debug, Clone, PartialEq)]
pub enum WatchState {
    Listing,
    Live,
    /// Retrying after an error (with its cause).
    Retrying(String),
    /// Not allowed to list this kind here.
    Forbidden(String),
    /// Live, but only for part of the cluster (why).
    Partial(String),
}

/// A change to a watched set of rows.
#[derive(Debug, Clone, PartialEq)]
pub enum RowChange {
    /// The complete set (initial list or re-list).
    Replace(Vec<Row>),
    Upsert(Vec<Row>),
    /// Removed rows, by uid.
    Delete(Vec<String>),
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
    /// A log save finished (what to tell the user).
    Saved(Result<String, String>),
    /// The answer to a describe/YAML request.
    Detail {
        request: u64,
        result: Result<String, String>,
    },
}
