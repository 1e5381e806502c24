//! The consoles compared, how each is installed, started and brought to
//! the pods of all namespaces, and what is measured of each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::Value;

use crate::common::{self, Term, Window};
use crate::sim::SimProcess;

/// Pod updates a second during the churn window (all clusters together).
pub const CHURN: usize = 50;
/// How long a console gets to show the complete table.
const COMPLETE_DEADLINE: Duration = Duration::from_secs(120);
/// When resident memory is read, after the start.
const RSS_AT: [u64; 3] = [5, 15, 30];

pub struct Console {
    pub name: &'static str,
    /// The crate on crates.io and its version; `None` for kdeck itself.
    pub krate: Option<(&'static str, &'static str)>,
    /// Its arguments (the kubeconfig is given in `KUBECONFIG` too).
    pub args: fn(&SimProcess) -> Vec<String>,
    /// The keys that bring it to the pods of all namespaces: each sent once
    /// the screen contains its text.
    pub keys: &'static [(&'static str, &'static str)],
    /// The number of pods its screen says it shows, where it says one.
    pub count: Option<fn(&str) -> Option<usize>>,
    /// Whether a pod row is on its screen.
    pub rows: fn(&str) -> bool,
    /// It shows every cluster of the kubeconfig (else the current
    /// context's, the first cluster).
    pub all_clusters: bool,
}

/// What was measured of a console, as the table shows it.
pub struct Row {
    pub shown: String,
    pub first: Option<String>,
    pub complete: String,
    pub rss: String,
    pub peak: String,
    pub cpu30: String,
    pub idle: String,
    pub churn: String,
    pub requests: String,
}

pub enum Outcome {
    Measured(Row),
    Failed(String),
}

impl Outcome {
    pub fn brief(&self) -> String {
        match self {
            Outcome::Measured(r) => format!(
                "complete {}, RSS {} (peak {}), CPU-s in 30 s {}, idle {}, churn {}",
                r.complete, r.rss, r.peak, r.cpu30, r.idle, r.churn
            ),
            Outcome::Failed(e) => format!("FAILED: {e}"),
        }
    }
}

pub fn consoles() -> Vec<Console> {
    vec![
        Console {
            name: "kdeck",
            krate: None,
            args: |sim| {
                let mut a = vec!["--kubeconfig".into(), sim.kubeconfig.display().to_string()];
                for c in &sim.clusters {
                    a.push("--context".into());
                    a.push(c.name.clone());
                }
                a.push("-A".into());
                a
            },
            keys: &[],
            count: Some(common::count),
            rows: |s| common::count(s).is_some_and(|n| n > 0),
            all_clusters: true,
        },
        Console {
            name: "sofka",
            krate: Some(("sofka", "0.34.0")),
            // Opens on the resource given, `-A` all namespaces; the
            // table's title counts its rows (`pods [5054]`).
            args: |_| vec!["-A".into(), "pods".into()],
            keys: &[],
            count: Some(|s| count_after(s, "╭ pods [")),
            rows: |s| s.contains("Running"),
            all_clusters: false,
        },
        Console {
            name: "kdash",
            krate: Some(("kdash", "2.1.1")),
            // Starts on its Pods tab, all namespaces (`a`), the current
            // context.
            args: |_| Vec::new(),
            keys: &[],
            count: Some(|s| count_after(s, "Pods (ns: all) [")),
            rows: |s| s.contains("Running"),
            all_clusters: false,
        },
        Console {
            name: "kubetui",
            krate: Some(("kubetui", "1.14.0")),
            // Its first tab is the pods (`Pod [cursor/rows]`); `-A` all
            // namespaces.
            args: |_| vec!["-A".into()],
            keys: &[],
            count: Some(|s| {
                let at = s.find("Pod [")? + "Pod [".len();
                let (_, rest) = s[at..].split_once('/')?;
                count_after(rest, "")
            }),
            rows: |s| s.contains("Running"),
            all_clusters: false,
        },
    ]
}

/// The number right after `prefix` on the screen (`Pods (ns: all) [5054]`).
fn count_after(screen: &str, prefix: &str) -> Option<usize> {
    let at = screen.find(prefix)? + prefix.len();
    let digits: String = screen[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

impl Console {
    /// The program to run and its version; peers are installed from
    /// crates.io into `cache` on first use.
    pub fn install(&self, cache: &Path) -> anyhow::Result<(PathBuf, String)> {
        let Some((krate, version)) = self.krate else {
            return Ok((
                // `KDECK_BIN` measures another build (the release one).
                std::env::var_os("KDECK_BIN")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_kdeck"))),
                "(this tree)".to_string(),
            ));
        };
        let bin = cache.join("bin").join(krate);
        let listed = std::fs::read_to_string(cache.join(".crates.toml"))
            .unwrap_or_default()
            .contains(&format!("\"{krate} {version} "));
        if bin.exists() && listed {
            return Ok((bin, version.to_string()));
        }
        std::fs::create_dir_all(cache.join("logs"))?;
        let log = cache.join("logs").join(format!("{krate}.log"));
        eprintln!(
            "installing {krate} {version} into {} (log: {})",
            cache.display(),
            log.display()
        );
        let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["install", "--locked", "--root"])
            .arg(cache)
            .arg(format!("{krate}@={version}"))
            .output()
            .context("cannot run cargo install")?;
        std::fs::write(
            &log,
            [out.stdout.as_slice(), out.stderr.as_slice()].concat(),
        )?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let tail: Vec<&str> = err.lines().rev().take(6).collect();
            bail!(
                "cargo install {krate}@={version} failed: {}",
                tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
            );
        }
        Ok((bin, version.to_string()))
    }
}

/// Run one console against the sim and measure it.
pub fn measure(
    sim: &SimProcess,
    console: &Console,
    program: &Path,
    out_dir: &Path,
) -> Result<Row, String> {
    measure_inner(sim, console, program, out_dir).map_err(|e| format!("{e:#}"))
}

fn measure_inner(
    sim: &SimProcess,
    console: &Console,
    program: &Path,
    out_dir: &Path,
) -> anyhow::Result<Row> {
    // Nothing changes until the churn window.
    sim.churn(0)?;
    sim.freeze(true)?;
    let totals = sim.pods()?;
    let expect: usize = if console.all_clusters {
        totals.iter().sum()
    } else {
        totals[0]
    };
    let marks = sim.request_marks()?;
    let home = tempfile::tempdir()?;
    let mut cmd = portable_pty::CommandBuilder::new(program);
    cmd.args((console.args)(sim));
    cmd.cwd(home.path());
    cmd.env("KUBECONFIG", &sim.kubeconfig);
    cmd.env("HOME", home.path());
    for (var, sub) in [
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_DATA_HOME", "data"),
    ] {
        cmd.env(var, home.path().join(sub));
    }
    let t0 = Instant::now();
    let mut term = Term::run(cmd)?;
    let pid = term.pid;
    let mut keys = console.keys.iter().peekable();
    let mut key_ready: Option<Instant> = None;
    let mut first = None;
    let mut complete = None;
    let mut rss: [Option<u64>; 3] = [None; 3];
    let mut cpu30 = None;
    let save = |term: &Term, what: &str| {
        let _ = std::fs::write(
            out_dir.join(format!(
                "{}-{}-{what}.txt",
                sim.clusters.len(),
                console.name.replace(' ', "_")
            )),
            term.screen(),
        );
    };
    loop {
        let el = t0.elapsed();
        let screen = term.screen();
        if let Some((want, send)) = keys.peek() {
            // A key goes half a second after what it waits for is shown
            // (a console may draw before it reads keys).
            if screen.contains(want) {
                let at = *key_ready.get_or_insert_with(Instant::now);
                if at.elapsed() >= Duration::from_millis(500) {
                    term.send(send.as_bytes());
                    keys.next();
                    key_ready = None;
                }
            }
        }
        if first.is_none() && (console.rows)(&screen) {
            first = Some(el);
        }
        if complete.is_none()
            && console
                .count
                .and_then(|count| count(&screen))
                .is_some_and(|n| n >= expect)
        {
            complete = Some(el);
        }
        for (i, at) in RSS_AT.iter().enumerate() {
            if rss[i].is_none() && el >= Duration::from_secs(*at) {
                rss[i] = common::proc_field(pid, "VmRSS:");
            }
        }
        if cpu30.is_none() && el >= Duration::from_secs(30) {
            cpu30 = common::cpu_ticks(pid);
        }
        if let Some(status) = term.child.try_wait()? {
            save(&term, "exit");
            bail!(
                "exited ({status:?}) after {:.1} s; its screen: {}",
                el.as_secs_f64(),
                last_lines(&screen)
            );
        }
        let waiting_for_count = console.count.is_some() && complete.is_none();
        if el >= Duration::from_secs(30)
            && (el >= COMPLETE_DEADLINE || !waiting_for_count && first.is_some())
        {
            break;
        }
        if el >= COMPLETE_DEADLINE && first.is_none() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    save(&term, "loaded");
    let screen = term.screen();
    if keys.peek().is_some() || first.is_none() {
        let _ = term.child.kill();
        let _ = term.child.wait();
        let why = match keys.peek() {
            Some((want, _)) => format!("never showed {want:?} (to send its keys)"),
            None => "no pod on screen".to_string(),
        };
        bail!(
            "{why} after {} s; its screen: {}",
            t0.elapsed().as_secs(),
            last_lines(&screen)
        );
    }
    let idle = Window::measure(&term);
    sim.freeze(false)?;
    sim.churn(CHURN)?;
    let churn = Window::measure(&term);
    sim.churn(0)?;
    save(&term, "churn");
    let peak = common::proc_field(pid, "VmHWM:");
    let _ = term.child.kill();
    let _ = term.child.wait();
    // Let the pods churned away be re-created and start before the next
    // console is measured.
    std::thread::sleep(Duration::from_secs(3));
    sim.freeze(true)?;

    let mut requests = Vec::new();
    for (i, since) in marks.iter().enumerate() {
        requests.extend(sim.requests(i, *since)?.0);
    }
    let _ = std::fs::write(
        out_dir.join(format!(
            "{}-{}-requests.jsonl",
            sim.clusters.len(),
            console.name
        )),
        requests
            .iter()
            .map(|r| format!("{r}\n"))
            .collect::<String>(),
    );
    let mib = |kb: Option<u64>| kb.map_or("?".to_string(), |k| format!("{}", k / 1024));
    Ok(Row {
        shown: if console.all_clusters {
            format!(
                "{} ({} cluster{})",
                expect,
                totals.len(),
                if totals.len() == 1 { "" } else { "s" }
            )
        } else {
            format!("{} (1 cluster)", expect)
        },
        first: first.map(secs),
        complete: match (console.count, complete) {
            (None, _) => "not measurable (no count on screen)".to_string(),
            (Some(_), Some(d)) => secs(d),
            (Some(_), None) => format!("not complete after {} s", COMPLETE_DEADLINE.as_secs()),
        },
        rss: format!("{} / {} / {} MiB", mib(rss[0]), mib(rss[1]), mib(rss[2])),
        peak: format!("{} MiB", mib(peak)),
        cpu30: cpu30.map_or("?".to_string(), |t| format!("{:.1}", t as f64 / 100.0)),
        idle: window(&idle),
        churn: window(&churn),
        requests: summarize(&requests, t0.elapsed()),
    })
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn window(w: &Window) -> String {
    format!("{:.1} % of a core, {}", w.share(), bytes(w.bytes_per_sec()))
}

fn bytes(per_sec: f64) -> String {
    if per_sec >= 1024.0 * 1024.0 {
        format!("{:.1} MB/s", per_sec / 1024.0 / 1024.0)
    } else if per_sec >= 1024.0 {
        format!("{:.1} KB/s", per_sec / 1024.0)
    } else {
        format!("{per_sec:.0} B/s")
    }
}

/// The screen's last non-empty lines, on one line.
fn last_lines(screen: &str) -> String {
    let lines: Vec<&str> = screen
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines[lines.len().saturating_sub(6)..].join(" ⏎ ")
}

/// The requests by verb and resource, most frequent first: `list pods
/// (paged) ×11`, with the rate of the repeated ones.
fn summarize(requests: &[Value], over: Duration) -> String {
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    for r in requests {
        let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
        let (verb, resource, sub, query) = (s("verb"), s("resource"), s("subresource"), s("query"));
        let what = if resource.is_empty() {
            // Discovery and other paths.
            if s("path").starts_with("/api") || s("path").starts_with("/version") {
                "discovery".to_string()
            } else {
                format!("{verb} {}", s("path"))
            }
        } else {
            let mut w = format!("{verb} {resource}");
            if !sub.is_empty() {
                w += &format!("/{sub}");
            }
            if !s("group").is_empty() && s("group") == "metrics.k8s.io" {
                w += " (metrics)";
            }
            if verb == "list" {
                w += if query.contains("limit=") {
                    " (paged)"
                } else {
                    " (unpaged)"
                };
            }
            if r["namespace"].as_str().is_some_and(|n| !n.is_empty()) {
                w += " in a namespace";
            }
            w
        };
        let status = r["status"].as_u64().unwrap_or(0);
        let what = if (200..300).contains(&status) {
            what
        } else {
            format!("{what} → {status}")
        };
        *by.entry(what).or_default() += 1;
    }
    let mut v: Vec<(String, usize)> = by.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let n = requests.len();
    let mut out = format!(
        "{n} in {:.0} s ({:.1}/s): ",
        over.as_secs_f64(),
        n as f64 / over.as_secs_f64()
    );
    // The most frequent, and every one the sim refused.
    let (shown, rest): (Vec<_>, Vec<_>) = v
        .iter()
        .enumerate()
        .partition(|(i, (w, _))| *i < 8 || w.contains(" → "));
    let parts: Vec<String> = shown
        .iter()
        .map(|(_, (w, c))| format!("{w} ×{c}"))
        .collect();
    out += &parts.join(", ");
    if !rest.is_empty() {
        out += &format!(
            ", {} more kinds of request ({} requests)",
            rest.len(),
            rest.iter().map(|(_, (_, c))| c).sum::<usize>()
        );
    }
    out
}

/// `kubectl get pods -A` (or `-o json`) once per cluster, in parallel:
/// wall time until all are done, the largest peak RSS, CPU-seconds.
pub fn kubectl(sim: &SimProcess, json: bool) -> Result<Row, String> {
    kubectl_inner(sim, json).map_err(|e| format!("{e:#}"))
}

fn kubectl_inner(sim: &SimProcess, json: bool) -> anyhow::Result<Row> {
    sim.churn(0)?;
    sim.freeze(true)?;
    let totals = sim.pods()?;
    let marks = sim.request_marks()?;
    let cache = tempfile::tempdir()?;
    let run = || -> anyhow::Result<(Duration, u64, f64, u64)> {
        let t = Instant::now();
        let mut children = Vec::new();
        for c in &sim.clusters {
            let out = tempfile::tempfile()?;
            let mut cmd = Command::new("kubectl");
            cmd.arg("--kubeconfig")
                .arg(&sim.kubeconfig)
                .arg("--cache-dir")
                .arg(cache.path())
                .args(["--context", &c.name, "get", "pods", "-A"]);
            if json {
                cmd.args(["-o", "json"]);
            }
            let child = cmd
                .stdout(out.try_clone()?)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .context("cannot run kubectl")?;
            children.push((child, out));
        }
        let (mut peak, mut cpu, mut written) = (0u64, 0.0f64, 0u64);
        for (mut child, out) in children {
            // wait4: the child's own peak RSS and CPU time.
            let mut status = 0;
            let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
            let pid = child.id() as i32;
            let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
            if r != pid {
                bail!("wait4 on kubectl failed");
            }
            if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    use std::io::Read;
                    let _ = e.read_to_string(&mut err);
                }
                bail!("kubectl failed (status {status}): {}", err.trim());
            }
            peak = peak.max(ru.ru_maxrss as u64);
            cpu += ru.ru_utime.tv_sec as f64
                + ru.ru_utime.tv_usec as f64 / 1e6
                + ru.ru_stime.tv_sec as f64
                + ru.ru_stime.tv_usec as f64 / 1e6;
            written += out.metadata()?.len();
            drop(child);
        }
        Ok((t.elapsed(), peak, cpu, written))
    };
    // Once to fill kubectl's discovery cache (as on a machine where it is
    // used), then measured.
    run()?;
    let (wall, peak, cpu, written) = run()?;
    let mut requests = Vec::new();
    for (i, since) in marks.iter().enumerate() {
        requests.extend(sim.requests(i, *since)?.0);
    }
    let n: usize = totals.iter().sum();
    Ok(Row {
        shown: format!(
            "{} ({} cluster{}{})",
            n,
            totals.len(),
            if totals.len() == 1 { "" } else { "s" },
            if totals.len() == 1 {
                ""
            } else {
                ", one kubectl each, in parallel"
            }
        ),
        first: Some("n/a (one-shot)".to_string()),
        complete: format!("{} (all done)", secs(wall)),
        rss: "one-shot".to_string(),
        peak: format!("{} MiB", peak / 1024),
        cpu30: format!("{cpu:.1} (the whole run)"),
        idle: "n/a".to_string(),
        churn: "n/a".to_string(),
        requests: format!(
            "{} (two runs: the first fills the discovery cache; {} written to stdout in the second)",
            summarize(&requests, wall),
            bytes(written as f64).trim_end_matches("/s")
        ),
    })
}

pub fn kubectl_version() -> String {
    Command::new("kubectl")
        .args(["version", "--client", "-o", "json"])
        .output()
        .ok()
        .and_then(|o| serde_json::from_slice::<Value>(&o.stdout).ok())
        .and_then(|v| {
            v["clientVersion"]["gitVersion"]
                .as_str()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "(version unknown)".to_string())
}

/// Where the peers are installed.
pub fn cache_dir() -> PathBuf {
    if let Ok(d) = std::env::var("KDECK_PEERS_CACHE") {
        return PathBuf::from(d);
    }
    std::env::var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|_| std::env::var("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_TARGET_TMPDIR")))
        .join("kdeck-peers")
}

pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "an unknown CPU".to_string())
}
