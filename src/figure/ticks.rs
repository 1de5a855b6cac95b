//! Axis ticks as matplotlib's default locator picks them: the smallest "nice"
//! step (1, 2, 2.5 or 5 times a power of ten) that splits the view into at
//! most `nbins` intervals (matplotlib uses 9 on a default-size figure), labelled with one shared number of decimals
//! as its ScalarFormatter does.

/// Tick positions inside `[lo, hi]`.
pub fn nice_ticks(lo: f64, hi: f64, nbins: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo || nbins < 1 {
        return Vec::new();
    }
    let step = nice_step((hi - lo) / nbins as f64);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| clean(k as f64 * step)).collect()
}

/// The smallest of 1, 2, 2.5, 5, 10 times a power of ten that is at least `raw`.
pub fn nice_step(raw: f64) -> f64 {
    let scale = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * scale >= raw * (1.0 - 1e-9) {
            return m * scale;
        }
    }
    10.0 * scale
}

/// `-0.0` and float noise (0.30000000000000004) out of a tick value.
fn clean(v: f64) -> f64 {
    let r = (v * 1e12).round() / 1e12;
    if r == 0.0 { 0.0 } else { r }
}

/// Labels for `ticks`, all with the decimals the finest one needs.
pub fn tick_labels(ticks: &[f64]) -> Vec<String> {
    let decimals = ticks.iter().map(|&t| decimals_of(t)).max().unwrap_or(0);
    ticks.iter().map(|t| format!("{t:.decimals$}")).collect()
}

fn decimals_of(v: f64) -> usize {
    (0..=6).find(|&d| {
        let scaled = v * 10f64.powi(d as i32);
        (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
    })
    .unwrap_or(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_fall_on_nice_steps() {
        // Real matplotlib 3.11 on a default figure: plot([1, 2, 3]) has the x view
        // (-0.1, 2.1) ticked 0.00, 0.25, ..., 2.00; hist([1,2,2,3,3,3,7]) has
        // x (0.7, 7.3) ticked 1..7 and y (0, 3.15) ticked 0.0, 0.5, ..., 3.0.
        assert_eq!(nice_ticks(-0.1, 2.1, 9), vec![0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]);
        assert_eq!(tick_labels(&[0.0, 0.25, 0.5]), vec!["0.00", "0.25", "0.50"]);
        assert_eq!(nice_ticks(0.7, 7.3, 9), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]);
        assert_eq!(tick_labels(&[1.0, 2.0, 3.0]), vec!["1", "2", "3"]);
        let y = nice_ticks(0.0, 3.15, 9);
        assert_eq!(tick_labels(&y), vec!["0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0"]);
    }
}
