"""``/calendar``: what is due in the next 90 days for the posts linked in this server."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, OfficerBot
from bot.interactions import known_post
from bot.ratelimit import limited_post_choices

from .render import calendar_embed, names_in


async def calendar_embeds(bot: OfficerBot, guilds: list[discord.Guild], post_id: str | None = None) -> list:
    """The calendar of each server (what ``/calendar`` and "what's due this month?" show)."""
    now = discord.utils.utcnow()
    embeds = []
    for guild in guilds:
        agm, entries = await bot.year.calendar(guild.id, bot.onboarding.links(guild.id), now, post_id)
        embeds.append(calendar_embed(agm, entries, guild.name, names_in(guild), now.date()))
    return embeds


class Calendar(commands.Cog):
    """The party year of this server, dated from its AGM."""

    def __init__(self, bot: OfficerBot) -> None:
        self.bot = bot

    @app_commands.command(name="calendar", description="What is due in the next 90 days, post by post")
    @app_commands.describe(post="Only this post", public="Show it to everyone")
    @app_commands.autocomplete(post=limited_post_choices)
    @app_commands.guild_only()
    async def calendar(
        self, interaction: discord.Interaction, post: str | None = None, public: bool = False
    ) -> None:
        """Overdue items first, then each item's date, post, holder(s) and the documents' words."""
        post_id = None
        if post:
            found = await known_post(interaction, post)
            if found is None:
                return
            post_id = found.id
        (embed,) = await calendar_embeds(self.bot, [interaction.guild], post_id)
        await interaction.response.send_message(
            embed=embed, ephemeral=not public, allowed_mentions=NO_MENTIONS
        )
