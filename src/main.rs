//! tensorlings: a terminal workbook that teaches PyTorch basics on a tensor engine of its own.
//! This file only parses arguments and dispatches to `tensorlings::cli`.

use clap::{Parser, Subcommand};
use tensorlings::cli;

#[derive(Parser)]
#[command(name = "tensorlings", version, about = "A terminal workbook that teaches PyTorch basics")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a script or notebook as Jupyter would show it.
    Run(cli::run::RunArgs),
    /// The process learner code runs in (used by the TUI and the grader).
    #[command(hide = true)]
    Kernel(cli::kernel::KernelArgs),
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Run(args)) => cli::run::run(&args).unwrap_or_else(|e| {
            eprintln!("tensorlings: {e:#}");
            2
        }),
        Some(Command::Kernel(args)) => cli::kernel::run(&args),
        None => {
            eprintln!("tensorlings: the workbook is not built yet; try `tensorlings run FILE.py`");
            2
        }
    };
    std::process::exit(code);
}
