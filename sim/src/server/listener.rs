//! The accept loop of one simulated cluster: TLS (or plain HTTP), HTTP/1.1
//! with upgrades, and downtime on demand (listener closed so connections are
//! refused, open connections reset).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

use super::handle;
use crate::cluster::ClusterRef;

/// Serve `cluster` on `listener` until `shutdown` turns true.
pub async fn serve(
    cluster: ClusterRef,
    listener: TcpListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    mut shutdown: watch::Receiver<bool>,
) {
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(cluster = cluster.name(), "listener has no address: {e}");
            return;
        }
    };
    let acceptor = tls.map(TlsAcceptor::from);
    let mut listener = Some(listener);
    let mut down = cluster.faults.down_watch();
    loop {
        if *shutdown.borrow() {
            return;
        }
        if *down.borrow_and_update() {
            listener = None;
            tokio::select! {
                _ = down.changed() => continue,
                _ = shutdown.changed() => continue,
            }
        }
        let l = match listener.take() {
            Some(l) => l,
            None => match rebind(addr).await {
                Some(l) => l,
                None => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        tokio::select! {
            accepted = l.accept() => {
                listener = Some(l);
                if let Ok((stream, _)) = accepted {
                    tokio::spawn(connection(cluster.clone(), stream, acceptor.clone(), shutdown.clone()));
                }
            }
            _ = down.changed() => { drop(l); }
            _ = shutdown.changed() => { drop(l); }
        }
    }
}

async fn rebind(addr: SocketAddr) -> Option<TcpListener> {
    match TcpListener::bind(addr).await {
        Ok(l) => Some(l),
        Err(e) => {
            tracing::warn!("cannot listen again on {addr}: {e}");
            None
        }
    }
}

async fn connection(
    cluster: ClusterRef,
    stream: TcpStream,
    acceptor: Option<TlsAcceptor>,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let mut down = cluster.faults.down_watch();
    let svc_cluster = cluster.clone();
    let service = service_fn(move |req| {
        let c = svc_cluster.clone();
        async move { Ok::<_, Infallible>(handle(c, req).await) }
    });
    let ended = async {
        loop {
            tokio::select! {
                r = down.changed() => if r.is_err() || *down.borrow() { return },
                r = shutdown.changed() => if r.is_err() || *shutdown.borrow() { return },
            }
        }
    };
    tokio::pin!(ended);
    // Abort (not a graceful close) when the cluster goes down: clients see a
    // reset, as when a real API server or its load balancer dies.
    // Linger 0 makes close() send a reset at once; it never blocks.
    #[allow(deprecated)]
    let _ = stream.set_linger(Some(Duration::ZERO));
    match acceptor {
        Some(acceptor) => {
            let tls = tokio::select! {
                r = tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream)) => r,
                _ = &mut ended => return,
            };
            let Ok(Ok(tls)) = tls else { return };
            let conn = http1::Builder::new()
                .serve_connection(TokioIo::new(tls), service)
                .with_upgrades();
            tokio::select! {
                _ = conn => {}
                _ = &mut ended => {}
            }
        }
        None => {
            let conn = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            tokio::select! {
                _ = conn => {}
                _ = &mut ended => {}
            }
        }
    }
}
