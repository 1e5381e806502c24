//! The follower on made-up watch streams: what it tells the app, in order.

use std::collections::HashSet;

use futures::FutureExt;
use k8s_openapi::api::core::v1::Pod;
use kube::runtime::watcher::{self, Event as WEvent};
use tokio::sync::mpsc;

use super::{Follower, follow};
use crate::kube::kind::Kind;
use crate::kube::{ClusterEvent, Row, RowChange, rows};

fn pod(name: &str) -> Pod {
    serde_json::from_value(serde_json::json!({
        "metadata": {"name": name, "namespace": "shop", "uid": format!("uid-{name}")},
        "spec": {"containers": [{"name": "app", "image": "web:1"}]},
        "status": {"phase": "Running"}
    }))
    .unwrap()
}

type Item = (usize, Result<WEvent<Pod>, watcher::Error>);

fn init() -> Item {
    (0, Ok(WEvent::Init))
}
fn page(name: &str) -> Item {
    (0, Ok(WEvent::InitApply(pod(name))))
}
fn done() -> Item {
    (0, Ok(WEvent::InitDone))
}
fn failed() -> Item {
    (0, Err(watcher::Error::NoResourceVersion))
}

/// Run the follower over `items` (one event a batch, as they would come
/// from a slow server) and return the row changes it sent.
fn changes(items: Vec<Item>) -> Vec<RowChange> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut f = Follower::new(0, Kind::Pods, &tx, vec![None]);
        // One item per poll: each is a batch of its own.
        let stream = futures::stream::iter(items).then(|i| async move {
            tokio::task::yield_now().await;
            i
        });
        let check: super::Check = Box::new(|| async { true }.boxed());
        let _ = follow(
            &mut f,
            stream,
            |p: &Pod| Row::Pod(Box::new(rows::pod_row(p))),
            check,
        )
        .await;
    });
    drop(tx);
    let mut out = Vec::new();
    while let Ok(ev) = rx.try_recv() {
        if let ClusterEvent::Rows { change, .. } = ev {
            out.push(change);
        }
    }
    out
}

fn names(c: &RowChange) -> Vec<String> {
    match c {
        RowChange::Replace(r) | RowChange::Upsert(r) | RowChange::ReplaceIn(_, r) => {
            r.iter().map(|r| r.meta().name.clone()).collect()
        }
        RowChange::Delete(u) => u.iter().map(|u| u.to_string()).collect(),
        RowChange::Listed { .. } => vec![],
    }
}

use futures::StreamExt;

#[test]
fn the_first_list_is_sent_page_by_page_then_marked_complete() {
    let got = changes(vec![init(), page("a"), page("b"), done()]);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(matches!(&got[0], RowChange::Upsert(_)) && names(&got[0]) == ["a"]);
    assert!(matches!(&got[1], RowChange::Upsert(_)) && names(&got[1]) == ["b"]);
    assert_eq!(got[2], RowChange::Listed { keep: None });
}

#[test]
fn a_first_list_that_starts_over_keeps_only_what_the_complete_list_holds() {
    // Page 1 of the first attempt had a and b; the list failed; the
    // second attempt finds a and c (b was deleted meanwhile).
    let got = changes(vec![
        init(),
        page("a"),
        page("b"),
        failed(),
        init(),
        page("a"),
        page("c"),
        done(),
    ]);
    let last = got.last().unwrap();
    let keep: HashSet<rows::Uid> = ["uid-a", "uid-c"].into_iter().map(rows::Uid::new).collect();
    assert_eq!(last, &RowChange::Listed { keep: Some(keep) }, "{got:?}");
}

#[test]
fn a_relist_that_starts_over_is_sent_once_complete_and_only_the_last_attempt() {
    // Listed once; then a re-list (410) fails half-way and starts over.
    // Before: each start counted as another open list, so the re-list was
    // never sent and its rows piled up.
    let got = changes(vec![
        init(),
        page("a"),
        done(),
        init(),
        page("x"),
        failed(),
        init(),
        page("y"),
        done(),
    ]);
    let last = got.last().unwrap();
    assert!(matches!(last, RowChange::Replace(_)), "{got:?}");
    assert_eq!(names(last), ["y"], "{got:?}");
}

#[test]
fn a_list_that_fails_before_any_page_completes_when_the_server_answers() {
    // A cluster down at start: the list fails again and again, then works.
    let got = changes(vec![
        init(),
        failed(),
        init(),
        failed(),
        init(),
        page("a"),
        done(),
    ]);
    assert!(
        got.iter().any(|c| matches!(c, RowChange::Listed { .. })),
        "the list never completes: {got:?}"
    );
}
