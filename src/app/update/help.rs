//! Keys over the help overlay.

use crate::app::msg::Intent;
use crate::app::state::{Overlay, State};

pub fn help_key(s: &mut State, intent: Option<Intent>) {
    let Some(Overlay::Help { scroll }) = s.overlays.last_mut() else {
        return;
    };
    match intent {
        Some(Intent::Back | Intent::Help) => {
            s.overlays.pop();
        }
        Some(Intent::Down) => *scroll += 1,
        Some(Intent::Up) => *scroll = scroll.saturating_sub(1),
        _ => {}
    }
}

/// Open help over whatever is shown.
pub fn open(s: &mut State) {
    s.overlays.push(Overlay::Help { scroll: 0 });
}
