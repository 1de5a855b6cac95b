//! Every word the workbook shows, in one place (so they can be reviewed, and
//! one day translated, together).

use super::keymap::Cmd;

pub const APP_NAME: &str = "tensorlings";

// Home
pub const HOME_LESSONS: &str = " Lessons ";
pub const HOME_DETAILS: &str = " About this lesson ";
pub const HOME_SEARCH_PROMPT: &str = "search: ";
pub const HOME_SEARCH_HINT: &str = "type to filter · Enter open · Esc clear";
pub const HOME_NO_MATCH: &str = "Nothing matches your search.";
pub const HOME_KEYS: &str =
    "Enter open · e exercise · c continue · / search · s scratch · ? help · q quit";
pub const HOME_CONTENTS: &str = "In this lesson";
pub fn home_overall(done: usize, total: usize, points: f64, max: f64) -> String {
    format!(
        "{done}/{total} exercises done · {} of {} points",
        fmt_points(points),
        fmt_points(max)
    )
}
pub fn home_lesson_stats(done: usize, total: usize) -> String {
    if total == 0 {
        "reading only".to_string()
    } else {
        format!("{done}/{total} exercises")
    }
}
pub fn home_exercise_line(title: &str, points: f64) -> String {
    format!("{title} ({} pt)", fmt_points(points))
}

// Lesson reader
pub const LESSON_KEYS: &str =
    "Tab next cell · Enter run · a run all · e exercises · ] next lesson · Esc home";
pub const CELL_NOT_RUN: &str = "not run yet";
pub const CELL_RUNNING: &str = "running…";
pub const CELL_QUEUED: &str = "waiting to run…";
pub const CELL_MATCHES: &str = "✓ as expected";
pub const CELL_DIFFERS: &str = "≠ differs from the expected output";
pub const CELL_EXPECTED: &str = "expected:";
pub const CELL_OUTPUT: &str = "out";
pub const CELL_NO_OUTPUT: &str = "(no output)";
pub const LESSON_NO_EXERCISES: &str = "This lesson has no exercises: read on with ] (next lesson).";
pub fn cell_label(n: usize) -> String {
    format!("[{n}]")
}
pub fn more_lines(n: usize) -> String {
    format!("… {n} more lines")
}

// Exercise
pub const EX_PROMPT: &str = " Task ";
pub const EX_PROMPT_MORE: &str = " Task ▼ more: Alt-PgDn ";
pub const EX_EDITOR: &str = " Your code ";
pub const EX_RESULTS: &str = " Results ";
pub const EX_KEYS: &str =
    "F5 run · F6 check · F7 hint · F8 solution · F4 reset · Alt-→ next · Esc back";
pub const EX_NOTHING_YET: &str = "Run your code with F5 (Ctrl-R), check it with F6 (Ctrl-T).";
pub const EX_RUNNING: &str = "Running your code…";
pub const EX_CHECKING: &str = "Checking your code…";
pub const EX_ALL_PASSED: &str = "All checks passed. Well done!";
pub const EX_SOME_FAILED: &str = "Not yet: fix what failed and check again.";
pub const EX_NO_HINTS: &str = "This exercise has no hints.";
pub const EX_NO_MORE_HINTS: &str = "That was the last hint.";
pub const EX_SOLUTION: &str = "Solution";
pub const EX_RESET_DONE: &str = "Your code was reset to the starter.";
pub const EX_RESET_CONFIRM: &str = "Replace your code with the starter? y: yes, any other key: no";
pub const EX_INTERRUPTED: &str = "Stopped. Your code is still in the editor.";
pub const EX_OUTPUT: &str = "Output";
pub const EX_NO_OUTPUT: &str = "(your code ran and displayed nothing)";
pub const EX_SAVED: &str = "saved";
pub fn ex_title(lesson: &str, n: usize, total: usize, title: &str) -> String {
    format!(" {lesson} › {n}/{total} {title} ")
}
pub fn ex_score(score: f64, max: f64, attempts: u32) -> String {
    let checks = if attempts == 1 { "check" } else { "checks" };
    format!(
        "{}/{} pt · {attempts} {checks}",
        fmt_points(score),
        fmt_points(max)
    )
}
pub fn ex_hint(n: usize, total: usize, text: &str) -> String {
    format!("Hint {n}/{total}: {text}")
}
pub fn ex_solution_locked(attempts_left: u32) -> String {
    format!("The solution opens after a pass or after {attempts_left} more checks.")
}
pub fn ex_error_at(line: usize) -> String {
    format!("on line {line} of your code:")
}
pub fn ex_hidden_checks(passed: usize, total: usize) -> String {
    let checks = if total == 1 { "check" } else { "checks" };
    format!(
        "{total} hidden {checks}: {passed} passed, {} failed",
        total - passed
    )
}
pub fn ex_check_score(score: f64, max: f64) -> String {
    format!("score {}/{} pt", fmt_points(score), fmt_points(max))
}
pub fn ex_check_failed_default(kind: &str) -> String {
    format!("the {kind} check failed")
}

// Timing
pub const TIMING_YOURS: &str = "yours";
pub const TIMING_BASELINE: &str = "baseline";
pub fn timing_ratio(ratio: f64, min_ratio: f64) -> String {
    format!("{ratio:.1}× faster (needs {min_ratio:.1}×)")
}
pub fn timing_vs_fastest(ratio: f64) -> String {
    if ratio < 1.05 {
        "fastest".to_string()
    } else {
        format!("{ratio:.1}× the fastest")
    }
}

// Scratchpad
pub const SCRATCH_TITLE: &str = " Scratchpad ";
pub const SCRATCH_INPUT: &str = " In ";
pub const SCRATCH_KEYS: &str = "Enter run · Alt-Enter new line · ↑/↓ history · Esc home";
pub const SCRATCH_WELCOME: &str = "Try anything here: it runs on the same engine as the lessons. %%time at the top of a cell times it.";
pub const SCRATCH_TIMINGS: &str = "Timings (%%time)";
pub fn scratch_in(n: usize) -> String {
    format!("In [{n}]: ")
}
pub fn scratch_out(n: usize) -> String {
    format!("Out[{n}]: ")
}

// Runs, kernel
pub fn running(elapsed_s: f64) -> String {
    format!("running {elapsed_s:.1}s · Esc stops")
}
pub fn stopping(elapsed_s: f64) -> String {
    format!("stopping… {elapsed_s:.1}s")
}
pub fn kernel_died(reason: &str) -> String {
    format!("The Python kernel stopped ({reason}). A fresh one was started; run your cells again.")
}
pub fn runner_failed(reason: &str) -> String {
    format!("Could not run the code: {reason}")
}
pub const INTERRUPTED: &str = "KeyboardInterrupt: stopped by you";
pub const BUSY: &str = "Something is already running: wait for it or stop it with Esc.";
pub const NOTHING_TO_STOP: &str = "Nothing is running. Ctrl-Q quits.";
pub const SAVE_FAILED: &str = "Could not save your work";

// Status bar
pub fn status_limits(timeout_s: f64, memory_mb: u64) -> String {
    format!("limits {}s · {memory_mb} MB", fmt_points(timeout_s))
}
pub const STATUS_CPU: &str = "CPU";
pub fn status_cuda(name: &str) -> String {
    format!("CUDA: {name}")
}
pub const STATUS_HELP: &str = "F1 help";

// Help overlay
pub const HELP_TITLE: &str = " Keys ";
pub const HELP_FOOTER: &str = "Esc or F1 closes · the mouse wheel scrolls, a click selects";
pub const HELP_GLOBAL: &str = "Everywhere";
pub const HELP_HOME: &str = "Home";
pub const HELP_LESSON: &str = "Lesson";
pub const HELP_EXERCISE: &str = "Exercise";
pub const HELP_SCRATCH: &str = "Scratchpad";

// Start-up
pub fn no_builtin_pack(name: &str) -> String {
    format!("the built-in pack `{name}` is missing from this build")
}
pub fn pack_load_failed(path: &str) -> String {
    format!("the lesson pack at {path} could not be loaded")
}

/// What each command does, for the help overlay.
pub fn cmd_help(cmd: Cmd) -> &'static str {
    use Cmd::*;
    match cmd {
        Quit => "quit (your work is saved)",
        Help => "show or hide this help",
        Interrupt => "stop the running code",
        Back => "go back (while code runs, Esc stops it instead)",
        Up => "move up",
        Down => "move down",
        PageUp => "page up",
        PageDown => "page down",
        Top => "go to the top",
        Bottom => "go to the bottom",
        Open => "open the selected lesson or exercise",
        OpenExercise => "open the lesson's exercises",
        Search => "search lessons and exercises",
        Continue => "continue where you left off",
        Scratchpad => "open the scratchpad (a Python prompt)",
        NextCell => "select the next example cell",
        PrevCell => "select the previous example cell",
        RunCell => "run the selected example cell",
        RunAll => "run every example cell, in order",
        NextLesson => "next lesson",
        PrevLesson => "previous lesson",
        Run => "run your code",
        Check => "check your code",
        Hint => "show the next hint",
        Solution => "show the solution (after a pass or 3 checks)",
        Reset => "reset your code to the starter",
        NextExercise => "next exercise",
        PrevExercise => "previous exercise",
        Undo => "undo",
        Redo => "redo",
        HistoryPrev => "previous input (on the first line)",
        HistoryNext => "next input (on the last line)",
        NewLine => "insert a new line",
        ScrollResultsUp => "scroll the results up",
        ScrollResultsDown => "scroll the results down",
        ScrollTaskUp => "scroll the task up",
        ScrollTaskDown => "scroll the task down",
    }
}

/// Points without a needless `.0`: `1`, `0.5`.
pub fn fmt_points(p: f64) -> String {
    if (p - p.round()).abs() < 1e-9 {
        format!("{}", p.round() as i64)
    } else {
        format!("{:.2}", p).trim_end_matches('0').to_string()
    }
}
