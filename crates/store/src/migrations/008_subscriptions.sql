-- Schema 8: calendars subscribed to by address. The address is a
-- credential (a secret link) and lives in the OS keyring, as does a
-- password; a row holds what is shown and what the next fetch sends.
-- The meetings themselves are blocks whose calendar is the row's name.
-- secret_id names the row's keyring entries: random, so two plans (two
-- database files) with a calendar of the same name never share them.

CREATE TABLE subscriptions (
    name             TEXT    PRIMARY KEY,
    shown            TEXT    NOT NULL,
    secret_id        TEXT    NOT NULL UNIQUE,
    every_minutes    INTEGER NOT NULL CHECK (every_minutes BETWEEN 5 AND 10080),
    username         TEXT,
    etag             TEXT,
    last_modified    TEXT,
    added_utc        INTEGER NOT NULL,
    last_attempt_utc INTEGER,
    last_success_utc INTEGER,
    problem          TEXT
);
