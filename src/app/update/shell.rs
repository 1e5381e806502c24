//! Shells: `s` on a pod (a picker when it has several containers), refused
//! at once in read-only mode (the gate in the kube layer refuses too).

use crate::app::access;
use crate::app::msg::{Effect, Intent};
use crate::app::state::{Level, Overlay, Pick, Picker, State};
use crate::kube::Row;
use crate::kube::exec::ShellTarget;
use crate::kube::kind::Kind;
use crate::kube::ops::Target;

/// `s` on the selected pod.
pub fn open_shell(s: &mut State, fx: &mut Vec<Effect>) {
    let Some((cluster, Row::Pod(p))) = s.selected_row() else {
        s.message = Some((Level::Info, "shell: select a pod".into()));
        return;
    };
    let ns = p.meta.namespace.to_string();
    let pod = p.meta.name.clone();
    let regular: Vec<String> = p.regular().iter().map(|c| c.name.to_string()).collect();
    if s.readonly {
        // The gate in the cluster layer refuses too; say so at once.
        s.message = Some((
            Level::Warning,
            format!(
                "read-only mode: no shell (exec can change a container); nothing was sent to {}",
                s.clusters[cluster].name
            ),
        ));
        return;
    }
    // The user may not exec here (an access review said so).
    let target = Target {
        cluster,
        context: s.clusters[cluster].name.clone(),
        kind: Kind::Pods,
        namespace: ns.clone(),
        name: pod.clone(),
    };
    if let Some(why) = access::denial(s, Intent::Shell, &target) {
        s.message = Some((Level::Warning, format!("{why}: no shell, nothing was sent")));
        fx.push(Effect::Refused {
            action: "shell".into(),
            refusals: vec![(target, why)],
        });
        return;
    }
    match regular.len() {
        0 => s.message = Some((Level::Error, format!("pod {pod} has no containers"))),
        1 => {
            let c = regular[0].clone();
            shell(s, cluster, ns, pod, c, fx);
        }
        _ => {
            let cname = s.clusters[cluster].name.clone();
            s.overlays.push(Overlay::Picker(Box::new(Picker {
                title: format!("shell in pod {ns}/{pod} @{cname}: which container?"),
                items: regular.clone(),
                cursor: 0,
                pick: Pick::Shell {
                    cluster,
                    namespace: ns,
                    pod,
                    containers: regular,
                },
            })));
        }
    }
}

pub fn shell(
    s: &mut State,
    cluster: usize,
    namespace: String,
    pod: String,
    container: String,
    fx: &mut Vec<Effect>,
) {
    let target = ShellTarget {
        cluster: s.clusters[cluster].name.clone(),
        namespace,
        pod,
        container,
    };
    s.message = Some((
        Level::Info,
        format!("opening a shell in {}…", target.describe()),
    ));
    fx.push(Effect::Shell { cluster, target });
}
