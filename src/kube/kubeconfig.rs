//! Reading kubeconfig like kubectl (`--kubeconfig`, the `KUBECONFIG` list,
//! `~/.kube/config`) and choosing the contexts to open.

use std::path::{Path, PathBuf};

use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};

/// One context to open.
#[derive(Clone)]
pub struct Target {
    /// The context name, which kdeck shows as the cluster's name.
    pub name: String,
    /// The context's default namespace, if set.
    pub namespace: Option<String>,
    /// The kubeconfig user the context authenticates as.
    pub user: String,
    pub config: kube::Config,
}

/// Which contexts to open.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub contexts: Vec<String>,
    pub all: bool,
}

/// Load the kubeconfig and resolve the selected contexts. Errors are one
/// line, ready to print before exiting.
pub async fn resolve(path: Option<&Path>, sel: &Selection) -> Result<Vec<Target>, String> {
    refuse_odd_utf16(&files(path))?;

    let kc = match path {
        Some(p) => {
            Kubeconfig::read_from(p).map_err(|e| unreadable(&p.display().to_string(), &e))?
        }
        None => Kubeconfig::read().map_err(|e| unreadable("", &e))?,
    };
    let known: Vec<String> = kc.contexts.iter().map(|c| c.name.clone()).collect();
    let names: Vec<String> = if sel.all {
        if known.is_empty() {
            return Err("the kubeconfig has no contexts".into());
        }
        known.clone()
    } else if !sel.contexts.is_empty() {
        for c in &sel.contexts {
            if !known.contains(c) {
                return Err(format!(
                    "unknown context {c:?} (the kubeconfig has: {})",
                    list(&known)
                ));
            }
        }
        let mut v = sel.contexts.clone();
        v.dedup();
        v
    } else {
        match kc.current_context.clone().filter(|c| !c.is_empty()) {
            Some(c) if known.contains(&c) => vec![c],
            Some(c) => {
                return Err(format!(
                    "current-context {c:?} is not in the kubeconfig (it has: {})",
                    list(&known)
                ));
            }
            None => {
                return Err(format!(
                    "no current-context is set; choose one with --context (the kubeconfig has: {})",
                    list(&known)
                ));
            }
        }
    };
    let mut out = Vec::new();
    for name in names {
        let ctx = kc
            .contexts
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| c.context.as_ref());
        let namespace = ctx.and_then(|c| c.namespace.clone());
        let user = ctx.and_then(|c| c.user.clone()).unwrap_or_default();
        let opts = KubeConfigOptions {
            context: Some(name.clone()),
            ..KubeConfigOptions::default()
        };
        let config = kube::Config::from_custom_kubeconfig(only(&kc, &name), &opts)
            .await
            .map_err(|e| format!("context {name:?}: {}", one_line(&e)))?;
        out.push(Target {
            name,
            namespace,
            user,
            config,
        });
    }
    Ok(out)
}

/// The part of `kc` that context `name` uses: it, its cluster and its
/// user. kube reads a config from a whole kubeconfig; handing it a copy
/// of everything for each of a hundred contexts made start-up quadratic.
fn only(kc: &Kubeconfig, name: &str) -> Kubeconfig {
    let context = kc.contexts.iter().find(|c| c.name == name);
    let inner = context.and_then(|c| c.context.as_ref());
    let cluster = inner.map(|c| c.cluster.as_str());
    let user = inner.and_then(|c| c.user.as_deref());
    Kubeconfig {
        preferences: kc.preferences.clone(),
        clusters: kc
            .clusters
            .iter()
            .filter(|c| Some(c.name.as_str()) == cluster)
            .cloned()
            .collect(),
        auth_infos: kc
            .auth_infos
            .iter()
            .filter(|u| Some(u.name.as_str()) == user)
            .cloned()
            .collect(),
        contexts: context.into_iter().cloned().collect(),
        current_context: Some(name.to_string()),
        extensions: kc.extensions.clone(),
        kind: kc.kind.clone(),
        api_version: kc.api_version.clone(),
        other: kc.other.clone(),
    }
}

/// The files kube reads for `path`: it, else the `KUBECONFIG` list, else
/// `~/.kube/config`.
fn files(path: Option<&Path>) -> Vec<PathBuf> {
    if let Some(p) = path {
        return vec![p.to_path_buf()];
    }
    let listed: Vec<PathBuf> = std::env::var_os("KUBECONFIG")
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    if listed.is_empty() {
        std::env::home_dir()
            .map(|h| h.join(".kube").join("config"))
            .into_iter()
            .collect()
    } else {
        listed
    }
}

/// kube-client (5.0) panics reading a file that starts with a UTF-16
/// byte-order mark and has an odd number of bytes after it (found by the
/// `kubeconfig` fuzz target): such a file is refused here first.
fn refuse_odd_utf16(files: &[PathBuf]) -> Result<(), String> {
    for f in files {
        // A file that cannot be read is kube's to report.
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        if let [0xFF, 0xFE, rest @ ..] | [0xFE, 0xFF, rest @ ..] = bytes.as_slice()
            && rest.len() % 2 == 1
        {
            return Err(format!(
                "cannot read kubeconfig {}: invalid UTF-16 (an odd number of bytes)",
                f.display()
            ));
        }
    }
    Ok(())
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "no contexts".into()
    } else {
        printable(&v.join(", "))
    }
}

/// Why the kubeconfig at `path` cannot be used, said once: the file named
/// once (not quoted twice), the operating system's reason for a file that
/// cannot be read, and for a YAML error its line and column first, then the
/// lines around it as the parser shows them.
fn unreadable(path: &str, e: &KubeconfigError) -> String {
    let at = if path.is_empty() {
        String::new()
    } else {
        format!(" {path}")
    };
    match e {
        KubeconfigError::ReadConfig(io, p) => {
            format!("cannot read kubeconfig {}: {io}", p.display())
        }
        KubeconfigError::Parse(yaml) => {
            let text = yaml.to_string();
            let mut lines = text.lines();
            let first = printable(lines.next().unwrap_or("").trim_start_matches("error: "));
            let place = if path.is_empty() {
                "<kubeconfig>"
            } else {
                path
            };
            let snippet: Vec<String> = lines
                .map(|l| printable(&l.replace("<input>", place)))
                .filter(|l| !l.trim().is_empty())
                .collect();
            let mut out = format!("cannot parse kubeconfig{at}: {first}");
            for l in snippet {
                out.push('\n');
                out.push_str("  ");
                out.push_str(&l);
            }
            out
        }
        other => format!("cannot read kubeconfig{at}: {}", one_line(other)),
    }
}

/// Text from the kubeconfig as it may be printed on one terminal line:
/// line breaks as spaces, other characters that are not printable
/// (controls, bidi overrides, zero-width and other format characters) as
/// Rust escapes (`\u{202e}`).
fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push(' '),
            '\\' | '"' | '\'' => out.push(c),
            c => out.extend(c.escape_debug()),
        }
    }
    out
}

/// An error and its causes on one line.
pub fn one_line(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cur = c.source();
    }
    printable(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KC: &str = r#"
apiVersion: v1
kind: Config
clusters:
- name: a
  cluster: {server: "https://127.0.0.1:1"}
- name: b
  cluster: {server: "https://127.0.0.1:2"}
contexts:
- name: ctx-a
  context: {cluster: a, user: u, namespace: shop}
- name: ctx-b
  context: {cluster: b, user: u}
users:
- name: u
  user: {token: t}
current-context: ctx-b
"#;

    fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("config");
        std::fs::write(&p, text).unwrap();
        (d, p)
    }

    #[tokio::test]
    async fn current_explicit_and_all_contexts() {
        let (_d, p) = write(KC);
        let cur = resolve(Some(&p), &Selection::default()).await.unwrap();
        assert_eq!(
            cur.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["ctx-b"]
        );
        let sel = Selection {
            contexts: vec!["ctx-a".into()],
            all: false,
        };
        let a = resolve(Some(&p), &sel).await.unwrap();
        assert_eq!(a[0].namespace.as_deref(), Some("shop"));
        assert_eq!(a[0].config.cluster_url.to_string(), "https://127.0.0.1:1/");
        let all = resolve(
            Some(&p),
            &Selection {
                contexts: vec![],
                all: true,
            },
        )
        .await
        .unwrap();
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn a_context_is_read_with_only_its_cluster_and_user() {
        let (_d, p) = write(KC);
        let kc = Kubeconfig::read_from(&p).unwrap();
        let a = only(&kc, "ctx-a");
        let names = |v: Vec<&str>| v.join(",");
        assert_eq!(
            names(a.contexts.iter().map(|c| c.name.as_str()).collect()),
            "ctx-a"
        );
        assert_eq!(
            names(a.clusters.iter().map(|c| c.name.as_str()).collect()),
            "a"
        );
        assert_eq!(
            names(a.auth_infos.iter().map(|u| u.name.as_str()).collect()),
            "u"
        );
        assert_eq!(a.current_context.as_deref(), Some("ctx-a"));
        // A name the kubeconfig lacks keeps nothing (kube then says so).
        let none = only(&kc, "nope");
        assert!(none.contexts.is_empty() && none.clusters.is_empty());
    }

    #[tokio::test]
    async fn errors_are_one_clear_line() {
        let (_d, p) = write(KC);
        let e = resolve(
            Some(&p),
            &Selection {
                contexts: vec!["nope".into()],
                all: false,
            },
        )
        .await
        .err()
        .unwrap();
        assert_eq!(
            e,
            "unknown context \"nope\" (the kubeconfig has: ctx-a, ctx-b)"
        );
        let (_d2, bad) = write("clusters: [ {name: 1, cluster: ");
        let e = resolve(Some(&bad), &Selection::default())
            .await
            .err()
            .unwrap();
        // The summary with its place first, then the parser's snippet on
        // lines of its own.
        let first = e.lines().next().unwrap();
        assert!(
            first.starts_with(&format!(
                "cannot parse kubeconfig {}: line 1 column",
                bad.display()
            )),
            "{e}"
        );
        assert!(e.lines().count() > 1, "the snippet follows: {e}");
        assert!(e.lines().skip(1).any(|l| l.contains(" | ")), "{e}");
        let e = resolve(
            Some(Path::new("/nonexistent/kubeconfig")),
            &Selection::default(),
        )
        .await
        .err()
        .unwrap();
        // The path once, unquoted; the system's reason.
        assert_eq!(
            e,
            "cannot read kubeconfig /nonexistent/kubeconfig: No such file or directory (os error 2)"
        );
    }

    #[tokio::test]
    async fn a_truncated_utf16_file_is_refused_not_a_panic() {
        // Found by the `kubeconfig` fuzz target: kube-client indexed past
        // the end of a UTF-16 file with an odd number of bytes.
        for bytes in [
            &[0xFF, 0xFE, 0xFF, 0xFF, 0xFF, b'a', b'#'][..],
            &[0xFE, 0xFF, b'a'],
        ] {
            let d = tempfile::tempdir().unwrap();
            let p = d.path().join("config");
            std::fs::write(&p, bytes).unwrap();
            let e = resolve(Some(&p), &Selection::default())
                .await
                .err()
                .unwrap();
            assert!(
                e.ends_with("invalid UTF-16 (an odd number of bytes)"),
                "{e}"
            );
        }
        // An even UTF-16 file is kube's to read.
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("config");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(KC.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        std::fs::write(&p, utf16).unwrap();
        let ok = resolve(Some(&p), &Selection::default()).await.unwrap();
        assert_eq!(ok[0].name, "ctx-b");
    }

    #[tokio::test]
    async fn context_names_are_printed_on_one_line_and_visibly() {
        // Found by the property tests: the names listed in an error came
        // out as they are, line breaks and bidi overrides included.
        let (_d, p) = write(
            "contexts:\n- name: \"a\\nb\"\n  context: {cluster: c, user: u}\n- name: \"evil\\u202etxt\\u200b\\e]0;t\\a\"\n  context: {cluster: c, user: u}\n",
        );
        let e = resolve(Some(&p), &Selection::default())
            .await
            .err()
            .unwrap();
        assert_eq!(
            e,
            "no current-context is set; choose one with --context (the kubeconfig has: a b, evil\\u{202e}txt\\u{200b}\\u{1b}]0;t\\u{7})"
        );
    }
}
