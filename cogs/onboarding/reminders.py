"""Reminders: one gentle DM per period to officers with open steps and no recent activity."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands, tasks

from bot.client import NO_MENTIONS, OfficerBot
from bot.store import Officer

from .render import reminder_text
from .views import checklist_message

log = logging.getLogger(__name__)

TICK_HOURS = 1  # how often the loop looks for reminders that are due


class Reminders(commands.Cog):
    """Runs the reminder loop: it starts once the bot is ready and survives any error."""

    def __init__(self, bot: OfficerBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.loop.start()

    async def cog_unload(self) -> None:
        self.loop.cancel()

    def _member(self, officer: Officer) -> discord.Member | None:
        guild = self.bot.get_guild(officer.guild_id)
        return guild.get_member(officer.user_id) if guild else None

    async def send_due(self) -> int:
        """Send the reminders that are due now; returns how many were sent."""
        guild_ids = [g.id for g in self.bot.guilds if not g.unavailable]
        due = await self.bot.onboarding.claim_reminders(
            guild_ids,
            discord.utils.utcnow(),
            self.bot.settings.reminder_days,
            reachable=lambda officer: self._member(officer) is not None,
        )
        sent = 0
        for state in due:
            member = self._member(state.officer)
            if member is None:
                continue
            try:
                await member.send(
                    reminder_text(member.guild.name, state),
                    **checklist_message(self.bot, state),
                    allowed_mentions=NO_MENTIONS,
                )
                sent += 1
            except discord.HTTPException as exc:
                log.info("reminder to %s not delivered: %s", state.officer.user_id, exc)
        return sent

    @tasks.loop(hours=TICK_HOURS)
    async def loop(self) -> None:
        try:
            await self.send_due()
        except Exception:
            log.exception("reminder tick failed; trying again next tick")

    @loop.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()
