//! The `validate`, `toc` and `import` subcommands, run as a user runs them.

use std::path::Path;
use std::process::Command;

fn tensorlings(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tensorlings"))
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn validate_exit_codes() {
    let (code, out, _) = tensorlings(&["validate", &fixture("packs/mini")]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = tensorlings(&["validate", &fixture("packs/mini"), "/nonexistent/pack"]);
    assert_eq!(code, 2, "the worst pack decides: {out}");
    assert!(
        out.contains("/nonexistent/pack/pack.toml: error: there is no pack.toml"),
        "{out}"
    );
}

#[test]
fn toc_prints_markdown() {
    let (code, out, _) = tensorlings(&["toc", &fixture("packs/mini")]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# A mini pack (`mini` v0.1.0)\n"), "{out}");
    let (code, _, err) = tensorlings(&["toc", "/nonexistent/pack"]);
    assert_eq!(code, 2);
    assert!(err.contains("there is no pack.toml"), "{err}");
}

#[test]
fn import_then_validate() {
    let dir = std::env::temp_dir().join(format!("tensorlings-cli-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out_dir = dir.join("basics");
    let out_dir = out_dir.to_string_lossy();
    let (code, out, err) = tensorlings(&[
        "import",
        &fixture("notebooks/basics.ipynb"),
        "--out",
        &out_dir,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("with 3 lessons"), "{out}");
    // The third lesson reads `x` from the second: its setup carries the cells that
    // made it, so every lesson validates on its own.
    let (code, out, _) = tensorlings(&["validate", &out_dir]);
    assert_eq!(code, 0, "{out}");
    let third = std::fs::read_to_string(dir.join("basics/03-reshaping-tensor/lesson.md")).unwrap();
    assert!(third.contains("setup = ") && third.contains("x = torch.arange(6)"), "{third}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A notebook executed by real PyTorch + IPython (tests/fixtures/notebooks/make_stateful.py),
/// whose sections share variables, a function, an in-place change, a timing cell and an
/// error, round-trips into a pack that validates.
#[test]
fn a_notebook_whose_sections_share_state_round_trips() {
    let dir = std::env::temp_dir().join(format!("tensorlings-cli-import-state-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out_dir = dir.join("stateful");
    let out_dir = out_dir.to_string_lossy();
    let (code, out, err) = tensorlings(&["import", &fixture("notebooks/stateful.ipynb"), "--out", &out_dir]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = tensorlings(&["validate", &out_dir]);
    assert_eq!(code, 0, "{out}{err}");
    let last = std::fs::read_to_string(dir.join("stateful/04-numpy-round-trip/lesson.md")).unwrap();
    // What the last section needs, in notebook order; not the timing cell, not the error.
    for needed in ["import torch", "data = torch.rand(3, 4)", "def scale", "doubled = scale(data)", "doubled[0, 0] = 100.0"] {
        assert!(last.contains(needed), "{needed}: {last}");
    }
    assert!(!last.contains("big =") && !last.contains("torch.ones(2) @"), "{last}");
    let _ = std::fs::remove_dir_all(&dir);
}