//! The `:` command line: parsing and tab completion.
//!
//! ```text
//! :pods                         :po -A
//! :deploy @prod-eu -n shop app=web
//! :events @staging @prod        :svc -n a,b -n c -l 'tier in (fe,be)'
//! :ns  :ctx  :q  :help
//! ```

use std::fmt;

mod complete;

pub use complete::{complete, complete_with};

use super::catalog::{Catalog, Resolved};
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
    /// `:top pods` / `:top nodes` (`mem` to sort by memory): across every
    /// open cluster (and namespace), the heaviest first.
    Top {
        kind: super::view::View,
        by_memory: bool,
    },
    /// A category (`:all`): the resources in it, to pick one.
    Category { name: String, members: Vec<String> },
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
const COMMAND_NAMES: &[&str] = &["help", "quit", "top"];
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
/// resource names and commands, 1 for aliases; the resources the open
/// clusters serve (discovery) among them.
fn first_words(catalog: &Catalog) -> Vec<(String, u8)> {
    let mut words: Vec<(String, u8)> = Vec::new();
    for kind in View::all() {
        words.push((kind.name().to_string(), 0));
    }
    for name in COMMAND_NAMES {
        words.push((name.to_string(), 0));
    }
    for kind in View::all() {
        for alias in kind.aliases() {
            words.push((alias.to_string(), 1));
        }
    }
    for (w, rank) in catalog
        .words()
        .into_iter()
        .chain(catalog.categories().into_iter().map(|c| (c, 1)))
    {
        if !words.iter().any(|(x, _)| *x == w) {
            words.push((w, rank));
        }
    }
    words
}

/// The known word closest to a mistyped `word`: edit distance at most 2
/// (and less than either length), else a canonical name it is a prefix of.
fn suggest(word: &str, catalog: &Catalog) -> Option<String> {
    let word = word.to_lowercase();
    let len = word.chars().count();
    let words = first_words(catalog);
    let mut best: Option<(usize, u8, &str)> = None;
    for (cand, rank) in &words {
        let d = edit_distance(&word, cand);
        if d <= 2
            && d < len
            && d < cand.len()
            && best.is_none_or(|(bd, br, _)| (d, *rank) < (bd, br))
        {
            best = Some((d, *rank, cand));
        }
    }
    if let Some((_, _, cand)) = best {
        return Some(cand.to_string());
    }
    if len >= 2 {
        return words
            .into_iter()
            .find(|(cand, rank)| *rank == 0 && cand.starts_with(&word))
            .map(|(cand, _)| cand);
    }
    None
}

fn unknown_resource(word: &str, catalog: &Catalog) -> ParseError {
    match suggest(word, catalog) {
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

/// Parses a command line (without the leading `:`), knowing only kdeck's
/// own kinds.
pub fn parse(line: &str) -> Result<Command, ParseError> {
    parse_with(line, &Catalog::default())
}

/// Parses a command line (without the leading `:`): resources are kdeck's
/// own kinds and whatever the open clusters serve (`catalog`).
pub fn parse_with(line: &str, catalog: &Catalog) -> Result<Command, ParseError> {
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
    if word == "top" {
        return top(args);
    }
    if first.starts_with('-') || first.starts_with('@') {
        return err(format!(
            "expected a resource name before \"{first}\", e.g. :pods {first}"
        ));
    }
    let kind = match View::parse(&word) {
        Some(v) => v,
        None => match catalog.resolve(&word) {
            Some(Resolved::View { view, .. }) => view,
            Some(Resolved::Category { name, members }) => {
                view_args(args)?;
                return Ok(Command::Category { name, members });
            }
            None => return Err(unknown_resource(first, catalog)),
        },
    };
    view_args(args)?.into_command(kind)
}

/// `:top pods|nodes [cpu|mem]`.
fn top(args: &[String]) -> Result<Command, ParseError> {
    let words: Vec<String> = args.iter().map(|a| a.to_lowercase()).collect();
    let (what, by) = match words.as_slice() {
        [w] => (w.as_str(), "cpu"),
        [w, by] => (w.as_str(), by.as_str()),
        _ => return err("usage: :top pods|nodes [cpu|mem]"),
    };
    let kind = match View::parse(what) {
        Some(v @ View::Kind(crate::kube::kind::Kind::Pods | crate::kube::kind::Kind::Nodes)) => v,
        _ => return err(format!(":top shows pods or nodes, not \"{what}\"")),
    };
    let by_memory = match by {
        "cpu" => false,
        "mem" | "memory" => true,
        other => return err(format!(":top sorts by cpu or mem, not \"{other}\"")),
    };
    Ok(Command::Top { kind, by_memory })
}

/// What a view command says besides the view.
#[derive(Default)]
struct ViewArgs {
    clusters: Vec<String>,
    all_clusters: bool,
    namespaces: Vec<String>,
    all_namespaces: bool,
    selector: Option<LabelSelector>,
}

impl ViewArgs {
    /// `@a,b` (or `@all`).
    fn clusters(&mut self, names: &str) -> Result<(), ParseError> {
        let mut any = false;
        for name in names.split(',').map(|n| n.trim().trim_start_matches('@')) {
            if name.is_empty() {
                continue;
            }
            any = true;
            if name.eq_ignore_ascii_case("all") {
                self.all_clusters = true;
            } else if !self.clusters.iter().any(|c| c == name) {
                self.clusters.push(name.to_string());
            }
        }
        if !any {
            return err("@ needs a cluster name, e.g. @prod (or @all)");
        }
        Ok(())
    }

    /// The value of `-n` (`a,b`).
    fn namespaces(&mut self, tok: &str, value: &str) -> Result<(), ParseError> {
        if value.split(',').all(|n| n.trim().is_empty()) {
            return err(format!("{tok} needs a namespace, e.g. -n default"));
        }
        for ns in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if !self.namespaces.iter().any(|n| n == ns) {
                self.namespaces.push(ns.to_string());
            }
        }
        Ok(())
    }

    fn select(&mut self, sel: LabelSelector) {
        self.selector
            .get_or_insert_with(LabelSelector::default)
            .extend(sel);
    }

    /// A flag at `args[i - 1]` (`i` is past it); moves `i` past its value.
    fn flag(&mut self, tok: &str, args: &[String], i: &mut usize) -> Result<(), ParseError> {
        if let Some(value) = flag_value(tok, "-n", "--namespace", args, *i) {
            let value = match value {
                FlagValue::Glued(v) => v,
                FlagValue::Next => {
                    *i += 1;
                    args[*i - 1].clone()
                }
                FlagValue::Missing => String::new(),
            };
            return self.namespaces(tok, &value);
        }
        if let Some(value) = flag_value(tok, "-l", "--selector", args, *i) {
            let sel = match value {
                FlagValue::Glued(v) => {
                    // Read it together with any words continuing it.
                    let mut words = vec![v];
                    words.extend_from_slice(&args[*i..]);
                    let mut j = 0;
                    let sel = take_selector(&words, &mut j)?;
                    *i += j - 1;
                    sel
                }
                FlagValue::Next => take_selector(args, i)?,
                FlagValue::Missing => {
                    return err(format!("{tok} needs a label selector, e.g. -l app=web"));
                }
            };
            self.select(sel);
            return Ok(());
        }
        err(format!(
            "unknown flag \"{tok}\" (expected -n NAMESPACE, -A or -l SELECTOR)"
        ))
    }

    fn into_command(self, kind: View) -> Result<Command, ParseError> {
        if self.all_namespaces && !self.namespaces.is_empty() {
            return err("-A and -n cannot be used together");
        }
        Ok(Command::View {
            kind,
            clusters: (!self.all_clusters && !self.clusters.is_empty()).then_some(self.clusters),
            namespaces: if self.all_namespaces {
                Some(NamespaceScope::All)
            } else if self.namespaces.is_empty() {
                None
            } else {
                Some(NamespaceScope::Some(self.namespaces))
            },
            selector: self.selector.map(|s| s.to_string()),
        })
    }
}

/// The words after the view: clusters, namespaces, a label selector.
fn view_args(args: &[String]) -> Result<ViewArgs, ParseError> {
    let mut a = ViewArgs::default();
    let mut i = 0;
    while i < args.len() {
        let tok = args[i].as_str();
        if let Some(names) = tok.strip_prefix('@') {
            i += 1;
            a.clusters(names)?;
        } else if tok == "-A" || tok == "--all-namespaces" {
            i += 1;
            a.all_namespaces = true;
        } else if tok.starts_with('-') {
            i += 1;
            a.flag(tok, args, &mut i)?;
        } else if starts_selector(tok, args.get(i + 1)) {
            let sel = take_selector(args, &mut i)?;
            a.select(sel);
        } else {
            return err(format!(
                "unexpected \"{tok}\" (use -n {tok} for a namespace, @{tok} for a cluster)"
            ));
        }
    }
    Ok(a)
}

#[cfg(test)]
mod tests;
