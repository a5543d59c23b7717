-- Schema 9: CalDAV accounts, synced both ways. An account's calendars are
-- read from (their events become the meetings of plan_calendar), published
-- to (the plan's blocks become resources there), or both. Every resource
-- is kept as last synced: its ETag says whether the server's copy moved,
-- and its body is the base a later three-way merge starts from. The
-- password lives in the OS keyring under calendar-password:<secret_id>.

CREATE TABLE dav_accounts (
    name             TEXT    PRIMARY KEY,
    url              TEXT    NOT NULL,
    username         TEXT    NOT NULL,
    secret_id        TEXT    NOT NULL UNIQUE,
    added_utc        INTEGER NOT NULL,
    last_attempt_utc INTEGER,
    last_success_utc INTEGER,
    problem          TEXT
);

CREATE TABLE dav_calendars (
    account       TEXT    NOT NULL REFERENCES dav_accounts (name) ON DELETE CASCADE,
    href          TEXT    NOT NULL,
    display       TEXT    NOT NULL,
    reads         INTEGER NOT NULL CHECK (reads IN (0, 1)),
    publishes     INTEGER NOT NULL CHECK (publishes IN (0, 1)),
    plan_calendar TEXT    NOT NULL,
    sync_token    TEXT,
    ctag          TEXT,
    PRIMARY KEY (account, href),
    CHECK (reads = 1 OR publishes = 1)
);

CREATE TABLE dav_resources (
    account  TEXT    NOT NULL,
    calendar TEXT    NOT NULL,
    href     TEXT    NOT NULL,
    etag     TEXT,
    uid      TEXT,
    ours     INTEGER NOT NULL CHECK (ours IN (0, 1)),
    body     TEXT    NOT NULL,
    PRIMARY KEY (account, href),
    FOREIGN KEY (account, calendar) REFERENCES dav_calendars (account, href) ON DELETE CASCADE
);

-- A published block changed both here and on the server in the same part
-- (title, time, repeat): the plan keeps the user's version, the server
-- its own, until the user chooses.
CREATE TABLE dav_conflicts (
    account    TEXT    NOT NULL REFERENCES dav_accounts (name) ON DELETE CASCADE,
    href       TEXT    NOT NULL,
    block_uid  TEXT    NOT NULL,
    parts      TEXT    NOT NULL,
    their_etag TEXT    NOT NULL,
    their_body TEXT    NOT NULL,
    found_utc  INTEGER NOT NULL,
    PRIMARY KEY (account, href)
);
