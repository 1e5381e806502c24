use std::process::ExitCode;

use clap::Parser;
use kdeck::cli::{Cli, Command, SimArgs};
use kdeck::runtime::Exit;
use kdeck_sim::Sim;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The console holds a long-lived cache; the sim serves many threads.
    if !matches!(cli.command, Some(Command::Sim(_))) {
        limit_malloc_arenas();
    }
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
        Some(Command::Sim(args)) => runtime.block_on(run_sim(args)),
        Some(Command::Demo(args)) => runtime.block_on(run_demo(args, cli.console)),
        Some(Command::Audit(args)) => audit(args),
        None => runtime.block_on(run_console(cli.console.options())),
    }
}

async fn run_console(opts: kdeck::runtime::Options) -> ExitCode {
    let _log = kdeck::logging::init("kdeck");
    match kdeck::runtime::run(opts).await {
        Ok(exit) => exit_code(exit),
        Err(e) => {
            eprintln!("kdeck: {e}");
            ExitCode::from(2)
        }
    }
}

/// 0 for a quit, 128 + the signal's number for a signal (as shells do).
fn exit_code(exit: Exit) -> ExitCode {
    match exit {
        Exit::Quit => ExitCode::SUCCESS,
        Exit::Signal(n) => ExitCode::from(u8::try_from(128 + n).unwrap_or(255)),
    }
}

/// Start the simulated clusters and open the console on their admin
/// contexts, all namespaces.
async fn run_demo(args: SimArgs, console: kdeck::cli::ConsoleArgs) -> ExitCode {
    let _log = kdeck::logging::init("kdeck");
    let sim = match Sim::start(args.config()).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kdeck demo: {e:#}");
            return ExitCode::from(1);
        }
    };
    let mut opts = console.options();
    opts.kubeconfig = Some(sim.kubeconfig.clone());
    opts.contexts = sim.clusters.iter().map(|c| c.name().to_string()).collect();
    opts.all_namespaces = opts.namespaces.is_empty();
    let code = match kdeck::runtime::run(opts).await {
        Ok(exit) => exit_code(exit),
        Err(e) => {
            eprintln!("kdeck demo: {e}");
            ExitCode::from(2)
        }
    };
    sim.stop().await;
    code
}

/// `kdeck audit`: the journal, printed.
fn audit(args: kdeck::cli::AuditArgs) -> ExitCode {
    use kdeck::runtime::audit;
    let since = match args
        .since
        .as_deref()
        .map(|s| audit::parse_since(s, chrono::Utc::now()))
    {
        Some(Err(e)) => {
            eprintln!("kdeck audit: {e}");
            return ExitCode::from(2);
        }
        Some(Ok(t)) => Some(t),
        None => None,
    };
    let Some(path) = args.journal.or_else(kdeck::runtime::journal_path) else {
        eprintln!("kdeck audit: no state directory for the journal (set KDECK_JOURNAL)");
        return ExitCode::from(2);
    };
    let filter = audit::Filter {
        since,
        contexts: args.contexts,
    };
    match audit::print(&path, &filter, args.json) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kdeck audit: {e}");
            ExitCode::from(1)
        }
    }
}

async fn run_sim(args: SimArgs) -> ExitCode {
    let _log = kdeck::logging::init("sim");
    let sim = match Sim::start(args.config()).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kdeck sim: {e:#}");
            return ExitCode::from(1);
        }
    };
    println!("kubeconfig: {}", sim.kubeconfig.display());
    eprintln!("control: http://{}/kdeck-sim/v1/clusters", sim.control_addr);
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

/// glibc gives each thread its own malloc arena; memory freed after a big
/// initial list stays resident in them. One arena and an eager trim keep
/// kdeck's footprint near what it holds: 44 MB instead of 72 MB resident
/// after a 5,000-pod list (benches/console_e2e.rs).
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 * 1024);
    }
}
