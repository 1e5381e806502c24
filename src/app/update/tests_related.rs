//! Drill-downs that follow relations (`update::related`).

use std::sync::Arc;

use crossterm::event::KeyCode;
use serde_json::json;

use super::tests::{meta, names, pod, press, rows_event, state};
use super::update;
use crate::app::catalog::ClusterResources;
use crate::app::msg::{Effect, Msg};
use crate::app::state::{Drill, Overlay, Pick, Screen, State};
use crate::app::view::View;
use crate::kube::discovery::{Resources, from_aggregated};
use crate::kube::kind::Kind;
use crate::kube::related::{Found, Relation};
use crate::kube::rows::Owner;
use crate::kube::table::GenericRow;
use crate::kube::{ClusterEvent, Row, rows};

fn res(group: &str, plural: &str, kind: &str, namespaced: bool) -> serde_json::Value {
    json!({"resource": plural, "responseKind": {"kind": kind},
        "scope": if namespaced { "Namespaced" } else { "Cluster" },
        "singularResource": kind.to_lowercase(), "verbs": ["get", "list", "watch"],
        "group": group})
}

/// Both clusters serve batch, PVCs and volumes, ingresses, endpoints,
/// autoscalers and CRDs (and one custom resource).
fn served(s: &mut State) {
    let group = |name: &str, resources: Vec<serde_json::Value>| json!({"metadata": {"name": name}, "versions": [{"version": "v1", "resources": resources}]});
    let agg = json!({"kind": "APIGroupDiscoveryList", "items": [
        group("", vec![res("", "persistentvolumeclaims", "PersistentVolumeClaim", true),
            res("", "persistentvolumes", "PersistentVolume", false),
            res("", "endpoints", "Endpoints", true),
            res("", "services", "Service", true),
            res("", "pods", "Pod", true)]),
        group("batch", vec![res("batch", "jobs", "Job", true), res("batch", "cronjobs", "CronJob", true)]),
        group("apps", vec![res("apps", "deployments", "Deployment", true)]),
        group("networking.k8s.io", vec![res("networking.k8s.io", "ingresses", "Ingress", true)]),
        group("autoscaling", vec![res("autoscaling", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true)]),
        group("apiextensions.k8s.io", vec![res("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", false)]),
        group("cert-manager.io", vec![res("cert-manager.io", "certificates", "Certificate", true)]),
    ]});
    let items = from_aggregated(&agg).unwrap_or_default();
    let r = Arc::new(Resources {
        items,
        ..Resources::default()
    });
    for c in 0..s.clusters.len() {
        s.catalog.clusters.insert(
            c,
            ClusterResources {
                resources: Some(r.clone()),
                ..ClusterResources::default()
            },
        );
    }
}

fn kind(s: &State, word: &str) -> Kind {
    match s.catalog.resolve(word) {
        Some(crate::app::catalog::Resolved::View {
            view: View::Kind(k),
            ..
        }) => k,
        other => panic!("{word}: {other:?}"),
    }
}

fn generic(ns: &str, name: &str, owner: Option<(&str, &str)>) -> Row {
    Row::Generic(Box::new(GenericRow {
        meta: meta(ns, name, &[]),
        cells: vec![Box::from(name)].into(),
        age_at: None,
        owner: owner.map(|(kind, name)| Owner::new(kind, name)),
    }))
}

/// A state on `word`'s view of cluster 0 with `rows`.
fn on(word: &str, rows: Vec<Row>) -> State {
    let mut s = state();
    served(&mut s);
    let k = kind(&s, word);
    s.view.scope.kind = View::Kind(k);
    s.view.scope.cluster = Some(0);
    update(&mut s, rows_event(0, k, rows));
    names(&mut s);
    s
}

#[test]
fn a_cronjob_leads_to_its_jobs_and_a_job_to_its_pods() {
    let mut s = on("cronjobs", vec![generic("ops", "nightly", None)]);
    let jobs = kind(&s, "jobs");
    update(
        &mut s,
        rows_event(
            0,
            jobs,
            vec![
                generic("ops", "nightly-1", Some(("CronJob", "nightly"))),
                generic("ops", "nightly-2", Some(("CronJob", "nightly"))),
                generic("ops", "other-1", Some(("CronJob", "other"))),
                generic("ops", "manual", None),
            ],
        ),
    );
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.view.scope.kind, View::Kind(jobs));
    assert_eq!(names(&mut s), ["nightly-1", "nightly-2"]);
    assert_eq!(
        crate::app::derive::breadcrumbs(&s).last().unwrap(),
        "cj/nightly > jobs"
    );
    // A job: its pods, by their controller owner.
    let mut owned = pod("ops", "nightly-1-x", "Completed", "n");
    if let Row::Pod(p) = &mut owned {
        p.owner = Some(Owner::new("Job", "nightly-1"));
    }
    update(
        &mut s,
        rows_event(
            0,
            Kind::Pods,
            vec![owned, pod("ops", "stray", "Running", "n")],
        ),
    );
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.view.scope.kind, View::Kind(Kind::Pods));
    assert_eq!(names(&mut s), ["nightly-1-x"]);
    // Back twice: the cronjobs again.
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Esc);
    assert_eq!(names(&mut s), ["nightly"]);
}

#[test]
fn a_pvc_offers_its_volume_and_the_pods_mounting_it() {
    let mut s = on(
        "persistentvolumeclaims",
        vec![generic("db", "data-0", None)],
    );
    let mounting = |name: &str, claim: &str| {
        let mut p = pod("db", name, "Running", "db");
        if let Row::Pod(r) = &mut p {
            r.claims = vec![Box::from(claim)].into();
        }
        p
    };
    update(
        &mut s,
        rows_event(
            0,
            Kind::Pods,
            vec![
                mounting("db-0", "data-0"),
                mounting("db-1", "data-1"),
                pod("db", "x", "Running", "x"),
            ],
        ),
    );
    press(&mut s, KeyCode::Enter);
    let Some(Overlay::Picker(p)) = s.overlays.last() else {
        panic!("no picker");
    };
    assert_eq!(p.items, ["its persistentvolume", "pods mounting it"]);
    assert!(matches!(p.pick, Pick::Goto(_)));
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter);
    assert!(s.overlays.is_empty());
    assert_eq!(s.view.scope.drill, Some(Drill::Claim("data-0".into())));
    assert_eq!(names(&mut s), ["db-0"]);
    // The volume: read from the claim.
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Enter);
    let fx = press(&mut s, KeyCode::Enter);
    let Some(Effect::Related {
        request,
        relation: Relation::ClaimVolume,
        name,
        ..
    }) = fx
        .iter()
        .find(|e| matches!(e, Effect::Related { .. }))
        .cloned()
    else {
        panic!("{fx:?}")
    };
    assert_eq!(name, "data-0");
    answer(
        &mut s,
        request,
        Ok(Found {
            resource: "persistentvolumes".into(),
            names: vec!["pv-7".into()],
            ..Found::default()
        }),
    );
    assert_eq!(s.view.scope.kind, View::Kind(kind(&s, "persistentvolumes")));
    assert_eq!(
        s.view.scope.drill,
        Some(Drill::Names {
            label: "pvc/data-0".into(),
            names: vec!["pv-7".into()]
        })
    );
}

/// The answer to request `request`.
fn answer(s: &mut State, request: u64, result: Result<Found, String>) {
    update(s, Msg::Cluster(ClusterEvent::Related { request, result }));
}

fn follow(s: &mut State) -> u64 {
    let fx = press(s, KeyCode::Enter);
    fx.iter()
        .find_map(|e| match e {
            Effect::Related { request, .. } => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{fx:?}"))
}

#[test]
fn an_ingress_leads_to_its_services_and_failures_are_said() {
    let mut s = on("ingresses", vec![generic("web", "shop", None)]);
    let svc = |name: &str| {
        Row::Service(Box::new(rows::ServiceRow {
            meta: meta("web", name, &[]),
            kind: "ClusterIP".into(),
            cluster_ip: "10.0.0.1".into(),
            external_ip: "<none>".into(),
            ports: "80/TCP".into(),
            selector: Default::default(),
        }))
    };
    update(
        &mut s,
        rows_event(
            0,
            Kind::Services,
            vec![svc("front"), svc("api"), svc("admin")],
        ),
    );
    let request = follow(&mut s);
    assert!(s.message.as_ref().unwrap().1.contains("ing/shop"));
    answer(
        &mut s,
        request,
        Ok(Found {
            resource: "services".into(),
            namespace: "web".into(),
            names: vec!["api".into(), "front".into()],
            ..Found::default()
        }),
    );
    assert_eq!(s.view.scope.kind, View::Kind(Kind::Services));
    assert_eq!(names(&mut s), ["api", "front"]);
    press(&mut s, KeyCode::Esc);
    // A 403: said, no view opened.
    let request = follow(&mut s);
    answer(
        &mut s,
        request,
        Err("forbidden: may not get ingresses".into()),
    );
    assert_eq!(s.view.scope.kind, View::Kind(kind(&s, "ingresses")));
    assert!(
        s.message.as_ref().unwrap().1.contains("forbidden"),
        "{:?}",
        s.message
    );
    // An answer after the user went elsewhere opens nothing.
    let request = follow(&mut s);
    press(&mut s, KeyCode::Char('d'));
    answer(
        &mut s,
        request,
        Ok(Found {
            resource: "services".into(),
            names: vec!["api".into()],
            ..Found::default()
        }),
    );
    assert!(matches!(s.screen, Screen::Detail(_)));
    assert_eq!(s.view.scope.kind, View::Kind(kind(&s, "ingresses")));
    assert!(
        !s.message
            .as_ref()
            .is_some_and(|(_, m)| m.contains("reading where it leads")),
        "{:?}",
        s.message
    );
    // An HPA's target is named by its kind: resolved to deployments.
    let mut s = on(
        "horizontalpodautoscalers",
        vec![generic("web", "front", None)],
    );
    let request = follow(&mut s);
    answer(
        &mut s,
        request,
        Ok(Found {
            group: "apps".into(),
            resource: "Deployment".into(),
            by_kind: true,
            namespace: "web".into(),
            names: vec!["front".into()],
        }),
    );
    assert_eq!(s.view.scope.kind, View::Kind(Kind::Deployments));
    // Nothing referred to: said.
    let mut s = on("ingresses", vec![generic("web", "empty", None)]);
    let request = follow(&mut s);
    answer(
        &mut s,
        request,
        Ok(Found {
            resource: "services".into(),
            ..Found::default()
        }),
    );
    assert_eq!(
        s.message.as_ref().unwrap().1,
        "ing/empty: refers to no services"
    );
}

#[test]
fn a_service_offers_endpoints_and_pods_and_a_crd_its_objects() {
    let mut s = on("services", Vec::new());
    let mut sel = std::collections::BTreeMap::new();
    sel.insert("app".to_string(), "web".to_string());
    update(
        &mut s,
        rows_event(
            0,
            Kind::Services,
            vec![Row::Service(Box::new(rows::ServiceRow {
                meta: meta("shop", "web", &[]),
                kind: "ClusterIP".into(),
                cluster_ip: "10.0.0.1".into(),
                external_ip: "<none>".into(),
                ports: "80/TCP".into(),
                selector: sel,
            }))],
        ),
    );
    s.view.scope.namespaces = crate::app::command::NamespaceScope::All;
    names(&mut s);
    press(&mut s, KeyCode::Enter);
    let Some(Overlay::Picker(p)) = s.overlays.last() else {
        panic!("no picker");
    };
    assert_eq!(p.items, ["endpoints web", "pods selected by app=web"]);
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.view.scope.kind, View::Kind(kind(&s, "endpoints")));
    assert_eq!(
        crate::app::derive::breadcrumbs(&s).last().unwrap(),
        "svc/web > endpoints"
    );
    // A CRD: its custom resources, every namespace of that cluster.
    let mut s = on(
        "customresourcedefinitions",
        vec![generic("", "certificates.cert-manager.io", None)],
    );
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.view.scope.kind, View::Kind(kind(&s, "certificates")));
    assert_eq!(s.view.scope.cluster, Some(0));
}
