//! `tensorlings toc PACK`: a markdown table of contents of a pack — its lessons,
//! their examples and exercises, and the check kinds each exercise uses.

use std::fmt::Write as _;

use super::model::{CheckKind, Pack};

/// The table of contents as markdown.
pub fn table_of_contents(pack: &Pack) -> String {
    let m = &pack.manifest;
    let mut out = String::new();
    let version = if m.version.is_empty() {
        String::new()
    } else {
        format!(" v{}", m.version)
    };
    let _ = writeln!(out, "# {} (`{}`{version})\n", m.title, m.id);
    if !m.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", m.description.trim());
    }
    if !m.authors.is_empty() {
        let _ = writeln!(out, "By {}.\n", m.authors.join(", "));
    }

    let _ = writeln!(out, "| # | Lesson | Examples | Exercises | Points |");
    let _ = writeln!(out, "|---|--------|---------:|----------:|-------:|");
    for (i, lesson) in pack.lessons.iter().enumerate() {
        let points: f64 = lesson.exercises.iter().map(|e| e.points).sum();
        let _ = writeln!(
            out,
            "| {} | [{}](#{}) | {} | {} | {} |",
            i + 1,
            escape_cell(&lesson.title),
            lesson.id,
            lesson.examples().count(),
            lesson.exercises.len(),
            fmt_points(points)
        );
    }

    for lesson in &pack.lessons {
        // The heading is the id alone, so its anchor (`#01-make-tensors`) is the id on every renderer.
        let _ = writeln!(out, "\n## {}\n", lesson.id);
        let summary = lesson.summary.trim();
        let sep = if summary.is_empty() { "" } else { " — " };
        let _ = writeln!(out, "**{}**{sep}{summary}\n", lesson.title);
        if lesson.exercises.is_empty() {
            let _ = writeln!(out, "_No exercises._");
            continue;
        }
        for ex in &lesson.exercises {
            let hidden = ex.checks.iter().filter(|c| c.hidden).count();
            let hidden = if hidden > 0 {
                format!(", {hidden} hidden")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "- `{}` {} — {} pt{} — checks: {}{hidden}",
                ex.id,
                ex.title,
                fmt_points(ex.points),
                if ex.points == 1.0 { "" } else { "s" },
                kinds_of(ex.checks.iter().map(|c| &c.kind)),
            );
        }
    }

    let all = pack
        .lessons
        .iter()
        .flat_map(|l| &l.exercises)
        .flat_map(|e| &e.checks);
    let counts: Vec<String> = CheckKind::NAMES
        .iter()
        .filter_map(|name| {
            let n = all.clone().filter(|c| c.kind.name() == *name).count();
            (n > 0).then(|| format!("{name} ×{n}"))
        })
        .collect();
    if !counts.is_empty() {
        let _ = writeln!(out, "\nCheck kinds used: {}.", counts.join(", "));
    }
    out
}

/// `value, assert ×2`: each kind once, in the order of DESIGN.md, with a count when repeated.
fn kinds_of<'a>(kinds: impl Iterator<Item = &'a CheckKind> + Clone) -> String {
    CheckKind::NAMES
        .iter()
        .filter_map(
            |name| match kinds.clone().filter(|k| k.name() == *name).count() {
                0 => None,
                1 => Some(name.to_string()),
                n => Some(format!("{name} ×{n}")),
            },
        )
        .collect::<Vec<_>>()
        .join(", ")
}

fn fmt_points(p: f64) -> String {
    // `+ 0.0` turns the -0.0 of an empty f64 sum into 0.
    let p = p + 0.0;
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p}")
    }
}

fn escape_cell(s: &str) -> String {
    s.replace('|', "\\|")
}
