//! How log lines are laid out on screen, without styles: the text pieces
//! of a line (timestamp, prefix, body) with what each one is, how wrapped
//! lines break into rows, and which line is at the top of the view. The
//! UI styles these pieces; the app uses the same layout to keep the cursor
//! in view, so both always agree.

use unicode_width::UnicodeWidthChar;

use super::LogView;
use super::line::{LogLevel, LogLine, readable_json};
use super::sanitize::Sgr;
use crate::kube::logs::Severity;

/// What a piece of a displayed line is (the UI gives each its style).
#[derive(Debug, Clone, PartialEq)]
pub enum Look {
    Timestamp,
    /// The pod/container prefix of source `n`.
    Prefix(u32),
    Text,
    /// A line kdeck wrote (a reconnect, a restart).
    Marker(Severity),
    /// The level word of a line (`ERROR`, `info`).
    Level(LogLevel),
    /// Text the container coloured with ANSI SGR.
    Sgr(Sgr),
    /// A neutralised control sequence, shown as a placeholder.
    Placeholder,
}

/// A run of text with one look.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    pub look: Look,
}

fn piece(text: impl Into<String>, look: Look) -> Piece {
    Piece {
        text: text.into(),
        look,
    }
}

/// The width prefixes are padded to (the longest), so they line up.
pub fn prefix_pad(v: &LogView) -> usize {
    if !v.prefixed() {
        return 0;
    }
    let with_container = v.with_container();
    v.sources
        .iter()
        .map(|s| s.label(with_container).chars().count())
        .max()
        .unwrap_or(0)
}

/// The timestamp and prefix of a line.
pub fn head(v: &LogView, l: &LogLine, pad: usize) -> Vec<Piece> {
    let mut head = Vec::new();
    if v.timestamps {
        let t =
            l.ts.map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ ").to_string())
                .unwrap_or_else(|| " ".repeat(25));
        head.push(piece(t, Look::Timestamp));
    }
    if v.prefixed()
        && let Some(src) = v.sources.get(l.source as usize)
    {
        let label = src.label(v.with_container());
        head.push(piece(
            format!("{:<pad$} ", crate::app::text::visible(&label)),
            Look::Prefix(l.source),
        ));
    }
    head
}

/// The body of a line (after the timestamp and prefix).
pub fn body(v: &LogView, l: &LogLine) -> Vec<Piece> {
    if let Some(sev) = l.marker {
        return vec![piece(format!("── {} ──", l.text), Look::Marker(sev))];
    }
    if !v.raw_json
        && l.runs.is_empty()
        && let Some((text, level)) = readable_json(&l.text)
    {
        return level_word(text, level);
    }
    if l.runs.is_empty() {
        return level_word(l.text.to_string(), l.level);
    }
    let mut out = Vec::new();
    let mut at = 0usize;
    for r in l.runs.iter() {
        let (a, b) = (r.start as usize, r.end as usize);
        if a > at {
            out.push(piece(&l.text[at..a], Look::Text));
        }
        let look = if r.placeholder {
            Look::Placeholder
        } else {
            Look::Sgr(r.style)
        };
        out.push(piece(&l.text[a..b], look));
        at = b;
    }
    if at < l.text.len() {
        out.push(piece(&l.text[at..], Look::Text));
    }
    out
}

/// Mark the first level word of a line.
fn level_word(text: String, level: Option<LogLevel>) -> Vec<Piece> {
    let Some(level) = level else {
        return vec![piece(text, Look::Text)];
    };
    let words: &[&str] = match level {
        LogLevel::Error => &["ERROR", "FATAL", "PANIC", "CRITICAL", "error", "fatal"],
        LogLevel::Warn => &["WARNING", "WARN", "warning", "warn"],
        LogLevel::Info => &["INFO", "info"],
        LogLevel::Debug => &["DEBUG", "debug"],
        LogLevel::Trace => &["TRACE", "trace"],
    };
    let found = words
        .iter()
        .filter_map(|w| text.find(w).map(|i| (i, w.len())))
        .min();
    match found {
        Some((i, n)) => vec![
            piece(&text[..i], Look::Text),
            piece(&text[i..i + n], Look::Level(level)),
            piece(&text[i + n..], Look::Text),
        ],
        None => vec![piece(text, Look::Text)],
    }
}

/// Wrapping by display width, character by character.
pub struct Wrap {
    width: usize,
    col: usize,
}

impl Wrap {
    pub fn new(width: usize) -> Self {
        Wrap {
            width: width.max(1),
            col: 0,
        }
    }

    /// Place `c`; true when it starts a new row.
    pub fn place(&mut self, c: char) -> bool {
        let w = c.width().unwrap_or(0);
        let new_row = self.col + w > self.width && self.col > 0;
        if new_row {
            self.col = 0;
        }
        self.col += w;
        new_row
    }
}

/// Screen rows line `seq` takes at `width` columns.
pub fn height(v: &LogView, seq: u64, width: usize, pad: usize) -> usize {
    if !v.wrap {
        return 1;
    }
    let Some(l) = v.line(seq) else {
        return 1;
    };
    let mut wrap = Wrap::new(width);
    let mut rows = 1;
    for p in head(v, l, pad).iter().chain(body(v, l).iter()) {
        rows += p.text.chars().filter(|c| wrap.place(*c)).count();
    }
    rows
}

/// The index (among visible lines) of the line at the top of a view of
/// `width` x `height`: the last lines while following; otherwise the
/// remembered top, moved just enough to keep the cursor visible.
pub fn top_index(v: &LogView, width: usize, rows: usize) -> usize {
    let n = v.visible_len();
    if n == 0 {
        return 0;
    }
    let pad = prefix_pad(v);
    let height_of = |i: usize| height(v, v.visible_seq(i).unwrap_or(0), width, pad);
    let first = if v.follow {
        let mut i = n;
        let mut used = 0;
        while i > 0 && used < rows {
            i -= 1;
            used += height_of(i);
        }
        i
    } else {
        let cur = v.visible_index(v.cursor);
        let mut t = v.visible_index(v.top).min(cur);
        // Does the cursor fit below t?
        let mut used = 0;
        let mut fits = false;
        for i in t..n {
            used += height_of(i);
            if used > rows {
                break;
            }
            if i == cur {
                fits = true;
                break;
            }
        }
        if !fits {
            // Put the cursor at the bottom.
            let mut i = cur + 1;
            let mut used = 0;
            while i > 0 {
                let h = height_of(i - 1);
                if used + h > rows && used > 0 {
                    break;
                }
                used += h;
                i -= 1;
            }
            t = i;
        }
        t
    };
    first.min(n - 1)
}

/// Settle the view for a screen of `width` x `rows` text rows: remember
/// the top line and the page size.
pub fn settle(v: &mut LogView, width: usize, rows: usize) {
    v.page = rows.max(1);
    if v.visible_len() > 0 {
        let first = top_index(v, width, v.page);
        v.top = v.visible_seq(first).unwrap_or(0);
    }
}
