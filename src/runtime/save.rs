//! Saving logs: a log view's buffer as it is, or its whole stream since it
//! opened: each container's log
//! is fetched again from the cluster (from the first line the view got),
//! merged by timestamp, neutralised like the screen, and written to a file
//! line by line (memory stays bounded: one pending line per stream).

use std::io::Write;
use std::path::Path;

use kube::Client;

use crate::app::logview::line::{LogLine, safe};
use crate::app::msg::SavePart;
use crate::app::state::Level;
use crate::kube::logs::{self, RawLine};

/// Fetch, merge and write; the message to show.
pub async fn save_stream(
    clients: Vec<Option<Client>>,
    parts: Vec<SavePart>,
    previous: bool,
    path: &Path,
) -> Result<String, String> {
    let mut readers = Vec::new();
    for p in &parts {
        let Some(Some(client)) = clients.get(p.cluster) else {
            return Err(format!("cannot save: no connection for {}", p.pod));
        };
        let r = logs::fetch_since(
            client.clone(),
            &p.namespace,
            &p.pod,
            &p.container,
            p.since,
            previous,
        )
        .await
        .map_err(|e| format!("cannot save the log of {}/{}: {e}", p.pod, p.container))?;
        readers.push(r);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot save to {}: {e}", dir.display()))?;
    }
    let file = std::fs::File::create(path)
        .map_err(|e| format!("cannot save to {}: {e}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    // One queue of pending lines per stream; the oldest head is written.
    let mut queues: Vec<std::collections::VecDeque<RawLine>> =
        vec![Default::default(); parts.len()];
    let mut open: Vec<bool> = vec![true; parts.len()];
    let mut written = 0u64;
    let since = parts.iter().map(|p| p.since).min();
    loop {
        for i in 0..parts.len() {
            while open[i] && queues[i].is_empty() {
                match readers[i].next_batch().await {
                    None => open[i] = false,
                    Some(Err(e)) => {
                        return Err(format!("reading the log of {}: {e}", parts[i].pod));
                    }
                    Some(Ok(lines)) => queues[i].extend(
                        lines
                            .into_iter()
                            .filter(|l| l.ts.is_none_or(|t| t >= parts[i].since)),
                    ),
                }
            }
        }
        let next = (0..parts.len())
            .filter_map(|i| queues[i].front().map(|l| (l.ts, i)))
            .min();
        let Some((_, i)) = next else { break };
        let line = queues[i].pop_front().expect("a head");
        let text = LogLine::from_raw(0, line.ts, &line.bytes).text;
        let ts = line
            .ts
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true))
            .unwrap_or_default();
        let r = match &parts[i].label {
            Some(label) => writeln!(out, "{ts} {} {text}", safe(label)),
            None => writeln!(out, "{ts} {text}"),
        };
        r.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written += 1;
    }
    out.flush()
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(format!(
        "saved {written} lines since {} (fetched again from the cluster) to {}",
        since.map_or("the start".into(), |t| t.format("%H:%M:%S").to_string()),
        path.display()
    ))
}

/// A file name from a view title: `logs deploy/web -n shop @prod` ->
/// `logs_deploy_web_-n_shop_prod_<time>.log`.
pub fn file_name(title: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    format!(
        "{}_{}.log",
        out.trim_matches('_'),
        now.format("%Y%m%d-%H%M%S")
    )
}

pub fn save_buffer(
    dir: Option<&std::path::Path>,
    title: &str,
    content: &str,
    lines: usize,
) -> (Level, String) {
    let Some(dir) = dir else {
        return (
            Level::Error,
            "cannot save: no directory to save to (set [logs] save_dir in config.toml)".into(),
        );
    };
    let path = dir.join(file_name(title, chrono::Utc::now()));
    let r = std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&path, content));
    match r {
        Ok(()) => (
            Level::Info,
            format!("saved {lines} lines to {}", path.display()),
        ),
        Err(e) => (
            Level::Error,
            format!("cannot save to {}: {e}", path.display()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_files_are_named_after_the_view() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:11:12Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(
            file_name("logs deploy/web -n shop @prod-eu", t),
            "logs_deploy_web_-n_shop_prod-eu_20261122-101112.log"
        );
    }
}
