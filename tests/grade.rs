//! The grader end to end: a fixture pack of plain-Python exercises and
//! submissions that are right, partly right, broken or hostile
//! (tests/fixtures/grade/), graded in kernels, and every report format read back.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use tensorlings::grade::batch::all_exercises;
use tensorlings::grade::{ExerciseResult, GradeReport, Grader, KernelSetup, Outcome, SubmissionResult, grade_submissions};
use tensorlings::lesson::load_pack_dir;

const BIN: &str = env!("CARGO_BIN_EXE_tensorlings");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/grade")
}

fn pack_dir() -> PathBuf {
    fixtures().join("pack")
}

fn submission(name: &str) -> PathBuf {
    fixtures().join("submissions").join(name)
}

const ALL: [&str; 13] = [
    "correct", "partly", "syntax", "runtime", "loop", "memory", "flood", "sysexit", "systemexit", "osexit", "hostile",
    "empty", "missing",
];

/// Every fixture submission graded once (through the library), shared by the tests.
fn graded() -> &'static Vec<SubmissionResult> {
    static RESULTS: OnceLock<Vec<SubmissionResult>> = OnceLock::new();
    RESULTS.get_or_init(|| {
        let pack = load_pack_dir(&pack_dir()).expect("fixture pack loads").pack;
        let selection = all_exercises(&pack);
        let grader = Grader::new(pack, KernelSetup { program: Some(BIN.into()), ..KernelSetup::default() });
        let dirs: Vec<PathBuf> = ALL.iter().map(|n| submission(n)).collect();
        grade_submissions(&grader, &dirs, &selection, 2, &|_, _, _| {})
    })
}

fn sub(name: &str) -> &'static SubmissionResult {
    graded().iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no submission {name}"))
}

fn ex<'a>(s: &'a SubmissionResult, id: &str) -> &'a ExerciseResult {
    s.exercises.iter().find(|e| e.exercise == id).unwrap_or_else(|| panic!("no exercise {id}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-4
}

#[test]
fn a_correct_submission_earns_every_point() {
    let s = sub("correct");
    assert!(close(s.score, 6.0) && close(s.max_score, 6.0), "{s:#?}");
    for e in &s.exercises {
        // bad-index's solution raises on purpose.
        assert!(e.passed && matches!(e.outcome, Outcome::Ran | Outcome::RuntimeError), "{e:#?}");
    }
    let faster = ex(s, "no-loop-sum").checks.iter().find(|c| c.kind == "faster").unwrap();
    assert!(faster.ratio.unwrap() >= 1.5, "{faster:?}");
}

#[test]
fn a_partly_right_submission_earns_part_and_says_why() {
    let s = sub("partly");
    // add: 4 of 5 equal checks (output differs) of 2 points; squares: the value
    // (2 of 4 check points) of 1; no-loop-sum: the value, 1 of 3 of 2; bad-index missing.
    assert!(close(ex(s, "add").score, 1.6), "{:#?}", ex(s, "add"));
    assert!(close(ex(s, "squares").score, 0.5));
    assert!(close(ex(s, "no-loop-sum").score, 2.0 / 3.0));
    assert!(close(s.score, 1.6 + 0.5 + 2.0 / 3.0), "{}", s.score);
    let add = ex(s, "add");
    let output = add.checks.iter().find(|c| c.kind == "output").unwrap();
    assert!(!output.passed && output.message.contains("expected `sum: 5`, got `sum = 5`"), "{output:?}");
    let squares = ex(s, "squares");
    assert!(squares.checks.iter().any(|c| c.kind == "forbids" && c.message.contains("`while`")));
    assert!(squares.checks.iter().any(|c| c.kind == "uses" && c.message.contains("`range`")));
    let nls = ex(s, "no-loop-sum");
    let forbids = nls.checks.iter().find(|c| c.kind == "forbids").unwrap();
    assert_eq!(forbids.message, "No Python loops.", "the author's message is shown");
    assert!(forbids.detail.as_deref().unwrap().contains("`for`"));
    let faster = nls.checks.iter().find(|c| c.kind == "faster").unwrap();
    assert!(!faster.passed && faster.ratio.unwrap() < 1.5 && faster.message.contains("as fast as"), "{faster:?}");
    let missing = ex(s, "bad-index");
    assert_eq!(missing.outcome, Outcome::NotSubmitted);
    assert_eq!(missing.score, 0.0);
}

#[test]
fn broken_submissions_score_zero_with_a_reason() {
    let cases: [(&str, Outcome, &str); 7] = [
        ("syntax", Outcome::SyntaxError, "syntax error on line 1"),
        ("runtime", Outcome::RuntimeError, "raised ZeroDivisionError: division by zero"),
        ("loop", Outcome::Timeout, "did not finish within the time limit of 3 s"),
        ("memory", Outcome::MemoryLimit, "more than the memory limit of 512 MB"),
        ("systemexit", Outcome::Exited, "tried to exit"),
        // No `sys`, no `os` in the sandbox: the import itself fails.
        ("sysexit", Outcome::RuntimeError, "No module named 'sys'"),
        ("osexit", Outcome::RuntimeError, "No module named 'os'"),
    ];
    for (name, outcome, words) in cases {
        let add = ex(sub(name), "add");
        assert_eq!(add.outcome, outcome, "{name}: {add:#?}");
        assert!(add.summary.contains(words), "{name}: {}", add.summary);
        assert_eq!(add.score, 0.0, "{name}");
        assert!(!add.passed);
        assert_eq!(sub(name).score, 0.0, "{name}");
        // The hidden check fails, and says nothing more.
        let hidden = add.checks.iter().find(|c| c.hidden).unwrap();
        assert_eq!((hidden.message.as_str(), hidden.detail.as_ref()), ("a hidden check failed", None));
    }
    // A run that did not happen leaves every check with its reason.
    let lp = ex(sub("loop"), "add");
    assert!(lp.checks.iter().filter(|c| !c.hidden).all(|c| c.message == lp.summary));
}

#[test]
fn output_floods_are_cut_and_only_the_output_check_fails() {
    let add = ex(sub("flood"), "add");
    assert_eq!(add.outcome, Outcome::OutputLimit);
    assert!(add.summary.contains("output was cut off"), "{}", add.summary);
    let failed: Vec<&str> = add.checks.iter().filter(|c| !c.passed).map(|c| c.kind.as_str()).collect();
    assert_eq!(failed, ["output"]);
    assert!(close(add.score, 1.6));
}

#[test]
fn empty_and_missing_files_are_named() {
    let e = sub("empty");
    assert_eq!(ex(e, "add").outcome, Outcome::Empty);
    assert_eq!(ex(e, "squares").outcome, Outcome::Empty, "a file of comments is empty too");
    assert!(ex(e, "add").summary.contains("empty"));
    let m = sub("missing");
    assert!(m.exercises.iter().all(|x| x.outcome == Outcome::NotSubmitted && x.summary.contains("not submitted")));
    assert_eq!(m.score, 0.0);
    assert!(close(m.max_score, 6.0));
}

#[test]
fn hostile_code_reaches_nothing() {
    let h = sub("hostile");
    let add = ex(h, "add");
    assert_eq!(add.outcome, Outcome::RuntimeError);
    assert!(add.summary.contains("PermissionError"), "{}", add.summary);
    assert!(ex(h, "squares").summary.contains("No module named 'os'"));
    let walk = ex(h, "no-loop-sum");
    assert_eq!(walk.outcome, Outcome::RuntimeError, "{walk:#?}");
    assert_eq!(h.score, 0.0, "code that raised earns nothing, style checks included");
    assert!(!Path::new("/tmp/tensorlings-grade-pwned").exists());
    // The file it tried to read never shows up in any report.
    let json = serde_json::to_string(h).unwrap();
    assert!(!json.contains("Write `add(a, b)`"));
}

#[test]
fn the_same_submission_gets_the_same_score() {
    let pack = load_pack_dir(&pack_dir()).unwrap().pack;
    let selection = all_exercises(&pack);
    let grader = Grader::new(pack, KernelSetup { program: Some(BIN.into()), ..KernelSetup::default() });
    let dirs = vec![submission("partly"), submission("runtime")];
    let again = grade_submissions(&grader, &dirs, &selection, 2, &|_, _, _| {});
    // A `faster` check measures time, so only it may differ between runs.
    let steady = |e: &ExerciseResult| -> (f64, Vec<bool>) {
        let checks: Vec<_> = e.checks.iter().filter(|c| c.kind != "faster").collect();
        (checks.iter().filter(|c| c.passed).map(|c| c.score).sum(), checks.iter().map(|c| c.passed).collect())
    };
    for s in &again {
        let first = sub(&s.name);
        for (a, b) in s.exercises.iter().zip(&first.exercises) {
            let (sa, pa) = steady(a);
            let (sb, pb) = steady(b);
            assert!(close(sa, sb), "{}", a.name());
            assert_eq!((a.outcome, pa), (b.outcome, pb), "{}", a.name());
        }
    }
}

fn run_cli(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().expect("the binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tl-grade-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn json_report_reads_back() {
    let pack = pack_dir();
    let out = run_cli(&["grade", "--pack", pack.to_str().unwrap(), submission("correct").to_str().unwrap(),
        submission("partly").to_str().unwrap(), "--format", "json", "--jobs", "2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: GradeReport = serde_json::from_slice(&out.stdout).expect("our JSON schema");
    assert_eq!(report.schema, 1);
    assert_eq!(report.pack.id, "grade-fixture");
    assert_eq!(report.submissions.len(), 2);
    let partly = &report.submissions[1];
    assert_eq!(partly.name, "partly");
    assert!(close(partly.score, 2.766667));
    assert_eq!(partly.exercises.len(), 4);
    assert_eq!(partly.exercises[0].lesson, "01-basics");
    assert_eq!(partly.exercises[0].exercise, "add");
    assert_eq!(partly.exercises[0].checks.len(), 5);
    assert_eq!(partly.exercises[3].outcome, Outcome::NotSubmitted);
    // Hidden checks keep their details out of the report.
    let raw: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hidden = &raw["submissions"][0]["exercises"][0]["checks"][4];
    assert_eq!(hidden["hidden"], true);
    assert_eq!(hidden["message"], "a hidden check passed");
    assert!(hidden.get("detail").is_none());
}

#[test]
fn gradescope_results_read_back() {
    let dir = tmp("gs");
    let file = dir.join("results.json");
    let out = run_cli(&["grade", "--pack", pack_dir().to_str().unwrap(), submission("runtime").to_str().unwrap(),
        "--format", "gradescope", "--output", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(r["score"], 0.0);
    assert_eq!(r["max_score"], 6.0);
    assert!(r["execution_time"].as_f64().unwrap() >= 0.0);
    let tests = r["tests"].as_array().unwrap();
    let names: Vec<&str> = tests.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["01-basics/add", "01-basics/add (hidden)", "01-basics/squares", "01-basics/no-loop-sum", "01-basics/bad-index"]);
    assert_eq!(tests[0]["status"], "failed");
    assert_eq!(tests[0]["visibility"], "visible");
    assert!(close(tests[0]["max_score"].as_f64().unwrap(), 1.6));
    assert!(tests[0]["output"].as_str().unwrap().contains("ZeroDivisionError"));
    assert_eq!(tests[1]["visibility"], "after_published");
    assert!(close(tests[1]["max_score"].as_f64().unwrap(), 0.4));
    assert!(tests[1]["output"].as_str().unwrap().contains("a hidden check failed"));
    assert!(!tests[1]["output"].as_str().unwrap().contains("add(10, 20)"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn junit_and_csv_read_back_and_a_folder_holds_one_report_each() {
    let dir = tmp("junit");
    let subs = [submission("correct"), submission("syntax")];
    let out = run_cli(&["grade", "--pack", pack_dir().to_str().unwrap(), subs[0].to_str().unwrap(), subs[1].to_str().unwrap(),
        "--format", "junit", "--output", dir.to_str().unwrap(), "--jobs", "2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let xml = std::fs::read_to_string(dir.join("syntax.xml")).unwrap();
    assert!(dir.join("correct.xml").exists());
    // Parse it: one testsuite, four testcases, each failing one with a failure element.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut suites, mut cases, mut failures) = (Vec::new(), Vec::new(), Vec::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let attr = |k: &str| e.try_get_attribute(k).unwrap().map(|a| a.unescape_value().unwrap().into_owned());
                match e.name().as_ref() {
                    b"testsuite" => suites.push((attr("name").unwrap(), attr("tests").unwrap(), attr("failures").unwrap())),
                    b"testcase" => cases.push((attr("classname").unwrap(), attr("name").unwrap())),
                    b"failure" => failures.push(attr("message").unwrap()),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert_eq!(suites, [("syntax".to_owned(), "4".to_owned(), "4".to_owned())]);
    assert_eq!(cases[0], ("01-basics".to_owned(), "add".to_owned()));
    assert_eq!(cases.len(), 4);
    assert!(failures[0].contains("syntax error on line 1: Expected `:`"), "{failures:?}");
    let csv = std::fs::read_to_string(dir.join("summary.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0], ["submission", "score", "max_score", "01-basics/add", "01-basics/squares", "01-basics/no-loop-sum", "01-basics/bad-index"]);
    assert_eq!(rows[1], ["correct", "6", "6", "2", "1", "2", "1"]);
    assert_eq!(rows[2], ["syntax", "0", "6", "0", "0", "0", "0"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_autograder_bundle_grades_a_fake_autograder_layout() {
    let dir = tmp("ag");
    let bundle = dir.join("source");
    let out = run_cli(&["autograder", "--pack", pack_dir().to_str().unwrap(), "--out", bundle.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for f in ["setup.sh", "run_autograder", "tensorlings", "pack/pack.toml", "pack/01-basics/exercises.toml"] {
        assert!(bundle.join(f).exists(), "{f}");
    }
    let results = dir.join("results/results.json");
    let status = Command::new(bundle.join("run_autograder"))
        .env("TENSORLINGS_SUBMISSION", submission("partly"))
        .env("TENSORLINGS_RESULTS", &results)
        .status()
        .unwrap();
    assert!(status.success());
    let r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    assert!(close(r["score"].as_f64().unwrap(), 2.766667), "{r}");
    assert_eq!(r["tests"][0]["name"], "01-basics/add");
    assert_eq!(r["tests"][0]["status"], "failed");
    assert!(r["tests"][0]["output"].as_str().unwrap().contains("expected `sum: 5`"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn check_grades_the_learners_saved_work() {
    let home = tmp("home");
    let work = home.join("work/grade-fixture");
    std::fs::create_dir_all(&work).unwrap();
    let copy = |from: &Path| {
        for entry in std::fs::read_dir(from.join("01-basics")).unwrap() {
            let entry = entry.unwrap();
            std::fs::create_dir_all(work.join("01-basics")).unwrap();
            std::fs::copy(entry.path(), work.join("01-basics").join(entry.file_name())).unwrap();
        }
    };
    copy(&submission("correct"));
    let run = |args: &[&str]| Command::new(BIN).env("TENSORLINGS_HOME", &home).args(args).output().unwrap();
    let pack = pack_dir();
    let out = run(&["check", "--pack", pack.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("01-basics/add") && text.contains("total: 6 / 6"), "{text}");
    std::fs::write(work.join("01-basics/add.py"), "def add(a, b):\n    return a - b\n").unwrap();
    let out = run(&["check", "--pack", pack.to_str().unwrap(), "01-basics/add"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("FAIL") && !text.contains("squares"), "{text}");
    assert!(text.contains("NameError: name 'result' is not defined") || text.contains("`result`"), "{text}");
    let _ = std::fs::remove_dir_all(home);
}

#[test]
fn validate_runs_the_fixture_pack_for_real() {
    let out = run_cli(&["validate", pack_dir().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("is valid") && !text.contains("nothing run"), "{text}");
}

#[test]
fn tensor_values_are_compared_by_dtype_shape_and_tolerance() {
    let pack = load_pack_dir(&fixtures().join("torch-pack")).expect("torch fixture pack").pack;
    let selection = all_exercises(&pack);
    let grader = Grader::new(pack, KernelSetup { program: Some(BIN.into()), ..KernelSetup::default() });
    let names = ["correct", "dtype", "shape", "close"];
    let dirs: Vec<PathBuf> = names.iter().map(|n| fixtures().join("torch-submissions").join(n)).collect();
    let results = grade_submissions(&grader, &dirs, &selection, 2, &|_, _, _| {});
    let by = |n: &str| &results.iter().find(|s| s.name == n).unwrap().exercises[0];
    assert!(by("correct").passed && close(by("correct").score, 3.0), "{:#?}", by("correct"));
    // int64 instead of float32: only the tensor check fails.
    let d = by("dtype");
    assert!(close(d.score, 2.0), "{d:#?}");
    assert_eq!(d.checks[0].message, "`y`: the tensor has dtype torch.int64, expected torch.float32");
    // Transposed: the tensor and its torch.Size differ.
    let s = by("shape");
    assert!(close(s.score, 1.0), "{s:#?}");
    assert_eq!(s.checks[0].message, "`y`: the tensor has shape (3, 2), expected (2, 3)");
    assert_eq!(s.checks[1].message, "`y.shape`: expected torch.Size([2, 3]), got torch.Size([3, 2])");
    // Within rtol=1e-3 of the solution, but the exact assert sees the difference.
    let c = by("close");
    assert!(c.checks[0].passed && !c.checks[2].passed, "{c:#?}");
}
