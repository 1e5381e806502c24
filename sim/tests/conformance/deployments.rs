//! Deployments through kubectl's operations: history with change-causes,
//! undo to a revision, pause and resume, restart, scale with a server dry
//! run first (as the request log records it), and the revision history
//! limit.

use crate::common::{eventually, fails_on, kubectl_on, ok_on, ops};

const CTX: &str = "prod-eu";
const NS: &str = "ops-deploy";

fn ok(args: &[&str]) -> String {
    ok_on(ops(), CTX, args)
}

fn fails(args: &[&str]) -> String {
    fails_on(ops(), CTX, args)
}

/// A fresh deployment `name` in the test namespace.
fn fresh(name: &str, image: &str, replicas: &str) {
    if !kubectl_on(ops(), CTX, &["get", "ns", NS]).status.success() {
        let _ = kubectl_on(ops(), CTX, &["create", "ns", NS]);
    }
    let _ = kubectl_on(
        ops(),
        CTX,
        &["delete", "deploy", name, "-n", NS, "--ignore-not-found"],
    );
    ok(&[
        "create",
        "deployment",
        name,
        "-n",
        NS,
        &format!("--image={image}"),
        "--replicas",
        replicas,
    ]);
    rollout_status(name);
}

fn rollout_status(name: &str) {
    rollout("status", name, &["--timeout=90s"]);
}

/// (revision, change-cause) rows of `kubectl rollout history`.
fn history(name: &str) -> Vec<(String, String)> {
    let out = rollout("history", name, &[]);
    out.lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (rev, cause) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
            (rev.to_string(), cause.trim().to_string())
        })
        .collect()
}

/// `kubectl set image deploy/NAME nginx=IMAGE`.
fn set_image(name: &str, image: &str) {
    ok(&[
        "set",
        "image",
        &format!("deploy/{name}"),
        "-n",
        NS,
        &format!("nginx={image}"),
    ]);
}

/// The arguments of `kubectl rollout ACTION deploy/NAME EXTRA...`.
fn rollout_args(action: &str, name: &str, extra: &[&str]) -> Vec<String> {
    ["rollout", action, &format!("deploy/{name}"), "-n", NS]
        .into_iter()
        .chain(extra.iter().copied())
        .map(str::to_string)
        .collect()
}

/// `kubectl rollout ACTION deploy/NAME` with `extra` arguments.
fn rollout(action: &str, name: &str, extra: &[&str]) -> String {
    let args = rollout_args(action, name, extra);
    ok(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// [`rollout`] that must fail; returns stderr.
fn rollout_fails(action: &str, name: &str, extra: &[&str]) -> String {
    let args = rollout_args(action, name, extra);
    fails(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn field(name: &str, path: &str) -> String {
    ok(&[
        "get",
        "deploy",
        name,
        "-n",
        NS,
        "-o",
        &format!("jsonpath={path}"),
    ])
}

#[test]
fn history_change_causes_and_undo_to_a_revision() {
    let d = "ops-history";
    fresh(d, "nginx:1.25.4", "2");
    ok(&[
        "annotate",
        &format!("deploy/{d}"),
        "-n",
        NS,
        "kubernetes.io/change-cause=initial release",
    ]);
    set_image(d, "nginx:1.26.2");
    ok(&[
        "annotate",
        &format!("deploy/{d}"),
        "-n",
        NS,
        "--overwrite",
        "kubernetes.io/change-cause=upgrade to 1.26",
    ]);
    rollout_status(d);
    eventually(20, "the change-cause on the new revision", || {
        let h = history(d);
        (h == [
            ("1".to_string(), "initial release".to_string()),
            ("2".to_string(), "upgrade to 1.26".to_string()),
        ])
        .then_some(())
    });
    let rev1 = rollout("history", d, &["--revision=1"]);
    assert!(rev1.contains("Image:\tnginx:1.25.4"), "{rev1}");
    assert!(rev1.contains("initial release"), "{rev1}");

    let out = rollout("undo", d, &["--to-revision=1"]);
    assert_eq!(out.trim(), format!("deployment.apps/{d} rolled back"));
    rollout_status(d);
    // Revision 1 comes back as 3, with its change-cause; the ReplicaSet
    // remembers it was 1.
    assert_eq!(
        history(d),
        [
            ("2".to_string(), "upgrade to 1.26".to_string()),
            ("3".to_string(), "initial release".to_string()),
        ]
    );
    let rs = ok(&[
        "get",
        "rs",
        "-n",
        NS,
        "-l",
        &format!("app={d}"),
        "-o",
        r#"jsonpath={range .items[*]}{.metadata.annotations.deployment\.kubernetes\.io/revision}:{.metadata.annotations.deployment\.kubernetes\.io/revision-history} {end}"#,
    ]);
    assert!(rs.split_whitespace().any(|r| r == "3:1"), "{rs}");
    assert_eq!(
        field(
            d,
            "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}"
        ),
        "3"
    );

    let out = rollout("undo", d, &["--to-revision=3"]);
    assert_eq!(
        out.trim(),
        format!(
            "deployment.apps/{d} skipped rollback (current template already matches revision 3)"
        )
    );
    let err = rollout_fails("undo", d, &["--to-revision=7"]);
    assert!(
        err.contains("unable to find specified revision 7 in history"),
        "{err}"
    );
    // A server dry run of an undo changes nothing.
    let out = rollout("undo", d, &["--to-revision=2", "--dry-run=server"]);
    assert!(out.contains("rolled back (server dry run)"), "{out}");
    assert_eq!(
        field(d, "{.spec.template.spec.containers[0].image}"),
        "nginx:1.25.4"
    );
}

#[test]
fn a_paused_deployment_scales_but_does_not_roll_out() {
    let d = "ops-paused";
    fresh(d, "nginx:1.25.4", "2");
    set_image(d, "nginx:1.26.2");
    rollout_status(d);
    let out = rollout("pause", d, &[]);
    assert_eq!(out.trim(), format!("deployment.apps/{d} paused"));
    eventually(20, "the paused condition", || {
        (field(d, "{.status.conditions[?(@.type==\"Progressing\")].reason}") == "DeploymentPaused")
            .then_some(())
    });
    let err = rollout_fails("undo", d, &[]);
    assert!(
        err.contains("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"),
        "{err}"
    );
    let err = rollout_fails("restart", d, &[]);
    assert!(
        err.contains("can't restart paused deployment (run rollout resume first)"),
        "{err}"
    );

    // Paused, it still scales, and a new template waits.
    ok(&["scale", &format!("deploy/{d}"), "-n", NS, "--replicas=3"]);
    eventually(30, "3 ready replicas while paused", || {
        (field(d, "{.status.readyReplicas}") == "3").then_some(())
    });
    set_image(d, "nginx:1.27.2");
    let rs_count = || {
        ok(&[
            "get",
            "rs",
            "-n",
            NS,
            "-l",
            &format!("app={d}"),
            "--no-headers",
        ])
        .lines()
        .count()
    };
    // The controller has seen the new template (observedGeneration) and
    // made no ReplicaSet for it.
    eventually(20, "the new generation observed", || {
        (field(d, "{.metadata.generation}") == field(d, "{.status.observedGeneration}"))
            .then_some(())
    });
    assert_eq!(rs_count(), 2);
    assert_eq!(field(d, "{.status.updatedReplicas}"), "");

    let out = rollout("resume", d, &[]);
    assert_eq!(out.trim(), format!("deployment.apps/{d} resumed"));
    rollout_status(d);
    assert_eq!(rs_count(), 3);
    assert_eq!(history(d).len(), 3);
}

#[test]
fn restart_rolls_every_pod_with_the_restarted_at_annotation() {
    let d = "ops-restart";
    fresh(d, "nginx:1.25.4", "2");
    let before = ok(&[
        "get",
        "pods",
        "-n",
        NS,
        "-l",
        &format!("app={d}"),
        "-o",
        "name",
    ]);
    let out = rollout("restart", d, &[]);
    assert_eq!(out.trim(), format!("deployment.apps/{d} restarted"));
    let at = field(
        d,
        "{.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}",
    );
    assert!(chrono::DateTime::parse_from_rfc3339(&at).is_ok(), "{at}");
    rollout_status(d);
    eventually(30, "the old pods gone", || {
        let now = ok(&[
            "get",
            "pods",
            "-n",
            NS,
            "-l",
            &format!("app={d}"),
            "-o",
            "name",
        ]);
        (now.lines().count() == 2 && before.lines().all(|p| !now.contains(p))).then_some(())
    });
    // The patch was kubectl's, with its field manager.
    let managers = ok(&[
        "get",
        "deploy",
        d,
        "-n",
        NS,
        "--show-managed-fields",
        "-o",
        "jsonpath={.metadata.managedFields[*].manager}",
    ]);
    assert!(managers.contains("kubectl-rollout"), "{managers}");
}

#[test]
fn scale_after_a_server_dry_run_is_one_patch_each_in_the_request_log() {
    let d = "ops-scale";
    fresh(d, "nginx:1.25.4", "1");
    let c = ops().cluster(CTX);
    let from = c.log.next_seq();
    let out = ok(&[
        "scale",
        &format!("deploy/{d}"),
        "-n",
        NS,
        "--replicas=3",
        "--dry-run=server",
    ]);
    assert!(out.contains("scaled (server dry run)"), "{out}");
    assert_eq!(field(d, "{.spec.replicas}"), "1");
    ok(&["scale", &format!("deploy/{d}"), "-n", NS, "--replicas=3"]);
    assert_eq!(field(d, "{.spec.replicas}"), "3");
    let writes: Vec<_> = c
        .requests(from)
        .into_iter()
        .filter(|r| r.mutating && r.name == d)
        .collect();
    let shape: Vec<(&str, &str, &str, bool, u16)> = writes
        .iter()
        .map(|r| {
            (
                r.verb.as_str(),
                r.resource.as_str(),
                r.subresource.as_str(),
                r.dry_run,
                r.status,
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("patch", "deployments", "scale", true, 200),
            ("patch", "deployments", "scale", false, 200)
        ]
    );
    assert!(writes[0].query.contains("dryRun=All"), "{:?}", writes[0]);
    assert!(!writes[0].changed_cluster() && writes[1].changed_cluster());
}

#[test]
fn the_revision_history_limit_prunes_old_replica_sets() {
    let d = "ops-limit";
    fresh(d, "nginx:1.25.4", "1");
    ok(&[
        "patch",
        &format!("deploy/{d}"),
        "-n",
        NS,
        "-p",
        r#"{"spec":{"revisionHistoryLimit":1}}"#,
    ]);
    for image in ["nginx:1.26.2", "nginx:1.27.2", "nginx:1.27.1"] {
        set_image(d, image);
        rollout_status(d);
    }
    eventually(20, "one old ReplicaSet left", || {
        let revs: Vec<String> = history(d).into_iter().map(|(r, _)| r).collect();
        (revs == ["3", "4"]).then_some(())
    });
}
