//! The signals that end a process at a terminal (SIGTERM, SIGHUP: a lost
//! SSH session, SIGINT, SIGQUIT): the loop is told, leaves cleanly and
//! kdeck exits with the conventional status (128 + the signal number). If
//! the loop cannot answer in time (a shell holds the terminal), the
//! terminal is restored here and the process ends all the same.

use std::time::Duration;

use tokio::sync::mpsc;

use super::terminal;

/// How long the loop has to leave by itself before the process is ended.
const GRACE: Duration = Duration::from_millis(1500);

/// Start listening; the receiver gets the number of each signal.
pub fn listen() -> mpsc::Receiver<i32> {
    let (tx, rx) = mpsc::channel(4);
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        for kind in [
            SignalKind::terminate(),
            SignalKind::hangup(),
            SignalKind::interrupt(),
            SignalKind::quit(),
        ] {
            let Ok(mut stream) = signal(kind) else {
                tracing::warn!("cannot listen for signal {}", kind.as_raw_value());
                continue;
            };
            let tx = tx.clone();
            tokio::spawn(async move {
                if stream.recv().await.is_none() {
                    return;
                }
                let signo = kind.as_raw_value();
                tracing::info!("signal {signo}: leaving");
                let _ = tx.send(signo).await;
                tokio::time::sleep(GRACE).await;
                // Still here: the loop is busy (a shell owns the terminal).
                terminal::leave();
                std::process::exit(128 + signo);
            });
        }
    }
    rx
}
