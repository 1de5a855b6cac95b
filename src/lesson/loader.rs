//! Load a pack from its files, reporting everything wrong with it at once.
//!
//! Every problem becomes a [`Diagnostic`] naming the file, the line and what is
//! wrong in an instructor's words: an unknown key with the closest known one, a
//! missing required key, a duplicate exercise id, an unknown check kind, a check
//! without the fields its kind needs, a lesson listed but missing (error) or
//! present but unlisted (warning), unclosed front matter, invalid Python in a
//! starter, a solution, a check's expression (at its line inside the TOML file)
//! or a lesson's example. No input panics.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::checks::convert_check;
use super::diagnostic::{Diagnostic, LoadErrors, did_you_mean};
use super::markdown::{line_at, parse_body};
use super::model::{Exercise, FrontMatter, Lesson, LessonBlock, Limits, Pack, PackManifest};
use super::pysyntax::{PyMode, syntax_error};
use super::raw::{self, RawExercise, RawExercises, RawManifest};
use super::source::{DirSource, PackSource};

/// A pack that loaded, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub pack: Pack,
    pub warnings: Vec<Diagnostic>,
}

/// Load the pack in folder `dir`.
pub fn load_pack_dir(dir: &Path) -> Result<Loaded, LoadErrors> {
    load_pack(&DirSource::new(dir))
}

/// Load a pack from any source (a folder, the built-in packs, a test's files).
pub fn load_pack(src: &dyn PackSource) -> Result<Loaded, LoadErrors> {
    let mut ctx = Ctx {
        src,
        diags: Vec::new(),
    };
    let pack = ctx.load();
    let has_errors = ctx.diags.iter().any(Diagnostic::is_error);
    match pack {
        Some(pack) if !has_errors => Ok(Loaded {
            pack,
            warnings: ctx.diags,
        }),
        _ => Err(LoadErrors {
            diagnostics: ctx.diags,
        }),
    }
}

/// One TOML file being checked: its path in the pack, its text, and the file
/// line of its first line (front matter starts on line 2 of lesson.md).
pub(crate) struct TomlFile<'a> {
    pub rel: String,
    pub text: &'a str,
    pub first_line: usize,
}

impl TomlFile<'_> {
    pub fn line(&self, offset: usize) -> usize {
        line_at(self.text, offset) + self.first_line - 1
    }

    pub fn span_line<T>(&self, s: &Spanned<T>) -> usize {
        self.line(s.span().start)
    }

    /// The file line of line `code_line` of a Python string value spanning `span`.
    /// A `"""` string whose first character is a newline starts on the next line
    /// (TOML drops that newline); a one-line string is all on its own line.
    pub fn code_line(&self, span: Range<usize>, code_line: usize) -> usize {
        let start = self.line(span.start);
        let raw = self.text.get(span).unwrap_or("");
        let multiline = raw.starts_with("\"\"\"") || raw.starts_with("'''");
        if !multiline {
            return start;
        }
        let after = &raw[3..];
        let skip = usize::from(after.starts_with('\n') || after.starts_with("\r\n"));
        start + skip + code_line - 1
    }
}

pub(crate) struct Ctx<'s> {
    pub src: &'s dyn PackSource,
    pub diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn error(&mut self, rel: &str, line: Option<usize>, message: impl Into<String>) {
        let file = self.src.display_path(rel);
        self.diags.push(Diagnostic::error(file, line, message));
    }

    pub fn warning(&mut self, rel: &str, line: Option<usize>, message: impl Into<String>) {
        let file = self.src.display_path(rel);
        self.diags.push(Diagnostic::warning(file, line, message));
    }

    fn read(&mut self, rel: &str) -> Option<String> {
        match self.src.read(rel) {
            Ok(text) => text.map(|t| t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t)),
            Err(reason) => {
                self.error(rel, None, reason);
                None
            }
        }
    }

    /// Parse a TOML file into `T`, reporting a failure at its line.
    fn parse_toml<T: serde::de::DeserializeOwned>(&mut self, file: &TomlFile) -> Option<T> {
        match toml::from_str::<T>(file.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let line = e.span().map(|s| file.line(s.start));
                let table = e.span().and_then(|s| enclosing_table(file.text, s.start));
                self.error(&file.rel, line, humanize_toml_error(e.message(), table));
                None
            }
        }
    }

    fn load(&mut self) -> Option<Pack> {
        let (manifest, listed) = self.load_manifest()?;
        self.check_lesson_folders(&listed);
        let dirs = self.src.dirs();
        let mut lessons = Vec::new();
        for (id, _) in &listed {
            if dirs.contains(id) {
                lessons.extend(self.load_lesson(id));
            }
        }
        Some(Pack { manifest, lessons })
    }

    /// `pack.toml`, and each listed lesson with its line there.
    fn load_manifest(&mut self) -> Option<(PackManifest, Vec<(String, usize)>)> {
        let rel = "pack.toml";
        let Some(text) = self.read(rel) else {
            if self.diags.is_empty() {
                self.error(
                    rel,
                    None,
                    "there is no pack.toml: a pack folder starts with a pack.toml \
                    (id, title, lessons = [...])",
                );
            }
            return None;
        };
        let file = TomlFile {
            rel: rel.into(),
            text: &text,
            first_line: 1,
        };
        let raw: RawManifest = self.parse_toml(&file)?;
        if !is_safe_name(raw.id.get_ref()) {
            self.error(rel, Some(file.span_line(&raw.id)), format!(
                "the pack id `{}` must be letters, digits, `-` or `_` (it names a folder of saved work)",
                raw.id.get_ref()));
        }
        let limits = match raw.limits {
            Some(l) => {
                let line = file.span_line(&l);
                let l = l.into_inner();
                if !(l.timeout_s.is_finite() && l.timeout_s > 0.0) {
                    self.error(
                        rel,
                        Some(line),
                        "[limits] timeout_s must be a positive number of seconds",
                    );
                }
                if l.memory_mb == 0 {
                    self.error(
                        rel,
                        Some(line),
                        "[limits] memory_mb must be a positive number of MiB",
                    );
                }
                l
            }
            None => Limits::default(),
        };
        let mut listed: Vec<(String, usize)> = Vec::new();
        for entry in &raw.lessons {
            let (name, line) = (entry.get_ref().clone(), file.span_line(entry));
            if let Some((_, first)) = listed.iter().find(|(n, _)| *n == name) {
                self.error(
                    rel,
                    Some(line),
                    format!("lesson `{name}` is listed twice in `lessons` (first on line {first})"),
                );
            } else if !is_safe_name(&name) {
                self.error(rel, Some(line), format!(
                    "`{name}` is not a lesson folder name: use letters, digits, `-` or `_` (like `01-initialize-tensors`)"));
            } else {
                listed.push((name, line));
            }
        }
        let manifest = PackManifest {
            id: raw.id.into_inner(),
            title: raw.title,
            version: raw.version,
            description: raw.description,
            authors: raw.authors,
            lessons: listed.iter().map(|(n, _)| n.clone()).collect(),
            limits,
        };
        Some((manifest, listed))
    }

    /// Listed but missing: error. Present with a lesson.md but unlisted: warning.
    fn check_lesson_folders(&mut self, listed: &[(String, usize)]) {
        let dirs = self.src.dirs();
        let unlisted: Vec<&str> = dirs
            .iter()
            .map(String::as_str)
            .filter(|d| !listed.iter().any(|(n, _)| n == d))
            .collect();
        for (name, line) in listed {
            if !dirs.contains(name) {
                let hint = did_you_mean(name, unlisted.iter().copied());
                self.error("pack.toml", Some(*line), format!(
                    "lesson `{name}` is listed in `lessons` but there is no folder `{name}/` in the pack{hint}"));
            }
        }
        for dir in unlisted {
            let looks_like_lesson = [format!("{dir}/lesson.md"), format!("{dir}/exercises.toml")]
                .iter()
                .any(|f| matches!(self.src.read(f), Ok(Some(_)) | Err(_)));
            if looks_like_lesson {
                self.warning(&format!("{dir}/"), None, format!(
                    "folder `{dir}/` holds a lesson but is not listed in pack.toml's `lessons`, so learners \
                     will not see it; add it to `lessons` or remove the folder"));
            }
        }
    }

    fn load_lesson(&mut self, id: &str) -> Option<Lesson> {
        let rel = format!("{id}/lesson.md");
        let Some(text) = self.read(&rel) else {
            if !self
                .diags
                .iter()
                .any(|d| d.file == self.src.display_path(&rel))
            {
                self.error(&rel, None, format!("lesson `{id}` has no lesson.md"));
            }
            return None;
        };
        // Exercises load even when lesson.md is broken, so all errors show at once.
        let exercises = self.load_exercises(id);
        let (front, body) = match split_front_matter(&text) {
            Ok(parts) => parts,
            Err((line, message)) => {
                self.error(&rel, Some(line), message);
                return None;
            }
        };
        let file = TomlFile {
            rel: rel.clone(),
            text: front.text,
            first_line: front.first_line,
        };
        let fm: Option<FrontMatter> = self.parse_toml(&file);
        let (blocks, warnings) = parse_body(body.text, body.first_line);
        for w in warnings {
            self.warning(&rel, Some(w.line), w.message);
        }
        for ex in blocks.iter().filter_map(|b| match b {
            LessonBlock::Example(e) => Some(e),
            LessonBlock::Prose(_) => None,
        }) {
            // An example may show a syntax error on purpose: its output block says so.
            let shows_error = ex
                .expected_output
                .as_deref()
                .is_some_and(|o| o.starts_with("SyntaxError") || o.starts_with("IndentationError"));
            if let Some(e) = syntax_error(&ex.code, PyMode::Statements).filter(|_| !shows_error) {
                self.error(
                    &rel,
                    Some(ex.line + e.line),
                    format!(
                        "this example is not valid Python (line {} of the example): {}",
                        e.line, e.message
                    ),
                );
            }
        }
        let fm = fm?;
        if let Some(setup) = &fm.setup
            && let Some(e) = syntax_error(setup, PyMode::Statements)
        {
            let line = front_matter_key_line(front.text, front.first_line, "setup");
            self.error(
                &rel,
                Some(line + e.line),
                format!("the lesson's setup is not valid Python (line {} of the setup): {}", e.line, e.message),
            );
            return None;
        }
        Some(Lesson {
            id: id.to_string(),
            title: fm.title,
            summary: fm.summary,
            setup: fm.setup.filter(|s| !s.trim().is_empty()),
            body: blocks,
            exercises,
        })
    }

    fn load_exercises(&mut self, lesson: &str) -> Vec<Exercise> {
        let rel = format!("{lesson}/exercises.toml");
        let Some(text) = self.read(&rel) else {
            return Vec::new();
        };
        let file = TomlFile {
            rel,
            text: &text,
            first_line: 1,
        };
        let Some(raw): Option<RawExercises> = self.parse_toml(&file) else {
            return Vec::new();
        };
        let mut out: Vec<Exercise> = Vec::new();
        let mut seen: Vec<(String, usize)> = Vec::new();
        for ex in raw.exercise {
            let line = file.span_line(&ex);
            let ex = ex.into_inner();
            let id_line = file.span_line(&ex.id);
            let id = ex.id.get_ref().clone();
            if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
                self.error(&file.rel, Some(id_line), format!(
                    "duplicate exercise id `{id}`: it is already used on line {first}; ids must be unique in a lesson"));
                continue;
            }
            seen.push((id.clone(), id_line));
            if let Some(e) = self.convert_exercise(&file, ex, line) {
                out.push(e);
            }
        }
        out
    }

    fn convert_exercise(
        &mut self,
        file: &TomlFile,
        ex: RawExercise,
        line: usize,
    ) -> Option<Exercise> {
        let id = ex.id.get_ref().clone();
        let mut ok = true;
        if !is_safe_name(&id) {
            self.error(&file.rel, Some(file.span_line(&ex.id)), format!(
                "exercise id `{id}` must be letters, digits, `-` or `_` (the learner's work is saved as `{id}.py`)"));
            ok = false;
        }
        let points = match &ex.points {
            Some(p) if !(p.get_ref().is_finite() && *p.get_ref() >= 0.0) => {
                self.error(
                    &file.rel,
                    Some(file.span_line(p)),
                    format!("exercise `{id}`: points must be a number ≥ 0"),
                );
                ok = false;
                1.0
            }
            Some(p) => *p.get_ref(),
            None => 1.0,
        };
        for (what, code) in [
            ("starter", ex.starter.as_ref()),
            ("solution", Some(&ex.solution)),
        ] {
            let Some(code) = code else { continue };
            if let Some(e) = syntax_error(code.get_ref(), PyMode::Statements) {
                let at = file.code_line(code.span(), e.line);
                self.error(&file.rel, Some(at), format!(
                    "exercise `{id}`: the {what} is not valid Python (line {} of the {what}): {}", e.line, e.message));
                ok = false;
            }
        }
        if ex.check.is_empty() {
            self.error(&file.rel, Some(line), format!(
                "exercise `{id}` has no checks: add at least one [[exercise.check]] with a `kind` ({})",
                super::model::CheckKind::NAMES.join(", ")));
            ok = false;
        }
        let mut checks = Vec::new();
        for c in ex.check {
            match convert_check(self, file, &id, c) {
                Some(c) => checks.push(c),
                None => ok = false,
            }
        }
        ok.then(|| Exercise {
            id,
            title: ex.title,
            prompt: ex.prompt,
            starter: ex.starter.map(Spanned::into_inner).unwrap_or_default(),
            solution: ex.solution.into_inner(),
            hints: ex.hints,
            points,
            starter_passes: ex.starter_passes,
            checks,
            line,
        })
    }
}

/// Names that become folder or file names: no path tricks, no spaces.
fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(['-', '.'])
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A piece of lesson.md and the file line its first line is on.
pub(crate) struct Part<'a> {
    pub text: &'a str,
    pub first_line: usize,
}

/// The line of lesson.md where front-matter key `key` is set (its first line
/// when the key is absent).
fn front_matter_key_line(front: &str, first_line: usize, key: &str) -> usize {
    front
        .lines()
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')))
        .map_or(first_line, |i| first_line + i)
}

/// Split lesson.md into its `+++` front matter and its body.
pub(crate) fn split_front_matter(text: &str) -> Result<(Part<'_>, Part<'_>), (usize, String)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err((
            1,
            "lesson.md must begin with a `+++` line that opens its TOML front matter \
            (title = \"...\", summary = \"...\"), closed by another `+++` line"
                .into(),
        ));
    }
    let front_start = first.len();
    let mut offset = front_start;
    for (i, line) in lines.enumerate() {
        if line.trim_end() == "+++" {
            let front = Part {
                text: &text[front_start..offset],
                first_line: 2,
            };
            let body = Part {
                text: &text[offset + line.len()..],
                first_line: i + 3,
            };
            return Ok((front, body));
        }
        offset += line.len();
    }
    Err((
        1,
        "the front matter opened by `+++` on line 1 is never closed: add a line with only `+++` \
        after the title and summary"
            .into(),
    ))
}

/// The `[table]` or `[[array.of.tables]]` header that `offset` falls under, if any.
fn enclosing_table(text: &str, offset: usize) -> Option<&str> {
    // The header of the table that holds `offset` can be on the error's own line.
    // A '\n' byte is always a char boundary, so slicing there is safe on any input.
    let offset = offset.min(text.len());
    let line_end = text.as_bytes()[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| offset + i);
    text[..line_end]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| {
            // Drop a trailing comment.
            l.split_once('#').map_or(l, |(h, _)| h).trim_end()
        })
}

/// Turn serde/toml wording into an instructor's. `table` is the header the error is under.
fn humanize_toml_error(message: &str, table: Option<&str>) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = match rest.split_once("expected") {
            Some((_, list)) => list.split('`').skip(1).step_by(2).collect(),
            None => Vec::new(),
        };
        let hint = did_you_mean(unknown, expected.iter().copied());
        let known = if expected.is_empty() {
            String::new()
        } else {
            format!(" (known keys here: {})", expected.join(", "))
        };
        return format!("unknown key `{unknown}`{hint}{known}");
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        let place = table.map(|t| format!(" in this {t}")).unwrap_or_default();
        return format!("missing required key `{field}`{place}");
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another value"));
        return format!(
            "invalid value: found {found} where {} is expected",
            plain_type(expected)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        if found == "map" && expected == "a sequence" && table.is_some_and(|t| !t.starts_with("[["))
        {
            let name = table.unwrap_or("").trim_matches(['[', ']']);
            return format!(
                "`{name}` is a list of tables: write its header with two brackets, [[{name}]]"
            );
        }
        return format!(
            "wrong type: found {found} where {} is expected",
            plain_type(expected)
        );
    }
    // TOML syntax errors: keep the parser's words on one line.
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn plain_type(serde_name: &str) -> &str {
    match serde_name {
        "f64" | "f32" => "a number",
        "i64" | "i32" => "a whole number",
        "u64" | "u32" | "usize" => "a whole number ≥ 0",
        "a boolean" => "`true` or `false`",
        "a sequence" => "a list like [\"a\", \"b\"]",
        "a string" => "a string in quotes",
        other => other,
    }
}

/// Keys of each table, for tests and docs.
pub const KNOWN_KEYS: &[(&str, &[&str])] = &[
    ("pack.toml", raw::MANIFEST_KEYS),
    ("[limits]", raw::LIMITS_KEYS),
    ("front matter", raw::FRONT_MATTER_KEYS),
    ("exercises.toml", raw::EXERCISES_FILE_KEYS),
    ("[[exercise]]", raw::EXERCISE_KEYS),
    ("[[exercise.check]]", raw::CHECK_KEYS),
];
