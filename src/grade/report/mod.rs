//! Reports of a grading run, one file a format: a text table, our JSON,
//! Gradescope's `results.json`, JUnit XML and a CSV summary.

pub mod csv;
pub mod gradescope;
pub mod json;
pub mod junit;
pub mod text;

use super::result::{GradeReport, SubmissionResult};

/// The `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Junit,
    Gradescope,
    Csv,
}

impl Format {
    /// File extension of one report.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json | Format::Gradescope => "json",
            Format::Junit => "xml",
            Format::Csv => "csv",
        }
    }
}

/// The whole run in one document.
pub fn render(format: Format, report: &GradeReport) -> String {
    match format {
        Format::Text => report.submissions.iter().map(text::submission_table).collect::<Vec<_>>().join("\n"),
        Format::Json => json::render(report),
        Format::Junit => junit::render(&report.submissions),
        Format::Gradescope => match report.submissions.as_slice() {
            [one] => gradescope::render(one),
            many => format!("[{}]", many.iter().map(gradescope::render).collect::<Vec<_>>().join(",")),
        },
        Format::Csv => csv::render(report),
    }
}

/// One submission's report (for a folder of reports).
pub fn render_one(format: Format, report: &GradeReport, submission: &SubmissionResult) -> String {
    let single = GradeReport { submissions: vec![submission.clone()], ..report.clone() };
    render(format, &single)
}
