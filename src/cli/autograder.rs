//! `tensorlings autograder --pack PACK --out DIR`: a Gradescope autograder bundle.

use std::path::PathBuf;

use anyhow::Context;
use tensorlings::grade::autograder::write_bundle;

#[derive(Debug, clap::Args)]
pub struct AutograderArgs {
    /// The pack folder to bundle.
    #[arg(long)]
    pub pack: PathBuf,
    /// Where to write the bundle (zip its contents for Gradescope).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: &AutograderArgs) -> anyhow::Result<i32> {
    // Load first: a broken pack must not be shipped.
    super::pack_arg::load(&args.pack.to_string_lossy())?;
    let binary = std::env::current_exe().context("cannot find this executable")?;
    write_bundle(&args.pack, &binary, &args.out).with_context(|| format!("cannot write the bundle to {}", args.out.display()))?;
    println!("wrote a Gradescope autograder to {}: zip its contents (setup.sh, run_autograder, tensorlings, pack/) and upload", args.out.display());
    Ok(0)
}
