//! `tensorlings import NOTEBOOK.ipynb --out PACK`: turn a Jupyter notebook into a pack.
//!
//! Markdown cells become prose; the notebook splits into lessons at its level-2
//! (`## `) headings; code cells become `python` code blocks (examples), and
//! their stored outputs (stdout, then the last expression's `text/plain`, or
//! `Name: message` for an error) become the `output` block `validate` checks;
//! a `python` block inside a markdown cell becomes `python norun` (Jupyter
//! never ran it). It writes
//! pack.toml and every NN-slug/lesson.md, and an empty exercises.toml only where
//! none exists: an instructor's exercises are never overwritten.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::import_state::{CodeCell, setup_for};
use super::markdown::NORUN;
use super::model::{FrontMatter, Limits, PackManifest};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: cannot read the notebook: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a Jupyter notebook: {reason}")]
    NotANotebook { path: PathBuf, reason: String },
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What an import produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportSummary {
    pub pack_id: String,
    /// Lesson folder names, in order.
    pub lessons: Vec<String>,
    /// exercises.toml files kept because they already existed.
    pub kept_exercises: Vec<PathBuf>,
}

/// One lesson gathered from the notebook, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedLesson {
    pub title: String,
    /// Markdown body of lesson.md (without front matter).
    pub body: String,
    /// The earlier cells this lesson's code needs (see `import_state`).
    pub setup: Option<String>,
}

/// A cell of the notebook, reduced to what the import needs.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Markdown(String),
    Code { source: String, output: String, raised: bool },
}

/// A notebook read into lessons, before anything is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedNotebook {
    /// The first `# ` heading before any lesson (empty when there is none).
    pub title: String,
    /// Prose before the first `## ` heading (when no code comes before it).
    pub description: String,
    pub lessons: Vec<ImportedLesson>,
}

/// Read an nbformat-4 notebook's JSON into lessons; `Err(reason)` when it is not one.
pub fn parse_notebook(json: &str) -> Result<ImportedNotebook, String> {
    let cells = parse_cells(json)?;
    let (title, description, lessons) = split_lessons(&cells);
    Ok(ImportedNotebook {
        title,
        description,
        lessons,
    })
}

/// Import `notebook` into the pack folder `out` (created if needed). An existing
/// pack.toml keeps everything but its `lessons` list; an existing exercises.toml is kept.
pub fn import_notebook(notebook: &Path, out: &Path) -> Result<ImportSummary, ImportError> {
    let text = std::fs::read_to_string(notebook).map_err(|source| ImportError::Read {
        path: notebook.into(),
        source,
    })?;
    let nb = parse_notebook(&text).map_err(|reason| ImportError::NotANotebook {
        path: notebook.into(),
        reason,
    })?;
    let stem = notebook
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out_name = out
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or(stem.clone());

    let write = |path: PathBuf, contents: &str| -> Result<(), ImportError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| ImportError::Write {
                path: dir.into(),
                source,
            })?;
        }
        std::fs::write(&path, contents).map_err(|source| ImportError::Write { path, source })
    };

    let mut names = Vec::new();
    let mut kept = Vec::new();
    for (i, lesson) in nb.lessons.iter().enumerate() {
        let base = format!("{:02}-{}", i + 1, non_empty(slug(&lesson.title), "lesson"));
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        write(out.join(&name).join("lesson.md"), &lesson_md(lesson))?;
        let exercises = out.join(&name).join("exercises.toml");
        if exercises.exists() {
            kept.push(exercises);
        } else {
            write(exercises, EMPTY_EXERCISES)?;
        }
        names.push(name);
    }
    // Re-importing keeps the instructor's id, version, authors and limits.
    let existing = std::fs::read_to_string(out.join("pack.toml"))
        .ok()
        .and_then(|t| toml::from_str::<PackManifest>(&t).ok());
    let manifest = match existing {
        Some(m) => PackManifest {
            lessons: names.clone(),
            ..m
        },
        None => PackManifest {
            id: non_empty(slug(&out_name), "imported"),
            title: non_empty(nb.title, &stem),
            version: "0.1.0".into(),
            description: nb.description,
            authors: Vec::new(),
            lessons: names.clone(),
            limits: Limits::default(),
        },
    };
    let manifest_text = toml::to_string(&manifest).expect("a manifest always serializes");
    write(out.join("pack.toml"), &manifest_text)?;
    Ok(ImportSummary {
        pack_id: manifest.id,
        lessons: names,
        kept_exercises: kept,
    })
}

/// Cells of an nbformat-4 notebook (sources may be a string or a list of lines).
fn parse_cells(text: &str) -> Result<Vec<Cell>, String> {
    let nb: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let cells = nb
        .get("cells")
        .and_then(Value::as_array)
        .ok_or("it has no `cells` list (nbformat 4 expected)")?;
    let mut out = Vec::new();
    for cell in cells {
        let source = joined(cell.get("source"));
        match cell.get("cell_type").and_then(Value::as_str) {
            Some("markdown") => out.push(Cell::Markdown(source)),
            Some("code") => {
                let outputs = cell
                    .get("outputs")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                let raised = outputs
                    .iter()
                    .any(|o| o.get("output_type").and_then(Value::as_str) == Some("error"));
                out.push(Cell::Code {
                    source,
                    output: display_of(outputs),
                    raised,
                });
            }
            _ => {} // raw cells and unknown types carry nothing to teach or run
        }
    }
    Ok(out)
}

/// A multiline notebook string: either a string or a list of strings.
fn joined(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

/// What `tensorlings run --allow-errors` prints for a cell: its stdout, then the
/// display of the last expression, or `Name: message` when it raised.
fn display_of(outputs: &[Value]) -> String {
    let mut text = String::new();
    let mut push_line = |t: &str| {
        text.push_str(t);
        if !t.is_empty() && !t.ends_with('\n') {
            text.push('\n');
        }
    };
    for o in outputs {
        match o.get("output_type").and_then(Value::as_str) {
            Some("stream") if o.get("name").and_then(Value::as_str) == Some("stdout") => {
                push_line(&joined(o.get("text")))
            }
            Some("execute_result") => {
                push_line(&joined(o.get("data").and_then(|d| d.get("text/plain"))))
            }
            Some("error") => {
                let name = o
                    .get("ename")
                    .and_then(Value::as_str)
                    .unwrap_or("Exception");
                let value = o.get("evalue").and_then(Value::as_str).unwrap_or("");
                push_line(&format!("{name}: {value}"));
            }
            // stderr and rich display_data (figures) are not part of the checked display.
            _ => {}
        }
    }
    text
}

/// Pack title (the first `# ` heading before any lesson), description (prose before
/// the first `## `), and the lessons. Code before the first `## ` becomes an
/// "Introduction" lesson so no example is lost.
fn split_lessons(cells: &[Cell]) -> (String, String, Vec<ImportedLesson>) {
    let mut title = String::new();
    let mut intro = ImportedLesson {
        title: "Introduction".into(),
        body: String::new(),
        setup: None,
    };
    let mut intro_has_code = false;
    let mut lessons: Vec<ImportedLesson> = Vec::new();
    // Each lesson runs on its own (validate, the workbook), so each gets as its
    // `setup` the earlier cells it needs: the code cells are kept per lesson.
    let mut intro_cells: Vec<CodeCell> = Vec::new();
    let mut lesson_cells: Vec<Vec<CodeCell>> = Vec::new();
    for cell in cells {
        match cell {
            Cell::Markdown(md) => {
                let mut in_fence = false;
                let mut chunk = String::new();
                let flush = |chunk: &mut String,
                             lessons: &mut Vec<ImportedLesson>,
                             intro: &mut ImportedLesson| {
                    let target = lessons.last_mut().unwrap_or(intro);
                    append_block(&mut target.body, chunk.trim_matches('\n'));
                    chunk.clear();
                };
                for line in md.lines() {
                    let trimmed = line.trim_start();
                    if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                        if !in_fence && is_python_fence(trimmed) {
                            // Jupyter never ran this block: keep it out of the examples.
                            chunk.push_str(&format!("{line} {NORUN}\n"));
                            in_fence = true;
                            continue;
                        }
                        in_fence = !in_fence;
                    }
                    if !in_fence && let Some(h) = line.strip_prefix("## ") {
                        flush(&mut chunk, &mut lessons, &mut intro);
                        lessons.push(ImportedLesson {
                            title: clean_heading(h),
                            body: String::new(),
                            setup: None,
                        });
                        lesson_cells.push(Vec::new());
                        continue;
                    }
                    if !in_fence
                        && lessons.is_empty()
                        && title.is_empty()
                        && let Some(h) = line.strip_prefix("# ")
                    {
                        title = clean_heading(h);
                        continue;
                    }
                    chunk.push_str(line);
                    chunk.push('\n');
                }
                flush(&mut chunk, &mut lessons, &mut intro);
            }
            Cell::Code { source, output, raised } => {
                if source.trim().is_empty() {
                    continue;
                }
                let cell = CodeCell { source: source.clone(), raised: *raised };
                let target = match lessons.last_mut() {
                    Some(l) => {
                        lesson_cells.last_mut().expect("one list per lesson").push(cell);
                        l
                    }
                    None => {
                        intro_has_code = true;
                        intro_cells.push(cell);
                        &mut intro
                    }
                };
                append_block(&mut target.body, &fenced("python", source));
                if !output.is_empty() {
                    target.body.push('\n');
                    target.body.push_str(&fenced("output", output));
                }
            }
        }
    }
    let description = if intro_has_code {
        String::new()
    } else {
        intro.body.trim().to_string()
    };
    if intro_has_code || lessons.is_empty() {
        lessons.insert(0, intro);
        lesson_cells.insert(0, intro_cells);
    }
    let mut earlier: Vec<CodeCell> = Vec::new();
    for (lesson, cells) in lessons.iter_mut().zip(&lesson_cells) {
        lesson.setup = setup_for(&earlier, cells);
        earlier.extend(cells.iter().cloned());
    }
    (title, description, lessons)
}

/// An opening fence of a `python` block (backticks or tildes), not already `norun`.
fn is_python_fence(line: &str) -> bool {
    let info = line.trim_start_matches(['`', '~']);
    let mut words = info.split_whitespace();
    words.next() == Some("python") && !words.any(|w| w == NORUN)
}

fn append_block(body: &mut String, block: &str) {
    if block.trim().is_empty() {
        return;
    }
    if !body.is_empty() {
        body.push('\n');
    }
    body.push_str(block);
    if !block.ends_with('\n') {
        body.push('\n');
    }
}

/// A fenced block whose fence is longer than any backtick run inside it.
fn fenced(lang: &str, content: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in content.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    let nl = if content.ends_with('\n') { "" } else { "\n" };
    format!("{fence}{lang}\n{content}{nl}{fence}\n")
}

/// Headings lose emoji, trailing `¶` anchors and surrounding space.
fn clean_heading(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric() || c.is_ascii_punctuation() || *c == ' ')
        .collect::<String>()
        .trim()
        .to_string()
}

/// `Matrix multiplication (is all you need)` -> `matrix-multiplication-is-all-you-need`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > 40 {
        out.truncate(40);
        out = out.trim_end_matches('-').to_string();
    }
    out
}

fn non_empty(s: String, fallback: &str) -> String {
    if s.is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

fn lesson_md(lesson: &ImportedLesson) -> String {
    let fm = FrontMatter {
        setup: lesson.setup.clone(),
        title: lesson.title.clone(),
        summary: String::new(),
    };
    let front = toml::to_string(&fm).expect("front matter always serializes");
    format!("+++\n{front}+++\n\n{}", lesson.body)
}

const EMPTY_EXERCISES: &str = r#"# Exercises for this lesson. Each one looks like:
#
# [[exercise]]
# id = "make-ones"
# title = "A tensor of ones"
# prompt = "Create `x`, a 3x2 tensor of ones."
# starter = "x = ...\n"
# solution = "x = torch.ones(3, 2)\n"
# hints = ["Look at torch.ones."]
#
# [[exercise.check]]
# kind = "value"
# expr = "x"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_folder_safe() {
        assert_eq!(
            slug("Matrix multiplication (is all you need)"),
            "matrix-multiplication-is-all-you-need"
        );
        assert_eq!(slug("🚀Reshaping Tensor"), "reshaping-tensor");
        assert_eq!(slug("Numpy/Python `<>` PyTorch"), "numpy-python-pytorch");
    }

    #[test]
    fn display_joins_stdout_and_result() {
        let outputs: Vec<Value> = serde_json::from_str(
            r#"[{"output_type":"stream","name":"stdout","text":["a\n","b\n"]},
                {"output_type":"stream","name":"stderr","text":"warn\n"},
                {"output_type":"execute_result","data":{"text/plain":["tensor([1, 2])"]},"execution_count":1,"metadata":{}}]"#,
        )
        .unwrap();
        assert_eq!(display_of(&outputs), "a\nb\ntensor([1, 2])\n");
    }

    #[test]
    fn fence_outgrows_backticks_inside() {
        assert_eq!(
            fenced("python", "s = '```'\n"),
            "````python\ns = '```'\n````\n"
        );
    }
}
