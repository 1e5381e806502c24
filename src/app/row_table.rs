//! A cache's rows, found by uid.
//!
//! A hash table of entries keyed by the uid each row already holds: a map
//! from uid to entry would keep a second copy of every uid in its buckets
//! (16 bytes a row, whatever the table's load). The uid is read from the
//! row, so an entry can't be filed under another row's uid.

use std::hash::{BuildHasher, RandomState};

use hashbrown::HashTable;
use hashbrown::hash_table::Entry as Slot;

use super::state::Entry;
use crate::kube::rows::Uid;

#[derive(Default)]
pub struct RowTable {
    table: HashTable<Entry>,
    hasher: RandomState,
}

fn uid(e: &Entry) -> &Uid {
    &e.row.meta().uid
}

impl RowTable {
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    pub fn get(&self, key: &Uid) -> Option<&Entry> {
        self.table
            .find(self.hasher.hash_one(key), |e| uid(e) == key)
    }

    /// The entry with its uid (the row's own).
    pub fn get_key_value(&self, key: &Uid) -> Option<(&Uid, &Entry)> {
        self.get(key).map(keyed)
    }

    pub fn contains_key(&self, key: &Uid) -> bool {
        self.get(key).is_some()
    }

    /// Files `e` under its row's uid; the entry it replaces, if any.
    pub fn insert(&mut self, e: Entry) -> Option<Entry> {
        let hasher = &self.hasher;
        let hash = hasher.hash_one(uid(&e));
        match self
            .table
            .entry(hash, |x| uid(x) == uid(&e), |x| hasher.hash_one(uid(x)))
        {
            Slot::Occupied(mut o) => Some(std::mem::replace(o.get_mut(), e)),
            Slot::Vacant(v) => {
                v.insert(e);
                None
            }
        }
    }

    pub fn remove(&mut self, key: &Uid) -> Option<Entry> {
        match self
            .table
            .find_entry(self.hasher.hash_one(key), |e| uid(e) == key)
        {
            Ok(o) => Some(o.remove().0),
            Err(_) => None,
        }
    }

    /// Each entry with its uid, in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&Uid, &Entry)> {
        self.into_iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &Uid> {
        self.table.iter().map(uid)
    }

    pub fn values(&self) -> impl Iterator<Item = &Entry> {
        self.table.iter()
    }
}

/// An entry with its uid.
fn keyed(e: &Entry) -> (&Uid, &Entry) {
    (uid(e), e)
}

impl<'a> IntoIterator for &'a RowTable {
    type Item = (&'a Uid, &'a Entry);
    type IntoIter =
        std::iter::Map<hashbrown::hash_table::Iter<'a, Entry>, fn(&Entry) -> (&Uid, &Entry)>;
    fn into_iter(self) -> Self::IntoIter {
        self.table.iter().map(keyed)
    }
}

impl IntoIterator for RowTable {
    type Item = Entry;
    type IntoIter = hashbrown::hash_table::IntoIter<Entry>;
    fn into_iter(self) -> Self::IntoIter {
        self.table.into_iter()
    }
}

impl Extend<Entry> for RowTable {
    fn extend<I: IntoIterator<Item = Entry>>(&mut self, entries: I) {
        for e in entries {
            self.insert(e);
        }
    }
}

impl FromIterator<Entry> for RowTable {
    fn from_iter<I: IntoIterator<Item = Entry>>(entries: I) -> Self {
        let entries = entries.into_iter();
        let mut t = RowTable {
            table: HashTable::with_capacity(entries.size_hint().0),
            hasher: RandomState::new(),
        };
        t.extend(entries);
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::Row;
    use crate::testkit::meta;

    fn entry(name: &str, uid: &str, search: &str) -> Entry {
        let mut m = meta("shop", name, &[], None);
        m.uid = Uid::new(uid);
        Entry {
            row: Row::Namespace(Box::new(crate::kube::rows::NamespaceRow {
                meta: m,
                phase: String::new(),
            })),
            search: search.into(),
        }
    }

    #[test]
    fn rows_are_found_replaced_and_removed_by_their_own_uid() {
        let mut t: RowTable = [entry("a", "u-a", "one"), entry("b", "u-b", "two")]
            .into_iter()
            .collect();
        assert_eq!(t.len(), 2);
        assert_eq!(t.get(&Uid::new("u-a")).map(|e| &*e.search), Some("one"));
        let (k, e) = t.get_key_value(&Uid::new("u-b")).unwrap();
        assert_eq!((k.to_string().as_str(), &*e.search), ("u-b", "two"));
        // The same uid again: replaced, the old one handed back.
        let old = t.insert(entry("a", "u-a", "three"));
        assert_eq!(old.map(|e| e.search), Some("one".into()));
        assert_eq!(t.len(), 2);
        assert_eq!(t.get(&Uid::new("u-a")).map(|e| &*e.search), Some("three"));
        assert_eq!(
            t.remove(&Uid::new("u-a")).map(|e| e.search),
            Some("three".into())
        );
        assert!(t.remove(&Uid::new("u-a")).is_none());
        assert!(!t.contains_key(&Uid::new("u-a")) && t.contains_key(&Uid::new("u-b")));
        let keys: Vec<String> = t.keys().map(|k| k.to_string()).collect();
        assert_eq!(keys, ["u-b"]);
    }

    #[test]
    fn many_rows_all_stay_findable() {
        let id = |i: u32| format!("{i:08x}-9b1d-4c7e-8a2f-0123456789ab");
        let mut t = RowTable::default();
        t.extend((1..5000).map(|i| entry(&format!("p{i}"), &id(i), "")));
        for i in (1..5000).step_by(2) {
            assert!(t.remove(&Uid::new(&id(i))).is_some());
        }
        assert_eq!(t.len(), 2499);
        assert!(
            (2..5000)
                .step_by(2)
                .all(|i| t.contains_key(&Uid::new(&id(i))))
        );
        assert_eq!(t.iter().filter(|(k, e)| *k == uid(e)).count(), 2499);
    }
}
