//! `validate`'s driving logic and exit codes, with a scripted runner standing in
//! for the interpreter (the real one is wired by the binary).

use std::collections::HashMap;
use std::path::Path;

use tensorlings::lesson::validate::{CellRun, CheckRun, CodeRunner, run_lesson, validate_pack};
use tensorlings::lesson::{Exercise, Lesson, Limits, MemSource, load_pack};

/// Displays come from a table (code -> display); a check passes when the code is
/// the exercise's solution, or when `always_pass` says so.
struct ScriptedRunner {
    displays: HashMap<String, String>,
    always_pass: bool,
}

impl CodeRunner for ScriptedRunner {
    fn run_cells(&mut self, cells: &[&str], _: &Limits) -> Result<Vec<CellRun>, String> {
        Ok(cells
            .iter()
            .map(|c| match self.displays.get(*c) {
                Some(d) => CellRun {
                    display: d.clone(),
                    raised: None,
                },
                None => CellRun {
                    display: "NameError: unscripted\n".into(),
                    raised: Some("NameError: unscripted".into()),
                },
            })
            .collect())
    }

    fn check(
        &mut self,
        _: &Lesson,
        ex: &Exercise,
        code: &str,
        _: &Limits,
    ) -> Result<Vec<CheckRun>, String> {
        let passed = self.always_pass || code == ex.solution;
        Ok(ex
            .checks
            .iter()
            .map(|_| CheckRun {
                passed,
                detail: if passed { "" } else { "values differ" }.into(),
            })
            .collect())
    }
}

fn mini() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/packs/mini"
    ))
}

/// What real PyTorch displays for the mini pack's examples (from tools/ref_run.py).
fn mini_displays() -> HashMap<String, String> {
    [
        (
            "import torch\nx = torch.arange(6)\nx\n",
            "tensor([0, 1, 2, 3, 4, 5])\n",
        ),
        (
            "import torch\ny = torch.arange(6).reshape(2, 3)\nprint(y.shape)\ny\n",
            "torch.Size([2, 3])\ntensor([[0, 1, 2],\n        [3, 4, 5]])\n",
        ),
        (
            "torch.ones(2, 2) @ torch.ones(3, 2)\n",
            "RuntimeError: mm: mat1 and mat2 shapes cannot be multiplied (2x2 and 3x2)\n",
        ),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

fn report(runner: Option<&mut dyn CodeRunner>, dir: &Path) -> (i32, String) {
    let mut out = Vec::new();
    let code = validate_pack(dir, runner, &mut out).unwrap();
    (code, String::from_utf8(out).unwrap())
}

#[test]
fn a_clean_pack_exits_0_with_a_line_per_lesson() {
    let mut runner = ScriptedRunner {
        displays: mini_displays(),
        always_pass: false,
    };
    let (code, out) = report(Some(&mut runner), mini());
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ok   01-make-tensors (1 example, 1 checked; 2 exercises)"),
        "{out}"
    );
    assert!(
        out.contains("ok   02-shapes (2 examples, 2 checked; 0 exercises)"),
        "{out}"
    );
}

#[test]
fn a_wrong_example_output_exits_1_at_the_example_line() {
    let mut displays = mini_displays();
    displays.insert(
        "import torch\ny = torch.arange(6).reshape(2, 3)\nprint(y.shape)\ny\n".into(),
        "torch.Size([2, 3])\ntensor([[0, 1, 2],\n        [3, 4, 6]])\n".into(),
    );
    let mut runner = ScriptedRunner {
        displays,
        always_pass: false,
    };
    let (code, out) = report(Some(&mut runner), mini());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL 02-shapes"), "{out}");
    assert!(out.contains("02-shapes/lesson.md:5: error: the output differs from the ```output block at its line 3"), "{out}");
}

#[test]
fn a_starter_that_passes_fails_validation() {
    // `count-to-five` has no `starter_passes`, so its starter must fail.
    let mut runner = ScriptedRunner {
        displays: mini_displays(),
        always_pass: true,
    };
    let (code, out) = report(Some(&mut runner), mini());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("01-make-tensors/exercises.toml:1: error: exercise `count-to-five`: the starter already passes"), "{out}");
    assert!(
        !out.contains("`shape-error`: the starter"),
        "starter_passes = true allows it:\n{out}"
    );
}

#[test]
fn a_failing_solution_is_reported_at_its_check() {
    let pack = load_pack(&MemSource::new("p", [
        ("pack.toml".to_string(), "id = \"p\"\ntitle = \"P\"\nlessons = [\"01-a\"]\n".to_string()),
        ("01-a/lesson.md".to_string(), "+++\ntitle = \"A\"\n+++\n".to_string()),
        ("01-a/exercises.toml".to_string(),
         "[[exercise]]\nid = \"e\"\ntitle = \"E\"\nprompt = \"p\"\nsolution = \"x = 1\\n\"\n\n[[exercise.check]]\nkind = \"assert\"\nexpr = \"x == 1\"\n".to_string()),
    ]))
    .unwrap()
    .pack;
    struct FailingRunner;
    impl CodeRunner for FailingRunner {
        fn run_cells(&mut self, cells: &[&str], _: &Limits) -> Result<Vec<CellRun>, String> {
            Ok(cells
                .iter()
                .map(|_| CellRun {
                    display: String::new(),
                    raised: None,
                })
                .collect())
        }
        fn check(
            &mut self,
            _: &Lesson,
            ex: &Exercise,
            _: &str,
            _: &Limits,
        ) -> Result<Vec<CheckRun>, String> {
            Ok(ex
                .checks
                .iter()
                .map(|_| CheckRun {
                    passed: false,
                    detail: "x == 1 is False".into(),
                })
                .collect())
        }
    }
    let r = run_lesson(&pack.lessons[0], &pack.manifest.limits, &mut FailingRunner);
    assert_eq!(r.failures.len(), 1, "{:?}", r.failures);
    let f = &r.failures[0];
    assert_eq!((f.file.as_str(), f.line), ("01-a/exercises.toml", 7));
    assert!(
        f.message
            .contains("the solution fails this `assert` check: x == 1 is False"),
        "{}",
        f.message
    );
}

#[test]
fn an_unloadable_pack_exits_2() {
    let (code, out) = report(None, Path::new("/nonexistent/pack"));
    assert_eq!(code, 2);
    assert!(
        out.contains("/nonexistent/pack/pack.toml: error: there is no pack.toml"),
        "{out}"
    );
}

#[test]
fn without_a_runner_only_loading_is_checked() {
    let (code, out) = report(None, mini());
    assert_eq!(code, 0);
    assert!(
        out.contains("2 lessons, 3 examples, 2 exercises (nothing run: no interpreter)"),
        "{out}"
    );
}
