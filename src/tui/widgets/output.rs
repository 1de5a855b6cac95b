//! A cell's output as lines: what it displayed, then its error in words.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tui::runner::CellOutput;
use crate::tui::widgets::figure::figure_lines;
use crate::tui::strings as s;
use crate::tui::theme::Theme;

/// At most `max` lines of `text`, each after `indent`, then a "… N more lines" note.
pub fn text_lines(
    text: &str,
    style: Style,
    indent: &str,
    max: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let all: Vec<&str> = text
        .strip_suffix('\n')
        .unwrap_or(text)
        .split('\n')
        .collect();
    if text.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Line<'static>> = all
        .iter()
        .take(max)
        .map(|l| {
            Line::from(vec![
                Span::raw(indent.to_string()),
                Span::styled(l.to_string(), style),
            ])
        })
        .collect();
    if all.len() > max {
        out.push(Line::from(vec![
            Span::raw(indent.to_string()),
            Span::styled(s::more_lines(all.len() - max), theme.dim),
        ]));
    }
    out
}

/// What the cell displayed (its figures drawn as charts `width` columns wide
/// where they were shown), then `Name: message` for an error.
pub fn cell_lines(out: &CellOutput, indent: &str, max: usize, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut at = 0;
    for (offset, figure) in &out.figures {
        let offset = (*offset).clamp(at, out.display.len());
        lines.extend(text_lines(out.display.get(at..offset).unwrap_or(""), theme.text, indent, max, theme));
        lines.extend(figure_lines(figure, width, indent, theme));
        at = offset;
    }
    lines.extend(text_lines(out.display.get(at..).unwrap_or(""), theme.text, indent, max, theme));
    lines.extend(text_lines(&out.stderr, theme.warn, indent, max, theme));
    if let Some(e) = &out.error {
        let msg = if e.message.is_empty() {
            e.name.clone()
        } else {
            format!("{}: {}", e.name, e.message)
        };
        lines.extend(text_lines(&msg, theme.fail, indent, max, theme));
    }
    lines
}

/// Whether a run showed what the lesson says it shows (trailing spaces and
/// blank lines aside, as `validate` compares).
pub fn same_output(expected: &str, actual: &CellOutput) -> bool {
    if actual.error.is_some() {
        return false;
    }
    let norm = |t: &str| {
        t.lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim_end()
            .to_string()
    };
    // Figures are drawn, not compared: `validate` checks the same text.
    norm(expected) == norm(&actual.display)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_compare_without_trailing_whitespace() {
        let out = CellOutput {
            display: "tensor([1, 2])\n\n".into(),
            stderr: String::new(),
            error: None,
            ..Default::default()
        };
        assert!(same_output("tensor([1, 2])", &out));
        assert!(!same_output("tensor([1, 3])", &out));
    }
}
