//! Permissions end to end: a viewer context sees the actions greyed with
//! the reason, and every action key it presses is refused with it (the
//! sim's request log shows no mutation and no dry run; the journal one
//! refusal per key); the admin context of the same cluster, in the same
//! session, is not greyed and its action goes on to the server's dry run.
//! And a 403 that happens anyway is said in plain words.

use std::path::{Path, PathBuf};
use std::process::Command;

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, eventually, start};

use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 1,
            pods: 12,
            namespaces: 1,
            seed: 31,
            ..SimConfig::default()
        })
    })
}

fn journal(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Refusals journaled for `action` so far.
fn refusals(path: &Path, action: &str) -> usize {
    journal(path)
        .iter()
        .filter(|l| l["phase"] == "refused" && l["action"] == action)
        .count()
}

/// Press `key`, then wait until the journal holds one more refusal of
/// `action` (the key was refused by the access check, not lost).
fn refused(t: &mut Term, path: &Path, key: &str, action: &str) {
    let before = refusals(path, action);
    t.typ(key);
    eventually(10, &format!("{action} refused"), || {
        (refusals(path, action) > before).then_some(())
    });
    let sc = t.wait(5, "the reason", |sc| sc.contains("nothing was sent"));
    assert!(!sc.contains("confirm "), "no confirmation opened: {sc}");
}

/// Show `view` of one context, filtered to `name`.
fn show(t: &mut Term, view: &str, context: &str, name: &str) {
    t.typ(&format!(":{view} @{context}"));
    t.enter();
    t.wait(30, &format!("{name} listed"), |sc| sc.contains(name));
    t.typ(&format!("/{name}"));
    t.enter();
    t.wait(10, "its row", |sc| sc.contains("[1]"));
}

/// Open help and wait until it says each of `what` (every answer needed
/// is in), then close it.
fn help_says(t: &mut Term, what: &[&str]) -> String {
    t.typ("?");
    let sc = t.wait(15, &what.join(", "), |sc| {
        what.iter().all(|w| sc.contains(w))
    });
    t.esc();
    t.wait(5, "help closed", |sc| !sc.contains("help (esc to close)"));
    sc
}

#[test]
fn a_viewer_sees_actions_greyed_and_sends_nothing_the_admin_is_not_greyed() {
    let made = Command::new("kubectl")
        .env("KUBECONFIG", &sim().kubeconfig)
        .args(["--context", "prod-eu", "create", "deployment", "rbac-web"])
        .args(["-n", "default", "--image=nginx:1.25.0", "--replicas=1"])
        .output()
        .expect("kubectl runs");
    assert!(made.status.success(), "{made:?}");
    let cluster = sim().cluster("prod-eu");
    let from = cluster.log.next_seq();
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    let dir: PathBuf = tempfile::tempdir().unwrap().keep();
    let path = dir.join("journal.jsonl");
    let mut t = Term::spawn(
        &[
            "--kubeconfig",
            &kc,
            "--context",
            "prod-eu-viewer",
            "--context",
            "prod-eu",
            "-A",
            "--view",
            "deploy",
        ],
        &[("KDECK_JOURNAL", path.to_str().unwrap())],
    );
    // The viewer's deployment: greyed in the footer, with the reason.
    show(&mut t, "deploy", "prod-eu-viewer", "rbac-web");
    t.wait(15, "the footer greyed with the reason", |sc| {
        sc.contains("(not allowed: prod-eu-viewer may not patch deployments/scale, patch or delete deployments in default @prod-eu-viewer)")
    });
    help_says(
        &mut t,
        &[
            "not allowed: prod-eu-viewer may not patch deployments/scale in default @prod-eu-viewer",
            "not allowed: prod-eu-viewer may not patch deployments in default @prod-eu-viewer",
            "not allowed: prod-eu-viewer may not delete deployments in default @prod-eu-viewer",
        ],
    );
    // Every action key: refused with the reason, nothing sent.
    for (key, action) in [
        ("s", "scale"),
        ("r", "restart"),
        ("u", "rollback"),
        ("\u{4}", "delete"),
    ] {
        refused(&mut t, &path, key, action);
    }
    // Its pods: shell and delete.
    show(&mut t, "pods", "prod-eu-viewer", "rbac-web-");
    help_says(
        &mut t,
        &[
            "may not create pods/exec in default",
            "may not delete pods in default",
        ],
    );
    for (key, action) in [("s", "shell"), ("\u{4}", "delete")] {
        refused(&mut t, &path, key, action);
    }
    // Nodes: cordon, uncordon, drain.
    t.typ(":no @prod-eu-viewer");
    t.enter();
    t.wait(30, "the nodes", |sc| sc.contains("prod-eu-control-plane"));
    help_says(&mut t, &["may not patch nodes @prod-eu-viewer"]);
    for (key, action) in [("c", "cordon"), ("U", "uncordon"), ("D", "drain")] {
        refused(&mut t, &path, key, action);
    }
    let lines = journal(&path);
    assert!(
        lines
            .iter()
            .all(|l| l["phase"] == "refused" && l["kube_user"] == "prod-eu-viewer"),
        "{lines:?}"
    );
    assert!(
        lines[0]["result"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("not allowed: prod-eu-viewer may not")),
        "{lines:?}"
    );
    // The witness: no mutation and no dry run; the questions were few.
    let served = cluster.log.since(from);
    // (The other test here sends a viewer's restart of coredns on purpose.)
    let bad: Vec<String> = served
        .iter()
        .filter(|r| !r.path.contains("/deployments/coredns"))
        .filter(|r| r.is_mutation() || r.path.contains("dryRun"))
        .map(|r| format!("{} {} ({})", r.method, r.path, r.user))
        .collect();
    assert!(bad.is_empty(), "the viewer's session sent: {bad:?}");
    let reviews = served
        .iter()
        .filter(|r| r.path.contains("selfsubjectaccessreviews"))
        .count();
    assert!((7..=30).contains(&reviews), "{reviews} access reviews");

    // The admin, same session: nothing greyed, the action goes on.
    show(&mut t, "deploy", "prod-eu", "rbac-web");
    t.typ("?");
    let h = t.wait(15, "help, the admin's permissions answered", |sc| {
        sc.contains("scale (a form") && !sc.contains("checking permission")
    });
    // (The footer still says the viewer's last refusal.)
    let help: Vec<&str> = h.lines().filter(|l| l.contains('│')).collect();
    assert!(
        help.len() > 10 && !help.iter().any(|l| l.contains("not allowed")),
        "{h}"
    );
    t.esc();
    let admin_from = cluster.log.next_seq();
    t.typ("r");
    t.wait(20, "the server's dry run", |sc| {
        sc.contains("server dry run: admitted")
    });
    t.esc();
    let dry: Vec<String> = cluster
        .log
        .since(admin_from)
        .into_iter()
        .filter(|r| r.is_mutation() && !r.path.contains("/deployments/coredns"))
        .map(|r| format!("{} {}", r.user, r.path))
        .collect();
    assert_eq!(
        dry,
        [
            "prod-eu-admin /apis/apps/v1/namespaces/default/deployments/rbac-web?fieldManager=kdeck&dryRun=All"
        ]
    );
}

/// The kube layer against the sim: a viewer's restart, worked out (reads
/// are allowed) and sent anyway, is a 403 said in plain words, in the
/// result and in the journal's outcome.
#[test]
fn a_403_says_who_may_not_do_what_where_in_the_result_and_the_journal() {
    use kdeck::kube::gate::{Gate, Identity};
    use kdeck::kube::kind::Kind;
    use kdeck::kube::kubeconfig::{Selection, resolve};
    use kdeck::kube::ops::journal::Journal;
    use kdeck::kube::ops::{Op, Target, apply, prepare};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (dry, sent) = rt.block_on(async {
        let sel = Selection {
            contexts: vec!["prod-eu-viewer".into()],
            all: false,
        };
        let targets = resolve(Some(&sim().kubeconfig), &sel).await.unwrap();
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let client = kdeck::kube::connect::connect(0, &targets[0], tx).unwrap();
        let gate = Gate::new(false)
            .identities(vec![Identity {
                context: "prod-eu-viewer".into(),
                kube_user: targets[0].user.clone(),
                server: String::new(),
            }])
            .journaled(Journal::new(path.clone()));
        let t = Target {
            cluster: 0,
            context: "prod-eu-viewer".into(),
            kind: Kind::Deployments,
            namespace: "kube-system".into(),
            name: "coredns".into(),
        };
        let plan = prepare::prepare(&client, &t, &Op::Restart).await;
        assert!(plan.sendable(), "{plan:?}");
        let dry = apply::dry_run(&gate, &client, &plan).await;
        let sent = apply::apply(&gate, &client, &plan).await;
        (dry, sent)
    });
    let said = "forbidden (403): prod-eu-viewer may not patch deployments \"coredns\" in namespace kube-system on cluster prod-eu-viewer; the server said: deployments.apps \"coredns\" is forbidden: User \"prod-eu-viewer\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"kube-system\"";
    assert_eq!(dry, Err(said.to_string()));
    assert_eq!(sent, Err(said.to_string()));
    let lines = journal(&path);
    let outcome = lines.last().unwrap();
    assert_eq!(outcome["phase"], "result");
    assert_eq!(outcome["kube_user"], "prod-eu-viewer");
    assert_eq!(outcome["result"]["code"], 403);
    assert_eq!(outcome["result"]["message"], said);
    // The dry run's outcome says the same.
    assert_eq!(lines[1]["result"]["code"], 403, "{lines:?}");
}

/// The line of the `:can` matrix for `resource` of `context`.
fn can_line<'a>(sc: &'a str, context: &str, resource: &str) -> Option<&'a str> {
    sc.lines().find(|l| {
        let cells: Vec<&str> = l.split_whitespace().collect();
        cells.first() == Some(&context) && cells.get(2) == Some(&resource)
    })
}

/// `:can` over an admin, a viewer and a namespaced developer context of one
/// cluster: each context's rules from the server (the sim's request log
/// shows the reviews), read into the matrix; a view the developer may not
/// list points to it.
#[test]
fn can_shows_what_each_context_may_do() {
    let cluster = sim().cluster("prod-eu");
    let from = cluster.log.next_seq();
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    let mut t = Term::spawn(
        &[
            "--kubeconfig",
            &kc,
            "--context",
            "prod-eu",
            "--context",
            "prod-eu-viewer",
            "--context",
            "prod-eu-dev",
        ],
        &[],
    );
    t.wait(30, "connected", |sc| sc.contains("prod-eu-dev"));
    t.typ(":can");
    t.enter();
    t.wait(30, "the matrix", |sc| {
        can_line(sc, "prod-eu", "pods").is_some()
    });
    t.typ("/pods");
    t.enter();
    // Every verb on pods for the admin; read-only for the viewer; no
    // secrets for either reader.
    let sc = t.wait(30, "the three answers", |sc| {
        can_line(sc, "prod-eu", "pods").is_some()
            && can_line(sc, "prod-eu-viewer", "pods").is_some()
            && can_line(sc, "prod-eu-dev", "pods").is_some()
    });
    let verbs = |ctx: &str, res: &str| -> Vec<String> {
        let line = can_line(&sc, ctx, res).unwrap_or_else(|| panic!("{ctx} {res}: {sc}"));
        line.split_whitespace()
            .skip(3)
            .take(7)
            .map(str::to_string)
            .collect()
    };
    assert_eq!(verbs("prod-eu", "pods"), vec!["✓"; 7], "{sc}");
    assert_eq!(
        verbs("prod-eu-viewer", "pods"),
        ["✓", "✓", "✓", "·", "·", "·", "·"],
        "{sc}"
    );
    assert_eq!(verbs("prod-eu-viewer", "pods/exec"), vec!["·"; 7], "{sc}");
    // esc clears the filter (and stays in the view).
    t.esc();
    t.wait(10, "the filter cleared", |sc| !sc.contains("/pods"));
    t.typ("/secrets");
    t.enter();
    let sc = t.wait(10, "the secrets rows", |sc| {
        can_line(sc, "prod-eu-dev", "secrets").is_some()
            && can_line(sc, "prod-eu-viewer", "pods").is_none()
    });
    assert_eq!(
        can_line(&sc, "prod-eu-dev", "secrets")
            .unwrap()
            .matches('✓')
            .count(),
        0,
        "{sc}"
    );
    // One review per context, in its namespace, and nothing changed.
    let reviews: Vec<_> = cluster
        .log
        .since(from)
        .into_iter()
        .filter(|r| r.path.ends_with("/selfsubjectrulesreviews"))
        .collect();
    assert_eq!(reviews.len(), 3, "{reviews:?}");
    // The developer may not list nodes: the view says so and points here.
    t.esc();
    t.typ(":nodes @prod-eu-dev");
    t.enter();
    t.wait(20, "forbidden, with the pointer", |sc| {
        sc.contains("prod-eu-dev:") && sc.contains(":can lists what you may do")
    });
}
