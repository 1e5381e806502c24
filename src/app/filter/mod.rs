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

use regex::{Regex, RegexBuilder};

mod selector;

pub use selector::{LabelSelector, Requirement};
use selector::{find_selector_flag, parse_selector_prefix};

/// Characters whose presence makes the filter text a regular expression.
const REGEX_META: &[char] = &[
    '^', '$', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\',
];

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
    pub fn matches(&self, text: &str, labels: &(impl selector::LabelSet + ?Sized)) -> bool {
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
mod tests;
