//! `tensorlings validate PACK...`

use std::path::PathBuf;

use tensorlings::lesson::validate::{CodeRunner, exit_code, validate_pack};

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Pack folders (each with a pack.toml).
    #[arg(required = true)]
    pub packs: Vec<PathBuf>,
}

/// Returns the exit code: 0 clean, 1 when an example/solution/starter fails, 2 when a pack cannot load.
/// `runner` runs the code; with `None` only loading is checked.
pub fn run(args: &ValidateArgs, mut runner: Option<&mut dyn CodeRunner>) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    let mut codes = Vec::new();
    for pack in &args.packs {
        let runner = runner.as_mut().map(|r| &mut **r as &mut dyn CodeRunner);
        codes.push(validate_pack(pack, runner, &mut out)?);
    }
    Ok(exit_code(codes))
}
