-- Schema 4: changes the user made against a rule, on purpose. Each keeps
-- the rules' messages at the time and the user's reason.

CREATE TABLE rule_overrides (
    id        INTEGER PRIMARY KEY,
    block_id  INTEGER NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
    made_utc  INTEGER NOT NULL,
    rules     TEXT    NOT NULL,
    reason    TEXT    NOT NULL
);

CREATE INDEX rule_overrides_by_block ON rule_overrides (block_id);
