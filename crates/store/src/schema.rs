//! The schema's versions. Each migration is one SQL file, applied once, in
//! order, inside a transaction; the database's `user_version` says how many
//! have been applied.

use rusqlite_migration::{M, Migrations};

/// Every migration, oldest first. Append only: a released migration never
/// changes, or databases already past it would miss the change.
const STEPS: &[&str] = &[
    include_str!("migrations/001_plan.sql"),
    include_str!("migrations/002_rule_dates.sql"),
    include_str!("migrations/003_decline_comment.sql"),
    include_str!("migrations/004_rule_overrides.sql"),
    include_str!("migrations/005_focus.sql"),
    include_str!("migrations/006_notifications.sql"),
    include_str!("migrations/007_focus_settings.sql"),
    include_str!("migrations/008_subscriptions.sql"),
    include_str!("migrations/009_caldav.sql"),
    include_str!("migrations/010_invitations.sql"),
    include_str!("migrations/011_actual_time.sql"),
    include_str!("migrations/012_skipped_meetings.sql"),
    include_str!("migrations/013_activity.sql"),
    include_str!("migrations/014_retros.sql"),
    include_str!("migrations/015_tasks.sql"),
    include_str!("migrations/016_timeboxes.sql"),
    include_str!("migrations/017_jobs.sql"),
];

/// The migration that creates `track_rules`, by its place in [`STEPS`].
const TRACK_RULES_STEP: usize = 12;

/// The schema version this build writes.
pub fn latest_version() -> usize {
    STEPS.len()
}

/// The migrations, ready for `rusqlite_migration`.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(
        STEPS
            .iter()
            .enumerate()
            .map(
                |(step, sql)| {
                    if step == TRACK_RULES_STEP { M::up_with_hook(sql, seed_track_rules) } else { M::up(sql) }
                },
            )
            .collect(),
    )
}

/// Writes the default tracking rules, from the core's one list, into the
/// table the migration has just made. The newest rule is tried first, so
/// the list goes in last to first, and every rule the user adds later
/// comes before them all.
fn seed_track_rules(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    for (pattern, category) in deepblock_core::activity::DEFAULT_RULES.iter().rev() {
        tx.execute(
            "INSERT INTO track_rules (pattern, category) VALUES (?1, ?2)",
            rusqlite::params![pattern, category.as_str()],
        )?;
    }
    Ok(())
}
