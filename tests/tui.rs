//! The workbook's screens, driven through the app's own event handling (keys
//! in, frames out) on ratatui's TestBackend, at 80x24 and 120x40. Code runs on
//! a scripted fake runner; the built-in pack supplies the lessons.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tensorlings::tui::app::{App, ScreenId};
use tensorlings::tui::runner::fake::FakeRunner;
use tensorlings::tui::runner::{
    CellOutput, CheckOutcome, CheckReport, Job, JobResult, PyError, Speedup,
};
use tensorlings::tui::theme::{Palette, Theme};
use tensorlings::workspace::Workspace;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

struct H {
    app: App,
    term: Terminal<TestBackend>,
    fake: FakeRunner,
    home: PathBuf,
    t0: Instant,
}

fn temp_home() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "tl-tui-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn open_at(home: PathBuf, fake: FakeRunner, w: u16, h: u16) -> H {
    let pack = tensorlings::tui::load(None).unwrap();
    let ws = Workspace::at(&home);
    let app = tensorlings::tui::new_app(
        pack,
        ws,
        Box::new(fake.clone()),
        Theme::new(Palette::NoColor),
        "CPU".into(),
    );
    let mut h = H {
        app,
        term: Terminal::new(TestBackend::new(w, h)).unwrap(),
        fake,
        home,
        t0: Instant::now(),
    };
    h.tick(0);
    h
}

fn open(w: u16, h: u16) -> H {
    open_at(temp_home(), FakeRunner::new(), w, h)
}

impl H {
    fn key_mod(&mut self, code: KeyCode, m: KeyModifiers) {
        self.app.handle_event(&Event::Key(KeyEvent::new(code, m)));
    }
    fn key(&mut self, code: KeyCode) {
        self.key_mod(code, KeyModifiers::NONE);
    }
    fn ch(&mut self, c: char) {
        self.key(KeyCode::Char(c));
    }
    fn ctrl(&mut self, c: char) {
        self.key_mod(KeyCode::Char(c), KeyModifiers::CONTROL);
    }
    fn typ(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.key(KeyCode::Enter)
            } else {
                self.ch(c)
            }
        }
    }
    /// Let `ms` milliseconds pass since the start (collects finished jobs).
    fn tick(&mut self, ms: u64) {
        self.app.on_tick(self.t0 + Duration::from_millis(ms));
    }
    fn frame(&mut self) -> String {
        self.term.draw(|f| self.app.draw(f)).unwrap();
        self.term.backend().to_string()
    }
    fn mouse(&mut self, kind: MouseEventKind, column: u16, row: u16) {
        self.app.handle_event(&Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }));
    }
}

fn snap(name: &str, h: &mut H) {
    let (w, ht) = (
        h.term.backend().buffer().area.width,
        h.term.backend().buffer().area.height,
    );
    let frame = h.frame();
    insta::assert_snapshot!(format!("{name}_{w}x{ht}"), frame);
}


#[test]
fn home_lists_lessons_exercises_and_progress() {
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        assert_eq!(h.app.screen(), ScreenId::Home);
        snap("home", &mut h);
    }
}

#[test]
fn home_search_filters_and_opens() {
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        h.ch('/');
        h.typ("matrix");
        snap("home_search", &mut h);
        h.key(KeyCode::Enter);
        assert_eq!(h.app.screen(), ScreenId::Lesson);
    }
}

#[test]
fn lesson_reader_shows_markdown_and_expected_outputs() {
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        h.key(KeyCode::Enter);
        assert_eq!(h.app.screen(), ScreenId::Lesson);
        snap("lesson_open", &mut h);
    }
}

#[test]
fn lesson_cells_run_inline_and_differences_are_marked() {
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        h.fake
            .on_output("zero_to_ten", "tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])\n");
        // A wrong output for the ones/zeros/rand cell.
        h.fake.on_output(
            "torch.ones(3,2)",
            "tensor([[1., 1.],\n        [1., 1.],\n        [1., 1.]])\nsomething else\n",
        );
        h.key(KeyCode::Enter); // open lesson 1
        h.key(KeyCode::Enter); // run cell 1 (import torch), selection moves to cell 2
        h.key(KeyCode::Enter); // run cell 2 (arange)
        h.key(KeyCode::Enter); // run cell 3 (ones/zeros/rand)
        h.tick(10);
        h.ch('p'); // back to cell 3: its output (marked as differing) comes into view
        h.ch('p');
        assert!(
            h.frame().contains("✓ as expected"),
            "cell 2 matched what the lesson shows"
        );
        h.ch('n');
        snap("lesson_ran", &mut h);
        let jobs = h.fake.submitted();
        assert_eq!(jobs.len(), 3);
        assert!(matches!(&jobs[1], Job::Execute { code, .. } if code.contains("zero_to_ten")));
    }
}

#[test]
fn running_shows_a_spinner_and_esc_interrupts_keeping_the_page() {
    let mut h = open(80, 24);
    h.fake.hold(true);
    h.key(KeyCode::Enter);
    h.ch('a'); // run all
    h.tick(1300);
    snap("lesson_running", &mut h);
    assert!(h.app.is_busy());
    h.key(KeyCode::Esc);
    h.tick(1400);
    assert_eq!(h.fake.interrupts(), 1);
    assert!(
        !h.app.is_busy(),
        "an interrupt ends the run and drops the queue"
    );
    assert_eq!(
        h.app.screen(),
        ScreenId::Lesson,
        "Esc while running only stops the run"
    );
    snap("lesson_interrupted", &mut h);
}

fn open_exercise(h: &mut H) {
    // Lesson 1, first exercise, through the home screen's `e`.
    h.ch('e');
    assert_eq!(h.app.screen(), ScreenId::Exercise);
}

#[test]
fn exercise_opens_with_the_starter() {
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        open_exercise(&mut h);
        snap("exercise_open", &mut h);
    }
}

#[test]
fn exercise_run_shows_output_and_the_learners_line_of_an_error() {
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        h.fake.on("evens = torch.arange(0, 20)", |_| {
            JobResult::Executed(CellOutput {
                display: "before the error\n".into(),
                stderr: String::new(),
                error: Some(PyError {
                    name: "NameError".into(),
                    message: "name 'evns' is not defined".into(),
                    line: Some(4),
                    traceback: String::new(),
                }),
                ..Default::default()
            })
        });
        open_exercise(&mut h);
        h.key(KeyCode::F(5));
        h.tick(5);
        snap("exercise_run_error", &mut h);
    }
}

fn failing_report() -> CheckReport {
    CheckReport {
        output: CellOutput { display: "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19])\n".into(), error: None, ..Default::default() },
        checks: vec![
            CheckOutcome { kind: "value".into(), passed: false, hidden: false, message: "`evens` should be the whole numbers 0, 2, 4, …, 20.".into(), speedup: None },
            CheckOutcome { kind: "uses".into(), passed: true, hidden: false, message: "uses arange".into(), speedup: None },
            CheckOutcome { kind: "value".into(), passed: false, hidden: true, message: String::new(), speedup: None },
        ],
        score: 1.0,
        max_score: 3.0,
    }
}

fn passing_report() -> CheckReport {
    CheckReport {
        output: CellOutput {
            display: "tensor([ 0,  2,  4,  6,  8, 10, 12, 14, 16, 18, 20])\n".into(),
            error: None,
            ..Default::default()
        },
        checks: vec![
            CheckOutcome {
                kind: "value".into(),
                passed: true,
                hidden: false,
                message: "`evens` is right".into(),
                speedup: None,
            },
            CheckOutcome {
                kind: "uses".into(),
                passed: true,
                hidden: false,
                message: "uses arange".into(),
                speedup: None,
            },
            CheckOutcome {
                kind: "value".into(),
                passed: true,
                hidden: true,
                message: String::new(),
                speedup: None,
            },
        ],
        score: 3.0,
        max_score: 3.0,
    }
}

#[test]
fn exercise_check_fails_then_passes_and_progress_is_saved() {
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        h.fake.on_check("arange(0, 20)", failing_report());
        h.fake.on_check("arange(0, 21, 2)", passing_report());
        open_exercise(&mut h);
        h.key(KeyCode::F(6));
        h.tick(5);
        snap("exercise_check_failed", &mut h);
        // Fix the code: go to line 3 and rewrite it.
        h.key(KeyCode::Down);
        h.key(KeyCode::Down);
        h.key(KeyCode::Home);
        h.key_mod(KeyCode::Char('k'), KeyModifiers::CONTROL); // delete to end of line
        h.typ("evens = torch.arange(0, 21, 2)");
        h.ctrl('t');
        h.tick(10);
        snap("exercise_check_passed", &mut h);
        let saved = std::fs::read_to_string(
            h.home
                .join("work/pytorch-basics/01-initialize-tensors/even-numbers.py"),
        )
        .unwrap();
        assert!(
            saved.contains("torch.arange(0, 21, 2)"),
            "code saved on check: {saved}"
        );
        let progress = std::fs::read_to_string(h.home.join("progress.toml")).unwrap();
        assert!(
            progress.contains("passed = true") && progress.contains("attempts = 2"),
            "{progress}"
        );
    }
}

#[test]
fn hints_one_at_a_time_and_the_solution_locked_until_earned() {
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        open_exercise(&mut h);
        h.key(KeyCode::F(7));
        h.key(KeyCode::F(7));
        h.key(KeyCode::F(8));
        snap("exercise_hints", &mut h);
    }
}

#[test]
fn faster_checks_draw_their_timings_as_bars() {
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        let report = CheckReport {
            output: CellOutput::default(),
            checks: vec![
                CheckOutcome {
                    kind: "value".into(),
                    passed: true,
                    hidden: false,
                    message: "same values as the loop".into(),
                    speedup: None,
                },
                CheckOutcome {
                    kind: "faster".into(),
                    passed: false,
                    hidden: false,
                    message: "Use one tensor operation instead of a Python loop.".into(),
                    speedup: Some(Speedup {
                        ratio: 1.5,
                        times: Some((0.0063, 0.0042)),
                        min_ratio: 2.0,
                    }),
                },
            ],
            score: 1.0,
            max_score: 2.0,
        };
        h.fake.on_check("", report);
        open_exercise(&mut h);
        h.key(KeyCode::F(6));
        h.tick(5);
        snap("exercise_faster", &mut h);
    }
}

#[test]
fn a_dead_kernel_is_reported_in_words() {
    let mut h = open(80, 24);
    h.fake.on("", |_| JobResult::KernelDied {
        reason: "it ran out of memory (limit 2048 MB)".into(),
    });
    open_exercise(&mut h);
    h.key(KeyCode::F(5));
    h.tick(5);
    snap("exercise_kernel_died", &mut h);
}

#[test]
fn reset_asks_first_and_restores_the_starter() {
    let mut h = open(80, 24);
    open_exercise(&mut h);
    h.typ("# my change\n");
    h.key(KeyCode::F(4));
    h.ch('y');
    h.key(KeyCode::F(5));
    h.tick(5);
    let jobs = h.fake.submitted();
    let Job::Execute { code, .. } = &jobs[0] else {
        panic!()
    };
    assert!(
        !code.contains("my change"),
        "reset put the starter back: {code}"
    );
}

#[test]
fn scratchpad_keeps_history_and_compares_timed_cells() {
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        h.fake.on_output("x.sum()", "tensor(6.)\n");
        h.fake.on_output(
            "loop",
            "CPU times: user 40 ms, sys: 1 ms, total: 41 ms\nWall time: 42.5 ms\n",
        );
        h.fake.on_output(
            "vector",
            "CPU times: user 2.1 ms, sys: 0 ns, total: 2.1 ms\nWall time: 2.3 ms\n",
        );
        h.ch('s');
        assert_eq!(h.app.screen(), ScreenId::Scratch);
        h.key(KeyCode::Enter); // runs the `import torch` the input starts with
        h.typ("x = torch.tensor([1., 2., 3.])\n");
        h.typ("x.sum()\n");
        // A cell magic line waits for its body; Alt-Enter adds lines anywhere.
        h.typ("%%time\n");
        h.typ("total = 0");
        h.key_mod(KeyCode::Enter, KeyModifiers::ALT);
        h.typ("for v in range(100000): total += v  # loop\n");
        h.typ("%%time\n");
        h.typ("total = torch.arange(100000).sum()  # vector\n");
        h.tick(5);
        h.key(KeyCode::Up);
        snap("scratchpad", &mut h);
        assert_eq!(h.fake.submitted().len(), 5);
        assert!(
            matches!(&h.fake.submitted()[0], Job::Execute { code, .. } if code == "import torch")
        );
    }
}

#[test]
fn help_lists_every_key_of_the_screen() {
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        h.key(KeyCode::F(1));
        snap("help_home", &mut h);
        h.key(KeyCode::Esc);
        open_exercise(&mut h);
        h.key(KeyCode::F(1));
        snap("help_exercise", &mut h);
    }
}

#[test]
fn mouse_wheel_scrolls_and_clicks_select() {
    let mut h = open(80, 24);
    h.frame();
    // Click the third row of the list (lesson 1's second exercise), then click it again to open.
    h.mouse(MouseEventKind::Down(MouseButton::Left), 10, 5);
    h.mouse(MouseEventKind::Down(MouseButton::Left), 10, 5);
    assert_eq!(h.app.screen(), ScreenId::Exercise);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.screen(), ScreenId::Lesson);
    h.frame();
    h.mouse(MouseEventKind::ScrollDown, 10, 10);
    h.mouse(MouseEventKind::ScrollDown, 10, 10);
    snap("lesson_scrolled", &mut h);
}

#[test]
fn reopening_resumes_where_the_learner_left_off_with_their_code() {
    let home = temp_home();
    {
        let mut h = open_at(home.clone(), FakeRunner::new(), 80, 24);
        open_exercise(&mut h);
        h.key(KeyCode::End);
        h.typ("\nprint('mine')");
        h.ctrl('q');
        assert!(h.app.should_quit());
    }
    let mut h = open_at(home, FakeRunner::new(), 80, 24);
    assert_eq!(h.app.screen(), ScreenId::Exercise);
    let f = h.frame();
    assert!(f.contains("print('mine')"), "{f}");
}

#[test]
fn ctrl_c_with_nothing_running_says_how_to_quit() {
    let mut h = open(80, 24);
    h.ctrl('c');
    assert!(!h.app.should_quit());
    let f = h.frame();
    assert!(f.contains("Nothing is running"), "{f}");
}

#[test]
fn tiny_terminals_draw_without_panicking() {
    for (w, ht) in [(20, 5), (40, 10), (1, 1)] {
        let mut h = open(w, ht);
        h.fake.on_output("", "tensor([1, 2, 3])\n");
        let mut frames = vec![h.frame()];
        h.key(KeyCode::Enter); // lesson
        h.key(KeyCode::Enter); // run a cell
        frames.push(h.frame());
        h.ch('e'); // exercise
        h.key(KeyCode::F(5));
        h.key(KeyCode::F(7));
        h.tick(5);
        frames.push(h.frame());
        h.key(KeyCode::F(1));
        frames.push(h.frame());
        h.key(KeyCode::Esc);
        h.key(KeyCode::Esc);
        h.key(KeyCode::Esc);
        h.ch('s');
        h.typ("1 + 1\n");
        frames.push(h.frame());
        assert_eq!(h.app.screen(), ScreenId::Scratch);
        assert!(
            frames.iter().all(|f| f.lines().count() == ht as usize),
            "every frame fills the terminal"
        );
    }
}

/// What the kernel sends back for `code`, run for real (pyplot records the
/// figure as data), as the workbook receives it.
fn real_output(code: &'static str) -> CellOutput {
    std::thread::Builder::new()
        .stack_size(tensorlings::python::runner::INTERPRETER_STACK_BYTES)
        .spawn(move || {
            let mut s = tensorlings::python::Session::new().expect("session starts");
            tensorlings::tui::runner::kernel::cell_output(s.run_cell(code, "<cell>", 1))
        })
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn scratchpad_draws_a_line_plot_as_a_chart() {
    let code = "import matplotlib.pyplot as plt\n\
                losses = [2.3, 1.6, 1.1, 0.8, 0.62, 0.5, 0.45, 0.41]\n\
                print('epochs:', len(losses))\n\
                plt.plot(losses, label='train loss'); plt.title('Training'); plt.xlabel('epoch'); plt.legend();";
    let output = real_output(code);
    assert_eq!(output.figures.len(), 1, "{output:?}");
    assert_eq!(output.text_display(), "epochs: 8\n<Figure size 640x480 with 1 Axes>\n");
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        let shown = output.clone();
        h.fake.on("losses", move |_| JobResult::Executed(shown.clone()));
        h.ch('s');
        h.key(KeyCode::Enter); // the input starts with `import torch`
        h.typ("losses = [2.3, 1.6]; plt.plot(losses)\n");
        h.tick(5);
        let frame = h.frame();
        assert!(frame.contains("Training") && frame.contains("train loss") && frame.contains("epoch"), "{frame}");
        assert!(frame.contains('⣿') || frame.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)), "braille line: {frame}");
        snap("scratchpad_line_plot", &mut h);
    }
}

#[test]
fn scratchpad_draws_a_histogram_as_a_bar_chart() {
    let code = "import matplotlib.pyplot as plt\nimport torch\n\
                torch.manual_seed(0)\n\
                _ = plt.hist(torch.tensor([1., 2, 2, 3, 3, 3, 4, 4, 5]), bins=5)\nplt.title('Values')";
    let output = real_output(code);
    assert_eq!(output.figures.len(), 1, "{output:?}");
    for (w, ht) in SIZES {
        let mut h = open(w, ht);
        let shown = output.clone();
        h.fake.on("hist", move |_| JobResult::Executed(shown.clone()));
        h.ch('s');
        h.key(KeyCode::Enter);
        h.typ("plt.hist(x, bins=5); plt.title('Values')\n");
        h.tick(5);
        let frame = h.frame();
        assert!(frame.contains("Values") && frame.contains('█'), "{frame}");
        snap("scratchpad_histogram", &mut h);
    }
}
