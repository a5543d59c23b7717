//! Timesheets: actual time as CSV, one row per interval, for a
//! spreadsheet and back.

use deepblock_core::review::Interval;

use crate::{ErrorCode, ServiceError, ServiceResult};

/// The columns of our CSV, in order.
pub const COLUMNS: [&str; 6] = ["start", "end", "category", "source", "block", "note"];

/// The intervals as CSV: a header, then one row per interval, times in
/// RFC 3339 with the user's offset.
pub fn intervals_csv(intervals: &[Interval]) -> ServiceResult<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed =
        |e: &dyn std::fmt::Display| ServiceError::new(ErrorCode::Environment, format!("writing CSV: {e}"));
    writer.write_record(COLUMNS).map_err(|e| failed(&e))?;
    for interval in intervals {
        writer
            .write_record([
                interval.start.to_rfc3339(),
                interval.end.to_rfc3339(),
                interval.category.as_str().to_owned(),
                interval.source.as_str().to_owned(),
                interval.block.map(|b| b.to_string()).unwrap_or_default(),
                interval.note.clone().unwrap_or_default(),
            ])
            .map_err(|e| failed(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| failed(&e))?;
    String::from_utf8(bytes).map_err(|e| failed(&e))
}
