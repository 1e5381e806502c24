//! The `/` filter: text, smart case, regular expressions, inversion and
//! label selectors.

use std::collections::BTreeMap;

use super::*;

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn none() -> BTreeMap<String, String> {
    BTreeMap::new()
}

fn m(filter: &str, text: &str) -> bool {
    Filter::parse(filter).matches(text, &none())
}

#[test]
fn empty_matches_everything() {
    for input in ["", "   ", "\t \n"] {
        let f = Filter::parse(input);
        assert!(f.is_empty());
        assert!(f.matches("anything", &none()));
        assert!(f.matches("", &labels(&[("a", "b")])));
        assert_eq!(f.describe(), "");
        assert_eq!(f.error(), None);
    }
    assert!(Filter::default().is_empty());
}

#[test]
fn plain_text_is_case_insensitive_substring() {
    assert!(m("crash", "web-1 CrashLoopBackOff 3"));
    assert!(m("CRASH", "CRASHED") && !m("CRASH", "crashed"));
    assert!(m("web-1", "web-1 Running"));
    assert!(!m("web-2", "web-1 Running"));
    assert!(m("running", "web-1 RUNNING"));
    assert!(m("ing", "Running"));
    assert!(!m("runningx", "Running"));
    let f = Filter::parse("crash");
    assert!(!f.is_empty());
    assert!(!f.is_regex());
    assert_eq!(f.describe(), "/crash");
}

#[test]
fn smart_case_upper_makes_case_sensitive() {
    assert!(m("Running", "web Running"));
    assert!(!m("Running", "web running"));
    assert!(!m("Running", "web RUNNING"));
    assert!(m("running", "web RUNNING"));
}

#[test]
fn surrounding_whitespace_is_ignored_but_inner_kept() {
    assert!(m("  web-1  ", "web-1 x"));
    assert!(m("web-1 running", "pod web-1 Running 0"));
    assert!(!m("web-1 running", "web-1  Running"));
}

#[test]
fn ascii_folding_with_non_ascii_haystack() {
    assert!(m("cafe", "Ünïcödé CAFE"));
    assert!(!m("cafe", "café"));
    assert!(m("é x", "caf\u{e9} X"));
    // Needle longer than haystack.
    assert!(!m("abcdef", "abc"));
    // Match at the very end and start.
    assert!(m("end", "the END"));
    assert!(m("the", "THE end"));
}

#[test]
fn non_ascii_needle_is_case_insensitive_via_regex() {
    assert!(m("ünï", "ÜNÏCODE"));
    assert!(m("straße", "STRASSE straße"));
    assert!(m("é", "CAFÉ"));
    // Upper-case non-ASCII makes it case-sensitive.
    assert!(!m("É", "café"));
    assert!(m("É", "CAFÉ"));
    // Escaping: regex metacharacters in a non-ASCII literal are literal
    // only when they're not a regex; here there are none.
    let f = Filter::parse("ü");
    assert!(!f.is_regex());
    assert_eq!(f.error(), None);
}

#[test]
fn inversion() {
    assert!(!m("!Running", "web-1 Running"));
    assert!(m("!Running", "web-1 Pending"));
    assert!(m("!running", "web-1 Pending"));
    assert!(!m("!running", "web-1 RUNNING"));
    // Space after `!` is allowed.
    assert!(!m("! Running", "web-1 Running"));
    let f = Filter::parse("!Running");
    assert!(f.is_inverted());
    assert_eq!(f.describe(), "/!Running");
    // Inverted regex.
    assert!(m("!^web", "api-1 Running"));
    assert!(!m("!^web", "web-1 Running"));
}

#[test]
fn lone_bang_matches_everything() {
    let f = Filter::parse("!");
    assert!(f.is_empty());
    assert!(!f.is_inverted());
    assert!(f.matches("x", &none()));
    assert_eq!(f.describe(), "");
}

#[test]
fn regex_detection_and_matching() {
    let f = Filter::parse("^web-\\d+");
    assert!(f.is_regex());
    assert!(f.matches("web-12 Running", &none()));
    assert!(f.matches("WEB-12 Running", &none()));
    assert!(!f.matches("api web-12", &none()));
    assert!(m("web|api", "api-1"));
    assert!(m("web|api", "WEB-1"));
    assert!(!m("web|api", "db-1"));
    assert!(m("0$", "restarts 0"));
    assert!(!m("0$", "0 restarts"));
    assert!(m("a.c", "abc"));
    assert!(m("[0-9]{3}", "x123"));
    assert!(!m("[0-9]{3}", "x12"));
    assert!(m("(foo)+bar", "foofoobar"));
    assert!(m("colou?r", "color"));
    assert!(m("x*y", "y"));
    assert_eq!(Filter::parse("^web-.*").describe(), "/^web-.*");
    // No metacharacters: not a regex.
    assert!(!Filter::parse("web-1").is_regex());
}

#[test]
fn regex_smart_case() {
    assert!(!m("^Web", "web-1"));
    assert!(m("^Web", "Web-1"));
    assert!(m("^web", "Web-1"));
    // Escapes with upper-case letters don't count as upper-case.
    assert!(m("\\d\\W\\S", "1-X"));
    assert!(m("web\\Dx", "WEB-X"));
    assert!(m("\\p{Lu}x", "Ax"));
    assert!(m("\\pLx", "AX"));
    assert!(m("(?P<Name>web)", "WEB"));
    assert!(m("(?<Name>web)+", "WEB"));
    assert!(m("(?U)we+", "WEE"));
    // A literal upper-case letter elsewhere does count.
    assert!(!m("\\dX", "1x"));
    assert!(m("\\dX", "1X"));
}

#[test]
fn invalid_regex_falls_back_to_literal() {
    let f = Filter::parse("web(");
    assert!(!f.is_regex());
    let e = f.error().expect("error");
    assert!(e.contains("invalid regex"), "{e}");
    assert!(e.contains("unclosed group"), "{e}");
    assert!(f.matches("pod web(1)", &none()));
    assert!(f.matches("pod WEB(1)", &none()));
    assert!(!f.matches("pod web-1", &none()));
    assert!(f.describe().starts_with("/web(  (invalid regex"));

    let f = Filter::parse("[Abc");
    assert!(f.error().is_some());
    assert!(f.matches("x[Abc", &none()));
    assert!(!f.matches("x[abc", &none()), "smart case for the literal");

    let f = Filter::parse("*crash");
    assert!(f.error().is_some());
    assert!(f.matches("a*crash", &none()));
    assert!(!f.matches("crash", &none()));

    // Inverted literal fallback.
    let f = Filter::parse("!a(b");
    assert!(f.error().is_some());
    assert!(f.matches("xyz", &none()));
    assert!(!f.matches("a(b", &none()));
}

#[test]
fn selector_equals() {
    let f = Filter::parse("-l app=web");
    assert!(!f.is_empty());
    assert!(f.matches("x", &labels(&[("app", "web")])));
    assert!(!f.matches("x", &labels(&[("app", "api")])));
    assert!(!f.matches("x", &none()));
    assert!(
        !f.matches("x", &labels(&[("app", "Web")])),
        "values are case-sensitive"
    );
    assert_eq!(f.describe(), "/-l app=web");
    assert_eq!(f.error(), None);
    // `==` is the same.
    let f = Filter::parse("-l app==web");
    assert!(f.matches("x", &labels(&[("app", "web")])));
    assert_eq!(f.describe(), "/-l app=web");
    // Empty value.
    let f = Filter::parse("-l app=");
    assert!(f.matches("x", &labels(&[("app", "")])));
    assert!(!f.matches("x", &labels(&[("app", "web")])));
}

#[test]
fn selector_not_equals() {
    let f = Filter::parse("-l tier!=db");
    assert!(f.matches("x", &labels(&[("tier", "fe")])));
    assert!(f.matches("x", &none()), "absent label satisfies !=");
    assert!(!f.matches("x", &labels(&[("tier", "db")])));
    assert_eq!(f.describe(), "/-l tier!=db");
}

#[test]
fn selector_in_and_notin() {
    let f = Filter::parse("-l env in (prod, staging)");
    assert!(f.matches("x", &labels(&[("env", "prod")])));
    assert!(f.matches("x", &labels(&[("env", "staging")])));
    assert!(!f.matches("x", &labels(&[("env", "dev")])));
    assert!(!f.matches("x", &none()));
    assert_eq!(f.describe(), "/-l env in (prod,staging)");

    let f = Filter::parse("-l env notin (prod,staging)");
    assert!(!f.matches("x", &labels(&[("env", "prod")])));
    assert!(f.matches("x", &labels(&[("env", "dev")])));
    assert!(f.matches("x", &none()), "absent label satisfies notin");
    assert_eq!(f.describe(), "/-l env notin (prod,staging)");

    // No space before the parenthesis.
    let f = Filter::parse("-l env in(a)");
    assert!(f.matches("x", &labels(&[("env", "a")])));
}

#[test]
fn selector_exists_and_not_exists() {
    let f = Filter::parse("-l canary");
    assert!(f.matches("x", &labels(&[("canary", "")])));
    assert!(f.matches("x", &labels(&[("canary", "true")])));
    assert!(!f.matches("x", &none()));
    assert_eq!(f.describe(), "/-l canary");

    let f = Filter::parse("-l !canary");
    assert!(!f.matches("x", &labels(&[("canary", "true")])));
    assert!(f.matches("x", &labels(&[("app", "web")])));
    assert_eq!(f.describe(), "/-l !canary");
}

#[test]
fn selector_multiple_requirements() {
    let f = Filter::parse("-l app=web,tier!=db,env in (a,b),!canary,team");
    assert_eq!(f.selector().requirements().len(), 5);
    let good = labels(&[("app", "web"), ("tier", "fe"), ("env", "a"), ("team", "x")]);
    assert!(f.matches("x", &good));
    let mut bad = good.clone();
    bad.insert("canary".into(), "1".into());
    assert!(!f.matches("x", &bad));
    let mut bad = good.clone();
    bad.remove("team");
    assert!(!f.matches("x", &bad));
    let mut bad = good.clone();
    bad.insert("env".into(), "c".into());
    assert!(!f.matches("x", &bad));
    assert_eq!(
        f.describe(),
        "/-l app=web,tier!=db,env in (a,b),!canary,team"
    );
    // Whitespace around commas.
    let f = Filter::parse("-l app=web , tier=fe");
    assert_eq!(f.selector().requirements().len(), 2);
    assert_eq!(f.describe(), "/-l app=web,tier=fe");
    // Keys with prefixes and dots.
    let f = Filter::parse("-l app.kubernetes.io/name=web");
    assert!(f.matches("x", &labels(&[("app.kubernetes.io/name", "web")])));
}

#[test]
fn selector_combined_with_text() {
    let f = Filter::parse("-l app=web crash");
    let l = labels(&[("app", "web")]);
    assert!(f.matches("web-1 CrashLoopBackOff", &l));
    assert!(!f.matches("web-1 Running", &l));
    assert!(!f.matches("web-1 CrashLoopBackOff", &labels(&[("app", "api")])));
    assert_eq!(f.describe(), "/crash  -l app=web");

    // Text before the flag.
    let f = Filter::parse("crash -l app=web");
    assert!(f.matches("web-1 CrashLoopBackOff", &l));
    assert!(!f.matches("web-1 Running", &l));
    assert_eq!(f.describe(), "/crash  -l app=web");

    // Regex text.
    let f = Filter::parse("-l app=web ^web-.*");
    assert!(f.is_regex());
    assert!(f.matches("web-1", &l));
    assert!(!f.matches("api-1", &l));
    assert_eq!(f.describe(), "/^web-.*  -l app=web");

    // Inverted text with a selector: inversion applies to text only.
    let f = Filter::parse("-l app=web !Running");
    assert!(f.matches("web-1 Pending", &l));
    assert!(!f.matches("web-1 Running", &l));
    assert!(!f.matches("web-1 Pending", &none()));
    assert_eq!(f.describe(), "/!Running  -l app=web");

    // Existence requirement followed by text.
    let f = Filter::parse("-l canary web");
    assert!(f.matches("web-1", &labels(&[("canary", "y")])));
    assert!(!f.matches("api-1", &labels(&[("canary", "y")])));
    assert!(!f.matches("web-1", &none()));

    // `in` not followed by `(` is text, not a set.
    let f = Filter::parse("-l app inner");
    assert_eq!(
        f.selector().requirements(),
        &[Requirement::Exists("app".into())]
    );
    assert!(f.matches("x inner", &labels(&[("app", "1")])));

    // Set followed by text.
    let f = Filter::parse("-l env in (a,b) web");
    assert!(f.matches("web", &labels(&[("env", "b")])));
    assert!(!f.matches("api", &labels(&[("env", "b")])));

    // Text on both sides.
    let f = Filter::parse("web -l app=web 1");
    assert!(f.matches("web 1", &l));
    assert!(!f.matches("web 2", &l));
}

#[test]
fn selector_flag_must_be_a_word() {
    // `-l` inside a word is plain text.
    let f = Filter::parse("app-logs");
    assert!(f.selector().is_empty());
    assert!(f.matches("my-app-logs", &none()));
    let f = Filter::parse("x -lapp=web");
    assert!(f.selector().is_empty());
    // `--selector` works too.
    let f = Filter::parse("--selector app=web");
    assert!(f.matches("x", &labels(&[("app", "web")])));
}

#[test]
fn selector_errors() {
    let f = Filter::parse("-l");
    assert!(f.is_empty());
    assert!(f.error().unwrap().contains("-l needs a label selector"));
    assert!(f.matches("x", &none()));
    assert_eq!(f.describe(), "(-l needs a label selector, e.g. -l app=web)");

    let f = Filter::parse("-l env in (a,b");
    assert!(
        f.error().unwrap().contains("missing \")\""),
        "{:?}",
        f.error()
    );

    let f = Filter::parse("-l env in ()");
    assert!(f.error().unwrap().contains("at least one value"));

    let f = Filter::parse("-l =web");
    assert!(f.error().unwrap().contains("expected a label key"));

    let f = Filter::parse("-l !");
    assert!(f.error().unwrap().contains("after \"!\""));

    // Requirements before the error still apply.
    let f = Filter::parse("-l app=web,=x");
    assert!(f.error().is_some());
    assert_eq!(f.selector().requirements().len(), 1);
    assert!(f.matches("x", &labels(&[("app", "web")])));
    assert!(!f.matches("x", &none()));
    assert!(f.describe().starts_with("/-l app=web  (label selector:"));

    // A trailing comma while typing is fine.
    let f = Filter::parse("-l app=web,");
    assert_eq!(f.error(), None);
    assert_eq!(f.selector().requirements().len(), 1);
}

#[test]
fn label_selector_parse_strict() {
    let s = LabelSelector::parse("app=web, tier in (a,b)").unwrap();
    assert_eq!(s.to_string(), "app=web,tier in (a,b)");
    assert!(LabelSelector::parse("").is_err());
    assert!(LabelSelector::parse("app=web crash").is_err());
    assert!(LabelSelector::parse("env in (a").is_err());
    let mut s = LabelSelector::parse("a").unwrap();
    s.extend(LabelSelector::parse("!b").unwrap());
    assert_eq!(s.to_string(), "a,!b");
    assert_eq!(
        LabelSelector::parse("a notin (x, y,x)")
            .unwrap()
            .requirements(),
        &[Requirement::NotIn {
            key: "a".into(),
            values: vec!["x".into(), "y".into()]
        }]
    );
}

#[test]
fn describe_includes_error() {
    let f = Filter::parse("web(");
    assert_eq!(
        f.describe(),
        "/web(  (invalid regex: unclosed group; matching literally)"
    );
}

#[test]
fn input_is_kept() {
    assert_eq!(
        Filter::parse("  -l app=web  crash ").input(),
        "-l app=web  crash"
    );
}

#[test]
fn many_rows() {
    let rows: Vec<String> = (0..60_000)
        .map(|i| {
            format!(
                "shop web-{i}-abcde 1/1 Running {} 3d 10.0.{}.{}",
                i % 7,
                i % 250,
                i % 200
            )
        })
        .collect();
    let l = labels(&[("app", "web")]);
    let f = Filter::parse("running 3 3d");
    let n = rows.iter().filter(|r| f.matches(r, &l)).count();
    assert_eq!(n, 60_000 / 7 + usize::from(60_000 % 7 > 3));
    let f = Filter::parse("WEB-1");
    assert_eq!(rows.iter().filter(|r| f.matches(r, &l)).count(), 0);
    let f = Filter::parse("web-59999-");
    assert_eq!(rows.iter().filter(|r| f.matches(r, &l)).count(), 1);
}
