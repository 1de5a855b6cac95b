//! Python syntax highlighting with syntect's bundled grammar and themes
//! (loaded once, on first use, so start-up does not pay for it).

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, ThemeSet};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::tui::theme::{Palette, Theme};

struct Assets {
    syntaxes: SyntaxSet,
    themes: ThemeSet,
}

fn assets() -> &'static Assets {
    static ASSETS: OnceLock<Assets> = OnceLock::new();
    ASSETS.get_or_init(|| Assets {
        syntaxes: SyntaxSet::load_defaults_newlines(),
        themes: ThemeSet::load_defaults(),
    })
}

/// `code` as highlighted lines (one per source line, no wrapping). Without
/// colour (NO_COLOR) the lines come back in the theme's plain code style.
pub fn python(code: &str, theme: &Theme) -> Vec<Line<'static>> {
    let plain = || {
        code.lines()
            .map(|l| Line::from(Span::styled(l.to_string(), theme.code_block)))
            .collect()
    };
    let syntect_theme = match theme.palette {
        Palette::NoColor => return plain(),
        Palette::Dark => "base16-ocean.dark",
        Palette::Light => "InspiredGitHub",
    };
    let a = assets();
    let Some(syntax) = a.syntaxes.find_syntax_by_token("python") else {
        return plain();
    };
    let Some(th) = a.themes.themes.get(syntect_theme) else {
        return plain();
    };
    let mut h = HighlightLines::new(syntax, th);
    let mut out = Vec::new();
    for line in LinesWithEndings::from(code) {
        let Ok(regions) = h.highlight_line(line, &a.syntaxes) else {
            return plain();
        };
        let spans: Vec<Span<'static>> = regions
            .into_iter()
            .map(|(st, text)| {
                let text = text.trim_end_matches(['\n', '\r']).to_string();
                let mut s = Style::default().fg(Color::Rgb(
                    st.foreground.r,
                    st.foreground.g,
                    st.foreground.b,
                ));
                if st.font_style.contains(FontStyle::BOLD) {
                    s = s.add_modifier(Modifier::BOLD);
                }
                if st.font_style.contains(FontStyle::ITALIC) {
                    s = s.add_modifier(Modifier::ITALIC);
                }
                Span::styled(text, s)
            })
            .filter(|s| !s.content.is_empty())
            .collect();
        out.push(Line::from(spans));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_get_a_colour_and_the_text_is_unchanged() {
        let t = Theme::new(Palette::Dark);
        let lines = python("import torch\nx = 1  # one\n", &t);
        assert_eq!(lines.len(), 2);
        let text: String = lines[0].spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "import torch");
        let import = lines[0]
            .spans
            .iter()
            .find(|s| s.content == "import")
            .unwrap();
        let torch = lines[0]
            .spans
            .iter()
            .find(|s| s.content.contains("torch"))
            .unwrap();
        assert_ne!(import.style.fg, torch.style.fg);
    }
}
