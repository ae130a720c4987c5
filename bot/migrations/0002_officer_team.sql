-- 2: the officer team over time: welcomes not sent (linked with holders already in post), why a
-- record ended, the one farewell DM per ended record, and handover notes.
CREATE TABLE officers_new (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    user_id          INTEGER NOT NULL,
    post_id          TEXT    NOT NULL,
    started_at       TEXT    NOT NULL,
    ended_at         TEXT,
    end_reason       TEXT    CHECK (end_reason IN ('role', 'hand', 'left')),
    welcome_status   TEXT    NOT NULL DEFAULT 'pending'
                     CHECK (welcome_status IN ('pending', 'delivered', 'failed', 'not_sent')),
    welcome_error    TEXT,
    welcome_at       TEXT,
    last_activity_at TEXT    NOT NULL,
    reminded_at      TEXT,
    farewell_at      TEXT,
    UNIQUE (guild_id, user_id, post_id)
);
INSERT INTO officers_new (
    id, guild_id, user_id, post_id, started_at, ended_at, end_reason, welcome_status, welcome_error,
    welcome_at, last_activity_at, reminded_at
)
SELECT id, guild_id, user_id, post_id, started_at, ended_at, CASE WHEN ended_at IS NULL THEN NULL ELSE 'role' END,
       welcome_status, welcome_error, welcome_at, last_activity_at, reminded_at
FROM officers;
DROP TABLE officers;
ALTER TABLE officers_new RENAME TO officers;
CREATE INDEX officers_by_guild ON officers (guild_id, ended_at);
CREATE INDEX officers_by_post ON officers (guild_id, post_id, ended_at);

CREATE TABLE handover_notes (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    post_id       TEXT    NOT NULL,
    officer_id    INTEGER NOT NULL REFERENCES officers (id),
    author_id     INTEGER NOT NULL,
    in_progress   TEXT    NOT NULL,
    contacts      TEXT    NOT NULL,
    anything_else TEXT    NOT NULL,
    written_at    TEXT    NOT NULL
);
CREATE INDEX handover_by_post ON handover_notes (guild_id, post_id, written_at);
