//! Services: kubectl's TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S).

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::Service;

use super::{Meta, NONE, meta, non_empty};

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRow {
    pub meta: Meta,
    /// `spec.type` (TYPE column).
    pub kind: String,
    /// CLUSTER-IP: first cluster IP, `None` for headless, `<none>` if unset.
    pub cluster_ip: String,
    /// kubectl's EXTERNAL-IP: `<none>`, `<pending>`, the external name, or
    /// comma-separated IPs / hostnames (never clipped: the table clips).
    pub external_ip: String,
    /// kubectl's PORT(S): `80/TCP,443:30443/TCP`, `<none>` when empty.
    pub ports: String,
    pub selector: BTreeMap<String, String>,
}

/// Projects a service.
pub fn service_row(s: &Service) -> ServiceRow {
    let spec = s.spec.as_ref();
    let kind = spec.and_then(|s| s.type_.clone()).unwrap_or_default();
    let cluster_ip = spec
        .and_then(|s| s.cluster_ips.as_deref())
        .and_then(|ips| ips.first())
        .cloned()
        .or_else(|| spec.and_then(|s| s.cluster_ip.clone()))
        .filter(|ip| !ip.is_empty())
        .unwrap_or_else(|| NONE.to_string());
    let external: &[String] = spec
        .and_then(|s| s.external_ips.as_deref())
        .unwrap_or_default();
    let external_ip = match kind.as_str() {
        "ClusterIP" | "NodePort" => {
            if external.is_empty() {
                NONE.to_string()
            } else {
                external.join(",")
            }
        }
        "LoadBalancer" => {
            let lb: BTreeSet<&str> = s
                .status
                .as_ref()
                .and_then(|s| s.load_balancer.as_ref())
                .and_then(|lb| lb.ingress.as_deref())
                .unwrap_or_default()
                .iter()
                .filter_map(|i| {
                    non_empty(i.ip.as_deref()).or_else(|| non_empty(i.hostname.as_deref()))
                })
                .collect();
            let all: Vec<&str> = lb
                .into_iter()
                .chain(external.iter().map(String::as_str))
                .collect();
            if all.is_empty() {
                "<pending>".to_string()
            } else {
                all.join(",")
            }
        }
        "ExternalName" => spec
            .and_then(|s| s.external_name.clone())
            .unwrap_or_default(),
        _ => "<unknown>".to_string(),
    };
    let ports = spec
        .and_then(|s| s.ports.as_deref())
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let proto = p.protocol.as_deref().unwrap_or("TCP");
            match p.node_port {
                Some(np) if np > 0 => format!("{}:{np}/{proto}", p.port),
                _ => format!("{}/{proto}", p.port),
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    ServiceRow {
        meta: meta(&s.metadata),
        kind,
        cluster_ip,
        external_ip,
        ports: if ports.is_empty() {
            NONE.to_string()
        } else {
            ports
        },
        selector: spec.and_then(|s| s.selector.clone()).unwrap_or_default(),
    }
}
