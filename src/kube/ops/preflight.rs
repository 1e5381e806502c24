//! What to know before saying yes, from objects around the target: an
//! autoscaler that will undo a manual scale, a GitOps controller that will
//! revert the change, a paused deployment, a disruption budget that blocks.
//! The pure checks take the objects; the fetches tolerate an API the
//! cluster does not serve (no autoscaling, no policy: no warning).

use kube::Client;
use serde_json::Value;

use super::Target;
use super::request::get;

/// Managers of GitOps controllers, as they appear in `managedFields`.
const GITOPS: &[(&str, &str)] = &[
    ("argocd", "Argo CD"),
    ("kustomize-controller", "Flux"),
    ("helm-controller", "Flux"),
    ("flux", "Flux"),
];

/// A GitOps controller that manages `obj` (from its managedFields).
pub fn gitops(obj: &Value) -> Option<String> {
    obj["metadata"]["managedFields"]
        .as_array()?
        .iter()
        .filter_map(|f| f["manager"].as_str())
        .find_map(|m| {
            GITOPS
                .iter()
                .find(|(needle, _)| m.contains(needle))
                .map(|(_, who)| {
                    format!(
                        "{who} manages this object ({m} in managedFields): it may revert the change"
                    )
                })
        })
}

/// HPAs (`items` of a list) whose target is `kind`/`name`.
pub fn autoscalers(hpas: &Value, kind: &str, name: &str) -> Vec<String> {
    hpas["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|h| {
            h["spec"]["scaleTargetRef"]["kind"] == kind && h["spec"]["scaleTargetRef"]["name"] == name
        })
        .map(|h| {
            format!(
                "HorizontalPodAutoscaler {} scales this {kind} ({}–{} replicas): a manual scale will be overridden",
                h["metadata"]["name"].as_str().unwrap_or(""),
                h["spec"]["minReplicas"].as_i64().unwrap_or(1),
                h["spec"]["maxReplicas"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

/// Whether a label selector (`matchLabels`, `matchExpressions`) selects
/// `labels`. An empty or missing selector selects nothing (as a PDB's).
pub fn selects(selector: &Value, labels: &Value) -> bool {
    let ml = selector["matchLabels"].as_object();
    let me = selector["matchExpressions"].as_array();
    if ml.is_none_or(|m| m.is_empty()) && me.is_none_or(|e| e.is_empty()) {
        return false;
    }
    let label = |k: &str| labels[k].as_str();
    let labels_ok = ml.is_none_or(|m| m.iter().all(|(k, v)| label(k) == v.as_str()));
    let exprs_ok = me.is_none_or(|es| {
        es.iter().all(|e| {
            let k = e["key"].as_str().unwrap_or("");
            let values: Vec<&str> = e["values"]
                .as_array()
                .map(|vs| vs.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            match e["operator"].as_str() {
                Some("In") => label(k).is_some_and(|v| values.contains(&v)),
                Some("NotIn") => label(k).is_none_or(|v| !values.contains(&v)),
                Some("Exists") => label(k).is_some(),
                Some("DoesNotExist") => label(k).is_none(),
                _ => false,
            }
        })
    });
    labels_ok && exprs_ok
}

/// PDBs (`items` of a list) covering a pod with `labels` that allow no
/// disruption now.
pub fn blocking_budgets(pdbs: &Value, labels: &Value) -> Vec<String> {
    pdbs["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| selects(&b["spec"]["selector"], labels))
        .filter(|b| b["status"]["disruptionsAllowed"].as_i64() == Some(0))
        .map(|b| b["metadata"]["name"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The HPAs of the target's namespace (an empty list when the cluster
/// serves no autoscaling API or may not be asked).
pub async fn hpas(client: &Client, t: &Target) -> Value {
    get(
        client,
        format!(
            "/apis/autoscaling/v2/namespaces/{}/horizontalpodautoscalers",
            t.namespace
        ),
    )
    .await
    .unwrap_or(Value::Null)
}

/// The PDBs of a namespace (an empty list when not served).
pub async fn pdbs(client: &Client, namespace: &str) -> Value {
    get(
        client,
        format!("/apis/policy/v1/namespaces/{namespace}/poddisruptionbudgets"),
    )
    .await
    .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn gitops_managers_are_named() {
        let o = json!({"metadata": {"managedFields": [
            {"manager": "kube-controller-manager"},
            {"manager": "argocd-application-controller"}]}});
        let w = gitops(&o).unwrap();
        assert!(w.starts_with("Argo CD manages this object"), "{w}");
        let f = json!({"metadata": {"managedFields": [{"manager": "kustomize-controller"}]}});
        assert!(gitops(&f).unwrap().starts_with("Flux"));
        assert_eq!(gitops(&json!({"metadata": {}})), None);
    }

    #[test]
    fn an_autoscaler_of_the_target_is_found() {
        let hpas = json!({"items": [
            {"metadata": {"name": "web"}, "spec": {"minReplicas": 2, "maxReplicas": 10,
                "scaleTargetRef": {"kind": "Deployment", "name": "web"}}},
            {"metadata": {"name": "api"}, "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "api"}}}]});
        assert_eq!(
            autoscalers(&hpas, "Deployment", "web"),
            [
                "HorizontalPodAutoscaler web scales this Deployment (2–10 replicas): a manual scale will be overridden"
            ]
        );
        assert!(autoscalers(&Value::Null, "Deployment", "web").is_empty());
    }

    #[test]
    fn budgets_that_allow_nothing_block() {
        let pdbs = json!({"items": [
            {"metadata": {"name": "db"}, "spec": {"selector": {"matchLabels": {"app": "db"}}},
                "status": {"disruptionsAllowed": 0}},
            {"metadata": {"name": "web"}, "spec": {"selector": {"matchExpressions": [
                {"key": "app", "operator": "In", "values": ["web"]}]}},
                "status": {"disruptionsAllowed": 1}}]});
        assert_eq!(blocking_budgets(&pdbs, &json!({"app": "db"})), ["db"]);
        assert!(blocking_budgets(&pdbs, &json!({"app": "web"})).is_empty());
        assert!(!selects(&json!({}), &json!({"app": "db"})));
        assert!(selects(
            &json!({"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}),
            &json!({"app": "x"})
        ));
    }
}
