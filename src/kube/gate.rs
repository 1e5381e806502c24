//! The one gate every mutating request passes. Read-only mode (the flag,
//! or a context matching a read-only pattern of `config.toml`) is enforced
//! here, in the cluster layer, before any request is built: hiding keys in
//! the UI is not enough. The gate also keeps the audit journal: an attempt
//! is on disk before its request is sent, or the request is not sent.

use std::sync::Mutex;

use regex::Regex;

use super::ops::journal::{Entry, Journal};

/// Why a mutation was refused before anything was sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused(pub String);

/// Who acts on a cluster, as the journal records it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Identity {
    pub context: String,
    pub kube_user: String,
    pub server: String,
}

pub struct Gate {
    readonly: bool,
    readonly_contexts: Vec<Regex>,
    identities: Vec<Identity>,
    local_user: String,
    host: String,
    journal: Option<Mutex<Journal>>,
}

impl Gate {
    /// A gate without a journal: every mutation is refused unless
    /// `readonly` is false and a journal is given with [`Gate::journaled`].
    pub fn new(readonly: bool) -> Self {
        Gate {
            readonly,
            readonly_contexts: Vec::new(),
            identities: Vec::new(),
            local_user: whoami(),
            host: hostname(),
            journal: None,
        }
    }

    /// The same gate, writing the journal `journal`.
    pub fn journaled(mut self, journal: Journal) -> Self {
        self.journal = Some(Mutex::new(journal));
        self
    }

    /// Contexts whose names match one of `patterns` are read-only too.
    pub fn readonly_contexts(mut self, patterns: Vec<Regex>) -> Self {
        self.readonly_contexts = patterns;
        self
    }

    /// Who kdeck acts as on each cluster (by index).
    pub fn identities(mut self, ids: Vec<Identity>) -> Self {
        self.identities = ids;
        self
    }

    pub fn readonly(&self) -> bool {
        self.readonly
    }

    /// Whether nothing may be changed on `context`.
    pub fn readonly_for(&self, context: &str) -> bool {
        self.readonly || self.readonly_contexts.iter().any(|r| r.is_match(context))
    }

    /// May `action` (e.g. "scale deployment shop/web") be sent to `cluster`?
    pub fn check(&self, cluster: &str, action: &str) -> Result<(), Refused> {
        if self.readonly_for(cluster) {
            tracing::warn!(cluster, action, "refused by read-only mode");
            let why = if self.readonly {
                "read-only mode"
            } else {
                "read-only context (config.toml)"
            };
            return Err(Refused(format!(
                "{why}: {action} on {cluster} was not sent"
            )));
        }
        Ok(())
    }

    /// The identity on cluster number `cluster`.
    pub fn identity(&self, cluster: usize) -> Identity {
        self.identities.get(cluster).cloned().unwrap_or_default()
    }

    pub fn local_user(&self) -> &str {
        &self.local_user
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// Append `entry` to the journal; an error means nothing may be sent.
    pub fn record(&self, entry: &Entry) -> Result<(), Refused> {
        let Some(j) = &self.journal else {
            return Err(Refused("no audit journal is open: nothing was sent".into()));
        };
        let mut j = j
            .lock()
            .map_err(|_| Refused("the audit journal is unusable: nothing was sent".into()))?;
        j.write(entry)
            .map_err(|e| Refused(format!("{e}: nothing was sent")))
    }
}

fn whoami() -> String {
    if let Ok(u) = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")) {
        return u;
    }
    // SAFETY: getpwuid returns a pointer into static storage (or null);
    // the name is copied out at once, on this thread.
    unsafe {
        let pw = libc::getpwuid(libc::getuid());
        if !pw.is_null() && !(*pw).pw_name.is_null() {
            return std::ffi::CStr::from_ptr((*pw).pw_name)
                .to_string_lossy()
                .into_owned();
        }
    }
    format!("uid {}", unsafe { libc::getuid() })
}

fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most buf.len() bytes into our buffer.
    let r = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if r != 0 {
        return "unknown".into();
    }
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readonly_refuses_everything() {
        let g = Gate::new(true);
        let e = g.check("prod-eu", "scale deployment shop/web").unwrap_err();
        assert!(e.0.contains("read-only"));
        assert!(Gate::new(false).check("prod-eu", "scale").is_ok());
    }

    #[test]
    fn read_only_contexts_by_pattern() {
        let g = Gate::new(false).readonly_contexts(vec![Regex::new("^prod-").unwrap()]);
        assert!(g.readonly_for("prod-eu"));
        assert!(!g.readonly_for("staging"));
        let e = g.check("prod-eu", "restart").unwrap_err();
        assert!(e.0.starts_with("read-only context"), "{}", e.0);
        assert!(g.check("staging", "restart").is_ok());
    }

    #[test]
    fn without_a_journal_nothing_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let e = Entry {
            id: "1".into(),
            time: String::new(),
            phase: crate::kube::ops::journal::Phase::Attempt,
            local_user: String::new(),
            host: String::new(),
            kube_user: String::new(),
            context: String::new(),
            server: String::new(),
            namespace: String::new(),
            kind: String::new(),
            name: String::new(),
            action: "scale".into(),
            parameters: serde_json::Value::Null,
            request: None,
            before: serde_json::Value::Null,
            after: serde_json::Value::Null,
            result: None,
            duration_ms: None,
        };
        assert!(Gate::new(false).record(&e).is_err());
        let g = Gate::new(false).journaled(Journal::new(dir.path().join("j.jsonl")));
        assert!(g.record(&e).is_ok());
        // An unwritable journal: refused.
        let bad = dir.path().join("dir");
        std::fs::create_dir_all(&bad).unwrap();
        let g = Gate::new(false).journaled(Journal::new(bad));
        assert!(g.record(&e).unwrap_err().0.ends_with("nothing was sent"));
    }
}
