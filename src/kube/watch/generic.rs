//! The watch of a generic kind: server-side Tables for the first list
//! (page by page, as kubectl asks: `Accept: application/json;as=Table;…`)
//! and for the watch that follows (each event a Table of one row), with
//! `includeObject=Metadata`: a row is its cells and its object's metadata,
//! never the object. The watch resumes from the newest resource version
//! seen (the rows' metadata carry it) and re-lists on 410. Its events go
//! through the same follower as the typed watches: batching, first list
//! streamed, re-lists sent whole, state and trouble reported.

use std::sync::Arc;
use std::time::Duration;

use futures::channel::mpsc;
use futures::{FutureExt, SinkExt, StreamExt};
use kube::Client;
use kube::core::WatchEvent;
use kube::runtime::watcher;
use serde_json::Value;

use super::{Check, Follower, Lean, Retry, Watch, follow_lean};
use crate::kube::kind::Kind;
use crate::kube::table::{self, Layout};
use crate::kube::{Row, WatchState};

/// Rows per page of the first list (the decoded page is the largest
/// transient in memory).
const PAGE: usize = 250;
/// How long one watch request lasts before it is renewed (as kube's
/// watcher does).
const WATCH_SECONDS: u64 = 290;

/// Follows a generic kind across the cluster; when that is forbidden, in
/// each fallback namespace (a user bound to some namespaces).
pub(super) async fn run(w: Watch) {
    let Watch {
        cluster,
        client,
        kind,
        fallback_ns,
        tx,
    } = w;
    let mut f = Follower::new(cluster, kind, &tx, vec![None]);
    f.state(WatchState::Listing);
    let (sink, rx) = mpsc::channel(16);
    let first = tokio::select! {
        r = follow_lean(&mut f, rx, check(client.clone(), kind, "")) => r,
        () = produce(client.clone(), kind, String::new(), 0, sink) => Ok(()),
    };
    let Err(forbidden) = first else { return };
    if !kind.namespaced() || fallback_ns.is_empty() {
        f.state(WatchState::Forbidden(forbidden.message().to_string()));
        return;
    }
    let mut f = Follower::per_namespace(cluster, kind, &tx, &forbidden, &fallback_ns);
    let (sink, rx) = mpsc::channel(16);
    let producers = futures::future::join_all(
        fallback_ns
            .iter()
            .enumerate()
            .map(|(i, ns)| produce(client.clone(), kind, ns.clone(), i, sink.clone())),
    );
    drop(sink);
    let chk = check(client.clone(), kind, &fallback_ns[0]);
    let r = tokio::select! {
        r = follow_lean(&mut f, rx, chk) => r,
        _ = producers => Ok(()),
    };
    if let Err(p) = r {
        f.state(WatchState::Forbidden(p.message().to_string()));
    }
}

/// A GET asking for a Table.
fn table_request(url: &str) -> Result<http::Request<Vec<u8>>, kube::Error> {
    http::Request::get(url)
        .header(http::header::ACCEPT, table::ACCEPT)
        .body(Vec::new())
        .map_err(kube::Error::HttpError)
}

/// Asks whether the resource answers again: a list of one row.
fn check(client: Client, kind: Kind, ns: &str) -> Check {
    let url = format!("{}?limit=1&includeObject=Metadata", kind.path(ns, ""));
    Box::new(move || {
        let client = client.clone();
        let url = url.clone();
        async move {
            match table_request(&url) {
                Ok(req) => client.request_text(req).await.is_ok(),
                Err(_) => false,
            }
        }
        .boxed()
    })
}

/// A query value, percent-encoded (continue tokens, resource versions).
fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What ended a watch request.
enum Flow {
    /// The follower is gone.
    Gone,
    /// History expired (410): list again.
    Relist,
    /// The request ended (its timeout): watch again from where it was.
    Again,
    Failed(watcher::Error),
}

/// Sends generic rows and state for one scope (`ns` empty: all
/// namespaces) into `out` as stream `i`, forever (until `out` closes).
async fn produce(
    client: Client,
    kind: Kind,
    ns: String,
    i: usize,
    mut out: mpsc::Sender<(usize, Lean)>,
) {
    let path = kind.path(&ns, "");
    let mut retry = Retry::default();
    let mut layout: Option<Layout> = None;
    loop {
        let mut rv = match list(&client, &path, i, &mut out, &mut layout).await {
            Ok(Some(rv)) => {
                retry = Retry::default();
                rv
            }
            Ok(None) => return,
            Err(e) => {
                if out.send((i, Lean::Error(e))).await.is_err() {
                    return;
                }
                tokio::time::sleep(retry.next().unwrap_or(Duration::from_secs(5))).await;
                continue;
            }
        };
        loop {
            match watch(&client, &path, &mut rv, i, &mut out, &mut layout).await {
                Flow::Gone => return,
                Flow::Relist => break,
                Flow::Again => {}
                Flow::Failed(e) => {
                    if out.send((i, Lean::Error(e))).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(retry.next().unwrap_or(Duration::from_secs(5))).await;
                }
            }
        }
    }
}

/// Sends the layout when it is new; false when the follower is gone.
async fn columns(
    out: &mut mpsc::Sender<(usize, Lean)>,
    i: usize,
    layout: &mut Option<Layout>,
    new: Layout,
) -> bool {
    if layout.as_ref() == Some(&new) {
        return true;
    }
    let columns = Arc::clone(&new.columns);
    *layout = Some(new);
    out.send((i, Lean::Columns(columns))).await.is_ok()
}

/// The first list (or a re-list), page by page: `Some(resource version)`
/// when complete, `None` when the follower is gone.
async fn list(
    client: &Client,
    path: &str,
    i: usize,
    out: &mut mpsc::Sender<(usize, Lean)>,
    layout: &mut Option<Layout>,
) -> Result<Option<String>, watcher::Error> {
    if out.send((i, Lean::Init)).await.is_err() {
        return Ok(None);
    }
    let mut cont: Option<String> = None;
    loop {
        let mut url = format!("{path}?limit={PAGE}&includeObject=Metadata");
        if let Some(c) = &cont {
            url.push_str("&continue=");
            url.push_str(&encode(c));
        }
        let req = table_request(&url).map_err(watcher::Error::InitialListFailed)?;
        let v: Value = client
            .request(req)
            .await
            .map_err(watcher::Error::InitialListFailed)?;
        let page = table::decode(&v, layout.as_ref());
        drop(v);
        if page.skipped > 0 {
            tracing::info!(path, skipped = page.skipped, "table rows without metadata");
        }
        if !columns(out, i, layout, page.layout).await {
            return Ok(None);
        }
        for r in page.rows {
            if out
                .send((i, Lean::InitApply(Row::Generic(Box::new(r)))))
                .await
                .is_err()
            {
                return Ok(None);
            }
        }
        match page.continue_token {
            Some(c) => cont = Some(c),
            None => {
                if out.send((i, Lean::InitDone)).await.is_err() {
                    return Ok(None);
                }
                return Ok(Some(page.resource_version.unwrap_or_default()));
            }
        }
    }
}

/// One watch request from `rv`, its events sent as they come; `rv`
/// follows the newest resource version seen.
async fn watch(
    client: &Client,
    path: &str,
    rv: &mut String,
    i: usize,
    out: &mut mpsc::Sender<(usize, Lean)>,
    layout: &mut Option<Layout>,
) -> Flow {
    let url = format!(
        "{path}?watch=1&resourceVersion={}&timeoutSeconds={WATCH_SECONDS}&includeObject=Metadata",
        encode(rv)
    );
    let req = match table_request(&url) {
        Ok(r) => r,
        Err(e) => return Flow::Failed(watcher::Error::WatchStartFailed(e)),
    };
    let events = match client.request_events::<Value>(req).await {
        Ok(s) => s,
        Err(e) => return Flow::Failed(watcher::Error::WatchStartFailed(e)),
    };
    let mut events = std::pin::pin!(events);
    while let Some(ev) = events.next().await {
        let (object, deleted) = match ev {
            Ok(WatchEvent::Added(v) | WatchEvent::Modified(v)) => (v, false),
            Ok(WatchEvent::Deleted(v)) => (v, true),
            Ok(WatchEvent::Bookmark(b)) => {
                *rv = b.metadata.resource_version;
                continue;
            }
            Ok(WatchEvent::Error(status)) if status.code == 410 => {
                let e = watcher::Error::WatchError(status);
                if out.send((i, Lean::Error(e))).await.is_err() {
                    return Flow::Gone;
                }
                return Flow::Relist;
            }
            Ok(WatchEvent::Error(status)) => {
                return Flow::Failed(watcher::Error::WatchError(status));
            }
            Err(e) => return Flow::Failed(watcher::Error::WatchFailed(e)),
        };
        let d = table::decode(&object, layout.as_ref());
        drop(object);
        if let Some(v) = d.newest_row_version {
            *rv = v;
        }
        if deleted {
            let uids = d.rows.into_iter().map(|r| r.meta.uid);
            for uid in uids {
                if out.send((i, Lean::Delete(uid))).await.is_err() {
                    return Flow::Gone;
                }
            }
            continue;
        }
        if !columns(out, i, layout, d.layout).await {
            return Flow::Gone;
        }
        for r in d.rows {
            if out
                .send((i, Lean::Apply(Row::Generic(Box::new(r)))))
                .await
                .is_err()
            {
                return Flow::Gone;
            }
        }
    }
    Flow::Again
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(encode("abc-1_2.3~"), "abc-1_2.3~");
        assert_eq!(encode("a+b/c=="), "a%2Bb%2Fc%3D%3D");
    }
}
