"""Retention: a daily loop deletes ended records past ``RETENTION_DAYS`` and the data of servers
the bot left more than 30 days ago; the bot leaving (or coming back to) a server is recorded."""

from __future__ import annotations

import logging
from datetime import timedelta

import discord
from discord.ext import commands, tasks

from bot.client import OfficerBot

from .privacy import DEPARTED_GRACE_DAYS

log = logging.getLogger(__name__)


async def forget_guild(bot: OfficerBot, guild_id: int) -> None:
    """Delete everything stored for a server, and drop what the bot holds of it in memory."""
    await bot.store.forget_guild(guild_id)
    await bot.onboarding.load()  # its role links
    await bot.year.load()  # its AGM date
    await bot.local.load()  # its welcome text, contact and steps


class Retention(commands.Cog):
    """Deletes what is no longer needed, once a day; starts once the bot is ready and survives
    any error."""

    def __init__(self, bot: OfficerBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.loop.start()

    async def cog_unload(self) -> None:
        self.loop.cancel()

    async def purge(self) -> None:
        """Ended records older than the retention period; servers left long enough ago."""
        now = discord.utils.utcnow()
        days = self.bot.settings.retention_days
        if days:
            deleted = await self.bot.store.delete_ended_before(now - timedelta(days=days))
            if deleted:
                log.info("retention: deleted %d ended officer record(s)", deleted)
        for guild_id in await self.bot.store.departed_before(now - timedelta(days=DEPARTED_GRACE_DAYS)):
            if self.bot.get_guild(guild_id) is None:
                await forget_guild(self.bot, guild_id)
                log.info("retention: deleted the data of server %s, which the bot left", guild_id)
            else:
                await self.bot.store.clear_departure(guild_id)

    @tasks.loop(hours=24)
    async def loop(self) -> None:
        try:
            await self.purge()
        except Exception:
            log.exception("retention run failed; trying again tomorrow")

    @loop.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()

    # -- the bot leaving and joining servers --------------------------------------------------
    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Catch up with servers left or rejoined while the bot was offline."""
        try:
            present = {g.id for g in self.bot.guilds}
            store = self.bot.store
            gone = await store.known_guilds() - present
            await store.record_departures(sorted(gone), discord.utils.utcnow())
            for guild_id in await store.departed_guilds():
                if guild_id in present:
                    await store.clear_departure(guild_id)
        except Exception:
            log.exception("could not record which servers the bot left")

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.bot.store.record_departures([guild.id], discord.utils.utcnow())

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.bot.store.clear_departure(guild.id)
