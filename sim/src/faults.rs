//! Faults injected at run time: downtime, latency, failing requests, churn.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use parking_lot::Mutex;
use tokio::sync::watch;

#[derive(Debug)]
pub struct Faults {
    latency_ms: AtomicU64,
    fail_next: Mutex<(u32, u16)>,
    /// Like `fail_next`, for requests of one method only (`PATCH`): a
    /// conflict for the write a client sends after its dry run.
    fail_method: Mutex<Option<(String, u32, u16)>>,
    churn_per_sec: AtomicU32,
    /// Pods stop progressing (crash loops pause): nothing changes unless
    /// written through the API. For measurements of idle clients.
    frozen: std::sync::atomic::AtomicBool,
    /// The moment frozen: metrics are answered as of then (two readers,
    /// kdeck and kubectl top, see the same numbers).
    frozen_at: Mutex<Option<chrono::DateTime<chrono::Utc>>>,
    down: watch::Sender<bool>,
    /// Bumped to end every open watch and log stream.
    cut: watch::Sender<u64>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: AtomicU64::new(0),
            fail_next: Mutex::new((0, 500)),
            fail_method: Mutex::new(None),
            churn_per_sec: AtomicU32::new(0),
            frozen: std::sync::atomic::AtomicBool::new(false),
            frozen_at: Mutex::new(None),
            down: watch::channel(false).0,
            cut: watch::channel(0).0,
        }
    }
}

impl Faults {
    pub fn latency(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.latency_ms.load(Ordering::Relaxed))
    }

    pub fn set_latency_ms(&self, ms: u64) {
        self.latency_ms.store(ms, Ordering::Relaxed);
    }

    /// Answer the next `n` API requests with HTTP `code`.
    pub fn fail_next(&self, n: u32, code: u16) {
        *self.fail_next.lock() = (n, code);
    }

    /// Answer the next `n` requests of `method` (e.g. `PATCH`) with HTTP
    /// `code`; requests of other methods are served.
    pub fn fail_next_of(&self, method: &str, n: u32, code: u16) {
        *self.fail_method.lock() = Some((method.to_ascii_uppercase(), n, code));
    }

    /// Consume one pending injected failure, if any.
    pub fn take_failure(&self) -> Option<u16> {
        let mut f = self.fail_next.lock();
        (f.0 > 0).then(|| {
            f.0 -= 1;
            f.1
        })
    }

    /// Consume one pending injected failure for a request of `method`.
    pub fn take_failure_of(&self, method: &str) -> Option<u16> {
        if let Some(code) = self.take_failure() {
            return Some(code);
        }
        let mut f = self.fail_method.lock();
        let (m, n, code) = f.as_mut()?;
        if m.as_str() != method || *n == 0 {
            return None;
        }
        *n -= 1;
        Some(*code)
    }

    pub fn churn(&self) -> u32 {
        self.churn_per_sec.load(Ordering::Relaxed)
    }

    pub fn set_churn(&self, per_sec: u32) {
        self.churn_per_sec.store(per_sec, Ordering::Relaxed);
    }

    pub fn is_frozen(&self) -> bool {
        self.frozen.load(Ordering::Relaxed)
    }

    pub fn set_frozen(&self, frozen: bool) {
        self.frozen.store(frozen, Ordering::Relaxed);
        *self.frozen_at.lock() = frozen.then(chrono::Utc::now);
    }

    /// The time metrics are computed for: now, or the moment frozen.
    pub fn metrics_now(&self) -> chrono::DateTime<chrono::Utc> {
        self.frozen_at.lock().unwrap_or_else(chrono::Utc::now)
    }

    pub fn is_down(&self) -> bool {
        *self.down.borrow()
    }

    pub fn set_down(&self, down: bool) {
        self.down.send_replace(down);
    }

    pub fn down_watch(&self) -> watch::Receiver<bool> {
        self.down.subscribe()
    }

    pub fn cut_watches(&self) {
        self.cut.send_modify(|n| *n += 1);
    }

    pub fn cut_watch(&self) -> watch::Receiver<u64> {
        self.cut.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_consumed_one_by_one() {
        let f = Faults::default();
        assert_eq!(f.take_failure(), None);
        f.fail_next(2, 503);
        assert_eq!(f.take_failure(), Some(503));
        assert_eq!(f.take_failure(), Some(503));
        assert_eq!(f.take_failure(), None);
    }

    #[test]
    fn failures_of_one_method_leave_the_others_alone() {
        let f = Faults::default();
        f.fail_next_of("patch", 1, 409);
        assert_eq!(f.take_failure_of("GET"), None);
        assert_eq!(f.take_failure_of("POST"), None);
        assert_eq!(f.take_failure_of("PATCH"), Some(409));
        assert_eq!(f.take_failure_of("PATCH"), None);
    }

    #[test]
    fn cut_notifies_watchers() {
        let f = Faults::default();
        let mut rx = f.cut_watch();
        f.cut_watches();
        assert!(rx.has_changed().unwrap());
        rx.mark_unchanged();
        assert!(!rx.has_changed().unwrap());
    }
}
