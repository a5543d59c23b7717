//! Rules the user set aside on purpose, kept as a record.

use chrono::{DateTime, Utc};
use deepblock_core::BlockId;
use rusqlite::params;

use crate::{Store, StoreResult, Tx};

/// One change made against a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOverride {
    /// The block changed.
    pub block_id: BlockId,
    /// When.
    pub made: DateTime<Utc>,
    /// The rules' messages at the time, one per line.
    pub rules: String,
    /// The user's reason.
    pub reason: String,
}

impl Tx<'_> {
    /// Records that `block_id` was changed against `rules` for `reason`.
    pub fn record_override(&self, entry: &RuleOverride) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO rule_overrides (block_id, made_utc, rules, reason) VALUES (?1, ?2, ?3, ?4)",
            params![entry.block_id.0, entry.made.timestamp(), entry.rules, entry.reason],
        )?;
        Ok(())
    }
}

impl Store {
    /// The overrides recorded for a block, oldest first.
    pub fn overrides(&self, block_id: BlockId) -> StoreResult<Vec<RuleOverride>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT made_utc, rules, reason FROM rule_overrides WHERE block_id = ?1 ORDER BY made_utc, id",
        )?;
        let rows = stmt.query_map([block_id.0], |row| {
            Ok(RuleOverride {
                block_id,
                made: DateTime::from_timestamp(row.get(0)?, 0).unwrap_or_default(),
                rules: row.get(1)?,
                reason: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
