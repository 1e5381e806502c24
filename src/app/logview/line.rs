//! One stored log line: the sanitised text once, style runs only where the
//! line had colours or neutralised sequences, and its level. JSON lines are
//! rendered readably on demand (only visible lines pay for it).

use chrono::{DateTime, Utc};

use super::sanitize::{self, Sgr};
use crate::kube::logs::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
}

/// A styled byte range of a line's text.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleRun {
    pub start: u32,
    pub end: u32,
    pub style: Sgr,
    pub placeholder: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    /// Index of the stream's source (pod/container) in the view.
    pub source: u32,
    pub ts: Option<DateTime<Utc>>,
    /// Safe text: no control characters.
    pub text: Box<str>,
    pub runs: Box<[StyleRun]>,
    pub level: Option<LogLevel>,
    /// A line kdeck wrote (reconnects, restarts), not the container.
    pub marker: Option<Severity>,
}

impl LogLine {
    /// Sanitise raw bytes from the cluster into a line.
    pub fn from_raw(source: u32, ts: Option<DateTime<Utc>>, bytes: &[u8]) -> LogLine {
        let (text, runs) = match std::str::from_utf8(bytes) {
            // The common case: printable text, nothing to neutralise.
            Ok(s) if !s.chars().any(crate::app::text::is_hidden) => (Box::from(s), Box::default()),
            _ => {
                let segs = sanitize::sanitize(bytes);
                let mut text = String::new();
                let mut runs = Vec::new();
                for s in &segs {
                    let start = text.len() as u32;
                    text.push_str(&s.text);
                    if s.placeholder || s.style != Sgr::default() {
                        runs.push(StyleRun {
                            start,
                            end: text.len() as u32,
                            style: s.style,
                            placeholder: s.placeholder,
                        });
                    }
                }
                (text.into_boxed_str(), runs.into_boxed_slice())
            }
        };
        let level = detect_level(&text);
        LogLine {
            source,
            ts,
            text,
            runs,
            level,
            marker: None,
        }
    }

    /// A line of kdeck's own; its text may quote a server's message, so it
    /// is made safe too.
    pub fn marker(source: u32, severity: Severity, text: &str) -> LogLine {
        LogLine {
            source,
            ts: None,
            text: safe(text).into_boxed_str(),
            runs: Box::default(),
            level: None,
            marker: Some(severity),
        }
    }

    /// Bytes this line holds (for the buffer's cap).
    pub fn size(&self) -> usize {
        std::mem::size_of::<LogLine>()
            + self.text.len()
            + self.runs.len() * std::mem::size_of::<StyleRun>()
    }
}

/// Text with every control, bidi or invisible character shown visibly
/// (for text that is not a log line: markers, names).
pub fn safe(text: &str) -> String {
    crate::app::text::visible(text).into_owned()
}

fn level_word(w: &str) -> Option<LogLevel> {
    Some(match w.to_ascii_lowercase().as_str() {
        "trace" => LogLevel::Trace,
        "debug" | "dbug" => LogLevel::Debug,
        "info" | "inf" | "information" | "notice" => LogLevel::Info,
        "warn" | "warning" | "wrn" => LogLevel::Warn,
        "error" | "err" | "fatal" | "panic" | "critical" | "crit" | "severe" => LogLevel::Error,
        _ => return None,
    })
}

/// The level of a line: a JSON `level`/`severity` field, `level=x`, or an
/// upper-case level word near the start.
pub fn detect_level(text: &str) -> Option<LogLevel> {
    let head = match text.char_indices().nth(200) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    for key in ["\"level\":\"", "\"lvl\":\"", "\"severity\":\"", "level="] {
        if let Some(i) = head.find(key) {
            let rest = &head[i + key.len()..];
            let w: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            if let Some(l) = level_word(&w) {
                return Some(l);
            }
        }
    }
    head.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .take(8)
        .filter(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_uppercase()))
        .find_map(level_word)
}

/// A JSON object line as `LEVEL message key=value …`, or None if the line
/// is not a JSON object.
pub fn readable_json(text: &str) -> Option<(String, Option<LogLevel>)> {
    let t = text.trim();
    if !t.starts_with('{') || !t.ends_with('}') {
        return None;
    }
    let v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(t).ok()?;
    let field = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            v.get(*k).map(|x| match x {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        })
    };
    let level = field(&["level", "lvl", "severity"]);
    let msg = field(&["msg", "message"]);
    let time = field(&["ts", "time", "timestamp", "@timestamp"]);
    let known = [
        "level",
        "lvl",
        "severity",
        "msg",
        "message",
        "ts",
        "time",
        "timestamp",
        "@timestamp",
    ];
    let mut out = String::new();
    if let Some(t) = &time {
        out.push_str(t);
        out.push(' ');
    }
    if let Some(l) = &level {
        out.push_str(&format!("{:<5} ", l.to_ascii_uppercase()));
    }
    if let Some(m) = &msg {
        out.push_str(m);
    }
    for (k, val) in &v {
        if known.contains(&k.as_str()) {
            continue;
        }
        let val = match val {
            serde_json::Value::String(s) if !s.contains(' ') && !s.is_empty() => s.clone(),
            other => other.to_string(),
        };
        out.push_str(&format!(" {k}={val}"));
    }
    // The text may come from the cluster, its `\u` escapes decoded: keep it
    // free of controls, and show bidi and invisible characters visibly.
    let mut shown = String::with_capacity(out.len());
    for c in out.chars() {
        if c.is_control() {
            shown.push(' ');
        } else if crate::app::text::is_hidden(c) {
            crate::app::text::stand_in(c, &mut shown);
        } else {
            shown.push(c);
        }
    }
    Some((shown, level.as_deref().and_then(level_word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_take_the_fast_path_and_keep_their_level() {
        let l = LogLine::from_raw(0, None, b"2026-01-01 WARN  slow request /x took 900ms");
        assert!(l.runs.is_empty());
        assert_eq!(l.level, Some(LogLevel::Warn));
        assert_eq!(
            detect_level("{\"ts\":\"x\",\"level\":\"error\",\"msg\":\"boom\"}"),
            Some(LogLevel::Error)
        );
        assert_eq!(detect_level("a quiet line about information"), None);
    }

    #[test]
    fn hostile_lines_are_neutralised_with_runs() {
        let l = LogLine::from_raw(0, None, b"ok \x1b]52;c;ZXZpbA==\x07 \x1b[31mred\x1b[0m");
        assert!(!l.text.contains('\x1b') && !l.text.contains('\x07'));
        assert!(l.text.contains("␛]52;c;ZXZpbA==␇"));
        assert!(l.runs.iter().any(|r| r.placeholder));
        assert!(l.runs.iter().any(|r| r.style.fg.is_some()));
        let l = LogLine::from_raw(0, None, b"bad \xff\xfe utf8");
        assert!(l.text.contains('\u{fffd}'));
    }

    #[test]
    fn json_is_made_readable() {
        let (t, lvl) = readable_json(
            "{\"ts\":\"10:00\",\"level\":\"warn\",\"msg\":\"request served\",\"path\":\"/cart\",\"status\":500}",
        )
        .unwrap();
        assert_eq!(t, "10:00 WARN  request served path=/cart status=500");
        assert_eq!(lvl, Some(LogLevel::Warn));
        assert!(readable_json("not json").is_none());
        assert!(readable_json("{broken").is_none());
        let (t, _) = readable_json("{\"msg\":\"a\\u001b[2Jb\"}").unwrap();
        assert!(!t.contains('\x1b'));
        // Found by the property tests: `\u` escapes of bidi and invisible
        // characters (ASCII-only JSON, as many loggers write) were decoded
        // and drawn as they are.
        let (t, _) =
            readable_json("{\"msg\":\"invoice-\\u202etxt.exe \\u2066x\\u2069 a\\u200bb\\ufeff\"}")
                .unwrap();
        assert_eq!(
            t,
            "invoice-\\u{202E}txt.exe \\u{2066}x\\u{2069} a\\u{200B}b\\u{FEFF}"
        );
    }
}
