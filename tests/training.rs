//! Training under a seed reaches PyTorch's losses: each `tests/training/*.py`
//! runs through `tensorlings run` and its printed losses are compared with the
//! `.expected` output that real PyTorch 2.15 gave for the same script, to 1e-4
//! relative; the lines naming grad_fn nodes must match exactly (addresses aside).
use std::path::Path;
use std::process::Command;

const REL_TOL: f64 = 1e-4;

fn without_addresses(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 6..];
        let hex_len = tail.chars().take_while(|c| c.is_ascii_hexdigit()).count();
        rest = &tail[hex_len..];
    }
    out.push_str(rest);
    out
}

/// `step loss` lines: the loss compared with a relative tolerance.
fn loss_line(line: &str) -> Option<(u32, f64)> {
    let (step, value) = line.split_once(' ')?;
    Some((step.parse().ok()?, value.parse().ok()?))
}

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/training");
    let script = dir.join(format!("{name}.py"));
    let expected = std::fs::read_to_string(dir.join(format!("{name}.expected"))).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tensorlings"))
        .args(["run", "--timeout", "120", script.to_str().unwrap()])
        .output()
        .unwrap();
    let got = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{name} failed:\n{got}\n{}", String::from_utf8_lossy(&out.stderr));
    let (got_lines, want_lines): (Vec<_>, Vec<_>) = (got.lines().collect(), expected.lines().collect());
    assert_eq!(got_lines.len(), want_lines.len(), "{name}: got\n{got}\nwanted\n{expected}");
    for (g, w) in got_lines.iter().zip(&want_lines) {
        match (loss_line(g), loss_line(w)) {
            (Some((gs, gv)), Some((ws, wv))) => {
                assert_eq!(gs, ws, "{name}: step");
                let rel = (gv - wv).abs() / wv.abs().max(1e-12);
                assert!(rel <= REL_TOL, "{name} step {gs}: loss {gv} vs PyTorch's {wv} (relative {rel:.2e})");
            }
            _ => assert_eq!(without_addresses(g), without_addresses(w), "{name}"),
        }
    }
}

#[test]
fn mlp_regression_with_sgd_momentum_matches_pytorch() {
    check("mlp_sgd_regression");
}

#[test]
fn mlp_classifier_with_adam_matches_pytorch() {
    check("mlp_adam_classifier");
}

#[test]
fn weighted_bce_nll_and_label_smoothing_train_as_pytorch() {
    check("mlp_bce_weighted");
}
