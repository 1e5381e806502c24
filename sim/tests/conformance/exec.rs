//! `kubectl exec` against the sim: commands, stdin, a TTY, exit codes,
//! distroless containers, and the viewer's 403.

use crate::common::{fails, first_pod, kubectl, ok, sim};
use crate::pty::Term;

fn coredns(ctx: &str) -> String {
    first_pod(ctx, "kube-system", "k8s-app=coredns")
}

#[test]
fn exec_runs_commands_with_stdin_and_exit_codes() {
    let pod = coredns("prod-eu");
    assert_eq!(
        ok(
            "prod-eu",
            &["exec", "-n", "kube-system", &pod, "--", "echo", "ok"]
        )
        .trim(),
        "ok"
    );
    let mut child = std::process::Command::new("kubectl")
        .env("KUBECONFIG", &sim().kubeconfig)
        .args([
            "--context",
            "prod-eu",
            "exec",
            "-i",
            "-n",
            "kube-system",
            &pod,
            "--",
            "cat",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"from stdin\n").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "from stdin\n");
    let failed = kubectl(
        "prod-eu",
        &[
            "exec",
            "-n",
            "kube-system",
            &pod,
            "--",
            "sh",
            "-c",
            "exit 3",
        ],
    );
    assert_eq!(failed.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("command terminated with exit code 3")
    );
}

#[test]
fn distroless_containers_have_no_shell() {
    let s = sim();
    let c = s.cluster("prod-eu");
    let (ns, name) = {
        let store = c.store.lock();
        let p = store
            .list("pods", None)
            .find(|p| {
                p["metadata"]["annotations"]["sim.kdeck.dev/distroless"] == "true"
                    && p["status"]["phase"] == "Running"
            })
            .expect("a running distroless pod")
            .clone();
        (
            p["metadata"]["namespace"].as_str().unwrap().to_string(),
            p["metadata"]["name"].as_str().unwrap().to_string(),
        )
    };
    let err = fails(
        "prod-eu",
        &["exec", "-n", &ns, &name, "--", "sh", "-c", "echo hi"],
    );
    assert!(
        err.contains("exec: \"sh\": executable file not found in $PATH"),
        "{err}"
    );
}

#[test]
fn viewer_may_not_exec() {
    let pod = coredns("prod-eu");
    let err = fails(
        "prod-eu-viewer",
        &["exec", "-n", "kube-system", &pod, "--", "echo", "ok"],
    );
    assert!(
        err.contains("cannot create resource \"pods/exec\""),
        "{err}"
    );
}

#[test]
fn exec_with_a_tty() {
    let s = sim();
    let pod = coredns("prod-us");
    let kc = s.kubeconfig.to_string_lossy().to_string();
    let mut t = Term::spawn_program(
        "kubectl",
        &[
            "--kubeconfig",
            &kc,
            "--context",
            "prod-us",
            "exec",
            "-it",
            "-n",
            "kube-system",
            &pod,
            "--",
            "sh",
        ],
        &[],
    );
    // Typed input waits in the terminal until the remote shell reads it.
    t.typ("echo marker-$((6*7))\r");
    t.wait(15, "marker-42 from the shell", |sc| {
        sc.contains("marker-42")
    });
    t.typ("exit 0\r");
    assert_eq!(t.exit_code(15), Some(0));
}
