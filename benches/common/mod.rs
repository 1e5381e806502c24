//! What the benchmarks share: a heap-counting allocator and /proc readers
//! for a child process's memory and CPU.

#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

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

/// The release `kdeck` binary running in a 50x200 pseudo-terminal, its
/// screen kept up to date by a vt100 parser.
pub struct Kdeck {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub pid: u32,
    pub parser: std::sync::Arc<std::sync::Mutex<vt100::Parser>>,
    pub writer: Box<dyn std::io::Write + Send>,
    /// Bytes kdeck has written to the terminal so far.
    pub written: std::sync::Arc<std::sync::atomic::AtomicU64>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Kdeck {
    /// Start `kdeck --kubeconfig KC args...` with its XDG dirs in `dir`.
    pub fn spawn(kubeconfig: &std::path::Path, args: &[&str], dir: &std::path::Path) -> Kdeck {
        use std::io::Read;
        let pair = portable_pty::native_pty_system()
            .openpty(portable_pty::PtySize {
                rows: 50,
                cols: 200,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = portable_pty::CommandBuilder::new(env!("CARGO_BIN_EXE_kdeck"));
        cmd.arg("--kubeconfig");
        cmd.arg(kubeconfig.as_os_str());
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_STATE_HOME", dir);
        cmd.env("XDG_CONFIG_HOME", dir);
        let child = pair.slave.spawn_command(cmd).unwrap();
        let pid = child.process_id().unwrap();
        drop(pair.slave);
        let parser = std::sync::Arc::new(std::sync::Mutex::new(vt100::Parser::new(50, 200, 0)));
        let p = parser.clone();
        let written = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let w = written.clone();
        let mut reader = pair.master.try_clone_reader().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                w.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Kdeck {
            child,
            pid,
            parser,
            writer,
            written,
            _master: pair.master,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Bytes written to the terminal so far.
    pub fn written(&self) -> u64 {
        self.written.load(std::sync::atomic::Ordering::Relaxed)
    }
}
