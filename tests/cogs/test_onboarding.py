"""Officer onboarding, acted out in SimCord as the admin and the officers would do it.

Each test asserts what the people involved see (DMs, ephemeral replies, channel notices)
and what the bot stored (links, officer records, ticks with who and when).
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, field

import discord
import pytest
import simcord
import yaml
from conftest import custom_ids, delete_role, forge_click, grant_roles_at_once, set_roles_offline
from discord import app_commands

from bot.catalogue import load_catalogue
from bot.store import Officer

REMINDER_DAYS = 7
CATALOGUE = load_catalogue()
TREASURER = CATALOGUE.get("treasurer")
TREASURER_STEPS = len(TREASURER.checklist)
TULO_STEPS = len(CATALOGUE.get("trade-union-liaison-officer").checklist)
# a real step of another post that the Treasurer's checklist does not have
WOMENS_ONLY_STEP = next(
    s.id for s in CATALOGUE.get("womens-officer").checklist if TREASURER.step(s.id) is None
)
DM_CLOSED = {"status": 403, "code": 50007, "message": "Cannot send messages to this user"}


# -- the world: one CLP server with an admin, members and officer roles --------------------------
@dataclass
class World:
    env: object
    guild: object
    general: object
    notices: object
    roles: dict[str, object]
    admin: object
    people: dict[str, object] = field(default_factory=dict)

    @property
    def bot(self):
        return self.env.bot  # the current bot (a restart replaces it)

    @property
    def store(self):
        return self.env.bot.store

    def add(self, name: str, *roles: str):
        member = self.guild.add_member(
            self.env.create_user(name), roles=[self.roles[r] for r in ("Members", *roles)]
        )
        self.people[name] = member
        return member


async def build_world(env, name: str = "Anytown CLP") -> World:
    guild = env.create_guild(name)
    general = guild.create_text_channel("general")
    notices = guild.create_text_channel("officer-notices")
    roles = {"Admins": guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))}
    for role_name in ("Members", "Treasurer", "CLP Secretary", "TULO", "Women's Officer"):
        roles[role_name] = guild.create_role(role_name)
    admin = guild.add_member(env.create_user(f"admin-{guild.id}"), roles=[roles["Admins"], roles["Members"]])
    return World(env, guild, general, notices, roles, admin)


@pytest.fixture
async def world(simcord_env) -> World:
    return await build_world(simcord_env)


async def link(world: World, role_name: str, post: str):
    result = await world.admin.slash(
        world.general, "onboarding link", role=world.roles[role_name], post=post
    )
    assert result.acknowledged and result.ephemeral
    return result


def dms(member) -> list[discord.Message]:
    """Every DM the bot has sent this member, oldest first."""
    return member.user.dm_channel.history()


def only_dm(member) -> discord.Message:
    messages = dms(member)
    assert len(messages) == 1, [m.content[:60] for m in messages]
    return messages[0]


def tick_ids(message) -> list[str]:
    return [cid for cid in custom_ids(message) if cid.startswith("clp:tick:")]


def step_of(custom_id: str) -> str:
    """The step a ``clp:tick:<officer>:<step>:<done|open>`` button is for."""
    return custom_id.split(":")[3]


def footer(message) -> str:
    return message.embeds[0].footer.text


async def officer_of(world: World, member, post_id: str) -> Officer:
    officer = await world.store.officer_for(world.guild.id, member.id, post_id)
    assert officer is not None
    return officer


def post(world: World, post_id: str):
    return world.bot.catalogue.get(post_id)


# -- linking roles to posts ------------------------------------------------------------------
async def test_setup_proposes_officer_roles_and_confirming_links_them(world, grant):
    bob = world.add("bob", "Treasurer")  # already holds a role that setup will link

    result = await world.admin.slash(world.general, "onboarding setup")

    assert result.ephemeral
    text = result.response.content
    for role_name, title in [
        ("Treasurer", "Treasurer"),
        ("CLP Secretary", "Secretary"),
        ("TULO", "Trade Union Liaison Officer"),
        ("Women's Officer", "Women's Officer"),
    ]:
        assert f"{world.roles[role_name].mention} → **{title}**" in text
    for role_name in ("Members", "Admins"):
        assert world.roles[role_name].mention not in text
    assert await world.store.links(world.guild.id) == {}  # nothing linked before confirming

    confirmed = await world.admin.click(result.response, label="Link them all")

    assert "Linked 4 roles" in confirmed.response.content
    assert await world.store.links(world.guild.id) == {
        world.roles["Treasurer"].id: "treasurer",
        world.roles["CLP Secretary"].id: "secretary",
        world.roles["TULO"].id: "trade-union-liaison-officer",
        world.roles["Women's Officer"].id: "womens-officer",
    }
    # the member who already held a linked role is welcomed once, on confirmation
    assert "**Treasurer**" in only_dm(bob).content
    # running setup again proposes nothing: every matching role is linked
    again = await world.admin.slash(world.general, "onboarding setup")
    assert "found no unlinked roles" in again.response.content


async def test_setup_cancel_links_nothing(world):
    result = await world.admin.slash(world.general, "onboarding setup")
    cancelled = await world.admin.click(result.response, label="Cancel")
    assert cancelled.response.content == "Nothing was linked."
    assert await world.store.links(world.guild.id) == {}


async def test_link_with_post_autocomplete_then_list_links(world):
    choices = await world.admin.autocomplete(world.general, "onboarding link", "post", "treas")
    assert choices[0] == {"name": "Treasurer", "value": "treasurer"}
    choices = await world.admin.autocomplete(world.general, "onboarding link", "post", "trade union")
    assert {"name": "Trade Union Liaison Officer", "value": "trade-union-liaison-officer"} in choices

    result = await link(world, "TULO", choices[0]["value"])
    assert result.response.content.startswith(f"Linked {world.roles['TULO'].mention} to **Trade Union")

    stored = await world.store.links(world.guild.id)
    assert stored == {world.roles["TULO"].id: "trade-union-liaison-officer"}
    listing = await world.admin.slash(world.general, "onboarding links")
    assert listing.ephemeral
    assert f"{world.roles['TULO'].mention} → **Trade Union Liaison Officer**" in listing.response.content
    assert "Fallback channel for undeliverable DMs: not set" in listing.response.content


async def test_link_refuses_an_unknown_post_and_accepts_a_typed_name(world):
    # an admin types instead of picking from the list: nonsense is refused, not linked to a lookalike
    result = await link(world, "Treasurer", "Grand Poobah of the Universe")
    assert result.response.content.startswith("I don't know that post.")
    assert await world.store.links(world.guild.id) == {}

    typed = await link(world, "TULO", "tulo")
    assert "to **Trade Union Liaison Officer**" in typed.response.content
    typed = await link(world, "Treasurer", "CLP Treasurer")
    assert "to **Treasurer**" in typed.response.content
    assert await world.store.links(world.guild.id) == {
        world.roles["TULO"].id: "trade-union-liaison-officer",
        world.roles["Treasurer"].id: "treasurer",
    }


async def test_links_when_nothing_linked(world):
    listing = await world.admin.slash(world.general, "onboarding links")
    assert "No roles are linked yet" in listing.response.content


async def test_unlink_stops_welcomes_and_keeps_progress(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    welcome = only_dm(alice)
    first = tick_ids(welcome)[0]
    await alice.user.click(welcome, custom_id=first)

    result = await world.admin.slash(world.general, "onboarding unlink", role=world.roles["Treasurer"])

    assert "Unlinked" in result.response.content and "progress are kept" in result.response.content
    assert await world.store.links(world.guild.id) == {}
    officer = await officer_of(world, alice, "treasurer")
    assert officer.active and await world.store.done_steps(officer.id) == {step_of(first)}
    # a member given the unlinked role now gets nothing
    dave = world.add("dave")
    await grant(world.guild, dave, world.roles["Treasurer"])
    assert dms(dave) == []
    assert await world.store.officers(world.guild.id, user_id=dave.id) == []
    # unlinking again says so
    again = await world.admin.slash(world.general, "onboarding unlink", role=world.roles["Treasurer"])
    assert "was not linked" in again.response.content


# -- the welcome and the checklist -------------------------------------------------------------
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


async def test_tick_then_untick_is_stored_with_who_and_when(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    welcome = only_dm(alice)
    officer = await officer_of(world, alice, "treasurer")
    steps = post(world, "treasurer").checklist
    total = len(steps)
    await world.env.advance_time(3600)

    result = await alice.user.click(welcome, custom_id=f"clp:tick:{officer.id}:{steps[1].id}:done")

    assert result.acknowledged and not result.ephemeral
    edited = alice.user.dm_channel.history()[-1]
    assert edited.id == welcome.id and len(dms(alice)) == 1  # edited in place, not a new DM
    assert footer(edited).startswith(f"1 of {total} done")
    assert f"✅ 2. {steps[1].text}" in edited.embeds[0].description
    ticks = await world.store.ticks(officer.id)
    assert list(ticks) == [steps[1].id]
    tick = ticks[steps[1].id]
    assert tick.done and tick.changed_by == alice.id and tick.changed_at == world.env.now()
    assert (await world.store.officer(officer.id)).last_activity_at == world.env.now()

    await world.env.advance_time(60)
    await alice.user.click(edited, custom_id=f"clp:tick:{officer.id}:{steps[1].id}:open")

    edited = alice.user.dm_channel.history()[-1]
    assert footer(edited).startswith(f"0 of {total} done")
    assert f"⬜ 2. {steps[1].text}" in edited.embeds[0].description
    tick = (await world.store.ticks(officer.id))[steps[1].id]
    assert not tick.done and tick.changed_by == alice.id and tick.changed_at == world.env.now()
    assert await world.store.done_steps(officer.id) == set()


async def test_restart_old_buttons_still_work_and_progress_is_intact(world, grant, restart):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    welcome = only_dm(alice)
    ids = tick_ids(welcome)
    total = len(ids)
    await alice.user.click(welcome, custom_id=ids[0])
    old_bot = world.bot

    new_bot = await restart()

    assert new_bot is not old_bot and world.bot is new_bot
    officer = await officer_of(world, alice, "treasurer")
    assert await new_bot.store.done_steps(officer.id) == {step_of(ids[0])}
    assert len(dms(alice)) == 1  # the catch-up on start-up sends no second welcome
    result = await alice.user.click(welcome, custom_id=ids[2])  # a button on the pre-restart message
    assert result.acknowledged
    assert footer(dms(alice)[-1]).startswith(f"2 of {total} done")
    assert await new_bot.store.done_steps(officer.id) == {step_of(ids[0]), step_of(ids[2])}
    assert (await new_bot.store.officer(officer.id)).welcome_status == "delivered"


# -- undeliverable welcomes ------------------------------------------------------------------------
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


# -- refusals ------------------------------------------------------------------------------------
async def test_another_member_cannot_tick_someone_elses_checklist(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    bob = world.add("bob")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await grant(world.guild, bob, world.roles["Treasurer"])
    alice_officer = await officer_of(world, alice, "treasurer")
    bob_welcome = only_dm(bob)
    step = post(world, "treasurer").checklist[0].id

    # bob's client sends alice's button id from his own welcome message
    result = await forge_click(bob.user, bob_welcome, f"clp:tick:{alice_officer.id}:{step}")

    assert result.ephemeral and "belongs to someone else" in result.response.content
    assert result.response.embeds == [] and custom_ids(result.response) == []
    assert await world.store.ticks(alice_officer.id) == {}
    assert footer(only_dm(alice)).startswith("0 of")
    assert footer(only_dm(bob)).startswith("0 of")  # bob's own message is untouched too
    assert await world.store.ticks((await officer_of(world, bob, "treasurer")).id) == {}


async def test_forged_custom_ids_are_refused(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    welcome = only_dm(alice)
    officer = await officer_of(world, alice, "treasurer")
    before = await world.store.officer(officer.id)

    # an id that is not on the message at all: discord.py drops it, nothing answers
    dropped = await forge_click(
        alice.user, welcome, f"clp:tick:{officer.id + 1}:{TREASURER.checklist[0].id}", claim_on_message=False
    )
    assert not dropped.acknowledged
    # ids that claim to be on the message reach the bot, which refuses them
    missing = await forge_click(alice.user, welcome, f"clp:tick:{officer.id + 999}:records")
    assert missing.ephemeral and "belongs to someone else" in missing.response.content
    other_post = await forge_click(alice.user, welcome, f"clp:tick:{officer.id}:{WOMENS_ONLY_STEP}")
    assert other_post.ephemeral and "nothing changed" in other_post.response.content
    show_missing = await forge_click(alice.user, welcome, f"clp:show:{officer.id + 999}")
    assert show_missing.ephemeral and "belongs to someone else" in show_missing.response.content
    # ids outside the button templates match no handler
    for forged in (f"clp:tick:{officer.id}:../records", "clp:tick:-1:records", "clp:tick::records"):
        ignored = await forge_click(alice.user, welcome, forged)
        assert not ignored.acknowledged

    assert await world.store.ticks(officer.id) == {}
    assert await world.store.officer(officer.id) == before
    assert footer(only_dm(alice)).startswith("0 of")


# -- the role over time ----------------------------------------------------------------------------
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

    await grant(world.guild, alice, world.roles["Treasurer"])

    assert len(dms(alice)) == 1  # no second welcome
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
    assert titles == [m.embeds[0].title for m in welcomes]


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
    assert officer.ended_at is not None and len(dms(alice)) == 1


# -- reminders -------------------------------------------------------------------------------------
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

    await world.env.advance_time(2 * REMINDER_DAYS * 86400)

    assert len(dms(alice)) == 1


# -- /checklist --------------------------------------------------------------------------------------
async def test_checklist_shows_members_their_own_checklist(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    officer = await officer_of(world, alice, "treasurer")
    await alice.user.click(only_dm(alice), custom_id=tick_ids(only_dm(alice))[0])

    shown = await alice.slash(world.general, "checklist")

    assert shown.ephemeral and shown.followups == []
    assert shown.response.embeds[0].title == "Treasurer checklist · Anytown CLP"
    assert footer(shown.response).startswith(f"1 of {TREASURER_STEPS} done")
    assert tick_ids(shown.response) == tick_ids(only_dm(alice))
    assert all(cid.startswith(f"clp:tick:{officer.id}:") for cid in tick_ids(shown.response))
    ticked = await alice.click(shown.response, custom_id=tick_ids(shown.response)[1])
    assert footer(ticked.response).startswith(f"2 of {TREASURER_STEPS} done")
    assert len(await world.store.done_steps(officer.id)) == 2

    # in a DM with the bot it works too
    in_dm = await alice.user.slash("checklist")
    assert in_dm.response.embeds[0].title == "Treasurer checklist · Anytown CLP"


async def test_checklist_for_a_member_without_one(world):
    carol = world.add("carol")

    shown = await carol.slash(world.general, "checklist")

    assert shown.ephemeral
    assert "You have no officer checklist yet" in shown.response.content
    assert "/role" in shown.response.content
    assert shown.response.embeds == [] and custom_ids(shown.response) == []


# -- admin commands -------------------------------------------------------------------------------
ADMIN_COMMANDS = {
    "onboarding setup",
    "onboarding link",
    "onboarding unlink",
    "onboarding links",
    "onboarding fallback",
    "onboarding progress",
    "onboarding export",
}


async def test_onboarding_commands_hidden_from_members_and_listed_for_admins(world):
    carol = world.add("carol")

    member_view = carol.available_commands(world.general)
    admin_view = world.admin.available_commands(world.general)

    assert "checklist" in member_view and "checklist" in admin_view
    assert not [c for c in member_view if c.split()[0] == "onboarding"]
    assert "onboarding" not in member_view
    assert {c for c in admin_view if c.split()[0] == "onboarding"} == ADMIN_COMMANDS


async def test_members_cannot_run_onboarding_commands(world):
    carol = world.add("carol")

    with pytest.raises(simcord.SetupError):
        await carol.slash(world.general, "onboarding progress")


async def test_onboarding_checks_permission_even_when_a_server_override_shows_it(world):
    """A server can show a command to a role in its settings; the bot still asks for Manage Server."""
    carol = world.add("carol")
    commands = await world.bot.tree.fetch_commands()
    onboarding = next(c for c in commands if c.name == "onboarding")
    world.guild.set_command_permissions(onboarding, {world.roles["Members"]: True})
    assert "onboarding link" in carol.available_commands(world.general)  # the override shows it

    result = await carol.slash(
        world.general, "onboarding link", role=world.roles["Treasurer"], post="treasurer"
    )

    assert result.ephemeral and "Only people who can manage this server" in result.response.content
    assert await world.store.links(world.guild.id) == {}
    simcord.assert_error(world.env, app_commands.MissingPermissions)


async def test_progress_for_everyone_and_for_one_member(world, grant, revoke):
    await link(world, "Treasurer", "treasurer")
    await link(world, "TULO", "trade-union-liaison-officer")
    alice = world.add("alice")
    bob = world.add("bob")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await grant(world.guild, bob, world.roles["TULO"])
    await alice.user.click(only_dm(alice), custom_id=tick_ids(only_dm(alice))[0])
    await alice.user.click(dms(alice)[-1], custom_id=tick_ids(only_dm(alice))[1])
    await revoke(world.guild, bob, world.roles["TULO"])

    result = await world.admin.slash(world.general, "onboarding progress")

    assert result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title == "Officer onboarding: 1 active, 0 welcome(s) not delivered"
    alice_line, bob_line = embed.description.splitlines()
    assert alice_line.startswith(f"{alice.mention} · **Treasurer** · 2 of {TREASURER_STEPS} done")
    assert "· active ·" in alice_line and "✅ welcomed" in alice_line
    assert bob_line.startswith(f"{bob.mention} · **Trade Union Liaison Officer** · 0 of {TULO_STEPS} done")
    assert "· ended " in bob_line

    detail = await world.admin.slash(world.general, "onboarding progress", member=alice)

    assert len(detail.response.embeds) == 1
    embed = detail.response.embeds[0]
    assert embed.title == "Treasurer checklist · Anytown CLP"
    assert footer(detail.response).startswith(f"2 of {TREASURER_STEPS} done")
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Officer"] == alice.mention and fields["Ended"] == "still in post"
    assert fields["Welcome"].startswith("delivered 2026-01-01")

    nobody = await world.admin.slash(world.general, "onboarding progress", member=world.admin)
    assert "has no officer checklist" in nobody.response.content


async def test_progress_of_many_officers_is_one_message_of_pages(world):
    env = world.env
    await link(world, "Treasurer", "treasurer")
    people = [world.add(f"officer{i:03d}") for i in range(60)]
    await grant_roles_at_once(env, world.guild, [(m, world.roles["Treasurer"]) for m in people], timeout=30)

    result = await world.admin.slash(world.general, "onboarding progress")

    assert result.ephemeral and result.followups == []  # one message, whatever the number of officers
    pages = []
    while True:
        (embed,) = result.response.embeds
        assert len(embed) <= 6000 and len(embed.description) <= 4096
        pages.append(embed)
        if f"({len(pages)}/" not in embed.title or embed.title.endswith(f"({len(pages)}/{len(pages)})"):
            break
        await world.admin.click(result.response, label="Next")
    assert len(pages) >= 2 and pages[0].title.endswith(f"(1/{len(pages)})")
    assert pages[0].title.startswith("Officer onboarding: 60 active")
    lines = [line for page in pages for line in page.description.splitlines()]
    assert len(lines) == 60
    assert {line.split(" · ")[0] for line in lines} == {m.mention for m in people}
    await world.admin.click(result.response, label="Previous")
    assert result.response.embeds[0].title == pages[-2].title


async def test_export_csv_rows_match_the_records(world, grant, revoke):
    await link(world, "Treasurer", "treasurer")
    await link(world, "Women's Officer", "womens-officer")
    alice = world.add("alice")
    bob = world.add("bob")
    world.env.inject_error("POST", f"/channels/{bob.user.dm_channel.id}/messages", **DM_CLOSED)
    await grant(world.guild, alice, world.roles["Treasurer"])
    await grant(world.guild, bob, world.roles["Women's Officer"])
    await alice.user.click(only_dm(alice), custom_id=tick_ids(only_dm(alice))[2])
    await grant(world.guild, alice, world.roles["Women's Officer"])
    await revoke(world.guild, alice, world.roles["Women's Officer"])

    result = await world.admin.slash(world.general, "onboarding export")

    assert result.ephemeral and "3 officer record(s)" in result.response.content
    (attachment,) = result.response.attachments
    assert attachment.filename == f"officer-progress-{world.guild.id}.csv"
    rows = list(csv.DictReader(io.StringIO((await attachment.read()).decode("utf-8"))))
    records = await world.store.officers(world.guild.id)
    assert len(rows) == len(records) == 3
    for row, officer in zip(rows, records, strict=True):
        done = await world.store.done_steps(officer.id)
        assert row == {
            "member_id": str(officer.user_id),
            "member": {alice.id: "alice", bob.id: "bob"}[officer.user_id],
            "post_id": officer.post_id,
            "post": post(world, officer.post_id).title,
            "done": str(len(done)),
            "total": str(len(post(world, officer.post_id).checklist)),
            "done_steps": " ".join(sorted(done)),
            "started_at": officer.started_at.isoformat(),
            "ended_at": officer.ended_at.isoformat() if officer.ended_at else "",
            "last_activity_at": officer.last_activity_at.isoformat(),
            "welcome_status": officer.welcome_status,
            "welcome_error": officer.welcome_error or "",
        }
    by_who = {(r["member"], r["post_id"]): r for r in rows}
    assert by_who[("alice", "treasurer")]["done_steps"] == post(world, "treasurer").checklist[2].id
    assert by_who[("bob", "womens-officer")]["welcome_status"] == "failed"
    assert by_who[("alice", "womens-officer")]["ended_at"] != ""


# -- two servers -------------------------------------------------------------------------------------
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
    await south.admin.click(proposed.response, label="Link them all")
    # confirming welcomes sam in the south with a separate record; the north is untouched
    titles = [m.embeds[0].title for m in user.dm_channel.history()]
    assert titles == ["Treasurer checklist · North CLP", "Treasurer checklist · South CLP"]
    north_record = await north.store.officer_for(north.guild.id, user.id, "treasurer")
    south_record = await south.store.officer_for(south.guild.id, user.id, "treasurer")
    assert north_record.id != south_record.id
    assert await north.store.links(north.guild.id) == {north.roles["Treasurer"].id: "treasurer"}
    north_export = await north.admin.slash(north.general, "onboarding export")
    assert "1 officer record(s)" in north_export.response.content


# -- a burst -------------------------------------------------------------------------------------------
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


async def test_step_removed_from_catalogue_is_shown_as_retired(world, grant, restart, tmp_path, monkeypatch):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    first, second = TREASURER.checklist[0], TREASURER.checklist[1]
    await alice.user.click(only_dm(alice), custom_id=tick_ids(only_dm(alice))[0])
    await alice.user.click(only_dm(alice), custom_id=tick_ids(only_dm(alice))[1])

    # next year the catalogue drops the first step; the bot restarts on the new catalogue
    roles_copy = tmp_path / "roles"
    shutil.copytree(CATALOGUE.directory, roles_copy)
    data = yaml.safe_load((roles_copy / "treasurer.yaml").read_text(encoding="utf-8"))
    data["checklist"] = [step for step in data["checklist"] if step["id"] != first.id]
    (roles_copy / "treasurer.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("CATALOGUE_DIR", str(roles_copy))
    await restart()

    shown = await alice.slash(world.general, "checklist")
    embed = shown.response.embeds[0]
    assert footer(shown.response).startswith(f"1 of {TREASURER_STEPS - 1} done")
    assert f"{first.id} (retired step, done earlier)" in embed.description
    assert f"✅ 1. {second.text}" in embed.description
    # history kept: the retired tick is still stored, and its old button changes nothing
    officer = await officer_of(world, alice, "treasurer")
    assert (await world.store.ticks(officer.id))[first.id].done
    refused = await alice.user.click(only_dm(alice), custom_id=tick_ids(only_dm(alice))[0])
    assert refused.ephemeral and "retired" in refused.response.content
    assert (await world.store.ticks(officer.id))[first.id].done
