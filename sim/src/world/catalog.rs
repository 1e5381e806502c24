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

pub const APPS: &[App] = &[
    App {
        name: "web",
        repo: "nginx",
        port: 8080,
        cpu: "100m",
        memory: "128Mi",
        cpu_limit: "500m",
        memory_limit: "256Mi",
        sidecar: false,
        init: false,
    },
    App {
        name: "api",
        repo: "ghcr.io/acme-corp/{ns}-api",
        port: 8080,
        cpu: "250m",
        memory: "256Mi",
        cpu_limit: "1",
        memory_limit: "512Mi",
        sidecar: true,
        init: true,
    },
    App {
        name: "worker",
        repo: "ghcr.io/acme-corp/{ns}-worker",
        port: 9090,
        cpu: "200m",
        memory: "512Mi",
        cpu_limit: "1",
        memory_limit: "1Gi",
        sidecar: true,
        init: false,
    },
    App {
        name: "gateway",
        repo: "envoyproxy/envoy",
        port: 10000,
        cpu: "100m",
        memory: "128Mi",
        cpu_limit: "500m",
        memory_limit: "256Mi",
        sidecar: false,
        init: false,
    },
    App {
        name: "frontend",
        repo: "ghcr.io/acme-corp/{ns}-frontend",
        port: 3000,
        cpu: "50m",
        memory: "96Mi",
        cpu_limit: "250m",
        memory_limit: "192Mi",
        sidecar: false,
        init: false,
    },
    App {
        name: "scheduler",
        repo: "ghcr.io/acme-corp/{ns}-scheduler",
        port: 8081,
        cpu: "50m",
        memory: "64Mi",
        cpu_limit: "200m",
        memory_limit: "128Mi",
        sidecar: false,
        init: false,
    },
    App {
        name: "indexer",
        repo: "ghcr.io/acme-corp/{ns}-indexer",
        port: 8082,
        cpu: "500m",
        memory: "1Gi",
        cpu_limit: "2",
        memory_limit: "2Gi",
        sidecar: true,
        init: false,
    },
    App {
        name: "mailer",
        repo: "ghcr.io/acme-corp/{ns}-mailer",
        port: 8083,
        cpu: "50m",
        memory: "64Mi",
        cpu_limit: "200m",
        memory_limit: "128Mi",
        sidecar: false,
        init: false,
    },
    App {
        name: "ledger",
        repo: "ghcr.io/acme-corp/{ns}-ledger",
        port: 8084,
        cpu: "300m",
        memory: "384Mi",
        cpu_limit: "1",
        memory_limit: "768Mi",
        sidecar: false,
        init: true,
    },
    App {
        name: "cache-warmer",
        repo: "ghcr.io/acme-corp/{ns}-cache-warmer",
        port: 8085,
        cpu: "100m",
        memory: "256Mi",
        cpu_limit: "500m",
        memory_limit: "512Mi",
        sidecar: false,
        init: false,
    },
    App {
        name: "recommender",
        repo: "ghcr.io/acme-corp/{ns}-recommender",
        port: 8086,
        cpu: "1",
        memory: "2Gi",
        cpu_limit: "2",
        memory_limit: "4Gi",
        sidecar: false,
        init: false,
    },
    App {
        name: "webhook",
        repo: "ghcr.io/acme-corp/{ns}-webhook",
        port: 8443,
        cpu: "50m",
        memory: "64Mi",
        cpu_limit: "250m",
        memory_limit: "128Mi",
        sidecar: false,
        init: false,
    },
];

/// Stateful applications (StatefulSets).
pub const STATEFUL: &[App] = &[
    App {
        name: "postgres",
        repo: "postgres",
        port: 5432,
        cpu: "500m",
        memory: "1Gi",
        cpu_limit: "2",
        memory_limit: "2Gi",
        sidecar: false,
        init: false,
    },
    App {
        name: "redis",
        repo: "redis",
        port: 6379,
        cpu: "100m",
        memory: "256Mi",
        cpu_limit: "500m",
        memory_limit: "512Mi",
        sidecar: false,
        init: false,
    },
    App {
        name: "kafka",
        repo: "bitnami/kafka",
        port: 9092,
        cpu: "500m",
        memory: "2Gi",
        cpu_limit: "2",
        memory_limit: "4Gi",
        sidecar: false,
        init: false,
    },
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
