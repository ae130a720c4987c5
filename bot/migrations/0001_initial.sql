-- 1: role links, server settings, officer records, checklist ticks
CREATE TABLE role_links (
    guild_id   INTEGER NOT NULL,
    role_id    INTEGER NOT NULL,
    post_id    TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    created_by INTEGER,
    PRIMARY KEY (guild_id, role_id)
);
CREATE TABLE guild_settings (
    guild_id            INTEGER PRIMARY KEY,
    fallback_channel_id INTEGER,
    updated_at          TEXT NOT NULL
);
CREATE TABLE officers (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    user_id          INTEGER NOT NULL,
    post_id          TEXT    NOT NULL,
    started_at       TEXT    NOT NULL,
    ended_at         TEXT,
    welcome_status   TEXT    NOT NULL DEFAULT 'pending'
                     CHECK (welcome_status IN ('pending', 'delivered', 'failed')),
    welcome_error    TEXT,
    welcome_at       TEXT,
    last_activity_at TEXT    NOT NULL,
    reminded_at      TEXT,
    UNIQUE (guild_id, user_id, post_id)
);
CREATE INDEX officers_by_guild ON officers (guild_id, ended_at);
CREATE TABLE ticks (
    officer_id INTEGER NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
    step_id    TEXT    NOT NULL,
    done       INTEGER NOT NULL CHECK (done IN (0, 1)),
    changed_at TEXT    NOT NULL,
    changed_by INTEGER NOT NULL,
    PRIMARY KEY (officer_id, step_id)
);
