-- Schema 6: notifications from scripts (`deepblock notify`), kept so that
-- one held during focus survives a restart until its digest is shown.

CREATE TABLE notifications (
    id            INTEGER PRIMARY KEY,
    created_utc   INTEGER NOT NULL,
    title         TEXT    NOT NULL CHECK (length(title) > 0),
    body          TEXT    NOT NULL DEFAULT '',
    urgent        INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    delivered_utc INTEGER
);

CREATE INDEX notifications_pending ON notifications (delivered_utc, created_utc);
