"""Welcome DMs as officers get them: role grants, closed DMs, roles over time, catch-up, bursts.

Acted out in SimCord as the admin and the officers would do it; each test asserts what the
people involved see and what the bot stored.
"""

from __future__ import annotations

import discord
import pytest
from conftest import (
    DM_CLOSED,
    build_world,
    custom_ids,
    delete_role,
    dms,
    footer,
    grant_roles_at_once,
    link,
    officer_of,
    only_dm,
    post,
    set_roles_offline,
    tick_ids,
)


async def test_role_grant_sends_welcome_and_creates_record(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    treasurer = post(world, "treasurer")

    await grant(world.guild, alice, world.roles["Treasurer"])

    welcome = only_dm(alice)
    assert "**Treasurer**" in welcome.content and "**Anytown CLP**" in welcome.content
    assert treasurer.summary[:60] in welcome.content
    embed = welcome.embeds[0]
    assert embed.title == "Treasurer checklist · Anytown CLP"
    for step in treasurer.checklist:
        assert step.text in embed.description
    assert footer(welcome).startswith(f"0 of {len(treasurer.checklist)} done")
    officer = await officer_of(world, alice, "treasurer")
    assert tick_ids(welcome) == [f"clp:tick:{officer.id}:{s.id}:done" for s in treasurer.checklist]
    # the record
    assert officer.guild_id == world.guild.id and officer.active
    assert officer.welcome_status == "delivered" and officer.welcome_error is None
    assert officer.started_at == officer.welcome_at == officer.last_activity_at == world.env.now()
    assert officer.reminded_at is None
    assert await world.store.ticks(officer.id) == {}


async def test_closed_dms_fallback_notice_shows_checklist_only_to_the_officer(world, grant):
    await link(world, "Women's Officer", "womens-officer")
    fallback = await world.admin.slash(world.general, "onboarding fallback", channel=world.notices)
    assert world.notices.mention in fallback.response.content
    assert await world.store.fallback_channel(world.guild.id) == world.notices.id
    alice = world.add("alice")
    bob = world.add("bob")
    world.env.inject_error("POST", f"/channels/{alice.user.dm_channel.id}/messages", **DM_CLOSED)

    await grant(world.guild, alice, world.roles["Women's Officer"])

    assert dms(alice) == []
    officer = await officer_of(world, alice, "womens-officer")
    assert officer.welcome_status == "failed"
    assert "403" in officer.welcome_error and "50007" in officer.welcome_error
    assert "Cannot send messages to this user" in officer.welcome_error
    notice = world.notices.last_message
    assert notice.author.id == world.bot.user.id
    assert alice.mention in notice.content and "**Women's Officer**" in notice.content
    assert [m.id for m in notice.mentions] == [alice.id]
    assert notice.role_mentions == [] and not notice.mention_everyone
    (sent,) = [r for r in world.env.http_requests if r.path == f"/channels/{world.notices.id}/messages"]
    assert sent.json["allowed_mentions"] == {"parse": [], "users": [alice.id]}  # pings alice, nobody else
    assert custom_ids(notice) == [f"clp:show:{officer.id}"]

    shown = await alice.click(notice, custom_id=f"clp:show:{officer.id}")

    assert shown.ephemeral
    assert shown.response.embeds[0].title == "Women's Officer checklist · Anytown CLP"
    assert tick_ids(shown.response) == [
        f"clp:tick:{officer.id}:{s.id}:done" for s in post(world, "womens-officer").checklist
    ]
    # the ephemeral checklist works like the DM one
    ticked = await alice.click(shown.response, custom_id=tick_ids(shown.response)[0])
    assert ticked.acknowledged
    assert len(await world.store.done_steps(officer.id)) == 1

    refused = await bob.click(notice, custom_id=f"clp:show:{officer.id}")

    assert refused.ephemeral and "belongs to someone else" in refused.response.content
    assert refused.response.embeds == [] and custom_ids(refused.response) == []


async def test_closed_dms_without_fallback_channel_shows_in_progress(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    world.env.inject_error("POST", f"/channels/{alice.user.dm_channel.id}/messages", **DM_CLOSED)
    before = {channel.id: len(channel.history()) for channel in (world.general, world.notices)}

    await grant(world.guild, alice, world.roles["Treasurer"])

    officer = await officer_of(world, alice, "treasurer")
    assert officer.welcome_status == "failed"
    assert {channel.id: len(channel.history()) for channel in (world.general, world.notices)} == before
    summary = await world.admin.slash(world.general, "onboarding progress")
    embed = summary.response.embeds[0]
    assert "1 welcome(s) not delivered" in embed.title
    assert alice.mention in embed.description and "NOT delivered" in embed.description
    assert "50007" in embed.description
    detail = await world.admin.slash(world.general, "onboarding progress", member=alice)
    welcome_field = {f.name: f.value for f in detail.response.embeds[0].fields}["Welcome"]
    assert welcome_field.startswith("NOT delivered (HTTP 403, code 50007")


async def test_server_error_on_one_welcome_is_recorded_and_the_rest_are_welcomed(world):
    env = world.env
    await link(world, "Treasurer", "treasurer")
    people = [world.add(f"officer{i}") for i in range(6)]
    unlucky = people[3]
    env.inject_error("POST", f"/channels/{unlucky.user.dm_channel.id}/messages", status=500)

    await grant_roles_at_once(env, world.guild, [(m, world.roles["Treasurer"]) for m in people])

    assert dms(unlucky) == []
    failed = await officer_of(world, unlucky, "treasurer")
    assert failed.welcome_status == "failed" and failed.welcome_error.startswith("HTTP 500")
    for member in people:
        if member is not unlucky:
            assert "**Treasurer**" in only_dm(member).content
            assert (await officer_of(world, member, "treasurer")).welcome_status == "delivered"


async def test_role_removed_ends_record_and_regained_keeps_progress_without_second_dm(
    world, grant, revoke
):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    welcome = only_dm(alice)
    await alice.user.click(welcome, custom_id=tick_ids(welcome)[0])
    done = await world.store.done_steps((await officer_of(world, alice, "treasurer")).id)
    await world.env.advance_time(86400)

    await revoke(world.guild, alice, world.roles["Treasurer"])

    ended = await officer_of(world, alice, "treasurer")
    assert ended.ended_at == world.env.now() and not ended.active
    assert await world.store.done_steps(ended.id) == done  # kept, not deleted
    progress = await world.admin.slash(world.general, "onboarding progress", member=alice)
    fields = {f.name: f.value for f in progress.response.embeds[0].fields}
    assert fields["Ended"] == world.env.now().strftime("%Y-%m-%d %H:%M UTC")

    farewell = dms(alice)[-1]  # one thank-you, with a button for handover notes
    assert len(dms(alice)) == 2 and "Thank you for your time as **Treasurer**" in farewell.content
    assert custom_ids(farewell) == [f"clp:handover:{ended.id}"]

    await grant(world.guild, alice, world.roles["Treasurer"])

    assert len(dms(alice)) == 2  # no second welcome
    regained = await officer_of(world, alice, "treasurer")
    assert regained.id == ended.id and regained.active
    assert await world.store.done_steps(regained.id) == done
    assert len(await world.store.officers(world.guild.id, user_id=alice.id)) == 1


async def test_member_leaving_ends_their_records(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])

    world.guild.remove_member(alice)
    await world.env.settle()

    officer = await world.store.officer_for(world.guild.id, alice.id, "treasurer")
    assert officer is not None and officer.ended_at == world.env.now()


async def test_two_linked_roles_give_two_checklists(world, grant):
    await link(world, "Treasurer", "treasurer")
    await link(world, "TULO", "trade-union-liaison-officer")
    alice = world.add("alice")

    await grant(world.guild, alice, world.roles["Treasurer"])
    await grant(world.guild, alice, world.roles["TULO"])

    welcomes = dms(alice)
    assert [m.embeds[0].title for m in welcomes] == [
        "Treasurer checklist · Anytown CLP",
        "Trade Union Liaison Officer checklist · Anytown CLP",
    ]
    officers = await world.store.officers(world.guild.id, user_id=alice.id)
    assert [(o.post_id, o.welcome_status) for o in officers] == [
        ("treasurer", "delivered"),
        ("trade-union-liaison-officer", "delivered"),
    ]
    # ticking one checklist leaves the other alone
    await alice.user.click(welcomes[1], custom_id=tick_ids(welcomes[1])[0])
    assert await world.store.done_steps(officers[0].id) == set()
    assert len(await world.store.done_steps(officers[1].id)) == 1

    shown = await alice.slash(world.general, "checklist")
    titles = [shown.response.embeds[0].title] + [f.embeds[0].title for f in shown.followups]
    assert titles == [welcomes[0].embeds[0].title, "Treasurer: through the year", welcomes[1].embeds[0].title]


async def test_offline_catch_up_welcomes_each_member_exactly_once(world, grant, restart):
    await link(world, "Treasurer", "treasurer")
    welcomed = world.add("welcomed")
    await grant(world.guild, welcomed, world.roles["Treasurer"])
    assert len(dms(welcomed)) == 1
    await link(world, "CLP Secretary", "secretary")
    newcomer = world.add("newcomer")

    # while the bot is "offline" the admin gives roles; no event reaches the bot
    set_roles_offline(world.env, world.guild, newcomer, world.roles["CLP Secretary"], world.roles["Members"])
    await world.env.settle()
    assert dms(newcomer) == []
    assert await world.store.officers(world.guild.id, user_id=newcomer.id) == []

    await restart()

    welcome = only_dm(newcomer)
    assert "**Secretary**" in welcome.content
    assert (await officer_of(world, newcomer, "secretary")).welcome_status == "delivered"
    assert len(dms(welcomed)) == 1
    # a second restart changes nothing
    await restart()
    assert len(dms(newcomer)) == 1 and len(dms(welcomed)) == 1


async def test_welcome_claimed_but_never_sent_is_sent_after_a_crash(world, restart):
    await link(world, "Treasurer", "treasurer")
    carol = world.add("carol")
    # the bot stored its claim on the welcome, then died before the DM went out
    set_roles_offline(world.env, world.guild, carol, world.roles["Treasurer"])
    await world.store.start_officer(world.guild.id, carol.id, "treasurer", discord.utils.utcnow())
    assert (await officer_of(world, carol, "treasurer")).welcome_status == "pending"

    await restart()

    assert "**Treasurer**" in only_dm(carol).content
    assert (await officer_of(world, carol, "treasurer")).welcome_status == "delivered"


async def test_deleting_a_linked_role_removes_its_link(world):
    await link(world, "TULO", "trade-union-liaison-officer")
    role = world.roles["TULO"]
    await delete_role(world.env, world.guild, role)
    assert role.id not in await world.store.links(world.guild.id)


async def test_offline_role_removal_is_caught_up_as_ended(world, grant, restart):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])

    set_roles_offline(world.env, world.guild, alice, world.roles["Members"])
    await restart()

    officer = await officer_of(world, alice, "treasurer")
    assert officer.ended_at is not None and officer.end_reason == "role"
    assert len(dms(alice)) == 2 and "Thank you for your time" in dms(alice)[-1].content


async def test_two_servers_are_kept_apart(simcord_env):
    env = simcord_env
    north = await build_world(env, "North CLP")
    south = await build_world(env, "South CLP")
    await link(north, "Treasurer", "treasurer")
    await link(south, "TULO", "trade-union-liaison-officer")
    user = env.create_user("sam")  # one person, a member of both
    in_north = north.guild.add_member(user, roles=[north.roles["Members"]])
    in_south = south.guild.add_member(user, roles=[south.roles["Members"]])
    await grant_roles_at_once(env, north.guild, [(in_north, north.roles["Treasurer"])])
    await grant_roles_at_once(env, south.guild, [(in_south, south.roles["Treasurer"])])  # unlinked there

    assert [m.embeds[0].title for m in user.dm_channel.history()] == ["Treasurer checklist · North CLP"]
    assert await north.store.links(north.guild.id) == {north.roles["Treasurer"].id: "treasurer"}
    assert await south.store.links(south.guild.id) == {
        south.roles["TULO"].id: "trade-union-liaison-officer"
    }
    south_links = await south.admin.slash(south.general, "onboarding links")
    assert "Trade Union" in south_links.response.content
    assert "**Treasurer**" not in south_links.response.content
    south_progress = await south.admin.slash(south.general, "onboarding progress")
    assert "Nobody has an officer checklist in this server yet" in south_progress.response.content
    south_export = await south.admin.slash(south.general, "onboarding export")
    assert "0 officer record(s)" in south_export.response.content
    north_progress = await north.admin.slash(north.general, "onboarding progress")
    assert user.mention in north_progress.response.embeds[0].description
    assert "no officer checklist" in (await in_south.slash(south.general, "checklist")).response.content
    assert (await in_north.slash(north.general, "checklist")).response.embeds[0].title.endswith("North CLP")
    assert await south.store.officers(south.guild.id) == []
    # setup in the south proposes the south's own Treasurer role, linked only in the north
    proposed = await south.admin.slash(south.general, "onboarding setup")
    assert f"{south.roles['Treasurer'].mention} → **Treasurer**" in proposed.response.content
    assert f"{south.roles['TULO'].mention}" not in proposed.response.content  # already linked there
    await south.admin.click(proposed.response, label="Link and welcome current holders")
    # confirming welcomes sam in the south with a separate record; the north is untouched
    titles = [m.embeds[0].title for m in user.dm_channel.history()]
    assert titles == ["Treasurer checklist · North CLP", "Treasurer checklist · South CLP"]
    north_record = await north.store.officer_for(north.guild.id, user.id, "treasurer")
    south_record = await south.store.officer_for(south.guild.id, user.id, "treasurer")
    assert north_record.id != south_record.id
    assert await north.store.links(north.guild.id) == {north.roles["Treasurer"].id: "treasurer"}
    north_export = await north.admin.slash(north.general, "onboarding export")
    assert "1 officer record(s)" in north_export.response.content


@pytest.mark.simcord(settle_timeout=30)
async def test_burst_of_150_role_grants_welcomes_each_exactly_once(world):
    env = world.env
    await link(world, "Treasurer", "treasurer")
    people = [world.add(f"member{i:03d}") for i in range(150)]

    await grant_roles_at_once(env, world.guild, [(m, world.roles["Treasurer"]) for m in people], timeout=60)

    for member in people:
        welcome = only_dm(member)
        assert "**Treasurer**" in welcome.content
    officers = await world.store.officers(world.guild.id)
    assert len(officers) == 150
    assert {o.user_id for o in officers} == {m.id for m in people}
    assert all(o.welcome_status == "delivered" and o.active for o in officers)
