//! Timing comparisons as horizontal bar charts with the ratio spelled out:
//! a `faster` check's baseline against the learner's code, and the
//! scratchpad's `%%time` cells against each other.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tui::runner::Speedup;
use crate::tui::strings as s;
use crate::tui::theme::Theme;

/// `1.23 s`, `12.3 ms`, `45.6 µs`, `789 ns`.
pub fn fmt_seconds(t: f64) -> String {
    let (v, unit) = if t >= 1.0 {
        (t, "s")
    } else if t >= 1e-3 {
        (t * 1e3, "ms")
    } else if t >= 1e-6 {
        (t * 1e6, "µs")
    } else {
        (t * 1e9, "ns")
    };
    if v >= 100.0 {
        format!("{v:.0} {unit}")
    } else if v >= 10.0 {
        format!("{v:.1} {unit}")
    } else {
        format!("{v:.2} {unit}")
    }
}

/// A bar `value / max` of `cells` wide, in eighths of a cell.
fn bar(value: f64, max: f64, cells: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if max <= 0.0 || !value.is_finite() {
        return String::new();
    }
    let eighths = ((value / max).clamp(0.0, 1.0) * cells as f64 * 8.0).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        out.push(EIGHTHS[eighths % 8]);
    }
    if out.is_empty() && value > 0.0 {
        out.push('▏');
    }
    out
}

/// One labelled bar per item (label, value, style, value as text, note), longest = slowest.
pub fn bar_rows(
    items: &[(String, f64, Style, String, String)],
    width: usize,
    indent: &str,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let label_w = items
        .iter()
        .map(|(l, ..)| l.chars().count())
        .max()
        .unwrap_or(0);
    let max = items.iter().map(|(_, v, ..)| *v).fold(0.0, f64::max);
    let bar_w = width
        .saturating_sub(indent.len() + label_w + 24)
        .clamp(4, 40);
    items
        .iter()
        .map(|(label, v, style, text, note)| {
            let b = bar(*v, max, bar_w);
            let pad = bar_w + 1 - b.chars().count().min(bar_w);
            Line::from(vec![
                Span::raw(indent.to_string()),
                Span::styled(format!("{label:<label_w$} "), theme.dim),
                Span::styled(b, *style),
                Span::raw(" ".repeat(pad)),
                Span::styled(format!("{text:>9}"), theme.text),
                Span::styled(
                    if note.is_empty() {
                        String::new()
                    } else {
                        format!("  {note}")
                    },
                    theme.dim,
                ),
            ])
        })
        .collect()
}

/// A `faster` check: baseline and yours, then `5.9× faster (needs 2.0×)`.
pub fn speedup_lines(
    sp: &Speedup,
    passed: bool,
    width: usize,
    indent: &str,
    theme: &Theme,
) -> Vec<Line<'static>> {
    // Without the times, the bars are relative: yours is 1, the baseline is the ratio.
    let (base, yours, text): (f64, f64, fn(f64) -> String) = match sp.times {
        Some((b, y)) => (b, y, fmt_seconds),
        None => (sp.ratio, 1.0, |v| format!("{v:.1}×")),
    };
    let items = [
        (
            s::TIMING_BASELINE.to_string(),
            base,
            theme.bar_baseline,
            text(base),
            String::new(),
        ),
        (
            s::TIMING_YOURS.to_string(),
            yours,
            theme.bar_yours,
            text(yours),
            String::new(),
        ),
    ];
    let mut lines = bar_rows(&items, width, indent, theme);
    lines.push(Line::from(vec![
        Span::raw(indent.to_string()),
        Span::styled(
            s::timing_ratio(sp.ratio, sp.min_ratio),
            if passed { theme.pass } else { theme.fail },
        ),
    ]));
    lines
}

/// The wall time of an IPython `%%time` report (`Wall time: 12.3 ms`), in seconds.
pub fn parse_wall_time(display: &str) -> Option<f64> {
    let line = display
        .lines()
        .find_map(|l| l.strip_prefix("Wall time: "))?;
    let (num, unit) = line.trim().split_once(' ')?;
    let v: f64 = num.parse().ok()?;
    let scale = match unit {
        "s" => 1.0,
        "ms" => 1e-3,
        // IPython writes the Greek mu; the micro sign and `us` are accepted too.
        "μs" | "µs" | "us" => 1e-6,
        "ns" => 1e-9,
        _ => return None,
    };
    Some(v * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_times_and_units() {
        assert_eq!(
            parse_wall_time("CPU times: user 1 ms\nWall time: 12.5 ms\n"),
            Some(0.0125)
        );
        assert_eq!(parse_wall_time("Wall time: 3 µs"), Some(3e-6));
        assert!((parse_wall_time("Wall time: 37.4 μs").unwrap() - 37.4e-6).abs() < 1e-15);
        assert_eq!(parse_wall_time("no timing"), None);
        assert_eq!(fmt_seconds(0.0125), "12.5 ms");
        assert_eq!(fmt_seconds(2.0), "2.00 s");
        assert_eq!(bar(1.0, 2.0, 4), "██");
        assert_eq!(bar(1.0, 8.0, 1), "▏");
    }

    #[test]
    fn a_ratio_alone_draws_relative_bars() {
        let th = crate::tui::theme::Theme::new(crate::tui::theme::Palette::NoColor);
        let sp = Speedup {
            ratio: 4.0,
            min_ratio: 2.0,
            times: None,
        };
        let text: Vec<String> = speedup_lines(&sp, true, 60, "", &th)
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect();
        assert_eq!(text.len(), 3);
        assert!(
            text[0].starts_with("baseline ████") && text[0].ends_with("4.0×"),
            "{}",
            text[0]
        );
        assert!(
            text[1].starts_with("yours    █") && text[1].ends_with("1.0×"),
            "{}",
            text[1]
        );
        assert_eq!(text[2], "4.0× faster (needs 2.0×)");
    }
}
