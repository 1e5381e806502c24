//! Drill-downs that follow real relations, and the ownership tree, end to
//! end against a sim of two clusters, each answer held against kubectl:
//! a cronjob to its jobs and a job to its pods; a PVC to its volume and
//! to the pods mounting it; an ingress to its services; the ownership
//! tree of a deployment open in both clusters, and a configmap it mounts
//! deleted (the tree says it is missing).

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, start};
use serde_json::Value;

use crate::ops::{kdeck_on, kubectl_on, select};
use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 2,
            pods: 40,
            namespaces: 3,
            seed: 7,
            ..SimConfig::default()
        })
    })
}

fn first() -> String {
    sim().clusters[0].name().to_string()
}

fn json(context: &str, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["-o", "json"]);
    serde_json::from_str(&kubectl_on(sim(), context, &a)).unwrap()
}

fn items(v: &Value) -> &[Value] {
    v["items"].as_array().map(Vec::as_slice).unwrap_or_default()
}

fn name(o: &Value) -> String {
    o["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn ns(o: &Value) -> String {
    o["metadata"]["namespace"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The names of the objects `list` holds whose controller is `kind/owner`.
fn owned(list: &Value, kind: &str, owner: &str) -> Vec<String> {
    items(list)
        .iter()
        .filter(|o| {
            o["metadata"]["ownerReferences"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|r| r["kind"] == kind && r["name"] == owner && r["controller"] == true)
        })
        .map(name)
        .collect()
}

/// kdeck on the first cluster (or both), every namespace, on pods.
fn kdeck(both: bool) -> Term {
    let names: Vec<String> = sim()
        .clusters
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let ctx: Vec<&str> = if both {
        names.iter().map(String::as_str).collect()
    } else {
        vec![names[0].as_str()]
    };
    let (mut t, _) = kdeck_on(sim(), &ctx, "pods", &[]);
    t.resize(50, 200);
    t.wait(60, "connected", |sc| sc.contains("NAME"));
    t
}

#[test]
fn a_cronjob_leads_to_its_jobs_and_a_job_to_its_pods() {
    let c = first();
    let cronjobs = json(&c, &["get", "cronjobs", "-A"]);
    let cj = items(&cronjobs).first().expect("a cronjob").clone();
    let (cj_ns, cj_name) = (ns(&cj), name(&cj));
    let jobs = owned(
        &json(&c, &["get", "jobs", "-n", &cj_ns]),
        "CronJob",
        &cj_name,
    );
    assert!(!jobs.is_empty(), "{cj_name} has no jobs");
    let mut t = kdeck(false);
    t.typ(":cj");
    t.enter();
    select(&mut t, &cj_name);
    t.enter();
    t.wait(30, "its jobs", |sc| {
        sc.contains(&format!("cj/{cj_name} > jobs"))
            && jobs.iter().all(|j| sc.contains(j.as_str()))
            && sc.contains(&format!("[{}]", jobs.len()))
    });
    let job = &jobs[0];
    let pods = owned(&json(&c, &["get", "pods", "-n", &cj_ns]), "Job", job);
    assert!(!pods.is_empty(), "{job} has no pods");
    select(&mut t, job);
    t.enter();
    t.wait(30, "the job's pods", |sc| {
        sc.contains(&format!("job/{job} > pods"))
            && pods.iter().all(|p| sc.contains(p.as_str()))
            && sc.contains(&format!("[{}]", pods.len()))
    });
}

#[test]
fn a_pvc_leads_to_its_volume_and_the_pods_mounting_it() {
    let c = first();
    let claims = json(&c, &["get", "pvc", "-A"]);
    let pvc = items(&claims).first().expect("a claim").clone();
    let (pvc_ns, pvc_name) = (ns(&pvc), name(&pvc));
    let volume = pvc["spec"]["volumeName"].as_str().unwrap().to_string();
    let mounting: Vec<String> = items(&json(&c, &["get", "pods", "-n", &pvc_ns]))
        .iter()
        .filter(|p| {
            p["spec"]["volumes"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|v| v["persistentVolumeClaim"]["claimName"] == pvc_name.as_str())
        })
        .map(name)
        .collect();
    assert!(!mounting.is_empty(), "no pod mounts {pvc_name}");
    let mut t = kdeck(false);
    t.typ(":pvc");
    t.enter();
    select(&mut t, &pvc_name);
    t.enter();
    t.wait(10, "where to go", |sc| {
        sc.contains("go to?")
            && sc.contains("its persistentvolume")
            && sc.contains("pods mounting it")
    });
    t.enter();
    t.wait(30, "its volume", |sc| {
        sc.contains(&format!("pvc/{pvc_name} > persistentvolumes"))
            && sc.contains(&volume)
            && sc.contains("[1]")
    });
    t.esc();
    t.wait(10, "the claims again", |sc| {
        !sc.contains("> persistentvolumes")
    });
    t.enter();
    t.wait(10, "where to go", |sc| sc.contains("go to?"));
    t.typ("j");
    t.enter();
    t.wait(30, "the pods mounting it", |sc| {
        sc.contains(&format!("pvc/{pvc_name} > pods"))
            && mounting.iter().all(|p| sc.contains(p.as_str()))
            && sc.contains(&format!("[{}]", mounting.len()))
    });
}

#[test]
fn an_ingress_leads_to_its_services() {
    let c = first();
    let ingresses = json(&c, &["get", "ingresses", "-A"]);
    let ing = items(&ingresses).first().expect("an ingress").clone();
    let mut services: Vec<String> = ing["spec"]["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["http"]["paths"].as_array().cloned().unwrap_or_default())
        .filter_map(|p| p["backend"]["service"]["name"].as_str().map(str::to_string))
        .chain(
            ing["spec"]["defaultBackend"]["service"]["name"]
                .as_str()
                .map(str::to_string),
        )
        .collect();
    services.sort();
    services.dedup();
    assert!(!services.is_empty(), "{ing}");
    let mut t = kdeck(false);
    t.typ(":ing");
    t.enter();
    select(&mut t, &name(&ing));
    t.enter();
    t.wait(30, "its services", |sc| {
        sc.contains(&format!("ing/{} > services", name(&ing)))
            && services.iter().all(|s| sc.contains(s.as_str()))
            && sc.contains(&format!("[{}]", services.len()))
    });
}

/// A deployment both clusters run (same namespace and name) that mounts a
/// configmap, with its configmap's name; no other deployment of its
/// namespace has its name in theirs (a filter finds it alone).
fn shared_deployment() -> (String, String, String) {
    let names: Vec<String> = sim()
        .clusters
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let second = json(&names[1], &["get", "deployments", "-A"]);
    let in_second: Vec<(String, String)> =
        items(&second).iter().map(|d| (ns(d), name(d))).collect();
    let first = json(&names[0], &["get", "deployments", "-A"]);
    let alone = |d: &Value| {
        items(&first)
            .iter()
            .chain(items(&second))
            .filter(|o| ns(o) == ns(d) && name(o).contains(&name(d)))
            .count()
            == 2
    };
    for d in items(&first) {
        if !alone(d) {
            continue;
        }
        let cm = d["spec"]["template"]["spec"]["volumes"]
            .as_array()
            .into_iter()
            .flatten()
            .find_map(|v| v["configMap"]["name"].as_str());
        if let Some(cm) = cm
            && in_second.contains(&(ns(d), name(d)))
            && ns(d) != "kube-system"
        {
            return (ns(d), name(d), cm.to_string());
        }
    }
    panic!("no deployment in both clusters mounts a configmap");
}

#[test]
fn the_ownership_tree_of_a_deployment_in_two_clusters() {
    let (d_ns, d_name, cm) = shared_deployment();
    let names: Vec<String> = sim()
        .clusters
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    // Each cluster's newest ReplicaSet and its pods, as kubectl sees them.
    let mut expected: Vec<String> = Vec::new();
    for c in &names {
        let sets = json(c, &["get", "rs", "-n", &d_ns]);
        let pods = json(c, &["get", "pods", "-n", &d_ns]);
        for rs in owned(&sets, "Deployment", &d_name) {
            for p in owned(&pods, "ReplicaSet", &rs) {
                expected.push(format!("pod/{p}"));
                expected.push(format!("rs/{rs}"));
            }
        }
    }
    assert!(!expected.is_empty());
    let mut t = kdeck(true);
    t.typ(&format!(":deploy -n {d_ns}"));
    t.enter();
    t.wait(30, "both clusters' deployment", |sc| {
        sc.lines()
            .filter(|l| l.contains(&format!(" {d_name} ")))
            .count()
            >= 2
    });
    t.typ(&format!("/{d_name}"));
    t.enter();
    t.wait(10, "filtered", |sc| sc.contains("[2]"));
    t.typ("x");
    let tree = t.wait(30, "the tree of both clusters", |sc| {
        names
            .iter()
            .all(|c| sc.contains(&format!("{c}  deploy/{d_ns}/{d_name}")))
            && expected.iter().all(|e| sc.contains(e.as_str()))
            && sc.matches(&format!("cm/{cm}  present")).count() == 2
    });
    assert!(tree.contains("container "), "{tree}");
    assert!(tree.contains("ownership tree of deploy/"), "{tree}");
    // The configmap deleted in the first cluster: missing there, present
    // in the other (read again when the tree opens again).
    kubectl_on(sim(), &names[0], &["delete", "configmap", &cm, "-n", &d_ns]);
    t.esc();
    t.wait(10, "the table", |sc| !sc.contains("ownership tree"));
    t.typ("x");
    t.wait(30, "missing in one cluster", |sc| {
        sc.matches(&format!("✖ cm/{cm}  missing (volume)")).count() == 1
            && sc.matches(&format!("cm/{cm}  present")).count() == 1
    });
}

#[test]
fn a_service_leads_to_its_endpoints_and_their_pods() {
    let c = first();
    let endpoints = json(&c, &["get", "endpoints", "-A"]);
    // A service in a team namespace whose endpoints point at pods.
    // (Its name in no other's: a filter finds it alone.)
    let alone = |e: &Value| {
        items(&endpoints)
            .iter()
            .filter(|o| ns(o) == ns(e) && name(o).contains(&name(e)))
            .count()
            == 1
    };
    let (ep_ns, ep_name, pods) = items(&endpoints)
        .iter()
        .filter(|e| ns(e) != "kube-system" && ns(e) != "default" && alone(e))
        .find_map(|e| {
            let mut pods: Vec<String> = e["subsets"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|s| {
                    // Ready or not, each is one of its pods.
                    let mut a = s["addresses"].as_array().cloned().unwrap_or_default();
                    a.extend(
                        s["notReadyAddresses"]
                            .as_array()
                            .cloned()
                            .unwrap_or_default(),
                    );
                    a
                })
                .filter_map(|a| a["targetRef"]["name"].as_str().map(str::to_string))
                .collect();
            pods.sort();
            pods.dedup();
            (!pods.is_empty()).then(|| (ns(e), name(e), pods))
        })
        .expect("endpoints with pods");
    let mut t = kdeck(false);
    t.typ(&format!(":svc -n {ep_ns}"));
    t.enter();
    select(&mut t, &ep_name);
    t.enter();
    t.wait(10, "where to go", |sc| {
        sc.contains("go to?") && sc.contains(&format!("endpoints {ep_name}"))
    });
    t.enter();
    t.wait(30, "its endpoints", |sc| {
        sc.contains(&format!("svc/{ep_name} > endpoints")) && sc.contains("[1]")
    });
    t.enter();
    t.wait(30, "the endpoints' pods", |sc| {
        sc.contains(&format!("ep/{ep_name} > pods"))
            && pods.iter().all(|p| sc.contains(p.as_str()))
            && sc.contains(&format!("[{}]", pods.len()))
    });
}
