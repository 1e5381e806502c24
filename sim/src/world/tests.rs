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
