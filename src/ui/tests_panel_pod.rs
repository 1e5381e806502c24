//! Render tests of the pod and workload panels: readable at 80×24 and
//! 200×50 in every theme (the key figures whole on their lines, nothing
//! past the edge), shares above 100 % shown and coloured, `n/a` without a
//! request or limit, the last termination with its exit code and age, the
//! history recorded as samples arrive.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::metrics::panels::{Panel, PodPanel, WorkloadPanel};
use crate::app::msg::Msg;
use crate::app::state::{Overlay, State};
use crate::app::update::update;
use crate::app::view::View;
use crate::config::theme::{BUILTIN, Theme};
use crate::kube::kind::Kind;
use crate::kube::metrics::{Answer, ContainerSample, PodSample, Usage};
use crate::kube::rows::{self, ContainerInfo, Resources, Termination};
use crate::kube::{ClusterEvent, ClusterStatus, Row, RowChange};
use crate::testkit::{self, t0};

const GI: u32 = 1 << 20;
const MI: u32 = 1 << 10;

/// A deployment `web` in `shop` with two pods; web-…-x2k4q has two
/// containers: `app` (requests and limits, OOM-killed 3 minutes ago) and
/// `proxy` (none, crash-looping).
fn state(view: Kind) -> State {
    let clusters = vec![testkit::cluster(
        "prod-eu",
        ClusterStatus::Connected {
            version: "v1.36.2".into(),
        },
    )];
    let mut s = testkit::state(View::Kind(view), clusters, t0());
    let member = |name: &str, node: &str| {
        let mut p = testkit::pod(
            testkit::meta(
                "shop",
                name,
                &[("pod-template-hash", "7d9f8c6b5")],
                Some(t0() - chrono::Duration::hours(1)),
            ),
            "Running",
            0,
        );
        p.owner = Some(rows::Owner::new("ReplicaSet", "web-7d9f8c6b5"));
        p.node = node.into();
        p
    };
    let app = ContainerInfo {
        name: "app".into(),
        resources: Resources {
            cpu_request_m: 500,
            cpu_limit_m: 1000,
            mem_request_kib: GI,
            mem_limit_kib: 2 * GI,
        },
        restarts: 3,
        ready: true,
        sidecar: false,
        state: None,
        last: Some(Box::new(Termination {
            reason: "OOMKilled".into(),
            exit_code: 137,
            finished: Some(t0() - chrono::Duration::minutes(3)),
        })),
    };
    let proxy = ContainerInfo {
        name: "proxy".into(),
        restarts: 9,
        state: Some("CrashLoopBackOff".into()),
        last: Some(Box::new(Termination {
            reason: "Error".into(),
            exit_code: 1,
            finished: Some(t0() - chrono::Duration::seconds(20)),
        })),
        ..ContainerInfo::default()
    };
    let mut first = member("web-7d9f8c6b5-x2k4q", "node-eu-west-1a-3");
    first.init_from = 2;
    first.containers = vec![app, proxy].into();
    first.restarts = 12;
    first.ready = 1;
    first.total = 2;
    first.resources = Resources {
        cpu_request_m: 500,
        cpu_limit_m: 0,
        mem_request_kib: GI,
        mem_limit_kib: 0,
    };
    let mut second = member("web-7d9f8c6b5-p8m2z", "node-eu-west-1b-7");
    second.resources = Resources {
        cpu_request_m: 500,
        cpu_limit_m: 1000,
        mem_request_kib: GI,
        mem_limit_kib: 2 * GI,
    };
    let mut deployment = testkit::deployment(testkit::meta("shop", "web", &[], None));
    if let Row::Deployment(d) = &mut deployment {
        d.ready = 1;
        d.desired = 2;
    }
    for (kind, rows) in [
        (
            Kind::Pods,
            vec![Row::Pod(Box::new(first)), Row::Pod(Box::new(second))],
        ),
        (Kind::Deployments, vec![deployment]),
    ] {
        update(
            &mut s,
            Msg::Cluster(ClusterEvent::Rows {
                cluster: 0,
                kind,
                change: RowChange::Replace(rows),
            }),
        );
    }
    let panel = if view == Kind::Pods {
        Panel::Pod(PodPanel {
            cluster: 0,
            namespace: "shop".into(),
            name: "web-7d9f8c6b5-x2k4q".into(),
        })
    } else {
        Panel::Workload(WorkloadPanel {
            cluster: 0,
            kind: Kind::Deployments,
            namespace: "shop".into(),
            name: "web".into(),
        })
    };
    s.overlays.push(Overlay::Panel(Box::new(panel)));
    s
}

/// A pod poll answered `secs` after t0: app at `cpu`, 1.2Gi; proxy 5m.
fn sample(s: &mut State, secs: i64, cpu: u32) {
    s.now = t0() + chrono::Duration::seconds(secs);
    let at = s.now;
    let usage = |cpu_m, mem_kib| Usage { cpu_m, mem_kib };
    let app_mem = GI + GI / 5;
    update(
        s,
        Msg::Cluster(ClusterEvent::Metrics {
            cluster: 0,
            answer: Answer::Pods {
                namespaces: vec!["shop".into()],
                result: Ok(vec![
                    PodSample {
                        namespace: "shop".into(),
                        name: "web-7d9f8c6b5-x2k4q".into(),
                        timestamp: at,
                        usage: usage(cpu + 5, app_mem + 20 * MI),
                        containers: vec![
                            ContainerSample {
                                name: "app".into(),
                                usage: usage(cpu, app_mem),
                            },
                            ContainerSample {
                                name: "proxy".into(),
                                usage: usage(5, 20 * MI),
                            },
                        ],
                    },
                    PodSample {
                        namespace: "shop".into(),
                        name: "web-7d9f8c6b5-p8m2z".into(),
                        timestamp: at,
                        usage: usage(100, 300 * MI),
                        containers: Vec::new(),
                    },
                ]),
            },
        }),
    );
}

fn render(
    s: &mut State,
    theme: &Theme,
    (width, height): (u16, u16),
) -> (String, Terminal<TestBackend>) {
    update(s, Msg::Resize { width, height });
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| super::draw(f, s, theme)).unwrap();
    (testkit::buffer_text(t.backend().buffer()), t)
}

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

/// The line holding `what`, which must be there whole.
fn line_of<'a>(out: &'a str, what: &str) -> &'a str {
    out.lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("{what:?} missing\n{out}"))
}

fn cells(line: &str) -> usize {
    line.chars().filter(|c| "▁▂▃▄▅▆▇█·".contains(*c)).count()
}

#[test]
fn the_pod_panel_shows_each_container_against_its_request_and_limit() {
    for (name, _) in BUILTIN {
        let theme = Theme::builtin(name).unwrap();
        for size in SIZES {
            let mut s = state(Kind::Pods);
            sample(&mut s, 0, 350);
            sample(&mut s, 15, 360);
            let (out, t) = render(&mut s, &theme, size);
            let ctx = format!("{name} {size:?}\n{out}");
            assert!(
                out.lines()
                    .all(|l| l.chars().count() <= usize::from(size.0)),
                "{ctx}"
            );
            line_of(&out, "pod/shop/web-7d9f8c6b5-x2k4q @ prod-eu");
            // The pod: its total against its requests; no limit: n/a.
            let pod_cpu = line_of(&out, "POD CPU");
            assert!(
                pod_cpu.contains("365m  req   500m   73%  lim    n/a"),
                "{ctx}"
            );
            // app: usage, request and limit; memory above its request is
            // shown as it is (120 %), not clamped.
            let app = line_of(&out, "app  ready");
            assert!(app.contains("restarts 3"), "{ctx}");
            assert!(app.contains("last OOMKilled (137) 3m15s ago"), "{ctx}");
            let rows: Vec<&str> = out.lines().filter(|l| l.contains("  CPU ")).collect();
            assert!(
                rows[0].contains("360m  req   500m   72%  lim  1000m   36%"),
                "{ctx}"
            );
            let mem: Vec<&str> = out.lines().filter(|l| l.contains("  MEM ")).collect();
            assert!(
                mem[0].contains("1.2Gi  req  1.0Gi  120%  lim  2.0Gi   60%"),
                "{ctx}"
            );
            // The history: one cell per sample so far.
            assert_eq!(cells(rows[0]), 2, "{ctx}");
            // proxy: no request nor limit, crash-looping, its last exit.
            let proxy = line_of(&out, "proxy  not ready");
            assert!(proxy.contains("CrashLoopBackOff"), "{ctx}");
            assert!(
                proxy.contains("restarts 9  last Error (1) 35s ago"),
                "{ctx}"
            );
            assert!(
                rows[1].contains("5m  req    n/a        lim    n/a"),
                "{ctx}"
            );
            line_of(
                &out,
                "history 15s so far: recorded while a panel shows this pod",
            );
            if *name == "dark" {
                // 120 % is past the critical threshold: the error colour.
                let buf = t.backend().buffer();
                let y = out.lines().position(|l| l.contains("120%")).unwrap() as u16;
                let at = mem[0][..mem[0].find("120%").unwrap()].chars().count() as u16;
                assert_eq!(buf[(at, y)].fg, theme.error.fg.unwrap(), "{ctx}");
            }
        }
    }
}

#[test]
fn the_pod_panel_says_when_no_sample_is_known_yet() {
    let theme = Theme::builtin("mono").unwrap();
    let mut s = state(Kind::Pods);
    let (out, _) = render(&mut s, &theme, (80, 24));
    line_of(&out, "history none yet");
    let rows: Vec<&str> = out.lines().filter(|l| l.contains("  CPU ")).collect();
    assert!(rows[0].contains("-  req   500m     -"), "{out}");
}

#[test]
fn the_workload_panel_shows_its_pods_total_and_a_row_per_pod() {
    for (name, _) in BUILTIN {
        let theme = Theme::builtin(name).unwrap();
        for size in SIZES {
            let mut s = state(Kind::Deployments);
            sample(&mut s, 0, 350);
            sample(&mut s, 15, 360);
            let (out, _) = render(&mut s, &theme, size);
            let ctx = format!("{name} {size:?}\n{out}");
            assert!(
                out.lines()
                    .all(|l| l.chars().count() <= usize::from(size.0)),
                "{ctx}"
            );
            line_of(&out, "deployment/shop/web @ prod-eu  ready 1/2");
            // 365m + 100m of 1000m requested; not every pod limited: n/a.
            let cpu = line_of(&out, "2 of 2 pods sampled");
            assert!(cpu.contains("465m  req  1000m   47%  lim    n/a"), "{ctx}");
            assert_eq!(cells(line_of(&out, "CPU 1h")), 2, "{ctx}");
            line_of(
                &out,
                "history 15s so far: recorded while a panel shows this deployment",
            );
            let header = line_of(&out, "LAST TERMINATION");
            for col in [
                "CPU",
                "MEM",
                "%CPU/R",
                "%MEM/L",
                "RESTARTS",
                "LAST TERMINATION",
            ] {
                assert!(header.contains(col), "{col}: {ctx}");
            }
            assert_eq!(header.contains("NODE"), size.0 > 100, "{ctx}");
            // The figures under their titles.
            let under = |title: &str, row: &str, figure: &str| {
                let end = |l: &str, w: &str| l.find(w).map(|i| l[..i + w.len()].chars().count());
                assert_eq!(end(header, title), end(row, figure), "{title}: {ctx}");
            };
            let first = line_of(&out, "x2k4q");
            under("CPU", first, "365m");
            under("RESTARTS", first, "12");
            assert!(first.contains("365m"), "{ctx}");
            assert!(first.contains("73%"), "{ctx}");
            // The latest termination of its containers.
            assert!(first.contains("Error (1) 35s ago"), "{ctx}");
            let second = line_of(&out, "p8m2z");
            assert!(second.contains("100m"), "{ctx}");
            assert!(second.contains("300Mi"), "{ctx}");
            // 300Mi of a 2Gi limit.
            assert!(second.contains("15%"), "{ctx}");
            if size.0 > 100 {
                assert!(first.contains("node-eu-west-1a-3"), "{ctx}");
            }
        }
    }
}

#[test]
fn a_container_line_too_long_for_80_columns_keeps_its_last_termination_whole() {
    let theme = Theme::builtin("mono").unwrap();
    let mut s = state(Kind::Pods);
    if let Some(cache) = s.caches.get_mut(&(0, Kind::Pods)) {
        let rows = std::mem::take(&mut cache.rows);
        cache.rows = rows
            .into_iter()
            .map(|mut e| {
                if let Row::Pod(p) = &mut e.row
                    && p.containers.len() == 2
                {
                    let mut containers = p.containers.to_vec();
                    containers[1].state = Some("CreateContainerConfigError".into());
                    p.containers = containers.into();
                }
                e
            })
            .collect();
    }
    sample(&mut s, 0, 350);
    let (out, _) = render(&mut s, &theme, (80, 24));
    line_of(&out, "proxy  not ready  CreateContainerConfigError");
    line_of(&out, "restarts 9  last Error (1) 20s ago");
    // Its figures follow, in their place.
    let rows: Vec<&str> = out.lines().filter(|l| l.contains("  CPU ")).collect();
    assert!(rows[1].contains("5m  req    n/a"), "{out}");
}
