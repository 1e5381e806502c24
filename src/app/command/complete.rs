//! Tab completion of the command line: view names (with a fuzzy fallback),
//! flags, `@cluster` and `-n namespace` lists.

use super::{FLAGS, HELP_WORDS, QUIT_WORDS, edit_distance, first_words};
use crate::app::catalog::Catalog;

/// Completes a comma-separated list value: `value` is what is typed so far
/// (`a,b,c`), of which the part after the last comma is completed from
/// `options`, leaving out `exclude` and the items already in the list.
/// `lead` is everything in the line before `value`.
fn complete_list<'a>(
    lead: &str,
    value: &str,
    options: impl IntoIterator<Item = &'a str>,
    exclude: &[&str],
) -> Vec<String> {
    let (done, partial) = match value.rfind(',') {
        Some(i) => (&value[..=i], &value[i + 1..]),
        None => ("", value),
    };
    let listed: Vec<&str> = done.split(',').map(str::trim).collect();
    let p = partial.to_lowercase();
    let mut prefixed: Vec<&str> = Vec::new();
    let mut containing: Vec<&str> = Vec::new();
    for opt in options {
        if opt.is_empty() || listed.contains(&opt) || (exclude.contains(&opt) && opt != partial) {
            continue;
        }
        let lower = opt.to_lowercase();
        if lower.starts_with(&p) {
            prefixed.push(opt);
        } else if lower.contains(&p) {
            containing.push(opt);
        }
    }
    prefixed.sort_unstable();
    prefixed.dedup();
    containing.sort_unstable();
    containing.dedup();
    prefixed
        .into_iter()
        .chain(containing)
        .map(|o| format!("{lead}{done}{o}"))
        .collect()
}

/// Whether `word` is a subsequence of `cand` (both lower-case).
fn is_subsequence(word: &str, cand: &str) -> bool {
    let mut it = cand.chars();
    word.chars().all(|c| it.any(|x| x == c))
}

/// Candidates for the first word.
fn complete_first(lead: &str, cur: &str, catalog: &Catalog) -> Vec<String> {
    let p = cur.to_lowercase();
    let words = first_words(catalog);
    let mut canonical: Vec<&str> = Vec::new();
    let mut aliases: Vec<&str> = Vec::new();
    for (w, rank) in &words {
        let (w, rank) = (w.as_str(), *rank);
        if w.starts_with(&p) {
            if rank == 0 {
                &mut canonical
            } else {
                &mut aliases
            }
            .push(w);
        }
    }
    canonical.sort_unstable();
    aliases.sort_unstable();
    let mut out: Vec<&str> = canonical;
    if out.is_empty() && aliases.is_empty() && !p.is_empty() {
        // Nothing starts with it: abbreviations (`rq` → resourcequotas),
        // then typos of a prefix (`pdo` → pods).
        let mut fuzzy: Vec<&str> = words
            .iter()
            .filter(|(w, rank)| *rank == 0 && is_subsequence(&p, w))
            .map(|(w, _)| w.as_str())
            .collect();
        fuzzy.sort_unstable();
        if fuzzy.is_empty() {
            // Compare with the start of each word, as long as what's typed.
            let len = p.chars().count();
            let max = if len <= 3 { 1 } else { 2 };
            // Each word's distance, credited to its canonical name (the
            // canonical names come first in `words`, and a resource's
            // aliases follow its own canonical ones in kdeck's list).
            let mut typos: Vec<(usize, &str)> = Vec::new();
            for kind in crate::app::view::View::all() {
                let best = std::iter::once(kind.name())
                    .chain(kind.aliases().iter().copied())
                    .filter(|w| w.chars().count() >= len)
                    .map(|w| {
                        let head: String = w.chars().take(len).collect();
                        edit_distance(&p, &head)
                    })
                    .min()
                    .unwrap_or(usize::MAX);
                if best <= max {
                    typos.push((best, kind.name()));
                }
            }
            for (w, rank) in &words {
                if *rank == 0 && w.chars().count() >= len && !typos.iter().any(|(_, t)| t == w) {
                    let head: String = w.chars().take(len).collect();
                    let d = edit_distance(&p, &head);
                    if d <= max {
                        typos.push((d, w.as_str()));
                    }
                }
            }
            typos.sort_unstable();
            typos.dedup_by(|a, b| a.1 == b.1);
            fuzzy = typos.into_iter().map(|(_, w)| w).collect();
        }
        out = fuzzy;
    }
    for a in aliases {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out.into_iter().map(|w| format!("{lead}{w}")).collect()
}

/// Completion candidates for the partially typed `line` (without `:`),
/// given the open cluster names and known namespaces: resource names and
/// aliases (and `help`/`quit`) for the first word, `@cluster` (and `@all`)
/// after `@`, namespaces after `-n ` / `-n=` / `--namespace `, flags after
/// `-`. Returns full replacement lines, deduplicated, best first: for the
/// first word, canonical names starting with the typed text (sorted), then
/// aliases (sorted); for clusters and namespaces, those starting with the
/// typed text (sorted), then those containing it. Items already on the
/// line are left out. Empty when nothing applies.
pub fn complete(line: &str, clusters: &[String], namespaces: &[String]) -> Vec<String> {
    complete_with(line, clusters, namespaces, &Catalog::default())
}

/// [`complete`], with the resources the open clusters serve.
pub fn complete_with(
    line: &str,
    clusters: &[String],
    namespaces: &[String],
    catalog: &Catalog,
) -> Vec<String> {
    let cur_start = line
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (head, cur) = line.split_at(cur_start);
    let prev: Vec<&str> = head.split_whitespace().collect();
    let Some(first) = prev.first() else {
        return complete_first(head, cur, catalog);
    };
    let first = first.to_lowercase();
    if QUIT_WORDS.contains(&first.as_str()) || HELP_WORDS.contains(&first.as_str()) {
        return Vec::new();
    }

    // Namespaces and clusters already on the line.
    let mut used_ns: Vec<&str> = Vec::new();
    let mut used_clusters: Vec<&str> = Vec::new();
    for (k, w) in prev.iter().enumerate() {
        if let Some(c) = w.strip_prefix('@') {
            used_clusters.extend(c.split(','));
        } else if *w == "-n" || *w == "--namespace" {
            if let Some(v) = prev.get(k + 1) {
                used_ns.extend(v.split(','));
            }
        } else if let Some(v) = w
            .strip_prefix("-n=")
            .or_else(|| w.strip_prefix("--namespace="))
        {
            used_ns.extend(v.split(','));
        }
    }
    let ns_options = namespaces.iter().map(String::as_str);

    if matches!(prev.last(), Some(&"-n" | &"--namespace")) {
        return complete_list(head, cur, ns_options, &used_ns);
    }
    for flag in ["-n=", "--namespace="] {
        if let Some(value) = cur.strip_prefix(flag) {
            let lead = format!("{head}{flag}");
            return complete_list(&lead, value, ns_options, &used_ns);
        }
    }
    if let Some(value) = cur.strip_prefix('@') {
        let lead = format!("{head}@");
        let options = clusters
            .iter()
            .map(String::as_str)
            .chain(std::iter::once("all"));
        return complete_list(&lead, value, options, &used_clusters);
    }
    if cur.starts_with('-') {
        return FLAGS
            .iter()
            .filter(|f| f.starts_with(cur) && !prev.contains(f))
            .map(|f| format!("{head}{f}"))
            .collect();
    }
    Vec::new()
}
