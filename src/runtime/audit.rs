//! `kdeck audit`: the journal of what was done, newest last. An attempt
//! and its result (two lines of the file, one id) are one row.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};

use crate::kube::ops::journal::{self, Entry, Phase};

/// Which entries to show.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only entries at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only these contexts (all when empty).
    pub contexts: Vec<String>,
}

/// `--since`: a duration back from now (`90s`, `15m`, `2h`, `7d`) or an
/// RFC 3339 time.
pub fn parse_since(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = n
        .parse()
        .map_err(|_| format!("--since {s:?}: a duration (15m, 2h, 7d) or an RFC 3339 time"))?;
    let d = match unit {
        "s" => Duration::seconds(n),
        "m" | "" => Duration::minutes(n),
        "h" => Duration::hours(n),
        "d" => Duration::days(n),
        _ => return Err(format!("--since {s:?}: unknown unit {unit:?} (s, m, h, d)")),
    };
    Ok(now - d)
}

fn keep(e: &Entry, f: &Filter) -> bool {
    let time_ok = f.since.is_none_or(|since| {
        DateTime::parse_from_rfc3339(&e.time).is_ok_and(|t| t.with_timezone(&Utc) >= since)
    });
    time_ok && (f.contexts.is_empty() || f.contexts.contains(&e.context))
}

/// The journal's entries that pass `f`, as JSON lines.
pub fn json_lines(entries: &[Entry], f: &Filter) -> String {
    entries
        .iter()
        .filter(|e| keep(e, f))
        .filter_map(|e| serde_json::to_string(e).ok())
        .map(|l| l + "\n")
        .collect()
}

fn compact(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        other => shortened(other).to_string(),
    }
}

/// Long lists (a drain's pods) as their first few and how many in all:
/// a row of the table stays readable (`--json` has everything).
fn shortened(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    const FEW: usize = 3;
    match v {
        Value::Array(a) if a.len() > FEW => {
            let mut out: Vec<Value> = a.iter().take(FEW).map(shortened).collect();
            out.push(Value::String(format!("… {} in all", a.len())));
            Value::Array(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(shortened).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, x)| (k.clone(), shortened(x))).collect())
        }
        other => other.clone(),
    }
}

/// One row per attempt (its result folded in), for a person.
pub fn table(entries: &[Entry], f: &Filter) -> String {
    let mut rows: Vec<[String; 7]> = Vec::new();
    for e in entries.iter().filter(|e| keep(e, f)) {
        if e.phase == Phase::Result {
            continue;
        }
        let result = entries
            .iter()
            .find(|r| r.phase == Phase::Result && r.id == e.id);
        let outcome = match (e.phase, result) {
            (Phase::Attempt, Some(r)) => r
                .result
                .as_ref()
                .map(|a| format!("{} {}", a.code, a.message))
                .unwrap_or_default(),
            (Phase::Attempt, None) => "sent, no result recorded".into(),
            (Phase::DryRun, _) => format!(
                "dry run: {}",
                e.result
                    .as_ref()
                    .map(|a| a.message.clone())
                    .unwrap_or_default()
            ),
            (Phase::Refused, _) => format!(
                "refused: {}",
                e.result
                    .as_ref()
                    .map(|a| a.message.clone())
                    .unwrap_or_default()
            ),
            (Phase::Cancelled, _) => "cancelled".into(),
            (Phase::Result, _) => String::new(),
        };
        let change = match (compact(&e.before).as_str(), compact(&e.after).as_str()) {
            ("", "") => String::new(),
            (b, a) => format!("{b} → {a}"),
        };
        let target = if e.namespace.is_empty() {
            format!("{} {}", e.kind, e.name)
        } else {
            format!("{} {}/{}", e.kind, e.namespace, e.name)
        };
        rows.push([
            e.time.clone(),
            format!("{}@{}", e.local_user, e.host),
            e.context.clone(),
            e.action.clone(),
            target,
            change,
            outcome,
        ]);
    }
    let titles = [
        "TIME", "WHO", "CONTEXT", "ACTION", "TARGET", "CHANGE", "RESULT",
    ];
    let mut widths: Vec<usize> = titles.iter().map(|t| t.len()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(&titles.map(str::to_string));
    for r in &rows {
        out.push_str(&line(r));
    }
    // What comes from a file is shown, never obeyed.
    crate::app::text::visible_lines(&out)
}

/// Print the journal at `path`; the exit status.
pub fn print(path: &Path, f: &Filter, json: bool) -> Result<String, String> {
    if !path.exists() {
        return Ok(format!(
            "no journal yet at {} (nothing was done)\n",
            path.display()
        ));
    }
    let (entries, bad) = journal::read(path)?;
    let mut out = if json {
        json_lines(&entries, f)
    } else {
        table(&entries, f)
    };
    if bad > 0 && !json {
        out.push_str(&format!("({bad} unreadable line(s) skipped)\n"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::ops::journal::{Answer, Journal};

    fn e(id: &str, phase: Phase, time: &str, context: &str) -> Entry {
        Entry {
            id: id.into(),
            time: time.into(),
            phase,
            local_user: "sre".into(),
            host: "jump".into(),
            kube_user: "admin".into(),
            context: context.into(),
            server: "https://127.0.0.1".into(),
            namespace: "shop".into(),
            kind: "Deployment".into(),
            name: "web".into(),
            action: "scale".into(),
            parameters: serde_json::json!({"replicas": 5}),
            request: None,
            before: serde_json::json!({"replicas": 3}),
            after: serde_json::json!({"replicas": 5}),
            result: None,
            duration_ms: None,
        }
    }

    #[test]
    fn an_attempt_and_its_result_are_one_row_newest_last() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let mut j = Journal::new(path.clone());
        j.write(&e("1", Phase::Attempt, "2026-11-30T10:00:00Z", "prod-eu"))
            .unwrap();
        let mut r = e("1", Phase::Result, "2026-11-30T10:00:01Z", "prod-eu");
        r.result = Some(Answer {
            code: 200,
            message: "OK".into(),
        });
        j.write(&r).unwrap();
        let mut refused = e("2", Phase::Refused, "2026-11-30T11:00:00Z", "staging");
        refused.result = Some(Answer {
            code: 0,
            message: "read-only mode".into(),
        });
        j.write(&refused).unwrap();
        let out = print(&path, &Filter::default(), false).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(lines[0].starts_with("TIME"));
        assert!(
            lines[1].contains("prod-eu") && lines[1].contains("200 OK"),
            "{out}"
        );
        assert!(
            lines[1].contains(r#"{"replicas":3} → {"replicas":5}"#),
            "{out}"
        );
        assert!(lines[2].contains("refused: read-only mode"), "{out}");
        let only = Filter {
            contexts: vec!["staging".into()],
            ..Filter::default()
        };
        assert_eq!(print(&path, &only, false).unwrap().lines().count(), 2);
        let since = Filter {
            since: Some(parse_since("2026-11-30T10:30:00Z", Utc::now()).unwrap()),
            ..Filter::default()
        };
        let json = print(&path, &since, true).unwrap();
        assert_eq!(json.lines().count(), 1);
        assert!(json.contains("\"phase\":\"refused\""));
    }

    #[test]
    fn a_drain_of_many_pods_is_one_readable_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let mut j = Journal::new(path.clone());
        let mut d = e("1", Phase::Attempt, "2026-11-30T10:00:00Z", "prod-eu");
        let pods: Vec<String> = (0..22).map(|i| format!("shop/web-{i}")).collect();
        d.action = "drain".into();
        d.before = serde_json::json!({"unschedulable": false, "pods": pods});
        d.after = serde_json::json!({"unschedulable": true, "evicted": pods});
        j.write(&d).unwrap();
        let out = print(&path, &Filter::default(), false).unwrap();
        let row = out.lines().nth(1).unwrap();
        assert!(row.contains(r#""shop/web-2","… 22 in all"]"#), "{out}");
        assert!(!row.contains("web-3\""), "{out}");
        assert!(row.contains("sent, no result recorded"), "{out}");
        // The JSON keeps every pod.
        let json = print(&path, &Filter::default(), true).unwrap();
        assert!(json.contains("shop/web-21"));
    }

    #[test]
    fn since_takes_durations() {
        let now = Utc::now();
        assert_eq!(parse_since("2h", now).unwrap(), now - Duration::hours(2));
        assert_eq!(
            parse_since("15m", now).unwrap(),
            now - Duration::minutes(15)
        );
        assert!(parse_since("2x", now).is_err());
        assert!(parse_since("soon", now).is_err());
    }
}
