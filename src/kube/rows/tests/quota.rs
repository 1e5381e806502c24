use k8s_openapi::api::core::v1::{LimitRange, ResourceQuota};
use serde_json::json;

use super::from;
use crate::kube::rows::{limitrange_row, quota_ratio, quota_row};

#[test]
fn quota_items_and_ratios() {
    let q: ResourceQuota = from(json!({
        "metadata": {"name": "q", "namespace": "prod"},
        "spec": {"hard": {"pods": "10"}},
        "status": {
            "hard": {"requests.cpu": "2", "requests.memory": "4Gi", "pods": "10",
                     "limits.cpu": "4", "services.loadbalancers": "0", "weird": "lots"},
            "used": {"requests.cpu": "500m", "requests.memory": "1Gi", "pods": "10",
                     "services.loadbalancers": "0", "weird": "1"}
        }
    }));
    let r = quota_row(&q);
    let names: Vec<&str> = r.items.iter().map(|i| i.resource.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "limits.cpu",
            "pods",
            "requests.cpu",
            "requests.memory",
            "services.loadbalancers",
            "weird"
        ]
    );
    let item = |n: &str| r.items.iter().find(|i| i.resource == n).cloned();
    let cpu = item("requests.cpu").expect("cpu item");
    assert_eq!((cpu.used.as_str(), cpu.hard.as_str()), ("500m", "2"));
    assert_eq!(cpu.ratio, Some(0.25));
    assert_eq!(item("requests.memory").and_then(|i| i.ratio), Some(0.25));
    assert_eq!(item("pods").and_then(|i| i.ratio), Some(1.0));
    let lim = item("limits.cpu").expect("limits item");
    assert_eq!(lim.used, "0");
    assert_eq!(lim.ratio, Some(0.0));
    assert_eq!(item("services.loadbalancers").and_then(|i| i.ratio), None);
    assert_eq!(item("weird").and_then(|i| i.ratio), None);
}

#[test]
fn quota_falls_back_to_spec_and_handles_empty() {
    let q: ResourceQuota = from(json!({"metadata": {"name": "q"},
        "spec": {"hard": {"pods": "4"}}}));
    let r = quota_row(&q);
    assert_eq!(r.items.len(), 1);
    assert_eq!(r.items[0].used, "0");
    assert_eq!(r.items[0].ratio, Some(0.0));
    let q: ResourceQuota = from(json!({"metadata": {"name": "q"}}));
    assert!(quota_row(&q).items.is_empty());
    assert_eq!(quota_ratio("3", "4"), Some(0.75));
    assert_eq!(quota_ratio("1", "-4"), None);
    assert_eq!(quota_ratio("x", "4"), None);
}

#[test]
fn limitrange_lines() {
    let l: LimitRange = from(json!({
        "metadata": {"name": "limits"},
        "spec": {"limits": [
            {"type": "Container",
             "min": {"cpu": "10m", "memory": "4Mi"},
             "max": {"cpu": "4"},
             "default": {"cpu": "500m", "memory": "512Mi"},
             "defaultRequest": {"cpu": "100m"}},
            {"type": "Pod", "max": {"memory": "8Gi"}, "maxLimitRequestRatio": {"cpu": "10"}},
            {"type": "PersistentVolumeClaim"},
            {"max": {"storage": "1Gi"}}
        ]}
    }));
    let r = limitrange_row(&l);
    assert_eq!(
        r.items,
        vec![
            "Container cpu: min 10m, max 4, default 500m, defaultRequest 100m".to_string(),
            "Container memory: min 4Mi, default 512Mi".to_string(),
            "Pod cpu: maxLimitRequestRatio 10".to_string(),
            "Pod memory: max 8Gi".to_string(),
            "PersistentVolumeClaim".to_string(),
            "storage: max 1Gi".to_string(),
        ]
    );
    let l: LimitRange = from(json!({"metadata": {"name": "x"}}));
    assert!(limitrange_row(&l).items.is_empty());
}
