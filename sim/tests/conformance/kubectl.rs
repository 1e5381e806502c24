//! Real kubectl against the sim: what an SRE would type, checked on what
//! kubectl prints.

use crate::common::{eventually, fails, first_pod, kubectl, ok, sim};

#[test]
fn lists_namespaces_nodes_and_pods_for_admin_and_viewer() {
    for ctx in ["prod-eu", "prod-eu-viewer", "prod-us", "staging-viewer"] {
        let out = ok(ctx, &["get", "ns,nodes,pods", "-A"]);
        assert!(out.contains("namespace/kube-system"), "{ctx}: {out}");
        assert!(out.contains("node/"), "{ctx}");
        assert!(out.contains("Running"), "{ctx}");
        let cluster = ctx.trim_end_matches("-viewer");
        assert!(out.contains(&format!("{cluster}-control-plane")), "{ctx}");
    }
    let pods = ok("prod-eu", &["get", "pods", "-A"]);
    assert!(pods.lines().next().unwrap().split_whitespace().eq([
        "NAMESPACE",
        "NAME",
        "READY",
        "STATUS",
        "RESTARTS",
        "AGE"
    ]));
    // The generated clusters carry broken workloads too.
    assert!(
        [
            "CrashLoopBackOff",
            "ImagePullBackOff",
            "Pending",
            "ErrImagePull",
            "Init:",
            "0/1"
        ]
        .iter()
        .any(|s| pods.contains(s)),
        "{pods}"
    );
}

#[test]
fn nodes_show_not_ready_and_cordoned() {
    let us = ok("prod-us", &["get", "nodes"]);
    assert!(us.contains("NotReady"), "{us}");
    let staging = ok("staging", &["get", "nodes"]);
    assert!(staging.contains("Ready,SchedulingDisabled"), "{staging}");
    assert!(staging.contains("control-plane"), "{staging}");
}

#[test]
fn deployment_yaml_and_pod_describe() {
    let yaml = ok(
        "prod-eu",
        &[
            "get",
            "deploy",
            "-n",
            "kube-system",
            "coredns",
            "-o",
            "yaml",
        ],
    );
    for needle in [
        "kind: Deployment",
        "deployment.kubernetes.io/revision",
        "strategy:",
        "maxSurge: 25%",
        "availableReplicas: 2",
        "type: Available",
    ] {
        assert!(yaml.contains(needle), "{needle} missing from {yaml}");
    }
    let pod = first_pod("prod-eu", "kube-system", "k8s-app=coredns");
    let d = ok("prod-eu", &["describe", "pod", "-n", "kube-system", &pod]);
    for needle in [
        "Controlled By:  ReplicaSet/coredns-",
        "Status:           Running",
        "Containers:",
        "Conditions:",
        "QoS Class:",
        "Events:",
    ] {
        assert!(d.contains(needle), "{needle} missing from {d}");
    }
}

#[test]
fn describe_shows_a_pods_events() {
    // A crash-looping or failing pod has recent Warning events.
    let pods = ok("prod-eu", &["get", "pods", "-A", "--no-headers"]);
    let line = pods
        .lines()
        .find(|l| {
            l.contains("CrashLoopBackOff")
                || l.contains("ImagePullBackOff")
                || l.contains("ErrImagePull")
        })
        .unwrap_or_else(|| panic!("no broken pod in {pods}"));
    let f: Vec<&str> = line.split_whitespace().collect();
    let d = ok("prod-eu", &["describe", "pod", "-n", f[0], f[1]]);
    assert!(d.contains("Warning"), "{d}");
    assert!(d.contains("BackOff") || d.contains("Failed"), "{d}");
}

#[test]
fn events_sorted_by_last_timestamp() {
    let out = ok(
        "prod-eu",
        &["get", "events", "-A", "--sort-by=.lastTimestamp"],
    );
    let header: Vec<&str> = out.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "NAMESPACE",
            "LAST",
            "SEEN",
            "TYPE",
            "REASON",
            "OBJECT",
            "MESSAGE"
        ]
    );
    assert!(out.lines().count() > 5, "{out}");
    assert!(out.contains("Warning"), "{out}");
    let v1 = ok(
        "prod-eu",
        &[
            "get",
            "events.v1.events.k8s.io",
            "-A",
            "-o",
            "jsonpath={.items[0].apiVersion}",
        ],
    );
    assert_eq!(v1, "events.k8s.io/v1");
}

#[test]
fn quota_usage_matches_the_namespace() {
    let d = ok("prod-eu", &["describe", "quota", "-n", "shop"]);
    assert!(d.contains("requests.cpu"), "{d}");
    let used_pods: usize = d
        .lines()
        .find(|l| l.trim_start().starts_with("pods "))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no pods line in {d}"));
    let pods = ok(
        "prod-eu",
        &[
            "get",
            "pods",
            "-n",
            "shop",
            "--no-headers",
            "--field-selector=status.phase!=Succeeded,status.phase!=Failed",
        ],
    );
    assert_eq!(used_pods, pods.lines().count(), "{d}\n{pods}");
}

fn create_deployment(name: &str, replicas: &str) {
    let _ = crate::common::kubectl(
        "prod-eu",
        &["delete", "deploy", name, "-n", "shop", "--ignore-not-found"],
    );
    ok(
        "prod-eu",
        &[
            "create",
            "deployment",
            name,
            "-n",
            "shop",
            "--image=nginx:1.26.2",
            "--replicas",
            replicas,
        ],
    );
    rollout_status(name);
}

fn rollout_status(name: &str) {
    ok(
        "prod-eu",
        &[
            "rollout",
            "status",
            &format!("deploy/{name}"),
            "-n",
            "shop",
            "--timeout=60s",
        ],
    );
}

/// The revision numbers `kubectl rollout history` lists, and its output.
fn rollout_history(name: &str) -> (Vec<String>, String) {
    let history = ok(
        "prod-eu",
        &[
            "rollout",
            "history",
            &format!("deploy/{name}"),
            "-n",
            "shop",
        ],
    );
    let revs = history
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    (revs, history)
}

/// `kubectl get pods -n shop -l app=<app> <output>` on prod-eu.
fn shop_pods(app: &str, output: &[&str]) -> String {
    let selector = format!("app={app}");
    let mut args = vec!["get", "pods", "-n", "shop", "-l", &selector];
    args.extend_from_slice(output);
    ok("prod-eu", &args)
}

fn running_pods(name: &str) -> usize {
    let out = shop_pods(name, &["--no-headers"]);
    out.lines().filter(|l| l.contains("Running")).count()
}

#[test]
fn scale_and_pods_follow() {
    create_deployment("kt-scale", "2");
    assert_eq!(running_pods("kt-scale"), 2);
    ok(
        "prod-eu",
        &["scale", "deploy/kt-scale", "-n", "shop", "--replicas=5"],
    );
    eventually(30, "5 running pods", || {
        (running_pods("kt-scale") == 5).then_some(())
    });
    ok(
        "prod-eu",
        &["scale", "deploy/kt-scale", "-n", "shop", "--replicas=1"],
    );
    eventually(30, "1 pod left", || {
        let all = shop_pods("kt-scale", &["--no-headers"]);
        (all.lines().count() == 1).then_some(())
    });
    let deploy = ok(
        "prod-eu",
        &["get", "deploy", "kt-scale", "-n", "shop", "--no-headers"],
    );
    assert!(deploy.split_whitespace().nth(1) == Some("1/1"), "{deploy}");
}

#[test]
fn set_image_history_undo_and_restart() {
    create_deployment("kt-roll", "2");
    ok(
        "prod-eu",
        &[
            "set",
            "image",
            "deploy/kt-roll",
            "-n",
            "shop",
            "nginx=nginx:1.27.2",
        ],
    );
    rollout_status("kt-roll");
    let (revisions, history) = rollout_history("kt-roll");
    assert_eq!(revisions, ["1", "2"], "{history}");
    let image = || {
        ok(
            "prod-eu",
            &[
                "get",
                "deploy",
                "kt-roll",
                "-n",
                "shop",
                "-o",
                "jsonpath={.spec.template.spec.containers[0].image}",
            ],
        )
    };
    assert_eq!(image(), "nginx:1.27.2");

    ok(
        "prod-eu",
        &["rollout", "undo", "deploy/kt-roll", "-n", "shop"],
    );
    assert_eq!(image(), "nginx:1.26.2");
    rollout_status("kt-roll");
    let (revisions, history) = rollout_history("kt-roll");
    // As on a real cluster, the old revision comes back renumbered.
    assert_eq!(revisions, ["2", "3"], "{history}");
    // `rollout status` returns once the new pods are available; the old ones
    // may still be terminating, and listed, as on a real cluster.
    eventually(30, "only pods of the restored image", || {
        let pods_image = shop_pods(
            "kt-roll",
            &["-o", "jsonpath={.items[*].spec.containers[0].image}"],
        );
        pods_image
            .split_whitespace()
            .all(|i| i == "nginx:1.26.2")
            .then_some(())
    });

    ok(
        "prod-eu",
        &["rollout", "restart", "deploy/kt-roll", "-n", "shop"],
    );
    let restarted = ok(
        "prod-eu",
        &[
            "get",
            "deploy",
            "kt-roll",
            "-n",
            "shop",
            "-o",
            "jsonpath={.spec.template.metadata.annotations}",
        ],
    );
    assert!(
        restarted.contains("kubectl.kubernetes.io/restartedAt"),
        "{restarted}"
    );
    rollout_status("kt-roll");
    let rs = ok(
        "prod-eu",
        &[
            "get",
            "rs",
            "-n",
            "shop",
            "-l",
            "app=kt-roll",
            "--no-headers",
        ],
    );
    assert_eq!(rs.lines().count(), 3, "{rs}");
    assert_eq!(
        rs.lines()
            .filter(|l| l.split_whitespace().nth(1) == Some("2"))
            .count(),
        1,
        "{rs}"
    );
}

#[test]
fn watch_sees_changes() {
    create_deployment("kt-watch", "1");
    let s = sim();
    let mut child = std::process::Command::new("kubectl")
        .env("KUBECONFIG", &s.kubeconfig)
        .args([
            "--context",
            "prod-eu",
            "get",
            "pods",
            "-A",
            "-w",
            "--request-timeout=0",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("kubectl watch");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Wait until the initial listing has arrived.
    eventually(20, "initial watch output", || {
        rx.recv_timeout(std::time::Duration::from_millis(200))
            .ok()
            .filter(|l| l.contains("kt-watch"))
    });
    ok(
        "prod-eu",
        &["scale", "deploy/kt-watch", "-n", "shop", "--replicas=2"],
    );
    let seen = eventually(30, "a new kt-watch pod in the watch", || {
        rx.recv_timeout(std::time::Duration::from_millis(200))
            .ok()
            .filter(|l| {
                l.contains("kt-watch") && (l.contains("Pending") || l.contains("ContainerCreating"))
            })
    });
    assert!(seen.starts_with("shop"), "{seen}");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn top_nodes_and_pods() {
    let nodes = ok("prod-eu", &["top", "nodes"]);
    assert!(nodes.starts_with("NAME"), "{nodes}");
    assert!(nodes.contains("prod-eu-worker-01"), "{nodes}");
    assert!(nodes.contains('%'), "{nodes}");
    let pods = ok("prod-us", &["top", "pods", "-A"]);
    assert!(pods.contains("kube-system"), "{pods}");
    assert!(pods.lines().count() > 20, "{pods}");
    // staging runs without metrics-server.
    let err = fails("staging", &["top", "nodes"]);
    assert!(err.contains("Metrics API not available"), "{err}");
}

#[test]
fn auth_can_i_tells_the_truth() {
    assert_eq!(
        ok("prod-eu", &["auth", "can-i", "patch", "deployments"]).trim(),
        "yes"
    );
    let out = crate::common::kubectl("prod-eu-viewer", &["auth", "can-i", "patch", "deployments"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "no");
    assert_eq!(
        String::from_utf8_lossy(
            &crate::common::kubectl("prod-eu-viewer", &["auth", "can-i", "get", "secrets"]).stdout
        )
        .trim(),
        "no"
    );
    assert_eq!(
        ok("prod-eu-viewer", &["auth", "can-i", "list", "pods", "-A"]).trim(),
        "yes"
    );
    let list = ok("prod-eu-viewer", &["auth", "can-i", "--list", "-n", "shop"]);
    assert!(list.contains("pods/log"), "{list}");
    assert!(!list.contains("secrets"), "{list}");
    let admin = ok("prod-eu", &["auth", "can-i", "--list"]);
    assert!(admin.contains("*.*"), "{admin}");
}

#[test]
fn viewer_is_refused_writes_and_secrets() {
    let err = fails(
        "prod-eu-viewer",
        &[
            "scale",
            "deploy/coredns",
            "-n",
            "kube-system",
            "--replicas=3",
        ],
    );
    assert!(
        err.contains("deployments.apps \"coredns\" is forbidden: User \"prod-eu-viewer\" cannot patch resource \"deployments/scale\" in API group \"apps\" in the namespace \"kube-system\""),
        "{err}"
    );
    let err = fails("prod-eu-viewer", &["get", "secrets", "-n", "shop"]);
    assert!(err.contains("secrets is forbidden"), "{err}");
    let err = fails(
        "prod-eu-viewer",
        &[
            "delete",
            "pod",
            "-n",
            "kube-system",
            "-l",
            "k8s-app=coredns",
        ],
    );
    assert!(err.contains("forbidden"), "{err}");
    // The request log shows the refused mutation with its 403.
    let log = sim().cluster("prod-eu").requests(0);
    assert!(log.iter().any(|r| r.user == "prod-eu-viewer"
        && r.verb == "patch"
        && r.status == 403
        && r.path.contains("/deployments/coredns/scale")));
}

#[test]
fn raw_api_paging_and_410() {
    let page = ok("prod-eu", &["get", "--raw", "/api/v1/pods?limit=3"]);
    let v: serde_json::Value = serde_json::from_str(&page).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 3);
    assert!(
        v["items"][0].get("kind").is_none(),
        "list items carry no kind"
    );
    let cont = v["metadata"]["continue"].as_str().expect("continue token");
    assert!(v["metadata"]["remainingItemCount"].as_u64().unwrap() > 10);
    let next = ok(
        "prod-eu",
        &[
            "get",
            "--raw",
            &format!("/api/v1/pods?limit=3&continue={cont}"),
        ],
    );
    let n: serde_json::Value = serde_json::from_str(&next).unwrap();
    assert_ne!(
        n["items"][0]["metadata"]["name"],
        v["items"][0]["metadata"]["name"]
    );
    assert_eq!(
        n["metadata"]["resourceVersion"],
        v["metadata"]["resourceVersion"]
    );

    let gone = ok(
        "prod-eu",
        &[
            "get",
            "--raw",
            "/api/v1/namespaces/shop/pods?watch=1&resourceVersion=1&timeoutSeconds=2",
        ],
    );
    let e: serde_json::Value = serde_json::from_str(gone.trim()).unwrap();
    assert_eq!(e["type"], "ERROR");
    assert_eq!(e["object"]["code"], 410);
    assert_eq!(e["object"]["reason"], "Expired");
    assert!(
        e["object"]["message"]
            .as_str()
            .unwrap()
            .starts_with("too old resource version: 1 (")
    );

    let err = fails(
        "prod-eu",
        &["get", "--raw", "/api/v1/namespaces/shop/pods/nope"],
    );
    assert!(
        err.contains("NotFound") || err.contains("not found"),
        "{err}"
    );
    let bad = fails(
        "prod-eu",
        &["get", "pods", "-A", "--field-selector=spec.bogus=x"],
    );
    assert!(
        bad.contains("field label not supported: spec.bogus"),
        "{bad}"
    );
}

#[test]
fn label_and_field_selectors() {
    let by_label = ok(
        "prod-eu",
        &[
            "get",
            "pods",
            "-n",
            "kube-system",
            "-l",
            "k8s-app in (coredns)",
            "--no-headers",
        ],
    );
    assert_eq!(by_label.lines().count(), 2, "{by_label}");
    let node = "prod-eu-worker-01";
    let on_node = ok(
        "prod-eu",
        &[
            "get",
            "pods",
            "-A",
            "--field-selector",
            &format!("spec.nodeName={node}"),
            "-o",
            "jsonpath={.items[*].spec.nodeName}",
        ],
    );
    assert!(!on_node.is_empty());
    assert!(on_node.split_whitespace().all(|n| n == node), "{on_node}");
}

#[test]
fn dev_user_reads_only_its_namespaces() {
    let pods = ok("prod-eu-dev", &["get", "pods"]);
    assert!(
        pods.contains("Running"),
        "the context namespace (shop) is readable: {pods}"
    );
    ok("prod-eu-dev", &["get", "deploy", "-n", "payments"]);
    let err = fails("prod-eu-dev", &["get", "pods", "-A"]);
    assert!(err.contains("pods is forbidden: User \"prod-eu-dev\" cannot list resource \"pods\" in API group \"\" at the cluster scope"), "{err}");
    let err = fails("prod-eu-dev", &["get", "ns"]);
    assert!(err.contains("forbidden"), "{err}");
    let err = fails("prod-eu-dev", &["get", "pods", "-n", "kube-system"]);
    assert!(err.contains("forbidden"), "{err}");
}

#[test]
fn logs_tail_timestamps_container_and_workload() {
    let pod = first_pod("prod-eu", "kube-system", "k8s-app=coredns");
    let out = ok(
        "prod-eu",
        &[
            "logs",
            "-n",
            "kube-system",
            &pod,
            "--tail=5",
            "--timestamps",
        ],
    );
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("20")).collect();
    assert!(lines.len() >= 5, "{out}");
    // Timestamps like the kubelet's: RFC 3339 with nanoseconds, then the line.
    let ts = lines[0].split_whitespace().next().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(ts).is_ok() && ts.len() == 30,
        "{ts}"
    );
    let c = ok(
        "prod-eu",
        &[
            "logs",
            "-n",
            "kube-system",
            &pod,
            "-c",
            "coredns",
            "--tail=2",
        ],
    );
    assert!(!c.is_empty());
    let deploy = ok(
        "prod-eu",
        &["logs", "-n", "kube-system", "deploy/coredns", "--tail=3"],
    );
    assert!(deploy.lines().count() >= 3, "{deploy}");
    let err = fails(
        "prod-eu",
        &["logs", "-n", "kube-system", &pod, "-c", "nope"],
    );
    assert!(
        err.contains(&format!("container nope is not valid for pod {pod}")),
        "{err}"
    );
    let err = fails("prod-eu", &["logs", "-n", "kube-system", &pod, "-p"]);
    assert!(
        err.contains(&format!(
            "previous terminated container \"coredns\" in pod \"{pod}\" not found"
        )),
        "{err}"
    );
}

#[test]
fn logs_of_a_multi_container_pod_need_a_container_name() {
    let s = sim();
    let c = s.cluster("prod-eu");
    let (ns, name, containers) = {
        let store = c.store.lock();
        let p = store
            .list("pods", None)
            .find(|p| {
                p["spec"]["containers"]
                    .as_array()
                    .is_some_and(|c| c.len() > 1)
                    && p["status"]["phase"] == "Running"
            })
            .expect("a running pod with a sidecar")
            .clone();
        let names: Vec<String> = p["spec"]["containers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect();
        (
            p["metadata"]["namespace"].as_str().unwrap().to_string(),
            p["metadata"]["name"].as_str().unwrap().to_string(),
            names,
        )
    };
    let err = fails(
        "prod-eu",
        &[
            "get",
            "--raw",
            &format!("/api/v1/namespaces/{ns}/pods/{name}/log"),
        ],
    );
    assert!(
        err.contains(&format!(
            "a container name must be specified for pod {name}, choose one of: [{}]",
            containers.join(" ")
        )),
        "{err}"
    );
}

#[test]
fn previous_logs_of_a_crash_looping_pod() {
    let pods = ok("prod-eu", &["get", "pods", "-A", "--no-headers"]);
    let line = pods
        .lines()
        .find(|l| l.contains("CrashLoopBackOff"))
        .unwrap_or_else(|| panic!("no crash loop in {pods}"));
    let f: Vec<&str> = line.split_whitespace().collect();
    let out = ok("prod-eu", &["logs", "-n", f[0], f[1], "-p", "--tail=3"]);
    assert!(out.lines().count() >= 3, "{out}");
}

#[test]
fn logs_follow_streams_new_lines() {
    let pod = first_pod("prod-eu", "kube-system", "k8s-app=coredns");
    let s = sim();
    let mut child = std::process::Command::new("kubectl")
        .env("KUBECONFIG", &s.kubeconfig)
        .args([
            "--context",
            "prod-eu",
            "logs",
            "-f",
            "--tail=0",
            "-n",
            "kube-system",
            &pod,
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for l in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(l);
        }
    });
    // The sim writes a line a second: new ones arrive while following.
    // On prod-eu: the faults test churns prod-us's pods (50 a second,
    // coredns among them), and a followed pod that is deleted ends the
    // stream (this test failed now and then beside it).
    let first = eventually(30, "a followed line", || {
        rx.recv_timeout(std::time::Duration::from_millis(200)).ok()
    });
    let second = eventually(30, "another followed line", || {
        rx.recv_timeout(std::time::Duration::from_millis(200)).ok()
    });
    assert_ne!(first, second);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_node_selector_is_honoured_and_a_labelled_node_takes_the_pod() {
    let ctx = "staging";
    ok(
        ctx,
        &[
            "run",
            "conf-selector",
            "-n",
            "default",
            "--image=nginx:1.27.2",
            r#"--overrides={"spec":{"nodeSelector":{"conformance":"later"}}}"#,
        ],
    );
    let why = eventually(30, "FailedScheduling for the selector", || {
        let ev = ok(
            ctx,
            &[
                "get",
                "events",
                "-n",
                "default",
                "--field-selector=involvedObject.name=conf-selector,reason=FailedScheduling",
                "-o",
                "jsonpath={.items[*].message}",
            ],
        );
        (!ev.is_empty()).then_some(ev)
    });
    assert!(
        why.contains("didn't match Pod's node affinity/selector"),
        "{why}"
    );
    let phase = ok(
        ctx,
        &[
            "get",
            "pod",
            "conf-selector",
            "-n",
            "default",
            "-o",
            "jsonpath={.status.phase}",
        ],
    );
    assert_eq!(phase, "Pending");
    let node = ok(
        ctx,
        &["get", "nodes", "-o", "jsonpath={.items[1].metadata.name}"],
    );
    ok(ctx, &["label", "node", &node, "conformance=later"]);
    eventually(30, "the pod running on the labelled node", || {
        let at = ok(
            ctx,
            &[
                "get",
                "pod",
                "conf-selector",
                "-n",
                "default",
                "-o",
                "jsonpath={.spec.nodeName} {.status.phase}",
            ],
        );
        (at == format!("{node} Running")).then_some(())
    });
    ok(ctx, &["label", "node", &node, "conformance-"]);
}

/// Kinds every real API server serves are served (never a 404): the peers
/// bench found kubetui listing ingresses in every namespace each second and
/// kdash listing cronjobs, volumes, storage classes and RBAC kinds at start.
#[test]
fn kinds_every_server_serves_are_listed() {
    let names = ok("prod-eu", &["api-resources", "-o", "name"]);
    for kind in [
        "persistentvolumeclaims",
        "persistentvolumes",
        "replicationcontrollers",
        "cronjobs.batch",
        "ingresses.networking.k8s.io",
        "networkpolicies.networking.k8s.io",
        "storageclasses.storage.k8s.io",
        "clusterrolebindings.rbac.authorization.k8s.io",
        "clusterroles.rbac.authorization.k8s.io",
        "rolebindings.rbac.authorization.k8s.io",
        "roles.rbac.authorization.k8s.io",
    ] {
        assert!(names.lines().any(|l| l == kind), "{kind} not in {names}");
    }
    let out = kubectl(
        "prod-eu",
        &[
            "get",
            "pvc,pv,rc,cj,ing,netpol,sc,roles,rolebindings,clusterroles,clusterrolebindings",
            "-A",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        !err.contains("NotFound") && !err.contains("the server doesn't have"),
        "{err}"
    );
    // As kubetui asks: one namespace's ingresses.
    let raw: serde_json::Value = serde_json::from_str(&ok(
        "prod-eu",
        &[
            "get",
            "--raw",
            "/apis/networking.k8s.io/v1/namespaces/shop/ingresses",
        ],
    ))
    .unwrap();
    assert_eq!(raw["kind"], "IngressList");
    assert!(raw["items"].is_array(), "{raw}");
    // The viewer reads them as the `view` role does: the namespaced kinds,
    // not RBAC.
    assert_eq!(
        ok("prod-eu-viewer", &["auth", "can-i", "list", "ingresses"]).trim(),
        "yes"
    );
    assert_eq!(
        ok("prod-eu-viewer", &["auth", "can-i", "list", "cronjobs"]).trim(),
        "yes"
    );
    let denied = fails("prod-eu-viewer", &["get", "clusterroles"]);
    assert!(denied.contains("forbidden"), "{denied}");
}
