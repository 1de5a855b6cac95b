//! The conformance corpus: every case runs through `tensorlings run --allow-errors`
//! and must print exactly what real PyTorch + Jupyter printed (its `.out` file).
//! Cases that wait on unfinished work are listed in `conformance_expected_failures.txt`
//! and reported by name; a listed case that passes fails the test, so the list stays true.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The shared corpus beside the checkout is the judge; the copy in tests/ keeps a
    // lone clone testable.
    let shared = root.join("../shared/conformance");
    let base = if shared.join("seed").is_dir() { shared } else { root.join("tests/conformance") };
    vec![base.join("seed"), base.join("extra")]
}

fn expected_failures() -> BTreeSet<String> {
    let text = include_str!("conformance_expected_failures.txt");
    text.lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn conformance_corpus_is_byte_identical() {
    let bin = env!("CARGO_BIN_EXE_tensorlings");
    let allowed = expected_failures();
    let (mut passed, mut unexpected, mut waiting, mut fixed) = (0, vec![], vec![], vec![]);
    for dir in corpus_dirs() {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("conformance corpus {} unreadable: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "py"))
            .collect();
        cases.sort();
        for case in cases {
            let name = format!(
                "{}/{}",
                dir.file_name().unwrap().to_string_lossy(),
                case.file_stem().unwrap().to_string_lossy()
            );
            let expected = std::fs::read(case.with_extension("out")).unwrap();
            let out = Command::new(bin).args(["run", "--allow-errors"]).arg(&case).output().unwrap();
            let ok = out.stdout == expected;
            match (ok, allowed.contains(&name)) {
                (true, false) => passed += 1,
                (true, true) => fixed.push(name),
                (false, true) => waiting.push(name),
                (false, false) => unexpected.push(name),
            }
        }
    }
    println!("conformance: {passed} passed; {} expected failures: {}", waiting.len(), waiting.join(", "));
    assert!(unexpected.is_empty(), "cases that must pass but differ from PyTorch's output: {unexpected:?}");
    assert!(fixed.is_empty(), "cases that now pass: remove them from conformance_expected_failures.txt: {fixed:?}");
}
