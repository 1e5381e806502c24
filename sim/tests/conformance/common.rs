//! One sim shared by every test in this binary (started once, on its own
//! runtime thread), plus helpers to run kubectl against it and to poll.

use std::process::{Command, Output};
use std::sync::OnceLock;

use kdeck_sim::SimConfig;

pub use kdeck_sim::testing::{Shared, control, eventually, start};

static SIM: OnceLock<Shared> = OnceLock::new();
static FAULTY: OnceLock<Shared> = OnceLock::new();
static OPS: OnceLock<Shared> = OnceLock::new();

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

/// A sim for the operations tests (rollouts, evictions, a drain), which
/// change workloads and nodes: prod-eu for the workload tests, prod-us for
/// the drain alone.
pub fn ops() -> &'static Shared {
    OPS.get_or_init(|| {
        start(SimConfig {
            clusters: 2,
            pods: 100,
            namespaces: 3,
            seed: 7,
            ..SimConfig::default()
        })
    })
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
    ok_on(sim(), context, args)
}

/// kubectl against `s` that must succeed; returns stdout.
pub fn ok_on(s: &Shared, context: &str, args: &[&str]) -> String {
    let out = kubectl_on(s, context, args);
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
    fails_on(sim(), context, args)
}

/// kubectl against `s` that must fail; returns stderr.
pub fn fails_on(s: &Shared, context: &str, args: &[&str]) -> String {
    let out = kubectl_on(s, context, args);
    assert!(
        !out.status.success(),
        "kubectl --context {context} {} should have failed but printed {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The name of the first pod matching `selector` in `ns`.
pub fn first_pod(ctx: &str, ns: &str, selector: &str) -> String {
    ok(
        ctx,
        &[
            "get",
            "pods",
            "-n",
            ns,
            "-l",
            selector,
            "-o",
            "jsonpath={.items[0].metadata.name}",
        ],
    )
}

/// `kubectl create -f` of a manifest (YAML or JSON) against `s` (without
/// client-side validation: the sim serves no OpenAPI documents).
pub fn create_from(s: &Shared, context: &str, manifest: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("manifest.yaml");
    std::fs::write(&file, manifest).expect("write manifest");
    ok_on(
        s,
        context,
        &[
            "create",
            "--validate=false",
            "-f",
            file.to_str().expect("utf-8 path"),
        ],
    )
}

/// The words of the header line of a table kubectl printed.
pub fn header(out: &str) -> Vec<&str> {
    out.lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect()
}

/// The first column of each row of a table kubectl printed (no header).
pub fn names(out: &str) -> Vec<String> {
    out.lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// One request to cluster `cluster` of `s`, as `user`, served in-process by
/// the sim's HTTP handler (what kubectl would get, headers included):
/// (status, headers, body parsed as JSON or Null).
pub fn serve(
    s: &Shared,
    cluster: &str,
    user: &str,
    (method, path): (&str, &str),
    body: &str,
) -> (u16, http::HeaderMap, serde_json::Value) {
    let c = s.cluster(cluster).clone();
    let token = c.token_of(user).expect("a user of the cluster");
    let req = http::Request::builder()
        .method(method)
        .uri(path)
        .header("Authorization", format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .body(http_body_util::Full::new(bytes::Bytes::from(
            body.to_string(),
        )))
        .expect("request");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let resp = kdeck_sim::server::handle(c, req).await;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = http_body_util::BodyExt::collect(resp.into_body())
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        (
            status,
            headers,
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        )
    })
}
