//! PNG files of shown figures (`tensorlings run --plots DIR`), drawn by the
//! host with plotters: lines, markers, bars and histograms in the figure's
//! colours, title, axis labels, ticks, grid and legend, in DejaVu Sans
//! (matplotlib's default font, embedded from `assets/fonts/`).

use std::path::Path;
use std::sync::Once;

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::model::{Axes, Figure, SeriesKind};
use super::ticks::{nice_ticks, tick_labels};

/// The font family name plotters knows our embedded font by.
const FONT: &str = "sans-serif";
static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// matplotlib's defaults in points: 10 pt text, 12 pt titles, 1.5 pt lines, 6 pt markers.
const TEXT_PT: f64 = 10.0;
const TITLE_PT: f64 = 12.0;
const LINE_PT: f64 = 1.5;
const MARKER_PT: f64 = 6.0;

#[derive(Debug, thiserror::Error)]
#[error("cannot draw figure {path}: {message}")]
pub struct PngError {
    pub path: String,
    pub message: String,
}

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is ours and valid; a failure would only mean no text.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES);
    });
}

/// Draws `figure` into a PNG at `path`, at its own pixel size (figsize × dpi).
pub fn save_png(figure: &Figure, path: &Path) -> Result<(), PngError> {
    register_font();
    let fail = |e: &dyn std::fmt::Display| PngError { path: path.display().to_string(), message: e.to_string() };
    let root = BitMapBackend::new(path, figure.pixel_size()).into_drawing_area();
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let root = if figure.suptitle.is_empty() {
        root
    } else {
        root.titled(&figure.suptitle, (FONT, pt(figure, TITLE_PT))).map_err(|e| fail(&e))?
    };
    if let Some(axes) = figure.axes.first() {
        draw_axes(figure, axes, &root).map_err(|e| fail(&e))?;
    }
    root.present().map_err(|e| fail(&e))
}

/// Points to pixels at the figure's dpi.
fn pt(figure: &Figure, points: f64) -> f64 {
    points * figure.dpi / 72.0
}

fn draw_axes(
    figure: &Figure,
    axes: &Axes,
    root: &DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>,
) -> Result<(), Box<dyn std::error::Error>> {
    let (w, h) = root.dim_in_pixel();
    let (x0, x1) = ordered(axes.xlim);
    let (y0, y1) = ordered(axes.ylim);
    // About one tick per 70 px, as matplotlib's locator spaces them on a default figure.
    let xticks = match &axes.xticklabels {
        Some(labels) => labels.iter().map(|(p, _)| *p).collect(),
        None => nice_ticks(x0, x1, (w as usize / 70).clamp(2, 9)),
    };
    let yticks = nice_ticks(y0, y1, (h as usize / 53).clamp(2, 9));
    let xnames = match &axes.xticklabels {
        Some(labels) => labels.iter().map(|(_, l)| l.clone()).collect(),
        None => tick_labels(&xticks),
    };
    let ynames = tick_labels(&yticks);

    let text = pt(figure, TEXT_PT);
    let mut builder = ChartBuilder::on(root);
    builder
        .margin((0.04 * w as f64) as u32)
        .x_label_area_size((text * 3.2) as u32)
        .y_label_area_size((text * 4.5) as u32);
    if !axes.title.is_empty() {
        builder.caption(&axes.title, (FONT, pt(figure, TITLE_PT)));
    }
    let mut chart = builder.build_cartesian_2d(x0..x1, y0..y1)?;
    // plotters' own ticks differ from matplotlib's: draw the frame and the
    // axis names with plotters, the ticks ourselves.
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .axis_desc_style((FONT, text))
        .x_desc(axes.xlabel.as_str())
        .y_desc(axes.ylabel.as_str())
        .draw()?;
    if axes.grid {
        let grid = RGBColor(0xb0, 0xb0, 0xb0).stroke_width(1);
        for &t in &xticks {
            chart.draw_series(std::iter::once(PathElement::new(vec![(t, y0), (t, y1)], grid)))?;
        }
        for &t in &yticks {
            chart.draw_series(std::iter::once(PathElement::new(vec![(x0, t), (x1, t)], grid)))?;
        }
    }
    let base = root.get_base_pixel();
    let at = |x: f64, y: f64| {
        let (px, py) = chart.backend_coord(&(x, y));
        (px - base.0, py - base.1)
    };
    let tick_len = (pt(figure, 3.5)).round() as i32;
    let below = TextStyle::from((FONT, text).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
    let left_of = TextStyle::from((FONT, text).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
    for (&t, name) in xticks.iter().zip(&xnames) {
        if t < x0 || t > x1 {
            continue;
        }
        let (px, py) = at(t, y0);
        root.draw(&PathElement::new(vec![(px, py), (px, py + tick_len)], BLACK.stroke_width(1)))?;
        root.draw_text(name, &below, (px, py + tick_len + (text * 0.35) as i32))?;
    }
    // matplotlib frames the axes on all four sides.
    let (left, top) = at(x0, y1);
    let (right, bottom) = at(x1, y0);
    root.draw(&Rectangle::new([(left, top), (right, bottom)], BLACK.stroke_width(1)))?;
    for (&t, name) in yticks.iter().zip(&ynames) {
        let (px, py) = at(x0, t);
        root.draw(&PathElement::new(vec![(px - tick_len, py), (px, py)], BLACK.stroke_width(1)))?;
        root.draw_text(name, &left_of, (px - tick_len - 3, py))?;
    }

    let line_px = pt(figure, LINE_PT).round().max(1.0) as u32;
    let marker_r = (pt(figure, MARKER_PT) / 2.0).round().max(2.0) as i32;
    for series in &axes.series {
        let (r, g, b) = series.rgb();
        let color = RGBColor(r, g, b);
        let legend_color = color;
        let anno = match series.kind {
            SeriesKind::Line => {
                let mut last = None;
                if series.linestyle != "None" {
                    for run in finite_runs(&series.x, &series.y) {
                        let style = color.stroke_width(line_px);
                        let a = match series.linestyle.as_str() {
                            "--" => chart.draw_series(DashedLineSeries::new(run, 3.7 * line_px as f64, 1.6 * line_px as f64, style))?,
                            ":" => chart.draw_series(DashedLineSeries::new(run, line_px as f64, 1.65 * line_px as f64, style))?,
                            "-." => chart.draw_series(DashedLineSeries::new(run, 6.4 * line_px as f64, 1.6 * line_px as f64, style))?,
                            _ => chart.draw_series(LineSeries::new(run, style))?,
                        };
                        last = Some(a);
                    }
                }
                if series.marker.is_some() {
                    let points = finite_points(&series.x, &series.y);
                    last = Some(chart.draw_series(points.map(|p| Circle::new(p, marker_r, color.filled())))?);
                }
                last
            }
            SeriesKind::Scatter => {
                let points = finite_points(&series.x, &series.y);
                Some(chart.draw_series(points.map(|p| Circle::new(p, marker_r, color.filled())))?)
            }
            SeriesKind::Bar | SeriesKind::Hist => {
                let bars: Vec<_> = series
                    .bars()
                    .filter(|(l, b, w, hgt)| [l, b, w, hgt].iter().all(|v| v.is_finite()))
                    .map(|(l, b, w, hgt)| Rectangle::new([(l, b), (l + w, b + hgt)], color.filled()))
                    .collect();
                Some(chart.draw_series(bars)?)
            }
        };
        if let (Some(anno), Some(label)) = (anno, series.legend_label())
            && axes.legend
        {
            anno.label(label).legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], legend_color.stroke_width(3))
            });
        }
    }
    if axes.legend && axes.series.iter().any(|s| s.legend_label().is_some()) {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font((FONT, text))
            .background_style(WHITE.mix(0.8))
            .border_style(RGBColor(0xcc, 0xcc, 0xcc))
            .draw()?;
    }
    Ok(())
}

/// Limits in increasing order (matplotlib allows inverted axes; we draw them upright).
fn ordered((a, b): (f64, f64)) -> (f64, f64) {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    if hi > lo { (lo, hi) } else { (lo - 0.5, hi + 0.5) }
}

fn finite_points<'a>(x: &'a [f64], y: &'a [f64]) -> impl Iterator<Item = (f64, f64)> + 'a {
    x.iter().zip(y).map(|(&a, &b)| (a, b)).filter(|(a, b)| a.is_finite() && b.is_finite())
}

/// A line's stretches between NaNs, which matplotlib leaves as gaps.
fn finite_runs(x: &[f64], y: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = vec![Vec::new()];
    for (&a, &b) in x.iter().zip(y) {
        if a.is_finite() && b.is_finite() {
            runs.last_mut().expect("never empty").push((a, b));
        } else if !runs.last().expect("never empty").is_empty() {
            runs.push(Vec::new());
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}
