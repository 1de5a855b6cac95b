//! The app: owns the screens, the runner and the shared state; turns events
//! into screen calls and actions, actions into screen changes and jobs, and job
//! results into screen updates and saved progress. No terminal here: the loop
//! in `mod.rs` feeds events and draws, and tests do the same with a test backend.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};

use super::component::Component;
use super::context::{Action, Ctx, Target};
use super::keymap::{self, Cmd, KeyContext};
use super::popups::help::Help;
use super::runner::{Job, JobId, JobResult, Runner};
use super::screens::exercise::ExerciseScreen;
use super::screens::home::Home;
use super::screens::lesson::LessonScreen;
use super::screens::scratchpad::Scratchpad;
use super::strings as s;
use super::widgets::status_bar::StatusBar;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScreenId {
    Home,
    Lesson,
    Exercise,
    Scratch,
}

struct Running {
    id: JobId,
    target: Target,
    started: Instant,
    stopping: bool,
}

pub struct App {
    pub ctx: Ctx,
    runner: Box<dyn Runner>,
    screen: ScreenId,
    home: Home,
    lesson: Option<LessonScreen>,
    exercise: Option<ExerciseScreen>,
    scratch: Scratchpad,
    help: Option<Help>,
    running: Option<Running>,
    queue: VecDeque<(Target, Job)>,
    now: Instant,
    message: Option<String>,
    quit: bool,
}

impl App {
    /// Opens where the learner left off (`progress.current`), else at home.
    pub fn new(ctx: Ctx, runner: Box<dyn Runner>) -> App {
        let home = Home::new();
        let scratch = Scratchpad::new(&ctx);
        let mut app = App {
            ctx,
            runner,
            screen: ScreenId::Home,
            home,
            lesson: None,
            exercise: None,
            scratch,
            help: None,
            running: None,
            queue: VecDeque::new(),
            now: Instant::now(),
            message: None,
            quit: false,
        };
        if let Some((l, e)) = app.ctx.current() {
            app.home.select(&app.ctx, l, e);
            app.perform(match e {
                Some(e) => Action::OpenExercise {
                    lesson: l,
                    exercise: e,
                },
                None => Action::OpenLesson(l),
            });
        }
        app
    }

    pub fn screen(&self) -> ScreenId {
        self.screen
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn is_busy(&self) -> bool {
        self.running.is_some()
    }

    fn key_context(&self) -> KeyContext {
        match self.screen {
            ScreenId::Home => KeyContext::Home,
            ScreenId::Lesson => KeyContext::Lesson,
            ScreenId::Exercise => KeyContext::Exercise,
            ScreenId::Scratch => KeyContext::Scratch,
        }
    }

    /// One terminal event.
    pub fn handle_event(&mut self, ev: &Event) {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key(k),
            Event::Mouse(m) => {
                if let Some(h) = self.help.as_mut() {
                    h.handle_mouse(m);
                } else {
                    self.with_screen(|scr, ctx| {
                        scr.handle_mouse(m, ctx);
                    });
                }
            }
            Event::Paste(text) => self.with_screen(|scr, ctx| {
                scr.handle_paste(text, ctx);
            }),
            _ => {}
        }
        self.drain_actions();
    }

    /// Call the current screen with the shared context.
    fn with_screen(&mut self, f: impl FnOnce(&mut dyn Component, &mut Ctx)) {
        let ctx = &mut self.ctx;
        let scr: &mut dyn Component = match self.screen {
            ScreenId::Lesson if self.lesson.is_some() => self.lesson.as_mut().unwrap(),
            ScreenId::Exercise if self.exercise.is_some() => self.exercise.as_mut().unwrap(),
            ScreenId::Scratch => &mut self.scratch,
            _ => &mut self.home,
        };
        f(scr, ctx);
    }

    fn handle_key(&mut self, key: &KeyEvent) {
        self.message = None;
        if let Some(h) = self.help.as_mut() {
            if !h.handle_key(key) {
                self.help = None;
            }
            return;
        }
        let kc = self.key_context();
        // Keys that work the same on every screen, before the screen sees them.
        if keymap::is(KeyContext::Global, Cmd::Quit, key) {
            return self.perform(Action::Quit);
        }
        if keymap::is(KeyContext::Global, Cmd::Help, key) {
            return self.perform(Action::ToggleHelp);
        }
        if keymap::is(KeyContext::Global, Cmd::Interrupt, key) {
            if self.running.is_some() {
                return self.perform(Action::Interrupt);
            }
            if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
                self.message = Some(s::NOTHING_TO_STOP.into());
                return;
            }
        }
        let mut consumed = false;
        self.with_screen(|scr, ctx| consumed = scr.handle_key(key, ctx).consumed());
        if !consumed {
            match keymap::lookup(kc, key) {
                Some(Cmd::Quit) => self.perform(Action::Quit),
                Some(Cmd::Help) => self.perform(Action::ToggleHelp),
                Some(Cmd::Back) if self.screen != ScreenId::Home => self.perform(Action::OpenHome),
                _ => {}
            }
        }
    }

    fn drain_actions(&mut self) {
        while !self.ctx.actions.is_empty() {
            let actions = std::mem::take(&mut self.ctx.actions);
            for a in actions {
                self.perform(a);
            }
        }
    }

    /// Carry out one action.
    pub fn perform(&mut self, action: Action) {
        match action {
            Action::OpenHome => {
                self.leave_exercise();
                self.screen = ScreenId::Home;
            }
            Action::OpenLesson(l) => {
                self.leave_exercise();
                if self.lesson.as_ref().is_none_or(|s| s.lesson != l) {
                    self.lesson = Some(LessonScreen::new(&self.ctx, l));
                }
                self.ctx.set_current(l, None);
                self.home.select(&self.ctx, l, None);
                self.save_progress();
                self.screen = ScreenId::Lesson;
            }
            Action::OpenExercise { lesson, exercise } => {
                if lesson >= self.ctx.pack.lessons.len()
                    || exercise >= self.ctx.lesson(lesson).exercises.len()
                {
                    return;
                }
                let same = self
                    .exercise
                    .as_ref()
                    .is_some_and(|s| s.lesson == lesson && s.exercise == exercise);
                if !same {
                    self.leave_exercise();
                    self.exercise = Some(ExerciseScreen::new(&self.ctx, lesson, exercise));
                }
                self.ctx.set_current(lesson, Some(exercise));
                self.home.select(&self.ctx, lesson, Some(exercise));
                self.save_progress();
                self.screen = ScreenId::Exercise;
            }
            Action::OpenScratch => {
                self.leave_exercise();
                self.screen = ScreenId::Scratch;
            }
            Action::Continue => match self.ctx.current() {
                Some((l, Some(e))) => self.perform(Action::OpenExercise {
                    lesson: l,
                    exercise: e,
                }),
                Some((l, None)) => self.perform(Action::OpenLesson(l)),
                None => self.perform(Action::OpenLesson(0)),
            },
            Action::Submit(target, job) => {
                if let (
                    Target::Exercise {
                        lesson, exercise, ..
                    },
                    Job::Execute { code, .. } | Job::Check { code, .. },
                ) = (&target, &job)
                {
                    self.save_code(*lesson, *exercise, code);
                }
                self.queue.push_back((target, job));
                self.start_next();
            }
            Action::Interrupt => {
                if let Some(r) = self.running.as_mut() {
                    r.stopping = true;
                    self.runner.interrupt();
                }
                // What waited behind the stopped job is dropped too.
                self.queue.clear();
                self.sync_queue();
            }
            Action::ToggleHelp => {
                self.help = match self.help {
                    Some(_) => None,
                    None => Some(Help::new(self.key_context())),
                }
            }
            Action::Quit => {
                self.save_all();
                self.quit = true;
            }
            Action::Status(m) => self.message = Some(m),
        }
    }

    fn start_next(&mut self) {
        if self.running.is_none() {
            if let Some((target, job)) = self.queue.pop_front() {
                let id = self.runner.submit(job);
                self.running = Some(Running {
                    id,
                    target,
                    started: self.now,
                    stopping: false,
                });
            }
        }
        self.sync_queue();
    }

    fn sync_queue(&mut self) {
        self.ctx.running = self.running.as_ref().map(|r| r.target.clone());
        self.ctx.queued = self.queue.iter().map(|(t, _)| t.clone()).collect();
    }

    /// Time passes: collect finished jobs. `now` is passed in so tests control the clock.
    pub fn on_tick(&mut self, now: Instant) {
        self.now = now;
        while let Some((id, result)) = self.runner.poll() {
            let Some(r) = self.running.take_if(|r| r.id == id) else {
                continue;
            };
            self.deliver(r.target, result);
            self.start_next();
        }
        self.sync_queue();
    }

    fn deliver(&mut self, target: Target, result: JobResult) {
        if let JobResult::KernelDied { reason } = &result {
            self.message = Some(s::kernel_died(reason));
            // The namespace went with the kernel: queued cells would fail on missing names.
            self.queue.clear();
        }
        match target {
            Target::Example { lesson, cell } => {
                if let Some(scr) = self.lesson.as_mut().filter(|s| s.lesson == lesson) {
                    scr.on_result(cell, result);
                }
            }
            Target::Exercise {
                lesson,
                exercise,
                check,
            } => {
                if let (true, JobResult::Checked(report)) = (check, &result) {
                    let (pack, lid, eid) = {
                        let l = self.ctx.lesson(lesson);
                        (
                            self.ctx.pack_id().to_string(),
                            l.id.clone(),
                            l.exercises[exercise].id.clone(),
                        )
                    };
                    self.ctx.progress.record_check(
                        &pack,
                        &lid,
                        &eid,
                        report.score,
                        report.max_score,
                    );
                    self.save_progress();
                }
                if let Some(scr) = self
                    .exercise
                    .as_mut()
                    .filter(|s| s.lesson == lesson && s.exercise == exercise)
                {
                    scr.on_result(result);
                }
            }
            Target::Scratch { entry } => self.scratch.on_result(entry, result),
        }
    }

    fn save_code(&mut self, lesson: usize, exercise: usize, code: &str) {
        let l = self.ctx.lesson(lesson);
        let (pack, lid, eid) = (
            self.ctx.pack_id().to_string(),
            l.id.clone(),
            l.exercises[exercise].id.clone(),
        );
        if let Err(e) = self.ctx.workspace.save_code(&pack, &lid, &eid, code) {
            self.message = Some(format!("{}: {e}", s::SAVE_FAILED));
        }
    }

    fn save_progress(&mut self) {
        if let Err(e) = self.ctx.workspace.save_progress(&self.ctx.progress) {
            self.message = Some(format!("{}: {e}", s::SAVE_FAILED));
        }
    }

    /// Save the open exercise's code (when it changed since it was saved).
    fn leave_exercise(&mut self) {
        if let Some(scr) = self.exercise.as_ref() {
            let (l, e, code) = (scr.lesson, scr.exercise, scr.code());
            let lesson = self.ctx.lesson(l);
            let saved = self.ctx.workspace.load_code(
                self.ctx.pack_id(),
                &lesson.id,
                &lesson.exercises[e].id,
            );
            let starter = &lesson.exercises[e].starter;
            if saved.as_deref() != Some(code.as_str())
                && !(saved.is_none() && code.trim_end() == starter.trim_end())
            {
                self.save_code(l, e, &code);
            }
        }
    }

    /// Everything the learner has, to disk (on quit, and when the loop ends for any reason).
    pub fn save_all(&mut self) {
        self.leave_exercise();
        self.save_progress();
    }

    pub fn draw(&mut self, f: &mut Frame) {
        let [main, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(f.area());
        let screen = self.screen;
        let ctx = &self.ctx;
        match screen {
            ScreenId::Lesson if self.lesson.is_some() => {
                self.lesson.as_mut().unwrap().draw(f, main, ctx)
            }
            ScreenId::Exercise if self.exercise.is_some() => {
                self.exercise.as_mut().unwrap().draw(f, main, ctx)
            }
            ScreenId::Scratch => self.scratch.draw(f, main, ctx),
            _ => self.home.draw(f, main, ctx),
        }
        let limits = &ctx.pack.manifest.limits;
        StatusBar {
            running: self
                .running
                .as_ref()
                .map(|r| (self.now.saturating_duration_since(r.started), r.stopping)),
            queued: self.queue.len(),
            message: self.message.as_deref(),
            device: &ctx.device,
            limits: s::status_limits(limits.timeout_s, limits.memory_mb),
        }
        .draw(f, status, &ctx.theme);
        if let Some(h) = self.help.as_mut() {
            h.draw(f, main, &self.ctx.theme);
        }
    }

    /// How long the loop may sleep waiting for input: short while a spinner turns.
    pub fn poll_interval(&self) -> Duration {
        if self.running.is_some() {
            Duration::from_millis(100)
        } else {
            Duration::from_millis(500)
        }
    }
}
