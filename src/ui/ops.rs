//! Operations on screen: the forms, the confirmation (every target with
//! its cluster in the production colour, the change, warnings and the
//! server's dry run), waiting, a workload's history, a drain's progress.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::ops::{Busy, Confirm, DrainScreen, Form, HistoryScreen};
use crate::app::state::State;
use crate::config::theme::Theme;
use crate::kube::ops::apply::PodProgress;
use crate::kube::ops::{Op, Plan};

/// A box in the middle of `area`, at most `w` x `h`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn boxed(f: &mut Frame, rect: Rect, title: String, lines: Vec<Line<'static>>, theme: &Theme) {
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(format!(" {title} "), theme.title));
    let lines: Vec<Line> = lines.into_iter().map(super::shown).collect();
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

fn check(on: bool) -> &'static str {
    if on { "[x]" } else { "[ ]" }
}

pub fn draw_form(f: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    let cursor = |i: usize, at: usize| if i == at { theme.selected } else { theme.text };
    let (title, lines) = match form {
        Form::Scale(s) => {
            let what = match s.targets.as_slice() {
                [t] => format!("{} @{}", t.describe(), t.context),
                ts => format!("{} targets", ts.len()),
            };
            let typed = s.input.lines().first().cloned().unwrap_or_default();
            let mut lines = vec![Line::from(format!("scale {what}"))];
            lines.push(Line::from(match s.current {
                Some(c) => format!("replicas: {c} → {typed}▏"),
                None => format!("replicas: → {typed}▏"),
            }));
            if let Some(e) = &s.error {
                lines.push(Line::from(Span::styled(e.clone(), theme.error)));
            }
            lines.push(Line::from(Span::styled(
                "enter: check with the server (nothing is sent yet)   esc: cancel",
                theme.dim,
            )));
            ("scale".to_string(), lines)
        }
        Form::Drain(d) => {
            let o = &d.opts;
            let lines = vec![
                Line::from(format!(
                    "drain node {} @{}",
                    d.target.name, d.target.context
                )),
                Line::from(Span::styled(
                    format!(
                        "{} leave DaemonSet pods (ignore-daemonsets)",
                        check(o.ignore_daemonsets)
                    ),
                    cursor(0, d.cursor),
                )),
                Line::from(Span::styled(
                    format!(
                        "{} delete emptyDir data (delete-emptydir-data)",
                        check(o.delete_emptydir_data)
                    ),
                    cursor(1, d.cursor),
                )),
                Line::from(Span::styled(
                    format!(
                        "{} delete pods no controller manages (force)",
                        check(o.force)
                    ),
                    cursor(2, d.cursor),
                )),
                Line::from(Span::styled("→ see what it will do", cursor(3, d.cursor))),
                Line::from(Span::styled(
                    "space: toggle   enter: check with the server   esc: cancel",
                    theme.dim,
                )),
            ];
            ("drain".to_string(), lines)
        }
        Form::Delete(d) => {
            let what = match d.targets.as_slice() {
                [t] => format!("{} @{}", t.describe(), t.context),
                ts => format!("{} targets", ts.len()),
            };
            let option = if d.pods {
                format!("{} force: delete now, no grace period", check(d.force))
            } else {
                format!("dependents: {} (space changes)", d.propagation.name())
            };
            let lines = vec![
                Line::from(format!("delete {what}")),
                Line::from(Span::styled(option, cursor(0, d.cursor))),
                Line::from(Span::styled("→ see what it will do", cursor(1, d.cursor))),
                Line::from(Span::styled(
                    "space: change   enter: check with the server   esc: cancel",
                    theme.dim,
                )),
            ];
            ("delete".to_string(), lines)
        }
    };
    let h = lines.len() as u16 + 2;
    boxed(f, centered(area, 90, h), title, lines, theme);
}

pub fn draw_busy(f: &mut Frame, area: Rect, b: &Busy, theme: &Theme) {
    let lines = vec![
        Line::from(b.what.clone()),
        Line::from(Span::styled("esc: stop waiting", theme.dim)),
    ];
    boxed(f, centered(area, 90, 4), "working".into(), lines, theme);
}

fn plan_lines(s: &State, p: &Plan, theme: &Theme) -> Vec<Line<'static>> {
    let t = &p.target;
    let prod = s.clusters.get(t.cluster).is_some_and(|c| c.production);
    let cluster_style = if prod {
        theme.production.add_modifier(Modifier::BOLD)
    } else {
        theme.header.add_modifier(Modifier::BOLD)
    };
    let mut head = vec![Span::styled(format!("{} ", t.context), cluster_style)];
    if !t.namespace.is_empty() {
        head.push(Span::styled(format!("-n {} ", t.namespace), theme.header));
    }
    head.push(Span::styled(
        format!("{}/{}", t.kind.singular().to_lowercase(), t.name),
        theme.title,
    ));
    head.push(Span::raw(format!(": {}", p.change)));
    let mut out = vec![Line::from(head)];
    if let Some(why) = &p.refused {
        out.push(Line::from(Span::styled(
            format!("  not sent: {why}"),
            theme.error,
        )));
    }
    for w in &p.warnings {
        out.push(Line::from(Span::styled(format!("  ! {w}"), theme.warning)));
    }
    match &p.dry_run {
        Some(Ok(())) => out.push(Line::from(Span::styled(
            "  server dry run: admitted",
            theme.ok,
        ))),
        Some(Err(e)) => out.push(Line::from(Span::styled(
            format!("  server dry run: {e}"),
            theme.error,
        ))),
        None => {}
    }
    if let (Op::Drain(_), Some(d)) = (&p.op, &p.drain) {
        for r in &d.evict {
            out.push(Line::from(format!("  evict {}/{}", r.namespace, r.name)));
        }
        for (r, why) in &d.skipped {
            out.push(Line::from(Span::styled(
                format!("  leave {}/{}: {why}", r.namespace, r.name),
                theme.dim,
            )));
        }
    }
    if let Some(detail) = &p.detail {
        for l in detail.lines().take(12) {
            let style = if l.starts_with('+') && !l.starts_with("+++") {
                theme.ok
            } else if l.starts_with('-') && !l.starts_with("---") {
                theme.error
            } else {
                theme.dim
            };
            out.push(Line::from(Span::styled(format!("  {l}"), style)));
        }
    }
    out
}

pub fn draw_confirm(f: &mut Frame, area: Rect, s: &State, c: &Confirm, theme: &Theme) {
    let mut lines: Vec<Line<'static>> = Vec::new();
    for p in &c.plans {
        lines.extend(plan_lines(s, p, theme));
    }
    if !c.denied.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "left out, not allowed ({} target(s); nothing is sent to them):",
                c.denied.len()
            ),
            theme.warning,
        )));
        for p in &c.denied {
            lines.extend(plan_lines(s, p, theme));
        }
    }
    let n = c.sendable().count();
    lines.push(Line::from(""));
    if n == 0 {
        lines.push(Line::from(Span::styled(
            "nothing can be sent   esc: close",
            theme.dim,
        )));
    } else if let Some(need) = &c.need {
        let typed = c.typed.lines().first().cloned().unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(
                format!("production: type {need:?} to confirm: "),
                theme.production,
            ),
            Span::styled(format!("{typed}▏"), theme.selected),
        ]));
        lines.push(Line::from(Span::styled(
            "enter: send   esc: cancel (nothing is sent)",
            theme.dim,
        )));
    } else {
        lines.push(Line::from(Span::styled(
            format!("y/enter: send to {n} target(s)   esc: cancel (nothing is sent)"),
            theme.key,
        )));
    }
    let lines: Vec<Line<'static>> = lines.into_iter().skip(c.scroll).collect();
    let h = (lines.len() as u16 + 2).min(area.height);
    let title = format!(
        "confirm {} — nothing is sent before yes",
        c.plans.first().map_or("", |p| p.op.name())
    );
    boxed(
        f,
        centered(area, area.width.saturating_sub(4), h),
        title,
        lines,
        theme,
    );
}

pub fn draw_history(f: &mut Frame, area: Rect, h: &HistoryScreen, theme: &Theme) {
    let t = &h.target;
    let title = format!(" history of {} @{} ", t.describe(), t.context);
    let mut lines: Vec<Line<'static>> = Vec::new();
    match &h.view {
        None => lines.push(Line::from(Span::styled("loading…", theme.dim))),
        Some(Err(e)) => lines.push(Line::from(Span::styled(
            format!("cannot read the history: {e}"),
            theme.error,
        ))),
        Some(Ok(v)) => {
            lines.push(Line::from(Span::styled(
                format!(
                    "{:<10} {:<26} {:<20} {:<9} {}",
                    "REVISION", "CHANGE-CAUSE", "CREATED", "REPLICAS", "IMAGES"
                ),
                theme.table_header,
            )));
            for (i, r) in v.revisions.iter().rev().enumerate() {
                let current = v.current == Some(r.number);
                let rev = format!("{}{}", r.number, if current { " (now)" } else { "" });
                let cause = r.change_cause.clone().unwrap_or_else(|| "<none>".into());
                let cause = if cause.chars().count() > 26 {
                    format!("{}…", cause.chars().take(25).collect::<String>())
                } else {
                    cause
                };
                let text = format!(
                    "{:<10} {:<26} {:<20} {:<9} {}",
                    rev,
                    cause,
                    r.created.clone().unwrap_or_default(),
                    r.replicas
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "-".into()),
                    r.images().join(",")
                );
                let style = if i == h.cursor {
                    theme.selected
                } else if current {
                    theme.ok
                } else {
                    theme.text
                };
                lines.push(Line::from(Span::styled(text, style)));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                format!(
                    "kept: {} old revision(s) at most (revisionHistoryLimit); a rollback makes the old revision the newest (max+1)",
                    v.limit
                ),
                theme.dim,
            )));
        }
    }
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(title, theme.title));
    let lines: Vec<Line> = lines.into_iter().map(super::shown).collect();
    f.render_widget(Paragraph::new(lines).block(block), area);
}

pub fn draw_drain(f: &mut Frame, area: Rect, d: &DrainScreen, theme: &Theme) {
    let title = format!(" drain node {} @{} ", d.target.name, d.target.context);
    let mut lines: Vec<Line<'static>> = vec![Line::from(Span::styled(
        if d.cordoned {
            "cordoned: no new pods will be scheduled here"
        } else {
            "cordoning…"
        },
        if d.cordoned { theme.ok } else { theme.dim },
    ))];
    for (pod, p) in &d.pods {
        let (text, style): (String, Style) = match p {
            PodProgress::Evicting => (format!("evicting {pod}…"), theme.dim),
            PodProgress::Blocked { budget, .. } => (
                format!("{pod}: blocked by PodDisruptionBudget ({budget}); trying again every 5 s"),
                theme.warning,
            ),
            PodProgress::Evicted => (format!("{pod}: evicted"), theme.ok),
            PodProgress::Failed(e) => (format!("{pod}: not evicted: {e}"), theme.error),
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    lines.push(Line::from(""));
    match &d.done {
        None => lines.push(Line::from(Span::styled(
            "esc: stop the drain (the node stays cordoned)",
            theme.dim,
        ))),
        Some(Ok(m)) => lines.push(Line::from(Span::styled(
            format!("done: {m}   esc: back"),
            theme.ok,
        ))),
        Some(Err(m)) => lines.push(Line::from(Span::styled(
            format!("not done: {m}   esc: back"),
            theme.error,
        ))),
    }
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(title, theme.title));
    let lines: Vec<Line> = lines.into_iter().map(super::shown).collect();
    f.render_widget(Paragraph::new(lines).block(block), area);
}
