"""What onboarding shows: checklist embeds, welcome and reminder texts, progress pages.

Every embed stays within Discord's limits (the constants in :mod:`bot.ui`); member and
server names are escaped, and no text here pings anyone unless the sender allows it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import discord

from bot.calendar import Due
from bot.catalogue import Post
from bot.checklists import ChecklistState
from bot.english import day, human_join, plural
from bot.store import MAX_NUDGES, HandoverNotes, Officer
from bot.team import NOTE_FIELDS, Directory, Handover
from bot.ui import (
    COLOUR,
    DESCRIPTION,
    EMBED_TOTAL,
    FIELD_VALUE,
    PAGE_DESCRIPTION,
    clip,
    line_fields,
    number_pages,
    pack_lines,
)
from bot.year import CalendarEntry, YearItem

MESSAGE_TEXT = 2000  # Discord's limit for a message's text
SUMMARY_WELCOME = 200  # characters of a welcome failure shown on a progress line
NameOf = Callable[[int], str]  # a member's display name (escaped) from their id


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def escape(text: str) -> str:
    return discord.utils.escape_markdown(text)


def names_in(guild: discord.Guild | None) -> NameOf:
    """A member's display name in the server (escaped), or "a former member"."""

    def name_of(user_id: int) -> str:
        member = guild.get_member(user_id) if guild else None
        return escape(member.display_name) if member else "a former member"

    return name_of


# -- an officer's checklist ---------------------------------------------------------------------
def checklist_embed(state: ChecklistState, guild_name: str | None) -> discord.Embed:
    """The checklist with ticks and "3 of 7 done"."""
    where = f" · {guild_name}" if guild_name else ""
    lines = [
        f"{'✅' if step.id in state.done else '⬜'} {n}. {step.text}"
        + (" *(local step)*" if step.local else "")
        for n, step in enumerate(state.steps, start=1)
    ]
    lines += [f"☑️ *{sid} (retired step, done earlier)*" for sid in state.retired]
    if not lines:
        lines = ["The source documents give this post no checklist steps."]
    embed = discord.Embed(
        title=f"{state.post.title} checklist{where}",
        description=clip("\n".join(lines), DESCRIPTION),
        colour=COLOUR,
    )
    ended = f" · ended {when(state.officer.ended_at)}" if state.officer.ended_at else ""
    embed.set_footer(text=f"{state.progress_text()}{ended} · click a step to tick or untick it")
    return embed


def handover_lines(handover: Handover, post: Post, name_of: NameOf) -> list[str]:
    """Who held the post before and who shares it now, for a welcome or ``/checklist``."""
    lines = []
    if handover.predecessor:
        before = handover.predecessor
        lines.append(
            f"You take over from **{name_of(before.user_id)}**, {post.title} until {day(before.ended_at)}."
            + (" Their handover notes are below." if handover.notes else "")
        )
    if handover.sharing:
        lines.append(sharing_line(handover.sharing, name_of))
    return lines


def sharing_line(sharing: list[Officer], name_of: NameOf) -> str:
    """A job-share: "You share this post with **Bob**."."""
    return f"You share this post with {human_join(f'**{name_of(o.user_id)}**' for o in sharing)}."


def welcome_text(
    opening: str, post: Post, handover: Handover, name_of: NameOf, contact: str | None = None
) -> str:
    """The welcome DM: the server's opening paragraph (placeholders filled), who held the post
    before and who shares it, what the post does, how the checklist works, whom to ask."""
    about = "\n".join(handover_lines(handover, post, name_of))
    ask = f"\n\nYour contact for questions is **{contact}**." if contact else ""
    return clip(
        f"{opening}\n\n"
        + (f"{about}\n\n" if about else "")
        + f"{post.summary}\n\nHere is your checklist of first steps. Click a number to tick a step "
        "(click again to untick); your progress is saved. Use `/role` for every duty and `/checklist` "
        f"to see this again.{ask}",
        MESSAGE_TEXT,
    )


def farewell_text(post: Post, guild_name: str) -> str:
    return (
        f"Thank you for your time as **{post.title}** in **{escape(guild_name)}**.\n\n"
        "If you'd like to help whoever takes over, you can write them handover notes: what's in "
        "progress, contacts and where things are kept, and anything else they should know. It's "
        "optional, and only the post's holders and the server's admins will see them."
    )


def notes_embed(notes: HandoverNotes, post: Post, author: str) -> discord.Embed:
    """Handover notes, markdown escaped (an embed pings nobody)."""
    embed = discord.Embed(title=clip(f"Handover notes for {post.title}", 256), colour=COLOUR)
    for key, label in NOTE_FIELDS:
        text = getattr(notes, key).strip()
        embed.add_field(
            name=label, value=clip(escape(text), FIELD_VALUE) if text else "(nothing written)", inline=False
        )
    embed.set_footer(text=f"Written by {author} on {day(notes.written_at)}")
    return embed


def fits_one_message(embeds: list[discord.Embed]) -> bool:
    return sum(len(e) for e in embeds) <= EMBED_TOTAL


def fallback_text(member_mention: str, post: Post) -> str:
    return (
        f"{member_mention}, welcome as **{post.title}**! I couldn't send you a DM (your DMs may be "
        "closed), so click below to see your checklist, or use `/checklist`."
    )


def reminder_text(guild_name: str, state: ChecklistState) -> str:
    left = MAX_NUDGES - state.officer.nudges - 1  # the record was read before this nudge counted
    more = (
        "This is the last of these nudges."
        if left <= 0
        else "I'll nudge you at most " + plural(left, "more time") + "."
    )
    return clip(
        f"A gentle reminder from **{escape(guild_name)}**: your **{state.post.title}** checklist is "
        f"{state.progress_text()}. Next up: {state.open_steps[0].text}. No rush; tick steps when you "
        f"get to them. {more}",
        MESSAGE_TEXT,
    )


def due_line(entry_due: Due) -> str:
    """ "31 March 2026: Report donations and loans to head office"."""
    when_due = day(entry_due.due) if entry_due.due else "date not set (no AGM date yet)"
    return f"{when_due}: {entry_due.item.text}"


def dated_reminder_text(guild_name: str, due: Due, words: list[str]) -> str:
    """One week before a recurring duty is due."""
    quote = " ".join(f"“{clip(w, 300)}”" for w in words)
    return clip(
        f"Coming up in **{escape(guild_name)}**, as **{due.post.title}**: {due.item.text}, due "
        f"**{day(due.due)}**.\nFrom the job description: {quote}\n"
        "Mark it done below when it is, or snooze or stop these reminders.",
        MESSAGE_TEXT,
    )


def new_year_text(guild_name: str, post: Post, items: list[YearItem]) -> str:
    first = [f"• {day(i.due.due) if i.due.due else 'no date yet'}: {i.due.item.text}" for i in items[:5]]
    return clip(
        f"A new party year as **{post.title}** in **{escape(guild_name)}**: here is what is due first.\n"
        + ("\n".join(first) if first else "Nothing dated for this post; your checklist is as you left it.")
        + "\nUse `/checklist` to mark things done.",
        MESSAGE_TEXT,
    )


def year_embed(items: list[YearItem], post: Post) -> discord.Embed:
    """An officer's recurring duties with their next due dates, below the first steps."""
    lines = [
        f"{'✅' if i.done else '⬜'} {n}. {i.due.item.text}: "
        + (f"due {day(i.due.due)}" if i.due.due else "date not set (no AGM date yet)")
        for n, i in enumerate(items, start=1)
    ]
    embed = discord.Embed(
        title=f"{post.title}: through the year",
        description=clip("\n".join(lines), DESCRIPTION),
        colour=COLOUR,
    )
    embed.set_footer(text="Mark this period done with the buttons (press again to undo).")
    return embed


def calendar_embed(
    agm, entries: list[CalendarEntry], guild_name: str, name_of: NameOf, today
) -> discord.Embed:
    """What is due in the next 90 days: overdue first, each with its post, holders and words."""
    embed = discord.Embed(title=clip(f"What's due in {guild_name}", 256), colour=COLOUR)
    embed.description = (
        f"AGM: {day(agm)} (the next is assumed a year later)."
        if agm
        else "No AGM date is set: items that hang on the AGM have no date. An admin can set it with "
        "`/onboarding agm date:YYYY-MM-DD`."
    )
    lines = []
    for entry in entries:
        due = entry.due
        who = human_join(name_of(o.user_id) for o in entry.holders) or "vacant"
        flag = "**Overdue** · " if due.overdue(today) and not entry.done else ("✅ " if entry.done else "")
        words = " ".join(f"“{clip(d.text, 140)}”" for d in (due.post.duty(i) for i in due.item.duties) if d)
        lines.append(f"{flag}{due_line(due)} · **{due.post.title}** ({who})\n{words}")
    if not lines:
        lines = ["Nothing is due in the next 90 days for the posts linked here."]
    for name, value in line_fields("Due", lines)[:20]:
        embed.add_field(name=name, value=value, inline=False)
    return embed


def delivery_error(exc: discord.HTTPException) -> str:
    """Why a DM could not be delivered, as stored on the record."""
    return clip(f"HTTP {exc.status}, code {exc.code}: {exc.text or type(exc).__name__}", 300)


# -- progress for admins ------------------------------------------------------------------------
def welcome_status(officer: Officer) -> str:
    if officer.welcome_status == "delivered":
        return f"delivered {when(officer.welcome_at)}"
    if officer.welcome_status == "failed":
        return f"NOT delivered ({officer.welcome_error or 'unknown error'}); they can use /checklist"
    if officer.welcome_status == "not_sent":
        return "not sent (already in post when the role was linked); they can use /checklist"
    return "pending"


def summary_line(state: ChecklistState) -> str:
    o = state.officer
    status = "ended " + when(o.ended_at) if o.ended_at else "active"
    if o.welcome_status == "delivered":
        welcome = "✅ welcomed"
    elif o.welcome_status == "not_sent":
        welcome = "in post when linked, no welcome sent"
    else:
        welcome = f"⚠️ welcome {welcome_status(o)}"
    return (
        f"<@{o.user_id}> · **{state.post.title}** · {state.progress_text()} · last activity "
        f"{when(o.last_activity_at)} · {status} · {clip(welcome, SUMMARY_WELCOME)}"
    )


def progress_pages(states: list[ChecklistState]) -> list[discord.Embed]:
    """Every officer on one line, as pages of one embed each (turned with a pager)."""
    active = sum(1 for s in states if s.officer.active)
    undelivered = sum(1 for s in states if s.officer.welcome_status in ("pending", "failed"))
    title = f"Officer onboarding: {active} active, {undelivered} welcome(s) not delivered"
    pages = [
        discord.Embed(title=title, description=text, colour=COLOUR)
        for text in pack_lines([summary_line(s) for s in states], PAGE_DESCRIPTION)
    ]
    return number_pages(pages, title)


def detail_pages(states: list[ChecklistState], guild_name: str) -> list[discord.Embed]:
    """One member's records in detail, a page each."""
    pages = []
    for state in states:
        embed = checklist_embed(state, guild_name)
        o = state.officer
        embed.add_field(name="Officer", value=f"<@{o.user_id}>", inline=True)
        embed.add_field(name="Started", value=when(o.started_at), inline=True)
        embed.add_field(name="Ended", value=when(o.ended_at) if o.ended_at else "still in post", inline=True)
        embed.add_field(name="Last activity", value=when(o.last_activity_at), inline=True)
        embed.add_field(name="Welcome", value=clip(welcome_status(o), FIELD_VALUE), inline=False)
        pages.append(embed)
    if len(pages) > 1:
        for number, page in enumerate(pages, start=1):
            page.set_author(name=f"Record {number} of {len(pages)}: use the buttons to turn the page")
    return pages


# -- the officer team ---------------------------------------------------------------------------
def directory_embed(directory: Directory, guild_name: str, name_of: NameOf) -> discord.Embed:
    """The constituency directory: every post with its holders since when, or vacant."""
    embed = discord.Embed(
        title=clip(f"Officers of {guild_name}", 256),
        description=f"{directory.key_filled} of {directory.key_total} key posts filled.",
        colour=COLOUR,
    )
    for title, rows in directory.groups:
        lines = []
        for row in rows:
            if row.holders:
                held = human_join(f"{name_of(o.user_id)} (since {day(o.started_at)})" for o in row.holders)
            else:
                held = "vacant" if row.linked else "vacant (no role linked)"
            lines.append(f"**{row.post.title}**: {held}")
        for name, value in line_fields(title, lines):
            embed.add_field(name=name, value=value, inline=False)
    return embed
