//! Parsing the command line: views, clusters, namespaces, selectors,
//! errors with suggestions; completion.

use super::*;
use crate::kube::kind::Kind;

fn view(
    kind: View,
    clusters: Option<&[&str]>,
    namespaces: Option<NamespaceScope>,
    selector: Option<&str>,
) -> Command {
    Command::View {
        kind,
        clusters: clusters.map(|c| c.iter().map(|s| s.to_string()).collect()),
        namespaces,
        selector: selector.map(str::to_string),
    }
}

fn ns(names: &[&str]) -> Option<NamespaceScope> {
    Some(NamespaceScope::Some(
        names.iter().map(|s| s.to_string()).collect(),
    ))
}

fn perr(line: &str) -> String {
    match parse(line) {
        Err(ParseError(msg)) => msg,
        Ok(c) => panic!("{line:?} parsed as {c:?}"),
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn bare_resources_and_aliases() {
    assert_eq!(
        parse("po"),
        Ok(view(View::Kind(Kind::Pods), None, None, None))
    );
    assert_eq!(
        parse("pods"),
        Ok(view(View::Kind(Kind::Pods), None, None, None))
    );
    assert_eq!(
        parse("  POD  "),
        Ok(view(View::Kind(Kind::Pods), None, None, None))
    );
    assert_eq!(
        parse("ns"),
        Ok(view(View::Kind(Kind::Namespaces), None, None, None))
    );
    assert_eq!(parse("ctx"), Ok(view(View::Clusters, None, None, None)));
    assert_eq!(
        parse("ev"),
        Ok(view(View::Kind(Kind::Events), None, None, None))
    );
    for kind in View::all() {
        assert_eq!(parse(kind.name()), Ok(view(kind, None, None, None)));
        for alias in kind.aliases() {
            assert_eq!(parse(alias), Ok(view(kind, None, None, None)));
        }
    }
}

#[test]
fn full_example() {
    assert_eq!(
        parse("deploy @prod-eu -n shop app=web"),
        Ok(view(
            View::Kind(Kind::Deployments),
            Some(&["prod-eu"]),
            ns(&["shop"]),
            Some("app=web")
        ))
    );
}

#[test]
fn clusters() {
    assert_eq!(
        parse("events @staging"),
        Ok(view(
            View::Kind(Kind::Events),
            Some(&["staging"]),
            None,
            None
        ))
    );
    assert_eq!(
        parse("po @a @b @a"),
        Ok(view(View::Kind(Kind::Pods), Some(&["a", "b"]), None, None))
    );
    assert_eq!(
        parse("po @a,b"),
        Ok(view(View::Kind(Kind::Pods), Some(&["a", "b"]), None, None))
    );
    assert_eq!(
        parse("po @all"),
        Ok(view(View::Kind(Kind::Pods), None, None, None))
    );
    assert_eq!(
        parse("po @a @ALL"),
        Ok(view(View::Kind(Kind::Pods), None, None, None))
    );
    assert!(perr("po @").contains("@ needs a cluster name"));
    assert!(perr("po @,").contains("@ needs a cluster name"));
}

#[test]
fn namespaces() {
    assert_eq!(
        parse("po -n shop"),
        Ok(view(View::Kind(Kind::Pods), None, ns(&["shop"]), None))
    );
    assert_eq!(
        parse("po -n a -n b"),
        Ok(view(View::Kind(Kind::Pods), None, ns(&["a", "b"]), None))
    );
    assert_eq!(
        parse("po -n a,b -n a"),
        Ok(view(View::Kind(Kind::Pods), None, ns(&["a", "b"]), None))
    );
    assert_eq!(
        parse("po --namespace a --namespace=b -n=c -nd"),
        Ok(view(
            View::Kind(Kind::Pods),
            None,
            ns(&["a", "b", "c", "d"]),
            None
        ))
    );
    assert_eq!(
        parse("pods -A"),
        Ok(view(
            View::Kind(Kind::Pods),
            None,
            Some(NamespaceScope::All),
            None
        ))
    );
    assert_eq!(
        parse("pods --all-namespaces"),
        Ok(view(
            View::Kind(Kind::Pods),
            None,
            Some(NamespaceScope::All),
            None
        ))
    );
}

#[test]
fn namespace_errors() {
    assert_eq!(perr("po -n"), "-n needs a namespace, e.g. -n default");
    assert!(perr("po -n -A").contains("-n needs a namespace"));
    assert!(perr("po -n @prod").contains("-n needs a namespace"));
    assert!(perr("po --namespace").contains("--namespace needs a namespace"));
    assert!(perr("po -n=").contains("needs a namespace"));
    assert!(perr("po -n ,").contains("needs a namespace"));
    assert_eq!(perr("po -A -n x"), "-A and -n cannot be used together");
}

#[test]
fn selectors() {
    assert_eq!(
        parse("po app=web"),
        Ok(view(View::Kind(Kind::Pods), None, None, Some("app=web")))
    );
    assert_eq!(
        parse("po app=web,tier!=db"),
        Ok(view(
            View::Kind(Kind::Pods),
            None,
            None,
            Some("app=web,tier!=db")
        ))
    );
    assert_eq!(
        parse("po -l app=web"),
        Ok(view(View::Kind(Kind::Pods), None, None, Some("app=web")))
    );
    assert_eq!(
        parse("po -l=app=web"),
        Ok(view(View::Kind(Kind::Pods), None, None, Some("app=web")))
    );
    assert_eq!(
        parse("po -lapp=web"),
        Ok(view(View::Kind(Kind::Pods), None, None, Some("app=web")))
    );
    assert_eq!(
        parse("po --selector app==web"),
        Ok(view(View::Kind(Kind::Pods), None, None, Some("app=web")))
    );
    assert_eq!(
        parse("po --selector=app"),
        Ok(view(View::Kind(Kind::Pods), None, None, Some("app")))
    );
    assert_eq!(
        parse("po -l canary"),
        Ok(view(View::Kind(Kind::Pods), None, None, Some("canary")))
    );
    assert_eq!(
        parse("po !canary"),
        Ok(view(View::Kind(Kind::Pods), None, None, Some("!canary")))
    );
    // Several selectors are combined.
    assert_eq!(
        parse("po a=b -l c!=d e=f"),
        Ok(view(
            View::Kind(Kind::Pods),
            None,
            None,
            Some("a=b,c!=d,e=f")
        ))
    );
    // Selectors continued over several words.
    assert_eq!(
        parse("po app=web, tier=fe -n x"),
        Ok(view(
            View::Kind(Kind::Pods),
            None,
            ns(&["x"]),
            Some("app=web,tier=fe")
        ))
    );
    assert_eq!(
        parse("po app=web ,tier=fe"),
        Ok(view(
            View::Kind(Kind::Pods),
            None,
            None,
            Some("app=web,tier=fe")
        ))
    );
}

#[test]
fn set_selectors() {
    let want = Ok(view(
        View::Kind(Kind::Pods),
        None,
        None,
        Some("env in (a,b)"),
    ));
    assert_eq!(parse("po env in (a,b)"), want);
    assert_eq!(parse("po env in (a, b)"), want);
    assert_eq!(parse("po -l env in (a,b)"), want);
    assert_eq!(parse("po -l 'env in (a,b)'"), want);
    assert_eq!(parse("po -l \"env in (a, b)\""), want);
    assert_eq!(parse("po env in(a,b)"), want);
    assert_eq!(
        parse("po -l env notin (a) -n x"),
        Ok(view(
            View::Kind(Kind::Pods),
            None,
            ns(&["x"]),
            Some("env notin (a)")
        ))
    );
    assert_eq!(
        parse("po app=web,env in (a,b) @c"),
        Ok(view(
            View::Kind(Kind::Pods),
            Some(&["c"]),
            None,
            Some("app=web,env in (a,b)")
        ))
    );
    assert_eq!(
        parse("po -l=env in (a)"),
        Ok(view(View::Kind(Kind::Pods), None, None, Some("env in (a)")))
    );
}

#[test]
fn selector_errors() {
    assert_eq!(perr("po -l"), "-l needs a label selector, e.g. -l app=web");
    assert!(perr("po -l -A").contains("-l needs a label selector"));
    assert!(perr("po --selector").contains("--selector needs a label selector"));
    let e = perr("po env in (a,b");
    assert!(
        e.contains("invalid label selector") && e.contains("missing \")\""),
        "{e}"
    );
    assert!(perr("po =web").contains("invalid label selector"));
    assert!(perr("po env in ()").contains("at least one value"));
}

#[test]
fn everything_together() {
    assert_eq!(
        parse("sts @a -n x app=db @b -n y,z -l tier=be"),
        Ok(view(
            View::Kind(Kind::StatefulSets),
            Some(&["a", "b"]),
            ns(&["x", "y", "z"]),
            Some("app=db,tier=be")
        ))
    );
    assert_eq!(
        parse("no @prod -A"),
        Ok(view(
            View::Kind(Kind::Nodes),
            Some(&["prod"]),
            Some(NamespaceScope::All),
            None
        ))
    );
}

#[test]
fn quit_and_help() {
    for q in ["q", "quit", "q!", "quit!", " Q "] {
        assert_eq!(parse(q), Ok(Command::Quit), "{q}");
    }
    for h in ["help", "?", "HELP"] {
        assert_eq!(parse(h), Ok(Command::Help), "{h}");
    }
    assert!(perr("q now").contains("takes no arguments"));
    assert!(perr("help me").contains("takes no arguments"));
}

#[test]
fn unknown_resources() {
    assert_eq!(
        perr("pdos"),
        "unknown resource \"pdos\" (did you mean pods?)"
    );
    assert_eq!(
        perr("deplyo"),
        "unknown resource \"deplyo\" (did you mean deploy?)"
    );
    assert_eq!(
        perr("servics"),
        "unknown resource \"servics\" (did you mean services?)"
    );
    assert_eq!(
        perr("nodez -A"),
        "unknown resource \"nodez\" (did you mean nodes?)"
    );
    assert_eq!(
        perr("qiut"),
        "unknown resource \"qiut\" (did you mean quit?)"
    );
    assert_eq!(
        perr("statef"),
        "unknown resource \"statef\" (did you mean statefulsets?)"
    );
    assert_eq!(perr("xyzzy"), "unknown resource \"xyzzy\" (try :help)");
    // Short garbage gets no nonsense suggestion.
    assert_eq!(perr("xy"), "unknown resource \"xy\" (try :help)");
}

#[test]
fn other_errors() {
    assert!(perr("").contains("empty command"));
    assert!(perr("   ").contains("empty command"));
    assert!(perr("-A").contains("expected a resource name"));
    assert!(perr("@prod po").contains("expected a resource name"));
    assert_eq!(
        perr("po -x"),
        "unknown flag \"-x\" (expected -n NAMESPACE, -A or -l SELECTOR)"
    );
    assert_eq!(
        perr("po shop"),
        "unexpected \"shop\" (use -n shop for a namespace, @shop for a cluster)"
    );
    assert!(perr("po -l 'app=web").contains("unterminated quote"));
}

#[test]
fn edit_distances() {
    assert_eq!(edit_distance("", ""), 0);
    assert_eq!(edit_distance("pods", "pods"), 0);
    assert_eq!(edit_distance("pdos", "pods"), 1);
    assert_eq!(edit_distance("pod", "pods"), 1);
    assert_eq!(edit_distance("pxds", "pods"), 1);
    assert_eq!(edit_distance("abc", ""), 3);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}

#[test]
fn complete_first_word() {
    let c = |l: &str| complete(l, &[], &[]);
    assert_eq!(c("po"), strings(&["pods", "po", "pod"]));
    assert_eq!(c("dep"), strings(&["deployments", "deploy", "deployment"]));
    assert_eq!(
        c("deploy"),
        strings(&["deployments", "deploy", "deployment"])
    );
    assert_eq!(
        c("s"),
        strings(&[
            "services",
            "statefulsets",
            "service",
            "statefulset",
            "sts",
            "svc"
        ])
    );
    assert_eq!(c("PO"), strings(&["pods", "po", "pod"]));
    assert_eq!(c("ctx"), strings(&["ctx"]));
    assert_eq!(c("q"), strings(&["quit", "quota", "quotas"]));
    assert_eq!(c("h"), strings(&["help"]));
    assert_eq!(c("  no"), strings(&["  nodes", "  no", "  node"]));
    // Empty: every canonical name first, then aliases.
    let all = c("");
    assert_eq!(all.len(), first_words(&Catalog::default()).len());
    assert_eq!(all[0], "alerts");
    assert!(
        all.iter().position(|w| w == "events").unwrap()
            < all.iter().position(|w| w == "po").unwrap()
    );
    // Fallbacks: abbreviations, then typos.
    assert_eq!(c("rq"), strings(&["resourcequotas"]));
    assert_eq!(c("pdo"), strings(&["pods"]));
    assert_eq!(c("sevr"), strings(&["services"]));
    assert_eq!(c("dpeloy"), strings(&["deployments"]));
    assert_eq!(c("zzzzz"), Vec::<String>::new());
}

#[test]
fn complete_clusters() {
    let clusters = strings(&["prod-eu", "prod-us", "staging", "dev"]);
    let c = |l: &str| complete(l, &clusters, &[]);
    assert_eq!(
        c("po @"),
        strings(&[
            "po @all",
            "po @dev",
            "po @prod-eu",
            "po @prod-us",
            "po @staging"
        ])
    );
    assert_eq!(c("po @pr"), strings(&["po @prod-eu", "po @prod-us"]));
    assert_eq!(c("po @PR"), strings(&["po @prod-eu", "po @prod-us"]));
    // Prefix matches first, then substring matches.
    assert_eq!(c("po @s"), strings(&["po @staging", "po @prod-us"]));
    // Already named clusters are left out.
    assert_eq!(c("po @prod-eu @pr"), strings(&["po @prod-eu @prod-us"]));
    assert_eq!(c("po @prod-eu,pr"), strings(&["po @prod-eu,prod-us"]));
    // Exact match stays.
    assert_eq!(c("po @dev"), strings(&["po @dev"]));
    assert_eq!(c("po -n x @st"), strings(&["po -n x @staging"]));
    assert_eq!(c("po @zz"), Vec::<String>::new());
}

#[test]
fn complete_namespaces() {
    let namespaces = strings(&["default", "kube-system", "kube-public", "shop", "default"]);
    let c = |l: &str| complete(l, &[], &namespaces);
    assert_eq!(
        c("po -n "),
        strings(&[
            "po -n default",
            "po -n kube-public",
            "po -n kube-system",
            "po -n shop"
        ])
    );
    assert_eq!(
        c("po -n ku"),
        strings(&["po -n kube-public", "po -n kube-system"])
    );
    assert_eq!(c("po -n sys"), strings(&["po -n kube-system"]));
    assert_eq!(c("po -n p"), strings(&["po -n kube-public", "po -n shop"]));
    assert_eq!(c("po --namespace sh"), strings(&["po --namespace shop"]));
    assert_eq!(c("po -n=sh"), strings(&["po -n=shop"]));
    assert_eq!(
        c("po -n shop,"),
        strings(&[
            "po -n shop,default",
            "po -n shop,kube-public",
            "po -n shop,kube-system"
        ])
    );
    assert_eq!(
        c("po -n shop -n s"),
        strings(&["po -n shop -n kube-system"])
    );
    assert_eq!(c("po -n zz"), Vec::<String>::new());
}

#[test]
fn complete_flags_and_nothing() {
    let c = |l: &str| complete(l, &strings(&["a"]), &strings(&["x"]));
    assert_eq!(
        c("po -"),
        strings(&[
            "po -A",
            "po -l",
            "po -n",
            "po --all-namespaces",
            "po --namespace",
            "po --selector"
        ])
    );
    assert_eq!(c("po --a"), strings(&["po --all-namespaces"]));
    assert_eq!(
        c("po -A -"),
        strings(&[
            "po -A -l",
            "po -A -n",
            "po -A --all-namespaces",
            "po -A --namespace",
            "po -A --selector"
        ])
    );
    assert_eq!(c("po "), Vec::<String>::new());
    assert_eq!(c("po app=w"), Vec::<String>::new());
    assert_eq!(c("q @"), Vec::<String>::new());
}

/// A catalog of one cluster serving configmaps (`cm`) and a custom
/// resource in the `all` category.
fn served() -> Catalog {
    use crate::app::catalog::ClusterResources;
    use crate::kube::discovery::{Resources, from_aggregated};
    let doc = serde_json::json!({"kind": "APIGroupDiscoveryList", "items": [
        {"metadata": {"name": ""}, "versions": [{"version": "v1", "resources": [
            {"resource": "configmaps", "responseKind": {"kind": "ConfigMap"}, "scope": "Namespaced",
             "singularResource": "configmap", "shortNames": ["cm"], "verbs": ["list", "watch"]}]}]},
        {"metadata": {"name": "cert-manager.io"}, "versions": [{"version": "v1", "resources": [
            {"resource": "certificates", "responseKind": {"kind": "Certificate"}, "scope": "Namespaced",
             "singularResource": "certificate", "shortNames": ["cert"], "categories": ["cert-manager"],
             "verbs": ["list", "watch"]}]}]}]});
    let mut c = Catalog::default();
    c.clusters.insert(
        0,
        ClusterResources {
            resources: Some(std::sync::Arc::new(Resources {
                items: from_aggregated(&doc).unwrap_or_default(),
                ..Resources::default()
            })),
            ..ClusterResources::default()
        },
    );
    c
}

#[test]
fn served_resources_parse_with_their_arguments() {
    let c = served();
    // Without discovery, kdeck's own kinds only.
    assert!(parse("cm").is_err());
    let Ok(Command::View {
        kind, namespaces, ..
    }) = parse_with("cm -n shop", &c)
    else {
        panic!("cm");
    };
    assert_eq!(kind.name(), "configmaps");
    assert!(kind.kind().and_then(Kind::generic).is_some());
    assert_eq!(namespaces, Some(NamespaceScope::Some(vec!["shop".into()])));
    assert!(matches!(
        parse_with("certificates.cert-manager.io -A", &c),
        Ok(Command::View { .. })
    ));
    assert_eq!(
        parse_with("cert-manager", &c),
        Ok(Command::Category {
            name: "cert-manager".into(),
            members: vec!["certificates.cert-manager.io".into()]
        })
    );
    // Typos are matched against what is served too.
    assert_eq!(
        parse_with("configmps", &c),
        Err(ParseError(
            "unknown resource \"configmps\" (did you mean configmaps?)".into()
        ))
    );
}

#[test]
fn completion_offers_served_resources() {
    let c = served();
    let got = complete_with("conf", &[], &[], &c);
    assert_eq!(got, ["configmaps", "configmap"]);
    let got = complete_with("cert", &[], &[], &c);
    assert_eq!(got[0], "certificates");
    assert!(got.contains(&"certificates.cert-manager.io".to_string()));
    assert!(!complete("conf", &[], &[]).contains(&"configmaps".to_string()));
}
