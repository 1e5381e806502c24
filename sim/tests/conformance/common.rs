//! One sim shared by every test in this binary (started once, on its own
//! runtime thread), plus helpers to run kubectl against it and to poll.

use std::process::{Command, Output};
use std::sync::OnceLock;

use kdeck_sim::SimConfig;

pub use kdeck_sim::testing::{Shared, control, eventually, start};

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
