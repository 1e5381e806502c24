//! What the user may do where: the answers of access reviews, one per
//! (cluster, namespace, verb, group, resource, subresource), asked lazily
//! (for the actions of the view on screen and its selected or marked rows),
//! one at a time per question and a few at once in all, kept for
//! [`TTL`]. An action the answers deny is greyed (help, footer) and refused
//! with the reason; one not answered yet is allowed: the server stays the
//! final authority.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};

use super::msg::Intent;
use super::ops::{action_targets, applies};
use super::state::{Overlay, Screen, State};
use super::update::table_context;
use crate::config::keymap::Context;
use crate::kube::access::{AccessKey, Verdict, may_not};
use crate::kube::ops::{Op, Target};

/// How long an answer is used before it is asked again.
pub const TTL: Duration = Duration::minutes(5);
/// How soon a question the server could not answer is asked again.
pub const RETRY: Duration = Duration::seconds(30);
/// Questions in flight at once, over all clusters.
pub const MAX_IN_FLIGHT: usize = 8;

/// The actions whose permissions are checked.
pub const ACTIONS: [Intent; 8] = [
    Intent::Scale,
    Intent::Restart,
    Intent::Rollback,
    Intent::Delete,
    Intent::Cordon,
    Intent::Uncordon,
    Intent::Drain,
    Intent::Shell,
];

/// What an answer says now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    Allowed,
    /// Denied (the server's reason, often empty).
    Denied(String),
    /// Not asked yet, being asked, expired, or the server could not say.
    Unknown,
}

#[derive(Debug, Clone)]
struct Slot {
    /// The last answer (None: the question failed) and when it came.
    answer: Option<(Option<Verdict>, DateTime<Utc>)>,
    /// Asked, no answer yet (since when).
    asking: Option<DateTime<Utc>>,
}

/// The answers per question.
#[derive(Debug, Clone, Default)]
pub struct AccessCache {
    slots: HashMap<AccessKey, Slot>,
}

impl AccessCache {
    /// The answer to `key` at `now`.
    pub fn get(&self, key: &AccessKey, now: DateTime<Utc>) -> Access {
        match self.slots.get(key).and_then(|s| s.answer.as_ref()) {
            Some((Some(v), at)) if now - *at < TTL => {
                if v.allowed {
                    Access::Allowed
                } else {
                    Access::Denied(v.reason.clone())
                }
            }
            _ => Access::Unknown,
        }
    }

    /// Whether a question about `key` is in flight.
    pub fn asking(&self, key: &AccessKey, now: DateTime<Utc>) -> bool {
        self.slots
            .get(key)
            .and_then(|s| s.asking)
            .is_some_and(|at| now - at < TTL)
    }

    fn in_flight(&self, now: DateTime<Utc>) -> usize {
        self.slots
            .values()
            .filter(|s| s.asking.is_some_and(|at| now - at < TTL))
            .count()
    }

    /// Whether `key` must be asked now (then it counts as asked): never
    /// asked, or its answer expired, and no question about it in flight
    /// (one lost for longer than [`TTL`] is asked again).
    pub fn want(&mut self, key: &AccessKey, now: DateTime<Utc>) -> bool {
        let slot = self.slots.entry(key.clone()).or_insert(Slot {
            answer: None,
            asking: None,
        });
        if slot.asking.is_some_and(|at| now - at < TTL) {
            return false;
        }
        let fresh = match &slot.answer {
            Some((Some(_), at)) => now - *at < TTL,
            Some((None, at)) => now - *at < RETRY,
            None => false,
        };
        if fresh {
            return false;
        }
        slot.asking = Some(now);
        true
    }

    /// The server answered `key` (or could not).
    pub fn answer(&mut self, key: AccessKey, result: Result<Verdict, String>, now: DateTime<Utc>) {
        let slot = self.slots.entry(key).or_insert(Slot {
            answer: None,
            asking: None,
        });
        slot.asking = None;
        slot.answer = Some((result.ok(), now));
    }

    /// Forget every answer about `cluster` (the server contradicted one).
    pub fn forget(&mut self, cluster: usize) {
        for (k, s) in &mut self.slots {
            if k.cluster == cluster {
                s.answer = None;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

/// What `intent` needs, as (verb, subresource) on the target's kind.
pub fn needs(intent: Intent) -> &'static [(&'static str, &'static str)] {
    match intent {
        Intent::Scale => &[("patch", "scale")],
        Intent::Restart | Intent::Rollback | Intent::Cordon | Intent::Uncordon => &[("patch", "")],
        // The cordon; evictions are in the pods' namespaces, which the
        // server judges one by one (a 403 is explained).
        Intent::Drain => &[("patch", "")],
        Intent::Delete => &[("delete", "")],
        Intent::Shell => &[("create", "exec")],
        _ => &[],
    }
}

/// The action an operation is.
pub fn intent_of(op: &Op) -> Intent {
    match op {
        Op::Scale { .. } => Intent::Scale,
        Op::Restart => Intent::Restart,
        Op::Rollback { .. } => Intent::Rollback,
        Op::Delete { .. } => Intent::Delete,
        Op::Cordon => Intent::Cordon,
        Op::Uncordon => Intent::Uncordon,
        Op::Drain(_) => Intent::Drain,
    }
}

/// The questions `intent` on `t` asks.
pub fn keys(intent: Intent, t: &Target) -> Vec<AccessKey> {
    needs(intent)
        .iter()
        .map(|(verb, sub)| AccessKey {
            cluster: t.cluster,
            namespace: if t.kind.namespaced() {
                t.namespace.clone()
            } else {
                String::new()
            },
            verb,
            group: t.kind.group(),
            resource: t.kind.name(),
            subresource: sub,
        })
        .collect()
}

/// Why the user may not do `intent` on `t`, if an answer says so:
/// `not allowed: prod-eu-viewer may not patch deployments/scale in shop`
/// (with `@context` when several clusters are open).
pub fn denial(s: &State, intent: Intent, t: &Target) -> Option<String> {
    keys(intent, t).into_iter().find_map(|k| {
        let Access::Denied(server) = s.access.get(&k, s.now) else {
            return None;
        };
        let c = s.clusters.get(t.cluster)?;
        let mut why = format!("not allowed: {}", may_not(&c.user, &k.what(), &k.namespace));
        if s.clusters.len() > 1 {
            why.push_str(&format!(" @{}", c.name));
        }
        if !server.is_empty() {
            why.push_str(&format!(" ({server})"));
        }
        Some(why)
    })
}

/// The targets of `intent` the user may not act on, and why.
pub fn denied(s: &State, intent: Intent, targets: &[Target]) -> Vec<(Target, String)> {
    targets
        .iter()
        .filter_map(|t| denial(s, intent, t).map(|w| (t.clone(), w)))
        .collect()
}

/// How an action shows: greyed when every target is denied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub denied: usize,
    pub of: usize,
    /// The first denied target's reason.
    pub reason: String,
}

impl Refusal {
    /// Greyed: nothing it applies to is allowed.
    pub fn greyed(&self) -> bool {
        self.denied == self.of
    }

    /// The reason as help shows it.
    pub fn text(&self) -> String {
        if self.greyed() {
            self.reason.clone()
        } else {
            format!("{} of {} targets {}", self.denied, self.of, self.reason)
        }
    }
}

/// Whether `intent` on what it would apply to now (the marked rows, or the
/// selected one; the history's workload) is refused.
pub fn refusal(s: &State, intent: Intent) -> Option<Refusal> {
    let targets = match &s.screen {
        Screen::History(h) if intent == Intent::Rollback => vec![h.target.clone()],
        _ => action_targets(s),
    };
    let d = denied(s, intent, &targets);
    let (_, reason) = d.first()?;
    Some(Refusal {
        denied: d.len(),
        of: targets.len(),
        reason: reason.clone(),
    })
}

/// Whether the server is being asked about `intent` on what it would
/// apply to now (help says so: allowed until it answers).
pub fn checking(s: &State, intent: Intent) -> bool {
    on_screen(s).is_some_and(|(_, targets)| {
        targets
            .iter()
            .flat_map(|t| keys(intent, t))
            .any(|k| s.access.asking(&k, s.now))
    })
}

/// The footer's word on the greyed actions among `intents`, for the
/// first target: `not allowed: prod-eu-viewer may not patch
/// deployments/scale, patch or delete deployments in shop`.
pub fn summary(s: &State, intents: &[Intent]) -> Option<String> {
    let (_, targets) = on_screen(s)?;
    let t = targets.first()?;
    // Verbs grouped by resource: `patch deployments/scale, patch or
    // delete deployments`.
    let mut what: Vec<(String, Vec<&str>)> = Vec::new();
    for i in intents {
        if !refusal(s, *i).is_some_and(|r| r.greyed()) {
            continue;
        }
        for k in keys(*i, t) {
            if !matches!(s.access.get(&k, s.now), Access::Denied(_)) {
                continue;
            }
            let res = k.resource_path();
            match what.iter_mut().find(|(r, _)| *r == res) {
                Some((_, verbs)) if !verbs.contains(&k.verb) => verbs.push(k.verb),
                Some(_) => {}
                None => what.push((res, vec![k.verb])),
            }
        }
    }
    if what.is_empty() {
        return None;
    }
    let what: Vec<String> = what
        .into_iter()
        .map(|(res, verbs)| format!("{} {res}", verbs.join(" or ")))
        .collect();
    let c = s.clusters.get(t.cluster)?;
    let ns = if t.kind.namespaced() {
        t.namespace.as_str()
    } else {
        ""
    };
    let mut out = format!("not allowed: {}", may_not(&c.user, &what.join(", "), ns));
    if s.clusters.len() > 1 {
        out.push_str(&format!(" @{}", c.name));
    }
    Some(out)
}

/// The context whose actions are on screen, with what they apply to.
fn on_screen(s: &State) -> Option<(Context, Vec<Target>)> {
    match (s.overlays.last(), &s.screen) {
        (None | Some(Overlay::Help { .. }), Screen::Table) => {
            Some((table_context(s.view.scope.kind), action_targets(s)))
        }
        (None | Some(Overlay::Help { .. }), Screen::History(h)) => {
            Some((Context::History, vec![h.target.clone()]))
        }
        _ => None,
    }
}

/// The questions the screen needs answered: each action bound on it, for
/// each target it would apply to, on clusters that answer and may change.
pub fn wanted(s: &State) -> BTreeSet<AccessKey> {
    let mut out = BTreeSet::new();
    let Some((ctx, targets)) = on_screen(s) else {
        return out;
    };
    let Some(kind) = targets.first().map(|t| t.kind) else {
        return out;
    };
    for intent in ACTIONS {
        let here = match ctx {
            Context::History => intent == Intent::Rollback,
            _ => applies(intent, kind, targets.len()),
        };
        if !here || s.keymap.key_for(ctx, intent).is_none() {
            continue;
        }
        for t in &targets {
            let open = s
                .clusters
                .get(t.cluster)
                .is_some_and(|c| c.status.is_ok() && !c.readonly && !s.readonly);
            if open {
                out.extend(keys(intent, t));
            }
        }
    }
    out
}

/// The questions to ask now: wanted, not answered (or expired), not in
/// flight; a few at a time.
pub fn to_ask(s: &mut State) -> Vec<AccessKey> {
    let wanted = wanted(s);
    let now = s.now;
    let mut room = MAX_IN_FLIGHT.saturating_sub(s.access.in_flight(now));
    let mut out = Vec::new();
    for k in wanted {
        if room == 0 {
            break;
        }
        if s.access.want(&k, now) {
            room -= 1;
            out.push(k);
        }
    }
    out
}

#[cfg(test)]
mod tests;
