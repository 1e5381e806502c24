//! The client of one cluster: kube's stack (base URI, credentials,
//! impersonation headers, timeouts, a trace of each request at debug
//! level and of failures at error level, as kube's own builder does) over
//! an HTTP client whose read buffers are bounded.
//!
//! hyper's HTTP/1 read buffer grows to what the biggest read needed (about
//! 400 KiB for a list page) and keeps it for the connection's life; a
//! fleet holds hundreds of connections, most of them idle watches (at 100
//! clusters the buffers were about 31 MB of the heap). Bounded, a list
//! page is read in more, smaller reads.
//!
//! Contexts of one API server whose credentials are request headers (a
//! token, a password: an admin and a viewer context) share one HTTP client:
//! one TLS set-up, one pool of connections and TLS sessions. A context with
//! a client certificate (or an exec plugin, which may hand one out) has
//! its own: the TLS connection is its identity.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use http::{Request, Response};
use hyper::body::Incoming;
use kube::Client;
use kube::client::{Body, ConfigExt};
use tower::{BoxError, ServiceBuilder, ServiceExt as _};
use tower_http::classify::ServerErrorsFailureClass;
use tower_http::trace::TraceLayer;
use tracing::Span;

/// The most an HTTP/1 connection's read buffer grows to.
pub const READ_BUFFER: usize = 32 * 1024;

/// Idle connections kept per cluster for the next request.
const IDLE_PER_HOST: usize = 2;

type Http = hyper_util::client::legacy::Client<
    hyper_timeout::TimeoutConnector<
        hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    >,
    Body,
>;

/// What makes two contexts' connections interchangeable: the server, how
/// it is trusted, the timeouts.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    url: String,
    roots: Option<Vec<Vec<u8>>>,
    roots_file: Option<PathBuf>,
    insecure: bool,
    name: Option<String>,
    timeouts: [Option<Duration>; 3],
    reset_reader_on_write: bool,
}

impl Server {
    /// The server of `config`, if its connections may be shared (no client
    /// certificate, no exec plugin, no proxy).
    pub fn of(config: &kube::Config) -> Option<Server> {
        let a = &config.auth_info;
        let own_tls = a.client_certificate.is_some()
            || a.client_certificate_data.is_some()
            || a.client_key.is_some()
            || a.client_key_data.is_some()
            || a.exec.is_some()
            || config.proxy_url.is_some();
        (!own_tls).then(|| Server {
            url: config.cluster_url.to_string(),
            roots: config.root_cert.clone(),
            roots_file: config.root_cert_file.clone(),
            insecure: config.accept_invalid_certs,
            name: config.tls_server_name.clone(),
            timeouts: [
                config.connect_timeout,
                config.read_timeout,
                config.write_timeout,
            ],
            reset_reader_on_write: config.reset_reader_on_write,
        })
    }
}

/// The HTTP clients built so far for servers whose connections are shared
/// (a handful to a few hundred; each a cheap handle on its pool).
static SHARED: Mutex<Vec<(Server, Http)>> = Mutex::new(Vec::new());

fn http(config: &kube::Config) -> Result<Http, kube::Error> {
    let mut connector = hyper_timeout::TimeoutConnector::new(config.rustls_https_connector()?);
    connector.set_connect_timeout(config.connect_timeout);
    connector.set_read_timeout(config.read_timeout);
    connector.set_write_timeout(config.write_timeout);
    connector.set_reset_reader_on_write(config.reset_reader_on_write);
    Ok(
        hyper_util::client::legacy::Builder::new(hyper_util::rt::TokioExecutor::new())
            .http1_max_buf_size(READ_BUFFER)
            .pool_max_idle_per_host(IDLE_PER_HOST)
            .build(connector),
    )
}

/// The HTTP client for `config`: the one its server already has when its
/// connections may be shared.
fn http_for(config: &kube::Config) -> Result<Http, kube::Error> {
    let Some(server) = Server::of(config) else {
        return http(config);
    };
    let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, h)) = shared.iter().find(|(s, _)| *s == server) {
        return Ok(h.clone());
    }
    let h = http(config)?;
    shared.push((server, h.clone()));
    Ok(h)
}

/// A client for `config` (kube's own when the context goes through a
/// proxy: its proxy support).
pub fn build(config: kube::Config) -> Result<Client, kube::Error> {
    if config.proxy_url.is_some() {
        return Client::try_from(config);
    }
    // Credentials first, then TLS, as kube does: an exec plugin is run in
    // that order (the TLS set-up asks it again for a client certificate).
    let auth = config.auth_layer()?;
    let http = http_for(&config)?;
    let trace = TraceLayer::new_for_http()
        .make_span_with(|req: &Request<Body>| {
            tracing::debug_span!(
                "HTTP",
                http.method = %req.method(),
                http.url = %req.uri(),
                http.status_code = tracing::field::Empty,
            )
        })
        .on_request(|_: &Request<Body>, _: &Span| tracing::debug!("requesting"))
        .on_response(|res: &Response<Incoming>, _: Duration, span: &Span| {
            span.record("http.status_code", res.status().as_u16());
        })
        .on_body_chunk(())
        .on_eos(())
        .on_failure(
            |ec: ServerErrorsFailureClass, _: Duration, span: &Span| match ec {
                ServerErrorsFailureClass::StatusCode(status) => {
                    span.record("http.status_code", status.as_u16());
                    tracing::error!("failed with status {status}");
                }
                ServerErrorsFailureClass::Error(err) => tracing::error!("failed with error {err}"),
            },
        );
    let service = ServiceBuilder::new()
        .layer(config.base_uri_layer())
        .option_layer(auth)
        .layer(config.extra_headers_layer()?)
        .layer(trace)
        .service(http.map_err(BoxError::from));
    Ok(Client::new(service, config.default_namespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: &str, token: &str) -> kube::Config {
        let mut c = kube::Config::new(url.parse().unwrap());
        c.root_cert = Some(vec![b"ca".to_vec()]);
        c.auth_info.token = Some(token.to_string().into());
        c
    }

    #[test]
    fn contexts_of_one_server_with_header_credentials_share_connections() {
        let admin = config("https://10.0.0.1:6443", "admin");
        let viewer = config("https://10.0.0.1:6443", "viewer");
        assert_eq!(Server::of(&admin), Server::of(&viewer));
        assert!(Server::of(&admin).is_some());
        // Another server, another trust, another timeout: not shared.
        assert_ne!(
            Server::of(&admin),
            Server::of(&config("https://10.0.0.2:6443", "admin"))
        );
        let mut other_ca = config("https://10.0.0.1:6443", "admin");
        other_ca.root_cert = Some(vec![b"other".to_vec()]);
        assert_ne!(Server::of(&admin), Server::of(&other_ca));
        let mut slow = config("https://10.0.0.1:6443", "admin");
        slow.read_timeout = Some(Duration::from_secs(1));
        assert_ne!(Server::of(&admin), Server::of(&slow));
        // A client certificate or an exec plugin is the connection's
        // identity: never shared.
        let mut cert = config("https://10.0.0.1:6443", "admin");
        cert.auth_info.client_certificate_data = Some("cert".into());
        assert_eq!(Server::of(&cert), None);
        let mut exec = config("https://10.0.0.1:6443", "admin");
        exec.auth_info.exec = serde_json::from_value(serde_json::json!({"command": "plugin"})).ok();
        assert!(exec.auth_info.exec.is_some());
        assert_eq!(Server::of(&exec), None);
    }
}
