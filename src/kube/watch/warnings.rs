//! The pulse's Warning events of one cluster: a watch of core/v1 events
//! with `fieldSelector=type=Warning` (the API server filters: Normal
//! events, usually most of them, never travel), each event projected at
//! once to its key, count and time last seen ([`WarningSeen`], 24 bytes).
//! The app counts occurrences per 10 seconds (`app::pulse::warnings`).

use std::hash::{DefaultHasher, Hash, Hasher};

use futures::StreamExt;
use k8s_openapi::api::core::v1::Event;
use kube::Client;
use kube::api::Api;
use kube::runtime::WatchStreamExt;
use kube::runtime::watcher::{self, Event as WEvent};
use tokio::sync::mpsc::UnboundedSender;

use super::{BATCH, Retry, uid_of};
use crate::kube::rows::{Uid, event_row};
use crate::kube::{ClusterEvent, WarningChange, WarningSeen};

/// The field selector: only Warning events are listed and watched.
pub const SELECTOR: &str = "type=Warning";

/// The key of an event: a hash of its uid.
pub fn key(uid: &Uid) -> u64 {
    let mut h = DefaultHasher::new();
    uid.hash(&mut h);
    h.finish()
}

/// What the pulse keeps of a Warning event.
pub fn seen(e: &Event) -> WarningSeen {
    let row = event_row(e);
    WarningSeen {
        key: key(&uid_of(e)),
        count: u32::try_from(row.count).unwrap_or(1).max(1),
        at: row.last_seen,
    }
}

/// Start following the Warning events of `cluster`; the task ends when
/// aborted or when the app is gone. Failures are retried with the watches'
/// backoff (the cluster's state is told by its other watches).
pub fn spawn(
    cluster: usize,
    client: Client,
    tx: UnboundedSender<ClusterEvent>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let api: Api<Event> = Api::all(client);
        let config = watcher::Config::default().fields(SELECTOR).page_size(250);
        let stream = watcher::watcher(api, config)
            .backoff(Retry::default())
            .map(|ev| match ev {
                Ok(WEvent::Init) => Some(Lean::Listing),
                Ok(WEvent::InitApply(e) | WEvent::Apply(e)) => Some(Lean::Seen(seen(&e))),
                Ok(WEvent::InitDone) => Some(Lean::Listed),
                Ok(WEvent::Delete(e)) => Some(Lean::Gone(key(&uid_of(&e)))),
                Err(e) => {
                    tracing::info!(cluster, "warning events watch problem: {e}");
                    None
                }
            });
        let mut stream = std::pin::pin!(stream.ready_chunks(BATCH));
        while let Some(batch) = stream.next().await {
            for change in changes(batch.into_iter().flatten()) {
                if tx.send(ClusterEvent::Warnings { cluster, change }).is_err() {
                    return;
                }
            }
        }
    })
}

/// A watch event, projected.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lean {
    Listing,
    Seen(WarningSeen),
    Gone(u64),
    Listed,
}

/// One batch of events as the few messages that say it, in order (runs of
/// seen and gone events gathered).
fn changes(batch: impl Iterator<Item = Lean>) -> Vec<WarningChange> {
    let mut out: Vec<WarningChange> = Vec::new();
    for l in batch {
        match (l, out.last_mut()) {
            (Lean::Seen(s), Some(WarningChange::Seen(v))) => v.push(s),
            (Lean::Seen(s), _) => out.push(WarningChange::Seen(vec![s])),
            (Lean::Gone(k), Some(WarningChange::Gone(v))) => v.push(k),
            (Lean::Gone(k), _) => out.push(WarningChange::Gone(vec![k])),
            (Lean::Listing, _) => out.push(WarningChange::Listing),
            (Lean::Listed, _) => out.push(WarningChange::Listed),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(uid: &str, count: i32, last: &str) -> Event {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": "e", "namespace": "shop", "uid": uid},
            "involvedObject": {"kind": "Pod", "name": "web-1"},
            "type": "Warning",
            "reason": "BackOff",
            "count": count,
            "lastTimestamp": last,
        }))
        .unwrap()
    }

    #[test]
    fn an_event_is_kept_as_its_key_count_and_time() {
        let s = seen(&event("u1", 7, "2026-11-30T10:00:00Z"));
        assert_eq!(s.key, key(&Uid::new("u1")));
        assert_eq!(s.count, 7);
        assert_eq!(
            s.at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-30T10:00:00+00:00")
        );
        assert_ne!(key(&Uid::new("u1")), key(&Uid::new("u2")));
    }

    #[test]
    fn a_batch_becomes_few_messages_in_order() {
        let a = seen(&event("a", 1, "2026-11-30T10:00:00Z"));
        let b = seen(&event("b", 2, "2026-11-30T10:00:00Z"));
        let out = changes(
            [
                Lean::Listing,
                Lean::Seen(a),
                Lean::Seen(b),
                Lean::Listed,
                Lean::Gone(1),
                Lean::Gone(2),
                Lean::Seen(a),
            ]
            .into_iter(),
        );
        assert_eq!(
            out,
            vec![
                WarningChange::Listing,
                WarningChange::Seen(vec![a, b]),
                WarningChange::Listed,
                WarningChange::Gone(vec![1, 2]),
                WarningChange::Seen(vec![a]),
            ]
        );
    }
}
