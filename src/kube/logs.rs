//! Log streams: one task per (pod, container). Lines are always requested
//! with timestamps, so a broken stream resumes from where it stopped
//! (`sinceTime`, then skipping what was already seen): no duplicates, no
//! gaps. Lines go to the app loop in batches over a bounded channel, so a
//! slow screen slows the socket rather than growing memory.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::AsyncBufReadExt;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, LogParams};
use kube::{Client, Error};
use tokio::sync::mpsc;

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

/// Where to resume: the newest timestamp seen and how many lines carried
/// exactly that timestamp (so equal timestamps are neither lost nor
/// repeated).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resume {
    last: Option<DateTime<Utc>>,
    at_last: usize,
    skip: usize,
    /// Whether the last stamped line was new: lines without a stamp
    /// (continuations) share its fate.
    skipping: bool,
    /// Between a reconnect and the first line newer than `last`.
    replaying: bool,
}

impl Resume {
    /// Whether a line with this timestamp is new (and record it).
    pub fn accept(&mut self, ts: Option<DateTime<Utc>>) -> bool {
        let Some(ts) = ts else {
            return !self.skipping;
        };
        let new = self.stamped(ts);
        self.skipping = !new;
        new
    }

    fn stamped(&mut self, ts: DateTime<Utc>) -> bool {
        match self.last {
            // Replaying after a reconnect: what is not newer was seen.
            Some(l) if self.replaying && ts < l => false,
            Some(l) if self.replaying && ts == l && self.skip > 0 => {
                self.skip -= 1;
                false
            }
            Some(l) if ts == l => {
                self.at_last += 1;
                true
            }
            // Live, a line may carry a slightly older stamp (stdout and
            // stderr are stamped apart): it is new all the same.
            Some(l) if ts < l => true,
            _ => {
                self.last = Some(ts);
                self.at_last = 1;
                self.skip = 0;
                self.replaying = false;
                true
            }
        }
    }

    /// A new request starts: until a newer line comes, lines up to the
    /// last timestamp are a replay.
    pub fn restart(&mut self) {
        self.skip = self.at_last;
        self.replaying = self.last.is_some();
    }

    /// `sinceTime` for the next request: the last timestamp rounded *down*
    /// to the second (the API's precision), so nothing after it is missed.
    pub fn since_time(&self) -> Option<DateTime<Utc>> {
        self.last
            .and_then(|t| DateTime::from_timestamp(t.timestamp(), 0))
    }

    pub fn last(&self) -> Option<DateTime<Utc>> {
        self.last
    }
}

/// Exponential backoff between reconnects.
#[derive(Debug, Clone)]
pub struct Backoff {
    next: Duration,
    min: Duration,
    max: Duration,
}

impl Backoff {
    pub fn new(min: Duration, max: Duration) -> Self {
        Backoff {
            next: min,
            min,
            max,
        }
    }

    pub fn next_delay(&mut self) -> Duration {
        let d = self.next;
        self.next = (self.next * 2).min(self.max);
        d
    }

    pub fn reset(&mut self) {
        self.next = self.min;
    }
}

/// Split a kubelet line into its timestamp and the rest.
pub fn split_timestamp(line: &[u8]) -> RawLine {
    if let Some(sp) = line.iter().take(40).position(|b| *b == b' ')
        && let Ok(head) = std::str::from_utf8(&line[..sp])
        && let Ok(ts) = DateTime::parse_from_rfc3339(head)
    {
        return RawLine {
            ts: Some(ts.with_timezone(&Utc)),
            bytes: line[sp + 1..].to_vec(),
        };
    }
    RawLine {
        ts: None,
        bytes: line.to_vec(),
    }
}

/// The longest line kept whole; longer ones are cut into pieces of this
/// size (a line with no newline must not grow memory without bound).
pub const MAX_LINE: usize = 256 * 1024;

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
        run(client, req, &tx).await;
        let _ = tx.send(LogEvent::Ended { stream }).await;
    })
}

/// Sends marker lines, never the same one twice in a row (a crash-looping
/// container must not fill the view with identical notices).
struct Markers<'a> {
    tx: &'a mpsc::Sender<LogEvent>,
    stream: u64,
    last: String,
}

impl Markers<'_> {
    async fn say(&mut self, severity: Severity, text: String) {
        if text == self.last {
            return;
        }
        self.last = text.clone();
        let _ = self
            .tx
            .send(LogEvent::Marker {
                stream: self.stream,
                severity,
                text,
            })
            .await;
    }
}

/// A container that is not running, in words (terminated or waiting).
fn not_running(pod: &Pod, container: &str) -> Option<String> {
    let st = pod.status.as_ref()?;
    let c = st
        .container_statuses
        .iter()
        .flatten()
        .chain(st.init_container_statuses.iter().flatten())
        .find(|c| c.name == container)?;
    let state = c.state.as_ref()?;
    if let Some(t) = &state.terminated {
        return Some(format!(
            "container {container} terminated ({}, exit code {})",
            t.reason.as_deref().unwrap_or("no reason"),
            t.exit_code
        ));
    }
    state.waiting.as_ref().map(|w| {
        format!(
            "container {container} is waiting ({})",
            w.reason.as_deref().unwrap_or("no reason")
        )
    })
}

async fn run(client: Client, req: LogRequest, tx: &mpsc::Sender<LogEvent>) {
    let api: Api<Pod> = Api::namespaced(client, &req.namespace);
    let stream = req.stream;
    let mut m = Markers {
        tx,
        stream,
        last: String::new(),
    };
    let mut resume = Resume::default();
    let mut backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(15));
    let mut first = true;
    let mut restarts = restart_count(&api, &req).await;
    // Set when the previous request broke: the next success says so.
    let mut broken: Option<String> = None;
    loop {
        let mut params = LogParams {
            container: Some(req.container.clone()),
            follow: !req.previous,
            previous: req.previous,
            timestamps: true,
            ..LogParams::default()
        };
        if first || resume.last().is_none() {
            match req.since {
                Since::Tail(n) => params.tail_lines = Some(n),
                Since::Seconds(s) => params.since_seconds = Some(s),
                Since::All => {}
            }
        } else if let Some(t) = resume.since_time() {
            params.since_time = Some(
                k8s_openapi::jiff::Timestamp::from_second(t.timestamp())
                    .unwrap_or(k8s_openapi::jiff::Timestamp::UNIX_EPOCH),
            );
        }
        resume.restart();
        let outcome = match api.log_stream(&req.pod, &params).await {
            Ok(body) => {
                if let Some(cause) = broken.take() {
                    let from = resume.last().map_or("the start".to_string(), |t| {
                        t.format("%H:%M:%S").to_string()
                    });
                    m.say(
                        Severity::Info,
                        format!("reconnected after {cause}; resumed from {from}"),
                    )
                    .await;
                }
                first = false;
                let (outcome, got_lines) = read_lines(body, stream, &mut resume, tx).await;
                // Only a stream that brought something new resets the
                // backoff: a finished container answers, then closes.
                if got_lines {
                    backoff.reset();
                }
                outcome
            }
            Err(e) => Outcome::Failed(e),
        };
        let delay = match outcome {
            Outcome::Closed => return,
            Outcome::Eof if req.previous => {
                m.say(Severity::Info, "end of the previous container's log".into())
                    .await;
                return;
            }
            Outcome::Eof => {
                // Why did a followed stream end? Ask for the pod.
                match api.get_opt(&req.pod).await {
                    Ok(None) => {
                        m.say(Severity::Warning, format!("pod {} is gone", req.pod))
                            .await;
                        return;
                    }
                    Ok(Some(pod)) => {
                        let now = container_restarts(&pod, &req.container);
                        if let Some(done) = finished(&pod, &req.container) {
                            m.say(Severity::Info, done).await;
                            return;
                        }
                        if now.is_some()
                            && now == restarts
                            && let Some(why) = not_running(&pod, &req.container)
                        {
                            m.say(
                                Severity::Warning,
                                format!("{why}; following its next start"),
                            )
                            .await;
                            backoff.next_delay()
                        } else if now.is_some() && now != restarts {
                            restarts = now;
                            m.say(Severity::Warning,
                                format!(
                                    "container {} restarted (restart #{}); following the new instance",
                                    req.container,
                                    now.unwrap_or(0)
                                ),
                            )
                            .await;
                            Duration::from_millis(200)
                        } else {
                            let d = backoff.next_delay();
                            m.say(
                                Severity::Warning,
                                format!(
                                    "log stream interrupted; reconnecting in {:.1}s",
                                    d.as_secs_f64()
                                ),
                            )
                            .await;
                            broken = Some("an interrupted stream".into());
                            d
                        }
                    }
                    Err(e) => {
                        let d = backoff.next_delay();
                        let (cause, _) = classify(&e);
                        m.say(
                            Severity::Warning,
                            format!(
                                "log stream broken ({cause}); reconnecting in {:.1}s",
                                d.as_secs_f64()
                            ),
                        )
                        .await;
                        broken = Some(cause);
                        d
                    }
                }
            }
            Outcome::Failed(e) => {
                let (cause, retry) = classify(&e);
                match retry {
                    Retry::Never => {
                        m.say(Severity::Error, cause).await;
                        return;
                    }
                    Retry::Gone => {
                        m.say(
                            Severity::Error,
                            format!("pod {} is gone ({cause})", req.pod),
                        )
                        .await;
                        return;
                    }
                    Retry::Waiting => {
                        m.say(Severity::Info, cause).await;
                        backoff.next_delay().min(Duration::from_secs(3))
                    }
                    Retry::Backoff => {
                        let d = backoff.next_delay();
                        m.say(
                            Severity::Warning,
                            format!(
                                "cannot get logs ({cause}); retrying in {:.1}s",
                                d.as_secs_f64()
                            ),
                        )
                        .await;
                        broken.get_or_insert(cause);
                        d
                    }
                }
            }
        };
        if tx.is_closed() {
            return;
        }
        tokio::time::sleep(delay).await;
    }
}

async fn restart_count(api: &Api<Pod>, req: &LogRequest) -> Option<i32> {
    api.get_opt(&req.pod)
        .await
        .ok()
        .flatten()
        .and_then(|p| container_restarts(&p, &req.container))
}

fn container_restarts(pod: &Pod, container: &str) -> Option<i32> {
    let st = pod.status.as_ref()?;
    st.container_statuses
        .iter()
        .flatten()
        .chain(st.init_container_statuses.iter().flatten())
        .find(|c| c.name == container)
        .map(|c| c.restart_count)
}

/// A container that will write no more: terminated in a pod that is done.
fn finished(pod: &Pod, container: &str) -> Option<String> {
    let st = pod.status.as_ref()?;
    let phase = st.phase.as_deref().unwrap_or("");
    if phase != "Succeeded" && phase != "Failed" {
        return None;
    }
    let code = st
        .container_statuses
        .iter()
        .flatten()
        .find(|c| c.name == container)
        .and_then(|c| c.state.as_ref())
        .and_then(|s| s.terminated.as_ref())
        .map(|t| t.exit_code);
    Some(match code {
        Some(c) => format!("container {container} terminated (exit code {c}); pod {phase}"),
        None => format!("pod {phase}"),
    })
}

/// Splits a log body into lines, a network chunk's worth at a time.
pub struct LineReader<R> {
    body: R,
    pending: Vec<u8>,
    done: bool,
}

impl<R: futures::AsyncBufRead + Unpin> LineReader<R> {
    pub fn new(body: R) -> Self {
        LineReader {
            body,
            pending: Vec::new(),
            done: false,
        }
    }

    /// The complete lines of the next chunk (possibly none); None at the
    /// end of the body (a last line without newline is returned first).
    pub async fn next_batch(&mut self) -> Option<std::io::Result<Vec<RawLine>>> {
        if self.done {
            return None;
        }
        let chunk = match self.body.fill_buf().await {
            Ok([]) => {
                self.done = true;
                if self.pending.is_empty() {
                    return None;
                }
                return Some(Ok(vec![split_timestamp(&std::mem::take(
                    &mut self.pending,
                ))]));
            }
            Ok(c) => c,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let n = chunk.len();
        let mut lines = Vec::new();
        let mut rest = chunk;
        while let Some(nl) = rest.iter().position(|b| *b == b'\n') {
            self.pending.extend_from_slice(&rest[..nl]);
            rest = &rest[nl + 1..];
            lines.push(split_timestamp(&std::mem::take(&mut self.pending)));
        }
        self.pending.extend_from_slice(rest);
        while self.pending.len() >= MAX_LINE {
            let tail = self.pending.split_off(MAX_LINE);
            lines.push(split_timestamp(&std::mem::replace(&mut self.pending, tail)));
        }
        self.body.consume_unpin(n);
        Some(Ok(lines))
    }
}

/// Read lines until the stream ends, sending each network chunk's new
/// lines as one batch; also says whether any new line came.
async fn read_lines(
    body: impl futures::AsyncBufRead + Unpin,
    stream: u64,
    resume: &mut Resume,
    tx: &mpsc::Sender<LogEvent>,
) -> (Outcome, bool) {
    let mut reader = LineReader::new(body);
    let mut got = false;
    loop {
        let lines = match reader.next_batch().await {
            None => return (Outcome::Eof, got),
            Some(Err(e)) => return (Outcome::Failed(Error::ReadEvents(e)), got),
            Some(Ok(lines)) => lines,
        };
        let lines: Vec<RawLine> = lines.into_iter().filter(|l| resume.accept(l.ts)).collect();
        if lines.is_empty() {
            continue;
        }
        got = true;
        if tx.send(LogEvent::Lines { stream, lines }).await.is_err() {
            return (Outcome::Closed, got);
        }
    }
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

    fn ts(s: &str) -> Option<DateTime<Utc>> {
        Some(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
    }

    #[test]
    fn resume_skips_what_was_seen_and_keeps_what_was_not() {
        let mut r = Resume::default();
        for t in [
            "2026-01-01T10:00:00.1Z",
            "2026-01-01T10:00:00.5Z",
            "2026-01-01T10:00:00.5Z",
        ] {
            assert!(r.accept(ts(t)));
        }
        // Reconnect: the server resends from 10:00:00 (rounded down).
        assert_eq!(r.since_time(), ts("2026-01-01T10:00:00Z"));
        r.restart();
        let again = [
            ("2026-01-01T10:00:00.1Z", false),
            ("2026-01-01T10:00:00.5Z", false),
            ("2026-01-01T10:00:00.5Z", false),
            // A third line with the same stamp was not seen before.
            ("2026-01-01T10:00:00.5Z", true),
            ("2026-01-01T10:00:00.9Z", true),
        ];
        for (t, new) in again {
            assert_eq!(r.accept(ts(t)), new, "{t}");
        }
        assert_eq!(r.last(), ts("2026-01-01T10:00:00.9Z"));
    }

    #[test]
    fn live_lines_with_an_older_stamp_are_kept() {
        let mut r = Resume::default();
        assert!(r.accept(ts("2026-01-01T10:00:02Z")));
        assert!(
            r.accept(ts("2026-01-01T10:00:01.9Z")),
            "stderr stamped a moment before stdout"
        );
        assert_eq!(r.last(), ts("2026-01-01T10:00:02Z"));
        // After a reconnect the same line is a replay.
        r.restart();
        assert!(!r.accept(ts("2026-01-01T10:00:01.9Z")));
        assert!(!r.accept(ts("2026-01-01T10:00:02Z")));
        assert!(r.accept(ts("2026-01-01T10:00:03Z")));
        assert!(r.accept(ts("2026-01-01T10:00:02.5Z")), "live again");
    }

    #[test]
    fn since_time_rounds_down_never_up() {
        let mut r = Resume::default();
        r.accept(ts("2026-01-01T10:00:05.999Z"));
        assert_eq!(r.since_time(), ts("2026-01-01T10:00:05Z"));
    }

    #[test]
    fn lines_without_timestamps_follow_the_line_before() {
        let mut r = Resume::default();
        assert!(r.accept(None));
        assert!(r.accept(ts("2026-01-01T10:00:01Z")));
        assert!(r.accept(None), "a continuation of a new line");
        assert!(r.accept(ts("2026-01-01T10:00:02Z")));
        r.restart();
        assert!(!r.accept(ts("2026-01-01T10:00:01Z")));
        assert!(!r.accept(None), "a continuation of a line seen before");
        assert!(!r.accept(ts("2026-01-01T10:00:02Z")));
        assert!(r.accept(ts("2026-01-01T10:00:03Z")));
        assert!(r.accept(None));
    }

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

    #[test]
    fn backoff_doubles_to_a_cap_and_resets() {
        let mut b = Backoff::new(Duration::from_millis(500), Duration::from_secs(3));
        let d: Vec<u64> = (0..5).map(|_| b.next_delay().as_millis() as u64).collect();
        assert_eq!(d, [500, 1000, 2000, 3000, 3000]);
        b.reset();
        assert_eq!(b.next_delay(), Duration::from_millis(500));
    }

    #[test]
    fn timestamps_are_split_off() {
        let l = split_timestamp(b"2026-01-01T10:00:00.123456789Z hello world");
        assert_eq!(l.ts, ts("2026-01-01T10:00:00.123456789Z"));
        assert_eq!(l.bytes, b"hello world");
        let l = split_timestamp(b"no stamp here");
        assert_eq!((l.ts, l.bytes.as_slice()), (None, &b"no stamp here"[..]));
        let l = split_timestamp(b"\xff\xfe bad");
        assert_eq!(l.ts, None);
    }
}
