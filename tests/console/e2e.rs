//! End-to-end: what an SRE sees and types.

use std::sync::OnceLock;

use kdeck_sim::SimConfig;
use serde_json::json;

use crate::pty::Term;
use kdeck_sim::testing::{Shared, start};

static SIM: OnceLock<Shared> = OnceLock::new();
static FAULTY: OnceLock<Shared> = OnceLock::new();

fn sim() -> &'static Shared {
    SIM.get_or_init(|| {
        start(SimConfig {
            pods: 120,
            namespaces: 3,
            ..SimConfig::default()
        })
    })
}

/// A sim of its own for tests that take clusters down.
fn faulty() -> &'static Shared {
    FAULTY.get_or_init(|| {
        start(SimConfig {
            clusters: 2,
            pods: 40,
            namespaces: 2,
            seed: 7,
            ..SimConfig::default()
        })
    })
}

fn kdeck(s: &Shared, args: &[&str]) -> Term {
    let kc = s.kubeconfig.to_string_lossy().to_string();
    let mut all = vec!["--kubeconfig", kc.as_str()];
    all.extend_from_slice(args);
    Term::spawn(&all, &[])
}

/// The row count shown in the header (`[N]`).
fn count(screen: &str) -> Option<usize> {
    let line = screen.lines().nth(1)?;
    let start = line.rfind('[')?;
    let end = line[start..].find(']')? + start;
    line[start + 1..end].parse().ok()
}

fn rows_with<'a>(screen: &'a str, needle: &str) -> Vec<&'a str> {
    screen.lines().filter(|l| l.contains(needle)).collect()
}

#[test]
fn pods_of_three_clusters_in_one_table() {
    let s = sim();
    let mut t = kdeck(
        s,
        &[
            "--context",
            "prod-eu",
            "--context",
            "prod-us",
            "--context",
            "staging",
            "-A",
        ],
    );
    t.wait(30, "pods listed", |sc| {
        sc.contains("CLUSTER") && count(sc).is_some_and(|n| n > 50)
    });
    t.typ("/coredns");
    let screen = t.wait(10, "coredns rows of each cluster", |sc| {
        let rows = rows_with(sc, "coredns-");
        ["prod-eu", "prod-us", "staging"]
            .iter()
            .all(|c| rows.iter().any(|r| r.trim_start().starts_with(c)))
    });
    assert_eq!(count(&screen), Some(6), "{screen}");
    t.enter();
    let header = screen.lines().find(|l| l.contains("NAMESPACE")).unwrap();
    assert!(header.trim_start().starts_with("CLUSTER"), "{header}");
    assert!(
        screen.lines().next().unwrap().contains("prod-eu"),
        "clusters are named in the header"
    );
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
}

#[test]
fn deployment_enter_shows_its_pods_and_esc_goes_back() {
    let s = sim();
    let mut t = kdeck(s, &["--context", "prod-us", "-A"]);
    t.wait(30, "pods listed", |sc| count(sc).is_some_and(|n| n > 10));
    t.typ(":deploy");
    t.enter();
    t.wait(20, "deployments", |sc| {
        sc.contains("UP-TO-DATE") && count(sc).is_some_and(|n| n > 3)
    });
    t.typ("/coredns");
    t.enter();
    t.wait(10, "one deployment", |sc| count(sc) == Some(1));
    t.enter();
    let screen = t.wait(20, "coredns pods", |sc| {
        sc.contains("deploy/coredns > pods") && count(sc) == Some(2)
    });
    assert_eq!(rows_with(&screen, "coredns-").len(), 2, "{screen}");
    t.esc();
    t.wait(10, "back to deployments", |sc| sc.contains("UP-TO-DATE"));
}

#[test]
fn filter_narrows_on_every_keystroke() {
    let s = sim();
    let mut t = kdeck(s, &["--context", "staging", "-A"]);
    let first = t.wait(30, "pods listed", |sc| count(sc).is_some_and(|n| n > 20));
    let all = count(&first).unwrap();
    t.typ("/k");
    let after_k = count(&t.wait(5, "filtered", |sc| count(sc).is_some_and(|n| n < all))).unwrap();
    t.typ("ube-");
    let after_kube = count(&t.wait(5, "narrower", |sc| {
        count(sc).is_some_and(|n| n <= after_k && n > 0)
    }))
    .unwrap();
    assert!(after_kube <= after_k && after_k < all);
    t.typ("proxy");
    let screen = t.wait(5, "only kube-proxy pods", |sc| {
        sc.contains("/kube-proxy ")
            && count(sc).is_some_and(|n| n > 0 && n <= after_kube)
            && rows_with(sc, "kube-proxy-").len() == count(sc).unwrap_or(0)
    });
    assert!(
        screen.contains("/kube-proxy"),
        "the active filter is shown: {screen}"
    );
    t.esc();
    t.wait(5, "filter cleared", |sc| count(sc) == Some(all));
}

#[test]
fn describe_and_yaml_show_the_object() {
    let s = sim();
    let mut t = kdeck(s, &["--context", "prod-eu", "-n", "kube-system"]);
    t.wait(30, "pods listed", |sc| count(sc).is_some_and(|n| n > 3));
    t.typ("/coredns");
    t.enter();
    t.wait(5, "coredns", |sc| count(sc) == Some(2));
    t.typ("d");
    let d = t.wait(15, "describe", |sc| {
        sc.contains("Controlled By") && sc.contains("Events")
    });
    assert!(d.contains("ReplicaSet/coredns-"), "{d}");
    assert!(d.contains("Containers:"), "{d}");
    t.typ("y");
    let y = t.wait(15, "yaml", |sc| {
        sc.contains("apiVersion: v1") && sc.contains("kind: Pod")
    });
    assert!(
        !y.contains("managedFields:"),
        "managedFields hidden by default"
    );
    t.typ("m");
    t.wait(15, "managedFields shown", |sc| {
        sc.contains("(managedFields shown)")
    });
    t.typ("/");
    t.typ("coredns");
    t.enter();
    t.wait(5, "search shown", |sc| sc.contains("/coredns "));
    t.esc();
    t.wait(5, "table again", |sc| sc.contains("RESTARTS"));
}

#[test]
fn live_changes_show_up_without_a_key_press() {
    let s = sim();
    let c = s.cluster("prod-eu").clone();
    let t = kdeck(s, &["--context", "prod-eu", "-n", "default"]);
    t.wait(30, "view ready", |sc| sc.contains("RESTARTS"));
    c.write(|st, o| {
        st.create(
            "deployments",
            json!({"metadata": {"name": "e2e-live", "namespace": "default"},
                "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "e2e-live"}},
                    "template": {"metadata": {"labels": {"app": "e2e-live"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27.2"}]}}}}),
            o,
        )
        .expect("created")
    });
    let screen = t.wait(30, "two running e2e-live pods", |sc| {
        rows_with(sc, "e2e-live-")
            .iter()
            .filter(|r| r.contains("Running"))
            .count()
            == 2
    });
    let victim = rows_with(&screen, "e2e-live-")[0]
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();
    c.write(|st, _| {
        st.delete("pods", "default", &victim, false)
            .expect("deleted")
    });
    t.wait(30, "the deleted pod replaced", |sc| {
        !sc.contains(&victim) && rows_with(sc, "e2e-live-").len() == 2
    });
}

#[test]
fn a_cluster_down_is_marked_and_recovers_while_others_update() {
    let s = faulty();
    let mut t = kdeck(s, &["--context", "prod-eu", "--context", "prod-us", "-A"]);
    t.wait(30, "both clusters listed", |sc| {
        sc.contains("prod-eu") && sc.contains("prod-us") && count(sc).is_some_and(|n| n > 20)
    });
    t.typ("/e2e-other");
    let down = s.cluster("prod-eu").clone();
    down.set_down(true);
    t.wait(30, "prod-eu marked", |sc| {
        let head = sc.lines().take(2).collect::<Vec<_>>().join("\n");
        head.contains("prod-eu reconnecting") || head.contains("prod-eu unreachable")
    });
    // The other cluster keeps updating.
    let other = s.cluster("prod-us").clone();
    other.write(|st, o| {
        st.create(
            "deployments",
            json!({"metadata": {"name": "e2e-other", "namespace": "default"},
                "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "e2e-other"}},
                    "template": {"metadata": {"labels": {"app": "e2e-other"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27.2"}]}}}}),
            o,
        )
        .expect("created")
    });
    t.wait(30, "prod-us pod appears while prod-eu is down", |sc| {
        rows_with(sc, "e2e-other-")
            .iter()
            .any(|r| r.contains("prod-us"))
    });
    down.set_down(false);
    t.wait(60, "prod-eu recovered", |sc| {
        let head = sc.lines().next().unwrap_or("");
        head.contains("prod-eu") && !head.contains("reconnecting") && !head.contains("unreachable")
    });
}

#[test]
fn kubeconfig_errors_exit_2_without_touching_the_terminal() {
    let mut t = Term::spawn(&["--kubeconfig", "/nonexistent/kubeconfig"], &[]);
    assert_eq!(t.exit_code(10), Some(2));
    let said = |raw: &[u8]| String::from_utf8_lossy(raw).contains("/nonexistent/kubeconfig");
    let raw = String::from_utf8_lossy(&t.raw_when(5, said)).to_string();
    assert!(raw.contains("/nonexistent/kubeconfig"), "{raw}");
    assert!(
        !raw.contains("\x1b[?1049h"),
        "the alternate screen was not entered"
    );
    let s = sim();
    let mut t = kdeck(s, &["--context", "nope"]);
    assert_eq!(t.exit_code(10), Some(2));
    let said = |raw: &[u8]| String::from_utf8_lossy(raw).contains("unknown context \"nope\"");
    let raw = String::from_utf8_lossy(&t.raw_when(5, said)).to_string();
    assert!(raw.contains("unknown context \"nope\""), "{raw}");
}

#[test]
fn a_user_who_may_not_list_namespaces_sees_the_namespaces_it_can() {
    let s = sim();
    let mut t = kdeck(s, &["--context", "prod-eu-dev", "-A"]);
    let screen = t.wait(30, "pods of shop", |sc| {
        count(sc).is_some_and(|n| n > 0) && sc.contains("shop")
    });
    assert!(
        screen.contains("forbidden"),
        "the refusal is stated: {screen}"
    );
    assert!(screen.contains("showing namespaces shop only"), "{screen}");
    let body: Vec<&str> = screen
        .lines()
        .skip(4)
        .filter(|l| !l.trim().is_empty() && !l.contains("<?>"))
        // Node metrics are refused too: said once on the status line.
        .filter(|l| !l.contains("metrics.k8s.io not served on prod-eu-dev: forbidden"))
        .collect();
    assert!(
        body.iter().all(|l| l.trim_start().starts_with("shop")),
        "{screen}"
    );
    t.typ(":ns");
    t.enter();
    t.wait(20, "namespaces refused", |sc| {
        sc.contains("namespaces is forbidden")
    });
}

#[test]
fn resizing_redraws_to_the_new_size() {
    let s = sim();
    let mut t = kdeck(s, &["--context", "prod-eu", "-A"]);
    t.wait(30, "pods listed", |sc| {
        sc.contains("NODE") && sc.contains("kube-apiserver-prod-eu")
    });
    t.resize(30, 90);
    // Trailing columns go; names stay whole.
    let screen = t.wait(10, "narrow layout", |sc| {
        sc.lines().count() <= 30
            && sc.contains("STATUS")
            && !sc.contains("NODE")
            && sc.contains("kube-apiserver-prod-eu-control-plane")
    });
    assert!(screen.lines().all(|l| l.chars().count() <= 90), "{screen}");
    assert!(
        screen.contains("kube-apiserver-prod-eu-control-plane"),
        "{screen}"
    );
}

#[test]
fn a_missing_exec_plugin_is_an_authentication_problem_named() {
    let s = sim();
    // The admin user of prod-eu authenticates through a plugin that is not
    // installed.
    let kc = std::fs::read_to_string(&s.kubeconfig).unwrap();
    let start = kc
        .find("- name: \"prod-eu-admin\"")
        .expect("the admin user");
    let token_at = kc[start..].find("token:").unwrap() + start;
    let line_end = kc[token_at..].find('\n').unwrap() + token_at;
    let kc = format!(
        "{}exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: kdeck-e2e-no-such-plugin\n      interactiveMode: Never{}",
        &kc[..token_at],
        &kc[line_end..]
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kubeconfig");
    std::fs::write(&path, kc).unwrap();
    let t = Term::spawn(
        &[
            "--kubeconfig",
            path.to_str().unwrap(),
            "--context",
            "prod-eu",
        ],
        &[],
    );
    let screen = t.wait(20, "the authentication problem", |sc| {
        sc.contains("✖ prod-eu unauthorized")
    });
    assert!(
        screen.contains("exec plugin `kdeck-e2e-no-such-plugin` is not installed"),
        "{screen}"
    );
    assert!(screen.contains("no pods: prod-eu unauthorized"), "{screen}");
    assert!(!screen.contains("loading"), "{screen}");
}

#[test]
fn a_pod_created_now_is_seconds_old_not_invalid() {
    let s = sim();
    let c = s.cluster("staging").clone();
    let t = kdeck(s, &["--context", "staging", "-n", "default"]);
    t.wait(30, "the table", |sc| sc.contains("RESTARTS"));
    // Let time pass (not a wait for anything): with nothing young in view
    // the clock ticks only every 30 s, so a stale clock would show here.
    std::thread::sleep(std::time::Duration::from_secs(2));
    c.write(|st, o| {
        st.create(
            "pods",
            json!({"metadata": {"name": "e2e-fresh", "namespace": "default"},
                "spec": {"containers": [{"name": "app", "image": "nginx:1.27.2"}]}}),
            o,
        )
        .expect("created")
    });
    let seconds = |sc: &str| -> Option<u64> {
        let row = rows_with(sc, "e2e-fresh").first()?.to_string();
        assert!(!row.contains("<invalid"), "{row}");
        row.split_whitespace()
            .find(|w| {
                w.len() > 1
                    && w.ends_with('s')
                    && w[..w.len() - 1].chars().all(|c| c.is_ascii_digit())
            })?
            .trim_end_matches('s')
            .parse()
            .ok()
    };
    let first = seconds(&t.wait(20, "the new pod", |sc| seconds(sc).is_some())).unwrap();
    assert!(first < 10, "seconds old when it appears: {first}");
    // And its age keeps up with the clock (no key pressed).
    t.wait(10, "the age growing", |sc| {
        seconds(sc).is_some_and(|s| s >= first + 3)
    });
}

#[test]
fn long_generated_names_stay_distinct_whole_or_cut_in_the_middle() {
    let s = sim();
    let c = s.cluster("prod-us").clone();
    let app = "payments-reconciliation-worker-canary";
    c.write(|st, o| {
        st.create(
            "deployments",
            json!({"metadata": {"name": app, "namespace": "default"},
                "spec": {"replicas": 3, "selector": {"matchLabels": {"app": app}},
                    "template": {"metadata": {"labels": {"app": app}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27.2"}]}}}}),
            o,
        )
        .expect("created")
    });
    let mut t = kdeck(s, &["--context", "prod-us", "-n", "default"]);
    // 200 columns: the names are whole, each with its own suffix.
    let screen = t.wait(30, "three running canary pods", |sc| {
        rows_with(sc, app)
            .iter()
            .filter(|r| r.contains("Running"))
            .count()
            == 3
    });
    let names: Vec<String> = rows_with(&screen, app)
        .iter()
        .filter_map(|r| r.split_whitespace().nth(1).map(str::to_string))
        .collect();
    assert_eq!(names.len(), 3, "{screen}");
    for n in &names {
        // payments-reconciliation-worker-canary-<hash>-<suffix>
        assert_eq!(n.len(), app.len() + 17, "a whole name: {n}\n{screen}");
    }
    let suffixes: std::collections::BTreeSet<&str> =
        names.iter().map(|n| &n[n.len() - 5..]).collect();
    assert_eq!(suffixes.len(), 3, "{screen}");
    // 70 columns: cut in the middle, the suffixes still tell them apart,
    // READY and STATUS whole.
    t.resize(30, 70);
    let narrow = t.wait(10, "names cut in the middle", |sc| {
        sc.lines().filter(|l| l.contains('…')).count() == 3
    });
    let rows: Vec<&str> = narrow.lines().filter(|l| l.contains('…')).collect();
    for suffix in &suffixes {
        assert!(
            rows.iter()
                .any(|r| r.contains(&format!("-{suffix} 1/1")) && r.contains("Running")),
            "{suffix}:\n{narrow}"
        );
    }
    assert!(narrow.lines().all(|l| l.chars().count() <= 70), "{narrow}");
    c.write(|st, _| {
        st.delete("deployments", "default", app, false)
            .expect("deleted")
    });
}
