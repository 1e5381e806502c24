use k8s_openapi::api::core::v1::Namespace;
use serde_json::json;

use super::from;
use crate::kube::rows::namespace_row;

#[test]
fn namespace_projection() {
    let n: Namespace = from(json!({"metadata": {"name": "prod"},
        "status": {"phase": "Terminating"}}));
    let r = namespace_row(&n);
    assert_eq!(r.meta.name, "prod");
    assert_eq!(r.phase, "Terminating");
    let n: Namespace = from(json!({"metadata": {"name": "x"}}));
    assert_eq!(namespace_row(&n).phase, "");
}
