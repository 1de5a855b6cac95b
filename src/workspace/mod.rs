//! The learner's saved state: their code for each exercise and their progress.
//! Layout (DESIGN.md, "Learner state"): `$TENSORLINGS_HOME` or the XDG data dir,
//! holding `work/PACK/LESSON/EXERCISE.py` and `progress.toml`. Every write is
//! atomic (temp file, fsync, rename), so a crash never loses or corrupts work.
pub mod atomic;
pub mod progress;

use std::path::{Path, PathBuf};

pub use progress::{ExerciseProgress, Progress};

/// Where the learner's files live.
#[derive(Clone, Debug)]
pub struct Workspace {
    root: PathBuf,
}

impl Workspace {
    /// `$TENSORLINGS_HOME`, else `$XDG_DATA_HOME/tensorlings`, else `~/.local/share/tensorlings`.
    pub fn default_location() -> Workspace {
        let root = if let Some(home) = std::env::var_os("TENSORLINGS_HOME") {
            PathBuf::from(home)
        } else if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
            PathBuf::from(xdg).join("tensorlings")
        } else if let Some(home) = std::env::var_os("HOME") {
            PathBuf::from(home).join(".local/share/tensorlings")
        } else {
            PathBuf::from(".tensorlings")
        };
        Workspace { root }
    }

    pub fn at(root: impl Into<PathBuf>) -> Workspace {
        Workspace { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder laid out as a submission (`LESSON/EXERCISE.py`) for one pack:
    /// the learner's check and the grader read the same layout.
    pub fn work_dir(&self, pack_id: &str) -> PathBuf {
        self.root.join("work").join(pack_id)
    }

    pub fn exercise_path(&self, pack_id: &str, lesson_id: &str, exercise_id: &str) -> PathBuf {
        self.work_dir(pack_id).join(lesson_id).join(format!("{exercise_id}.py"))
    }

    /// The learner's saved code, if any.
    pub fn load_code(&self, pack_id: &str, lesson_id: &str, exercise_id: &str) -> Option<String> {
        std::fs::read_to_string(self.exercise_path(pack_id, lesson_id, exercise_id)).ok()
    }

    pub fn save_code(&self, pack_id: &str, lesson_id: &str, exercise_id: &str, code: &str) -> std::io::Result<()> {
        atomic::write(&self.exercise_path(pack_id, lesson_id, exercise_id), code.as_bytes())
    }

    pub fn progress_path(&self) -> PathBuf {
        self.root.join("progress.toml")
    }

    /// The saved progress; an unreadable file is kept aside (never overwritten
    /// silently) and a fresh progress starts.
    pub fn load_progress(&self) -> Progress {
        let path = self.progress_path();
        match std::fs::read_to_string(&path) {
            Ok(text) => match toml::from_str(&text) {
                Ok(p) => p,
                Err(_) => {
                    let _ = std::fs::rename(&path, path.with_extension("toml.unreadable"));
                    Progress::default()
                }
            },
            Err(_) => Progress::default(),
        }
    }

    pub fn save_progress(&self, progress: &Progress) -> std::io::Result<()> {
        let text = toml::to_string_pretty(progress).map_err(std::io::Error::other)?;
        atomic::write(&self.progress_path(), text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_and_progress_round_trip() {
        let dir = std::env::temp_dir().join(format!("tl-ws-{}", std::process::id()));
        let ws = Workspace::at(&dir);
        ws.save_code("p", "01-a", "ex1", "x = 1\n").unwrap();
        assert_eq!(ws.load_code("p", "01-a", "ex1").as_deref(), Some("x = 1\n"));
        let mut pr = Progress::default();
        pr.record_check("p", "01-a", "ex1", 0.5, 1.0);
        pr.current = Some("p/01-a/ex1".into());
        ws.save_progress(&pr).unwrap();
        let back = ws.load_progress();
        assert_eq!(back, pr);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_corrupt_progress_file_is_kept_aside() {
        let dir = std::env::temp_dir().join(format!("tl-ws-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("progress.toml"), "this is [not toml").unwrap();
        let ws = Workspace::at(&dir);
        assert_eq!(ws.load_progress(), Progress::default());
        assert!(dir.join("progress.toml.unreadable").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
