//! JUnit XML: one `<testsuite>` a submission, one `<testcase>` an exercise
//! (`classname` the lesson, `name` the exercise), `<failure>` with the reasons.

use crate::grade::result::SubmissionResult;

/// Escapes text for XML content and attributes; drops characters XML 1.0 cannot hold.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

pub fn render(submissions: &[SubmissionResult]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let tests: usize = submissions.iter().map(|s| s.exercises.len()).sum();
    let failures: usize = submissions.iter().map(|s| s.exercises.iter().filter(|e| !e.passed).count()).sum();
    out.push_str(&format!("<testsuites name=\"tensorlings\" tests=\"{tests}\" failures=\"{failures}\">\n"));
    for s in submissions {
        let failed = s.exercises.iter().filter(|e| !e.passed).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" time=\"{:.3}\">\n",
            escape(&s.name),
            s.exercises.len(),
            s.time_s
        ));
        out.push_str(&format!(
            "    <properties><property name=\"score\" value=\"{}\"/><property name=\"max_score\" value=\"{}\"/></properties>\n",
            s.score, s.max_score
        ));
        for e in &s.exercises {
            let open = format!(
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
                escape(&e.lesson),
                escape(&e.exercise),
                e.time_s
            );
            if e.passed {
                out.push_str(&open);
                out.push_str("/>\n");
            } else {
                out.push_str(&open);
                out.push_str(">\n");
                out.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    escape(&e.summary),
                    escape(&format!("{:?}", e.outcome).to_lowercase()),
                    escape(&format!("score {} / {}\n{}", e.score, e.max_score, e.explanation()))
                ));
                out.push_str("    </testcase>\n");
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
