//! Where a pack's files come from: a folder on disk, or files embedded in the binary.

use std::path::{Path, PathBuf};

/// Read access to a pack's files by their path inside the pack (`01-x/lesson.md`).
pub trait PackSource {
    /// How the pack's root is named in messages (a folder path, or `<built-in>/ID`).
    fn root(&self) -> &Path;
    /// The file's text; `Ok(None)` when it does not exist; `Err(reason)` when it
    /// exists but cannot be read as UTF-8 text.
    fn read(&self, rel: &str) -> Result<Option<String>, String>;
    /// Names of the pack's top-level folders (lesson candidates), sorted; hidden ones left out.
    fn dirs(&self) -> Vec<String>;
    /// The path to show for a file of the pack.
    fn display_path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }
}

/// A pack in a folder on disk.
pub struct DirSource {
    root: PathBuf,
}

impl DirSource {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DirSource { root: root.into() }
    }
}

impl PackSource for DirSource {
    fn root(&self) -> &Path {
        &self.root
    }

    fn read(&self, rel: &str) -> Result<Option<String>, String> {
        let path = self.root.join(rel);
        match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| "the file is not UTF-8 text".to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            // A folder where a file should be reads as an error, not as absence.
            Err(e) => Err(format!("cannot read the file: {e}")),
        }
    }

    fn dirs(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    }
}

/// A pack held in memory: `(path inside the pack, text)` pairs.
pub struct MemSource {
    root: PathBuf,
    files: Vec<(String, String)>,
}

impl MemSource {
    pub fn new(
        root: impl Into<PathBuf>,
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        MemSource {
            root: root.into(),
            files: files.into_iter().collect(),
        }
    }
}

impl PackSource for MemSource {
    fn root(&self) -> &Path {
        &self.root
    }

    fn read(&self, rel: &str) -> Result<Option<String>, String> {
        Ok(self
            .files
            .iter()
            .find(|(p, _)| p == rel)
            .map(|(_, t)| t.clone()))
    }

    fn dirs(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .files
            .iter()
            .filter_map(|(p, _)| p.split_once('/').map(|(d, _)| d.to_string()))
            .filter(|d| !d.starts_with('.'))
            .collect();
        names.sort();
        names.dedup();
        names
    }
}
