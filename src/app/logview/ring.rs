//! A bounded buffer of log lines: capped in lines and in bytes; what is
//! evicted is counted, so the view can say how much it dropped.

use std::collections::VecDeque;

#[derive(Debug, Clone, PartialEq)]
pub struct Ring<T> {
    items: VecDeque<(T, usize)>,
    max_items: usize,
    max_bytes: usize,
    bytes: usize,
    pub dropped_items: u64,
    pub dropped_bytes: u64,
}

impl<T> Ring<T> {
    pub fn new(max_items: usize, max_bytes: usize) -> Self {
        Ring {
            items: VecDeque::new(),
            max_items: max_items.max(1),
            max_bytes: max_bytes.max(1),
            bytes: 0,
            dropped_items: 0,
            dropped_bytes: 0,
        }
    }

    /// Add an item of `size` bytes, evicting the oldest while over a cap.
    pub fn push(&mut self, item: T, size: usize) {
        self.items.push_back((item, size));
        self.bytes += size;
        while self.items.len() > self.max_items
            || (self.bytes > self.max_bytes && self.items.len() > 1)
        {
            if let Some((_, s)) = self.items.pop_front() {
                self.bytes -= s;
                self.dropped_items += 1;
                self.dropped_bytes += s as u64;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn max_items(&self) -> usize {
        self.max_items
    }

    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.items.get(i).map(|(t, _)| t)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.items.iter().map(|(t, _)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_lines_and_counts_what_it_drops() {
        let mut r = Ring::new(3, 1000);
        for i in 0..5 {
            r.push(i, 10);
        }
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), [2, 3, 4]);
        assert_eq!((r.dropped_items, r.dropped_bytes), (2, 20));
        assert_eq!(r.bytes(), 30);
    }

    #[test]
    fn caps_bytes_but_keeps_the_newest_line() {
        let mut r = Ring::new(100, 25);
        r.push("a", 10);
        r.push("b", 10);
        r.push("c", 10);
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), ["b", "c"]);
        r.push("huge", 500);
        assert_eq!(
            r.iter().copied().collect::<Vec<_>>(),
            ["huge"],
            "one line over the cap is still shown"
        );
        assert_eq!(r.dropped_items, 3);
    }

    #[test]
    fn memory_stays_bounded_under_a_flood() {
        let mut r = Ring::new(10_000, 1 << 20);
        for i in 0..200_000u64 {
            r.push(i, 120);
        }
        assert!(r.bytes() <= 1 << 20);
        assert!(r.len() <= 10_000);
        assert_eq!(r.dropped_items as usize + r.len(), 200_000);
    }
}
