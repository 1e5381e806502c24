//! Container logs: each container instance (a start of a container) writes
//! deterministic, realistic lines at a fixed rate from its start until now
//! (or until it terminated): log levels, JSON lines, multi-line stack traces,
//! very long lines, invalid UTF-8, ANSI colours, and some hostile terminal
//! sequences (OSC 52 clipboard writes, title changes, cursor movement,
//! screen clears) that a console must never pass to the user's terminal.

use chrono::{DateTime, Duration, SecondsFormat, Utc};

use super::cluster::fnv_hash;

/// One line of a container instance's log, without its newline.
pub fn line(seed: u64, n: u64, at: DateTime<Utc>) -> Vec<u8> {
    let h = fnv_hash(&format!("{seed}:{n}"));
    let ts = at.to_rfc3339_opts(SecondsFormat::Millis, true);
    let paths = [
        "/api/orders",
        "/api/cart",
        "/healthz",
        "/api/search?q=shoes",
        "/api/users/42",
        "/metrics",
    ];
    let path = paths[(h % paths.len() as u64) as usize];
    let ms = 3 + h % 400;
    match h % 50 {
        0 => format!("{ts} ERROR unhandled exception in request handler\njava.lang.IllegalStateException: connection pool exhausted (max=50)\n\tat com.acme.db.Pool.acquire(Pool.java:212)\n\tat com.acme.orders.Repository.find(Repository.java:88)\n\tat com.acme.orders.Handler.get(Handler.java:41)\n\t... 23 more").into_bytes(),
        1 => format!("{ts} DEBUG payload={}", "x".repeat(5000 + (h % 3000) as usize)).into_bytes(),
        2 => {
            let mut v = format!("{ts} WARN  malformed header bytes: ").into_bytes();
            v.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]);
            v
        }
        3 => format!("{ts} \x1b[32mINFO\x1b[0m  \x1b[1mserver\x1b[0m ready on :8080").into_bytes(),
        // Hostile sequences, as an attacker-controlled request could make
        // an application log them.
        4 => format!("{ts} INFO  user-agent: \x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07 (clipboard write)").into_bytes(),
        5 => format!("{ts} INFO  referer: \x1b]0;you have been pwned\x07 (title change)").into_bytes(),
        6 => format!("{ts} INFO  query: \x1b[2J\x1b[H\x1b[10A\x1b[31mFAKE PROMPT$ \x1b[0m (screen clear and cursor moves)").into_bytes(),
        7..=14 => format!("{{\"ts\":\"{ts}\",\"level\":\"{}\",\"msg\":\"request served\",\"path\":\"{path}\",\"status\":{},\"duration_ms\":{ms}}}", ["info", "warn", "error", "debug"][(h >> 8) as usize % 4], [200, 200, 201, 404, 500][(h >> 12) as usize % 5]).into_bytes(),
        15..=18 => format!("{ts} WARN  slow request {path} took {}ms", 500 + ms * 10).into_bytes(),
        19 => format!("{ts} ERROR upstream {path} returned 503 Service Unavailable").into_bytes(),
        _ => format!("{ts} INFO  GET {path} 200 {ms}ms").into_bytes(),
    }
}

/// Which lines of an instance that ran from `start` to `end` (at `rate`
/// lines per second) fall in `[from, end]`: (first index, last index),
/// none when first > last.
pub fn range(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    from: Option<DateTime<Utc>>,
    rate: f64,
) -> (u64, u64) {
    let per = |t: DateTime<Utc>| -> u64 {
        let secs = (t - start).num_milliseconds().max(0) as f64 / 1000.0;
        (secs * rate).floor() as u64
    };
    let last = per(end);
    // The first line written at or after `from` (a kubelet's sinceTime
    // keeps lines stamped exactly at it).
    let first = from.map_or(0, |f| {
        if f <= start {
            return 0;
        }
        let mut n = per(f);
        while n > 0 && time_of(start, n - 1, rate) >= f {
            n -= 1;
        }
        while time_of(start, n, rate) < f {
            n += 1;
        }
        n
    });
    (first, last)
}

/// When line `n` of an instance started at `start` was written.
pub fn time_of(start: DateTime<Utc>, n: u64, rate: f64) -> DateTime<Utc> {
    start + Duration::milliseconds(((n as f64) / rate * 1000.0) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_deterministic_and_varied() {
        let t = Utc::now();
        assert_eq!(line(7, 3, t), line(7, 3, t));
        let all: Vec<Vec<u8>> = (0..500).map(|n| line(7, n, t)).collect();
        assert!(
            all.iter().any(|l| l.windows(4).any(|w| w == b"\x1b]52")),
            "clipboard writes"
        );
        assert!(
            all.iter().any(|l| std::str::from_utf8(l).is_err()),
            "invalid UTF-8"
        );
        assert!(all.iter().any(|l| l.starts_with(b"{")), "JSON lines");
        assert!(all.iter().any(|l| l.len() > 5000), "very long lines");
        assert!(all.iter().any(|l| l.contains(&b'\n')), "multi-line traces");
    }

    #[test]
    fn ranges_follow_time() {
        let start = Utc::now() - Duration::seconds(100);
        let end = start + Duration::seconds(100);
        assert_eq!(range(start, end, None, 1.0), (0, 100));
        assert_eq!(
            range(start, end, Some(start + Duration::seconds(90)), 1.0),
            (90, 100),
            "a line stamped exactly at sinceTime is kept"
        );
        let (first, last) = range(start, end, Some(end + Duration::seconds(5)), 1.0);
        assert!(first > last, "nothing after the end");
        assert_eq!(time_of(start, 10, 2.0), start + Duration::seconds(5));
    }
}
