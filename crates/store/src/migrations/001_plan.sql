-- Schema 1: the plan (blocks and their changed occurrences) and the rules.
-- Instants are whole seconds since the Unix epoch, UTC. Wall times are
-- 'YYYY-MM-DDTHH:MM:SS' in the block's own zone.

CREATE TABLE blocks (
    id             INTEGER PRIMARY KEY,
    uid            TEXT    NOT NULL,
    -- '' for blocks planned here; the calendar's name for imported ones.
    calendar       TEXT    NOT NULL DEFAULT '',
    sequence       INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    kind           TEXT    NOT NULL CHECK (kind IN ('deep', 'learning', 'meeting', 'break', 'admin')),
    title          TEXT    NOT NULL,
    category       TEXT    NOT NULL,
    start_utc      INTEGER NOT NULL,
    end_utc        INTEGER NOT NULL CHECK (end_utc >= start_utc),
    tz             TEXT    NOT NULL,
    protected      INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1)),
    -- iCalendar RRULE value; NULL for a block that happens once.
    rrule          TEXT,
    -- When the last occurrence ends; NULL for a series without end.
    series_end_utc INTEGER,
    UNIQUE (calendar, uid)
);

CREATE INDEX blocks_by_time ON blocks (start_utc, series_end_utc);

CREATE TABLE occurrence_changes (
    block_id       INTEGER NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
    original_local TEXT    NOT NULL,
    change         TEXT    NOT NULL CHECK (change IN ('skipped', 'moved', 'added')),
    start_utc      INTEGER,
    end_utc        INTEGER,
    PRIMARY KEY (block_id, original_local, change),
    CHECK ((change = 'moved') = (start_utc IS NOT NULL AND end_utc IS NOT NULL))
);

CREATE TABLE no_meeting_rules (
    id        INTEGER PRIMARY KEY,
    -- Monday = 0; set for a weekly rule, NULL for dates.
    weekday   INTEGER CHECK (weekday BETWEEN 0 AND 6),
    date_from TEXT,
    -- Equal to date_from for a single date.
    date_to   TEXT,
    half      TEXT CHECK (half IN ('am', 'pm')),
    CHECK ((weekday IS NULL) = (date_from IS NOT NULL AND date_to IS NOT NULL)),
    CHECK (date_from IS NULL OR date_from <= date_to)
);

-- One row: the user's settings, with the defaults a new user gets.
CREATE TABLE settings (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    workday_start         TEXT    NOT NULL DEFAULT '08:00',
    workday_end           TEXT    NOT NULL DEFAULT '17:00',
    -- Monday in bit 0; 31 = Monday to Friday.
    workday_days          INTEGER NOT NULL DEFAULT 31 CHECK (workday_days BETWEEN 1 AND 127),
    deep_goal_minutes     INTEGER NOT NULL DEFAULT 600 CHECK (deep_goal_minutes >= 0),
    learning_goal_minutes INTEGER NOT NULL DEFAULT 180 CHECK (learning_goal_minutes >= 0),
    min_deep_minutes      INTEGER NOT NULL DEFAULT 90 CHECK (min_deep_minutes >= 0),
    -- Monday = 0.
    week_start            INTEGER NOT NULL DEFAULT 0 CHECK (week_start BETWEEN 0 AND 6)
);

INSERT INTO settings (id) VALUES (1);

CREATE TABLE my_addresses (
    email TEXT PRIMARY KEY
);
