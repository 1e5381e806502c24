//! Logs go through `tracing` to a file in the XDG state directory: stdout
//! and stderr belong to the screen (or, for `kdeck sim`, to its one line).
//!
//! No secret reaches the file, at any level: every line passes through
//! [`redact`], which takes out bearer tokens and basic credentials, private
//! keys, token and key fields, and the output of exec credential plugins
//! (kube-rs puts a failed plugin's stdout and stderr, often a token, into
//! its error, and errors are logged).

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::LazyLock;

use directories::ProjectDirs;
use regex::Regex;
use tracing_subscriber::EnvFilter;

/// The directory kdeck writes its logs to.
pub fn log_dir() -> Option<PathBuf> {
    let dirs = ProjectDirs::from("dev", "kdeck", "kdeck")?;
    Some(
        dirs.state_dir()
            .map(PathBuf::from)
            .unwrap_or_else(|| dirs.data_local_dir().to_path_buf()),
    )
}

/// Start logging to `<state dir>/<name>.log`; `KDECK_LOG` sets the filter
/// (default `info`). Returns the file, or None when it cannot be opened
/// (logging is then off: never a reason to fail).
pub fn init(name: &str) -> Option<PathBuf> {
    let dir = log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(format!("{name}.log"));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let filter = EnvFilter::try_from_env("KDECK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(Redacting(file)))
        .try_init()
        .ok()?;
    Some(path)
}

/// A writer that redacts what it is given (the formatter hands it one
/// whole event at a time) before writing it on.
pub struct Redacting<W>(pub W);

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

const REDACTED: &str = "<redacted>";

/// Credentials in an `Authorization` header or beside the word.
static BEARER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(bearer)(\s+)[^\s"'\\,;)}\]]+"#).ok());
static BASIC: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b(Basic)(\s+)[A-Za-z0-9+/]{6,}={0,2}").ok());
/// PEM private keys, whole or cut off at the end of the line.
static PRIVATE_KEY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?s)(-----BEGIN [A-Z ]*PRIVATE KEY-----).*?(-----END [A-Z ]*PRIVATE KEY-----|$)")
        .ok()
});
/// `token: x`, `"token":"x"` (also escaped, `\"token\":\"x\"`), and the
/// other kubeconfig and ExecCredential fields that hold secrets.
static SECRET_FIELD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(\\*"?\b(?:token|id-token|access-token|refresh-token|id_token|access_token|refresh_token|password|client-key-data|client_key_data|clientKeyData)\\*"?\s*[:=]\s*)(\\*"(?:[^"\\]|\\[^"])*\\*"|[^\s,;}"\\]+)"#,
    )
    .ok()
});

/// `text` with every secret it holds replaced by `<redacted>` (borrowed
/// when there is none, the common case).
pub fn redact(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    for name in ["stdout: ", "stderr: "] {
        if out.contains(name) {
            out = Cow::Owned(redact_debug_values(&out, name));
        }
    }
    let rules: [(&LazyLock<Option<Regex>>, &str); 4] = [
        (&BEARER, "${1}${2}<redacted>"),
        (&BASIC, "${1}${2}<redacted>"),
        (&PRIVATE_KEY, "${1} <redacted> ${2}"),
        (&SECRET_FIELD, "${1}<redacted>"),
    ];
    for (re, with) in rules {
        if let Some(re) = re.as_ref()
            && re.is_match(&out)
        {
            out = Cow::Owned(re.replace_all(&out, with).into_owned());
        }
    }
    out
}

/// Replace the Debug-printed value after each `name` (`stdout: "…"` or
/// `stdout: [1, 2, …]`, as `std::process::Output` prints, also inside an
/// outer Debug string where its quotes are escaped) with `<redacted>`.
fn redact_debug_values(text: &str, name: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(name) {
        let (head, tail) = rest.split_at(i + name.len());
        out.push_str(head);
        let end = debug_value_end(tail);
        if end > 0 {
            out.push_str(REDACTED);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The length of the Debug value at the start of `s`: a quoted string
/// (its quotes escaped by `k` backslashes when nested; it ends at a quote
/// preceded by exactly `k` backslashes), a byte list up to `]`, or nothing.
fn debug_value_end(s: &str) -> usize {
    let b = s.as_bytes();
    let k = b.iter().take_while(|&&c| c == b'\\').count();
    if b.get(k) == Some(&b'"') {
        let mut i = k + 1;
        while i < b.len() {
            if b[i] == b'"' {
                let run = b[..i].iter().rev().take_while(|&&c| c == b'\\').count();
                if run == k {
                    return i + 1;
                }
            }
            i += 1;
        }
        return b.len();
    }
    if k == 0 && b.first() == Some(&b'[') {
        return s.find(']').map_or(s.len(), |j| j + 1);
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_are_borrowed() {
        let line = "2026-11-30T18:12:50Z INFO kdeck::kube::watch: watch problem: 403 cluster=2";
        assert!(matches!(redact(line), Cow::Borrowed(_)));
        let line = "401 Unauthorized: Unauthorized (token expired or revoked?)";
        assert_eq!(redact(line), line);
    }

    #[test]
    fn exec_plugin_output_is_taken_out() {
        // What kube-rs says when a credential plugin fails (seen in a real
        // kdeck.log): the plugin's stdout and stderr, a token among them.
        let line = r#"INFO kdeck::kube::watch: watch problem: failed to perform initial object list: ServiceError: auth exec command 'KUBERNETES_EXEC_INFO="{\"kind\":\"ExecCredential\"}" "/tmp/plugin.sh"' failed with status exit status: 1: Output { status: ExitStatus(unix_wait_status(256)), stdout: "SECRET-1 {\"token\":\"tok-abc\"}\n", stderr: "SECRET-2\n" } cluster=0 kind="events""#;
        let r = redact(line);
        for secret in ["SECRET-1", "SECRET-2", "tok-abc"] {
            assert!(!r.contains(secret), "{r}");
        }
        assert!(
            r.ends_with(r#"stdout: <redacted>, stderr: <redacted> } cluster=0 kind="events""#),
            "{r}"
        );
        assert!(r.contains("watch problem: failed to perform initial object list"));
        // Nested in another Debug string, and as bytes (not UTF-8).
        let nested = r#"Service(\"Output { status: 1, stdout: \"SECRET-3 \\\"q\\\" more\", stderr: \"\" }\") tail"#;
        let r = redact(nested);
        assert!(!r.contains("SECRET-3") && !r.contains("more"), "{r}");
        assert!(r.ends_with(r#"stderr: <redacted> }\") tail"#), "{r}");
        let bytes = "Output { status: 1, stdout: [83, 69, 67], stderr: [] }";
        assert_eq!(
            redact(bytes),
            "Output { status: 1, stdout: <redacted>, stderr: <redacted> }"
        );
        let cut = "stdout: \"SECRET-4 never closed";
        assert_eq!(redact(cut), "stdout: <redacted>");
    }

    #[test]
    fn tokens_keys_and_credentials_are_taken_out() {
        let cases = [
            (
                "headers: {\"authorization\": \"Bearer kdeck-sim.prod-eu.admin.0123\"}",
                "kdeck-sim.prod-eu.admin.0123",
            ),
            ("authorization: Bearer abc.def-ghi_jkl", "abc.def-ghi_jkl"),
            (
                "Authorization: Basic dXNlcjpwYXNzd29yZA==",
                "dXNlcjpwYXNzd29yZA==",
            ),
            (
                "key: -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIJ\n-----END EC PRIVATE KEY----- after",
                "MHcCAQEEIIJ",
            ),
            (
                "data: -----BEGIN PRIVATE KEY-----\\nMIGHAgEAMBMG cut here",
                "MIGHAgEAMBMG",
            ),
            ("{\"status\":{\"token\":\"tok-1\"}}", "tok-1"),
            (r#"{\"token\":\"tok-2\",\"x\":1}"#, "tok-2"),
            ("user:\n  token: tok-3\n", "tok-3"),
            ("client-key-data: LS0tLS1CRUdJTg==", "LS0tLS1CRUdJTg=="),
            ("id-token=tok-4 refresh-token: tok-5", "tok-"),
            ("password: hunter2", "hunter2"),
        ];
        for (line, secret) in cases {
            let r = redact(line);
            assert!(!r.contains(secret), "{line:?} -> {r:?}");
            assert!(r.contains(REDACTED), "{line:?} -> {r:?}");
        }
        assert_eq!(
            redact("x -----BEGIN RSA PRIVATE KEY-----abc-----END RSA PRIVATE KEY----- y"),
            "x -----BEGIN RSA PRIVATE KEY----- <redacted> -----END RSA PRIVATE KEY----- y"
        );
        // Words that only look alike stay.
        for line in ["basic auth is off", "the bearer", "tokens: 3 left"] {
            assert_eq!(redact(line), line);
        }
    }

    #[test]
    fn the_writer_redacts_each_event() {
        let mut w = Redacting(Vec::new());
        w.write_all(b"a Bearer xyz b\n").unwrap();
        assert_eq!(String::from_utf8(w.0).unwrap(), "a Bearer <redacted> b\n");
    }
}
