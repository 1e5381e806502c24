//! Keys in the describe/YAML view: scrolling, search, switching between
//! describe and YAML (a new fetch), managedFields.

use crossterm::event::{KeyCode, KeyEvent};

use super::{help, input_text, text_input};
use crate::app::msg::{Effect, Intent};
use crate::app::state::{Detail, Level, Screen, State};

/// A key in the describe/YAML view (its search input first).
pub fn detail_key(s: &mut State, k: KeyEvent, intent: Option<Intent>, fx: &mut Vec<Effect>) {
    let page = s.page();
    if intent == Some(Intent::Reveal)
        && let Screen::Detail(d) = &s.screen
        && d.search_input.is_none()
        && !d.target.1.generic().is_some_and(|r| r.is_secret())
    {
        s.message = Some((
            Level::Info,
            "only a secret's values are hidden: nothing to reveal here".into(),
        ));
        return;
    }
    let Screen::Detail(d) = &mut s.screen else {
        return;
    };
    if let Some(input) = &mut d.search_input {
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
    let Some(action) = intent else {
        return;
    };
    match action {
        Intent::Back => {
            s.screen = match d.back.take() {
                Some(back) => *back,
                None => Screen::Table,
            };
            return;
        }
        Intent::Help => {
            help::open(s);
            return;
        }
        _ => {}
    }
    let next_request = &mut s.next_request;
    let lines = d
        .text
        .as_ref()
        .map_or(0, |t| t.as_ref().map_or(1, |t| t.lines().count()));
    let max = lines.saturating_sub(1);
    match action {
        Intent::Down => d.scroll = (d.scroll + 1).min(max),
        Intent::Up => d.scroll = d.scroll.saturating_sub(1),
        Intent::PageDown => d.scroll = (d.scroll + page).min(max),
        Intent::PageUp => d.scroll = d.scroll.saturating_sub(page),
        Intent::Top => d.scroll = 0,
        Intent::Bottom => d.scroll = max,
        Intent::Filter => d.search_input = Some(text_input("")),
        Intent::SearchNext => jump_to_match(d, true, false),
        Intent::SearchPrev => jump_to_match(d, false, false),
        Intent::ToggleManagedFields | Intent::Yaml | Intent::Describe | Intent::Reveal
            if !d.local =>
        {
            match action {
                Intent::ToggleManagedFields if d.yaml => d.managed_fields = !d.managed_fields,
                Intent::Yaml => d.yaml = true,
                Intent::Describe => d.yaml = false,
                Intent::Reveal if d.target.1.generic().is_some_and(|r| r.is_secret()) => {
                    d.reveal = !d.reveal;
                }
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
                reveal: d.reveal,
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
