use super::*;
use crate::cluster::ClusterSpec;

pub(super) fn world(pods: usize, index: usize) -> (Cluster, Controllers) {
    world_with_events(pods, index, 0)
}

fn world_with_events(pods: usize, index: usize, events: usize) -> (Cluster, Controllers) {
    let spec = ClusterSpec {
        name: catalog::cluster_name(index),
        nodes: 6,
        namespaces: 4,
        pods,
        seed: 7,
        metrics: true,
        history: 1000,
        log_rate: 1.0,
        events,
    };
    let c = Cluster::new(spec, Utc::now());
    let mut ctl = Controllers::default();
    populate(&c, index, &mut ctl);
    (c, ctl)
}

#[test]
fn generates_a_plausible_cluster() {
    let (c, _) = world(150, 0);
    let s = c.store.lock();
    let pods = s.count("pods");
    assert!((100..=260).contains(&pods), "pods: {pods}");
    assert_eq!(s.count("nodes"), 6);
    assert!(s.get("namespaces", "", "kube-system").is_some());
    assert!(s.get("namespaces", "", "shop").is_some());
    assert!(s.count("deployments") >= 8);
    assert!(s.count("events") > 0);
    // Every RS-owned pod carries its RS's hash label.
    for p in s.list("pods", None) {
        if p["metadata"]["ownerReferences"][0]["kind"] == "ReplicaSet" {
            let owner = p["metadata"]["ownerReferences"][0]["name"]
                .as_str()
                .unwrap();
            let hash = p["metadata"]["labels"]["pod-template-hash"]
                .as_str()
                .unwrap();
            assert!(owner.ends_with(hash), "{owner} / {hash}");
        }
    }
    let statuses: Vec<String> = s
        .list("pods", None)
        .map(|p| {
            crate::table::row("", "pods", p, Utc::now(), crate::table::IncludeObject::None)["cells"]
                [2]
            .as_str()
            .unwrap_or("")
            .to_string()
        })
        .collect();
    assert!(statuses.iter().any(|x| x == "Running"));
    assert!(
        statuses.iter().any(|x| x != "Running" && x != "Completed"),
        "{statuses:?}"
    );
}

#[test]
fn churned_events_are_those_of_replaced_pods() {
    let (plain, _) = world(80, 0);
    let base = plain.store.lock().count("events");
    let (c, _) = world_with_events(80, 0, 2000);
    let s = c.store.lock();
    let n = s.count("events");
    assert!(
        (base + 2000..base + 2100).contains(&n),
        "{base} + 2000 ~ {n}"
    );
    let now = Utc::now();
    let mut reasons = std::collections::BTreeSet::new();
    let mut gone = 0;
    for e in s.list("events", None) {
        reasons.insert(e["reason"].as_str().unwrap_or("").to_string());
        let last = e["lastTimestamp"]
            .as_str()
            .and_then(meta::parse_ts)
            .unwrap();
        assert!(now - last < chrono::Duration::hours(1), "{e}");
        let o = &e["involvedObject"];
        assert!(o["uid"].is_string() && o["name"].is_string(), "{e}");
        if o["kind"] == "Pod"
            && s.get(
                "pods",
                o["namespace"].as_str().unwrap(),
                o["name"].as_str().unwrap(),
            )
            .is_none()
        {
            gone += 1;
        }
    }
    for r in [
        "SuccessfulCreate",
        "Scheduled",
        "Started",
        "Killing",
        "SuccessfulDelete",
    ] {
        assert!(reasons.contains(r), "{r} in {reasons:?}");
    }
    assert!(gone > 1000, "events of pods that are gone: {gone}");
}

#[test]
fn same_seed_same_world() {
    let (a, _) = world(80, 1);
    let (b, _) = world(80, 1);
    let names = |c: &Cluster| -> Vec<String> {
        c.store
            .lock()
            .list("pods", None)
            .map(|p| meta::name(p).to_string())
            .collect()
    };
    assert_eq!(names(&a), names(&b));
}

#[test]
fn controllers_find_the_generated_world_consistent() {
    let (c, mut ctl) = world(120, 2);
    let mut s = c.store.lock();
    let before = s.count("replicasets");
    let pods_before = s.count("pods");
    ctl.tick(&mut s, Utc::now(), 0, true);
    // No new ReplicaSets: every deployment's template already has one.
    assert_eq!(s.count("replicasets"), before);
    let pods_after = s.count("pods");
    assert!(
        pods_after.abs_diff(pods_before) <= 3,
        "{pods_before} -> {pods_after}"
    );
    // Quotas got their usage.
    let q = s
        .get("resourcequotas", "shop", "compute-resources")
        .unwrap();
    assert!(q["status"]["used"]["pods"].is_string(), "{q}");
}

#[test]
fn every_generated_object_passes_the_servers_validation() {
    // Updates and patches of generated objects are validated: what the
    // world starts with must be what a real server would have accepted.
    let (c, _) = world(150, 1);
    hostile::add(&c);
    let s = c.store.lock();
    let mut checked = 0;
    for def in crate::registry::RESOURCES
        .iter()
        .filter(|d| !d.virtual_only && d.storage == d.plural)
    {
        for o in s.list(def.storage, None) {
            if let Err(e) = crate::validate::check(def, o) {
                panic!("{} {}: {e}", def.plural, meta::name(o));
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
}

/// Every configmap and secret a running workload's template needs (not
/// marked optional) exists, as on a real cluster (its pods would not start
/// otherwise: CreateContainerConfigError, or stuck ContainerCreating).
#[test]
fn what_each_workload_mounts_or_reads_exists() {
    let (c, _) = world(300, 0);
    let s = c.store.lock();
    let mut checked = 0;
    for kind in ["deployments", "statefulsets", "daemonsets"] {
        for w in s.list(kind, None) {
            let ns = meta::namespace(w);
            let spec = &w["spec"]["template"]["spec"];
            let mut needed: Vec<(&str, String)> = Vec::new();
            for v in spec["volumes"].as_array().into_iter().flatten() {
                if let Some(n) = v["configMap"]["name"].as_str() {
                    needed.push(("configmaps", n.into()));
                }
                if let Some(n) = v["secret"]["secretName"].as_str() {
                    needed.push(("secrets", n.into()));
                }
            }
            for ctr in spec["containers"].as_array().into_iter().flatten() {
                for e in ctr["env"].as_array().into_iter().flatten() {
                    let from = &e["valueFrom"];
                    if let Some(n) = from["secretKeyRef"]["name"].as_str()
                        && from["secretKeyRef"]["optional"] != true
                    {
                        needed.push(("secrets", n.into()));
                    }
                    if let Some(n) = from["configMapKeyRef"]["name"].as_str()
                        && from["configMapKeyRef"]["optional"] != true
                    {
                        needed.push(("configmaps", n.into()));
                    }
                }
            }
            for (storage, name) in needed {
                assert!(
                    s.get(storage, ns, &name).is_some(),
                    "{kind} {ns}/{} needs {storage} {name}",
                    meta::name(w)
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "{checked}");
}

/// The pods of `ns` whose `app` label is `app`.
fn pods_of(s: &crate::store::Store, ns: &str, app: &str) -> Vec<crate::store::Obj> {
    s.list("pods", Some(ns))
        .filter(|p| p["metadata"]["labels"]["app"] == app)
        .cloned()
        .collect()
}

#[test]
fn every_cluster_tells_the_metrics_stories() {
    use crate::metrics::{self, BEHAVIOR, CPU_HUNGRY, MEMORY_LEAK};
    for index in 0..6 {
        let (c, mut ctl) = world(150, index);
        let mut s = c.store.lock();
        ctl.tick(&mut s, Utc::now(), 0, true);
        let name = c.name().to_string();
        // The first worker leaks memory; it is Ready.
        let leak: Vec<String> = s
            .list("nodes", None)
            .filter(|n| meta::annotation(n, BEHAVIOR) == Some(MEMORY_LEAK))
            .map(|n| meta::name(n).to_string())
            .collect();
        assert_eq!(leak, [format!("{name}-worker-01")]);
        // One Ready worker under disk pressure, tainted, not the leaking one.
        let condition = |n: &serde_json::Value, t: &str| -> serde_json::Value {
            n["status"]["conditions"]
                .as_array()
                .and_then(|cs| cs.iter().find(|c| c["type"] == t))
                .cloned()
                .unwrap_or_default()
        };
        let pressed: Vec<crate::store::Obj> = s
            .list("nodes", None)
            .filter(|n| condition(n, "DiskPressure")["status"] == "True")
            .cloned()
            .collect();
        assert_eq!(pressed.len(), 1, "{name}");
        let d = &pressed[0];
        assert_ne!(meta::name(d), leak[0]);
        assert_eq!(condition(d, "Ready")["status"], "True");
        let cond = condition(d, "DiskPressure");
        assert_eq!(cond["reason"], "KubeletHasDiskPressure");
        assert_eq!(cond["message"], "kubelet has disk pressure");
        assert!(cond["lastTransitionTime"].is_string());
        let taints = d["spec"]["taints"].as_array().unwrap();
        assert!(
            taints
                .iter()
                .any(|t| t["key"] == "node.kubernetes.io/disk-pressure"
                    && t["effect"] == "NoSchedule"
                    && t["timeAdded"].is_string()),
            "{taints:?}"
        );
        // The transcoder's pods are the cluster's top CPU pods, whenever.
        let hungry = pods_of(&s, "shop", "transcoder");
        assert_eq!(hungry.len(), 3, "{name}");
        assert!(
            hungry
                .iter()
                .all(|p| meta::annotation(p, BEHAVIOR) == Some(CPU_HUNGRY))
        );
        for minute in 0..10 {
            let at = Utc::now() + chrono::Duration::seconds(minute * 67);
            let mut by_cpu: Vec<(i64, String)> = s
                .list("pods", None)
                .map(|p| {
                    let cpu = metrics::pod_usage(p, at).iter().map(|u| u.1).sum();
                    (cpu, meta::name(p).to_string())
                })
                .collect();
            by_cpu.sort_by(|a, b| b.cmp(a));
            assert!(
                by_cpu[..3]
                    .iter()
                    .all(|(_, n)| n.starts_with("transcoder-")),
                "{name}: {:?}",
                &by_cpu[..5]
            );
            // Clearly: a quarter above the next one.
            assert!(by_cpu[2].0 * 4 > by_cpu[3].0 * 5, "{:?}", &by_cpu[..5]);
        }
        // The session cache leaks, and was OOM-killed before.
        let cache = pods_of(&s, "shop", "session-cache");
        assert_eq!(cache.len(), 1, "{name}");
        assert_eq!(meta::annotation(&cache[0], BEHAVIOR), Some(MEMORY_LEAK));
        let st = &cache[0]["status"]["containerStatuses"][0];
        assert_eq!(st["lastState"]["terminated"]["reason"], "OOMKilled", "{st}");
        assert_eq!(st["lastState"]["terminated"]["exitCode"], 137);
        assert!(st["restartCount"].as_i64().unwrap() >= 3, "{st}");
        // Its last run lasted one leak's run, minutes ago.
        let time = |v: &serde_json::Value| meta::parse_ts(v.as_str().unwrap()).unwrap();
        let last = &st["lastState"]["terminated"];
        let ran = time(&last["finishedAt"]) - time(&last["startedAt"]);
        assert_eq!(ran, metrics::LEAK_RUN, "{st}");
        assert!(Utc::now() - time(&last["finishedAt"]) < chrono::Duration::minutes(10));
        if st["state"]["running"].is_object() {
            assert_eq!(st["ready"], true, "{st}");
        }
        // The tenant quota is under pressure, and its usage is the pods'.
        let q = s
            .get("resourcequotas", "shop", "compute-resources")
            .unwrap();
        let hard = q["spec"]["hard"].as_object().unwrap();
        assert_eq!(
            q["status"]["used"],
            serde_json::Value::Object(crate::controllers::quota::usage(&s, "shop", hard))
        );
        let mem = |v: &serde_json::Value| crate::quantity::bytes(v.as_str().unwrap()).unwrap();
        let used = mem(&q["status"]["used"]["requests.memory"]);
        let limit = mem(&q["spec"]["hard"]["requests.memory"]);
        // (A stuck rollout's controller may add a pod or two since.)
        assert!(
            (90..100).contains(&(used * 100 / limit)),
            "{name}: {used} of {limit}"
        );
    }
}

#[test]
fn the_leaking_pod_is_oom_killed_when_it_reaches_its_limit_and_starts_low() {
    let (c, mut ctl) = world(60, 0);
    let mut s = c.store.lock();
    let mut now = Utc::now();
    ctl.tick(&mut s, now, 0, true);
    let pod = |s: &crate::store::Store| pods_of(s, "shop", "session-cache").remove(0);
    let restarts = |p: &serde_json::Value| {
        p["status"]["containerStatuses"][0]["restartCount"]
            .as_i64()
            .unwrap()
    };
    let limit = 256i64 << 20;
    let before = restarts(&pod(&s));
    let mut peak = 0;
    let mut killed_at = None;
    // Play six minutes, one 5 s step at a time.
    for _ in 0..72 {
        now += chrono::Duration::seconds(5);
        ctl.tick(&mut s, now, 0, false);
        let p = pod(&s);
        let usage = crate::metrics::pod_usage(&p, now);
        if let Some((_, _, mem)) = usage.first() {
            assert!(*mem <= limit, "{mem}");
            peak = peak.max(*mem);
        }
        if restarts(&p) > before && killed_at.is_none() {
            killed_at = Some(now);
            let last = &p["status"]["containerStatuses"][0]["lastState"]["terminated"];
            assert_eq!(last["reason"], "OOMKilled");
            assert_eq!(last["exitCode"], 137);
            assert!(last["finishedAt"].is_string());
            // Started afresh: its memory low again.
            let fresh = crate::metrics::pod_usage(&p, now);
            assert!(fresh[0].2 < limit / 2, "{fresh:?}");
        }
    }
    assert!(killed_at.is_some(), "no restart in six minutes");
    assert!(peak * 100 / limit >= 90, "peak {peak}");
}
