//! Markdown (CommonMark + tables + math) to styled, wrapped terminal lines:
//! headings, emphasis, lists, block quotes, tables, links (with their
//! address), inline and block code (Python highlighted), math as readable text.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::wrap::{BREAK, width, wrap};
use super::{highlight, math};
use crate::tui::theme::Theme;

/// Render `md` to lines at most `width` cells wide (code blocks are not wrapped).
pub fn render(md: &str, width_cells: u16, theme: &Theme) -> Vec<Line<'static>> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_MATH
        | Options::ENABLE_TASKLISTS;
    let mut r = Renderer {
        theme,
        width: width_cells.max(20) as usize,
        out: Vec::new(),
        inline: Vec::new(),
        styles: vec![theme.text],
        lists: Vec::new(),
        marker: None,
        quote: 0,
        code: None,
        table: None,
        link: None,
    };
    for ev in Parser::new_ext(md, opts) {
        r.event(ev);
    }
    r.flush();
    while r.out.last().is_some_and(|l| l.width() == 0) {
        r.out.pop();
    }
    r.out
}

struct ListLevel {
    next: Option<u64>,
    indent: usize,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<Vec<Span<'static>>>>,
    header_rows: usize,
}

struct Renderer<'t> {
    theme: &'t Theme,
    width: usize,
    out: Vec<Line<'static>>,
    inline: Vec<Span<'static>>,
    styles: Vec<Style>,
    lists: Vec<ListLevel>,
    /// The marker of a list item not yet written (`• `, `3. `).
    marker: Option<String>,
    quote: usize,
    code: Option<(String, String)>,
    table: Option<Table>,
    link: Option<String>,
}

impl Renderer<'_> {
    fn style(&self) -> Style {
        *self.styles.last().unwrap()
    }

    fn push_style(&mut self, s: Style) {
        let merged = self.style().patch(s);
        self.styles.push(merged);
    }

    fn text(&mut self, t: &str, style: Style) {
        if let Some(table) = self.table.as_mut() {
            if let Some(cell) = table.rows.last_mut().and_then(|r| r.last_mut()) {
                cell.push(Span::styled(t.to_string(), style));
            }
            return;
        }
        self.inline.push(Span::styled(t.to_string(), style));
    }

    /// The prefixes for the next wrapped block: quote bars, list indentation and marker.
    fn prefixes(&mut self) -> (Vec<Span<'static>>, Vec<Span<'static>>) {
        let bar = Span::styled("│ ".repeat(self.quote), self.theme.dim);
        let outer: usize = self.lists.iter().rev().skip(1).map(|l| l.indent).sum();
        let inner = self.lists.last().map_or(0, |l| l.indent);
        let mut first = vec![bar.clone(), Span::raw(" ".repeat(outer))];
        let rest = vec![bar, Span::raw(" ".repeat(outer + inner))];
        match self.marker.take() {
            Some(m) => {
                let pad = inner.saturating_sub(width(&m));
                first.push(Span::styled(m, self.theme.accent));
                first.push(Span::raw(" ".repeat(pad)));
            }
            None => first.push(Span::raw(" ".repeat(inner))),
        }
        (first, rest)
    }

    fn flush(&mut self) {
        if self.inline.is_empty() && self.marker.is_none() {
            return;
        }
        let spans = std::mem::take(&mut self.inline);
        let (first, rest) = self.prefixes();
        self.out.extend(wrap(&spans, self.width, &first, &rest));
    }

    fn gap(&mut self) {
        if self.out.last().is_some_and(|l| l.width() > 0) && self.marker.is_none() {
            self.out.push(Line::default());
        }
    }

    fn event(&mut self, ev: Event) {
        let th = self.theme;
        match ev {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    self.flush();
                    if self.lists.is_empty() {
                        self.gap();
                    }
                }
                Tag::Heading { level, .. } => {
                    self.flush();
                    self.gap();
                    let i = match level {
                        HeadingLevel::H1 => 0,
                        HeadingLevel::H2 => 1,
                        _ => 2,
                    };
                    self.push_style(th.heading[i]);
                }
                Tag::BlockQuote(_) => {
                    self.flush();
                    self.gap();
                    self.quote += 1;
                }
                Tag::CodeBlock(kind) => {
                    self.flush();
                    self.gap();
                    let lang = match kind {
                        CodeBlockKind::Fenced(l) => {
                            l.split([' ', ',']).next().unwrap_or("").to_string()
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    self.code = Some((lang, String::new()));
                }
                Tag::List(start) => {
                    self.flush();
                    if self.lists.is_empty() {
                        self.gap();
                    }
                    let indent = match start {
                        Some(n) => format!("{n}. ").len().max(3),
                        None => 2,
                    };
                    self.lists.push(ListLevel {
                        next: start,
                        indent,
                    });
                }
                Tag::Item => {
                    self.flush();
                    let depth = self.lists.len();
                    if let Some(l) = self.lists.last_mut() {
                        self.marker = Some(match l.next.as_mut() {
                            Some(n) => {
                                *n += 1;
                                format!("{}. ", *n - 1)
                            }
                            None => if depth % 2 == 1 { "• " } else { "◦ " }.to_string(),
                        });
                    }
                }
                Tag::Emphasis => self.push_style(th.emphasis),
                Tag::Strong => self.push_style(th.strong),
                Tag::Strikethrough => self.push_style(
                    Style::default().add_modifier(ratatui::style::Modifier::CROSSED_OUT),
                ),
                Tag::Link { dest_url, .. } => {
                    self.link = Some(dest_url.to_string());
                    self.push_style(th.link);
                }
                Tag::Image { dest_url, .. } => {
                    self.text("[image: ", th.dim);
                    self.link = Some(dest_url.to_string());
                    self.push_style(th.dim);
                }
                Tag::Table(_) => {
                    self.flush();
                    self.gap();
                    self.table = Some(Table::default());
                }
                Tag::TableHead => {
                    if let Some(t) = self.table.as_mut() {
                        t.rows.push(Vec::new());
                        t.header_rows = 1;
                    }
                }
                Tag::TableRow => {
                    if let Some(t) = self.table.as_mut() {
                        t.rows.push(Vec::new());
                    }
                }
                Tag::TableCell => {
                    if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                        row.push(Vec::new());
                    }
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => self.flush(),
                TagEnd::Heading(_) => {
                    self.flush();
                    self.styles.pop();
                }
                TagEnd::BlockQuote(_) => {
                    self.flush();
                    self.quote = self.quote.saturating_sub(1);
                }
                TagEnd::CodeBlock => {
                    if let Some((lang, code)) = self.code.take() {
                        self.code_block(&lang, &code);
                    }
                }
                TagEnd::List(_) => {
                    self.flush();
                    self.lists.pop();
                }
                TagEnd::Item => self.flush(),
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                    self.styles.pop();
                }
                TagEnd::Link => {
                    self.styles.pop();
                    if let Some(url) = self.link.take() {
                        let shown: String = self
                            .inline
                            .iter()
                            .rev()
                            .take(1)
                            .map(|s| s.content.to_string())
                            .collect();
                        if !url.is_empty() && shown != url && !url.starts_with('#') {
                            self.text(&format!(" ({url})"), th.dim);
                        }
                    }
                }
                TagEnd::Image => {
                    self.styles.pop();
                    self.link = None;
                    self.text("]", th.dim);
                }
                TagEnd::Table => {
                    if let Some(t) = self.table.take() {
                        self.table_lines(t);
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, code)) = self.code.as_mut() {
                    code.push_str(&t);
                } else {
                    let s = self.style();
                    self.text(&t, s);
                }
            }
            Event::Code(t) => self.text(&t, th.inline_code),
            Event::InlineMath(t) => {
                let s = self.style().patch(th.emphasis);
                self.text(&math::to_text(&t), s);
            }
            Event::DisplayMath(t) => {
                self.flush();
                self.gap();
                let (first, _) = self.prefixes();
                let mut spans = first;
                spans.push(Span::raw("    "));
                spans.push(Span::styled(math::to_text(t.trim()), th.emphasis));
                self.out.push(Line::from(spans));
                self.out.push(Line::default());
            }
            Event::SoftBreak => {
                let s = self.style();
                self.text(" ", s);
            }
            Event::HardBreak => self.text(BREAK, th.text),
            Event::Rule => {
                self.flush();
                self.gap();
                self.out.push(Line::from(Span::styled(
                    "─".repeat(self.width.min(60)),
                    th.dim,
                )));
            }
            Event::Html(t) | Event::InlineHtml(t) => self.text(t.trim_end(), th.dim),
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }, th.accent),
            Event::FootnoteReference(t) => self.text(&format!("[{t}]"), th.dim),
        }
    }

    fn code_block(&mut self, lang: &str, code: &str) {
        let (_, rest) = self.prefixes();
        let lines = if lang == "python" || lang == "py" {
            highlight::python(code, self.theme)
        } else {
            code.lines()
                .map(|l| Line::from(Span::styled(l.to_string(), self.theme.code_block)))
                .collect()
        };
        for l in lines {
            let mut spans = rest.clone();
            spans.push(Span::styled("  ", self.theme.dim));
            spans.extend(l.spans);
            self.out.push(Line::from(spans));
        }
    }

    fn table_lines(&mut self, t: Table) {
        let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 {
            return;
        }
        let cell_w = |c: &Vec<Span<'static>>| c.iter().map(|s| s.width()).sum::<usize>();
        let mut widths: Vec<usize> = (0..cols)
            .map(|i| {
                t.rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(cell_w)
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let (first, _) = self.prefixes();
        let indent: usize = first.iter().map(|s| s.width()).sum();
        let budget = self.width.saturating_sub(indent + 3 * (cols - 1) + 1);
        // Shrink the widest column until the table fits.
        while widths.iter().sum::<usize>() > budget {
            let (i, &w) = widths.iter().enumerate().max_by_key(|(_, w)| **w).unwrap();
            if w <= 3 {
                break;
            }
            widths[i] = w - 1;
        }
        let sep = Span::styled(" │ ", self.theme.dim);
        for (r, row) in t.rows.iter().enumerate() {
            let mut spans = first.clone();
            spans.push(Span::raw(" "));
            for (i, w) in widths.iter().enumerate() {
                if i > 0 {
                    spans.push(sep.clone());
                }
                let cell = row.get(i).cloned().unwrap_or_default();
                let text: String = cell.iter().map(|s| s.content.as_ref()).collect();
                let style = if r < t.header_rows {
                    self.theme.strong
                } else {
                    cell.first().map_or(self.theme.text, |s| s.style)
                };
                spans.push(Span::styled(fit(&text, *w), style));
            }
            self.out.push(Line::from(spans));
            if r + 1 == t.header_rows {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                let mut spans = first.clone();
                spans.push(Span::styled(
                    format!("─{}─", rule.join("─┼─")),
                    self.theme.dim,
                ));
                self.out.push(Line::from(spans));
            }
        }
    }
}

/// `s` padded or cut (with `…`) to exactly `w` cells.
fn fit(s: &str, w: usize) -> String {
    if width(s) <= w {
        return format!("{s}{}", " ".repeat(w - width(s)));
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + width(c.encode_utf8(&mut [0; 4])) + 1 > w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    format!("{out}{}", " ".repeat(w.saturating_sub(width(&out))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::Palette;

    fn plain(md: &str, w: u16) -> Vec<String> {
        render(md, w, &Theme::new(Palette::NoColor))
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn headings_lists_and_code() {
        let out = plain(
            "# Title\n\nSome *text* with `code`.\n\n- one\n- two\n  1. a\n\n```python\nx = 1\n```\n",
            40,
        );
        assert_eq!(
            out,
            [
                "Title",
                "",
                "Some text with code.",
                "",
                "• one",
                "• two",
                "  1. a",
                "",
                "  x = 1"
            ]
        );
    }

    #[test]
    fn tables_links_and_math() {
        let out = plain(
            "| a | bb |\n|---|---|\n| 1 | 2 |\n\nSee [docs](https://pytorch.org).\n\n$$z = x^{2}$$\n",
            60,
        );
        assert_eq!(
            out,
            [
                " a │ bb",
                "───┼────",
                " 1 │ 2",
                "",
                "See docs (https://pytorch.org).",
                "",
                "    z = x²"
            ]
        );
    }
}
