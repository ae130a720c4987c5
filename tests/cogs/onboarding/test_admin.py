"""/onboarding as the admin uses it: setup, link, unlink, links, permissions, progress, export.

Acted out in SimCord as the admin and the officers would do it; each test asserts what the
people involved see and what the bot stored.
"""

from __future__ import annotations

import csv
import io

import pytest
import simcord
from conftest import (
    DM_CLOSED,
    TREASURER_STEPS,
    TULO_STEPS,
    dms,
    footer,
    grant_roles_at_once,
    link,
    officer_of,
    only_dm,
    post,
    step_of,
    tick_ids,
)
from discord import app_commands


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

    confirmed = await world.admin.click(result.response, label="Link and welcome current holders")

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


async def test_unlink_ends_records_stops_welcomes_and_keeps_progress(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    welcome = only_dm(alice)
    first = tick_ids(welcome)[0]
    await alice.user.click(welcome, custom_id=first)

    result = await world.admin.slash(world.general, "onboarding unlink", role=world.roles["Treasurer"])

    assert "Unlinked" in result.response.content and "progress are kept" in result.response.content
    assert "1 officer record ended" in result.response.content
    assert await world.store.links(world.guild.id) == {}
    officer = await officer_of(world, alice, "treasurer")  # ended, with its history kept
    assert not officer.active and await world.store.done_steps(officer.id) == {step_of(first)}
    assert "Thank you for your time as **Treasurer**" in dms(alice)[-1].content
    # a member given the unlinked role now gets nothing
    dave = world.add("dave")
    await grant(world.guild, dave, world.roles["Treasurer"])
    assert dms(dave) == []
    assert await world.store.officers(world.guild.id, user_id=dave.id) == []
    # unlinking again says so
    again = await world.admin.slash(world.general, "onboarding unlink", role=world.roles["Treasurer"])
    assert "was not linked" in again.response.content


ADMIN_COMMANDS = {
    "onboarding setup",
    "onboarding link",
    "onboarding unlink",
    "onboarding end",
    "onboarding agm",
    "onboarding welcome-text",
    "onboarding contact",
    "onboarding step add",
    "onboarding step hide",
    "onboarding step show",
    "onboarding step remove",
    "onboarding preview",
    "onboarding settings",
    "onboarding links",
    "onboarding fallback",
    "onboarding progress",
    "onboarding export",
    "onboarding forget-server",
    "onboarding resend",
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
    data = await attachment.read()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, so Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
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
            "done_step_texts": "; ".join(
                s.text for s in post(world, officer.post_id).checklist if s.id in done
            ),
        }
    by_who = {(r["member"], r["post_id"]): r for r in rows}
    assert by_who[("alice", "treasurer")]["done_steps"] == post(world, "treasurer").checklist[2].id
    assert by_who[("bob", "womens-officer")]["welcome_status"] == "failed"
    assert by_who[("alice", "womens-officer")]["ended_at"] != ""


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
async def test_export_writes_formula_like_names_as_text(world, grant, name):
    await link(world, "Treasurer", "treasurer")
    member = world.add(name)
    await grant(world.guild, member, world.roles["Treasurer"])

    result = await world.admin.slash(world.general, "onboarding export")

    data = (await result.response.attachments[0].read()).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(data))
    assert row["member"] == "'" + name  # a spreadsheet shows the quote-prefixed cell as text
    assert row["post"] == "Treasurer" and row["member_id"] == str(member.id)
