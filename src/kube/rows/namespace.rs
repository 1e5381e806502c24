//! Namespaces (cluster-scoped).

use k8s_openapi::api::core::v1::Namespace;

use super::{Meta, meta};

#[derive(Debug, Clone, PartialEq)]
pub struct NamespaceRow {
    pub meta: Meta,
    /// `status.phase` (Active / Terminating), empty when absent.
    pub phase: String,
}

/// Projects a namespace.
pub fn namespace_row(n: &Namespace) -> NamespaceRow {
    NamespaceRow {
        meta: meta(&n.metadata),
        phase: n
            .status
            .as_ref()
            .and_then(|s| s.phase.clone())
            .unwrap_or_default(),
    }
}
