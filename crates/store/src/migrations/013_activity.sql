-- Schema 13: what a tracker saw. `track_rules` map window and tab titles
-- onto categories, the newest (highest id) tried first; the defaults are
-- written by the migration's hook from the program's own list. `activity_intervals` are
-- ActivityWatch's not-AFK time after those rules: a span, a category and
-- the rule that matched (NULL: none did, "other"), never a title or an
-- address. `settings.activitywatch` is the server's address; NULL turns
-- reading it off.

CREATE TABLE track_rules (
    id       INTEGER PRIMARY KEY,
    pattern  TEXT NOT NULL,
    category TEXT NOT NULL
);

CREATE TABLE activity_intervals (
    start_utc INTEGER NOT NULL,
    end_utc   INTEGER NOT NULL CHECK (end_utc > start_utc),
    category  TEXT    NOT NULL,
    rule_id   INTEGER
);

CREATE INDEX activity_intervals_by_start ON activity_intervals (start_utc);

ALTER TABLE settings ADD COLUMN activitywatch TEXT DEFAULT 'http://127.0.0.1:5600';
