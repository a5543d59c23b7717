-- Schema 17: commands run by `deepblock notify -- COMMAND`, while they
-- run, so the tray and the focus panel can offer a low-energy task for
-- the wait. A row is removed when its command ends; one left by a process
-- killed outright is told apart by its process id and name no longer
-- running (and removed by the next job that starts).

CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    label       TEXT    NOT NULL,
    pid         INTEGER NOT NULL,
    process     TEXT    NOT NULL,
    started_utc INTEGER NOT NULL
);
