"""What onboarding shows: checklist embeds, welcome and reminder texts, progress pages.

Every embed stays within Discord's limits (the constants in :mod:`bot.ui`); member and
server names are escaped, and no text here pings anyone unless the sender allows it.
"""

from __future__ import annotations

from datetime import datetime

import discord

from bot.catalogue import Post
from bot.checklists import ChecklistState
from bot.store import Officer
from bot.ui import COLOUR, DESCRIPTION, FIELD_VALUE, PAGE_DESCRIPTION, clip, number_pages, pack_lines

MESSAGE_TEXT = 2000  # Discord's limit for a message's text
SUMMARY_WELCOME = 200  # characters of a welcome failure shown on a progress line


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def escape(text: str) -> str:
    return discord.utils.escape_markdown(text)


# -- an officer's checklist ---------------------------------------------------------------------
def checklist_embed(state: ChecklistState, guild_name: str | None) -> discord.Embed:
    """The checklist with ticks and "3 of 7 done"."""
    where = f" · {guild_name}" if guild_name else ""
    lines = [
        f"{'✅' if step.id in state.done else '⬜'} {n}. {step.text}"
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


def welcome_text(member_name: str, guild_name: str, post: Post) -> str:
    return clip(
        f"Welcome, {escape(member_name)}: you are now **{post.title}** in **{escape(guild_name)}**. "
        "Congratulations!\n\n"
        f"{post.summary}\n\nHere is your checklist of first steps. Click a number to tick a step "
        "(click again to untick); your progress is saved. Use `/role` for every duty and `/checklist` "
        "to see this again.",
        MESSAGE_TEXT,
    )


def fallback_text(member_mention: str, post: Post) -> str:
    return (
        f"{member_mention}, welcome as **{post.title}**! I couldn't send you a DM (your DMs may be "
        "closed), so click below to see your checklist, or use `/checklist`."
    )


def reminder_text(guild_name: str, state: ChecklistState) -> str:
    return clip(
        f"A gentle reminder from **{escape(guild_name)}**: your **{state.post.title}** checklist is "
        f"{state.progress_text()}. Next up: {state.open_steps[0].text}. No rush; tick steps when you "
        "get to them.",
        MESSAGE_TEXT,
    )


def delivery_error(exc: discord.HTTPException) -> str:
    """Why a DM could not be delivered, as stored on the record."""
    return clip(f"HTTP {exc.status}, code {exc.code}: {exc.text or type(exc).__name__}", 300)


# -- progress for admins ------------------------------------------------------------------------
def welcome_status(officer: Officer) -> str:
    if officer.welcome_status == "delivered":
        return f"delivered {when(officer.welcome_at)}"
    if officer.welcome_status == "failed":
        return f"NOT delivered ({officer.welcome_error or 'unknown error'}); they can use /checklist"
    return "pending"


def summary_line(state: ChecklistState) -> str:
    o = state.officer
    status = "ended " + when(o.ended_at) if o.ended_at else "active"
    welcome = "✅ welcomed" if o.welcome_status == "delivered" else f"⚠️ welcome {welcome_status(o)}"
    return (
        f"<@{o.user_id}> · **{state.post.title}** · {state.progress_text()} · last activity "
        f"{when(o.last_activity_at)} · {status} · {clip(welcome, SUMMARY_WELCOME)}"
    )


def progress_pages(states: list[ChecklistState]) -> list[discord.Embed]:
    """Every officer on one line, as pages of one embed each (turned with a pager)."""
    active = sum(1 for s in states if s.officer.active)
    undelivered = sum(1 for s in states if s.officer.welcome_status != "delivered")
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
