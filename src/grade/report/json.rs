//! Our own JSON report: the [`GradeReport`] structure as-is (see `result.rs`
//! for every field; `schema` says the layout's version).

use crate::grade::result::GradeReport;

pub fn render(report: &GradeReport) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("reports serialise");
    s.push('\n');
    s
}
