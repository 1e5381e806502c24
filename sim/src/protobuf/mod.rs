//! The Kubernetes protobuf encoding, read side: kubectl sends some request
//! bodies (created objects, access reviews) as
//! `application/vnd.kubernetes.protobuf`. A real API server accepts them, so
//! the sim decodes them into the same JSON a JSON client would have sent.
//! Responses stay JSON, which the client's Accept header allows.

mod schema;

use base64::Engine;
use serde_json::{Map, Value, json};

const MAGIC: &[u8] = b"k8s\x00";

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Str,
    Int,
    Bool,
    Bytes,
    Msg(&'static str),
    MapStr,
    MapBytes,
    MapQuantity,
}

pub struct Field {
    tag: u64,
    json: &'static str,
    kind: Kind,
    repeated: bool,
}

pub struct Message {
    name: &'static str,
    fields: &'static [Field],
}

const fn f(tag: u64, json: &'static str, kind: Kind, repeated: bool) -> Field {
    Field {
        tag,
        json,
        kind,
        repeated,
    }
}

enum Wire<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
}

fn varint(buf: &[u8], pos: &mut usize) -> Option<u64> {
    let mut out = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *buf.get(*pos)?;
        *pos += 1;
        out |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(out);
        }
    }
    None
}

/// The fields of one message, in order; None if malformed.
fn fields(buf: &[u8]) -> Option<Vec<(u64, Wire<'_>)>> {
    let mut pos = 0;
    let mut out = Vec::new();
    while pos < buf.len() {
        let key = varint(buf, &mut pos)?;
        let (num, wire) = (key >> 3, key & 7);
        match wire {
            0 => out.push((num, Wire::Varint(varint(buf, &mut pos)?))),
            1 => pos = pos.checked_add(8)?,
            2 => {
                let len = usize::try_from(varint(buf, &mut pos)?).ok()?;
                let end = pos.checked_add(len)?;
                out.push((num, Wire::Bytes(buf.get(pos..end)?)));
                pos = end;
            }
            5 => pos = pos.checked_add(4)?,
            _ => return None,
        }
    }
    (pos == buf.len()).then_some(out)
}

fn message(name: &str) -> Option<&'static Message> {
    schema::MESSAGES.iter().find(|m| m.name == name)
}

fn text(b: &[u8]) -> Value {
    json!(String::from_utf8_lossy(b))
}

fn b64(b: &[u8]) -> Value {
    json!(base64::engine::general_purpose::STANDARD.encode(b))
}

/// A map entry message {1: key, 2: value}.
fn entry(b: &[u8]) -> Option<(String, Option<&[u8]>)> {
    let mut key = String::new();
    let mut val = None;
    for (n, w) in fields(b)? {
        match (n, w) {
            (1, Wire::Bytes(k)) => key = String::from_utf8_lossy(k).into_owned(),
            (2, Wire::Bytes(v)) => val = Some(v),
            _ => {}
        }
    }
    Some((key, val))
}

fn special(name: &str, b: &[u8]) -> Option<Option<Value>> {
    let fs = || fields(b);
    Some(match name {
        "Quantity" => fs()?.into_iter().find_map(|(n, w)| match (n, w) {
            (1, Wire::Bytes(s)) => Some(text(s)),
            _ => None,
        }),
        "Time" | "MicroTime" => {
            let (mut secs, mut nanos) = (0i64, 0u32);
            for (n, w) in fs()? {
                match (n, w) {
                    (1, Wire::Varint(v)) => secs = v as i64,
                    (2, Wire::Varint(v)) => nanos = v as u32,
                    _ => {}
                }
            }
            if secs <= 0 {
                return Some(Some(Value::Null));
            }
            let t = chrono::DateTime::from_timestamp(secs, nanos)?;
            Some(json!(crate::meta::ts(t)))
        }
        "IntOrString" => {
            let (mut ty, mut int, mut s) = (0, 0i64, String::new());
            for (n, w) in fs()? {
                match (n, w) {
                    (1, Wire::Varint(v)) => ty = v,
                    (2, Wire::Varint(v)) => int = v as i32 as i64,
                    (3, Wire::Bytes(b)) => s = String::from_utf8_lossy(b).into_owned(),
                    _ => {}
                }
            }
            Some(if ty == 1 { json!(s) } else { json!(int) })
        }
        _ => return None,
    })
}

/// Decode one message of type `name` into its JSON form.
fn decode(name: &str, b: &[u8]) -> Option<Value> {
    if let Some(v) = special(name, b) {
        return v;
    }
    let msg = message(name)?;
    let mut out = Map::new();
    for (num, w) in fields(b)? {
        let Some(fd) = msg.fields.iter().find(|x| x.tag == num) else {
            continue;
        };
        // Go's encoder writes every non-pointer field, zero or not; the JSON
        // form of the same object omits empty strings, false and zero times.
        let value = match (fd.kind, w) {
            (Kind::Str, Wire::Bytes([])) | (Kind::Bool, Wire::Varint(0)) => continue,
            (Kind::Int, Wire::Varint(0)) if matches!(msg.name, "ObjectMeta" | "ContainerPort") => {
                continue;
            }
            (Kind::Str, Wire::Bytes(s)) => text(s),
            (Kind::Bytes, Wire::Bytes(s)) => b64(s),
            (Kind::Int, Wire::Varint(v)) => json!(v as i64),
            (Kind::Bool, Wire::Varint(v)) => json!(v != 0),
            (Kind::Msg(inner), Wire::Bytes(s)) => match decode(inner, s) {
                Some(Value::Null) => continue,
                Some(v) => v,
                None => return None,
            },
            (Kind::MapStr | Kind::MapBytes | Kind::MapQuantity, Wire::Bytes(s)) => {
                let (k, v) = entry(s)?;
                let v = v.unwrap_or(&[]);
                let v = match fd.kind {
                    Kind::MapStr => text(v),
                    Kind::MapBytes => b64(v),
                    _ => decode("Quantity", v).unwrap_or(json!("0")),
                };
                let slot = out.entry(fd.json).or_insert_with(|| json!({}));
                if let Some(m) = slot.as_object_mut() {
                    m.insert(k, v);
                }
                continue;
            }
            _ => return None,
        };
        if fd.repeated {
            let slot = out.entry(fd.json).or_insert_with(|| json!([]));
            if let Some(a) = slot.as_array_mut() {
                a.push(value);
            }
        } else {
            out.insert(fd.json.to_string(), value);
        }
    }
    Some(Value::Object(out))
}

/// Decode a protobuf request body (the `k8s\0` envelope around a
/// runtime.Unknown) into the object's JSON form.
pub fn decode_body(body: &[u8]) -> Result<Value, String> {
    let bad = || "the body of the request could not be decoded as protobuf".to_string();
    let envelope = body.strip_prefix(MAGIC).ok_or_else(bad)?;
    let (mut api_version, mut kind, mut raw) = (String::new(), String::new(), None);
    for (n, w) in fields(envelope).ok_or_else(bad)? {
        match (n, w) {
            (1, Wire::Bytes(tm)) => {
                for (n, w) in fields(tm).ok_or_else(bad)? {
                    match (n, w) {
                        (1, Wire::Bytes(v)) => {
                            api_version = String::from_utf8_lossy(v).into_owned()
                        }
                        (2, Wire::Bytes(k)) => kind = String::from_utf8_lossy(k).into_owned(),
                        _ => {}
                    }
                }
            }
            (2, Wire::Bytes(r)) => raw = Some(r),
            _ => {}
        }
    }
    if message(&kind).is_none() {
        return Err(format!(
            "protobuf bodies of kind {kind:?} are not supported by kdeck sim; send JSON"
        ));
    }
    let mut v = decode(&kind, raw.unwrap_or(&[])).ok_or_else(bad)?;
    v["apiVersion"] = json!(api_version);
    v["kind"] = json!(kind);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ld(num: u64, payload: &[u8]) -> Vec<u8> {
        let mut v = vec![((num << 3) | 2) as u8];
        let mut len = payload.len();
        loop {
            let b = (len & 0x7f) as u8;
            len >>= 7;
            if len == 0 {
                v.push(b);
                break;
            }
            v.push(b | 0x80);
        }
        v.extend_from_slice(payload);
        v
    }

    fn vi(num: u64, val: u64) -> Vec<u8> {
        vec![(num << 3) as u8, val as u8]
    }

    fn envelope(api_version: &str, kind: &str, raw: &[u8]) -> Vec<u8> {
        let tm = [ld(1, api_version.as_bytes()), ld(2, kind.as_bytes())].concat();
        [MAGIC.to_vec(), ld(1, &tm), ld(2, raw)].concat()
    }

    #[test]
    fn decodes_an_access_review() {
        let attrs = [
            ld(1, b"shop"),
            ld(2, b"patch"),
            ld(3, b"apps"),
            ld(5, b"deployments"),
        ]
        .concat();
        let raw = [ld(1, b""), ld(2, &ld(1, &attrs))].concat();
        let v = decode_body(&envelope(
            "authorization.k8s.io/v1",
            "SelfSubjectAccessReview",
            &raw,
        ))
        .unwrap();
        assert_eq!(v["kind"], "SelfSubjectAccessReview");
        assert_eq!(
            v["spec"]["resourceAttributes"],
            json!({"namespace": "shop", "verb": "patch", "group": "apps", "resource": "deployments"})
        );
    }

    #[test]
    fn decodes_a_deployment_like_kubectl_create_sends() {
        let labels = ld(11, &[ld(1, b"app"), ld(2, b"web")].concat());
        let meta = [ld(1, b"web"), ld(3, b"shop"), labels.clone()].concat();
        let requests = ld(2, &[ld(1, b"cpu"), ld(2, &ld(1, b"250m"))].concat());
        let port = [vi(3, 80), ld(4, b"TCP")].concat();
        let container = [
            ld(1, b"nginx"),
            ld(2, b"nginx:1.27"),
            ld(6, &port),
            ld(8, &requests),
        ]
        .concat();
        let pod_spec = ld(2, &container);
        let template = [ld(1, &labels), ld(2, &pod_spec)].concat();
        let selector = ld(1, &[ld(1, b"app"), ld(2, b"web")].concat());
        let surge = [vi(1, 1), ld(3, b"25%")].concat();
        let strategy = [ld(1, b"RollingUpdate"), ld(2, &ld(2, &surge))].concat();
        let spec = [
            vi(1, 3),
            ld(2, &selector),
            ld(3, &template),
            ld(4, &strategy),
        ]
        .concat();
        let raw = [ld(1, &meta), ld(2, &spec), ld(3, b"")].concat();
        let v = decode_body(&envelope("apps/v1", "Deployment", &raw)).unwrap();
        assert_eq!(
            v["metadata"],
            json!({"name": "web", "namespace": "shop", "labels": {"app": "web"}})
        );
        assert_eq!(v["spec"]["replicas"], 3);
        assert_eq!(v["spec"]["selector"]["matchLabels"]["app"], "web");
        let c = &v["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["image"], "nginx:1.27");
        assert_eq!(
            c["ports"][0],
            json!({"containerPort": 80, "protocol": "TCP"})
        );
        assert_eq!(c["resources"]["requests"]["cpu"], "250m");
        assert_eq!(v["spec"]["strategy"]["rollingUpdate"]["maxSurge"], "25%");
        // DeploymentStatus is not in the schema: a client-sent status is ignored anyway.
        assert!(v.get("status").is_none());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode_body(b"{}").is_err());
        assert!(decode_body(b"k8s\x00\xff\xff\xff").is_err());
        assert!(decode_body(b"k8s\x00\x0a\x7f").is_err());
        assert!(decode_body(&envelope("v1", "Widget", b"")).is_err());
        // A truncated object inside a valid envelope.
        assert!(decode_body(&envelope("apps/v1", "Deployment", &[0x0a, 0x05, 0x0a])).is_err());
    }

    #[test]
    fn every_referenced_message_is_in_the_schema() {
        for m in schema::MESSAGES {
            for fd in m.fields {
                if let Kind::Msg(inner) = fd.kind {
                    assert!(
                        message(inner).is_some()
                            || matches!(inner, "Time" | "MicroTime" | "Quantity" | "IntOrString"),
                        "{} -> {inner}",
                        m.name
                    );
                }
            }
        }
    }
}
