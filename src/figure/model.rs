//! The figure data `matplotlib.pyplot` records (see `pylib/matplotlib/`):
//! sizes, texts, view limits and series of floats. NaN (a gap in a line, as
//! matplotlib draws it) travels as JSON `null`.

use serde::{Deserialize, Deserializer, Serialize};

/// A figure shown by a cell, with where it appeared among the cell's output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShownFigure {
    /// Bytes of the cell's stdout printed before it was shown.
    pub stdout_offset: usize,
    /// Shown after the cell's last expression (Jupyter's inline backend shows
    /// figures still open when the cell ends after the cell's result).
    #[serde(default)]
    pub after_display: bool,
    pub figure: Figure,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub width_in: f64,
    pub height_in: f64,
    pub dpi: f64,
    #[serde(default)]
    pub suptitle: String,
    #[serde(default)]
    pub axes: Vec<Axes>,
}

impl Figure {
    /// Pixel size: figsize times dpi, as matplotlib renders it.
    pub fn pixel_size(&self) -> (u32, u32) {
        let px = |inches: f64| (inches * self.dpi).round().clamp(1.0, 8192.0) as u32;
        (px(self.width_in), px(self.height_in))
    }

    /// What Jupyter's text display shows: `<Figure size 640x480 with 1 Axes>`.
    pub fn text(&self) -> String {
        format!(
            "<Figure size {}x{} with {} Axes>",
            format_g(self.width_in * self.dpi),
            format_g(self.height_in * self.dpi),
            self.axes.len()
        )
    }
}

/// Python's `'%g' % v` for the sizes figures have (whole or short numbers).
fn format_g(v: f64) -> String {
    let rounded = (v * 1e4).round() / 1e4;
    if rounded.fract() == 0.0 && rounded.abs() < 1e6 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Axes {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub xlabel: String,
    #[serde(default)]
    pub ylabel: String,
    /// View limits, already resolved (set by the learner or autoscaled as matplotlib does).
    pub xlim: (f64, f64),
    pub ylim: (f64, f64),
    #[serde(default)]
    pub grid: bool,
    /// `legend()` was called.
    #[serde(default)]
    pub legend: bool,
    /// Category names for `bar(['a', 'b'], ...)`: (position, label).
    #[serde(default)]
    pub xticklabels: Option<Vec<(f64, String)>>,
    #[serde(default)]
    pub series: Vec<Series>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesKind {
    Line,
    Scatter,
    Bar,
    Hist,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub kind: SeriesKind,
    /// Points for lines and scatters; left edges for bars and histogram bins.
    #[serde(deserialize_with = "nullable_floats")]
    pub x: Vec<f64>,
    /// Point values; bar heights; bin counts.
    #[serde(deserialize_with = "nullable_floats")]
    pub y: Vec<f64>,
    /// Bar widths (bars and histograms only).
    #[serde(default, deserialize_with = "nullable_floats")]
    pub width: Vec<f64>,
    #[serde(default, deserialize_with = "nullable_floats")]
    pub bottom: Vec<f64>,
    /// The legend label; `_child0`-style labels (underscore first) stay out of legends.
    pub label: Option<String>,
    /// `#rrggbb`.
    pub color: String,
    /// `-`, `--`, `-.`, `:` or `None`.
    pub linestyle: String,
    /// A matplotlib marker character (`o`, `.`, `s`, ...), if any.
    pub marker: Option<String>,
}

impl Series {
    /// The label a legend shows, if this series has one.
    pub fn legend_label(&self) -> Option<&str> {
        self.label.as_deref().filter(|l| !l.is_empty() && !l.starts_with('_'))
    }

    pub fn rgb(&self) -> (u8, u8, u8) {
        parse_hex(&self.color).unwrap_or((0x1f, 0x77, 0xb4))
    }

    /// Bars as (left, bottom, width, height).
    pub fn bars(&self) -> impl Iterator<Item = (f64, f64, f64, f64)> + '_ {
        self.x.iter().zip(&self.y).enumerate().map(|(i, (&left, &height))| {
            let width = self.width.get(i).copied().unwrap_or(0.8);
            let bottom = self.bottom.get(i).copied().unwrap_or(0.0);
            (left, bottom, width, height)
        })
    }
}

/// `#rrggbb` as bytes.
pub fn parse_hex(color: &str) -> Option<(u8, u8, u8)> {
    let hex = color.strip_prefix('#')?;
    if hex.len() < 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

fn nullable_floats<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    let raw: Vec<Option<f64>> = Vec::deserialize(d)?;
    Ok(raw.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(w: f64, h: f64, axes: usize) -> Figure {
        let ax = Axes {
            title: String::new(), xlabel: String::new(), ylabel: String::new(), xlim: (0.0, 1.0), ylim: (0.0, 1.0),
            grid: false, legend: false, xticklabels: None, series: Vec::new(),
        };
        Figure { width_in: w, height_in: h, dpi: 100.0, suptitle: String::new(), axes: vec![ax; axes] }
    }

    #[test]
    fn text_is_jupyters_figure_repr() {
        // Texts printed by real matplotlib 3.11 for figsize (6.4, 4.8), (10, 4.5) and (8, 3).
        assert_eq!(figure(6.4, 4.8, 1).text(), "<Figure size 640x480 with 1 Axes>");
        assert_eq!(figure(10.0, 4.5, 0).text(), "<Figure size 1000x450 with 0 Axes>");
        assert_eq!(figure(8.0, 3.0, 0).text(), "<Figure size 800x300 with 0 Axes>");
        assert_eq!(figure(6.4, 4.8, 1).pixel_size(), (640, 480));
    }

    #[test]
    fn nan_travels_as_null_and_comes_back() {
        let json = r##"{"kind":"line","x":[0,1,2],"y":[1,null,3],"label":null,"color":"#1f77b4","linestyle":"-","marker":null}"##;
        let s: Series = serde_json::from_str(json).unwrap();
        assert!(s.y[1].is_nan());
        let back = serde_json::to_string(&s).unwrap();
        assert!(back.contains("[1.0,null,3.0]"), "{back}");
        assert_eq!(s.rgb(), (0x1f, 0x77, 0xb4));
    }
}
