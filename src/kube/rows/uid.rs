//! An object's uid, held in 16 bytes.
//!
//! API servers give every object a UUID in its canonical text form
//! (`3f0c2a4e-…`, 36 characters). The row keeps the 16 bytes themselves,
//! not the text: tens of thousands of pods would otherwise hold as many
//! 64-byte blocks (the text and its counts). Any other text (a server that
//! answers otherwise, a synthetic key such as an alert's, an empty uid) is
//! kept as sent, shared. Either way the uid reads back exactly as it came.

use std::fmt;
use std::num::NonZeroU64;
use std::sync::{Arc, LazyLock};

/// One object's uid (see the module's note). Cheap to clone; compares,
/// hashes and orders by value.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uid(Repr);

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Repr {
    /// A canonical lower-case UUID: its first and last eight bytes, big
    /// endian (so the order is the text's). The first half is never zero:
    /// it holds the UUID's version, and a UUID with version 0 is kept as
    /// text. That spare value is what lets the text variant share the 16
    /// bytes.
    Uuid { hi: NonZeroU64, lo: u64 },
    /// Anything else, as sent.
    Text(Arc<String>),
}

static EMPTY: LazyLock<Arc<String>> = LazyLock::new(|| Arc::new(String::new()));

impl Uid {
    pub fn new(s: &str) -> Uid {
        match canonical_uuid(s) {
            Some((hi, lo)) => Uid(Repr::Uuid { hi, lo }),
            None if s.is_empty() => Uid::default(),
            None => Uid(Repr::Text(Arc::new(s.to_string()))),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(&self.0, Repr::Text(t) if t.is_empty())
    }

    /// The uid when it was not a UUID (a synthetic key's own text).
    pub fn text(&self) -> Option<&str> {
        match &self.0 {
            Repr::Text(t) => Some(t),
            Repr::Uuid { .. } => None,
        }
    }
}

/// `s`'s bytes when it is a UUID written the way API servers write them:
/// hyphenated, lower case (anything else would not read back the same).
fn canonical_uuid(s: &str) -> Option<(NonZeroU64, u64)> {
    if s.len() != uuid::fmt::Hyphenated::LENGTH {
        return None;
    }
    let u = uuid::Uuid::try_parse(s).ok()?;
    let mut buf = uuid::Uuid::encode_buffer();
    if u.hyphenated().encode_lower(&mut buf) != s {
        return None;
    }
    let (hi, lo) = u.as_u64_pair();
    Some((NonZeroU64::new(hi)?, lo))
}

impl Default for Uid {
    fn default() -> Self {
        Uid(Repr::Text(EMPTY.clone()))
    }
}

impl fmt::Display for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Uuid { hi, lo } => {
                let u = uuid::Uuid::from_u64_pair(hi.get(), *lo);
                fmt::Display::fmt(&u.hyphenated(), f)
            }
            Repr::Text(t) => f.write_str(t),
        }
    }
}

impl fmt::Debug for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl From<&str> for Uid {
    fn from(s: &str) -> Self {
        Uid::new(s)
    }
}

impl From<String> for Uid {
    fn from(s: String) -> Self {
        Uid::new(&s)
    }
}

impl PartialEq<str> for Uid {
    fn eq(&self, other: &str) -> bool {
        match &self.0 {
            Repr::Text(t) => t.as_str() == other,
            Repr::Uuid { hi, lo } => canonical_uuid(other) == Some((*hi, *lo)),
        }
    }
}

impl PartialEq<&str> for Uid {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uid_takes_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Uid>(), 16);
    }

    #[test]
    fn a_uuid_reads_back_as_it_came() {
        let s = "3f0c2a4e-9b1d-4c7e-8a2f-0123456789ab";
        let u = Uid::new(s);
        assert!(u.text().is_none(), "held as bytes");
        assert_eq!(u.to_string(), s);
        assert_eq!(u, s);
        assert_eq!(u, Uid::from(s.to_string()));
        assert!(!u.is_empty());
    }

    #[test]
    fn any_other_text_is_kept_as_sent() {
        for s in [
            "uid-1",
            "shop|pods",
            // upper case, braces, no hyphens: valid UUIDs, but not written
            // the canonical way, so bytes would not read back the same
            "3F0C2A4E-9B1D-4C7E-8A2F-0123456789AB",
            "{3f0c2a4e-9b1d-4c7e-8a2f-0123456789ab}",
            "3f0c2a4e9b1d4c7e8a2f0123456789ab",
            // the first half zero: the spare value the text variant uses
            "00000000-0000-0000-8a2f-0123456789ab",
            "ünïcödé-uid",
        ] {
            let u = Uid::new(s);
            assert_eq!(u.text(), Some(s));
            assert_eq!(u.to_string(), s);
            assert_eq!(u, s);
        }
        assert!(Uid::new("").is_empty());
        assert_eq!(Uid::new(""), Uid::default());
    }

    #[test]
    fn uids_order_as_their_texts_do() {
        let a = Uid::new("0a0c2a4e-9b1d-4c7e-8a2f-0123456789ab");
        let b = Uid::new("0a0c2a4e-9b1d-4c7e-8a2f-0123456789ac");
        let c = Uid::new("f00c2a4e-0000-4c7e-8a2f-000000000000");
        assert!(a < b && b < c);
        assert_ne!(a, b);
        assert_ne!(Uid::new("x"), a);
    }
}
