"""Failures that stay small: joining with a role, /onboarding resend, the start-up retry, a
fallback channel set later and one officers can't see. Acted out in SimCord."""

from __future__ import annotations

import discord
from conftest import DM_CLOSED, dms, link, officer_of, only_dm


async def _closed_dms_treasurer(world, grant, times: int | None = 1):
    """Alice is given the linked Treasurer role while her DMs are closed: her welcome fails."""
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    world.env.inject_error("POST", f"/channels/{alice.user.dm_channel.id}/messages", times=times, **DM_CLOSED)
    await grant(world.guild, alice, world.roles["Treasurer"])
    assert (await officer_of(world, alice, "treasurer")).welcome_status == "failed"
    return alice


async def test_a_member_who_joins_with_a_linked_role_is_welcomed(world):
    await link(world, "Treasurer", "treasurer")

    alice = world.add("alice", "Treasurer")
    await world.env.settle()

    assert "**Treasurer**" in only_dm(alice).content
    assert (await officer_of(world, alice, "treasurer")).welcome_status == "delivered"
    world.add("bob")  # joining without a linked role records nothing
    await world.env.settle()
    assert await world.store.officers(world.guild.id, user_id=world.people["bob"].id) == []


async def test_an_officer_who_leaves_and_rejoins_with_the_role_is_taken_back_without_a_second_welcome(
    world, grant
):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice", "Treasurer")
    await world.env.settle()
    record = await officer_of(world, alice, "treasurer")
    world.guild.remove_member(alice)
    await world.env.settle()
    assert not (await officer_of(world, alice, "treasurer")).active

    world.guild.add_member(alice.user, roles=[world.roles["Members"], world.roles["Treasurer"]])
    await world.env.settle()

    again = await officer_of(world, alice, "treasurer")
    assert again.id == record.id and again.active
    assert len(dms(alice)) == 1


async def test_resend_delivers_a_welcome_that_failed(world, grant):
    alice = await _closed_dms_treasurer(world, grant)

    result = await world.admin.slash(world.general, "onboarding resend", member=alice)

    assert result.ephemeral and "Sent" in result.response.content
    assert "**Treasurer**" in result.response.content
    assert "**Treasurer**" in only_dm(alice).content
    assert (await officer_of(world, alice, "treasurer")).welcome_status == "delivered"


async def test_resend_that_fails_again_says_why(world, grant):
    alice = await _closed_dms_treasurer(world, grant, times=None)

    result = await world.admin.slash(world.general, "onboarding resend", member=alice)

    assert "Still couldn't deliver" in result.response.content and "50007" in result.response.content
    assert world.notices.last_message is None  # no fallback channel, nothing posted anywhere


async def test_resend_for_a_member_without_a_post(world):
    carol = world.add("carol")
    result = await world.admin.slash(world.general, "onboarding resend", member=carol)
    assert "not recorded as an officer" in result.response.content


async def test_failed_welcomes_are_retried_once_at_start_up(world, grant, restart):
    alice = await _closed_dms_treasurer(world, grant)

    await restart()

    assert "**Treasurer**" in only_dm(alice).content
    assert (await officer_of(world, alice, "treasurer")).welcome_status == "delivered"


async def test_a_retry_that_fails_posts_no_second_notice(world, grant, restart):
    await world.admin.slash(world.general, "onboarding fallback", channel=world.notices)
    alice = await _closed_dms_treasurer(world, grant, times=None)
    assert len(world.notices.history()) == 1

    await restart()

    assert len(world.notices.history()) == 1
    assert (await officer_of(world, alice, "treasurer")).welcome_status == "failed"


async def test_a_fallback_channel_set_later_reaches_officers_still_waiting(world, grant):
    alice = await _closed_dms_treasurer(world, grant, times=None)
    assert world.notices.last_message is None

    result = await world.admin.slash(world.general, "onboarding fallback", channel=world.notices)

    assert "Posted 1 notice" in result.response.content
    notice = world.notices.last_message
    assert alice.mention in notice.content and "checklist" in notice.content
    again = await world.admin.slash(world.general, "onboarding fallback", channel=world.notices)
    assert "Posted" not in again.response.content and len(world.notices.history()) == 1


async def test_fallback_says_when_officers_cannot_see_the_channel(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    admins_only = world.guild.create_text_channel(
        "admins-only",
        overwrites={
            world.guild.default_role: discord.PermissionOverwrite(view_channel=False),
            world.roles["Admins"]: discord.PermissionOverwrite(view_channel=True),
            world.bot.user: discord.PermissionOverwrite(view_channel=True, send_messages=True),
        },
    )

    result = await world.admin.slash(world.general, "onboarding fallback", channel=admins_only)

    assert "1 officer can't see" in result.response.content and "**alice**" in result.response.content
    fine = await world.admin.slash(world.general, "onboarding fallback", channel=world.notices)
    assert "can't see" not in fine.response.content
    assert len(dms(alice)) == 1
