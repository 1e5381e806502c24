//! Resource quota usage: `status.used` kept equal to what the namespace's
//! pods and objects consume.

use serde_json::{Map, Value, json};

use crate::sim::meta;
use crate::sim::quantity;
use crate::sim::store::{Obj, Store, WriteOpts};

fn sum(pods: &[&Obj], kind: &str, res: &str) -> i64 {
    pods.iter()
        .flat_map(|p| p["spec"]["containers"].as_array().into_iter().flatten())
        .filter_map(|c| c["resources"][kind][res].as_str())
        .filter_map(|q| {
            if res == "cpu" {
                quantity::cpu_milli(q)
            } else {
                quantity::bytes(q)
            }
        })
        .sum()
}

/// What the namespace uses of each resource named in `hard`.
pub fn usage(s: &Store, ns: &str, hard: &Map<String, Value>) -> Map<String, Value> {
    let pods: Vec<&Obj> = s
        .list("pods", Some(ns))
        .filter(|p| !matches!(p["status"]["phase"].as_str(), Some("Succeeded" | "Failed")))
        .collect();
    let mut used = Map::new();
    for key in hard.keys() {
        let v = match key.as_str() {
            "pods" | "count/pods" => pods.len().to_string(),
            "requests.cpu" | "cpu" => quantity::format_cpu(sum(&pods, "requests", "cpu")),
            "limits.cpu" => quantity::format_cpu(sum(&pods, "limits", "cpu")),
            "requests.memory" | "memory" => {
                quantity::format_bytes(sum(&pods, "requests", "memory"))
            }
            "limits.memory" => quantity::format_bytes(sum(&pods, "limits", "memory")),
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

pub fn reconcile(s: &mut Store, opts: &WriteOpts) {
    let quotas: Vec<Obj> = s.list("resourcequotas", None).cloned().collect();
    for q in quotas {
        let Some(hard) = q["spec"]["hard"].as_object().cloned() else {
            continue;
        };
        let used = usage(s, meta::namespace(&q), &hard);
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
