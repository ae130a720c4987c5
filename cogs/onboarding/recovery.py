"""Failures that stay small: welcomes that failed are sent again (at start-up, by
``/onboarding resend``), and a fallback channel set later reaches the officers still waiting."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.client import OfficerBot
from bot.english import human_join, plural
from bot.store import Officer

from .render import escape
from .welcomes import Welcomes

log = logging.getLogger(__name__)
MAX_NAMED = 10  # officers named in a reply; the rest are counted


async def undelivered(bot: OfficerBot, guild_id: int) -> list[Officer]:
    """Active records in this server whose welcome DM failed."""
    return [o for o in await bot.store.officers(guild_id, active_only=True) if o.welcome_status == "failed"]


def _names(members: list[discord.Member]) -> str:
    shown = [f"**{escape(m.display_name)}**" for m in members[:MAX_NAMED]]
    if len(members) > MAX_NAMED:
        shown.append(f"{len(members) - MAX_NAMED} more")
    return human_join(shown)


async def resend_report(bot: OfficerBot, welcomes: Welcomes, member: discord.Member) -> str:
    """Send the member's welcome again for each post they hold here; say how each went."""
    guild = member.guild
    records = await bot.store.officers(guild.id, member.id, active_only=True)
    if not records:
        return f"{member.mention} is not recorded as an officer here, so there is no welcome to send."
    lines = []
    for record in records:
        await welcomes.welcome(guild, record, notice=False)
        after = await bot.store.officer(record.id)
        post = bot.catalogue.get(record.post_id)
        title = post.title if post else record.post_id
        if after is not None and after.welcome_status == "delivered":
            lines.append(f"Sent {member.mention} their welcome as **{title}** again.")
        else:
            why = after.welcome_error if after else "record gone"
            lines.append(
                f"Still couldn't deliver {member.mention}'s welcome as **{title}** ({why}): their DMs may "
                "be closed; a fallback channel (`/onboarding fallback`) reaches them there."
            )
    return "\n".join(lines)


async def fallback_report(
    bot: OfficerBot, welcomes: Welcomes, channel: discord.TextChannel, previous: int | None
) -> str:
    """After the fallback channel is set: officers who can't see it, and notices posted for
    officers whose welcome is still undelivered (only when the channel changed)."""
    guild = channel.guild
    active = await bot.store.officers(guild.id, active_only=True)
    members = {o.user_id: m for o in active if (m := guild.get_member(o.user_id)) is not None}
    blind = [m for m in members.values() if not channel.permissions_for(m).view_channel]
    text = ""
    if blind:
        text += (
            f"\n⚠️ {plural(len(blind), 'officer')} can't see {channel.mention}: {_names(blind)}. Give their "
            "officer roles View Channel there, or choose a channel they can see."
        )
    if previous != channel.id:
        posted = await welcomes.notify_undelivered(guild, await undelivered(bot, guild.id))
        if posted:
            text += f"\nPosted {plural(posted, 'notice')} there for officers whose welcome wasn't delivered."
    return text


class Recovery(commands.Cog):
    """At start-up, tries each welcome that failed once more (without a second notice)."""

    def __init__(self, bot: OfficerBot, welcomes: Welcomes) -> None:
        self.bot = bot
        self.welcomes = welcomes
        self._retried = False

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if self._retried:  # once per start-up, not on every reconnect
            return
        self._retried = True
        for guild in self.bot.guilds:
            try:
                failed = await undelivered(self.bot, guild.id)
                if not failed:
                    continue
                if not guild.chunked:
                    await guild.chunk()
                for officer in failed:
                    await self.welcomes.welcome(guild, officer, notice=False)
            except Exception:
                log.exception("retrying failed welcomes failed for server %s", guild.id)
