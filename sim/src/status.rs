//! API errors and the `Status` objects a real API server answers with.

use serde_json::{Value, json};

/// An error answer: HTTP code plus the `Status` body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: u16,
    pub reason: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

impl ApiError {
    pub fn new(code: u16, reason: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            code,
            reason,
            message: message.into(),
            details: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    fn name_details(group: &str, kind: &str, name: &str) -> Value {
        let mut d = serde_json::Map::new();
        if !name.is_empty() {
            d.insert("name".into(), json!(name));
        }
        if !group.is_empty() {
            d.insert("group".into(), json!(group));
        }
        d.insert("kind".into(), json!(kind));
        Value::Object(d)
    }

    /// `pods "nope" not found`
    pub fn not_found(group: &str, plural: &str, name: &str) -> Self {
        ApiError::new(
            404,
            "NotFound",
            format!("{} \"{name}\" not found", qualified(group, plural)),
        )
        .with_details(Self::name_details(group, plural, name))
    }

    pub fn already_exists(group: &str, plural: &str, name: &str) -> Self {
        ApiError::new(
            409,
            "AlreadyExists",
            format!("{} \"{name}\" already exists", qualified(group, plural)),
        )
        .with_details(Self::name_details(group, plural, name))
    }

    pub fn conflict(group: &str, plural: &str, name: &str) -> Self {
        ApiError::new(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; \
                 please apply your changes to the latest version and try again",
                qualified(group, plural)
            ),
        )
        .with_details(Self::name_details(group, plural, name))
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(400, "BadRequest", message)
    }

    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        ApiError::new(405, "MethodNotAllowed", message)
    }

    pub fn unsupported_media(content_type: &str) -> Self {
        ApiError::new(
            415,
            "UnsupportedMediaType",
            format!(
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {content_type:?})"
            ),
        )
    }

    pub fn unauthorized() -> Self {
        ApiError::new(401, "Unauthorized", "Unauthorized")
    }

    /// 422 with one field cause, shaped like the API server's validation errors.
    pub fn invalid(group: &str, kind: &str, name: &str, field: &str, detail: &str) -> Self {
        Self::invalid_fields(
            group,
            kind,
            name,
            &[FieldError {
                reason: "FieldValueInvalid",
                field: field.to_string(),
                body: detail.to_string(),
            }],
        )
    }

    /// 422 with every field error found, as apimachinery's `NewInvalid`: one
    /// cause each, and a message that aggregates them (`[a, b]` when there
    /// are several, repeats said once).
    pub fn invalid_fields(group: &str, kind: &str, name: &str, errs: &[FieldError]) -> Self {
        let gk = if group.is_empty() {
            kind.to_string()
        } else {
            format!("{kind}.{group}")
        };
        let mut details = Self::name_details(group, kind, name);
        details["causes"] = errs
            .iter()
            .map(|e| json!({ "reason": e.reason, "message": e.body, "field": e.field }))
            .collect();
        let mut said: Vec<String> = Vec::new();
        for e in errs {
            let s = format!("{}: {}", e.field, e.body);
            if !said.contains(&s) {
                said.push(s);
            }
        }
        let all = match said.as_slice() {
            [one] => one.clone(),
            many => format!("[{}]", many.join(", ")),
        };
        let message = if all.is_empty() {
            format!("{gk} {} is invalid", go_quote(name))
        } else {
            format!("{gk} {} is invalid: {all}", go_quote(name))
        };
        ApiError::new(422, "Invalid", message).with_details(details)
    }

    pub fn gone(message: impl Into<String>) -> Self {
        ApiError::new(410, "Expired", message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(500, "InternalError", message)
    }

    pub fn not_implemented(message: impl Into<String>) -> Self {
        ApiError::new(501, "NotImplemented", message)
    }

    /// An injected failure with the given HTTP code.
    pub fn injected(code: u16) -> Self {
        match code {
            429 => ApiError::new(
                429,
                "TooManyRequests",
                "Too many requests, please try again later.",
            ),
            503 => ApiError::new(
                503,
                "ServiceUnavailable",
                "The server is currently unable to handle the request",
            ),
            500 => ApiError::internal("Internal error occurred: injected failure"),
            409 => ApiError::new(
                409,
                "Conflict",
                "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again",
            ),
            422 => ApiError::new(422, "Invalid", "the object is invalid: injected failure"),
            c => ApiError::new(c, "InternalError", format!("injected failure (HTTP {c})")),
        }
    }

    pub fn to_status(&self) -> Value {
        let mut v = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
        });
        // An error the server has no reason for (a plain Go error, e.g. a
        // failed conversion webhook) has none: kubectl then says `Error
        // from server: …`.
        if !self.reason.is_empty() {
            v["reason"] = json!(self.reason);
        }
        if let Some(d) = &self.details {
            v["details"] = d.clone();
        }
        v["code"] = json!(self.code);
        v
    }
}

/// A `Status` with `status: Success`, as returned by DELETE of most objects.
pub fn success(group: &str, plural: &str, name: &str, uid: &str) -> Value {
    let mut details = ApiError::name_details(group, plural, name);
    details["uid"] = json!(uid);
    json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Success",
        "details": details,
    })
}

/// One field of a validation failure (apimachinery's `field.Error`): the
/// cause's reason (`FieldValueInvalid`, `FieldValueRequired`,
/// `FieldValueTooLong`, ...), the field path, and the message without the
/// field (`Invalid value: "x": must be ...`).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub reason: &'static str,
    pub field: String,
    pub body: String,
}

/// A string quoted as Go's `%q` does (how the API server quotes values in
/// its messages): `\"`, `\\`, the short escapes, `\xNN` for other ASCII
/// controls, `\uNNNN`/`\UNNNNNNNN` for other characters that are not
/// printable (C1 controls, format characters such as bidi overrides and
/// zero-width spaces, separators other than the space, private use).
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint` for the characters that matter here.
fn go_printable(c: char) -> bool {
    let n = c as u32;
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(
            n,
            0x00AD
                | 0x0600..=0x0605
                | 0x061C
                | 0x06DD
                | 0x070F
                | 0x180E
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x2064
                | 0x2066..=0x206F
                | 0xD800..=0xDFFF
                | 0xE000..=0xF8FF
                | 0xFEFF
                | 0xFFF9..=0xFFFB
                | 0xE0001
                | 0xE0020..=0xE007F
                | 0xF0000..
        ))
}

pub fn qualified(group: &str, plural: &str) -> String {
    if group.is_empty() {
        plural.to_string()
    } else {
        format!("{plural}.{group}")
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_matches_real_shape() {
        let s = ApiError::not_found("", "pods", "nope").to_status();
        assert_eq!(s["message"], "pods \"nope\" not found");
        assert_eq!(s["reason"], "NotFound");
        assert_eq!(s["details"], json!({"name": "nope", "kind": "pods"}));
        assert_eq!(s["code"], 404);
    }

    #[test]
    fn invalid_scale_matches_real_shape() {
        let e = ApiError::invalid(
            "autoscaling",
            "Scale",
            "web",
            "spec.replicas",
            "Invalid value: -1: must be greater than or equal to 0",
        );
        assert_eq!(
            e.message,
            "Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        assert_eq!(
            e.to_status()["details"]["causes"][0]["field"],
            "spec.replicas"
        );
    }
}
