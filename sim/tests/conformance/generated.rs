//! What generated clusters hold for operations, as kubectl shows it: the
//! paused deployment, GitOps-managed workloads, disruption budgets and
//! autoscalers (docs/sim.md names them).

use crate::common::{eventually, header, ok, ok_on, ops};

fn row<'a>(out: &'a str, name: &str) -> Vec<&'a str> {
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|f| f.first() == Some(&name))
        .unwrap_or_else(|| panic!("no row {name} in {out}"))
}

#[test]
fn budgets_and_autoscalers_print_like_kubectl() {
    let pdb = ok("prod-eu", &["get", "pdb", "-n", "shop"]);
    assert_eq!(
        header(&pdb),
        [
            "NAME",
            "MIN",
            "AVAILABLE",
            "MAX",
            "UNAVAILABLE",
            "ALLOWED",
            "DISRUPTIONS",
            "AGE"
        ]
    );
    assert_eq!(row(&pdb, "postgres")[1..4], ["N/A", "0", "0"], "{pdb}");
    assert_eq!(row(&pdb, "cart")[1..4], ["N/A", "1", "1"], "{pdb}");
    assert_eq!(row(&pdb, "storefront")[1..4], ["1", "N/A", "1"], "{pdb}");
    let hpa = ok("prod-eu", &["get", "hpa", "-n", "shop"]);
    assert_eq!(
        header(&hpa),
        [
            "NAME",
            "REFERENCE",
            "TARGETS",
            "MINPODS",
            "MAXPODS",
            "REPLICAS",
            "AGE"
        ]
    );
    let cart = row(&hpa, "cart");
    assert_eq!(cart[1], "Deployment/cart");
    assert!(cart[2] == "cpu:" && cart[3].ends_with('%'), "{hpa}");
    assert_eq!(cart[4..7], ["2", "8", "3"], "{hpa}");
    assert!(hpa.contains("memory:"), "{hpa}");
    // Without metrics-server an autoscaler knows no usage.
    let staging = ok("staging", &["get", "hpa", "cart", "-n", "shop"]);
    assert!(staging.contains("cpu: <unknown>/"), "{staging}");
    let why = ok(
        "staging",
        &[
            "get",
            "hpa",
            "cart",
            "-n",
            "shop",
            "-o",
            "jsonpath={.status.conditions[?(@.type==\"ScalingActive\")].reason}",
        ],
    );
    assert_eq!(why, "FailedGetResourceMetric");
}

#[test]
fn a_paused_deployment_with_history() {
    let paused = ok(
        "prod-eu",
        &[
            "get",
            "deploy",
            "storefront",
            "-n",
            "shop",
            "-o",
            "jsonpath={.spec.paused}",
        ],
    );
    assert_eq!(paused, "true");
    let history = ok(
        "prod-eu",
        &["rollout", "history", "deploy/storefront", "-n", "shop"],
    );
    let revs: Vec<&str> = history
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(revs, ["1", "2", "3"], "{history}");
    assert!(
        !history.contains("<none>"),
        "every revision has a change-cause: {history}"
    );
}

#[test]
fn gitops_managers_own_workloads() {
    let managers = |kind: &str, name: &str| {
        ok(
            "prod-eu",
            &[
                "get",
                kind,
                name,
                "-n",
                "shop",
                "--show-managed-fields",
                "-o",
                "jsonpath={.metadata.managedFields[*].manager}",
            ],
        )
    };
    for (kind, name, manager) in [
        ("deploy", "cart", "argocd-controller"),
        ("svc", "cart", "argocd-controller"),
        ("hpa", "cart", "argocd-application-controller"),
        ("deploy", "inventory-sync", "kustomize-controller"),
        ("deploy", "recommendations", "helm-controller"),
    ] {
        let m = managers(kind, name);
        assert!(
            m.split_whitespace().any(|x| x == manager),
            "{kind}/{name}: {m}"
        );
    }
    // The controllers' status writes keep the GitOps entry.
    let m = managers("deploy", "cart");
    assert!(m.contains("kube-controller-manager"), "{m}");
    let ops = ok(
        "prod-eu",
        &[
            "get",
            "deploy",
            "recommendations",
            "-n",
            "shop",
            "-o",
            "jsonpath={.metadata.labels.app\\.kubernetes\\.io/managed-by}",
        ],
    );
    assert_eq!(ops, "Helm");
}

#[test]
fn an_autoscaler_puts_its_target_back_in_range() {
    let s = ops();
    ok_on(
        s,
        "prod-eu",
        &["scale", "deploy/cart", "-n", "shop", "--replicas=1"],
    );
    eventually(30, "the autoscaler's minimum restored", || {
        let n = ok_on(
            s,
            "prod-eu",
            &[
                "get",
                "deploy",
                "cart",
                "-n",
                "shop",
                "-o",
                "jsonpath={.spec.replicas}",
            ],
        );
        (n == "2").then_some(())
    });
    let events = ok_on(
        s,
        "prod-eu",
        &[
            "get",
            "events",
            "-n",
            "shop",
            "--field-selector=involvedObject.kind=HorizontalPodAutoscaler,reason=SuccessfulRescale",
            "-o",
            "jsonpath={.items[*].message}",
        ],
    );
    assert!(
        events.contains("New size: 2; reason: Current number of replicas below Spec.MinReplicas"),
        "{events}"
    );
}
