//! Render tests of permissions: what the user may not do is greyed in
//! help and in the footer, with the reason; what they may is not.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use crate::app::msg::Msg;
use crate::app::state::{Overlay, State};
use crate::app::update::update;
use crate::app::view::View;
use crate::config::theme::Theme;
use crate::kube::kind::Kind;
use crate::kube::ops::Target;
use crate::kube::{ClusterEvent, ClusterStatus, RowChange};
use crate::testkit::{self, t0};

const REASON: &str = "not allowed: prod-eu-viewer may not patch deployments/scale in shop";

/// One cluster, context and user `name`, showing deployment shop/web,
/// with every question about it answered `allowed`.
fn state(name: &str, allowed: bool) -> State {
    let mut c = testkit::cluster(
        name,
        ClusterStatus::Connected {
            version: "v1.36.2".into(),
        },
    );
    c.user = name.into();
    let mut s = testkit::state(View::Kind(Kind::Deployments), vec![c], t0());
    let row = testkit::deployment(testkit::meta("shop", "web", &[], Some(t0())));
    update(
        &mut s,
        Msg::Cluster(ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Deployments,
            change: RowChange::Replace(vec![row]),
        }),
    );
    let t = Target {
        cluster: 0,
        context: name.into(),
        kind: Kind::Deployments,
        namespace: "shop".into(),
        name: "web".into(),
    };
    testkit::answer_access(&mut s, &t, allowed);
    s
}

fn draw(s: &mut State) -> Buffer {
    update(
        s,
        Msg::Resize {
            width: 200,
            height: 40,
        },
    );
    let mut t = Terminal::new(TestBackend::new(200, 40)).unwrap();
    let theme = Theme::default();
    t.draw(|f| super::draw(f, s, &theme)).unwrap();
    t.backend().buffer().clone()
}

fn line(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// The row holding `text`, and the column it starts at.
fn find(buf: &Buffer, text: &str) -> Option<(u16, u16)> {
    (0..buf.area.height).find_map(|y| {
        let l = line(buf, y);
        l.find(text).map(|i| (y, l[..i].chars().count() as u16))
    })
}

/// The column `text` starts at in `line`.
fn col(line: &str, text: &str) -> u16 {
    let i = line
        .find(text)
        .unwrap_or_else(|| panic!("{text:?} in {line}"));
    line[..i].chars().count() as u16
}

#[test]
fn help_greys_what_the_user_may_not_do_with_the_reason() {
    let mut s = state("prod-eu-viewer", false);
    s.overlays.push(Overlay::Help { scroll: 0 });
    let buf = draw(&mut s);
    let theme = Theme::default();
    let (y, x) = find(&buf, "scale (a form").expect("the scale line");
    assert_eq!(buf[(x, y)].fg, theme.dim.fg.unwrap(), "greyed");
    // The reason on the line below it.
    assert!(line(&buf, y + 1).contains(REASON), "{}", line(&buf, y + 1));
    let (ry, rx) = find(&buf, REASON).unwrap();
    assert_eq!(buf[(rx, ry)].fg, theme.warning.fg.unwrap());
    for (what, why) in [
        ("restart every pod", "may not patch deployments in shop"),
        ("delete (graceful", "may not delete deployments in shop"),
    ] {
        let (y, x) = find(&buf, what).expect(what);
        assert_eq!(buf[(x, y)].fg, theme.dim.fg.unwrap(), "{what} greyed");
        assert!(line(&buf, y + 1).contains(why), "{}", line(&buf, y + 1));
    }
    // Reading is not an action: not greyed.
    let (y, x) = find(&buf, "describe the selected").unwrap();
    assert_ne!(buf[(x, y)].fg, theme.dim.fg.unwrap());
}

#[test]
fn the_footer_greys_the_actions_and_says_why() {
    let mut s = state("prod-eu-viewer", false);
    let buf = draw(&mut s);
    let theme = Theme::default();
    let foot = line(&buf, buf.area.height - 1);
    assert!(
        foot.contains("(not allowed: prod-eu-viewer may not patch deployments/scale, patch or delete deployments in shop)"),
        "{foot}"
    );
    for label in [" scale", " restart", " rollback", " delete"] {
        let x = col(&foot, label) + 1;
        let cell = &buf[(x, buf.area.height - 1)];
        assert!(
            cell.modifier.contains(Modifier::CROSSED_OUT),
            "{label} crossed out"
        );
        assert_eq!(cell.fg, theme.dim.fg.unwrap());
    }
    // History reads: never greyed.
    let x = col(&foot, " history") + 1;
    assert!(
        !buf[(x, buf.area.height - 1)]
            .modifier
            .contains(Modifier::CROSSED_OUT)
    );
}

#[test]
fn an_allowed_or_unanswered_user_sees_nothing_greyed() {
    for mut s in [
        state("prod-eu", true),
        // Not answered yet: allowed (the server decides).
        {
            let mut s = state("prod-eu", true);
            s.access = Default::default();
            s
        },
    ] {
        let buf = draw(&mut s);
        let foot = line(&buf, buf.area.height - 1);
        assert!(!foot.contains("not allowed"), "{foot}");
        let x = col(&foot, " scale") + 1;
        assert!(
            !buf[(x, buf.area.height - 1)]
                .modifier
                .contains(Modifier::CROSSED_OUT)
        );
        s.overlays.push(Overlay::Help { scroll: 0 });
        let buf = draw(&mut s);
        assert!(find(&buf, "not allowed").is_none());
        let theme = Theme::default();
        let (y, x) = find(&buf, "scale (a form").unwrap();
        assert_ne!(buf[(x, y)].fg, theme.dim.fg.unwrap());
    }
}
