use serde_json::json;

use super::*;
use crate::world::kinds::{certificates_crd, gateways_crd, rollouts_crd};

fn established_crd(mut crd: Value) -> Value {
    establish(&mut crd, "2026-11-30T00:00:00Z");
    crd
}

#[test]
fn an_established_crd_serves_its_versions_storage_first() {
    let defs = defs_of(&established_crd(gateways_crd()));
    let versions: Vec<&str> = defs.iter().map(|d| d.version).collect();
    assert_eq!(versions, ["v1", "v1beta1"]);
    let d = defs[0];
    assert_eq!(
        (d.group, d.plural, d.kind, d.singular),
        (
            "gateway.networking.k8s.io",
            "gateways",
            "Gateway",
            "gateway"
        )
    );
    assert_eq!(d.storage, "gateways.gateway.networking.k8s.io");
    assert!(d.custom && d.namespaced && d.has_subresource("status") && !d.has_subresource("scale"));
    assert_eq!(d.short_names, ["gtw"]);
    let ro = defs_of(&established_crd(rollouts_crd()));
    assert!(ro[0].has_subresource("scale"));
    // Interned: the same CRD again gives the very same definitions.
    assert!(std::ptr::eq(
        ro[0],
        defs_of(&established_crd(rollouts_crd()))[0]
    ));
    // Not established: nothing served.
    assert!(defs_of(&rollouts_crd()).is_empty());
}

#[test]
fn establishing_defaults_names_and_sets_conditions() {
    let mut crd = certificates_crd();
    crd["spec"]["names"]
        .as_object_mut()
        .unwrap()
        .remove("singular");
    crd["spec"]["names"]
        .as_object_mut()
        .unwrap()
        .remove("listKind");
    establish(&mut crd, "2026-11-30T00:00:00Z");
    assert_eq!(crd["spec"]["names"]["singular"], "certificate");
    assert_eq!(crd["spec"]["names"]["listKind"], "CertificateList");
    assert_eq!(crd["spec"]["conversion"], json!({"strategy": "None"}));
    assert_eq!(crd["status"]["storedVersions"], json!(["v1"]));
    assert_eq!(
        crd["status"]["acceptedNames"]["shortNames"],
        json!(["cert", "certs"])
    );
    assert!(established(&crd));
    // Times of conditions already true are kept.
    establish(&mut crd, "2027-01-01T00:00:00Z");
    assert_eq!(
        crd["status"]["conditions"][1]["lastTransitionTime"],
        "2026-11-30T00:00:00Z"
    );
    assert!(check_crd(&crd).is_ok());
}

#[test]
fn versions_sort_as_kubernetes_orders_them() {
    let mut v = vec![
        "v1alpha1", "v2beta1", "v1", "v1beta2", "foo", "v2", "v1beta1",
    ];
    sort_versions(&mut v);
    assert_eq!(
        v,
        [
            "v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v1alpha1", "foo"
        ]
    );
}

#[test]
fn printer_columns_in_tables() {
    let crd = established_crd(certificates_crd());
    let now = chrono::Utc::now();
    let created = crate::meta::ts(now - chrono::Duration::minutes(5));
    let ready = json!({"metadata": {"name": "a", "namespace": "shop", "creationTimestamp": created},
        "spec": {"secretName": "a-tls", "issuerRef": {"name": "le"}},
        "status": {"conditions": [{"type": "Ready", "status": "True", "message": "ok"}]}});
    let fresh = json!({"metadata": {"name": "b", "namespace": "shop", "creationTimestamp": created},
        "spec": {"secretName": "b-tls", "issuerRef": {"name": "le"}}});
    let t = table::table(
        &crd,
        "v1",
        &[&ready, &fresh],
        "7",
        now,
        crate::table::IncludeObject::None,
    );
    let names: Vec<&str> = t["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Name", "Ready", "Secret", "Issuer", "Status", "Age"]
    );
    assert_eq!(t["columnDefinitions"][3]["priority"], 1);
    assert_eq!(
        t["rows"][0]["cells"],
        json!(["a", "True", "a-tls", "le", "ok", "5m"])
    );
    // Unresolved paths are null cells (kubectl prints them empty).
    assert_eq!(
        t["rows"][1]["cells"],
        json!(["b", null, "b-tls", "le", null, "5m"])
    );
    assert!(t["rows"][0].get("object").is_none());
    // Without printer columns: Name and Age.
    let mut bare = crd.clone();
    bare["spec"]["versions"][0]
        .as_object_mut()
        .unwrap()
        .remove("additionalPrinterColumns");
    let t = table::table(
        &bare,
        "v1",
        &[&ready],
        "",
        now,
        crate::table::IncludeObject::Metadata,
    );
    assert_eq!(t["columnDefinitions"][1]["name"], "Age");
    assert_eq!(t["rows"][0]["cells"], json!(["a", "5m"]));
    assert_eq!(t["rows"][0]["object"]["kind"], "PartialObjectMetadata");
}

#[test]
fn scale_paths_of_a_version() {
    let crd = rollouts_crd();
    assert_eq!(
        scale_paths(&crd, "v1alpha1"),
        Some((
            ".spec.replicas".into(),
            ".status.HPAReplicas".into(),
            ".status.selector".into()
        ))
    );
    assert_eq!(scale_paths(&certificates_crd(), "v1"), None);
}

#[test]
fn a_webhook_without_its_service_fails_reads_of_other_versions() {
    let mut crd = established_crd(gateways_crd());
    crd["spec"]["conversion"] = json!({"strategy": "Webhook", "webhook": {"clientConfig":
        {"service": {"namespace": "gateway-system", "name": "gw-webhook", "port": 9443}}}});
    let defs = defs_of(&crd);
    let (stored, beta) = (defs[0], defs[1]);
    let none = |_: &str, _: &str| false;
    assert!(conversion::failure_of(&crd, stored, conversion::Way::Read, none).is_none());
    let e = conversion::failure_of(&crd, beta, conversion::Way::Read, none).unwrap();
    assert_eq!((e.code, e.reason), (500, ""));
    assert_eq!(
        e.message,
        r#"conversion webhook for gateway.networking.k8s.io/v1, Kind=Gateway failed: Post "https://gw-webhook.gateway-system.svc:9443?timeout=30s": service "gw-webhook" not found"#
    );
    assert!(e.to_status().get("reason").is_none());
    // A write at v1beta1 is converted from it to the stored v1.
    let w = conversion::failure_of(&crd, beta, conversion::Way::Write, none).unwrap();
    assert!(
        w.message.starts_with(
            "conversion webhook for gateway.networking.k8s.io/v1beta1, Kind=Gateway failed: "
        ),
        "{}",
        w.message
    );
    // Its service exists: the sim converts.
    assert!(
        conversion::failure_of(&crd, beta, conversion::Way::Read, |ns, n| ns
            == "gateway-system"
            && n == "gw-webhook")
        .is_none()
    );
    // Conversion None: nothing to call.
    crd["spec"]["conversion"] = json!({"strategy": "None"});
    assert!(conversion::failure_of(&crd, beta, conversion::Way::Read, none).is_none());
}

#[test]
fn a_crd_being_deleted_is_terminating_and_serves_nothing() {
    let mut crd = established_crd(certificates_crd());
    crd["metadata"]["deletionTimestamp"] = json!("2026-11-30T01:00:00Z");
    establish(&mut crd, "2026-11-30T01:00:00Z");
    let t = crd["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Terminating")
        .cloned()
        .unwrap();
    assert_eq!(t["status"], "True");
    assert_eq!(t["reason"], "InstanceDeletionInProgress");
    assert!(!established(&crd));
    assert!(defs_of(&crd).is_empty());
}
