-- Schema 15: the backlog. `tasks` hold what the user typed (dates as
-- YYYY-MM-DD, lengths in minutes); `task_after` what each waits for;
-- `task_chunks` link the blocks the scheduler placed (by the block's uid,
-- so a block deleted and restored by undo is linked again) to their task,
-- with whether the user pinned it and the scheduler's one-line reason.

CREATE TABLE tasks (
    id                INTEGER PRIMARY KEY,
    title             TEXT    NOT NULL,
    estimate_minutes  INTEGER NOT NULL CHECK (estimate_minutes > 0),
    due               TEXT,
    impact            TEXT    NOT NULL,
    effort            TEXT    NOT NULL,
    category          TEXT    NOT NULL,
    chunk_min_minutes INTEGER,
    not_before        TEXT,
    done_utc          INTEGER,
    -- An experiment's terms, 1 to 5 each; all NULL for other tasks.
    upside            INTEGER CHECK (upside BETWEEN 1 AND 5),
    cost              INTEGER CHECK (cost BETWEEN 1 AND 5),
    learning          INTEGER CHECK (learning BETWEEN 1 AND 5),
    CHECK ((upside IS NULL) = (cost IS NULL) AND (cost IS NULL) = (learning IS NULL))
);

CREATE TABLE task_after (
    task_id  INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    after_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, after_id)
);

CREATE TABLE task_chunks (
    block_uid TEXT    PRIMARY KEY,
    task_id   INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    pinned    INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    reason    TEXT    NOT NULL
);
