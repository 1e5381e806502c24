//! Drill-downs that follow real relations (`enter` on a row): a cronjob
//! to its jobs, a job to its pods (their controller owner), a PVC to its
//! volume and the pods mounting it, a volume to its claim, a service to
//! its endpoints and the pods it selects, an Endpoints or EndpointSlice to
//! its pods, an HPA to its target, an ingress to its services, a CRD to
//! its objects. Relations the rows hold are followed at once; the others
//! read the object (`Effect::Related`, answered as
//! `ClusterEvent::Related`). Several destinations: a picker asks which.

use super::table::push_view;
use crate::app::catalog::Resolved;
use crate::app::command::NamespaceScope;
use crate::app::msg::Effect;
use crate::app::state::{Drill, Level, Overlay, Pick, Picker, Scope, Screen, State};
use crate::app::view::View;
use crate::kube::Row;
use crate::kube::kind::Kind;
use crate::kube::related::{Found, Relation};

/// One place a row leads to.
#[derive(Debug, Clone, PartialEq)]
pub struct Dest {
    /// What the picker says (`pods mounting it`).
    pub label: String,
    pub go: Go,
}

/// How to get there.
#[derive(Debug, Clone, PartialEq)]
pub enum Go {
    /// A view known now.
    Open(Scope),
    /// Read the object and follow a reference in it.
    Follow {
        cluster: usize,
        kind: Kind,
        namespace: String,
        name: String,
        relation: Relation,
        /// The breadcrumb of the view it opens (`ing/shop`).
        from: String,
    },
}

/// A followed reference awaiting its answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Following {
    pub request: u64,
    pub cluster: usize,
    pub from: String,
    /// The view it was asked from: an answer arriving after the user
    /// went elsewhere opens nothing.
    pub at: Scope,
}

/// The view of a resource by its name as `:` takes it, if the clusters
/// serve it (natives without asking discovery).
fn view_named(s: &State, group: &str, plural: &str) -> Option<View> {
    if let Some(k) = Kind::native(group, plural) {
        return Some(View::Kind(k));
    }
    let word = if group.is_empty() {
        plural.to_string()
    } else {
        format!("{plural}.{group}")
    };
    match s.catalog.resolve(&word)? {
        Resolved::View { view, .. } => Some(view),
        Resolved::Category { .. } => None,
    }
}

fn scope(view: View, cluster: usize, namespace: &str, drill: Option<Drill>) -> Scope {
    let namespaces = if view.namespaced() && !namespace.is_empty() {
        NamespaceScope::Some(vec![namespace.to_string()])
    } else {
        NamespaceScope::All
    };
    Scope {
        kind: view,
        cluster: Some(cluster),
        namespaces,
        selector: None,
        drill,
    }
}

/// Where a row leads (empty: it leads nowhere; `enter` describes it).
pub fn destinations(s: &State, cluster: usize, row: &Row) -> Vec<Dest> {
    let m = row.meta();
    let (ns, name) = (m.namespace.as_str(), m.name.as_str());
    let follow = |kind: Kind, relation: Relation, from: String, label: String| Dest {
        label,
        go: Go::Follow {
            cluster,
            kind,
            namespace: ns.into(),
            name: name.into(),
            relation,
            from,
        },
    };
    let open = |label: String, view: Option<View>, namespace: &str, drill: Drill| {
        view.map(|v| Dest {
            label,
            go: Go::Open(scope(v, cluster, namespace, Some(drill))),
        })
    };
    let pods = Some(View::Kind(Kind::Pods));
    match row {
        Row::Service(svc) => {
            let from = format!("svc/{name}");
            let mut out: Vec<Dest> = open(
                format!("endpoints {name}"),
                view_named(s, "", "endpoints"),
                ns,
                Drill::Names {
                    label: from.clone(),
                    names: vec![name.into()],
                },
            )
            .into_iter()
            .collect();
            if !svc.selector.is_empty() {
                let sel: Vec<String> = svc
                    .selector
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                out.extend(open(
                    format!("pods selected by {}", sel.join(",")),
                    pods,
                    ns,
                    Drill::Selector {
                        label: from,
                        selector: svc.selector.clone(),
                    },
                ));
            }
            out
        }
        Row::Generic(_) => {
            let Some(Kind::Generic(res)) = s.view.scope.kind.kind() else {
                return Vec::new();
            };
            let r = res.get();
            let kind = Kind::Generic(res);
            let owned = |owner: &str, label: String, view: Option<View>| {
                open(
                    label,
                    view,
                    ns,
                    Drill::Owner {
                        kind: owner.into(),
                        name: name.into(),
                    },
                )
            };
            match (r.group, r.plural) {
                ("batch", "cronjobs") => {
                    owned("CronJob", "its jobs".into(), view_named(s, "batch", "jobs"))
                        .into_iter()
                        .collect()
                }
                ("batch", "jobs") => owned("Job", "its pods".into(), pods).into_iter().collect(),
                ("", "persistentvolumeclaims") => {
                    let from = format!("pvc/{name}");
                    let mut out = vec![follow(
                        kind,
                        Relation::ClaimVolume,
                        from.clone(),
                        "its persistentvolume".into(),
                    )];
                    out.extend(open(
                        "pods mounting it".into(),
                        pods,
                        ns,
                        Drill::Claim(name.into()),
                    ));
                    out
                }
                ("", "persistentvolumes") => vec![follow(
                    kind,
                    Relation::VolumeClaim,
                    format!("pv/{name}"),
                    "its claim".into(),
                )],
                ("", "endpoints") | ("discovery.k8s.io", "endpointslices") => vec![follow(
                    kind,
                    Relation::TargetPods,
                    format!(
                        "{}/{name}",
                        if r.plural == "endpoints" { "ep" } else { "eps" }
                    ),
                    "its pods".into(),
                )],
                ("autoscaling", "horizontalpodautoscalers") => vec![follow(
                    kind,
                    Relation::ScaleTarget,
                    format!("hpa/{name}"),
                    "its target".into(),
                )],
                ("networking.k8s.io", "ingresses") => vec![follow(
                    kind,
                    Relation::IngressServices,
                    format!("ing/{name}"),
                    "its services".into(),
                )],
                ("apiextensions.k8s.io", "customresourcedefinitions") => {
                    // A CRD is named `<plural>.<group>`: its objects.
                    match s.catalog.resolve(name) {
                        Some(Resolved::View { view, .. }) => vec![Dest {
                            label: format!("its objects ({name})"),
                            go: Go::Open(scope(view, cluster, "", None)),
                        }],
                        _ => Vec::new(),
                    }
                }
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// `enter` on a row with somewhere to go: there at once, or a picker of
/// where. False when the row leads nowhere.
pub fn drill(s: &mut State, cluster: usize, row: &Row, fx: &mut Vec<Effect>) -> bool {
    let mut dests = destinations(s, cluster, row);
    match dests.len() {
        0 => false,
        1 => {
            go(s, dests.remove(0), fx);
            true
        }
        _ => {
            let m = row.meta();
            let what = match s.view.scope.kind.kind() {
                Some(k) => format!("{}/{}", k.name(), m.name),
                None => m.name.clone(),
            };
            let cname = s.clusters.get(cluster).map_or("", |c| c.name.as_str());
            s.overlays.push(Overlay::Picker(Box::new(Picker {
                title: format!("from {what} @{cname}: go to?"),
                items: dests.iter().map(|d| d.label.clone()).collect(),
                cursor: 0,
                pick: Pick::Goto(dests),
            })));
            true
        }
    }
}

/// Go to a destination.
pub fn go(s: &mut State, dest: Dest, fx: &mut Vec<Effect>) {
    match dest.go {
        Go::Open(scope) => push_view(s, scope),
        Go::Follow {
            cluster,
            kind,
            namespace,
            name,
            relation,
            from,
        } => {
            let request = s.next_request;
            s.next_request += 1;
            s.message = Some((Level::Info, format!("{from}: reading where it leads…")));
            s.following = Some(Following {
                request,
                cluster,
                from,
                at: s.view.scope.clone(),
            });
            fx.push(Effect::Related {
                request,
                cluster,
                kind,
                namespace,
                name,
                relation,
            });
        }
    }
}

/// The answer to a followed reference: its view, or why there is none.
pub fn answered(s: &mut State, request: u64, result: Result<Found, String>) {
    let Some(f) = s.following.take_if(|f| f.request == request) else {
        return;
    };
    if f.at != s.view.scope || !matches!(s.screen, Screen::Table) {
        // The user went elsewhere: nothing opens, and the progress line
        // goes.
        if s.message
            .as_ref()
            .is_some_and(|(_, m)| m.starts_with(&f.from))
        {
            s.message = None;
        }
        return;
    }
    let cname = s
        .clusters
        .get(f.cluster)
        .map_or("", |c| c.name.as_str())
        .to_string();
    let found = match result {
        Ok(found) => found,
        Err(e) => {
            s.message = Some((Level::Error, format!("{}: {e}", f.from)));
            return;
        }
    };
    let what = if found.group.is_empty() {
        found.resource.clone()
    } else {
        format!("{}.{}", found.resource, found.group)
    };
    if found.names.is_empty() {
        s.message = Some((
            Level::Warning,
            format!("{}: refers to no {}", f.from, what.to_lowercase()),
        ));
        return;
    }
    let view = if found.by_kind {
        match s.catalog.resolve(&what) {
            Some(Resolved::View { view, .. }) => Some(view),
            _ => None,
        }
    } else {
        view_named(s, &found.group, &found.resource)
    };
    let Some(view) = view else {
        s.message = Some((
            Level::Warning,
            format!("{}: {what} is not served on {cname}", f.from),
        ));
        return;
    };
    s.message = None;
    push_view(
        s,
        scope(
            view,
            f.cluster,
            &found.namespace,
            Some(Drill::Names {
                label: f.from,
                names: found.names,
            }),
        ),
    );
}
