//! What the benchmarks share: a heap-counting allocator and /proc readers
//! for a child process's memory and CPU.

#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

/// Start an in-process sim of `config` writing its kubeconfig into `dir`:
/// the sim, the pods it serves, how long it took to generate them.
pub fn start_sim(
    rt: &tokio::runtime::Runtime,
    config: kdeck_sim::SimConfig,
    dir: &std::path::Path,
) -> (kdeck_sim::Sim, usize, std::time::Duration) {
    let t = std::time::Instant::now();
    let sim = rt
        .block_on(kdeck_sim::Sim::start(kdeck_sim::SimConfig {
            kubeconfig_out: Some(dir.join("kubeconfig")),
            ..config
        }))
        .unwrap();
    let total = sim
        .clusters
        .iter()
        .map(|c| c.store.lock().count("pods"))
        .sum();
    (sim, total, t.elapsed())
}

/// Counts live heap bytes (install with `#[global_allocator]`).
pub struct Counting;
pub static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

/// Live heap bytes now.
pub fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// A `/proc/PID/status` field in kB (`VmRSS:`, `VmHWM:`).
pub fn proc_field(pid: u32, key: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with(key))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// The runtime the in-process sim is served from (two workers, like the
/// machine).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A runtime for an in-process sim that stands in for servers elsewhere:
/// its threads run at the lowest priority (nice 19), so that the console
/// measured beside it on the same two cores is not kept waiting for a CPU
/// by the simulation of a hundred clusters (which real clusters would not
/// cost the jump host). `KDECK_SIM_NICE=0` measures with both at the same
/// priority.
#[allow(dead_code)]
pub fn background_runtime() -> tokio::runtime::Runtime {
    let nice: i32 = std::env::var("KDECK_SIM_NICE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(19);
    // Linux schedules each session as a group (autogroup), and the console
    // runs in a session of its own (its terminal's): the sim's threads
    // at nice 19 would still weigh as much as the console's whole group.
    // So this process takes a session of its own too (to leave the caller's
    // session as it is; it ends with its parent, cargo) and lowers that
    // session's weight. What measures (the terminal's reader, the keys)
    // stays at nice 0 inside it: a delay there only makes the console look
    // slower.
    if nice > 0 {
        // SAFETY: setsid and prctl change only this process's session and
        // what it gets when its parent dies.
        unsafe {
            libc::setsid();
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        }
        let _ = std::fs::write("/proc/self/autogroup", nice.to_string());
    }
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .on_thread_start(move || {
            // SAFETY: only lowers this thread's own scheduling priority.
            unsafe {
                let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
                libc::setpriority(libc::PRIO_PROCESS, tid, nice);
            }
        })
        .build()
        .unwrap()
}

/// The row count shown in the header (`[N]`).
pub fn count(screen: &str) -> Option<usize> {
    let line = screen.lines().nth(1)?;
    let start = line.rfind('[')?;
    let end = line[start..].find(']')? + start;
    line[start + 1..end].parse().ok()
}

/// utime + stime in clock ticks (1/100 s on Linux).
pub fn cpu_ticks(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = after.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

/// A program running in a 50x200 pseudo-terminal, its screen kept up to
/// date by a vt100 parser and the bytes it writes counted.
pub struct Term {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub pid: u32,
    pub parser: std::sync::Arc<std::sync::Mutex<vt100::Parser>>,
    /// The terminal's input (keys); the reader answers the program's
    /// queries through it too.
    pub writer: Keys,
    /// Bytes the program has written to the terminal so far.
    pub written: std::sync::Arc<std::sync::atomic::AtomicU64>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

/// The release `kdeck` binary in a pseudo-terminal.
pub type Kdeck = Term;

impl Term {
    /// Start the release `kdeck --kubeconfig KC args...` with its XDG dirs
    /// in `dir`.
    pub fn spawn(kubeconfig: &std::path::Path, args: &[&str], dir: &std::path::Path) -> Term {
        // `KDECK_BIN` measures another build of kdeck (the release one,
        // with a bench built quickly under another profile).
        let bin = std::env::var("KDECK_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_kdeck").into());
        let mut cmd = portable_pty::CommandBuilder::new(bin);
        cmd.arg("--kubeconfig");
        cmd.arg(kubeconfig.as_os_str());
        cmd.args(args);
        // `KDECK_BENCH_STATE` keeps kdeck's log (it says where slow turns went).
        let state = std::env::var_os("KDECK_BENCH_STATE").unwrap_or_else(|| dir.into());
        cmd.env("XDG_STATE_HOME", state);
        cmd.env("XDG_CONFIG_HOME", dir);
        Term::run(cmd).unwrap()
    }

    /// Start any command (TERM is set to xterm-256color).
    pub fn run(mut cmd: portable_pty::CommandBuilder) -> anyhow::Result<Term> {
        use std::io::Read;
        let pair = portable_pty::native_pty_system().openpty(portable_pty::PtySize {
            rows: 50,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })?;
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd)?;
        let pid = child
            .process_id()
            .ok_or_else(|| anyhow::anyhow!("no process id"))?;
        drop(pair.slave);
        let parser = std::sync::Arc::new(std::sync::Mutex::new(vt100::Parser::new(50, 200, 0)));
        let p = parser.clone();
        let written = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let w = written.clone();
        let mut reader = pair.master.try_clone_reader()?;
        let writer = Keys(std::sync::Arc::new(std::sync::Mutex::new(
            pair.master.take_writer()?,
        )));
        let mut answers = writer.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                w.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
                let mut p = p.lock().unwrap();
                // Answer what a terminal answers, as it reaches the query.
                let mut rest = &buf[..n];
                while let Some((at, len, query)) = terminal_query(rest) {
                    p.process(&rest[..at + len]);
                    rest = &rest[at + len..];
                    let answer = match query {
                        Query::CursorPosition => {
                            let (row, col) = p.screen().cursor_position();
                            format!("\x1b[{};{}R", row + 1, col + 1)
                        }
                        Query::DeviceAttributes => "\x1b[?62;22c".to_string(),
                    };
                    let _ = std::io::Write::write_all(&mut answers, answer.as_bytes());
                    let _ = std::io::Write::flush(&mut answers);
                }
                p.process(rest);
            }
        });
        Ok(Term {
            child,
            pid,
            parser,
            writer,
            written,
            _master: pair.master,
        })
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Bytes written to the terminal so far.
    pub fn written(&self) -> u64 {
        self.written.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Type `keys`.
    pub fn send(&mut self, keys: &[u8]) {
        use std::io::Write;
        let _ = self.writer.write_all(keys);
        let _ = self.writer.flush();
    }
}

/// What a program in a terminal used over 10 s (after 3 s to settle): CPU
/// and bytes written to the terminal.
pub struct Window {
    pub cpu_ms: u64,
    pub bytes: u64,
    pub elapsed: std::time::Duration,
}

/// Freeze every cluster of `sim`, then one line on what kdeck (`k`) uses
/// while nothing changes: CPU, bytes written, resident memory and peak.
pub fn idle_line(sim: &kdeck_sim::Sim, k: &Term) -> String {
    for c in &sim.clusters {
        c.set_frozen(true);
    }
    let idle = Window::measure(k);
    format!(
        "idle: {} ms of CPU in {:.1?} ({:.2}% of a core), {} bytes written to the terminal; RSS {} MiB, peak {} MiB",
        idle.cpu_ms,
        idle.elapsed,
        idle.share(),
        idle.bytes,
        proc_field(k.pid, "VmRSS:").unwrap_or(0) / 1024,
        proc_field(k.pid, "VmHWM:").unwrap_or(0) / 1024
    )
}

impl Window {
    pub fn measure(k: &Term) -> Window {
        std::thread::sleep(std::time::Duration::from_secs(3));
        let (c0, t0, w0) = (
            cpu_ticks(k.pid).unwrap_or(0),
            std::time::Instant::now(),
            k.written(),
        );
        std::thread::sleep(std::time::Duration::from_secs(10));
        Window {
            cpu_ms: cpu_ticks(k.pid).unwrap_or(0).saturating_sub(c0) * 10,
            bytes: k.written() - w0,
            elapsed: t0.elapsed(),
        }
    }

    /// Percent of a core.
    pub fn share(&self) -> f64 {
        self.cpu_ms as f64 / self.elapsed.as_millis() as f64 * 100.0
    }

    /// Bytes written to the terminal per second.
    pub fn bytes_per_sec(&self) -> f64 {
        self.bytes as f64 / self.elapsed.as_secs_f64()
    }
}

/// The input side of a terminal, shared by the keys typed and the answers
/// to the program's queries.
#[derive(Clone)]
pub struct Keys(std::sync::Arc<std::sync::Mutex<Box<dyn std::io::Write + Send>>>);

impl std::io::Write for Keys {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().flush()
    }
}

/// What a program asks its terminal (crossterm asks for the cursor
/// position at start-up and waits for the answer).
enum Query {
    /// `ESC [ 6 n`, answered `ESC [ row ; col R`.
    CursorPosition,
    /// `ESC [ c` or `ESC [ 0 c` (primary device attributes).
    DeviceAttributes,
}

/// The first query in `bytes`: where it starts, its length, what it asks.
fn terminal_query(bytes: &[u8]) -> Option<(usize, usize, Query)> {
    let queries: [(&[u8], Query); 3] = [
        (b"\x1b[6n", Query::CursorPosition),
        (b"\x1b[c", Query::DeviceAttributes),
        (b"\x1b[0c", Query::DeviceAttributes),
    ];
    queries
        .into_iter()
        .filter_map(|(q, what)| {
            bytes
                .windows(q.len())
                .position(|w| w == q)
                .map(|at| (at, q.len(), what))
        })
        .min_by_key(|(at, _, _)| *at)
}
