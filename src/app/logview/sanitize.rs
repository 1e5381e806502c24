//! Bytes from a cluster never reach the terminal as control sequences.
//! ANSI SGR colours become styles; every other escape or control sequence
//! is shown as visible placeholders (`␛]52;c;…␇`); invalid UTF-8 is
//! replaced lossily. The output contains no C0 or C1 control character.

/// Text attributes parsed from SGR sequences (colours as the 256-colour
/// palette index, or RGB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sgr {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub bold: bool,
    pub dim: bool,
    pub italic: bool,
    pub underline: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Indexed(u8),
    Rgb(u8, u8, u8),
}

/// A run of safe text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub style: Sgr,
    /// Shown in place of a neutralised control sequence.
    pub placeholder: bool,
}

/// The visible stand-in for a control character.
fn picture(c: char) -> char {
    match c as u32 {
        0x1b => '␛',
        0x7f => '␡',
        n @ 0x00..=0x1f => char::from_u32(0x2400 + n).unwrap_or('�'),
        _ => '�',
    }
}

fn is_control(c: char) -> bool {
    matches!(c as u32, 0x00..=0x1f | 0x7f..=0x9f)
}

/// Make a line visible text only: the output never contains ESC or any
/// other C0/C1 control character; tabs become spaces (to the next stop of 8).
pub fn sanitize(line: &[u8]) -> Vec<Segment> {
    let text = String::from_utf8_lossy(line);
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Segment> = Vec::new();
    let mut style = Sgr::default();
    let mut col = 0usize;
    let push = |out: &mut Vec<Segment>, s: &str, style: Sgr, placeholder: bool| {
        if s.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.style == style && last.placeholder == placeholder => {
                last.text.push_str(s)
            }
            _ => out.push(Segment {
                text: s.to_string(),
                style,
                placeholder,
            }),
        }
    };
    let visible = |seq: &[char]| -> String {
        let mut out = String::new();
        for c in seq {
            if is_control(*c) {
                out.push(picture(*c));
            } else if crate::app::text::is_hidden(*c) {
                crate::app::text::stand_in(*c, &mut out);
            } else {
                out.push(*c);
            }
        }
        out
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\x1b' {
            // CSI: ESC [ params intermediates final
            if chars.get(i + 1) == Some(&'[') {
                let mut j = i + 2;
                while j < chars.len()
                    && matches!(chars[j], '0'..='9' | ';' | ':' | '?' | '<' | '=' | '>' | ' '..='/')
                {
                    j += 1;
                }
                let end = (j + 1).min(chars.len());
                if chars.get(j) == Some(&'m') {
                    let params: String = chars[i + 2..j].iter().collect();
                    apply_sgr(&mut style, &params);
                } else {
                    let seq = visible(&chars[i..end]);
                    col += seq.chars().count();
                    push(&mut out, &seq, Sgr::default(), true);
                }
                i = end;
                continue;
            }
            // OSC (ESC ]), DCS (ESC P), APC, PM, SOS: up to BEL or ST.
            if matches!(chars.get(i + 1), Some(']' | 'P' | '_' | '^' | 'X')) {
                let mut j = i + 2;
                while j < chars.len()
                    && chars[j] != '\x07'
                    && !(chars[j] == '\x1b' && chars.get(j + 1) == Some(&'\\'))
                {
                    j += 1;
                }
                let end = if j < chars.len() && chars[j] == '\x1b' {
                    j + 2
                } else {
                    (j + 1).min(chars.len())
                };
                let seq = visible(&chars[i..end]);
                col += seq.chars().count();
                push(&mut out, &seq, Sgr::default(), true);
                i = end;
                continue;
            }
            let end = (i + 2).min(chars.len());
            let seq = visible(&chars[i..end]);
            col += seq.chars().count();
            push(&mut out, &seq, Sgr::default(), true);
            i = end;
            continue;
        }
        if c == '\t' {
            let n = 8 - col % 8;
            push(&mut out, &" ".repeat(n), style, false);
            col += n;
        } else if is_control(c) {
            push(&mut out, &picture(c).to_string(), Sgr::default(), true);
            col += 1;
        } else if !c.is_ascii() && crate::app::text::is_hidden(c) {
            // Bidi and invisible characters: shown, never obeyed.
            let mut shown = String::new();
            crate::app::text::stand_in(c, &mut shown);
            col += shown.chars().count();
            push(&mut out, &shown, Sgr::default(), true);
        } else {
            let mut b = [0u8; 4];
            push(&mut out, c.encode_utf8(&mut b), style, false);
            col += 1;
        }
        i += 1;
    }
    out
}

fn apply_sgr(style: &mut Sgr, params: &str) {
    let nums: Vec<u16> = if params.is_empty() {
        vec![0]
    } else {
        params
            .split([';', ':'])
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    };
    let mut k = 0;
    while k < nums.len() {
        let n = nums[k];
        match n {
            0 => *style = Sgr::default(),
            1 => style.bold = true,
            2 => style.dim = true,
            3 => style.italic = true,
            4 => style.underline = true,
            22 => {
                style.bold = false;
                style.dim = false;
            }
            23 => style.italic = false,
            24 => style.underline = false,
            30..=37 => style.fg = Some(Color::Indexed((n - 30) as u8)),
            90..=97 => style.fg = Some(Color::Indexed((n - 90 + 8) as u8)),
            39 => style.fg = None,
            40..=47 => style.bg = Some(Color::Indexed((n - 40) as u8)),
            100..=107 => style.bg = Some(Color::Indexed((n - 100 + 8) as u8)),
            49 => style.bg = None,
            38 | 48 => {
                let color = match nums.get(k + 1) {
                    Some(5) => {
                        k += 2;
                        nums.get(k).map(|v| Color::Indexed(*v as u8))
                    }
                    Some(2) => {
                        let rgb = (nums.get(k + 2), nums.get(k + 3), nums.get(k + 4));
                        k += 4;
                        match rgb {
                            (Some(r), Some(g), Some(b)) => {
                                Some(Color::Rgb(*r as u8, *g as u8, *b as u8))
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                if n == 38 {
                    style.fg = color;
                } else {
                    style.bg = color;
                }
            }
            _ => {}
        }
        k += 1;
    }
}

/// The plain text of sanitised segments (for search and saving).
pub fn plain(segments: &[Segment]) -> String {
    segments.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng, rngs::StdRng};

    fn safe(s: &str) -> bool {
        !s.chars().any(crate::app::text::is_hidden)
    }

    #[test]
    fn colours_become_styles() {
        let segs = sanitize(b"\x1b[32mINFO\x1b[0m \x1b[1mready\x1b[0m");
        assert_eq!(plain(&segs), "INFO ready");
        assert_eq!(segs[0].style.fg, Some(Color::Indexed(2)));
        assert!(segs.iter().any(|s| s.text == "ready" && s.style.bold));
        let rgb = sanitize(b"\x1b[38;2;255;0;10mX");
        assert_eq!(rgb[0].style.fg, Some(Color::Rgb(255, 0, 10)));
    }

    #[test]
    fn hostile_sequences_are_shown_not_obeyed() {
        let osc52 = plain(&sanitize(b"a\x1b]52;c;Y3VybA==\x07b"));
        assert_eq!(osc52, "a␛]52;c;Y3VybA==␇b");
        let title = plain(&sanitize(b"\x1b]0;pwned\x1b\\x"));
        assert_eq!(title, "␛]0;pwned␛\\x");
        let clear = plain(&sanitize(b"\x1b[2J\x1b[H\x1b[10Aok"));
        assert_eq!(clear, "␛[2J␛[H␛[10Aok");
        let bell = plain(&sanitize(b"ding\x07\x08\r"));
        assert_eq!(bell, "ding␇␈␍");
        assert!(sanitize(b"\x1b[2J").iter().all(|s| s.placeholder));
    }

    #[test]
    fn invalid_utf8_and_c1_controls_are_replaced() {
        let s = plain(&sanitize(&[b'a', 0xff, 0xfe, b'b', 0xc2, 0x9b, b'c']));
        assert!(s.starts_with('a') && s.ends_with('c'), "{s}");
        assert!(safe(&s), "{s:?}");
        assert!(s.contains('\u{fffd}'));
    }

    #[test]
    fn bidi_and_invisible_characters_are_placeholders() {
        let segs = sanitize("evil\u{202E}exe\u{200B}.txt".as_bytes());
        assert_eq!(plain(&segs), "evil\\u{202E}exe\\u{200B}.txt");
        assert!(segs.iter().any(|s| s.placeholder && s.text == "\\u{202E}"));
    }

    #[test]
    fn tabs_expand_to_spaces() {
        assert_eq!(plain(&sanitize(b"a\tb")), "a       b");
    }

    #[test]
    fn every_simulated_log_line_is_made_safe() {
        let now = chrono::Utc::now();
        for n in 0..2_000 {
            let line = kdeck_sim::logs::line(9, n, now);
            for seg in sanitize(&line) {
                assert!(safe(&seg.text), "line {n}: {:?}", seg.text);
            }
        }
    }

    #[test]
    fn fuzz_random_bytes_never_panic_or_emit_controls() {
        let mut rng = StdRng::seed_from_u64(42);
        let alphabet: &[u8] = b"\x1b[];0123456789mJHAP\\\x07\x9b\x08\r\n\tabc";
        for _ in 0..20_000 {
            let len = rng.random_range(0..64);
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if rng.random_bool(0.5) {
                        alphabet[rng.random_range(0..alphabet.len())]
                    } else {
                        rng.random()
                    }
                })
                .collect();
            let segs = sanitize(&bytes);
            for s in &segs {
                assert!(safe(&s.text), "{bytes:?} -> {:?}", s.text);
            }
        }
    }
}
