use super::*;

#[test]
fn service_rows() {
    let cluster_ip = json!({
        "metadata": {"name": "web", "creationTimestamp": "2026-11-22T00:31:33Z"},
        "spec": {
            "type": "ClusterIP",
            "clusterIP": "10.96.0.10",
            "clusterIPs": ["10.96.0.10"],
            "ports": [{"port": 80, "protocol": "TCP"}, {"port": 53, "protocol": "UDP"}],
            "selector": {"app": "web", "tier": "front"}
        }
    });
    assert_eq!(
        cells("", "services", &cluster_ip),
        vec![
            json!("web"),
            json!("ClusterIP"),
            json!("10.96.0.10"),
            json!("<none>"),
            json!("80/TCP,53/UDP"),
            json!("16m"),
            json!("app=web,tier=front")
        ]
    );

    let node_port = json!({
        "metadata": {"name": "np"},
        "spec": {"type": "NodePort", "clusterIPs": ["10.96.0.11"], "externalIPs": ["1.2.3.4"],
                 "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}]}
    });
    let c = cells("", "services", &node_port);
    assert_eq!(c[3], "1.2.3.4");
    assert_eq!(c[4], "80:30080/TCP");
    assert_eq!(c[6], "<none>");

    let pending = json!({"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer", "clusterIPs": ["10.96.0.12"],
                         "ports": [{"port": 443, "nodePort": 31443}]}});
    let c = cells("", "services", &pending);
    assert_eq!(c[3], "<pending>");
    assert_eq!(c[4], "443:31443/TCP");

    let lb = json!({"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer", "externalIPs": ["9.9.9.9"]},
                    "status": {"loadBalancer": {"ingress": [{"ip": "5.6.7.8"}, {"hostname": "lb.example.com"}, {"ip": "5.6.7.8"}]}}});
    assert_eq!(
        cells("", "services", &lb)[3],
        "5.6.7.8,lb.example.com,9.9.9.9"
    );

    let external = json!({"metadata": {"name": "ext"}, "spec": {"type": "ExternalName", "externalName": "db.example.com"}});
    let c = cells("", "services", &external);
    assert_eq!(c[2], "<none>");
    assert_eq!(c[3], "db.example.com");
    assert_eq!(c[4], "<none>");

    let headless =
        json!({"metadata": {"name": "h"}, "spec": {"clusterIP": "None", "clusterIPs": ["None"]}});
    let c = cells("", "services", &headless);
    assert_eq!(c[1], "ClusterIP");
    assert_eq!(c[2], "None");
}
