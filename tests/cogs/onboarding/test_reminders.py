"""Reminder DMs over weeks of virtual time.

Acted out in SimCord as the admin and the officers would do it; each test asserts what the
people involved see and what the bot stored.
"""

from __future__ import annotations

import sqlite3

from conftest import (
    REMINDER_DAYS,
    TREASURER_STEPS,
    dms,
    footer,
    link,
    officer_of,
    only_dm,
    tick_ids,
)


async def test_reminder_once_per_period_of_inactivity(world, grant):
    assert world.bot.settings.reminder_days == REMINDER_DAYS
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    bob = world.add("bob")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await grant(world.guild, bob, world.roles["Treasurer"])
    bob_officer = await officer_of(world, bob, "treasurer")
    await world.env.advance_time(2 * 86400)
    await bob.user.click(only_dm(bob), custom_id=tick_ids(only_dm(bob))[0])  # bob was active on day 2

    await world.env.advance_time((REMINDER_DAYS - 2) * 86400 - 3600)  # just short of 7 days
    assert len(dms(alice)) == 1

    await world.env.advance_time(2 * 3600)  # day 7 passes for alice, not for bob
    messages = dms(alice)
    assert len(messages) == 2
    reminder = messages[1]
    assert "gentle reminder" in reminder.content and "**Treasurer**" in reminder.content
    assert f"0 of {TREASURER_STEPS} done" in reminder.content
    assert tick_ids(reminder) == tick_ids(messages[0])
    alice_officer = await officer_of(world, alice, "treasurer")
    assert alice_officer.reminded_at is not None
    assert len(dms(bob)) == 1

    await world.env.advance_time(3 * 86400)  # later in the same period: nothing more for alice
    assert len(dms(alice)) == 2
    assert len(dms(bob)) == 2  # bob's own period (from his tick on day 2) has now passed
    assert f"1 of {TREASURER_STEPS} done" in dms(bob)[1].content
    assert (await world.store.officer(bob_officer.id)).reminded_at is not None

    await world.env.advance_time(REMINDER_DAYS * 86400)  # a whole new period: one more each
    assert len(dms(alice)) == 3 and len(dms(bob)) == 3


async def test_no_reminder_when_every_step_is_done(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    for custom_id in tick_ids(only_dm(alice)):
        await alice.user.click(dms(alice)[-1], custom_id=custom_id)
    assert footer(dms(alice)[-1]).startswith(f"{TREASURER_STEPS} of {TREASURER_STEPS} done")

    await world.env.advance_time(3 * REMINDER_DAYS * 86400)

    assert len(dms(alice)) == 1
    assert (await officer_of(world, alice, "treasurer")).reminded_at is None


async def test_no_reminder_after_the_role_is_removed(world, grant, revoke):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await revoke(world.guild, alice, world.roles["Treasurer"])
    assert len(dms(alice)) == 2  # the welcome, then the thank-you

    await world.env.advance_time(2 * REMINDER_DAYS * 86400)

    assert len(dms(alice)) == 2


def _move_officers_table(database, from_name: str, to_name: str) -> None:
    """Another program renames the officers table: every query on it fails meanwhile."""
    with sqlite3.connect(database) as db:
        db.execute(f"ALTER TABLE {from_name} RENAME TO {to_name}")


async def test_reminders_survive_a_database_error_in_one_tick(world, grant, caplog):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await world.env.advance_time(REMINDER_DAYS * 86400 - 1800)  # the reminder is due in 30 minutes
    assert len(dms(alice)) == 1

    _move_officers_table(world.store.path, "officers", "officers_away")
    await world.env.advance_time(3600)  # the tick that should send it fails

    assert len(dms(alice)) == 1
    failures = [r for r in caplog.records if "reminder tick failed" in r.getMessage()]
    assert len(failures) == 1 and failures[0].exc_info is not None
    assert world.bot.get_cog("Reminders").loop.is_running()

    _move_officers_table(world.store.path, "officers_away", "officers")
    await world.env.advance_time(3600)  # the next tick works again

    messages = dms(alice)
    assert len(messages) == 2 and "gentle reminder" in messages[1].content
    assert (await officer_of(world, alice, "treasurer")).reminded_at is not None
