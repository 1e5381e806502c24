//! The layering rules of docs/architecture.md, checked on the source: the
//! arrows of imports point one way (runtime → ui → app → kube, and every
//! layer → config), and the app reads no clock.

use std::path::{Path, PathBuf};

/// Each layer (a folder of `src/`) and the layers it must not import.
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("kube", &["app", "ui", "runtime", "config", "cli"]),
    ("config", &["app", "ui", "runtime", "kube", "cli"]),
    ("app", &["ui", "runtime", "cli"]),
    ("ui", &["runtime", "cli"]),
];

/// The shipped code of a file: what comes before its test module (tests
/// sit at the end of a file, or in files of their own).
fn shipped(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name == "tests.rs"
        || name.starts_with("tests_")
        || path.components().any(|c| c.as_os_str() == "tests")
    {
        return String::new();
    }
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn files_of(layer: &str) -> Vec<PathBuf> {
    let mut v = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src")
            .join(layer),
        &mut v,
    );
    assert!(!v.is_empty(), "no sources found for {layer}");
    v
}

/// The forbidden imports in `code`, a file of `layer`.
fn upward_imports(layer: &str, code: &str) -> Vec<&'static str> {
    FORBIDDEN
        .iter()
        .filter(|(l, _)| *l == layer)
        .flat_map(|(_, forbidden)| forbidden.iter().copied())
        .filter(|other| {
            code.contains(&format!("crate::{other}::"))
                || code.contains(&format!("crate::{{{other}"))
        })
        .collect()
}

#[test]
fn imports_point_down() {
    let mut broken = Vec::new();
    for (layer, _) in FORBIDDEN {
        for file in files_of(layer) {
            for other in upward_imports(layer, &shipped(&file)) {
                broken.push(format!("{} imports {other}", file.display()));
            }
        }
    }
    assert!(broken.is_empty(), "upward imports:\n{}", broken.join("\n"));
}

#[test]
fn an_upward_import_is_caught() {
    assert_eq!(
        upward_imports("kube", "use crate::app::state::State;"),
        ["app"]
    );
    assert_eq!(
        upward_imports("ui", "use crate::{runtime, app};"),
        ["runtime"]
    );
    assert!(upward_imports("ui", "use crate::app::state::State;").is_empty());
}

#[test]
fn the_app_reads_no_clock() {
    let mut broken = Vec::new();
    for file in files_of("app") {
        let code = shipped(&file);
        for clock in ["Utc::now", "Local::now", "SystemTime::now", "Instant::now"] {
            if code.contains(clock) {
                broken.push(format!("{} calls {clock}", file.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "time must arrive as a message:\n{}",
        broken.join("\n")
    );
}
