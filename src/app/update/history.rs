//! The history screen of a workload: its revisions read (and read again
//! when the workload or its ReplicaSets change), a revision's template or
//! its diff against the running one, a rollback to the one selected.

use crate::app::msg::{Effect, Intent};
use crate::app::ops::Ask;
use crate::app::state::{Screen, State};
use crate::kube::HistoryView;
use crate::kube::kind::Kind;
use crate::kube::ops::Op;

use super::ops::ask;

/// Rows of `kind` changed in `cluster`: a history on screen of a workload
/// there reads itself again (a rollback renumbers, a new rollout adds a
/// revision), one read at a time.
pub fn history_follows(s: &mut State, cluster: usize, kind: Kind, fx: &mut Vec<Effect>) {
    let fresh = s.next_request;
    let Screen::History(h) = &mut s.screen else {
        return;
    };
    if h.target.cluster != cluster
        || !(kind == h.target.kind || kind == Kind::ReplicaSets)
        || h.view.is_none()
    {
        return;
    }
    s.next_request += 1;
    h.run = fresh;
    fx.push(Effect::ReadHistory {
        run: fresh,
        target: h.target.clone(),
    });
}

/// A revision history came.
pub fn history(s: &mut State, run: u64, result: Result<HistoryView, String>) {
    if let Screen::History(h) = &mut s.screen
        && h.run == run
    {
        h.view = Some(result);
        h.cursor = 0;
    }
}

/// Keys on the history screen.
pub fn history_key(s: &mut State, intent: Option<Intent>, fx: &mut Vec<Effect>) {
    let Screen::History(h) = &mut s.screen else {
        return;
    };
    let n = match &h.view {
        Some(Ok(v)) => v.revisions.len(),
        _ => 0,
    };
    match intent {
        Some(Intent::Back) => s.screen = Screen::Table,
        Some(Intent::Down) => h.cursor = (h.cursor + 1).min(n.saturating_sub(1)),
        Some(Intent::Up) => h.cursor = h.cursor.saturating_sub(1),
        Some(Intent::Top) => h.cursor = 0,
        Some(Intent::Bottom) => h.cursor = n.saturating_sub(1),
        Some(Intent::Enter | Intent::Diff) => show_revision(s, intent == Some(Intent::Diff)),
        Some(Intent::Rollback) => {
            let Some(rev) = h.selected().map(|r| r.number) else {
                return;
            };
            let target = h.target.clone();
            ask(
                s,
                Ask {
                    targets: vec![target],
                    op: Op::Rollback { to: rev },
                },
                fx,
            );
        }
        Some(Intent::Help) => super::help::open(s),
        _ => {}
    }
}

/// The selected revision's template (kubectl's format), or its diff
/// against the running one, as a text screen that returns here.
fn show_revision(s: &mut State, diff: bool) {
    let Screen::History(h) = &s.screen else {
        return;
    };
    let (Some(rev), Some(Ok(view))) = (h.selected(), &h.view) else {
        return;
    };
    let t = h.target.clone();
    let what = format!("{}.apps/{}", t.kind.singular().to_lowercase(), t.name);
    let (title, text) = if diff {
        let d = crate::kube::ops::template::diff(
            &format!("revision {}", rev.number),
            &rev.template,
            "running now",
            &view.template,
        );
        (
            format!(
                "diff revision {} → running {} @{}",
                rev.number,
                t.describe(),
                t.context
            ),
            if d.is_empty() {
                format!("revision {} is the running template", rev.number)
            } else {
                d
            },
        )
    } else {
        (
            format!("revision {} of {} @{}", rev.number, t.describe(), t.context),
            crate::kube::ops::template::describe(&what, rev),
        )
    };
    let back = std::mem::replace(&mut s.screen, Screen::Table);
    let request = s.next_request;
    s.next_request += 1;
    s.screen = Screen::Detail(Box::new(crate::app::state::Detail {
        title,
        request,
        target: (t.cluster, t.kind, t.namespace, t.name),
        yaml: false,
        managed_fields: false,
        text: Some(Ok(text)),
        scroll: 0,
        search: String::new(),
        search_input: None,
        local: true,
        reveal: false,
        diff,
        back: Some(Box::new(back)),
    }));
}
