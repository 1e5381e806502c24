//! Settings, themes and keymaps: embedded defaults merged with the user's
//! files from the XDG config directory (`directories`). An explicit bad path
//! is a loud error before the UI starts; a bad user file is a warning in the
//! UI and the defaults are used.

pub mod keymap;
pub mod theme;

use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::Deserialize;

use keymap::Keymap;
use theme::Theme;

/// `config.toml` in the config directory.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Theme name (built-in or a file `themes/NAME.toml` in the config dir).
    pub theme: Option<String>,
    /// Regular expressions: matching cluster (context) names are production
    /// and shown in the warning colour everywhere.
    pub production: Option<Vec<String>>,
    /// Regular expressions: matching contexts are read-only (nothing may be
    /// changed there, as with `--readonly`).
    pub readonly: Option<Vec<String>>,
    #[serde(default)]
    pub logs: LogSettings,
    #[serde(default)]
    pub shell: ShellSettings,
    #[serde(default)]
    pub metrics: MetricsSettings,
    #[serde(default)]
    pub alerts: AlertSettings,
}

/// `[alerts]` in config.toml (docs/metrics.md).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AlertSettings {
    /// Percent of any hard limit a quota may use before it alerts.
    pub quota: u32,
    /// Minutes a workload may be short of ready replicas before it alerts.
    pub short_minutes: i64,
    /// Minutes a node's CPU or memory may stay at or above `[metrics]
    /// critical` percent of allocatable before it alerts.
    pub saturated_minutes: i64,
    /// Minutes a container's last OOM kill stays an alert after it ended.
    pub oom_minutes: i64,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            quota: 90,
            short_minutes: 5,
            saturated_minutes: 5,
            oom_minutes: 10,
        }
    }
}

/// `[metrics]` in config.toml (docs/metrics.md).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsSettings {
    /// How often node metrics (and the pod metrics on screen) are polled,
    /// in milliseconds (metrics-server scrapes every 15 s).
    pub interval_ms: u64,
    /// How much history each series keeps, in minutes.
    pub history_minutes: u64,
    /// Percentages shown in the warning and the error colour.
    pub warn: u32,
    pub critical: u32,
}

impl Default for MetricsSettings {
    fn default() -> Self {
        MetricsSettings {
            interval_ms: 15_000,
            history_minutes: 60,
            warn: 70,
            critical: 90,
        }
    }
}

impl MetricsSettings {
    /// The poll interval (at least 100 ms).
    pub fn interval(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.interval_ms.max(100))
    }

    /// The history's resolution in whole seconds (at least 1).
    pub fn step(&self) -> i64 {
        (self.interval_ms.max(1000) / 1000) as i64
    }

    /// Slots in a ring: the history at the poll's resolution (at most a
    /// day's worth).
    pub fn capacity(&self) -> usize {
        ((self.history_minutes * 60) as i64 / self.step()).clamp(1, 86_400) as usize
    }
}

/// `[logs]` in config.toml.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LogSettings {
    /// Lines of history a log view starts with.
    pub tail: i64,
    /// The buffer's caps: lines, and bytes (text plus bookkeeping).
    pub max_lines: usize,
    pub max_bytes: usize,
    /// Most pods a workload's log view streams at once.
    pub max_streams: usize,
    /// Where `ctrl-s` saves (default: `logs/` in kdeck's state directory).
    pub save_dir: Option<PathBuf>,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            tail: 500,
            max_lines: 200_000,
            max_bytes: 64 << 20,
            max_streams: 50,
            save_dir: None,
        }
    }
}

/// `[shell]` in config.toml.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ShellSettings {
    /// Shells tried in order.
    pub command: Vec<String>,
}

impl Default for ShellSettings {
    fn default() -> Self {
        ShellSettings {
            command: vec!["bash".into(), "sh".into()],
        }
    }
}

/// Everything loaded from configuration.
pub struct Loaded {
    pub theme: Theme,
    pub keymap: Keymap,
    pub production: Vec<regex::Regex>,
    pub readonly: Vec<regex::Regex>,
    pub logs: LogSettings,
    pub shell: ShellSettings,
    pub metrics: MetricsSettings,
    pub alerts: AlertSettings,
    /// Problems with user files, to show in the UI.
    pub warnings: Vec<String>,
}

pub fn config_dir() -> Option<PathBuf> {
    ProjectDirs::from("dev", "kdeck", "kdeck").map(|d| d.config_dir().to_path_buf())
}

fn read_optional(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Load settings. `explicit_theme` (from `--theme`) must exist: an error
/// otherwise; `explicit_config` likewise.
pub fn load(
    explicit_config: Option<&Path>,
    explicit_theme: Option<&str>,
) -> Result<Loaded, String> {
    let dir = config_dir();
    let mut warnings = Vec::new();
    let settings: Settings = match explicit_config {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read config {}: {e}", p.display()))?;
            toml::from_str(&text).map_err(|e| {
                format!(
                    "config {}: {}",
                    p.display(),
                    e.to_string().replace('\n', " ")
                )
            })?
        }
        None => match dir.as_ref().map(|d| d.join("config.toml")) {
            Some(p) => match read_optional(&p) {
                Ok(Some(t)) => toml::from_str(&t).unwrap_or_else(|e| {
                    warnings.push(format!(
                        "{}: {} (using defaults)",
                        p.display(),
                        e.to_string().replace('\n', " ")
                    ));
                    Settings::default()
                }),
                Ok(None) => Settings::default(),
                Err(e) => {
                    warnings.push(e);
                    Settings::default()
                }
            },
            None => Settings::default(),
        },
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme_name = explicit_theme
        .map(str::to_string)
        .or_else(|| no_color.then(|| "mono".to_string()))
        .or(settings.theme.clone())
        .unwrap_or_else(|| "dark".into());
    let user_theme = dir
        .as_ref()
        .map(|d| d.join("themes").join(format!("{theme_name}.toml")));
    let theme = match user_theme.as_ref().map(|p| (p, read_optional(p))) {
        Some((p, Ok(Some(text)))) => match Theme::parse(&text) {
            Ok(t) => t,
            Err(e) if explicit_theme.is_some() => {
                return Err(format!("theme {}: {e}", p.display()));
            }
            Err(e) => {
                warnings.push(format!("theme {}: {e} (using dark)", p.display()));
                Theme::default()
            }
        },
        Some((_, Err(e))) => {
            warnings.push(e);
            Theme::default()
        }
        _ => match Theme::builtin(&theme_name) {
            Some(t) => t,
            None if explicit_theme.is_some() => {
                return Err(format!(
                    "unknown theme {theme_name:?} (built-in: dark, light, mono; or a file themes/{theme_name}.toml in {})",
                    dir.as_ref()
                        .map_or("the config directory".into(), |d| d.display().to_string())
                ));
            }
            None => {
                warnings.push(format!(
                    "unknown theme {theme_name:?} in config.toml (using dark)"
                ));
                Theme::default()
            }
        },
    };
    let keymap = match dir.as_ref().map(|d| d.join("keymap.toml")) {
        Some(p) => match read_optional(&p) {
            Ok(user) => Keymap::load(user.as_deref()).unwrap_or_else(|e| {
                warnings.push(format!(
                    "keymap {}: {e} (using the default keys)",
                    p.display()
                ));
                Keymap::load(None).unwrap_or_default()
            }),
            Err(e) => {
                warnings.push(e);
                Keymap::load(None).unwrap_or_default()
            }
        },
        None => Keymap::load(None).unwrap_or_default(),
    };
    let mut production = Vec::new();
    for p in settings
        .production
        .clone()
        .unwrap_or_else(|| vec!["prod".into()])
    {
        match regex::Regex::new(&p) {
            Ok(r) => production.push(r),
            Err(e) => warnings.push(format!("production pattern {p:?}: {e}")),
        }
    }
    let mut readonly = Vec::new();
    for p in settings.readonly.clone().unwrap_or_default() {
        match regex::Regex::new(&p) {
            Ok(r) => readonly.push(r),
            // A read-only pattern that cannot be used must not leave a
            // context writable: refuse to start.
            Err(e) => return Err(format!("readonly pattern {p:?} in config.toml: {e}")),
        }
    }
    Ok(Loaded {
        theme,
        keymap,
        production,
        readonly,
        logs: settings.logs,
        shell: settings.shell,
        metrics: settings.metrics,
        alerts: settings.alerts,
        warnings,
    })
}
