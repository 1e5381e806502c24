//! The alert rules, pure: each takes one lean row (and the time, the
//! thresholds) and says whether it is an alert.

use chrono::{DateTime, Utc};

use super::{Alert, Severity};
use crate::app::metrics::panel::allocatable;
use crate::app::metrics::ring::{Ring, Slot};
use crate::kube::kind::Kind;
use crate::kube::metrics::Usage;
use crate::kube::rows::{Meta, NodeRow, PodRow, QuotaItem, QuotaRow, quota_ratio};

/// Pod statuses that say a container fails to start (or was killed).
pub const FAILING: &[&str] = &[
    "ImagePullBackOff",
    "ErrImagePull",
    "CrashLoopBackOff",
    "CreateContainerConfigError",
    "OOMKilled",
];

/// Node pressure conditions that alert when True.
const PRESSURE: &[&str] = &["DiskPressure", "MemoryPressure", "PIDPressure"];

fn alert(cluster: usize, kind: Kind, meta: &Meta, severity: Severity, rule: &'static str) -> Alert {
    Alert {
        cluster,
        severity,
        rule,
        kind,
        namespace: meta.namespace.to_string(),
        name: meta.name.clone(),
        uid: meta.uid.clone(),
        since: None,
        message: String::new(),
    }
}

/// A node NotReady (Ready False or Unknown, or no Ready condition), and
/// each pressure condition that is True.
pub fn node(cluster: usize, r: &NodeRow) -> Vec<Alert> {
    let mut out = Vec::new();
    let ready = r.conditions.iter().find(|c| c.kind == "Ready");
    if !r.ready {
        let mut a = alert(
            cluster,
            Kind::Nodes,
            &r.meta,
            Severity::Critical,
            "NodeNotReady",
        );
        a.since = ready.and_then(|c| c.since);
        a.message = match ready.map(|c| c.status.as_str()) {
            Some("Unknown") => "node status unknown: the kubelet stopped reporting".into(),
            Some(_) => "node is NotReady".into(),
            None => "node has no Ready condition".into(),
        };
        out.push(a);
    }
    for c in r.conditions.iter() {
        if let Some(rule) = PRESSURE.iter().copied().find(|p| *p == c.kind)
            && c.status == "True"
        {
            let mut a = alert(cluster, Kind::Nodes, &r.meta, Severity::Warning, rule);
            a.since = c.since;
            a.message = format!("{rule} is True");
            out.push(a);
        }
    }
    out
}

/// A pod whose status says a container fails to start.
pub fn pod(cluster: usize, r: &PodRow) -> Option<Alert> {
    let status = r.status.strip_prefix("Init:").unwrap_or(&r.status);
    let rule = FAILING.iter().copied().find(|f| status == *f)?;
    let mut a = alert(cluster, Kind::Pods, &r.meta, Severity::Critical, rule);
    a.since = r.last_restart.or(r.meta.created);
    a.message = if r.restarts > 0 {
        format!("{rule}, {} restarts", r.restarts)
    } else {
        rule.to_string()
    };
    Some(a)
}

/// A pod with a container OOM-killed within the last `minutes` (its
/// `lastState.terminated`: the container was restarted since, so the
/// pod's status no longer says so); since the kill.
pub fn oom_recent(cluster: usize, r: &PodRow, now: DateTime<Utc>, minutes: i64) -> Option<Alert> {
    let window = chrono::Duration::minutes(minutes);
    let (name, at) = r
        .containers
        .iter()
        .filter_map(|c| {
            let t = c.last.as_deref()?;
            let at = t.finished?;
            (&*t.reason == "OOMKilled" && at <= now && now - at < window).then_some((&c.name, at))
        })
        .max_by_key(|(_, at)| *at)?;
    let mut a = alert(
        cluster,
        Kind::Pods,
        &r.meta,
        Severity::Critical,
        "OOMKilled",
    );
    a.since = Some(at);
    a.message = format!(
        "container {name} OOMKilled {} ago, {} restarts",
        crate::kube::rows::age(Some(at), now),
        r.restarts
    );
    Some(a)
}

/// A quota with any hard limit used at or above `percent`.
pub fn quota(cluster: usize, r: &QuotaRow, percent: u32) -> Option<Alert> {
    let (item, pct) = quota_worst(r)?;
    if pct < f64::from(percent) {
        return None;
    }
    let severity = if pct >= 100.0 {
        Severity::Critical
    } else {
        Severity::Warning
    };
    let mut a = alert(
        cluster,
        Kind::ResourceQuotas,
        &r.meta,
        severity,
        "QuotaPressure",
    );
    a.message = format!(
        "{} {}/{} ({:.0} % of hard)",
        item.resource, item.used, item.hard, pct
    );
    Some(a)
}

/// A quota's hard limit nearest to (or over) its use, and how much of it
/// is used in percent, rounded to whole hundredths (0.9 is exactly 90 %).
pub fn quota_worst(r: &QuotaRow) -> Option<(&QuotaItem, f64)> {
    let (item, ratio) = r
        .items
        .iter()
        .filter_map(|i| quota_ratio(&i.used, &i.hard).map(|x| (i, x)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    Some((item, (ratio * 100.0 * 100.0).round() / 100.0))
}

/// A workload short of ready replicas since `since`: an alert once it
/// has been short for `minutes`.
pub fn short(
    cluster: usize,
    kind: Kind,
    meta: &Meta,
    (ready, desired): (i32, i32),
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    minutes: i64,
) -> Option<Alert> {
    if ready >= desired || now - since < chrono::Duration::minutes(minutes) {
        return None;
    }
    let mut a = alert(cluster, kind, meta, Severity::Warning, "ReplicasShort");
    a.since = Some(since);
    a.message = format!("{ready}/{desired} ready for {minutes}m or more");
    Some(a)
}

/// A rule, what it measures, the allocatable, the sample's value.
type Measure = (&'static str, &'static str, u64, fn(Usage) -> u64);

/// A node's CPU or memory at or above `percent` of its allocatable in
/// every sample of the last `minutes` (gaps break the run: an unreachable
/// node is not said to be saturated). `step`: the ring's resolution in
/// seconds; the run is measured between its samples' times.
pub fn saturated(
    cluster: usize,
    r: &NodeRow,
    ring: &Ring,
    step: i64,
    (percent, minutes): (u32, i64),
) -> Vec<Alert> {
    let Some(last) = ring.last() else {
        return Vec::new();
    };
    let (cpu_alloc, mem_alloc) = allocatable(r);
    let slots: Vec<Slot> = ring.iter().collect();
    let mut out = Vec::new();
    let measures: [Measure; 2] = [
        ("NodeCPUHigh", "CPU", cpu_alloc, |u| u64::from(u.cpu_m)),
        ("NodeMemoryHigh", "memory", mem_alloc, |u| {
            u64::from(u.mem_kib)
        }),
    ];
    for (rule, what, alloc, value) in measures {
        if alloc == 0 {
            continue;
        }
        // At or above: used × 100 ≥ percent × allocatable.
        let high = |s: &Slot| {
            s.usage()
                .is_some_and(|u| value(u) * 100 >= u64::from(percent) * alloc)
        };
        let run = slots.iter().rev().take_while(|s| high(s)).count() as i64;
        if run == 0 || (run - 1) * step.max(1) < minutes * 60 {
            continue;
        }
        let latest = slots.last().and_then(|s| s.usage()).map_or(0, value);
        let mut a = alert(cluster, Kind::Nodes, &r.meta, Severity::Critical, rule);
        a.since = DateTime::from_timestamp(last - (run - 1) * step.max(1), 0);
        a.message = format!(
            "{what} at {} % of allocatable (≥ {percent} % for {minutes}m or more)",
            latest * 100 / alloc
        );
        out.push(a);
    }
    out
}
