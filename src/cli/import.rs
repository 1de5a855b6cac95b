//! `tensorlings import NOTEBOOK.ipynb --out PACK`

use std::path::PathBuf;

use tensorlings::lesson::import::import_notebook;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// A Jupyter notebook (nbformat 4).
    pub notebook: PathBuf,
    /// The pack folder to write (created if needed; an existing exercises.toml is kept).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: &ImportArgs) -> anyhow::Result<i32> {
    let summary = import_notebook(&args.notebook, &args.out)?;
    println!(
        "wrote pack `{}` to {} with {} lessons:",
        summary.pack_id,
        args.out.display(),
        summary.lessons.len()
    );
    for l in &summary.lessons {
        println!("  {l}");
    }
    for kept in &summary.kept_exercises {
        println!("kept existing {}", kept.display());
    }
    println!(
        "next: add exercises, then run `tensorlings validate {}`",
        args.out.display()
    );
    Ok(0)
}
