//! Resource quota usage: `status.used` kept equal to what the namespace's
//! pods and objects consume.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::meta;
use crate::quantity;
use crate::store::{Obj, Store, WriteOpts};

/// What a namespace's active pods request and are limited to.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pods: i64,
    requests_cpu: i64,
    limits_cpu: i64,
    requests_memory: i64,
    limits_memory: i64,
}

impl Tally {
    fn add(&mut self, pod: &Value) {
        if matches!(
            pod["status"]["phase"].as_str(),
            Some("Succeeded" | "Failed")
        ) {
            return;
        }
        self.pods += 1;
        for c in pod["spec"]["containers"].as_array().into_iter().flatten() {
            let r = &c["resources"];
            let q = |kind: &str, res: &str, cpu: bool| {
                r[kind][res]
                    .as_str()
                    .and_then(|q| {
                        if cpu {
                            quantity::cpu_milli(q)
                        } else {
                            quantity::bytes(q)
                        }
                    })
                    .unwrap_or(0)
            };
            self.requests_cpu += q("requests", "cpu", true);
            self.limits_cpu += q("limits", "cpu", true);
            self.requests_memory += q("requests", "memory", false);
            self.limits_memory += q("limits", "memory", false);
        }
    }
}

/// Tallies of every namespace, in one pass over the pods.
pub fn tally_all(s: &Store) -> HashMap<String, Tally> {
    let mut out: HashMap<String, Tally> = HashMap::new();
    for p in s.list("pods", None) {
        out.entry(meta::namespace(p).to_string())
            .or_default()
            .add(p);
    }
    out
}

/// What the namespace uses of each resource named in `hard`.
pub fn usage(s: &Store, ns: &str, hard: &Map<String, Value>) -> Map<String, Value> {
    let mut t = Tally::default();
    s.list("pods", Some(ns)).for_each(|p| t.add(p));
    used(s, ns, &t, hard)
}

fn used(s: &Store, ns: &str, t: &Tally, hard: &Map<String, Value>) -> Map<String, Value> {
    let mut used = Map::new();
    for key in hard.keys() {
        let v = match key.as_str() {
            "pods" | "count/pods" => t.pods.to_string(),
            "requests.cpu" | "cpu" => quantity::format_cpu(t.requests_cpu),
            "limits.cpu" => quantity::format_cpu(t.limits_cpu),
            "requests.memory" | "memory" => quantity::format_bytes(t.requests_memory),
            "limits.memory" => quantity::format_bytes(t.limits_memory),
            "services" | "count/services" => s.list("services", Some(ns)).count().to_string(),
            "configmaps" | "count/configmaps" => s.list("configmaps", Some(ns)).count().to_string(),
            "secrets" | "count/secrets" => s.list("secrets", Some(ns)).count().to_string(),
            "count/deployments.apps" => s.list("deployments", Some(ns)).count().to_string(),
            _ => "0".into(),
        };
        used.insert(key.clone(), json!(v));
    }
    used
}

/// Refresh the quotas of `namespaces` (all when None).
pub fn reconcile(
    s: &mut Store,
    namespaces: Option<&std::collections::HashSet<String>>,
    opts: &WriteOpts,
) {
    let quotas: Vec<Obj> = s
        .list("resourcequotas", None)
        .filter(|q| namespaces.is_none_or(|n| n.contains(meta::namespace(q))))
        .cloned()
        .collect();
    if quotas.is_empty() {
        return;
    }
    let tallies = match namespaces {
        None => tally_all(s),
        Some(set) => set
            .iter()
            .map(|ns| {
                let mut t = Tally::default();
                s.list("pods", Some(ns)).for_each(|p| t.add(p));
                (ns.clone(), t)
            })
            .collect(),
    };
    for q in quotas {
        let Some(hard) = q["spec"]["hard"].as_object().cloned() else {
            continue;
        };
        let ns = meta::namespace(&q);
        let t = tallies.get(ns).copied().unwrap_or_default();
        let used = used(s, ns, &t, &hard);
        if q["status"]["used"] == Value::Object(used.clone())
            && q["status"]["hard"] == q["spec"]["hard"]
        {
            continue;
        }
        let mut v = (*q).clone();
        v["status"] = json!({"hard": hard, "used": used});
        let _ = s.update("resourcequotas", v, None, opts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn usage_counts_active_pods_only() {
        let mut s = Store::new(1, 100);
        let o = WriteOpts {
            manager: "t",
            now: Utc::now(),
            dry_run: false,
        };
        let pod = |name: &str, phase: &str| {
            json!({"metadata": {"name": name, "namespace": "shop"},
            "spec": {"containers": [{"name": "a", "resources": {"requests": {"cpu": "250m", "memory": "128Mi"}, "limits": {"cpu": "1", "memory": "256Mi"}}}]},
            "status": {"phase": phase}})
        };
        s.create("pods", pod("a", "Running"), &o).unwrap();
        s.create("pods", pod("b", "Pending"), &o).unwrap();
        s.create("pods", pod("c", "Succeeded"), &o).unwrap();
        let hard = json!({"pods": "10", "requests.cpu": "4", "requests.memory": "8Gi", "limits.cpu": "8", "limits.memory": "16Gi"});
        let used = usage(&s, "shop", hard.as_object().unwrap());
        assert_eq!(used["pods"], "2");
        assert_eq!(used["requests.cpu"], "500m");
        assert_eq!(used["requests.memory"], "256Mi");
        assert_eq!(used["limits.cpu"], "2");
        assert_eq!(used["limits.memory"], "512Mi");
    }
}
