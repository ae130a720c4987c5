"""The checklist's buttons as the officer presses them: ticks, restarts, refusals, errors.

Acted out in SimCord as the admin and the officers would do it; each test asserts what the
people involved see and what the bot stored.
"""

from __future__ import annotations

import shutil

import yaml
from conftest import (
    CATALOGUE,
    TREASURER,
    TREASURER_STEPS,
    WOMENS_ONLY_STEP,
    custom_ids,
    dms,
    footer,
    forge_click,
    link,
    officer_of,
    only_dm,
    post,
    step_of,
    tick_ids,
    welcomed_treasurer,
)


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


# -- buttons set a state; errors answer the member ------------------------------------------------
async def test_a_stale_button_pressed_twice_sets_what_its_label_says(world, grant):
    alice, welcome, officer = await welcomed_treasurer(world)
    first = TREASURER.checklist[0]
    shown = await alice.slash(world.general, "checklist")  # a second copy of the same checklist
    await alice.click(shown.response, custom_id=f"clp:tick:{officer.id}:{first.id}:done")
    ticked_at = (await world.store.ticks(officer.id))[first.id].changed_at
    await world.env.advance_time(600)

    # the welcome DM is stale: its first button still offers to tick the step. Alice presses it
    # twice, the second time before Discord has shown her the edit (a double click)
    stale = f"clp:tick:{officer.id}:{first.id}:done"
    assert stale in tick_ids(welcome)
    pressed = await alice.user.click(welcome, custom_id=stale)
    double = await forge_click(alice.user, welcome, stale)
    assert pressed.acknowledged and not pressed.ephemeral
    assert double.acknowledged and not double.ephemeral

    edited = dms(alice)[-1]
    assert edited.id == welcome.id and footer(edited).startswith(f"1 of {TREASURER_STEPS} done")
    assert f"clp:tick:{officer.id}:{first.id}:open" in tick_ids(edited)  # now it offers to untick
    tick = (await world.store.ticks(officer.id))[first.id]
    assert tick.done and tick.changed_at == ticked_at  # the two presses wrote nothing
    assert (await world.store.officer(officer.id)).last_activity_at == ticked_at


async def test_a_button_from_before_buttons_carried_their_state_does_what_it_shows(world, grant):
    alice, welcome, officer = await welcomed_treasurer(world)
    step = TREASURER.checklist[0].id

    # an old message's grey button ("clp:tick:<officer>:<step>") ticks the step
    result = await forge_click(alice.user, welcome, f"clp:tick:{officer.id}:{step}")

    assert result.acknowledged and not result.ephemeral
    assert await world.store.done_steps(officer.id) == {step}
    assert footer(dms(alice)[-1]).startswith(f"1 of {TREASURER_STEPS} done")


async def test_a_press_whose_handling_fails_gets_an_answer_and_loses_nothing(world, grant, caplog):
    alice, welcome, officer = await welcomed_treasurer(world)
    ids = tick_ids(welcome)
    # Discord fails the first answer to the press (the edit of the checklist message)
    world.env.inject_error("POST", "/interactions/*/callback", status=500)

    result = await alice.user.click(welcome, custom_id=ids[0])

    assert result.acknowledged and result.ephemeral
    assert "didn't work" in result.response.content and "nothing was lost" in result.response.content
    assert await world.store.done_steps(officer.id) == {step_of(ids[0])}  # the tick was saved first
    assert any(r.levelname == "ERROR" and "failed for member" in r.getMessage() for r in caplog.records)
    # the message was not updated; pressing the same button again shows the saved state
    assert footer(dms(alice)[-1]).startswith(f"0 of {TREASURER_STEPS} done")
    again = await alice.user.click(dms(alice)[-1], custom_id=ids[0])
    assert again.acknowledged and not again.ephemeral
    assert footer(dms(alice)[-1]).startswith(f"1 of {TREASURER_STEPS} done")
    assert await world.store.done_steps(officer.id) == {step_of(ids[0])}


async def test_when_even_the_apology_fails_it_is_logged_once(world, grant, caplog):
    alice, welcome, _ = await welcomed_treasurer(world)
    world.env.inject_error("POST", "/interactions/*/callback", status=500, times=None)

    result = await alice.user.click(welcome, custom_id=tick_ids(welcome)[0])

    assert not result.acknowledged  # Discord was down for this interaction: nothing could answer
    warnings = [r for r in caplog.records if r.levelname == "WARNING" and "could not tell" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].exc_info is None


async def test_forged_ids_beyond_any_record_are_refused_politely(world, grant):
    alice, welcome, officer = await welcomed_treasurer(world)
    step = TREASURER.checklist[0].id

    for forged in (f"clp:tick:{2**63}:{step}:done", f"clp:tick:{2**64 + 5}:{step}", f"clp:show:{10**30}"):
        result = await forge_click(alice.user, welcome, forged)
        assert result.acknowledged and result.ephemeral, forged
        assert "belongs to someone else" in result.response.content

    assert await world.store.ticks(officer.id) == {}
    assert footer(only_dm(alice)).startswith("0 of")
