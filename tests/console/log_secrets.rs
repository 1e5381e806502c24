//! No secret in kdeck's log file, at any level: the real binary at
//! `KDECK_LOG=trace` against the sim with every kind of credential a
//! kubeconfig holds (bearer tokens, a client certificate and key, an exec
//! plugin, and an exec plugin that fails on refresh and prints a token),
//! through a few views; then the log is searched for each secret.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, start};

use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: OnceLock<Shared> = OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 1,
            pods: 40,
            namespaces: 2,
            seed: 13,
            ..SimConfig::default()
        })
    })
}

/// A kubeconfig with the sim's contexts and three more, and the secrets it
/// (or its plugins) hand out.
struct Credentials {
    kubeconfig: PathBuf,
    secrets: Vec<String>,
}

fn write_script(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn credentials(s: &Shared, dir: &Path) -> Credentials {
    let c = s.cluster("prod-eu");
    let admin = c.admin_token();
    let viewer = c.token_of("prod-eu-viewer").unwrap();
    let dev = c.token_of("prod-eu-dev").unwrap();
    let (cert, key) = kdeck_sim::tls::client_identity("kdeck-log-test").unwrap();
    let b64 = |s: &str| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(s)
    };
    let credential = |token: &str, expires: &str| {
        format!(
            r#"{{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{{"token":"{token}"{expires}}}}}"#
        )
    };
    // A plugin that hands out the viewer's token.
    let plugin = dir.join("plugin.sh");
    write_script(
        &plugin,
        &format!("#!/bin/sh\nprintf '%s' '{}'\n", credential(&viewer, "")),
    );
    // A plugin whose first token is about to expire (kube-rs refreshes a
    // token 60 s before), and that then fails, printing a token and more.
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(30))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let refresh = dir.join("refresh.sh");
    let count = dir.join("count");
    write_script(
        &refresh,
        &format!(
            "#!/bin/sh\nif [ -e '{count}' ]; then\n  echo 'EXEC-STDOUT-{admin}'\n  echo 'EXEC-STDERR-tell-no-one' >&2\n  exit 1\nfi\ntouch '{count}'\nprintf '%s' '{}'\n",
            credential(&dev, &format!(r#","expirationTimestamp":"{soon}""#)),
            count = count.display(),
        ),
    );
    let base = std::fs::read_to_string(&s.kubeconfig).unwrap();
    let contexts = "- name: exec\n  context: {cluster: prod-eu, user: exec-user, namespace: shop}\n\
                    - name: cert\n  context: {cluster: prod-eu, user: cert-user, namespace: shop}\n\
                    - name: refresh\n  context: {cluster: prod-eu, user: refresh-user, namespace: shop}\n";
    let users = format!(
        "- name: exec-user\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {}\n      interactiveMode: Never\n\
         - name: refresh-user\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {}\n      interactiveMode: Never\n\
         - name: cert-user\n  user:\n    token: {dev}\n    client-certificate-data: {}\n    client-key-data: {}\n",
        plugin.display(),
        refresh.display(),
        b64(&cert),
        b64(&key),
    );
    let text = base
        .replacen("users:\n", &format!("{contexts}users:\n"), 1)
        .replacen("current-context:", &format!("{users}current-context:"), 1);
    assert!(text.contains("refresh-user\n  user:"), "{text}");
    let kubeconfig = dir.join("kubeconfig");
    std::fs::write(&kubeconfig, text).unwrap();
    // The key's body, line by line (a log could hold any of them).
    let mut secrets: Vec<String> = key
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::to_string)
        .collect();
    secrets.extend([
        admin,
        viewer,
        dev,
        b64(&key),
        "EXEC-STDOUT".into(),
        "tell-no-one".into(),
    ]);
    Credentials {
        kubeconfig,
        secrets,
    }
}

/// Wait until the log file holds `what`.
fn wait_log(path: &Path, secs: u64, what: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.contains(what) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "the log never said {what:?} in {secs}s; it holds:\n{}",
            &text[text.len().saturating_sub(3000)..]
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn no_token_key_or_plugin_output_reaches_the_log_even_at_trace() {
    let s = sim();
    let dir = tempfile::tempdir().unwrap();
    let creds = credentials(s, dir.path());
    let kc = creds.kubeconfig.to_string_lossy().to_string();
    let mut t = Term::spawn(
        &[
            "--kubeconfig",
            &kc,
            "--context",
            "prod-eu",
            "--context",
            "exec",
            "--context",
            "cert",
            "--context",
            "refresh",
            "-n",
            "shop",
        ],
        &[("KDECK_LOG", "trace")],
    );
    let log = t.home().join("state").join("kdeck").join("kdeck.log");
    // Tall enough for the pods of `shop` of all three clusters at once.
    t.resize(100, 200);
    t.wait(40, "pods of the three working contexts", |sc| {
        ["prod-eu", "exec", "cert"].iter().all(|c| {
            sc.lines()
                .any(|l| l.trim_start().starts_with(c) && l.contains("Running"))
        })
    });
    // The plugin that fails on refresh was asked again, and its failure
    // (which carries its output) was logged.
    wait_log(&log, 30, "auth exec command");
    // Describe, logs, another view: more requests, more log lines.
    t.typ("/recommender-");
    t.enter();
    t.typ("d");
    t.wait(20, "describe", |sc| sc.contains("Containers:"));
    t.esc();
    t.typ("l");
    t.wait(20, "log lines", |sc| sc.contains(" lines"));
    t.esc();
    t.typ(":deploy");
    t.enter();
    t.wait(20, "deployments", |sc| sc.contains("UP-TO-DATE"));
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
    let text = std::fs::read_to_string(&log).unwrap();
    // Trace logging was on, of kdeck and of the client stack below it.
    for needed in [" TRACE ", "kube_client", "hyper", "rustls"] {
        assert!(text.contains(needed), "the log has no {needed:?}");
    }
    for secret in &creds.secrets {
        assert!(
            !text.contains(secret.as_str()),
            "{secret:?} is in kdeck.log: {}",
            text.lines()
                .find(|l| l.contains(secret.as_str()))
                .unwrap_or_default()
        );
    }
}
