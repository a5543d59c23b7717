-- Schema 10: invitations that arrive in a connected CalDAV calendar (the
-- user's ATTENDEE line waiting with PARTSTAT=NEEDS-ACTION) and break a
-- rule. With auto_decline on, Deepblock declines them in the user's copy
-- on the server at once; with it off they wait here as "pending" until
-- the user declines (with or without proposing a time) or keeps them. The
-- body is the copy as triaged: a decline is written over that version.

-- A resource whose copy waits for the user's answer is marked: a meeting
-- not yet accepted does not count against another invitation.
ALTER TABLE dav_resources ADD COLUMN awaiting INTEGER NOT NULL DEFAULT 0 CHECK (awaiting IN (0, 1));

-- The kinds of block published as busy, a bit per kind as auto_focus_kinds
-- (deep work, learning and meetings by default).
ALTER TABLE settings ADD COLUMN busy_kinds INTEGER NOT NULL DEFAULT 7;

ALTER TABLE settings ADD COLUMN auto_decline INTEGER NOT NULL DEFAULT 0 CHECK (auto_decline IN (0, 1));

CREATE TABLE dav_invitations (
    account     TEXT    NOT NULL REFERENCES dav_accounts (name) ON DELETE CASCADE,
    href        TEXT    NOT NULL,
    uid         TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    start_utc   INTEGER NOT NULL,
    refused     INTEGER NOT NULL,
    occurrences INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('pending', 'declined', 'kept')),
    etag        TEXT,
    body        TEXT    NOT NULL,
    comment     TEXT,
    decided_utc INTEGER,
    PRIMARY KEY (account, href)
);
