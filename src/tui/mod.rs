//! The terminal workbook (ratatui): browse a pack, read lessons and run their
//! examples, edit, run and check exercises, try things in a scratchpad.
//!
//! Thin over the layers below: lessons come from `lesson`, saved work from
//! `workspace`, and code runs through a [`runner::Runner`] (the kernel process).
//! `App` owns the state and the event handling; one file a screen or popup;
//! styles in `theme`, words in `strings`, keys in `keymap`.

pub mod app;
pub mod component;
pub mod context;
pub mod keymap;
pub mod popups;
pub mod render;
pub mod runner;
pub mod screens;
pub mod strings;
pub mod terminal;
pub mod theme;
pub mod widgets;

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use ratatui::crossterm::event;

use crate::lesson::{Pack, embedded, load_pack_dir};
use crate::workspace::Workspace;
use app::App;
use context::Ctx;
use runner::Runner;
use theme::Theme;

/// The pack `tensorlings` opens when no `--pack` is given.
pub const DEFAULT_PACK: &str = "pytorch-basics";

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Draw one frame, restore the terminal and exit (start-up benchmark).
    pub exit_after_first_frame: bool,
}

/// `tensorlings [--pack DIR]`: load the pack, then run the workbook on it.
pub fn main(pack_dir: Option<&Path>, options: Options) -> anyhow::Result<()> {
    let started = Instant::now();
    let pack = load(pack_dir)?;
    let workspace = Workspace::default_location();
    let runner = default_runner(&pack);
    run_with(pack, workspace, runner, options)?;
    if options.exit_after_first_frame {
        eprintln!(
            "first frame after {:.1} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(())
}

/// The built-in pack, or the pack in `dir`.
pub fn load(dir: Option<&Path>) -> anyhow::Result<Pack> {
    let loaded = match dir {
        None => embedded::load_builtin(DEFAULT_PACK)
            .with_context(|| strings::no_builtin_pack(DEFAULT_PACK))?,
        Some(d) => load_pack_dir(d),
    };
    match loaded {
        Ok(l) => Ok(l.pack),
        Err(e) => {
            let at = dir.map_or_else(|| DEFAULT_PACK.to_string(), |d| d.display().to_string());
            bail!("{}:\n{e}", strings::pack_load_failed(&at))
        }
    }
}

/// Kernel processes (`tensorlings kernel`) with the pack's limits, on a worker
/// thread; the grader checks answers.
pub fn default_runner(pack: &Pack) -> Box<dyn Runner> {
    let engine = runner::kernel::KernelEngine::new(&pack.manifest.limits).with_grader(pack);
    Box::new(runner::threaded::ThreadedRunner::new(engine))
}

/// Run the workbook on `pack`, saving into `workspace`, until the learner quits.
pub fn run(pack: Pack, workspace: Workspace) -> anyhow::Result<()> {
    let runner = default_runner(&pack);
    run_with(pack, workspace, runner, Options::default())
}

pub fn new_app(
    pack: Pack,
    workspace: Workspace,
    runner: Box<dyn Runner>,
    theme: Theme,
    device: String,
) -> App {
    let progress = workspace.load_progress();
    let ctx = Ctx {
        pack,
        workspace,
        progress,
        theme,
        device,
        actions: Vec::new(),
        running: None,
        queued: Vec::new(),
    };
    App::new(ctx, runner)
}

pub fn run_with(
    pack: Pack,
    workspace: Workspace,
    runner: Box<dyn Runner>,
    options: Options,
) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the workbook needs a terminal; for scripts, see `tensorlings --help`");
    }
    let mut app = new_app(
        pack,
        workspace,
        runner,
        Theme::from_env(),
        widgets::status_bar::device_label(),
    );
    let (mut term, _guard) = terminal::setup().context("could not set up the terminal")?;
    let result = event_loop(&mut term, &mut app, options);
    app.save_all();
    result
}

fn event_loop(term: &mut terminal::Term, app: &mut App, options: Options) -> anyhow::Result<()> {
    loop {
        app.on_tick(Instant::now());
        term.draw(|f| app.draw(f))?;
        if options.exit_after_first_frame || app.should_quit() {
            return Ok(());
        }
        if event::poll(app.poll_interval())? {
            app.handle_event(&event::read()?);
            // Take everything already typed before drawing again (fast typing, pastes).
            while !app.should_quit() && event::poll(Duration::ZERO)? {
                app.handle_event(&event::read()?);
            }
        }
    }
}
