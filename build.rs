//! Embeds the built-in lesson packs: every `lessons/PACK/**/*.{toml,md}` becomes an
//! `include_str!` entry of `$OUT_DIR/embedded_lessons.rs` (see `src/lesson/embedded.rs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let lessons = root.join("lessons");
    // A directory here makes cargo rerun this script when anything inside it changes.
    // A missing path would rerun it (and rebuild the crate) on every build, so
    // without lessons/ only this script is watched.
    if lessons.is_dir() {
        println!("cargo:rerun-if-changed=lessons");
    } else {
        println!("cargo:rerun-if-changed=build.rs");
    }

    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&lessons) {
        for entry in entries.flatten() {
            if entry.path().is_dir() && !hidden(&entry.path()) {
                collect(&entry.path(), &mut files);
            }
        }
    }
    files.sort();

    let mut out = String::from("/// `(path under lessons/, text)` of every embedded pack file.\n");
    out.push_str("pub static FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        let rel = path.strip_prefix(&lessons).unwrap();
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        // Debug formatting of a str is a valid Rust string literal.
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            rel.join("/"),
            path.to_string_lossy()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded_lessons.rs");
    std::fs::write(dest, out).unwrap();
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if hidden(&path) {
            continue;
        }
        if path.is_dir() {
            collect(&path, files);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml" | "md")
        ) {
            files.push(path);
        }
    }
}
