//! metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics as typed kube-rs
//! resources (the `k8s-metrics` crate is not used: it pins its own
//! k8s-openapi), and their usage in lean numbers.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Deserialize;

use crate::kube::rows::quantity_value;

const GROUP: &str = "metrics.k8s.io";
const VERSION: &str = "v1beta1";

/// A node's usage: CPU as a rate over `window`, memory the working set at
/// `timestamp`.
#[derive(Debug, Clone, Deserialize)]
pub struct NodeMetrics {
    pub metadata: ObjectMeta,
    pub timestamp: Option<DateTime<Utc>>,
    #[serde(default)]
    pub usage: BTreeMap<String, Quantity>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ContainerMetrics {
    pub name: String,
    #[serde(default)]
    pub usage: BTreeMap<String, Quantity>,
}

/// A pod's usage, per container.
#[derive(Debug, Clone, Deserialize)]
pub struct PodMetrics {
    pub metadata: ObjectMeta,
    pub timestamp: Option<DateTime<Utc>>,
    #[serde(default)]
    pub containers: Vec<ContainerMetrics>,
}

macro_rules! metrics_resource {
    ($ty:ty, $kind:literal, $plural:literal, $scope:ty) => {
        impl kube::Resource for $ty {
            type DynamicType = ();
            type Scope = $scope;
            fn kind(_: &()) -> Cow<'_, str> {
                Cow::Borrowed($kind)
            }
            fn group(_: &()) -> Cow<'_, str> {
                Cow::Borrowed(GROUP)
            }
            fn version(_: &()) -> Cow<'_, str> {
                Cow::Borrowed(VERSION)
            }
            fn plural(_: &()) -> Cow<'_, str> {
                Cow::Borrowed($plural)
            }
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
        }
    };
}

metrics_resource!(
    NodeMetrics,
    "NodeMetrics",
    "nodes",
    k8s_openapi::ClusterResourceScope
);
metrics_resource!(
    PodMetrics,
    "PodMetrics",
    "pods",
    k8s_openapi::NamespaceResourceScope
);

/// CPU and memory, lean: millicores (rounded up, as kubectl's
/// `MilliValue`) and KiB (rounded down; saturating at 4 TiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    pub cpu_m: u32,
    pub mem_kib: u32,
}

/// Millicores of a CPU quantity (`250m`, `1`, `12345678n`).
pub fn cpu_milli(q: &Quantity) -> Option<u32> {
    let v = quantity_value(&q.0)?;
    (v >= 0.0).then(|| sat_u32((v * 1000.0 - 1e-6).ceil()))
}

/// KiB of a memory quantity (`512Mi`, `1G`, `123456Ki`).
pub fn mem_kib(q: &Quantity) -> Option<u32> {
    let v = quantity_value(&q.0)?;
    (v >= 0.0).then(|| sat_u32((v / 1024.0).floor()))
}

fn sat_u32(v: f64) -> u32 {
    if v >= u32::MAX as f64 {
        u32::MAX - 1
    } else if v <= 0.0 {
        0
    } else {
        v as u32
    }
}

/// The usage in a `usage` map.
pub fn usage(map: &BTreeMap<String, Quantity>) -> Usage {
    Usage {
        cpu_m: map.get("cpu").and_then(cpu_milli).unwrap_or(0),
        mem_kib: map.get("memory").and_then(mem_kib).unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        Quantity(s.into())
    }

    #[test]
    fn quantities_become_millicores_and_kib() {
        assert_eq!(cpu_milli(&q("250m")), Some(250));
        assert_eq!(cpu_milli(&q("2")), Some(2000));
        assert_eq!(cpu_milli(&q("12000000n")), Some(12));
        // Rounded up, like kubectl's MilliValue.
        assert_eq!(cpu_milli(&q("12000001n")), Some(13));
        assert_eq!(mem_kib(&q("512Mi")), Some(512 * 1024));
        assert_eq!(mem_kib(&q("2048")), Some(2));
        assert_eq!(mem_kib(&q("bogus")), None);
    }

    #[test]
    fn metrics_deserialize_from_the_wire() {
        let n: NodeMetrics = serde_json::from_value(serde_json::json!({
            "kind": "NodeMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
            "metadata": {"name": "node-1"}, "timestamp": "2026-01-01T00:00:00Z",
            "window": "20s", "usage": {"cpu": "350000000n", "memory": "1024Ki"}}))
        .unwrap();
        assert_eq!(
            usage(&n.usage),
            Usage {
                cpu_m: 350,
                mem_kib: 1024
            }
        );
        let p: PodMetrics = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "web", "namespace": "shop"}, "timestamp": "2026-01-01T00:00:00Z",
            "containers": [{"name": "app", "usage": {"cpu": "5m", "memory": "10Mi"}}]}))
        .unwrap();
        assert_eq!(usage(&p.containers[0].usage).cpu_m, 5);
        assert_eq!(<PodMetrics as kube::Resource>::plural(&()), "pods");
    }
}
