//! The state every screen may read (the pack, the learner's progress, the
//! theme, what is running) and the actions screens ask the app to perform.

use crate::lesson::{Exercise, Lesson, Pack};
use crate::workspace::{Progress, Workspace};

use super::runner::Job;
use super::theme::Theme;

/// Who a job's result goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Example {
        lesson: usize,
        cell: usize,
    },
    Exercise {
        lesson: usize,
        exercise: usize,
        check: bool,
    },
    Scratch {
        entry: usize,
    },
}

#[derive(Clone, Debug)]
pub enum Action {
    OpenHome,
    OpenLesson(usize),
    OpenExercise {
        lesson: usize,
        exercise: usize,
    },
    OpenScratch,
    /// Resume at `progress.current`.
    Continue,
    /// Run a job (queued behind the running one).
    Submit(Target, Job),
    Interrupt,
    ToggleHelp,
    Quit,
    /// A short message for the status bar.
    Status(String),
}

pub struct Ctx {
    pub pack: Pack,
    pub workspace: Workspace,
    pub progress: Progress,
    pub theme: Theme,
    /// `CPU` or `CUDA: <device name>`.
    pub device: String,
    /// Filled by screens, drained by the app after each event.
    pub actions: Vec<Action>,
    /// What is running now, and what waits.
    pub running: Option<Target>,
    pub queued: Vec<Target>,
}

/// How far a learner is in one lesson.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LessonStats {
    pub done: usize,
    pub total: usize,
    pub points: f64,
    pub max_points: f64,
}

impl LessonStats {
    pub fn percent(&self) -> u16 {
        if self.total == 0 {
            0
        } else {
            (100 * self.done / self.total) as u16
        }
    }
}

impl Ctx {
    pub fn pack_id(&self) -> &str {
        &self.pack.manifest.id
    }

    pub fn lesson(&self, i: usize) -> &Lesson {
        &self.pack.lessons[i]
    }

    pub fn exercise(&self, lesson: usize, exercise: usize) -> &Exercise {
        &self.pack.lessons[lesson].exercises[exercise]
    }

    pub fn exercise_progress(
        &self,
        lesson: usize,
        exercise: usize,
    ) -> Option<&crate::workspace::ExerciseProgress> {
        let l = self.lesson(lesson);
        self.progress
            .get(self.pack_id(), &l.id, &l.exercises[exercise].id)
    }

    pub fn lesson_stats(&self, lesson: usize) -> LessonStats {
        let l = self.lesson(lesson);
        let mut s = LessonStats {
            total: l.exercises.len(),
            ..Default::default()
        };
        for (i, e) in l.exercises.iter().enumerate() {
            s.max_points += e.points;
            if let Some(p) = self.exercise_progress(lesson, i) {
                s.done += usize::from(p.passed);
                // Progress keeps the best score in check points; scale to the exercise's points.
                if p.max_score > 0.0 {
                    s.points += e.points * (p.best_score / p.max_score).min(1.0);
                }
            }
        }
        s
    }

    pub fn pack_stats(&self) -> LessonStats {
        (0..self.pack.lessons.len())
            .map(|i| self.lesson_stats(i))
            .fold(LessonStats::default(), |a, b| LessonStats {
                done: a.done + b.done,
                total: a.total + b.total,
                points: a.points + b.points,
                max_points: a.max_points + b.max_points,
            })
    }

    /// `progress.current` as (lesson, exercise) indices in this pack.
    pub fn current(&self) -> Option<(usize, Option<usize>)> {
        let cur = self.progress.current.as_deref()?;
        let mut parts = cur.split('/');
        if parts.next()? != self.pack_id() {
            return None;
        }
        let lesson_id = parts.next()?;
        let li = self.pack.lessons.iter().position(|l| l.id == lesson_id)?;
        let ei = parts.next().and_then(|e| {
            self.pack.lessons[li]
                .exercises
                .iter()
                .position(|x| x.id == e)
        });
        Some((li, ei))
    }

    pub fn set_current(&mut self, lesson: usize, exercise: Option<usize>) {
        let l = &self.pack.lessons[lesson];
        self.progress.current = Some(match exercise {
            Some(e) => format!("{}/{}/{}", self.pack.manifest.id, l.id, l.exercises[e].id),
            None => format!("{}/{}", self.pack.manifest.id, l.id),
        });
    }

    pub fn is_running(&self, t: &Target) -> bool {
        self.running.as_ref() == Some(t)
    }

    pub fn push(&mut self, a: Action) {
        self.actions.push(a);
    }
}
