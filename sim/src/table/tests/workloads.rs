use super::*;

#[test]
fn deployment_row_matches_capture() {
    let d = json!({
        "metadata": {"name": "web", "namespace": "shop", "creationTimestamp": "2026-11-22T00:31:33Z",
                     "labels": {"app": "web"}},
        "spec": {
            "replicas": 5,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}},
                         "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}
        },
        "status": {"observedGeneration": 5, "replicas": 4, "updatedReplicas": 4, "unavailableReplicas": 5}
    });
    let t = table(
        "apps",
        "deployments",
        &[&d],
        "26404",
        now(),
        IncludeObject::Metadata,
    );
    assert_eq!(
        t["rows"][0]["cells"],
        json!(["web", "0/5", 4, 0, "16m", "nginx", "nginx", "app=web"])
    );
    let names = column_names("apps", "deployments");
    assert_eq!(
        names,
        vec![
            ("Name".to_string(), 0),
            ("Ready".to_string(), 0),
            ("Up-to-date".to_string(), 0),
            ("Available".to_string(), 0),
            ("Age".to_string(), 0),
            ("Containers".to_string(), 1),
            ("Images".to_string(), 1),
            ("Selector".to_string(), 1),
        ]
    );
    assert_eq!(
        t["columnDefinitions"][7]["description"],
        "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."
    );
    assert_eq!(
        t["columnDefinitions"][1]["description"],
        "Number of the pod with ready state"
    );

    // Several containers, a missing replicas (defaulted to 1), an invalid selector.
    let d2 = json!({
        "metadata": {"name": "multi"},
        "spec": {
            "selector": {"matchExpressions": [{"key": "app", "operator": "Like", "values": ["x"]}]},
            "template": {"spec": {"containers": [{"name": "a", "image": "img-a"}, {"name": "b", "image": "img-b:2"}]}}
        },
        "status": {"readyReplicas": 1, "updatedReplicas": 1, "availableReplicas": 1}
    });
    assert_eq!(
        cells("apps", "deployments", &d2),
        vec![
            json!("multi"),
            json!("1/1"),
            json!(1),
            json!(1),
            json!("<unknown>"),
            json!("a,b"),
            json!("img-a,img-b:2"),
            json!("<invalid>")
        ]
    );
    // No selector at all prints an empty string for deployments.
    let d3 = json!({"metadata": {"name": "x"}, "spec": {"replicas": 0}});
    let c = cells("apps", "deployments", &d3);
    assert_eq!(c[1], "0/0");
    assert_eq!(c[7], "");
}

#[test]
fn replicaset_statefulset_daemonset_rows() {
    let rs = json!({
        "metadata": {"name": "web-5cf77c44cd", "creationTimestamp": "2026-11-22T00:31:33Z"},
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "5cf77c44cd"}},
                 "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}},
        "status": {"replicas": 3, "readyReplicas": 2}
    });
    assert_eq!(
        cells("apps", "replicasets", &rs),
        vec![
            json!("web-5cf77c44cd"),
            json!(3),
            json!(3),
            json!(2),
            json!("16m"),
            json!("nginx"),
            json!("nginx:1.27"),
            json!("app=web,pod-template-hash=5cf77c44cd")
        ]
    );
    let rs_cols = columns("apps", "replicasets");
    assert_eq!(rs_cols[1]["type"], "integer");

    let sts = json!({"metadata": {"name": "db"}, "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "pg", "image": "postgres:17"}]}}},
                     "status": {"readyReplicas": 1}});
    assert_eq!(
        cells("apps", "statefulsets", &sts),
        vec![
            json!("db"),
            json!("1/3"),
            json!("<unknown>"),
            json!("pg"),
            json!("postgres:17")
        ]
    );

    let ds = json!({
        "metadata": {"name": "agent", "creationTimestamp": "2026-11-22T00:47:30Z"},
        "spec": {"selector": {"matchLabels": {"app": "agent"}},
                 "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                                       "containers": [{"name": "agent", "image": "agent:1"}]}}},
        "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                   "updatedNumberScheduled": 3, "numberAvailable": 2}
    });
    assert_eq!(
        cells("apps", "daemonsets", &ds),
        vec![
            json!("agent"),
            json!(3),
            json!(3),
            json!(2),
            json!(3),
            json!(2),
            json!("kubernetes.io/os=linux"),
            json!("30s"),
            json!("agent"),
            json!("agent:1"),
            json!("app=agent")
        ]
    );
    let ds2 = json!({"metadata": {"name": "x"}});
    let c = cells("apps", "daemonsets", &ds2);
    assert_eq!(c[6], "<none>");
    assert_eq!(c[10], "<none>");
}

#[test]
fn job_and_cronjob_rows() {
    let complete = json!({
        "metadata": {"name": "pi", "creationTimestamp": "2026-11-22T00:40:00Z"},
        "spec": {"completions": 1, "parallelism": 1,
                 "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "abc"}},
                 "template": {"spec": {"containers": [{"name": "pi", "image": "perl:5.34"}]}}},
        "status": {"succeeded": 1, "startTime": "2026-11-22T00:40:00Z", "completionTime": "2026-11-22T00:40:42Z",
                   "conditions": [{"type": "SuccessCriteriaMet", "status": "True"}, {"type": "Complete", "status": "True"}]}
    });
    assert_eq!(
        cells("batch", "jobs", &complete),
        vec![
            json!("pi"),
            json!("Complete"),
            json!("1/1"),
            json!("42s"),
            json!("8m"),
            json!("pi"),
            json!("perl:5.34"),
            json!("batch.kubernetes.io/controller-uid=abc")
        ]
    );
    let running = json!({"metadata": {"name": "r"}, "spec": {"parallelism": 3},
                         "status": {"startTime": "2026-11-22T00:45:00Z", "active": 3}});
    let c = cells("batch", "jobs", &running);
    assert_eq!(c[1], "Running");
    assert_eq!(c[2], "0/1 of 3");
    assert_eq!(c[3], "3m");
    let failed = json!({"metadata": {"name": "f"}, "spec": {"completions": 3},
                        "status": {"failed": 4, "conditions": [{"type": "Failed", "status": "True"}]}});
    let c = cells("batch", "jobs", &failed);
    assert_eq!(c[1], "Failed");
    assert_eq!(c[2], "0/3");
    assert_eq!(c[3], "");
    let suspended = json!({"metadata": {"name": "s"}, "status": {"conditions": [{"type": "Suspended", "status": "True"}]}});
    assert_eq!(cells("batch", "jobs", &suspended)[1], "Suspended");
    let mut deleting = suspended.clone();
    deleting["metadata"]["deletionTimestamp"] = json!("2026-11-22T00:47:00Z");
    assert_eq!(cells("batch", "jobs", &deleting)[1], "Terminating");
    let target = json!({"metadata": {"name": "t"}, "status": {"conditions": [{"type": "FailureTarget", "status": "True"}]}});
    assert_eq!(cells("batch", "jobs", &target)[1], "FailureTarget");

    let cj = json!({
        "metadata": {"name": "hello", "creationTimestamp": "2026-11-21T00:48:00Z"},
        "spec": {"schedule": "*/5 * * * *", "suspend": false,
                 "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "hello", "image": "busybox"}]}}}}},
        "status": {"active": [{"name": "hello-1"}], "lastScheduleTime": "2026-11-22T00:45:00Z"}
    });
    assert_eq!(
        cells("batch", "cronjobs", &cj),
        vec![
            json!("hello"),
            json!("*/5 * * * *"),
            json!("<none>"),
            json!("False"),
            json!(1),
            json!("3m"),
            json!("24h"),
            json!("hello"),
            json!("busybox"),
            json!("<none>")
        ]
    );
    let cj2 = json!({"metadata": {"name": "tz"}, "spec": {"schedule": "@daily", "timeZone": "Europe/Paris", "suspend": true}});
    let c = cells("batch", "cronjobs", &cj2);
    assert_eq!(c[2], "Europe/Paris");
    assert_eq!(c[3], "True");
    assert_eq!(c[4], 0);
    assert_eq!(c[5], "<none>");
    assert_eq!(columns("batch", "cronjobs")[3]["type"], "boolean");
}
