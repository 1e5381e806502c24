//! The log view and the container picker. Only the lines on screen are
//! styled: prefixes coloured per pod/container, JSON made readable with the
//! level coloured, ANSI colours from the container kept as styles,
//! neutralised sequences dimmed, search matches highlighted, the cursor and
//! selection marked. Long lines are cut (scroll sideways) or wrapped.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph};
use unicode_width::UnicodeWidthChar;

use crate::app::logview::layout::{self, Look, Piece, Wrap};
use crate::app::logview::line::LogLevel;
use crate::app::logview::sanitize::{Color as SgrColor, Sgr};
use crate::app::logview::{InputKind, LogView, SourceState};
use crate::app::state::Picker;
use crate::app::text;
use crate::config::theme::Theme;
use crate::kube::logs::{Severity, Since};

const PALETTE: [Color; 8] = [
    Color::Cyan,
    Color::Magenta,
    Color::Green,
    Color::Yellow,
    Color::LightBlue,
    Color::LightRed,
    Color::LightGreen,
    Color::LightMagenta,
];

fn prefix_style(i: u32, theme: &Theme) -> Style {
    if theme.monochrome {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default().fg(PALETTE[i as usize % PALETTE.len()])
    }
}

fn level_style(l: LogLevel, theme: &Theme) -> Style {
    match l {
        LogLevel::Error => theme.error,
        LogLevel::Warn => theme.warning,
        LogLevel::Info => theme.ok,
        LogLevel::Debug | LogLevel::Trace => theme.dim,
    }
}

fn sgr_color(c: SgrColor) -> Color {
    match c {
        SgrColor::Indexed(i) => Color::Indexed(i),
        SgrColor::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

fn sgr_style(s: &Sgr, theme: &Theme) -> Style {
    let mut st = Style::default();
    if !theme.monochrome {
        if let Some(c) = s.fg {
            st = st.fg(sgr_color(c));
        }
        if let Some(c) = s.bg {
            st = st.bg(sgr_color(c));
        }
    }
    for (on, m) in [
        (s.bold, Modifier::BOLD),
        (s.dim, Modifier::DIM),
        (s.italic, Modifier::ITALIC),
        (s.underline, Modifier::UNDERLINED),
    ] {
        if on {
            st = st.add_modifier(m);
        }
    }
    st
}

/// Split styled pieces so that byte ranges `hits` (in the joined text) get
/// `hit` patched over their style.
fn overlay(
    pieces: Vec<(String, Style)>,
    hits: &[(usize, usize)],
    hit: Style,
) -> Vec<(String, Style)> {
    if hits.is_empty() {
        return pieces;
    }
    let mut out = Vec::new();
    let mut at = 0usize;
    for (text, style) in pieces {
        let end = at + text.len();
        let mut cur = 0usize;
        for &(a, b) in hits {
            let (a, b) = (a.max(at), b.min(end));
            if a >= b {
                continue;
            }
            let (la, lb) = (a - at, b - at);
            if !text.is_char_boundary(la) || !text.is_char_boundary(lb) || la < cur {
                continue;
            }
            if la > cur {
                out.push((text[cur..la].to_string(), style));
            }
            out.push((text[la..lb].to_string(), style.patch(hit)));
            cur = lb;
        }
        if cur < text.len() {
            out.push((text[cur..].to_string(), style));
        }
        at = end;
    }
    out
}

/// The style of a piece of a line.
fn look_style(look: &Look, theme: &Theme) -> Style {
    match look {
        Look::Timestamp => theme.dim,
        Look::Prefix(i) => prefix_style(*i, theme),
        Look::Text => theme.text,
        Look::Marker(Severity::Info) => theme.dim.add_modifier(Modifier::ITALIC),
        Look::Marker(Severity::Warning) => theme.warning.add_modifier(Modifier::ITALIC),
        Look::Marker(Severity::Error) => theme.error.add_modifier(Modifier::BOLD),
        Look::Level(l) => level_style(*l, theme).add_modifier(Modifier::BOLD),
        Look::Sgr(sgr) => theme.text.patch(sgr_style(sgr, theme)),
        Look::Placeholder => theme.dim.add_modifier(Modifier::REVERSED),
    }
}

fn styled(pieces: Vec<Piece>, theme: &Theme) -> Vec<(String, Style)> {
    pieces
        .into_iter()
        .map(|p| {
            let style = look_style(&p.look, theme);
            (p.text, style)
        })
        .collect()
}

/// The display rows of one line at `width` columns.
fn rows_of(
    v: &LogView,
    seq: u64,
    (width, pad): (usize, usize),
    theme: &Theme,
    selected: bool,
) -> Vec<Line<'static>> {
    let Some(l) = v.line(seq) else {
        return Vec::new();
    };
    let head = styled(layout::head(v, l, pad), theme);
    let mut text = styled(layout::body(v, l), theme);
    if let Some(re) = &v.search {
        let joined: String = text.iter().map(|(t, _)| t.as_str()).collect();
        let hits: Vec<(usize, usize)> = re
            .find_iter(&joined)
            .filter(|m| m.start() < m.end())
            .map(|m| (m.start(), m.end()))
            .collect();
        text = overlay(text, &hits, theme.search);
    }
    let mark = |style: Style| {
        if selected {
            style.patch(theme.selected)
        } else {
            style
        }
    };
    if !v.wrap {
        // Sideways scrolling moves the text, not the timestamp and prefix.
        let mut skip = v.hscroll;
        let mut spans: Vec<Span<'static>> = head
            .into_iter()
            .map(|(t, s)| Span::styled(t, mark(s)))
            .collect();
        for (t, s) in text {
            if skip == 0 {
                spans.push(Span::styled(t, mark(s)));
                continue;
            }
            let mut cut = 0;
            for (i, c) in t.char_indices() {
                if skip == 0 {
                    break;
                }
                skip = skip.saturating_sub(c.width().unwrap_or(0).max(1));
                cut = i + c.len_utf8();
            }
            if cut < t.len() {
                spans.push(Span::styled(t[cut..].to_string(), mark(s)));
            }
        }
        let mut line = Line::from(spans);
        if selected {
            line = line.style(theme.selected);
        }
        return vec![line];
    }
    // Wrapped exactly as the app measured it (layout::height).
    let mut wrap = Wrap::new(width);
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    for (t, s) in head.into_iter().chain(text) {
        let mut piece = String::new();
        for c in t.chars() {
            if wrap.place(c) {
                if !piece.is_empty() {
                    let span = Span::styled(std::mem::take(&mut piece), mark(s));
                    if let Some(row) = rows.last_mut() {
                        row.push(span);
                    }
                }
                rows.push(Vec::new());
            }
            piece.push(c);
        }
        if !piece.is_empty()
            && let Some(row) = rows.last_mut()
        {
            row.push(Span::styled(piece, mark(s)));
        }
    }
    rows.into_iter()
        .map(|spans| {
            let l = Line::from(spans);
            if selected { l.style(theme.selected) } else { l }
        })
        .collect()
}

fn since_text(s: Since) -> String {
    match s {
        Since::Tail(n) => format!("tail {n}"),
        Since::Seconds(n) if n % 3600 == 0 => format!("since {}h", n / 3600),
        Since::Seconds(n) => format!("since {}m", n / 60),
        Since::All => "all".into(),
    }
}

fn human_bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64)
    } else if n >= 1 << 10 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

fn status_line(v: &LogView, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(format!("{} ", v.title), theme.title)];
    let state = if v.follow {
        Span::styled("● following ", theme.ok)
    } else {
        Span::styled("❚❚ paused (G resumes) ", theme.warning)
    };
    spans.push(state);
    let mut info = vec![since_text(v.since)];
    if v.previous {
        info.push("PREVIOUS instance".into());
    }
    let live = v
        .sources
        .iter()
        .filter(|s| s.state == SourceState::Streaming)
        .count();
    if v.prefixed() {
        info.push(format!("{live}/{} streams", v.sources.len()));
    } else if live == 0 && !v.sources.is_empty() {
        info.push("stream ended".into());
    }
    if v.capped > 0 {
        info.push(format!("{} pods not streamed (cap)", v.capped));
    }
    if let Some(f) = &v.filter {
        info.push(format!("filter {} ({} lines)", f.text, v.matches.len()));
    }
    if !v.search_text.is_empty() {
        info.push(format!("/{}", v.search_text));
    }
    info.push(format!("{} lines", v.lines.len()));
    spans.push(Span::styled(info.join(" · "), theme.dim));
    if v.lines.dropped_items > 0 {
        spans.push(Span::styled(
            format!(
                " · dropped {} older lines ({})",
                v.lines.dropped_items,
                human_bytes(v.lines.dropped_bytes)
            ),
            theme.warning,
        ));
    }
    Line::from(spans)
}

/// Draw the view from its settled top line (`layout::settle`).
pub fn draw(f: &mut Frame, area: Rect, v: &LogView, theme: &Theme) {
    let [top, text] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    f.render_widget(Paragraph::new(super::shown(status_line(v, theme))), top);
    let height = text.height as usize;
    let width = text.width as usize;
    let n = v.visible_len();
    if n == 0 {
        let msg = if v.filter.is_some() {
            "no line matches the filter"
        } else {
            "waiting for log lines…"
        };
        f.render_widget(Paragraph::new(Span::styled(msg, theme.dim)), text);
        return;
    }
    let sel: Option<(u64, u64)> = v.mark.and_then(|m| {
        let c = v.current()?;
        Some((m.min(c), m.max(c)))
    });
    let is_selected = |seq: u64| -> bool {
        if let Some((a, b)) = sel {
            return seq >= a && seq <= b;
        }
        !v.follow && seq == v.cursor
    };
    let dims = (width, layout::prefix_pad(v));
    let first = v.visible_index(v.top);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut i = first;
    // Following: every line from `first` (the newest must show; the
    // oldest rows are cut below). Paused: until the screen is full.
    while i < n && (v.follow || lines.len() < height) {
        let seq = v.visible_seq(i).unwrap_or(0);
        lines.extend(rows_of(v, seq, dims, theme, is_selected(seq)));
        i += 1;
    }
    // Following with wrapped lines: keep the newest rows in view.
    if lines.len() > height && v.follow {
        let cut = lines.len() - height;
        lines.drain(..cut);
    }
    lines.truncate(height);
    f.render_widget(Paragraph::new(lines), text);
}

/// The footer while typing a search or filter.
pub fn input_prompt(v: &LogView) -> Option<(&'static str, String, usize)> {
    let (kind, input) = v.input.as_ref()?;
    let text = input.lines().first().cloned().unwrap_or_default();
    let prompt = match kind {
        InputKind::Search => "/",
        InputKind::Filter => "& (show only; !inverts) ",
    };
    Some((prompt, text, input.cursor().1))
}

pub fn draw_picker(f: &mut Frame, area: Rect, p: &Picker, theme: &Theme) {
    let w = (p
        .items
        .iter()
        .map(|i| i.len())
        .chain(std::iter::once(p.title.len()))
        .max()
        .unwrap_or(20)
        + 4)
    .min(area.width as usize) as u16;
    let h = (p.items.len() as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width.saturating_sub(w)) / 2,
        y: area.y + (area.height.saturating_sub(h)) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, rect);
    let items: Vec<ListItem> = p
        .items
        .iter()
        .map(|i| ListItem::new(Span::raw(text::visible(i).into_owned())))
        .collect();
    let list = List::new(items)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(Span::styled(
                    format!(" {} ", text::visible(&p.title)),
                    theme.title,
                )),
        )
        .highlight_style(theme.selected);
    let mut state = ListState::default().with_selected(Some(p.cursor));
    f.render_stateful_widget(list, rect, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_splits_pieces_at_match_bounds() {
        let hit = Style::default().add_modifier(Modifier::REVERSED);
        let out = overlay(
            vec![
                ("abc".into(), Style::default()),
                ("def".into(), Style::default()),
            ],
            &[(2, 4)],
            hit,
        );
        let texts: Vec<(&str, bool)> = out
            .iter()
            .map(|(t, s)| (t.as_str(), s.add_modifier.contains(Modifier::REVERSED)))
            .collect();
        assert_eq!(
            texts,
            [("ab", false), ("c", true), ("d", true), ("ef", false)]
        );
    }
}
