//! What the screen shows, derived from the state: the rows of the current
//! view in order (scope, filters, sort), the columns and cells displayed,
//! the clusters overview, breadcrumbs, the scroll positions that keep the
//! cursor in view, and how often ages need a new tick. `ui` only reads
//! what this computes.

use std::borrow::Cow;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::alerts;
use super::can;
use super::columns::{self, Cell, SortKey};
use super::command::NamespaceScope;
use super::health;
use super::layout;
use super::logview::layout as log_layout;
use super::metrics;
use super::metrics::panels::Panel;
use super::pulse;
use super::sorted;
use super::state::{ClusterInfo, Drill, Overlay, RowRef, State, ViewState};
use super::text;
use super::view::View;
use crate::kube::kind::Kind;
use crate::kube::rows::Uid;
use crate::kube::{Row, WatchState};

/// The text a filter searches in: the row's cluster, namespace and cells
/// (held exactly: kept for every cached row).
pub fn searchable(cluster: &str, row: &Row, now: DateTime<Utc>) -> Box<str> {
    let cells = columns::cells(row, now);
    let mut s = String::with_capacity(
        cluster.len()
            + row.meta().namespace.len()
            + cells.iter().map(|c| c.text.len() + 1).sum::<usize>()
            + 1,
    );
    s.push_str(cluster);
    s.push(' ');
    s.push_str(&row.meta().namespace);
    for c in cells {
        s.push(' ');
        s.push_str(&c.text);
    }
    s.into_boxed_str()
}

/// Events of the view's clusters let go to bound memory (see `app::cap`).
pub fn events_dropped(s: &State) -> usize {
    if s.view.scope.kind != View::Kind(Kind::Events) {
        return 0;
    }
    s.view_clusters()
        .iter()
        .filter_map(|c| s.caches.get(&(*c, Kind::Events)))
        .map(|c| c.dropped)
        .sum()
}

/// Namespaces seen in any cluster (for completion).
pub fn known_namespaces(s: &State) -> Vec<String> {
    let mut v: Vec<String> = s
        .caches
        .iter()
        .filter(|((_, k), _)| *k == Kind::Namespaces)
        .flat_map(|(_, c)| c.rows.values().map(|e| e.row.meta().name.clone()))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// What is wrong with a cluster, in its own words: the connection's
/// problem, else a failing watch's.
pub(crate) fn problem(c: &ClusterInfo) -> Option<String> {
    if let Some(cause) = c.status.cause() {
        return Some(cause.to_string());
    }
    c.watches.iter().find_map(|(k, w)| match &w.state {
        WatchState::Retrying(t) if super::health::about_cluster(*k, t) => Some(t.cause.clone()),
        _ => None,
    })
}

/// The whole fleet at a glance: nodes and pods of every open cluster
/// (loaded so far), each API server counted once however many contexts
/// point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fleet {
    pub nodes: usize,
    pub pods: usize,
    pub unhealthy: usize,
    /// Contexts that point at a server an earlier context already opened.
    pub shared: usize,
}

pub fn fleet(s: &State) -> Fleet {
    let mut f = Fleet::default();
    for (i, c) in s.clusters.iter().enumerate() {
        if c.same_as.is_some() {
            f.shared += 1;
            continue;
        }
        // Counted row by row as the watches report (`app::pulse`).
        let Some(t) = s.pulse.tally(i) else { continue };
        f.nodes += t.nodes.total as usize;
        f.pods += t.pods.total as usize;
        f.unhealthy += t.pods.unhealthy as usize;
    }
    f
}

/// Rows of the Clusters view, from the pulse's aggregates (counted row by
/// row as the watches report: nothing here walks a cache).
pub fn cluster_cells(s: &State, idx: usize) -> Vec<Cell> {
    let c = &s.clusters[idx];
    let tally = s.pulse.tally(idx);
    let counted = |kind: Kind| tally.filter(|_| s.caches.contains_key(&(idx, kind)));
    let nodes = counted(Kind::Nodes);
    let pods = counted(Kind::Pods);
    let (n_nodes, not_ready) = nodes.map_or((None, 0), |t| {
        (Some(t.nodes.total as usize), t.not_ready() as usize)
    });
    let (n_pods, unhealthy) = pods.map_or((None, 0), |t| {
        (Some(t.pods.total as usize), t.pods.unhealthy as usize)
    });
    let warnings = s
        .pulse
        .warnings(idx)
        .filter(|w| w.listed())
        .and_then(|w| w.total(s.now))
        .map(|n| n as usize);
    let num = |v: Option<usize>| Cell {
        text: v.map_or("-".into(), |v| v.to_string()),
        tone: columns::Tone::Normal,
        key: SortKey::Num(v.map_or(-1, |v| v as i64)),
    };
    let h = health::of(c);
    let tone = match h.mark {
        health::Mark::Ok => columns::Tone::Ok,
        health::Mark::Connecting | health::Mark::Degraded => columns::Tone::Warning,
        health::Mark::Down => columns::Tone::Error,
    };
    let text = |s: String| Cell {
        key: SortKey::Text(s.clone()),
        text: s,
        tone: columns::Tone::Normal,
    };
    let mut status = text(h.label.unwrap_or_else(|| "connected".into()));
    status.tone = tone;
    let mut nr = num(nodes.map(|_| not_ready));
    if not_ready > 0 {
        nr.tone = columns::Tone::Error;
    }
    let mut uh = num(pods.map(|_| unhealthy));
    if unhealthy > 0 {
        uh.tone = columns::Tone::Warning;
    }
    let mut w = num(warnings);
    if warnings.unwrap_or(0) > 0 {
        w.tone = columns::Tone::Warning;
    }
    let (cpu, mem) = super::pulse::cells::usage_now(s, idx);
    vec![
        text(c.name.clone()),
        status,
        text(c.version.clone().unwrap_or_else(|| "-".into())),
        num(n_nodes),
        nr,
        num(n_pods),
        uh,
        w,
        cpu,
        mem,
        text(problem(c).unwrap_or_else(|| {
            c.same_as
                .and_then(|j| s.clusters.get(j))
                .map(|first| format!("same API server as {}", first.name))
                .unwrap_or_default()
        })),
    ]
}

/// The cells of a row of the pulse (cluster text shown, never obeyed).
fn pulse_cells(s: &State, cluster: usize) -> Vec<columns::Cell> {
    let mut v = super::pulse::cells::cells(s, cluster);
    for c in &mut v {
        if let Cow::Owned(t) = text::visible(&c.text) {
            c.text = t;
        }
    }
    v
}

/// The cells of a row of the alerts view (cluster text shown, never
/// obeyed).
fn alert_cells(s: &State, r: &RowRef) -> Vec<columns::Cell> {
    let (Some(a), Some(c)) = (
        alerts::find(s, r.cluster, r.uid.text().unwrap_or_default()),
        s.clusters.get(r.cluster),
    ) else {
        return Vec::new();
    };
    let mut v = columns::alerts::alert(a, &c.name, c.production, s.now);
    for c in &mut v {
        if let Cow::Owned(t) = text::visible(&c.text) {
            c.text = t;
        }
    }
    v
}

/// The cells of a row of the `:can` view (cluster text shown, never
/// obeyed).
fn can_cells(s: &State, r: &RowRef) -> Vec<columns::Cell> {
    let (Some(row), Some(c)) = (
        can::find(s, r.cluster, r.uid.text().unwrap_or_default()),
        s.clusters.get(r.cluster),
    ) else {
        return Vec::new();
    };
    let mut v = columns::can::row(&row, &c.name, c.production);
    if !s.multi_cluster() {
        v.remove(0);
    }
    for c in &mut v {
        if let Cow::Owned(t) = text::visible(&c.text) {
            c.text = t;
        }
    }
    v
}

pub fn displayed_columns(s: &State) -> Vec<columns::Column> {
    let mut v = Vec::new();
    if s.multi_cluster() && !s.view.scope.kind.pseudo() {
        v.push(columns::name("CLUSTER"));
    }
    if s.view.scope.kind.namespaced() {
        v.push(columns::name("NAMESPACE"));
    }
    let kind = s.view.scope.kind;
    if kind == View::Can && !s.multi_cluster() {
        // One cluster: no CLUSTER column (the header names it).
        v.extend(columns::columns(kind).iter().skip(1).copied());
        return v;
    }
    v.extend(columns::metrics::with_metrics(
        kind,
        columns::own(s, kind),
        columns::metrics::columns(kind),
    ));
    v
}

/// The index of the sort column among the displayed columns.
pub fn sort_index(s: &State) -> usize {
    s.view
        .sort
        .0
        .and_then(|t| displayed_columns(s).iter().position(|c| c.title == t))
        .unwrap_or(0)
}

/// The cells of a displayed row (matching `displayed_columns`).
pub fn displayed_cells(s: &State, r: &RowRef) -> Vec<columns::Cell> {
    let kind = s.view.scope.kind;
    if kind == View::Clusters {
        return cluster_cells(s, r.cluster);
    }
    if kind == View::Alerts {
        return alert_cells(s, r);
    }
    if kind == View::Can {
        return can_cells(s, r);
    }
    if kind == View::Pulse {
        return pulse_cells(s, r.cluster);
    }
    let Some(row) = s.row(r) else {
        return Vec::new();
    };
    let text = |t: &str| columns::Cell {
        text: t.to_string(),
        tone: columns::Tone::Normal,
        key: SortKey::Text(t.to_string()),
    };
    let mut v = Vec::new();
    if s.multi_cluster() {
        let mut c = text(&s.clusters[r.cluster].name);
        if s.clusters[r.cluster].production {
            c.tone = columns::Tone::Error;
        }
        v.push(c);
    }
    if kind.namespaced() {
        v.push(text(&row.meta().namespace));
    }
    v.extend(columns::metrics::with_metrics(
        kind,
        &columns::cells(row, s.now),
        &columns::metrics::cells(&s.metrics, kind, r.cluster, row),
    ));
    // A generic row from a cluster with fewer columns: blank cells.
    let n = displayed_columns(s).len();
    while v.len() < n {
        v.push(text(""));
    }
    // Cluster text is shown, never obeyed or hidden.
    for c in &mut v {
        if let Cow::Owned(t) = text::visible(&c.text) {
            c.text = t;
        }
    }
    v
}

/// Whether a row is in the view's scope (namespaces, drill-down).
pub(super) fn in_scope(s: &State, cluster: usize, row: &Row) -> bool {
    let scope = &s.view.scope;
    let m = row.meta();
    let ns_ok = !scope.kind.namespaced()
        || match &scope.namespaces {
            NamespaceScope::All => true,
            NamespaceScope::Some(list) if list.is_empty() => {
                let default = s
                    .clusters
                    .get(cluster)
                    .and_then(|c| c.namespace.clone())
                    .unwrap_or_else(|| "default".into());
                m.namespace == default
            }
            NamespaceScope::Some(list) => list.iter().any(|n| *n == m.namespace),
        };
    if !ns_ok {
        return false;
    }
    match (&scope.drill, row) {
        (None, _) => true,
        (Some(Drill::Selector { selector, .. }), _) => {
            !selector.is_empty() && selector.iter().all(|(k, v)| m.labels.get(k) == Some(v))
        }
        (Some(Drill::Node(n)), Row::Pod(p)) => &p.node == n,
        (Some(Drill::Owner { kind, name }), Row::Pod(p)) => p
            .owner
            .as_ref()
            .is_some_and(|o| &o.kind == kind && &o.name == name),
        (Some(Drill::Owner { kind, name }), Row::Generic(g)) => g
            .owner
            .as_ref()
            .is_some_and(|o| &o.kind == kind && &o.name == name),
        // Sorted (`kube::related`): up to a thousand names against every row.
        (Some(Drill::Names { names, .. }), _) => names.binary_search(&m.name).is_ok(),
        (Some(Drill::Claim(c)), Row::Pod(p)) => p.claims.iter().any(|x| **x == **c),
        _ => false,
    }
}

/// Bring everything derived up to date: the shown rows (recomputed only
/// when the data, scope, filter or sort changed, the cursor kept on its
/// object), the table's scroll offset and the log view's top line for the
/// current screen size. Idempotent and cheap when nothing changed.
pub fn refresh(s: &mut State) {
    alerts::refresh(s);
    pulse::refresh(s);
    match s.view.scope.kind {
        _ if matches!(s.overlays.last(), Some(Overlay::Panel(p)) if matches!(**p, Panel::Node(_))) => {
            metrics::requests::refresh(s)
        }
        View::Kind(Kind::Nodes) => metrics::requests::refresh(s),
        View::Kind(Kind::Deployments | Kind::StatefulSets | Kind::DaemonSets) => {
            metrics::workloads::refresh(s)
        }
        _ => {}
    }
    rows(s);
    keep_cursor_in_view(s);
    lay_out(s);
    super::tree::refresh(s);
    let rows = s.log_rows();
    let width = s.size.0 as usize;
    if let Some(v) = s.log_view_mut() {
        log_layout::settle(v, width, rows);
    }
}

/// Size the table's columns to the header and the cells of the rows in
/// view (widths never shrink while the columns are the same), within the
/// screen's width.
fn lay_out(s: &mut State) {
    let cols = displayed_columns(s);
    let sort = sort_index(s);
    let mut widths: Vec<u16> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| layout::width(c.title) + u16::from(i == sort))
        .collect();
    let v = &s.view;
    for r in v.rows.iter().skip(v.offset).take(s.table_rows()) {
        for (w, c) in widths.iter_mut().zip(displayed_cells(s, r)) {
            *w = (*w).max(layout::width(&c.text));
        }
    }
    let titles: Vec<&'static str> = cols.iter().map(|c| c.title).collect();
    let specs: Vec<layout::Spec> = cols.iter().map(columns::Column::spec).collect();
    let total = s.size.0;
    s.view.layout.update(&titles, &widths, &specs, total);
}

/// The metrics' generation when the view is sorted by a metrics column
/// (the order changes with each answer and is sorted afresh), else 0.
fn sorted_by_metric(s: &State) -> u64 {
    let kind = s.view.scope.kind;
    let own = columns::own(s, kind).len() + columns::metrics::columns(kind).len();
    let prefix = displayed_columns(s).len().saturating_sub(own);
    match sort_index(s).checked_sub(prefix) {
        Some(j)
            if matches!(
                columns::metrics::slot(kind, j),
                columns::metrics::Slot::Metric(_)
            ) =>
        {
            s.metrics.generation
        }
        _ => 0,
    }
}

/// Scroll the table just enough that the cursor is among the rows shown.
fn keep_cursor_in_view(s: &mut State) {
    let body = s.table_rows();
    let v = &mut s.view;
    if v.cursor < v.offset {
        v.offset = v.cursor;
    } else if body > 0 && v.cursor >= v.offset + body {
        v.offset = v.cursor + 1 - body;
    }
    v.offset = v.offset.min(v.rows.len().saturating_sub(body.max(1)));
}

/// Recompute the shown rows if the data, scope, filter or sort changed,
/// keeping the cursor on the same object.
fn rows(s: &mut State) {
    let view = s.view.scope.kind;
    let clusters = s.view_clusters();
    let gens: Vec<u64> = clusters
        .iter()
        .map(|c| {
            view.kind()
                .and_then(|k| s.caches.get(&(*c, k)))
                .map_or(0, |x| x.generation)
        })
        .chain(std::iter::once(match view {
            View::Clusters => {
                s.caches.values().map(|c| c.generation).sum::<u64>() + s.pulse.generation
            }
            View::Alerts => s.alerts.generation,
            View::Can => s.can.generation,
            View::Pulse => s.pulse.generation,
            View::Kind(_) => 0,
        }))
        .chain(std::iter::once(sorted_by_metric(s)))
        .collect();
    if !s.view.stale && s.view.computed_from == gens {
        return;
    }
    let rows: Vec<RowRef> = if let View::Kind(kind) = view {
        // A few rows changed: the view catches up with them.
        let mut rows = std::mem::take(&mut s.view.rows);
        let caught_up = !s.view.stale
            && s.view.computed_from.len() == gens.len()
            && s.view.computed_from.last() == gens.last()
            && sorted::patch(s, kind, &clusters, &s.view.computed_from, &mut rows);
        if caught_up {
            rows
        } else {
            sorted::full(s, kind, &clusters)
        }
    } else if view == View::Alerts {
        alert_rows(s, &clusters)
    } else if view == View::Can {
        can_rows(s, &clusters)
    } else if view == View::Pulse {
        pulse_rows(s, &clusters)
    } else {
        let mut idx = clusters.clone();
        let (col, desc) = (sort_index(s), s.view.sort.1);
        idx.sort_by(|a, b| {
            let (ka, kb) = (cluster_cells(s, *a), cluster_cells(s, *b));
            let o = ka
                .get(col)
                .map(|c| &c.key)
                .cmp(&kb.get(col).map(|c| &c.key));
            (if desc { o.reverse() } else { o }).then(a.cmp(b))
        });
        idx.into_iter()
            .map(|c| RowRef {
                cluster: c,
                uid: Uid::default(),
            })
            .collect()
    };
    s.view.rows = rows;
    s.view.computed_from = gens;
    s.view.stale = false;
    // Keep the cursor on its object.
    let n = s.view.rows.len();
    let at = s.view.selected.as_ref().and_then(|sel| match view {
        View::Kind(kind) => sorted::locate(s, kind, &s.view.rows, sel),
        View::Clusters | View::Alerts | View::Can | View::Pulse => {
            s.view.rows.iter().position(|r| r == sel)
        }
    });
    if let Some(i) = at {
        s.view.cursor = i;
    }
    s.view.cursor = s.view.cursor.min(n.saturating_sub(1));
    if s.view.selected.is_some() {
        s.view.selected = s.view.rows.get(s.view.cursor).cloned();
    }
}

/// The `:can` matrix of the view's clusters and namespaces that the filter
/// matches, sorted by the sort column (ties: cluster, namespace, then the
/// kinds first, as listed).
fn can_rows(s: &State, clusters: &[usize]) -> Vec<RowRef> {
    let (col, desc) = (sort_index(s), s.view.sort.1);
    let mut keyed: Vec<(Option<SortKey>, RowRef)> = Vec::new();
    for &cluster in clusters {
        for namespace in can::namespaces(s, cluster) {
            let key = crate::kube::rules::RulesKey { cluster, namespace };
            let Some(answer) = s.can.answers.get(&key) else {
                continue;
            };
            let name = s.clusters.get(cluster).map_or("", |c| c.name.as_str());
            for (uid, row) in can::rows(&key, answer) {
                let mut cells = columns::can::row(&row, name, false);
                if !s.multi_cluster() {
                    cells.remove(0);
                }
                let hay: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
                if !s.view.filter.matches(
                    &hay.join(" "),
                    &std::collections::BTreeMap::<String, String>::new(),
                ) {
                    continue;
                }
                keyed.push((
                    cells.get(col).map(|c| c.key.clone()),
                    RowRef {
                        cluster,
                        uid: Uid::new(&uid),
                    },
                ));
            }
        }
    }
    if s.view.sort.0.is_some() {
        keyed.sort_by(|a, b| {
            let o = a.0.cmp(&b.0);
            if desc { o.reverse() } else { o }
        });
    }
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// The alerts of the view's clusters that the filter matches, sorted by
/// the sort column.
fn alert_rows(s: &State, clusters: &[usize]) -> Vec<RowRef> {
    let (col, desc) = (sort_index(s), s.view.sort.1);
    let mut keyed: Vec<(Option<SortKey>, RowRef)> = s
        .alerts
        .list
        .iter()
        .filter(|a| clusters.contains(&a.cluster))
        .map(|a| {
            let r = RowRef {
                cluster: a.cluster,
                uid: Uid::new(&a.key()),
            };
            (alert_cells(s, &r), r)
        })
        .filter(|(cells, _)| {
            let hay: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
            s.view.filter.matches(
                &hay.join(" "),
                &std::collections::BTreeMap::<String, String>::new(),
            )
        })
        .map(|(cells, r)| (cells.get(col).map(|c| c.key.clone()), r))
        .collect();
    // Stable: ties keep the list's order (severity, cluster, rule, object).
    keyed.sort_by(|a, b| {
        let o = a.0.cmp(&b.0);
        if desc { o.reverse() } else { o }
    });
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// The clusters of the pulse the filter matches: production first (as the
/// header names them), or by the sort column when one was chosen.
fn pulse_rows(s: &State, clusters: &[usize]) -> Vec<RowRef> {
    let order = pulse::order(s, clusters);
    let filtered = !s.view.filter_text.is_empty();
    // `>` chose a column, or `S` reversed the order (by name, then).
    let sorted = s.view.sort.0.is_some() || s.view.sort.1;
    let mut keyed: Vec<(Option<SortKey>, usize)> = Vec::with_capacity(order.len());
    for c in order {
        if !filtered && !sorted {
            keyed.push((None, c));
            continue;
        }
        let cells = pulse_cells(s, c);
        if filtered {
            let hay: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
            if !s.view.filter.matches(
                &hay.join(" "),
                &std::collections::BTreeMap::<String, String>::new(),
            ) {
                continue;
            }
        }
        keyed.push((cells.get(sort_index(s)).map(|c| c.key.clone()), c));
    }
    if sorted {
        let desc = s.view.sort.1;
        keyed.sort_by(|a, b| {
            let o = a.0.cmp(&b.0);
            if desc { o.reverse() } else { o }
        });
    }
    keyed
        .into_iter()
        .map(|(_, c)| RowRef {
            cluster: c,
            uid: Uid::default(),
        })
        .collect()
}

/// What the breadcrumbs say about the current view.
pub fn breadcrumbs(s: &State) -> Vec<String> {
    let describe = |v: &ViewState| {
        let mut t = v.scope.kind.name().to_string();
        if let Some(d) = &v.scope.drill {
            t = format!("{} > {t}", d.label());
        }
        t
    };
    s.back
        .iter()
        .map(describe)
        .chain(std::iter::once(describe(&s.view)))
        .collect()
}

/// How soon ages on screen change: every second while a young object is
/// in view or a problem says how long it has lasted, every 30 seconds
/// otherwise.
pub fn tick_interval(s: &State) -> Duration {
    // A metrics poll falls due.
    let poll = metrics::next_due(s).unwrap_or(Duration::MAX);
    tick_for_ages(s).min(poll.max(Duration::from_millis(50)))
}

fn tick_for_ages(s: &State) -> Duration {
    // A message leaves the line on time.
    if health::ageing(s) || s.message.is_some() {
        return Duration::from_secs(1);
    }
    // Warnings per minute move as their buckets pass.
    if pulse::shown(s.view.scope.kind) {
        return Duration::from_secs(pulse::warnings::BUCKET_SECS.unsigned_abs());
    }
    let young = s
        .view
        .rows
        .iter()
        .skip(s.view.offset)
        .take(s.page().max(1))
        .any(|r| {
            s.row(r)
                .and_then(|row| row.meta().created)
                .is_some_and(|t| (s.now - t).num_seconds() < 120)
        });
    if young {
        Duration::from_secs(1)
    } else {
        Duration::from_secs(30)
    }
}
