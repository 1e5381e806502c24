//! End-to-end figures of the real `kdeck` binary against an in-process
//! `kdeck sim`: time from start to a complete table, resident memory, and
//! CPU while nothing changes. Run with `cargo bench --bench console_e2e`
//! (it prints figures; it asserts nothing about speed).

// Test and benchmark code may unwrap and panic: a failure there is a
// failed test (shipped code may not: see [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use kdeck_sim::SimConfig;

fn run(clusters: usize, pods: usize) {
    let rt = common::runtime();
    let dir = tempfile::tempdir().unwrap();
    let (sim, total, took) = common::start_sim(
        &rt,
        SimConfig {
            clusters,
            pods,
            namespaces: 20,
            ..SimConfig::default()
        },
        dir.path(),
    );
    eprintln!("\n== {clusters} cluster(s) x {pods} pods: sim generated {total} pods in {took:.1?}");

    let contexts: Vec<String> = sim
        .clusters
        .iter()
        .flat_map(|c| ["--context".to_string(), c.name().to_string()])
        .chain(std::iter::once("-A".to_string()))
        .collect();
    let args: Vec<&str> = contexts.iter().map(String::as_str).collect();
    let started = Instant::now();
    let mut k = common::Kdeck::spawn(&sim.kubeconfig, &args, dir.path());
    let pid = k.pid;
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut complete = None;
    let mut first = None;
    while Instant::now() < deadline {
        let shown = common::count(&k.screen());
        if first.is_none() && shown.is_some_and(|n| n > 0) {
            first = Some(started.elapsed());
            eprintln!("first rows on screen after {:.2?}", started.elapsed());
        }
        if shown.is_some_and(|n| n >= total) {
            complete = Some(started.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    match complete {
        Some(d) => eprintln!("complete table of {total} pods after {d:.2?}"),
        None => eprintln!(
            "table not complete after 300 s: {:?}",
            common::count(&k.screen())
        ),
    }
    eprintln!(
        "kdeck RSS with the table loaded: {} MiB",
        common::proc_field(pid, "VmRSS:").unwrap_or(0) / 1024
    );
    // Nothing changes from now on: how much CPU does kdeck use?
    eprintln!("{}", common::idle_line(&sim, &k));
    // 100 pod updates a second across the clusters, the table on screen.
    let per = (100 / sim.clusters.len()).max(1) as u32;
    for c in &sim.clusters {
        c.set_frozen(false);
        c.set_churn(per);
    }
    let churn = common::Window::measure(&k);
    eprintln!(
        "churn ({} pod updates/s): {} ms of CPU in {:.1?} ({:.2}% of a core), {:.0} bytes/s written to the terminal; RSS {} MiB",
        per as usize * sim.clusters.len(),
        churn.cpu_ms,
        churn.elapsed,
        churn.share(),
        churn.bytes_per_sec(),
        common::proc_field(pid, "VmRSS:").unwrap_or(0) / 1024,
    );
    for c in &sim.clusters {
        c.set_churn(0);
    }
    let _ = k.child.kill();
    rt.block_on(sim.stop());
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs nothing here.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    // KDECK_E2E=small runs only the 5,000-pod case.
    run(1, 5_000);
    if std::env::var("KDECK_E2E").as_deref() != Ok("small") {
        run(3, 20_000);
    }
}
