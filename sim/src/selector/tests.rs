use super::*;
use serde_json::json;

fn labels(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("labels must be an object"),
    }
}

fn sel(s: &str) -> LabelSelector {
    LabelSelector::parse(s).unwrap_or_else(|e| panic!("parse {s:?}: {e}"))
}

#[test]
fn empty_selector_matches_everything() {
    let s = sel("");
    assert!(s.is_empty());
    assert!(s.matches(None));
    assert!(s.matches(Some(&labels(json!({"a": "b"})))));
    assert_eq!(s.to_string_canonical(), "");
    assert!(sel("   ").is_empty());
}

#[test]
fn equality_operators() {
    let l = labels(json!({"app": "web", "tier": "front"}));
    assert!(sel("app=web").matches(Some(&l)));
    assert!(sel("app==web").matches(Some(&l)));
    assert!(!sel("app=db").matches(Some(&l)));
    assert!(!sel("app=web").matches(None));
    assert!(sel("app!=db").matches(Some(&l)));
    assert!(!sel("app!=web").matches(Some(&l)));
    // != matches objects without the label
    assert!(sel("other!=x").matches(Some(&l)));
    assert!(sel("app!=web").matches(None));
    assert!(sel("app=web,tier=front").matches(Some(&l)));
    assert!(!sel("app=web,tier=back").matches(Some(&l)));
}

#[test]
fn set_operators() {
    let l = labels(json!({"env": "prod"}));
    assert!(sel("env in (prod, staging)").matches(Some(&l)));
    assert!(!sel("env in (dev,staging)").matches(Some(&l)));
    assert!(!sel("other in (a)").matches(Some(&l)));
    assert!(sel("env notin (dev,staging)").matches(Some(&l)));
    assert!(!sel("env notin (prod)").matches(Some(&l)));
    assert!(sel("other notin (a)").matches(Some(&l)));
}

#[test]
fn existence_operators() {
    let l = labels(json!({"env": "prod"}));
    assert!(sel("env").matches(Some(&l)));
    assert!(!sel("other").matches(Some(&l)));
    assert!(sel("!other").matches(Some(&l)));
    assert!(!sel("!env").matches(Some(&l)));
    assert!(sel("!env").matches(None));
    assert!(!sel("env").matches(None));
    assert!(sel(" env , ! other ").matches(Some(&l)));
}

#[test]
fn numeric_comparisons() {
    let l = labels(json!({"replicas": "5", "name": "x"}));
    assert!(sel("replicas>3").matches(Some(&l)));
    assert!(!sel("replicas>5").matches(Some(&l)));
    assert!(sel("replicas<6").matches(Some(&l)));
    assert!(!sel("name<6").matches(Some(&l)));
    assert!(LabelSelector::parse("replicas>abc").is_err());
}

#[test]
fn empty_values() {
    let l = labels(json!({"a": ""}));
    assert!(sel("a=").matches(Some(&l)));
    assert!(sel("a in ()").matches(Some(&l)));
    assert!(sel("a in (,x)").matches(Some(&l)));
    assert_eq!(sel("a in (x,)").to_string_canonical(), "a in (,x)");
    assert_eq!(sel("a=,b").to_string_canonical(), "a=,b");
}

#[test]
fn keys_named_like_keywords() {
    let l = labels(json!({"in": "notin"}));
    assert!(sel("in=notin").matches(Some(&l)));
    assert!(sel("in in (notin)").matches(Some(&l)));
}

#[test]
fn canonical_string() {
    assert_eq!(
        sel("tier in (b, a),app=web,!gone,env,z!=q,x notin (2,1)").to_string_canonical(),
        "app=web,env,!gone,tier in (a,b),x notin (1,2),z!=q"
    );
    assert_eq!(sel("a==b").to_string_canonical(), "a==b");
    assert_eq!(sel("a > 4").to_string_canonical(), "a>4");
    assert_eq!(
        sel("example.com/role=x").to_string_canonical(),
        "example.com/role=x"
    );
}

#[test]
fn parse_errors() {
    let err = |s: &str| LabelSelector::parse(s).expect_err(s);
    assert_eq!(err("a=b c"), "found 'c', expected: ',' or 'end of string'");
    assert_eq!(err("a=b,"), "found '', expected: identifier after ','");
    assert_eq!(
        err(",a"),
        "found ',', expected: !, identifier, or 'end of string'"
    );
    assert_eq!(
        err("a in b"),
        "unable to parse requirement: found 'b', expected: '('"
    );
    assert_eq!(
        err("a in (b"),
        "unable to parse requirement: found '', expected: ',' or ')'"
    );
    assert_eq!(
        err("a b"),
        "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"
    );
    assert_eq!(
        err("a=(b)"),
        "unable to parse requirement: found '(', expected: identifier"
    );
    assert_eq!(err("!a=b"), "found '=', expected: ',' or 'end of string'");
    assert!(err("a=b=c").contains("expected"));
    assert!(err("-a=b").starts_with("unable to parse requirement: key: Invalid value: \"-a\""));
    assert!(
        err("a=-b").starts_with("unable to parse requirement: values[0]: Invalid value: \"-b\"")
    );
    assert!(err("Example.com/a=b").contains("prefix part"));
    assert!(err("/a=b").contains("prefix part must be non-empty"));
    assert!(err("a/b/c=d").contains("a qualified name must consist"));
    let long = "k".repeat(64);
    assert!(err(&format!("{long}=v")).contains("must be no more than 63 characters"));
    assert!(err(&format!("k={long}")).contains("must be no more than 63 characters"));
    // 63 characters is fine
    assert!(LabelSelector::parse(&format!("{}={}", "k".repeat(63), "v".repeat(63))).is_ok());
}

#[test]
fn from_json_match_labels_and_expressions() {
    let s = LabelSelector::from_json(&json!({
        "matchLabels": {"app": "web"},
        "matchExpressions": [
            {"key": "tier", "operator": "In", "values": ["front", "cache"]},
            {"key": "env", "operator": "NotIn", "values": ["dev"]},
            {"key": "canary", "operator": "DoesNotExist"},
            {"key": "owner", "operator": "Exists", "values": []}
        ]
    }))
    .expect("valid selector");
    assert_eq!(
        s.to_string_canonical(),
        "app=web,!canary,env notin (dev),owner,tier in (cache,front)"
    );
    let good = labels(json!({"app": "web", "tier": "cache", "owner": "me"}));
    assert!(s.matches(Some(&good)));
    let mut bad = good.clone();
    bad.insert("canary".into(), json!("true"));
    assert!(!s.matches(Some(&bad)));
    let mut bad = good.clone();
    bad.insert("env".into(), json!("dev"));
    assert!(!s.matches(Some(&bad)));
    let mut bad = good;
    bad.remove("owner");
    assert!(!s.matches(Some(&bad)));

    // A value given twice: once in the canonical form, twice as printed.
    let twice = LabelSelector::from_json(&json!({
        "matchExpressions": [{"key": "tier", "operator": "In", "values": ["b", "a", "b"]}]
    }))
    .expect("valid selector");
    assert_eq!(twice.to_string_canonical(), "tier in (a,b)");
    assert_eq!(twice.to_string_with_duplicates(), "tier in (a,b,b)");
    assert_eq!(
        sel("tier in (b,a,b)").to_string_with_duplicates(),
        "tier in (a,b)"
    );
}

#[test]
fn from_json_simple_and_empty() {
    let s = LabelSelector::from_json(&json!({"matchLabels": {"app": "web"}})).expect("ok");
    assert_eq!(s.to_string_canonical(), "app=web");
    let empty = LabelSelector::from_json(&json!({})).expect("ok");
    assert!(empty.is_empty());
    assert!(empty.matches(Some(&labels(json!({"x": "y"})))));
    assert!(
        LabelSelector::from_json(&Value::Null)
            .expect("ok")
            .is_empty()
    );
}

#[test]
fn from_json_errors() {
    let err = |v: Value| LabelSelector::from_json(&v).expect_err("must fail");
    assert_eq!(
        err(json!({"matchExpressions": [{"key": "a", "operator": "Foo"}]})),
        "\"Foo\" is not a valid label selector operator"
    );
    assert!(
        err(json!({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]}))
            .contains("values set can't be empty")
    );
    assert!(
        err(json!({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]}))
            .contains("values set must be empty")
    );
    assert!(err(json!({"matchLabels": {"a b": "c"}})).contains("key: Invalid value"));
    assert!(err(json!({"matchLabels": {"a": 1}})).contains("must be a string"));
    assert!(err(json!("app=web")).contains("must be an object"));
}

#[test]
fn field_selector_operators() {
    let get = |f: &str| match f {
        "metadata.name" => Some("web-1".to_string()),
        "status.phase" => Some("Running".to_string()),
        _ => None,
    };
    let fs = |s: &str| FieldSelector::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    assert!(fs("").is_empty());
    assert!(fs("").matches(get));
    assert!(fs("metadata.name=web-1").matches(get));
    assert!(fs("metadata.name==web-1").matches(get));
    assert!(!fs("metadata.name=web-2").matches(get));
    assert!(fs("metadata.name!=web-2").matches(get));
    assert!(!fs("metadata.name!=web-1").matches(get));
    assert!(fs("status.phase=Running,metadata.name=web-1").matches(get));
    assert!(!fs("status.phase=Running,metadata.name=web-2").matches(get));
    // absent fields read as ""
    assert!(fs("spec.nodeName=").matches(get));
    assert!(fs("spec.nodeName!=node-1").matches(get));
    assert!(fs(" status.phase = Running ").matches(get));
    assert_eq!(
        fs("status.phase=Running,metadata.name=web-1").fields(),
        vec!["metadata.name", "status.phase"]
    );
}

#[test]
fn field_selector_escaping() {
    let fs = FieldSelector::parse(r"metadata.name=a\,b\=c\\d,status.phase!=x").expect("ok");
    assert_eq!(fs.fields(), vec!["metadata.name", "status.phase"]);
    assert!(fs.matches(|f| (f == "metadata.name").then(|| r"a,b=c\d".to_string())));
    assert!(!fs.matches(|f| (f == "metadata.name").then(|| "a,b=c".to_string())));
}

#[test]
fn field_selector_errors() {
    assert_eq!(
        FieldSelector::parse("metadata.name").expect_err("no operator"),
        "invalid selector: 'metadata.name'; can't understand 'metadata.name'"
    );
    assert_eq!(
        FieldSelector::parse(r"a=b\x").expect_err("bad escape"),
        r"invalid field selector: invalid escape sequence: \x"
    );
    assert_eq!(
        FieldSelector::parse(r"a=b\").expect_err("trailing backslash"),
        r"invalid field selector: invalid escape sequence: \"
    );
    assert!(
        FieldSelector::parse("a=b=c")
            .expect_err("unescaped =")
            .contains("unescaped character")
    );
}
