//! Keys in the log view: its search and filter inputs first, then
//! scrolling, toggles, where to start (since), copy and save.

use crossterm::event::{KeyCode, KeyEvent};

use super::{help, input_text, logs, text_input};
use crate::app::logview::{InputKind, Target};
use crate::app::msg::{Effect, Intent, SavePart};
use crate::app::state::{Level, Screen, State};
use crate::kube::logs::Since;

/// Keys while the log view is open (its text inputs first).
pub fn logs_key(s: &mut State, k: KeyEvent, action: Option<Intent>, fx: &mut Vec<Effect>) {
    let Screen::Logs(v) = &mut s.screen else {
        return;
    };
    if let Some((kind, input)) = &mut v.input {
        let kind = *kind;
        match k.code {
            KeyCode::Esc => {
                if kind == InputKind::Filter {
                    v.set_filter("");
                } else {
                    v.set_search("");
                }
                v.input = None;
            }
            KeyCode::Enter => {
                let text = input_text(input);
                v.input = None;
                if kind == InputKind::Search {
                    v.set_search(&text);
                    if !text.is_empty() && !v.jump(false) {
                        s.message = Some((Level::Info, format!("no line matches {text:?}")));
                    }
                }
            }
            _ => {
                input.input(k);
                let text = input_text(input);
                match kind {
                    InputKind::Filter => v.set_filter(&text),
                    InputKind::Search => v.set_search(&text),
                }
            }
        }
        return;
    }
    let Some(action) = action else { return };
    let page = v.page.max(1) as isize;
    match action {
        Intent::Help => help::open(s),
        Intent::Back => {
            if v.mark.is_some() {
                v.mark = None;
            } else if v.filter.is_some() {
                v.set_filter("");
            } else if v.search.is_some() {
                v.set_search("");
            } else {
                logs::stop_all(v, fx);
                s.screen = Screen::Table;
            }
        }
        Intent::Up => v.scroll(-1),
        Intent::Down => v.scroll(1),
        Intent::PageUp => v.scroll(-page),
        Intent::PageDown => v.scroll(page),
        Intent::Top => v.to_top(),
        Intent::Bottom => v.to_bottom(),
        Intent::Left => v.hscroll = v.hscroll.saturating_sub(8),
        Intent::Right => v.hscroll += 8,
        Intent::Filter => v.input = Some((InputKind::Search, text_input(&v.search_text.clone()))),
        Intent::LineFilter => {
            let cur = v
                .filter
                .as_ref()
                .map(|f| f.text.clone())
                .unwrap_or_default();
            v.input = Some((InputKind::Filter, text_input(&cur)));
        }
        Intent::SearchNext | Intent::SearchPrev => {
            if v.search.is_none() {
                s.message = Some((Level::Info, "no search: / to search".into()));
            } else if !v.jump(action == Intent::SearchNext) {
                s.message = Some((Level::Info, format!("no line matches {:?}", v.search_text)));
            }
        }
        Intent::Timestamps => v.timestamps = !v.timestamps,
        Intent::Wrap => {
            v.wrap = !v.wrap;
            v.hscroll = 0;
        }
        Intent::RawJson => v.raw_json = !v.raw_json,
        Intent::Previous => {
            v.previous = !v.previous;
            let what = if v.previous {
                "showing the previous (terminated) container instance; p again for the current one"
                    .to_string()
            } else {
                format!(
                    "following the current containers from {}",
                    logs::since_label(v.since)
                )
            };
            logs::restart(v, &mut s.next_request, fx, &what);
        }
        Intent::Since(choice) => {
            let since = match choice {
                0 => Since::Tail(s.log_settings.tail),
                1 => Since::Seconds(60),
                2 => Since::Seconds(300),
                3 => Since::Seconds(900),
                4 => Since::Seconds(3600),
                _ => Since::All,
            };
            v.since = since;
            let what = format!("showing {}", logs::since_label(since));
            logs::restart(v, &mut s.next_request, fx, &what);
        }
        Intent::Mark => {
            v.mark = match v.mark {
                Some(_) => None,
                None => v.current(),
            };
            if v.mark.is_some() {
                v.follow = false;
                v.cursor = v.mark.unwrap_or(0);
            }
        }
        Intent::Copy => {
            let seqs = v.selection();
            let text: Vec<String> = seqs
                .iter()
                .filter_map(|q| v.plain(*q, v.timestamps))
                .collect();
            if text.is_empty() {
                s.message = Some((Level::Info, "nothing to copy yet".into()));
            } else {
                let n = text.len();
                fx.push(Effect::Copy {
                    text: text.join("\n"),
                    lines: n,
                });
                v.mark = None;
            }
        }
        Intent::Save => {
            let mut out = String::new();
            out.push_str(&format!("# kdeck {}\n", v.title));
            if v.lines.dropped_items > 0 {
                out.push_str(&format!(
                    "# {} older lines ({} bytes) were dropped from the buffer before this point\n",
                    v.lines.dropped_items, v.lines.dropped_bytes
                ));
            }
            let first = v.first();
            for q in first..v.pushed {
                if let Some(l) = v.plain(q, true) {
                    out.push_str(&l);
                    out.push('\n');
                }
            }
            fx.push(Effect::SaveLog {
                name: v.title.clone(),
                content: out,
                lines: v.lines.len(),
            });
        }
        Intent::SaveAll => {
            let namespace = match &v.target {
                Target::Pod { namespace, .. } | Target::Workload { namespace, .. } => {
                    namespace.clone()
                }
            };
            let prefixed = v.prefixed();
            let with_container = v.with_container();
            let parts: Vec<SavePart> = v
                .sources
                .iter()
                .filter_map(|src| {
                    Some(SavePart {
                        cluster: v.cluster,
                        namespace: namespace.clone(),
                        pod: src.pod.clone(),
                        container: src.container.clone(),
                        label: prefixed.then(|| src.label(with_container)),
                        since: src.first_ts?,
                    })
                })
                .collect();
            if parts.is_empty() {
                s.message = Some((Level::Info, "nothing received yet to save".into()));
            } else {
                s.message = Some((
                    Level::Info,
                    format!("saving {} stream(s) since the view opened…", parts.len()),
                ));
                fx.push(Effect::SaveStream {
                    name: v.title.clone(),
                    parts,
                    previous: v.previous,
                });
            }
        }
        _ => {}
    }
}
