use super::*;

fn opts() -> WriteOpts<'static> {
    WriteOpts {
        manager: "test",
        now: Utc::now(),
        dry_run: false,
    }
}

fn cm(ns: &str, name: &str) -> Value {
    json!({"metadata": {"name": name, "namespace": ns}, "data": {"k": "v"}})
}

#[test]
fn create_sets_server_fields_and_versions_increase() {
    let mut s = Store::new(1, 100);
    let a = s.create("configmaps", cm("a", "x"), &opts()).unwrap();
    let b = s.create("configmaps", cm("a", "y"), &opts()).unwrap();
    assert_eq!(a["kind"], "ConfigMap");
    assert_eq!(a["apiVersion"], "v1");
    assert!(meta::resource_version(&b) > meta::resource_version(&a));
    assert_eq!(meta::uid(&a).len(), 36);
    let err = s.create("configmaps", cm("a", "x"), &opts()).unwrap_err();
    assert_eq!(err.code, 409);
    assert_eq!(err.reason, "AlreadyExists");
}

#[test]
fn generate_name_and_namespace_listing() {
    let mut s = Store::new(1, 100);
    let o = json!({"metadata": {"generateName": "web-", "namespace": "b"}, "data": {}});
    let c = s.create("configmaps", o, &opts()).unwrap();
    assert!(meta::name(&c).starts_with("web-"));
    assert_eq!(meta::name(&c).len(), 9);
    s.create("configmaps", cm("a", "z"), &opts()).unwrap();
    s.create("configmaps", cm("c", "z"), &opts()).unwrap();
    let in_b: Vec<_> = s.list("configmaps", Some("b")).collect();
    assert_eq!(in_b.len(), 1);
    assert_eq!(s.list("configmaps", None).count(), 3);
}

#[test]
fn stale_update_conflicts_and_generation_tracks_spec() {
    let mut s = Store::new(1, 100);
    let d = json!({"metadata": {"name": "d", "namespace": "a"}, "spec": {"replicas": 1}});
    let d = s.create("deployments", d, &opts()).unwrap();
    assert_eq!(d["metadata"]["generation"], 1);
    let rv = meta::resource_version(&d);
    let mut d2 = (*d).clone();
    d2["spec"]["replicas"] = json!(3);
    let d2 = s.update("deployments", d2, Some(rv), &opts()).unwrap();
    assert_eq!(d2["metadata"]["generation"], 2);
    let mut d3 = (*d).clone();
    d3["spec"]["replicas"] = json!(4);
    let e = s.update("deployments", d3, Some(rv), &opts()).unwrap_err();
    assert_eq!(e.code, 409);
    assert_eq!(e.reason, "Conflict");
}

#[test]
fn watch_resumes_from_history_and_gets_410_after_compaction() {
    let mut s = Store::new(1, 3);
    let first = s.create("configmaps", cm("a", "1"), &opts()).unwrap();
    let rv1 = meta::resource_version(&first);
    for i in 2..=3 {
        s.create("configmaps", cm("a", &i.to_string()), &opts())
            .unwrap();
    }
    let sub = s.subscribe(rv1).unwrap();
    assert_eq!(sub.replay.len(), 2);
    for i in 4..=6 {
        s.create("configmaps", cm("a", &i.to_string()), &opts())
            .unwrap();
    }
    let e = s.subscribe(rv1).err().unwrap();
    assert_eq!(e.code, 410);
    assert!(
        e.message
            .starts_with(&format!("too old resource version: {rv1} ("))
    );
    let now = s.resource_version();
    s.compact();
    assert!(s.subscribe(now).is_ok());
    assert_eq!(s.subscribe(now - 1).err().unwrap().code, 410);
}

#[test]
fn live_feed_carries_previous_object() {
    let mut s = Store::new(1, 10);
    let a = s.create("configmaps", cm("a", "x"), &opts()).unwrap();
    let mut rx = s.subscribe(s.resource_version()).unwrap().live;
    let mut b = (*a).clone();
    b["data"]["k"] = json!("w");
    s.update("configmaps", b, None, &opts()).unwrap();
    let c = rx.try_recv().unwrap();
    assert_eq!(c.kind, ChangeType::Modified);
    assert_eq!(c.prev.as_ref().unwrap()["data"]["k"], "v");
    s.delete("configmaps", "a", "x", false).unwrap();
    let d = rx.try_recv().unwrap();
    assert_eq!(d.kind, ChangeType::Deleted);
    assert!(meta::resource_version(&d.obj) > meta::resource_version(&c.obj));
}

#[test]
fn identical_update_is_a_no_op() {
    let mut s = Store::new(1, 10);
    let a = s.create("configmaps", cm("a", "x"), &opts()).unwrap();
    let rv = s.resource_version();
    let same = s.update("configmaps", (*a).clone(), None, &opts()).unwrap();
    assert_eq!(s.resource_version(), rv);
    assert_eq!(meta::resource_version(&same), meta::resource_version(&a));
}
