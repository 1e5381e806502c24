//! Keys on the table: moving, sorting, scope (clusters, namespaces), the
//! filter and command lines, drilling down, opening describe/YAML, logs and
//! shells.

use super::{help, logs, shell, text_input};
use crate::app::catalog::STALE_SECS;
use crate::app::command::NamespaceScope;
use crate::app::derive;
use crate::app::filter::Filter;
use crate::app::msg::{Effect, Intent};
use crate::app::state::{Detail, Drill, Overlay, RowRef, Scope, Screen, State, ViewState};
use crate::app::view::View;
use crate::kube::Row;
use crate::kube::kind::Kind;

pub fn set_filter(s: &mut State, text: &str) {
    s.view.filter_text = text.to_string();
    s.view.filter = Filter::parse(text);
    s.view.stale = true;
}

pub fn push_view(s: &mut State, scope: Scope) {
    let old = std::mem::replace(&mut s.view, ViewState::new(scope));
    s.back.push(old);
    if s.back.len() > 50 {
        s.back.remove(0);
    }
}

pub fn table_key(s: &mut State, action: Intent, fx: &mut Vec<Effect>) {
    let n = s.view.rows.len();
    let page = s.page().max(1);
    match action {
        Intent::Command => {
            // What the clusters serve may have changed (CRDs): discovery
            // older than a minute is asked again (`update::discovery_due`).
            let now = s.now;
            for d in s.catalog.clusters.values_mut() {
                if d.asked
                    .is_some_and(|t| (now - t).num_seconds() >= STALE_SECS)
                {
                    d.asked = None;
                }
            }
            s.overlays.push(Overlay::Command(text_input("")));
        }
        Intent::Filter => s
            .overlays
            .push(Overlay::Filter(text_input(&s.view.filter_text.clone()))),
        Intent::Help => help::open(s),
        Intent::Back => {
            if !s.view.filter_text.is_empty() {
                set_filter(s, "");
            } else if let Some(prev) = s.back.pop() {
                s.view = prev;
                s.view.stale = true;
            }
        }
        Intent::Down => move_cursor(s, s.view.cursor.saturating_add(1).min(n.saturating_sub(1))),
        Intent::Up => move_cursor(s, s.view.cursor.saturating_sub(1)),
        Intent::PageDown => move_cursor(s, (s.view.cursor + page).min(n.saturating_sub(1))),
        Intent::PageUp => move_cursor(s, s.view.cursor.saturating_sub(page)),
        Intent::Top => move_cursor(s, 0),
        Intent::Bottom => move_cursor(s, n.saturating_sub(1)),
        Intent::SortNext => {
            let cols = derive::displayed_columns(s);
            let next = (derive::sort_index(s) + 1) % cols.len().max(1);
            s.view.sort = (cols.get(next).map(|c| c.title), false);
            s.view.stale = true;
        }
        Intent::SortReverse => {
            s.view.sort.1 = !s.view.sort.1;
            s.view.stale = true;
        }
        Intent::AllNamespaces => {
            s.view.scope.namespaces = match s.view.scope.namespaces {
                NamespaceScope::All => NamespaceScope::Some(s.start_namespaces.clone()),
                _ => NamespaceScope::All,
            };
            s.view.stale = true;
        }
        Intent::AllClusters => {
            s.view.scope.cluster = match s.view.scope.cluster {
                Some(_) => None,
                None => s
                    .selected_row()
                    .map(|(c, _)| c)
                    .or_else(|| s.view.rows.get(s.view.cursor).map(|r| r.cluster))
                    .or(Some(0)),
            };
            s.view.stale = true;
        }
        Intent::Enter => drill(s, fx),
        Intent::Panel => open_panel(s),
        Intent::Tree => super::tree::open(s, fx),
        Intent::Describe | Intent::Yaml => open_detail(s, action == Intent::Yaml, fx),
        Intent::Logs => logs::open_logs(s, fx),
        Intent::Shell => shell::open_shell(s, fx),
        Intent::Scale
        | Intent::Restart
        | Intent::History
        | Intent::Rollback
        | Intent::Delete
        | Intent::Cordon
        | Intent::Uncordon
        | Intent::Drain
        | Intent::Mark => super::ops::intent(s, action, fx),
        _ => {}
    }
}

/// The selected node's, pod's or workload's metrics panel. A pod or
/// workload panel asks for its pods' metrics at once (what it records
/// starts with that answer).
fn open_panel(s: &mut State) {
    use crate::app::metrics::panel::NodePanel;
    use crate::app::metrics::panels::{Panel, PodPanel, WorkloadPanel};
    use crate::kube::Row;
    let Some((cluster, row)) = s.selected_row() else {
        return;
    };
    let (namespace, name) = (row.meta().namespace.to_string(), row.meta().name.clone());
    let panel = match row {
        Row::Node(_) => Panel::Node(NodePanel { cluster, name }),
        Row::Pod(_) => Panel::Pod(PodPanel {
            cluster,
            namespace,
            name,
        }),
        Row::Deployment(_) | Row::StatefulSet(_) | Row::DaemonSet(_) | Row::ReplicaSet(_) => {
            let Some(kind) = s.view.scope.kind.kind() else {
                return;
            };
            Panel::Workload(WorkloadPanel {
                cluster,
                kind,
                namespace,
                name,
            })
        }
        _ => return,
    };
    if !matches!(panel, Panel::Node(_)) {
        s.metrics.cluster_mut(cluster).pod_poll.started = None;
    }
    s.overlays
        .push(crate::app::state::Overlay::Panel(Box::new(panel)));
}

fn move_cursor(s: &mut State, to: usize) {
    s.view.cursor = to;
    // From now on the cursor follows this object when rows change.
    s.view.selected = s.view.rows.get(to).cloned();
}

fn open_detail(s: &mut State, yaml: bool, fx: &mut Vec<Effect>) {
    let Some(kind) = s.view.scope.kind.kind() else {
        return;
    };
    let Some((cluster, row)) = s.selected_row() else {
        return;
    };
    let (ns, name) = (row.meta().namespace.to_string(), row.meta().name.clone());
    open_object(s, cluster, kind, ns, name, yaml, fx);
}

/// Describe (or the YAML of) one object, fetched.
pub fn open_object(
    s: &mut State,
    cluster: usize,
    kind: Kind,
    ns: String,
    name: String,
    yaml: bool,
    fx: &mut Vec<Effect>,
) {
    let Some(cname) = s.clusters.get(cluster).map(|c| c.name.clone()) else {
        return;
    };
    let request = s.next_request;
    s.next_request += 1;
    let title = if ns.is_empty() {
        format!("{}/{name} @{cname}", kind.name())
    } else {
        format!("{}/{name} -n {ns} @{cname}", kind.name())
    };
    s.screen = Screen::Detail(Box::new(Detail {
        title,
        request,
        target: (cluster, kind, ns.clone(), name.clone()),
        yaml,
        managed_fields: false,
        text: None,
        scroll: 0,
        search: String::new(),
        search_input: None,
        local: false,
        reveal: false,
        diff: false,
        back: None,
    }));
    fx.push(Effect::Fetch {
        request,
        cluster,
        kind,
        namespace: ns,
        name,
        yaml,
        managed_fields: false,
        reveal: false,
    });
}

/// An alert's object in its own view, in its cluster: filtered on its
/// name, the cursor on it.
fn jump_to_alert(s: &mut State) {
    let Some(r) = s.view.rows.get(s.view.cursor) else {
        return;
    };
    let Some(a) = crate::app::alerts::find(s, r.cluster, r.uid.text().unwrap_or_default()).cloned()
    else {
        return;
    };
    push_view(
        s,
        Scope {
            kind: View::Kind(a.kind),
            cluster: Some(a.cluster),
            namespaces: if a.namespace.is_empty() {
                NamespaceScope::All
            } else {
                NamespaceScope::Some(vec![a.namespace.to_string()])
            },
            selector: None,
            drill: None,
        },
    );
    set_filter(s, &a.name);
    s.view.selected = Some(RowRef {
        cluster: a.cluster,
        uid: a.uid,
    });
}

/// A `:can` row's kind in its cluster and namespace.
fn open_from_can(s: &mut State) {
    let Some(r) = s.view.rows.get(s.view.cursor).cloned() else {
        return;
    };
    let Some(row) = crate::app::can::find(s, r.cluster, r.uid.text().unwrap_or_default()) else {
        return;
    };
    let Some(kind) = row.view else {
        s.message = Some((
            crate::app::state::Level::Info,
            format!("{} has no view of its own", row.resource),
        ));
        return;
    };
    push_view(
        s,
        Scope {
            kind: View::Kind(kind),
            cluster: Some(r.cluster),
            namespaces: if kind.namespaced() {
                NamespaceScope::Some(vec![row.namespace])
            } else {
                NamespaceScope::All
            },
            selector: None,
            drill: None,
        },
    );
}

fn drill(s: &mut State, fx: &mut Vec<Effect>) {
    let kind = s.view.scope.kind;
    if kind == View::Alerts {
        jump_to_alert(s);
        return;
    }
    if kind == View::Can {
        open_from_can(s);
        return;
    }
    if kind == View::Pulse {
        // A cluster of the pulse: its pods, every namespace.
        let Some(r) = s.view.rows.get(s.view.cursor).cloned() else {
            return;
        };
        push_view(
            s,
            Scope {
                kind: View::Kind(Kind::Pods),
                cluster: Some(r.cluster),
                namespaces: NamespaceScope::All,
                selector: None,
                drill: None,
            },
        );
        return;
    }
    if kind == View::Clusters {
        let Some(r) = s.view.rows.get(s.view.cursor).cloned() else {
            return;
        };
        push_view(
            s,
            Scope {
                kind: View::Kind(Kind::Namespaces),
                cluster: Some(r.cluster),
                namespaces: NamespaceScope::All,
                selector: None,
                drill: None,
            },
        );
        return;
    }
    let Some((cluster, row)) = s.selected_row() else {
        return;
    };
    let ns = row.meta().namespace.to_string();
    let pods = |namespaces: NamespaceScope, drill: Option<Drill>| Scope {
        kind: View::Kind(Kind::Pods),
        cluster: Some(cluster),
        namespaces,
        selector: None,
        drill,
    };
    let scope = match row {
        Row::Namespace(r) => pods(NamespaceScope::Some(vec![r.meta.name.clone()]), None),
        Row::Deployment(r) => pods(
            NamespaceScope::Some(vec![ns]),
            Some(Drill::Selector {
                label: format!("deploy/{}", r.meta.name),
                selector: r.selector.clone(),
            }),
        ),
        Row::StatefulSet(r) => pods(
            NamespaceScope::Some(vec![ns]),
            Some(Drill::Selector {
                label: format!("sts/{}", r.meta.name),
                selector: r.selector.clone(),
            }),
        ),
        Row::DaemonSet(r) => pods(
            NamespaceScope::Some(vec![ns]),
            Some(Drill::Selector {
                label: format!("ds/{}", r.meta.name),
                selector: r.selector.clone(),
            }),
        ),
        Row::ReplicaSet(r) => pods(
            NamespaceScope::Some(vec![ns]),
            Some(Drill::Owner {
                kind: "ReplicaSet".into(),
                name: r.meta.name.clone(),
            }),
        ),
        Row::Node(r) => pods(NamespaceScope::All, Some(Drill::Node(r.meta.name.clone()))),
        Row::Service(_) | Row::Generic(_) => {
            let row = row.clone();
            if !super::related::drill(s, cluster, &row, fx) {
                open_detail(s, false, fx);
            }
            return;
        }
        Row::Pod(_) | Row::Quota(_) | Row::LimitRange(_) | Row::Event(_) => {
            open_detail(s, false, fx);
            return;
        }
    };
    push_view(s, scope);
}
