//! Running the kdeck binary in a pseudo-terminal and reading its screen
//! through a vt100 parser; every byte it writes is kept too.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 45;
pub const COLS: u16 = 200;

pub struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    _dir: tempfile::TempDir,
}

impl Term {
    /// Start `kdeck args...` with its own XDG dirs (no user config leaks in).
    /// (Only the kdeck package's tests know where its binary is; the sim's
    /// tests share this file for `spawn_program`.)
    pub fn spawn(args: &[&str], env: &[(&str, &str)]) -> Term {
        let Some(bin) = option_env!("CARGO_BIN_EXE_kdeck") else {
            panic!("Term::spawn is for the kdeck package's tests");
        };
        Term::spawn_program(bin, args, env)
    }

    /// Start any program in the pseudo-terminal.
    pub fn spawn_program(program: &str, args: &[&str], env: &[(&str, &str)]) -> Term {
        let dir = tempfile::tempdir().expect("tempdir");
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", dir.path().join("config"));
        cmd.env("XDG_STATE_HOME", dir.path().join("state"));
        cmd.env("HOME", dir.path());
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn kdeck");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Term {
            parser,
            raw,
            writer,
            child,
            _master: pair.master,
            _dir: dir,
        }
    }

    /// The program's HOME (its XDG config and state dirs are inside).
    pub fn home(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Runs of text drawn on a background of palette colour `idx` (e.g. 3,
    /// yellow: search matches), one string per run.
    pub fn with_background(&self, idx: u8) -> Vec<String> {
        let p = self.parser.lock().unwrap();
        let screen = p.screen();
        let (rows, cols) = screen.size();
        let mut out = Vec::new();
        for r in 0..rows {
            let mut run = String::new();
            for c in 0..cols {
                let hit = screen
                    .cell(r, c)
                    .filter(|cell| cell.bgcolor() == vt100::Color::Idx(idx));
                match hit {
                    Some(cell) => run.push_str(cell.contents()),
                    None if !run.is_empty() => out.push(std::mem::take(&mut run)),
                    None => {}
                }
            }
            if !run.is_empty() {
                out.push(run);
            }
        }
        out
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// The bytes written so far, once `done` holds of them, else at the
    /// deadline: a program that has just exited may have its last bytes
    /// still in the pty, not yet read.
    pub fn raw_when(&self, secs: u64, done: impl Fn(&[u8]) -> bool) -> Vec<u8> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let raw = self.raw();
            if done(&raw) || Instant::now() > deadline {
                return raw;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resize the terminal (the program gets SIGWINCH).
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
    }

    /// Type text (each character a key press).
    pub fn typ(&mut self, text: &str) {
        for c in text.chars() {
            let mut b = [0u8; 4];
            self.writer
                .write_all(c.encode_utf8(&mut b).as_bytes())
                .unwrap();
            self.writer.flush().unwrap();
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    pub fn enter(&mut self) {
        self.send(b"\r");
    }

    pub fn esc(&mut self) {
        self.send(b"\x1b");
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        // Let a lone ESC be read as the Esc key, not a sequence start.
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Wait until the screen satisfies `pred`; panic with the screen after
    /// `secs`.
    pub fn wait(&self, secs: u64, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if Instant::now() > deadline {
                panic!("timed out after {secs}s waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_for(&self, text: &str, secs: u64) -> String {
        self.wait(secs, text, |s| s.contains(text))
    }

    /// The program's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a running child")
    }

    /// The terminal's local and output mode flags now (`stty -a` reads
    /// the same; the pair shares one termios).
    pub fn modes(&self) -> (libc::tcflag_t, libc::tcflag_t) {
        let fd = self._master.as_raw_fd().expect("a pty fd");
        // SAFETY: tcgetattr fills the zeroed struct we own.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0, "tcgetattr");
        (t.c_lflag, t.c_oflag)
    }

    /// The exit status, waiting up to `secs`.
    pub fn exit_code(&mut self, secs: u64) -> Option<u32> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Ok(Some(st)) = self.child.try_wait() {
                return Some(st.exit_code());
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
