-- Schema 14: the weekly retro's three answers, one row per week, named by
-- the week's first local day (YYYY-MM-DD).

CREATE TABLE retros (
    first_day TEXT    PRIMARY KEY,
    worked    TEXT    NOT NULL,
    did_not   TEXT    NOT NULL,
    change    TEXT    NOT NULL,
    saved_utc INTEGER NOT NULL
);
