//! The `kdeck sim` binary: flags documented, one line on stdout, kubectl
//! works against it, SIGTERM stops it cleanly.

use std::io::BufRead;
use std::process::{Command, Stdio};

use kdeck_sim::testing::eventually;

const BIN: &str = env!("CARGO_BIN_EXE_kdeck");

#[test]
fn help_documents_every_flag() {
    let top = Command::new(BIN).arg("--help").output().unwrap();
    let top = String::from_utf8_lossy(&top.stdout);
    assert!(top.contains("sim") && top.contains("demo"), "{top}");
    let sim = Command::new(BIN).args(["sim", "--help"]).output().unwrap();
    let sim = String::from_utf8_lossy(&sim.stdout);
    for flag in [
        "--clusters",
        "--nodes",
        "--namespaces",
        "--pods",
        "--port",
        "--kubeconfig-out",
        "--plain-http",
        "--seed",
        "--without-metrics",
        "--churn",
        "--control-port",
        "--history",
    ] {
        assert!(sim.contains(flag), "{flag} missing from {sim}");
    }
}

#[test]
fn sim_binary_serves_kubectl_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let kc = dir.path().join("kc");
    let mut child = Command::new(BIN)
        .args(["sim", "--clusters", "2", "--pods", "30", "--kubeconfig-out"])
        .arg(&kc)
        .env("XDG_STATE_HOME", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert_eq!(first, format!("kubeconfig: {}", kc.display()));
    let contexts = Command::new("kubectl")
        .env("KUBECONFIG", &kc)
        .args(["config", "get-contexts", "-o", "name"])
        .output()
        .unwrap();
    let contexts = String::from_utf8_lossy(&contexts.stdout);
    assert_eq!(
        contexts.lines().collect::<Vec<_>>(),
        [
            "prod-eu",
            "prod-eu-dev",
            "prod-eu-viewer",
            "prod-us",
            "prod-us-dev",
            "prod-us-viewer"
        ]
    );
    let out = Command::new("kubectl")
        .env("KUBECONFIG", &kc)
        .args(["--context", "prod-us", "get", "nodes", "--no-headers"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("prod-us-control-plane"));
    // SIGTERM: clean exit 0, nothing more on stdout.
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = eventually(20, "kdeck sim to exit", || child.try_wait().unwrap());
    assert_eq!(status.code(), Some(0));
    assert!(lines.next().is_none());
}
