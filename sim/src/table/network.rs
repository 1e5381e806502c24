//! `printService`.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::format::{NONE, UNKNOWN, creation_age, format_labels, non_empty_or};
use super::json_access::{arr_at, int_at, map_at, name_of, str_at};

fn service_external_ip(svc: &Value, kind: &str) -> String {
    let external_ips: Vec<&str> = arr_at(svc, &["spec", "externalIPs"])
        .iter()
        .filter_map(Value::as_str)
        .collect();
    match kind {
        "ClusterIP" | "NodePort" => {
            if external_ips.is_empty() {
                NONE.to_string()
            } else {
                external_ips.join(",")
            }
        }
        "LoadBalancer" => {
            let ingress: BTreeSet<&str> = arr_at(svc, &["status", "loadBalancer", "ingress"])
                .iter()
                .filter_map(|i| {
                    let ip = str_at(i, &["ip"]);
                    let host = str_at(i, &["hostname"]);
                    if !ip.is_empty() {
                        Some(ip)
                    } else if !host.is_empty() {
                        Some(host)
                    } else {
                        None
                    }
                })
                .collect();
            let mut all: Vec<&str> = ingress.into_iter().collect();
            if !external_ips.is_empty() {
                all.extend(external_ips);
                return all.join(",");
            }
            if all.is_empty() {
                "<pending>".to_string()
            } else {
                all.join(",")
            }
        }
        "ExternalName" => str_at(svc, &["spec", "externalName"]).to_string(),
        _ => UNKNOWN.to_string(),
    }
}

fn service_ports(svc: &Value) -> String {
    let ports: Vec<String> = arr_at(svc, &["spec", "ports"])
        .iter()
        .map(|p| {
            let port = int_at(p, &["port"]);
            let node_port = int_at(p, &["nodePort"]);
            // The API server defaults the protocol to TCP.
            let protocol = non_empty_or(str_at(p, &["protocol"]), "TCP");
            if node_port > 0 {
                format!("{port}:{node_port}/{protocol}")
            } else {
                format!("{port}/{protocol}")
            }
        })
        .collect();
    if ports.is_empty() {
        NONE.to_string()
    } else {
        ports.join(",")
    }
}

pub(super) fn service_cells(svc: &Value, now: DateTime<Utc>) -> Vec<Value> {
    // The API server defaults spec.type to ClusterIP.
    let kind = non_empty_or(str_at(svc, &["spec", "type"]), "ClusterIP");
    let cluster_ip = match arr_at(svc, &["spec", "clusterIPs"]).first() {
        Some(ip) => ip.as_str().unwrap_or("").to_string(),
        None => non_empty_or(str_at(svc, &["spec", "clusterIP"]), NONE).to_string(),
    };
    vec![
        json!(name_of(svc)),
        json!(kind),
        json!(cluster_ip),
        json!(service_external_ip(svc, kind)),
        json!(service_ports(svc)),
        json!(creation_age(svc, now)),
        json!(format_labels(map_at(svc, &["spec", "selector"]))),
    ]
}
