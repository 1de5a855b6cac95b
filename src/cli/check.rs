//! `tensorlings check [--pack DIR] [LESSON[/EXERCISE]...]`: the learner's own
//! check of their saved work, the same grading as `tensorlings grade`.

use tensorlings::grade::report::text::exercise_table;
use tensorlings::grade::{Grader, KernelSetup, grade_submissions, select};
use tensorlings::workspace::Workspace;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A pack folder or a built-in pack's name.
    #[arg(long, default_value = "pytorch-basics")]
    pub pack: String,
    /// Lessons (`02-slicing`) or exercises (`02-slicing/first-row`); all when none.
    pub exercises: Vec<String>,
    /// Exercises checked at once.
    #[arg(long, default_value_t = 2)]
    pub jobs: usize,
}

/// Exit code 0 when every checked exercise passes, 1 otherwise, 2 when nothing could run.
pub fn run(args: &CheckArgs) -> anyhow::Result<i32> {
    let pack = super::pack_arg::load(&args.pack)?;
    let selection = select(&pack, &args.exercises).map_err(anyhow::Error::msg)?;
    let dir = Workspace::default_location().work_dir(&pack.manifest.id);
    let grader = Grader::new(pack, KernelSetup::default());
    let results = grade_submissions(&grader, std::slice::from_ref(&dir), &selection, args.jobs, &|_, _, _| {});
    let Some(mine) = results.first() else { return Ok(2) };
    print!("{}", exercise_table(&mine.exercises));
    println!("total: {} / {}", mine.score, mine.max_score);
    if mine.grader_errors() > 0 {
        return Ok(2);
    }
    Ok(if mine.passed() { 0 } else { 1 })
}
