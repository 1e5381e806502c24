//! The validation a real API server does on write, for the mistakes clients
//! actually make: bad names, pods without containers, negative replicas,
//! selectors that do not match their template.

use serde_json::Value;

use super::registry::ResourceDef;
use super::selector::LabelSelector;
use super::status::ApiError;

/// RFC 1123 subdomain: lower-case alphanumerics, '-' and '.', at most 253,
/// starting and ending alphanumeric.
pub fn is_dns_subdomain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && s.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
}

pub fn check(def: &ResourceDef, obj: &Value) -> Result<(), ApiError> {
    let name = obj["metadata"]["name"].as_str().unwrap_or("");
    let invalid = |field: &str, detail: String| {
        Err(ApiError::invalid(def.group, def.kind, name, field, &detail))
    };
    if !is_dns_subdomain(name) {
        return invalid(
            "metadata.name",
            format!(
                "Invalid value: {name:?}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
            ),
        );
    }
    let spec = &obj["spec"];
    match def.plural {
        "pods" => check_pod_spec(spec, "spec")
            .map_err(|(f, d)| ApiError::invalid(def.group, def.kind, name, &f, &d)),
        "deployments" | "replicasets" | "statefulsets" | "daemonsets" => {
            if let Some(r) = spec.get("replicas").filter(|r| !r.is_null()) {
                match r.as_i64() {
                    Some(n) if n >= 0 => {}
                    _ => {
                        return invalid(
                            "spec.replicas",
                            format!("Invalid value: {r}: must be greater than or equal to 0"),
                        );
                    }
                }
            }
            let selector = LabelSelector::from_json(&spec["selector"])
                .map_err(|e| ApiError::invalid(def.group, def.kind, name, "spec.selector", &e))?;
            if selector.is_empty() {
                return invalid("spec.selector", "Required value".into());
            }
            if !selector.matches(spec["template"]["metadata"]["labels"].as_object()) {
                return invalid(
                    "spec.template.metadata.labels",
                    format!(
                        "Invalid value: {}: `selector` does not match template `labels`",
                        spec["template"]["metadata"]["labels"]
                    ),
                );
            }
            check_pod_spec(&spec["template"]["spec"], "spec.template.spec")
                .map_err(|(f, d)| ApiError::invalid(def.group, def.kind, name, &f, &d))
        }
        _ => Ok(()),
    }
}

fn check_pod_spec(spec: &Value, at: &str) -> Result<(), (String, String)> {
    let containers = spec["containers"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    if containers.is_empty() {
        return Err((format!("{at}.containers"), "Required value".into()));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, c) in containers.iter().enumerate() {
        let cname = c["name"].as_str().unwrap_or("");
        if cname.is_empty() {
            return Err((
                format!("{at}.containers[{i}].name"),
                "Required value".into(),
            ));
        }
        if !seen.insert(cname) {
            return Err((
                format!("{at}.containers[{i}].name"),
                format!("Duplicate value: {cname:?}"),
            ));
        }
        if c["image"].as_str().is_none_or(str::is_empty) {
            return Err((
                format!("{at}.containers[{i}].image"),
                "Required value".into(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry;
    use serde_json::json;

    #[test]
    fn names_follow_rfc1123() {
        assert!(is_dns_subdomain("web-1.a"));
        assert!(!is_dns_subdomain("Web"));
        assert!(!is_dns_subdomain("-web"));
        assert!(!is_dns_subdomain(""));
    }

    #[test]
    fn deployment_checks() {
        let d = registry::find("apps", "v1", "deployments").unwrap();
        let ok = json!({"metadata": {"name": "web"}, "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "a", "image": "x"}]}}}});
        assert!(check(d, &ok).is_ok());
        let mut neg = ok.clone();
        neg["spec"]["replicas"] = json!(-1);
        assert_eq!(check(d, &neg).unwrap_err().code, 422);
        let mut mismatch = ok.clone();
        mismatch["spec"]["template"]["metadata"]["labels"]["app"] = json!("api");
        let e = check(d, &mismatch).unwrap_err();
        assert!(
            e.message.contains("does not match template"),
            "{}",
            e.message
        );
        let mut nocont = ok.clone();
        nocont["spec"]["template"]["spec"]["containers"] = json!([]);
        assert!(
            check(d, &nocont)
                .unwrap_err()
                .message
                .contains("containers: Required value")
        );
    }
}
