//! The audit journal: every action attempt as JSON lines in kdeck's state
//! directory, appended and flushed before the request is sent. A request
//! goes out only after its `attempt` line is on disk (fail closed); its
//! outcome follows as a `result` line with the same `id`. Refusals and
//! dry runs are one line each. `kdeck audit` reads it.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// About to be sent (the request is in the line).
    Attempt,
    /// What the server answered to the attempt with the same id.
    Result,
    /// Refused before any request (read-only, RBAC, kubectl's refusals).
    Refused,
    /// Checked by the server with `dryRun=All`, not applied.
    DryRun,
    /// The user cancelled at the confirmation.
    Cancelled,
}

/// The request as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentRequest {
    pub method: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

/// The server's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub code: u16,
    pub message: String,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub time: String,
    pub phase: Phase,
    pub local_user: String,
    pub host: String,
    pub kube_user: String,
    pub context: String,
    pub server: String,
    pub namespace: String,
    pub kind: String,
    pub name: String,
    pub action: String,
    #[serde(default)]
    pub parameters: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<SentRequest>,
    #[serde(default)]
    pub before: Value,
    #[serde(default)]
    pub after: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Answer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
}

/// The journal file, opened for appending.
pub struct Journal {
    path: PathBuf,
    file: Option<File>,
}

impl Journal {
    /// The journal at `path` (opened on first write, so an unwritable one
    /// is found out when it matters: before a request).
    pub fn new(path: PathBuf) -> Self {
        Journal { path, file: None }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append one line and flush it to disk; the error says why not.
    pub fn write(&mut self, e: &Entry) -> Result<(), String> {
        let why = |err: std::io::Error| {
            format!(
                "cannot write the audit journal {}: {err}",
                self.path.display()
            )
        };
        if self.file.is_none() {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir).map_err(why)?;
            }
            let f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .map_err(why)?;
            self.file = Some(f);
        }
        let mut line = serde_json::to_vec(e).map_err(|err| err.to_string())?;
        line.push(b'\n');
        let Some(f) = self.file.as_mut() else {
            return Err(format!(
                "cannot write the audit journal {}",
                self.path.display()
            ));
        };
        let r = f
            .write_all(&line)
            .and_then(|()| f.flush())
            .and_then(|()| f.sync_data());
        if let Err(err) = r {
            // Open it again next time (the disk may come back).
            self.file = None;
            return Err(why(err));
        }
        Ok(())
    }
}

/// Read the journal's lines (malformed lines are skipped and counted).
pub fn read(path: &Path) -> Result<(Vec<Entry>, usize), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the audit journal {}: {e}", path.display()))?;
    let mut bad = 0;
    let entries = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| match serde_json::from_str(l) {
            Ok(e) => Some(e),
            Err(_) => {
                bad += 1;
                None
            }
        })
        .collect();
    Ok((entries, bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, phase: Phase) -> Entry {
        Entry {
            id: id.into(),
            time: "2026-11-30T12:00:00Z".into(),
            phase,
            local_user: "sre".into(),
            host: "jump-1".into(),
            kube_user: "prod-eu-admin".into(),
            context: "prod-eu".into(),
            server: "https://127.0.0.1:6443".into(),
            namespace: "shop".into(),
            kind: "Deployment".into(),
            name: "web".into(),
            action: "scale".into(),
            parameters: serde_json::json!({"replicas": 5}),
            request: Some(SentRequest {
                method: "PATCH".into(),
                path: "/apis/apps/v1/namespaces/shop/deployments/web/scale".into(),
                content_type: Some("application/merge-patch+json".into()),
                body: Some(serde_json::json!({"spec": {"replicas": 5}})),
            }),
            before: serde_json::json!({"replicas": 3}),
            after: serde_json::json!({"replicas": 5}),
            result: None,
            duration_ms: None,
        }
    }

    #[test]
    fn lines_are_appended_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/journal.jsonl");
        let mut j = Journal::new(path.clone());
        j.write(&entry("a1", Phase::Attempt)).unwrap();
        let mut done = entry("a1", Phase::Result);
        done.result = Some(Answer {
            code: 200,
            message: "OK".into(),
        });
        done.duration_ms = Some(12);
        j.write(&done).unwrap();
        // Another kdeck appends to the same file.
        Journal::new(path.clone())
            .write(&entry("b2", Phase::Refused))
            .unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"not json\n")
            .unwrap();
        let (entries, bad) = read(&path).unwrap();
        assert_eq!(bad, 1);
        assert_eq!(
            entries
                .iter()
                .map(|e| (e.id.as_str(), e.phase))
                .collect::<Vec<_>>(),
            [
                ("a1", Phase::Attempt),
                ("a1", Phase::Result),
                ("b2", Phase::Refused)
            ]
        );
        assert_eq!(entries[1].result.as_ref().unwrap().code, 200);
        let line = std::fs::read_to_string(&path).unwrap();
        assert!(line.contains("\"phase\":\"attempt\""), "{line}");
    }

    #[test]
    fn an_unwritable_journal_says_why() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be.
        let path = dir.path().join("journal.jsonl");
        std::fs::create_dir_all(&path).unwrap();
        let err = Journal::new(path)
            .write(&entry("x", Phase::Attempt))
            .unwrap_err();
        assert!(err.starts_with("cannot write the audit journal"), "{err}");
    }
}
