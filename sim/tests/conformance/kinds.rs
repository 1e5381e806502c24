//! Every built-in kind SREs use and custom resources, as kubectl sees them:
//! discovery (`api-resources`, aggregated as kubectl asks for it), the
//! kinds' tables, objects tied to the workloads, and CRDs created, used,
//! scaled and deleted with kubectl.

use crate::common::{eventually, fails, header, kubectl, ok, serve, sim};

/// The header line of each block kubectl printed for several kinds.
fn headers(out: &str) -> Vec<String> {
    let mut lines = out.lines();
    let mut v = Vec::new();
    if let Some(first) = lines.next() {
        v.push(first.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let all: Vec<&str> = out.lines().collect();
    for w in all.windows(2) {
        if w[0].trim().is_empty() {
            v.push(w[1].split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    v
}

#[test]
fn api_resources_lists_the_builtin_kinds_and_the_crds() {
    let out = ok("prod-eu", &["api-resources"]);
    let rows: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    let has = |name: &str, short: &str, api: &str| {
        rows.iter().any(|r| {
            r.first() == Some(&name)
                && r.contains(&api)
                && (short.is_empty() || r.get(1) == Some(&short))
        })
    };
    for (name, short, api) in [
        ("jobs", "", "batch/v1"),
        ("cronjobs", "cj", "batch/v1"),
        ("configmaps", "cm", "v1"),
        ("secrets", "", "v1"),
        ("ingresses", "ing", "networking.k8s.io/v1"),
        ("ingressclasses", "", "networking.k8s.io/v1"),
        ("persistentvolumes", "pv", "v1"),
        ("persistentvolumeclaims", "pvc", "v1"),
        ("storageclasses", "sc", "storage.k8s.io/v1"),
        ("horizontalpodautoscalers", "hpa", "autoscaling/v2"),
        ("poddisruptionbudgets", "pdb", "policy/v1"),
        ("serviceaccounts", "sa", "v1"),
        ("roles", "", "rbac.authorization.k8s.io/v1"),
        ("rolebindings", "", "rbac.authorization.k8s.io/v1"),
        ("clusterroles", "", "rbac.authorization.k8s.io/v1"),
        ("clusterrolebindings", "", "rbac.authorization.k8s.io/v1"),
        ("endpointslices", "", "discovery.k8s.io/v1"),
        ("networkpolicies", "netpol", "networking.k8s.io/v1"),
        ("priorityclasses", "pc", "scheduling.k8s.io/v1"),
        ("replicationcontrollers", "rc", "v1"),
        (
            "customresourcedefinitions",
            "crd,crds",
            "apiextensions.k8s.io/v1",
        ),
        ("certificates", "cert,certs", "cert-manager.io/v1"),
        ("rollouts", "ro", "argoproj.io/v1alpha1"),
        ("gateways", "gtw", "gateway.networking.k8s.io/v1"),
    ] {
        assert!(
            has(name, short, api),
            "{name} ({short}, {api}) missing:\n{out}"
        );
    }
    let crds = ok("prod-eu", &["get", "crd"]);
    assert_eq!(header(&crds), ["NAME", "CREATED", "AT"]);
    for n in [
        "certificates.cert-manager.io",
        "gateways.gateway.networking.k8s.io",
        "rollouts.argoproj.io",
    ] {
        assert!(crds.contains(n), "{crds}");
    }
}

#[test]
fn builtin_kinds_print_kubectl_columns() {
    let out = ok(
        "prod-eu",
        &["get", "cronjobs,jobs,pvc,pv,ingress,hpa,pdb", "-A"],
    );
    let h = headers(&out);
    for want in [
        "NAMESPACE NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE",
        "NAMESPACE NAME STATUS COMPLETIONS DURATION AGE",
        "NAMESPACE NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE",
        "NAMESPACE NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE",
        "NAMESPACE NAME CLASS HOSTS ADDRESS PORTS AGE",
        "NAMESPACE NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE",
        "NAMESPACE NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE",
    ] {
        assert!(h.iter().any(|x| x == want), "no {want:?} in {h:?}\n{out}");
    }
    assert!(out.contains("cronjob.batch/nightly-report"), "{out}");
    assert!(
        out.contains("persistentvolumeclaim/data-postgres-0"),
        "{out}"
    );
    // Each claim is bound to a volume of the default class, which claims it back.
    let pvc = ok(
        "prod-eu",
        &[
            "get",
            "pvc",
            "-n",
            "shop",
            "data-postgres-0",
            "-o",
            "jsonpath={.status.phase} {.spec.storageClassName} {.spec.volumeName}",
        ],
    );
    let f: Vec<&str> = pvc.split_whitespace().collect();
    assert_eq!(f[..2], ["Bound", "gp3"], "{pvc}");
    let claim = ok(
        "prod-eu",
        &[
            "get",
            "pv",
            f[2],
            "-o",
            "jsonpath={.spec.claimRef.namespace}/{.spec.claimRef.name}",
        ],
    );
    assert_eq!(claim, "shop/data-postgres-0");
    let mounted = ok(
        "prod-eu",
        &[
            "get",
            "pod",
            "-n",
            "shop",
            "postgres-0",
            "-o",
            "jsonpath={.spec.volumes[0].persistentVolumeClaim.claimName}",
        ],
    );
    assert_eq!(mounted, "data-postgres-0");
    // The jobs a cronjob spawned are owned by it.
    let owners = ok(
        "prod-eu",
        &[
            "get",
            "jobs",
            "-A",
            "-o",
            "jsonpath={range .items[*]}{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {end}",
        ],
    );
    assert!(owners.contains("CronJob/nightly-report"), "{owners}");
    // Categories: cronjobs are in `all`.
    let all = ok("prod-eu", &["get", "all", "-A"]);
    assert!(all.contains("cronjob.batch/"), "{all}");
    let more = ok(
        "prod-eu",
        &[
            "get",
            "sc,pc,ingressclass,netpol,endpointslices,rolebindings,clusterroles",
            "-A",
        ],
    );
    let h = headers(&more);
    for want in [
        "NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE",
        "NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY",
        "NAME CONTROLLER PARAMETERS AGE",
        "NAMESPACE NAME POD-SELECTOR AGE",
        "NAMESPACE NAME ADDRESSTYPE PORTS ENDPOINTS AGE",
        "NAMESPACE NAME ROLE AGE",
        "NAMESPACE NAME CREATED AT",
    ] {
        assert!(h.iter().any(|x| x == want), "no {want:?} in {h:?}\n{more}");
    }
    assert!(
        more.contains("storageclass.storage.k8s.io/gp3 (default)"),
        "{more}"
    );
    let secrets = ok("prod-eu", &["get", "secrets", "-n", "shop"]);
    for t in [
        "kubernetes.io/tls",
        "kubernetes.io/dockerconfigjson",
        "Opaque",
    ] {
        assert!(secrets.contains(t), "{secrets}");
    }
}

#[test]
fn certificates_show_their_printer_columns() {
    let out = ok("prod-eu", &["get", "certificates", "-A"]);
    assert_eq!(
        header(&out),
        ["NAMESPACE", "NAME", "READY", "SECRET", "AGE"],
        "{out}"
    );
    let row = out
        .lines()
        .find(|l| l.contains("shop-tls"))
        .unwrap_or_else(|| panic!("{out}"));
    let f: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(f[..4], ["shop", "shop-tls", "True", "shop-tls"], "{out}");
    let wide = ok("prod-eu", &["get", "certs", "-A", "-o", "wide"]);
    assert_eq!(
        header(&wide)[..6],
        ["NAMESPACE", "NAME", "READY", "SECRET", "ISSUER", "STATUS"],
        "{wide}"
    );
    assert!(
        wide.contains("Certificate is up to date and has not expired"),
        "{wide}"
    );
    assert!(wide.contains("False"), "one certificate is failing: {wide}");
}

const CRD: &str = r#"apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: backups.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: backups
    kind: Backup
    shortNames: [bk]
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Schedule, type: string, jsonPath: .spec.schedule}
    - {name: Last, type: string, jsonPath: .status.lastRun}
    - {name: Keep, type: integer, jsonPath: .spec.keep}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              schedule: {type: string}
              keep: {type: integer}
"#;

fn apply(context: &str, manifest: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.yaml");
    std::fs::write(&file, manifest).unwrap();
    ok(
        context,
        &["apply", "--validate=false", "-f", file.to_str().unwrap()],
    )
}

#[test]
fn a_crd_applied_with_kubectl_is_served_then_deleted() {
    let ctx = "staging";
    assert!(apply(ctx, CRD).contains("created"));
    let resources = ok(ctx, &["api-resources"]);
    assert!(
        resources.lines().any(|l| l.starts_with("backups ")
            && l.contains("bk")
            && l.contains("stable.example.com/v1")),
        "{resources}"
    );
    let none = kubectl(ctx, &["get", "backups", "-A"]);
    assert!(
        none.status.success(),
        "{}",
        String::from_utf8_lossy(&none.stderr)
    );
    apply(
        ctx,
        "apiVersion: stable.example.com/v1\nkind: Backup\nmetadata: {name: nightly, namespace: shop}\nspec: {schedule: \"0 1 * * *\", keep: 7, unknown: dropped}\n",
    );
    let out = ok(ctx, &["get", "bk", "-n", "shop"]);
    assert_eq!(header(&out), ["NAME", "SCHEDULE", "LAST", "KEEP"], "{out}");
    // `.status.lastRun` does not resolve: an empty cell, as on a real server.
    let cells: Vec<&str> = out.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(cells, ["nightly", "0", "1", "*", "*", "*", "7"], "{out}");
    let pruned = ok(
        ctx,
        &[
            "get",
            "backup",
            "nightly",
            "-n",
            "shop",
            "-o",
            "jsonpath={.spec}",
        ],
    );
    assert!(
        !pruned.contains("unknown"),
        "unknown fields are pruned: {pruned}"
    );
    let err = fails(
        ctx,
        &[
            "patch",
            "backup",
            "nightly",
            "-n",
            "shop",
            "--type=merge",
            "-p",
            r#"{"spec":{"keep":"seven"}}"#,
        ],
    );
    assert!(err.contains(r#"spec.keep: Invalid value: "string": spec.keep in body must be of type integer: "string""#), "{err}");
    let labelled = ok(
        ctx,
        &["label", "backup", "nightly", "-n", "shop", "tier=gold"],
    );
    assert!(labelled.contains("labeled"), "{labelled}");
    let by_label = ok(
        ctx,
        &["get", "backups", "-A", "-l", "tier=gold", "-o", "name"],
    );
    assert_eq!(by_label.trim(), "backup.stable.example.com/nightly");
    ok(ctx, &["delete", "crd", "backups.stable.example.com"]);
    eventually(20, "the CRD to leave discovery", || {
        let r = ok(ctx, &["api-resources"]);
        (!r.contains("stable.example.com")).then_some(())
    });
    let gone = fails(
        ctx,
        &[
            "get",
            "--raw",
            "/apis/stable.example.com/v1/namespaces/shop/backups/nightly",
        ],
    );
    assert!(
        gone.contains("NotFound") || gone.contains("not found"),
        "{gone}"
    );
}

#[test]
fn a_crd_without_the_basics_is_refused() {
    let bad = r#"{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},"spec":{"group":"example.com","scope":"Galaxy","names":{"plural":"gadgets","kind":"Gadget"},"versions":[{"name":"v1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object"}}}]}}"#;
    let (code, _, body) = serve(
        sim(),
        "staging",
        "staging-admin",
        (
            "POST",
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        ),
        bad,
    );
    assert_eq!(code, 422, "{body}");
    let msg = body["message"].as_str().unwrap();
    for part in [
        r#"metadata.name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group"#,
        r#"spec.scope: Unsupported value: "Galaxy": supported values: "Cluster", "Namespaced""#,
        "must have exactly one version marked as storage version",
    ] {
        assert!(msg.contains(part), "{msg}");
    }
}

#[test]
fn the_rollout_scales_through_its_scale_subresource() {
    let ctx = "prod-us";
    let out = ok(
        ctx,
        &[
            "scale",
            "rollout",
            "checkout-canary",
            "-n",
            "shop",
            "--replicas=6",
        ],
    );
    assert!(out.contains("scaled"), "{out}");
    let spec = ok(
        ctx,
        &[
            "get",
            "ro",
            "checkout-canary",
            "-n",
            "shop",
            "-o",
            "jsonpath={.spec.replicas}",
        ],
    );
    assert_eq!(spec, "6");
    let scale = ok(
        ctx,
        &[
            "get",
            "--raw",
            "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout-canary/scale",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&scale).unwrap();
    assert_eq!(v["kind"], "Scale");
    assert_eq!(v["spec"]["replicas"], 6);
    assert_eq!(v["status"]["selector"], "app=checkout-canary");
    let table = ok(ctx, &["get", "rollouts", "-n", "shop"]);
    assert_eq!(
        header(&table),
        [
            "NAME",
            "DESIRED",
            "CURRENT",
            "UP-TO-DATE",
            "AVAILABLE",
            "AGE"
        ]
    );
    assert!(
        table.lines().nth(1).unwrap().split_whitespace().nth(1) == Some("6"),
        "{table}"
    );
}
