"""Members' data: ``/privacy`` (what is stored and why), ``/mydata`` (a copy, and deleting it)."""

from __future__ import annotations

import io
import json
from collections.abc import Awaitable, Callable

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import OfficerBot
from bot.english import plural
from bot.interactions import SafeView, send_ephemeral

from .render import escape

CONFIRM_TIMEOUT = 900  # seconds a Delete button and its confirmation work
DEPARTED_GRACE_DAYS = 30  # a server the bot left is forgotten this long after, unless it returns


def privacy_contact(bot: OfficerBot, guild: discord.Guild | None) -> str:
    """Whom a member asks about their data in this server: its contact person
    (``/onboarding contact``), else its admins."""
    if guild is None:
        return "the admins of the server concerned (people with Manage Server)"
    contact_id = bot.local.contact(guild.id)
    contact = guild.get_member(contact_id) if contact_id else None
    if contact is not None:
        return f"**{escape(contact.display_name)}**, the contact person of **{escape(guild.name)}**"
    return f"the admins of **{escape(guild.name)}** (people with Manage Server)"


def privacy_text(bot: OfficerBot, guild: discord.Guild | None) -> str:
    """What the bot stores about a member, why, for how long, and whom to ask."""
    days = bot.settings.retention_days
    kept = (
        f"records that have ended are deleted {plural(days, 'day')} after they end"
        if days
        else "records that have ended are kept until an admin or you delete them"
    )
    return (
        "**What this bot stores about you** (per server, in its own database):\n"
        "- your Discord id, and each officer post you hold or held here, with the dates it started "
        "and ended and why (role taken away, ended by an admin, left the server);\n"
        "- the checklist steps and yearly duties you ticked, and when;\n"
        "- the handover notes you wrote for whoever comes next in your post;\n"
        "- whether your welcome DM was delivered (or the error), when you were last active, and "
        "the reminders sent to you.\n"
        "Questions you ask it are answered and not stored.\n\n"
        "**Why**: to welcome you, keep your checklist and remind you of open steps, and to show the "
        "server's admins the officer team's progress (`/onboarding progress`, the export) and "
        "everyone who holds which post (`/officers`).\n\n"
        f"**How long**: while you hold a post; {kept}. When the bot leaves a server, everything it "
        f"stored for that server is deleted {DEPARTED_GRACE_DAYS} days later unless it is added back.\n\n"
        "**Your data**: `/mydata` sends you a copy of your records in this server, with a button to "
        "delete them. The CLP Secretary is the Data Protection Officer; ask "
        f"{privacy_contact(bot, guild)}."
    )


class Confirm(SafeView):
    """One person's private "are you sure?": a danger button that runs ``act``, and **Cancel**."""

    def __init__(
        self,
        owner_id: int,
        label: str,
        act: Callable[[discord.Interaction], Awaitable[None]],
        cancelled: str = "Nothing was deleted.",
    ) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT)
        self.owner_id = owner_id
        self.act = act
        self.cancelled = cancelled
        confirm = discord.ui.Button(label=label, style=discord.ButtonStyle.danger)
        confirm.callback = self._confirm
        cancel = discord.ui.Button(label="Cancel", style=discord.ButtonStyle.secondary)
        cancel.callback = self._cancel
        self.add_item(confirm)
        self.add_item(cancel)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await send_ephemeral(interaction, "Only the person who asked can confirm this.")
            return False
        return True

    async def _confirm(self, interaction: discord.Interaction) -> None:
        self.stop()
        await self.act(interaction)

    async def _cancel(self, interaction: discord.Interaction) -> None:
        self.stop()
        await interaction.response.edit_message(content=self.cancelled, view=None)


class DeleteMyData(SafeView):
    """Under ``/mydata``'s file: **Delete my data**, which asks again before deleting."""

    def __init__(self, bot: OfficerBot, guild_id: int, user_id: int) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT)
        self.bot, self.guild_id, self.user_id = bot, guild_id, user_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.user_id:
            await send_ephemeral(interaction, "Only the member whose data this is can delete it.")
            return False
        return True

    @discord.ui.button(label="Delete my data", style=discord.ButtonStyle.danger)
    async def delete(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.send_message(
            "Delete your officer records in this server, with your ticks, reminders and handover notes? "
            "This can't be undone. If you still hold an officer role here, the bot records and welcomes "
            "you again (with an empty checklist) the next time it catches up: ask an admin to take the "
            "role away first if you are leaving the post.",
            view=Confirm(self.user_id, "Yes, delete my data", self._delete),
            ephemeral=True,
        )

    async def _delete(self, interaction: discord.Interaction) -> None:
        count = await self.bot.store.delete_member(self.guild_id, self.user_id)
        await interaction.response.edit_message(
            content=f"Deleted {plural(count, 'officer record')} and everything attached to them in this "
            "server. Admins' views no longer show you.",
            view=None,
        )


class Privacy(commands.Cog):
    """``/privacy`` for everyone; ``/mydata`` for a member's own records in a server."""

    def __init__(self, bot: OfficerBot) -> None:
        self.bot = bot

    @app_commands.command(name="privacy", description="What this bot stores about you, why, and for how long")
    async def privacy(self, interaction: discord.Interaction) -> None:
        await send_ephemeral(interaction, privacy_text(self.bot, interaction.guild))

    @app_commands.command(
        name="mydata", description="Your records in this server as a file, and a button to delete them"
    )
    @app_commands.guild_only()
    async def mydata(self, interaction: discord.Interaction) -> None:
        """The member's own rows in this server as JSON, with **Delete my data**."""
        guild_id, user_id = interaction.guild.id, interaction.user.id
        data = await self.bot.store.member_data(guild_id, user_id)
        if not any(data.values()):
            await send_ephemeral(interaction, "The bot stores nothing about you in this server.")
            return
        document = {"server_id": guild_id, "member_id": user_id, **data}
        text = json.dumps(document, indent=2, ensure_ascii=False)
        records = len(data["officer_records"])
        await send_ephemeral(
            interaction,
            f"Everything the bot stores about you in this server: {plural(records, 'officer record')} "
            "and what is attached to them. `/privacy` says why and for how long.",
            file=discord.File(io.BytesIO(text.encode("utf-8")), filename=f"mydata-{guild_id}-{user_id}.json"),
            view=DeleteMyData(self.bot, guild_id, user_id),
        )
