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
    // Imports are carried into every lesson, so the first lessons validate on their own;
    // the fixture's third lesson uses `x` from the second, as notebooks do, and
    // validate reports that with the file and line (lessons run one at a time).
    let (code, out, _) = tensorlings(&["validate", &out_dir]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("ok   02-initialize-tensors"), "{out}");
    assert!(out.contains("03-reshaping-tensor/lesson.md:12: error:"), "{out}");
    assert!(out.contains("NameError: name 'x' is not defined"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}
