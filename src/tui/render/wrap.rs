//! Word-wrapping styled text to a width, with a prefix on the first line and
//! another on the rest (list markers, quote bars, gutters).

use ratatui::text::{Line, Span};

/// Display width of a string in terminal cells.
pub fn width(s: &str) -> usize {
    Span::raw(s).width()
}

/// A piece of text that forces a line break when found in the input.
pub const BREAK: &str = "\n";

/// Wrap `spans` to `width` cells. Words are never split unless one is wider
/// than a whole line; runs of spaces at a break are dropped.
pub fn wrap(
    spans: &[Span<'static>],
    width_cells: usize,
    first: &[Span<'static>],
    rest: &[Span<'static>],
) -> Vec<Line<'static>> {
    let prefix_w = |p: &[Span<'static>]| p.iter().map(|s| s.width()).sum::<usize>();
    let mut lines = Vec::new();
    let mut cur: Vec<Span<'static>> = first.to_vec();
    let mut cur_w = prefix_w(first);
    let mut line_start = true;
    let avail = |first_line: bool| {
        width_cells
            .saturating_sub(prefix_w(if first_line { first } else { rest }))
            .max(8)
    };
    let mut on_first = true;
    let mut pending_space: Option<Span<'static>> = None;

    let mut push_line = |cur: &mut Vec<Span<'static>>,
                         cur_w: &mut usize,
                         on_first: &mut bool,
                         line_start: &mut bool| {
        lines.push(Line::from(std::mem::take(cur)));
        *on_first = false;
        *cur = rest.to_vec();
        *cur_w = prefix_w(rest);
        *line_start = true;
    };

    for span in spans {
        if span.content == BREAK {
            push_line(&mut cur, &mut cur_w, &mut on_first, &mut line_start);
            pending_space = None;
            continue;
        }
        for (is_space, piece) in split_words(&span.content) {
            if is_space {
                if !line_start {
                    pending_space = Some(Span::styled(" ".to_string(), span.style));
                }
                continue;
            }
            let w = width(piece);
            let limit = avail(on_first) + prefix_w(if on_first { first } else { rest });
            let space_w = usize::from(pending_space.is_some());
            if !line_start && cur_w + space_w + w > limit {
                push_line(&mut cur, &mut cur_w, &mut on_first, &mut line_start);
                pending_space = None;
            }
            if let Some(sp) = pending_space.take() {
                cur_w += 1;
                cur.push(sp);
            }
            // A word longer than a line: split it by characters.
            let mut word = piece.to_string();
            loop {
                let limit = avail(on_first) + prefix_w(if on_first { first } else { rest });
                if cur_w + width(&word) <= limit {
                    cur_w += width(&word);
                    cur.push(Span::styled(word, span.style));
                    break;
                }
                let room = limit.saturating_sub(cur_w);
                let mut head = String::new();
                let mut hw = 0;
                for c in word.chars() {
                    let cw = width(c.encode_utf8(&mut [0; 4]));
                    if hw + cw > room {
                        break;
                    }
                    hw += cw;
                    head.push(c);
                }
                if head.is_empty() && !line_start {
                    push_line(&mut cur, &mut cur_w, &mut on_first, &mut line_start);
                    continue;
                }
                if head.is_empty() {
                    // Not even one character fits: put it anyway.
                    cur_w += width(&word);
                    cur.push(Span::styled(word, span.style));
                    break;
                }
                word = word[head.len()..].to_string();
                cur.push(Span::styled(head, span.style));
                push_line(&mut cur, &mut cur_w, &mut on_first, &mut line_start);
            }
            line_start = false;
        }
    }
    if !line_start || lines.is_empty() {
        lines.push(Line::from(cur));
    }
    lines
}

/// Split into alternating runs of whitespace and non-whitespace.
fn split_words(s: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut kind: Option<bool> = None;
    for (i, c) in s.char_indices() {
        let sp = c.is_whitespace();
        if kind.is_some_and(|k| k != sp) {
            out.push((kind.unwrap(), &s[start..i]));
            start = i;
        }
        kind = Some(sp);
    }
    if let Some(k) = kind {
        out.push((k, &s[start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_word_boundaries_with_prefixes() {
        let spans = vec![Span::raw("the quick brown fox jumps over the lazy dog")];
        let out = wrap(&spans, 16, &[Span::raw("• ")], &[Span::raw("  ")]);
        assert_eq!(
            text(&out),
            [
                "• the quick",
                "  brown fox",
                "  jumps over the",
                "  lazy dog"
            ]
        );
    }

    #[test]
    fn splits_a_word_longer_than_a_line_and_honours_breaks() {
        let spans = vec![
            Span::raw("abcdefghijklmnop"),
            Span::raw(BREAK),
            Span::raw("x"),
        ];
        let out = wrap(&spans, 10, &[], &[]);
        assert_eq!(text(&out), ["abcdefghij", "klmnop", "x"]);
    }
}

/// Cut a line into pieces of at most `width_cells` cells, keeping every
/// character (spaces included): for code and program output.
pub fn hard(line: &Line<'static>, width_cells: usize) -> Vec<Line<'static>> {
    let width_cells = width_cells.max(1);
    let mut out = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut w = 0;
    for span in &line.spans {
        let mut piece = String::new();
        for c in span.content.chars() {
            let cw = width(c.encode_utf8(&mut [0; 4]));
            if w + cw > width_cells {
                cur.push(Span::styled(std::mem::take(&mut piece), span.style));
                out.push(Line::from(std::mem::take(&mut cur)));
                w = 0;
            }
            piece.push(c);
            w += cw;
        }
        if !piece.is_empty() {
            cur.push(Span::styled(piece, span.style));
        }
    }
    out.push(Line::from(cur));
    out
}

#[cfg(test)]
mod hard_tests {
    use super::*;

    #[test]
    fn hard_wrap_keeps_spaces() {
        let l = Line::from(vec![Span::raw("a  b"), Span::raw("   cd")]);
        let out: Vec<String> = hard(&l, 4)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert_eq!(out, ["a  b", "   c", "d"]);
    }
}
