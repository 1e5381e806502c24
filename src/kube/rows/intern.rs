//! Interning: the texts rows repeat by the thousand (namespaces, nodes,
//! statuses, owners, container names, whole label sets) are kept once and
//! shared. At 60,000 pods a namespace held as a `String` in every row costs
//! 56 bytes a row (the string and its heap block); a [`Name`] costs the 16
//! bytes of a shared pointer.
//!
//! The pools are global (rows are made on the watch tasks) and bounded by
//! what the rows still hold: when a pool has doubled since it was last swept,
//! the values no row holds any more are let go. A value too long to be a
//! name of the kinds above is not pooled (it is still shared by its clones).

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;
use std::ops::Deref;
use std::sync::{Arc, LazyLock, Mutex};

/// Texts longer than this are not pooled (a DNS subdomain name is at most
/// 253 bytes: longer ones are free text, not names repeated across rows).
const MAX_POOLED: usize = 253;

/// The fewest values a pool keeps before it sweeps.
const MIN_SWEEP: usize = 1024;

/// A bounded pool of shared values.
pub(super) struct Pool<T: ?Sized> {
    set: HashSet<Arc<T>>,
    /// Sweep when the pool reaches this size.
    sweep_at: usize,
}

impl<T: ?Sized + Hash + Eq> Pool<T> {
    fn new() -> Self {
        Pool {
            set: HashSet::new(),
            sweep_at: MIN_SWEEP,
        }
    }

    /// The pooled value equal to `v`, pooled now (made by `make`) if there
    /// is none.
    pub(super) fn get<Q>(&mut self, v: &Q, make: impl FnOnce(&Q) -> Arc<T>) -> Arc<T>
    where
        Arc<T>: Borrow<Q>,
        Q: ?Sized + Hash + Eq,
    {
        if let Some(x) = self.set.get(v) {
            return Arc::clone(x);
        }
        self.insert(make(v))
    }

    /// The pooled value equal to `v`, else `v` pooled.
    pub(super) fn get_owned(&mut self, v: T) -> Arc<T>
    where
        T: Sized,
    {
        if let Some(x) = self.set.get(&v) {
            return Arc::clone(x);
        }
        self.insert(Arc::new(v))
    }

    fn insert(&mut self, x: Arc<T>) -> Arc<T> {
        if self.set.len() >= self.sweep_at {
            // Let go of what no row holds any more.
            self.set.retain(|x| Arc::strong_count(x) > 1);
            self.sweep_at = (self.set.len() * 2).max(MIN_SWEEP);
        }
        self.set.insert(Arc::clone(&x));
        x
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.set.len()
    }
}

/// Pools behind a lock (the watch tasks of every cluster share them).
pub(super) fn pool<T: ?Sized + Hash + Eq>() -> Mutex<Pool<T>> {
    Mutex::new(Pool::new())
}

/// The value of `pool` equal to `v`, else `v` pooled.
pub(super) fn pooled<T: Hash + Eq>(pool: &Mutex<Pool<T>>, v: T) -> Arc<T> {
    pool.lock().unwrap_or_else(|e| e.into_inner()).get_owned(v)
}

static NAMES: LazyLock<Mutex<Pool<str>>> = LazyLock::new(pool);

static EMPTY: LazyLock<Name> = LazyLock::new(|| Name(Arc::from("")));

/// A shared, immutable text: a namespace, a node, a status, an owner, a
/// container name. Reads as a `&str` (`Deref`); equal to the texts it
/// holds.
/// A controller owner reference (kind, name), kept once and shared by
/// every row it owns: 8 bytes in a row (32 as two names).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Owner(Arc<OwnerRef>);

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct OwnerRef {
    pub kind: Name,
    pub name: Name,
}

static OWNERS: LazyLock<Mutex<Pool<OwnerRef>>> = LazyLock::new(pool);

impl Owner {
    pub fn new(kind: &str, name: &str) -> Owner {
        let r = OwnerRef {
            kind: Name::new(kind),
            name: Name::new(name),
        };
        Owner(pooled(&OWNERS, r))
    }
}

impl Deref for Owner {
    type Target = OwnerRef;
    fn deref(&self) -> &OwnerRef {
        &self.0
    }
}

impl fmt::Debug for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(Arc<str>);

impl Name {
    /// `s`, shared with every other row that holds the same text.
    pub fn new(s: &str) -> Name {
        if s.is_empty() {
            return Name::default();
        }
        if s.len() > MAX_POOLED {
            return Name(Arc::from(s));
        }
        let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
        Name(names.get(s, |s: &str| Arc::from(s)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Name {
    fn default() -> Self {
        EMPTY.clone()
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name::new(&s)
    }
}

impl From<&String> for Name {
    fn from(s: &String) -> Name {
        Name::new(s)
    }
}

impl From<&Name> for String {
    fn from(n: &Name) -> String {
        n.as_str().to_string()
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.as_str().to_string()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, o: &str) -> bool {
        &*self.0 == o
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, o: &&str) -> bool {
        &*self.0 == *o
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, o: &String) -> bool {
        &*self.0 == o.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, o: &Name) -> bool {
        self.as_str() == &*o.0
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, o: &Name) -> bool {
        self == &*o.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, o: &Name) -> bool {
        *self == &*o.0
    }
}

/// A short shared text held in 8 bytes (a thin pointer, where a [`Name`]
/// takes 16): a pod's status and phase, a container's state reason
/// (`CrashLoopBackOff`, `Completed`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Word(Arc<Box<str>>);

static WORDS: LazyLock<Mutex<Pool<Box<str>>>> = LazyLock::new(pool);

impl Word {
    pub fn new(s: &str) -> Word {
        if s.len() > MAX_POOLED {
            return Word(Arc::new(s.into()));
        }
        Word(pooled(&WORDS, s.into()))
    }
}

impl Word {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Word {
    fn default() -> Self {
        EMPTY_WORD.clone()
    }
}

static EMPTY_WORD: LazyLock<Word> = LazyLock::new(|| Word(Arc::new("".into())));

impl PartialEq<&str> for Word {
    fn eq(&self, o: &&str) -> bool {
        **self.0 == **o
    }
}

impl Deref for Word {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self.0, f)
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Word {
    fn from(s: &str) -> Word {
        Word::new(s)
    }
}

impl From<String> for Word {
    fn from(s: String) -> Word {
        Word::new(&s)
    }
}

impl PartialEq<str> for Word {
    fn eq(&self, o: &str) -> bool {
        **self.0 == *o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_shared_and_thin() {
        let a = Word::new("CrashLoopBackOff");
        let b = Word::from(String::from("CrashLoopBackOff"));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(
            (&*a, format!("{a} {a:?}")),
            (
                "CrashLoopBackOff",
                "CrashLoopBackOff \"CrashLoopBackOff\"".into()
            )
        );
        assert_eq!(std::mem::size_of::<Option<Word>>(), 8);
        let long = "x".repeat(MAX_POOLED + 1);
        assert_eq!(&*Word::new(&long), long);
    }

    #[test]
    fn equal_texts_share_one_block() {
        let a = Name::new("kube-system");
        let b = Name::from(String::from("kube-system"));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "kube-system");
        assert_eq!(format!("{a} {a:?}"), "kube-system \"kube-system\"");
        assert!(Name::new("").is_empty());
        assert_eq!(Name::default(), "");
        let long = "x".repeat(MAX_POOLED + 1);
        assert_eq!(Name::new(&long), long);
    }

    #[test]
    fn the_pods_of_one_controller_share_its_owner() {
        let a = Owner::new("ReplicaSet", "web-7d9f8c6b5");
        let b = Owner::new("ReplicaSet", "web-7d9f8c6b5");
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!((&*a.kind, &*a.name), ("ReplicaSet", "web-7d9f8c6b5"));
        let other = Owner::new("Job", "web-7d9f8c6b5");
        assert!(!Arc::ptr_eq(&a.0, &other.0));
        assert_eq!(std::mem::size_of::<Option<Owner>>(), 8);
    }

    #[test]
    fn a_pool_lets_go_of_what_nothing_holds() {
        let mut p: Pool<str> = Pool::new();
        let held: Vec<Arc<str>> = (0..MIN_SWEEP)
            .map(|i| p.get(format!("held-{i}").as_str(), |s: &str| Arc::from(s)))
            .collect();
        for i in 0..10 * MIN_SWEEP {
            drop(p.get(format!("gone-{i}").as_str(), |s: &str| Arc::from(s)));
        }
        // Never more than twice what is held (plus the one just added).
        assert!(p.len() <= 2 * MIN_SWEEP + 1, "{}", p.len());
        // What is held is still shared.
        let again = p.get("held-7", |s: &str| Arc::from(s));
        assert!(Arc::ptr_eq(&again, &held[7]));
    }
}
