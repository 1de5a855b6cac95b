//! The `tensorlings` binary: parse the command line and dispatch (no logic here).

mod cli;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "tensorlings",
    version,
    about = "A terminal workbook that teaches PyTorch basics"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a script or notebook as Jupyter would show it.
    Run(cli::run::RunArgs),
    /// Check lesson packs: every example, solution and starter.
    Validate(cli::validate::ValidateArgs),
    /// Turn a Jupyter notebook into a lesson pack.
    Import(cli::import::ImportArgs),
    /// Print a pack's table of contents as markdown.
    Toc(cli::toc::TocArgs),
    /// Report the CPU, the memory cap and every CUDA library and device found.
    Doctor(cli::doctor::DoctorArgs),
    /// The process learner code runs in (used by the TUI and the grader).
    #[command(hide = true)]
    Kernel(cli::kernel::KernelArgs),
}

fn main() -> anyhow::Result<std::process::ExitCode> {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Run(args)) => cli::run::run(&args).unwrap_or_else(|e| {
            eprintln!("tensorlings: {e:#}");
            2
        }),
        // TODO(lead): pass the interpreter's CodeRunner instead of None.
        Some(Command::Validate(args)) => cli::validate::run(&args, None)?,
        Some(Command::Import(args)) => cli::import::run(&args)?,
        Some(Command::Toc(args)) => cli::toc::run(&args)?,
        Some(Command::Kernel(args)) => cli::kernel::run(&args),
        Some(Command::Doctor(args)) => cli::doctor::run(&args),
        None => 0,
    };
    Ok(std::process::ExitCode::from(code as u8))
}
