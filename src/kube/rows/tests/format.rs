use std::collections::BTreeMap;

use chrono::TimeDelta;

use super::{at, now};
use crate::kube::rows::{age, format_labels, human_duration, quantity_value, restarts};

fn hd(secs: i64) -> String {
    human_duration(TimeDelta::seconds(secs))
}

#[test]
fn human_duration_boundaries() {
    const M: i64 = 60;
    const H: i64 = 3600;
    const D: i64 = 24 * H;
    const Y: i64 = 365 * D;
    let cases: &[(i64, &str)] = &[
        (-5, "<invalid>"),
        (-2, "<invalid>"),
        (-1, "0s"),
        (0, "0s"),
        (45, "45s"),
        (119, "119s"),
        (120, "2m"),
        (121, "2m1s"),
        (5 * M + 30, "5m30s"),
        (9 * M + 59, "9m59s"),
        (10 * M, "10m"),
        (10 * M + 30, "10m"),
        (3 * H - 1, "179m"),
        (3 * H, "3h"),
        (3 * H + 5 * M, "3h5m"),
        (8 * H - 1, "7h59m"),
        (8 * H, "8h"),
        (47 * H + 59 * M, "47h"),
        (48 * H, "2d"),
        (2 * D + 5 * H, "2d5h"),
        (8 * D - 1, "7d23h"),
        (8 * D, "8d"),
        (2 * Y - 1, "729d"),
        (2 * Y, "2y"),
        (2 * Y + 30 * D, "2y30d"),
        (8 * Y - 1, "7y364d"),
        (8 * Y, "8y"),
        (20 * Y + 100 * D, "20y"),
    ];
    for (secs, want) in cases {
        assert_eq!(hd(*secs), *want, "{secs}s");
    }
    // Fractions truncate toward zero like Go's int(d.Seconds()).
    assert_eq!(human_duration(TimeDelta::milliseconds(-1500)), "0s");
    assert_eq!(human_duration(TimeDelta::milliseconds(-2500)), "<invalid>");
    assert_eq!(human_duration(TimeDelta::milliseconds(119_999)), "119s");
}

#[test]
fn age_uses_now_and_unknown() {
    assert_eq!(age(None, now()), "<unknown>");
    assert_eq!(age(Some(at("2025-06-01T11:55:00Z")), now()), "5m");
    assert_eq!(age(Some(at("2025-05-30T12:00:00Z")), now()), "2d");
    // A little clock skew reads as just created; far in the future is
    // still invalid, as kubectl says.
    assert_eq!(age(Some(at("2025-06-01T12:00:10Z")), now()), "0s");
    assert_eq!(age(Some(at("2025-06-01T12:01:59Z")), now()), "0s");
    assert_eq!(age(Some(at("2025-06-01T12:10:00Z")), now()), "<invalid>");
}

#[test]
fn restarts_formatting() {
    assert_eq!(restarts(0, None, now()), "0");
    assert_eq!(restarts(0, Some(at("2025-06-01T11:00:00Z")), now()), "0");
    assert_eq!(restarts(3, None, now()), "3");
    assert_eq!(
        restarts(5, Some(at("2025-06-01T11:57:00Z")), now()),
        "5 (3m ago)"
    );
    assert_eq!(
        restarts(1, Some(at("2025-05-31T12:00:00Z")), now()),
        "1 (24h ago)"
    );
}

#[test]
fn quantity_parsing() {
    let close = |s: &str, want: f64| {
        let got = quantity_value(s).unwrap_or(f64::NAN);
        assert!(
            (got - want).abs() <= want.abs() * 1e-12,
            "{s}: got {got}, want {want}"
        );
    };
    close("250m", 0.25);
    close("1.5", 1.5);
    close("128Mi", 128.0 * 1024.0 * 1024.0);
    close("2Gi", 2.0 * 1024.0 * 1024.0 * 1024.0);
    close("1Ki", 1024.0);
    close("1Ti", 1024f64.powi(4));
    close("1Pi", 1024f64.powi(5));
    close("1Ei", 1024f64.powi(6));
    close("1k", 1000.0);
    close("1M", 1e6);
    close("1G", 1e9);
    close("1T", 1e12);
    close("1P", 1e15);
    close("2E", 2e18);
    close("1e3", 1000.0);
    close("1E3", 1000.0);
    close("5e-3", 0.005);
    close("2e+2", 200.0);
    close("12345n", 0.000_012_345);
    close("100u", 0.0001);
    close("0", 0.0);
    close("-1", -1.0);
    close("+3", 3.0);
    close(".5", 0.5);
    close("5.", 5.0);
    close(" 7 ", 7.0);
    for bad in [
        "", "abc", "1x", "Mi", "1.2.3", ".", "1e", "1e+", "1ee3", "1Mii", "--1", "1 Mi", "1K",
    ] {
        assert_eq!(quantity_value(bad), None, "{bad:?}");
    }
}

#[test]
fn format_labels_sorted() {
    let mut m = BTreeMap::new();
    assert_eq!(format_labels(&m), "<none>");
    m.insert("b".to_string(), "2".to_string());
    m.insert("a".to_string(), "1".to_string());
    assert_eq!(format_labels(&m), "a=1,b=2");
}
