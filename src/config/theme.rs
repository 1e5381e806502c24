//! Themes: TOML files in `themes/` (embedded: dark, light, mono), or the
//! user's own in the config directory's `themes/`. NO_COLOR selects mono.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

pub const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("mono", include_str!("../../themes/mono.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: String,
    #[serde(default)]
    monochrome: bool,
    text: String,
    dim: String,
    header: String,
    title: String,
    border: String,
    table_header: String,
    selected_fg: String,
    selected_bg: String,
    ok: String,
    warning: String,
    error: String,
    production: String,
    readonly: String,
    key: String,
    yaml_key: String,
    yaml_value: String,
    yaml_comment: String,
    search_fg: String,
    search_bg: String,
}

/// Resolved styles.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub monochrome: bool,
    pub text: Style,
    pub dim: Style,
    pub header: Style,
    pub title: Style,
    pub border: Style,
    pub table_header: Style,
    pub selected: Style,
    pub ok: Style,
    pub warning: Style,
    pub error: Style,
    pub production: Style,
    pub readonly: Style,
    pub key: Style,
    pub yaml_key: Style,
    pub yaml_value: Style,
    pub yaml_comment: Style,
    pub search: Style,
}

fn color(s: &str) -> Result<Color, String> {
    s.parse::<Color>()
        .map_err(|_| format!("unknown colour {s:?}"))
}

impl Theme {
    pub fn parse(text: &str) -> Result<Theme, String> {
        let f: File = toml::from_str(text).map_err(|e| e.to_string().replace('\n', " "))?;
        let fg = |s: &str| -> Result<Style, String> { Ok(Style::default().fg(color(s)?)) };
        let mono = f.monochrome;
        let pick = |s: &str, m: Modifier| -> Result<Style, String> {
            if mono {
                Ok(Style::default().add_modifier(m))
            } else {
                fg(s)
            }
        };
        Ok(Theme {
            name: f.name,
            monochrome: mono,
            text: fg(&f.text)?,
            dim: if mono {
                Style::default().add_modifier(Modifier::DIM)
            } else {
                fg(&f.dim)?
            },
            header: pick(&f.header, Modifier::BOLD)?,
            title: pick(&f.title, Modifier::BOLD)?,
            border: fg(&f.border)?,
            table_header: pick(&f.table_header, Modifier::BOLD)?.add_modifier(Modifier::BOLD),
            selected: if mono {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
                    .fg(color(&f.selected_fg)?)
                    .bg(color(&f.selected_bg)?)
            },
            ok: fg(&f.ok)?,
            warning: pick(&f.warning, Modifier::BOLD)?,
            error: pick(&f.error, Modifier::BOLD | Modifier::UNDERLINED)?,
            production: pick(&f.production, Modifier::BOLD)?.add_modifier(Modifier::BOLD),
            readonly: pick(&f.readonly, Modifier::BOLD)?.add_modifier(Modifier::BOLD),
            key: pick(&f.key, Modifier::BOLD)?,
            yaml_key: pick(&f.yaml_key, Modifier::BOLD)?,
            yaml_value: fg(&f.yaml_value)?,
            yaml_comment: if mono {
                Style::default().add_modifier(Modifier::DIM)
            } else {
                fg(&f.yaml_comment)?
            },
            search: if mono {
                Style::default().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
            } else {
                Style::default()
                    .fg(color(&f.search_fg)?)
                    .bg(color(&f.search_bg)?)
            },
        })
    }

    pub fn builtin(name: &str) -> Option<Theme> {
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, t)| Theme::parse(t).ok())
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::builtin("dark").expect("the embedded dark theme parses")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_themes_parse() {
        for (name, text) in BUILTIN {
            let t = Theme::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(t.name, *name);
        }
        let mono = Theme::builtin("mono").unwrap();
        assert!(mono.monochrome);
        assert!(matches!(mono.ok.fg, None | Some(Color::Reset)));
        assert!(mono.selected.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn bad_theme_files_are_clear_errors() {
        let bad = BUILTIN[0].1.replace("\"cyan\"", "\"cyanish\"");
        assert!(
            Theme::parse(&bad)
                .unwrap_err()
                .contains("unknown colour \"cyanish\"")
        );
        assert!(Theme::parse("name = \"x\"").is_err());
    }
}
