"""The officer team over time, as the admin and the outgoing and incoming officers live it:
setup on a server full of roles, who holds each post, ending records, handover notes.
"""

from __future__ import annotations

import discord
from conftest import (
    REMINDER_DAYS,
    custom_ids,
    delete_role,
    dms,
    grant_roles_at_once,
    link,
    officer_of,
    only_dm,
)

# A realistic CLP server: 30 roles, 12 of them a post's exact name (allowing for "CLP",
# punctuation, emoji and one typo in a long word), the rest qualified names or other roles.
POST_ROLES = {
    "Chair": "chair",
    "🌹 CLP Secretary": "secretary",
    "Tresurer": "treasurer",
    "Vice-Chair (Membership)": "vice-chair-membership",
    "Women's Officer": "womens-officer",
    "Youth Officer": "youth-officer",
    "TULO": "trade-union-liaison-officer",
    "Campaign Co-ordinator": "campaign-coordinator",
    "IT Officer": "it-officer",
    "Political Education Officer": "political-education-officer",
    "Constituency Fundraiser": "fundraiser",
    "BAME Officer": "ethnic-minority-officer",
}
OTHER_ROLES = [
    "Branch Secretary",
    "Ward 1 Chair",
    "Former Chair",
    "Ex-Treasurer",
    "Treasurer (outgoing)",
    "Assistant Treasurer",
    "Social Secretary",
    "Youth Chair",
    "Membership Officer",  # two posts have this name: not proposed
    "Members",
    "Councillors",
    "Moderators",
    "Campaign Volunteers",
    "Delegates",
    "Chairs",
    "Muted",
    "Labour Students",
    "Admins",
]


async def test_setup_on_a_30_role_server_proposes_exactly_the_posts_and_links_only_those_ticked(simcord_env):
    env = simcord_env
    guild = env.create_guild("Anytown CLP")
    general = guild.create_text_channel("general")
    roles = {name: guild.create_role(name) for name in [*POST_ROLES, *OTHER_ROLES]}
    assert len(roles) == 30
    admin = guild.add_member(
        env.create_user("admin"),
        roles=[guild.create_role("Owner", permissions=discord.Permissions(manage_guild=True))],
    )
    old_treasurer = guild.add_member(env.create_user("olga"), roles=[roles["Tresurer"]])
    chair = guild.add_member(env.create_user("chris"), roles=[roles["Chair"]])

    shown = await admin.slash(general, "onboarding setup")

    select = next(c for row in shown.response.components for c in row["components"] if c["type"] == 3)
    proposed = {opt["value"]: opt["label"] for opt in select["options"]}
    right = {roles[name].id for name in POST_ROLES}
    assert {int(v) for v in proposed} == right  # 12 right, none wrong, none missed
    assert all(opt.get("default") for opt in select["options"])
    for name in OTHER_ROLES:
        assert roles[name].mention not in shown.response.content

    await admin.select(shown.response, [v for v in proposed if int(v) != roles["Chair"].id])
    linked = await admin.click(shown.response, label="Link only")

    assert (
        "Linked 11 roles" in linked.response.content and "No welcome DMs were sent" in linked.response.content
    )
    stored = await env.bot.store.links(guild.id)
    assert stored == {roles[name].id: post for name, post in POST_ROLES.items() if name != "Chair"}
    # the member who already held a linked role is recorded, not DMed; the unticked role is not linked
    record = await env.bot.store.officer_for(guild.id, old_treasurer.id, "treasurer")
    assert record.active and record.welcome_status == "not_sent"
    assert old_treasurer.user.dm_channel is None or dms(old_treasurer) == []
    assert await env.bot.store.officers(guild.id, user_id=chair.id) == []
    shown_checklist = await old_treasurer.slash(general, "checklist")
    assert shown_checklist.response.embeds[0].title.startswith("Treasurer checklist")
    # nobody who was never welcomed gets a reminder out of the blue
    await env.advance_time(3 * REMINDER_DAYS * 86400)
    assert old_treasurer.user.dm_channel is None or dms(old_treasurer) == []


async def test_link_records_current_holders_and_welcomes_them_only_when_asked(world):
    alice = world.add("alice", "Treasurer")
    bob = world.add("bob", "TULO")

    quiet = await link(world, "Treasurer", "treasurer")
    loud = await world.admin.slash(
        world.general,
        "onboarding link",
        role=world.roles["TULO"],
        post="trade-union-liaison-officer",
        welcome_current=True,
    )

    assert "recorded as in post, without a welcome DM" in quiet.response.content
    assert "those not yet welcomed get it now" in loud.response.content
    assert (await officer_of(world, alice, "treasurer")).welcome_status == "not_sent"
    assert alice.user.dm_channel is None or dms(alice) == []
    assert "**Trade Union Liaison Officer**" in only_dm(bob).content
    assert (await officer_of(world, bob, "trade-union-liaison-officer")).welcome_status == "delivered"
    # a member given the role from now on is welcomed as usual
    carol = world.add("carol")
    await grant_roles_at_once(world.env, world.guild, [(carol, world.roles["Treasurer"])])
    assert "**Treasurer**" in only_dm(carol).content


async def test_end_by_hand_ends_the_record_thanks_them_and_stops_reminders(world, grant, restart):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])

    result = await world.admin.slash(world.general, "onboarding end", member=alice, post="treasurer")

    assert "no longer recorded as **Treasurer**" in result.response.content
    assert "still have a role linked" in result.response.content
    record = await officer_of(world, alice, "treasurer")
    assert not record.active and record.end_reason == "hand"
    assert len(dms(alice)) == 2 and "Thank you for your time as **Treasurer**" in dms(alice)[-1].content
    await restart()  # a catch-up does not undo the admin's decision while she still has the role
    assert not (await officer_of(world, alice, "treasurer")).active
    await world.env.advance_time(3 * REMINDER_DAYS * 86400)
    assert len(dms(alice)) == 2
    again = await world.admin.slash(world.general, "onboarding end", member=alice, post="treasurer")
    assert "is not recorded as **Treasurer**" in again.response.content


async def test_deleting_or_relinking_a_role_ends_the_records_it_gave(world, grant):
    await link(world, "Treasurer", "treasurer")
    await link(world, "TULO", "trade-union-liaison-officer")
    alice = world.add("alice")
    bob = world.add("bob")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await grant(world.guild, bob, world.roles["TULO"])

    await delete_role(world.env, world.guild, world.roles["Treasurer"])
    relinked = await link(world, "TULO", "secretary")  # the role was linked to the wrong post

    assert not (await officer_of(world, alice, "treasurer")).active
    assert not (await officer_of(world, bob, "trade-union-liaison-officer")).active
    assert (await officer_of(world, bob, "secretary")).welcome_status == "not_sent"
    assert "1 record of the post it was linked to before ended" in relinked.response.content
    assert "Thank you for your time as **Treasurer**" in dms(alice)[-1].content
    assert "Thank you for your time as **Trade Union Liaison Officer**" in dms(bob)[-1].content
    before = (len(dms(alice)), len(dms(bob)))
    await world.env.advance_time(3 * REMINDER_DAYS * 86400)
    assert (len(dms(alice)), len(dms(bob))) == before  # no reminders for ended records


async def test_officers_lists_holders_vacancies_and_a_job_share_without_pinging(world, grant):
    await link(world, "Treasurer", "treasurer")
    await link(world, "CLP Secretary", "secretary")
    alice = world.add("alice")
    bob = world.add("bob")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await world.env.advance_time(86400)
    await grant(world.guild, bob, world.roles["Treasurer"])  # a job-share

    result = await world.admin.slash(world.general, "officers")

    assert result.ephemeral
    embed = result.response.embeds[0]
    assert embed.description == "1 of 8 key posts filled."
    fields = {f.name: f.value for f in embed.fields}
    key = fields["Key posts"]
    assert "**Treasurer**: alice (since 1 January 2026) and bob (since 2 January 2026)" in key
    assert "**Secretary**: vacant" in key and "**Secretary**: vacant (no role linked)" not in key
    assert "**Chair**: vacant (no role linked)" in key
    assert alice.mention not in key
    public = await world.admin.slash(world.general, "officers", public=True)
    stored = world.env.backend.get_message(world.general.id, public.response.id)
    assert not public.ephemeral and stored.ping_user_ids == [] and not stored.mention_everyone
    # each job-sharer is told about the other
    assert "You share this post with **alice**." in only_dm(bob).content
    shown = await alice.slash(world.general, "checklist")
    assert shown.response.content == "You share this post with **bob**."


async def _write_notes(member, farewell, fields: dict[str, str]):
    form = await member.user.click(farewell, custom_id=custom_ids(farewell)[0])
    assert form.modal is not None
    return await member.user.submit_modal(form, fields)


HOSTILE = "@everyone see <@1> and **this** `code` [link](https://example.org) ||spoiler||"


async def test_a_full_handover_from_one_treasurer_to_the_next(world, grant, revoke):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    bob = world.add("bob")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await world.env.advance_time(30 * 86400)

    await revoke(world.guild, alice, world.roles["Treasurer"])  # the AGM: alice steps down
    farewell = dms(alice)[-1]
    saved = await _write_notes(
        alice,
        farewell,
        {
            "clp:notes:in_progress": "Q1 donations report to head office is half done.",
            "clp:notes:contacts": "Bank: Co-op, sort code in the red folder. " + HOSTILE,
            "clp:notes:anything_else": "",
        },
    )
    assert saved.ephemeral and "your notes are saved" in saved.response.content
    await grant(world.guild, bob, world.roles["Treasurer"])

    welcome = only_dm(bob)
    assert "You take over from **alice**, Treasurer until 31 January 2026." in welcome.content
    notes = welcome.embeds[1]
    values = {f.name: f.value for f in notes.fields}
    assert values["What's in progress"] == "Q1 donations report to head office is half done."
    assert discord.utils.escape_markdown(HOSTILE) in values["Contacts and where things are kept"]
    assert values["Anything else your successor should know"] == "(nothing written)"
    stored = world.env.backend.get_message(welcome.channel.id, welcome.id)
    assert stored.ping_user_ids == [] and not stored.mention_everyone
    # the farewell is sent once per ended record, and only the outgoing officer can write notes
    assert len([m for m in dms(alice) if "Thank you for your time" in m.content]) == 1


async def test_notes_written_after_the_successors_welcome_reach_them(world, grant, revoke):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    bob = world.add("bob")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await revoke(world.guild, alice, world.roles["Treasurer"])
    await grant(world.guild, bob, world.roles["Treasurer"])
    assert "You take over from **alice**" in only_dm(bob).content and len(only_dm(bob).embeds) == 1

    await _write_notes(alice, dms(alice)[-1], {"clp:notes:in_progress": "The audit is booked for May."})

    late = dms(bob)[-1]
    assert "alice wrote handover notes for **Treasurer**" in late.content
    assert late.embeds[0].fields[0].value == "The audit is booked for May."


async def test_handover_notes_are_only_for_the_posts_holders_and_admins(world, grant, revoke):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    bob = world.add("bob")
    eve = world.add("eve")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await revoke(world.guild, alice, world.roles["Treasurer"])
    farewell = dms(alice)[-1]
    await _write_notes(alice, farewell, {"clp:notes:contacts": "Treasurer's files are in the office."})
    await grant(world.guild, bob, world.roles["Treasurer"])

    refused = await eve.slash(world.general, "handover", post="treasurer")
    holder = await bob.slash(world.general, "handover", post="treasurer")
    admin = await world.admin.slash(world.general, "handover", post="treasurer")

    assert refused.ephemeral and "only for whoever holds the post now" in refused.response.content
    assert refused.response.embeds == []
    for shown in (holder, admin):
        assert shown.ephemeral
        assert shown.response.embeds[0].fields[1].value == "Treasurer's files are in the office."
    none_yet = await world.admin.slash(world.general, "handover", post="secretary")
    assert "Nobody has written handover notes for **Secretary**" in none_yet.response.content


async def test_who_is_our_treasurer_by_ask_mention_and_dm(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    carol = world.add("carol")
    await grant(world.guild, alice, world.roles["Treasurer"])
    summary = world.bot.catalogue.get("treasurer").summary

    asked = await carol.slash(world.general, "ask", question="who is our treasurer?")
    await carol.send(world.general, f"{world.bot.user.mention} who's the current treasurer?")
    mentioned = world.general.last_message
    await carol.send_dm("who is the treasurer here")
    dm = carol.user.dm_channel.last_message

    for text in (asked.response.content, mentioned.content, dm.content):
        assert "In **Anytown CLP**, the Treasurer is **alice** (since 1 January 2026)." in text
        assert summary in text
    stored = world.env.backend.get_message(world.general.id, mentioned.id)
    assert stored.ping_user_ids == [] and not stored.mention_everyone
    vacant = await carol.slash(world.general, "ask", question="who is our secretary?")
    assert "In **Anytown CLP**, the Secretary post is vacant." in vacant.response.content


async def test_role_shows_who_holds_the_post_here(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])

    held = await alice.slash(world.general, "role", name="treasurer")
    vacant = await alice.slash(world.general, "role", name="Secretary")

    assert held.response.content == "Held by **alice** since 1 January 2026."
    assert held.response.embeds[0].title == "Treasurer"
    assert vacant.response.content == "Vacant in this server."
