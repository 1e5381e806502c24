//! Reading metrics.k8s.io (metrics-server) for one cluster: node metrics,
//! and pod metrics for the namespaces asked for. One request at a time per
//! cluster and kind is the caller's rule (the app asks for a poll only when
//! none is in flight); each answer goes back to the app loop as a
//! [`ClusterEvent::Metrics`].
//!
//! A cluster that does not serve the API (404: metrics-server is not
//! installed) or forbids a kind (403) is told apart from a failed poll
//! (the cluster is unreachable: a gap in the history).

mod resource;

use chrono::{DateTime, Utc};
use kube::Client;
use kube::api::{Api, ListParams};
use tokio::sync::mpsc::UnboundedSender;

pub use resource::{NodeMetrics, PodMetrics, Usage, cpu_milli, mem_kib, usage};

use super::ClusterEvent;
use super::errors::{Problem, classify};

/// What to poll.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Poll {
    Nodes,
    /// Pods of these namespaces, one request each, one after the other
    /// (empty: all namespaces in one request).
    Pods(Vec<String>),
}

/// One node's sample.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeSample {
    pub name: String,
    pub timestamp: DateTime<Utc>,
    pub usage: Usage,
}

/// One pod's sample: the sum of its containers, and each of them.
#[derive(Debug, Clone, PartialEq)]
pub struct PodSample {
    pub namespace: String,
    pub name: String,
    pub timestamp: DateTime<Utc>,
    pub usage: Usage,
    /// Each container's usage (kept only for the pods of an open panel).
    pub containers: Vec<ContainerSample>,
}

/// One container's usage in a pod's sample.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerSample {
    pub name: String,
    pub usage: Usage,
}

/// Why there are no metrics.
#[derive(Debug, Clone, PartialEq)]
pub enum MetricsError {
    /// The API is not served (404: metrics-server is not installed): stated
    /// once, the columns show `n/a` until it is served.
    NotServed(String),
    /// Not allowed (403) for this kind: stated once, its columns show
    /// `n/a`.
    Forbidden(String),
    /// This poll failed (unreachable, 5xx…): a gap in the history.
    Failed(String),
}

/// A poll's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Nodes(Result<Vec<NodeSample>, MetricsError>),
    Pods {
        namespaces: Vec<String>,
        result: Result<Vec<PodSample>, MetricsError>,
    },
}

fn error(e: &kube::Error) -> MetricsError {
    match (e, classify(e)) {
        (kube::Error::Api(s), _) if s.code == 404 => {
            MetricsError::NotServed("metrics-server is not installed".into())
        }
        (_, Problem::Forbidden(m)) => MetricsError::Forbidden(format!("forbidden: {m}")),
        (_, p) => MetricsError::Failed(p.message().to_string()),
    }
}

/// Every node's sample.
pub async fn nodes(client: Client) -> Result<Vec<NodeSample>, MetricsError> {
    let api: Api<NodeMetrics> = Api::all(client);
    let list = api
        .list(&ListParams::default())
        .await
        .map_err(|e| error(&e))?;
    Ok(list
        .items
        .into_iter()
        .filter_map(|m| {
            Some(NodeSample {
                name: m.metadata.name?,
                timestamp: m.timestamp?,
                usage: usage(&m.usage),
            })
        })
        .collect())
}

/// The samples of the pods in `namespaces` (all when empty).
pub async fn pods(client: Client, namespaces: &[String]) -> Result<Vec<PodSample>, MetricsError> {
    let apis: Vec<Api<PodMetrics>> = if namespaces.is_empty() {
        vec![Api::all(client)]
    } else {
        namespaces
            .iter()
            .map(|ns| Api::namespaced(client.clone(), ns))
            .collect()
    };
    let mut out = Vec::new();
    for api in apis {
        let list = api
            .list(&ListParams::default())
            .await
            .map_err(|e| error(&e))?;
        out.extend(list.items.into_iter().filter_map(|m| {
            let mut total = Usage::default();
            let containers: Vec<ContainerSample> = m
                .containers
                .into_iter()
                .map(|c| ContainerSample {
                    usage: usage(&c.usage),
                    name: c.name,
                })
                .collect();
            for c in &containers {
                total.cpu_m = total.cpu_m.saturating_add(c.usage.cpu_m);
                total.mem_kib = total.mem_kib.saturating_add(c.usage.mem_kib);
            }
            Some(PodSample {
                namespace: m.metadata.namespace?,
                name: m.metadata.name?,
                timestamp: m.timestamp?,
                usage: total,
                containers,
            })
        }));
    }
    Ok(out)
}

/// Run one poll of `cluster` as a task; its answer goes to `tx`.
pub fn spawn(cluster: usize, client: Client, poll: Poll, tx: UnboundedSender<ClusterEvent>) {
    tokio::spawn(async move {
        let answer = match poll {
            Poll::Nodes => Answer::Nodes(nodes(client).await),
            Poll::Pods(namespaces) => {
                let result = pods(client, &namespaces).await;
                Answer::Pods { namespaces, result }
            }
        };
        let _ = tx.send(ClusterEvent::Metrics { cluster, answer });
    });
}
