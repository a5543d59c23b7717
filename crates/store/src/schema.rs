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
];

/// The schema version this build writes.
pub fn latest_version() -> usize {
    STEPS.len()
}

/// The migrations, ready for `rusqlite_migration`.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
}
