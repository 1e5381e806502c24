use super::*;

fn view(max_lines: usize) -> LogView {
    let mut v = LogView::new(
        "logs pod/web".into(),
        0,
        Target::Pod {
            namespace: "shop".into(),
            pod: "web".into(),
            containers: vec!["app".into()],
        },
        Since::Tail(500),
        max_lines,
        1 << 30,
    );
    v.sources.push(Source {
        pod: "web".into(),
        container: "app".into(),
        stream: 1,
        state: SourceState::Streaming,
        uid: "uid-1".into(),
        first_ts: None,
    });
    v
}

fn push(v: &mut LogView, text: &str) {
    v.push(LogLine::from_raw(0, None, text.as_bytes()));
}

fn texts(v: &LogView) -> Vec<String> {
    (0..v.visible_len())
        .map(|i| v.line(v.visible_seq(i).unwrap()).unwrap().text.to_string())
        .collect()
}

#[test]
fn scrolling_up_pauses_and_reaching_the_end_resumes() {
    let mut v = view(100);
    for i in 0..10 {
        push(&mut v, &format!("line {i}"));
    }
    assert!(v.follow);
    assert_eq!(v.current(), Some(9));
    v.scroll(-3);
    assert!(!v.follow);
    assert_eq!(v.cursor, 6);
    // New lines do not move a paused cursor.
    push(&mut v, "line 10");
    assert_eq!(v.current(), Some(6));
    v.scroll(100);
    assert!(v.follow, "moving to the end follows again");
    assert_eq!(v.current(), Some(10));
    v.to_top();
    assert_eq!((v.follow, v.cursor), (false, 0));
    v.to_bottom();
    assert!(v.follow);
}

#[test]
fn eviction_keeps_the_cursor_on_a_buffered_line_and_counts_drops() {
    let mut v = view(5);
    for i in 0..5 {
        push(&mut v, &format!("line {i}"));
    }
    v.to_top();
    assert_eq!(v.cursor, 0);
    for i in 5..8 {
        push(&mut v, &format!("line {i}"));
    }
    assert_eq!(v.first(), 3);
    assert_eq!(v.cursor, 3, "the cursor moved to the oldest kept line");
    assert_eq!(v.lines.dropped_items, 3);
    assert_eq!(texts(&v)[0], "line 3");
}

#[test]
fn the_filter_shows_matching_lines_markers_and_follows_new_ones() {
    let mut v = view(100);
    for t in [
        "GET /cart 200",
        "ERROR db down",
        "GET /pay 500",
        "ERROR retry",
    ] {
        push(&mut v, t);
    }
    v.set_filter("error");
    assert_eq!(texts(&v), ["ERROR db down", "ERROR retry"]);
    push(&mut v, "ERROR again");
    push(&mut v, "GET / 200");
    v.marker(0, Severity::Warning, "reconnected");
    assert_eq!(
        texts(&v),
        ["ERROR db down", "ERROR retry", "ERROR again", "reconnected"]
    );
    v.set_filter("!error");
    assert_eq!(
        texts(&v),
        ["GET /cart 200", "GET /pay 500", "GET / 200", "reconnected"]
    );
    v.set_filter("5\\d\\d$");
    assert_eq!(texts(&v), ["GET /pay 500", "reconnected"]);
    // An invalid regex is taken literally.
    v.set_filter("(");
    assert_eq!(texts(&v), ["reconnected"]);
    v.set_filter("");
    assert_eq!(v.visible_len(), 7);
}

#[test]
fn filtered_positions_survive_eviction() {
    let mut v = view(4);
    for i in 0..4 {
        push(
            &mut v,
            &format!("{} {i}", if i % 2 == 0 { "even" } else { "odd" }),
        );
    }
    v.set_filter("even");
    assert_eq!(texts(&v), ["even 0", "even 2"]);
    push(&mut v, "even 4");
    push(&mut v, "odd 5");
    assert_eq!(texts(&v), ["even 2", "even 4"]);
    assert_eq!(v.matches.front(), Some(&2));
}

#[test]
fn search_jumps_both_ways_and_wraps() {
    let mut v = view(100);
    for t in ["a", "needle 1", "b", "needle 2", "c"] {
        push(&mut v, t);
    }
    v.set_search("NEEDLE");
    assert!(v.jump(false), "backwards from the end");
    assert_eq!(v.cursor, 3);
    assert!(v.jump(false));
    assert_eq!(v.cursor, 1);
    assert!(v.jump(false), "wraps around");
    assert_eq!(v.cursor, 3);
    assert!(v.jump(true));
    assert_eq!(v.cursor, 1);
    v.set_search("absent");
    assert!(!v.jump(true));
}

#[test]
fn selection_spans_mark_to_cursor_and_plain_text_has_no_controls() {
    let mut v = view(100);
    for t in ["one", "two \u{1b}]0;pwned\u{7}", "three"] {
        push(&mut v, t);
    }
    v.to_top();
    v.mark = Some(v.cursor);
    v.scroll(1);
    assert_eq!(v.selection(), [0, 1]);
    let text: Vec<String> = v
        .selection()
        .iter()
        .map(|q| v.plain(*q, false).unwrap())
        .collect();
    assert_eq!(text[0], "one");
    assert!(text[1].starts_with("two ␛]0;pwned␇"));
    assert!(text.iter().all(|t| !t.chars().any(|c| c.is_control())));
}

#[test]
fn byte_cap_bounds_memory() {
    let mut v = LogView::new(
        "t".into(),
        0,
        Target::Pod {
            namespace: "n".into(),
            pod: "p".into(),
            containers: vec!["c".into()],
        },
        Since::All,
        1_000_000,
        100_000,
    );
    let long = "x".repeat(1000);
    for _ in 0..1000 {
        push(&mut v, &long);
    }
    assert!(v.lines.bytes() <= 100_000);
    assert!(v.lines.dropped_items > 800);
    assert_eq!(v.pushed, 1000);
}

#[test]
fn markers_quoting_a_server_are_made_safe() {
    let mut v = view(10);
    v.marker(
        0,
        Severity::Error,
        "forbidden: \u{1b}]52;c;eA==\u{7} \u{202e}x",
    );
    let text = v.plain(0, false).unwrap();
    assert!(!text.chars().any(crate::app::text::is_hidden), "{text:?}");
    // Shown as everywhere else: control pictures, bidi escaped.
    assert!(
        text.contains("forbidden: ␛]52;c;eA==␇ \\u{202E}x"),
        "{text:?}"
    );
}
