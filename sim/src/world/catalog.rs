//! The names, images and shapes generated clusters are made of.

/// Default cluster names, in order; more clusters get `cluster-N`.
pub const CLUSTER_NAMES: &[&str] = &["prod-eu", "prod-us", "staging", "dev", "prod-ap", "qa"];

pub fn cluster_name(i: usize) -> String {
    CLUSTER_NAMES
        .get(i)
        .map(|s| s.to_string())
        .unwrap_or_else(|| format!("cluster-{}", i + 1))
}

/// Team namespaces, in order; more get `team-N`.
pub const NAMESPACES: &[&str] = &[
    "shop",
    "payments",
    "search",
    "identity",
    "checkout",
    "catalog",
    "analytics",
    "notifications",
    "orders",
    "inventory",
    "billing",
    "ml-platform",
];

pub fn namespace_name(i: usize) -> String {
    NAMESPACES
        .get(i)
        .map(|s| s.to_string())
        .unwrap_or_else(|| format!("team-{}", i + 1))
}

/// A kind of application a deployment runs.
#[derive(Debug, Clone, Copy)]
pub struct App {
    pub name: &'static str,
    /// Image repository; the tag is a version chosen per deployment.
    pub repo: &'static str,
    pub port: u16,
    pub cpu: &'static str,
    pub memory: &'static str,
    pub cpu_limit: &'static str,
    pub memory_limit: &'static str,
    /// Adds a log-shipping sidecar container.
    pub sidecar: bool,
    /// Adds init containers (wait for the database, run migrations).
    pub init: bool,
}

#[allow(clippy::too_many_arguments)]
const fn app(
    name: &'static str,
    repo: &'static str,
    port: u16,
    cpu: &'static str,
    memory: &'static str,
    cpu_limit: &'static str,
    memory_limit: &'static str,
    sidecar: bool,
    init: bool,
) -> App {
    App {
        name,
        repo,
        port,
        cpu,
        memory,
        cpu_limit,
        memory_limit,
        sidecar,
        init,
    }
}

pub const APPS: &[App] = &[
    app(
        "web", "nginx", 8080, "100m", "128Mi", "500m", "256Mi", false, false,
    ),
    app(
        "api",
        "ghcr.io/acme-corp/{ns}-api",
        8080,
        "250m",
        "256Mi",
        "1",
        "512Mi",
        true,
        true,
    ),
    app(
        "worker",
        "ghcr.io/acme-corp/{ns}-worker",
        9090,
        "200m",
        "512Mi",
        "1",
        "1Gi",
        true,
        false,
    ),
    app(
        "gateway",
        "envoyproxy/envoy",
        10000,
        "100m",
        "128Mi",
        "500m",
        "256Mi",
        false,
        false,
    ),
    app(
        "frontend",
        "ghcr.io/acme-corp/{ns}-frontend",
        3000,
        "50m",
        "96Mi",
        "250m",
        "192Mi",
        false,
        false,
    ),
    app(
        "scheduler",
        "ghcr.io/acme-corp/{ns}-scheduler",
        8081,
        "50m",
        "64Mi",
        "200m",
        "128Mi",
        false,
        false,
    ),
    app(
        "indexer",
        "ghcr.io/acme-corp/{ns}-indexer",
        8082,
        "500m",
        "1Gi",
        "2",
        "2Gi",
        true,
        false,
    ),
    app(
        "mailer",
        "ghcr.io/acme-corp/{ns}-mailer",
        8083,
        "50m",
        "64Mi",
        "200m",
        "128Mi",
        false,
        false,
    ),
    app(
        "ledger",
        "ghcr.io/acme-corp/{ns}-ledger",
        8084,
        "300m",
        "384Mi",
        "1",
        "768Mi",
        false,
        true,
    ),
    app(
        "cache-warmer",
        "ghcr.io/acme-corp/{ns}-cache-warmer",
        8085,
        "100m",
        "256Mi",
        "500m",
        "512Mi",
        false,
        false,
    ),
    app(
        "recommender",
        "ghcr.io/acme-corp/{ns}-recommender",
        8086,
        "1",
        "2Gi",
        "2",
        "4Gi",
        false,
        false,
    ),
    app(
        "webhook",
        "ghcr.io/acme-corp/{ns}-webhook",
        8443,
        "50m",
        "64Mi",
        "250m",
        "128Mi",
        false,
        false,
    ),
];

/// Stateful applications (StatefulSets).
pub const STATEFUL: &[App] = &[
    app(
        "postgres", "postgres", 5432, "500m", "1Gi", "2", "2Gi", false, false,
    ),
    app(
        "redis", "redis", 6379, "100m", "256Mi", "500m", "512Mi", false, false,
    ),
    app(
        "kafka",
        "bitnami/kafka",
        9092,
        "500m",
        "2Gi",
        "2",
        "4Gi",
        false,
        false,
    ),
];

/// Image versions by repository family, oldest first.
pub fn versions(repo: &str) -> &'static [&'static str] {
    match repo {
        "nginx" => &["1.25.4", "1.26.2", "1.27.2"],
        "envoyproxy/envoy" => &["v1.30.4", "v1.31.2", "v1.32.1"],
        "postgres" => &["15.8", "16.4"],
        "redis" => &["7.2.5", "7.4.1"],
        "bitnami/kafka" => &["3.7.1", "3.8.0"],
        _ => &["v1.14.0", "v1.15.2", "v1.16.0", "v1.16.1", "v1.17.0"],
    }
}

pub const CHANGE_CAUSES: &[&str] = &[
    "deploy from CI pipeline #4821",
    "bump base image",
    "hotfix: connection pool exhaustion",
    "feature flag rollout",
    "revert noisy logging",
];
