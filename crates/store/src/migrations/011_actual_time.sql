-- Schema 11: actual time. Entries are stretches spent under one category,
-- from the tracking timer or the user's own log; no two share time (the
-- service checks before writing). The running timer is at most one row.

CREATE TABLE actual_entries (
    id        INTEGER PRIMARY KEY,
    start_utc INTEGER NOT NULL,
    end_utc   INTEGER NOT NULL CHECK (end_utc > start_utc),
    category  TEXT    NOT NULL,
    source    TEXT    NOT NULL CHECK (source IN ('timer', 'manual')),
    note      TEXT
);

CREATE INDEX actual_entries_by_start ON actual_entries (start_utc);

CREATE TABLE tracking_timer (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    started_utc INTEGER NOT NULL,
    category    TEXT    NOT NULL,
    note        TEXT
);
