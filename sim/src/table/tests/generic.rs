use super::*;

#[test]
fn configmap_secret_serviceaccount_namespace_rows() {
    let cm = json!({"metadata": {"name": "cfg", "creationTimestamp": "2026-11-22T00:46:00Z"},
                    "data": {"a": "1", "b": "2"}, "binaryData": {"c": "AA=="}});
    assert_eq!(
        cells("", "configmaps", &cm),
        vec![json!("cfg"), json!(3), json!("2m")]
    );

    let secret = json!({"metadata": {"name": "tls"}, "type": "kubernetes.io/tls", "data": {"tls.crt": "x", "tls.key": "y"}});
    assert_eq!(
        cells("", "secrets", &secret),
        vec![
            json!("tls"),
            json!("kubernetes.io/tls"),
            json!(2),
            json!("<unknown>")
        ]
    );
    let opaque = json!({"metadata": {"name": "s"}, "stringData": {"password": "p"}});
    assert_eq!(
        cells("", "secrets", &opaque),
        vec![json!("s"), json!("Opaque"), json!(1), json!("<unknown>")]
    );

    let sa = json!({"metadata": {"name": "default", "creationTimestamp": "2026-11-22T00:31:33Z"}, "secrets": [{"name": "x"}]});
    assert_eq!(
        cells("", "serviceaccounts", &sa),
        vec![json!("default"), json!("16m")]
    );
    assert_eq!(
        column_names("", "serviceaccounts"),
        vec![("Name".to_string(), 0), ("Age".to_string(), 0)]
    );

    let ns = json!({"metadata": {"name": "shop", "creationTimestamp": "2026-11-22T00:31:33Z"}, "status": {"phase": "Terminating"}});
    assert_eq!(
        cells("", "namespaces", &ns),
        vec![json!("shop"), json!("Terminating"), json!("16m")]
    );
    assert_eq!(
        cells("", "namespaces", &json!({"metadata": {"name": "new"}}))[1],
        "Active"
    );
}

#[test]
fn pvc_rows() {
    let bound = json!({
        "metadata": {"name": "data", "creationTimestamp": "2026-11-22T00:31:33Z"},
        "spec": {"volumeName": "pv-1", "storageClassName": "standard", "volumeMode": "Filesystem",
                 "resources": {"requests": {"storage": "1Gi"}}},
        "status": {"phase": "Bound", "capacity": {"storage": "1024Mi"}, "accessModes": ["ReadWriteMany", "ReadWriteOnce"]}
    });
    assert_eq!(
        cells("", "persistentvolumeclaims", &bound),
        vec![
            json!("data"),
            json!("Bound"),
            json!("pv-1"),
            json!("1Gi"),
            json!("RWO,RWX"),
            json!("standard"),
            json!("<unset>"),
            json!("16m"),
            json!("Filesystem")
        ]
    );
    let pending = json!({
        "metadata": {"name": "p", "annotations": {"volume.beta.kubernetes.io/storage-class": "old"}},
        "spec": {"storageClassName": "new", "volumeMode": "Block", "volumeAttributesClassName": "gold"},
        "status": {"phase": "Pending"}
    });
    let c = cells("", "persistentvolumeclaims", &pending);
    assert_eq!(
        c[1..7].to_vec(),
        vec![
            json!("Pending"),
            json!(""),
            json!(""),
            json!(""),
            json!("old"),
            json!("gold")
        ]
    );
    assert_eq!(c[8], "Block");
}
