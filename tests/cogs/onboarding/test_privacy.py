"""Members' data: /privacy, /mydata (a copy and deleting it), retention, forgetting a server.

Acted out in SimCord: each test asserts what the member and the admins see afterwards and what
the bot still stores.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import build_world, link, officer_of, only_dm, tick_ids, welcomed_treasurer

from cogs.onboarding.reminders import TICK_HOURS, Reminders

DAY = 24 * 3600


@pytest.fixture
def daily():
    """The reminder loop ticks daily, not hourly (fewer ticks to simulate); ask before ``world``."""
    Reminders.loop.change_interval(hours=24)
    yield
    Reminders.loop.change_interval(hours=TICK_HOURS)


async def test_privacy_says_what_is_stored_why_how_long_and_whom_to_ask(world):
    carol = world.add("carol")

    result = await carol.slash(world.general, "privacy")

    assert result.ephemeral
    text = result.response.content
    for words in ("Discord id", "ticked", "handover notes", "welcome DM", "**Why**", "400 days", "/mydata"):
        assert words in text, words
    assert "Data Protection Officer" in text and "Anytown CLP" in text and "Manage Server" in text
    in_dm = await carol.user.slash("privacy")  # from a DM: the admins of the server concerned
    assert in_dm.ephemeral and "admins of the server concerned" in in_dm.response.content
    # once the server names a contact person, members are told to ask them
    sue = world.add("sue")
    await world.admin.slash(world.general, "onboarding contact", member=sue)
    named = await carol.slash(world.general, "privacy")
    assert "**sue**, the contact person of **Anytown CLP**" in named.response.content


async def test_mydata_sends_the_members_own_records_as_a_file(world, grant):
    alice, welcome, record = await welcomed_treasurer(world)
    await alice.user.click(welcome, custom_id=tick_ids(welcome)[0])
    bob = world.add("bob", "Treasurer")
    await grant(world.guild, bob, world.roles["CLP Secretary"])  # not linked: nothing stored

    result = await alice.slash(world.general, "mydata")

    assert result.ephemeral and "1 officer record" in result.response.content
    (attachment,) = result.response.attachments
    data = json.loads(await attachment.read())
    assert data["member_id"] == alice.id and data["server_id"] == world.guild.id
    assert [r["id"] for r in data["officer_records"]] == [record.id]
    assert [t["step_id"] for t in data["checklist_ticks"]] == [tick_ids(welcome)[0].split(":")[3]]
    nothing = await world.add("carol").slash(world.general, "mydata")
    assert nothing.response.content == "The bot stores nothing about you in this server."


async def test_delete_my_data_asks_then_deletes_and_admins_see_nothing_of_them(world, grant, revoke):
    alice, welcome, record = await welcomed_treasurer(world)
    await alice.user.click(welcome, custom_id=tick_ids(welcome)[0])
    await link(world, "TULO", "trade-union-liaison-officer")
    bob = world.add("bob")
    await grant(world.guild, bob, world.roles["TULO"])
    await revoke(world.guild, alice, world.roles["Treasurer"])  # she leaves the post
    await alice.user.submit_modal(
        await alice.user.click(alice.user.dm_channel.history()[-1], label="Write handover notes"),
        {"clp:notes:in_progress": "the audit"},
    )
    shown = await alice.slash(world.general, "mydata")

    asked = await alice.click(shown.response, label="Delete my data")
    assert "can't be undone" in asked.response.content
    assert await world.store.officer(record.id) is not None  # nothing deleted before confirming
    done = await alice.click(asked.response, label="Yes, delete my data")

    assert "Deleted 1 officer record" in done.response.content
    assert await world.store.officer(record.id) is None and await world.store.ticks(record.id) == {}
    assert all(rows == [] for rows in (await world.store.member_data(world.guild.id, alice.id)).values())
    shown = await world.admin.slash(world.general, "onboarding progress")
    progress = str(shown.response.embeds[0].to_dict())
    assert f"<@{alice.id}>" not in progress and f"<@{bob.id}>" in progress
    export = await world.admin.slash(world.general, "onboarding export")
    assert str(alice.id) not in (await export.response.attachments[0].read()).decode("utf-8-sig")
    notes = await world.admin.slash(world.general, "handover", post="treasurer")
    assert "the audit" not in str(notes.response.content) + str(notes.response.embeds)
    assert (await officer_of(world, bob, "trade-union-liaison-officer")).active  # others untouched


async def test_cancel_deletes_nothing_and_only_the_member_can_delete(world):
    alice, _, record = await welcomed_treasurer(world)
    shown = await alice.slash(world.general, "mydata")
    asked = await alice.click(shown.response, label="Delete my data")

    cancelled = await alice.click(asked.response, label="Cancel")

    assert cancelled.response.content == "Nothing was deleted."
    assert await world.store.officer(record.id) is not None


async def test_deleting_in_one_server_leaves_the_other_server(simcord_env, world):
    alice, _, record = await welcomed_treasurer(world)
    other = await build_world(simcord_env, "Elsewhere CLP")
    await link(other, "Treasurer", "treasurer")
    other.guild.add_member(alice.user, roles=[other.roles["Treasurer"]])  # joins, welcomed there
    await simcord_env.settle()
    kept = await world.store.officer_for(other.guild.id, alice.id, "treasurer")
    assert kept is not None

    shown = await alice.slash(world.general, "mydata")
    asked = await alice.click(shown.response, label="Delete my data")
    await alice.click(asked.response, label="Yes, delete my data")

    assert await world.store.officer(record.id) is None
    assert await world.store.officer(kept.id) is not None


async def test_ended_records_are_deleted_after_the_retention_period(daily, world, revoke):
    alice, _, record = await welcomed_treasurer(world)
    bob, _, current = await welcomed_treasurer(world, "bob")
    world.bot.settings = replace(world.bot.settings, retention_days=3)
    await revoke(world.guild, alice, world.roles["Treasurer"])

    await world.env.advance_time(2 * DAY)
    assert await world.store.officer(record.id) is not None  # not yet
    await world.env.advance_time(2 * DAY)

    assert await world.store.officer(record.id) is None
    assert await world.store.officer(current.id) is not None  # in post: kept however old


async def test_retention_days_zero_keeps_ended_records(daily, world, revoke):
    alice, _, record = await welcomed_treasurer(world)
    world.bot.settings = replace(world.bot.settings, retention_days=0)
    await revoke(world.guild, alice, world.roles["Treasurer"])

    await world.env.advance_time(5 * DAY)

    assert await world.store.officer(record.id) is not None


async def test_a_server_the_bot_left_is_forgotten_after_30_days(daily, simcord_env, world):
    alice, _, record = await welcomed_treasurer(world)
    other = await build_world(simcord_env, "Elsewhere CLP")
    await link(other, "Treasurer", "treasurer")

    simcord_env.backend.remove_guild(world.guild.id)
    await simcord_env.settle()
    await simcord_env.advance_time(29 * DAY)
    assert await simcord_env.bot.store.officer(record.id) is not None  # still within 30 days
    await simcord_env.advance_time(2 * DAY)

    store = simcord_env.bot.store
    assert await store.officer(record.id) is None and await store.links(world.guild.id) == {}
    assert simcord_env.bot.onboarding.links(world.guild.id) == {}
    assert await store.links(other.guild.id) != {}  # the server it is still in keeps everything


async def test_a_server_that_comes_back_keeps_its_data(daily, simcord_env, world, restart):
    alice, _, record = await welcomed_treasurer(world)
    # the bot was removed while offline, then added back before a restart
    await world.store.record_departures([world.guild.id], record.started_at)
    await restart()

    await simcord_env.advance_time(40 * DAY)

    assert await world.store.officer(record.id) is not None
    assert await world.store.departed_guilds() == []


async def test_forget_server_asks_then_deletes_everything_of_this_server(world, simcord_env):
    alice, welcome, record = await welcomed_treasurer(world)
    await world.admin.slash(world.general, "onboarding fallback", channel=world.notices)
    await world.admin.slash(world.general, "onboarding contact", member=alice)
    await world.admin.slash(world.general, "onboarding step add", post="treasurer", text="Our own step")
    await world.admin.slash(world.general, "onboarding agm", date="2026-03-14")
    other = await build_world(simcord_env, "Elsewhere CLP")
    await link(other, "Treasurer", "treasurer")
    await other.admin.slash(other.general, "onboarding step add", post="treasurer", text="Their own step")

    asked = await world.admin.slash(world.general, "onboarding forget-server")
    assert asked.ephemeral and "can't be undone" in asked.response.content
    assert await world.store.officer(record.id) is not None
    done = await world.admin.click(asked.response, label="Yes, delete everything")

    assert "Deleted everything" in done.response.content
    assert await world.store.officer(record.id) is None
    assert await world.store.links(world.guild.id) == {} and world.bot.onboarding.links(world.guild.id) == {}
    assert await world.store.fallback_channel(world.guild.id) is None
    assert await world.store.links(other.guild.id) != {}
    local = world.bot.local
    assert local.contact(world.guild.id) is None and local.local_steps(world.guild.id) == []
    assert await world.bot.year.agm(world.guild.id) is None
    assert [s.text for s in local.local_steps(other.guild.id)] == ["Their own step"]
    fresh = type(local)(world.store, world.bot.catalogue)
    await fresh.load()  # nothing of it is left in the database either
    assert fresh.local_steps(world.guild.id) == [] and fresh.contact(world.guild.id) is None
    progress = await world.admin.slash(world.general, "onboarding progress")
    assert "Nobody has" in progress.response.content
    assert only_dm(alice) is not None


async def test_forget_server_cancel_keeps_everything(world):
    _, _, record = await welcomed_treasurer(world)
    asked = await world.admin.slash(world.general, "onboarding forget-server")
    cancelled = await world.admin.click(asked.response, label="Cancel")
    assert cancelled.response.content == "Nothing was deleted."
    assert await world.store.officer(record.id) is not None
