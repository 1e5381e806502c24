//! Key bindings: `keymaps/default.toml` is embedded; a user file in the
//! config directory overrides any binding. Every action can be rebound and
//! the help overlay is generated from the active map.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

pub const DEFAULT: &str = include_str!("../../keymaps/default.toml");

/// Where a binding applies. The views of pods, workloads and nodes are
/// tables with keys of their own (`s` is a shell on a pod, a scale on a
/// deployment): their bindings come first, then the table's, then the
/// global ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Table,
    Pods,
    Workloads,
    Nodes,
    History,
    Tree,
    Detail,
    Logs,
}

impl Context {
    /// The context whose bindings also apply here.
    pub fn parent(self) -> Option<Context> {
        match self {
            Context::Pods | Context::Workloads | Context::Nodes => Some(Context::Table),
            Context::Global => None,
            _ => Some(Context::Global),
        }
    }

    /// This context, then those it inherits from.
    fn chain(self) -> impl Iterator<Item = Context> {
        std::iter::successors(Some(self), |c| c.parent())
    }
}

/// Everything a key can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Intent {
    Quit,
    Command,
    Filter,
    Help,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Enter,
    Describe,
    Yaml,
    SortNext,
    SortReverse,
    SearchNext,
    SearchPrev,
    ToggleManagedFields,
    AllClusters,
    AllNamespaces,
    Logs,
    Shell,
    Left,
    Right,
    LineFilter,
    Timestamps,
    Wrap,
    RawJson,
    Previous,
    /// Where a log view starts: 0 tail, 1 1m, 2 5m, 3 15m, 4 1h, 5 all.
    Since(u8),
    Mark,
    Copy,
    Save,
    SaveAll,
    Scale,
    Restart,
    History,
    Rollback,
    Diff,
    Delete,
    Cordon,
    Uncordon,
    Drain,
    Panel,
    /// Show (or hide again) the values of the secret on screen.
    Reveal,
    /// A workload's ownership tree.
    Tree,
}

impl Intent {
    const ALL: [(Intent, &'static str, &'static str); 52] = [
        (Intent::Quit, "quit", "quit kdeck"),
        (
            Intent::Command,
            "command",
            "command line (:pods, :deploy @prod-eu -n shop, :q)",
        ),
        (
            Intent::Filter,
            "filter",
            "filter rows (text, regex, !invert, -l label=value)",
        ),
        (Intent::Help, "help", "this help"),
        (Intent::Back, "back", "back / close / clear filter"),
        (Intent::Up, "up", "move up"),
        (Intent::Down, "down", "move down"),
        (Intent::PageUp, "page_up", "page up"),
        (Intent::PageDown, "page_down", "page down"),
        (Intent::Top, "top", "go to the top"),
        (Intent::Bottom, "bottom", "go to the bottom"),
        (
            Intent::Enter,
            "enter",
            "drill down (cluster > namespaces > pods, workload/node > pods, cronjob > jobs, PVC > volume/pods, service > endpoints, HPA > target, ingress > services, CRD > objects)",
        ),
        (
            Intent::Describe,
            "describe",
            "describe the selected object (with its events)",
        ),
        (Intent::Yaml, "yaml", "YAML of the selected object"),
        (Intent::SortNext, "sort_next", "sort by the next column"),
        (
            Intent::SortReverse,
            "sort_reverse",
            "reverse the sort order",
        ),
        (Intent::SearchNext, "search_next", "next search match"),
        (Intent::SearchPrev, "search_prev", "previous search match"),
        (
            Intent::ToggleManagedFields,
            "toggle_managed_fields",
            "show/hide managedFields in YAML",
        ),
        (
            Intent::AllClusters,
            "all_clusters",
            "show all open clusters / only the selected row's cluster",
        ),
        (
            Intent::AllNamespaces,
            "all_namespaces",
            "all namespaces / back to the default namespace",
        ),
        (
            Intent::Logs,
            "logs",
            "logs of the pod (container picker) or of all a workload's pods",
        ),
        (
            Intent::Shell,
            "shell",
            "shell in the pod's container (exec; refused when read-only)",
        ),
        (Intent::Left, "left", "scroll left"),
        (Intent::Right, "right", "scroll right"),
        (
            Intent::LineFilter,
            "line_filter",
            "show only matching lines (regex; !pattern inverts)",
        ),
        (Intent::Timestamps, "timestamps", "timestamps on/off"),
        (Intent::Wrap, "wrap", "wrap long lines on/off"),
        (
            Intent::RawJson,
            "raw_json",
            "JSON lines as sent / made readable",
        ),
        (
            Intent::Previous,
            "previous",
            "previous (terminated) container instance / current",
        ),
        (
            Intent::Since(0),
            "since_tail",
            "start from the last lines (tail, see config)",
        ),
        (Intent::Since(1), "since_1m", "start from 1 minute ago"),
        (Intent::Since(2), "since_5m", "start from 5 minutes ago"),
        (Intent::Since(3), "since_15m", "start from 15 minutes ago"),
        (Intent::Since(4), "since_1h", "start from 1 hour ago"),
        (Intent::Since(5), "since_all", "everything the node kept"),
        (
            Intent::Mark,
            "mark",
            "start/clear a selection at the current line",
        ),
        (
            Intent::Copy,
            "copy",
            "copy the selection or current line (OSC 52: works over SSH)",
        ),
        (
            Intent::Save,
            "save",
            "save the buffer to a file (and say where)",
        ),
        (
            Intent::SaveAll,
            "save_all",
            "save everything since the view opened (fetched again, merged by time)",
        ),
        (
            Intent::Scale,
            "scale",
            "scale (a form with the current replicas; dry run, then confirm)",
        ),
        (
            Intent::Restart,
            "restart",
            "restart every pod (rollout restart; confirm)",
        ),
        (
            Intent::History,
            "history",
            "revision history (enter: template, d: diff, u: roll back to it)",
        ),
        (
            Intent::Rollback,
            "rollback",
            "roll back to the previous revision (or the one selected in history)",
        ),
        (
            Intent::Diff,
            "diff",
            "diff of the selected revision against the running template",
        ),
        (
            Intent::Delete,
            "delete",
            "delete (graceful; force and propagation offered; confirm)",
        ),
        (Intent::Cordon, "cordon", "cordon the node (no new pods)"),
        (Intent::Uncordon, "uncordon", "uncordon the node"),
        (
            Intent::Drain,
            "drain",
            "drain the node (options, the pods it evicts, confirm; progress)",
        ),
        (
            Intent::Panel,
            "panel",
            "metrics panel: a node's, a pod's containers or a workload's pods (usage, history, restarts)",
        ),
        (
            Intent::Reveal,
            "reveal",
            "show/hide the values of this secret (hidden by default)",
        ),
        (
            Intent::Tree,
            "tree",
            "ownership tree: sets, pods, containers, services, mounts, autoscaler, budget, with health",
        ),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, _, _)| *a == self)
            .map_or("?", |(_, n, _)| n)
    }

    pub fn description(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, _, _)| *a == self)
            .map_or("", |(_, _, d)| d)
    }

    /// The description where it differs by context (`/` searches in
    /// describe and logs, filters tables; `esc` clears step by step).
    pub fn description_in(self, ctx: Context) -> &'static str {
        match (self, ctx) {
            (Intent::Filter, Context::Detail) => "search (n / N: next / previous match)",
            (Intent::Filter, Context::Logs) => {
                "search, highlighted (regex, or text when it does not parse)"
            }
            (Intent::Back, Context::Logs) => {
                "clear selection, then filter, then search; then close the logs"
            }
            (Intent::Up | Intent::Down, Context::Logs) => {
                "scroll (up pauses following; the end follows again)"
            }
            (Intent::Enter, Context::Tree) => "describe the line's object",
            (Intent::Mark, c) if c != Context::Logs => {
                "mark / unmark the row for the next action (any cluster)"
            }
            _ => self.description(),
        }
    }

    fn parse(s: &str) -> Option<Intent> {
        Self::ALL
            .iter()
            .find(|(_, n, _)| *n == s)
            .map(|(a, _, _)| *a)
    }
}

/// A key with its modifiers, normalized (shift folded into characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Chord {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// KeyCode with an order, for sorted help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Named(&'static str),
}

const NAMED: &[(&str, KeyCode)] = &[
    ("esc", KeyCode::Esc),
    ("enter", KeyCode::Enter),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("space", KeyCode::Char(' ')),
];

impl Chord {
    pub fn from_event(k: &KeyEvent) -> Option<Chord> {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let alt = k.modifiers.contains(KeyModifiers::ALT);
        let code = match k.code {
            KeyCode::Char(' ') => KeyCodeOrd::Named("space"),
            KeyCode::Char(c) => KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            other => KeyCodeOrd::Named(NAMED.iter().find(|(_, c)| *c == other)?.0),
        };
        Some(Chord { code, ctrl, alt })
    }

    /// Parse `ctrl-c`, `alt-x`, `esc`, `pgdn`, `f1`, `G`, `?`, `space`.
    pub fn parse(s: &str) -> Result<Chord, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = if let Some((name, _)) = NAMED.iter().find(|(n, _)| *n == rest) {
            KeyCodeOrd::Named(name)
        } else if let Some(n) = rest
            .strip_prefix('f')
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=12).contains(n))
        {
            KeyCodeOrd::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
                _ => return Err(format!("unknown key {s:?}")),
            }
        };
        Ok(Chord { code, ctrl, alt })
    }

    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.ctrl {
            s.push_str("ctrl-");
        }
        if self.alt {
            s.push_str("alt-");
        }
        match self.code {
            KeyCodeOrd::Char(c) => s.push(c),
            KeyCodeOrd::F(n) => s.push_str(&format!("f{n}")),
            KeyCodeOrd::Named(n) => s.push_str(n),
        }
        s
    }
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    bindings: BTreeMap<(Context, Chord), Intent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    global: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    table: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    detail: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    logs: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pods: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    workloads: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    nodes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    history: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    tree: BTreeMap<String, Vec<String>>,
}

impl Keymap {
    /// The embedded default map with `user` (a TOML text) laid over it:
    /// an action named there gets exactly the keys listed there.
    pub fn load(user: Option<&str>) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        map.apply(DEFAULT)
            .map_err(|e| format!("built-in keymap: {e}"))?;
        if let Some(u) = user {
            map.apply(u)?;
        }
        Ok(map)
    }

    fn apply(&mut self, text: &str) -> Result<(), String> {
        let f: File = toml::from_str(text).map_err(|e| e.to_string().replace('\n', " "))?;
        for (ctx, section) in [
            (Context::Global, f.global),
            (Context::Table, f.table),
            (Context::Detail, f.detail),
            (Context::Logs, f.logs),
            (Context::Pods, f.pods),
            (Context::Workloads, f.workloads),
            (Context::Nodes, f.nodes),
            (Context::History, f.history),
            (Context::Tree, f.tree),
        ] {
            for (name, keys) in section {
                let action =
                    Intent::parse(&name).ok_or_else(|| format!("unknown action {name:?}"))?;
                self.bindings
                    .retain(|(c, _), a| !(*c == ctx && *a == action));
                for k in keys {
                    let chord = Chord::parse(&k)?;
                    self.bindings.insert((ctx, chord), action);
                }
            }
        }
        Ok(())
    }

    /// The action for a key in `ctx` (its own bindings first, then the
    /// ones it inherits).
    pub fn action(&self, ctx: Context, key: &KeyEvent) -> Option<Intent> {
        let chord = Chord::from_event(key)?;
        ctx.chain()
            .find_map(|c| self.bindings.get(&(c, chord)))
            .copied()
    }

    /// (keys, description) for the help overlay of `ctx`, in action order:
    /// every key that does something there.
    pub fn help(&self, ctx: Context) -> Vec<(String, &'static str)> {
        self.help_actions(ctx)
            .into_iter()
            .map(|(_, keys, d)| (keys, d))
            .collect()
    }

    /// The same, with the action each line is for.
    pub fn help_actions(&self, ctx: Context) -> Vec<(Intent, String, &'static str)> {
        let mut by_action: BTreeMap<Intent, Vec<String>> = BTreeMap::new();
        for (c, chord) in self.bindings.keys() {
            if ctx.chain().any(|x| x == *c)
                && let Some(a) = self.action_of(ctx, *chord)
            {
                let keys = by_action.entry(a).or_default();
                let label = chord.label();
                if !keys.contains(&label) {
                    keys.push(label);
                }
            }
        }
        by_action
            .into_iter()
            .map(|(a, keys)| (a, keys.join(" "), a.description_in(ctx)))
            .collect()
    }

    fn action_of(&self, ctx: Context, chord: Chord) -> Option<Intent> {
        ctx.chain()
            .find_map(|c| self.bindings.get(&(c, chord)))
            .copied()
    }

    /// The first key bound to `action` in `ctx` (for hints), if any.
    pub fn key_for(&self, ctx: Context, action: Intent) -> Option<String> {
        ctx.chain().find_map(|c| {
            self.bindings
                .iter()
                .find(|((bc, chord), a)| {
                    *bc == c && **a == action && self.action_of(ctx, *chord) == Some(action)
                })
                .map(|((_, k), _)| k.label())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marking_is_described_as_the_context_means_it() {
        assert!(
            Intent::Mark
                .description_in(Context::Table)
                .contains("next action")
        );
        assert!(
            Intent::Mark
                .description_in(Context::Workloads)
                .contains("next action")
        );
        assert!(
            Intent::Mark
                .description_in(Context::Logs)
                .contains("selection")
        );
    }

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn default_map_parses_and_binds_k9s_keys() {
        let k = Keymap::load(None).unwrap();
        assert_eq!(
            k.action(Context::Table, &key(KeyCode::Char(':'), KeyModifiers::NONE)),
            Some(Intent::Command)
        );
        assert_eq!(
            k.action(Context::Table, &key(KeyCode::Char('/'), KeyModifiers::NONE)),
            Some(Intent::Filter)
        );
        assert_eq!(
            k.action(
                Context::Table,
                &key(KeyCode::Char('?'), KeyModifiers::SHIFT)
            ),
            Some(Intent::Help)
        );
        assert_eq!(
            k.action(Context::Table, &key(KeyCode::Esc, KeyModifiers::NONE)),
            Some(Intent::Back)
        );
        assert_eq!(
            k.action(
                Context::Table,
                &key(KeyCode::Char('G'), KeyModifiers::SHIFT)
            ),
            Some(Intent::Bottom)
        );
        assert_eq!(
            k.action(
                Context::Table,
                &key(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            Some(Intent::Quit)
        );
        assert_eq!(
            k.action(Context::Table, &key(KeyCode::Char('d'), KeyModifiers::NONE)),
            Some(Intent::Describe)
        );
        assert_eq!(
            k.action(
                Context::Detail,
                &key(KeyCode::Char('n'), KeyModifiers::NONE)
            ),
            Some(Intent::SearchNext)
        );
    }

    #[test]
    fn user_file_rebinds_an_action() {
        let k = Keymap::load(Some("[table]\ndescribe = [\"ctrl-d\", \"i\"]\n")).unwrap();
        assert_eq!(
            k.action(Context::Table, &key(KeyCode::Char('d'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            k.action(Context::Table, &key(KeyCode::Char('i'), KeyModifiers::NONE)),
            Some(Intent::Describe)
        );
        assert_eq!(
            k.action(
                Context::Table,
                &key(KeyCode::Char('d'), KeyModifiers::CONTROL)
            ),
            Some(Intent::Describe)
        );
        let help = k.help(Context::Table);
        assert!(
            help.iter()
                .any(|(keys, d)| keys.contains("ctrl-d") && d.contains("describe"))
        );
    }

    #[test]
    fn bad_files_are_clear_errors() {
        assert!(
            Keymap::load(Some("[table]\nfly = [\"x\"]"))
                .unwrap_err()
                .contains("unknown action \"fly\"")
        );
        assert!(
            Keymap::load(Some("[table]\nquit = [\"ctrl-nope\"]"))
                .unwrap_err()
                .contains("unknown key")
        );
        assert!(Keymap::load(Some("[tabel]\nquit = [\"q\"]")).is_err());
        assert!(Keymap::load(Some("not toml [")).is_err());
    }
}
