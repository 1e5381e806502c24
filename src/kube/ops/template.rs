//! A revision's pod template as `kubectl rollout history --revision=N`
//! prints it, and a unified diff of two templates (`pod-template-hash`
//! ignored) to see what a rollback changes.

use serde_json::Value;
use similar::TextDiff;

use super::history::{Revision, without_hash};

/// `k=v` lines of a JSON object, or `<none>`.
fn pairs(v: &Value, sep: &str) -> Vec<String> {
    let items: Vec<String> = v
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}{sep}{}", v.as_str().unwrap_or(&v.to_string())))
                .collect()
        })
        .unwrap_or_default();
    if items.is_empty() {
        vec!["<none>".into()]
    } else {
        items
    }
}

fn block(out: &mut String, indent: &str, key: &str, lines: &[String]) {
    let pad = " ".repeat(indent.len() + key.len() + 2);
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("{indent}{key}:  {l}\n"));
        } else {
            out.push_str(&format!("{pad}{l}\n"));
        }
    }
}

/// The pod template of `rev` of `what` (`deployment.apps/web`).
pub fn describe(what: &str, rev: &Revision) -> String {
    let t = &rev.template;
    let mut out = format!("{what} with revision #{}\n", rev.number);
    out.push_str("Pod Template:\n");
    block(
        &mut out,
        "  ",
        "Labels",
        &pairs(&t["metadata"]["labels"], "="),
    );
    let mut ann = t["metadata"]["annotations"].clone();
    if let Some(cause) = &rev.change_cause {
        if !ann.is_object() {
            ann = Value::Object(Default::default());
        }
        ann["kubernetes.io/change-cause"] = Value::String(cause.clone());
    }
    block(&mut out, "  ", "Annotations", &pairs(&ann, ": "));
    for (title, key) in [
        ("Init Containers", "initContainers"),
        ("Containers", "containers"),
    ] {
        let Some(cs) = t["spec"][key].as_array() else {
            continue;
        };
        out.push_str(&format!("  {title}:\n"));
        for c in cs {
            out.push_str(&format!("   {}:\n", c["name"].as_str().unwrap_or("")));
            out.push_str(&format!(
                "    Image:  {}\n",
                c["image"].as_str().unwrap_or("")
            ));
            let ports: Vec<String> = c["ports"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .map(|p| {
                            format!(
                                "{}/{}",
                                p["containerPort"],
                                p["protocol"].as_str().unwrap_or("TCP")
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "    Port:   {}\n",
                if ports.is_empty() {
                    "<none>".to_string()
                } else {
                    ports.join(", ")
                }
            ));
            for (k, field) in [("Requests", "requests"), ("Limits", "limits")] {
                let r = &c["resources"][field];
                if r.as_object().is_some_and(|m| !m.is_empty()) {
                    block(&mut out, "    ", k, &pairs(r, ": "));
                }
            }
            let env: Vec<String> = c["env"]
                .as_array()
                .map(|es| {
                    es.iter()
                        .map(|e| {
                            let v = e["value"]
                                .as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| "<set from a reference>".into());
                            format!("{}: {v}", e["name"].as_str().unwrap_or(""))
                        })
                        .collect()
                })
                .unwrap_or_default();
            block(
                &mut out,
                "    ",
                "Environment",
                &if env.is_empty() {
                    vec!["<none>".into()]
                } else {
                    env
                },
            );
        }
    }
    block(
        &mut out,
        "  ",
        "Node-Selectors",
        &pairs(&t["spec"]["nodeSelector"], "="),
    );
    out
}

/// A unified diff (3 lines of context) from template `from` to `to`, as
/// YAML; empty when they are the same.
pub fn diff(from_label: &str, from: &Value, to_label: &str, to: &Value) -> String {
    let yaml = |v: &Value| serde_saphyr::to_string(&without_hash(v)).unwrap_or_default();
    let (a, b) = (yaml(from), yaml(to));
    if a == b {
        return String::new();
    }
    TextDiff::from_lines(&a, &b)
        .unified_diff()
        .context_radius(3)
        .header(from_label, to_label)
        .to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn rev(image: &str) -> Revision {
        Revision {
            number: 2,
            source: "web-abc".into(),
            template: json!({"metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "app", "image": image,
                    "resources": {"requests": {"cpu": "100m"}}}]}}),
            annotations: Default::default(),
            change_cause: Some("image to web:2".into()),
            created: None,
            replicas: Some(3),
            data: None,
        }
    }

    #[test]
    fn a_revision_prints_like_kubectl_rollout_history() {
        let text = describe("deployment.apps/web", &rev("web:2"));
        assert!(text.starts_with("deployment.apps/web with revision #2\nPod Template:\n"));
        assert!(text.contains("  Labels:  app=web\n"), "{text}");
        assert!(
            text.contains("  Annotations:  kubernetes.io/change-cause: image to web:2\n"),
            "{text}"
        );
        assert!(text.contains("   app:\n    Image:  web:2\n"), "{text}");
        assert!(text.contains("    Requests:  cpu: 100m\n"), "{text}");
    }

    #[test]
    fn the_diff_shows_the_image_change_and_ignores_the_hash() {
        let mut a = rev("web:1").template;
        a["metadata"]["labels"]["pod-template-hash"] = json!("111");
        let b = rev("web:2").template;
        let d = diff("revision 1", &a, "current", &b);
        assert!(d.starts_with("--- revision 1\n+++ current\n"), "{d}");
        assert!(d.contains("\n-  - image: web:1\n"), "{d}");
        assert!(d.contains("\n+  - image: web:2\n"), "{d}");
        assert!(!d.contains("pod-template-hash"), "{d}");
        assert_eq!(diff("a", &b, "b", &b), "");
    }
}
