//! CustomResourceDefinitions: what an established CRD serves (one
//! [`ResourceDef`] per served version, interned for the life of the
//! process), the CRD's defaults and status as the apiextensions server sets
//! them, and the checks it makes of a CRD on write.
//!
//! Custom resources are stored under the CRD's name (`plural.group`), so
//! they never collide with a built-in resource's storage.

pub mod conversion;
pub mod jsonpath;
pub mod schema;
pub mod table;

use parking_lot::Mutex;
use serde_json::{Value, json};

use crate::registry::{RW, ResourceDef, SCALE_ONLY, SCALE_STATUS, STATUS_ONLY};
use crate::status::{ApiError, FieldError};

pub const STORAGE: &str = "customresourcedefinitions";
pub const GROUP: &str = "apiextensions.k8s.io";

// Definitions are interned: serving a CRD again (deleted, then created once
// more) reuses the same definition, so memory is bounded by the distinct
// CRDs ever served, not by how often they come and go.
static STRINGS: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
static LISTS: Mutex<Vec<&'static [&'static str]>> = Mutex::new(Vec::new());
static DEFS: Mutex<Vec<&'static ResourceDef>> = Mutex::new(Vec::new());

fn intern(s: &str) -> &'static str {
    let mut all = STRINGS.lock();
    if let Some(x) = all.iter().find(|x| **x == s) {
        return x;
    }
    let x: &'static str = Box::leak(s.to_string().into_boxed_str());
    all.push(x);
    x
}

fn intern_list(v: &Value) -> &'static [&'static str] {
    let items: Vec<&'static str> = v
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(intern)
        .collect();
    if items.is_empty() {
        return &[];
    }
    let mut all = LISTS.lock();
    if let Some(x) = all.iter().find(|x| **x == items.as_slice()) {
        return x;
    }
    let x: &'static [&'static str] = Box::leak(items.into_boxed_slice());
    all.push(x);
    x
}

fn intern_def(def: ResourceDef) -> &'static ResourceDef {
    let mut all = DEFS.lock();
    if let Some(x) = all.iter().find(|x| ***x == def) {
        return x;
    }
    let x: &'static ResourceDef = Box::leak(Box::new(def));
    all.push(x);
    x
}

/// The served versions of a CRD, in its order.
pub fn served_versions(crd: &Value) -> impl Iterator<Item = &Value> {
    crd["spec"]["versions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| v["served"] == true)
}

/// The version objects are stored in.
pub fn storage_version(crd: &Value) -> Option<&str> {
    crd["spec"]["versions"]
        .as_array()?
        .iter()
        .find(|v| v["storage"] == true)?["name"]
        .as_str()
}

/// The version entry `name` of a CRD.
pub fn version<'a>(crd: &'a Value, name: &str) -> Option<&'a Value> {
    crd["spec"]["versions"]
        .as_array()?
        .iter()
        .find(|v| v["name"] == name)
}

/// Whether the CRD's `Established` condition is true.
pub fn established(crd: &Value) -> bool {
    crd["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["type"] == "Established" && c["status"] == "True")
        && crd["metadata"]["deletionTimestamp"].is_null()
}

/// The resources an established CRD serves, the storage version first.
pub fn defs_of(crd: &Value) -> Vec<&'static ResourceDef> {
    if !established(crd) {
        return Vec::new();
    }
    let spec = &crd["spec"];
    let names = &crd["status"]["acceptedNames"];
    let (Some(group), Some(plural), Some(kind)) = (
        spec["group"].as_str(),
        names["plural"].as_str(),
        names["kind"].as_str(),
    ) else {
        return Vec::new();
    };
    let storage = intern(crate::meta::name(crd));
    let stored = storage_version(crd).unwrap_or("");
    let mut defs: Vec<&'static ResourceDef> = served_versions(crd)
        .filter_map(|v| {
            let name = v["name"].as_str()?;
            let subs = &v["subresources"];
            let subresources = match (subs["scale"].is_object(), subs["status"].is_object()) {
                (true, true) => SCALE_STATUS,
                (true, false) => SCALE_ONLY,
                (false, true) => STATUS_ONLY,
                (false, false) => &[],
            };
            Some(intern_def(ResourceDef {
                group: intern(group),
                version: intern(name),
                plural: intern(plural),
                singular: intern(names["singular"].as_str().unwrap_or("")),
                kind: intern(kind),
                namespaced: spec["scope"] == "Namespaced",
                verbs: RW,
                short_names: intern_list(&names["shortNames"]),
                categories: intern_list(&names["categories"]),
                subresources,
                storage,
                virtual_only: false,
                custom: true,
            }))
        })
        .collect();
    defs.sort_by_key(|d| d.version != stored);
    defs
}

/// The versions of a group's CRDs, highest priority first (as the real
/// server orders them: GA before beta before alpha, higher numbers first).
pub fn sort_versions(versions: &mut Vec<&'static str>) {
    versions.sort_by_key(|v| std::cmp::Reverse(version_priority(v)));
    versions.dedup();
}

/// Kubernetes' version ordering as a sortable key (higher is preferred).
fn version_priority(v: &str) -> (u8, u64, u64, std::cmp::Reverse<String>) {
    let other = (0, 0, 0, std::cmp::Reverse(v.to_string()));
    let Some(rest) = v.strip_prefix('v') else {
        return other;
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let Ok(major) = digits.parse::<u64>() else {
        return other;
    };
    let tail = &rest[digits.len()..];
    let stage = |prefix: &str, rank: u8| {
        tail.strip_prefix(prefix)
            .and_then(|n| n.parse::<u64>().ok())
            .map(|n| (rank, major, n, std::cmp::Reverse(String::new())))
    };
    if tail.is_empty() {
        return (3, major, 0, std::cmp::Reverse(String::new()));
    }
    stage("beta", 2)
        .or_else(|| stage("alpha", 1))
        .unwrap_or(other)
}

/// Fill in what the API server defaults in a CRD (singular, listKind,
/// conversion) and set its status as the naming and establishing
/// controllers do: names accepted, established, stored versions. Times of
/// conditions already true are kept.
pub fn establish(crd: &mut Value, now: &str) {
    let names = &mut crd["spec"]["names"];
    if names.is_object() {
        let kind = names["kind"].as_str().unwrap_or("").to_string();
        if names["singular"].as_str().is_none_or(str::is_empty) {
            names["singular"] = json!(kind.to_lowercase());
        }
        if names["listKind"].as_str().is_none_or(str::is_empty) {
            names["listKind"] = json!(format!("{kind}List"));
        }
    }
    if crd["spec"]["conversion"].is_null() {
        crd["spec"]["conversion"] = json!({"strategy": "None"});
    }
    let since = |t: &str| -> String {
        crd["status"]["conditions"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["type"] == t && c["status"] == "True")
            .and_then(|c| c["lastTransitionTime"].as_str())
            .unwrap_or(now)
            .to_string()
    };
    let (accepted_at, established_at) = (since("NamesAccepted"), since("Established"));
    let mut stored: Vec<Value> = crd["status"]["storedVersions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if let Some(v) = storage_version(crd)
        && !stored.iter().any(|s| s == v)
    {
        stored.push(json!(v));
    }
    let mut accepted = crd["spec"]["names"].clone();
    if let Some(a) = accepted.as_object_mut() {
        a.retain(|_, v| !v.is_null());
    }
    let mut conditions = vec![
        json!({"type": "NamesAccepted", "status": "True", "lastTransitionTime": accepted_at,
         "reason": "NoConflicts", "message": "no conflicts found"}),
        json!({"type": "Established", "status": "True", "lastTransitionTime": established_at,
         "reason": "InitialNamesAccepted", "message": "the initial names have been accepted"}),
    ];
    // Being deleted: the finalizer deletes its custom resources.
    if !crd["metadata"]["deletionTimestamp"].is_null() {
        conditions.push(json!({"type": "Terminating", "status": "True",
            "lastTransitionTime": now, "reason": "InstanceDeletionInProgress",
            "message": "CustomResource deletion is in progress"}));
    }
    crd["status"] = json!({
        "acceptedNames": accepted,
        "conditions": conditions,
        "storedVersions": stored,
    });
}

fn field_err(reason: &'static str, field: &str, body: String) -> FieldError {
    FieldError {
        reason,
        field: field.to_string(),
        body,
    }
}

fn required(field: &str) -> FieldError {
    field_err("FieldValueRequired", field, "Required value".into())
}

/// The checks the apiextensions server makes of a CRD on write, with its
/// messages (the ones clients meet; not the whole of its validation).
pub fn check_crd(crd: &Value) -> Result<(), ApiError> {
    let name = crate::meta::name(crd);
    let spec = &crd["spec"];
    let mut errs = Vec::new();
    let group = spec["group"].as_str().unwrap_or("");
    let plural = spec["names"]["plural"].as_str().unwrap_or("");
    if group.is_empty() {
        errs.push(required("spec.group"));
    } else if !group.contains('.') {
        errs.push(field_err(
            "FieldValueInvalid",
            "spec.group",
            format!(
                "Invalid value: {}: should be a domain with at least one dot",
                crate::status::go_quote(group)
            ),
        ));
    }
    if name != format!("{plural}.{group}") {
        errs.push(field_err(
            "FieldValueInvalid",
            "metadata.name",
            format!(
                "Invalid value: {}: must be spec.names.plural+\".\"+spec.group",
                crate::status::go_quote(name)
            ),
        ));
    }
    if plural.is_empty() {
        errs.push(required("spec.names.plural"));
    } else if plural != plural.to_lowercase() {
        errs.push(field_err(
            "FieldValueInvalid",
            "spec.names.plural",
            format!(
                "Invalid value: {}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                crate::status::go_quote(plural)
            ),
        ));
    }
    if spec["names"]["kind"].as_str().is_none_or(str::is_empty) {
        errs.push(required("spec.names.kind"));
    }
    match spec["scope"].as_str() {
        Some("Cluster" | "Namespaced") => {}
        None | Some("") => errs.push(required("spec.scope")),
        Some(other) => errs.push(field_err(
            "FieldValueNotSupported",
            "spec.scope",
            format!(
                "Unsupported value: {}: supported values: \"Cluster\", \"Namespaced\"",
                crate::status::go_quote(other)
            ),
        )),
    }
    let versions = spec["versions"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    if versions.is_empty() {
        errs.push(required("spec.versions"));
    } else {
        let storage = versions.iter().filter(|v| v["storage"] == true).count();
        if storage != 1 {
            errs.push(field_err(
                "FieldValueInvalid",
                "spec.versions",
                format!(
                    "Invalid value: {}: must have exactly one version marked as storage version",
                    serde_json::to_string(versions).unwrap_or_default()
                ),
            ));
        }
        for (i, v) in versions.iter().enumerate() {
            if v["name"].as_str().is_none_or(str::is_empty) {
                errs.push(required(&format!("spec.versions[{i}].name")));
            }
            if !v["schema"]["openAPIV3Schema"].is_object() {
                errs.push(field_err(
                    "FieldValueRequired",
                    &format!("spec.versions[{i}].schema.openAPIV3Schema"),
                    "Required value: schemas are required".into(),
                ));
            }
            for (j, col) in v["additionalPrinterColumns"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                check_column(
                    col,
                    &format!("spec.versions[{i}].additionalPrinterColumns[{j}]"),
                    &mut errs,
                );
            }
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid_fields(
            GROUP,
            "CustomResourceDefinition",
            name,
            &errs,
        ))
    }
}

/// The types a printer column may have, as the server lists them.
const COLUMN_TYPES: [&str; 5] = ["boolean", "date", "integer", "number", "string"];
/// The formats a printer column may have.
const COLUMN_FORMATS: [&str; 8] = [
    "byte",
    "date",
    "date-time",
    "double",
    "float",
    "int32",
    "int64",
    "password",
];

/// The apiextensions server's checks of one printer column: a name, a
/// known type and format, and a JSONPath that starts with `.` (a path that
/// starts so but does not parse is accepted: the Table then stops before
/// that column, `table::columns_of`).
fn check_column(col: &Value, at: &str, errs: &mut Vec<FieldError>) {
    let text = |k: &str| col[k].as_str().unwrap_or("");
    if text("name").is_empty() {
        errs.push(required(&format!("{at}.name")));
    }
    let one_of = |list: &[&str]| format!("must be one of {}", list.join(","));
    match text("type") {
        "" => errs.push(field_err(
            "FieldValueRequired",
            &format!("{at}.type"),
            format!("Required value: {}", one_of(&COLUMN_TYPES)),
        )),
        t if !COLUMN_TYPES.contains(&t) => errs.push(field_err(
            "FieldValueInvalid",
            &format!("{at}.type"),
            format!(
                "Invalid value: {}: {}",
                crate::status::go_quote(t),
                one_of(&COLUMN_TYPES)
            ),
        )),
        _ => {}
    }
    let format = text("format");
    if !format.is_empty() && !COLUMN_FORMATS.contains(&format) {
        errs.push(field_err(
            "FieldValueInvalid",
            &format!("{at}.format"),
            format!(
                "Invalid value: {}: {}",
                crate::status::go_quote(format),
                one_of(&COLUMN_FORMATS)
            ),
        ));
    }
    match text("jsonPath") {
        "" => errs.push(required(&format!("{at}.JSONPath"))),
        p if !p.starts_with('.') => errs.push(field_err(
            "FieldValueInvalid",
            &format!("{at}.JSONPath"),
            format!(
                "Invalid value: {}: must be a simple json path starting with .",
                crate::status::go_quote(p)
            ),
        )),
        _ => {}
    }
}

/// The scale subresource's paths of a version: (spec replicas, status
/// replicas, label selector).
pub fn scale_paths(crd: &Value, version_name: &str) -> Option<(String, String, String)> {
    let s = &version(crd, version_name)?["subresources"]["scale"];
    Some((
        s["specReplicasPath"].as_str()?.to_string(),
        s["statusReplicasPath"].as_str()?.to_string(),
        s["labelSelectorPath"].as_str().unwrap_or("").to_string(),
    ))
}

#[cfg(test)]
mod tests;
