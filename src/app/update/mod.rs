//! `update(state, msg) -> effects`: the whole behaviour of the console
//! without I/O. A key is mapped to an intent once, here, and goes to the
//! top overlay or else to the screen; cluster and log events update caches
//! and views; effects ask the runtime to start watches, fetch objects,
//! stream logs, save, copy and open shells.

mod cluster;
mod command;
mod detail;
mod help;
mod history;
mod log_keys;
mod logs;
mod ops;
mod picker;
pub mod related;
mod shell;
mod table;
pub mod tree;

use crossterm::event::{KeyEvent, KeyEventKind};
use ratatui_textarea::TextArea;

use super::logview::Target;
use super::msg::{Effect, Intent, Msg};
use super::state::{Overlay, Screen, State};
use super::view::View;
use super::{access, derive};
use crate::config::keymap::Context;
use crate::kube::kind::Kind;

/// Which message is on the line (a new one, even with the same text, is
/// another string).
fn said(s: &State) -> Option<(*const u8, usize)> {
    s.message.as_ref().map(|(_, m)| (m.as_ptr(), m.len()))
}

pub fn update(s: &mut State, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    // What may be done on screen is asked after keys and ticks (a tick
    // comes before each frame), not after each of a burst of cluster events.
    let look = matches!(msg, Msg::Key(_) | Msg::Tick(_));
    let said = said(s);
    match msg {
        Msg::Tick(now) => {
            s.now = now;
            if let (Some((level, _)), Some(since)) = (&s.message, s.message_since)
                && now - since >= level.shown_for()
            {
                s.message = None;
            }
            derive::refresh(s);
            tree::due(s, &mut fx);
        }
        Msg::Resize { width, height } => {
            s.size = (width, height);
            derive::refresh(s);
        }
        // Cluster and log events come in bursts: what they change is
        // derived once per frame (the runtime calls `derive::refresh`
        // before drawing), not once per event.
        Msg::Cluster(ev) => cluster::event(s, ev, &mut fx),
        Msg::Log(ev) => logs::log_event(s, ev, &mut fx),
        Msg::Key(k) => {
            // Keys act on what is on screen.
            derive::refresh(s);
            key(s, k, &mut fx);
            derive::refresh(s);
        }
        Msg::Notice(level, text) => s.message = Some((level, text)),
    }
    if said != self::said(s) {
        s.message_since = s.message.as_ref().map(|_| s.now);
    }
    fx.extend(discovery_due(s));
    fx.extend(ensure_watches(s));
    if look {
        fx.extend(
            access::to_ask(s)
                .into_iter()
                .map(|key| Effect::CheckAccess { key }),
        );
    }
    fx.extend(
        super::can::to_ask(s)
            .into_iter()
            .map(|key| Effect::ReviewRules { key }),
    );
    fx.extend(super::metrics::due(s));
    fx
}

/// Discovery of the connected clusters not asked yet (a cluster is asked
/// once it connects; again when the command line opens and what it said
/// is older than `catalog::STALE_SECS`).
pub fn discovery_due(s: &mut State) -> Vec<Effect> {
    let mut fx = Vec::new();
    for (i, c) in s.clusters.iter().enumerate() {
        // Another context of the same API server: its discovery is that
        // one's (discovery is the same for every user).
        if !c.status.is_ok() || c.same_as.is_some() {
            continue;
        }
        let d = s.catalog.clusters.entry(i).or_default();
        if d.asked.is_none() {
            d.asked = Some(s.now);
            fx.push(Effect::Discover { cluster: i });
        }
    }
    fx
}

/// Watches the current view needs and has not asked for yet.
pub fn ensure_watches(s: &mut State) -> Vec<Effect> {
    let kinds = match s.view.scope.kind {
        // Warning events come from a watch of their own (`app::pulse`).
        View::Clusters => vec![Kind::Nodes, Kind::Pods],
        View::Alerts => super::alerts::KINDS.to_vec(),
        View::Can => Vec::new(),
        View::Pulse => super::pulse::KINDS.to_vec(),
        // Nodes show their pods' requests, workloads their pods' usage.
        View::Kind(
            k @ (Kind::Nodes | Kind::Deployments | Kind::StatefulSets | Kind::DaemonSets),
        ) => {
            vec![k, Kind::Pods]
        }
        View::Kind(k) => vec![k],
    };
    let mut fx: Vec<Effect> = super::pulse::to_watch(s)
        .into_iter()
        .map(|cluster| Effect::WatchWarnings { cluster })
        .collect();
    if let Screen::Logs(v) = &s.screen
        && matches!(v.target, Target::Workload { .. })
        && s.watched.insert((v.cluster, Kind::Pods))
    {
        fx.push(Effect::Watch {
            cluster: v.cluster,
            kind: Kind::Pods,
        });
    }
    // A history on screen follows the workload and its ReplicaSets.
    if let Screen::History(h) = &s.screen {
        for k in [h.target.kind, Kind::ReplicaSets] {
            if s.watched.insert((h.target.cluster, k)) {
                fx.push(Effect::Watch {
                    cluster: h.target.cluster,
                    kind: k,
                });
            }
        }
    }
    // A tree on screen follows the workload, its sets and pods.
    if let Screen::Tree(t) = &s.screen {
        for (cluster, kind) in tree::watches(t) {
            if s.watched.insert((cluster, kind)) {
                fx.push(Effect::Watch { cluster, kind });
            }
        }
    }
    for c in s.view_clusters() {
        for k in &kinds {
            // A generic kind is watched where it is served (known once the
            // cluster's discovery answered).
            if s.catalog.serves(c, *k) != Some(true) {
                continue;
            }
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

/// The keymap context of what takes the keys now.
pub fn context(s: &State) -> Context {
    match (s.overlays.last(), &s.screen) {
        (Some(Overlay::Help { .. }), _) => Context::Detail,
        (Some(_), _) => Context::Table,
        (None, Screen::Table) => table_context(s.view.scope.kind),
        (None, Screen::Detail(_)) => Context::Detail,
        (None, Screen::Logs(_)) => Context::Logs,
        (None, Screen::History(_)) => Context::History,
        (None, Screen::Tree(_)) => Context::Tree,
        (None, Screen::Drain(_)) => Context::Table,
    }
}

/// The keys of a table view: pods, workloads and nodes have their own.
pub fn table_context(view: View) -> Context {
    match view {
        View::Kind(Kind::Pods) => Context::Pods,
        View::Kind(
            Kind::Deployments | Kind::StatefulSets | Kind::DaemonSets | Kind::ReplicaSets,
        ) => Context::Workloads,
        View::Kind(Kind::Nodes) => Context::Nodes,
        _ => Context::Table,
    }
}

fn key(s: &mut State, k: KeyEvent, fx: &mut Vec<Effect>) {
    if k.kind == KeyEventKind::Release {
        return;
    }
    let intent = s.keymap.action(context(s), &k);
    // Text inputs take every key (ctrl-c included); elsewhere quit wins.
    if intent == Some(Intent::Quit) && !s.typing() {
        s.quit = true;
        return;
    }
    match s.overlays.last() {
        Some(Overlay::Command(_)) => command::command_key(s, k),
        Some(Overlay::Filter(_)) => command::filter_key(s, k),
        Some(Overlay::Help { .. }) => help::help_key(s, intent),
        Some(Overlay::Picker(_)) => picker::picker_key(s, intent, fx),
        Some(Overlay::Form(_)) => ops::form_key(s, k, intent, fx),
        Some(Overlay::Confirm(_)) => ops::confirm_key(s, k, intent, fx),
        Some(Overlay::Busy(_)) => ops::busy_key(s, k),
        Some(Overlay::Panel(_)) => {
            if intent == Some(Intent::Back) {
                s.overlays.pop();
            }
        }
        None => match &s.screen {
            Screen::Table => {
                if let Some(intent) = intent {
                    table::table_key(s, intent, fx);
                }
            }
            Screen::Detail(_) => detail::detail_key(s, k, intent, fx),
            Screen::Logs(_) => log_keys::logs_key(s, k, intent, fx),
            Screen::History(_) => history::history_key(s, intent, fx),
            Screen::Tree(_) => tree::tree_key(s, intent, fx),
            Screen::Drain(_) => ops::drain_key(s, intent, fx),
        },
    }
}

/// A one-line text input holding `initial`, the cursor at its end.
fn text_input(initial: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![initial.to_string()]);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

fn input_text(t: &TextArea) -> String {
    t.lines().first().cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_access;
#[cfg(test)]
mod tests_logs;
#[cfg(test)]
mod tests_metrics;
#[cfg(test)]
mod tests_ops;
#[cfg(test)]
mod tests_related;
