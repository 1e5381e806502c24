//! One sim shared by every test in this binary (started once, on its own
//! runtime thread), plus helpers to run kubectl against it and to poll.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use kdeck::sim::cluster::ClusterRef;
use kdeck::sim::{Sim, SimConfig};

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

static SIM: OnceLock<Shared> = OnceLock::new();
static FAULTY: OnceLock<Shared> = OnceLock::new();

/// The shared sim: 3 clusters (prod-eu, prod-us, staging), TLS, staging
/// without metrics. Tests here must not break it for the others.
pub fn sim() -> &'static Shared {
    SIM.get_or_init(|| {
        start(SimConfig {
            pods: 120,
            namespaces: 4,
            without_metrics: vec!["staging".into()],
            ..SimConfig::default()
        })
    })
}

/// A second sim (2 clusters) for the tests that break things on purpose.
pub fn faulty() -> &'static Shared {
    FAULTY.get_or_init(|| {
        start(SimConfig {
            clusters: 2,
            pods: 40,
            namespaces: 2,
            seed: 99,
            ..SimConfig::default()
        })
    })
}

fn start(mut cfg: SimConfig) -> Shared {
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

/// Run kubectl against the shared sim in `context`.
pub fn kubectl(context: &str, args: &[&str]) -> Output {
    kubectl_on(sim(), context, args)
}

pub fn kubectl_on(s: &Shared, context: &str, args: &[&str]) -> Output {
    Command::new("kubectl")
        .env("KUBECONFIG", &s.kubeconfig)
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .arg("--context")
        .arg(context)
        .arg("--request-timeout=20s")
        .args(args)
        .output()
        .expect("kubectl runs (is it on the PATH?)")
}

/// kubectl that must succeed; returns stdout.
pub fn ok(context: &str, args: &[&str]) -> String {
    let out = kubectl(context, args);
    assert!(
        out.status.success(),
        "kubectl --context {context} {} failed: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// kubectl that must fail; returns stderr.
pub fn fails(context: &str, args: &[&str]) -> String {
    let out = kubectl(context, args);
    assert!(
        !out.status.success(),
        "kubectl --context {context} {} should have failed but printed {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Poll `f` until it returns Some, or panic after `secs` with `what`.
pub fn eventually<T>(secs: u64, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {secs}s waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
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
