//! Interactive shells through kube-rs's WebSocket exec (never by shelling
//! out to kubectl). Opening passes the mutation gate first: a read-only
//! console refuses before any request is built. The shell list is tried in
//! order; a container with none of them gets a clear message instead of a
//! dead screen. The relay itself is terminal-agnostic: bytes and sizes in,
//! bytes out, and how the session ended.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures::SinkExt;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Status;
use kube::Client;
use kube::api::{Api, AttachParams, AttachedProcess, TerminalSize};
use tokio::io::{AsyncReadExt, AsyncWriteExt, ReadHalf, SimplexStream, WriteHalf};
use tokio::sync::mpsc;

use super::gate::Gate;

#[derive(Debug, Clone, PartialEq)]
pub struct ShellTarget {
    /// The cluster's (context's) name, for the gate and messages.
    pub cluster: String,
    pub namespace: String,
    pub pod: String,
    pub container: String,
}

impl ShellTarget {
    pub fn describe(&self) -> String {
        format!(
            "pod {}/{} (container {}) @{}",
            self.namespace, self.pod, self.container, self.cluster
        )
    }
}

/// Why no session was opened.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenError {
    /// The gate said no (read-only): nothing was sent.
    Refused(String),
    /// None of the shells exists in the container.
    NoShell(String),
    Failed(String),
}

impl OpenError {
    pub fn message(&self) -> &str {
        match self {
            OpenError::Refused(m) | OpenError::NoShell(m) | OpenError::Failed(m) => m,
        }
    }
}

/// How a session ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ended {
    Exited(i32),
    /// The server reported a failure.
    Failed(String),
    /// The connection dropped without a status.
    Lost(String),
}

/// What the relay is fed: keystrokes (raw bytes) and terminal sizes.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Bytes(Vec<u8>),
    Resize { cols: u16, rows: u16 },
}

type StatusFuture = Pin<Box<dyn Future<Output = Option<Status>> + Send>>;

/// An open shell: the process and its streams.
pub struct Session {
    pub shell: String,
    _process: AttachedProcess,
    stdin: WriteHalf<SimplexStream>,
    stdout: ReadHalf<SimplexStream>,
    status: StatusFuture,
    resize: Option<futures::channel::mpsc::Sender<TerminalSize>>,
    /// Output read while checking that the shell started.
    early: Vec<u8>,
}

/// Is this the runtime saying the executable does not exist?
fn not_found(s: &Status) -> bool {
    let m = s.message.as_deref().unwrap_or("");
    m.contains("executable file not found")
        || m.contains("no such file or directory")
        || m.contains("not found in $PATH")
        || exit_code(s).is_some_and(|c| c == 126 || c == 127)
}

/// The exit code in a `NonZeroExitCode` status.
fn exit_code(s: &Status) -> Option<i32> {
    if s.status.as_deref() == Some("Success") {
        return Some(0);
    }
    if s.reason.as_deref() != Some("NonZeroExitCode") {
        return None;
    }
    s.details
        .as_ref()?
        .causes
        .as_ref()?
        .iter()
        .find(|c| c.reason.as_deref() == Some("ExitCode"))
        .and_then(|c| c.message.as_deref())
        .and_then(|m| m.trim().parse().ok())
}

/// How a final status reads.
pub fn ended_from(status: Option<Status>) -> Ended {
    match status {
        None => Ended::Lost("the connection closed without an exit status".into()),
        Some(s) => match exit_code(&s) {
            Some(c) => Ended::Exited(c),
            None => Ended::Failed(
                s.message
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "the server ended the session".into()),
            ),
        },
    }
}

/// Open a shell: the gate, then each shell in turn until one starts.
pub async fn open(
    gate: &Gate,
    client: Client,
    t: &ShellTarget,
    shells: &[String],
    size: (u16, u16),
) -> Result<Session, OpenError> {
    gate.check(
        &t.cluster,
        &format!("exec into pod {}/{}", t.namespace, t.pod),
    )
    .map_err(|r| OpenError::Refused(r.0))?;
    let api: Api<Pod> = Api::namespaced(client, &t.namespace);
    let mut last = String::new();
    for shell in shells {
        let ap = AttachParams::interactive_tty().container(t.container.clone());
        let mut process = api
            .exec(&t.pod, vec![shell.as_str()], &ap)
            .await
            .map_err(|e| OpenError::Failed(super::errors::classify(&e).message().to_string()))?;
        let mut resize = process.terminal_size();
        let (Some(stdin), Some(mut stdout), Some(status)) =
            (process.stdin(), process.stdout(), process.take_status())
        else {
            return Err(OpenError::Failed("exec streams missing".into()));
        };
        let mut status: StatusFuture = Box::pin(status);
        // Did it start? A shell prints a prompt; a missing one fails at
        // once. The terminal size goes out once the shell looks alive: sent
        // to a session the server already closed, it would fail the stream
        // before the status that says why is read.
        let mut buf = vec![0u8; 8192];
        let mut size_sent = false;
        let give_up = tokio::time::sleep(Duration::from_secs(3));
        tokio::pin!(give_up);
        let early = loop {
            let failed = tokio::select! {
                n = stdout.read(&mut buf) => match n {
                    Ok(n) if n > 0 => break Some(buf[..n].to_vec()),
                    _ => tokio::time::timeout(Duration::from_secs(5), &mut status)
                        .await
                        .ok()
                        .flatten(),
                },
                st = &mut status => st,
                _ = tokio::time::sleep(Duration::from_millis(150)), if !size_sent => {
                    send_size(&mut resize, size).await;
                    size_sent = true;
                    continue;
                }
                _ = &mut give_up => break Some(Vec::new()),
            };
            match failed {
                Some(s) if not_found(&s) => {
                    last = s.message.unwrap_or_default();
                    break None;
                }
                other => {
                    return Err(OpenError::Failed(match ended_from(other) {
                        Ended::Exited(c) => format!("{shell} exited at once with code {c}"),
                        Ended::Failed(m) | Ended::Lost(m) => m,
                    }));
                }
            }
        };
        let Some(early) = early else { continue };
        if !size_sent {
            send_size(&mut resize, size).await;
        }
        return Ok(Session {
            shell: shell.clone(),
            _process: process,
            stdin,
            stdout,
            status,
            resize,
            early,
        });
    }
    let why = if last.contains("not found in $PATH") || last.contains("executable file not found") {
        "not found in $PATH".to_string()
    } else if last.is_empty() {
        "not found".to_string()
    } else {
        last
    };
    Err(OpenError::NoShell(format!(
        "no shell in container {} of {}/{}: tried {} ({why}). Distroless image? \
         Debug it with: kubectl debug -it -n {} pod/{} --image=busybox --target={}",
        t.container,
        t.namespace,
        t.pod,
        shells.join(", "),
        t.namespace,
        t.pod,
        t.container
    )))
}

async fn send_size(
    resize: &mut Option<futures::channel::mpsc::Sender<TerminalSize>>,
    (width, height): (u16, u16),
) {
    if let Some(r) = resize.as_mut() {
        let _ = r.send(TerminalSize { width, height }).await;
    }
}

impl Session {
    /// Relay until the shell ends: `input` to the remote stdin (and resize
    /// channel), remote output to `out`, flushed as it comes.
    pub async fn relay<W: std::io::Write>(
        mut self,
        mut input: mpsc::Receiver<Input>,
        out: &mut W,
    ) -> Ended {
        if !self.early.is_empty() {
            let _ = out.write_all(&self.early);
            let _ = out.flush();
        }
        let mut buf = vec![0u8; 16384];
        let mut input_open = true;
        loop {
            tokio::select! {
                n = self.stdout.read(&mut buf) => match n {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if out.write_all(&buf[..n]).and_then(|_| out.flush()).is_err() {
                            return Ended::Lost("cannot write to the terminal".into());
                        }
                    }
                },
                i = input.recv(), if input_open => match i {
                    Some(Input::Bytes(b)) => {
                        if self.stdin.write_all(&b).await.is_err() {
                            break;
                        }
                    }
                    Some(Input::Resize { cols, rows }) => {
                        if let Some(r) = self.resize.as_mut() {
                            let _ = r.send(TerminalSize { width: cols, height: rows }).await;
                        }
                    }
                    None => input_open = false,
                },
                st = &mut self.status => return ended_from(st),
            }
        }
        // Output ended: the status follows shortly, unless the link died.
        match tokio::time::timeout(Duration::from_secs(2), &mut self.status).await {
            Ok(st) => ended_from(st),
            Err(_) => Ended::Lost("the connection dropped".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{StatusCause, StatusDetails};

    fn nonzero(code: &str) -> Status {
        Status {
            status: Some("Failure".into()),
            reason: Some("NonZeroExitCode".into()),
            message: Some(format!(
                "command terminated with non-zero exit code: {code}"
            )),
            details: Some(StatusDetails {
                causes: Some(vec![StatusCause {
                    reason: Some("ExitCode".into()),
                    message: Some(code.into()),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn statuses_read_as_exit_codes_or_failures() {
        let ok = Status {
            status: Some("Success".into()),
            ..Default::default()
        };
        assert_eq!(ended_from(Some(ok)), Ended::Exited(0));
        assert_eq!(ended_from(Some(nonzero("3"))), Ended::Exited(3));
        assert!(matches!(ended_from(None), Ended::Lost(_)));
        let internal = Status {
            status: Some("Failure".into()),
            message: Some("boom".into()),
            ..Default::default()
        };
        assert_eq!(ended_from(Some(internal)), Ended::Failed("boom".into()));
    }

    #[test]
    fn missing_executables_are_recognised() {
        let nf = Status {
            status: Some("Failure".into()),
            message: Some("exec: \"bash\": executable file not found in $PATH: unknown".into()),
            ..Default::default()
        };
        assert!(not_found(&nf));
        assert!(not_found(&nonzero("127")));
        assert!(!not_found(&nonzero("1")));
    }

    #[test]
    fn the_gate_refuses_before_any_request() {
        // A client pointing nowhere: a request would fail differently.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let cfg = kube::Config::new("http://127.0.0.1:9".parse().unwrap());
            let client = Client::try_from(cfg).unwrap();
            let t = ShellTarget {
                cluster: "prod".into(),
                namespace: "shop".into(),
                pod: "web-1".into(),
                container: "app".into(),
            };
            let e = open(&Gate::new(true), client, &t, &["sh".into()], (80, 24))
                .await
                .err()
                .unwrap();
            assert!(matches!(e, OpenError::Refused(ref m) if m.contains("read-only")));
        });
    }
}
