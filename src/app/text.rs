//! Text from clusters and files made safe to show: nothing reaches the
//! terminal that it would obey instead of print (C0/C1 controls, ESC
//! sequences), and nothing is silently hidden or reordered (bidi overrides
//! and isolates, zero-width and other invisible format characters). Each
//! such character is shown visibly, the same way everywhere: C0 controls as
//! their control pictures (`␛`, `␇`), DEL as `␡`, the others as `\u{202E}`.

use std::borrow::Cow;

/// Characters that change the direction of the text around them.
fn is_bidi(c: char) -> bool {
    matches!(c as u32, 0x061C | 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069)
}

/// Characters that take no room or draw nothing: zero-width spaces and
/// joiners, the word joiner and invisible operators, the byte-order mark,
/// soft hyphen, interlinear annotation, Mongolian vowel separator, tag
/// characters, variation-less fillers.
fn is_invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x034F
            | 0x115F
            | 0x1160
            | 0x17B4
            | 0x17B5
            | 0x180E
            | 0x200B..=0x200D
            | 0x2060..=0x2064
            | 0x206A..=0x206F
            | 0x3164
            | 0xFEFF
            | 0xFFA0
            | 0xFFF9..=0xFFFB
            | 0xE0000..=0xE007F
    )
}

/// Whether `c` must not be shown as itself.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_bidi(c) || is_invisible(c)
}

/// The visible stand-in for a hidden character.
pub fn stand_in(c: char, out: &mut String) {
    match c as u32 {
        0x7f => out.push('␡'),
        n @ 0x00..=0x1f => out.push(char::from_u32(0x2400 + n).unwrap_or('\u{fffd}')),
        n => out.push_str(&format!("\\u{{{n:X}}}")),
    }
}

/// Whether `s` has no hidden character (printable ASCII, the common case,
/// is checked byte by byte first).
pub fn is_plain(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b)) || !s.chars().any(is_hidden)
}

/// `s` with every hidden character shown visibly (borrowed when there is
/// none, the common case).
pub fn visible(s: &str) -> Cow<'_, str> {
    if is_plain(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden(c) {
            stand_in(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Multi-line text (describe, YAML) made visible line by line: line breaks
/// stay, a tab becomes spaces to the next stop of 8, the rest as
/// [`visible`].
pub fn visible_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut col = 0;
        for c in line.chars() {
            if c == '\t' {
                let n = 8 - col % 8;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            } else if is_hidden(c) {
                let before = out.len();
                stand_in(c, &mut out);
                col += out[before..].chars().count();
            } else {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(visible("web-1 Running"), Cow::Borrowed(_)));
        assert!(matches!(visible("日本語 ✓ café"), Cow::Borrowed(_)));
    }

    #[test]
    fn bidi_and_invisible_characters_are_shown_not_obeyed() {
        assert_eq!(visible("evil\u{202E}exe.txt"), "evil\\u{202E}exe.txt");
        assert_eq!(visible("a\u{200B}b\u{200D}c"), "a\\u{200B}b\\u{200D}c");
        assert_eq!(visible("\u{FEFF}bom"), "\\u{FEFF}bom");
        assert_eq!(visible("x\u{2066}y\u{2069}"), "x\\u{2066}y\\u{2069}");
        assert_eq!(visible("tag\u{E0041}"), "tag\\u{E0041}");
    }

    #[test]
    fn controls_become_pictures() {
        assert_eq!(visible("a\u{1b}[2Jb\u{7}"), "a␛[2Jb␇");
        assert_eq!(visible("del\u{7f}"), "del␡");
        assert_eq!(visible("c1\u{9b}31m"), "c1\\u{9B}31m");
        assert_eq!(visible("tab\there"), "tab␉here");
    }

    #[test]
    fn lines_keep_their_breaks_and_expand_tabs() {
        assert_eq!(
            visible_lines("Labels:\tapp=a\u{202E}b\r\nnext"),
            "Labels: app=a\\u{202E}b\nnext"
        );
    }

    #[test]
    fn nothing_hidden_survives_any_input() {
        // Every character of the first planes, and around the special ones.
        let all: String = (0u32..0x3000)
            .chain(0xFE00..0x10000)
            .chain(0xE0000..0xE0100)
            .filter_map(char::from_u32)
            .collect();
        let out = visible(&all);
        assert!(!out.chars().any(is_hidden));
        let out = visible_lines(&all);
        assert!(!out.chars().any(|c| c != '\n' && is_hidden(c)));
    }
}
