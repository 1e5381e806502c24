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

/// A client for `config` (kube's own when the context goes through a
/// proxy: its proxy support).
pub fn build(config: kube::Config) -> Result<Client, kube::Error> {
    if config.proxy_url.is_some() {
        return Client::try_from(config);
    }
    // Credentials first, then TLS, as kube does: an exec plugin is run in
    // that order (the TLS set-up asks it again for a client certificate).
    let auth = config.auth_layer()?;
    let mut connector = hyper_timeout::TimeoutConnector::new(config.rustls_https_connector()?);
    connector.set_connect_timeout(config.connect_timeout);
    connector.set_read_timeout(config.read_timeout);
    connector.set_write_timeout(config.write_timeout);
    connector.set_reset_reader_on_write(config.reset_reader_on_write);
    let http: hyper_util::client::legacy::Client<_, Body> =
        hyper_util::client::legacy::Builder::new(hyper_util::rt::TokioExecutor::new())
            .http1_max_buf_size(READ_BUFFER)
            .pool_max_idle_per_host(IDLE_PER_HOST)
            .build(connector);
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
