//! Preflight end to end, on the generated `shop` scenarios of the sim: the
//! confirmation names the autoscaler that will override a scale and the
//! GitOps controller that will revert a change; a paused deployment is
//! refused restart and rollback in kubectl's own words, with nothing sent.

use kdeck_sim::testing::Shared;

use crate::ops::{kdeck_on, kubectl_on, kubectl_output, own_sim, select};
use crate::pty::Term;

const CTX: &str = "prod-eu";

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    own_sim(&SIM, 30, 43)
}

/// The mutating requests (dry runs included) on deployment `name` of
/// `shop` since `from`.
fn writes_to(name: &str, from: u64) -> Vec<String> {
    sim()
        .cluster(CTX)
        .requests(from)
        .into_iter()
        .filter(|r| r.is_mutation() && r.namespace == "shop" && r.name == name)
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// What kubectl says (stderr, without its `error: `) when it refuses.
fn kubectl_refuses(args: &[&str]) -> String {
    let out = kubectl_output(sim(), CTX, args);
    assert!(!out.status.success(), "kubectl {args:?} should refuse");
    let err = String::from_utf8_lossy(&out.stderr);
    err.trim().trim_start_matches("error: ").to_string()
}

/// Press `key` on the selected row and wait for the confirmation.
fn confirmation(t: &mut Term, key: &str, what: &str, done: impl Fn(&str) -> bool) -> String {
    t.typ(key);
    let c = t.wait(20, what, done);
    t.esc();
    t.wait(5, "cancelled", |sc| {
        sc.contains("cancelled: nothing was sent") || !sc.contains("confirm ")
    });
    c
}

#[test]
fn preflight_names_the_autoscaler_and_the_gitops_manager() {
    let (mut t, _) = kdeck_on(sim(), &[CTX], "deploy", &[]);
    let c = sim().cluster(CTX);

    // cart: Argo CD applies it, an autoscaler keeps it within 2..8.
    select(&mut t, "cart");
    let from = c.log.next_seq();
    t.typ("s");
    t.wait(10, "the scale form", |sc| sc.contains("replicas: 3 → 3"));
    t.send(b"\x7f");
    t.typ("5");
    t.enter();
    let confirm = t.wait(20, "the confirmation", |sc| {
        sc.contains("server dry run: admitted")
    });
    let range = kubectl_on(
        sim(),
        CTX,
        &[
            "get",
            "hpa",
            "cart",
            "-n",
            "shop",
            "-o",
            "jsonpath={.spec.scaleTargetRef.name} {.spec.minReplicas}–{.spec.maxReplicas}",
        ],
    );
    assert_eq!(range, "cart 2–8");
    assert!(
        confirm.contains(
            "! HorizontalPodAutoscaler cart scales this Deployment (2–8 replicas): a manual scale will be overridden"
        ),
        "{confirm}"
    );
    let managers = kubectl_on(
        sim(),
        CTX,
        &[
            "get",
            "deploy",
            "cart",
            "-n",
            "shop",
            "--show-managed-fields",
            "-o",
            "jsonpath={.metadata.managedFields[*].manager}",
        ],
    );
    assert!(managers.contains("argocd-controller"), "{managers}");
    assert!(
        confirm.contains(
            "! Argo CD manages this object (argocd-controller in managedFields): it may revert the change"
        ),
        "{confirm}"
    );
    t.esc();
    t.wait(5, "cancelled", |sc| {
        sc.contains("cancelled: nothing was sent")
    });
    assert_eq!(
        writes_to("cart", from),
        [
            "PATCH /apis/apps/v1/namespaces/shop/deployments/cart/scale?fieldManager=kdeck&dryRun=All"
        ],
        "only the dry run"
    );

    // inventory-sync: Flux's kustomize-controller applies it.
    t.esc();
    select(&mut t, "inventory-sync");
    let restart = confirmation(&mut t, "r", "the restart confirmation", |sc| {
        sc.contains("server dry run: admitted")
    });
    assert!(
        restart.contains(
            "! Flux manages this object (kustomize-controller in managedFields): it may revert the change"
        ),
        "{restart}"
    );
    assert!(!restart.contains("HorizontalPodAutoscaler"), "{restart}");
}

#[test]
fn a_paused_deployment_is_refused_in_kubectls_words() {
    let paused = kubectl_on(
        sim(),
        CTX,
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
    let (mut t, _) = kdeck_on(sim(), &[CTX], "deploy", &[]);
    select(&mut t, "storefront");
    let from = sim().cluster(CTX).log.next_seq();
    for (key, args) in [
        (
            "r",
            ["rollout", "restart", "deploy/storefront", "-n", "shop"],
        ),
        ("u", ["rollout", "undo", "deploy/storefront", "-n", "shop"]),
    ] {
        let why = kubectl_refuses(&args);
        let screen = confirmation(&mut t, key, "the refusal", |sc| {
            sc.contains("nothing can be sent")
        });
        assert!(
            screen.contains(&format!("not sent: {why}")),
            "kubectl says {why:?}; kdeck:\n{screen}"
        );
    }
    assert!(
        writes_to("storefront", from).is_empty(),
        "{:?}",
        writes_to("storefront", from)
    );
}
