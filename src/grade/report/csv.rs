//! CSV summary: one row a submission, a column an exercise (its score).

use crate::grade::result::GradeReport;

/// RFC 4180 quoting: fields with a comma, quote or line break are quoted.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

pub fn render(report: &GradeReport) -> String {
    // Columns from the first submission (all were graded on the same exercises).
    let names: Vec<String> = report.submissions.first().map(|s| s.exercises.iter().map(|e| e.name()).collect()).unwrap_or_default();
    let mut header = vec!["submission".to_owned(), "score".into(), "max_score".into()];
    header.extend(names.iter().cloned());
    let mut out = header.iter().map(|h| field(h)).collect::<Vec<_>>().join(",") + "\n";
    for s in &report.submissions {
        let mut row = vec![field(&s.name), s.score.to_string(), s.max_score.to_string()];
        for n in &names {
            row.push(s.exercises.iter().find(|e| &e.name() == n).map(|e| e.score.to_string()).unwrap_or_default());
        }
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}
