//! Keys in the log view: its search and filter inputs first, then
//! scrolling, toggles, where to start (since, previous), copy and save.

use crossterm::event::{KeyCode, KeyEvent};

use super::{help, input_text, logs, text_input};
use crate::app::logview::{InputKind, LogView, Target};
use crate::app::msg::{Effect, Intent, SavePart};
use crate::app::state::{Level, Screen, State};
use crate::kube::logs::Since;

/// Keys while the log view is open (its text inputs first).
pub fn logs_key(s: &mut State, k: KeyEvent, action: Option<Intent>, fx: &mut Vec<Effect>) {
    let Screen::Logs(v) = &mut s.screen else {
        return;
    };
    if v.input.is_some() {
        if let Some(m) = input_key(v, k) {
            s.message = Some((Level::Info, m));
        }
        return;
    }
    let Some(action) = action else { return };
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
        Intent::Previous | Intent::Since(_) => {
            let tail = s.log_settings.tail;
            restart(v, action, tail, &mut s.next_request, fx);
        }
        Intent::Copy => {
            if let Some(m) = copy(v, fx) {
                s.message = Some((Level::Info, m));
            }
        }
        Intent::Save => fx.push(save_buffer(v)),
        Intent::SaveAll => s.message = Some((Level::Info, save_all(v, fx))),
        other => move_or_toggle(v, other),
    }
}

/// A key in the search or filter input; what to tell the user, if
/// anything.
fn input_key(v: &mut LogView, k: KeyEvent) -> Option<String> {
    let (kind, input) = v.input.as_mut()?;
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
                    return Some(format!("no line matches {text:?}"));
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
    None
}

/// Scrolling, the selection mark and the display toggles.
fn move_or_toggle(v: &mut LogView, action: Intent) {
    let page = v.page.max(1) as isize;
    match action {
        Intent::Up => v.scroll(-1),
        Intent::Down => v.scroll(1),
        Intent::PageUp => v.scroll(-page),
        Intent::PageDown => v.scroll(page),
        Intent::Top => v.to_top(),
        Intent::Bottom => v.to_bottom(),
        Intent::Left => v.hscroll = v.hscroll.saturating_sub(8),
        Intent::Right => v.hscroll += 8,
        Intent::Timestamps => v.timestamps = !v.timestamps,
        Intent::Wrap => {
            v.wrap = !v.wrap;
            v.hscroll = 0;
        }
        Intent::RawJson => v.raw_json = !v.raw_json,
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
        _ => {}
    }
}

/// `p` (previous instance on/off) or a since key: every stream again.
fn restart(v: &mut LogView, action: Intent, tail: i64, next: &mut u64, fx: &mut Vec<Effect>) {
    let what = match action {
        Intent::Previous => {
            v.previous = !v.previous;
            if v.previous {
                "showing the previous (terminated) container instance; p again for the current one"
                    .to_string()
            } else {
                format!(
                    "following the current containers from {}",
                    logs::since_label(v.since)
                )
            }
        }
        Intent::Since(choice) => {
            v.since = match choice {
                0 => Since::Tail(tail),
                1 => Since::Seconds(60),
                2 => Since::Seconds(300),
                3 => Since::Seconds(900),
                4 => Since::Seconds(3600),
                _ => Since::All,
            };
            format!("showing {}", logs::since_label(v.since))
        }
        _ => return,
    };
    logs::restart(v, next, fx, &what);
}

/// Copy the selection (or the current line); what to tell the user when
/// there is nothing to copy.
fn copy(v: &mut LogView, fx: &mut Vec<Effect>) -> Option<String> {
    let text: Vec<String> = v
        .selection()
        .iter()
        .filter_map(|q| v.plain(*q, v.timestamps))
        .collect();
    if text.is_empty() {
        return Some("nothing to copy yet".into());
    }
    let n = text.len();
    fx.push(Effect::Copy {
        text: text.join("\n"),
        lines: n,
    });
    v.mark = None;
    None
}

/// The buffer as it is, with a header that counts what was dropped.
fn save_buffer(v: &LogView) -> Effect {
    let mut out = String::new();
    out.push_str(&format!("# kdeck {}\n", v.title));
    if v.lines.dropped_items > 0 {
        out.push_str(&format!(
            "# {} older lines ({} bytes) were dropped from the buffer before this point\n",
            v.lines.dropped_items, v.lines.dropped_bytes
        ));
    }
    for q in v.first()..v.pushed {
        if let Some(l) = v.plain(q, true) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    Effect::SaveLog {
        name: v.title.clone(),
        content: out,
        lines: v.lines.len(),
    }
}

/// Everything since the view opened, fetched again; what to tell the user.
fn save_all(v: &LogView, fx: &mut Vec<Effect>) -> String {
    let namespace = match &v.target {
        Target::Pod { namespace, .. } | Target::Workload { namespace, .. } => namespace.clone(),
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
        return "nothing received yet to save".into();
    }
    let n = parts.len();
    fx.push(Effect::SaveStream {
        name: v.title.clone(),
        parts,
        previous: v.previous,
    });
    format!("saving {n} stream(s) since the view opened…")
}
