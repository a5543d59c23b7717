-- Schema 12: meetings the user did not attend. A meeting counts as actual
-- time where it happened unless its occurrence is listed here, by the
-- meeting's UID (stable across re-imports and syncs, unlike its row id)
-- and the occurrence's start.

CREATE TABLE skipped_meetings (
    uid       TEXT    NOT NULL,
    start_utc INTEGER NOT NULL,
    PRIMARY KEY (uid, start_utc)
);
