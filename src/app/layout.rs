//! The widths of the table's columns, sized to their content within the
//! screen.
//!
//! Each column is as wide as the widest of its title and the cells of the
//! rows in view, and stays so while the view is the same (scrolling never
//! makes a column shrink; a longer name widens it). When the screen is too
//! narrow, in this order:
//!
//! 1. free-text columns ([`Fit::Text`]: messages, images, selectors) are
//!    cut at the end, down to [`TEXT_MIN`];
//! 2. the optional columns (`wide`, kubectl's `-o wide` ones: IP, NODE…)
//!    are dropped, rightmost first;
//! 3. names ([`Fit::Name`]) are cut in the middle, keeping the start and
//!    the distinguishing suffix (`payments-reconcil…-7d9f8c6b5-x2k4q`),
//!    down to [`NAME_MIN`];
//! 4. trailing columns are dropped, one at a time.
//!
//! Each step cuts only as much as needed, widest columns first. Numbers,
//! ratios, ages and statuses ([`Fit::Whole`]) are never cut.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How a column may be narrowed when the screen is short of room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never cut: numbers, ratios, ages, statuses, addresses.
    Whole,
    /// A name, often generated (`web-7d9f8c6b5-x2k4q`): cut in the middle,
    /// so that its start and its distinguishing suffix both show.
    Name,
    /// Free text (messages, images, labels, selectors): cut at the end.
    Text,
}

/// The narrowest a name column is cut to before columns are dropped.
pub const NAME_MIN: u16 = 20;
/// The narrowest a free-text column is cut to before columns are dropped.
pub const TEXT_MIN: u16 = 16;
/// Cells between columns.
pub const SPACING: u16 = 1;

/// What the layout needs to know of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub fit: Fit,
    /// Dropped before names are cut (kubectl's `-o wide` columns).
    pub wide: bool,
}

/// The table's columns as laid out for the current view and screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// The displayed columns' titles the widths were measured for.
    titles: Vec<&'static str>,
    /// The widest each column has been in view (title included).
    natural: Vec<u16>,
    /// The columns shown (indices among the displayed columns, in order)
    /// and their widths.
    pub shown: Vec<(usize, u16)>,
}

impl Layout {
    /// Take in what is in view now: `titles` of the displayed columns,
    /// `widths` of their titles and cells (the widest of each). Widths
    /// only grow while the columns are the same; other columns start
    /// afresh. Then fit them into `total` cells.
    pub fn update(&mut self, titles: &[&'static str], widths: &[u16], specs: &[Spec], total: u16) {
        if self.titles != titles {
            self.titles = titles.to_vec();
            self.natural = vec![0; titles.len()];
        }
        for (n, w) in self.natural.iter_mut().zip(widths) {
            *n = (*n).max(*w);
        }
        self.shown = fit(&self.natural, specs, total);
    }
}

/// The narrowest column `spec` is cut to before columns are dropped.
fn min_width(spec: Spec, natural: u16) -> u16 {
    match spec.fit {
        Fit::Whole => natural,
        Fit::Name => natural.min(NAME_MIN),
        Fit::Text => natural.min(TEXT_MIN),
    }
}

/// Which columns to show, and how wide, in `total` cells: see the module
/// documentation for the order of concessions.
pub fn fit(natural: &[u16], specs: &[Spec], total: u16) -> Vec<(usize, u16)> {
    let mut shown: Vec<usize> = (0..natural.len().min(specs.len())).collect();
    loop {
        let mut widths: Vec<u16> = shown.iter().map(|&i| natural[i]).collect();
        let used: u32 = widths.iter().map(|&w| u32::from(w)).sum::<u32>()
            + u32::from(SPACING) * shown.len().saturating_sub(1) as u32;
        let mut need = used.saturating_sub(u32::from(total));
        let spec = |k: usize| specs[shown[k]];
        // 1. Free text, at the end.
        need = shrink(&mut widths, need, |k| {
            (spec(k).fit == Fit::Text).then(|| min_width(spec(k), natural[shown[k]]))
        });
        if need == 0 {
            return shown.into_iter().zip(widths).collect();
        }
        // 2. Optional columns, rightmost first (never the first column).
        if let Some(k) = (1..shown.len()).rev().find(|&k| spec(k).wide) {
            shown.remove(k);
            continue;
        }
        // 3. Names, in the middle.
        need = shrink(&mut widths, need, |k| {
            (spec(k).fit == Fit::Name).then(|| min_width(spec(k), natural[shown[k]]))
        });
        if need == 0 {
            return shown.into_iter().zip(widths).collect();
        }
        // 4. Trailing columns; the first one stays, cut to the screen.
        if shown.len() > 1 {
            shown.pop();
            continue;
        }
        return shown.into_iter().zip([total]).collect();
    }
}

/// Narrow the columns that `floor` allows (it gives their minimum) by
/// `need` cells in all, widest first; returns what could not be taken.
fn shrink(widths: &mut [u16], mut need: u32, floor: impl Fn(usize) -> Option<u16>) -> u32 {
    let floors: Vec<Option<u16>> = (0..widths.len()).map(floor).collect();
    while need > 0 {
        let widest = (0..widths.len())
            .filter(|&k| floors[k].is_some_and(|f| widths[k] > f))
            .max_by_key(|&k| (widths[k], k));
        let Some(k) = widest else { break };
        // Down to the next widest (or the floor), one cell at a time
        // while tied (the rightmost first), at most what is needed.
        let next = (0..widths.len())
            .filter(|&j| j != k && floors[j].is_some() && widths[j] <= widths[k])
            .map(|j| widths[j])
            .max()
            .unwrap_or(0);
        let floor = floors[k].unwrap_or(0).max(next);
        let take = u32::from(widths[k] - floor).max(1).min(need);
        widths[k] -= take as u16;
        need -= take;
    }
    need
}

/// The display width of `s` in terminal cells.
pub fn width(s: &str) -> u16 {
    u16::try_from(s.width()).unwrap_or(u16::MAX)
}

/// `text` cut to `max` cells as column `fit` allows: names in the middle
/// with `…` (the start and the suffix kept), free text at the end with
/// `…`; whole values are returned as they are (the column is as wide as
/// they are).
pub fn cut(text: &str, max: u16, fit: Fit) -> Cow<'_, str> {
    let max = usize::from(max);
    if text.width() <= max || fit == Fit::Whole {
        return Cow::Borrowed(text);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let room = max - 1;
    match fit {
        Fit::Text | Fit::Whole => {
            let mut out = take_front(text, room).to_string();
            out.push('…');
            Cow::Owned(out)
        }
        Fit::Name => {
            // Half each side; the start gets the odd cell.
            let back = room / 2;
            let front = take_front(text, room - back);
            let tail = take_back(text, back);
            let mut out = String::with_capacity(front.len() + tail.len() + 3);
            out.push_str(front);
            out.push('…');
            out.push_str(tail);
            Cow::Owned(out)
        }
    }
}

/// The longest start of `s` at most `cells` wide.
fn take_front(s: &str, cells: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.width().unwrap_or(0);
        if used > cells {
            return &s[..i];
        }
    }
    s
}

/// The longest end of `s` at most `cells` wide.
fn take_back(s: &str, cells: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > cells {
            return &s[i + c.len_utf8()..];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: Spec = Spec {
        fit: Fit::Name,
        wide: false,
    };
    const TEXT: Spec = Spec {
        fit: Fit::Text,
        wide: false,
    };
    const WHOLE: Spec = Spec {
        fit: Fit::Whole,
        wide: false,
    };
    const WIDE: Spec = Spec {
        fit: Fit::Whole,
        wide: true,
    };

    #[test]
    fn names_are_cut_in_the_middle_keeping_the_suffix() {
        let names = [
            "payments-reconciliation-worker-canary-7d9f8c6b5-x2k4q",
            "payments-reconciliation-worker-canary-7d9f8c6b5-h8m2p",
            "payments-reconciliation-worker-canary-7d9f8c6b5-zt9wl",
        ];
        let short: Vec<String> = names
            .iter()
            .map(|n| cut(n, 34, Fit::Name).into_owned())
            .collect();
        assert_eq!(short[0], "payments-reconcil…-7d9f8c6b5-x2k4q");
        assert!(short.iter().all(|c| width(c) == 34), "{short:?}");
        assert!(short[0] != short[1] && short[1] != short[2] && short[0] != short[2]);
        // Short enough: as it is.
        assert_eq!(cut("web-1", 34, Fit::Name), "web-1");
        assert_eq!(cut("web-12345", 5, Fit::Name), "we…45");
    }

    #[test]
    fn text_is_cut_at_the_end_and_numbers_never() {
        assert_eq!(
            cut("Back-off restarting failed container", 12, Fit::Text),
            "Back-off re…"
        );
        assert_eq!(cut("3000/3000", 4, Fit::Whole), "3000/3000");
        // Wide characters count two cells and are never split.
        assert_eq!(cut("节点节点节点", 6, Fit::Text), "节点…");
        assert_eq!(cut("节点-abcdef-节点", 9, Fit::Name), "节点…节点");
        assert_eq!(cut("anything", 0, Fit::Name), "");
    }

    #[test]
    fn columns_take_their_content_when_it_fits() {
        let shown = fit(&[53, 9, 7, 30], &[NAME, WHOLE, WHOLE, TEXT], 200);
        assert_eq!(shown, vec![(0, 53), (1, 9), (2, 7), (3, 30)]);
        // Exactly the screen: columns and the cells between them.
        let shown = fit(
            &[53, 9, 7, 30],
            &[NAME, WHOLE, WHOLE, TEXT],
            53 + 9 + 7 + 30 + 3,
        );
        assert_eq!(shown, vec![(0, 53), (1, 9), (2, 7), (3, 30)]);
    }

    #[test]
    fn text_goes_first_then_wide_columns_then_names_then_trailing_columns() {
        let specs = [NAME, WHOLE, WHOLE, WIDE, TEXT];
        let natural = [53, 9, 7, 11, 60];
        // 1. The message is cut, only as much as needed.
        let shown = fit(&natural, &specs, 120);
        assert_eq!(shown, vec![(0, 53), (1, 9), (2, 7), (3, 11), (4, 36)]);
        // 2. The message at its minimum is not enough: the wide column
        // goes, and the message gets the room back.
        let shown = fit(&natural, &specs, 95);
        assert_eq!(shown, vec![(0, 53), (1, 9), (2, 7), (4, 23)]);
        // 3. Then the name is cut (never the numbers).
        let shown = fit(&natural, &specs, 80);
        assert_eq!(shown, vec![(0, 45), (1, 9), (2, 7), (4, TEXT_MIN)]);
        // 4. Then trailing columns go, and the name gets room back.
        let shown = fit(&natural, &specs, 50);
        assert_eq!(shown, vec![(0, 32), (1, 9), (2, 7)]);
        assert_eq!(fit(&natural, &specs, 25), vec![(0, 25)]);
        // The first column stays, cut to the screen.
        assert_eq!(fit(&natural, &specs, 10), vec![(0, 10)]);
    }

    #[test]
    fn the_widest_cuttable_column_gives_first() {
        let shown = fit(&[40, 30, 5], &[NAME, NAME, WHOLE], 60);
        assert_eq!(shown, vec![(0, 27), (1, 26), (2, 5)]);
        let shown = fit(&[40, 40, 5], &[NAME, NAME, WHOLE], 60);
        assert_eq!(shown, vec![(0, 27), (1, 26), (2, 5)]);
    }

    #[test]
    fn widths_never_shrink_while_the_columns_are_the_same() {
        let mut l = Layout::default();
        let specs = [NAME, WHOLE];
        l.update(&["NAME", "AGE"], &[53, 3], &specs, 200);
        assert_eq!(l.shown, vec![(0, 53), (1, 3)]);
        // Scrolled to shorter names: the column keeps its width.
        l.update(&["NAME", "AGE"], &[12, 4], &specs, 200);
        assert_eq!(l.shown, vec![(0, 53), (1, 4)]);
        // A narrower screen fits the same widths anew.
        l.update(&["NAME", "AGE"], &[12, 4], &specs, 30);
        assert_eq!(l.shown, vec![(0, 25), (1, 4)]);
        // Other columns (another view): measured afresh.
        l.update(
            &["CLUSTER", "NAME", "AGE"],
            &[7, 12, 4],
            &[NAME, NAME, WHOLE],
            200,
        );
        assert_eq!(l.shown, vec![(0, 7), (1, 12), (2, 4)]);
    }
}
