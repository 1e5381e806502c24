//! Turning client errors into what an SRE needs to read: unreachable (with
//! the network cause), unauthorized, forbidden (with the server's message),
//! or something else.

use super::{ClusterStatus, Trouble, TroubleKind};

/// What went wrong talking to a cluster.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Unreachable(String),
    Unauthorized(String),
    Forbidden(String),
    /// The requested history is gone; the watcher re-lists by itself.
    Expired(String),
    /// 429: slow down.
    Throttled(String),
    /// A 5xx answer (its code).
    Server(u16, String),
    /// 404: the resource (or object) is not served (any more): a deleted
    /// CRD's resources, an API service gone.
    NotFound(String),
    Other(String),
}

impl Problem {
    pub fn message(&self) -> &str {
        match self {
            Problem::Unreachable(m)
            | Problem::Unauthorized(m)
            | Problem::Forbidden(m)
            | Problem::Expired(m)
            | Problem::Throttled(m)
            | Problem::Server(_, m)
            | Problem::NotFound(m)
            | Problem::Other(m) => m,
        }
    }

    /// What a watch failing with this problem is going through (None for
    /// a forbidden list: that is not retried).
    pub fn trouble(&self) -> Option<Trouble> {
        let kind = match self {
            Problem::Unreachable(_) => TroubleKind::Unreachable,
            Problem::Unauthorized(_) => TroubleKind::Unauthorized,
            Problem::Forbidden(_) => return None,
            Problem::Expired(_) => TroubleKind::Expired,
            Problem::Throttled(_) => TroubleKind::Throttled,
            Problem::Server(code, _) => TroubleKind::ServerError(*code),
            Problem::NotFound(_) | Problem::Other(_) => TroubleKind::Other,
        };
        Some(Trouble {
            kind,
            cause: self.message().to_string(),
        })
    }

    /// The cluster status this problem implies, if it is about the whole
    /// cluster (a forbidden list is only about one kind).
    pub fn cluster_status(&self, was_connected: bool) -> Option<ClusterStatus> {
        match self {
            Problem::Unreachable(cause) if was_connected => Some(ClusterStatus::Reconnecting {
                cause: cause.clone(),
            }),
            Problem::Unreachable(cause) => Some(ClusterStatus::Unreachable {
                cause: cause.clone(),
            }),
            Problem::Unauthorized(cause) => Some(ClusterStatus::Unauthorized {
                cause: cause.clone(),
            }),
            _ => None,
        }
    }
}

/// The innermost readable cause of an error chain, e.g. "Connection
/// refused (os error 111)".
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    let mut last = cur.to_string();
    while let Some(next) = cur.source() {
        let s = next.to_string();
        if !s.is_empty() {
            last = s;
        }
        cur = next;
    }
    last
}

pub fn classify(e: &kube::Error) -> Problem {
    match e {
        kube::Error::Api(status) => {
            let msg = if status.message.is_empty() {
                format!("HTTP {}", status.code)
            } else {
                status.message.clone()
            };
            match status.code {
                401 => Problem::Unauthorized(format!(
                    "401 Unauthorized: {msg} (token expired or revoked?)"
                )),
                403 => Problem::Forbidden(msg),
                404 => Problem::NotFound(msg),
                410 => Problem::Expired(msg),
                429 => Problem::Throttled(format!("429 Too Many Requests: {msg}")),
                code @ 500..=599 => Problem::Server(code, format!("server error {code}: {msg}")),
                _ => Problem::Other(msg),
            }
        }
        kube::Error::HyperError(_) | kube::Error::Service(_) | kube::Error::ReadEvents(_) => {
            Problem::Unreachable(root_cause(e))
        }
        kube::Error::Auth(a) => {
            Problem::Unauthorized(format!("authentication failed: {}", root_cause(a)))
        }
        other => Problem::Other(root_cause(other)),
    }
}

pub fn classify_watch(e: &kube::runtime::watcher::Error) -> Problem {
    use kube::runtime::watcher::Error as W;
    match e {
        W::InitialListFailed(e) | W::WatchStartFailed(e) | W::WatchFailed(e) => classify(e),
        W::WatchError(status) if status.code == 410 => Problem::Expired(status.message.clone()),
        W::WatchError(status) if status.code == 403 => Problem::Forbidden(status.message.clone()),
        W::WatchError(status) if status.code == 404 => Problem::NotFound(status.message.clone()),
        W::WatchError(status) if status.code == 401 => {
            Problem::Unauthorized(status.message.clone())
        }
        W::WatchError(status) if status.code == 429 => {
            Problem::Throttled(format!("429 Too Many Requests: {}", status.message))
        }
        W::WatchError(status) if (500..=599).contains(&status.code) => Problem::Server(
            status.code,
            format!("server error {}: {}", status.code, status.message),
        ),
        W::WatchError(status) => {
            Problem::Other(format!("watch error {}: {}", status.code, status.message))
        }
        W::NoResourceVersion => Problem::Other(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: u16, message: &str) -> kube::Error {
        let status: kube::core::Status = serde_json::from_value(serde_json::json!({
            "status": "Failure", "code": code, "message": message, "reason": "X"
        }))
        .unwrap();
        kube::Error::Api(Box::new(status))
    }

    #[test]
    fn api_codes_map_to_problems() {
        assert!(matches!(
            classify(&api(401, "Unauthorized")),
            Problem::Unauthorized(_)
        ));
        let f = classify(&api(403, "pods is forbidden: User \"x\" cannot list"));
        assert_eq!(
            f,
            Problem::Forbidden("pods is forbidden: User \"x\" cannot list".into())
        );
        assert!(
            matches!(classify(&api(503, "down")), Problem::Server(503, m) if m.contains("503"))
        );
        assert!(
            matches!(classify(&api(429, "slow down")), Problem::Throttled(m) if m.contains("429"))
        );
        assert_eq!(
            classify(&api(429, "x")).trouble().map(|t| t.label()),
            Some("throttled (429)".to_string())
        );
        assert!(matches!(
            classify(&api(410, "too old")),
            Problem::Expired(_)
        ));
        assert_eq!(
            classify(&api(
                404,
                "the server could not find the requested resource"
            )),
            Problem::NotFound("the server could not find the requested resource".into())
        );
    }

    #[test]
    fn cluster_status_from_problems() {
        let p = Problem::Unreachable("Connection refused".into());
        assert_eq!(
            p.cluster_status(true),
            Some(ClusterStatus::Reconnecting {
                cause: "Connection refused".into()
            })
        );
        assert_eq!(
            p.cluster_status(false),
            Some(ClusterStatus::Unreachable {
                cause: "Connection refused".into()
            })
        );
        assert_eq!(Problem::Forbidden("x".into()).cluster_status(true), None);
    }
}
