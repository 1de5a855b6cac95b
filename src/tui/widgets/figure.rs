//! A shown figure in a cell's output: a ratatui `Chart` for lines and
//! scatters (bars drawn as its bar graph when mixed in), a `BarChart` for an
//! Axes of only bars or histogram bins. Drawn into an off-screen buffer and
//! turned into styled lines, so it scrolls with the rest of the output.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, LegendPosition, Widget};

use crate::figure::ticks::{nice_ticks, tick_labels};
use crate::figure::{Axes, Figure, Series, SeriesKind};
use crate::tui::theme::Theme;

/// Rows a figure takes: a third of its width, within limits that fit 80×24.
fn chart_height(width: u16) -> u16 {
    (width / 3).clamp(8, 14)
}

/// The figure as lines `width` columns wide (after `indent`).
pub fn figure_lines(figure: &Figure, width: u16, indent: &str, theme: &Theme) -> Vec<Line<'static>> {
    let inner = width.saturating_sub(indent.chars().count() as u16).min(100);
    let Some(axes) = figure.axes.first().filter(|_| inner >= 20) else {
        // Nothing to draw (a figure without Axes) or no room: Jupyter's text.
        return vec![Line::from(vec![Span::raw(indent.to_owned()), Span::styled(figure.text(), theme.dim)])];
    };
    let area = Rect::new(0, 0, inner, chart_height(inner));
    let mut buf = Buffer::empty(area);
    let only_bars = !axes.series.is_empty() && axes.series.iter().all(|s| matches!(s.kind, SeriesKind::Bar | SeriesKind::Hist));
    if only_bars {
        draw_bars(axes, area, &mut buf, theme);
    } else {
        draw_chart(axes, area, &mut buf, theme);
    }
    buffer_lines(&buf, indent)
}

fn color(series: &Series, theme: &Theme) -> Style {
    if !theme.colored() {
        return Style::default();
    }
    let (r, g, b) = series.rgb();
    Style::default().fg(Color::Rgb(r, g, b))
}

fn block(axes: &Axes, theme: &Theme) -> Block<'static> {
    let block = Block::default();
    if axes.title.is_empty() {
        block
    } else {
        block.title(Line::styled(axes.title.clone(), theme.title).alignment(Alignment::Center))
    }
}

fn axis(title: &str, (lo, hi): (f64, f64), ticks: usize, names: Option<&[(f64, String)]>, theme: &Theme) -> Axis<'static> {
    let labels: Vec<String> = match names {
        Some(named) => named.iter().map(|(_, n)| n.clone()).collect(),
        None => {
            // ratatui spaces labels evenly from lo to hi: label the ends and the middle.
            let t = nice_ticks(lo, hi, ticks);
            let picked: Vec<f64> = match t.len() {
                0 => vec![lo, hi],
                1 | 2 => t.clone(),
                n => vec![t[0], t[n / 2], t[n - 1]],
            };
            if picked.len() >= 2 { tick_labels(&picked) } else { tick_labels(&[lo, hi]) }
        }
    };
    let mut axis = Axis::default().bounds([lo, hi]).labels(labels).style(theme.dim);
    if !title.is_empty() {
        axis = axis.title(Span::styled(title.to_owned(), theme.text));
    }
    axis
}

fn draw_chart(axes: &Axes, area: Rect, buf: &mut Buffer, theme: &Theme) {
    // Points live here for the datasets to borrow.
    let points: Vec<Vec<(f64, f64)>> = axes
        .series
        .iter()
        .map(|s| match s.kind {
            SeriesKind::Bar | SeriesKind::Hist => s.bars().map(|(l, b, w, h)| (l + w / 2.0, b + h)).collect(),
            _ => s.x.iter().zip(&s.y).map(|(&x, &y)| (x, y)).filter(|(x, y)| x.is_finite() && y.is_finite()).collect(),
        })
        .collect();
    let datasets: Vec<Dataset> = axes
        .series
        .iter()
        .zip(&points)
        .map(|(s, pts)| {
            let (graph, marker) = match s.kind {
                SeriesKind::Line if s.linestyle != "None" => (GraphType::Line, Marker::Braille),
                SeriesKind::Line | SeriesKind::Scatter => (GraphType::Scatter, Marker::Dot),
                SeriesKind::Bar | SeriesKind::Hist => (GraphType::Bar, Marker::HalfBlock),
            };
            let mut d = Dataset::default().data(pts).graph_type(graph).marker(marker).style(color(s, theme));
            if let Some(label) = s.legend_label().filter(|_| axes.legend) {
                d = d.name(label.to_owned());
            }
            d
        })
        .collect();
    let (xlo, xhi) = ordered(axes.xlim);
    let (ylo, yhi) = ordered(axes.ylim);
    Chart::new(datasets)
        .block(block(axes, theme))
        .x_axis(axis(&axes.xlabel, (xlo, xhi), 9, axes.xticklabels.as_deref(), theme))
        .y_axis(axis(&axes.ylabel, (ylo, yhi), 9, None, theme))
        .legend_position(Some(LegendPosition::TopRight))
        .hidden_legend_constraints((ratatui::layout::Constraint::Ratio(1, 2), ratatui::layout::Constraint::Ratio(1, 2)))
        .render(area, buf);
}

fn draw_bars(axes: &Axes, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let bars: Vec<(String, f64, Style)> = axes
        .series
        .iter()
        .flat_map(|s| {
            let style = color(s, theme);
            let names = axes.xticklabels.clone();
            s.bars().enumerate().map(move |(i, (left, bottom, width, height))| {
                let label = match (&names, s.kind) {
                    (Some(n), SeriesKind::Bar) => n.get(i).map(|(_, l)| l.clone()).unwrap_or_default(),
                    (_, SeriesKind::Hist) => short_number(left),
                    _ => short_number(left + width / 2.0),
                };
                (label, bottom + height, style)
            })
        })
        .collect();
    let n = bars.len().max(1) as u16;
    // Titles and the x label take rows; each bar a column group with a gap.
    let gap = if n * 2 <= area.width { 1 } else { 0 };
    let bar_width = (area.width.saturating_sub(n * gap) / n).max(1);
    let max = bars.iter().map(|b| b.1).fold(0.0f64, f64::max);
    // BarChart takes whole numbers: scale so the tallest bar keeps three digits of detail.
    let scale = if max > 0.0 { 1000.0 / max } else { 1.0 };
    let group: Vec<Bar> = bars
        .iter()
        .map(|(label, value, style)| {
            Bar::default()
                .value((value.max(0.0) * scale).round() as u64)
                .text_value(short_number(*value))
                .label(Line::from(label.clone()))
                .style(*style)
                .value_style(theme.dim)
        })
        .collect();
    let mut chart_area = area;
    if !axes.xlabel.is_empty() && area.height > 4 {
        chart_area.height -= 1;
        let line = Line::styled(axes.xlabel.clone(), theme.text).alignment(Alignment::Center);
        line.render(Rect::new(area.x, area.bottom() - 1, area.width, 1), buf);
    }
    let mut block = block(axes, theme);
    let legend: Vec<Span> = axes
        .series
        .iter()
        .filter(|_| axes.legend)
        .filter_map(|s| s.legend_label().map(|l| Span::styled(format!("■ {l} "), color(s, theme))))
        .collect();
    if !legend.is_empty() {
        block = block.title_bottom(Line::from(legend).alignment(Alignment::Right));
    }
    BarChart::default()
        .block(block)
        .data(BarGroup::default().bars(&group))
        .bar_width(bar_width)
        .bar_gap(gap)
        .max((max * scale).round().max(1.0) as u64)
        .render(chart_area, buf);
}

/// A bar's number as a short label: `3`, `0.25`, `1.67`.
fn short_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e9 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

fn ordered((a, b): (f64, f64)) -> (f64, f64) {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    if hi > lo { (lo, hi) } else { (lo - 0.5, hi + 0.5) }
}

/// The buffer's rows as lines, runs of one style merged into one span.
fn buffer_lines(buf: &Buffer, indent: &str) -> Vec<Line<'static>> {
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut spans = vec![Span::raw(indent.to_owned())];
            let mut text = String::new();
            let mut style = Style::default();
            for x in area.left()..area.right() {
                let cell = &buf[(x, y)];
                let cell_style = cell.style();
                if cell_style != style && !text.is_empty() {
                    spans.push(Span::styled(std::mem::take(&mut text), style));
                }
                style = cell_style;
                text.push_str(cell.symbol());
            }
            let trimmed = text.trim_end().to_owned();
            if !trimmed.is_empty() {
                spans.push(Span::styled(trimmed, style));
            }
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::Palette;

    fn line_figure(axes: usize) -> Figure {
        let json = r##"{"width_in":6.4,"height_in":4.8,"dpi":100,"axes":[{"title":"Loss","xlim":[-0.1,2.1],"ylim":[0.9,3.1],"legend":true,
            "series":[{"kind":"line","x":[0,1,2],"y":[3,2,1],"label":"train","color":"#ff7f0e","linestyle":"-","marker":null}]}]}"##;
        let mut f: Figure = serde_json::from_str(json).unwrap();
        f.axes.truncate(axes);
        f
    }

    fn text(lines: &[Line]) -> String {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect::<String>() + "\n").collect()
    }

    #[test]
    fn a_figure_without_axes_shows_its_text() {
        let lines = figure_lines(&line_figure(0), 60, "  ", &Theme::new(Palette::Dark));
        assert_eq!(text(&lines), "  <Figure size 640x480 with 0 Axes>\n");
    }

    #[test]
    fn lines_are_drawn_in_the_series_colour_unless_no_color() {
        let lines = figure_lines(&line_figure(1), 60, "", &Theme::new(Palette::Dark));
        assert_eq!(lines.len(), chart_height(60) as usize);
        let drawn = text(&lines);
        assert!(drawn.contains("Loss") && drawn.contains("train"), "{drawn}");
        let orange = Some(Color::Rgb(0xff, 0x7f, 0x0e));
        assert!(lines.iter().flat_map(|l| &l.spans).any(|s| s.style.fg == orange));
        let plain = figure_lines(&line_figure(1), 60, "", &Theme::new(Palette::NoColor));
        assert!(plain.iter().flat_map(|l| &l.spans).all(|s| s.style.fg != orange));
    }
}
