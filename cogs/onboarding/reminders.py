"""Reminders: a few first-step nudges, one DM a week before each dated duty, the new party year.

Every reminder has **Snooze 2 weeks** and **Stop reminders**; they go out a few at a time, and
one that cannot be delivered is recorded, not retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

import discord
from discord.ext import commands, tasks

from bot.calendar import Due
from bot.checklists import ChecklistState
from bot.client import NO_MENTIONS, OfficerBot
from bot.store import Officer
from bot.year import YearItem

from .render import dated_reminder_text, delivery_error, new_year_text, reminder_text
from .views import YearButton, checklist_message, with_reminder_controls
from .welcomes import CONCURRENT_WELCOMES

log = logging.getLogger(__name__)

TICK_HOURS = 1  # how often the loop looks for reminders that are due


class Reminders(commands.Cog):
    """Runs the reminder loop: it starts once the bot is ready and survives any error."""

    def __init__(self, bot: OfficerBot) -> None:
        self.bot = bot
        self._pace = asyncio.Semaphore(CONCURRENT_WELCOMES)

    async def cog_load(self) -> None:
        self.loop.start()

    async def cog_unload(self) -> None:
        self.loop.cancel()

    def _member(self, officer: Officer) -> discord.Member | None:
        guild = self.bot.get_guild(officer.guild_id)
        return guild.get_member(officer.user_id) if guild else None

    async def _paced(self, sends: list[Awaitable[None]]) -> None:
        async def one(send: Awaitable[None]) -> None:
            async with self._pace:
                await send

        await asyncio.gather(*(one(s) for s in sends))

    async def send_due(self) -> None:
        """Send everything due now: new-year DMs, dated reminders, first-step nudges."""
        now = discord.utils.utcnow()
        guild_ids = [g.id for g in self.bot.guilds if not g.unavailable]

        def reachable(officer: Officer) -> bool:
            return self._member(officer) is not None

        for new_year in await self.bot.year.new_years(guild_ids, now):
            years = await self.bot.year.officer_years(new_year.officers, now)
            await self._paced([self._new_year(officer, years[officer.id]) for officer in new_year.officers])
        dated = await self.bot.year.claim_dated_reminders(guild_ids, now, reachable)
        await self._paced([self._dated(officer, due) for officer, due in dated])
        nudges = await self.bot.onboarding.claim_reminders(
            guild_ids, now, self.bot.settings.reminder_days, reachable
        )
        await self._paced([self._nudge(state) for state in nudges])

    async def _nudge(self, state: ChecklistState) -> None:
        member = self._member(state.officer)
        if member is None:
            return
        message = checklist_message(self.bot, state)
        with_reminder_controls(message["view"], state.officer.id)
        try:
            await member.send(
                reminder_text(member.guild.name, state), **message, allowed_mentions=NO_MENTIONS
            )
        except discord.HTTPException as exc:
            await self.bot.store.record_reminder_error(state.officer.id, delivery_error(exc))

    async def _dated(self, officer: Officer, due: Due) -> None:
        member = self._member(officer)
        if member is None:
            return
        view = discord.ui.View(timeout=None)
        view.add_item(YearButton(officer.id, due.item.id, due.period))
        with_reminder_controls(view, officer.id)
        words = [d.text for d in (due.post.duty(i) for i in due.item.duties) if d]
        try:
            await member.send(
                dated_reminder_text(member.guild.name, due, words), view=view, allowed_mentions=NO_MENTIONS
            )
        except discord.HTTPException as exc:
            await self.bot.store.record_recurring_error(
                (officer.id, due.item.id, due.period), delivery_error(exc)
            )

    async def _new_year(self, officer: Officer, items: list[YearItem]) -> None:
        member = self._member(officer)
        post = self.bot.catalogue.get(officer.post_id)
        if member is None or post is None:
            return
        try:
            await member.send(new_year_text(member.guild.name, post, items), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.info("new-year DM to %s not delivered: %s", officer.user_id, exc)

    @tasks.loop(hours=TICK_HOURS)
    async def loop(self) -> None:
        try:
            await self.send_due()
        except Exception:
            log.exception("reminder tick failed; trying again next tick")

    @loop.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()
