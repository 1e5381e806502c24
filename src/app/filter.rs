//! The `/` filter: what the user types to narrow a table, parsed once and
//! then applied to every row on every keystroke.
//!
//! Syntax (see [`Filter::parse`]):
//!
//! - `crash` — case-insensitive substring; any upper-case letter makes it
//!   case-sensitive ("smart case");
//! - `!Running` — inverted: rows that do *not* match;
//! - `^web-\d+` — a regular expression (when the text contains regex
//!   metacharacters and compiles; otherwise it is matched literally and
//!   [`Filter::error`] says why);
//! - `-l app=web,tier!=db` — a kubectl-style label selector, optionally
//!   followed (or preceded) by text: `-l app=web crash`.
//!
//! Everything expensive (lower-casing, regex compilation, selector parsing)
//! happens in [`Filter::parse`]; [`Filter::matches`] does not allocate.

use std::collections::BTreeMap;
use std::fmt;

use regex::{Regex, RegexBuilder};

/// Characters whose presence makes the filter text a regular expression.
const REGEX_META: &[char] = &[
    '^', '$', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\',
];

/// One requirement of a label selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// `key=value` (or `key==value`): the label exists and has this value.
    Equals { key: String, value: String },
    /// `key!=value`: the label is absent or has another value.
    NotEquals { key: String, value: String },
    /// `key in (a,b)`: the label exists and has one of these values.
    In { key: String, values: Vec<String> },
    /// `key notin (a,b)`: the label is absent or has none of these values.
    NotIn { key: String, values: Vec<String> },
    /// `key`: the label exists.
    Exists(String),
    /// `!key`: the label does not exist.
    NotExists(String),
}

impl Requirement {
    /// Whether `labels` satisfy this requirement.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self {
            Requirement::Equals { key, value } => {
                labels.get(key.as_str()).is_some_and(|v| v == value)
            }
            Requirement::NotEquals { key, value } => {
                labels.get(key.as_str()).is_none_or(|v| v != value)
            }
            Requirement::In { key, values } => labels
                .get(key.as_str())
                .is_some_and(|v| values.iter().any(|x| x == v)),
            Requirement::NotIn { key, values } => labels
                .get(key.as_str())
                .is_none_or(|v| !values.iter().any(|x| x == v)),
            Requirement::Exists(key) => labels.contains_key(key.as_str()),
            Requirement::NotExists(key) => !labels.contains_key(key.as_str()),
        }
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Equals { key, value } => write!(f, "{key}={value}"),
            Requirement::NotEquals { key, value } => write!(f, "{key}!={value}"),
            Requirement::In { key, values } => write!(f, "{key} in ({})", values.join(",")),
            Requirement::NotIn { key, values } => {
                write!(f, "{key} notin ({})", values.join(","))
            }
            Requirement::Exists(key) => write!(f, "{key}"),
            Requirement::NotExists(key) => write!(f, "!{key}"),
        }
    }
}

/// A kubectl-style label selector: comma-separated requirements, all of
/// which must hold. The empty selector matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelSelector {
    requirements: Vec<Requirement>,
}

impl LabelSelector {
    /// Parses a complete selector such as `app=web,tier in (fe,be),!canary`.
    /// The whole string must be a selector; an empty one is an error.
    pub fn parse(s: &str) -> Result<LabelSelector, String> {
        let (selector, rest, error) = parse_selector_prefix(s);
        if let Some(e) = error {
            return Err(e);
        }
        if selector.is_empty() {
            return Err("empty label selector".to_string());
        }
        let rest = s[rest..].trim();
        if !rest.is_empty() {
            return Err(format!("unexpected \"{rest}\" in label selector"));
        }
        Ok(selector)
    }

    /// The requirements, in the order written.
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }

    /// Whether there are no requirements (matches everything).
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// Whether `labels` satisfy every requirement.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }

    /// Adds the requirements of `other` to this selector.
    pub fn extend(&mut self, other: LabelSelector) {
        self.requirements.extend(other.requirements);
    }
}

impl fmt::Display for LabelSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

fn is_key_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, ',' | '(' | ')' | '=' | '!' | '<' | '>')
}

fn is_value_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, ',' | '(' | ')' | '=' | '!')
}

/// A cursor over a selector being parsed.
struct SelParser<'a> {
    s: &'a str,
    pos: usize,
}

impl SelParser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn take_while(&mut self, pred: fn(char) -> bool) -> &str {
        let start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !pred(c))
            .unwrap_or(self.s.len() - start);
        self.pos += len;
        &self.s[start..start + len]
    }

    /// What comes next, shortened for an error message.
    fn next_snippet(&self) -> String {
        let rest = self.rest();
        match rest.chars().next() {
            None => "end of input".to_string(),
            Some(c) => format!("\"{c}\""),
        }
    }

    fn requirement(&mut self) -> Result<Requirement, String> {
        if self.eat("!") {
            let key = self.take_while(is_key_char).to_string();
            if key.is_empty() {
                return Err(format!(
                    "expected a label key after \"!\", found {}",
                    self.next_snippet()
                ));
            }
            return Ok(Requirement::NotExists(key));
        }
        let key = self.take_while(is_key_char).to_string();
        if key.is_empty() {
            return Err(format!(
                "expected a label key, found {}",
                self.next_snippet()
            ));
        }
        if self.eat("!=") {
            let value = self.take_while(is_value_char).to_string();
            return Ok(Requirement::NotEquals { key, value });
        }
        if self.eat("==") || self.eat("=") {
            let value = self.take_while(is_value_char).to_string();
            return Ok(Requirement::Equals { key, value });
        }
        // `key in (...)` / `key notin (...)`, or just `key`.
        let save = self.pos;
        self.skip_ws();
        let negated = if self.eat("notin") {
            Some(true)
        } else if self.eat("in") {
            Some(false)
        } else {
            None
        };
        if let Some(negated) = negated {
            self.skip_ws();
            if self.eat("(") {
                let values = self.value_set(&key, negated)?;
                return Ok(if negated {
                    Requirement::NotIn { key, values }
                } else {
                    Requirement::In { key, values }
                });
            }
        }
        // `in` must be followed by `(`; otherwise `key` stands alone and
        // what follows is not part of the selector.
        self.pos = save;
        Ok(Requirement::Exists(key))
    }

    /// The values of a set after its `(`, through the closing `)`.
    fn value_set(&mut self, key: &str, negated: bool) -> Result<Vec<String>, String> {
        let op = if negated { "notin" } else { "in" };
        let mut values: Vec<String> = Vec::new();
        loop {
            self.skip_ws();
            let value = self.take_while(is_value_char).to_string();
            if !value.is_empty() && !values.contains(&value) {
                values.push(value);
            }
            self.skip_ws();
            if self.eat(")") {
                break;
            }
            if self.eat(",") {
                continue;
            }
            if self.at_end() {
                return Err(format!("missing \")\" after \"{key} {op} (\""));
            }
            return Err(format!(
                "unexpected {} in the values of \"{key} {op}\"",
                self.next_snippet()
            ));
        }
        if values.is_empty() {
            return Err(format!("\"{key} {op} ()\" needs at least one value"));
        }
        Ok(values)
    }
}

/// Parses as much of `s` as forms a selector. Returns the selector, the byte
/// offset where the selector ends (the rest is not part of it), and the
/// error that stopped parsing, if any (then the offset is `s.len()` and the
/// selector holds the requirements parsed before the error).
fn parse_selector_prefix(s: &str) -> (LabelSelector, usize, Option<String>) {
    let mut p = SelParser { s, pos: 0 };
    let mut requirements = Vec::new();
    p.skip_ws();
    if p.at_end() {
        return (LabelSelector::default(), s.len(), None);
    }
    loop {
        match p.requirement() {
            Ok(r) => requirements.push(r),
            Err(e) => return (LabelSelector { requirements }, s.len(), Some(e)),
        }
        let end = p.pos;
        p.skip_ws();
        if p.eat(",") {
            p.skip_ws();
            if p.at_end() {
                // A trailing comma while the user is still typing.
                break;
            }
            continue;
        }
        p.pos = end;
        break;
    }
    (LabelSelector { requirements }, p.pos, None)
}

/// Finds a `-l` (or `--selector`) flag standing as a word of its own.
/// Returns the byte range of the flag.
fn find_selector_flag(input: &str) -> Option<(usize, usize)> {
    let bytes = input.as_bytes();
    for flag in ["-l", "--selector"] {
        let mut from = 0;
        while let Some(i) = input[from..].find(flag) {
            let start = from + i;
            let end = start + flag.len();
            let before_ok = start == 0 || bytes[start - 1].is_ascii_whitespace();
            let after_ok = end == bytes.len() || bytes[end].is_ascii_whitespace();
            if before_ok && after_ok {
                return Some((start, end));
            }
            from = end;
        }
    }
    None
}

/// Whether a regex pattern contains an upper-case letter that stands for
/// itself (ignoring escapes such as `\W`, `\p{Lu}` and group syntax such as
/// `(?P<Name>` or `(?U)`).
fn pattern_has_upper(pattern: &str) -> bool {
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // An escape; `\p{..}`/`\pX` name a class, skip the name too.
            '\\' => {
                if let Some('p' | 'P') = chars.next() {
                    if chars.peek() == Some(&'{') {
                        for c in chars.by_ref() {
                            if c == '}' {
                                break;
                            }
                        }
                    } else {
                        chars.next();
                    }
                }
            }
            '(' if chars.peek() == Some(&'?') => {
                chars.next();
                if matches!(chars.peek(), Some('P' | '<')) {
                    for c in chars.by_ref() {
                        if c == '>' {
                            break;
                        }
                    }
                } else {
                    while chars
                        .peek()
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == '-')
                    {
                        chars.next();
                    }
                }
            }
            c if c.is_uppercase() => return true,
            _ => {}
        }
    }
    false
}

/// The first line of a regex error that says what is wrong.
fn short_regex_error(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(msg) => msg
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| l.strip_prefix("error: ").unwrap_or(l).to_string())
            .unwrap_or_else(|| "syntax error".to_string()),
        other => other.to_string(),
    }
}

/// How the text part of a filter is matched.
#[derive(Debug, Clone)]
enum TextMatcher {
    /// Case-insensitive ASCII substring; the needle is lower-case.
    AsciiFold(Box<[u8]>),
    /// Case-sensitive substring.
    Exact(Box<str>),
    /// A regex (user-written, or an escaped non-ASCII case-insensitive
    /// literal).
    Regex(Regex),
}

impl TextMatcher {
    fn literal(needle: &str) -> TextMatcher {
        if needle.chars().any(char::is_uppercase) {
            TextMatcher::Exact(needle.into())
        } else if needle.is_ascii() {
            TextMatcher::AsciiFold(needle.as_bytes().to_ascii_lowercase().into_boxed_slice())
        } else {
            let pattern = format!("(?i){}", regex::escape(needle));
            match Regex::new(&pattern) {
                Ok(re) => TextMatcher::Regex(re),
                // An escaped literal always compiles unless it is enormous;
                // then match case-sensitively rather than not at all.
                Err(_) => TextMatcher::Exact(needle.into()),
            }
        }
    }

    fn is_match(&self, text: &str) -> bool {
        match self {
            TextMatcher::AsciiFold(needle) => contains_ascii_fold(text.as_bytes(), needle),
            TextMatcher::Exact(needle) => text.contains(&**needle),
            TextMatcher::Regex(re) => re.is_match(text),
        }
    }
}

/// Whether `hay` contains `needle` (lower-case ASCII) ignoring ASCII case.
/// Non-ASCII bytes of `hay` never equal an ASCII needle byte, so this is
/// correct for any UTF-8 haystack.
fn contains_ascii_fold(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, tail)) = needle.split_first() else {
        return true;
    };
    if hay.len() < needle.len() {
        return false;
    }
    let first_upper = first.to_ascii_uppercase();
    hay.windows(needle.len())
        .any(|w| (w[0] == first || w[0] == first_upper) && w[1..].eq_ignore_ascii_case(tail))
}

/// A parsed `/` filter.
#[derive(Debug, Clone)]
pub struct Filter {
    /// The input as typed, trimmed.
    input: String,
    /// The text part without its leading `!`.
    text: String,
    inverted: bool,
    is_regex: bool,
    matcher: Option<TextMatcher>,
    selector: LabelSelector,
    error: Option<String>,
}

impl Default for Filter {
    fn default() -> Self {
        Filter::parse("")
    }
}

impl Filter {
    /// Parses what the user typed after `/`:
    /// - plain text: case-insensitive substring (smart case: any upper-case
    ///   letter makes it case-sensitive);
    /// - `!text`: inverted (rows NOT matching);
    /// - text that contains regex metacharacters (`^$.*+?()[]{}|\`) and is a
    ///   valid regex is a regex (same smart-case rule); an invalid regex falls
    ///   back to a literal substring and [`Filter::error`] says why;
    /// - `-l key=value` (also `key!=value`, `key in (a,b)`,
    ///   `key notin (a,b)`, `key`, `!key`, comma-separated as in kubectl
    ///   `-l`): label selector; may be combined with text after (or before)
    ///   it, e.g. `-l app=web crash`. Inversion applies to the text only.
    ///
    /// Empty or only whitespace matches everything.
    pub fn parse(input: &str) -> Filter {
        let input = input.trim();
        let mut error = None;
        let mut selector = LabelSelector::default();
        let text: String = match find_selector_flag(input) {
            None => input.to_string(),
            Some((flag_start, flag_end)) => {
                let before = input[..flag_start].trim();
                let sel_src = &input[flag_end..];
                let (sel, rest, err) = parse_selector_prefix(sel_src);
                selector = sel;
                if let Some(e) = err {
                    error = Some(format!("label selector: {e}"));
                } else if selector.is_empty() {
                    error = Some("-l needs a label selector, e.g. -l app=web".to_string());
                }
                let after = sel_src[rest..].trim();
                match (before.is_empty(), after.is_empty()) {
                    (true, _) => after.to_string(),
                    (false, true) => before.to_string(),
                    (false, false) => format!("{before} {after}"),
                }
            }
        };

        let (inverted, body) = match text.strip_prefix('!') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, text.as_str()),
        };
        let body = body.to_string();
        let mut is_regex = false;
        let matcher = if body.is_empty() {
            None
        } else if body.contains(REGEX_META) {
            let case_sensitive = pattern_has_upper(&body);
            match RegexBuilder::new(&body)
                .case_insensitive(!case_sensitive)
                .build()
            {
                Ok(re) => {
                    is_regex = true;
                    Some(TextMatcher::Regex(re))
                }
                Err(e) => {
                    let why = format!(
                        "invalid regex: {}; matching literally",
                        short_regex_error(&e)
                    );
                    error = Some(match error {
                        Some(prev) => format!("{prev}; {why}"),
                        None => why,
                    });
                    Some(TextMatcher::literal(&body))
                }
            }
        } else {
            Some(TextMatcher::literal(&body))
        };

        Filter {
            input: input.to_string(),
            inverted: inverted && matcher.is_some(),
            text: body,
            is_regex,
            matcher,
            selector,
            error,
        }
    }

    /// Whether the filter matches every row.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_none() && self.selector.is_empty()
    }

    /// Does a row match? `text` is the row's searchable text (its cells
    /// joined by spaces), `labels` its labels.
    pub fn matches(&self, text: &str, labels: &BTreeMap<String, String>) -> bool {
        if !self.selector.matches(labels) {
            return false;
        }
        match &self.matcher {
            None => true,
            Some(m) => m.is_match(text) != self.inverted,
        }
    }

    /// A short description of the active filter for the UI, e.g. `/crash`,
    /// `/!Running`, `/^web-.*  -l app=web`, followed by the parse problem in
    /// parentheses if there is one. Empty for an empty filter.
    pub fn describe(&self) -> String {
        let mut s = String::new();
        if self.matcher.is_some() {
            s.push('/');
            if self.inverted {
                s.push('!');
            }
            s.push_str(&self.text);
        }
        if !self.selector.is_empty() {
            s.push_str(if s.is_empty() { "/" } else { "  " });
            s.push_str("-l ");
            s.push_str(&self.selector.to_string());
        }
        if let Some(e) = &self.error {
            if !s.is_empty() {
                s.push_str("  ");
            }
            s.push('(');
            s.push_str(e);
            s.push(')');
        }
        s
    }

    /// What was wrong with the input, if anything (the filter still works,
    /// as described in [`Filter::parse`]).
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The input as typed (trimmed), e.g. to edit it again.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The label selector part (empty when there is none).
    pub fn selector(&self) -> &LabelSelector {
        &self.selector
    }

    /// Whether the text part is inverted (`!text`).
    pub fn is_inverted(&self) -> bool {
        self.inverted
    }

    /// Whether the text part is used as a regular expression.
    pub fn is_regex(&self) -> bool {
        self.is_regex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn none() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    fn m(filter: &str, text: &str) -> bool {
        Filter::parse(filter).matches(text, &none())
    }

    #[test]
    fn empty_matches_everything() {
        for input in ["", "   ", "\t \n"] {
            let f = Filter::parse(input);
            assert!(f.is_empty());
            assert!(f.matches("anything", &none()));
            assert!(f.matches("", &labels(&[("a", "b")])));
            assert_eq!(f.describe(), "");
            assert_eq!(f.error(), None);
        }
        assert!(Filter::default().is_empty());
    }

    #[test]
    fn plain_text_is_case_insensitive_substring() {
        assert!(m("crash", "web-1 CrashLoopBackOff 3"));
        assert!(m("CRASH", "CRASHED") && !m("CRASH", "crashed"));
        assert!(m("web-1", "web-1 Running"));
        assert!(!m("web-2", "web-1 Running"));
        assert!(m("running", "web-1 RUNNING"));
        assert!(m("ing", "Running"));
        assert!(!m("runningx", "Running"));
        let f = Filter::parse("crash");
        assert!(!f.is_empty());
        assert!(!f.is_regex());
        assert_eq!(f.describe(), "/crash");
    }

    #[test]
    fn smart_case_upper_makes_case_sensitive() {
        assert!(m("Running", "web Running"));
        assert!(!m("Running", "web running"));
        assert!(!m("Running", "web RUNNING"));
        assert!(m("running", "web RUNNING"));
    }

    #[test]
    fn surrounding_whitespace_is_ignored_but_inner_kept() {
        assert!(m("  web-1  ", "web-1 x"));
        assert!(m("web-1 running", "pod web-1 Running 0"));
        assert!(!m("web-1 running", "web-1  Running"));
    }

    #[test]
    fn ascii_folding_with_non_ascii_haystack() {
        assert!(m("cafe", "Ünïcödé CAFE"));
        assert!(!m("cafe", "café"));
        assert!(m("é x", "caf\u{e9} X"));
        // Needle longer than haystack.
        assert!(!m("abcdef", "abc"));
        // Match at the very end and start.
        assert!(m("end", "the END"));
        assert!(m("the", "THE end"));
    }

    #[test]
    fn non_ascii_needle_is_case_insensitive_via_regex() {
        assert!(m("ünï", "ÜNÏCODE"));
        assert!(m("straße", "STRASSE straße"));
        assert!(m("é", "CAFÉ"));
        // Upper-case non-ASCII makes it case-sensitive.
        assert!(!m("É", "café"));
        assert!(m("É", "CAFÉ"));
        // Escaping: regex metacharacters in a non-ASCII literal are literal
        // only when they're not a regex; here there are none.
        let f = Filter::parse("ü");
        assert!(!f.is_regex());
        assert_eq!(f.error(), None);
    }

    #[test]
    fn inversion() {
        assert!(!m("!Running", "web-1 Running"));
        assert!(m("!Running", "web-1 Pending"));
        assert!(m("!running", "web-1 Pending"));
        assert!(!m("!running", "web-1 RUNNING"));
        // Space after `!` is allowed.
        assert!(!m("! Running", "web-1 Running"));
        let f = Filter::parse("!Running");
        assert!(f.is_inverted());
        assert_eq!(f.describe(), "/!Running");
        // Inverted regex.
        assert!(m("!^web", "api-1 Running"));
        assert!(!m("!^web", "web-1 Running"));
    }

    #[test]
    fn lone_bang_matches_everything() {
        let f = Filter::parse("!");
        assert!(f.is_empty());
        assert!(!f.is_inverted());
        assert!(f.matches("x", &none()));
        assert_eq!(f.describe(), "");
    }

    #[test]
    fn regex_detection_and_matching() {
        let f = Filter::parse("^web-\\d+");
        assert!(f.is_regex());
        assert!(f.matches("web-12 Running", &none()));
        assert!(f.matches("WEB-12 Running", &none()));
        assert!(!f.matches("api web-12", &none()));
        assert!(m("web|api", "api-1"));
        assert!(m("web|api", "WEB-1"));
        assert!(!m("web|api", "db-1"));
        assert!(m("0$", "restarts 0"));
        assert!(!m("0$", "0 restarts"));
        assert!(m("a.c", "abc"));
        assert!(m("[0-9]{3}", "x123"));
        assert!(!m("[0-9]{3}", "x12"));
        assert!(m("(foo)+bar", "foofoobar"));
        assert!(m("colou?r", "color"));
        assert!(m("x*y", "y"));
        assert_eq!(Filter::parse("^web-.*").describe(), "/^web-.*");
        // No metacharacters: not a regex.
        assert!(!Filter::parse("web-1").is_regex());
    }

    #[test]
    fn regex_smart_case() {
        assert!(!m("^Web", "web-1"));
        assert!(m("^Web", "Web-1"));
        assert!(m("^web", "Web-1"));
        // Escapes with upper-case letters don't count as upper-case.
        assert!(m("\\d\\W\\S", "1-X"));
        assert!(m("web\\Dx", "WEB-X"));
        assert!(m("\\p{Lu}x", "Ax"));
        assert!(m("\\pLx", "AX"));
        assert!(m("(?P<Name>web)", "WEB"));
        assert!(m("(?<Name>web)+", "WEB"));
        assert!(m("(?U)we+", "WEE"));
        // A literal upper-case letter elsewhere does count.
        assert!(!m("\\dX", "1x"));
        assert!(m("\\dX", "1X"));
    }

    #[test]
    fn invalid_regex_falls_back_to_literal() {
        let f = Filter::parse("web(");
        assert!(!f.is_regex());
        let e = f.error().expect("error");
        assert!(e.contains("invalid regex"), "{e}");
        assert!(e.contains("unclosed group"), "{e}");
        assert!(f.matches("pod web(1)", &none()));
        assert!(f.matches("pod WEB(1)", &none()));
        assert!(!f.matches("pod web-1", &none()));
        assert!(f.describe().starts_with("/web(  (invalid regex"));

        let f = Filter::parse("[Abc");
        assert!(f.error().is_some());
        assert!(f.matches("x[Abc", &none()));
        assert!(!f.matches("x[abc", &none()), "smart case for the literal");

        let f = Filter::parse("*crash");
        assert!(f.error().is_some());
        assert!(f.matches("a*crash", &none()));
        assert!(!f.matches("crash", &none()));

        // Inverted literal fallback.
        let f = Filter::parse("!a(b");
        assert!(f.error().is_some());
        assert!(f.matches("xyz", &none()));
        assert!(!f.matches("a(b", &none()));
    }

    #[test]
    fn selector_equals() {
        let f = Filter::parse("-l app=web");
        assert!(!f.is_empty());
        assert!(f.matches("x", &labels(&[("app", "web")])));
        assert!(!f.matches("x", &labels(&[("app", "api")])));
        assert!(!f.matches("x", &none()));
        assert!(
            !f.matches("x", &labels(&[("app", "Web")])),
            "values are case-sensitive"
        );
        assert_eq!(f.describe(), "/-l app=web");
        assert_eq!(f.error(), None);
        // `==` is the same.
        let f = Filter::parse("-l app==web");
        assert!(f.matches("x", &labels(&[("app", "web")])));
        assert_eq!(f.describe(), "/-l app=web");
        // Empty value.
        let f = Filter::parse("-l app=");
        assert!(f.matches("x", &labels(&[("app", "")])));
        assert!(!f.matches("x", &labels(&[("app", "web")])));
    }

    #[test]
    fn selector_not_equals() {
        let f = Filter::parse("-l tier!=db");
        assert!(f.matches("x", &labels(&[("tier", "fe")])));
        assert!(f.matches("x", &none()), "absent label satisfies !=");
        assert!(!f.matches("x", &labels(&[("tier", "db")])));
        assert_eq!(f.describe(), "/-l tier!=db");
    }

    #[test]
    fn selector_in_and_notin() {
        let f = Filter::parse("-l env in (prod, staging)");
        assert!(f.matches("x", &labels(&[("env", "prod")])));
        assert!(f.matches("x", &labels(&[("env", "staging")])));
        assert!(!f.matches("x", &labels(&[("env", "dev")])));
        assert!(!f.matches("x", &none()));
        assert_eq!(f.describe(), "/-l env in (prod,staging)");

        let f = Filter::parse("-l env notin (prod,staging)");
        assert!(!f.matches("x", &labels(&[("env", "prod")])));
        assert!(f.matches("x", &labels(&[("env", "dev")])));
        assert!(f.matches("x", &none()), "absent label satisfies notin");
        assert_eq!(f.describe(), "/-l env notin (prod,staging)");

        // No space before the parenthesis.
        let f = Filter::parse("-l env in(a)");
        assert!(f.matches("x", &labels(&[("env", "a")])));
    }

    #[test]
    fn selector_exists_and_not_exists() {
        let f = Filter::parse("-l canary");
        assert!(f.matches("x", &labels(&[("canary", "")])));
        assert!(f.matches("x", &labels(&[("canary", "true")])));
        assert!(!f.matches("x", &none()));
        assert_eq!(f.describe(), "/-l canary");

        let f = Filter::parse("-l !canary");
        assert!(!f.matches("x", &labels(&[("canary", "true")])));
        assert!(f.matches("x", &labels(&[("app", "web")])));
        assert_eq!(f.describe(), "/-l !canary");
    }

    #[test]
    fn selector_multiple_requirements() {
        let f = Filter::parse("-l app=web,tier!=db,env in (a,b),!canary,team");
        assert_eq!(f.selector().requirements().len(), 5);
        let good = labels(&[("app", "web"), ("tier", "fe"), ("env", "a"), ("team", "x")]);
        assert!(f.matches("x", &good));
        let mut bad = good.clone();
        bad.insert("canary".into(), "1".into());
        assert!(!f.matches("x", &bad));
        let mut bad = good.clone();
        bad.remove("team");
        assert!(!f.matches("x", &bad));
        let mut bad = good.clone();
        bad.insert("env".into(), "c".into());
        assert!(!f.matches("x", &bad));
        assert_eq!(
            f.describe(),
            "/-l app=web,tier!=db,env in (a,b),!canary,team"
        );
        // Whitespace around commas.
        let f = Filter::parse("-l app=web , tier=fe");
        assert_eq!(f.selector().requirements().len(), 2);
        assert_eq!(f.describe(), "/-l app=web,tier=fe");
        // Keys with prefixes and dots.
        let f = Filter::parse("-l app.kubernetes.io/name=web");
        assert!(f.matches("x", &labels(&[("app.kubernetes.io/name", "web")])));
    }

    #[test]
    fn selector_combined_with_text() {
        let f = Filter::parse("-l app=web crash");
        let l = labels(&[("app", "web")]);
        assert!(f.matches("web-1 CrashLoopBackOff", &l));
        assert!(!f.matches("web-1 Running", &l));
        assert!(!f.matches("web-1 CrashLoopBackOff", &labels(&[("app", "api")])));
        assert_eq!(f.describe(), "/crash  -l app=web");

        // Text before the flag.
        let f = Filter::parse("crash -l app=web");
        assert!(f.matches("web-1 CrashLoopBackOff", &l));
        assert!(!f.matches("web-1 Running", &l));
        assert_eq!(f.describe(), "/crash  -l app=web");

        // Regex text.
        let f = Filter::parse("-l app=web ^web-.*");
        assert!(f.is_regex());
        assert!(f.matches("web-1", &l));
        assert!(!f.matches("api-1", &l));
        assert_eq!(f.describe(), "/^web-.*  -l app=web");

        // Inverted text with a selector: inversion applies to text only.
        let f = Filter::parse("-l app=web !Running");
        assert!(f.matches("web-1 Pending", &l));
        assert!(!f.matches("web-1 Running", &l));
        assert!(!f.matches("web-1 Pending", &none()));
        assert_eq!(f.describe(), "/!Running  -l app=web");

        // Existence requirement followed by text.
        let f = Filter::parse("-l canary web");
        assert!(f.matches("web-1", &labels(&[("canary", "y")])));
        assert!(!f.matches("api-1", &labels(&[("canary", "y")])));
        assert!(!f.matches("web-1", &none()));

        // `in` not followed by `(` is text, not a set.
        let f = Filter::parse("-l app inner");
        assert_eq!(
            f.selector().requirements(),
            &[Requirement::Exists("app".into())]
        );
        assert!(f.matches("x inner", &labels(&[("app", "1")])));

        // Set followed by text.
        let f = Filter::parse("-l env in (a,b) web");
        assert!(f.matches("web", &labels(&[("env", "b")])));
        assert!(!f.matches("api", &labels(&[("env", "b")])));

        // Text on both sides.
        let f = Filter::parse("web -l app=web 1");
        assert!(f.matches("web 1", &l));
        assert!(!f.matches("web 2", &l));
    }

    #[test]
    fn selector_flag_must_be_a_word() {
        // `-l` inside a word is plain text.
        let f = Filter::parse("app-logs");
        assert!(f.selector().is_empty());
        assert!(f.matches("my-app-logs", &none()));
        let f = Filter::parse("x -lapp=web");
        assert!(f.selector().is_empty());
        // `--selector` works too.
        let f = Filter::parse("--selector app=web");
        assert!(f.matches("x", &labels(&[("app", "web")])));
    }

    #[test]
    fn selector_errors() {
        let f = Filter::parse("-l");
        assert!(f.is_empty());
        assert!(f.error().unwrap().contains("-l needs a label selector"));
        assert!(f.matches("x", &none()));
        assert_eq!(f.describe(), "(-l needs a label selector, e.g. -l app=web)");

        let f = Filter::parse("-l env in (a,b");
        assert!(
            f.error().unwrap().contains("missing \")\""),
            "{:?}",
            f.error()
        );

        let f = Filter::parse("-l env in ()");
        assert!(f.error().unwrap().contains("at least one value"));

        let f = Filter::parse("-l =web");
        assert!(f.error().unwrap().contains("expected a label key"));

        let f = Filter::parse("-l !");
        assert!(f.error().unwrap().contains("after \"!\""));

        // Requirements before the error still apply.
        let f = Filter::parse("-l app=web,=x");
        assert!(f.error().is_some());
        assert_eq!(f.selector().requirements().len(), 1);
        assert!(f.matches("x", &labels(&[("app", "web")])));
        assert!(!f.matches("x", &none()));
        assert!(f.describe().starts_with("/-l app=web  (label selector:"));

        // A trailing comma while typing is fine.
        let f = Filter::parse("-l app=web,");
        assert_eq!(f.error(), None);
        assert_eq!(f.selector().requirements().len(), 1);
    }

    #[test]
    fn label_selector_parse_strict() {
        let s = LabelSelector::parse("app=web, tier in (a,b)").unwrap();
        assert_eq!(s.to_string(), "app=web,tier in (a,b)");
        assert!(LabelSelector::parse("").is_err());
        assert!(LabelSelector::parse("app=web crash").is_err());
        assert!(LabelSelector::parse("env in (a").is_err());
        let mut s = LabelSelector::parse("a").unwrap();
        s.extend(LabelSelector::parse("!b").unwrap());
        assert_eq!(s.to_string(), "a,!b");
        assert_eq!(
            LabelSelector::parse("a notin (x, y,x)")
                .unwrap()
                .requirements(),
            &[Requirement::NotIn {
                key: "a".into(),
                values: vec!["x".into(), "y".into()]
            }]
        );
    }

    #[test]
    fn describe_includes_error() {
        let f = Filter::parse("web(");
        assert_eq!(
            f.describe(),
            "/web(  (invalid regex: unclosed group; matching literally)"
        );
    }

    #[test]
    fn input_is_kept() {
        assert_eq!(
            Filter::parse("  -l app=web  crash ").input(),
            "-l app=web  crash"
        );
    }

    #[test]
    fn many_rows() {
        let rows: Vec<String> = (0..60_000)
            .map(|i| {
                format!(
                    "shop web-{i}-abcde 1/1 Running {} 3d 10.0.{}.{}",
                    i % 7,
                    i % 250,
                    i % 200
                )
            })
            .collect();
        let l = labels(&[("app", "web")]);
        let f = Filter::parse("running 3 3d");
        let n = rows.iter().filter(|r| f.matches(r, &l)).count();
        assert_eq!(n, 60_000 / 7 + usize::from(60_000 % 7 > 3));
        let f = Filter::parse("WEB-1");
        assert_eq!(rows.iter().filter(|r| f.matches(r, &l)).count(), 0);
        let f = Filter::parse("web-59999-");
        assert_eq!(rows.iter().filter(|r| f.matches(r, &l)).count(), 1);
    }
}
