//! End-to-end: logs and shells, as an SRE in an incident uses them.

use std::sync::OnceLock;

use kdeck_sim::SimConfig;

use crate::pty::Term;
use kdeck_sim::testing::{Shared, eventually, start};

static SIM: OnceLock<Shared> = OnceLock::new();
static DOWNABLE: OnceLock<Shared> = OnceLock::new();

/// One cluster writing 4 lines a second per container.
fn sim() -> &'static Shared {
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 1,
            pods: 120,
            namespaces: 3,
            log_rate: 4.0,
            ..SimConfig::default()
        })
    })
}

/// A small sim of its own, for a test that takes its cluster down.
fn downable() -> &'static Shared {
    DOWNABLE.get_or_init(|| {
        start(SimConfig {
            clusters: 1,
            pods: 30,
            namespaces: 1,
            seed: 11,
            ..SimConfig::default()
        })
    })
}

fn kdeck(s: &Shared, args: &[&str]) -> Term {
    let kc = s.kubeconfig.to_string_lossy().to_string();
    let mut all = vec!["--kubeconfig", kc.as_str(), "--context", "prod-eu"];
    all.extend_from_slice(args);
    Term::spawn(&all, &[])
}

/// The line count in the log view's status line (`… · 123 lines`).
fn line_count(screen: &str) -> Option<usize> {
    let status = screen.lines().find(|l| l.contains(" lines"))?;
    let before = &status[..status.find(" lines")?];
    before
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Open the pods of `ns`, filter to `name`, and wait for the row.
fn select_pod(t: &mut Term, ns: &str, name: &str) {
    t.typ(&format!(":po -n {ns}"));
    t.enter();
    t.wait(30, "the pods view", |sc| sc.contains(&format!("ns:{ns}")));
    // Filtered before it is looked for: the pod may be below the screen.
    t.typ(&format!("/{name}"));
    t.enter();
    let filter = format!("/{name}");
    t.wait(30, "pods listed", |sc| {
        sc.lines().any(|l| l.contains(name) && !l.contains(&filter))
    });
}

#[test]
fn pod_logs_follow_and_search_highlights() {
    let s = sim();
    let mut t = kdeck(s, &[]);
    select_pod(&mut t, "shop", "recommender-");
    t.typ("l");
    let screen = t.wait(20, "log lines", |sc| {
        sc.contains("logs pod/recommender-") && line_count(sc).is_some_and(|n| n > 20)
    });
    assert!(screen.contains("following"), "{screen}");
    let before = line_count(&screen).unwrap();
    t.wait(15, "new lines while following", |sc| {
        line_count(sc).is_some_and(|n| n > before)
    });
    // Search: matches are highlighted.
    t.typ("/api/cart");
    t.enter();
    eventually(10, "highlighted matches", || {
        let hits = t.with_background(3);
        hits.iter().any(|h| h == "api/cart").then_some(())
    });
    let screen = t.screen();
    assert!(
        screen.contains("paused"),
        "search jumps and pauses: {screen}"
    );
    // ctrl-s saves the buffer; S fetches everything since the view opened
    // again. Both files are plain text.
    t.send(b"\x13");
    t.wait(10, "buffer saved", |sc| sc.contains("lines to "));
    t.typ("S");
    t.wait(30, "stream saved", |sc| {
        sc.contains("(fetched again from the cluster)")
    });
    let dir = t.home().join("state/kdeck/saved-logs");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("saved-logs exists")
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(files.len(), 2);
    for f in &files {
        assert!(
            f.len() > 1000 && !f.contains(&0x1b),
            "saved files are plain text"
        );
        assert!(String::from_utf8_lossy(f).contains("GET /api/"));
    }
    // G follows again; esc (twice: search, then view) goes back.
    t.typ("G");
    t.wait(5, "following again", |sc| sc.contains("following"));
    t.esc();
    t.esc();
    t.wait(10, "the table back", |sc| {
        sc.contains("NAME") && sc.contains("READY")
    });
}

#[test]
fn previous_container_of_a_crashlooping_pod() {
    let s = sim();
    let mut t = kdeck(s, &[]);
    select_pod(&mut t, "payments", "web-");
    t.typ("l");
    t.wait(20, "log view", |sc| sc.contains("logs pod/web-"));
    t.typ("p");
    let screen = t.wait(20, "previous instance", |sc| {
        sc.contains("PREVIOUS instance")
            && sc.contains("end of the previous container's log")
            && line_count(sc).is_some_and(|n| n > 5)
    });
    assert!(
        screen.contains("INFO") || screen.contains("request served"),
        "{screen}"
    );
}

#[test]
fn deployment_logs_interleave_pods_and_pick_up_a_scale_up() {
    let s = sim();
    let c = s.cluster("prod-eu");
    let mut t = kdeck(s, &["-n", "shop"]);
    t.typ(":deploy");
    t.enter();
    t.wait(30, "deployments", |sc| sc.contains("cache-warmer"));
    t.typ("/cache-warmer");
    t.enter();
    t.wait(10, "one deployment", |sc| sc.contains("7/7"));
    t.typ("l");
    // Lines from several pods, each prefixed with its pod.
    t.wait(30, "several pods interleaved", |sc| {
        let mut pods: Vec<&str> = sc
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|w| w.starts_with("cache-warmer-"))
            .collect();
        pods.sort();
        pods.dedup();
        pods.len() >= 3
    });
    c.modify("deployments", "shop", "cache-warmer", |d| {
        d["spec"]["replicas"] = 8.into();
    })
    .expect("scale up");
    let screen = t.wait(40, "the new pod streamed", |sc| {
        sc.contains("appeared; streaming it")
    });
    let new_pod = screen
        .lines()
        .find_map(|l| {
            let i = l.find("pod cache-warmer-")?;
            l[i + 4..].split_whitespace().next().map(str::to_string)
        })
        .expect("the marker names the pod");
    t.wait(40, "lines of the new pod", |sc| {
        sc.lines()
            .any(|l| l.starts_with(&new_pod) && !l.contains("appeared"))
    });
}

#[test]
fn hostile_sequences_never_reach_the_terminal() {
    let s = sim();
    let mut t = kdeck(s, &[]);
    select_pod(&mut t, "shop", "mailer-");
    t.typ("l");
    // Everything kept, wrapped, so that many hostile lines pass by.
    t.typ("5");
    t.wait(30, "neutralised sequences shown", |sc| {
        sc.contains("␛]52;c;") || sc.contains("␛]0;you have been pwned")
    });
    t.typ("w");
    t.typ("g");
    t.typ("/pwned");
    t.enter();
    t.wait(10, "a title change shown as text", |sc| {
        sc.contains("␛]0;you have been pwned␇")
    });
    let raw = t.raw();
    for bad in [
        &b"\x1b]52;"[..],
        b"\x1b]0;you have been pwned",
        b"\x1b[10A",
        b"\x1b[2J\x1b[H\x1b[10A",
    ] {
        assert!(
            !raw.windows(bad.len()).any(|w| w == bad),
            "{:?} reached the terminal",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn a_cut_stream_reconnects_with_a_marker_and_continues() {
    let s = sim();
    let c = s.cluster("prod-eu");
    let mut t = kdeck(s, &[]);
    select_pod(&mut t, "shop", "scheduler-");
    t.typ("l");
    t.wait(20, "log lines", |sc| line_count(sc).is_some_and(|n| n > 20));
    c.cut_watches();
    let screen = t.wait(30, "reconnect marker", |sc| {
        sc.contains("reconnected after")
    });
    let at = line_count(&screen).unwrap();
    t.wait(15, "lines continue", |sc| {
        line_count(sc).is_some_and(|n| n > at + 2)
    });
}

#[test]
fn exec_into_a_pod_and_back_to_the_table() {
    let s = sim();
    let mut t = kdeck(s, &[]);
    select_pod(&mut t, "shop", "recommender-");
    t.typ("s");
    t.wait(20, "the shell banner", |sc| {
        sc.contains("[kdeck] bash in pod shop/recommender-")
    });
    // Type only once the shell reads (its prompt is shown).
    t.wait(10, "a prompt", |sc| sc.contains('$') || sc.contains('#'));
    t.typ("echo marker-$((6*7))\r");
    t.wait(10, "the command's output", |sc| sc.contains("marker-42"));
    // The terminal's size, and its changes, reach the remote TTY.
    t.resize(30, 100);
    t.typ("stty size\r");
    t.wait(10, "the new size in the shell", |sc| sc.contains("30 100"));
    t.typ("exit\r");
    let screen = t.wait(10, "the table back", |sc| {
        sc.contains("NAME") && sc.contains("recommender-") && sc.contains("ended (exit code 0)")
    });
    assert!(
        !screen.contains("marker-42"),
        "the TUI was redrawn: {screen}"
    );
}

#[test]
fn distroless_containers_get_a_no_shell_message() {
    let s = sim();
    let mut t = kdeck(s, &[]);
    select_pod(&mut t, "search", "gateway-");
    t.typ("s");
    let screen = t.wait(20, "no-shell message", |sc| {
        sc.contains("no shell in container")
    });
    assert!(
        screen.contains("kubectl debug"),
        "suggests a debug container: {screen}"
    );
    assert!(screen.contains("NAME"), "the table stays: {screen}");
}

#[test]
fn readonly_refuses_exec_and_sends_nothing() {
    let s = sim();
    let c = s.cluster("prod-eu");
    let from = c.requests(0).last().map_or(0, |r| r.seq + 1);
    let mut t = kdeck(s, &["--readonly"]);
    select_pod(&mut t, "shop", "worker-");
    t.typ("s");
    t.wait(10, "refusal", |sc| sc.contains("read-only mode: no shell"));
    let execs: Vec<String> = c
        .requests(from)
        .into_iter()
        .filter(|r| r.path.contains("/namespaces/shop/pods/worker-") && r.path.contains("/exec"))
        .map(|r| r.path)
        .collect();
    assert!(execs.is_empty(), "exec requests sent: {execs:?}");
}

#[test]
fn copy_puts_the_current_line_on_the_clipboard_through_osc52() {
    use base64::Engine;
    let s = sim();
    let mut t = kdeck(s, &[]);
    select_pod(&mut t, "shop", "scheduler-");
    t.typ("l");
    t.wait(20, "log lines", |sc| line_count(sc).is_some_and(|n| n > 20));
    // JSON as sent (copy takes the line as the container wrote it); pause
    // on a line, then copy it.
    t.typ("J");
    t.typ("k");
    t.typ("c");
    t.wait(10, "copied", |sc| {
        sc.contains("copied 1 line to the clipboard")
    });
    let raw = t.raw();
    let start = raw
        .windows(7)
        .position(|w| w == b"\x1b]52;c;")
        .expect("an OSC 52 sequence")
        + 7;
    let len = raw[start..]
        .iter()
        .position(|b| *b == 0x07)
        .expect("terminated");
    let text = base64::engine::general_purpose::STANDARD
        .decode(&raw[start..start + len])
        .expect("base64");
    let text = String::from_utf8(text).unwrap();
    assert!(!text.is_empty() && !text.contains('\x1b'), "{text:?}");
    let head: String = text.chars().take(40).collect();
    assert!(
        t.screen().contains(&head),
        "the copied line {head:?} is on screen"
    );
}

#[test]
fn a_dropped_shell_connection_brings_the_table_back_and_says_so() {
    let s = downable();
    let c = &s.clusters[0];
    let mut t = kdeck(s, &["-n", "kube-system"]);
    t.wait(30, "pods", |sc| sc.contains("coredns-"));
    t.typ("/coredns-");
    t.enter();
    t.typ("s");
    t.wait(20, "the shell banner", |sc| {
        sc.contains("[kdeck] bash in pod")
    });
    t.wait(10, "a prompt", |sc| sc.contains('$') || sc.contains('#'));
    c.set_down(true);
    let screen = t.wait(20, "the table back", |sc| {
        sc.contains("NAME") && sc.contains("connection lost")
    });
    c.set_down(false);
    assert!(screen.contains("coredns-"), "{screen}");
}

#[test]
fn logs_of_a_pending_pod_say_so_then_follow_it_when_it_starts() {
    let s = sim();
    let c = s.cluster("prod-eu").clone();
    // A pod no node can take yet (its selector matches no node).
    c.write(|st, o| {
        st.create(
            "pods",
            serde_json::json!({"metadata": {"name": "e2e-pending", "namespace": "default"},
                "spec": {"nodeSelector": {"kdeck-e2e": "later"},
                    "containers": [{"name": "app", "image": "nginx:1.27.2"}]}}),
            o,
        )
        .expect("created")
    });
    let mut t = kdeck(s, &["-n", "default"]);
    t.wait(30, "the pending pod", |sc| sc.contains("e2e-pending"));
    t.typ("/e2e-pending");
    t.enter();
    t.typ("l");
    t.wait(20, "no logs yet, and why", |sc| {
        sc.contains("pod is Pending, not scheduled yet")
    });
    // A node gets the label: the pod is scheduled, starts, and its log is
    // followed without a key press.
    let node = c.write(|st, _| {
        st.list("nodes", None)
            .map(|n| n["metadata"]["name"].as_str().unwrap_or("").to_string())
            .find(|n| n.contains("worker"))
            .expect("a worker")
    });
    c.modify("nodes", "", &node, |n| {
        n["metadata"]["labels"]["kdeck-e2e"] = serde_json::json!("later");
    })
    .expect("labelled");
    t.wait(60, "log lines of the started pod", |sc| {
        line_count(sc).is_some_and(|n| n > 3) && sc.contains("GET /")
    });
    // Nothing was interrupted, so no reconnect was claimed.
    t.send(b"\x13");
    t.wait(10, "buffer saved", |sc| sc.contains("lines to "));
    let dir = t.home().join("state/kdeck/saved-logs");
    let saved: String = std::fs::read_dir(&dir)
        .expect("saved-logs exists")
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(saved.contains("not scheduled yet"), "{saved}");
    assert!(!saved.contains("reconnect"), "{saved}");
    assert!(!saved.contains("interrupted"), "{saved}");
}
