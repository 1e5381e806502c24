//! Operations in the state machine: a key on a row (or on the marked rows)
//! asks for what it needs (a form), then the cluster works the operation
//! out and dry-runs it (busy), then the confirmation shows every target
//! and change; only a yes sends anything. Results and a drain's progress
//! come back as cluster events.

use crossterm::event::{KeyCode, KeyEvent};

use super::text_input;
use crate::app::access;
use crate::app::msg::{Effect, Intent};
use crate::app::ops::{
    Ask, Busy, Confirm, DeleteForm, DrainForm, DrainScreen, Form, HistoryScreen, ScaleForm,
    action_targets, applies, target_of,
};
use crate::app::state::{Level, Overlay, Screen, State};
use crate::kube::access::FORBIDDEN;
use crate::kube::kind::Kind;
use crate::kube::ops::apply::{DrainEvent, PodProgress};
use crate::kube::ops::drain::DrainOptions;
use crate::kube::ops::prepare::MAX_REPLICAS;
use crate::kube::ops::{Op, Plan, Propagation, Target};

fn run_id(s: &mut State) -> u64 {
    let r = s.next_request;
    s.next_request += 1;
    r
}

fn say(s: &mut State, level: Level, text: impl Into<String>) {
    s.message = Some((level, text.into()));
}

/// A key for an operation on the table.
pub fn intent(s: &mut State, intent: Intent, fx: &mut Vec<Effect>) {
    if intent == Intent::Mark {
        toggle_mark(s);
        return;
    }
    let ts = action_targets(s);
    let Some(first) = ts.first().cloned() else {
        say(s, Level::Info, "nothing selected");
        return;
    };
    let kind = first.kind;
    let fits = applies(intent, kind, ts.len());
    if !fits {
        say(
            s,
            Level::Info,
            format!(
                "{} does not apply to {} {}",
                intent.name(),
                if ts.len() > 1 { "these" } else { "this" },
                kind.name()
            ),
        );
        return;
    }
    // The user may not (an access review said so) on any of them: refused
    // with the reason, nothing sent, not even a dry run.
    let denied = access::denied(s, intent, &ts);
    if !denied.is_empty() && denied.len() == ts.len() {
        refuse(s, intent.name(), denied, fx);
        return;
    }
    match intent {
        Intent::Scale if ts.len() == 1 => {
            let run = run_id(s);
            busy(
                s,
                run,
                format!("reading the replicas of {}…", first.describe()),
            );
            fx.push(Effect::ReadScale { run, target: first });
        }
        Intent::Scale => open_form(
            s,
            Form::Scale(Box::new(ScaleForm {
                targets: ts,
                current: None,
                input: text_input(""),
                error: None,
            })),
        ),
        Intent::Restart => ask(
            s,
            Ask {
                targets: ts,
                op: Op::Restart,
            },
            fx,
        ),
        Intent::Rollback => ask(
            s,
            Ask {
                targets: ts,
                op: Op::Rollback { to: 0 },
            },
            fx,
        ),
        Intent::Cordon => ask(
            s,
            Ask {
                targets: ts,
                op: Op::Cordon,
            },
            fx,
        ),
        Intent::Uncordon => ask(
            s,
            Ask {
                targets: ts,
                op: Op::Uncordon,
            },
            fx,
        ),
        Intent::History => {
            let run = run_id(s);
            s.screen = Screen::History(Box::new(HistoryScreen {
                run,
                target: first.clone(),
                view: None,
                cursor: 0,
            }));
            fx.push(Effect::ReadHistory { run, target: first });
        }
        Intent::Drain => open_form(
            s,
            Form::Drain(DrainForm {
                target: first,
                opts: DrainOptions {
                    ignore_daemonsets: true,
                    delete_emptydir_data: false,
                    force: false,
                },
                cursor: 0,
            }),
        ),
        Intent::Delete => open_form(
            s,
            Form::Delete(DeleteForm {
                pods: kind == Kind::Pods,
                targets: ts,
                force: false,
                propagation: Propagation::Background,
                cursor: 0,
            }),
        ),
        _ => {}
    }
}

fn toggle_mark(s: &mut State) {
    let Some(kind) = s.view.scope.kind.kind() else {
        return;
    };
    let Some((c, row)) = s.selected_row() else {
        return;
    };
    let t = target_of(s, c, kind, row);
    if !s.marks.remove(&t) {
        s.marks.insert(t);
    }
    let n = s.marks.iter().filter(|t| t.kind == kind).count();
    say(
        s,
        Level::Info,
        format!("{n} marked (space marks; an action applies to every marked row)"),
    );
    // Move on, as in a file manager.
    let last = s.view.rows.len().saturating_sub(1);
    s.view.cursor = (s.view.cursor + 1).min(last);
    s.view.selected = s.view.rows.get(s.view.cursor).cloned();
}

fn open_form(s: &mut State, f: Form) {
    s.overlays.push(Overlay::Form(Box::new(f)));
}

fn busy(s: &mut State, run: u64, what: String) {
    s.overlays.push(Overlay::Busy(Busy {
        run,
        what,
        denied: Vec::new(),
    }));
}

/// Refuse `action` on targets the user may not touch: said (the first
/// reason), journaled, nothing sent.
fn refuse(s: &mut State, action: &str, refusals: Vec<(Target, String)>, fx: &mut Vec<Effect>) {
    let Some((_, why)) = refusals.first() else {
        return;
    };
    let more = match refusals.len() {
        1 => String::new(),
        n => format!(" (and {} more target(s))", n - 1),
    };
    say(s, Level::Warning, format!("{why}{more}: nothing was sent"));
    fx.push(Effect::Refused {
        action: action.to_string(),
        refusals,
    });
}

/// Ask the cluster to work `a` out (nothing changes yet). Targets the user
/// may not touch are left out (named in the confirmation, journaled as
/// refused); when none is left, nothing is asked.
pub(super) fn ask(s: &mut State, a: Ask, fx: &mut Vec<Effect>) {
    let denied = access::denied(s, access::intent_of(&a.op), &a.targets);
    let targets: Vec<Target> = a
        .targets
        .into_iter()
        .filter(|t| !denied.iter().any(|(d, _)| d == t))
        .collect();
    if targets.is_empty() {
        refuse(s, a.op.name(), denied, fx);
        return;
    }
    let held: Vec<Plan> = denied
        .iter()
        .map(|(t, why)| Plan::refused(t.clone(), a.op.clone(), why.clone()))
        .collect();
    if !denied.is_empty() {
        fx.push(Effect::Refused {
            action: a.op.name().to_string(),
            refusals: denied,
        });
    }
    let run = run_id(s);
    let n = targets.len();
    let left_out = match held.len() {
        0 => String::new(),
        d => format!(" ({d} left out: not allowed)"),
    };
    s.overlays.push(Overlay::Busy(Busy {
        run,
        what: format!(
            "{}: checking {} with the server (dry run)…{left_out}",
            a.op.name(),
            if n == 1 {
                targets[0].describe()
            } else {
                format!("{n} targets")
            }
        ),
        denied: held,
    }));
    let asks = targets.into_iter().map(|t| (t, a.op.clone())).collect();
    fx.push(Effect::Prepare { run, asks });
}

/// Keys on a form.
pub fn form_key(s: &mut State, k: KeyEvent, intent: Option<Intent>, fx: &mut Vec<Effect>) {
    let Some(Overlay::Form(f)) = s.overlays.last_mut() else {
        return;
    };
    if k.code == KeyCode::Esc {
        s.overlays.pop();
        say(s, Level::Info, "cancelled: nothing was sent");
        return;
    }
    match f.as_mut() {
        Form::Scale(form) => {
            if k.code != KeyCode::Enter {
                form.input.input(k);
                form.error = None;
                return;
            }
            let text = form.input.lines().first().cloned().unwrap_or_default();
            match text.trim().parse::<i64>() {
                Ok(n) if (0..=MAX_REPLICAS).contains(&n) => {
                    let targets = form.targets.clone();
                    s.overlays.pop();
                    ask(
                        s,
                        Ask {
                            targets,
                            op: Op::Scale { replicas: n },
                        },
                        fx,
                    );
                }
                Ok(n) => {
                    form.error = Some(format!("replicas must be 0 to {MAX_REPLICAS}, not {n}"))
                }
                Err(_) => form.error = Some(format!("not a number of replicas: {text:?}")),
            }
        }
        Form::Drain(form) => match (k.code, intent) {
            (KeyCode::Up, _) | (_, Some(Intent::Up)) => form.cursor = form.cursor.saturating_sub(1),
            (KeyCode::Down, _) | (_, Some(Intent::Down)) => form.cursor = (form.cursor + 1).min(3),
            (KeyCode::Char(' '), _) => match form.cursor {
                0 => form.opts.ignore_daemonsets = !form.opts.ignore_daemonsets,
                1 => form.opts.delete_emptydir_data = !form.opts.delete_emptydir_data,
                2 => form.opts.force = !form.opts.force,
                _ => {}
            },
            (KeyCode::Enter, _) => {
                let (target, opts) = (form.target.clone(), form.opts);
                s.overlays.pop();
                ask(
                    s,
                    Ask {
                        targets: vec![target],
                        op: Op::Drain(opts),
                    },
                    fx,
                );
            }
            _ => {}
        },
        Form::Delete(form) => match (k.code, intent) {
            (KeyCode::Up, _) | (_, Some(Intent::Up)) => form.cursor = form.cursor.saturating_sub(1),
            (KeyCode::Down, _) | (_, Some(Intent::Down)) => form.cursor = (form.cursor + 1).min(1),
            (KeyCode::Char(' '), _) if form.cursor == 0 => {
                if form.pods {
                    form.force = !form.force;
                } else {
                    form.propagation = match form.propagation {
                        Propagation::Background => Propagation::Foreground,
                        Propagation::Foreground => Propagation::Orphan,
                        Propagation::Orphan => Propagation::Background,
                    };
                }
            }
            (KeyCode::Enter, _) => {
                let op = Op::Delete {
                    force: form.force,
                    propagation: form.propagation,
                };
                let targets = form.targets.clone();
                s.overlays.pop();
                ask(s, Ask { targets, op }, fx);
            }
            _ => {}
        },
    }
}

/// Keys on the confirmation: only here is anything sent.
pub fn confirm_key(s: &mut State, k: KeyEvent, intent: Option<Intent>, fx: &mut Vec<Effect>) {
    let Some(Overlay::Confirm(c)) = s.overlays.last_mut() else {
        return;
    };
    match k.code {
        KeyCode::Esc => {
            let plans = c.plans.clone();
            s.overlays.pop();
            fx.push(Effect::Cancelled { plans });
            say(s, Level::Info, "cancelled: nothing was sent");
            return;
        }
        KeyCode::Enter => {}
        KeyCode::Char('y') if c.need.is_none() => {}
        _ => {
            if c.need.is_some() {
                c.typed.input(k);
            } else {
                match intent {
                    Some(Intent::Down) => c.scroll += 1,
                    Some(Intent::Up) => c.scroll = c.scroll.saturating_sub(1),
                    _ => {}
                }
            }
            return;
        }
    }
    if !c.ready() {
        let why = match &c.need {
            Some(n) if c.sendable().next().is_some() => {
                format!("type {n:?} to confirm (esc cancels)")
            }
            _ => "nothing can be sent (see why above); esc closes".to_string(),
        };
        say(s, Level::Warning, why);
        return;
    }
    let run = c.run;
    let plans: Vec<Plan> = c.sendable().cloned().collect();
    s.overlays.pop();
    // Whatever the confirmation said (type the name) is over.
    s.message = None;
    if let [plan] = plans.as_slice()
        && matches!(plan.op, Op::Drain(_))
    {
        s.screen = Screen::Drain(Box::new(DrainScreen {
            run,
            target: plan.target.clone(),
            cordoned: false,
            pods: Vec::new(),
            done: None,
        }));
        fx.push(Effect::Drain {
            run,
            plan: Box::new(plan.clone()),
        });
        return;
    }
    busy(s, run, format!("sending to {} target(s)…", plans.len()));
    fx.push(Effect::Apply { run, plans });
}

/// Keys while waiting: esc stops waiting (the answer is then ignored).
pub fn busy_key(s: &mut State, k: KeyEvent) {
    if k.code == KeyCode::Esc {
        s.overlays.pop();
        say(
            s,
            Level::Info,
            "stopped waiting (anything already sent was sent)",
        );
    }
}

fn busy_run(s: &State) -> Option<u64> {
    match s.overlays.last() {
        Some(Overlay::Busy(b)) => Some(b.run),
        _ => None,
    }
}

/// The replicas came: the scale form, prefilled.
pub fn scale_read(s: &mut State, run: u64, target: Target, result: Result<i64, String>) {
    if busy_run(s) != Some(run) {
        return;
    }
    s.overlays.pop();
    match result {
        Ok(n) => open_form(
            s,
            Form::Scale(Box::new(ScaleForm {
                targets: vec![target],
                current: Some(n),
                input: text_input(&n.to_string()),
                error: None,
            })),
        ),
        Err(e) => say(
            s,
            Level::Error,
            format!("cannot scale {}: {e}", target.describe()),
        ),
    }
}

/// The plans came back: the confirmation.
pub fn prepared(s: &mut State, run: u64, plans: Vec<Plan>) {
    if busy_run(s) != Some(run) {
        return;
    }
    let denied = match s.overlays.pop() {
        Some(Overlay::Busy(b)) => b.denied,
        _ => Vec::new(),
    };
    // A dry run the server forbade: what was known of that cluster's
    // permissions is asked again.
    for p in &plans {
        if matches!(&p.dry_run, Some(Err(e)) if e.starts_with(FORBIDDEN)) {
            s.access.forget(p.target.cluster);
        }
    }
    // Production targets need their name typed (one name, or how many).
    let prod = plans.iter().any(|p| {
        p.sendable()
            && s.clusters
                .get(p.target.cluster)
                .is_some_and(|c| c.production)
    });
    let need = prod.then(|| {
        let first = &plans[0].target.name;
        if plans.iter().all(|p| &p.target.name == first) {
            first.clone()
        } else {
            plans.len().to_string()
        }
    });
    s.overlays.push(Overlay::Confirm(Box::new(Confirm {
        run,
        plans,
        denied,
        need,
        typed: text_input(""),
        scroll: 0,
    })));
}

/// What was sent came back.
pub fn applied(
    s: &mut State,
    run: u64,
    results: Vec<(Target, Result<String, String>)>,
    fx: &mut Vec<Effect>,
) {
    if busy_run(s) == Some(run) {
        s.overlays.pop();
    }
    for (t, r) in &results {
        if matches!(r, Err(e) if e.starts_with(FORBIDDEN)) {
            s.access.forget(t.cluster);
        }
    }
    let ok = results.iter().filter(|(_, r)| r.is_ok()).count();
    let text: Vec<String> = results
        .iter()
        .map(|(t, r)| match r {
            Ok(m) => format!("{} @{}: {m}", t.describe(), t.context),
            Err(e) => format!("{} @{}: FAILED: {e}", t.describe(), t.context),
        })
        .collect();
    let level = if ok == results.len() {
        Level::Info
    } else {
        Level::Error
    };
    say(s, level, text.join(" | "));
    s.marks.clear();
    // A history on screen shows the new numbering (a rollback makes the
    // old revision the newest).
    let fresh = run_id(s);
    if let Screen::History(h) = &mut s.screen
        && results.iter().any(|(t, _)| *t == h.target)
    {
        h.run = fresh;
        h.view = None;
        fx.push(Effect::ReadHistory {
            run: fresh,
            target: h.target.clone(),
        });
    }
}

/// A drain moved on.
pub fn drain(s: &mut State, run: u64, event: DrainEvent) {
    let Screen::Drain(d) = &mut s.screen else {
        return;
    };
    if d.run != run {
        return;
    }
    match event {
        DrainEvent::Cordoned => d.cordoned = true,
        DrainEvent::Pod {
            namespace,
            name,
            progress,
        } => {
            let key = format!("{namespace}/{name}");
            match d.pods.iter_mut().find(|(p, _)| *p == key) {
                Some((_, at)) => *at = progress,
                None => d.pods.push((key, progress)),
            }
        }
        DrainEvent::Done(r) => d.done = Some(r),
    }
}

/// Keys on the drain's progress: esc stops it (or closes it when done).
pub fn drain_key(s: &mut State, intent: Option<Intent>, fx: &mut Vec<Effect>) {
    let Screen::Drain(d) = &s.screen else { return };
    if intent != Some(Intent::Back) {
        return;
    }
    if d.done.is_none() {
        let run = d.run;
        let evicted = d
            .pods
            .iter()
            .filter(|(_, p)| *p == PodProgress::Evicted)
            .count();
        fx.push(Effect::StopDrain { run });
        say(
            s,
            Level::Warning,
            format!("drain stopped: {evicted} pod(s) evicted; the node stays cordoned"),
        );
    }
    s.screen = Screen::Table;
}
