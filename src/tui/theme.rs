//! Colours and text styles: a dark and a light palette, and a plain one for
//! `NO_COLOR` (https://no-color.org) that keeps only bold, italic, underline
//! and reverse video.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Palette {
    Dark,
    Light,
    NoColor,
}

#[derive(Clone, Debug)]
pub struct Theme {
    pub palette: Palette,
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub heading: [Style; 3],
    pub emphasis: Style,
    pub strong: Style,
    pub link: Style,
    pub inline_code: Style,
    pub code_block: Style,
    pub gutter: Style,
    pub gutter_selected: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    pub pass: Style,
    pub fail: Style,
    pub warn: Style,
    pub accent: Style,
    pub status_bar: Style,
    pub status_busy: Style,
    pub error_line: Style,
    pub bar_yours: Style,
    pub bar_baseline: Style,
}

impl Theme {
    /// From the environment: `NO_COLOR` (any non-empty value) wins; then
    /// `TENSORLINGS_THEME=light|dark`; then `COLORFGBG` (set by many terminals,
    /// `fg;bg` with a light background ≥ 7); dark by default.
    pub fn from_env() -> Theme {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if var("NO_COLOR").is_some() {
            return Theme::new(Palette::NoColor);
        }
        match var("TENSORLINGS_THEME").as_deref() {
            Some("light") => return Theme::new(Palette::Light),
            Some("dark") => return Theme::new(Palette::Dark),
            _ => {}
        }
        let light_bg = var("COLORFGBG")
            .and_then(|v| v.rsplit(';').next().and_then(|b| b.parse::<u8>().ok()))
            .is_some_and(|bg| bg == 7 || bg == 15);
        Theme::new(if light_bg {
            Palette::Light
        } else {
            Palette::Dark
        })
    }

    pub fn new(palette: Palette) -> Theme {
        let s = Style::default();
        let bold = Modifier::BOLD;
        match palette {
            Palette::NoColor => Theme {
                palette,
                text: s,
                dim: s,
                title: s.add_modifier(bold),
                heading: [
                    s.add_modifier(bold | Modifier::UNDERLINED),
                    s.add_modifier(bold),
                    s.add_modifier(bold),
                ],
                emphasis: s.add_modifier(Modifier::ITALIC),
                strong: s.add_modifier(bold),
                link: s.add_modifier(Modifier::UNDERLINED),
                inline_code: s.add_modifier(bold),
                code_block: s,
                gutter: s,
                gutter_selected: s.add_modifier(bold),
                border: s,
                border_focus: s.add_modifier(bold),
                selected: s.add_modifier(Modifier::REVERSED),
                pass: s.add_modifier(bold),
                fail: s.add_modifier(bold),
                warn: s.add_modifier(bold),
                accent: s.add_modifier(bold),
                status_bar: s.add_modifier(Modifier::REVERSED),
                status_busy: s.add_modifier(Modifier::REVERSED | bold),
                error_line: s.add_modifier(Modifier::REVERSED),
                bar_yours: s,
                bar_baseline: s,
            },
            Palette::Dark => Theme {
                palette,
                text: s.fg(Color::Gray),
                dim: s.fg(Color::DarkGray),
                title: s.fg(Color::White).add_modifier(bold),
                heading: [
                    s.fg(Color::LightYellow)
                        .add_modifier(bold | Modifier::UNDERLINED),
                    s.fg(Color::LightYellow).add_modifier(bold),
                    s.fg(Color::Yellow).add_modifier(bold),
                ],
                emphasis: s.add_modifier(Modifier::ITALIC),
                strong: s.fg(Color::White).add_modifier(bold),
                link: s.fg(Color::LightBlue).add_modifier(Modifier::UNDERLINED),
                inline_code: s.fg(Color::LightCyan),
                code_block: s.fg(Color::Gray),
                gutter: s.fg(Color::DarkGray),
                gutter_selected: s.fg(Color::LightMagenta).add_modifier(bold),
                border: s.fg(Color::DarkGray),
                border_focus: s.fg(Color::LightMagenta),
                selected: s.bg(Color::Rgb(50, 50, 80)).fg(Color::White),
                pass: s.fg(Color::LightGreen).add_modifier(bold),
                fail: s.fg(Color::LightRed).add_modifier(bold),
                warn: s.fg(Color::Yellow),
                accent: s.fg(Color::LightMagenta).add_modifier(bold),
                status_bar: s.bg(Color::Rgb(40, 40, 50)).fg(Color::Gray),
                status_busy: s.bg(Color::Rgb(90, 60, 0)).fg(Color::White),
                error_line: s.bg(Color::Rgb(90, 20, 20)),
                bar_yours: s.fg(Color::LightGreen),
                bar_baseline: s.fg(Color::Gray),
            },
            Palette::Light => Theme {
                palette,
                text: s.fg(Color::Black),
                dim: s.fg(Color::DarkGray),
                title: s.fg(Color::Black).add_modifier(bold),
                heading: [
                    s.fg(Color::Blue).add_modifier(bold | Modifier::UNDERLINED),
                    s.fg(Color::Blue).add_modifier(bold),
                    s.fg(Color::Magenta).add_modifier(bold),
                ],
                emphasis: s.add_modifier(Modifier::ITALIC),
                strong: s.fg(Color::Black).add_modifier(bold),
                link: s.fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
                inline_code: s.fg(Color::Rgb(150, 30, 90)),
                code_block: s.fg(Color::Black),
                gutter: s.fg(Color::Gray),
                gutter_selected: s.fg(Color::Magenta).add_modifier(bold),
                border: s.fg(Color::Gray),
                border_focus: s.fg(Color::Magenta),
                selected: s.bg(Color::Rgb(210, 220, 250)).fg(Color::Black),
                pass: s.fg(Color::Green).add_modifier(bold),
                fail: s.fg(Color::Red).add_modifier(bold),
                warn: s.fg(Color::Rgb(160, 90, 0)),
                accent: s.fg(Color::Magenta).add_modifier(bold),
                status_bar: s.bg(Color::Rgb(225, 225, 235)).fg(Color::Black),
                status_busy: s.bg(Color::Rgb(250, 220, 150)).fg(Color::Black),
                error_line: s.bg(Color::Rgb(250, 200, 200)),
                bar_yours: s.fg(Color::Green),
                bar_baseline: s.fg(Color::DarkGray),
            },
        }
    }

    pub fn colored(&self) -> bool {
        self.palette != Palette::NoColor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_has_no_colours() {
        let t = Theme::new(Palette::NoColor);
        for s in [
            t.text,
            t.pass,
            t.fail,
            t.selected,
            t.heading[0],
            t.status_bar,
            t.link,
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
    }
}
