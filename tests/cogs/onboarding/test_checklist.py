"""/checklist as a member sees it.

Acted out in SimCord as the admin and the officers would do it; each test asserts what the
people involved see and what the bot stored.
"""

from __future__ import annotations

from conftest import (
    TREASURER_STEPS,
    custom_ids,
    footer,
    link,
    officer_of,
    only_dm,
    tick_ids,
)


async def test_checklist_shows_members_their_own_checklist(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    officer = await officer_of(world, alice, "treasurer")
    await alice.user.click(only_dm(alice), custom_id=tick_ids(only_dm(alice))[0])

    shown = await alice.slash(world.general, "checklist")

    assert shown.ephemeral
    assert shown.response.embeds[0].title == "Treasurer checklist · Anytown CLP"
    (year,) = shown.followups  # below the first steps: the duties that come round in the year
    assert year.embeds[0].title == "Treasurer: through the year"
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
