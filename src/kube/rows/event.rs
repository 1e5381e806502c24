//! Events (core/v1), with the fallbacks of the newer events API.

use chrono::{DateTime, Utc};
use k8s_openapi::api::core::v1::Event;

use super::format::{later, micro_time, time};
use super::{Meta, meta, non_empty};

/// One event, lean: events are the most numerous objects a console
/// caches (a churning cluster keeps well over 100,000), so their texts
/// share one allocation (see the accessors).
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub meta: Meta,
    pub count: i32,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    /// The texts of [`EventText`], one after the other.
    text: Box<str>,
    /// Where each text but the last ends in `text`.
    ends: [u32; 4],
}

/// The texts of an event.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EventText<'a> {
    /// `Normal` / `Warning`.
    pub kind_type: &'a str,
    pub reason: &'a str,
    /// kubectl's OBJECT: `pod/web-1` (lowercase kind).
    pub object: &'a str,
    /// Message with surrounding whitespace trimmed.
    pub message: &'a str,
    /// kubectl's SOURCE: `component, host` (falling back to the reporting
    /// controller / instance).
    pub source: &'a str,
}

impl EventRow {
    pub fn new(
        meta: Meta,
        text: EventText<'_>,
        count: i32,
        first_seen: Option<DateTime<Utc>>,
        last_seen: Option<DateTime<Utc>>,
    ) -> EventRow {
        let parts = [
            text.kind_type,
            text.reason,
            text.object,
            text.message,
            text.source,
        ];
        let mut all = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        let mut ends = [0u32; 4];
        for (i, p) in parts.iter().enumerate() {
            all.push_str(p);
            if let Some(end) = ends.get_mut(i) {
                *end = u32::try_from(all.len()).unwrap_or(u32::MAX);
            }
        }
        EventRow {
            meta,
            count,
            first_seen,
            last_seen,
            text: all.into_boxed_str(),
            ends,
        }
    }

    /// Text `i` of the five.
    fn part(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends.get(i).map_or(self.text.len(), |e| *e as usize);
        self.text.get(start..end).unwrap_or("")
    }

    /// `Normal` / `Warning`.
    pub fn kind_type(&self) -> &str {
        self.part(0)
    }

    pub fn reason(&self) -> &str {
        self.part(1)
    }

    /// kubectl's OBJECT: `pod/web-1` (lowercase kind).
    pub fn object(&self) -> &str {
        self.part(2)
    }

    /// Message with surrounding whitespace trimmed.
    pub fn message(&self) -> &str {
        self.part(3)
    }

    /// kubectl's SOURCE: `component, host`.
    pub fn source(&self) -> &str {
        self.part(4)
    }

    pub fn warning(&self) -> bool {
        self.kind_type() == "Warning"
    }
}

/// Projects a core/v1 event.
///
/// * `last_seen`: the later of `lastTimestamp` and `series.lastObservedTime`
///   (kubectl prefers the series time when there is one), else
///   `firstTimestamp`, `eventTime`, `creationTimestamp`.
/// * `first_seen`: `firstTimestamp`, else `eventTime`.
/// * `count`: the larger of `count` and `series.count`, at least 1.
pub fn event_row(e: &Event) -> EventRow {
    let first_ts = e.first_timestamp.as_ref().and_then(time);
    let event_time = e.event_time.as_ref().and_then(micro_time);
    let series = e.series.as_ref();
    let series_last = series
        .and_then(|s| s.last_observed_time.as_ref())
        .and_then(micro_time);
    let last_seen = later(e.last_timestamp.as_ref().and_then(time), series_last)
        .or(first_ts)
        .or(event_time)
        .or_else(|| e.metadata.creation_timestamp.as_ref().and_then(time));
    let count = e
        .count
        .unwrap_or(0)
        .max(series.and_then(|s| s.count).unwrap_or(0))
        .max(1);
    let obj = &e.involved_object;
    let kind = obj.kind.as_deref().unwrap_or("").to_lowercase();
    let object = match obj.name.as_deref().unwrap_or("") {
        "" => kind,
        name => format!("{kind}/{name}"),
    };
    let source = e.source.as_ref();
    let component = non_empty(source.and_then(|s| s.component.as_deref()))
        .or_else(|| non_empty(e.reporting_component.as_deref()))
        .unwrap_or("");
    let instance = non_empty(source.and_then(|s| s.host.as_deref()))
        .or_else(|| non_empty(e.reporting_instance.as_deref()))
        .unwrap_or("");
    let source = if instance.is_empty() {
        component.to_string()
    } else {
        format!("{component}, {instance}")
    };
    EventRow::new(
        meta(&e.metadata),
        EventText {
            kind_type: e.type_.as_deref().unwrap_or(""),
            reason: e.reason.as_deref().unwrap_or(""),
            object: &object,
            message: e.message.as_deref().unwrap_or("").trim(),
            source: &source,
        },
        count,
        first_ts.or(event_time),
        last_seen,
    )
}
