-- Schema 16: debugging time-boxes. A focus session started with
-- `focus start --timebox` keeps the question it is about, and later the
-- user's answer: whether the cause was found (NULL until answered).

CREATE TABLE timeboxes (
    session_id  INTEGER PRIMARY KEY REFERENCES focus_sessions (id) ON DELETE CASCADE,
    question    TEXT    NOT NULL,
    cause_found INTEGER CHECK (cause_found IN (0, 1))
);
