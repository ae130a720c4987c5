"""``/officers`` (the constituency directory) and ``/handover`` (the latest notes for a post)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, OfficerBot
from bot.interactions import is_manager, known_post, send_ephemeral
from bot.ratelimit import limited_post_choices

from .render import directory_embed, names_in, notes_embed


class TeamCommands(commands.Cog):
    """Who holds each post in this server, and what the last holder handed over."""

    def __init__(self, bot: OfficerBot) -> None:
        self.bot = bot

    @app_commands.command(name="officers", description="Who holds each officer post in this server")
    @app_commands.describe(public="Show the list to everyone")
    @app_commands.guild_only()
    async def officers(self, interaction: discord.Interaction, public: bool = False) -> None:
        """The constituency directory: every post with its holders and since when, or vacant."""
        guild = interaction.guild
        directory = await self.bot.team.directory(guild.id, self.bot.onboarding.links(guild.id))
        await interaction.response.send_message(
            embed=directory_embed(directory, guild.name, names_in(guild)),
            ephemeral=not public,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="handover", description="The latest handover notes for a post")
    @app_commands.describe(post="The officer post")
    @app_commands.autocomplete(post=limited_post_choices)
    @app_commands.guild_only()
    async def handover(self, interaction: discord.Interaction, post: str) -> None:
        """Shown to the post's current holders and to admins only, privately."""
        guild = interaction.guild
        found = await known_post(interaction, post)
        if found is None:
            return
        team = self.bot.team
        if not (
            is_manager(interaction) or await team.may_read_notes(guild.id, found.id, interaction.user.id)
        ):
            await send_ephemeral(
                interaction,
                f"Handover notes for **{found.title}** are only for whoever holds the post now and for the "
                "server's admins.",
            )
            return
        notes = await team.latest_notes(guild.id, found.id)
        if notes is None:
            await send_ephemeral(
                interaction, f"Nobody has written handover notes for **{found.title}** here yet."
            )
            return
        await send_ephemeral(
            interaction, None, embed=notes_embed(notes, found, names_in(guild)(notes.author_id))
        )
