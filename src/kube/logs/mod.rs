//! Log streams: one task per (pod, container). Lines are always requested
//! with timestamps, so a broken stream resumes from where it stopped
//! (`sinceTime`, then skipping what was already seen): no duplicates, no
//! gaps. Lines go to the app loop in batches over a bounded channel, so a
//! slow screen slows the socket rather than growing memory.

mod follow;
mod lines;
mod resume;

use chrono::{DateTime, Utc};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, LogParams};
use kube::{Client, Error};
use tokio::sync::mpsc;

pub use lines::{LineReader, MAX_LINE, split_timestamp};
pub use resume::{Backoff, Resume};

/// Which part of the log to start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// The last N lines.
    Tail(i64),
    /// Lines of the last N seconds.
    Seconds(i64),
    /// Everything the runtime kept.
    All,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogRequest {
    pub stream: u64,
    pub cluster: usize,
    pub namespace: String,
    pub pod: String,
    pub container: String,
    pub since: Since,
    /// The previous (terminated) instance of the container: no follow.
    pub previous: bool,
}

/// One line as received: its kubelet timestamp and its raw bytes (no
/// newline).
#[derive(Debug, Clone, PartialEq)]
pub struct RawLine {
    pub ts: Option<DateTime<Utc>>,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// What a log stream tells the app loop.
#[derive(Debug, Clone, PartialEq)]
pub enum LogEvent {
    Lines {
        stream: u64,
        lines: Vec<RawLine>,
    },
    /// Something happened to the stream (shown as a marker line).
    Marker {
        stream: u64,
        severity: Severity,
        text: String,
    },
    /// The stream is over for good (the reason was sent as a marker).
    Ended {
        stream: u64,
    },
}

/// How a request or a stream ended.
enum Outcome {
    /// The server closed the stream.
    Eof,
    /// The app is gone.
    Closed,
    Failed(Error),
}

/// Why a request failed, in the user's words, and whether retrying helps.
fn classify(e: &Error) -> (String, Retry) {
    match e {
        Error::Api(s) => {
            let msg = s.message.clone();
            match s.code {
                403 => (format!("forbidden: {msg}"), Retry::Never),
                401 => (format!("unauthorized: {msg}"), Retry::Never),
                404 => (msg, Retry::Gone),
                400 if msg.contains("waiting to start")
                    || msg.contains("ContainerCreating")
                    || msg.contains("PodInitializing") =>
                {
                    (msg, Retry::Waiting)
                }
                400 => (msg, Retry::Never),
                _ => (format!("{} {msg}", s.code), Retry::Backoff),
            }
        }
        other => (
            super::errors::classify(other).message().to_string(),
            Retry::Backoff,
        ),
    }
}

#[derive(PartialEq)]
enum Retry {
    Never,
    Gone,
    Waiting,
    Backoff,
}

/// Start the stream task.
pub fn spawn(
    client: Client,
    req: LogRequest,
    tx: mpsc::Sender<LogEvent>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let stream = req.stream;
        follow::run(client, req, &tx).await;
        let _ = tx.send(LogEvent::Ended { stream }).await;
    })
}

/// One container's log from a time on (not followed), for saving.
pub async fn fetch_since(
    client: Client,
    namespace: &str,
    pod: &str,
    container: &str,
    since: DateTime<Utc>,
    previous: bool,
) -> Result<LineReader<impl futures::AsyncBufRead + Unpin + use<>>, String> {
    let api: Api<Pod> = Api::namespaced(client, namespace);
    let params = LogParams {
        container: Some(container.to_string()),
        previous,
        timestamps: true,
        since_time: k8s_openapi::jiff::Timestamp::from_second(since.timestamp()).ok(),
        ..LogParams::default()
    };
    let body = api
        .log_stream(pod, &params)
        .await
        .map_err(|e| classify(&e).0)?;
    Ok(LineReader::new(Box::pin(body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_told_plainly_and_only_transient_ones_retried() {
        let api = |code: u16, message: &str| {
            Error::Api(Box::new(kube::core::Status {
                code,
                message: message.into(),
                ..Default::default()
            }))
        };
        let (msg, retry) = classify(&api(403, "pods \"web\" is forbidden"));
        assert!(msg.starts_with("forbidden: pods") && retry == Retry::Never);
        assert!(classify(&api(404, "pods \"web\" not found")).1 == Retry::Gone);
        let waiting = api(
            400,
            "container \"app\" in pod \"web\" is waiting to start: ContainerCreating",
        );
        assert!(classify(&waiting).1 == Retry::Waiting);
        assert!(classify(&api(400, "previous terminated container not found")).1 == Retry::Never);
        assert!(classify(&api(503, "unavailable")).1 == Retry::Backoff);
        assert!(classify(&api(401, "Unauthorized")).1 == Retry::Never);
    }
}
