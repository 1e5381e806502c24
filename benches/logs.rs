//! Log view throughput. Two figures, printed (nothing is asserted about
//! speed):
//! 1. in-process: lines/s through `update` (sanitise, level, buffer) with a
//!    frame drawn on a 200x50 TestBackend every 1/30 s worth of lines, and
//!    the heap the full buffer holds;
//! 2. end-to-end: the real binary in a pty streaming a 9-pod deployment
//!    whose containers write 2,500 lines/s each (22,500 lines/s), measuring
//!    lines received, CPU, RSS and how long a key takes to show.
//!
//! Run with `cargo bench --bench logs`.

// Test and benchmark code may unwrap and panic: a failure there is a
// failed test (shipped code may not: see [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use kdeck::app::derive::refresh;
use kdeck::app::logview::{LogView, Source, SourceState, Target};
use kdeck::app::msg::Msg;
use kdeck::app::state::Screen;
use kdeck::app::update::update;
use kdeck::app::view::View;
use kdeck::config::theme::Theme;
use kdeck::kube::ClusterStatus;
use kdeck::kube::kind::Kind;
use kdeck::kube::logs::{LogEvent, RawLine, Since};
use kdeck::testkit;
use kdeck_sim::{Sim, SimConfig};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[global_allocator]
static ALLOC: common::Counting = common::Counting;

const SOURCES: u64 = 9;

fn in_process() {
    let info = testkit::cluster(
        "prod-eu",
        ClusterStatus::Connected {
            version: "v1.36.0".into(),
        },
    );
    let mut s = testkit::state(View::Kind(Kind::Pods), vec![info], chrono::Utc::now());
    update(
        &mut s,
        Msg::Resize {
            width: 200,
            height: 50,
        },
    );
    let settings = s.log_settings.clone();
    let mut v = LogView::new(
        "logs deploy/mailer -n shop @prod-eu".into(),
        0,
        Target::Workload {
            namespace: "shop".into(),
            label: "deploy/mailer".into(),
            selector: [("app".to_string(), "mailer".to_string())].into(),
        },
        Since::Tail(500),
        settings.max_lines,
        settings.max_bytes,
    );
    for i in 0..SOURCES {
        v.sources.push(Source {
            pod: format!("mailer-7d9f8c6b5-{i:05}"),
            container: "mailer".into(),
            stream: i,
            state: SourceState::Streaming,
            uid: format!("uid-{i}").into(),
            first_ts: None,
        });
        v.streams.insert(i, i as u32);
    }
    s.screen = Screen::Logs(Box::new(v));
    // Realistic lines (the sim's, hostile ones included), 256 per batch.
    // (The batches are freed as they are consumed: the heap measured at the
    // end is what the view holds.)
    let heap0 = common::live();
    let now = chrono::Utc::now();
    let total: u64 = 400_000;
    let batches: Vec<LogEvent> = (0..total / 256)
        .map(|b| LogEvent::Lines {
            stream: b % SOURCES,
            lines: (0..256)
                .flat_map(|i| {
                    let n = b * 256 + i;
                    let text = kdeck_sim::logs::line(b % SOURCES, n, now);
                    text.split(|c| *c == b'\n')
                        .map(|l| RawLine {
                            ts: Some(now),
                            bytes: l.to_vec(),
                        })
                        .collect::<Vec<_>>()
                })
                .collect(),
        })
        .collect();
    let lines: usize = batches
        .iter()
        .map(|b| match b {
            LogEvent::Lines { lines, .. } => lines.len(),
            _ => 0,
        })
        .sum();
    let theme = Theme::default();
    let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
    // A frame per 1/30 s of a 20,000 lines/s stream.
    let per_frame = 20_000 / 30;
    let mut since_frame = 0;
    let mut frames = 0u32;
    let mut draw_time = Duration::ZERO;
    let t = Instant::now();
    for b in batches {
        if let LogEvent::Lines { lines, .. } = &b {
            since_frame += lines.len();
        }
        update(&mut s, Msg::Log(b));
        if since_frame >= per_frame {
            since_frame = 0;
            let d = Instant::now();
            refresh(&mut s);
            term.draw(|f| kdeck::ui::draw(f, &s, &theme)).unwrap();
            draw_time += d.elapsed();
            frames += 1;
        }
    }
    let el = t.elapsed();
    let heap = common::live() - heap0;
    let Screen::Logs(v) = &s.screen else {
        unreachable!()
    };
    eprintln!(
        "\n== in-process: {lines} lines in {el:.2?} = {:.0} lines/s with {frames} frames ({:.2?} per frame)",
        lines as f64 / el.as_secs_f64(),
        draw_time / frames.max(1)
    );
    eprintln!(
        "buffer: {} lines kept, {} dropped; heap held {} MiB (cap {} MiB)",
        v.lines.len(),
        v.lines.dropped_items,
        heap / (1 << 20),
        settings.max_bytes >> 20
    );
    // With wrapping and a search on, per frame.
    let mut s = s;
    if let Screen::Logs(v) = &mut s.screen {
        v.wrap = true;
        v.set_search("api/c");
        v.set_filter("!healthz");
    }
    let d = Instant::now();
    for _ in 0..30 {
        refresh(&mut s);
        term.draw(|f| kdeck::ui::draw(f, &s, &theme)).unwrap();
    }
    eprintln!(
        "frame with wrap + search + filter: {:.2?}",
        d.elapsed() / 30
    );
}

/// Lines received so far: kept plus dropped, from the status line.
fn received(screen: &str) -> Option<u64> {
    let status = screen.lines().find(|l| l.contains(" lines"))?;
    let num_before = |key: &str| -> Option<u64> {
        let i = status.find(key)?;
        status[..i]
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    let kept = num_before(" lines")?;
    let dropped = status
        .find("dropped ")
        .and_then(|i| status[i + 8..].split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    Some(kept + dropped)
}

fn end_to_end() {
    let rate = 2_500.0;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sim = rt
        .block_on(Sim::start(SimConfig {
            clusters: 1,
            pods: 120,
            namespaces: 3,
            log_rate: rate,
            kubeconfig_out: Some(dir.path().join("kubeconfig")),
            ..SimConfig::default()
        }))
        .unwrap();
    let k = common::Kdeck::spawn(
        &sim.kubeconfig,
        &["--context", "prod-eu", "-n", "shop", "--view", "deploy"],
        dir.path(),
    );
    let pid = k.pid;
    let mut w = k.writer;
    let mut child = k.child;
    let parser = k.parser;
    let screen = || parser.lock().unwrap().screen().contents();
    let wait = |what: &str, f: &dyn Fn(&str) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if f(&screen()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        eprintln!("timed out waiting for {what}");
        false
    };
    if !wait("deployments", &|s| s.contains("mailer")) {
        return;
    }
    for k in ["/", "m", "a", "i", "l", "e", "r", "\r"] {
        w.write_all(k.as_bytes()).unwrap();
        w.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
    }
    wait("one deployment", &|s| s.contains("9/9"));
    w.write_all(b"l").unwrap();
    w.flush().unwrap();
    wait("lines", &|s| received(s).is_some_and(|n| n > 1000));
    std::thread::sleep(Duration::from_secs(2));
    let (n0, c0, t0) = (
        received(&screen()).unwrap_or(0),
        common::cpu_ticks(pid).unwrap_or(0),
        Instant::now(),
    );
    // A key while the stream runs: how long until the screen shows it?
    std::thread::sleep(Duration::from_secs(4));
    let k = Instant::now();
    w.write_all(b"/").unwrap();
    w.flush().unwrap();
    wait("search prompt", &|s| {
        s.lines().last().is_some_and(|l| l.starts_with('/'))
    });
    let key_latency = k.elapsed();
    w.write_all(b"\x1b").unwrap();
    w.flush().unwrap();
    std::thread::sleep(Duration::from_secs(6));
    let (n1, c1, el) = (
        received(&screen()).unwrap_or(0),
        common::cpu_ticks(pid).unwrap_or(0),
        t0.elapsed(),
    );
    let expected = rate * SOURCES as f64;
    eprintln!("\n== end-to-end: 9 pods x {rate} lines/s = {expected} lines/s offered");
    eprintln!(
        "received {} lines in {el:.1?} = {:.0} lines/s; kdeck CPU {:.0}% of a core; RSS {} MiB (peak {} MiB); a key shows after {key_latency:.0?}",
        n1 - n0,
        (n1 - n0) as f64 / el.as_secs_f64(),
        (c1 - c0) as f64 * 10.0 / el.as_millis() as f64 * 100.0,
        common::proc_field(pid, "VmRSS:").unwrap_or(0) / 1024,
        common::proc_field(pid, "VmHWM:").unwrap_or(0) / 1024,
    );
    let _ = child.kill();
    rt.block_on(sim.stop());
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    in_process();
    end_to_end();
}
