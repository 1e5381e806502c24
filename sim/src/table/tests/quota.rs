use super::*;
use crate::table::format::quantity_text;

#[test]
fn quota_row_matches_real_format() {
    let q = json!({
        "metadata": {"name": "shop-quota", "creationTimestamp": "2026-11-22T00:31:33Z"},
        "status": {
            "hard": {"configmaps": "20", "count/deployments.apps": "10", "count/replicasets.apps": "20",
                     "pods": "10", "secrets": "20", "services": "5"},
            "used": {"configmaps": "2", "count/deployments.apps": "1", "count/replicasets.apps": "2",
                     "pods": "7", "secrets": "0", "services": "0"}
        }
    });
    assert_eq!(
        cells("", "resourcequotas", &q),
        vec![
            json!("shop-quota"),
            json!(
                "configmaps: 2/20, count/deployments.apps: 1/10, count/replicasets.apps: 2/20, pods: 7/10, secrets: 0/20, services: 0/5"
            ),
            json!(""),
            json!("16m"),
        ]
    );
    let compute = json!({
        "metadata": {"name": "compute"},
        "status": {
            "hard": {"requests.cpu": "2", "requests.memory": "2048Mi", "limits.cpu": "4000m", "limits.memory": "8Gi",
                     "pods": 10, "limits": "1"},
            "used": {"requests.cpu": "0.5", "requests.memory": "536870912", "limits.cpu": "1"}
        }
    });
    let c = cells("", "resourcequotas", &compute);
    assert_eq!(
        c[1],
        "limits: 0/1, pods: 0/10, requests.cpu: 500m/2, requests.memory: 536870912/2Gi"
    );
    assert_eq!(c[2], "limits.cpu: 1/4, limits.memory: 0/8Gi");
    let names: Vec<String> = column_names("", "resourcequotas")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["Name", "Request", "Limit", "Age"]);
}

#[test]
fn quantities_are_canonical() {
    let cases = [
        ("0", "0"),
        ("0m", "0"),
        ("000", "0"),
        ("10", "10"),
        ("500m", "500m"),
        ("0.5", "500m"),
        (".5", "500m"),
        ("1000m", "1"),
        ("1500m", "1500m"),
        ("1.5", "1500m"),
        ("2000", "2k"),
        ("1500", "1500"),
        ("1k", "1k"),
        ("1M", "1M"),
        ("64Mi", "64Mi"),
        ("1024Mi", "1Gi"),
        ("1536Mi", "1536Mi"),
        ("1.5Gi", "1536Mi"),
        ("0.5Gi", "512Mi"),
        ("100Ki", "100Ki"),
        ("1Ki", "1Ki"),
        ("512", "512"),
        ("1e3", "1e3"),
        ("1E6", "1e6"),
        ("1.5e3", "1500"),
        ("100e-3", "100e-3"),
        ("0.1e-3", "100e-6"),
        ("12345e0", "12345"),
        ("-1", "-1"),
        ("-500m", "-500m"),
        ("+2", "2"),
        ("1n", "1n"),
        ("0.1n", "1n"),
        ("1u", "1u"),
        ("10Gi", "10Gi"),
        (" 3 ", "3"),
    ];
    for (input, want) in cases {
        assert_eq!(
            quantity_text(Some(&json!(input))),
            want,
            "quantity {input:?}"
        );
    }
    assert_eq!(quantity_text(None), "0");
    assert_eq!(quantity_text(Some(&json!(12))), "12");
    assert_eq!(quantity_text(Some(&json!(0.25))), "250m");
    // Unparseable values are shown as they are.
    for bad in ["abc", "1Qi", "1.2.3", "", "e3", "1e", "1e+"] {
        assert_eq!(quantity_text(Some(&json!(bad))), bad);
    }
    // Absurdly large values are capped, not overflowed.
    assert_eq!(
        quantity_text(Some(&json!("99999999999999999999999999999999E"))),
        "9223372036854775807"
    );
    assert_eq!(
        quantity_text(Some(&json!("123456789012345678901234567890123456789012"))),
        "9223372036854775807"
    );
    // Many significant digits below a nano-unit round up.
    assert_eq!(
        quantity_text(Some(&json!(
            "0.0000000010000000000000000000000000000000000001"
        ))),
        "2n"
    );
    assert_eq!(
        quantity_text(Some(&json!(
            "1.00000000000000000000000000000000000000000000"
        ))),
        "1"
    );
    assert_eq!(quantity_text(Some(&json!("-0.0000000011"))), "-2n");
}
