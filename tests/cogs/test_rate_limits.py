"""Failures that stay small in Discord: a channel the bot can't post in, and members who go very
fast (one shared allowance for /role, /checklist, autocomplete and the persistent buttons)."""

from __future__ import annotations

import logging

from conftest import only_dm, tick_ids, welcomed_treasurer

from bot.ratelimit import UI_PER, UI_RATE

NO_PERMISSION = {"status": 403, "code": 50013, "message": "Missing Permissions"}
SLOW = "You're going quickly"


async def test_a_mention_where_the_bot_cannot_post_is_logged_once(world, caplog):
    carol = world.add("carol")
    world.env.inject_error("POST", f"/channels/{world.general.id}/messages", times=None, **NO_PERMISSION)
    caplog.set_level(logging.WARNING, logger="cogs.questions")

    for _ in range(2):
        await carol.send(world.general, f"{world.bot.user.mention} what does the treasurer do?")
        await world.env.settle()

    warnings = [r for r in caplog.records if r.name == "cogs.questions" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(world.general.id) in warnings[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_checklist_and_role_share_one_allowance_then_recover(world):
    carol = world.add("carol")
    for number in range(UI_RATE):
        command = ("checklist", {}) if number % 2 else ("role", {"name": "Treasurer"})
        result = await carol.slash(world.general, command[0], **command[1])
        assert SLOW not in str(result.response.content)

    slowed = await carol.slash(world.general, "checklist")
    assert slowed.ephemeral and SLOW in slowed.response.content and "seconds" in slowed.response.content
    assert SLOW in (await carol.slash(world.general, "role", name="Treasurer")).response.content
    assert await carol.autocomplete(world.general, "role", "name", "tres") == []
    other = world.add("dave")  # another member is not slowed by carol
    assert (await other.autocomplete(world.general, "role", "name", "tres"))[0]["value"] == "treasurer"

    await world.env.advance_time(UI_PER + 1)
    assert SLOW not in str((await carol.slash(world.general, "checklist")).response.content)


async def test_a_member_pressing_buttons_very_fast_is_asked_to_wait_and_nothing_changes(world):
    alice, welcome, record = await welcomed_treasurer(world)
    first = tick_ids(welcome)[0]
    for _ in range(UI_RATE):  # ticking and unticking the same step, as fast as possible
        message = only_dm(alice)
        await alice.user.click(message, custom_id=tick_ids(message)[0])

    message = only_dm(alice)
    ticked = await world.store.done_steps(record.id)
    slowed = await alice.user.click(message, custom_id=tick_ids(message)[0])

    assert slowed.ephemeral and SLOW in slowed.response.content
    assert await world.store.done_steps(record.id) == ticked
    assert first.split(":")[3] not in ticked  # an even number of presses left it open
