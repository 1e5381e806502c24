//! Kubernetes label selectors and field selectors, as understood by the
//! simulated API server (`?labelSelector=` / `?fieldSelector=` query
//! parameters and `metav1.LabelSelector` objects inside resources), and the
//! label and selector text the server-side printers show.

mod field;
mod parse;
#[cfg(test)]
mod tests;
mod validation;

use serde_json::{Map, Value};

pub use field::FieldSelector;
use validation::{label_value_error, validate_label_key};

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
        // Duplicates stay, as in `metav1.LabelSelectorAsSelector`; the
        // string parser drops them itself.
        values.sort();
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

    /// Writes the requirement, its values joined as they are or, with
    /// `dedup`, each value once.
    fn write(&self, out: &mut String, dedup: bool) {
        let mut values: Vec<&str> = self.values.iter().map(String::as_str).collect();
        if dedup {
            values.dedup();
        }
        let joined = values.join(",");
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
pub(crate) fn label_text(v: &Value) -> String {
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
        let mut requirements = parse::requirements(s)?;
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
        self.write(true)
    }

    /// Like `to_string_canonical`, but a value given twice in
    /// `matchExpressions` is printed twice, as the server-side printers do.
    pub fn to_string_with_duplicates(&self) -> String {
        self.write(false)
    }

    fn write(&self, dedup: bool) -> String {
        let mut out = String::new();
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            r.write(&mut out, dedup);
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
