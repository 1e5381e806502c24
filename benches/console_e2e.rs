//! End-to-end figures of the real `kdeck` binary against an in-process
//! `kdeck sim`: time from start to a complete table, resident memory, and
//! CPU while nothing changes. Run with `cargo bench --bench console_e2e`
//! (it prints figures; it asserts nothing about speed).

mod common;

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kdeck::sim::{Sim, SimConfig};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn count(screen: &str) -> Option<usize> {
    let line = screen.lines().nth(1)?;
    let start = line.rfind('[')?;
    let end = line[start..].find(']')? + start;
    line[start + 1..end].parse().ok()
}

fn run(clusters: usize, pods: usize) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let sim = rt
        .block_on(Sim::start(SimConfig {
            clusters,
            pods,
            namespaces: 20,
            kubeconfig_out: Some(dir.path().join("kubeconfig")),
            ..SimConfig::default()
        }))
        .unwrap();
    let total: usize = sim
        .clusters
        .iter()
        .map(|c| c.store.lock().count("pods"))
        .sum();
    eprintln!(
        "\n== {clusters} cluster(s) x {pods} pods: sim generated {total} pods in {:.1?}",
        t.elapsed()
    );

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kdeck"));
    cmd.arg("--kubeconfig");
    cmd.arg(sim.kubeconfig.as_os_str());
    for c in &sim.clusters {
        cmd.arg("--context");
        cmd.arg(c.name());
    }
    cmd.arg("-A");
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_STATE_HOME", dir.path());
    cmd.env("XDG_CONFIG_HOME", dir.path());
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    let pid = child.process_id().unwrap();
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(50, 200, 0)));
    let p = parser.clone();
    let mut reader = pair.master.try_clone_reader().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            p.lock().unwrap().process(&buf[..n]);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut complete = None;
    while Instant::now() < deadline {
        let shown = count(&parser.lock().unwrap().screen().contents());
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
            count(&parser.lock().unwrap().screen().contents())
        ),
    }
    eprintln!(
        "kdeck RSS with the table loaded: {} MiB",
        common::proc_field(pid, "VmRSS:").unwrap_or(0) / 1024
    );
    // Nothing changes from now on: how much CPU does kdeck use?
    for c in &sim.clusters {
        c.set_frozen(true);
    }
    std::thread::sleep(Duration::from_secs(3));
    let (c0, t0) = (common::cpu_ticks(pid).unwrap_or(0), Instant::now());
    std::thread::sleep(Duration::from_secs(10));
    let (c1, el) = (common::cpu_ticks(pid).unwrap_or(0), t0.elapsed());
    eprintln!(
        "idle: {} ms of CPU in {:.1?} ({:.2}% of a core); RSS {} MiB, peak {} MiB",
        (c1 - c0) * 10,
        el,
        (c1 - c0) as f64 * 10.0 / el.as_millis() as f64 * 100.0,
        common::proc_field(pid, "VmRSS:").unwrap_or(0) / 1024,
        common::proc_field(pid, "VmHWM:").unwrap_or(0) / 1024
    );
    let _ = child.kill();
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
