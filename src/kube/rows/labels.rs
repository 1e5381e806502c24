//! An object's labels, packed for the row caches: every key and value in
//! one text, with where each ends. A pod's three labels take about a
//! hundred bytes this way, where a `BTreeMap<String, String>` takes a
//! B-tree leaf of 540 bytes plus an allocation per key and value.
//!
//! And a set of labels is kept once however many rows have it (the pods
//! of a ReplicaSet or a DaemonSet have the same labels): a row holds a
//! pointer to the shared set (see `intern`).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, LazyLock, Mutex};

use super::intern::{Pool, pool, pooled};

#[derive(Clone, PartialEq, Eq, Default)]
pub struct Labels(Option<Arc<Packed>>);

/// The labels themselves.
#[derive(PartialEq, Eq, Hash, Default)]
struct Packed {
    /// Keys and values, one after the other, in key order.
    text: Box<str>,
    /// For each label, where its key ends and where its value ends.
    ends: Box<[(u32, u32)]>,
}

static LABELS: LazyLock<Mutex<Pool<Packed>>> = LazyLock::new(pool);

/// Label sets larger than this are not pooled.
const MAX_POOLED: usize = 4096;

impl Labels {
    /// The value of `key` (a binary search: the keys are in order).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.as_ref()?.get(key)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Every label, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.0
            .iter()
            .flat_map(|p| (0..p.ends.len()).map(move |i| (p.key(i), p.value(i))))
    }

    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |p| p.ends.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Packed {
    fn get(&self, key: &str) -> Option<&str> {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.key(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(self.value(mid)),
            }
        }
        None
    }

    /// The start of label `i` in the text.
    fn start(&self, i: usize) -> usize {
        match i.checked_sub(1).and_then(|p| self.ends.get(p)) {
            Some(&(_, v)) => v as usize,
            None => 0,
        }
    }

    fn key(&self, i: usize) -> &str {
        let end = self.ends.get(i).map_or(0, |&(k, _)| k as usize);
        self.text.get(self.start(i)..end).unwrap_or("")
    }

    fn value(&self, i: usize) -> &str {
        match self.ends.get(i) {
            Some(&(k, v)) => self.text.get(k as usize..v as usize).unwrap_or(""),
            None => "",
        }
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for Labels {
    /// Labels from pairs in any order (a repeated key keeps its last value).
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let sorted: BTreeMap<String, String> = pairs
            .into_iter()
            .map(|(k, v)| (k.as_ref().to_string(), v.as_ref().to_string()))
            .collect();
        Labels::from(&sorted)
    }
}

impl From<&BTreeMap<String, String>> for Labels {
    fn from(map: &BTreeMap<String, String>) -> Self {
        let mut text = String::with_capacity(map.iter().map(|(k, v)| k.len() + v.len()).sum());
        let mut ends = Vec::with_capacity(map.len());
        for (k, v) in map {
            // Labels are at most 256 KiB in all (the API server's limit):
            // whatever would not fit the offsets is left out.
            let (Ok(ke), Ok(ve)) = (
                u32::try_from(text.len() + k.len()),
                u32::try_from(text.len() + k.len() + v.len()),
            ) else {
                break;
            };
            text.push_str(k);
            text.push_str(v);
            ends.push((ke, ve));
        }
        if ends.is_empty() {
            return Labels(None);
        }
        let packed = Packed {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        };
        if packed.text.len() > MAX_POOLED {
            return Labels(Some(Arc::new(packed)));
        }
        Labels(Some(pooled(&LABELS, packed)))
    }
}

impl fmt::Debug for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_and_order() {
        let l: Labels = [
            ("tier", "web"),
            ("app", "shop"),
            ("", "empty-key"),
            ("z", ""),
        ]
        .into_iter()
        .collect();
        assert_eq!(l.len(), 4);
        assert_eq!(l.get("app"), Some("shop"));
        assert_eq!(l.get("tier"), Some("web"));
        assert_eq!(l.get(""), Some("empty-key"));
        assert_eq!(l.get("z"), Some(""));
        assert_eq!(l.get("ap"), None);
        assert_eq!(l.get("zz"), None);
        assert!(l.contains_key("z") && !l.contains_key("nope"));
        let keys: Vec<&str> = l.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["", "app", "tier", "z"]);
        assert!(Labels::default().is_empty());
        assert_eq!(Labels::default().get("app"), None);
    }

    #[test]
    fn a_key_that_is_a_prefix_of_another_is_told_apart() {
        let l: Labels = [("app", "a"), ("app.kubernetes.io/name", "b"), ("ap", "c")]
            .into_iter()
            .collect();
        assert_eq!(l.get("ap"), Some("c"));
        assert_eq!(l.get("app"), Some("a"));
        assert_eq!(l.get("app.kubernetes.io/name"), Some("b"));
    }

    #[test]
    fn many_labels_in_any_order() {
        let pairs: Vec<(String, String)> = (0..200)
            .rev()
            .map(|i| (format!("k{i:03}"), format!("v{i}")))
            .collect();
        let l: Labels = pairs.iter().map(|(k, v)| (k, v)).collect();
        for (k, v) in &pairs {
            assert_eq!(l.get(k), Some(v.as_str()));
        }
        assert_eq!(format!("{:?}", l).matches(':').count(), 200);
    }

    #[test]
    fn equal_sets_are_kept_once() {
        let a: Labels = [("app", "web"), ("pod-template-hash", "5d8f")]
            .into_iter()
            .collect();
        let b: Labels = [("pod-template-hash", "5d8f"), ("app", "web")]
            .into_iter()
            .collect();
        let (Some(x), Some(y)) = (&a.0, &b.0) else {
            panic!("labels expected");
        };
        assert!(Arc::ptr_eq(x, y));
        let c: Labels = [("app", "db")].into_iter().collect();
        assert_ne!(a, c);
        assert_eq!(c.get("app"), Some("db"));
    }
}
