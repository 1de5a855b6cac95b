//! The built-in packs validate: every example prints its expected output, every
//! solution passes its checks and every starter fails one, on this engine.
use std::process::Command;

#[test]
fn builtin_packs_validate() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_tensorlings"))
        .arg("validate")
        .arg(format!("{root}/lessons/pytorch-basics"))
        .arg(format!("{root}/lessons/training-basics"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("`pytorch-basics` is valid") && text.contains("`training-basics` is valid"), "{text}");
}
