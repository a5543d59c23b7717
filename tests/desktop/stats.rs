//! What the window benchmarks report of their runs.

/// The middle value of `values` (the upper one of an even count): one
/// slow run, a page fault or a busy neighbour, does not move it.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
