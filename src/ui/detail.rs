//! Describe and YAML views: scrollable text, YAML keys coloured, search
//! matches highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::state::Detail;
use crate::app::text;
use crate::config::theme::Theme;

/// Split `text` into spans with every case-insensitive occurrence of
/// `needle` highlighted.
fn highlight(text: &str, needle: &str, base: Style, hit: Style) -> Vec<Span<'static>> {
    if needle.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let lower = text.to_lowercase();
    let n = needle.to_lowercase();
    // Lower-casing can change byte offsets for non-ASCII text: match on the
    // original only when lengths agree.
    if lower.len() != text.len() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find(&n) {
        let start = at + i;
        if start > at {
            out.push(Span::styled(text[at..start].to_string(), base));
        }
        out.push(Span::styled(text[start..start + n.len()].to_string(), hit));
        at = start + n.len();
    }
    if at < text.len() {
        out.push(Span::styled(text[at..].to_string(), base));
    }
    out
}

fn yaml_line(line: &str, search: &str, theme: &Theme) -> Line<'static> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return Line::from(highlight(line, search, theme.yaml_comment, theme.search));
    }
    let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    if let Some(colon) = body
        .find(':')
        .filter(|c| !body[..*c].contains(' ') || body.starts_with('"'))
    {
        let split = line.len() - body.len() + colon + 1;
        let mut spans = highlight(&line[..split], search, theme.yaml_key, theme.search);
        spans.extend(highlight(
            &line[split..],
            search,
            theme.yaml_value,
            theme.search,
        ));
        return Line::from(spans);
    }
    Line::from(highlight(line, search, theme.yaml_value, theme.search))
}

/// A line of a unified diff: added, removed and hunk lines coloured.
fn diff_line(line: &str, search: &str, theme: &Theme) -> Line<'static> {
    let style = if line.starts_with("+++") || line.starts_with("---") {
        theme.title
    } else if line.starts_with('+') {
        theme.ok
    } else if line.starts_with('-') {
        theme.error
    } else if line.starts_with("@@") {
        theme.dim
    } else {
        theme.text
    };
    Line::from(highlight(line, search, style, theme.search))
}

pub fn draw(f: &mut Frame, area: Rect, d: &Detail, theme: &Theme) {
    let what = if d.local {
        ""
    } else if d.yaml {
        "yaml"
    } else {
        "describe"
    };
    let mut title = format!(" {what} {} ", d.title);
    if d.yaml {
        title.push_str(if d.managed_fields {
            "(managedFields shown) "
        } else {
            "(managedFields hidden) "
        });
    }
    if !d.local && d.target.1.generic().is_some_and(|r| r.is_secret()) {
        title.push_str(if d.reveal {
            "(values shown) "
        } else {
            "(values hidden: x reveals) "
        });
    }
    if !d.search.is_empty() {
        title.push_str(&format!("/{} ", d.search));
    }
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(
            text::visible(&title).into_owned(),
            theme.title,
        ));
    let lines: Vec<Line> = match &d.text {
        None => vec![Line::from(Span::styled("loading…", theme.dim))],
        Some(Err(e)) => vec![Line::from(Span::styled(
            format!("cannot fetch: {e}"),
            theme.error,
        ))],
        Some(Ok(text)) => text
            .lines()
            .skip(d.scroll)
            .take(area.height as usize)
            .map(|l| {
                if d.diff {
                    diff_line(l, &d.search, theme)
                } else if d.yaml {
                    yaml_line(l, &d.search, theme)
                } else {
                    Line::from(highlight(l, &d.search, theme.text, theme.search))
                }
            })
            .collect(),
    };
    f.render_widget(Paragraph::new(lines).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_every_match() {
        let spans = highlight(
            "web-1 and WEB-2",
            "web",
            Style::default(),
            Style::default().bold(),
        );
        let hits: Vec<&str> = spans
            .iter()
            .filter(|s| {
                s.style
                    .add_modifier
                    .contains(ratatui::style::Modifier::BOLD)
            })
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(hits, ["web", "WEB"]);
    }
}
