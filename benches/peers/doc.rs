//! The figures written into docs/performance.md, between markers per size
//! (the rest of the page, the method, is written by hand).

use std::path::Path;

/// Put `report` between `<!-- peers LABEL -->` and `<!-- /peers LABEL -->`
/// (a new section at the end when the markers are not there yet).
pub fn write(doc: &Path, label: &str, report: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(doc).unwrap_or_default();
    let (open, close) = (
        format!("<!-- peers {label} -->"),
        format!("<!-- /peers {label} -->"),
    );
    let block = format!("{open}\n{}\n{close}", report.trim_end());
    let new = match (text.find(&open), text.find(&close)) {
        (Some(a), Some(b)) if a < b => {
            format!("{}{block}{}", &text[..a], &text[b + close.len()..])
        }
        _ => format!("{}\n### {label}\n\n{block}\n", text.trim_end()),
    };
    std::fs::write(doc, new)
}
