//! Every way a terminal program is ended from outside gives the terminal
//! back: the alternate screen left and the cursor shown (the last bytes
//! written), the tty cooked again, and the conventional exit status.

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, start};

use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 1,
            pods: 20,
            namespaces: 2,
            seed: 3,
            ..SimConfig::default()
        })
    })
}

fn ended_by(signal: &str, number: u32) {
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    let mut t = Term::spawn(&["--kubeconfig", &kc, "-A"], &[]);
    t.wait(30, "the pods table", |s| s.contains("Running"));
    let (lflag, _) = t.modes();
    assert_eq!(lflag & libc::ICANON, 0, "raw while running");
    let pid = t.pid().to_string();
    let killed = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let code = t.exit_code(10);
    assert_eq!(code, Some(128 + number), "exit status after SIG{signal}");
    let restored = "\u{1b}[?1049l\u{1b}[?25h";
    let raw = t.raw_when(5, |raw| raw.ends_with(restored.as_bytes()));
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(200)..]).to_string();
    assert!(
        tail.ends_with(restored),
        "SIG{signal}: the last bytes leave the alternate screen and show the cursor: {tail:?}"
    );
    let (lflag, oflag) = t.modes();
    for (flag, name) in [
        (libc::ICANON, "icanon"),
        (libc::ECHO, "echo"),
        (libc::ISIG, "isig"),
    ] {
        assert_ne!(lflag & flag, 0, "SIG{signal}: {name} is back");
    }
    assert_ne!(oflag & libc::OPOST, 0, "SIG{signal}: opost is back");
}

#[test]
fn sigterm_restores_the_terminal() {
    ended_by("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal() {
    ended_by("HUP", 1);
}

#[test]
fn sigint_restores_the_terminal() {
    ended_by("INT", 2);
}

#[test]
fn sigquit_restores_the_terminal() {
    ended_by("QUIT", 3);
}
