//! The `:` command line and the `/` filter line (overlays over the table
//! that take every key), and running a command.

use crossterm::event::{KeyCode, KeyEvent};

use super::{help, input_text, table, text_input};
use crate::app::catalog::Resolved;
use crate::app::command::{self, Command, NamespaceScope};
use crate::app::derive;
use crate::app::state::{Level, Overlay, Scope, State};

/// A view's resource with its group (`events.events.k8s.io`).
fn qualified(view: crate::app::view::View) -> String {
    match view.kind() {
        Some(k) if !k.group().is_empty() => format!("{}.{}", k.name(), k.group()),
        Some(k) => k.name().to_string(),
        None => view.name().to_string(),
    }
}

/// A key while the command line is open.
pub fn command_key(s: &mut State, k: KeyEvent) {
    match k.code {
        KeyCode::Esc => {
            s.overlays.pop();
        }
        KeyCode::Enter => {
            let line = match s.overlays.pop() {
                Some(Overlay::Command(input)) => input_text(&input),
                _ => return,
            };
            run_command(s, &line);
        }
        KeyCode::Tab => {
            let cluster_names: Vec<String> = s.clusters.iter().map(|c| c.name.clone()).collect();
            let namespaces = derive::known_namespaces(s);
            let Some(Overlay::Command(input)) = s.overlays.last() else {
                return;
            };
            let line = input_text(input);
            if let Some(first) =
                command::complete_with(&line, &cluster_names, &namespaces, &s.catalog)
                    .into_iter()
                    .next()
                && let Some(Overlay::Command(input)) = s.overlays.last_mut()
            {
                *input = text_input(&first);
            }
        }
        _ => {
            if let Some(Overlay::Command(input)) = s.overlays.last_mut() {
                input.input(k);
            }
        }
    }
}

/// A key while the filter line is open: the filter applies as it is typed.
pub fn filter_key(s: &mut State, k: KeyEvent) {
    match k.code {
        KeyCode::Esc => {
            s.overlays.pop();
            table::set_filter(s, "");
        }
        KeyCode::Enter => {
            s.overlays.pop();
        }
        _ => {
            let Some(Overlay::Filter(input)) = s.overlays.last_mut() else {
                return;
            };
            input.input(k);
            let text = input_text(input);
            table::set_filter(s, &text);
        }
    }
}

fn run_command(s: &mut State, line: &str) {
    if line.trim().is_empty() {
        return;
    }
    match command::parse_with(line, &s.catalog) {
        Err(e) => s.message = Some((Level::Error, e.0)),
        Ok(Command::Category { name, members }) => {
            s.message = Some((
                Level::Info,
                format!(
                    "\"{name}\" is a category: {} (open one with :NAME)",
                    members.join(", ")
                ),
            ));
        }
        Ok(Command::Quit) => s.quit = true,
        Ok(Command::Help) => help::open(s),
        Ok(Command::Top { kind, by_memory }) => {
            table::push_view(
                s,
                Scope {
                    kind,
                    cluster: None,
                    namespaces: NamespaceScope::All,
                    selector: None,
                    drill: None,
                },
            );
            s.view.sort = (Some(if by_memory { "MEM" } else { "CPU" }), true);
            s.view.stale = true;
        }
        Ok(Command::View {
            kind,
            clusters,
            namespaces,
            selector,
        }) => {
            let cluster = match clusters {
                // Alerts span every open cluster unless told otherwise.
                None if matches!(
                    kind,
                    crate::app::view::View::Alerts
                        | crate::app::view::View::Can
                        | crate::app::view::View::Pulse
                ) =>
                {
                    None
                }
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
            // A name that matched in several groups: which one is shown,
            // and how to ask for the others (as kubectl picks, by group).
            if let Some(word) = line.split_whitespace().next()
                && let Some(Resolved::View { also, .. }) = s.catalog.resolve(word)
                && !also.is_empty()
                && crate::app::view::View::parse(word).is_none()
            {
                s.message = Some((
                    Level::Info,
                    format!(
                        "showing {}; also served: {} (use NAME.GROUP)",
                        qualified(kind),
                        also.join(", ")
                    ),
                ));
            }
            let scope = Scope {
                kind,
                cluster,
                namespaces: namespaces.unwrap_or_else(|| s.view.scope.namespaces.clone()),
                selector,
                drill: None,
            };
            table::push_view(s, scope);
        }
    }
}
