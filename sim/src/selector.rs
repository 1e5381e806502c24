//! Kubernetes label selectors and field selectors, as understood by the
//! simulated API server (`?labelSelector=` / `?fieldSelector=` query
//! parameters and `metav1.LabelSelector` objects inside resources).

use serde_json::{Map, Value};

/// The operator of one label selector requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Equals,
    DoubleEquals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}

/// One requirement of a label selector, e.g. `tier in (backend,cache)`.
#[derive(Debug, Clone, PartialEq)]
struct Requirement {
    key: String,
    op: Op,
    /// Sorted and de-duplicated.
    values: Vec<String>,
}

impl Requirement {
    /// Builds a requirement, checking the key, the values and their number
    /// against the operator the way apimachinery's `NewRequirement` does.
    fn new(key: String, op: Op, mut values: Vec<String>) -> Result<Self, String> {
        validate_label_key(&key)?;
        let count_error = match op {
            Op::In | Op::NotIn if values.is_empty() => {
                Some("for 'in', 'notin' operators, values set can't be empty")
            }
            Op::Equals | Op::DoubleEquals | Op::NotEquals if values.len() != 1 => {
                Some("exact-match compatibility requires one single value")
            }
            Op::Exists | Op::DoesNotExist if !values.is_empty() => {
                Some("values set must be empty for exists and does not exist")
            }
            Op::GreaterThan | Op::LessThan if values.len() != 1 => {
                Some("for 'Gt', 'Lt' operators, exactly one value is required")
            }
            _ => None,
        };
        if let Some(msg) = count_error {
            return Err(format!("values: Invalid value: {values:?}: {msg}"));
        }
        for (i, v) in values.iter().enumerate() {
            if matches!(op, Op::GreaterThan | Op::LessThan) {
                if v.parse::<i64>().is_err() {
                    return Err(format!(
                        "values[{i}]: Invalid value: {v:?}: for 'Gt', 'Lt' operators, the value must be an integer"
                    ));
                }
            } else if let Some(msg) = label_value_error(v) {
                return Err(format!("values[{i}]: Invalid value: {v:?}: {msg}"));
            }
        }
        values.sort();
        values.dedup();
        Ok(Requirement { key, op, values })
    }

    fn matches(&self, labels: Option<&Map<String, Value>>) -> bool {
        let value = labels.and_then(|m| m.get(&self.key)).map(label_text);
        let contains = |v: &str| self.values.iter().any(|x| x == v);
        match self.op {
            Op::Equals | Op::DoubleEquals | Op::In => value.is_some_and(|v| contains(&v)),
            Op::NotEquals | Op::NotIn => value.is_none_or(|v| !contains(&v)),
            Op::Exists => value.is_some(),
            Op::DoesNotExist => value.is_none(),
            Op::GreaterThan | Op::LessThan => {
                let Some(have) = value.and_then(|v| v.parse::<i64>().ok()) else {
                    return false;
                };
                let Some(want) = self.values.first().and_then(|v| v.parse::<i64>().ok()) else {
                    return false;
                };
                if self.op == Op::GreaterThan {
                    have > want
                } else {
                    have < want
                }
            }
        }
    }

    fn write_canonical(&self, out: &mut String) {
        let joined = self.values.join(",");
        match self.op {
            Op::Exists => out.push_str(&self.key),
            Op::DoesNotExist => {
                out.push('!');
                out.push_str(&self.key);
            }
            Op::Equals => push_all(out, &[&self.key, "=", &joined]),
            Op::DoubleEquals => push_all(out, &[&self.key, "==", &joined]),
            Op::NotEquals => push_all(out, &[&self.key, "!=", &joined]),
            Op::GreaterThan => push_all(out, &[&self.key, ">", &joined]),
            Op::LessThan => push_all(out, &[&self.key, "<", &joined]),
            Op::In => push_all(out, &[&self.key, " in (", &joined, ")"]),
            Op::NotIn => push_all(out, &[&self.key, " notin (", &joined, ")"]),
        }
    }
}

fn push_all(out: &mut String, parts: &[&str]) {
    for p in parts {
        out.push_str(p);
    }
}

/// Label values are strings; anything else is compared through its JSON text.
fn label_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A parsed label selector: a conjunction of requirements, sorted by key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelSelector {
    requirements: Vec<Requirement>,
}

impl LabelSelector {
    /// Parses the apimachinery string syntax used in `?labelSelector=`:
    /// comma-separated requirements `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
    /// `k notin (a,b)`, `k` (exists), `!k` (does not exist), and also the
    /// integer comparisons `k>n` / `k<n`. An empty string matches everything.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut parser = Parser {
            tokens: lex(s),
            pos: 0,
        };
        let mut requirements = parser.parse()?;
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(LabelSelector { requirements })
    }

    /// Converts a `metav1.LabelSelector` JSON object
    /// (`{"matchLabels":{..},"matchExpressions":[..]}`). A null selector gives
    /// the empty selector; an empty object matches everything.
    pub fn from_json(sel: &Value) -> Result<Self, String> {
        let obj = match sel {
            Value::Null => return Ok(LabelSelector::default()),
            Value::Object(obj) => obj,
            other => return Err(format!("label selector must be an object, got {other}")),
        };
        let mut requirements = Vec::new();
        match obj.get("matchLabels") {
            None | Some(Value::Null) => {}
            Some(Value::Object(labels)) => {
                for (k, v) in labels {
                    let Value::String(v) = v else {
                        return Err(format!(
                            "matchLabels[{k}]: Invalid value: {v}: must be a string"
                        ));
                    };
                    requirements.push(Requirement::new(k.clone(), Op::Equals, vec![v.clone()])?);
                }
            }
            Some(other) => return Err(format!("matchLabels must be an object, got {other}")),
        }
        match obj.get("matchExpressions") {
            None | Some(Value::Null) => {}
            Some(Value::Array(exprs)) => {
                for expr in exprs {
                    requirements.push(expression_requirement(expr)?);
                }
            }
            Some(other) => return Err(format!("matchExpressions must be an array, got {other}")),
        }
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(LabelSelector { requirements })
    }

    /// True when the selector has no requirement (it matches everything).
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// Whether an object with these `metadata.labels` (None when absent) is selected.
    pub fn matches(&self, labels: Option<&Map<String, Value>>) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }

    /// The canonical string form, as apimachinery prints it: requirements
    /// sorted by key, values sorted, e.g. `a=b,c in (x,y),!d`.
    pub fn to_string_canonical(&self) -> String {
        let mut out = String::new();
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            r.write_canonical(&mut out);
        }
        out
    }
}

/// One entry of `matchExpressions`.
fn expression_requirement(expr: &Value) -> Result<Requirement, String> {
    let Value::Object(expr) = expr else {
        return Err(format!(
            "matchExpressions entry must be an object, got {expr}"
        ));
    };
    let key = match expr.get("key") {
        Some(Value::String(k)) => k.clone(),
        None | Some(Value::Null) => String::new(),
        Some(other) => return Err(format!("key: Invalid value: {other}: must be a string")),
    };
    let op = match expr.get("operator") {
        Some(Value::String(op)) => match op.as_str() {
            "In" => Op::In,
            "NotIn" => Op::NotIn,
            "Exists" => Op::Exists,
            "DoesNotExist" => Op::DoesNotExist,
            _ => return Err(format!("{op:?} is not a valid label selector operator")),
        },
        None | Some(Value::Null) => {
            return Err("\"\" is not a valid label selector operator".into());
        }
        Some(other) => return Err(format!("{other} is not a valid label selector operator")),
    };
    let values = match expr.get("values") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(vals)) => {
            let mut out = Vec::with_capacity(vals.len());
            for v in vals {
                match v {
                    Value::String(s) => out.push(s.clone()),
                    other => {
                        return Err(format!("values: Invalid value: {other}: must be a string"));
                    }
                }
            }
            out
        }
        Some(other) => return Err(format!("values: Invalid value: {other}: must be an array")),
    };
    Requirement::new(key, op, values)
}

// ---------------------------------------------------------------------------
// Lexer and parser for the label selector string syntax.

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Identifier(String),
    Equals,
    DoubleEquals,
    NotEquals,
    Not,
    GreaterThan,
    LessThan,
    OpenPar,
    ClosedPar,
    Comma,
    End,
}

impl Token {
    /// The text the token was read from, for error messages.
    fn literal(&self) -> &str {
        match self {
            Token::Identifier(s) => s,
            Token::Equals => "=",
            Token::DoubleEquals => "==",
            Token::NotEquals => "!=",
            Token::Not => "!",
            Token::GreaterThan => ">",
            Token::LessThan => "<",
            Token::OpenPar => "(",
            Token::ClosedPar => ")",
            Token::Comma => ",",
            Token::End => "",
        }
    }
}

fn is_selector_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_special_symbol(c: char) -> bool {
    matches!(c, '=' | '!' | '(' | ')' | ',' | '>' | '<')
}

/// Splits a label selector into tokens; the result always ends with `End`.
fn lex(s: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if is_selector_whitespace(c) {
            chars.next();
            continue;
        }
        if is_special_symbol(c) {
            chars.next();
            let next_is_eq = chars.peek() == Some(&'=');
            let token = match c {
                '=' if next_is_eq => Token::DoubleEquals,
                '!' if next_is_eq => Token::NotEquals,
                '=' => Token::Equals,
                '!' => Token::Not,
                '(' => Token::OpenPar,
                ')' => Token::ClosedPar,
                ',' => Token::Comma,
                '>' => Token::GreaterThan,
                _ => Token::LessThan,
            };
            if matches!(token, Token::DoubleEquals | Token::NotEquals) {
                chars.next();
            }
            tokens.push(token);
            continue;
        }
        let mut ident = String::new();
        while let Some(&c) = chars.peek() {
            if is_selector_whitespace(c) || is_special_symbol(c) {
                break;
            }
            ident.push(c);
            chars.next();
        }
        tokens.push(Token::Identifier(ident));
    }
    tokens.push(Token::End);
    tokens
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        self.tokens.get(self.pos).unwrap_or(&Token::End)
    }

    fn next_token(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn parse(&mut self) -> Result<Vec<Requirement>, String> {
        let mut requirements = Vec::new();
        loop {
            match self.peek() {
                Token::Identifier(_) | Token::Not => {
                    let r = self
                        .parse_requirement()
                        .map_err(|e| format!("unable to parse requirement: {e}"))?;
                    requirements.push(r);
                    match self.next_token() {
                        Token::End => return Ok(requirements),
                        Token::Comma => match self.peek() {
                            Token::Identifier(_) | Token::Not => {}
                            t => {
                                return Err(format!(
                                    "found '{}', expected: identifier after ','",
                                    t.literal()
                                ));
                            }
                        },
                        t => {
                            return Err(format!(
                                "found '{}', expected: ',' or 'end of string'",
                                t.literal()
                            ));
                        }
                    }
                }
                Token::End => return Ok(requirements),
                t => {
                    return Err(format!(
                        "found '{}', expected: !, identifier, or 'end of string'",
                        t.literal()
                    ));
                }
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<Requirement, String> {
        let mut token = self.next_token();
        let negated = token == Token::Not;
        if negated {
            token = self.next_token();
        }
        let Token::Identifier(key) = token else {
            return Err(format!("found '{}', expected: identifier", token.literal()));
        };
        validate_label_key(&key)?;
        if negated {
            return Requirement::new(key, Op::DoesNotExist, Vec::new());
        }
        if matches!(self.peek(), Token::End | Token::Comma) {
            return Requirement::new(key, Op::Exists, Vec::new());
        }
        let op = match self.next_token() {
            Token::Identifier(s) if s == "in" => Op::In,
            Token::Identifier(s) if s == "notin" => Op::NotIn,
            Token::Equals => Op::Equals,
            Token::DoubleEquals => Op::DoubleEquals,
            Token::NotEquals => Op::NotEquals,
            Token::GreaterThan => Op::GreaterThan,
            Token::LessThan => Op::LessThan,
            t => {
                return Err(format!(
                    "found '{}', expected: in, notin, =, ==, !=, gt, lt",
                    t.literal()
                ));
            }
        };
        let values = match op {
            Op::In | Op::NotIn => self.parse_values()?,
            _ => self.parse_exact_value()?,
        };
        Requirement::new(key, op, values)
    }

    /// `( a, b, ... )` after `in` / `notin`.
    fn parse_values(&mut self) -> Result<Vec<String>, String> {
        let t = self.next_token();
        if t != Token::OpenPar {
            return Err(format!("found '{}', expected: '('", t.literal()));
        }
        match self.peek() {
            Token::Identifier(_) | Token::Comma => {
                let values = self.parse_identifiers_list()?;
                let t = self.next_token();
                if t != Token::ClosedPar {
                    return Err(format!("found '{}', expected: ')'", t.literal()));
                }
                Ok(values)
            }
            Token::ClosedPar => {
                self.next_token();
                Ok(vec![String::new()])
            }
            t => Err(format!(
                "found '{}', expected: ',', ')' or identifier",
                t.literal()
            )),
        }
    }

    fn parse_identifiers_list(&mut self) -> Result<Vec<String>, String> {
        let mut values = Vec::new();
        loop {
            match self.next_token() {
                Token::Identifier(v) => {
                    values.push(v);
                    match self.peek() {
                        Token::Comma => {}
                        Token::ClosedPar => return Ok(values),
                        t => {
                            return Err(format!("found '{}', expected: ',' or ')'", t.literal()));
                        }
                    }
                }
                Token::Comma => {
                    // "(," / ",," / ",)" all denote empty values.
                    if values.is_empty() {
                        values.push(String::new());
                    }
                    match self.peek() {
                        Token::ClosedPar => {
                            values.push(String::new());
                            return Ok(values);
                        }
                        Token::Comma => {
                            self.next_token();
                            values.push(String::new());
                        }
                        _ => {}
                    }
                }
                t => {
                    return Err(format!(
                        "found '{}', expected: ',', or identifier",
                        t.literal()
                    ));
                }
            }
        }
    }

    /// The value after `=`, `==`, `!=`, `>` or `<` (may be empty).
    fn parse_exact_value(&mut self) -> Result<Vec<String>, String> {
        if matches!(self.peek(), Token::End | Token::Comma) {
            return Ok(vec![String::new()]);
        }
        match self.next_token() {
            Token::Identifier(v) => Ok(vec![v]),
            t => Err(format!("found '{}', expected: identifier", t.literal())),
        }
    }
}

// ---------------------------------------------------------------------------
// Validation of label keys and values.

const QUALIFIED_NAME_MAX_LEN: usize = 63;
const LABEL_VALUE_MAX_LEN: usize = 63;
const DNS1123_SUBDOMAIN_MAX_LEN: usize = 253;

const QUALIFIED_NAME_CHARS_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/// `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`
fn is_name_part(s: &str) -> bool {
    let bytes = s.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`
fn is_dns1123_subdomain(s: &str) -> bool {
    let lower_alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    s.split('.').all(|label| {
        let bytes = label.as_bytes();
        match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) => {
                lower_alnum(first)
                    && lower_alnum(last)
                    && bytes.iter().all(|b| lower_alnum(b) || *b == b'-')
            }
            _ => false,
        }
    })
}

/// The problems of a qualified name (`[prefix/]name`), as apimachinery words them.
fn qualified_name_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let name = match value.split_once('/') {
        None => value,
        Some((prefix, name)) => {
            if name.contains('/') {
                errs.push(format!(
                    "a qualified name {QUALIFIED_NAME_CHARS_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
                ));
                return errs;
            }
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else if prefix.len() > DNS1123_SUBDOMAIN_MAX_LEN {
                errs.push(format!(
                    "prefix part must be no more than {DNS1123_SUBDOMAIN_MAX_LEN} characters"
                ));
            } else if !is_dns1123_subdomain(prefix) {
                errs.push("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_string());
            }
            name
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > QUALIFIED_NAME_MAX_LEN {
        errs.push(format!(
            "name part must be no more than {QUALIFIED_NAME_MAX_LEN} characters"
        ));
    } else if !is_name_part(name) {
        errs.push(format!("name part {QUALIFIED_NAME_CHARS_MSG}"));
    }
    errs
}

fn validate_label_key(key: &str) -> Result<(), String> {
    let errs = qualified_name_errors(key);
    if errs.is_empty() {
        Ok(())
    } else {
        Err(format!("key: Invalid value: {key:?}: {}", errs.join("; ")))
    }
}

fn label_value_error(value: &str) -> Option<String> {
    if value.len() > LABEL_VALUE_MAX_LEN {
        Some(format!(
            "must be no more than {LABEL_VALUE_MAX_LEN} characters"
        ))
    } else if !value.is_empty() && !is_name_part(value) {
        Some("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".to_string())
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// Field selectors.

#[derive(Debug, Clone, PartialEq)]
struct FieldRequirement {
    field: String,
    /// `!=` rather than `=` / `==`.
    negated: bool,
    value: String,
}

/// A parsed field selector: a conjunction of `field=value` / `field!=value` terms.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldSelector {
    requirements: Vec<FieldRequirement>,
}

impl FieldSelector {
    /// Parses `f=v`, `f==v`, `f!=v` terms separated by commas, as
    /// apimachinery's `fields.ParseSelector` does; values may contain the
    /// escapes `\,` `\=` `\\`. Whitespace around field names and values is
    /// ignored. An empty string matches everything.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut terms = split_field_terms(s);
        terms.sort_unstable();
        let mut requirements = Vec::new();
        for term in terms {
            let term = term.trim();
            if term.is_empty() {
                continue;
            }
            let Some((field, negated, raw_value)) = split_field_term(term) else {
                return Err(format!(
                    "invalid selector: '{s}'; can't understand '{term}'"
                ));
            };
            let value = unescape_field_value(raw_value.trim())?;
            requirements.push(FieldRequirement {
                field: field.trim().to_string(),
                negated,
                value,
            });
        }
        Ok(FieldSelector { requirements })
    }

    /// True when the selector has no term (it matches everything).
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// The field names used, in the selector's (sorted) order.
    pub fn fields(&self) -> Vec<&str> {
        self.requirements.iter().map(|r| r.field.as_str()).collect()
    }

    /// `get(field)` gives the object's value for a field name, None when the
    /// field is absent (treated as the empty string).
    pub fn matches(&self, get: impl Fn(&str) -> Option<String>) -> bool {
        self.requirements.iter().all(|r| {
            let have = get(&r.field).unwrap_or_default();
            (have == r.value) != r.negated
        })
    }
}

/// Splits on commas that are not escaped with a backslash; escapes are kept.
fn split_field_terms(s: &str) -> Vec<&str> {
    if s.is_empty() {
        return Vec::new();
    }
    let mut terms = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            terms.push(&s[start..i]);
            start = i + 1;
        }
    }
    terms.push(&s[start..]);
    terms
}

/// Splits a term at the first operator: returns (field, negated, raw value).
fn split_field_term(term: &str) -> Option<(&str, bool, &str)> {
    for (i, _) in term.char_indices() {
        let rest = &term[i..];
        if let Some(v) = rest.strip_prefix("!=") {
            return Some((&term[..i], true, v));
        }
        if let Some(v) = rest.strip_prefix("==") {
            return Some((&term[..i], false, v));
        }
        if let Some(v) = rest.strip_prefix('=') {
            return Some((&term[..i], false, v));
        }
    }
    None
}

fn unescape_field_value(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            match c {
                '\\' | ',' | '=' => out.push(c),
                _ => {
                    return Err(format!(
                        "invalid field selector: invalid escape sequence: \\{c}"
                    ));
                }
            }
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            ',' | '=' => {
                return Err(format!(
                    "invalid field selector: unescaped character in value: '{c}'"
                ));
            }
            _ => out.push(c),
        }
    }
    if escaped {
        return Err("invalid field selector: invalid escape sequence: \\".to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn labels(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => panic!("labels must be an object"),
        }
    }

    fn sel(s: &str) -> LabelSelector {
        LabelSelector::parse(s).unwrap_or_else(|e| panic!("parse {s:?}: {e}"))
    }

    #[test]
    fn empty_selector_matches_everything() {
        let s = sel("");
        assert!(s.is_empty());
        assert!(s.matches(None));
        assert!(s.matches(Some(&labels(json!({"a": "b"})))));
        assert_eq!(s.to_string_canonical(), "");
        assert!(sel("   ").is_empty());
    }

    #[test]
    fn equality_operators() {
        let l = labels(json!({"app": "web", "tier": "front"}));
        assert!(sel("app=web").matches(Some(&l)));
        assert!(sel("app==web").matches(Some(&l)));
        assert!(!sel("app=db").matches(Some(&l)));
        assert!(!sel("app=web").matches(None));
        assert!(sel("app!=db").matches(Some(&l)));
        assert!(!sel("app!=web").matches(Some(&l)));
        // != matches objects without the label
        assert!(sel("other!=x").matches(Some(&l)));
        assert!(sel("app!=web").matches(None));
        assert!(sel("app=web,tier=front").matches(Some(&l)));
        assert!(!sel("app=web,tier=back").matches(Some(&l)));
    }

    #[test]
    fn set_operators() {
        let l = labels(json!({"env": "prod"}));
        assert!(sel("env in (prod, staging)").matches(Some(&l)));
        assert!(!sel("env in (dev,staging)").matches(Some(&l)));
        assert!(!sel("other in (a)").matches(Some(&l)));
        assert!(sel("env notin (dev,staging)").matches(Some(&l)));
        assert!(!sel("env notin (prod)").matches(Some(&l)));
        assert!(sel("other notin (a)").matches(Some(&l)));
    }

    #[test]
    fn existence_operators() {
        let l = labels(json!({"env": "prod"}));
        assert!(sel("env").matches(Some(&l)));
        assert!(!sel("other").matches(Some(&l)));
        assert!(sel("!other").matches(Some(&l)));
        assert!(!sel("!env").matches(Some(&l)));
        assert!(sel("!env").matches(None));
        assert!(!sel("env").matches(None));
        assert!(sel(" env , ! other ").matches(Some(&l)));
    }

    #[test]
    fn numeric_comparisons() {
        let l = labels(json!({"replicas": "5", "name": "x"}));
        assert!(sel("replicas>3").matches(Some(&l)));
        assert!(!sel("replicas>5").matches(Some(&l)));
        assert!(sel("replicas<6").matches(Some(&l)));
        assert!(!sel("name<6").matches(Some(&l)));
        assert!(LabelSelector::parse("replicas>abc").is_err());
    }

    #[test]
    fn empty_values() {
        let l = labels(json!({"a": ""}));
        assert!(sel("a=").matches(Some(&l)));
        assert!(sel("a in ()").matches(Some(&l)));
        assert!(sel("a in (,x)").matches(Some(&l)));
        assert_eq!(sel("a in (x,)").to_string_canonical(), "a in (,x)");
        assert_eq!(sel("a=,b").to_string_canonical(), "a=,b");
    }

    #[test]
    fn keys_named_like_keywords() {
        let l = labels(json!({"in": "notin"}));
        assert!(sel("in=notin").matches(Some(&l)));
        assert!(sel("in in (notin)").matches(Some(&l)));
    }

    #[test]
    fn canonical_string() {
        assert_eq!(
            sel("tier in (b, a),app=web,!gone,env,z!=q,x notin (2,1)").to_string_canonical(),
            "app=web,env,!gone,tier in (a,b),x notin (1,2),z!=q"
        );
        assert_eq!(sel("a==b").to_string_canonical(), "a==b");
        assert_eq!(sel("a > 4").to_string_canonical(), "a>4");
        assert_eq!(
            sel("example.com/role=x").to_string_canonical(),
            "example.com/role=x"
        );
    }

    #[test]
    fn parse_errors() {
        let err = |s: &str| LabelSelector::parse(s).expect_err(s);
        assert_eq!(err("a=b c"), "found 'c', expected: ',' or 'end of string'");
        assert_eq!(err("a=b,"), "found '', expected: identifier after ','");
        assert_eq!(
            err(",a"),
            "found ',', expected: !, identifier, or 'end of string'"
        );
        assert_eq!(
            err("a in b"),
            "unable to parse requirement: found 'b', expected: '('"
        );
        assert_eq!(
            err("a in (b"),
            "unable to parse requirement: found '', expected: ',' or ')'"
        );
        assert_eq!(
            err("a b"),
            "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"
        );
        assert_eq!(
            err("a=(b)"),
            "unable to parse requirement: found '(', expected: identifier"
        );
        assert_eq!(err("!a=b"), "found '=', expected: ',' or 'end of string'");
        assert!(err("a=b=c").contains("expected"));
        assert!(err("-a=b").starts_with("unable to parse requirement: key: Invalid value: \"-a\""));
        assert!(
            err("a=-b")
                .starts_with("unable to parse requirement: values[0]: Invalid value: \"-b\"")
        );
        assert!(err("Example.com/a=b").contains("prefix part"));
        assert!(err("/a=b").contains("prefix part must be non-empty"));
        assert!(err("a/b/c=d").contains("a qualified name must consist"));
        let long = "k".repeat(64);
        assert!(err(&format!("{long}=v")).contains("must be no more than 63 characters"));
        assert!(err(&format!("k={long}")).contains("must be no more than 63 characters"));
        // 63 characters is fine
        assert!(LabelSelector::parse(&format!("{}={}", "k".repeat(63), "v".repeat(63))).is_ok());
    }

    #[test]
    fn from_json_match_labels_and_expressions() {
        let s = LabelSelector::from_json(&json!({
            "matchLabels": {"app": "web"},
            "matchExpressions": [
                {"key": "tier", "operator": "In", "values": ["front", "cache"]},
                {"key": "env", "operator": "NotIn", "values": ["dev"]},
                {"key": "canary", "operator": "DoesNotExist"},
                {"key": "owner", "operator": "Exists", "values": []}
            ]
        }))
        .expect("valid selector");
        assert_eq!(
            s.to_string_canonical(),
            "app=web,!canary,env notin (dev),owner,tier in (cache,front)"
        );
        let good = labels(json!({"app": "web", "tier": "cache", "owner": "me"}));
        assert!(s.matches(Some(&good)));
        let mut bad = good.clone();
        bad.insert("canary".into(), json!("true"));
        assert!(!s.matches(Some(&bad)));
        let mut bad = good.clone();
        bad.insert("env".into(), json!("dev"));
        assert!(!s.matches(Some(&bad)));
        let mut bad = good;
        bad.remove("owner");
        assert!(!s.matches(Some(&bad)));
    }

    #[test]
    fn from_json_simple_and_empty() {
        let s = LabelSelector::from_json(&json!({"matchLabels": {"app": "web"}})).expect("ok");
        assert_eq!(s.to_string_canonical(), "app=web");
        let empty = LabelSelector::from_json(&json!({})).expect("ok");
        assert!(empty.is_empty());
        assert!(empty.matches(Some(&labels(json!({"x": "y"})))));
        assert!(
            LabelSelector::from_json(&Value::Null)
                .expect("ok")
                .is_empty()
        );
    }

    #[test]
    fn from_json_errors() {
        let err = |v: Value| LabelSelector::from_json(&v).expect_err("must fail");
        assert_eq!(
            err(json!({"matchExpressions": [{"key": "a", "operator": "Foo"}]})),
            "\"Foo\" is not a valid label selector operator"
        );
        assert!(
            err(json!({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]}))
                .contains("values set can't be empty")
        );
        assert!(
            err(json!({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]}))
                .contains("values set must be empty")
        );
        assert!(err(json!({"matchLabels": {"a b": "c"}})).contains("key: Invalid value"));
        assert!(err(json!({"matchLabels": {"a": 1}})).contains("must be a string"));
        assert!(err(json!("app=web")).contains("must be an object"));
    }

    #[test]
    fn field_selector_operators() {
        let get = |f: &str| match f {
            "metadata.name" => Some("web-1".to_string()),
            "status.phase" => Some("Running".to_string()),
            _ => None,
        };
        let fs = |s: &str| FieldSelector::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert!(fs("").is_empty());
        assert!(fs("").matches(get));
        assert!(fs("metadata.name=web-1").matches(get));
        assert!(fs("metadata.name==web-1").matches(get));
        assert!(!fs("metadata.name=web-2").matches(get));
        assert!(fs("metadata.name!=web-2").matches(get));
        assert!(!fs("metadata.name!=web-1").matches(get));
        assert!(fs("status.phase=Running,metadata.name=web-1").matches(get));
        assert!(!fs("status.phase=Running,metadata.name=web-2").matches(get));
        // absent fields read as ""
        assert!(fs("spec.nodeName=").matches(get));
        assert!(fs("spec.nodeName!=node-1").matches(get));
        assert!(fs(" status.phase = Running ").matches(get));
        assert_eq!(
            fs("status.phase=Running,metadata.name=web-1").fields(),
            vec!["metadata.name", "status.phase"]
        );
    }

    #[test]
    fn field_selector_escaping() {
        let fs = FieldSelector::parse(r"metadata.name=a\,b\=c\\d,status.phase!=x").expect("ok");
        assert_eq!(fs.fields(), vec!["metadata.name", "status.phase"]);
        assert!(fs.matches(|f| (f == "metadata.name").then(|| r"a,b=c\d".to_string())));
        assert!(!fs.matches(|f| (f == "metadata.name").then(|| "a,b=c".to_string())));
    }

    #[test]
    fn field_selector_errors() {
        assert_eq!(
            FieldSelector::parse("metadata.name").expect_err("no operator"),
            "invalid selector: 'metadata.name'; can't understand 'metadata.name'"
        );
        assert_eq!(
            FieldSelector::parse(r"a=b\x").expect_err("bad escape"),
            r"invalid field selector: invalid escape sequence: \x"
        );
        assert_eq!(
            FieldSelector::parse(r"a=b\").expect_err("trailing backslash"),
            r"invalid field selector: invalid escape sequence: \"
        );
        assert!(
            FieldSelector::parse("a=b=c")
                .expect_err("unescaped =")
                .contains("unescaped character")
        );
    }
}
