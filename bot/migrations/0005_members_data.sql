-- 5: members' data: when the bot left a server (its data is deleted 30 days later unless it
-- comes back). Independent of every other table, so it applies after any 0004.
CREATE TABLE IF NOT EXISTS guild_departures (
    guild_id INTEGER PRIMARY KEY,
    left_at  TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS officers_by_member ON officers (guild_id, user_id);
CREATE INDEX IF NOT EXISTS handover_by_officer ON handover_notes (officer_id);
