//! The access cache (keys, expiry, one question in flight per key, a few
//! at once), the questions an action asks, the reasons in words, and what
//! a screen needs answered.

use chrono::Duration;

use super::*;
use crate::app::view::View;
use crate::kube::kind::Kind;
use crate::kube::{ClusterStatus, Row};
use crate::testkit::{self, t0};

fn key(cluster: usize, ns: &str) -> AccessKey {
    AccessKey {
        cluster,
        namespace: ns.into(),
        verb: "patch",
        group: "apps",
        resource: "deployments",
        subresource: "scale",
    }
}

fn yes() -> Result<Verdict, String> {
    Ok(Verdict {
        allowed: true,
        reason: String::new(),
    })
}

fn no() -> Result<Verdict, String> {
    Ok(Verdict {
        allowed: false,
        reason: String::new(),
    })
}

fn target(cluster: usize, context: &str, kind: Kind, ns: &str, name: &str) -> Target {
    Target {
        cluster,
        context: context.into(),
        kind,
        namespace: ns.into(),
        name: name.into(),
    }
}

#[test]
fn a_question_is_asked_once_until_answered_then_kept_for_the_ttl() {
    let mut c = AccessCache::default();
    let k = key(0, "shop");
    let t = t0();
    assert_eq!(c.get(&k, t), Access::Unknown);
    assert!(c.want(&k, t), "first time: asked");
    assert!(
        !c.want(&k, t + Duration::seconds(10)),
        "in flight: not again"
    );
    c.answer(k.clone(), no(), t + Duration::seconds(1));
    assert_eq!(
        c.get(&k, t + Duration::seconds(2)),
        Access::Denied(String::new())
    );
    assert!(!c.want(&k, t + Duration::minutes(4)), "fresh: not asked");
    // Expired: unknown (allowed, the server decides), and asked again.
    let later = t + Duration::seconds(1) + TTL;
    assert_eq!(c.get(&k, later), Access::Unknown);
    assert!(c.want(&k, later));
    assert!(!c.want(&k, later), "one in flight per key");
    c.answer(k.clone(), yes(), later);
    assert_eq!(c.get(&k, later), Access::Allowed);
}

#[test]
fn keys_differ_by_cluster_namespace_verb_and_subresource() {
    let mut c = AccessCache::default();
    let t = t0();
    c.answer(key(0, "shop"), no(), t);
    assert_eq!(
        c.get(&key(1, "shop"), t),
        Access::Unknown,
        "another cluster"
    );
    assert_eq!(
        c.get(&key(0, "payments"), t),
        Access::Unknown,
        "another namespace"
    );
    let mut whole = key(0, "shop");
    whole.subresource = "";
    assert_eq!(
        c.get(&whole, t),
        Access::Unknown,
        "not the scale subresource"
    );
    let mut delete = whole.clone();
    delete.verb = "delete";
    assert_eq!(c.get(&delete, t), Access::Unknown, "another verb");
    assert!(matches!(c.get(&key(0, "shop"), t), Access::Denied(_)));
}

#[test]
fn a_question_the_server_could_not_answer_is_unknown_and_asked_again_soon() {
    let mut c = AccessCache::default();
    let k = key(0, "shop");
    let t = t0();
    assert!(c.want(&k, t));
    c.answer(k.clone(), Err("no connection".into()), t);
    assert_eq!(c.get(&k, t), Access::Unknown);
    assert!(!c.want(&k, t + Duration::seconds(5)));
    assert!(c.want(&k, t + RETRY));
}

#[test]
fn forgetting_a_cluster_asks_it_again() {
    let mut c = AccessCache::default();
    let t = t0();
    c.answer(key(0, "shop"), yes(), t);
    c.answer(key(1, "shop"), yes(), t);
    c.forget(0);
    assert_eq!(c.get(&key(0, "shop"), t), Access::Unknown);
    assert_eq!(c.get(&key(1, "shop"), t), Access::Allowed);
    assert!(c.want(&key(0, "shop"), t));
}

#[test]
fn each_action_asks_what_it_sends() {
    let d = target(0, "prod-eu", Kind::Deployments, "shop", "web");
    let ask = |i: Intent, t: &Target| -> Vec<(String, String)> {
        keys(i, t)
            .into_iter()
            .map(|k| (k.namespace.clone(), format!("{} {}", k.group, k.what())))
            .collect()
    };
    let shop = |w: &str| vec![("shop".to_string(), w.to_string())];
    assert_eq!(ask(Intent::Scale, &d), shop("apps patch deployments/scale"));
    assert_eq!(ask(Intent::Restart, &d), shop("apps patch deployments"));
    assert_eq!(ask(Intent::Rollback, &d), shop("apps patch deployments"));
    assert_eq!(ask(Intent::Delete, &d), shop("apps delete deployments"));
    let p = target(0, "prod-eu", Kind::Pods, "shop", "web-1");
    assert_eq!(ask(Intent::Shell, &p), shop(" create pods/exec"));
    assert_eq!(ask(Intent::Delete, &p), shop(" delete pods"));
    // Nodes are cluster-wide: no namespace in the question.
    let n = target(0, "prod-eu", Kind::Nodes, "", "n1");
    for i in [Intent::Cordon, Intent::Uncordon, Intent::Drain] {
        assert_eq!(ask(i, &n), [(String::new(), " patch nodes".to_string())]);
    }
    assert!(keys(Intent::History, &d).is_empty(), "reading asks nothing");
    assert_eq!(intent_of(&Op::Scale { replicas: 2 }), Intent::Scale);
}

fn deployment(ns: &str, name: &str) -> Row {
    testkit::deployment(testkit::meta(ns, name, &[], Some(t0())))
}

/// Deployments in shop on one connected cluster, `prod-eu-viewer`.
fn one_cluster() -> State {
    let c = testkit::cluster(
        "prod-eu-viewer",
        ClusterStatus::Connected {
            version: "v1.36.2".into(),
        },
    );
    let mut s = testkit::state(View::Kind(Kind::Deployments), vec![c], t0());
    s.clusters[0].user = "prod-eu-viewer".into();
    crate::app::update::update(
        &mut s,
        crate::app::msg::Msg::Cluster(crate::kube::ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Deployments,
            change: crate::kube::RowChange::Replace(vec![deployment("shop", "web")]),
        }),
    );
    crate::app::derive::refresh(&mut s);
    s
}

#[test]
fn the_reason_names_who_what_and_where() {
    let mut s = one_cluster();
    let t = target(0, "prod-eu-viewer", Kind::Deployments, "shop", "web");
    assert_eq!(denial(&s, Intent::Scale, &t), None, "not answered: allowed");
    s.access
        .answer(keys(Intent::Scale, &t)[0].clone(), no(), s.now);
    assert_eq!(
        denial(&s, Intent::Scale, &t).as_deref(),
        Some("not allowed: prod-eu-viewer may not patch deployments/scale in shop")
    );
    // The server's reason, when it gives one, follows.
    s.access.answer(
        keys(Intent::Restart, &t)[0].clone(),
        Ok(Verdict {
            allowed: false,
            reason: "denied by policy".into(),
        }),
        s.now,
    );
    assert_eq!(
        denial(&s, Intent::Restart, &t).as_deref(),
        Some("not allowed: prod-eu-viewer may not patch deployments in shop (denied by policy)")
    );
    // With several clusters open, which one.
    s.clusters
        .push(testkit::cluster("staging", ClusterStatus::Connecting));
    assert!(
        denial(&s, Intent::Scale, &t).is_some_and(|w| w.ends_with("in shop @prod-eu-viewer")),
        "{:?}",
        denial(&s, Intent::Scale, &t)
    );
}

#[test]
fn the_screen_asks_for_its_actions_on_the_selected_row_a_few_at_a_time() {
    let mut s = one_cluster();
    let asked = to_ask(&mut s);
    let what: Vec<String> = asked
        .iter()
        .map(|k| format!("{} {}", k.namespace, k.what()))
        .collect();
    assert_eq!(
        what,
        [
            "shop delete deployments",
            "shop patch deployments",
            "shop patch deployments/scale"
        ],
        "scale, restart and rollback, delete: one question each, deduplicated"
    );
    assert!(to_ask(&mut s).is_empty(), "in flight: not asked again");
    // A cluster that does not answer, or is read-only, is not asked.
    let mut down = one_cluster();
    down.clusters[0].status = ClusterStatus::Connecting;
    assert!(to_ask(&mut down).is_empty());
    let mut ro = one_cluster();
    ro.clusters[0].readonly = true;
    assert!(to_ask(&mut ro).is_empty());
    // Never more than a few in flight.
    let mut many = one_cluster();
    let rows: Vec<Row> = (0..20)
        .map(|i| deployment(&format!("ns{i}"), "web"))
        .collect();
    crate::app::update::update(
        &mut many,
        crate::app::msg::Msg::Cluster(crate::kube::ClusterEvent::Rows {
            cluster: 0,
            kind: Kind::Deployments,
            change: crate::kube::RowChange::Replace(rows),
        }),
    );
    crate::app::derive::refresh(&mut many);
    let targets: Vec<Target> = (0..20)
        .map(|i| {
            target(
                0,
                "prod-eu-viewer",
                Kind::Deployments,
                &format!("ns{i}"),
                "web",
            )
        })
        .collect();
    many.marks.extend(targets);
    assert_eq!(to_ask(&mut many).len(), MAX_IN_FLIGHT);
    assert!(
        to_ask(&mut many).is_empty(),
        "the first ones are still in flight"
    );
}

#[test]
fn greyed_only_when_every_target_is_denied() {
    let mut s = one_cluster();
    let t = target(0, "prod-eu-viewer", Kind::Deployments, "shop", "web");
    assert_eq!(refusal(&s, Intent::Scale), None);
    s.access
        .answer(keys(Intent::Scale, &t)[0].clone(), no(), s.now);
    let r = refusal(&s, Intent::Scale).expect("refused");
    assert!(r.greyed());
    assert_eq!(
        summary(&s, &[Intent::Scale, Intent::Restart]).as_deref(),
        Some("not allowed: prod-eu-viewer may not patch deployments/scale in shop")
    );
    // Two marked targets, one allowed: not greyed, but said.
    let other = target(0, "prod-eu-viewer", Kind::Deployments, "payments", "web");
    s.access
        .answer(keys(Intent::Scale, &other)[0].clone(), yes(), s.now);
    s.marks.insert(t);
    s.marks.insert(other);
    let r = refusal(&s, Intent::Scale).expect("one refused");
    assert!(!r.greyed());
    assert!(
        r.text().starts_with("1 of 2 targets not allowed"),
        "{}",
        r.text()
    );
}
