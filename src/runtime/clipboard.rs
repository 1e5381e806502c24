//! Copying to the clipboard with OSC 52: the terminal puts the text on the
//! local clipboard, so it works over SSH.

use crate::app::state::Level;

/// Most bytes put in one OSC 52 sequence (terminals cap it, ~100 KB).
const OSC52_MAX: usize = 74_000;

/// The OSC 52 sequence that puts `text` on the clipboard (keeping its end
/// when it is too long), and whether it was cut.
pub fn osc52(text: &str) -> (String, bool) {
    use base64::Engine;
    let mut start = text.len().saturating_sub(OSC52_MAX);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(&text.as_bytes()[start..]);
    (format!("\x1b]52;c;{b64}\x07"), start > 0)
}

pub fn copy(text: &str, lines: usize) -> (Level, String) {
    use std::io::Write;
    let (seq, cut) = osc52(text);
    let mut out = std::io::stdout();
    match out.write_all(seq.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) if cut => (
            Level::Warning,
            format!(
                "copied the last {} KB of {lines} lines (OSC 52 is limited; save with ctrl-s for more)",
                OSC52_MAX / 1000
            ),
        ),
        Ok(()) => (
            Level::Info,
            format!(
                "copied {lines} line{} to the clipboard (OSC 52)",
                if lines == 1 { "" } else { "s" }
            ),
        ),
        Err(e) => (Level::Error, format!("cannot copy: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_encodes_and_keeps_the_end_of_long_text() {
        let (seq, cut) = osc52("hi");
        assert_eq!(seq, "\x1b]52;c;aGk=\x07");
        assert!(!cut);
        let long = "x".repeat(OSC52_MAX + 10) + "END";
        let (seq, cut) = osc52(&long);
        assert!(cut);
        use base64::Engine;
        let b64 = seq
            .trim_start_matches("\x1b]52;c;")
            .trim_end_matches('\x07');
        let back = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        assert!(back.ends_with(b"END"));
        assert_eq!(back.len(), OSC52_MAX);
    }
}
