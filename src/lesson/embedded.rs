//! The lesson packs built into the binary (the `lessons/` folder at build time).

use std::path::PathBuf;

use super::diagnostic::LoadErrors;
use super::loader::{Loaded, load_pack};
use super::source::MemSource;

mod files {
    include!(concat!(env!("OUT_DIR"), "/embedded_lessons.rs"));
}

/// How built-in pack roots are named in messages.
pub const BUILTIN_ROOT: &str = "<built-in>";

/// Folder names of the built-in packs (`pytorch-basics`, ...), sorted.
pub fn builtin_packs() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = files::FILES
        .iter()
        .filter_map(|(path, _)| path.strip_suffix("/pack.toml"))
        .filter(|name| !name.contains('/'))
        .collect();
    names.sort();
    names
}

/// The files of built-in pack `name`, as a loadable source.
pub fn builtin_source(name: &str) -> Option<MemSource> {
    let prefix = format!("{name}/");
    let files: Vec<(String, String)> = files::FILES
        .iter()
        .filter_map(|(path, text)| {
            path.strip_prefix(&prefix)
                .map(|rel| (rel.to_string(), text.to_string()))
        })
        .collect();
    files
        .iter()
        .any(|(rel, _)| rel == "pack.toml")
        .then(|| MemSource::new(PathBuf::from(BUILTIN_ROOT).join(name), files))
}

/// Load built-in pack `name`; `None` when there is no such pack.
pub fn load_builtin(name: &str) -> Option<Result<Loaded, LoadErrors>> {
    builtin_source(name).map(|src| load_pack(&src))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The binary embeds exactly the packs of `lessons/`, and every one loads without errors.
    #[test]
    fn every_builtin_pack_is_embedded_and_loads() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().join("pack.toml").is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        on_disk.sort();
        assert_eq!(builtin_packs(), on_disk);
        for name in builtin_packs() {
            if let Err(e) = load_builtin(name).unwrap() {
                panic!("built-in pack {name} does not load:\n{e}");
            }
        }
    }

    #[test]
    fn unknown_pack_is_none() {
        assert!(builtin_source("no-such-pack").is_none());
    }
}
