//! Custom resources when something is wrong, as kubectl sees them: a
//! conversion webhook that cannot be reached (HTTP 500 in the real
//! server's words, until its service exists or the conversion is `None`),
//! printer columns the server refuses or stops at, and a CRD deleted while
//! its resources are watched (DELETED events, the watch ends, then 404).

use futures::StreamExt;
use http_body_util::BodyExt;

use crate::common::{create_from, fails, header, ok, serve, sim};

/// Widgets converted by a webhook (shared with the console tests).
const WIDGETS: &str = include_str!("widgets_webhook.yaml");

#[test]
fn an_unreachable_conversion_webhook_fails_reads_of_other_versions() {
    let ctx = "prod-us";
    create_from(sim(), ctx, WIDGETS);
    // Nothing stored yet: nothing to convert.
    ok(ctx, &["get", "widgets.v1.conv.example.com", "-n", "shop"]);
    create_from(
        sim(),
        ctx,
        "apiVersion: conv.example.com/v1beta1\nkind: Widget\nmetadata: {name: w1, namespace: shop}\nspec: {size: 3}\n",
    );
    let err = fails(ctx, &["get", "widgets.v1.conv.example.com", "-n", "shop"]);
    assert_eq!(
        err.trim(),
        r#"Error from server: conversion webhook for conv.example.com/v1beta1, Kind=Widget failed: Post "https://widget-conversion.default.svc:443/convert?timeout=30s": service "widget-conversion" not found"#
    );
    let one = fails(
        ctx,
        &["get", "widgets.v1.conv.example.com", "w1", "-n", "shop"],
    );
    assert!(one.contains("conversion webhook for"), "{one}");
    // A write at v1 is converted to the stored version on the way in.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w2.yaml");
    std::fs::write(
        &file,
        "apiVersion: conv.example.com/v1\nkind: Widget\nmetadata: {name: w2, namespace: shop}\n",
    )
    .unwrap();
    let write = fails(
        ctx,
        &["create", "--validate=false", "-f", file.to_str().unwrap()],
    );
    assert!(
        write.contains("conversion webhook for conv.example.com/v1, Kind=Widget failed"),
        "{write}"
    );
    // The stored version needs no conversion.
    let stored = ok(
        ctx,
        &["get", "widgets.v1beta1.conv.example.com", "-n", "shop"],
    );
    assert!(stored.contains("w1"), "{stored}");
    // The raw answer: a 500 Status without a reason.
    let (code, _, status) = serve(
        sim(),
        ctx,
        "prod-us-admin",
        ("GET", "/apis/conv.example.com/v1/namespaces/shop/widgets"),
        "",
    );
    assert_eq!(code, 500, "{status}");
    assert_eq!(status["kind"], "Status");
    assert!(status.get("reason").is_none(), "{status}");
    // The webhook's service appears: the sim converts.
    create_from(
        sim(),
        ctx,
        "apiVersion: v1\nkind: Service\nmetadata: {name: widget-conversion, namespace: default}\nspec: {ports: [{port: 443, targetPort: 9443}]}\n",
    );
    let out = ok(ctx, &["get", "widgets.v1.conv.example.com", "-n", "shop"]);
    assert!(out.contains("w1"), "{out}");
    ok(
        ctx,
        &["delete", "service", "widget-conversion", "-n", "default"],
    );
    fails(ctx, &["get", "widgets.v1.conv.example.com", "-n", "shop"]);
    // Conversion `None`: no webhook to call.
    ok(
        ctx,
        &[
            "patch",
            "crd",
            "widgets.conv.example.com",
            "--type=merge",
            "-p",
            r#"{"spec":{"conversion":{"strategy":"None","webhook":null}}}"#,
        ],
    );
    let out = ok(ctx, &["get", "widgets.v1.conv.example.com", "-n", "shop"]);
    assert!(out.contains("w1"), "{out}");
    ok(ctx, &["delete", "crd", "widgets.conv.example.com"]);
}

#[test]
fn printer_columns_are_checked_and_an_unparsable_path_ends_them() {
    let ctx = "prod-us";
    let crd = |cols: &str| {
        format!(
            r#"{{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{{"name":"dials.cols.example.com"}},"spec":{{"group":"cols.example.com","scope":"Namespaced","names":{{"plural":"dials","kind":"Dial"}},"versions":[{{"name":"v1","served":true,"storage":true,"schema":{{"openAPIV3Schema":{{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}},"additionalPrinterColumns":{cols}}}]}}}}"#
        )
    };
    let create = |cols: &str| {
        serve(
            sim(),
            ctx,
            "prod-us-admin",
            (
                "POST",
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            ),
            &crd(cols),
        )
    };
    let (code, _, body) = create(
        r#"[{"name":"Level","type":"string","jsonPath":"spec.level"},{"name":"","type":"colour","jsonPath":""}]"#,
    );
    assert_eq!(code, 422, "{body}");
    let msg = body["message"].as_str().unwrap();
    for part in [
        r#"spec.versions[0].additionalPrinterColumns[0].JSONPath: Invalid value: "spec.level": must be a simple json path starting with ."#,
        "spec.versions[0].additionalPrinterColumns[1].name: Required value",
        r#"spec.versions[0].additionalPrinterColumns[1].type: Invalid value: "colour": must be one of boolean,date,integer,number,string"#,
        "spec.versions[0].additionalPrinterColumns[1].JSONPath: Required value",
    ] {
        assert!(msg.contains(part), "{msg}");
    }
    // Starting with a dot but not a JSONPath: accepted; the Table keeps
    // the columns before it.
    let (code, _, body) = create(
        r#"[{"name":"Level","type":"string","jsonPath":".spec.level"},{"name":"Broken","type":"string","jsonPath":".spec["},{"name":"Unit","type":"string","jsonPath":".spec.unit"}]"#,
    );
    assert_eq!(code, 201, "{body}");
    create_from(
        sim(),
        ctx,
        "apiVersion: cols.example.com/v1\nkind: Dial\nmetadata: {name: d1, namespace: shop}\nspec: {unit: dB}\n",
    );
    let out = ok(ctx, &["get", "dials", "-n", "shop"]);
    assert_eq!(header(&out), ["NAME", "LEVEL"], "{out}");
    // `.spec.level` does not resolve: an empty cell.
    let row: Vec<&str> = out.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(row, ["d1"], "{out}");
    ok(ctx, &["delete", "crd", "dials.cols.example.com"]);
}

/// Gizmos (shared by the conformance and console tests).
const GIZMOS: &str = include_str!("gizmos.yaml");

#[test]
fn a_deleted_crd_ends_the_watches_of_its_resources() {
    let ctx = "staging";
    create_from(sim(), ctx, GIZMOS);
    for n in ["g1", "g2"] {
        create_from(
            sim(),
            ctx,
            &format!(
                "apiVersion: gone.example.com/v1\nkind: Gizmo\nmetadata: {{name: {n}, namespace: shop}}\n"
            ),
        );
    }
    let c = sim().cluster(ctx).clone();
    let token = c.token_of("staging-admin").unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (events, crd) = rt.block_on(async move {
        let req = |method: &str, path: &str| {
            http::Request::builder()
                .method(method)
                .uri(path)
                .header("Authorization", format!("Bearer {token}"))
                .body(http_body_util::Full::new(bytes::Bytes::new()))
                .unwrap()
        };
        let watch = kdeck_sim::server::handle(
            c.clone(),
            req(
                "GET",
                "/apis/gone.example.com/v1/gizmos?watch=1&resourceVersion=0",
            ),
        )
        .await;
        assert_eq!(watch.status(), 200);
        let reader = tokio::spawn(async move {
            let mut body = watch.into_body().into_data_stream();
            let mut text = String::new();
            while let Some(Ok(chunk)) = body.next().await {
                text.push_str(&String::from_utf8_lossy(&chunk));
            }
            text
        });
        let deleted = kdeck_sim::server::handle(
            c.clone(),
            req(
                "DELETE",
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gizmos.gone.example.com",
            ),
        )
        .await;
        assert_eq!(deleted.status(), 200);
        let bytes = deleted.into_body().collect().await.unwrap().to_bytes();
        let crd: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        // The stream ends by itself (no timeout reached).
        let events = tokio::time::timeout(std::time::Duration::from_secs(20), reader)
            .await
            .expect("the watch ends when its CRD is deleted")
            .unwrap();
        (events, crd)
    });
    let types: Vec<String> = events
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{} {}",
                v["type"].as_str().unwrap(),
                v["object"]["metadata"]["name"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        types,
        ["ADDED g1", "ADDED g2", "DELETED g1", "DELETED g2"],
        "{events}"
    );
    // Answered as marked for deletion: its finalizer and `Terminating`.
    assert!(crd["metadata"]["deletionTimestamp"].is_string(), "{crd}");
    assert_eq!(
        crd["metadata"]["finalizers"],
        serde_json::json!(["customresourcecleanup.apiextensions.k8s.io"])
    );
    let terminating = crd["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Terminating")
        .cloned()
        .unwrap();
    assert_eq!(terminating["reason"], "InstanceDeletionInProgress");
    // Gone: a 404 (kubectl says so in its words, from its discovery
    // cache or after reading discovery again).
    let (code, _, status) = serve(
        sim(),
        ctx,
        "staging-admin",
        ("GET", "/apis/gone.example.com/v1/namespaces/shop/gizmos"),
        "",
    );
    assert_eq!(code, 404, "{status}");
    let err = fails(ctx, &["get", "gizmos", "-n", "shop"]);
    assert!(
        err.contains(r#"the server doesn't have a resource type "gizmos""#)
            || err.contains("the server could not find the requested resource"),
        "{err}"
    );
}
