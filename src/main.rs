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
    /// Open this lesson pack (a folder with pack.toml) instead of the built-in one.
    #[arg(long, value_name = "DIR")]
    pack: Option<std::path::PathBuf>,
    /// Draw the first frame and exit (start-up benchmark).
    #[arg(long, hide = true)]
    exit_after_first_frame: bool,
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
    /// Check your saved work on a pack's exercises.
    Check(cli::check::CheckArgs),
    /// Grade submission folders and write reports.
    Grade(cli::grade::GradeArgs),
    /// Write a Gradescope autograder bundle for a pack.
    Autograder(cli::autograder::AutograderArgs),
    /// Measure grading throughput (exercises per second).
    #[command(hide = true)]
    BenchGrade(cli::bench_grade::BenchGradeArgs),
    /// Time the benches/ scripts here and, with --torch-python, on real PyTorch: ratios.
    Bench(cli::bench::BenchArgs),
    /// Report the CPU, the memory cap and every CUDA library and device found.
    Doctor(cli::doctor::DoctorArgs),
    /// The process learner code runs in (used by the TUI and the grader).
    #[command(hide = true)]
    Kernel(cli::kernel::KernelArgs),
}

fn main() -> anyhow::Result<std::process::ExitCode> {
    tensorlings::backend::cpu::allocator::tune();
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Run(args)) => cli::run::run(&args).unwrap_or_else(|e| {
            eprintln!("tensorlings: {e:#}");
            2
        }),
        Some(Command::Validate(args)) => {
            let mut runner = tensorlings::grade::KernelRunner::new(Default::default());
            cli::validate::run(&args, Some(&mut runner))?
        }
        Some(Command::Check(args)) => cli::check::run(&args)?,
        Some(Command::Grade(args)) => cli::grade::run(&args)?,
        Some(Command::Autograder(args)) => cli::autograder::run(&args)?,
        Some(Command::BenchGrade(args)) => cli::bench_grade::run(&args)?,
        Some(Command::Import(args)) => cli::import::run(&args)?,
        Some(Command::Toc(args)) => cli::toc::run(&args)?,
        Some(Command::Kernel(args)) => cli::kernel::run(&args),
        Some(Command::Doctor(args)) => cli::doctor::run(&args),
        Some(Command::Bench(args)) => cli::bench::run(&args)?,
        None => {
            let options = tensorlings::tui::Options { exit_after_first_frame: cli.exit_after_first_frame };
            tensorlings::tui::main(cli.pack.as_deref(), options)?;
            0
        }
    };
    Ok(std::process::ExitCode::from(code as u8))
}
