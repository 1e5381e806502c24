//! Watches: a stream of `{"type": ..., "object": ...}` lines, resumed from a
//! resourceVersion out of the store's history (410 when too old), filtered
//! by namespace and selectors, with bookmarks, timeouts and fault cuts.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use chrono::Utc;
use http::{Response, StatusCode, header};
use http_body::Frame;
use http_body_util::{BodyExt, StreamBody};
use serde_json::{Value, json};
use tokio::sync::{broadcast, mpsc};
use tokio_stream::wrappers::ReceiverStream;

use super::filter::{Filter, view};
use super::route::ResourceRequest;
use super::{Body, Req};
use crate::cluster::ClusterRef;
use crate::meta;
use crate::registry::ResourceDef;
use crate::status::ApiError;
use crate::store::{Change, ChangeType, Obj};
use crate::table::{self, IncludeObject};

/// How often a watch that allows bookmarks gets one.
const BOOKMARK_EVERY: Duration = Duration::from_secs(10);
/// The longest a watch stays open without `timeoutSeconds`.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1800);

type Chunk = Result<Frame<Bytes>, std::io::Error>;

struct Encoder {
    def: &'static ResourceDef,
    table: Option<IncludeObject>,
    /// The CRD of a custom resource (its printer columns).
    crd: Option<Obj>,
}

impl Encoder {
    fn event(&self, kind: &str, obj: &Value) -> Bytes {
        let v = view(self.def, obj);
        let object = match self.table {
            Some(include) => table::table_for(
                self.def,
                self.crd.as_deref(),
                &[v.as_ref()],
                obj["metadata"]["resourceVersion"].as_str().unwrap_or(""),
                Utc::now(),
                include,
            ),
            None => v.into_owned(),
        };
        event_line(kind, &object)
    }

    fn bookmark(&self, rv: u64, initial_end: bool) -> Bytes {
        let mut metadata = json!({"resourceVersion": rv.to_string()});
        if initial_end {
            metadata["annotations"] = json!({"k8s.io/initial-events-end": "true"});
        }
        let obj = json!({"kind": self.def.kind, "apiVersion": self.def.api_version(), "metadata": metadata});
        event_line("BOOKMARK", &obj)
    }
}

/// One watch event as a line, `type` first and then `object`, as a real API
/// server writes it. (A JSON map would sort `object` first, and clients that
/// decode the event as a tagged enum would then have to buffer the whole
/// object before they know what it is.)
fn event_line(kind: &str, object: &impl serde::Serialize) -> Bytes {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(b"{\"type\":");
    let written = serde_json::to_writer(&mut out, kind).and_then(|()| {
        out.extend_from_slice(b",\"object\":");
        serde_json::to_writer(&mut out, object)
    });
    if written.is_err() {
        return Bytes::new();
    }
    out.extend_from_slice(b"}\n");
    Bytes::from(out)
}

/// A watch of one resource in one namespace (or all), with selectors.
struct Scope {
    def: &'static ResourceDef,
    namespace: String,
    filter: Filter,
    name: String,
}

impl Scope {
    fn matches(&self, obj: &Value) -> bool {
        (self.namespace.is_empty() || meta::namespace(obj) == self.namespace)
            && (self.name.is_empty() || meta::name(obj) == self.name)
            && self.filter.matches(self.def, obj)
    }

    /// The event this watcher sees for a change, if any.
    fn translate<'a>(&self, c: &'a Change) -> Option<(&'static str, &'a Value)> {
        if c.storage != self.def.storage {
            return None;
        }
        let now = self.matches(&c.obj);
        let before = c.prev.as_ref().is_some_and(|p| self.matches(p));
        match c.kind {
            ChangeType::Added if now => Some(("ADDED", &c.obj)),
            ChangeType::Deleted if now || before => Some(("DELETED", &c.obj)),
            ChangeType::Modified if now && before => Some(("MODIFIED", &c.obj)),
            ChangeType::Modified if now => Some(("ADDED", &c.obj)),
            ChangeType::Modified if before => Some(("DELETED", &c.obj)),
            _ => None,
        }
    }
}

pub fn serve(c: &ClusterRef, r: &ResourceRequest, req: &Req) -> Result<Response<Body>, ApiError> {
    let scope = Scope {
        def: r.def,
        namespace: r.namespace.clone(),
        filter: Filter::from_req(r.def, req)?,
        name: r.name.clone(),
    };
    let rv_param = req.q("resourceVersion").unwrap_or("");
    let send_initial = req.q("sendInitialEvents") == Some("true");
    let bookmarks = req.q("allowWatchBookmarks") == Some("true");
    let timeout = req
        .q("timeoutSeconds")
        .and_then(|t| t.parse::<u64>().ok())
        .map(Duration::from_secs)
        .unwrap_or(DEFAULT_TIMEOUT);
    let encoder = Encoder {
        def: r.def,
        table: req
            .wants_table()
            .then(|| IncludeObject::parse(req.q("includeObject"))),
        crd: super::list::crd_of(&c.store.lock(), r.def),
    };

    // Snapshot and subscribe under one lock so nothing falls in between.
    let (initial, replay, live, start_rv) = {
        let store = c.store.lock();
        let start_rv = store.resource_version();
        if rv_param.is_empty() || rv_param == "0" || send_initial {
            let ns = (!scope.namespace.is_empty()).then_some(scope.namespace.as_str());
            let initial: Vec<Obj> = store
                .list(r.def.storage, ns)
                .filter(|o| scope.matches(o))
                .cloned()
                .collect();
            // The initial objects must be converted to the version watched.
            if !initial.is_empty()
                && let Some(e) = crate::crd::conversion::failure(
                    &store,
                    r.def,
                    crate::crd::conversion::Way::Read,
                )
            {
                return Err(e);
            }
            (initial, Vec::new(), store.subscribe_live(), start_rv)
        } else {
            let from: u64 = rv_param.parse().map_err(|_| {
                ApiError::bad_request(format!("invalid resource version: {rv_param:?}"))
            })?;
            match store.subscribe(from) {
                Ok(sub) => (
                    Vec::new(),
                    sub.replay,
                    sub.live,
                    from.max(store.compacted()),
                ),
                Err(gone) => {
                    // A real server answers 200 with one ERROR event.
                    drop(store);
                    let line = event_line("ERROR", &gone.to_status());
                    return Ok(stream_response(futures::stream::iter([Ok(Frame::data(
                        line,
                    ))])));
                }
            }
        }
    };

    let (tx, rx) = mpsc::channel::<Chunk>(256);
    let cluster = c.clone();
    tokio::spawn(async move {
        let run = Run { tx, encoder, scope };
        let feed = Feed {
            initial,
            replay,
            live,
            start_rv,
            initial_end_bookmark: send_initial && bookmarks,
            bookmarks,
            timeout,
        };
        run.go(cluster, feed).await;
    });
    Ok(stream_response(ReceiverStream::new(rx)))
}

fn stream_response<S>(s: S) -> Response<Body>
where
    S: futures::Stream<Item = Chunk> + Send + Sync + 'static,
{
    let mut resp = Response::new(StreamBody::new(s).boxed());
    *resp.status_mut() = StatusCode::OK;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-cache, private"),
    );
    resp
}

/// What one watch stream sends: the initial objects (with
/// `sendInitialEvents`), the changes since the requested version, then
/// live changes until the timeout.
struct Feed {
    initial: Vec<Obj>,
    replay: Vec<Arc<Change>>,
    live: broadcast::Receiver<Arc<Change>>,
    start_rv: u64,
    /// A bookmark marks the end of the initial events.
    initial_end_bookmark: bool,
    /// Periodic bookmarks were asked for.
    bookmarks: bool,
    timeout: Duration,
}

struct Run {
    tx: mpsc::Sender<Chunk>,
    encoder: Encoder,
    scope: Scope,
}

impl Run {
    async fn send(&self, b: Bytes) -> bool {
        self.tx.send(Ok(Frame::data(b))).await.is_ok()
    }

    /// Sends one event; false when the watch ends. A custom resource's
    /// object that cannot be converted to the version watched (its
    /// conversion webhook fails) ends the watch with an ERROR event, as the
    /// real server's watch ends when it cannot decode what it reads.
    async fn emit(&self, custom: Option<&ClusterRef>, kind: &str, obj: &Value) -> bool {
        let failed = custom.and_then(|c| {
            let store = c.store.lock();
            crate::crd::conversion::failure(
                &store,
                self.encoder.def,
                crate::crd::conversion::Way::Read,
            )
        });
        if let Some(e) = failed {
            let _ = self.send(event_line("ERROR", &e.to_status())).await;
            return false;
        }
        self.send(self.encoder.event(kind, obj)).await
    }

    /// Whether `ch` ends this watch: the CRD of the custom resource
    /// watched is gone (its objects were deleted first, each a DELETED
    /// event); a new watch is then a 404.
    fn ended_by(&self, ch: &Change) -> bool {
        self.encoder.def.custom
            && ch.storage == crate::crd::STORAGE
            && ch.kind == ChangeType::Deleted
            && meta::name(&ch.obj) == self.encoder.def.storage
    }

    async fn go(self, cluster: ClusterRef, feed: Feed) {
        let Feed {
            initial,
            replay,
            mut live,
            start_rv,
            initial_end_bookmark,
            bookmarks,
            timeout,
        } = feed;
        let deadline = tokio::time::Instant::now() + timeout;
        let mut cut = cluster.faults.cut_watch();
        let mut down = cluster.faults.down_watch();
        // A custom resource's events may need converting (`emit`).
        let custom = self.encoder.def.custom.then_some(cluster);
        let custom = custom.as_ref();
        let mut last_rv = start_rv;
        for obj in &initial {
            if !self.emit(custom, "ADDED", obj).await {
                return;
            }
        }
        if initial_end_bookmark && !self.send(self.encoder.bookmark(start_rv, true)).await {
            return;
        }
        for ch in &replay {
            last_rv = ch.rv;
            if self.ended_by(ch) {
                return;
            }
            if let Some((t, obj)) = self.scope.translate(ch)
                && !self.emit(custom, t, obj).await
            {
                return;
            }
        }
        let mut tick =
            tokio::time::interval_at(tokio::time::Instant::now() + BOOKMARK_EVERY, BOOKMARK_EVERY);
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(deadline) => return,
                _ = cut.changed() => return,
                r = down.changed() => if r.is_err() || *down.borrow() { return },
                _ = tick.tick(), if bookmarks => {
                    if !self.send(self.encoder.bookmark(last_rv, false)).await { return }
                }
                msg = live.recv() => match msg {
                    Ok(ch) => {
                        if ch.rv <= last_rv { continue }
                        last_rv = ch.rv;
                        if self.ended_by(&ch) {
                            return;
                        }
                        if let Some((t, obj)) = self.scope.translate(&ch)
                            && !self.emit(custom, t, obj).await
                        {
                            return;
                        }
                    }
                    // Too slow a reader: end the stream, as a real server
                    // does; the client resumes from its last version.
                    Err(_) => return,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry;
    use crate::selector::{FieldSelector, LabelSelector};

    fn scope(sel: &str) -> Scope {
        Scope {
            def: registry::storage("pods").unwrap(),
            namespace: "shop".into(),
            filter: Filter {
                labels: LabelSelector::parse(sel).unwrap(),
                fields: FieldSelector::default(),
            },
            name: String::new(),
        }
    }

    fn pod(ns: &str, app: &str) -> Obj {
        Arc::new(json!({"metadata": {"name": "p", "namespace": ns, "labels": {"app": app}}}))
    }

    fn change(kind: ChangeType, obj: Obj, prev: Option<Obj>) -> Change {
        Change {
            rv: 5,
            storage: "pods",
            kind,
            obj,
            prev,
        }
    }

    #[test]
    fn selector_moves_become_added_and_deleted() {
        let s = scope("app=web");
        let web = pod("shop", "web");
        let api = pod("shop", "api");
        let t = |c: Change| s.translate(&c).map(|(t, _)| t);
        assert_eq!(
            t(change(ChangeType::Added, web.clone(), None)),
            Some("ADDED")
        );
        assert_eq!(t(change(ChangeType::Added, api.clone(), None)), None);
        assert_eq!(
            t(change(ChangeType::Modified, web.clone(), Some(web.clone()))),
            Some("MODIFIED")
        );
        assert_eq!(
            t(change(ChangeType::Modified, api.clone(), Some(web.clone()))),
            Some("DELETED")
        );
        assert_eq!(
            t(change(ChangeType::Modified, web.clone(), Some(api.clone()))),
            Some("ADDED")
        );
        assert_eq!(
            t(change(ChangeType::Added, pod("other", "web"), None)),
            None
        );
    }

    #[test]
    fn events_are_written_type_first() {
        let e = Encoder {
            def: registry::find("apps", "v1", "replicasets").unwrap(),
            table: None,
            crd: None,
        };
        let line = e.event("MODIFIED", &json!({"metadata": {"name": "web"}}));
        assert_eq!(
            std::str::from_utf8(&line).unwrap(),
            "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"web\"}}}\n"
        );
        assert!(
            e.bookmark(7, false)
                .starts_with(b"{\"type\":\"BOOKMARK\",\"object\":{")
        );
    }

    #[test]
    fn bookmark_shape() {
        let e = Encoder {
            def: registry::find("apps", "v1", "replicasets").unwrap(),
            table: None,
            crd: None,
        };
        let v: Value = serde_json::from_slice(&e.bookmark(26417, false)).unwrap();
        assert_eq!(v["type"], "BOOKMARK");
        assert_eq!(v["object"]["kind"], "ReplicaSet");
        assert_eq!(v["object"]["metadata"]["resourceVersion"], "26417");
        let v: Value = serde_json::from_slice(&e.bookmark(1, true)).unwrap();
        assert_eq!(
            v["object"]["metadata"]["annotations"]["k8s.io/initial-events-end"],
            "true"
        );
    }
}
