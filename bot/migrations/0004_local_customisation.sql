-- 4: each CLP makes the bot its own: its welcome text and contact person, its own checklist
-- steps (removed ones kept as history) and catalogue steps it hides.
ALTER TABLE guild_settings ADD COLUMN welcome_text TEXT;
ALTER TABLE guild_settings ADD COLUMN contact_id INTEGER;

CREATE TABLE local_steps (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    post_id    TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    created_by INTEGER NOT NULL,
    removed_at TEXT
);
CREATE INDEX local_steps_by_guild ON local_steps (guild_id, post_id);
CREATE TABLE hidden_steps (
    guild_id  INTEGER NOT NULL,
    post_id   TEXT    NOT NULL,
    step_id   TEXT    NOT NULL,
    hidden_at TEXT    NOT NULL,
    hidden_by INTEGER NOT NULL,
    PRIMARY KEY (guild_id, post_id, step_id)
);
