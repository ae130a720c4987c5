"""``/checklist``: a member's own officer checklists, with buttons to tick steps."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import OfficerBot
from bot.interactions import send_ephemeral
from bot.ratelimit import over_limit

from .render import names_in, sharing_line
from .views import checklist_message, reminders_on_view, year_message

NO_CHECKLIST = (
    "You have no officer checklist yet. You get one when the server's admins give you an "
    "officer role. Meanwhile `/roles` and `/role` show every post's duties."
)


class Checklists(commands.Cog):
    """Shows members their own checklists."""

    def __init__(self, bot: OfficerBot) -> None:
        self.bot = bot

    @app_commands.command(name="checklist", description="Your officer checklist(s) and progress")
    async def checklist(self, interaction: discord.Interaction) -> None:
        """Show the member their own checklists (in this server, or every server from a DM)."""
        if await over_limit(interaction):
            return
        guild_id = interaction.guild.id if interaction.guild else None
        states = await self.bot.onboarding.checklists_of(guild_id, interaction.user.id)
        if not states:
            await send_ephemeral(interaction, NO_CHECKLIST)
            return
        now = discord.utils.utcnow()
        for state in states:
            officer = state.officer
            sharing = await self.bot.team.sharing(officer)
            guild = self.bot.get_guild(officer.guild_id)
            name_of = names_in(guild)
            contact_id = self.bot.local.contact(officer.guild_id)
            lines = [sharing_line(sharing, name_of)] if sharing else []
            if contact_id and contact_id != officer.user_id:
                lines.append(f"Your contact for questions is **{name_of(contact_id)}**.")
            text = "\n".join(lines) or None
            await send_ephemeral(interaction, text, **checklist_message(self.bot, state))
            if state.post.recurring and officer.active:
                await send_ephemeral(interaction, None, **await year_message(self.bot, officer))
            snoozed = officer.snoozed_until is not None and officer.snoozed_until > now
            if officer.active and (officer.reminders_off or snoozed):
                why = "are off" if officer.reminders_off else "are snoozed"
                await send_ephemeral(
                    interaction,
                    f"Your reminders for **{state.post.title}** {why}.",
                    view=reminders_on_view(officer.id),
                )
