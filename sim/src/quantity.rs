//! Kubernetes resource quantities ("250m", "1.5", "128Mi", "1G"): their
//! values as numbers for requests, limits, quota and metrics, and their
//! canonical text (`Quantity.String()`) for what the server prints.

/// A quantity suffix: it scales by 2^`exponent` when `binary`, else by
/// 10^`exponent`; `factor` is that scale as a float.
struct Suffix {
    text: &'static str,
    binary: bool,
    exponent: i32,
    factor: f64,
}

const fn suffix(text: &'static str, binary: bool, exponent: i32, factor: f64) -> Suffix {
    Suffix {
        text,
        binary,
        exponent,
        factor,
    }
}

/// Every suffix; the float parser tries them in this order.
const SUFFIXES: &[Suffix] = &[
    suffix("Ki", true, 10, 1024.0),
    suffix("Mi", true, 20, 1048576.0),
    suffix("Gi", true, 30, 1073741824.0),
    suffix("Ti", true, 40, 1099511627776.0),
    suffix("Pi", true, 50, 1125899906842624.0),
    suffix("Ei", true, 60, 1152921504606846976.0),
    suffix("n", false, -9, 1e-9),
    suffix("u", false, -6, 1e-6),
    suffix("m", false, -3, 1e-3),
    suffix("k", false, 3, 1e3),
    suffix("M", false, 6, 1e6),
    suffix("G", false, 9, 1e9),
    suffix("T", false, 12, 1e12),
    suffix("P", false, 15, 1e15),
    suffix("E", false, 18, 1e18),
];

/// The suffix of a binary or decimal scale; None when there is none.
fn suffix_text(binary: bool, exponent: i32) -> Option<&'static str> {
    SUFFIXES
        .iter()
        .find(|s| s.binary == binary && s.exponent == exponent)
        .map(|s| s.text)
}

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
    let (num, mult) = SUFFIXES
        .iter()
        .find_map(|s| q.strip_suffix(s.text).map(|n| (n, s.factor)))
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

/// `Quantity.String()`: the canonical form of a quantity (`1.5Gi` is
/// `1536Mi`, `0.25` is `250m`), as the API server prints it; None when it is
/// not a quantity. Exact, unlike the float values above.
pub fn canonical(q: &str) -> Option<String> {
    parse_nanos(q).map(|(value, format)| format_nanos(value, format))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuantityFormat {
    DecimalSi,
    BinarySi,
    DecimalExponent,
}

const NANO: u128 = 1_000_000_000;

/// Parses a quantity (`500m`, `1.5Gi`, `1e3`, `10`) into a signed count of
/// nano-units, rounding sub-nano precision away from zero and capping the
/// magnitude at 2^63-1 units, as `resource.ParseQuantity` does.
fn parse_nanos(s: &str) -> Option<(i128, QuantityFormat)> {
    let s = s.trim();
    let b = s.as_bytes();
    let mut pos = 0;
    let mut negative = false;
    if let Some(sign) = b.first()
        && (*sign == b'+' || *sign == b'-')
    {
        negative = *sign == b'-';
        pos = 1;
    }
    let int_start = pos;
    while b.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    let int_digits = s.get(int_start..pos)?;
    let mut frac_digits = "";
    if b.get(pos) == Some(&b'.') {
        pos += 1;
        let frac_start = pos;
        while b.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        frac_digits = s.get(frac_start..pos)?;
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return None;
    }
    let suffix = s.get(pos..)?;
    let known = SUFFIXES.iter().find(|x| x.text == suffix);
    let (base2, exponent, format) = match (suffix, known) {
        ("", _) => (false, 0, QuantityFormat::DecimalSi),
        (_, Some(x)) if x.binary => (true, x.exponent, QuantityFormat::BinarySi),
        (_, Some(x)) => (false, x.exponent, QuantityFormat::DecimalSi),
        (other, None) => {
            let rest = other
                .strip_prefix('e')
                .or_else(|| other.strip_prefix('E'))?;
            let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
            if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            (
                false,
                rest.parse::<i32>().ok()?,
                QuantityFormat::DecimalExponent,
            )
        }
    };

    let mut digits = format!("{int_digits}{frac_digits}");
    let trimmed = digits.trim_start_matches('0').len();
    digits = digits.split_off(digits.len() - trimmed);
    if digits.is_empty() {
        return Some((0, format));
    }
    // Keep 36 significant digits (u128 holds them); anything dropped only
    // matters for rounding up, or is far beyond the cap anyway.
    let dropped = digits.len().saturating_sub(36);
    let (kept, rest) = digits.split_at(digits.len() - dropped);
    let inexact = rest.bytes().any(|c| c != b'0');
    let mut mantissa: u128 = kept.parse().ok()?;
    let frac_len = i32::try_from(frac_digits.len()).ok()?;
    // Power of ten that turns the mantissa into nano-units.
    let mut scale: i32 = i32::try_from(dropped)
        .ok()?
        .checked_sub(frac_len)?
        .checked_add(9)?;
    if base2 {
        mantissa = mantissa.checked_mul(1u128 << exponent)?;
    } else {
        scale = scale.checked_add(exponent)?;
    }
    let max = u128::from(u64::MAX >> 1) * NANO;
    let magnitude = if scale >= 0 {
        10u128
            .checked_pow(u32::try_from(scale).ok()?)
            .and_then(|p| mantissa.checked_mul(p))
            .map_or(max, |m| m.min(max))
    } else {
        match 10u128.checked_pow(scale.unsigned_abs()) {
            Some(p) if inexact && mantissa.is_multiple_of(p) => mantissa / p + 1,
            Some(p) => mantissa.div_ceil(p),
            None => 1,
        }
    }
    .min(max);
    let value = i128::try_from(magnitude).ok()?;
    Some((if negative { -value } else { value }, format))
}

/// `Quantity.String()` of a parsed quantity.
fn format_nanos(value: i128, format: QuantityFormat) -> String {
    if value == 0 {
        return "0".to_string();
    }
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    let mut format = format;
    if format == QuantityFormat::BinarySi
        && (magnitude < 1024 * NANO || !magnitude.is_multiple_of(NANO))
    {
        format = QuantityFormat::DecimalSi;
    }
    if format == QuantityFormat::BinarySi {
        let mut n = magnitude / NANO;
        let mut e = 0i32;
        while e < 6 && n.is_multiple_of(1024) {
            n /= 1024;
            e += 1;
        }
        let suffix = suffix_text(true, 10 * e).unwrap_or("");
        return format!("{sign}{n}{suffix}");
    }
    let mut mantissa = magnitude;
    let mut exponent: i32 = -9;
    while mantissa.is_multiple_of(10) {
        mantissa /= 10;
        exponent += 1;
    }
    let r = exponent.rem_euclid(3);
    mantissa *= 10u128.pow(r.unsigned_abs());
    exponent -= r;
    let suffix = if format == QuantityFormat::DecimalExponent {
        if exponent == 0 {
            String::new()
        } else {
            format!("e{exponent}")
        }
    } else {
        match (exponent, suffix_text(false, exponent)) {
            (0, _) => String::new(),
            (_, Some(s)) => s.to_string(),
            (other, None) => format!("e{other}"),
        }
    };
    format!("{sign}{mantissa}{suffix}")
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
