//! The [`CodeRunner`] `tensorlings validate` drives: examples run as cells of
//! one kernel, exercises graded by the [`Grader`] (one kernel each).

use crate::lesson::validate::{CellRun, CheckRun, CodeRunner};
use crate::lesson::{Exercise, Lesson, Limits, Pack};

use super::exercise::Grader;
use super::run::{KernelSetup, timeout};

/// Runs pack code in kernels; graders are made per pack (their caches are per pack).
pub struct KernelRunner {
    setup: KernelSetup,
    grader: Option<(String, Grader)>,
}

impl KernelRunner {
    pub fn new(setup: KernelSetup) -> Self {
        KernelRunner { setup, grader: None }
    }

    fn grader_for(&mut self, lesson: &Lesson, limits: &Limits) -> &Grader {
        // The validator hands over lessons one at a time; a pack of one lesson
        // with the right limits is all the grader needs of it.
        let key = format!("{}\u{0}{}\u{0}{}", lesson.id, limits.timeout_s, limits.memory_mb);
        if self.grader.as_ref().is_none_or(|(k, _)| *k != key) {
            let pack = Pack {
                manifest: crate::lesson::PackManifest {
                    id: "validate".into(),
                    title: String::new(),
                    version: String::new(),
                    description: String::new(),
                    authors: Vec::new(),
                    lessons: vec![lesson.id.clone()],
                    limits: *limits,
                },
                lessons: vec![lesson.clone()],
            };
            self.grader = Some((key, Grader::new(pack, self.setup.clone())));
        }
        &self.grader.as_ref().expect("set above").1
    }
}

impl CodeRunner for KernelRunner {
    fn run_cells(&mut self, cells: &[&str], limits: &Limits) -> Result<Vec<CellRun>, String> {
        let mut kernel = self.setup.spawn(limits).map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        for cell in cells {
            let r = kernel.execute(cell, Some(timeout(limits))).map_err(|e| e.to_string())?;
            let mut display = r.stdout.clone();
            if let Some(d) = &r.display {
                display.push_str(d);
            }
            let raised = r.error.as_ref().map(|e| e.line());
            if let Some(line) = &raised {
                display.push_str(line);
                display.push('\n');
            }
            out.push(CellRun { display, raised });
        }
        Ok(out)
    }

    fn check(&mut self, lesson: &Lesson, exercise: &Exercise, code: &str, limits: &Limits) -> Result<Vec<CheckRun>, String> {
        let grader = self.grader_for(lesson, limits);
        let lesson = &grader.pack().lessons[0];
        let exercise = lesson.exercise(&exercise.id).ok_or("the exercise is not in its lesson")?;
        let result = grader.grade(lesson, exercise, Some(code));
        if result.outcome == super::result::Outcome::GraderError {
            return Err(result.summary);
        }
        Ok(result
            .checks
            .iter()
            .map(|c| CheckRun {
                passed: c.passed,
                // The validator is for the pack's author: show hidden details too.
                detail: c.detail.clone().unwrap_or_else(|| c.message.clone()),
            })
            .collect())
    }
}
