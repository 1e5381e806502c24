use super::*;
use crate::table::format::{format_label_selector, format_labels};

#[test]
fn human_duration_boundaries() {
    let s = Duration::seconds;
    let m = Duration::minutes;
    let h = Duration::hours;
    let d = Duration::days;
    let cases: Vec<(Duration, &str)> = vec![
        (s(-3), "<invalid>"),
        (s(-2), "<invalid>"),
        (Duration::milliseconds(-1999), "0s"),
        (Duration::milliseconds(-1500), "0s"),
        (s(-1), "0s"),
        (Duration::milliseconds(-500), "0s"),
        (s(0), "0s"),
        (Duration::milliseconds(999), "0s"),
        (s(1), "1s"),
        (s(45), "45s"),
        (s(59), "59s"),
        (s(60), "60s"),
        (s(119), "119s"),
        (Duration::milliseconds(119_999), "119s"),
        (s(120), "2m"),
        (s(121), "2m1s"),
        (s(330), "5m30s"),
        (s(300), "5m"),
        (s(599), "9m59s"),
        (s(600), "10m"),
        (s(601), "10m"),
        (m(179) + s(59), "179m"),
        (m(180), "3h"),
        (m(181), "3h1m"),
        (h(3) + m(20) + s(59), "3h20m"),
        (h(7) + m(59) + s(59), "7h59m"),
        (h(8), "8h"),
        (h(8) + m(30), "8h"),
        (h(47) + m(59), "47h"),
        (h(48), "2d"),
        (h(49), "2d1h"),
        (d(7) + h(23) + m(59), "7d23h"),
        (d(8), "8d"),
        (d(8) + h(5), "8d"),
        (d(729) + h(23), "729d"),
        (d(730), "2y"),
        (d(731), "2y1d"),
        (d(365 * 8) - h(1), "7y364d"),
        (d(365 * 8), "8y"),
        (d(365 * 8 + 200), "8y"),
        (d(365 * 20), "20y"),
    ];
    for (dur, want) in cases {
        assert_eq!(human_duration(dur), want, "duration {dur:?}");
    }
}

#[test]
fn age_translates_timestamps() {
    assert_eq!(age(None, now()), "<unknown>");
    assert_eq!(age(Some("garbage"), now()), "<unknown>");
    assert_eq!(age(Some("0001-01-01T00:00:00Z"), now()), "<unknown>");
    assert_eq!(age(Some("2026-11-22T00:35:29Z"), now()), "12m");
    assert_eq!(age(Some("2026-11-22T00:31:33Z"), now()), "16m");
    assert_eq!(age(Some("2026-11-22T01:31:33+01:00"), now()), "16m");
    assert_eq!(age(Some("2026-11-22T00:47:59.5Z"), now()), "0s");
    // In the future: a little clock skew is tolerated.
    assert_eq!(age(Some("2026-11-22T00:48:01Z"), now()), "0s");
    assert_eq!(age(Some("2026-11-22T00:49:00Z"), now()), "<invalid>");
}

#[test]
fn label_selectors() {
    let sel = json!({
        "matchLabels": {"tier": "front", "app": "web"},
        "matchExpressions": [
            {"key": "env", "operator": "In", "values": ["prod", "dev"]},
            {"key": "zone", "operator": "NotIn", "values": ["b", "a"]},
            {"key": "gpu", "operator": "Exists"},
            {"key": "example.com/legacy", "operator": "DoesNotExist", "values": []}
        ]
    });
    assert_eq!(
        format_label_selector(Some(&sel)),
        "app=web,env in (dev,prod),!example.com/legacy,gpu,tier=front,zone notin (a,b)"
    );
    assert_eq!(format_label_selector(None), "<none>");
    assert_eq!(format_label_selector(Some(&json!({}))), "<none>");
    assert_eq!(
        format_label_selector(Some(&json!({"matchLabels": {}}))),
        "<none>"
    );
    assert_eq!(
        format_label_selector(Some(&json!({"matchLabels": {"a": 1}}))),
        "<error>"
    );
    assert_eq!(
        format_label_selector(Some(&json!({"matchLabels": {"a b": "c"}}))),
        "<error>"
    );
    assert_eq!(
        format_label_selector(Some(&json!({"matchLabels": {"a": "-bad-"}}))),
        "<error>"
    );
    assert_eq!(
        format_label_selector(Some(&json!({"matchLabels": {"a": ""}}))),
        "a="
    );
    assert_eq!(
        format_label_selector(Some(
            &json!({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]})
        )),
        "<error>"
    );
    assert_eq!(
        format_label_selector(Some(
            &json!({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]})
        )),
        "<error>"
    );
    assert_eq!(format_label_selector(Some(&json!("app=web"))), "<error>");
    assert_eq!(
        format_label_selector(Some(&json!({"matchLabels": {"Example.com/a": "b"}}))),
        "<error>"
    );
    assert_eq!(
        format_label_selector(Some(&json!({"matchLabels": {"/a": "b"}}))),
        "<error>"
    );
    assert_eq!(
        format_label_selector(Some(&json!({"matchLabels": {"a/b/c": "d"}}))),
        "<error>"
    );
    assert_eq!(
        format_label_selector(Some(&json!({"matchLabels": {"k8s.io/a_b.c": "B.1"}}))),
        "k8s.io/a_b.c=B.1"
    );
    assert_eq!(
        format_label_selector(Some(
            &json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["y", "x", "y"]}]})
        )),
        "a in (x,y,y)"
    );
    assert_eq!(format_labels(None), "<none>");
    let m = json!({"a.b": "x", "a": "y"});
    assert_eq!(format_labels(m.as_object()), "a.b=x,a=y");
}
