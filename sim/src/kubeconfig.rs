//! The kubeconfig a running sim writes: per cluster C, context `C` (user
//! `C-admin`) and `C-viewer` (read-only user), bearer tokens, the CA.

use base64::Engine;

pub struct Entry {
    pub cluster: String,
    pub server: String,
    /// (user name, token, context namespace), admin first.
    pub users: Vec<(String, String, String)>,
}

/// YAML text of the kubeconfig. `ca_pem` None means plain HTTP.
pub fn render(entries: &[Entry], ca_pem: Option<&str>, current: &str) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = String::from("apiVersion: v1\nkind: Config\nclusters:\n");
    for e in entries {
        out += &format!(
            "- name: {}\n  cluster:\n    server: {}\n",
            q(&e.cluster),
            q(&e.server)
        );
        if let Some(pem) = ca_pem {
            let b64 = base64::engine::general_purpose::STANDARD.encode(pem);
            out += &format!("    certificate-authority-data: {b64}\n");
        }
    }
    out += "contexts:\n";
    for e in entries {
        for (user, _, ns) in &e.users {
            let ctx = context_name(&e.cluster, user);
            out += &format!(
                "- name: {}\n  context:\n    cluster: {}\n    user: {}\n    namespace: {}\n",
                q(&ctx),
                q(&e.cluster),
                q(user),
                q(ns)
            );
        }
    }
    out += "users:\n";
    for e in entries {
        for (user, token, _) in &e.users {
            out += &format!("- name: {}\n  user:\n    token: {}\n", q(user), q(token));
        }
    }
    out += &format!("current-context: {}\npreferences: {{}}\n", q(current));
    out
}

/// `C` for `C-admin`, `C-viewer` for `C-viewer`, `C-<role>` otherwise.
pub fn context_name(cluster: &str, user: &str) -> String {
    if user == format!("{cluster}-admin") {
        cluster.to_string()
    } else {
        user.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_contexts_for_each_user() {
        let e = Entry {
            cluster: "prod-eu".into(),
            server: "https://127.0.0.1:1234".into(),
            users: vec![
                ("prod-eu-admin".into(), "t1".into(), "default".into()),
                ("prod-eu-viewer".into(), "t2".into(), "default".into()),
            ],
        };
        let y = render(&[e], Some("PEM"), "prod-eu");
        assert!(y.contains(
            "- name: \"prod-eu\"\n  context:\n    cluster: \"prod-eu\"\n    user: \"prod-eu-admin\""
        ));
        assert!(y.contains("- name: \"prod-eu-viewer\"\n  context:"));
        assert!(y.contains("certificate-authority-data: UEVN"));
        assert!(y.contains("current-context: \"prod-eu\""));
    }
}
