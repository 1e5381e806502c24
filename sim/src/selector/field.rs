//! Field selectors (`?fieldSelector=metadata.name=x,status.phase!=Running`).

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
