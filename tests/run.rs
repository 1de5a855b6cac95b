//! `tensorlings run`: output compared byte for byte with real CPython + IPython
//! (`fixtures/run/*.out` were made by `shared/tools/ref_run.py`), exit codes,
//! tracebacks, notebooks and magics.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_tensorlings")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(bin()).arg("run").args(args).output().expect("runs")
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tensorlings-run-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn check_fixture(name: &str) {
    let py = fixture(&format!("{name}.py"));
    let expected = std::fs::read_to_string(fixture(&format!("{name}.out"))).unwrap();
    let out = run(&["--allow-errors", py.to_str().unwrap()]);
    assert_eq!(stdout(&out), expected, "stderr: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn displays_containers_like_ipython() {
    check_fixture("display_containers");
}

#[test]
fn multiline_reprs_inside_containers_like_ipython() {
    check_fixture("display_multiline");
}

#[test]
fn stdout_comes_before_the_display() {
    check_fixture("stdout_then_display");
}

#[test]
fn float32_gradients_round_as_pytorchs() {
    check_fixture("float32_gradients");
}

#[test]
fn addmm_as_pytorch() {
    check_fixture("addmm");
}

#[test]
fn python_basics_match_cpython() {
    check_fixture("python_basics");
}

#[test]
fn collections_module_as_cpython() {
    check_fixture("collections_module");
}

#[test]
fn syntax_errors_read_like_the_conformance_runner() {
    check_fixture("syntax_errors");
}

#[test]
fn allow_errors_prints_the_error_line_and_goes_on() {
    check_fixture("errors_go_on");
    let out = run(&["--allow-errors", fixture("errors_go_on.py").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn without_allow_errors_the_traceback_goes_to_stderr_and_the_run_stops() {
    let file = temp_file("stops.py", "# %%\nprint('one')\n# %%\nx = 1\ny = x / 0\n# %%\nprint('never')\n");
    let out = run(&[file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "one\n");
    let err = String::from_utf8_lossy(&out.stderr);
    let expected = format!(
        "Traceback (most recent call last):\n  File \"{}\", line 5, in <module>\n    y = x / 0\nZeroDivisionError: division by zero\n",
        file.display()
    );
    assert_eq!(err, expected);
}

#[test]
fn traceback_points_into_the_learners_function() {
    let file = temp_file("inner.py", "def f(x):\n    return x['missing']\n\nf({})\n");
    let out = run(&[file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(", line 4, in <module>\n    f({})\n"), "{err}");
    assert!(err.contains(", line 2, in f\n    return x['missing']\nKeyError: 'missing'\n"), "{err}");
}

#[test]
fn syntax_errors_are_reported_per_cell() {
    let file = temp_file("syntax.py", "# %%\nprint('ok')\n# %%\nx = (1,\n");
    let out = run(&["--allow-errors", file.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(text.starts_with("ok\nSyntaxError: "), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn clean_runs_exit_zero_and_files_without_markers_are_one_cell() {
    let file = temp_file("plain.py", "a = [1, 2]\nprint(len(a))\na\n");
    let out = run(&[file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "2\n[1, 2]\n");
}

#[test]
fn notebooks_run_their_code_cells() {
    let nb = r##"{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "x = 99"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": ["x = 2\n", "print('x is', x)"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": "x * 21"}
    ]}"##;
    let file = temp_file("nb.ipynb", nb);
    let out = run(&[file.to_str().unwrap()]);
    assert_eq!(stdout(&out), "x is 2\n42\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn time_limit_stops_an_endless_run() {
    let file = temp_file("endless.py", "print('start')\nwhile True:\n    pass\n");
    let started = std::time::Instant::now();
    let out = run(&["--timeout", "1", file.to_str().unwrap()]);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "start\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("TimeoutError: the run took longer than its time limit of 1 s"), "{err}");
}

#[test]
fn time_magic_prints_ipython_lines_then_the_value() {
    let file = temp_file("time.py", "# %%\n%%time\ns = 0\nfor i in range(1000):\n    s += i\ns\n# %%\n%time sum(range(10))\n");
    let out = run(&[file.to_str().unwrap()]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    for (i, value) in [(0, "499500"), (3, "45")] {
        assert!(lines[i].starts_with("CPU times: user "), "{text}");
        assert!(lines[i].contains(", sys: ") && lines[i].contains(", total: "), "{text}");
        assert!(lines[i + 1].starts_with("Wall time: "), "{text}");
        assert_eq!(lines[i + 2], value);
    }
}

#[test]
fn timeit_prints_ipythons_summary_line() {
    let file = temp_file("timeit.py", "%timeit -n 10 -r 3 sum(range(100))\n");
    let out = run(&[file.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(text.contains(" \u{b1} "), "{text}");
    assert!(text.trim_end().ends_with(" per loop (mean \u{b1} std. dev. of 3 runs, 10 loops each)"), "{text}");
}

#[test]
fn nvidia_smi_never_runs_a_shell() {
    let file = temp_file("smi.py", "!nvidia-smi\n!ls /\n");
    let out = run(&[file.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(text.starts_with("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."), "{text}");
    assert!(text.contains("tensorlings does not run shell commands (only !nvidia-smi): !ls /"), "{text}");
    assert!(!text.contains("bin"), "{text}");
}

#[test]
fn missing_files_are_a_clear_error() {
    let out = run(&["/nonexistent/x.py"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/x.py"));
}

#[test]
fn output_past_the_cap_is_cut_with_a_note() {
    let file = temp_file("big.py", "print('x' * 2_000_000)\nprint('after')\n");
    let out = run(&[file.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(text.starts_with(&"x".repeat(1 << 20)));
    assert!(text.ends_with("\n[output truncated: the run printed more than 1048576 bytes]\n"), "{}", &text[text.len() - 100..]);
    assert!(!text.contains("after"));
}

#[test]
fn code_that_swallows_the_timeout_is_ended_after_the_grace() {
    let file = temp_file(
        "swallow.py",
        "print('start')\nwhile True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n",
    );
    let started = std::time::Instant::now();
    let out = run(&["--timeout", "1", file.to_str().unwrap()]);
    assert!(started.elapsed() < std::time::Duration::from_secs(8), "{:?}", started.elapsed());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "start\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did not stop; tensorlings ended it"), "{err}");
}

#[test]
fn memory_limit_ends_a_memory_bomb_and_keeps_what_was_printed() {
    let file = temp_file("bomb.py", "print('start')\nx = [0] * 10**10\nprint('never')\n");
    let out = Command::new(bin()).args(["run", "--memory-mb", "512"]).arg(&file).env("RUST_BACKTRACE", "0").output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "start\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("memory allocation of 80000000000 bytes failed"), "{err}");
}
