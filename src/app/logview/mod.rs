//! The log view's state, without I/O: where the lines come from (one source
//! per pod/container stream), the bounded buffer, the position (following
//! or paused on a cursor line), search, the line filter and the toggles.
//! Lines are addressed by sequence number, so eviction from the front of
//! the buffer never moves the cursor onto another line.

pub mod layout;
pub mod line;
pub mod ring;
pub mod sanitize;

use std::collections::{BTreeMap, VecDeque};

use ratatui_textarea::TextArea;
use regex::Regex;

use crate::kube::logs::{Severity, Since};
use line::LogLine;
use ring::Ring;

/// What the view streams.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Given containers of one pod.
    Pod {
        namespace: String,
        pod: String,
        containers: Vec<String>,
    },
    /// Every pod a workload's selector matches, as they come and go.
    Workload {
        namespace: String,
        label: String,
        selector: BTreeMap<String, String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum SourceState {
    Streaming,
    /// The pod went away; its stream may still deliver its last lines.
    Gone,
    /// The stream ended for good.
    Ended,
}

/// One pod/container stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub pod: String,
    /// The pod's uid (a recreated pod with the same name is a new source);
    /// empty when not known.
    pub uid: crate::kube::rows::Uid,
    pub container: String,
    pub stream: u64,
    pub state: SourceState,
    /// The stamp of the first line received (where "since the view
    /// opened" starts for this source).
    pub first_ts: Option<chrono::DateTime<chrono::Utc>>,
}

impl Source {
    pub fn label(&self, with_container: bool) -> String {
        if with_container {
            format!("{}/{}", self.pod, self.container)
        } else {
            self.pod.clone()
        }
    }
}

/// Show only lines that match (or, inverted, that do not).
#[derive(Debug, Clone)]
pub struct LineFilter {
    pub text: String,
    pub regex: Regex,
    pub invert: bool,
}

/// A case-insensitive pattern: a regex when it parses, literal otherwise.
pub fn pattern(text: &str) -> Option<Regex> {
    if text.is_empty() {
        return None;
    }
    regex::RegexBuilder::new(text)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
        .or_else(|_| {
            regex::RegexBuilder::new(&regex::escape(text))
                .case_insensitive(true)
                .build()
        })
        .ok()
}

impl LineFilter {
    pub fn parse(text: &str) -> Option<LineFilter> {
        let (invert, body) = match text.strip_prefix('!') {
            Some(b) => (true, b),
            None => (false, text),
        };
        Some(LineFilter {
            text: text.to_string(),
            regex: pattern(body)?,
            invert,
        })
    }

    pub fn matches(&self, line: &LogLine) -> bool {
        // kdeck's own markers always show: they explain gaps.
        line.marker.is_some() || self.regex.is_match(&line.text) != self.invert
    }
}

pub struct LogView {
    pub title: String,
    pub cluster: usize,
    pub target: Target,
    pub sources: Vec<Source>,
    /// Stream id -> source index.
    pub streams: BTreeMap<u64, u32>,
    pub lines: Ring<LogLine>,
    /// Lines ever pushed (the next line's sequence number).
    pub pushed: u64,
    pub follow: bool,
    /// Sequence number of the cursor line (when not following).
    pub cursor: u64,
    /// First line on screen (kept by the renderer).
    pub top: u64,
    /// Selection anchor (`v`), a sequence number.
    pub mark: Option<u64>,
    pub hscroll: usize,
    pub wrap: bool,
    pub timestamps: bool,
    /// Show JSON lines as they are (not made readable).
    pub raw_json: bool,
    pub since: Since,
    pub previous: bool,
    pub search: Option<Regex>,
    pub search_text: String,
    pub filter: Option<LineFilter>,
    /// Sequence numbers of lines passing the filter (when one is set).
    pub matches: VecDeque<u64>,
    pub input: Option<(InputKind, TextArea<'static>)>,
    /// Pods left out because of the stream cap.
    pub capped: usize,
    /// Height of the text area at the last draw.
    pub page: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Search,
    Filter,
}

impl LogView {
    pub fn new(
        title: String,
        cluster: usize,
        target: Target,
        since: Since,
        max_lines: usize,
        max_bytes: usize,
    ) -> Self {
        LogView {
            title,
            cluster,
            target,
            sources: Vec::new(),
            streams: BTreeMap::new(),
            lines: Ring::new(max_lines, max_bytes),
            pushed: 0,
            follow: true,
            cursor: 0,
            top: 0,
            mark: None,
            hscroll: 0,
            wrap: false,
            timestamps: false,
            raw_json: false,
            since,
            previous: false,
            search: None,
            search_text: String::new(),
            filter: None,
            matches: VecDeque::new(),
            input: None,
            capped: 0,
            page: 20,
        }
    }

    /// Sequence number of the oldest buffered line.
    pub fn first(&self) -> u64 {
        self.pushed - self.lines.len() as u64
    }

    pub fn line(&self, seq: u64) -> Option<&LogLine> {
        let first = self.first();
        if seq < first {
            return None;
        }
        self.lines.get((seq - first) as usize)
    }

    /// Several containers or pods: lines carry a prefix.
    pub fn prefixed(&self) -> bool {
        self.sources.len() > 1 || matches!(self.target, Target::Workload { .. })
    }

    /// Whether prefixes name the container too.
    pub fn with_container(&self) -> bool {
        match &self.target {
            Target::Pod { .. } => true,
            Target::Workload { .. } => {
                let mut seen = std::collections::HashSet::new();
                self.sources
                    .iter()
                    .any(|s| !seen.insert((s.pod.as_str(), &s.uid)))
            }
        }
    }

    pub fn push(&mut self, line: LogLine) {
        let size = line.size();
        let seq = self.pushed;
        if self.filter.as_ref().is_some_and(|f| f.matches(&line)) {
            self.matches.push_back(seq);
        }
        self.lines.push(line, size);
        self.pushed += 1;
        let first = self.first();
        while self.matches.front().is_some_and(|s| *s < first) {
            self.matches.pop_front();
        }
        if !self.follow && self.cursor < first {
            self.cursor = self.visible_seq(0).unwrap_or(first);
        }
    }

    pub fn marker(&mut self, source: u32, severity: Severity, text: &str) {
        self.push(LogLine::marker(source, severity, text));
    }

    /// Lines shown (all, or those passing the filter).
    pub fn visible_len(&self) -> usize {
        if self.filter.is_some() {
            self.matches.len()
        } else {
            self.lines.len()
        }
    }

    pub fn visible_seq(&self, i: usize) -> Option<u64> {
        if self.filter.is_some() {
            self.matches.get(i).copied()
        } else if i < self.lines.len() {
            Some(self.first() + i as u64)
        } else {
            None
        }
    }

    /// Index among visible lines of the last visible line at or before
    /// `seq` (0 if none).
    pub fn visible_index(&self, seq: u64) -> usize {
        if self.filter.is_some() {
            self.matches
                .partition_point(|s| *s <= seq)
                .saturating_sub(1)
        } else {
            seq.saturating_sub(self.first())
                .min(self.lines.len().saturating_sub(1) as u64) as usize
        }
    }

    /// The line the cursor is on: the last one while following.
    pub fn current(&self) -> Option<u64> {
        if self.follow {
            self.visible_seq(self.visible_len().checked_sub(1)?)
        } else {
            Some(self.cursor)
        }
    }

    /// Move the cursor by `delta` visible lines; moving pauses following,
    /// reaching the end while moving down resumes it.
    pub fn scroll(&mut self, delta: isize) {
        let n = self.visible_len();
        if n == 0 {
            return;
        }
        let at = if self.follow {
            n - 1
        } else {
            self.visible_index(self.cursor)
        };
        let to = (at as isize + delta).clamp(0, n as isize - 1) as usize;
        if delta > 0 && to == n - 1 {
            self.follow = true;
            return;
        }
        if delta < 0 || !self.follow {
            self.follow = false;
            self.cursor = self.visible_seq(to).unwrap_or(0);
        }
    }

    pub fn to_top(&mut self) {
        if let Some(s) = self.visible_seq(0) {
            self.follow = false;
            self.cursor = s;
        }
    }

    pub fn to_bottom(&mut self) {
        self.follow = true;
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = LineFilter::parse(text);
        self.matches.clear();
        if let Some(f) = &self.filter {
            let first = self.first();
            for (i, l) in self.lines.iter().enumerate() {
                if f.matches(l) {
                    self.matches.push_back(first + i as u64);
                }
            }
        }
        if !self.follow {
            let i = self.visible_index(self.cursor);
            match self.visible_seq(i) {
                Some(s) => self.cursor = s,
                None => self.follow = true,
            }
        }
    }

    pub fn set_search(&mut self, text: &str) {
        self.search_text = text.to_string();
        self.search = pattern(text);
    }

    /// Jump to the next (or previous) visible line matching the search.
    /// Returns false when there is none.
    pub fn jump(&mut self, forward: bool) -> bool {
        let Some(re) = self.search.clone() else {
            return false;
        };
        let n = self.visible_len();
        if n == 0 {
            return false;
        }
        let at = match self.current() {
            Some(s) => self.visible_index(s),
            None => return false,
        };
        for step in 1..=n {
            let i = if forward {
                (at + step) % n
            } else {
                (at + n - step % n) % n
            };
            let Some(seq) = self.visible_seq(i) else {
                continue;
            };
            if self.line(seq).is_some_and(|l| re.is_match(&l.text)) {
                self.follow = false;
                self.cursor = seq;
                return true;
            }
        }
        false
    }

    /// Sequence numbers of the selection (mark..cursor) or the current line.
    pub fn selection(&self) -> Vec<u64> {
        let Some(cur) = self.current() else {
            return Vec::new();
        };
        let (a, b) = match self.mark {
            Some(m) => (m.min(cur), m.max(cur)),
            None => (cur, cur),
        };
        let (ia, ib) = (self.visible_index(a), self.visible_index(b));
        (ia..=ib).filter_map(|i| self.visible_seq(i)).collect()
    }

    /// A line as plain text, as saved or copied.
    pub fn plain(&self, seq: u64, with_ts: bool) -> Option<String> {
        let l = self.line(seq)?;
        let mut s = String::new();
        if with_ts && let Some(t) = l.ts {
            s.push_str(&t.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true));
            s.push(' ');
        }
        if self.prefixed()
            && let Some(src) = self.sources.get(l.source as usize)
        {
            s.push_str(&line::safe(&src.label(self.with_container())));
            s.push(' ');
        }
        if l.marker.is_some() {
            s.push_str("-- kdeck: ");
        }
        s.push_str(&l.text);
        Some(s)
    }
}

#[cfg(test)]
mod tests;
