//! Resuming a broken stream with neither duplicates nor gaps, and the
//! backoff between reconnects.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// Where to resume: the newest timestamp seen and how many lines carried
/// exactly that timestamp (so equal timestamps are neither lost nor
/// repeated).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resume {
    last: Option<DateTime<Utc>>,
    at_last: usize,
    skip: usize,
    /// Whether the last stamped line was new: lines without a stamp
    /// (continuations) share its fate.
    skipping: bool,
    /// Between a reconnect and the first line newer than `last`.
    replaying: bool,
}

impl Resume {
    /// Whether a line with this timestamp is new (and record it).
    pub fn accept(&mut self, ts: Option<DateTime<Utc>>) -> bool {
        let Some(ts) = ts else {
            return !self.skipping;
        };
        let new = self.stamped(ts);
        self.skipping = !new;
        new
    }

    fn stamped(&mut self, ts: DateTime<Utc>) -> bool {
        match self.last {
            // Replaying after a reconnect: what is not newer was seen.
            Some(l) if self.replaying && ts < l => false,
            Some(l) if self.replaying && ts == l && self.skip > 0 => {
                self.skip -= 1;
                false
            }
            Some(l) if ts == l => {
                self.at_last += 1;
                true
            }
            // Live, a line may carry a slightly older stamp (stdout and
            // stderr are stamped apart): it is new all the same.
            Some(l) if ts < l => true,
            _ => {
                self.last = Some(ts);
                self.at_last = 1;
                self.skip = 0;
                self.replaying = false;
                true
            }
        }
    }

    /// A new request starts: until a newer line comes, lines up to the
    /// last timestamp are a replay.
    pub fn restart(&mut self) {
        self.skip = self.at_last;
        self.replaying = self.last.is_some();
    }

    /// `sinceTime` for the next request: the last timestamp rounded *down*
    /// to the second (the API's precision), so nothing after it is missed.
    pub fn since_time(&self) -> Option<DateTime<Utc>> {
        self.last
            .and_then(|t| DateTime::from_timestamp(t.timestamp(), 0))
    }

    pub fn last(&self) -> Option<DateTime<Utc>> {
        self.last
    }
}

/// Exponential backoff between reconnects.
#[derive(Debug, Clone)]
pub struct Backoff {
    next: Duration,
    min: Duration,
    max: Duration,
}

impl Backoff {
    pub fn new(min: Duration, max: Duration) -> Self {
        Backoff {
            next: min,
            min,
            max,
        }
    }

    pub fn next_delay(&mut self) -> Duration {
        let d = self.next;
        self.next = (self.next * 2).min(self.max);
        d
    }

    pub fn reset(&mut self) {
        self.next = self.min;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::{DateTime, Utc};

    use super::{Backoff, Resume};

    fn ts(s: &str) -> Option<DateTime<Utc>> {
        Some(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
    }

    #[test]
    fn resume_skips_what_was_seen_and_keeps_what_was_not() {
        let mut r = Resume::default();
        for t in [
            "2026-01-01T10:00:00.1Z",
            "2026-01-01T10:00:00.5Z",
            "2026-01-01T10:00:00.5Z",
        ] {
            assert!(r.accept(ts(t)));
        }
        // Reconnect: the server resends from 10:00:00 (rounded down).
        assert_eq!(r.since_time(), ts("2026-01-01T10:00:00Z"));
        r.restart();
        let again = [
            ("2026-01-01T10:00:00.1Z", false),
            ("2026-01-01T10:00:00.5Z", false),
            ("2026-01-01T10:00:00.5Z", false),
            // A third line with the same stamp was not seen before.
            ("2026-01-01T10:00:00.5Z", true),
            ("2026-01-01T10:00:00.9Z", true),
        ];
        for (t, new) in again {
            assert_eq!(r.accept(ts(t)), new, "{t}");
        }
        assert_eq!(r.last(), ts("2026-01-01T10:00:00.9Z"));
    }

    #[test]
    fn live_lines_with_an_older_stamp_are_kept() {
        let mut r = Resume::default();
        assert!(r.accept(ts("2026-01-01T10:00:02Z")));
        assert!(
            r.accept(ts("2026-01-01T10:00:01.9Z")),
            "stderr stamped a moment before stdout"
        );
        assert_eq!(r.last(), ts("2026-01-01T10:00:02Z"));
        // After a reconnect the same line is a replay.
        r.restart();
        assert!(!r.accept(ts("2026-01-01T10:00:01.9Z")));
        assert!(!r.accept(ts("2026-01-01T10:00:02Z")));
        assert!(r.accept(ts("2026-01-01T10:00:03Z")));
        assert!(r.accept(ts("2026-01-01T10:00:02.5Z")), "live again");
    }

    #[test]
    fn since_time_rounds_down_never_up() {
        let mut r = Resume::default();
        r.accept(ts("2026-01-01T10:00:05.999Z"));
        assert_eq!(r.since_time(), ts("2026-01-01T10:00:05Z"));
    }

    #[test]
    fn lines_without_timestamps_follow_the_line_before() {
        let mut r = Resume::default();
        assert!(r.accept(None));
        assert!(r.accept(ts("2026-01-01T10:00:01Z")));
        assert!(r.accept(None), "a continuation of a new line");
        assert!(r.accept(ts("2026-01-01T10:00:02Z")));
        r.restart();
        assert!(!r.accept(ts("2026-01-01T10:00:01Z")));
        assert!(!r.accept(None), "a continuation of a line seen before");
        assert!(!r.accept(ts("2026-01-01T10:00:02Z")));
        assert!(r.accept(ts("2026-01-01T10:00:03Z")));
        assert!(r.accept(None));
    }

    #[test]
    fn backoff_doubles_to_a_cap_and_resets() {
        let mut b = Backoff::new(Duration::from_millis(500), Duration::from_secs(3));
        let d: Vec<u64> = (0..5).map(|_| b.next_delay().as_millis() as u64).collect();
        assert_eq!(d, [500, 1000, 2000, 3000, 3000]);
        b.reset();
        assert_eq!(b.next_delay(), Duration::from_millis(500));
    }
}
