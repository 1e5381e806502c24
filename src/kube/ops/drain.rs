//! Which pods a drain evicts, as `kubectl drain` decides (its
//! `drain/filters.go`): pods already being deleted and mirror pods are
//! skipped; DaemonSet pods, pods with `emptyDir` data and pods no
//! controller will recreate stop the drain unless the matching option is
//! chosen.

use serde_json::Value;

/// The options of `kubectl drain` that change what is allowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainOptions {
    /// `--ignore-daemonsets`: DaemonSet pods stay (their controller would
    /// put them back at once).
    pub ignore_daemonsets: bool,
    /// `--delete-emptydir-data`: local data in `emptyDir` volumes is lost.
    pub delete_emptydir_data: bool,
    /// `--force`: pods no controller manages are deleted for good.
    pub force: bool,
}

/// A pod on the node, by namespace and name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PodRef {
    pub namespace: String,
    pub name: String,
}

/// What a drain will do with each pod of the node.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrainPlan {
    pub evict: Vec<PodRef>,
    /// Left alone, and why (`DaemonSet-managed`, `mirror pod`...).
    pub skipped: Vec<(PodRef, String)>,
    /// Pods that stop the drain unless an option allows them, and why.
    pub blocking: Vec<(PodRef, String)>,
}

fn controller_kind(pod: &Value) -> Option<&str> {
    pod["metadata"]["ownerReferences"]
        .as_array()?
        .iter()
        .find(|r| r["controller"] == true)
        .and_then(|r| r["kind"].as_str())
}

fn finished(pod: &Value) -> bool {
    matches!(
        pod["status"]["phase"].as_str(),
        Some("Succeeded" | "Failed")
    )
}

/// Sort the node's pods out.
pub fn plan(pods: &[Value], opts: DrainOptions) -> DrainPlan {
    let mut out = DrainPlan::default();
    for p in pods {
        let r = PodRef {
            namespace: p["metadata"]["namespace"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            name: p["metadata"]["name"].as_str().unwrap_or("").to_string(),
        };
        if !p["metadata"]["deletionTimestamp"].is_null() {
            out.skipped.push((r, "already being deleted".into()));
            continue;
        }
        if !p["metadata"]["annotations"]["kubernetes.io/config.mirror"].is_null() {
            out.skipped
                .push((r, "mirror pod (managed by the kubelet)".into()));
            continue;
        }
        if controller_kind(p) == Some("DaemonSet") {
            if opts.ignore_daemonsets {
                out.skipped.push((r, "DaemonSet-managed".into()));
            } else {
                out.blocking.push((
                    r,
                    "DaemonSet-managed (choose: ignore DaemonSet pods)".into(),
                ));
            }
            continue;
        }
        let empty_dir = p["spec"]["volumes"]
            .as_array()
            .is_some_and(|vs| vs.iter().any(|v| !v["emptyDir"].is_null()));
        if empty_dir && !finished(p) && !opts.delete_emptydir_data {
            out.blocking.push((
                r,
                "has local storage (emptyDir) (choose: delete emptyDir data)".into(),
            ));
            continue;
        }
        if controller_kind(p).is_none() && !finished(p) && !opts.force {
            out.blocking.push((
                r,
                "not managed by a controller: it would not come back (choose: force)".into(),
            ));
            continue;
        }
        out.evict.push(r);
    }
    out.evict.sort();
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn pod(name: &str, owner: Option<&str>) -> Value {
        let mut p = json!({"metadata": {"name": name, "namespace": "shop"}, "spec": {}, "status": {"phase": "Running"}});
        if let Some(kind) = owner {
            p["metadata"]["ownerReferences"] =
                json!([{"kind": kind, "name": "x", "controller": true}]);
        }
        p
    }

    #[test]
    fn kubectls_filters() {
        let mut gone = pod("gone", Some("ReplicaSet"));
        gone["metadata"]["deletionTimestamp"] = json!("2026-01-01T00:00:00Z");
        let mut mirror = pod("etcd", None);
        mirror["metadata"]["annotations"] = json!({"kubernetes.io/config.mirror": "abc"});
        let mut cache = pod("cache", Some("ReplicaSet"));
        cache["spec"]["volumes"] = json!([{"name": "tmp", "emptyDir": {}}]);
        let mut done = pod("job-done", None);
        done["status"]["phase"] = json!("Succeeded");
        let pods = [
            pod("web", Some("ReplicaSet")),
            pod("proxy", Some("DaemonSet")),
            pod("bare", None),
            gone,
            mirror,
            cache,
            done,
        ];
        let p = plan(&pods, DrainOptions::default());
        let names =
            |v: &[(PodRef, String)]| v.iter().map(|(r, _)| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            p.evict.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["job-done", "web"]
        );
        assert_eq!(names(&p.skipped), ["gone", "etcd"]);
        assert_eq!(names(&p.blocking), ["proxy", "bare", "cache"]);
        let all = plan(
            &pods,
            DrainOptions {
                ignore_daemonsets: true,
                delete_emptydir_data: true,
                force: true,
            },
        );
        assert!(all.blocking.is_empty());
        assert_eq!(
            all.evict
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>(),
            ["bare", "cache", "job-done", "web"]
        );
        assert_eq!(names(&all.skipped), ["proxy", "gone", "etcd"]);
    }
}
