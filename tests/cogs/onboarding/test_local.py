"""Each CLP makes the bot its own: welcome text, contact, local and hidden steps, preview,
settings; acted out in SimCord by the admin and new officers, in two servers."""

from __future__ import annotations

import csv
import io

import simcord
from conftest import TREASURER, build_world, dms, footer, link, only_dm, tick_ids
from discord import app_commands

OWN_WELCOME = "Hi {member}! You are our new {post} at {server}. Any questions: ask {contact}."


async def _set_welcome(world, text: str):
    form = await world.admin.slash(world.general, "onboarding welcome-text")
    assert form.modal is not None
    return await world.admin.submit_modal(form, {"clp:welcome-text": text})


async def test_the_welcome_text_is_edited_in_a_form_and_used_in_the_next_welcome(world, grant):
    await link(world, "Treasurer", "treasurer")
    bob = world.add("bob")
    await world.admin.slash(world.general, "onboarding contact", member=bob)

    saved = await _set_welcome(world, OWN_WELCOME)

    assert "Saved" in saved.response.content
    form = await world.admin.slash(world.general, "onboarding welcome-text")  # pre-filled with it now
    assert OWN_WELCOME in str(form.modal)
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    welcome = only_dm(alice).content
    assert welcome.startswith("Hi alice! You are our new Treasurer at Anytown CLP. Any questions: ask bob.")
    assert "Your contact for questions is **bob**." in welcome
    shown = await alice.slash(world.general, "checklist")
    assert "Your contact for questions is **bob**." in shown.response.content

    reset = await world.admin.slash(world.general, "onboarding welcome-text", reset=True)
    assert "bot's own text again" in reset.response.content
    carol = world.add("carol")
    await grant(world.guild, carol, world.roles["Treasurer"])
    assert only_dm(carol).content.startswith("Welcome, carol: you are now **Treasurer** in **Anytown CLP**.")


async def test_a_bad_welcome_text_is_refused_and_changes_nothing(world):
    await _set_welcome(world, OWN_WELCOME)

    unknown = await _set_welcome(world, "Welcome {name}, you are {post}.")
    too_long = await _set_welcome(world, "x" * 1501)
    unmatched = await _set_welcome(world, "Welcome {member")

    assert "`{name}` is not a placeholder I know" in unknown.response.content
    assert "{member}, {post}, {server}, {contact}" in unknown.response.content
    assert "1,501 characters; at most 1,500" in too_long.response.content
    assert "unmatched" in unmatched.response.content
    for result in (unknown, too_long, unmatched):
        assert "Nothing was changed" in result.response.content
    assert world.bot.local.welcome_template(world.guild.id) == OWN_WELCOME


async def test_a_local_step_is_ticked_counted_exported_and_not_seen_in_another_server(simcord_env, grant):
    north = await build_world(simcord_env, "North CLP")
    south = await build_world(simcord_env, "South CLP")
    await link(north, "Treasurer", "treasurer")
    await link(south, "Treasurer", "treasurer")
    added = await north.admin.slash(
        north.general,
        "onboarding step add",
        post="treasurer",
        text="Collect the cash box keys from <@1> @everyone",
    )
    assert "Added to **Treasurer** here, as a local step" in added.response.content
    alice = north.add("alice")
    sam = south.add("sam")
    await grant(north.guild, alice, north.roles["Treasurer"])
    await grant(south.guild, sam, south.roles["Treasurer"])
    total = len(TREASURER.checklist)

    welcome = only_dm(alice)
    assert (
        "Collect the cash box keys" in welcome.embeds[0].description
        and "*(local step)*" in welcome.embeds[0].description
    )
    assert footer(welcome).startswith(f"0 of {total + 1} done")
    assert footer(only_dm(sam)).startswith(f"0 of {total} done")  # the south sees none of it
    assert "cash box" not in only_dm(sam).embeds[0].description
    local_button = tick_ids(welcome)[-1]
    assert ":local-" in local_button
    await alice.user.click(welcome, custom_id=local_button)
    assert footer(dms(alice)[-1]).startswith(f"1 of {total + 1} done")

    progress = await north.admin.slash(north.general, "onboarding progress")
    assert f"1 of {total + 1} done" in progress.response.embeds[0].description
    export = await north.admin.slash(north.general, "onboarding export")
    (row,) = csv.DictReader(io.StringIO((await export.response.attachments[0].read()).decode("utf-8-sig")))
    assert row["total"] == str(total + 1) and row["done"] == "1"
    assert (await south.admin.slash(south.general, "onboarding settings")).response.content.count(
        "Local steps:** 0"
    ) == 1

    step_id = local_button.split(":")[3]
    removed = await north.admin.slash(north.general, "onboarding step remove", post="treasurer", step=step_id)
    assert "its ticks are kept as history" in removed.response.content
    shown = await alice.slash(north.general, "checklist")
    assert footer(shown.response).startswith(f"0 of {total} done")
    assert f"{step_id} (retired step, done earlier)" in shown.response.embeds[0].description


async def test_a_catalogue_step_hidden_in_one_server_only(simcord_env, grant):
    north = await build_world(simcord_env, "North CLP")
    south = await build_world(simcord_env, "South CLP")
    await link(north, "Treasurer", "treasurer")
    await link(south, "Treasurer", "treasurer")
    first = TREASURER.checklist[0]
    choices = await north.admin.autocomplete(
        north.general, "onboarding step hide", "step", "", post="treasurer"
    )
    assert {"name": first.text[:100], "value": first.id} in choices

    hidden = await north.admin.slash(north.general, "onboarding step hide", post="treasurer", step=first.id)

    assert "Hidden from **Treasurer** checklists here" in hidden.response.content
    alice, sam = north.add("alice"), south.add("sam")
    await grant(north.guild, alice, north.roles["Treasurer"])
    await grant(south.guild, sam, south.roles["Treasurer"])
    assert first.text not in only_dm(alice).embeds[0].description
    assert first.text in only_dm(sam).embeds[0].description
    assert f":{first.id}:" not in " ".join(tick_ids(only_dm(alice)))
    settings = await north.admin.slash(north.general, "onboarding settings")
    assert f"Treasurer: {first.text}" in settings.response.content
    shown = await north.admin.slash(north.general, "onboarding step show", post="treasurer", step=first.id)
    assert "Shown again" in shown.response.content
    again = await alice.slash(north.general, "checklist")
    assert first.text in again.response.embeds[0].description


async def test_the_preview_is_the_real_welcome_and_records_nothing(world, grant):
    await link(world, "Treasurer", "treasurer")
    await _set_welcome(world, OWN_WELCOME)
    await world.admin.slash(
        world.general, "onboarding step add", post="treasurer", text="Meet the bank manager"
    )

    preview = await world.admin.slash(world.general, "onboarding preview", post="treasurer")

    assert preview.ephemeral and preview.response.content.startswith(
        "**Preview** (nothing is sent or recorded)"
    )
    assert await world.store.officers(world.guild.id) == []
    assert world.admin.user.dm_channel is None or dms(world.admin) == []
    buttons = [c for row in preview.response.components for c in row["components"]]
    assert buttons and all(b.get("disabled") for b in buttons)
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    real = only_dm(alice)
    assert preview.response.embeds[0].description == real.embeds[0].description
    assert preview.response.embeds[0].title == real.embeds[0].title
    assert [b["label"] for b in buttons] == [c.label for row in real.components for c in row.children]
    admin_name = world.admin.user.name
    assert preview.response.content.endswith(real.content.replace("alice", admin_name))


async def test_members_cannot_customise_even_when_a_server_override_shows_the_commands(world):
    carol = world.add("carol")
    commands = await world.bot.tree.fetch_commands()
    onboarding = next(c for c in commands if c.name == "onboarding")
    world.guild.set_command_permissions(onboarding, {world.roles["Members"]: True})
    assert "onboarding step add" in carol.available_commands(world.general)

    for command, options in [
        ("onboarding step add", {"post": "treasurer", "text": "x"}),
        ("onboarding step hide", {"post": "treasurer", "step": TREASURER.checklist[0].id}),
        ("onboarding welcome-text", {}),
        ("onboarding contact", {"member": carol}),
        ("onboarding preview", {"post": "treasurer"}),
        ("onboarding settings", {}),
    ]:
        result = await carol.slash(world.general, command, **options)
        assert result.ephemeral and "Only people who can manage this server" in result.response.content, (
            command
        )
        assert result.modal is None
        simcord.assert_error(world.env, app_commands.MissingPermissions)
    assert world.bot.local.local_steps(world.guild.id) == []
    assert world.bot.local.hidden_steps(world.guild.id) == []
    assert world.bot.local.contact(world.guild.id) is None


async def test_settings_show_the_fallback_channel_set_after_start_up(world):
    before = await world.admin.slash(world.general, "onboarding settings")
    assert "**Fallback channel:** not set" in before.response.content

    await world.admin.slash(world.general, "onboarding fallback", channel=world.notices)

    after = await world.admin.slash(world.general, "onboarding settings")
    assert f"**Fallback channel:** {world.notices.mention}" in after.response.content
