//! `tensorlings toc PACK`

use std::path::PathBuf;

use tensorlings::lesson::{load_pack_dir, toc::table_of_contents};

#[derive(Debug, clap::Args)]
pub struct TocArgs {
    /// A pack folder (with a pack.toml).
    pub pack: PathBuf,
}

/// Prints the markdown table of contents; exit code 2 when the pack cannot load.
pub fn run(args: &TocArgs) -> anyhow::Result<i32> {
    match load_pack_dir(&args.pack) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            print!("{}", table_of_contents(&loaded.pack));
            Ok(0)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(2)
        }
    }
}
