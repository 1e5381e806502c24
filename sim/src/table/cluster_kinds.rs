//! The printers of networking, storage, RBAC, discovery and scheduling
//! kinds: `printIngress`, `printIngressClass`, `printPersistentVolume`,
//! `printStorageClass`, `printRoleBinding` (and cluster role bindings),
//! `printEndpoints`, `printEndpointSlice`, `printNetworkPolicy`,
//! `printPriorityClass`.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::format::{NONE, UNSET, creation_age, format_label_selector, quantity_text};
use super::json_access::{
    arr_at, at, bool_at, int_at, is_deleting, map_at, name_of, opt_int_at, opt_str_at, str_at,
};
use super::storage::access_modes;

/// The first `max` items, then ` + N more...` (`listWithMoreString`);
/// `empty` when there are none.
fn list_with_more(items: &[String], total: usize, max: usize, empty: &str) -> String {
    let shown = &items[..items.len().min(max)];
    let ret = shown.join(",");
    if total > max {
        format!("{ret} + {} more...", total - max)
    } else if ret.is_empty() {
        empty.to_string()
    } else {
        ret
    }
}

pub(super) fn ingress_cells(ing: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let class = opt_str_at(ing, &["spec", "ingressClassName"]).unwrap_or(NONE);
    let rules = arr_at(ing, &["spec", "rules"]);
    // formatHosts: up to three hosts, `*` when no rule names one.
    let mut hosts = Vec::new();
    let mut more = false;
    for r in rules {
        if hosts.len() == 3 {
            more = true;
        }
        let host = str_at(r, &["host"]);
        if !more && !host.is_empty() {
            hosts.push(host.to_string());
        }
    }
    let hosts = if hosts.is_empty() {
        "*".to_string()
    } else if more {
        format!("{} + {} more...", hosts.join(","), rules.len() - 3)
    } else {
        hosts.join(",")
    };
    let mut address: Vec<&str> = Vec::new();
    for i in arr_at(ing, &["status", "loadBalancer", "ingress"]) {
        let (ip, host) = (str_at(i, &["ip"]), str_at(i, &["hostname"]));
        if !ip.is_empty() {
            address.push(ip);
        } else if !host.is_empty() {
            address.push(host);
        }
    }
    let mut address = address.join(",");
    if address.len() > 16 {
        address.truncate(13);
        address.push_str("...");
    }
    let ports = if arr_at(ing, &["spec", "tls"]).is_empty() {
        "80"
    } else {
        "80, 443"
    };
    vec![
        json!(name_of(ing)),
        json!(class),
        json!(hosts),
        json!(address),
        json!(ports),
        json!(creation_age(ing, now)),
    ]
}

pub(super) fn ingressclass_cells(ic: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let parameters = match at(ic, &["spec", "parameters"]) {
        None => NONE.to_string(),
        Some(p) => {
            let mut s = str_at(p, &["kind"]).to_string();
            if let Some(g) = opt_str_at(p, &["apiGroup"]) {
                s = format!("{s}.{g}");
            }
            format!("{s}/{}", str_at(p, &["name"]))
        }
    };
    vec![
        json!(name_of(ic)),
        json!(str_at(ic, &["spec", "controller"])),
        json!(parameters),
        json!(creation_age(ic, now)),
    ]
}

pub(super) fn pv_cells(pv: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let claim = match at(pv, &["spec", "claimRef"]) {
        Some(c) => format!("{}/{}", str_at(c, &["namespace"]), str_at(c, &["name"])),
        None => String::new(),
    };
    let phase = if is_deleting(pv) {
        "Terminating"
    } else {
        str_at(pv, &["status", "phase"])
    };
    let class = match map_at(pv, &["metadata", "annotations"])
        .and_then(|a| a.get("volume.beta.kubernetes.io/storage-class"))
        .and_then(Value::as_str)
    {
        Some(c) => c,
        None => str_at(pv, &["spec", "storageClassName"]),
    };
    vec![
        json!(name_of(pv)),
        json!(quantity_text(at(pv, &["spec", "capacity", "storage"]))),
        json!(access_modes(arr_at(pv, &["spec", "accessModes"]))),
        json!(str_at(pv, &["spec", "persistentVolumeReclaimPolicy"])),
        json!(phase),
        json!(claim),
        json!(class),
        json!(opt_str_at(pv, &["spec", "volumeAttributesClassName"]).unwrap_or(UNSET)),
        json!(str_at(pv, &["status", "reason"])),
        json!(creation_age(pv, now)),
        json!(opt_str_at(pv, &["spec", "volumeMode"]).unwrap_or("Filesystem")),
    ]
}

pub(super) fn storageclass_cells(sc: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let annotations = map_at(sc, &["metadata", "annotations"]);
    let default = [
        "storageclass.kubernetes.io/is-default-class",
        "storageclass.beta.kubernetes.io/is-default-class",
    ]
    .iter()
    .any(|k| annotations.and_then(|a| a.get(*k)).and_then(Value::as_str) == Some("true"));
    let name = if default {
        format!("{} (default)", name_of(sc))
    } else {
        name_of(sc).to_string()
    };
    vec![
        json!(name),
        json!(str_at(sc, &["provisioner"])),
        json!(opt_str_at(sc, &["reclaimPolicy"]).unwrap_or("Delete")),
        json!(opt_str_at(sc, &["volumeBindingMode"]).unwrap_or("Immediate")),
        json!(bool_at(sc, &["allowVolumeExpansion"]).unwrap_or(false)),
        json!(creation_age(sc, now)),
    ]
}

pub(super) fn rolebinding_cells(rb: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let role = format!(
        "{}/{}",
        str_at(rb, &["roleRef", "kind"]),
        str_at(rb, &["roleRef", "name"])
    );
    let (mut users, mut groups, mut sas) = (Vec::new(), Vec::new(), Vec::new());
    for s in arr_at(rb, &["subjects"]) {
        let name = str_at(s, &["name"]);
        match str_at(s, &["kind"]) {
            "User" => users.push(name.to_string()),
            "Group" => groups.push(name.to_string()),
            "ServiceAccount" => sas.push(format!("{}/{name}", str_at(s, &["namespace"]))),
            _ => {}
        }
    }
    vec![
        json!(name_of(rb)),
        json!(role),
        json!(creation_age(rb, now)),
        json!(users.join(", ")),
        json!(groups.join(", ")),
        json!(sas.join(", ")),
    ]
}

pub(super) fn endpoints_cells(ep: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let mut list = Vec::new();
    let mut total = 0;
    for subset in arr_at(ep, &["subsets"]) {
        let ports = arr_at(subset, &["ports"]);
        let addresses = arr_at(subset, &["addresses"]);
        if ports.is_empty() {
            for addr in addresses {
                total += 1;
                list.push(str_at(addr, &["ip"]).to_string());
            }
        }
        for p in ports {
            for addr in addresses {
                total += 1;
                list.push(format!(
                    "{}:{}",
                    str_at(addr, &["ip"]),
                    int_at(p, &["port"])
                ));
            }
        }
    }
    vec![
        json!(name_of(ep)),
        json!(list_with_more(&list, total, 3, NONE)),
        json!(creation_age(ep, now)),
    ]
}

pub(super) fn endpointslice_cells(es: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let ports_in = arr_at(es, &["ports"]);
    let ports: Vec<String> = ports_in
        .iter()
        .map(|p| match opt_int_at(p, &["port"]) {
            Some(n) => n.to_string(),
            None => opt_str_at(p, &["name"]).unwrap_or("*").to_string(),
        })
        .collect();
    let addresses: Vec<String> = arr_at(es, &["endpoints"])
        .iter()
        .flat_map(|e| arr_at(e, &["addresses"]))
        .filter_map(|a| a.as_str().map(str::to_string))
        .collect();
    vec![
        json!(name_of(es)),
        json!(str_at(es, &["addressType"])),
        json!(list_with_more(&ports, ports.len(), 3, UNSET)),
        json!(list_with_more(&addresses, addresses.len(), 3, UNSET)),
        json!(creation_age(es, now)),
    ]
}

pub(super) fn networkpolicy_cells(np: &Value, now: DateTime<Utc>) -> Vec<Value> {
    vec![
        json!(name_of(np)),
        json!(format_label_selector(Some(
            at(np, &["spec", "podSelector"]).unwrap_or(&json!({}))
        ))),
        json!(creation_age(np, now)),
    ]
}

pub(super) fn priorityclass_cells(pc: &Value, now: DateTime<Utc>) -> Vec<Value> {
    vec![
        json!(name_of(pc)),
        json!(int_at(pc, &["value"])),
        json!(bool_at(pc, &["globalDefault"]).unwrap_or(false)),
        json!(creation_age(pc, now)),
        json!(opt_str_at(pc, &["preemptionPolicy"]).unwrap_or("PreemptLowerPriority")),
    ]
}
