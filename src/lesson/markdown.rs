//! A lesson's markdown body: prose, runnable `python` code blocks (examples)
//! and the `output` code blocks right after them (their expected display).
//!
//! Prose is kept as the author wrote it (a slice of the source), so the TUI
//! renders the instructor's markdown, not a re-serialization of it. Only code
//! blocks at the top level count as examples; one inside a list or a quote
//! stays part of the prose around it, and so does a block whose info string
//! is `python norun` (shown highlighted, never run: `import` marks the code
//! blocks of notebook markdown cells so).

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::model::{Example, LessonBlock};

/// A remark about the body that is not fatal (an ```output block with no example before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyWarning {
    /// 1-based line in the body (add the front matter's length for the file line).
    pub line: usize,
    pub message: String,
}

/// The info-string word that keeps a ```python block from being an example.
pub const NORUN: &str = "norun";

struct Fence {
    lang: String,
    text: String,
    start: usize,
    end: usize,
}

/// Split `body` into blocks. `first_line` is the file line of the body's first line.
pub fn parse_body(body: &str, first_line: usize) -> (Vec<LessonBlock>, Vec<BodyWarning>) {
    let fences = top_level_fences(body);
    let mut blocks = Vec::new();
    let mut warnings = Vec::new();
    let mut cursor = 0;
    let mut i = 0;
    while i < fences.len() {
        let f = &fences[i];
        push_prose(&mut blocks, &body[cursor..f.start]);
        let line = line_at(body, f.start) + first_line - 1;
        match f.lang.as_str() {
            "python" => {
                let next_is_output = fences
                    .get(i + 1)
                    .is_some_and(|n| n.lang == "output" && body[f.end..n.start].trim().is_empty());
                let expected_output = next_is_output.then(|| fences[i + 1].text.clone());
                blocks.push(LessonBlock::Example(Example {
                    code: f.text.clone(),
                    expected_output,
                    line,
                }));
                cursor = if next_is_output {
                    fences[i + 1].end
                } else {
                    f.end
                };
                i += if next_is_output { 2 } else { 1 };
                continue;
            }
            "output" => {
                warnings.push(BodyWarning {
                    line,
                    message: "this ```output block does not come right after a ```python block, \
                              so nothing checks it; it is shown as plain text"
                        .into(),
                });
                push_prose(&mut blocks, &body[f.start..f.end]);
            }
            // Other languages (bash, text, ...) are prose to show, not to run.
            _ => push_prose(&mut blocks, &body[f.start..f.end]),
        }
        cursor = f.end;
        i += 1;
    }
    push_prose(&mut blocks, &body[cursor..]);
    (blocks, warnings)
}

/// Consecutive prose pieces merge, so a non-python code block does not split the text.
fn push_prose(blocks: &mut Vec<LessonBlock>, text: &str) {
    let text = text.trim_matches('\n');
    if text.trim().is_empty() {
        return;
    }
    if let Some(LessonBlock::Prose(prev)) = blocks.last_mut() {
        prev.push_str("\n\n");
        prev.push_str(text);
    } else {
        blocks.push(LessonBlock::Prose(text.to_string()));
    }
}

fn top_level_fences(body: &str) -> Vec<Fence> {
    let mut fences = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Fence> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                if depth == 0 {
                    let lang = match kind {
                        // The first word of the info string: "python title=x" is python.
                        CodeBlockKind::Fenced(info) => {
                            let mut words = info.split_whitespace();
                            let lang = words.next().unwrap_or("").to_string();
                            if words.any(|w| w == NORUN) {
                                format!("{lang} {NORUN}")
                            } else {
                                lang
                            }
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    current = Some(Fence {
                        lang,
                        text: String::new(),
                        start: range.start,
                        end: range.end,
                    });
                }
                depth += 1;
            }
            Event::End(TagEnd::CodeBlock) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    fences.extend(current.take());
                }
            }
            Event::Text(t) => {
                if let Some(f) = current.as_mut().filter(|_| depth == 1) {
                    f.text.push_str(&t);
                }
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    fences
}

/// 1-based line of a byte offset.
pub fn line_at(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples(blocks: &[LessonBlock]) -> Vec<&Example> {
        blocks
            .iter()
            .filter_map(|b| {
                if let LessonBlock::Example(e) = b {
                    Some(e)
                } else {
                    None
                }
            })
            .collect()
    }

    #[test]
    fn python_block_with_output_pairs_up() {
        let body = "Intro text.\n\n```python\nx = 1\nx\n```\n\n```output\n1\n```\n\nMore prose.\n";
        let (blocks, warnings) = parse_body(body, 5);
        assert!(warnings.is_empty());
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0], LessonBlock::Prose("Intro text.".into()));
        let ex = examples(&blocks);
        assert_eq!(ex[0].code, "x = 1\nx\n");
        assert_eq!(ex[0].expected_output.as_deref(), Some("1\n"));
        assert_eq!(ex[0].line, 7);
        assert_eq!(blocks[2], LessonBlock::Prose("More prose.".into()));
    }

    #[test]
    fn output_after_prose_is_a_warning_and_stays_prose() {
        let body = "```python\nprint(1)\n```\n\nsome words\n\n```output\n1\n```\n";
        let (blocks, warnings) = parse_body(body, 1);
        assert_eq!(examples(&blocks)[0].expected_output, None);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 7);
        assert!(matches!(&blocks[1], LessonBlock::Prose(p) if p.contains("```output")));
    }

    #[test]
    fn nested_and_other_language_blocks_are_prose() {
        let body = "- item\n\n  ```python\n  x = 1\n  ```\n\n```bash\nls\n```\n\n```python norun\nx\n```\n";
        let (blocks, _) = parse_body(body, 1);
        assert!(examples(&blocks).is_empty());
        assert_eq!(blocks.len(), 1);
    }
}
