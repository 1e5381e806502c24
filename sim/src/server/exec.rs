//! `pods/{name}/exec` over WebSocket (`v5.channel.k8s.io`,
//! `v4.channel.k8s.io`): the command runs as a real local process in a
//! per-container scratch directory, with a pseudo-terminal when `tty=true`
//! (honouring resize). Channels: 0 stdin, 1 stdout, 2 stderr, 3 the final
//! Status, 4 resize, and (v5) 255 close. A container marked distroless has
//! no shell: the runtime's "executable file not found" error is answered.

use std::io::{Read, Write};
use std::path::PathBuf;

use futures::{SinkExt, StreamExt};
use http::{Request, Response, StatusCode, header};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;

use super::route::ResourceRequest;
use super::{Body, error, full};
use crate::cluster::ClusterRef;
use crate::meta;
use crate::status::ApiError;

/// A pod annotation (usually from its template): its containers have no
/// shell or other tools, as distroless images.
pub const DISTROLESS: &str = "sim.kdeck.dev/distroless";

const PROTOCOLS: [&str; 2] = ["v5.channel.k8s.io", "v4.channel.k8s.io"];

struct Exec {
    command: Vec<String>,
    stdin: bool,
    tty: bool,
    v5: bool,
    distroless: bool,
    dir: PathBuf,
    pod: String,
    /// The cluster going down drops the connection (no status).
    down: tokio::sync::watch::Receiver<bool>,
}

fn status_exit(code: i32, command: &[String]) -> Value {
    if code == 0 {
        return json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"});
    }
    json!({
        "kind": "Status", "apiVersion": "v1",
        "metadata": {}, "status": "Failure",
        "message": format!("command terminated with non-zero exit code: error executing command [{}], exit code {code}", command.join(" ")),
        "reason": "NonZeroExitCode",
        "details": {"causes": [{"reason": "ExitCode", "message": code.to_string()}]},
    })
}

fn not_found(cmd: &str) -> Value {
    json!({
        "kind": "Status", "apiVersion": "v1",
        "metadata": {}, "status": "Failure",
        "message": format!("Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: \"{cmd}\": executable file not found in $PATH: unknown"),
        "reason": "InternalError",
        "details": {"causes": [{"message": format!("exec: \"{cmd}\": executable file not found in $PATH")}]},
        "code": 500,
    })
}

/// Answer an exec request: 101 Switching Protocols and a session task, or
/// an error Status.
pub fn serve<B>(c: &ClusterRef, r: &ResourceRequest, req: &mut Request<B>) -> Response<Body>
where
    B: http_body::Body + Send + 'static,
{
    match prepare(c, r, req) {
        Ok((exec, accept, proto)) => {
            let on = hyper::upgrade::on(req);
            tokio::spawn(async move {
                match on.await {
                    Ok(upgraded) => {
                        let ws = WebSocketStream::from_raw_socket(
                            TokioIo::new(upgraded),
                            Role::Server,
                            None,
                        )
                        .await;
                        session(ws, exec).await;
                    }
                    Err(e) => tracing::warn!("exec upgrade failed: {e}"),
                }
            });
            let mut resp = Response::new(full(""));
            *resp.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
            let h = resp.headers_mut();
            h.insert(
                header::UPGRADE,
                header::HeaderValue::from_static("websocket"),
            );
            h.insert(
                header::CONNECTION,
                header::HeaderValue::from_static("Upgrade"),
            );
            if let Ok(v) = header::HeaderValue::from_str(&accept) {
                h.insert(header::SEC_WEBSOCKET_ACCEPT, v);
            }
            h.insert(
                header::SEC_WEBSOCKET_PROTOCOL,
                header::HeaderValue::from_static(proto),
            );
            resp
        }
        Err(e) => error(&e),
    }
}

fn prepare<B>(
    c: &ClusterRef,
    r: &ResourceRequest,
    req: &Request<B>,
) -> Result<(Exec, String, &'static str), ApiError> {
    let pod = c
        .get("pods", &r.namespace, &r.name)
        .ok_or_else(|| ApiError::not_found("", "pods", &r.name))?;
    let q: Vec<(String, String)> =
        url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let flag = |k: &str| get(k).is_some_and(|v| v == "true" || v == "1");
    let command: Vec<String> = q
        .iter()
        .filter(|(k, _)| k == "command")
        .map(|(_, v)| v.clone())
        .collect();
    if command.is_empty() {
        return Err(ApiError::bad_request("you must specify at least 1 command"));
    }
    let names: Vec<&str> = pod["spec"]["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str())
        .collect();
    let container = match get("container").filter(|c| !c.is_empty()) {
        Some(c) if names.contains(&c) => c.to_string(),
        Some(c) => {
            return Err(ApiError::bad_request(format!(
                "container {c} is not valid for pod {}",
                r.name
            )));
        }
        None if names.len() == 1 => names[0].to_string(),
        None => {
            return Err(ApiError::bad_request(format!(
                "a container name must be specified for pod {}, choose one of: [{}]",
                r.name,
                names.join(" ")
            )));
        }
    };
    let running = pod["status"]["containerStatuses"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|s| s["name"] == container.as_str() && s["state"]["running"].is_object());
    if !running {
        return Err(ApiError::bad_request(format!(
            "container {container} is not running in pod {}",
            r.name
        )));
    }
    let offered: Vec<String> = req
        .headers()
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|p| p.trim().to_string()))
        .collect();
    let proto = PROTOCOLS
        .into_iter()
        .find(|p| offered.iter().any(|o| o == p))
        .ok_or_else(|| ApiError::bad_request(format!("unable to upgrade connection: no supported subprotocol in {offered:?} (kdeck sim speaks {})", PROTOCOLS.join(", "))))?;
    let key = req
        .headers()
        .get(header::SEC_WEBSOCKET_KEY)
        .ok_or_else(|| ApiError::bad_request("unable to upgrade connection: not a WebSocket request (SPDY is not supported by kdeck sim)"))?;
    let dir = std::env::temp_dir()
        .join("kdeck-sim-exec")
        .join(c.name())
        .join(&r.namespace)
        .join(&r.name)
        .join(&container);
    std::fs::create_dir_all(&dir).map_err(|e| {
        ApiError::internal(format!(
            "cannot make the container's scratch directory: {e}"
        ))
    })?;
    let exec = Exec {
        command,
        stdin: flag("stdin"),
        tty: flag("tty"),
        v5: proto.starts_with("v5"),
        distroless: meta::annotation(&pod, DISTROLESS) == Some("true"),
        dir,
        pod: r.name.clone(),
        down: c.faults.down_watch(),
    };
    Ok((exec, derive_accept_key(key.as_bytes()), proto))
}

type Ws = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

fn frame(channel: u8, data: &[u8]) -> Message {
    let mut v = Vec::with_capacity(data.len() + 1);
    v.push(channel);
    v.extend_from_slice(data);
    Message::Binary(v.into())
}

async fn finish(ws: &mut Ws, status: Value) {
    let _ = ws.send(frame(3, status.to_string().as_bytes())).await;
    let _ = ws
        .close(Some(tokio_tungstenite::tungstenite::protocol::CloseFrame {
            code: tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode::Normal,
            reason: "".into(),
        }))
        .await;
}

/// Output of the process, and its end.
enum Out {
    Data(u8, Vec<u8>),
    Exit(i32),
}

async fn session(mut ws: Ws, mut exec: Exec) {
    let program = exec.command[0].clone();
    if exec.distroless {
        finish(&mut ws, not_found(&program)).await;
        return;
    }
    let (out_tx, out_rx) = mpsc::channel::<Out>(64);
    let (in_tx, in_rx) = std::sync::mpsc::channel::<Option<Vec<u8>>>();
    let started = if exec.tty {
        spawn_tty(&exec, &program, &out_tx, in_rx).map(Some)
    } else {
        spawn_piped(&exec, &program, &out_tx, in_rx).map(|()| None)
    };
    let resize = match started {
        Ok(resize) => resize,
        Err(status) => return finish(&mut ws, status).await,
    };
    drop(out_tx);
    let Some(exit) = relay(&mut ws, &mut exec, out_rx, &in_tx, resize).await else {
        return;
    };
    finish(&mut ws, status_exit(exit.unwrap_or(1), &exec.command)).await;
}

/// Starts the command on a terminal, its output and exit going to
/// `out_tx` and its input coming from `in_rx`; gives the terminal (to
/// resize), or the status to end the session with.
fn spawn_tty(
    exec: &Exec,
    program: &str,
    out_tx: &mpsc::Sender<Out>,
    in_rx: std::sync::mpsc::Receiver<Option<Vec<u8>>>,
) -> Result<Box<dyn portable_pty::MasterPty + Send>, Value> {
    let size = portable_pty::PtySize {
        rows: 24,
        cols: 80,
        pixel_width: 0,
        pixel_height: 0,
    };
    let pty = portable_pty::native_pty_system();
    let pair = match pty.openpty(size) {
        Ok(p) => p,
        Err(e) => {
            return Err(
                json!({"metadata": {}, "status": "Failure", "message": format!("cannot open a terminal: {e}")}),
            );
        }
    };
    let mut cmd = portable_pty::CommandBuilder::new(program);
    cmd.args(&exec.command[1..]);
    cmd.cwd(&exec.dir);
    cmd.env("HOME", &exec.dir);
    cmd.env("HOSTNAME", &exec.pod);
    cmd.env("TERM", "xterm");
    let mut child = match pair.slave.spawn_command(cmd) {
        Ok(c) => c,
        Err(_) => return Err(not_found(program)),
    };
    drop(pair.slave);
    let mut reader = match pair.master.try_clone_reader() {
        Ok(r) => r,
        Err(_) => return Err(not_found(program)),
    };
    let mut writer = match pair.master.take_writer() {
        Ok(w) => w,
        Err(_) => return Err(not_found(program)),
    };
    let tx = out_tx.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.blocking_send(Out::Data(1, buf[..n].to_vec())).is_err() {
                break;
            }
        }
    });
    std::thread::spawn(move || {
        while let Ok(Some(data)) = in_rx.recv() {
            if writer
                .write_all(&data)
                .and_then(|_| writer.flush())
                .is_err()
            {
                break;
            }
        }
    });
    let tx = out_tx.clone();
    std::thread::spawn(move || {
        let code = child.wait().map(|s| s.exit_code() as i32).unwrap_or(1);
        let _ = tx.blocking_send(Out::Exit(code));
    });
    Ok(pair.master)
}

/// Starts the command with pipes: stdout and stderr on channels 1 and 2,
/// stdin from `in_rx` when asked for; or gives the status to end with.
fn spawn_piped(
    exec: &Exec,
    program: &str,
    out_tx: &mpsc::Sender<Out>,
    in_rx: std::sync::mpsc::Receiver<Option<Vec<u8>>>,
) -> Result<(), Value> {
    let mut cmd = std::process::Command::new(program);
    cmd.args(&exec.command[1..])
        .current_dir(&exec.dir)
        .env("HOME", &exec.dir)
        .env("HOSTNAME", &exec.pod)
        .stdin(if exec.stdin {
            std::process::Stdio::piped()
        } else {
            std::process::Stdio::null()
        })
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(_) => return Err(not_found(program)),
    };
    for (channel, pipe) in [
        (
            1u8,
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        ),
        (
            2,
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        ),
    ] {
        let Some(mut pipe) = pipe else { continue };
        let tx = out_tx.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0
                    || tx
                        .blocking_send(Out::Data(channel, buf[..n].to_vec()))
                        .is_err()
                {
                    break;
                }
            }
        });
    }
    if let Some(mut stdin) = child.stdin.take() {
        std::thread::spawn(move || {
            while let Ok(Some(data)) = in_rx.recv() {
                if stdin.write_all(&data).is_err() {
                    break;
                }
            }
            // None (stdin closed) drops the pipe: EOF for the process.
        });
    }
    let tx = out_tx.clone();
    std::thread::spawn(move || {
        let code = child.wait().ok().and_then(|s| s.code()).unwrap_or(1);
        let _ = tx.blocking_send(Out::Exit(code));
    });
    Ok(())
}

/// Relays output to the WebSocket and input (and resizes) to the process
/// until it exits: Some(exit code, if known) then, or None when the
/// connection is gone.
async fn relay(
    ws: &mut Ws,
    exec: &mut Exec,
    mut out_rx: mpsc::Receiver<Out>,
    in_tx: &std::sync::mpsc::Sender<Option<Vec<u8>>>,
    resize: Option<Box<dyn portable_pty::MasterPty + Send>>,
) -> Option<Option<i32>> {
    let mut exit: Option<i32> = None;
    loop {
        tokio::select! {
            out = out_rx.recv() => match out {
                Some(Out::Data(ch, data)) => {
                    if ws.send(frame(ch, &data)).await.is_err() {
                        return None;
                    }
                }
                Some(Out::Exit(code)) => {
                    exit = Some(code);
                    // Let the last output drain before the status.
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    while let Ok(Out::Data(ch, data)) = out_rx.try_recv() {
                        let _ = ws.send(frame(ch, &data)).await;
                    }
                    break;
                }
                None => break,
            },
            r = exec.down.changed() => {
                if r.is_err() || *exec.down.borrow() {
                    // The API server went away: the connection just drops.
                    let _ = in_tx.send(None);
                    return None;
                }
            }
            msg = ws.next() => match msg {
                Some(Ok(Message::Binary(b))) if !b.is_empty() => match b[0] {
                    0 => { let _ = in_tx.send(Some(b[1..].to_vec())); }
                    4 => {
                        if let (Some(m), Ok(v)) = (&resize, serde_json::from_slice::<Value>(&b[1..])) {
                            let cols = v["Width"].as_u64().unwrap_or(80).clamp(1, 1000) as u16;
                            let rows = v["Height"].as_u64().unwrap_or(24).clamp(1, 1000) as u16;
                            let _ = m.resize(portable_pty::PtySize { rows, cols, pixel_width: 0, pixel_height: 0 });
                        }
                    }
                    255 if exec.v5 && b.get(1) == Some(&0) => { let _ = in_tx.send(None); }
                    _ => {}
                },
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => {
                    let _ = in_tx.send(None);
                    return None;
                }
                _ => {}
            },
        }
    }
    Some(exit)
}
