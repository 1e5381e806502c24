//! The JSONPath of CRD printer columns and scale paths, as the real server
//! evaluates it (`k8s.io/client-go/util/jsonpath`): fields (`.a.b`,
//! `['a']`), indexes (`[0]`, `[-1]`), wildcards (`[*]`, `.*`) and filters
//! (`[?(@.type=="Ready")]`, `!=`, `<`, `>`, `<=`, `>=`, or existence
//! `[?(@.x)]`). A path that does not resolve gives no results.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Index(i64),
    All,
    Filter {
        path: Vec<Step>,
        op: Option<(String, Value)>,
    },
}

/// A parsed path, or why it is not one.
#[derive(Debug, Clone, PartialEq)]
pub struct Path(Vec<Step>);

impl Path {
    pub fn parse(s: &str) -> Result<Path, String> {
        let s = s.trim();
        let s = s
            .strip_prefix('{')
            .and_then(|x| x.strip_suffix('}'))
            .unwrap_or(s);
        let s = s.strip_prefix('$').unwrap_or(s);
        parse_steps(s).map(Path)
    }

    /// Every value the path reaches, in document order.
    pub fn eval<'a>(&self, root: &'a Value) -> Vec<&'a Value> {
        eval_steps(&self.0, vec![root])
    }

    /// The first value the path reaches.
    pub fn first<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        self.eval(root).into_iter().next()
    }
}

fn parse_steps(s: &str) -> Result<Vec<Step>, String> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while i < b.len() {
        match b[i] {
            b'.' => {
                i += 1;
                let start = i;
                while i < b.len() && b[i] != b'.' && b[i] != b'[' {
                    i += 1;
                }
                match &s[start..i] {
                    "" if i >= b.len() => break,
                    "" => return Err(format!("unexpected path string {s:?}")),
                    "*" => out.push(Step::All),
                    name => out.push(Step::Field(name.to_string())),
                }
            }
            b'[' => {
                let end =
                    matching_bracket(s, i).ok_or_else(|| format!("unclosed bracket in {s:?}"))?;
                let inner = s[i + 1..end].trim();
                out.push(parse_bracket(inner)?);
                i = end + 1;
            }
            _ => {
                // A leading field without its dot (`spec.replicas`).
                let start = i;
                while i < b.len() && b[i] != b'.' && b[i] != b'[' {
                    i += 1;
                }
                out.push(Step::Field(s[start..i].to_string()));
            }
        }
    }
    Ok(out)
}

fn matching_bracket(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (j, c) in s[open..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + j);
                }
            }
            _ => {}
        }
    }
    None
}

fn unquote(s: &str) -> Option<&str> {
    let s = s.trim();
    s.strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
        .or_else(|| s.strip_prefix('"').and_then(|x| x.strip_suffix('"')))
}

fn parse_bracket(inner: &str) -> Result<Step, String> {
    if inner == "*" {
        return Ok(Step::All);
    }
    if let Some(name) = unquote(inner) {
        return Ok(Step::Field(name.to_string()));
    }
    if let Some(f) = inner.strip_prefix("?(").and_then(|x| x.strip_suffix(')')) {
        return parse_filter(f.trim());
    }
    inner
        .parse::<i64>()
        .map(Step::Index)
        .map_err(|_| format!("unrecognized identifier {inner}"))
}

fn parse_filter(f: &str) -> Result<Step, String> {
    for op in ["==", "!=", "<=", ">=", "<", ">"] {
        if let Some((lhs, rhs)) = f.split_once(op) {
            let path = parse_at(lhs.trim())?;
            let rhs = rhs.trim();
            let lit = match unquote(rhs) {
                Some(s) => Value::String(s.to_string()),
                None => serde_json::from_str(rhs).map_err(|_| format!("bad literal {rhs}"))?,
            };
            return Ok(Step::Filter {
                path,
                op: Some((op.to_string(), lit)),
            });
        }
    }
    Ok(Step::Filter {
        path: parse_at(f)?,
        op: None,
    })
}

fn parse_at(s: &str) -> Result<Vec<Step>, String> {
    let rest = s
        .strip_prefix('@')
        .ok_or_else(|| format!("unrecognized filter {s}"))?;
    parse_steps(rest)
}

fn eval_steps<'a>(steps: &[Step], mut cur: Vec<&'a Value>) -> Vec<&'a Value> {
    for step in steps {
        let mut next = Vec::new();
        for v in cur {
            match step {
                Step::Field(name) => next.extend(v.get(name.as_str()).filter(|x| !x.is_null())),
                Step::Index(i) => {
                    if let Some(a) = v.as_array() {
                        let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                        next.extend(usize::try_from(idx).ok().and_then(|k| a.get(k)));
                    }
                }
                Step::All => match v {
                    Value::Array(a) => next.extend(a.iter()),
                    Value::Object(m) => next.extend(m.values()),
                    _ => {}
                },
                Step::Filter { path, op } => {
                    for item in v.as_array().into_iter().flatten() {
                        let found = eval_steps(path, vec![item]);
                        let keep = match op {
                            None => !found.is_empty(),
                            Some((op, lit)) => found.first().is_some_and(|x| compare(x, op, lit)),
                        };
                        if keep {
                            next.push(item);
                        }
                    }
                }
            }
        }
        cur = next;
    }
    cur
}

fn compare(x: &Value, op: &str, lit: &Value) -> bool {
    if let (Some(a), Some(b)) = (x.as_f64(), lit.as_f64()) {
        return match op {
            "==" => a == b,
            "!=" => a != b,
            "<" => a < b,
            ">" => a > b,
            "<=" => a <= b,
            _ => a >= b,
        };
    }
    match op {
        "==" => x == lit,
        "!=" => x != lit,
        _ => false,
    }
}

/// A value as the printer writes it in a `string` column: text as is,
/// objects and arrays as compact JSON, numbers and booleans as Go prints them.
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e21 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// The value at a simple dotted path (`.spec.replicas`), for scale paths.
pub fn get<'a>(obj: &'a Value, path: &str) -> Option<&'a Value> {
    Path::parse(path).ok()?.first(obj)
}

/// Set the value at a simple dotted path, creating objects on the way.
pub fn set(obj: &mut Value, path: &str, v: Value) -> bool {
    let Ok(Path(steps)) = Path::parse(path) else {
        return false;
    };
    let mut cur = obj;
    for step in &steps {
        let Step::Field(name) = step else {
            return false;
        };
        if !cur.is_object() {
            *cur = Value::Object(Default::default());
        }
        cur = &mut cur[name.as_str()];
    }
    *cur = v;
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cert() -> Value {
        json!({"metadata": {"name": "web-tls"},
            "spec": {"secretName": "web-tls", "dnsNames": ["a.example.com", "b.example.com"], "replicas": 3},
            "status": {"conditions": [
                {"type": "Issuing", "status": "False"},
                {"type": "Ready", "status": "True", "message": "Certificate is up to date and has not expired"}]}})
    }

    fn first(path: &str, v: &Value) -> Option<Value> {
        Path::parse(path).unwrap().first(v).cloned()
    }

    #[test]
    fn fields_indexes_and_filters() {
        let c = cert();
        assert_eq!(first(".spec.secretName", &c), Some(json!("web-tls")));
        assert_eq!(first("spec.secretName", &c), Some(json!("web-tls")));
        assert_eq!(
            first("{.spec.dnsNames[1]}", &c),
            Some(json!("b.example.com"))
        );
        assert_eq!(
            first(".spec.dnsNames[-1]", &c),
            Some(json!("b.example.com"))
        );
        assert_eq!(first(".metadata['name']", &c), Some(json!("web-tls")));
        assert_eq!(
            first(r#".status.conditions[?(@.type=="Ready")].status"#, &c),
            Some(json!("True"))
        );
        assert_eq!(
            first(".status.conditions[?(@.type!='Ready')].status", &c),
            Some(json!("False"))
        );
        assert_eq!(first(".spec.replicas", &c), Some(json!(3)));
        assert_eq!(Path::parse(".spec.dnsNames[*]").unwrap().eval(&c).len(), 2);
        assert_eq!(
            Path::parse(".status.conditions[?(@.message)]")
                .unwrap()
                .eval(&c)
                .len(),
            1
        );
    }

    #[test]
    fn unresolved_paths_give_nothing() {
        let c = cert();
        assert_eq!(first(".status.notAfter", &c), None);
        assert_eq!(
            first(r#".status.conditions[?(@.type=="Gone")].status"#, &c),
            None
        );
        assert_eq!(first(".spec.dnsNames[7]", &c), None);
        assert_eq!(first(".spec.secretName.deeper", &c), None);
        assert!(Path::parse(".spec[").is_err());
    }

    #[test]
    fn text_and_set() {
        assert_eq!(text(&json!(["a", 1])), r#"["a",1]"#);
        assert_eq!(text(&json!(2.0)), "2");
        assert_eq!(text(&json!(2.5)), "2.5");
        assert_eq!(text(&json!(true)), "true");
        let mut v = json!({});
        assert!(set(&mut v, ".spec.replicas", json!(4)));
        assert_eq!(get(&v, ".spec.replicas"), Some(&json!(4)));
    }
}
