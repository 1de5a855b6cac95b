//! `--pack DIR|NAME`: a pack folder, or the name of a built-in pack.

use std::path::Path;

use anyhow::{Context, anyhow};
use tensorlings::lesson::{Pack, embedded::load_builtin, load_pack_dir};

pub fn load(spec: &str) -> anyhow::Result<Pack> {
    let loaded = if Path::new(spec).is_dir() {
        load_pack_dir(Path::new(spec)).map_err(|e| anyhow!("{e}")).with_context(|| format!("cannot load the pack {spec}"))?
    } else {
        match load_builtin(spec) {
            Some(r) => r.map_err(|e| anyhow!("{e}"))?,
            None => return Err(anyhow!("no pack folder or built-in pack named `{spec}`")),
        }
    };
    for w in &loaded.warnings {
        eprintln!("{w}");
    }
    Ok(loaded.pack)
}
