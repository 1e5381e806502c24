//! `kdeck sim`: simulated Kubernetes clusters served over the real REST,
//! watch and (later) WebSocket protocols on loopback. It shares no code with
//! the console's cluster layer, so the two cannot agree by construction.

pub mod auth;
pub mod cluster;
pub mod controllers;
pub mod crd;
pub mod defaults;
pub mod events_view;
pub mod faults;
pub mod kubeconfig;
pub mod logs;
pub mod meta;
pub mod metrics;
pub mod ops;
pub mod patch;
pub mod protobuf;
pub mod quantity;
pub mod registry;
pub mod request_log;
pub mod selector;
pub mod server;
pub mod status;
pub mod store;
pub mod table;
pub mod testing;
pub mod tls;
pub mod validate;
pub mod world;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use cluster::{Cluster, ClusterRef, ClusterSpec};

/// How to start a sim.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub clusters: usize,
    /// Nodes per cluster; 0 = sized to the pods.
    pub nodes: usize,
    pub namespaces: usize,
    pub pods: usize,
    /// First API port (cluster i listens on port + i); 0 = any free ports.
    pub port: u16,
    /// Port of the sim-wide control API; 0 = any free port.
    pub control_port: u16,
    /// Where to write the kubeconfig; None = a file in the temp directory.
    pub kubeconfig_out: Option<PathBuf>,
    pub plain_http: bool,
    pub seed: u64,
    /// Clusters served without metrics.k8s.io (as without metrics-server).
    pub without_metrics: Vec<String>,
    /// Pods created/updated/deleted per second in every cluster.
    pub churn: u32,
    /// Changes each cluster keeps for watches to resume from.
    pub history: usize,
    /// Log lines each running container writes per second.
    pub log_rate: f64,
    /// Add the hostile-objects fixture (a `hostile` namespace whose
    /// free-form fields carry escape sequences, bidi and invisible
    /// characters, huge values) to every cluster.
    pub hostile: bool,
    /// Events of churned-away pods generated in each cluster (on top of
    /// the events of its own pods), spread over the last 50 minutes.
    pub events: usize,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            clusters: 3,
            nodes: 0,
            namespaces: 5,
            pods: 200,
            port: 0,
            control_port: 0,
            kubeconfig_out: None,
            plain_http: false,
            seed: 1,
            without_metrics: Vec::new(),
            churn: 0,
            history: 20_000,
            log_rate: 1.0,
            hostile: false,
            events: 0,
        }
    }
}

/// A running sim: its clusters, their addresses, the kubeconfig.
pub struct Sim {
    pub clusters: Vec<ClusterRef>,
    pub addrs: Vec<SocketAddr>,
    pub control_addr: SocketAddr,
    pub kubeconfig: PathBuf,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Sim {
    /// Generate the clusters, bind their ports, write the kubeconfig and
    /// start serving.
    pub async fn start(cfg: SimConfig) -> Result<Sim> {
        if cfg.clusters == 0 {
            bail!("--clusters must be at least 1");
        }
        let _ = rustls::crypto::ring::default_provider().install_default();
        let tls = if cfg.plain_http {
            None
        } else {
            Some(tls::Tls::generate()?)
        };
        let started = Utc::now();
        let (shutdown, shutdown_rx) = watch::channel(false);
        let mut clusters = Vec::new();
        let mut addrs = Vec::new();
        let mut tasks = Vec::new();
        let mut entries = Vec::new();
        // Generate the clusters in parallel (each is independent).
        let mut generated = Vec::new();
        for i in 0..cfg.clusters {
            let name = world::catalog::cluster_name(i);
            let spec = ClusterSpec {
                metrics: !cfg.without_metrics.iter().any(|m| m == &name || m == "all"),
                name: name.clone(),
                nodes: if cfg.nodes == 0 {
                    (cfg.pods / 25 + 1).max(6)
                } else {
                    cfg.nodes
                },
                namespaces: cfg.namespaces,
                pods: cfg.pods,
                seed: cfg.seed.wrapping_add(i as u64),
                history: cfg.history,
                log_rate: cfg.log_rate,
                events: cfg.events,
            };
            let cluster = Arc::new(Cluster::new(spec, started));
            let gen_cluster = cluster.clone();
            let job = tokio::task::spawn_blocking(move || {
                let mut ctl = controllers::Controllers::default();
                world::populate(&gen_cluster, i, &mut ctl);
                ctl
            });
            generated.push((i, name, cluster, job));
        }
        for (i, name, cluster, job) in generated {
            let ctl = job.await?;
            if cfg.hostile {
                cluster.add_hostile();
            }
            let port = if cfg.port == 0 {
                0
            } else {
                cfg.port + i as u16
            };
            let listener = TcpListener::bind(("127.0.0.1", port))
                .await
                .with_context(|| format!("cannot listen on 127.0.0.1:{port} for cluster {name}"))?;
            let addr = listener.local_addr()?;
            tasks.push(tokio::spawn(server::listener::serve(
                cluster.clone(),
                listener,
                tls.as_ref().map(|t| t.server.clone()),
                shutdown_rx.clone(),
            )));
            tasks.push(controllers::spawn(
                cluster.clone(),
                ctl,
                shutdown_rx.clone(),
            ));
            if cfg.churn > 0 {
                cluster.set_churn(cfg.churn);
            }
            let scheme = if tls.is_some() { "https" } else { "http" };
            let users = cluster
                .auth
                .read()
                .users()
                .iter()
                .map(|u| (u.name.clone(), u.token.clone(), u.namespace.clone()))
                .collect();
            entries.push(kubeconfig::Entry {
                cluster: name,
                server: format!("{scheme}://{addr}"),
                users,
            });
            addrs.push(addr);
            clusters.push(cluster);
        }
        let control = TcpListener::bind(("127.0.0.1", cfg.control_port))
            .await
            .context("cannot listen for the sim control API")?;
        let control_addr = control.local_addr()?;
        tasks.push(tokio::spawn(serve_control(
            clusters.clone(),
            control,
            shutdown_rx,
        )));

        let path = match &cfg.kubeconfig_out {
            Some(p) => p.clone(),
            None => std::env::temp_dir()
                .join(format!("kdeck-sim-{}", std::process::id()))
                .join("kubeconfig"),
        };
        let text = kubeconfig::render(
            &entries,
            tls.as_ref().map(|t| t.ca_pem.as_str()),
            &entries[0].cluster,
        );
        write_private(&path, &text)?;
        Ok(Sim {
            clusters,
            addrs,
            control_addr,
            kubeconfig: path,
            shutdown,
            tasks,
        })
    }

    pub fn cluster(&self, name: &str) -> Option<&ClusterRef> {
        self.clusters.iter().find(|c| c.name() == name)
    }

    /// Stop serving and wait for every task to end.
    pub async fn stop(self) {
        self.shutdown.send_replace(true);
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

/// Write a file only its owner can read (it holds tokens).
fn write_private(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

async fn serve_control(
    clusters: Vec<ClusterRef>,
    listener: TcpListener,
    mut shutdown: watch::Receiver<bool>,
) {
    let clusters = Arc::new(clusters);
    loop {
        tokio::select! {
            r = listener.accept() => {
                let Ok((stream, _)) = r else { continue };
                let clusters = clusters.clone();
                tokio::spawn(async move {
                    let svc = service_fn(move |req| {
                        let clusters = clusters.clone();
                        async move { Ok::<_, std::convert::Infallible>(server::control::handle_any(&clusters, req).await) }
                    });
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
                });
            }
            r = shutdown.changed() => if r.is_err() || *shutdown.borrow() { return },
        }
    }
}
