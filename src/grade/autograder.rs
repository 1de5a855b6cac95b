//! `tensorlings autograder`: a Gradescope autograder bundle — `setup.sh`,
//! `run_autograder`, this binary and the pack, ready to zip and upload.
//!
//! `run_autograder` grades `/autograder/submission` into
//! `/autograder/results/results.json`; `TENSORLINGS_SUBMISSION` and
//! `TENSORLINGS_RESULTS` override both paths (for local tests).

use std::io;
use std::path::Path;

const SETUP_SH: &str = r#"#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image.
# tensorlings is one self-contained binary: nothing to install.
set -eu
chmod +x /autograder/source/tensorlings
"#;

const RUN_AUTOGRADER: &str = r#"#!/usr/bin/env bash
# Gradescope runs this for each submission.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
SUBMISSION="${TENSORLINGS_SUBMISSION:-/autograder/submission}"
RESULTS="${TENSORLINGS_RESULTS:-/autograder/results/results.json}"
mkdir -p "$(dirname "$RESULTS")"
if ! "$HERE/tensorlings" grade --pack "$HERE/pack" "$SUBMISSION" --format gradescope --output "$RESULTS"; then
    # Gradescope needs a results file even when the grader itself failed.
    printf '{"score": 0, "output": "The autograder failed to run; please tell your instructor.", "tests": []}\n' > "$RESULTS"
fi
"#;

/// Writes the bundle into `out` (created if needed): the scripts, `binary`
/// copied as `tensorlings`, and the pack folder copied as `pack/`.
pub fn write_bundle(pack_dir: &Path, binary: &Path, out: &Path) -> io::Result<()> {
    std::fs::create_dir_all(out)?;
    write_executable(&out.join("setup.sh"), SETUP_SH)?;
    write_executable(&out.join("run_autograder"), RUN_AUTOGRADER)?;
    std::fs::copy(binary, out.join("tensorlings"))?;
    set_executable(&out.join("tensorlings"))?;
    let dest = out.join("pack");
    if dest.exists() {
        std::fs::remove_dir_all(&dest)?;
    }
    copy_dir(pack_dir, &dest)
}

fn write_executable(path: &Path, text: &str) -> io::Result<()> {
    std::fs::write(path, text)?;
    set_executable(path)
}

fn set_executable(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
