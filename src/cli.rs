//! Command-line interface: the console, `kdeck sim`, `kdeck demo`, `kdeck audit`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "kdeck",
    version,
    about = "A terminal operations console for several Kubernetes clusters at once",
    long_about = "kdeck is a terminal operations console for Kubernetes that shows several clusters at once.\n\n\
                  It ships its own simulated clusters: `kdeck sim` serves them over the real Kubernetes API \
                  on loopback (kubectl works against them), and `kdeck demo` starts them for a first look."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub console: ConsoleArgs,
}

/// How the console connects (like kubectl's flags).
#[derive(Debug, Clone, Args, Default)]
pub struct ConsoleArgs {
    /// Kubeconfig file (default: the KUBECONFIG list, else ~/.kube/config)
    #[arg(long, value_name = "PATH", global = true)]
    pub kubeconfig: Option<PathBuf>,
    /// Context to open (repeatable; default: the current context)
    #[arg(long = "context", value_name = "NAME")]
    pub contexts: Vec<String>,
    /// Open every context of the kubeconfig
    #[arg(long)]
    pub all_contexts: bool,
    /// Namespace to show (repeatable; default: each context's namespace)
    #[arg(short = 'n', long = "namespace", value_name = "NS")]
    pub namespaces: Vec<String>,
    /// Show all namespaces
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
    /// Read-only: no request that changes anything is ever sent
    #[arg(long)]
    pub readonly: bool,
    /// Theme: dark, light, mono, or a file themes/NAME.toml in the config directory (NO_COLOR selects mono)
    #[arg(long, value_name = "NAME", global = true)]
    pub theme: Option<String>,
    /// Settings file (default: config.toml in the XDG config directory)
    #[arg(long, value_name = "PATH", global = true)]
    pub config: Option<PathBuf>,
    /// The view to open: pods, deploy, ns, nodes, events, quota, ctx...
    #[arg(long, value_name = "VIEW", value_parser = parse_view)]
    pub view: Option<crate::app::view::View>,
}

fn parse_view(s: &str) -> Result<crate::app::view::View, String> {
    crate::app::view::View::parse(s).ok_or_else(|| format!("unknown view {s:?}"))
}

impl ConsoleArgs {
    pub fn options(&self) -> crate::runtime::Options {
        crate::runtime::Options {
            kubeconfig: self.kubeconfig.clone(),
            contexts: self.contexts.clone(),
            all_contexts: self.all_contexts,
            namespaces: self.namespaces.clone(),
            all_namespaces: self.all_namespaces,
            readonly: self.readonly,
            theme: self.theme.clone(),
            config: self.config.clone(),
            view: self.view,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve simulated Kubernetes clusters on 127.0.0.1 and write a kubeconfig for them
    Sim(SimArgs),
    /// Start the simulated clusters and open the console on them
    Demo(SimArgs),
    /// Print the journal of actions taken with kdeck (newest last)
    Audit(AuditArgs),
}

/// `kdeck audit`.
#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// Only actions since then: a duration back from now (15m, 2h, 7d) or an RFC 3339 time
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only actions on this context (repeatable)
    #[arg(long = "context", value_name = "NAME")]
    pub contexts: Vec<String>,
    /// Print the journal's JSON lines as they are
    #[arg(long)]
    pub json: bool,
    /// The journal file (default: journal.jsonl in kdeck's state directory, or KDECK_JOURNAL)
    #[arg(long, value_name = "PATH")]
    pub journal: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Number of clusters (named prod-eu, prod-us, staging, dev, prod-ap, qa, then cluster-N)
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=128))]
    pub clusters: u16,
    /// Nodes per cluster, one of them the control plane (0 = enough for the pods: about 25 pods a node, at least 6)
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=10000))]
    pub nodes: u32,
    /// Team namespaces per cluster (besides default, kube-system, kube-public, kube-node-lease and monitoring)
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(0..=2000))]
    pub namespaces: u32,
    /// Approximate number of pods per cluster
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(0..=200_000))]
    pub pods: u32,
    /// First API port: cluster i listens on PORT+i (0 = any free ports)
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Port of the sim-wide control API (0 = any free port; its address is printed on stderr)
    #[arg(long, default_value_t = 0)]
    pub control_port: u16,
    /// Where to write the kubeconfig (default: a file in the temporary directory)
    #[arg(long, value_name = "PATH")]
    pub kubeconfig_out: Option<PathBuf>,
    /// Serve plain HTTP instead of TLS (for debugging with curl)
    #[arg(long)]
    pub plain_http: bool,
    /// Seed of the generated clusters (same seed, same clusters)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Serve this cluster without metrics.k8s.io, as a cluster without metrics-server (repeatable; `all` for every cluster)
    #[arg(long, value_name = "CLUSTER")]
    pub without_metrics: Vec<String>,
    /// Pods created, updated or deleted per second in every cluster
    #[arg(long, default_value_t = 0)]
    pub churn: u32,
    /// Changes each cluster keeps for watches to resume from (older resource versions get 410 Gone)
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub history: u32,
    /// Log lines each running container writes per second
    #[arg(long, default_value_t = 1.0)]
    pub log_rate: f64,
    /// Add hostile objects to every cluster, in namespace `hostile`: escape sequences (CSI, OSC 52 clipboard writes, title sets), bidi overrides, zero-width characters, CJK, emoji and huge values in events, annotations, pod status and termination messages, configmap data and the log lines of pod hostile-app
    #[arg(long)]
    pub hostile: bool,
    /// Events to generate in every cluster besides its own: those of pods churned away during the last hour
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    pub events: u32,
}

impl SimArgs {
    pub fn config(&self) -> kdeck_sim::SimConfig {
        kdeck_sim::SimConfig {
            clusters: self.clusters as usize,
            nodes: self.nodes as usize,
            namespaces: self.namespaces as usize,
            pods: self.pods as usize,
            port: self.port,
            control_port: self.control_port,
            kubeconfig_out: self.kubeconfig_out.clone(),
            plain_http: self.plain_http,
            seed: self.seed,
            without_metrics: self.without_metrics.clone(),
            churn: self.churn,
            history: self.history as usize,
            events: self.events as usize,
            log_rate: if self.log_rate > 0.0 && self.log_rate.is_finite() {
                self.log_rate
            } else {
                1.0
            },
            hostile: self.hostile,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sim_flags_parse() {
        let c = Cli::try_parse_from([
            "kdeck",
            "sim",
            "--clusters",
            "2",
            "--pods",
            "20000",
            "--plain-http",
            "--without-metrics",
            "staging",
            "--hostile",
        ])
        .unwrap();
        let Some(Command::Sim(a)) = c.command else {
            panic!()
        };
        let cfg = a.config();
        assert_eq!((cfg.clusters, cfg.pods, cfg.plain_http), (2, 20000, true));
        assert_eq!(cfg.without_metrics, vec!["staging".to_string()]);
        assert!(cfg.hostile);
        let Some(Command::Sim(plain)) = Cli::try_parse_from(["kdeck", "sim"]).unwrap().command
        else {
            panic!()
        };
        assert!(!plain.config().hostile, "off by default");
        assert!(Cli::try_parse_from(["kdeck", "sim", "--clusters", "0"]).is_err());
    }
}
