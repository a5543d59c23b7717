-- Schema 2: when each no-meeting rule was made, in the user's local dates.
-- A weekly rule is exported as a series starting on its first matching day
-- on or after this date, so its calendar event never moves between exports.
-- Rules from schema 1 get the day of the upgrade.

ALTER TABLE no_meeting_rules ADD COLUMN created_on TEXT NOT NULL DEFAULT '1970-01-01';

UPDATE no_meeting_rules SET created_on = date('now');
