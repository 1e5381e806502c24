//! A fleet in one console: `kdeck sim --clusters 100 --pods 300` (the sim's
//! start-up time), then the release `kdeck` on the 100 admin contexts, on
//! the clusters overview. While the clusters connect, a key (`?`, then
//! `esc`) is pressed again and again and the time until the screen
//! answers is taken (the key latency the issue holds to 50 ms); then the
//! time until every cluster is connected and counted, resident memory at
//! 5, 15 and 30 s, and CPU while nothing changes.
//!
//! The in-process sim stands in for servers that are elsewhere: it runs in
//! a scheduling group of its own at the lowest priority
//! (`common::background_runtime`), else simulating 100 clusters on the same
//! two cores keeps the console waiting for a CPU (`KDECK_SIM_NICE=0`
//! measures it so). Each slow answer says how long kdeck's loop waited for
//! a CPU during it.
//!
//! `cargo bench --bench fleet` (it prints figures; it asserts nothing).
//! `KDECK_FLEET=CLUSTERSxPODS` picks another size (default `100x300`).

// Test and benchmark code may unwrap and panic: a failure there is a
// failed test (shipped code may not: see [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use kdeck_sim::SimConfig;

/// The latencies seen, sorted: (p50, p95, max).
fn spread(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.95), *v.last().unwrap())
}

/// The clusters still connecting, as the first line counts them (`○`).
fn connecting(screen: &str) -> bool {
    screen.lines().next().unwrap_or("").contains('○')
}

/// How long kdeck's loop thread (its main thread) has waited for a CPU
/// while runnable, in all (`/proc/<pid>/schedstat`'s run delay).
fn waited_for_cpu(pid: u32) -> Duration {
    let s = std::fs::read_to_string(format!("/proc/{pid}/schedstat")).unwrap_or_default();
    let ns = s
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Duration::from_nanos(ns)
}

/// A key's answer: how long it took, and how much of that kdeck's loop
/// spent waiting for a CPU (the two cores are shared with the sim).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Answer {
    took: Duration,
    waited: Duration,
}

/// Press `key` and wait until the screen satisfies `done`.
fn answer(k: &mut common::Kdeck, key: &[u8], done: impl Fn(&str) -> bool) -> Option<Answer> {
    let t = Instant::now();
    let before = waited_for_cpu(k.pid);
    k.send(key);
    while t.elapsed() < Duration::from_secs(10) {
        if done(&k.screen()) {
            let took = t.elapsed();
            let waited = waited_for_cpu(k.pid).saturating_sub(before);
            return Some(Answer { took, waited });
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    None
}

/// The slowest answers, with their waits for a CPU.
fn slowest(v: &[Answer]) -> String {
    let mut v = v.to_vec();
    v.sort();
    v.iter()
        .rev()
        .take(5)
        .map(|a| format!("{:.0?} ({:.0?} waiting for a CPU)", a.took, a.waited))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs nothing here.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let size = std::env::var("KDECK_FLEET").unwrap_or_else(|_| "100x300".into());
    let (clusters, pods) = size
        .split_once('x')
        .and_then(|(c, p)| Some((c.parse::<usize>().ok()?, p.parse::<usize>().ok()?)))
        .unwrap_or((100, 300));
    let rt = common::background_runtime();
    let dir = tempfile::tempdir().unwrap();
    let (sim, total, took) = common::start_sim(
        &rt,
        SimConfig {
            clusters,
            pods,
            namespaces: 3,
            nodes: 3,
            ..SimConfig::default()
        },
        dir.path(),
    );
    eprintln!(
        "\n== {clusters} clusters x {pods} pods: the sim generated and serves {total} pods after {took:.1?}"
    );
    let mut args: Vec<String> = sim
        .clusters
        .iter()
        .flat_map(|c| ["--context".to_string(), c.name().to_string()])
        .collect();
    args.extend(["--view".into(), "ctx".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let started = Instant::now();
    let mut k = common::Kdeck::spawn(&sim.kubeconfig, &args, dir.path());
    let pid = k.pid;
    // A key typed before kdeck shows anything waits for its start (the
    // kubeconfig read, 100 clients built): that is timed on its own.
    while k.screen().trim().is_empty() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(1));
    }
    eprintln!("first screen after {:.0?}", started.elapsed());
    // Keys while the clusters connect (and after, for 10 s at most).
    let mut while_connecting = Vec::new();
    let mut after = Vec::new();
    let mut connected = None;
    let mut missed = 0;
    let help = |sc: &str| sc.contains("Keys (table)");
    while started.elapsed() < Duration::from_secs(60) {
        let busy = connecting(&k.screen()) || started.elapsed() < Duration::from_secs(1);
        if !busy && connected.is_none() {
            connected = Some(started.elapsed());
        }
        for (key, open) in [(&b"?"[..], true), (&b"\x1b"[..], false)] {
            match answer(&mut k, key, |sc| help(sc) == open) {
                Some(a) if busy => while_connecting.push(a),
                Some(a) => after.push(a),
                None => missed += 1,
            }
        }
        if connected.is_some_and(|c| started.elapsed() > c + Duration::from_secs(5)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    match connected {
        Some(d) => eprintln!("every cluster connected after {d:.2?}"),
        None => eprintln!("clusters still connecting after 60 s"),
    }
    if !while_connecting.is_empty() {
        let (p50, p95, max) = spread(while_connecting.iter().map(|a| a.took).collect());
        eprintln!(
            "keys while connecting: {} answered, p50 {p50:.1?}, p95 {p95:.1?}, max {max:.1?}; slowest: {}",
            while_connecting.len(),
            slowest(&while_connecting)
        );
    }
    if !after.is_empty() {
        let (p50, p95, max) = spread(after.iter().map(|a| a.took).collect());
        eprintln!(
            "keys once connected: {} answered, p50 {p50:.1?}, p95 {p95:.1?}, max {max:.1?}; slowest: {}",
            after.len(),
            slowest(&after)
        );
    }
    if missed > 0 {
        eprintln!("{missed} keys got no answer within 10 s");
    }
    for at in [5, 15, 30] {
        let wait = Duration::from_secs(at).saturating_sub(started.elapsed());
        std::thread::sleep(wait);
        eprintln!(
            "RSS at {at} s: {} MiB",
            common::proc_field(pid, "VmRSS:").unwrap_or(0) / 1024
        );
    }
    eprintln!("{}", common::idle_line(&sim, &k));
    let _ = k.child.kill();
    rt.block_on(sim.stop());
}
