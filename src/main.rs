use std::process::ExitCode;

use clap::Parser;
use kdeck::cli::{Cli, Command, SimArgs};
use kdeck::sim::Sim;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kdeck: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match cli.command {
        Some(Command::Sim(args)) => runtime.block_on(run_sim(args, false)),
        Some(Command::Demo(args)) => runtime.block_on(run_sim(args, true)),
        None => {
            eprintln!(
                "kdeck: the console is not built yet; try `kdeck demo` or `kdeck sim --help`"
            );
            ExitCode::from(2)
        }
    }
}

async fn run_sim(args: SimArgs, demo: bool) -> ExitCode {
    let log = kdeck::logging::init("sim");
    let sim = match Sim::start(args.config()).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kdeck sim: {e:#}");
            return ExitCode::from(1);
        }
    };
    println!("kubeconfig: {}", sim.kubeconfig.display());
    eprintln!("control: http://{}/kdeck-sim/v1/clusters", sim.control_addr);
    if demo {
        eprintln!();
        for (c, addr) in sim.clusters.iter().zip(&sim.addrs) {
            eprintln!(
                "  cluster {:<10} https://{addr}  contexts: {0}, {0}-viewer",
                c.name()
            );
        }
        eprintln!();
        eprintln!(
            "Try:  KUBECONFIG={} kubectl get pods -A",
            sim.kubeconfig.display()
        );
        eprintln!(
            "      KUBECONFIG={} kubectl --context {}-viewer get nodes",
            sim.kubeconfig.display(),
            sim.clusters[0].name()
        );
        eprintln!("The console itself is not built yet. Ctrl-C stops the clusters.");
        if let Some(l) = log {
            eprintln!("Log: {}", l.display());
        }
    }
    wait_for_signal().await;
    sim.stop().await;
    ExitCode::SUCCESS
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(mut i), Ok(mut t)) => {
                tokio::select! {
                    _ = i.recv() => {}
                    _ = t.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
