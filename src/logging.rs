//! Logs go through `tracing` to a file in the XDG state directory: stdout
//! and stderr belong to the screen (or, for `kdeck sim`, to its one line).

use std::path::PathBuf;

use directories::ProjectDirs;
use tracing_subscriber::EnvFilter;

/// The directory kdeck writes its logs to.
pub fn log_dir() -> Option<PathBuf> {
    let dirs = ProjectDirs::from("dev", "kdeck", "kdeck")?;
    Some(
        dirs.state_dir()
            .map(PathBuf::from)
            .unwrap_or_else(|| dirs.data_local_dir().to_path_buf()),
    )
}

/// Start logging to `<state dir>/<name>.log`; `KDECK_LOG` sets the filter
/// (default `info`). Returns the file, or None when it cannot be opened
/// (logging is then off: never a reason to fail).
pub fn init(name: &str) -> Option<PathBuf> {
    let dir = log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(format!("{name}.log"));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let filter = EnvFilter::try_from_env("KDECK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init()
        .ok()?;
    Some(path)
}
