-- 3: the party year: the CLP's AGM date, recurring duties marked done per period, their one
-- reminder per period, and reminders that stop (at most 3 nudges, snooze, off).
ALTER TABLE guild_settings ADD COLUMN agm_date TEXT;
ALTER TABLE guild_settings ADD COLUMN year_announced TEXT;  -- the AGM whose new year was announced
ALTER TABLE officers ADD COLUMN nudges INTEGER NOT NULL DEFAULT 0;
ALTER TABLE officers ADD COLUMN snoozed_until TEXT;
ALTER TABLE officers ADD COLUMN reminders_off INTEGER NOT NULL DEFAULT 0 CHECK (reminders_off IN (0, 1));
ALTER TABLE officers ADD COLUMN reminder_error TEXT;

CREATE TABLE recurring_ticks (
    officer_id INTEGER NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
    item_id    TEXT    NOT NULL,
    period     TEXT    NOT NULL,
    done       INTEGER NOT NULL CHECK (done IN (0, 1)),
    changed_at TEXT    NOT NULL,
    changed_by INTEGER NOT NULL,
    PRIMARY KEY (officer_id, item_id, period)
);
CREATE TABLE recurring_reminders (
    officer_id INTEGER NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
    item_id    TEXT    NOT NULL,
    period     TEXT    NOT NULL,
    sent_at    TEXT    NOT NULL,
    error      TEXT,
    PRIMARY KEY (officer_id, item_id, period)
);
