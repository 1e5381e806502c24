//! Reading kubeconfig like kubectl (`--kubeconfig`, the `KUBECONFIG` list,
//! `~/.kube/config`) and choosing the contexts to open.

use std::path::Path;

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
        let config = kube::Config::from_custom_kubeconfig(kc.clone(), &opts)
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

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "no contexts".into()
    } else {
        v.join(", ")
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
            let first = lines.next().unwrap_or("").trim_start_matches("error: ");
            let place = if path.is_empty() {
                "<kubeconfig>"
            } else {
                path
            };
            let snippet: Vec<String> = lines
                .map(|l| l.replace("<input>", place))
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
    s.replace('\n', " ")
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
}
