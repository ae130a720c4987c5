"""A party year for a treasurer and a secretary, acted out in SimCord with ``advance_time``.

SimCord's clock starts on 1 January 2026. The reminder loop is set to daily ticks here (dated
reminders are by the day); everything else is the bot as it runs.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import REMINDER_DAYS, custom_ids, dms, forge_click, link, officer_of, only_dm, tick_ids

from cogs.onboarding.reminders import TICK_HOURS, Reminders

DAY = 86400
AGM = "2026-03-14"


@pytest.fixture
def daily():
    """The reminder loop ticks once a day instead of hourly (fewer ticks to simulate); set
    before the bot starts, so ask for it before ``world``."""
    Reminders.loop.change_interval(hours=24)
    yield
    Reminders.loop.change_interval(hours=TICK_HOURS)


async def until(world, when: date) -> None:
    """Advance SimCord's clock to the start of that day, plus an hour."""
    seconds = (when - world.env.now().date()).days * DAY + 3600
    await world.env.advance_time(seconds)


def texts(member) -> list[str]:
    return [m.content for m in dms(member)]


async def test_a_simulated_year_for_a_treasurer_and_a_secretary(daily, world, grant):
    agm = await world.admin.slash(world.general, "onboarding agm", date=AGM)
    assert "recorded as **14 March 2026**" in agm.response.content
    await link(world, "Treasurer", "treasurer")
    await link(world, "CLP Secretary", "secretary")
    alice = world.add("alice")
    bob = world.add("bob")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await grant(world.guild, bob, world.roles["CLP Secretary"])
    for custom_id in tick_ids(only_dm(alice)):  # alice does her first steps at once: no nudges
        await alice.user.click(dms(alice)[-1], custom_id=custom_id)
    # alice marks the year's accounts done ahead of time, from /checklist
    shown = await alice.slash(world.general, "checklist")
    year = shown.followups[0]
    assert "Produce the Annual Statement of Accounts" in year.embeds[0].description
    accounts = next(c for c in custom_ids(year) if ":annual-accounts:" in c)
    await alice.click(year, custom_id=accounts)

    await until(world, date(2026, 3, 26))

    alice_dms, bob_dms = texts(alice), texts(bob)
    # bob never ticked: three nudges in all, each with snooze and stop
    nudges = [t for t in bob_dms if "gentle reminder" in t]
    assert len(nudges) == 3 and "last of these nudges" in nudges[-1]
    assert REMINDER_DAYS == 7
    # the monthly mailing, a week before each month's end
    mailings = [t for t in bob_dms if t.startswith("Coming up") and "monthly branch mailing" in t]
    assert [m.split("due **")[1].split("**")[0] for m in mailings] == [
        "31 January 2026",
        "28 February 2026",
        "31 March 2026",
    ]
    assert "monthly branch mailing" in mailings[0]  # the documents' own words
    # alice: the quarterly report a week before the quarter's end; no accounts reminder (done)
    assert [t for t in alice_dms if "Coming up" in t and "head office" in t]
    assert not [t for t in alice_dms if "Coming up" in t and "Annual Statement" in t]
    assert not [t for t in alice_dms if "gentle reminder" in t]
    # the AGM on 14 March started a new party year for both: one DM each
    for member in (alice, bob):
        assert len([t for t in texts(member) if "A new party year as" in t]) == 1
    # every reminder DM carries snooze and stop for its own record
    bob_officer = await officer_of(world, bob, "secretary")
    reminder = next(m for m in dms(bob) if "Coming up" in m.content)
    assert f"clp:reminders:{bob_officer.id}:snooze" in custom_ids(reminder)
    assert f"clp:reminders:{bob_officer.id}:stop" in custom_ids(reminder)


async def test_re_election_reopens_yearly_items_and_keeps_first_steps(daily, world, grant):
    await world.admin.slash(world.general, "onboarding agm", date=AGM)
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await alice.user.click(only_dm(alice), custom_id=tick_ids(only_dm(alice))[0])
    shown = await alice.slash(world.general, "checklist")
    await alice.click(
        shown.followups[0], custom_id=next(c for c in custom_ids(shown.followups[0]) if "annual" in c)
    )
    assert "✅" in shown.followups[0].embeds[0].description

    await until(world, date(2026, 3, 15))  # the AGM has passed; alice is re-elected (keeps the role)

    new_year = [m for m in dms(alice) if "A new party year as **Treasurer**" in m.content]
    assert len(new_year) == 1 and "Produce the Annual Statement of Accounts" in new_year[0].content
    again = await alice.slash(world.general, "checklist")
    assert again.response.embeds[0].footer.text.startswith("1 of")  # first steps as they were
    accounts_line = next(
        line for line in again.followups[0].embeds[0].description.splitlines() if "Annual Statement" in line
    )
    assert accounts_line.startswith("⬜") and "14 March 2027" in accounts_line  # open again, next year


async def test_snooze_and_stop_act_only_for_their_owner(world, grant):
    await link(world, "Treasurer", "treasurer")
    await link(world, "CLP Secretary", "secretary")
    alice = world.add("alice")
    bob = world.add("bob")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await grant(world.guild, bob, world.roles["CLP Secretary"])
    await world.env.advance_time(REMINDER_DAYS * DAY + 3600)
    nudge = dms(alice)[-1]
    assert "gentle reminder" in nudge.content
    alice_officer = await officer_of(world, alice, "treasurer")
    bob_officer = await officer_of(world, bob, "secretary")

    forged = await forge_click(alice.user, nudge, f"clp:reminders:{bob_officer.id}:stop")
    assert forged.ephemeral and "belong to someone else" in forged.response.content
    assert not (await officer_of(world, bob, "secretary")).reminders_off

    stopped = await alice.user.click(nudge, custom_id=f"clp:reminders:{alice_officer.id}:stop")
    assert stopped.ephemeral and "Reminders stopped" in stopped.response.content
    await world.env.advance_time(3 * REMINDER_DAYS * DAY)
    assert [m.id for m in dms(alice)][-1] == nudge.id  # nothing more for alice
    assert len([m for m in dms(bob) if "gentle reminder" in m.content]) == 3

    shown = await alice.slash(world.general, "checklist")
    back_on = shown.followups[-1]
    assert "Your reminders for **Treasurer** are off" in back_on.content
    turned = await alice.click(back_on, custom_id=f"clp:reminders:{alice_officer.id}:on")
    assert "back on" in turned.response.content
    assert not (await officer_of(world, alice, "treasurer")).reminders_off


async def test_snooze_holds_reminders_for_two_weeks(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await world.env.advance_time(REMINDER_DAYS * DAY + 3600)
    nudge = dms(alice)[-1]
    officer = await officer_of(world, alice, "treasurer")

    snoozed = await alice.user.click(nudge, custom_id=f"clp:reminders:{officer.id}:snooze")

    assert "Snoozed: no reminders for this post until 22 January 2026" in snoozed.response.content
    await world.env.advance_time(13 * DAY)
    assert dms(alice)[-1].id == nudge.id
    await world.env.advance_time(2 * DAY)
    assert "gentle reminder" in dms(alice)[-1].content and dms(alice)[-1].id != nudge.id


async def test_an_ended_record_gets_no_dated_reminders(daily, world, grant, revoke):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])
    await revoke(world.guild, alice, world.roles["Treasurer"])
    count = len(dms(alice))

    await until(world, date(2026, 4, 2))

    assert len(dms(alice)) == count


async def test_calendar_with_and_without_an_agm_date(world, grant):
    await link(world, "Treasurer", "treasurer")
    await link(world, "CLP Secretary", "secretary")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])

    undated = await alice.slash(world.general, "calendar")

    embed = undated.response.embeds[0]
    assert undated.ephemeral and "No AGM date is set" in embed.description
    assert "/onboarding agm date:YYYY-MM-DD" in embed.description
    body = "\n".join(f.value for f in embed.fields)
    assert "31 January 2026: Send the monthly branch mailing · **Secretary** (vacant)" in body
    assert "31 March 2026: Report donations and loans to head office · **Treasurer** (alice)" in body
    assert "date not set (no AGM date yet): Produce the Annual Statement of Accounts" in body
    assert "report them to head office at the end of each quarter" in body  # the documents' words
    assert alice.mention not in body

    await world.admin.slash(world.general, "onboarding agm", date=AGM)
    dated = await alice.slash(world.general, "calendar", post="treasurer", public=True)

    embed = dated.response.embeds[0]
    assert not dated.ephemeral and embed.description.startswith("AGM: 14 March 2026")
    body = "\n".join(f.value for f in embed.fields)
    assert "14 March 2026: Produce the Annual Statement of Accounts" in body
    assert "Secretary" not in body
    stored = world.env.backend.get_message(world.general.id, dated.response.id)
    assert stored.ping_user_ids == []


async def test_an_agm_date_that_is_wrong_gets_one_line(world):
    wrong = await world.admin.slash(world.general, "onboarding agm", date="14th March")
    far = await world.admin.slash(world.general, "onboarding agm", date="2029-03-14")
    assert "is not a date: write it as YYYY-MM-DD" in wrong.response.content
    assert "more than 18 months from today" in far.response.content
    assert "\n" not in wrong.response.content + far.response.content


async def test_whats_due_this_month_by_ask_mention_and_dm(world, grant):
    await link(world, "Treasurer", "treasurer")
    alice = world.add("alice")
    await grant(world.guild, alice, world.roles["Treasurer"])

    asked = await alice.slash(world.general, "ask", question="what's due this month?")
    await alice.send(world.general, f"{world.bot.user.mention} anything coming up?")
    mentioned = world.general.last_message
    await alice.send_dm("any deadlines this month?")
    in_dm = alice.user.dm_channel.last_message

    for embeds in (asked.response.embeds, mentioned.embeds, in_dm.embeds):
        (embed,) = embeds
        assert embed.title == "What's due in Anytown CLP"
        body = "\n".join(f.value for f in embed.fields)
        assert "31 March 2026: Report donations and loans to head office · **Treasurer** (alice)" in body
