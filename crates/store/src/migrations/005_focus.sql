-- Schema 5: focus sessions (every one recorded, for the weekly report) and
-- the blocklist, seeded with common distractions the user can edit.

CREATE TABLE focus_sessions (
    id              INTEGER PRIMARY KEY,
    started_utc     INTEGER NOT NULL,
    planned_end_utc INTEGER NOT NULL CHECK (planned_end_utc > started_utc),
    rhythm          TEXT    NOT NULL,
    locked          INTEGER NOT NULL CHECK (locked IN (0, 1)),
    block_id        INTEGER REFERENCES blocks (id) ON DELETE SET NULL,
    category        TEXT    NOT NULL,
    ended_utc       INTEGER,
    end_reason      TEXT CHECK (end_reason IN ('completed', 'stopped')),
    CHECK ((ended_utc IS NULL) = (end_reason IS NULL))
);

CREATE INDEX focus_sessions_by_start ON focus_sessions (started_utc);

CREATE TABLE blocklist (
    host TEXT PRIMARY KEY
);

INSERT INTO blocklist (host) VALUES
    ('facebook.com'), ('instagram.com'), ('linkedin.com'), ('reddit.com'), ('tiktok.com'),
    ('twitter.com'), ('x.com'), ('youtube.com'), ('netflix.com'), ('twitch.tv'),
    ('news.ycombinator.com'), ('bbc.com'), ('cnn.com'), ('nytimes.com'), ('theguardian.com');
