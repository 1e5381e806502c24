//! The validation a real API server does on write, for the mistakes clients
//! actually make: bad names, label keys and values, annotations over the
//! size limit, pods without containers, negative replicas, selectors that
//! do not match their template. Every error found is reported at once, with
//! the real server's messages (apimachinery's `validation` and `field`
//! packages).

use serde_json::{Map, Value};

use super::registry::ResourceDef;
use super::selector::LabelSelector;
use super::status::{ApiError, FieldError, go_quote};

/// The most bytes all the annotations of an object may take (keys and
/// values), as `TotalAnnotationSizeLimitB`.
pub const ANNOTATIONS_MAX_BYTES: usize = 256 * 1024;

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1035_LABEL_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

/// apimachinery's `RegexError`: the message, examples, and the regex.
fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    let mut s = format!("{msg} (");
    if !examples.is_empty() {
        s.push_str("e.g. ");
        for (i, e) in examples.iter().enumerate() {
            if i > 0 {
                s.push_str(" or ");
            }
            s.push_str(&format!("'{e}', "));
        }
    }
    s.push_str(&format!("regex used for validation is '{fmt}')"));
    s
}

fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} characters")
}

/// One RFC 1123 label: lower-case alphanumerics and '-', starting and
/// ending alphanumeric.
fn is_label_chars(s: &str, first_alpha: bool) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && s.bytes().next().is_some_and(|b| {
            if first_alpha {
                b.is_ascii_lowercase()
            } else {
                b.is_ascii_alphanumeric()
            }
        })
        && s.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
}

/// RFC 1123 subdomain: dot-separated RFC 1123 labels, at most 253
/// characters.
pub fn is_dns_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(|l| is_label_chars(l, false))
}

/// `IsDNS1123Subdomain`'s messages (none when valid).
pub fn dns_subdomain_errors(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !s.split('.').all(|l| is_label_chars(l, false)) {
        errs.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

/// `IsDNS1123Label`'s messages (namespace names).
fn dns_label_errors(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !is_label_chars(s, false) {
        errs.push(regex_error(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            DNS1123_LABEL_FMT,
            &["my-name", "123-abc"],
        ));
    }
    errs
}

/// `IsDNS1035Label`'s messages (service names).
fn dns1035_label_errors(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !is_label_chars(s, true) {
        errs.push(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            DNS1035_LABEL_FMT,
            &["my-name", "abc-123"],
        ));
    }
    errs
}

/// `[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]`, or empty when `allow_empty`.
fn is_qualified_chars(s: &str, allow_empty: bool) -> bool {
    if s.is_empty() {
        return allow_empty;
    }
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && s.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
}

/// `IsQualifiedName`'s messages (label and annotation keys): an optional
/// DNS subdomain prefix and '/', then a name of at most 63 characters.
fn qualified_name_errors(key: &str) -> Vec<String> {
    const MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    let examples = ["MyName", "my.name", "123-abc"];
    let parts: Vec<&str> = key.split('/').collect();
    let mut errs = Vec::new();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                errs.extend(
                    dns_subdomain_errors(prefix)
                        .into_iter()
                        .map(|m| format!("prefix part {m}")),
                );
            }
            *name
        }
        _ => {
            return vec![format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(MSG, QUALIFIED_NAME_FMT, &examples)
            )];
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len_error(63)));
    }
    if !is_qualified_chars(name, false) {
        errs.push(format!(
            "name part {}",
            regex_error(MSG, QUALIFIED_NAME_FMT, &examples)
        ));
    }
    errs
}

/// `IsValidLabelValue`'s messages: at most 63 characters of
/// `[A-Za-z0-9._-]`, starting and ending alphanumeric, or empty.
pub fn label_value_errors(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !is_qualified_chars(v, true) {
        errs.push(regex_error(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

fn invalid(field: &str, value: &str, detail: &str) -> FieldError {
    FieldError {
        reason: "FieldValueInvalid",
        field: field.to_string(),
        body: format!("Invalid value: {}: {detail}", go_quote(value)),
    }
}

fn required(field: &str, detail: &str) -> FieldError {
    FieldError {
        reason: "FieldValueRequired",
        field: field.to_string(),
        body: if detail.is_empty() {
            "Required value".into()
        } else {
            format!("Required value: {detail}")
        },
    }
}

/// `ValidateLabels`: every key a qualified name, every value a label value.
fn check_labels(labels: Option<&Map<String, Value>>, field: &str, errs: &mut Vec<FieldError>) {
    for (k, v) in labels.into_iter().flatten() {
        for m in qualified_name_errors(k) {
            errs.push(invalid(field, k, &m));
        }
        let v = v.as_str().unwrap_or("");
        for m in label_value_errors(v) {
            errs.push(invalid(field, v, &m));
        }
    }
}

/// `ValidateAnnotations`: keys are qualified names (in any case), and all
/// keys and values together take at most 256 KiB.
fn check_annotations(annotations: Option<&Map<String, Value>>, errs: &mut Vec<FieldError>) {
    let field = "metadata.annotations";
    let mut total = 0;
    for (k, v) in annotations.into_iter().flatten() {
        for m in qualified_name_errors(&k.to_lowercase()) {
            errs.push(invalid(field, k, &m));
        }
        total += k.len() + v.as_str().map_or(0, str::len);
    }
    if total > ANNOTATIONS_MAX_BYTES {
        errs.push(FieldError {
            reason: "FieldValueTooLong",
            field: field.to_string(),
            body: format!("Too long: may not be more than {ANNOTATIONS_MAX_BYTES} bytes"),
        });
    }
}

/// `ValidateObjectMeta`: the name (a DNS subdomain; a DNS label for
/// namespaces, a DNS-1035 label for services), labels and annotations.
/// `ValidatePathSegmentName`: any name that can be a URL path segment.
fn path_segment_errors(name: &str) -> Vec<String> {
    if name == "." || name == ".." {
        return vec![format!("may not be '{name}'")];
    }
    ["/", "%"]
        .iter()
        .filter(|c| name.contains(**c))
        .map(|c| format!("may not contain '{c}'"))
        .collect()
}

fn check_meta(def: &ResourceDef, obj: &Value, errs: &mut Vec<FieldError>) {
    let meta = &obj["metadata"];
    let name = meta["name"].as_str().unwrap_or("");
    if name.is_empty() {
        errs.push(required(
            "metadata.name",
            "name or generateName is required",
        ));
    } else {
        let msgs = match def.plural {
            "namespaces" => dns_label_errors(name),
            "services" => dns1035_label_errors(name),
            // RBAC objects only need a valid path segment (`system:node`).
            _ if def.group == "rbac.authorization.k8s.io" => path_segment_errors(name),
            _ => dns_subdomain_errors(name),
        };
        for m in msgs {
            errs.push(invalid("metadata.name", name, &m));
        }
    }
    check_labels(meta["labels"].as_object(), "metadata.labels", errs);
    check_annotations(meta["annotations"].as_object(), errs);
}

pub fn check(def: &ResourceDef, obj: &Value) -> Result<(), ApiError> {
    let name = obj["metadata"]["name"].as_str().unwrap_or("");
    let mut errs = Vec::new();
    check_meta(def, obj, &mut errs);
    let spec = &obj["spec"];
    match def.plural {
        "pods" => check_pod_spec(spec, "spec", &mut errs),
        "deployments" | "replicasets" | "statefulsets" | "daemonsets" => {
            check_workload(spec, &mut errs)
        }
        _ => {}
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid_fields(def.group, def.kind, name, &errs))
    }
}

fn check_workload(spec: &Value, errs: &mut Vec<FieldError>) {
    if let Some(r) = spec.get("replicas").filter(|r| !r.is_null()) {
        match r.as_i64() {
            Some(n) if n >= 0 => {}
            _ => errs.push(FieldError {
                reason: "FieldValueInvalid",
                field: "spec.replicas".into(),
                body: format!("Invalid value: {r}: must be greater than or equal to 0"),
            }),
        }
    }
    let template_labels = spec["template"]["metadata"]["labels"].as_object();
    check_labels(template_labels, "spec.template.metadata.labels", errs);
    match LabelSelector::from_json(&spec["selector"]) {
        Err(e) => errs.push(FieldError {
            reason: "FieldValueInvalid",
            field: "spec.selector".into(),
            body: e,
        }),
        Ok(selector) if selector.is_empty() => errs.push(required("spec.selector", "")),
        Ok(selector) if !selector.matches(template_labels) => errs.push(FieldError {
            reason: "FieldValueInvalid",
            field: "spec.template.metadata.labels".into(),
            body: format!(
                "Invalid value: {}: `selector` does not match template `labels`",
                spec["template"]["metadata"]["labels"]
            ),
        }),
        Ok(_) => {}
    }
    check_pod_spec(&spec["template"]["spec"], "spec.template.spec", errs);
}

fn check_pod_spec(spec: &Value, at: &str, errs: &mut Vec<FieldError>) {
    let containers = spec["containers"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    if containers.is_empty() {
        errs.push(required(&format!("{at}.containers"), ""));
        return;
    }
    let mut seen = std::collections::HashSet::new();
    for (i, c) in containers.iter().enumerate() {
        let cname = c["name"].as_str().unwrap_or("");
        if cname.is_empty() {
            errs.push(required(&format!("{at}.containers[{i}].name"), ""));
        } else if !seen.insert(cname) {
            errs.push(FieldError {
                reason: "FieldValueDuplicate",
                field: format!("{at}.containers[{i}].name"),
                body: format!("Duplicate value: {}", go_quote(cname)),
            });
        }
        if c["image"].as_str().is_none_or(str::is_empty) {
            errs.push(required(&format!("{at}.containers[{i}].image"), ""));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry;
    use serde_json::json;

    #[test]
    fn names_follow_rfc1123() {
        assert!(is_dns_subdomain("web-1.a"));
        assert!(is_dns_subdomain(&"a".repeat(253)));
        assert!(!is_dns_subdomain(&"a".repeat(254)));
        assert!(!is_dns_subdomain("Web"));
        assert!(!is_dns_subdomain("-web"));
        assert!(!is_dns_subdomain("a..b"));
        assert!(!is_dns_subdomain("a.-b"));
        assert!(!is_dns_subdomain(""));
    }

    fn configmap(meta: Value) -> Value {
        json!({"metadata": meta, "data": {"k": "v"}})
    }

    #[test]
    fn an_invalid_name_gets_the_real_message() {
        let d = registry::find("", "v1", "configmaps").unwrap();
        let e = check(d, &configmap(json!({"name": "Bad_Name"}))).unwrap_err();
        assert_eq!(e.code, 422);
        assert_eq!(
            e.message,
            "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        );
        let ns = registry::find("", "v1", "namespaces").unwrap();
        let e = check(ns, &json!({"metadata": {"name": "a.b"}})).unwrap_err();
        assert!(
            e.message
                .contains("a lowercase RFC 1123 label must consist of"),
            "{}",
            e.message
        );
        let svc = registry::find("", "v1", "services").unwrap();
        let e = check(svc, &json!({"metadata": {"name": "1web"}})).unwrap_err();
        assert!(e.message.contains("a DNS-1035 label must"), "{}", e.message);
        let long = "a".repeat(254);
        let e = check(d, &configmap(json!({"name": long}))).unwrap_err();
        assert!(
            e.message.contains("must be no more than 253 characters"),
            "{}",
            e.message
        );
    }

    #[test]
    fn invalid_labels_get_the_real_status() {
        let d = registry::find("", "v1", "configmaps").unwrap();
        let e = check(
            d,
            &configmap(json!({"name": "x", "labels": {"tier": "not ok!"}})),
        )
        .unwrap_err();
        let st = e.to_status();
        assert_eq!(st["reason"], "Invalid");
        assert_eq!(st["code"], 422);
        assert_eq!(
            st["message"],
            "ConfigMap \"x\" is invalid: metadata.labels: Invalid value: \"not ok!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        );
        assert_eq!(st["details"]["causes"][0]["reason"], "FieldValueInvalid");
        assert_eq!(st["details"]["causes"][0]["field"], "metadata.labels");
        assert_eq!(st["details"]["kind"], "ConfigMap");
        // Too long and not matching: both said, in brackets.
        let long = format!("{}!", "v".repeat(63));
        let e = check(d, &configmap(json!({"name": "x", "labels": {"a": long}}))).unwrap_err();
        assert!(
            e.message.contains(": [metadata.labels: Invalid value: "),
            "{}",
            e.message
        );
        assert!(
            e.message
                .contains("must be no more than 63 characters, metadata.labels"),
            "{}",
            e.message
        );
        assert_eq!(
            e.to_status()["details"]["causes"].as_array().unwrap().len(),
            2
        );
        // Keys: a qualified name with an optional DNS subdomain prefix.
        let e = check(
            d,
            &configmap(json!({"name": "x", "labels": {"Example.com/a": "b"}})),
        )
        .unwrap_err();
        assert!(
            e.message
                .contains("prefix part a lowercase RFC 1123 subdomain"),
            "{}",
            e.message
        );
        let e = check(
            d,
            &configmap(json!({"name": "x", "labels": {"a/b/c": "b"}})),
        )
        .unwrap_err();
        assert!(
            e.message.contains("a qualified name must consist of"),
            "{}",
            e.message
        );
        // Hostile text is quoted as Go does, never passed through raw.
        let e = check(
            d,
            &configmap(json!({"name": "x", "labels": {"a": "\u{1b}]0;t\u{7}\u{202e}"}})),
        )
        .unwrap_err();
        assert!(
            e.message.contains("Invalid value: \"\\x1b]0;t\\a\\u202e\""),
            "{}",
            e.message
        );
        // Valid: empty values, prefixes, dots, underscores.
        let ok = configmap(
            json!({"name": "x", "labels": {"app.kubernetes.io/name": "web_1.2-a", "empty": ""}}),
        );
        assert!(check(d, &ok).is_ok());
    }

    #[test]
    fn workload_template_labels_are_checked() {
        let d = registry::find("apps", "v1", "deployments").unwrap();
        let bad = json!({"metadata": {"name": "web"}, "spec": {"selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web", "v": "a b"}}, "spec": {"containers": [{"name": "a", "image": "x"}]}}}});
        let e = check(d, &bad).unwrap_err();
        assert!(
            e.message
                .contains("spec.template.metadata.labels: Invalid value: \"a b\""),
            "{}",
            e.message
        );
    }

    #[test]
    fn annotations_have_a_total_size_limit() {
        let d = registry::find("", "v1", "configmaps").unwrap();
        let key = "big";
        let fits = "x".repeat(ANNOTATIONS_MAX_BYTES - key.len());
        assert!(
            check(
                d,
                &configmap(json!({"name": "x", "annotations": {key: fits}}))
            )
            .is_ok()
        );
        let over = "x".repeat(ANNOTATIONS_MAX_BYTES - key.len() + 1);
        let e = check(
            d,
            &configmap(json!({"name": "x", "annotations": {key: over}})),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "ConfigMap \"x\" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes"
        );
        assert_eq!(
            e.to_status()["details"]["causes"][0]["reason"],
            "FieldValueTooLong"
        );
        // Any text is a valid annotation value; keys are qualified names.
        let hostile =
            configmap(json!({"name": "x", "annotations": {"a": "\u{1b}]52;c;eA==\u{7}\u{202e}"}}));
        assert!(check(d, &hostile).is_ok());
        let e = check(
            d,
            &configmap(json!({"name": "x", "annotations": {"a b": "c"}})),
        )
        .unwrap_err();
        assert!(
            e.message
                .contains("metadata.annotations: Invalid value: \"a b\""),
            "{}",
            e.message
        );
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
