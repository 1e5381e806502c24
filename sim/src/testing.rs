//! Starting an in-process `kdeck sim` for a test binary, shared by its
//! tests (started once, served from its own runtime thread), and the control
//! API over plain HTTP.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use crate::cluster::ClusterRef;
use crate::{Sim, SimConfig};

pub struct Shared {
    pub kubeconfig: PathBuf,
    pub clusters: Vec<ClusterRef>,
    pub control: std::net::SocketAddr,
    _dir: tempfile::TempDir,
}

impl Shared {
    pub fn cluster(&self, name: &str) -> &ClusterRef {
        self.clusters
            .iter()
            .find(|c| c.name() == name)
            .expect("cluster exists")
    }
}

pub fn start(mut cfg: SimConfig) -> Shared {
    let dir = tempfile::tempdir().expect("tempdir");
    let kubeconfig = dir.path().join("kubeconfig");
    cfg.kubeconfig_out = Some(kubeconfig.clone());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let sim = Sim::start(cfg).await.expect("sim starts");
            tx.send((sim.clusters.clone(), sim.control_addr))
                .expect("send");
            // Serve for as long as the test process lives.
            std::future::pending::<()>().await;
            drop(sim);
        });
    });
    let (clusters, control) = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("sim started");
    Shared {
        kubeconfig,
        clusters,
        control,
        _dir: dir,
    }
}

/// One plain HTTP/1.1 request to the sim's control API; (status, body).
pub fn control(s: &Shared, method: &str, path: &str, token: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut conn = std::net::TcpStream::connect(s.control).expect("control port");
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(conn, "{method} {path} HTTP/1.1\r\nHost: sim\r\nAuthorization: Bearer {token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").expect("write");
    let mut resp = String::new();
    conn.read_to_string(&mut resp).expect("read");
    let status = resp
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = resp
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Poll `f` until it returns Some, or panic after `secs` with `what`.
pub fn eventually<T>(secs: u64, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out after {secs}s waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
