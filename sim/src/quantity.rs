//! Kubernetes resource quantities ("250m", "1.5", "128Mi", "1G"), enough for
//! requests, limits, capacity, quota and metrics.

/// CPU in millicores; None if not a quantity.
pub fn cpu_milli(q: &str) -> Option<i64> {
    value(q).map(|v| (v * 1000.0).round() as i64)
}

/// A quantity in base units (bytes for memory, count for pods); None if
/// not a quantity.
pub fn bytes(q: &str) -> Option<i64> {
    value(q).map(|v| v.round() as i64)
}

/// The value of a quantity in base units, with its SI or binary suffix.
fn value(q: &str) -> Option<f64> {
    let q = q.trim();
    const SUFFIXES: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1048576.0),
        ("Gi", 1073741824.0),
        ("Ti", 1099511627776.0),
        ("Pi", 1125899906842624.0),
        ("Ei", 1152921504606846976.0),
        ("n", 1e-9),
        ("u", 1e-6),
        ("m", 1e-3),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("E", 1e18),
    ];
    let (num, mult) = SUFFIXES
        .iter()
        .find_map(|(s, m)| q.strip_suffix(s).map(|n| (n, *m)))
        .unwrap_or((q, 1.0));
    let v = match num.split_once(['e', 'E']) {
        Some((mant, exp)) => mant.parse::<f64>().ok()? * 10f64.powi(exp.parse().ok()?),
        None => num.parse::<f64>().ok()?,
    };
    (v.is_finite()).then_some(v * mult)
}

/// Millicores as the API server prints them ("250m", "2").
pub fn format_cpu(milli: i64) -> String {
    if milli % 1000 == 0 {
        (milli / 1000).to_string()
    } else {
        format!("{milli}m")
    }
}

/// Bytes in the largest binary unit that divides them exactly ("128Mi").
pub fn format_bytes(b: i64) -> String {
    for (s, d) in [("Gi", 1i64 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)] {
        if b != 0 && b % d == 0 {
            return format!("{}{s}", b / d);
        }
    }
    b.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cpu() {
        assert_eq!(cpu_milli("250m"), Some(250));
        assert_eq!(cpu_milli("1.5"), Some(1500));
        assert_eq!(cpu_milli("2"), Some(2000));
        assert_eq!(cpu_milli("12345678n"), Some(12));
        assert_eq!(cpu_milli("x"), None);
    }

    #[test]
    fn parses_memory() {
        assert_eq!(bytes("128Mi"), Some(128 << 20));
        assert_eq!(bytes("1G"), Some(1_000_000_000));
        assert_eq!(bytes("1024"), Some(1024));
        assert_eq!(bytes("32869552Ki"), Some(32869552 * 1024));
        assert_eq!(bytes("1e3"), Some(1000));
        assert_eq!(bytes("abc"), None);
    }

    #[test]
    fn formats() {
        assert_eq!(format_cpu(1500), "1500m");
        assert_eq!(format_cpu(2000), "2");
        assert_eq!(format_bytes(128 << 20), "128Mi");
        assert_eq!(format_bytes(3 << 30), "3Gi");
        assert_eq!(format_bytes(1000), "1000");
    }
}
