//! A request to the API server as data (so it can be shown, journaled,
//! dry-run and sent the same), and sending it.

use http::Method;
use kube::Client;
use serde_json::Value;

use super::journal::{Answer, SentRequest};

/// One request, as it will be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: Method,
    /// The path without query (`/apis/apps/v1/namespaces/shop/deployments/web/scale`).
    pub path: String,
    /// Query parameters besides `dryRun` (e.g. `fieldManager`).
    pub query: Vec<(String, String)>,
    pub content_type: Option<&'static str>,
    pub body: Option<Value>,
}

/// The field manager kdeck's writes are attributed to.
pub const FIELD_MANAGER: &str = "kdeck";

impl Request {
    /// Whether this is a pod's eviction (`POST …/pods/NAME/eviction`).
    pub fn is_eviction(&self) -> bool {
        self.method == Method::POST && self.path.ends_with("/eviction")
    }

    pub fn get(path: String) -> Self {
        Request {
            method: Method::GET,
            path,
            query: Vec::new(),
            content_type: None,
            body: None,
        }
    }

    /// A patch of `content_type` with `body`, attributed to kdeck.
    pub fn patch(path: String, content_type: &'static str, body: Value) -> Self {
        Request {
            method: Method::PATCH,
            path,
            query: vec![("fieldManager".into(), FIELD_MANAGER.into())],
            content_type: Some(content_type),
            body: Some(body),
        }
    }

    pub fn post(path: String, body: Value) -> Self {
        Request {
            method: Method::POST,
            path,
            query: Vec::new(),
            content_type: Some("application/json"),
            body: Some(body),
        }
    }

    pub fn delete(path: String, body: Value) -> Self {
        Request {
            method: Method::DELETE,
            path,
            query: Vec::new(),
            content_type: Some("application/json"),
            body: Some(body),
        }
    }

    /// Whether it changes the cluster (everything but GET).
    pub fn mutates(&self) -> bool {
        self.method != Method::GET
    }

    /// What the journal records of it.
    pub fn journaled(&self) -> SentRequest {
        SentRequest {
            method: self.method.to_string(),
            path: self.uri(false),
            content_type: self.content_type.map(str::to_string),
            body: self.body.clone(),
        }
    }

    fn uri(&self, dry_run: bool) -> String {
        let mut q: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{k}={}", percent(v)))
            .collect();
        if dry_run {
            q.push("dryRun=All".into());
        }
        if q.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, q.join("&"))
        }
    }

    fn http(&self, dry_run: bool) -> Result<http::Request<Vec<u8>>, String> {
        let body = match &self.body {
            Some(b) => serde_json::to_vec(b).map_err(|e| e.to_string())?,
            None => Vec::new(),
        };
        let mut b = http::Request::builder()
            .method(self.method.clone())
            .uri(self.uri(dry_run))
            .header(http::header::ACCEPT, "application/json");
        if let Some(ct) = self.content_type {
            b = b.header(http::header::CONTENT_TYPE, ct);
        }
        b.body(body).map_err(|e| e.to_string())
    }
}

/// Percent-encode a query value (the few characters that matter).
fn percent(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Why a request failed: the server's status (its code and message), or
/// the connection's cause (code 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Failed {
    pub code: u16,
    pub message: String,
    /// The Status object's details, when the server sent one (a PDB named
    /// in a 429, a field in a 422).
    pub details: Value,
}

impl Failed {
    pub fn answer(&self) -> Answer {
        Answer {
            code: self.code,
            message: self.message.clone(),
        }
    }
}

/// Send `req` (with `dryRun=All` when `dry_run`); the answer's body.
pub async fn send(client: &Client, req: &Request, dry_run: bool) -> Result<Value, Failed> {
    let http = req.http(dry_run).map_err(|m| Failed {
        code: 0,
        message: m,
        details: Value::Null,
    })?;
    client.request::<Value>(http).await.map_err(|e| match e {
        kube::Error::Api(status) => Failed {
            code: status.code,
            message: status.message.clone(),
            details: serde_json::to_value(&status.details).unwrap_or(Value::Null),
        },
        other => Failed {
            code: 0,
            message: crate::kube::errors::classify(&other).message().to_string(),
            details: Value::Null,
        },
    })
}

/// GET a path as JSON.
pub async fn get(client: &Client, path: String) -> Result<Value, Failed> {
    send(client, &Request::get(path), false).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_carry_the_field_manager_and_dry_run() {
        let r = Request::patch(
            "/apis/apps/v1/namespaces/shop/deployments/web/scale".into(),
            "application/merge-patch+json",
            serde_json::json!({"spec": {"replicas": 5}}),
        );
        assert_eq!(
            r.uri(true),
            "/apis/apps/v1/namespaces/shop/deployments/web/scale?fieldManager=kdeck&dryRun=All"
        );
        assert!(r.mutates());
        assert!(!Request::get("/api/v1/nodes".into()).mutates());
        let j = r.journaled();
        assert_eq!(j.method, "PATCH");
        assert_eq!(j.body.unwrap()["spec"]["replicas"], 5);
        assert_eq!(percent("a b/c"), "a%20b%2Fc");
    }
}
