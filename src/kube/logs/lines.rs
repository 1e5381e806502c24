//! Lines of a log body: split a network chunk at a time, the kubelet
//! timestamp split off, overlong lines cut.

use chrono::{DateTime, Utc};
use futures::AsyncBufReadExt;

use super::RawLine;

/// Split a kubelet line into its timestamp and the rest.
pub fn split_timestamp(line: &[u8]) -> RawLine {
    if let Some(sp) = line.iter().take(40).position(|b| *b == b' ')
        && let Ok(head) = std::str::from_utf8(&line[..sp])
        && let Ok(ts) = DateTime::parse_from_rfc3339(head)
    {
        return RawLine {
            ts: Some(ts.with_timezone(&Utc)),
            bytes: line[sp + 1..].to_vec(),
        };
    }
    RawLine {
        ts: None,
        bytes: line.to_vec(),
    }
}

/// The longest line kept whole; longer ones are cut into pieces of this
/// size (a line with no newline must not grow memory without bound).
pub const MAX_LINE: usize = 256 * 1024;

/// Splits a log body into lines, a network chunk's worth at a time.
pub struct LineReader<R> {
    body: R,
    pending: Vec<u8>,
    done: bool,
}

impl<R: futures::AsyncBufRead + Unpin> LineReader<R> {
    pub fn new(body: R) -> Self {
        LineReader {
            body,
            pending: Vec::new(),
            done: false,
        }
    }

    /// The complete lines of the next chunk (possibly none); None at the
    /// end of the body (a last line without newline is returned first).
    pub async fn next_batch(&mut self) -> Option<std::io::Result<Vec<RawLine>>> {
        if self.done {
            return None;
        }
        let chunk = match self.body.fill_buf().await {
            Ok([]) => {
                self.done = true;
                if self.pending.is_empty() {
                    return None;
                }
                return Some(Ok(vec![split_timestamp(&std::mem::take(
                    &mut self.pending,
                ))]));
            }
            Ok(c) => c,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let n = chunk.len();
        let mut lines = Vec::new();
        let mut rest = chunk;
        while let Some(nl) = rest.iter().position(|b| *b == b'\n') {
            self.pending.extend_from_slice(&rest[..nl]);
            rest = &rest[nl + 1..];
            lines.push(split_timestamp(&std::mem::take(&mut self.pending)));
        }
        self.pending.extend_from_slice(rest);
        while self.pending.len() >= MAX_LINE {
            let tail = self.pending.split_off(MAX_LINE);
            lines.push(split_timestamp(&std::mem::replace(&mut self.pending, tail)));
        }
        self.body.consume_unpin(n);
        Some(Ok(lines))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::split_timestamp;

    fn ts(s: &str) -> Option<DateTime<Utc>> {
        Some(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
    }

    #[test]
    fn timestamps_are_split_off() {
        let l = split_timestamp(b"2026-01-01T10:00:00.123456789Z hello world");
        assert_eq!(l.ts, ts("2026-01-01T10:00:00.123456789Z"));
        assert_eq!(l.bytes, b"hello world");
        let l = split_timestamp(b"no stamp here");
        assert_eq!((l.ts, l.bytes.as_slice()), (None, &b"no stamp here"[..]));
        let l = split_timestamp(b"\xff\xfe bad");
        assert_eq!(l.ts, None);
    }
}
