//! kdeck beside its peers on one `kdeck sim`, in one run: each console in
//! turn in a 200x50 pseudo-terminal on the pods of all namespaces, and
//! `kubectl get pods -A` once. Run with `cargo bench --bench peers`
//! (docs/performance.md: the method, the figures and how to reproduce
//! them). It measures; it asserts nothing about speed.
//!
//! Arguments after `--`: sizes as CLUSTERSxPODS (default `1x5000`; the
//! issue's second size is `3x20000`). `KDECK_PEERS=kdeck,sofka` runs only
//! those consoles (the document is then not rewritten);
//! `KDECK_PEERS_CACHE` is where the peers are installed (default
//! `$XDG_CACHE_HOME/kdeck-peers`).

// Benchmark code may unwrap and panic: a failure there is a failed run
// (shipped code may not: see [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;
mod consoles;
mod doc;
mod sim;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use consoles::Outcome;
use sim::{SimProcess, Size};

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs nothing here.
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let mut sizes: Vec<Size> = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .filter_map(|a| Size::parse(a))
        .collect();
    if sizes.is_empty() {
        sizes.push(Size {
            clusters: 1,
            pods: 5_000,
        });
    }
    let only: Option<Vec<String>> = std::env::var("KDECK_PEERS")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    let cache = consoles::cache_dir();
    let out_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("peers");
    std::fs::create_dir_all(&out_dir).unwrap();
    for size in sizes {
        let report = run(size, only.as_deref(), &cache, &out_dir);
        println!("\n{report}");
        if only.is_none() {
            let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/performance.md");
            match doc::write(&doc, &size.label(), &report) {
                Ok(()) => eprintln!("written into {}", doc.display()),
                Err(e) => eprintln!("cannot write {}: {e}", doc.display()),
            }
        }
    }
}

fn run(size: Size, only: Option<&[String]>, cache: &Path, out_dir: &Path) -> String {
    let wanted = |name: &str| only.is_none_or(|o| o.iter().any(|n| n == name));
    let t = Instant::now();
    let sim = SimProcess::start(size).unwrap();
    let total = sim.pods().unwrap();
    eprintln!(
        "\n== {}: the sim serves {} pods ({} in {}) after {:.1?}, its RSS {} MiB",
        size.label(),
        total.iter().sum::<usize>(),
        total[0],
        sim.clusters[0].name,
        t.elapsed(),
        common::proc_field(sim.pid(), "VmRSS:").unwrap_or(0) / 1024
    );
    let mut rows: Vec<(String, Outcome)> = Vec::new();
    let mut versions = Vec::new();
    for console in consoles::consoles() {
        if !wanted(console.name) {
            continue;
        }
        let program = match console.install(cache) {
            Ok((p, version)) => {
                versions.push(format!("{} {version}", console.name));
                p
            }
            Err(e) => {
                eprintln!("{}: cannot be installed: {e}", console.name);
                rows.push((
                    console.name.to_string(),
                    Outcome::Failed(format!("cannot be installed: {e}")),
                ));
                continue;
            }
        };
        eprintln!("-- {} ({})", console.name, program.display());
        let outcome = match consoles::measure(&sim, &console, &program, out_dir) {
            Ok(row) => Outcome::Measured(row),
            Err(e) => Outcome::Failed(e),
        };
        eprintln!("{}: {}", console.name, outcome.brief());
        rows.push((console.name.to_string(), outcome));
    }
    if wanted("kubectl") {
        versions.push(format!("kubectl {}", consoles::kubectl_version()));
        for json in [false, true] {
            let name = if json {
                "kubectl get pods -A -o json"
            } else {
                "kubectl get pods -A"
            };
            let outcome = match consoles::kubectl(&sim, json) {
                Ok(row) => Outcome::Measured(row),
                Err(e) => Outcome::Failed(e),
            };
            eprintln!("{name}: {}", outcome.brief());
            rows.push((name.to_string(), outcome));
        }
    }
    let report = render(size, &sim, &total, &rows, &versions);
    drop(sim);
    report
}

/// The tables, as Markdown (printed and written into the document).
fn render(
    size: Size,
    sim: &SimProcess,
    total: &[usize],
    rows: &[(String, Outcome)],
    versions: &[String],
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}, {} pods in all ({} in `{}`, the cluster the peers show), measured {} on {} ({} cores); {}.\n",
        size.describe(),
        total.iter().sum::<usize>(),
        total[0],
        sim.clusters[0].name,
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        consoles::cpu_model(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        versions.join(", "),
    );
    let _ = writeln!(
        s,
        "| console | pods shown | first rows | complete table | RSS at 5 / 15 / 30 s | peak RSS | CPU-s in the first 30 s | nothing changing: CPU, bytes/s to the terminal | {} pod updates/s: CPU, bytes/s to the terminal |",
        consoles::CHURN
    );
    s += "|---|---|---|---|---|---|---|---|---|\n";
    for (name, o) in rows {
        match o {
            Outcome::Measured(r) => {
                let _ = writeln!(
                    s,
                    "| {name} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    r.shown,
                    r.first.as_deref().unwrap_or("not measurable"),
                    r.complete,
                    r.rss,
                    r.peak,
                    r.cpu30,
                    r.idle,
                    r.churn
                );
            }
            Outcome::Failed(e) => {
                let _ = writeln!(s, "| {name} | **failed**: {} | | | | | | | |", one_line(e));
            }
        }
    }
    s += "\nWhat each asked the sim for during its run (requests by verb and resource):\n\n";
    s += "| console | requests |\n|---|---|\n";
    for (name, o) in rows {
        if let Outcome::Measured(r) = o {
            let _ = writeln!(s, "| {name} | {} |", r.requests);
        }
    }
    s
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '|'], " ")
}
