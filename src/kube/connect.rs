//! Connecting to one cluster: build the client from its context, then ask
//! for the server version (retrying with backoff) so the header can say
//! connected, unreachable, unauthorized or forbidden. Never blocks anything
//! else: it runs in its own task.

use std::time::Duration;

use kube::Client;
use tokio::sync::mpsc::UnboundedSender;

use super::errors::classify;
use super::kubeconfig::Target;
use super::{ClusterEvent, ClusterStatus};

/// Build the client for `target` (None, with a status explaining why, if
/// its configuration is unusable) and start probing its version.
pub fn connect(
    cluster: usize,
    target: &Target,
    tx: UnboundedSender<ClusterEvent>,
) -> Option<Client> {
    // kube retries 429/503/504 inside the client by default (up to 15
    // times, minutes in all), which would make a throttled cluster look
    // healthy but frozen. Errors come to the watchers instead: they say
    // what is happening and retry on their own schedule.
    let mut config = target.config.clone();
    config.default_retry = false;
    let client = match super::client::build(config) {
        Ok(c) => c,
        Err(e) => {
            let _ = tx.send(ClusterEvent::Status {
                cluster,
                status: unusable(target, &e),
            });
            return None;
        }
    };
    probe(cluster, client.clone(), tx);
    Some(client)
}

/// Why a client could not be built, in the words an SRE needs: a broken
/// credential (an exec plugin that is missing or fails) is an
/// authentication problem that names the command, not an unreachable
/// cluster.
fn unusable(target: &Target, e: &kube::Error) -> ClusterStatus {
    let detail = super::kubeconfig::one_line(e);
    if !matches!(e, kube::Error::Auth(_)) {
        return ClusterStatus::Unreachable {
            cause: format!("cannot build a client: {detail}"),
        };
    }
    let cause = match target
        .config
        .auth_info
        .exec
        .as_ref()
        .and_then(|x| x.command.as_ref())
    {
        Some(cmd) => {
            let missing = detail.contains("No such file or directory");
            format!(
                "authentication: the kubeconfig's exec plugin `{cmd}` {} ({detail})",
                if missing {
                    "is not installed or not on the PATH"
                } else {
                    "failed"
                }
            )
        }
        None => format!("authentication: {detail}"),
    };
    ClusterStatus::Unauthorized { cause }
}

/// Ask for the server version until it answers (backing off from 0.5 s to
/// 30 s), reporting each outcome. Used at start and whenever a watch of the
/// cluster breaks: an idle watch that resumed silently says nothing, this
/// does.
pub fn probe(cluster: usize, client: Client, tx: UnboundedSender<ClusterEvent>) {
    tokio::spawn(async move {
        let mut delay = Duration::from_millis(500);
        loop {
            match client.apiserver_version().await {
                Ok(info) => {
                    let _ = tx.send(ClusterEvent::Status {
                        cluster,
                        status: ClusterStatus::Connected {
                            version: info.git_version,
                        },
                    });
                    return;
                }
                Err(e) => {
                    let status = match classify(&e) {
                        super::errors::Problem::Unauthorized(cause) => {
                            ClusterStatus::Unauthorized { cause }
                        }
                        super::errors::Problem::Forbidden(cause) => {
                            ClusterStatus::Forbidden { cause }
                        }
                        other => ClusterStatus::Unreachable {
                            cause: other.message().to_string(),
                        },
                    };
                    if tx.send(ClusterEvent::Status { cluster, status }).is_err() {
                        return;
                    }
                }
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(30));
        }
    });
}
