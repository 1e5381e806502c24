//! Hostile input, seen by real kubectl: the sim refuses invalid names and
//! label values as a real server does (422 `Invalid`, the real message), and
//! the hostile-objects fixture is made of objects kubectl reads like any.

use std::sync::OnceLock;

use kdeck_sim::SimConfig;
use kdeck_sim::world::hostile;

use crate::common::{Shared, control, fails, kubectl_on, start};

/// A sim of its own: the fixture adds a namespace, which the shared sim's
/// tests would see.
fn hostile_sim() -> &'static Shared {
    static SIM: OnceLock<Shared> = OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 1,
            pods: 20,
            namespaces: 1,
            seed: 5,
            ..SimConfig::default()
        })
    })
}

/// `kubectl create -f` of a manifest; the output of a failure.
fn create_fails(manifest: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manifest.yaml");
    std::fs::write(&path, manifest).unwrap();
    fails(
        "prod-eu",
        &["create", "-f", path.to_str().unwrap(), "--validate=false"],
    )
}

#[test]
fn an_invalid_label_value_is_refused_with_the_real_message() {
    let err = create_fails(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad-label\n  namespace: default\n  labels:\n    tier: \"not ok!\"\ndata:\n  a: b\n",
    );
    assert!(
        err.contains(
            "The ConfigMap \"bad-label\" is invalid: metadata.labels: Invalid value: \"not ok!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        ),
        "{err}"
    );
    // Too long, and a key that is not a qualified name.
    let long = "v".repeat(64);
    let err = create_fails(&format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad-label\n  namespace: default\n  labels:\n    tier: {long}\n"
    ));
    assert!(
        err.contains(&format!(
            "metadata.labels: Invalid value: \"{long}\": must be no more than 63 characters"
        )),
        "{err}"
    );
    let err = create_fails(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad-label\n  namespace: default\n  labels:\n    \"a b\": c\n",
    );
    assert!(
        err.contains("metadata.labels: Invalid value: \"a b\": name part must consist of alphanumeric characters"),
        "{err}"
    );
    // Nothing was created.
    let got = kubectl_on(
        crate::common::sim(),
        "prod-eu",
        &["get", "configmap", "bad-label", "-n", "default"],
    );
    assert!(!got.status.success());
}

#[test]
fn an_invalid_name_is_refused_with_the_real_message() {
    let err = fails(
        "prod-eu",
        &[
            "create",
            "configmap",
            "Bad_Name",
            "-n",
            "default",
            "--from-literal=a=b",
        ],
    );
    assert!(
        err.contains(
            "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        ),
        "{err}"
    );
    let err = fails("prod-eu", &["create", "namespace", "has.dots"]);
    assert!(
        err.contains("Namespace \"has.dots\" is invalid: metadata.name: Invalid value: \"has.dots\": a lowercase RFC 1123 label must consist of"),
        "{err}"
    );
}

#[test]
fn the_hostile_fixture_reads_like_any_objects() {
    let s = hostile_sim();
    let token = s.cluster("prod-eu").admin_token();
    let add = || control(s, "POST", "/kdeck-sim/v1/clusters/prod-eu/hostile", &token);
    let (code, body) = add();
    assert_eq!(code, 200, "{body}");
    assert!(body.contains("\"namespace\":\"hostile\""), "{body}");
    let run = |args: &[&str]| {
        let mut all = vec!["-n", "hostile"];
        all.extend_from_slice(args);
        let out = kubectl_on(s, "prod-eu", &all);
        assert!(
            out.status.success(),
            "kubectl {}: {}",
            all.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let long = hostile::long_pod_name();
    let field = |kind: &str, name: &str, path: &str| {
        run(&["get", kind, name, "-o", &format!("jsonpath={path}")])
    };
    let pods = run(&["get", "pods", "-o", "name"]);
    assert!(pods.contains("pod/hostile-app"), "{pods}");
    assert!(pods.contains(&format!("pod/{long}")), "{pods}");
    // kubectl prints what the server holds (terminal sequences included:
    // kubectl does not neutralise them; kdeck must).
    let logs = run(&["logs", "hostile-app", "--tail", "20"]);
    assert!(logs.contains("\x1b]52;"), "OSC 52 in the log");
    assert!(!run(&["logs", "hostile-app", "--previous", "--tail", "3"]).is_empty());
    let events = run(&[
        "get",
        "events",
        "-o",
        "jsonpath={range .items[*]}{.reason}{\"\\n\"}{end}",
    ]);
    assert!(events.contains("ClipboardWrite"), "{events}");
    assert!(
        events.contains(&format!("Pwned{}", hostile::TITLE)),
        "{events}"
    );
    let phase = field("pod", &long, "{.status.phase} {.status.reason}");
    assert!(phase.starts_with("Failed Evicted\x1b]0;"), "{phase:?}");
    let bidi = field("configmap", "hostile-config", "{.data.bidi\\.txt}");
    assert_eq!(bidi, hostile::BIDI);
    // The huge annotation went through a real client's decoding.
    let huge = field(
        "pod",
        &long,
        "{.metadata.annotations.hostile\\.kdeck\\.dev/huge}",
    );
    assert!(huge.len() > 200 * 1024, "{}", huge.len());
    // A second call adds nothing new.
    let (code, body) = add();
    assert_eq!(code, 200);
    assert!(body.contains("\"created\":0"), "{body}");
}
