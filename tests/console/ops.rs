//! Operations end to end: keys in a pty, kubectl and the sim's request log
//! as witnesses, the journal read back. Each test works on objects of its
//! own, so they run in parallel.

use std::process::Command;

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, eventually, start};

use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 3,
            pods: 40,
            namespaces: 2,
            seed: 21,
            ..SimConfig::default()
        })
    })
}

/// A one-cluster sim (`prod-eu`, one team namespace, `shop`) of a test
/// file's own, started once in `cell`.
pub(crate) fn own_sim(
    cell: &'static std::sync::OnceLock<Shared>,
    pods: usize,
    seed: u64,
) -> &'static Shared {
    cell.get_or_init(|| {
        start(SimConfig {
            clusters: 1,
            pods,
            namespaces: 1,
            seed,
            ..SimConfig::default()
        })
    })
}

fn kubectl(context: &str, args: &[&str]) -> String {
    kubectl_on(sim(), context, args)
}

/// kubectl against `s` in `context`, whatever it answers.
pub(crate) fn kubectl_output(s: &Shared, context: &str, args: &[&str]) -> std::process::Output {
    Command::new("kubectl")
        .env("KUBECONFIG", &s.kubeconfig)
        .args(["--context", context])
        .args(args)
        .output()
        .expect("kubectl runs")
}

/// kubectl against `s` that must succeed; its stdout.
pub(crate) fn kubectl_on(s: &Shared, context: &str, args: &[&str]) -> String {
    let out = kubectl_output(s, context, args);
    assert!(
        out.status.success(),
        "kubectl {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// `kubectl <verb> -f` of `manifest` (written to a file of its own).
pub(crate) fn kubectl_manifest(s: &Shared, context: &str, verb: &str, manifest: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.yaml");
    std::fs::write(&file, manifest).unwrap();
    kubectl_on(
        s,
        context,
        &[verb, "--validate=false", "-f", file.to_str().unwrap()],
    )
}

/// A deployment of its own in `default`.
fn create(context: &str, name: &str, replicas: u32) {
    kubectl(
        context,
        &[
            "create",
            "deployment",
            name,
            "-n",
            "default",
            "--image=nginx:1.25.0",
            &format!("--replicas={replicas}"),
        ],
    );
}

/// kdeck with a journal of its own, on `contexts`, view `view`.
fn kdeck(contexts: &[&str], view: &str, extra: &[&str]) -> (Term, std::path::PathBuf) {
    kdeck_on(sim(), contexts, view, extra)
}

/// [`kdeck`] on the clusters of `s`.
pub(crate) fn kdeck_on(
    s: &Shared,
    contexts: &[&str],
    view: &str,
    extra: &[&str],
) -> (Term, std::path::PathBuf) {
    let kc = s.kubeconfig.to_string_lossy().to_string();
    let mut args = vec!["--kubeconfig".to_string(), kc];
    for c in contexts {
        args.push("--context".into());
        args.push(c.to_string());
    }
    args.extend(["-A".to_string(), "--view".to_string(), view.to_string()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let dir = tempfile::tempdir().unwrap().keep();
    let journal = dir.join("journal.jsonl");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let t = Term::spawn(&args, &[("KDECK_JOURNAL", journal.to_str().unwrap())]);
    (t, journal)
}

/// The requests a cluster served since `seq` (mutating ones only).
fn mutations(cluster: &str, since: u64) -> Vec<String> {
    sim()
        .cluster(cluster)
        .log
        .since(since)
        .into_iter()
        .filter(|r| r.is_mutation())
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

fn seq(cluster: &str) -> u64 {
    sim().cluster(cluster).log.next_seq()
}

pub(crate) fn journal(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Filter the table to `name` and wait for its one row.
pub(crate) fn select(t: &mut Term, name: &str) {
    t.wait(30, &format!("{name} listed"), |sc| sc.contains(name));
    t.typ(&format!("/{name}"));
    t.enter();
    t.wait(10, "one row", |sc| {
        sc.lines().skip(4).filter(|l| l.contains(name)).count() == 1 && sc.contains("[1]")
    });
}

#[test]
fn scale_three_to_five_with_one_dry_run_and_one_patch() {
    create("staging", "ops-scale", 3);
    let (mut t, journal_path) = kdeck(&["staging"], "deploy", &[]);
    select(&mut t, "ops-scale");
    t.wait(60, "3/3 ready", |sc| sc.contains("3/3"));
    let from = seq("staging");
    t.typ("s");
    t.wait(10, "the form with the current replicas", |sc| {
        sc.contains("replicas: 3 → 3")
    });
    t.send(b"\x7f");
    t.typ("5");
    t.enter();
    let confirm = t.wait(20, "the confirmation", |sc| {
        sc.contains("server dry run: admitted")
    });
    assert!(
        confirm.contains("staging -n default deployment/ops-scale: replicas 3 → 5"),
        "{confirm}"
    );
    // Only the dry run so far.
    assert_eq!(
        mutations("staging", from),
        [
            "PATCH /apis/apps/v1/namespaces/default/deployments/ops-scale/scale?fieldManager=kdeck&dryRun=All"
        ]
    );
    t.typ("y");
    // The pods follow on screen without a key press.
    t.wait(60, "5/5 ready", |sc| sc.contains("5/5"));
    assert_eq!(
        mutations("staging", from),
        [
            "PATCH /apis/apps/v1/namespaces/default/deployments/ops-scale/scale?fieldManager=kdeck&dryRun=All",
            "PATCH /apis/apps/v1/namespaces/default/deployments/ops-scale/scale?fieldManager=kdeck",
        ]
    );
    // The journal: the dry run and the attempt, each with its result, with
    // before and after.
    let lines = journal(&journal_path);
    let phases: Vec<&str> = lines.iter().filter_map(|l| l["phase"].as_str()).collect();
    assert_eq!(phases, ["dry-run", "result", "attempt", "result"]);
    let attempt = &lines[2];
    assert_eq!(attempt["action"], "scale");
    assert_eq!(attempt["before"]["replicas"], 3);
    assert_eq!(attempt["after"]["replicas"], 5);
    assert_eq!(attempt["request"]["body"]["spec"]["replicas"], 5);
    assert_eq!(lines[3]["result"]["code"], 200);
    assert_eq!(lines[3]["id"], attempt["id"]);
}

#[test]
fn restart_sets_restarted_at() {
    create("staging", "ops-restart", 1);
    let (mut t, _) = kdeck(&["staging"], "deploy", &[]);
    select(&mut t, "ops-restart");
    t.typ("r");
    t.wait(20, "the confirmation", |sc| {
        sc.contains("server dry run: admitted")
    });
    t.typ("y");
    t.wait(20, "done", |sc| {
        sc.contains("ops-restart @staging: restart")
    });
    let at = kubectl(
        "staging",
        &[
            "get",
            "deploy",
            "ops-restart",
            "-n",
            "default",
            "-o",
            "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}",
        ],
    );
    assert!(chrono::DateTime::parse_from_rfc3339(&at).is_ok(), "{at:?}");
}

/// The pod template of a deployment, without the hash and the change cause.
fn template(context: &str, name: &str) -> serde_json::Value {
    let json = kubectl(
        context,
        &["get", "deploy", name, "-n", "default", "-o", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["spec"]["template"].clone()
}

#[test]
fn history_diff_and_rollback_equal_kubectls_undo() {
    // Two identical deployments, each taken through the same two changes.
    for name in ["ops-hist", "ops-twin"] {
        create("prod-us", name, 1);
        for image in ["nginx:1.26.0", "nginx:1.27.0"] {
            eventually(30, "the rollout to settle", || {
                let out = kubectl(
                    "prod-us",
                    &[
                        "get",
                        "deploy",
                        name,
                        "-n",
                        "default",
                        "-o",
                        "jsonpath={.status.observedGeneration}",
                    ],
                );
                (!out.is_empty()).then_some(())
            });
            kubectl(
                "prod-us",
                &[
                    "set",
                    "image",
                    &format!("deploy/{name}"),
                    &format!("nginx={image}"),
                    "-n",
                    "default",
                ],
            );
        }
    }
    let (mut t, _) = kdeck(&["prod-us"], "deploy", &[]);
    select(&mut t, "ops-hist");
    t.typ("h");
    let h = t.wait(20, "three revisions", |sc| {
        ["1 ", "2 ", "3 (now)"]
            .iter()
            .all(|r| sc.lines().any(|l| l.starts_with(r)))
    });
    assert!(
        h.contains("nginx:1.25.0") && h.contains("nginx:1.27.0"),
        "{h}"
    );
    // The oldest is last: its diff against the running template.
    t.typ("G");
    t.typ("d");
    let d = t.wait(10, "the diff", |sc| sc.contains("+++ running now"));
    assert!(d.contains("-  - image: nginx:1.25.0"), "{d}");
    assert!(d.contains("+  - image: nginx:1.27.0"), "{d}");
    t.esc();
    t.wait(10, "back in the history", |sc| sc.contains("REVISION"));
    // Roll back to revision 1 (production: the name is typed).
    t.typ("u");
    t.wait(20, "the confirmation", |sc| {
        sc.contains("server dry run: admitted")
    });
    t.typ("ops-hist");
    t.enter();
    t.wait(30, "the history renumbered", |sc| {
        sc.lines().any(|l| l.starts_with("4 (now)"))
    });
    kubectl(
        "prod-us",
        &[
            "rollout",
            "undo",
            "deploy/ops-twin",
            "--to-revision=1",
            "-n",
            "default",
        ],
    );
    let strip = |mut v: serde_json::Value| {
        v["metadata"]["labels"]
            .as_object_mut()
            .map(|l| l.remove("pod-template-hash"));
        v["metadata"]
            .as_object_mut()
            .map(|m| m.remove("annotations"));
        v["metadata"]["labels"]["app"] = serde_json::json!("x");
        v
    };
    assert_eq!(
        strip(template("prod-us", "ops-hist")),
        strip(template("prod-us", "ops-twin")),
        "kdeck's rollback leaves what kubectl rollout undo leaves"
    );
}

#[test]
fn a_deleted_pod_is_replaced_by_its_replicaset() {
    create("staging", "ops-del", 1);
    let (mut t, _) = kdeck(&["staging"], "pods", &[]);
    let screen = t.wait(60, "the pod running", |sc| {
        sc.lines()
            .any(|l| l.contains("ops-del-") && l.contains("Running"))
    });
    let first = screen
        .lines()
        .find(|l| l.contains("ops-del-"))
        .and_then(|l| l.split_whitespace().find(|w| w.starts_with("ops-del-")))
        .unwrap()
        .to_string();
    select(&mut t, &first);
    t.send(b"\x04");
    t.wait(10, "the delete form", |sc| sc.contains("force: delete now"));
    t.enter();
    let c = t.wait(20, "the confirmation", |sc| {
        sc.contains("server dry run: admitted")
    });
    assert!(c.contains("will create a new pod in its place"), "{c}");
    t.typ("y");
    t.esc();
    t.wait(60, "a new pod of the deployment", |sc| {
        sc.lines()
            .any(|l| l.contains("ops-del-") && !l.contains(&first) && l.contains("Running"))
    });
}

#[test]
fn cordon_and_uncordon() {
    let node = kubectl(
        "prod-us",
        &["get", "nodes", "-o", "jsonpath={.items[1].metadata.name}"],
    );
    let (mut t, _) = kdeck(&["prod-us"], "nodes", &[]);
    select(&mut t, &node);
    t.typ("c");
    t.wait(20, "the confirmation", |sc| {
        sc.contains("cordon: no new pods")
    });
    t.typ(&node);
    t.enter();
    t.wait(30, "SchedulingDisabled", |sc| {
        sc.contains("SchedulingDisabled")
    });
    t.typ("U");
    t.wait(20, "the confirmation", |sc| sc.contains("uncordon"));
    t.typ(&node);
    t.enter();
    t.wait(30, "schedulable", |sc| {
        sc.lines()
            .any(|l| l.contains(&node) && !l.contains("SchedulingDisabled"))
    });
}

#[test]
fn production_needs_the_typed_name_and_a_wrong_one_sends_nothing() {
    create("prod-eu", "ops-prod", 1);
    let (mut t, _) = kdeck(&["prod-eu"], "deploy", &[]);
    select(&mut t, "ops-prod");
    let from = seq("prod-eu");
    t.typ("r");
    t.wait(20, "the confirmation asks for the name", |sc| {
        sc.contains("production: type \"ops-prod\" to confirm")
    });
    t.typ("ops-pro");
    t.enter();
    t.wait(5, "refused", |sc| {
        sc.contains("type \"ops-prod\" to confirm (esc cancels)")
    });
    t.esc();
    t.wait(5, "cancelled", |sc| {
        sc.contains("cancelled: nothing was sent")
    });
    // Only the dry run went out.
    assert!(
        mutations("prod-eu", from)
            .iter()
            .all(|m| m.contains("dryRun=All")),
        "{:?}",
        mutations("prod-eu", from)
    );
}

#[test]
fn read_only_sends_no_mutation_whatever_the_keys() {
    // A sim of its own: any mutation in its log is this session's (other
    // tests write to the shared sim at the same time).
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    let s = own_sim(&SIM, 20, 71);
    kubectl_on(
        s,
        "prod-eu",
        &[
            "create",
            "deployment",
            "ops-ro",
            "-n",
            "default",
            "--image=nginx:1.25.0",
            "--replicas=1",
        ],
    );
    let log = &s.cluster("prod-eu").log;
    let from = log.next_seq();
    let (mut t, journal_path) = kdeck_on(s, &["prod-eu"], "deploy", &["--readonly"]);
    select(&mut t, "ops-ro");
    // Every action key on the workloads, then pods, then nodes.
    for keys in [&["s", "r", "u", "h"][..], &["\u{4}"][..]] {
        for k in keys {
            t.typ(k);
            // Whatever opens, confirm it as hard as possible.
            t.enter();
            t.typ("y");
            t.typ("ops-ro");
            t.enter();
            t.esc();
            t.esc();
        }
    }
    for (view, name) in [("po", "ops-ro-"), ("no", "prod-eu-worker")] {
        t.typ(&format!(":{view}"));
        t.enter();
        t.wait(20, "the view", |sc| sc.contains(name));
        for k in ["s", "\u{4}", "c", "U", "D", " ", "\u{4}"] {
            t.typ(k);
            t.enter();
            t.typ("y");
            t.enter();
            t.esc();
            t.esc();
        }
    }
    t.wait(10, "read-only said", |sc| sc.contains("READ-ONLY"));
    let m: Vec<String> = log
        .since(from)
        .into_iter()
        .filter(|r| r.is_mutation())
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(m.is_empty(), "read-only sent: {m:?}");
    // The refusals are journaled.
    let lines = journal(&journal_path);
    assert!(lines.iter().any(|l| l["phase"] == "refused"), "{lines:?}");
    assert!(!lines.iter().any(|l| l["phase"] == "attempt"));
}

#[test]
fn an_unwritable_journal_stops_the_mutation() {
    create("staging", "ops-nojournal", 1);
    let kc = sim().kubeconfig.to_string_lossy().to_string();
    // The journal's path is a directory: it cannot be written.
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(
        &[
            "--kubeconfig",
            &kc,
            "--context",
            "staging",
            "-A",
            "--view",
            "deploy",
        ],
        &[("KDECK_JOURNAL", dir.path().to_str().unwrap())],
    );
    select(&mut t, "ops-nojournal");
    let from = seq("staging");
    t.typ("r");
    let c = t.wait(20, "the confirmation", |sc| {
        sc.contains("cannot write the audit journal")
    });
    assert!(c.contains("nothing was sent"), "{c}");
    t.typ("y");
    t.enter();
    t.esc();
    assert!(
        mutations("staging", from).is_empty(),
        "{:?}",
        mutations("staging", from)
    );
}

#[test]
fn marked_rows_in_two_clusters_roll_back_in_one_action() {
    for c in ["staging", "prod-us"] {
        create(c, "ops-many", 1);
        eventually(30, "the deployment observed", || {
            let g = kubectl(
                c,
                &[
                    "get",
                    "deploy",
                    "ops-many",
                    "-n",
                    "default",
                    "-o",
                    "jsonpath={.status.observedGeneration}",
                ],
            );
            (!g.is_empty()).then_some(())
        });
        kubectl(
            c,
            &[
                "set",
                "image",
                "deploy/ops-many",
                "nginx=nginx:1.99.0",
                "-n",
                "default",
            ],
        );
    }
    let (mut t, _) = kdeck(&["staging", "prod-us"], "deploy", &[]);
    t.wait(30, "both", |sc| {
        sc.lines().filter(|l| l.contains("ops-many")).count() == 2
    });
    t.typ("/ops-many");
    t.enter();
    t.wait(10, "two rows", |sc| sc.contains("[2]"));
    t.typ("  ");
    t.typ("u");
    let c = t.wait(30, "one confirmation for both", |sc| {
        sc.matches("server dry run: admitted").count() == 2
    });
    assert!(c.contains("staging -n default deployment/ops-many"), "{c}");
    assert!(c.contains("prod-us -n default deployment/ops-many"), "{c}");
    t.typ("ops-many");
    t.enter();
    for ctx in ["staging", "prod-us"] {
        eventually(60, "rolled back", || {
            let image = kubectl(
                ctx,
                &[
                    "get",
                    "deploy",
                    "ops-many",
                    "-n",
                    "default",
                    "-o",
                    "jsonpath={.spec.template.spec.containers[0].image}",
                ],
            );
            (image == "nginx:1.25.0").then_some(())
        });
    }
}
