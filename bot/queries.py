"""Named SQL for :mod:`bot.store`: every statement the bot runs, in one place.

Reads that feed a view over many officers return each officer with the ids of the steps
they have ticked (``done_steps``, space-separated) so one statement serves the whole view.
"""

from __future__ import annotations

# -- role links and server settings ------------------------------------------------------------
LINK_ROLE = """
INSERT INTO role_links (guild_id, role_id, post_id, created_at, created_by)
VALUES (:guild_id, :role_id, :post_id, :now, :by)
ON CONFLICT (guild_id, role_id) DO UPDATE SET
    post_id = excluded.post_id, created_at = excluded.created_at, created_by = excluded.created_by
WHERE role_links.post_id IS NOT excluded.post_id
"""
UNLINK_ROLE = "DELETE FROM role_links WHERE guild_id = :guild_id AND role_id = :role_id"
ALL_LINKS = "SELECT guild_id, role_id, post_id FROM role_links ORDER BY guild_id, post_id, role_id"
GUILD_LINKS = "SELECT role_id, post_id FROM role_links WHERE guild_id = :guild_id ORDER BY post_id, role_id"

SET_FALLBACK_CHANNEL = """
INSERT INTO guild_settings (guild_id, fallback_channel_id, updated_at)
VALUES (:guild_id, :channel_id, :now)
ON CONFLICT (guild_id) DO UPDATE SET
    fallback_channel_id = excluded.fallback_channel_id, updated_at = excluded.updated_at
"""
FALLBACK_CHANNEL = "SELECT fallback_channel_id FROM guild_settings WHERE guild_id = :guild_id"

# -- officer records ----------------------------------------------------------------------------
# Sets of records are passed as one JSON list (:ids of officers, :claims of [guild, user, post]).
_IDS = "(SELECT value FROM json_each(:ids))"
# The claim: a new record is inserted once; a second event for the same grant inserts nothing
# and returns nothing.
# :welcome_status is 'pending' (a welcome is owed) or 'not_sent' (in post when the role was linked).
CLAIM_OFFICERS = """
INSERT INTO officers (guild_id, user_id, post_id, started_at, last_activity_at, welcome_status)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), :now, :now,
       :welcome_status
FROM json_each(:claims) WHERE true
ON CONFLICT (guild_id, user_id, post_id) DO NOTHING
RETURNING *
"""
REOPEN_OFFICERS = f"""
UPDATE officers SET ended_at = NULL, end_reason = NULL WHERE id IN {_IDS} AND ended_at IS NOT NULL
"""
END_OFFICERS = f"""
UPDATE officers SET ended_at = :now, end_reason = :reason WHERE id IN {_IDS} AND ended_at IS NULL
RETURNING *
"""
# Each ended record's one farewell DM: claimed before it is sent, never twice.
CLAIM_FAREWELLS = f"""
UPDATE officers SET farewell_at = :now
WHERE id IN {_IDS} AND ended_at IS NOT NULL AND farewell_at IS NULL
RETURNING *
"""
# The latest record of a post in a server that ended, held by someone other than :user_id.
PREDECESSOR = """
SELECT * FROM officers
WHERE guild_id = :guild_id AND post_id = :post_id AND user_id != :user_id AND ended_at IS NOT NULL
ORDER BY ended_at DESC, id DESC LIMIT 1
"""
ACTIVE_IN_GUILD = (
    "SELECT * FROM officers WHERE guild_id = :guild_id AND ended_at IS NULL ORDER BY started_at, id"
)
HOLDERS_OF_POST = """
SELECT * FROM officers WHERE guild_id = :guild_id AND post_id = :post_id AND ended_at IS NULL
ORDER BY started_at, id
"""
# One member's records for a set of posts (:posts, a JSON list of post ids).
_MEMBER_POSTS = """
guild_id = :guild_id AND user_id = :user_id AND post_id IN (SELECT value FROM json_each(:posts))
"""
REOPEN_MEMBER_POSTS = f"""
UPDATE officers SET ended_at = NULL, end_reason = NULL WHERE {_MEMBER_POSTS} AND ended_at IS NOT NULL
"""
END_MEMBER_POSTS = f"""
UPDATE officers SET ended_at = :now, end_reason = 'role' WHERE {_MEMBER_POSTS} AND ended_at IS NULL
RETURNING *
"""
RECORD_WELCOME = """
UPDATE officers SET welcome_status = :status, welcome_error = :error, welcome_at = :now WHERE id = :id
"""
RECORD_REMINDERS = f"UPDATE officers SET reminded_at = :now, nudges = nudges + 1 WHERE id IN {_IDS}"
RECORD_REMINDER_ERROR = "UPDATE officers SET reminder_error = :error WHERE id = :id"
SET_SNOOZE = "UPDATE officers SET snoozed_until = :until WHERE id = :id"
SET_REMINDERS_OFF = "UPDATE officers SET reminders_off = :off, snoozed_until = NULL WHERE id = :id"

OFFICER = "SELECT * FROM officers WHERE id = :id"
OFFICER_FOR = """
SELECT * FROM officers WHERE guild_id = :guild_id AND user_id = :user_id AND post_id = :post_id
"""

_DONE_STEPS = """
(SELECT group_concat(t.step_id, ' ') FROM ticks AS t WHERE t.officer_id = o.id AND t.done = 1)
"""
# Officers with their ticked steps; the optional filters are NULL when unused.
OFFICERS_WITH_STEPS = f"""
SELECT o.*, {_DONE_STEPS} AS done_steps
FROM officers AS o
WHERE (:guild_id IS NULL OR o.guild_id = :guild_id)
  AND (:user_id IS NULL OR o.user_id = :user_id)
  AND (:active_only = 0 OR o.ended_at IS NULL)
ORDER BY o.id
"""
# Active officers in the given servers (a JSON list of ids) with no activity and no reminder
# since :cutoff.
# First-step nudges: active records in the given servers (a JSON list of ids) that may still be
# nudged (fewer than :max_nudges, reminders on, and welcomed or using their checklist), and the
# time their next nudge counts from.
_NUDGEABLE = """
o.ended_at IS NULL
  AND o.guild_id IN (SELECT value FROM json_each(:guild_ids))
  AND (o.welcome_status != 'not_sent' OR o.last_activity_at > o.started_at)
  AND o.nudges < :max_nudges AND o.reminders_off = 0
"""
_NUDGE_BASE = "max(o.last_activity_at, coalesce(o.reminded_at, o.last_activity_at))"
# Those with no activity and no nudge since :cutoff, not snoozed at :now.
DUE_FOR_REMINDER = f"""
SELECT o.*, {_DONE_STEPS} AS done_steps
FROM officers AS o
WHERE {_NUDGEABLE} AND {_NUDGE_BASE} <= :cutoff AND coalesce(o.snoozed_until, '') <= :now
ORDER BY o.id
"""
# The earliest time a nudge counts from among those not yet due at :cutoff.
NEXT_REMINDER_BASE = f"""
SELECT min({_NUDGE_BASE}) AS base FROM officers AS o WHERE {_NUDGEABLE} AND {_NUDGE_BASE} > :cutoff
"""
# The earliest end of a snooze among them.
NEXT_SNOOZE_END = f"""
SELECT min(o.snoozed_until) AS until FROM officers AS o WHERE {_NUDGEABLE} AND o.snoozed_until > :now
"""

# -- checklist ticks ----------------------------------------------------------------------------
# Setting a step to the state it already has changes no row.
TICK_DONE = """
INSERT INTO ticks (officer_id, step_id, done, changed_at, changed_by)
VALUES (:officer_id, :step_id, 1, :now, :by)
ON CONFLICT (officer_id, step_id) DO UPDATE SET
    done = 1, changed_at = excluded.changed_at, changed_by = excluded.changed_by
WHERE ticks.done = 0
"""
TICK_OPEN = """
UPDATE ticks SET done = 0, changed_at = :now, changed_by = :by
WHERE officer_id = :officer_id AND step_id = :step_id AND done = 1
"""
TOUCH_OFFICER = "UPDATE officers SET last_activity_at = :now WHERE id = :officer_id"
TICKS = "SELECT * FROM ticks WHERE officer_id = :officer_id"

# -- handover notes -------------------------------------------------------------------------------
ADD_HANDOVER_NOTES = """
INSERT INTO handover_notes (
    guild_id, post_id, officer_id, author_id, in_progress, contacts, anything_else, written_at
)
VALUES (:guild_id, :post_id, :officer_id, :author_id, :in_progress, :contacts, :anything_else, :now)
RETURNING *
"""
LATEST_HANDOVER_NOTES = """
SELECT * FROM handover_notes WHERE guild_id = :guild_id AND post_id = :post_id
ORDER BY written_at DESC, id DESC LIMIT 1
"""

# -- the party year -----------------------------------------------------------------------------
SET_AGM = """
INSERT INTO guild_settings (guild_id, agm_date, updated_at) VALUES (:guild_id, :agm, :now)
ON CONFLICT (guild_id) DO UPDATE SET agm_date = excluded.agm_date, updated_at = excluded.updated_at
"""
GUILD_YEARS = """
SELECT guild_id, agm_date, year_announced FROM guild_settings
WHERE guild_id IN (SELECT value FROM json_each(:guild_ids))
"""
ALL_GUILD_YEARS = "SELECT guild_id, agm_date, year_announced FROM guild_settings WHERE agm_date IS NOT NULL"
SET_YEAR_ANNOUNCED = "UPDATE guild_settings SET year_announced = :agm WHERE guild_id = :guild_id"
# Active officers of the given servers who started before :before, for the new-year DM.
ACTIVE_SINCE_BEFORE = """
SELECT * FROM officers
WHERE ended_at IS NULL AND guild_id = :guild_id AND started_at < :before ORDER BY id
"""
SET_RECURRING_DONE = """
INSERT INTO recurring_ticks (officer_id, item_id, period, done, changed_at, changed_by)
VALUES (:officer_id, :item_id, :period, 1, :now, :by)
ON CONFLICT (officer_id, item_id, period) DO UPDATE SET
    done = 1, changed_at = excluded.changed_at, changed_by = excluded.changed_by
WHERE recurring_ticks.done = 0
"""
SET_RECURRING_OPEN = """
UPDATE recurring_ticks SET done = 0, changed_at = :now, changed_by = :by
WHERE officer_id = :officer_id AND item_id = :item_id AND period = :period AND done = 1
"""
# (officer, item, period) done, for every record of the given servers.
RECURRING_DONE = """
SELECT t.officer_id, t.item_id, t.period
FROM recurring_ticks AS t JOIN officers AS o ON o.id = t.officer_id
WHERE o.guild_id IN (SELECT value FROM json_each(:guild_ids)) AND t.done = 1
"""
RECURRING_REMINDED = """
SELECT r.officer_id, r.item_id, r.period
FROM recurring_reminders AS r JOIN officers AS o ON o.id = r.officer_id
WHERE o.guild_id IN (SELECT value FROM json_each(:guild_ids))
"""
# Active officers of the given servers, for the dated reminders.
ACTIVE_IN_GUILDS = """
SELECT * FROM officers
WHERE ended_at IS NULL AND guild_id IN (SELECT value FROM json_each(:guild_ids)) ORDER BY id
"""
# Each dated reminder is claimed once per (officer, item, period) before it is sent.
CLAIM_RECURRING_REMINDERS = """
INSERT INTO recurring_reminders (officer_id, item_id, period, sent_at)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), :now
FROM json_each(:rows) WHERE true
ON CONFLICT (officer_id, item_id, period) DO NOTHING
RETURNING officer_id, item_id, period
"""
RECORD_RECURRING_ERROR = """
UPDATE recurring_reminders SET error = :error
WHERE officer_id = :officer_id AND item_id = :item_id AND period = :period
"""

# -- each CLP's own way of working --------------------------------------------------------------
GUILD_SETTINGS = "SELECT * FROM guild_settings"
SET_WELCOME_TEXT = """
INSERT INTO guild_settings (guild_id, welcome_text, updated_at) VALUES (:guild_id, :text, :now)
ON CONFLICT (guild_id) DO UPDATE SET welcome_text = excluded.welcome_text, updated_at = excluded.updated_at
"""
SET_CONTACT = """
INSERT INTO guild_settings (guild_id, contact_id, updated_at) VALUES (:guild_id, :contact_id, :now)
ON CONFLICT (guild_id) DO UPDATE SET contact_id = excluded.contact_id, updated_at = excluded.updated_at
"""
ALL_LOCAL_STEPS = "SELECT * FROM local_steps WHERE removed_at IS NULL ORDER BY id"
ADD_LOCAL_STEP = """
INSERT INTO local_steps (guild_id, post_id, text, created_at, created_by)
VALUES (:guild_id, :post_id, :text, :now, :by) RETURNING *
"""
REMOVE_LOCAL_STEP = """
UPDATE local_steps SET removed_at = :now
WHERE id = :id AND guild_id = :guild_id AND post_id = :post_id AND removed_at IS NULL
"""
ALL_HIDDEN_STEPS = "SELECT guild_id, post_id, step_id FROM hidden_steps"
HIDE_STEP = """
INSERT INTO hidden_steps (guild_id, post_id, step_id, hidden_at, hidden_by)
VALUES (:guild_id, :post_id, :step_id, :now, :by)
ON CONFLICT (guild_id, post_id, step_id) DO NOTHING
"""
SHOW_STEP = (
    "DELETE FROM hidden_steps WHERE guild_id = :guild_id AND post_id = :post_id AND step_id = :step_id"
)

# -- members' data (privacy) ------------------------------------------------------------------
# One member's records in one server, and everything hanging off them (for /mydata).
_MEMBER_OFFICERS = "(SELECT id FROM officers WHERE guild_id = :guild_id AND user_id = :user_id)"
MEMBER_OFFICERS = "SELECT * FROM officers WHERE guild_id = :guild_id AND user_id = :user_id ORDER BY id"
MEMBER_TICKS = f"SELECT * FROM ticks WHERE officer_id IN {_MEMBER_OFFICERS} ORDER BY officer_id, step_id"
MEMBER_RECURRING_TICKS = f"""
SELECT * FROM recurring_ticks WHERE officer_id IN {_MEMBER_OFFICERS} ORDER BY officer_id, item_id, period
"""
MEMBER_RECURRING_REMINDERS = f"""
SELECT * FROM recurring_reminders WHERE officer_id IN {_MEMBER_OFFICERS}
ORDER BY officer_id, item_id, period
"""
MEMBER_NOTES = f"""
SELECT * FROM handover_notes
WHERE guild_id = :guild_id AND (author_id = :user_id OR officer_id IN {_MEMBER_OFFICERS}) ORDER BY id
"""
# Deleting them: notes first (they reference the records), then the records; ticks, recurring
# ticks and reminders go with the records (ON DELETE CASCADE).
DELETE_MEMBER_NOTES = f"""
DELETE FROM handover_notes
WHERE guild_id = :guild_id AND (author_id = :user_id OR officer_id IN {_MEMBER_OFFICERS})
"""
DELETE_MEMBER_OFFICERS = "DELETE FROM officers WHERE guild_id = :guild_id AND user_id = :user_id"
# Retention: records that ended before :cutoff, with their notes.
_ENDED_BEFORE = "(SELECT id FROM officers WHERE ended_at IS NOT NULL AND ended_at < :cutoff)"
DELETE_ENDED_NOTES = f"DELETE FROM handover_notes WHERE officer_id IN {_ENDED_BEFORE}"
DELETE_ENDED_OFFICERS = "DELETE FROM officers WHERE ended_at IS NOT NULL AND ended_at < :cutoff"
# A whole server's data (the bot left it 30 days ago, or /onboarding forget-server).
FORGET_GUILD = (
    "DELETE FROM handover_notes WHERE guild_id = :guild_id",
    "DELETE FROM officers WHERE guild_id = :guild_id",
    "DELETE FROM role_links WHERE guild_id = :guild_id",
    "DELETE FROM guild_settings WHERE guild_id = :guild_id",
    "DELETE FROM local_steps WHERE guild_id = :guild_id",
    "DELETE FROM hidden_steps WHERE guild_id = :guild_id",
    "DELETE FROM guild_departures WHERE guild_id = :guild_id",
)
# Servers the database holds anything for.
KNOWN_GUILDS = """
SELECT guild_id FROM officers UNION SELECT guild_id FROM role_links UNION SELECT guild_id FROM guild_settings
UNION SELECT guild_id FROM local_steps UNION SELECT guild_id FROM hidden_steps
"""
# The bot left a server: the first departure counts (a second event changes nothing).
RECORD_DEPARTURE = """
INSERT INTO guild_departures (guild_id, left_at) VALUES (:guild_id, :now) ON CONFLICT (guild_id) DO NOTHING
"""
CLEAR_DEPARTURE = "DELETE FROM guild_departures WHERE guild_id = :guild_id"
DEPARTED_BEFORE = "SELECT guild_id FROM guild_departures WHERE left_at < :cutoff ORDER BY guild_id"
DEPARTED_GUILDS = "SELECT guild_id FROM guild_departures ORDER BY guild_id"
