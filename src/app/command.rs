//! The `:` command line: parsing and tab completion.
//!
//! ```text
//! :pods                         :po -A
//! :deploy @prod-eu -n shop app=web
//! :events @staging @prod        :svc -n a,b -n c -l 'tier in (fe,be)'
//! :ns  :ctx  :q  :help
//! ```

use std::fmt;

use super::filter::LabelSelector;
use super::view::View;

/// Which namespaces a view shows.
#[derive(Debug, Clone, PartialEq)]
pub enum NamespaceScope {
    All,
    Some(Vec<String>),
}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `:po`, `:deploy @prod-eu -n shop app=web`, `:pods -A`, `:ns`, `:ctx`,
    /// `:events @staging`.
    View {
        kind: View,
        /// From one or more `@name` (also `@a,b`), in order, without
        /// duplicates. `None` when no cluster was named or `@all` was given.
        clusters: Option<Vec<String>>,
        /// From `-n a` (repeatable, or `-n a,b`) or `-A`/`--all-namespaces`;
        /// `None` = keep the current namespaces.
        namespaces: Option<NamespaceScope>,
        /// From bare `key=value[,..]` words and/or `-l sel`, validated and
        /// normalised (e.g. `app=web,tier in (a,b)`); several are joined
        /// with `,`.
        selector: Option<String>,
    },
    /// `:q`, `:quit`, `:q!`, `:quit!`.
    Quit,
    /// `:help`, `:?`.
    Help,
}

/// Why a command line could not be parsed; the message is for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

fn err<T>(msg: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError(msg.into()))
}

const QUIT_WORDS: &[&str] = &["q", "quit", "q!", "quit!"];
const HELP_WORDS: &[&str] = &["help", "?"];
/// Commands offered by completion and typo suggestions besides resources.
const COMMAND_NAMES: &[&str] = &["help", "quit"];
const FLAGS: &[&str] = &[
    "-A",
    "-l",
    "-n",
    "--all-namespaces",
    "--namespace",
    "--selector",
];

/// Splits a command line into words at whitespace, except inside quotes
/// (`'…'`, `"…"`, which are removed) and parentheses (kept).
fn tokenize(line: &str) -> Result<Vec<String>, ParseError> {
    let mut tokens = Vec::new();
    let mut cur = String::new();
    let mut in_token = false;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else {
                cur.push(c);
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                in_token = true;
            }
            c if c.is_whitespace() && depth == 0 => {
                if in_token {
                    tokens.push(std::mem::take(&mut cur));
                    in_token = false;
                }
            }
            c => {
                if c == '(' {
                    depth += 1;
                } else if c == ')' {
                    depth = depth.saturating_sub(1);
                }
                cur.push(c);
                in_token = true;
            }
        }
    }
    if let Some(q) = quote {
        return err(format!("unterminated quote {q}"));
    }
    if in_token {
        tokens.push(cur);
    }
    Ok(tokens)
}

/// Optimal-string-alignment edit distance (insertions, deletions,
/// substitutions and transpositions of adjacent characters).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// Every word accepted as the first word, with a rank: 0 for canonical
/// resource names and commands, 1 for aliases.
fn first_words() -> Vec<(&'static str, u8)> {
    let mut words: Vec<(&'static str, u8)> = Vec::new();
    for kind in View::all() {
        words.push((kind.name(), 0));
    }
    for name in COMMAND_NAMES {
        words.push((name, 0));
    }
    for kind in View::all() {
        for alias in kind.aliases() {
            words.push((alias, 1));
        }
    }
    words
}

/// The known word closest to a mistyped `word`: edit distance at most 2
/// (and less than either length), else a canonical name it is a prefix of.
fn suggest(word: &str) -> Option<&'static str> {
    let word = word.to_lowercase();
    let len = word.chars().count();
    let mut best: Option<(usize, u8, &'static str)> = None;
    for (cand, rank) in first_words() {
        let d = edit_distance(&word, cand);
        if d <= 2
            && d < len
            && d < cand.len()
            && best.is_none_or(|(bd, br, _)| (d, rank) < (bd, br))
        {
            best = Some((d, rank, cand));
        }
    }
    if let Some((_, _, cand)) = best {
        return Some(cand);
    }
    if len >= 2 {
        return first_words()
            .into_iter()
            .find(|(cand, rank)| *rank == 0 && cand.starts_with(&word))
            .map(|(cand, _)| cand);
    }
    None
}

fn unknown_resource(word: &str) -> ParseError {
    match suggest(word) {
        Some(s) => ParseError(format!("unknown resource \"{word}\" (did you mean {s}?)")),
        None => ParseError(format!("unknown resource \"{word}\" (try :help)")),
    }
}

/// Whether `tok` is the `in`/`notin` operator of a set-based requirement
/// (possibly glued to its value list).
fn is_set_operator(tok: &str) -> bool {
    let t = tok.to_ascii_lowercase();
    t == "in" || t == "notin" || t.starts_with("in(") || t.starts_with("notin(")
}

/// Whether the bare word `tok` (followed by `next`) starts a label selector.
fn starts_selector(tok: &str, next: Option<&String>) -> bool {
    !tok.starts_with('-')
        && !tok.starts_with('@')
        && (tok.contains('=') || tok.starts_with('!') || next.is_some_and(|n| is_set_operator(n)))
}

/// Takes the selector starting at `args[*i]`, absorbing the following words
/// that continue it (`a=b, c=d`, `env in (x,y)`), and validates it.
fn take_selector(args: &[String], i: &mut usize) -> Result<LabelSelector, ParseError> {
    let mut src = args[*i].clone();
    *i += 1;
    let mut after_set_op = false;
    while let Some(next) = args.get(*i) {
        let continues = src.ends_with(',')
            || next.starts_with(',')
            || is_set_operator(next)
            || (after_set_op && next.starts_with('('));
        if !continues {
            break;
        }
        after_set_op = next.eq_ignore_ascii_case("in") || next.eq_ignore_ascii_case("notin");
        src.push(' ');
        src.push_str(next);
        *i += 1;
    }
    let src = src.trim().trim_end_matches(',').trim_end();
    LabelSelector::parse(src)
        .map_err(|e| ParseError(format!("invalid label selector \"{src}\": {e}")))
}

/// Where the value of a flag is.
enum FlagValue {
    /// Glued to the flag: `-nfoo`, `-n=foo`, `--namespace=foo`.
    Glued(String),
    /// The next word, `args[i]` (not consumed yet).
    Next,
    /// Missing (end of line, or the next word is a flag or a cluster).
    Missing,
}

/// If `tok` is the flag `short`/`long`, where its value is; `args[i]` is
/// the word after `tok`.
fn flag_value(tok: &str, short: &str, long: &str, args: &[String], i: usize) -> Option<FlagValue> {
    let glued = if tok == short || tok == long {
        None
    } else if let Some(v) = tok.strip_prefix(long).and_then(|v| v.strip_prefix('=')) {
        Some(v)
    } else if let Some(v) = tok.strip_prefix(short) {
        Some(v.strip_prefix('=').unwrap_or(v))
    } else {
        return None;
    };
    Some(match glued {
        Some("") => FlagValue::Missing,
        Some(v) => FlagValue::Glued(v.to_string()),
        None => match args.get(i) {
            Some(v) if !v.starts_with('-') && !v.starts_with('@') => FlagValue::Next,
            _ => FlagValue::Missing,
        },
    })
}

/// Parses a command line (without the leading `:`).
pub fn parse(line: &str) -> Result<Command, ParseError> {
    let tokens = tokenize(line)?;
    let Some((first, args)) = tokens.split_first() else {
        return err("empty command (try :pods or :help)");
    };
    let word = first.to_lowercase();
    if QUIT_WORDS.contains(&word.as_str()) || HELP_WORDS.contains(&word.as_str()) {
        if let Some(extra) = args.first() {
            return err(format!(
                "\"{first}\" takes no arguments (found \"{extra}\")"
            ));
        }
        return Ok(if QUIT_WORDS.contains(&word.as_str()) {
            Command::Quit
        } else {
            Command::Help
        });
    }
    if first.starts_with('-') || first.starts_with('@') {
        return err(format!(
            "expected a resource name before \"{first}\", e.g. :pods {first}"
        ));
    }
    let kind = View::parse(&word).ok_or_else(|| unknown_resource(first))?;

    let mut clusters: Vec<String> = Vec::new();
    let mut all_clusters = false;
    let mut namespaces: Vec<String> = Vec::new();
    let mut all_namespaces = false;
    let mut selector: Option<LabelSelector> = None;

    let mut i = 0;
    while i < args.len() {
        let tok = args[i].as_str();
        if let Some(names) = tok.strip_prefix('@') {
            i += 1;
            let mut any = false;
            for name in names.split(',').map(|n| n.trim().trim_start_matches('@')) {
                if name.is_empty() {
                    continue;
                }
                any = true;
                if name.eq_ignore_ascii_case("all") {
                    all_clusters = true;
                } else if !clusters.iter().any(|c| c == name) {
                    clusters.push(name.to_string());
                }
            }
            if !any {
                return err("@ needs a cluster name, e.g. @prod (or @all)");
            }
            continue;
        }
        if tok == "-A" || tok == "--all-namespaces" {
            i += 1;
            all_namespaces = true;
            continue;
        }
        if tok.starts_with('-') {
            i += 1;
            if let Some(value) = flag_value(tok, "-n", "--namespace", args, i) {
                let value = match value {
                    FlagValue::Glued(v) => v,
                    FlagValue::Next => {
                        i += 1;
                        args[i - 1].clone()
                    }
                    FlagValue::Missing => String::new(),
                };
                if value.split(',').all(|n| n.trim().is_empty()) {
                    return err(format!("{tok} needs a namespace, e.g. -n default"));
                }
                for ns in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    if !namespaces.iter().any(|n| n == ns) {
                        namespaces.push(ns.to_string());
                    }
                }
                continue;
            }
            if let Some(value) = flag_value(tok, "-l", "--selector", args, i) {
                let sel = match value {
                    FlagValue::Glued(v) => {
                        // Read it together with any words continuing it.
                        let mut words = vec![v];
                        words.extend_from_slice(&args[i..]);
                        let mut j = 0;
                        let sel = take_selector(&words, &mut j)?;
                        i += j - 1;
                        sel
                    }
                    FlagValue::Next => take_selector(args, &mut i)?,
                    FlagValue::Missing => {
                        return err(format!("{tok} needs a label selector, e.g. -l app=web"));
                    }
                };
                selector
                    .get_or_insert_with(LabelSelector::default)
                    .extend(sel);
                continue;
            }
            return err(format!(
                "unknown flag \"{tok}\" (expected -n NAMESPACE, -A or -l SELECTOR)"
            ));
        }
        if starts_selector(tok, args.get(i + 1)) {
            let sel = take_selector(args, &mut i)?;
            selector
                .get_or_insert_with(LabelSelector::default)
                .extend(sel);
            continue;
        }
        return err(format!(
            "unexpected \"{tok}\" (use -n {tok} for a namespace, @{tok} for a cluster)"
        ));
    }

    if all_namespaces && !namespaces.is_empty() {
        return err("-A and -n cannot be used together");
    }
    Ok(Command::View {
        kind,
        clusters: (!all_clusters && !clusters.is_empty()).then_some(clusters),
        namespaces: if all_namespaces {
            Some(NamespaceScope::All)
        } else if namespaces.is_empty() {
            None
        } else {
            Some(NamespaceScope::Some(namespaces))
        },
        selector: selector.map(|s| s.to_string()),
    })
}

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
fn complete_first(lead: &str, cur: &str) -> Vec<String> {
    let p = cur.to_lowercase();
    let words = first_words();
    let mut canonical: Vec<&str> = Vec::new();
    let mut aliases: Vec<&str> = Vec::new();
    for &(w, rank) in &words {
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
            .map(|(w, _)| *w)
            .collect();
        fuzzy.sort_unstable();
        if fuzzy.is_empty() {
            // Compare with the start of each word, as long as what's typed.
            let len = p.chars().count();
            let max = if len <= 3 { 1 } else { 2 };
            let mut typos: Vec<(usize, &str)> = Vec::new();
            for kind in View::all() {
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
            typos.sort_unstable();
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
    let cur_start = line
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (head, cur) = line.split_at(cur_start);
    let prev: Vec<&str> = head.split_whitespace().collect();
    let Some(first) = prev.first() else {
        return complete_first(head, cur);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::kind::Kind;

    fn view(
        kind: View,
        clusters: Option<&[&str]>,
        namespaces: Option<NamespaceScope>,
        selector: Option<&str>,
    ) -> Command {
        Command::View {
            kind,
            clusters: clusters.map(|c| c.iter().map(|s| s.to_string()).collect()),
            namespaces,
            selector: selector.map(str::to_string),
        }
    }

    fn ns(names: &[&str]) -> Option<NamespaceScope> {
        Some(NamespaceScope::Some(
            names.iter().map(|s| s.to_string()).collect(),
        ))
    }

    fn perr(line: &str) -> String {
        match parse(line) {
            Err(ParseError(msg)) => msg,
            Ok(c) => panic!("{line:?} parsed as {c:?}"),
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bare_resources_and_aliases() {
        assert_eq!(
            parse("po"),
            Ok(view(View::Kind(Kind::Pods), None, None, None))
        );
        assert_eq!(
            parse("pods"),
            Ok(view(View::Kind(Kind::Pods), None, None, None))
        );
        assert_eq!(
            parse("  POD  "),
            Ok(view(View::Kind(Kind::Pods), None, None, None))
        );
        assert_eq!(
            parse("ns"),
            Ok(view(View::Kind(Kind::Namespaces), None, None, None))
        );
        assert_eq!(parse("ctx"), Ok(view(View::Clusters, None, None, None)));
        assert_eq!(
            parse("ev"),
            Ok(view(View::Kind(Kind::Events), None, None, None))
        );
        for kind in View::all() {
            assert_eq!(parse(kind.name()), Ok(view(kind, None, None, None)));
            for alias in kind.aliases() {
                assert_eq!(parse(alias), Ok(view(kind, None, None, None)));
            }
        }
    }

    #[test]
    fn full_example() {
        assert_eq!(
            parse("deploy @prod-eu -n shop app=web"),
            Ok(view(
                View::Kind(Kind::Deployments),
                Some(&["prod-eu"]),
                ns(&["shop"]),
                Some("app=web")
            ))
        );
    }

    #[test]
    fn clusters() {
        assert_eq!(
            parse("events @staging"),
            Ok(view(
                View::Kind(Kind::Events),
                Some(&["staging"]),
                None,
                None
            ))
        );
        assert_eq!(
            parse("po @a @b @a"),
            Ok(view(View::Kind(Kind::Pods), Some(&["a", "b"]), None, None))
        );
        assert_eq!(
            parse("po @a,b"),
            Ok(view(View::Kind(Kind::Pods), Some(&["a", "b"]), None, None))
        );
        assert_eq!(
            parse("po @all"),
            Ok(view(View::Kind(Kind::Pods), None, None, None))
        );
        assert_eq!(
            parse("po @a @ALL"),
            Ok(view(View::Kind(Kind::Pods), None, None, None))
        );
        assert!(perr("po @").contains("@ needs a cluster name"));
        assert!(perr("po @,").contains("@ needs a cluster name"));
    }

    #[test]
    fn namespaces() {
        assert_eq!(
            parse("po -n shop"),
            Ok(view(View::Kind(Kind::Pods), None, ns(&["shop"]), None))
        );
        assert_eq!(
            parse("po -n a -n b"),
            Ok(view(View::Kind(Kind::Pods), None, ns(&["a", "b"]), None))
        );
        assert_eq!(
            parse("po -n a,b -n a"),
            Ok(view(View::Kind(Kind::Pods), None, ns(&["a", "b"]), None))
        );
        assert_eq!(
            parse("po --namespace a --namespace=b -n=c -nd"),
            Ok(view(
                View::Kind(Kind::Pods),
                None,
                ns(&["a", "b", "c", "d"]),
                None
            ))
        );
        assert_eq!(
            parse("pods -A"),
            Ok(view(
                View::Kind(Kind::Pods),
                None,
                Some(NamespaceScope::All),
                None
            ))
        );
        assert_eq!(
            parse("pods --all-namespaces"),
            Ok(view(
                View::Kind(Kind::Pods),
                None,
                Some(NamespaceScope::All),
                None
            ))
        );
    }

    #[test]
    fn namespace_errors() {
        assert_eq!(perr("po -n"), "-n needs a namespace, e.g. -n default");
        assert!(perr("po -n -A").contains("-n needs a namespace"));
        assert!(perr("po -n @prod").contains("-n needs a namespace"));
        assert!(perr("po --namespace").contains("--namespace needs a namespace"));
        assert!(perr("po -n=").contains("needs a namespace"));
        assert!(perr("po -n ,").contains("needs a namespace"));
        assert_eq!(perr("po -A -n x"), "-A and -n cannot be used together");
    }

    #[test]
    fn selectors() {
        assert_eq!(
            parse("po app=web"),
            Ok(view(View::Kind(Kind::Pods), None, None, Some("app=web")))
        );
        assert_eq!(
            parse("po app=web,tier!=db"),
            Ok(view(
                View::Kind(Kind::Pods),
                None,
                None,
                Some("app=web,tier!=db")
            ))
        );
        assert_eq!(
            parse("po -l app=web"),
            Ok(view(View::Kind(Kind::Pods), None, None, Some("app=web")))
        );
        assert_eq!(
            parse("po -l=app=web"),
            Ok(view(View::Kind(Kind::Pods), None, None, Some("app=web")))
        );
        assert_eq!(
            parse("po -lapp=web"),
            Ok(view(View::Kind(Kind::Pods), None, None, Some("app=web")))
        );
        assert_eq!(
            parse("po --selector app==web"),
            Ok(view(View::Kind(Kind::Pods), None, None, Some("app=web")))
        );
        assert_eq!(
            parse("po --selector=app"),
            Ok(view(View::Kind(Kind::Pods), None, None, Some("app")))
        );
        assert_eq!(
            parse("po -l canary"),
            Ok(view(View::Kind(Kind::Pods), None, None, Some("canary")))
        );
        assert_eq!(
            parse("po !canary"),
            Ok(view(View::Kind(Kind::Pods), None, None, Some("!canary")))
        );
        // Several selectors are combined.
        assert_eq!(
            parse("po a=b -l c!=d e=f"),
            Ok(view(
                View::Kind(Kind::Pods),
                None,
                None,
                Some("a=b,c!=d,e=f")
            ))
        );
        // Selectors continued over several words.
        assert_eq!(
            parse("po app=web, tier=fe -n x"),
            Ok(view(
                View::Kind(Kind::Pods),
                None,
                ns(&["x"]),
                Some("app=web,tier=fe")
            ))
        );
        assert_eq!(
            parse("po app=web ,tier=fe"),
            Ok(view(
                View::Kind(Kind::Pods),
                None,
                None,
                Some("app=web,tier=fe")
            ))
        );
    }

    #[test]
    fn set_selectors() {
        let want = Ok(view(
            View::Kind(Kind::Pods),
            None,
            None,
            Some("env in (a,b)"),
        ));
        assert_eq!(parse("po env in (a,b)"), want);
        assert_eq!(parse("po env in (a, b)"), want);
        assert_eq!(parse("po -l env in (a,b)"), want);
        assert_eq!(parse("po -l 'env in (a,b)'"), want);
        assert_eq!(parse("po -l \"env in (a, b)\""), want);
        assert_eq!(parse("po env in(a,b)"), want);
        assert_eq!(
            parse("po -l env notin (a) -n x"),
            Ok(view(
                View::Kind(Kind::Pods),
                None,
                ns(&["x"]),
                Some("env notin (a)")
            ))
        );
        assert_eq!(
            parse("po app=web,env in (a,b) @c"),
            Ok(view(
                View::Kind(Kind::Pods),
                Some(&["c"]),
                None,
                Some("app=web,env in (a,b)")
            ))
        );
        assert_eq!(
            parse("po -l=env in (a)"),
            Ok(view(View::Kind(Kind::Pods), None, None, Some("env in (a)")))
        );
    }

    #[test]
    fn selector_errors() {
        assert_eq!(perr("po -l"), "-l needs a label selector, e.g. -l app=web");
        assert!(perr("po -l -A").contains("-l needs a label selector"));
        assert!(perr("po --selector").contains("--selector needs a label selector"));
        let e = perr("po env in (a,b");
        assert!(
            e.contains("invalid label selector") && e.contains("missing \")\""),
            "{e}"
        );
        assert!(perr("po =web").contains("invalid label selector"));
        assert!(perr("po env in ()").contains("at least one value"));
    }

    #[test]
    fn everything_together() {
        assert_eq!(
            parse("sts @a -n x app=db @b -n y,z -l tier=be"),
            Ok(view(
                View::Kind(Kind::StatefulSets),
                Some(&["a", "b"]),
                ns(&["x", "y", "z"]),
                Some("app=db,tier=be")
            ))
        );
        assert_eq!(
            parse("no @prod -A"),
            Ok(view(
                View::Kind(Kind::Nodes),
                Some(&["prod"]),
                Some(NamespaceScope::All),
                None
            ))
        );
    }

    #[test]
    fn quit_and_help() {
        for q in ["q", "quit", "q!", "quit!", " Q "] {
            assert_eq!(parse(q), Ok(Command::Quit), "{q}");
        }
        for h in ["help", "?", "HELP"] {
            assert_eq!(parse(h), Ok(Command::Help), "{h}");
        }
        assert!(perr("q now").contains("takes no arguments"));
        assert!(perr("help me").contains("takes no arguments"));
    }

    #[test]
    fn unknown_resources() {
        assert_eq!(
            perr("pdos"),
            "unknown resource \"pdos\" (did you mean pods?)"
        );
        assert_eq!(
            perr("deplyo"),
            "unknown resource \"deplyo\" (did you mean deploy?)"
        );
        assert_eq!(
            perr("servics"),
            "unknown resource \"servics\" (did you mean services?)"
        );
        assert_eq!(
            perr("nodez -A"),
            "unknown resource \"nodez\" (did you mean nodes?)"
        );
        assert_eq!(
            perr("qiut"),
            "unknown resource \"qiut\" (did you mean quit?)"
        );
        assert_eq!(
            perr("statef"),
            "unknown resource \"statef\" (did you mean statefulsets?)"
        );
        assert_eq!(perr("xyzzy"), "unknown resource \"xyzzy\" (try :help)");
        // Short garbage gets no nonsense suggestion.
        assert_eq!(perr("xy"), "unknown resource \"xy\" (try :help)");
    }

    #[test]
    fn other_errors() {
        assert!(perr("").contains("empty command"));
        assert!(perr("   ").contains("empty command"));
        assert!(perr("-A").contains("expected a resource name"));
        assert!(perr("@prod po").contains("expected a resource name"));
        assert_eq!(
            perr("po -x"),
            "unknown flag \"-x\" (expected -n NAMESPACE, -A or -l SELECTOR)"
        );
        assert_eq!(
            perr("po shop"),
            "unexpected \"shop\" (use -n shop for a namespace, @shop for a cluster)"
        );
        assert!(perr("po -l 'app=web").contains("unterminated quote"));
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("pods", "pods"), 0);
        assert_eq!(edit_distance("pdos", "pods"), 1);
        assert_eq!(edit_distance("pod", "pods"), 1);
        assert_eq!(edit_distance("pxds", "pods"), 1);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn complete_first_word() {
        let c = |l: &str| complete(l, &[], &[]);
        assert_eq!(c("po"), strings(&["pods", "po", "pod"]));
        assert_eq!(c("dep"), strings(&["deployments", "deploy", "deployment"]));
        assert_eq!(
            c("deploy"),
            strings(&["deployments", "deploy", "deployment"])
        );
        assert_eq!(
            c("s"),
            strings(&[
                "services",
                "statefulsets",
                "service",
                "statefulset",
                "sts",
                "svc"
            ])
        );
        assert_eq!(c("PO"), strings(&["pods", "po", "pod"]));
        assert_eq!(c("ctx"), strings(&["ctx"]));
        assert_eq!(c("q"), strings(&["quit", "quota", "quotas"]));
        assert_eq!(c("h"), strings(&["help"]));
        assert_eq!(c("  no"), strings(&["  nodes", "  no", "  node"]));
        // Empty: every canonical name first, then aliases.
        let all = c("");
        assert_eq!(all.len(), first_words().len());
        assert_eq!(all[0], "clusters");
        assert!(
            all.iter().position(|w| w == "events").unwrap()
                < all.iter().position(|w| w == "po").unwrap()
        );
        // Fallbacks: abbreviations, then typos.
        assert_eq!(c("rq"), strings(&["resourcequotas"]));
        assert_eq!(c("pdo"), strings(&["pods"]));
        assert_eq!(c("sevr"), strings(&["services"]));
        assert_eq!(c("dpeloy"), strings(&["deployments"]));
        assert_eq!(c("zzzzz"), Vec::<String>::new());
    }

    #[test]
    fn complete_clusters() {
        let clusters = strings(&["prod-eu", "prod-us", "staging", "dev"]);
        let c = |l: &str| complete(l, &clusters, &[]);
        assert_eq!(
            c("po @"),
            strings(&[
                "po @all",
                "po @dev",
                "po @prod-eu",
                "po @prod-us",
                "po @staging"
            ])
        );
        assert_eq!(c("po @pr"), strings(&["po @prod-eu", "po @prod-us"]));
        assert_eq!(c("po @PR"), strings(&["po @prod-eu", "po @prod-us"]));
        // Prefix matches first, then substring matches.
        assert_eq!(c("po @s"), strings(&["po @staging", "po @prod-us"]));
        // Already named clusters are left out.
        assert_eq!(c("po @prod-eu @pr"), strings(&["po @prod-eu @prod-us"]));
        assert_eq!(c("po @prod-eu,pr"), strings(&["po @prod-eu,prod-us"]));
        // Exact match stays.
        assert_eq!(c("po @dev"), strings(&["po @dev"]));
        assert_eq!(c("po -n x @st"), strings(&["po -n x @staging"]));
        assert_eq!(c("po @zz"), Vec::<String>::new());
    }

    #[test]
    fn complete_namespaces() {
        let namespaces = strings(&["default", "kube-system", "kube-public", "shop", "default"]);
        let c = |l: &str| complete(l, &[], &namespaces);
        assert_eq!(
            c("po -n "),
            strings(&[
                "po -n default",
                "po -n kube-public",
                "po -n kube-system",
                "po -n shop"
            ])
        );
        assert_eq!(
            c("po -n ku"),
            strings(&["po -n kube-public", "po -n kube-system"])
        );
        assert_eq!(c("po -n sys"), strings(&["po -n kube-system"]));
        assert_eq!(c("po -n p"), strings(&["po -n kube-public", "po -n shop"]));
        assert_eq!(c("po --namespace sh"), strings(&["po --namespace shop"]));
        assert_eq!(c("po -n=sh"), strings(&["po -n=shop"]));
        assert_eq!(
            c("po -n shop,"),
            strings(&[
                "po -n shop,default",
                "po -n shop,kube-public",
                "po -n shop,kube-system"
            ])
        );
        assert_eq!(
            c("po -n shop -n s"),
            strings(&["po -n shop -n kube-system"])
        );
        assert_eq!(c("po -n zz"), Vec::<String>::new());
    }

    #[test]
    fn complete_flags_and_nothing() {
        let c = |l: &str| complete(l, &strings(&["a"]), &strings(&["x"]));
        assert_eq!(
            c("po -"),
            strings(&[
                "po -A",
                "po -l",
                "po -n",
                "po --all-namespaces",
                "po --namespace",
                "po --selector"
            ])
        );
        assert_eq!(c("po --a"), strings(&["po --all-namespaces"]));
        assert_eq!(
            c("po -A -"),
            strings(&[
                "po -A -l",
                "po -A -n",
                "po -A --all-namespaces",
                "po -A --namespace",
                "po -A --selector"
            ])
        );
        assert_eq!(c("po "), Vec::<String>::new());
        assert_eq!(c("po app=w"), Vec::<String>::new());
        assert_eq!(c("q @"), Vec::<String>::new());
    }
}
