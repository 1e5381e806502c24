//! The one gate every mutating request passes. Read-only mode is enforced
//! here, in the cluster layer, before any request is built: hiding keys in
//! the UI is not enough. Mutations (scale, restart, rollback, delete, exec)
//! arrive in later issues and must call [`Gate::check`] first.

/// Why a mutation was refused before anything was sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused(pub String);

#[derive(Debug, Clone, Copy)]
pub struct Gate {
    readonly: bool,
}

impl Gate {
    pub fn new(readonly: bool) -> Self {
        Gate { readonly }
    }

    pub fn readonly(&self) -> bool {
        self.readonly
    }

    /// May `action` (e.g. "scale deployment shop/web") be sent to `cluster`?
    pub fn check(&self, cluster: &str, action: &str) -> Result<(), Refused> {
        if self.readonly {
            tracing::warn!(cluster, action, "refused by read-only mode");
            return Err(Refused(format!(
                "read-only mode: {action} on {cluster} was not sent"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readonly_refuses_everything() {
        let g = Gate::new(true);
        let e = g.check("prod-eu", "scale deployment shop/web").unwrap_err();
        assert!(e.0.contains("read-only"));
        assert!(Gate::new(false).check("prod-eu", "scale").is_ok());
    }
}
