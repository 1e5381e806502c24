//! Keys in the container picker: what the chosen container is for (its
//! logs, or a shell in it).

use super::{logs, related, shell};
use crate::app::msg::{Effect, Intent};
use crate::app::state::{Overlay, Pick, State};

/// Keys in the container picker.
pub fn picker_key(s: &mut State, action: Option<Intent>, fx: &mut Vec<Effect>) {
    let Some(Overlay::Picker(p)) = s.overlays.last_mut() else {
        return;
    };
    let Some(action) = action else { return };
    match action {
        Intent::Back => {
            s.overlays.pop();
        }
        Intent::Up => p.cursor = p.cursor.saturating_sub(1),
        Intent::Down => p.cursor = (p.cursor + 1).min(p.items.len().saturating_sub(1)),
        Intent::Top => p.cursor = 0,
        Intent::Bottom => p.cursor = p.items.len().saturating_sub(1),
        Intent::Enter => {
            let Some(Overlay::Picker(p)) = s.overlays.pop() else {
                return;
            };
            match p.pick {
                Pick::Logs {
                    cluster,
                    namespace,
                    pod,
                    containers,
                    regular,
                } => {
                    let chosen = if p.cursor == 0 {
                        containers[..regular].to_vec()
                    } else {
                        vec![containers[p.cursor - 1].clone()]
                    };
                    logs::start_pod_logs(s, cluster, namespace, pod, chosen, fx);
                }
                Pick::Shell {
                    cluster,
                    namespace,
                    pod,
                    containers,
                } => {
                    let container = containers[p.cursor.min(containers.len() - 1)].clone();
                    shell::shell(s, cluster, namespace, pod, container, fx);
                }
                Pick::Goto(mut dests) => {
                    if p.cursor < dests.len() {
                        related::go(s, dests.swap_remove(p.cursor), fx);
                    }
                }
            }
        }
        _ => {}
    }
}
