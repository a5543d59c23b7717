-- Schema 7: which kinds of block start a focus session by themselves (a bit
-- per kind in the order deep, learning, meeting, break, admin; deep work by
-- default) and the rhythm of sessions not given one.

ALTER TABLE settings ADD COLUMN auto_focus_kinds INTEGER NOT NULL DEFAULT 1
    CHECK (auto_focus_kinds BETWEEN 0 AND 31);
ALTER TABLE settings ADD COLUMN focus_rhythm TEXT NOT NULL DEFAULT '50/10';
