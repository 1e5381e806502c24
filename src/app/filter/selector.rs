//! kubectl's label selector syntax: `app=web`, `tier!=db`,
//! `env in (prod,staging)`, `!canary`, as used by `-l` in filters and
//! commands.

use std::collections::BTreeMap;
use std::fmt;

/// Labels a selector can be matched against.
pub trait LabelSet {
    fn label(&self, key: &str) -> Option<&str>;
}

impl LabelSet for BTreeMap<String, String> {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).map(String::as_str)
    }
}

impl LabelSet for crate::kube::rows::Labels {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key)
    }
}

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
    pub fn matches(&self, labels: &(impl LabelSet + ?Sized)) -> bool {
        match self {
            Requirement::Equals { key, value } => labels.label(key).is_some_and(|v| v == value),
            Requirement::NotEquals { key, value } => labels.label(key).is_none_or(|v| v != value),
            Requirement::In { key, values } => labels
                .label(key)
                .is_some_and(|v| values.iter().any(|x| x == v)),
            Requirement::NotIn { key, values } => labels
                .label(key)
                .is_none_or(|v| !values.iter().any(|x| x == v)),
            Requirement::Exists(key) => labels.label(key).is_some(),
            Requirement::NotExists(key) => labels.label(key).is_none(),
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
    pub fn matches(&self, labels: &(impl LabelSet + ?Sized)) -> bool {
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
pub fn parse_selector_prefix(s: &str) -> (LabelSelector, usize, Option<String>) {
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
pub fn find_selector_flag(input: &str) -> Option<(usize, usize)> {
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
