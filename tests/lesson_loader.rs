//! The pack loader: every error names its file, its line and what is wrong;
//! notebook import round-trips into a pack that loads; garbage never panics.

use std::path::{Path, PathBuf};

use tensorlings::lesson::import::import_notebook;
use tensorlings::lesson::toc::table_of_contents;
use tensorlings::lesson::{
    CheckKind, Diagnostic, LessonBlock, MemSource, Normalize, load_pack, load_pack_dir,
};

const PACK_TOML: &str = r#"id = "demo"
title = "Demo"
lessons = ["01-basics"]
"#;

const LESSON_MD: &str = r#"+++
title = "Basics"
summary = "The first steps."
+++

Some prose.

```python
x = 1
x
```

```output
1
```
"#;

const EXERCISES: &str = r#"[[exercise]]
id = "one"
title = "One"
prompt = "Make `x` equal 1."
starter = "x = ...\n"
solution = "x = 1\n"

[[exercise.check]]
kind = "value"
expr = "x"
"#;

/// A pack in memory: the valid base files with some replaced (`None` removes a file).
fn pack_with(changes: &[(&str, Option<&str>)]) -> MemSource {
    let mut files: Vec<(String, String)> = vec![
        ("pack.toml".into(), PACK_TOML.into()),
        ("01-basics/lesson.md".into(), LESSON_MD.into()),
        ("01-basics/exercises.toml".into(), EXERCISES.into()),
    ];
    for (path, text) in changes {
        files.retain(|(p, _)| p != path);
        if let Some(text) = text {
            files.push((path.to_string(), text.to_string()));
        }
    }
    MemSource::new("demo", files)
}

/// The pack must fail to load with exactly one error; returns it.
fn only_error(changes: &[(&str, Option<&str>)]) -> Diagnostic {
    let err = load_pack(&pack_with(changes)).expect_err("the pack should not load");
    let errors: Vec<&Diagnostic> = err.errors().collect();
    assert_eq!(errors.len(), 1, "expected one error, got:\n{err}");
    errors[0].clone()
}

fn assert_at(d: &Diagnostic, file: &str, line: usize, words: &[&str]) {
    assert_eq!(d.file, Path::new("demo").join(file), "{d}");
    assert_eq!(d.line, Some(line), "{d}");
    for w in words {
        assert!(d.message.contains(w), "message lacks {w:?}: {d}");
    }
}

#[test]
fn the_base_pack_loads() {
    let loaded = load_pack(&pack_with(&[])).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let lesson = &loaded.pack.lessons[0];
    assert_eq!(lesson.title, "Basics");
    assert_eq!(
        lesson.examples().next().unwrap().expected_output.as_deref(),
        Some("1\n")
    );
    let ex = &lesson.exercises[0];
    assert_eq!(ex.points, 1.0);
    assert!(!ex.starter_passes);
    assert_eq!(
        ex.checks[0].kind,
        CheckKind::Value {
            expr: "x".into(),
            rtol: 1e-5,
            atol: 1e-8
        }
    );
    assert_eq!(ex.checks[0].line, 8);
}

#[test]
fn unknown_key_suggests_the_closest_known_one() {
    let toml = EXERCISES.replace("title = \"One\"", "titel = \"One\"");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        3,
        &["unknown key `titel`", "did you mean `title`?"],
    );
}

#[test]
fn unknown_key_in_pack_toml_and_front_matter() {
    let d = only_error(&[(
        "pack.toml",
        Some("id = \"demo\"\ntitle = \"Demo\"\nlesons = []\n"),
    )]);
    assert_at(
        &d,
        "pack.toml",
        3,
        &["unknown key `lesons`", "did you mean `lessons`?"],
    );
    let md = LESSON_MD.replace("summary =", "sumary =");
    let d = only_error(&[("01-basics/lesson.md", Some(&md))]);
    assert_at(
        &d,
        "01-basics/lesson.md",
        3,
        &["unknown key `sumary`", "did you mean `summary`?"],
    );
}

#[test]
fn unknown_key_in_a_check() {
    let toml = format!("{EXERCISES}rtoll = 0.1\n");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        11,
        &["unknown key `rtoll`", "did you mean `rtol`?"],
    );
}

#[test]
fn missing_required_field() {
    let toml = EXERCISES.replace("solution = \"x = 1\\n\"\n", "");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        1,
        &["missing required key `solution` in this [[exercise]]"],
    );
    let toml = EXERCISES.replace("kind = \"value\"\n", "");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        8,
        &["missing required key `kind` in this [[exercise.check]]"],
    );
    let d = only_error(&[(
        "pack.toml",
        Some("title = \"Demo\"\nlessons = [\"01-basics\"]\n"),
    )]);
    assert_at(&d, "pack.toml", 1, &["missing required key `id`"]);
}

#[test]
fn single_bracket_exercise_header_is_explained() {
    let toml = EXERCISES.replace("[[exercise]]", "[exercise]");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        1,
        &["write its header with two brackets, [[exercise]]"],
    );
}

#[test]
fn invalid_python_in_an_example_is_reported_at_its_markdown_line() {
    let md = LESSON_MD.replace("x = 1\nx\n", "x = 1\nif x\n    x\n");
    let d = only_error(&[("01-basics/lesson.md", Some(&md))]);
    assert_at(
        &d,
        "01-basics/lesson.md",
        10,
        &["this example is not valid Python (line 2 of the example)"],
    );
    // An example that shows a SyntaxError on purpose says so in its output block.
    let md = md.replace(
        "```output\n1\n```",
        "```output\nSyntaxError: expected ':'\n```",
    );
    assert!(load_pack(&pack_with(&[("01-basics/lesson.md", Some(&md))])).is_ok());
}

#[test]
fn invalid_python_in_a_lesson_setup_is_reported_at_its_line() {
    // lesson.md line 1 is `+++`; `setup = """` is line 4, the setup's code starts on line 5.
    let md = LESSON_MD.replace(
        "summary = \"The first steps.\"\n",
        "summary = \"The first steps.\"\nsetup = \"\"\"\nimport torch\ndef f(:\n\"\"\"\n",
    );
    let d = only_error(&[("01-basics/lesson.md", Some(&md))]);
    assert_at(&d, "01-basics/lesson.md", 6, &["the lesson's setup is not valid Python (line 2 of the setup)"]);
    let md = md.replace("def f(:", "def f(): pass");
    let pack = load_pack(&pack_with(&[("01-basics/lesson.md", Some(&md))])).unwrap();
    assert_eq!(pack.pack.lessons[0].setup.as_deref(), Some("import torch\ndef f(): pass\n"));
}

#[test]
fn duplicate_exercise_id() {
    let toml = format!("{EXERCISES}\n{EXERCISES}");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        13,
        &["duplicate exercise id `one`", "line 2"],
    );
}

#[test]
fn unknown_check_kind() {
    let toml = EXERCISES.replace("kind = \"value\"", "kind = \"valeu\"");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        9,
        &["unknown check kind `valeu`", "did you mean `value`?"],
    );
}

#[test]
fn check_missing_its_expr() {
    let toml = EXERCISES.replace("expr = \"x\"\n", "");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        8,
        &["`value` check is missing its `expr`"],
    );
    let toml = EXERCISES.replace("kind = \"value\"\nexpr = \"x\"", "kind = \"assert\"");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        8,
        &["`assert` check is missing its `expr`"],
    );
}

#[test]
fn a_key_of_another_check_kind_is_an_error() {
    let toml = EXERCISES
        .replace("expr = \"x\"", "expr = \"x == 1\"\nrtol = 0.1")
        .replace("\"value\"", "\"assert\"");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        11,
        &["`rtol` does not apply to a `assert` check", "`value`"],
    );
}

#[test]
fn listed_lesson_missing_on_disk_is_an_error() {
    let toml =
        "id = \"demo\"\ntitle = \"Demo\"\nlessons = [\n  \"01-basics\",\n  \"02-slicing\",\n]\n";
    let d = only_error(&[("pack.toml", Some(toml))]);
    assert_at(
        &d,
        "pack.toml",
        5,
        &["lesson `02-slicing` is listed", "no folder `02-slicing/`"],
    );
}

#[test]
fn missing_lesson_suggests_an_unlisted_folder() {
    let toml = "id = \"demo\"\ntitle = \"Demo\"\nlessons = [\"01-basic\"]\n";
    let err = load_pack(&pack_with(&[("pack.toml", Some(toml))])).unwrap_err();
    let d = err.errors().next().unwrap();
    assert_at(
        d,
        "pack.toml",
        3,
        &["`01-basic`", "did you mean `01-basics`?"],
    );
    // ... and the folder itself is reported as unlisted.
    assert!(
        err.diagnostics
            .iter()
            .any(|d| !d.is_error() && d.message.contains("`01-basics/`")),
        "{err}"
    );
}

#[test]
fn lesson_on_disk_but_unlisted_is_a_warning() {
    let src = pack_with(&[("02-extra/lesson.md", Some(LESSON_MD))]);
    let loaded = load_pack(&src).expect("an unlisted lesson does not stop loading");
    assert_eq!(loaded.pack.lessons.len(), 1);
    assert_eq!(loaded.warnings.len(), 1);
    let w = &loaded.warnings[0];
    assert_eq!(w.file, Path::new("demo/02-extra/"));
    assert!(
        w.message.contains("not listed in pack.toml's `lessons`"),
        "{w}"
    );
}

#[test]
fn front_matter_not_closed() {
    let md = "+++\ntitle = \"Basics\"\n\nSome prose.\n";
    let d = only_error(&[("01-basics/lesson.md", Some(md))]);
    assert_at(&d, "01-basics/lesson.md", 1, &["never closed", "`+++`"]);
    let d = only_error(&[("01-basics/lesson.md", Some("# Basics\n\nno front matter\n"))]);
    assert_at(
        &d,
        "01-basics/lesson.md",
        1,
        &["must begin with a `+++` line"],
    );
}

#[test]
fn invalid_python_in_a_solution_is_reported_at_its_toml_line() {
    // Line 3 of the solution (`for i in range(3)` without a colon) is line 9 of the file.
    let toml = EXERCISES.replace(
        "solution = \"x = 1\\n\"",
        "solution = \"\"\"\nx = 0\ny = 2\nfor i in range(3)\n    x += i\n\"\"\"",
    );
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        9,
        &["the solution is not valid Python", "line 3 of the solution"],
    );
}

#[test]
fn invalid_python_in_a_one_line_starter() {
    let toml = EXERCISES.replace("starter = \"x = ...\\n\"", "starter = \"x = (1,\\n\"");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        5,
        &["the starter is not valid Python"],
    );
}

#[test]
fn invalid_python_in_a_check_expression() {
    let toml = EXERCISES.replace("expr = \"x\"", "expr = \"x ==\"");
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        10,
        &["`expr` is not a valid Python expression"],
    );
}

#[test]
fn toml_syntax_error_has_a_line() {
    let d = only_error(&[(
        "01-basics/exercises.toml",
        Some("[[exercise]]\nid = \"a\"\ntitle = \n"),
    )]);
    assert_at(&d, "01-basics/exercises.toml", 3, &[]);
    assert!(!d.message.is_empty());
}

#[test]
fn wrong_type_is_explained() {
    let toml = EXERCISES.replace(
        "prompt = \"Make `x` equal 1.\"",
        "prompt = \"p\"\npoints = \"two\"",
    );
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        5,
        &["wrong type", "a number"],
    );
}

#[test]
fn several_errors_are_all_reported() {
    let toml = EXERCISES.replace("kind = \"value\"", "kind = \"valeu\"");
    let err = load_pack(&pack_with(&[
        ("01-basics/exercises.toml", Some(&toml)),
        ("01-basics/lesson.md", Some("+++\ntitle = \"x\"\n")),
    ]))
    .unwrap_err();
    assert_eq!(err.errors().count(), 2, "{err}");
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

#[test]
fn fixture_pack_loads_from_disk_with_every_field() {
    let loaded = load_pack_dir(&fixture("packs/mini")).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let pack = loaded.pack;
    assert_eq!(pack.manifest.limits.timeout_s, 5.0);
    assert_eq!(pack.manifest.limits.memory_mb, 1024);
    let l1 = pack.lesson("01-make-tensors").unwrap();
    let ex = l1.exercise("count-to-five").unwrap();
    assert_eq!(ex.starter, "x = ...\n");
    assert_eq!(ex.points, 2.0);
    assert_eq!(ex.hints.len(), 2);
    assert!(ex.checks[1].hidden);
    assert_eq!(
        ex.checks[1].kind,
        CheckKind::Forbids {
            names: vec!["for".into(), "while".into()]
        }
    );
    assert!(l1.exercise("shape-error").unwrap().starter_passes);
    // The bash block stays prose.
    assert_eq!(l1.examples().count(), 1);
    assert!(
        l1.body
            .iter()
            .any(|b| matches!(b, LessonBlock::Prose(p) if p.contains("pip install torch")))
    );
    let l2 = pack.lesson("02-shapes").unwrap();
    assert!(l2.exercises.is_empty());
    let outs: Vec<_> = l2
        .examples()
        .map(|e| e.expected_output.clone().unwrap())
        .collect();
    assert_eq!(
        outs[1],
        "RuntimeError: mm: mat1 and mat2 shapes cannot be multiplied (2x2 and 3x2)\n"
    );

    let toc = table_of_contents(&pack);
    assert!(
        toc.contains("| 1 | [Make tensors](#01-make-tensors) | 1 | 2 | 3 |"),
        "{toc}"
    );
    assert!(
        toc.contains("- `count-to-five` Count to five — 2 pts — checks: value, forbids, 1 hidden"),
        "{toc}"
    );
    assert!(
        toc.contains("Check kinds used: value ×1, raises ×1, forbids ×1."),
        "{toc}"
    );
}

#[test]
fn output_normalize_values() {
    let toml = EXERCISES.replace(
        "kind = \"value\"\nexpr = \"x\"",
        "kind = \"output\"\nnormalize = \"whitespace\"",
    );
    let loaded = load_pack(&pack_with(&[("01-basics/exercises.toml", Some(&toml))])).unwrap();
    let kind = &loaded.pack.lessons[0].exercises[0].checks[0].kind;
    assert_eq!(
        *kind,
        CheckKind::Output {
            normalize: Normalize::Whitespace
        }
    );
    let toml = EXERCISES.replace(
        "kind = \"value\"\nexpr = \"x\"",
        "kind = \"output\"\nnormalize = \"whitspace\"",
    );
    let d = only_error(&[("01-basics/exercises.toml", Some(&toml))]);
    assert_at(
        &d,
        "01-basics/exercises.toml",
        10,
        &["did you mean `whitespace`?"],
    );
}

/// A fresh empty folder under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tensorlings-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn import_round_trips_a_notebook_into_a_pack_that_loads() {
    let out = temp_dir("import").join("basics");
    let summary = import_notebook(&fixture("notebooks/basics.ipynb"), &out).unwrap();
    assert_eq!(
        summary.lessons,
        [
            "01-introduction",
            "02-initialize-tensors",
            "03-reshaping-tensor"
        ]
    );
    let loaded =
        load_pack_dir(&out).unwrap_or_else(|e| panic!("imported pack does not load:\n{e}"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let pack = loaded.pack;
    assert_eq!(pack.manifest.id, "basics");
    assert_eq!(pack.manifest.title, "PyTorch basics");

    let intro = &pack.lessons[0];
    assert_eq!(intro.examples().next().unwrap().code, "import torch\n");
    let init = &pack.lessons[1];
    assert_eq!(init.title, "Initialize tensors");
    let ex: Vec<_> = init.examples().collect();
    // Examples stay as the notebook had them; what a lesson needs from the ones
    // before it (here the import) is its setup.
    assert_eq!(ex[0].code, "# Create a range of values 0 to 5\nx = torch.arange(6)\nx\n");
    assert_eq!(init.setup.as_deref(), Some("import torch\n"));
    assert_eq!(
        ex[0].expected_output.as_deref(),
        Some("tensor([0, 1, 2, 3, 4, 5])\n")
    );

    let reshape = &pack.lessons[2];
    let ex: Vec<_> = reshape.examples().collect();
    assert_eq!(
        ex.len(),
        2,
        "the empty code cell is dropped; the fenced block in markdown is not an example"
    );
    assert_eq!(
        ex[0].expected_output.as_deref(),
        Some("torch.Size([2, 3])\ntensor([[0, 1, 2],\n        [3, 4, 5]])\n")
    );
    assert_eq!(
        ex[1].expected_output.as_deref(),
        Some("RuntimeError: mm: mat1 and mat2 shapes cannot be multiplied (2x2 and 3x2)\n")
    );
    assert!(
        reshape
            .body
            .iter()
            .any(|b| matches!(b, LessonBlock::Prose(p) if p.contains("### Shapes must match")))
    );
    // A code block of a markdown cell was never run in Jupyter: it stays prose, marked `norun`.
    assert!(reshape.body.iter().any(
        |b| matches!(b, LessonBlock::Prose(p) if p.contains("```python norun\n## not a heading"))
    ));
    let _ = std::fs::remove_dir_all(out.parent().unwrap());
}

#[test]
fn import_never_overwrites_exercises() {
    let out = temp_dir("import-keep").join("basics");
    import_notebook(&fixture("notebooks/basics.ipynb"), &out).unwrap();
    let mine = out.join("02-initialize-tensors/exercises.toml");
    std::fs::write(&mine, EXERCISES).unwrap();
    let manifest = out.join("pack.toml");
    let edited = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("authors = []", "authors = [\"Ada\"]");
    std::fs::write(&manifest, edited).unwrap();
    let summary = import_notebook(&fixture("notebooks/basics.ipynb"), &out).unwrap();
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), EXERCISES);
    // Every lesson already had one from the first import: all are kept.
    assert_eq!(summary.kept_exercises.len(), 3);
    assert!(summary.kept_exercises.contains(&mine));
    let pack = load_pack_dir(&out).unwrap().pack;
    assert_eq!(pack.lessons[1].exercises[0].id, "one");
    assert_eq!(
        pack.manifest.authors,
        ["Ada"],
        "an edited pack.toml keeps its fields"
    );
    let _ = std::fs::remove_dir_all(out.parent().unwrap());
}

#[test]
fn import_rejects_what_is_not_a_notebook() {
    let dir = temp_dir("import-bad");
    let bad = dir.join("bad.ipynb");
    std::fs::write(&bad, "{\"not\": \"a notebook\"}").unwrap();
    let err = import_notebook(&bad, &dir.join("out"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("not a Jupyter notebook") && err.contains("bad.ipynb"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

mod garbage {
    use super::*;
    use proptest::prelude::*;
    use tensorlings::lesson::import::parse_notebook;

    /// Garbage of the kinds that reach deepest: TOML and markdown punctuation, quotes,
    /// newlines, non-ASCII, and key names the loader knows.
    fn garbage() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("[[exercise]]\n".to_string()),
            Just("[[exercise.check]]\n".to_string()),
            Just("+++\n".to_string()),
            Just("```python\n".to_string()),
            Just("```output\n".to_string()),
            Just("```\n".to_string()),
            Just("\"\"\"".to_string()),
            Just("kind = \"value\"\n".to_string()),
            Just("id = \"a\"\n".to_string()),
            Just("lessons = [\"01-basics\"]\n".to_string()),
            "[a-z_]{1,8} = ",
            "[\\[\\]{}=\"'#.,:\n\t\\\\ -]{1,6}",
            "\\PC{0,12}",
            any::<u32>().prop_map(|n| n.to_string()),
        ];
        prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
    }

    const NOTEBOOK_JSON: &str = include_str!("fixtures/notebooks/basics.ipynb");

    /// A valid file with a random slice replaced by garbage.
    fn mutated(base: &'static str) -> impl Strategy<Value = String> {
        (0..=base.len(), 0..=base.len(), garbage()).prop_map(move |(a, b, g)| {
            let (a, b) = (a.min(b), a.max(b));
            let (a, b) = (floor_char(base, a), floor_char(base, b));
            format!("{}{g}{}", &base[..a], &base[b..])
        })
    }

    fn floor_char(s: &str, mut i: usize) -> usize {
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn loading_garbage_never_panics(
            pack in prop_oneof![garbage(), mutated(PACK_TOML)],
            lesson in prop_oneof![garbage(), mutated(LESSON_MD)],
            exercises in prop_oneof![garbage(), mutated(EXERCISES)],
        ) {
            let src = pack_with(&[
                ("pack.toml", Some(&pack)),
                ("01-basics/lesson.md", Some(&lesson)),
                ("01-basics/exercises.toml", Some(&exercises)),
            ]);
            match load_pack(&src) {
                Ok(loaded) => {
                    let _ = table_of_contents(&loaded.pack);
                }
                // Every error names a file of the pack, and a line inside it when it has one.
                Err(e) => {
                    prop_assert!(e.errors().count() > 0);
                    for d in &e.diagnostics {
                        prop_assert!(d.file.starts_with("demo"));
                        prop_assert!(!d.message.is_empty());
                        prop_assert!(d.line.is_none_or(|l| l >= 1));
                    }
                }
            }
        }

        #[test]
        fn importing_garbage_never_panics(nb in prop_oneof![garbage(), mutated(NOTEBOOK_JSON)]) {
            if let Ok(nb) = parse_notebook(&nb) {
                prop_assert!(!nb.lessons.is_empty());
            }
        }
    }
}
