//! `update(state, action) -> effects`: the whole behaviour of the console
//! without I/O. Keys are handled per mode; cluster events update caches;
//! effects ask the runtime to start watches and fetch objects.

use std::cmp::Ordering;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use super::columns::{self, SortKey};
use super::command::{self, Command, NamespaceScope};
use super::filter::Filter;
use super::state::{Detail, Drill, Entry, Level, Mode, RowRef, Scope, State, ViewState};
use super::view::View;
use crate::config::keymap::{Context, KeyAction};
use crate::kube::exec::ShellTarget;
use crate::kube::kind::Kind;
use crate::kube::logs::{LogEvent, LogRequest};
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange, WatchState};

/// User intents and async results alike.
#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    Cluster(ClusterEvent),
    /// Time passed (ages on screen change).
    Tick,
    /// From a log stream.
    Log(LogEvent),
    /// The outcome of an effect (save, copy, shell) to tell the user.
    Notice(Level, String),
}

/// One container's log to save, from `since`, with its line prefix.
#[derive(Debug, Clone, PartialEq)]
pub struct SavePart {
    pub cluster: usize,
    pub namespace: String,
    pub pod: String,
    pub container: String,
    pub label: Option<String>,
    pub since: chrono::DateTime<chrono::Utc>,
}

/// What the runtime must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Watch {
        cluster: usize,
        kind: Kind,
    },
    /// Check the cluster until it answers (it looked broken).
    Probe {
        cluster: usize,
    },
    Fetch {
        request: u64,
        cluster: usize,
        kind: Kind,
        namespace: String,
        name: String,
        yaml: bool,
        managed_fields: bool,
    },
    LogStart(LogRequest),
    LogStop {
        stream: u64,
    },
    /// Write a log buffer to a file named after `name`.
    SaveLog {
        name: String,
        content: String,
        lines: usize,
    },
    /// Fetch the given streams again from their start and save them,
    /// merged by time.
    SaveStream {
        name: String,
        parts: Vec<SavePart>,
        previous: bool,
    },
    /// Put text on the clipboard (OSC 52).
    Copy {
        text: String,
        lines: usize,
    },
    /// Suspend the screen and run a shell.
    Shell {
        cluster: usize,
        target: ShellTarget,
    },
}

pub fn update(s: &mut State, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    match action {
        Action::Tick => s.now = chrono::Utc::now(),
        Action::Cluster(ev) => cluster_event(s, ev, &mut fx),
        Action::Key(k) => key(s, k, &mut fx),
        Action::Log(ev) => logs::log_event(s, ev, &mut fx),
        Action::Notice(level, text) => s.message = Some((level, text)),
    }
    fx.extend(ensure_watches(s));
    fx
}

/// Watches the current view needs and has not asked for yet.
pub fn ensure_watches(s: &mut State) -> Vec<Effect> {
    let kinds = match s.view.scope.kind {
        View::Clusters => vec![Kind::Nodes, Kind::Pods, Kind::Events],
        View::Kind(k) => vec![k],
    };
    let mut fx = Vec::new();
    if let Mode::Logs(v) = &s.mode
        && matches!(v.target, crate::app::logview::Target::Workload { .. })
        && s.watched.insert((v.cluster, Kind::Pods))
    {
        fx.push(Effect::Watch {
            cluster: v.cluster,
            kind: Kind::Pods,
        });
    }
    for c in s.view_clusters() {
        for k in &kinds {
            if s.watched.insert((c, *k)) {
                fx.push(Effect::Watch {
                    cluster: c,
                    kind: *k,
                });
            }
        }
    }
    fx
}

fn searchable(cluster: &str, row: &Row) -> String {
    let now = chrono::Utc::now();
    let mut s = String::with_capacity(96);
    s.push_str(cluster);
    s.push(' ');
    s.push_str(&row.meta().namespace);
    for c in columns::cells(row, now) {
        s.push(' ');
        s.push_str(&c.text);
    }
    s
}

fn cluster_event(s: &mut State, ev: ClusterEvent, fx: &mut Vec<Effect>) {
    match ev {
        ClusterEvent::Status { cluster, status } => {
            if let Some(c) = s.clusters.get_mut(cluster) {
                match &status {
                    ClusterStatus::Connected { version } => {
                        c.version = Some(version.clone());
                        c.probing = false;
                        // A silently resumed watch is working again.
                        for w in c.watches.values_mut() {
                            if matches!(w, WatchState::Retrying(_)) {
                                *w = WatchState::Live;
                            }
                        }
                    }
                    ClusterStatus::Reconnecting { .. } if !c.probing => {
                        c.probing = true;
                        fx.push(Effect::Probe { cluster });
                    }
                    _ => {}
                }
                c.status = status;
            }
        }
        ClusterEvent::Healthy { cluster } => {
            if let Some(c) = s.clusters.get_mut(cluster)
                && matches!(
                    c.status,
                    ClusterStatus::Reconnecting { .. }
                        | ClusterStatus::Unreachable { .. }
                        | ClusterStatus::Unauthorized { .. }
                        | ClusterStatus::Connecting
                )
            {
                c.status = ClusterStatus::Connected {
                    version: c.version.clone().unwrap_or_default(),
                };
            }
        }
        ClusterEvent::Watch {
            cluster,
            kind,
            state,
        } => {
            if let Some(c) = s.clusters.get_mut(cluster) {
                c.watches.insert(kind, state);
            }
        }
        ClusterEvent::Rows {
            cluster,
            kind,
            change,
        } => {
            let name = s
                .clusters
                .get(cluster)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            let cache = s.caches.entry((cluster, kind)).or_default();
            cache.generation += 1;
            let entry = |row: Row| Entry {
                search: searchable(&name, &row),
                row,
            };
            match change {
                RowChange::Replace(rows) => {
                    cache.rows = rows
                        .into_iter()
                        .map(|r| (r.meta().uid.clone(), entry(r)))
                        .collect();
                    cache.synced = true;
                }
                RowChange::Upsert(rows) => {
                    for r in rows {
                        cache.rows.insert(r.meta().uid.clone(), entry(r));
                    }
                }
                RowChange::Delete(uids) => {
                    for u in uids {
                        cache.rows.remove(&u);
                    }
                }
            }
            if kind == Kind::Pods && matches!(&s.mode, Mode::Logs(v) if v.cluster == cluster) {
                logs::sync_workload(s, fx);
            }
        }
        ClusterEvent::Saved(result) => {
            s.message = Some(match result {
                Ok(m) => (Level::Info, m),
                Err(m) => (Level::Error, m),
            });
        }
        ClusterEvent::Detail { request, result } => {
            if let Mode::Detail(d) = &mut s.mode
                && d.request == request
            {
                d.text = Some(result);
            }
        }
    }
}

fn text_input(initial: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![initial.to_string()]);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

fn input_text(t: &TextArea) -> String {
    t.lines().first().cloned().unwrap_or_default()
}

fn key(s: &mut State, k: KeyEvent, fx: &mut Vec<Effect>) {
    if k.kind == crossterm::event::KeyEventKind::Release {
        return;
    }
    // Text inputs take keys first.
    let cluster_names: Vec<String> = s.clusters.iter().map(|c| c.name.clone()).collect();
    let namespaces = if matches!(s.mode, Mode::Command(_)) {
        known_namespaces(s)
    } else {
        Vec::new()
    };
    match &mut s.mode {
        Mode::Command(input) => {
            match k.code {
                KeyCode::Esc => s.mode = Mode::Normal,
                KeyCode::Enter => {
                    let line = input_text(input);
                    s.mode = Mode::Normal;
                    run_command(s, &line);
                }
                KeyCode::Tab => {
                    let line = input_text(input);
                    if let Some(first) = command::complete(&line, &cluster_names, &namespaces)
                        .into_iter()
                        .next()
                    {
                        *input = text_input(&first);
                    }
                }
                _ => {
                    input.input(k);
                }
            }
            return;
        }
        Mode::Filter(input) => {
            match k.code {
                KeyCode::Esc => {
                    s.mode = Mode::Normal;
                    set_filter(s, "");
                }
                KeyCode::Enter => s.mode = Mode::Normal,
                _ => {
                    input.input(k);
                    let text = input_text(input);
                    set_filter(s, &text);
                }
            }
            return;
        }
        Mode::Detail(d) if d.search_input.is_some() => {
            let input = d.search_input.as_mut().expect("checked");
            match k.code {
                KeyCode::Esc => d.search_input = None,
                KeyCode::Enter => {
                    d.search = input_text(input);
                    d.search_input = None;
                    jump_to_match(d, true, true);
                }
                _ => {
                    input.input(k);
                    d.search = input_text(input);
                }
            }
            return;
        }
        _ => {}
    }
    if matches!(s.mode, Mode::Logs(_)) {
        let action = s.keymap.action(Context::Logs, &k);
        if action == Some(KeyAction::Quit) {
            s.quit = true;
        } else if action == Some(KeyAction::Help)
            && matches!(&s.mode, Mode::Logs(v) if v.input.is_none())
        {
            s.back_mode = Some(std::mem::replace(&mut s.mode, Mode::Help { scroll: 0 }));
        } else {
            logs::logs_key(s, k, action, fx);
        }
        return;
    }
    let ctx = match s.mode {
        Mode::Detail(_) | Mode::Help { .. } => Context::Detail,
        _ => Context::Table,
    };
    let Some(action) = s.keymap.action(ctx, &k) else {
        return;
    };
    if action == KeyAction::Quit {
        s.quit = true;
        return;
    }
    match &mut s.mode {
        Mode::Help { scroll } => match action {
            KeyAction::Back | KeyAction::Help => {
                s.mode = s.back_mode.take().unwrap_or(Mode::Normal);
            }
            KeyAction::Down => *scroll += 1,
            KeyAction::Up => *scroll = scroll.saturating_sub(1),
            _ => {}
        },
        Mode::Detail(_) if action == KeyAction::Back => s.mode = Mode::Normal,
        Mode::Detail(d) => detail_key(d, action, s.page, fx, &mut s.next_request),
        Mode::Picker(_) => logs::picker_key(s, action, fx),
        _ => table_key(s, action, fx),
    }
}

fn detail_key(
    d: &mut Detail,
    action: KeyAction,
    page: usize,
    fx: &mut Vec<Effect>,
    next_request: &mut u64,
) {
    let lines = d
        .text
        .as_ref()
        .map_or(0, |t| t.as_ref().map_or(1, |t| t.lines().count()));
    let max = lines.saturating_sub(1);
    match action {
        KeyAction::Back => {}
        KeyAction::Down => d.scroll = (d.scroll + 1).min(max),
        KeyAction::Up => d.scroll = d.scroll.saturating_sub(1),
        KeyAction::PageDown => d.scroll = (d.scroll + page).min(max),
        KeyAction::PageUp => d.scroll = d.scroll.saturating_sub(page),
        KeyAction::Top => d.scroll = 0,
        KeyAction::Bottom => d.scroll = max,
        KeyAction::Filter => d.search_input = Some(text_input("")),
        KeyAction::SearchNext => jump_to_match(d, true, false),
        KeyAction::SearchPrev => jump_to_match(d, false, false),
        KeyAction::ToggleManagedFields | KeyAction::Yaml | KeyAction::Describe => {
            match action {
                KeyAction::ToggleManagedFields if d.yaml => d.managed_fields = !d.managed_fields,
                KeyAction::Yaml => d.yaml = true,
                KeyAction::Describe => d.yaml = false,
                _ => return,
            }
            let (cluster, kind, ns, name) = d.target.clone();
            d.request = *next_request;
            *next_request += 1;
            d.text = None;
            fx.push(Effect::Fetch {
                request: d.request,
                cluster,
                kind,
                namespace: ns,
                name,
                yaml: d.yaml,
                managed_fields: d.managed_fields,
            });
        }
        _ => {}
    }
}

/// Move the detail view to the next (or previous) line containing the
/// search text; `inclusive` starts at the current line.
fn jump_to_match(d: &mut Detail, forward: bool, inclusive: bool) {
    let Some(Ok(text)) = &d.text else { return };
    if d.search.is_empty() {
        return;
    }
    let needle = d.search.to_lowercase();
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    if n == 0 {
        return;
    }
    for step in 0..n {
        let offset = if inclusive { step } else { step + 1 };
        let i = if forward {
            (d.scroll + offset) % n
        } else {
            (d.scroll + n - offset % n) % n
        };
        if lines[i].to_lowercase().contains(&needle) {
            d.scroll = i;
            return;
        }
    }
}

fn set_filter(s: &mut State, text: &str) {
    s.view.filter_text = text.to_string();
    s.view.filter = Filter::parse(text);
    s.view.stale = true;
}

fn known_namespaces(s: &State) -> Vec<String> {
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

fn push_view(s: &mut State, scope: Scope) {
    let old = std::mem::replace(&mut s.view, ViewState::new(scope));
    s.back.push(old);
    if s.back.len() > 50 {
        s.back.remove(0);
    }
}

fn run_command(s: &mut State, line: &str) {
    if line.trim().is_empty() {
        return;
    }
    match command::parse(line) {
        Err(e) => s.message = Some((Level::Error, e.0)),
        Ok(Command::Quit) => s.quit = true,
        Ok(Command::Help) => s.mode = Mode::Help { scroll: 0 },
        Ok(Command::View {
            kind,
            clusters,
            namespaces,
            selector,
        }) => {
            let cluster = match clusters {
                None => s.view.scope.cluster,
                Some(names) => {
                    let mut idx = Vec::new();
                    for n in &names {
                        match s.clusters.iter().position(|c| &c.name == n) {
                            Some(i) => idx.push(i),
                            None => {
                                let known: Vec<&str> =
                                    s.clusters.iter().map(|c| c.name.as_str()).collect();
                                s.message = Some((
                                    Level::Error,
                                    format!("unknown cluster @{n} (open: {})", known.join(", ")),
                                ));
                                return;
                            }
                        }
                    }
                    if idx.len() == 1 { Some(idx[0]) } else { None }
                }
            };
            let scope = Scope {
                kind,
                cluster,
                namespaces: namespaces.unwrap_or_else(|| s.view.scope.namespaces.clone()),
                selector,
                drill: None,
            };
            push_view(s, scope);
        }
    }
}

fn table_key(s: &mut State, action: KeyAction, fx: &mut Vec<Effect>) {
    let n = s.view.rows.len();
    let page = s.page.max(1);
    match action {
        KeyAction::Command => s.mode = Mode::Command(text_input("")),
        KeyAction::Filter => s.mode = Mode::Filter(text_input(&s.view.filter_text.clone())),
        KeyAction::Help => s.mode = Mode::Help { scroll: 0 },
        KeyAction::Back => {
            if !s.view.filter_text.is_empty() {
                set_filter(s, "");
            } else if let Some(prev) = s.back.pop() {
                s.view = prev;
                s.view.stale = true;
            }
        }
        KeyAction::Down => move_cursor(s, s.view.cursor.saturating_add(1).min(n.saturating_sub(1))),
        KeyAction::Up => move_cursor(s, s.view.cursor.saturating_sub(1)),
        KeyAction::PageDown => move_cursor(s, (s.view.cursor + page).min(n.saturating_sub(1))),
        KeyAction::PageUp => move_cursor(s, s.view.cursor.saturating_sub(page)),
        KeyAction::Top => move_cursor(s, 0),
        KeyAction::Bottom => move_cursor(s, n.saturating_sub(1)),
        KeyAction::SortNext => {
            let cols = displayed_columns(s);
            let next = (sort_index(s) + 1) % cols.len().max(1);
            s.view.sort = (cols.get(next).map(|c| c.title), false);
            s.view.stale = true;
        }
        KeyAction::SortReverse => {
            s.view.sort.1 = !s.view.sort.1;
            s.view.stale = true;
        }
        KeyAction::AllNamespaces => {
            s.view.scope.namespaces = match s.view.scope.namespaces {
                NamespaceScope::All => NamespaceScope::Some(s.start_namespaces.clone()),
                _ => NamespaceScope::All,
            };
            s.view.stale = true;
        }
        KeyAction::AllClusters => {
            s.view.scope.cluster = match s.view.scope.cluster {
                Some(_) => None,
                None => s.selected_row().map(|(c, _)| c).or(Some(0)),
            };
            s.view.stale = true;
        }
        KeyAction::Enter => drill(s, fx),
        KeyAction::Describe | KeyAction::Yaml => open_detail(s, action == KeyAction::Yaml, fx),
        KeyAction::Logs => logs::open_logs(s, fx),
        KeyAction::Shell => logs::open_shell(s, fx),
        _ => {}
    }
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
    let (ns, name) = (row.meta().namespace.clone(), row.meta().name.clone());
    let request = s.next_request;
    s.next_request += 1;
    let cname = s.clusters[cluster].name.clone();
    let title = if ns.is_empty() {
        format!("{}/{name} @{cname}", kind.name())
    } else {
        format!("{}/{name} -n {ns} @{cname}", kind.name())
    };
    s.mode = Mode::Detail(Box::new(Detail {
        title,
        request,
        target: (cluster, kind, ns.clone(), name.clone()),
        yaml,
        managed_fields: false,
        text: None,
        scroll: 0,
        search: String::new(),
        search_input: None,
    }));
    fx.push(Effect::Fetch {
        request,
        cluster,
        kind,
        namespace: ns,
        name,
        yaml,
        managed_fields: false,
    });
}

fn drill(s: &mut State, fx: &mut Vec<Effect>) {
    let kind = s.view.scope.kind;
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
    let ns = row.meta().namespace.clone();
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
        Row::Pod(_) | Row::Service(_) | Row::Quota(_) | Row::LimitRange(_) | Row::Event(_) => {
            open_detail(s, false, fx);
            return;
        }
    };
    push_view(s, scope);
}

/// The columns shown: CLUSTER first when several clusters are shown,
/// NAMESPACE for namespaced kinds, then the kind's own.
pub fn displayed_columns(s: &State) -> Vec<columns::Column> {
    let mut v = Vec::new();
    if s.multi_cluster() && s.view.scope.kind != View::Clusters {
        v.push(columns::Column {
            title: "CLUSTER",
            width: 12,
        });
    }
    if s.view.scope.kind.namespaced() {
        v.push(columns::Column {
            title: "NAMESPACE",
            width: 16,
        });
    }
    v.extend_from_slice(columns::columns(s.view.scope.kind));
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
        return s.cluster_cells(r.cluster);
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
    v.extend(columns::cells(row, s.now));
    v
}

fn in_scope(s: &State, cluster: usize, row: &Row) -> bool {
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
            NamespaceScope::Some(list) => list.contains(&m.namespace),
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
        _ => false,
    }
}

/// The rows of the current (table) view that pass scope and filters, in
/// sort order. Rows are resolved once, so sorting compares borrowed fields
/// (name-like columns) or precomputed keys (the others).
fn sorted_rows(s: &State, kind: Kind, clusters: &[usize]) -> Vec<RowRef> {
    let mut items: Vec<(usize, &String, &Row)> = Vec::new();
    for c in clusters {
        let Some(cache) = s.caches.get(&(*c, kind)) else {
            continue;
        };
        for (uid, e) in &cache.rows {
            if in_scope(s, *c, &e.row)
                && s.view.label_filter.matches("", &e.row.meta().labels)
                && s.view.filter.matches(&e.search, &e.row.meta().labels)
            {
                items.push((*c, uid, &e.row));
            }
        }
    }
    let (col, desc) = (sort_index(s), s.view.sort.1);
    let cols = displayed_columns(s);
    let title = cols.get(col).map_or("", |c| c.title);
    // Index of the column among the kind's own cells.
    let prefix = cols.len() - columns::columns(View::Kind(kind)).len();
    let cname = |c: usize| s.clusters.get(c).map_or("", |x| x.name.as_str());
    let tie = |a: &(usize, &String, &Row), b: &(usize, &String, &Row)| {
        let (ma, mb) = (a.2.meta(), b.2.meta());
        cname(a.0)
            .cmp(cname(b.0))
            .then_with(|| ma.namespace.cmp(&mb.namespace))
            .then_with(|| ma.name.cmp(&mb.name))
    };
    let order = |o: Ordering| if desc { o.reverse() } else { o };
    match title {
        "CLUSTER" => {
            items.sort_by(|a, b| order(cname(a.0).cmp(cname(b.0))).then_with(|| tie(a, b)))
        }
        "NAMESPACE" => items.sort_by(|a, b| {
            order(a.2.meta().namespace.cmp(&b.2.meta().namespace)).then_with(|| tie(a, b))
        }),
        "NAME" => items
            .sort_by(|a, b| order(a.2.meta().name.cmp(&b.2.meta().name)).then_with(|| tie(a, b))),
        _ => {
            let now = s.now;
            let mut keyed: Vec<(SortKey, (usize, &String, &Row))> = items
                .into_iter()
                .map(|it| {
                    let key = columns::cells(it.2, now)
                        .into_iter()
                        .nth(col.saturating_sub(prefix))
                        .map_or(SortKey::Num(0), |c| c.key);
                    (key, it)
                })
                .collect();
            keyed.sort_by(|a, b| order(a.0.cmp(&b.0)).then_with(|| tie(&a.1, &b.1)));
            items = keyed.into_iter().map(|(_, it)| it).collect();
        }
    }
    items
        .into_iter()
        .map(|(c, uid, _)| RowRef {
            cluster: c,
            uid: uid.clone(),
        })
        .collect()
}

/// Recompute the shown rows if the data, scope, filter or sort changed,
/// keeping the cursor on the same object.
pub fn refresh(s: &mut State) {
    let view = s.view.scope.kind;
    let clusters = s.view_clusters();
    let gens: Vec<u64> = clusters
        .iter()
        .map(|c| {
            view.kind()
                .and_then(|k| s.caches.get(&(*c, k)))
                .map_or(0, |x| x.generation)
        })
        .chain(std::iter::once(if view == View::Clusters {
            s.caches.values().map(|c| c.generation).sum()
        } else {
            0
        }))
        .collect();
    if !s.view.stale && s.view.computed_from == gens {
        return;
    }
    let rows: Vec<RowRef> = if let View::Kind(kind) = view {
        sorted_rows(s, kind, &clusters)
    } else {
        let mut idx = clusters.clone();
        let (col, desc) = (sort_index(s), s.view.sort.1);
        idx.sort_by(|a, b| {
            let (ka, kb) = (s.cluster_cells(*a), s.cluster_cells(*b));
            let o = ka
                .get(col)
                .map(|c| &c.key)
                .cmp(&kb.get(col).map(|c| &c.key));
            (if desc { o.reverse() } else { o }).then(a.cmp(b))
        });
        idx.into_iter()
            .map(|c| RowRef {
                cluster: c,
                uid: String::new(),
            })
            .collect()
    };
    s.view.rows = rows;
    s.view.computed_from = gens;
    s.view.stale = false;
    // Keep the cursor on its object.
    let n = s.view.rows.len();
    if let Some(sel) = &s.view.selected
        && let Some(i) = s.view.rows.iter().position(|r| r == sel)
    {
        s.view.cursor = i;
    }
    s.view.cursor = s.view.cursor.min(n.saturating_sub(1));
    if s.view.selected.is_some() {
        s.view.selected = s.view.rows.get(s.view.cursor).cloned();
    }
}

/// What the breadcrumbs say about the current view.
pub fn breadcrumbs(s: &State) -> Vec<String> {
    let describe = |v: &ViewState| {
        let mut t = v.scope.kind.name().to_string();
        match &v.scope.drill {
            Some(Drill::Selector { label, .. }) => t = format!("{label} > {t}"),
            Some(Drill::Node(n)) => t = format!("node/{n} > {t}"),
            Some(Drill::Owner { name, .. }) => t = format!("rs/{name} > {t}"),
            None => {}
        }
        t
    };
    s.back
        .iter()
        .map(describe)
        .chain(std::iter::once(describe(&s.view)))
        .collect()
}

mod logs;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_logs;
