use k8s_openapi::api::core::v1::Service;
use serde_json::{Value, json};

use super::from;
use crate::kube::rows::{ServiceRow, service_row};

fn svc(spec: Value, status: Value) -> ServiceRow {
    service_row(&from::<Service>(
        json!({"metadata": {"name": "s"}, "spec": spec, "status": status}),
    ))
}

#[test]
fn service_cluster_ip_and_ports() {
    let r = svc(
        json!({"type": "ClusterIP", "clusterIP": "10.0.0.1", "clusterIPs": ["10.0.0.1", "fd00::1"],
               "selector": {"app": "web"},
               "ports": [{"port": 80, "protocol": "TCP"}, {"port": 53, "protocol": "UDP"}]}),
        json!({}),
    );
    assert_eq!(r.kind, "ClusterIP");
    assert_eq!(r.cluster_ip, "10.0.0.1");
    assert_eq!(r.external_ip, "<none>");
    assert_eq!(r.ports, "80/TCP,53/UDP");
    assert_eq!(r.selector.get("app").map(String::as_str), Some("web"));

    let r = svc(
        json!({"type": "ClusterIP", "clusterIP": "None", "externalIPs": ["1.2.3.4", "5.6.7.8"]}),
        json!({}),
    );
    assert_eq!(r.cluster_ip, "None");
    assert_eq!(r.external_ip, "1.2.3.4,5.6.7.8");
    assert_eq!(r.ports, "<none>");

    let r = svc(json!({"type": "ClusterIP"}), json!({}));
    assert_eq!(r.cluster_ip, "<none>");
}

#[test]
fn service_node_port() {
    let r = svc(
        json!({"type": "NodePort", "clusterIPs": ["10.0.0.2"],
               "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"},
                         {"port": 443, "nodePort": 30443}]}),
        json!({}),
    );
    assert_eq!(r.external_ip, "<none>");
    assert_eq!(r.ports, "80:30080/TCP,443:30443/TCP");
}

#[test]
fn service_load_balancer() {
    let spec = json!({"type": "LoadBalancer", "clusterIPs": ["10.0.0.3"],
                      "ports": [{"port": 443, "nodePort": 31443, "protocol": "TCP"}]});
    let r = svc(spec.clone(), json!({}));
    assert_eq!(r.external_ip, "<pending>");
    assert_eq!(r.ports, "443:31443/TCP");

    let r = svc(
        spec.clone(),
        json!({"loadBalancer": {"ingress": [
            {"ip": "34.1.1.2"}, {"hostname": "lb.example.com"}, {"ip": "34.1.1.1"},
            {"ip": "34.1.1.1"}, {}]}}),
    );
    assert_eq!(r.external_ip, "34.1.1.1,34.1.1.2,lb.example.com");

    let mut with_ext = spec;
    with_ext["externalIPs"] = json!(["9.9.9.9"]);
    let r = svc(
        with_ext.clone(),
        json!({"loadBalancer": {"ingress": [{"ip": "34.1.1.1"}]}}),
    );
    assert_eq!(r.external_ip, "34.1.1.1,9.9.9.9");
    let r = svc(with_ext, json!({}));
    assert_eq!(r.external_ip, "9.9.9.9");
}

#[test]
fn service_external_name_and_unknown() {
    let r = svc(
        json!({"type": "ExternalName", "externalName": "db.example.com"}),
        json!({}),
    );
    assert_eq!(r.external_ip, "db.example.com");
    assert_eq!(r.cluster_ip, "<none>");
    let r = service_row(&from::<Service>(json!({"metadata": {"name": "s"}})));
    assert_eq!(r.kind, "");
    assert_eq!(r.external_ip, "<unknown>");
    assert_eq!(r.ports, "<none>");
}
