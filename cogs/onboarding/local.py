"""``/onboarding`` commands that make the bot a CLP's own: welcome text, contact, local and
hidden steps, a preview of the welcome, and the server's settings at a glance.

A mixin of :class:`~cogs.onboarding.admin.OnboardingAdmin` (the same ``/onboarding`` group);
every command is Manage Server only and acts on this server alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.customise import DEFAULT_WELCOME, PLACEHOLDERS, CustomisationError
from bot.english import day, plural
from bot.interactions import SafeView, apologise, known_post, require_manager, send_ephemeral
from bot.ratelimit import limited_post_choices
from bot.store import Officer
from bot.ui import clip

from .render import MESSAGE_TEXT, escape
from .welcomes import welcome_messages

if TYPE_CHECKING:
    from bot.client import OfficerBot


class WelcomeTextForm(discord.ui.Modal, title="The welcome's opening paragraph"):
    """A form pre-filled with the current text."""

    def __init__(self, current: str) -> None:
        super().__init__(timeout=900)
        self.text = discord.ui.TextInput(
            label="Opening paragraph",
            style=discord.TextStyle.paragraph,
            default=current,
            max_length=4000,
            placeholder=clip("Placeholders: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS), 100),
            custom_id="clp:welcome-text",
        )
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot: OfficerBot = interaction.client  # type: ignore[assignment]
        try:
            text = await bot.local.set_welcome_text(
                interaction.guild.id, self.text.value, discord.utils.utcnow()
            )
        except CustomisationError as exc:
            await send_ephemeral(interaction, f"{exc} Nothing was changed.")
            return
        await send_ephemeral(
            interaction, "Saved. New officers' welcomes now open with:\n" + clip(text, MESSAGE_TEXT - 60)
        )

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await apologise(interaction, error, "welcome text form")


class LocalCommands:
    """Mixed into the ``/onboarding`` group cog."""

    bot: OfficerBot

    async def _step_choices(self, interaction: discord.Interaction, current: str):
        bot: OfficerBot = interaction.client  # type: ignore[assignment]
        post = bot.onboarding.post_for_link(str(getattr(interaction.namespace, "post", "") or ""))
        if post is None or interaction.guild is None:
            return []
        typed = current.lower()
        return [
            app_commands.Choice(
                name=clip(("(local) " if c.local else "") + ("(hidden) " if c.hidden else "") + c.text, 100),
                value=c.step_id,
            )
            for c in bot.local.choices(interaction.guild.id, post)
            if typed in c.text.lower() or typed in c.step_id
        ][:25]

    @app_commands.command(name="welcome-text", description="Edit the opening paragraph of the welcome DM")
    @app_commands.describe(reset="Go back to the bot's own opening paragraph")
    async def welcome_text(self, interaction: discord.Interaction, reset: bool = False) -> None:
        """A form with the current text; ``{member}``, ``{post}``, ``{server}``, ``{contact}``."""
        if reset:
            await self.bot.local.set_welcome_text(interaction.guild.id, None, discord.utils.utcnow())
            await send_ephemeral(
                interaction, f"The welcome opens with the bot's own text again:\n{DEFAULT_WELCOME}"
            )
            return
        await interaction.response.send_modal(
            WelcomeTextForm(self.bot.local.welcome_template(interaction.guild.id))
        )

    @app_commands.command(
        name="contact", description="The person new officers can ask (usually the secretary)"
    )
    @app_commands.describe(member="Leave out to name nobody")
    async def contact(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        """Named in every welcome and in ``/checklist``."""
        await self.bot.local.set_contact(
            interaction.guild.id, member.id if member else None, discord.utils.utcnow()
        )
        text = (
            f"New officers will be told to ask **{escape(member.display_name)}**."
            if member
            else "No contact is named."
        )
        await send_ephemeral(interaction, text)

    step = app_commands.Group(name="step", description="This server's own checklist steps")

    @step.command(name="add", description="Add a checklist step for a post, in this server only")
    @app_commands.describe(post="The officer post", text=f"The step (at most {200} characters)")
    @app_commands.autocomplete(post=limited_post_choices)
    @app_commands.check(require_manager)
    async def step_add(self, interaction: discord.Interaction, post: str, text: str) -> None:
        found = await known_post(interaction, post)
        if found is None:
            return
        try:
            added = await self.bot.local.add_step(
                interaction.guild.id, found, text, interaction.user.id, discord.utils.utcnow()
            )
        except CustomisationError as exc:
            await send_ephemeral(interaction, f"{exc} Nothing was changed.")
            return
        await send_ephemeral(
            interaction, f"Added to **{found.title}** here, as a local step: {escape(added.text)}"
        )

    @step.command(name="hide", description="Hide a catalogue step in this server (ticks are kept)")
    @app_commands.autocomplete(post=limited_post_choices, step=_step_choices)
    @app_commands.check(require_manager)
    async def step_hide(self, interaction: discord.Interaction, post: str, step: str) -> None:
        found = await known_post(interaction, post)
        if found is None:
            return
        if await self.bot.local.hide_step(
            interaction.guild.id, found, step, interaction.user.id, discord.utils.utcnow()
        ):
            await send_ephemeral(
                interaction, f"Hidden from **{found.title}** checklists here. Ticks are kept."
            )
        else:
            await send_ephemeral(interaction, f"**{found.title}** has no catalogue step `{escape(step)}`.")

    @step.command(name="show", description="Show a hidden catalogue step again")
    @app_commands.autocomplete(post=limited_post_choices, step=_step_choices)
    @app_commands.check(require_manager)
    async def step_show(self, interaction: discord.Interaction, post: str, step: str) -> None:
        found = await known_post(interaction, post)
        if found is None:
            return
        shown = await self.bot.local.show_step(interaction.guild.id, found, step)
        await send_ephemeral(
            interaction,
            f"Shown again on **{found.title}** checklists here." if shown else "That step is not hidden.",
        )

    @step.command(name="remove", description="Remove one of this server's own steps (ticks kept as history)")
    @app_commands.autocomplete(post=limited_post_choices, step=_step_choices)
    @app_commands.check(require_manager)
    async def step_remove(self, interaction: discord.Interaction, post: str, step: str) -> None:
        found = await known_post(interaction, post)
        if found is None:
            return
        removed = await self.bot.local.remove_step(interaction.guild.id, found, step, discord.utils.utcnow())
        await send_ephemeral(
            interaction,
            f"Removed from **{found.title}** here; its ticks are kept as history."
            if removed
            else f"**{found.title}** has no local step `{escape(step)}` here (hide catalogue steps instead).",
        )

    @app_commands.command(name="preview", description="See exactly what a new officer of a post would get")
    @app_commands.autocomplete(post=limited_post_choices)
    async def preview(self, interaction: discord.Interaction, post: str) -> None:
        """The welcome with this server's text, contact and steps; inert buttons; no record, no DM."""
        found = await known_post(interaction, post)
        if found is None:
            return
        now = discord.utils.utcnow()
        sample = Officer(
            0,
            interaction.guild.id,
            interaction.user.id,
            found.id,
            now,
            None,
            "pending",
            None,
            None,
            now,
            None,
        )
        state = self.bot.onboarding.state_of(sample, frozenset())
        messages = await welcome_messages(self.bot, interaction.user, state)
        for n, message in enumerate(messages):
            view = message.get("view")
            if view is not None:
                inert = SafeView(timeout=None)
                for item in view.children:
                    getattr(item, "item", item).disabled = True  # a persistent button wraps a Button
                    inert.add_item(item)
                message["view"] = inert
            if n == 0:
                message["content"] = "**Preview** (nothing is sent or recorded):\n\n" + message["content"]
            await send_ephemeral(interaction, message.pop("content", None), **message)

    @app_commands.command(name="settings", description="This server's onboarding settings at a glance")
    async def settings(self, interaction: discord.Interaction) -> None:
        guild = interaction.guild
        local, links = self.bot.local, self.bot.onboarding.links(guild.id)
        settings = local.settings(guild.id)
        agm = await self.bot.year.agm(guild.id)
        fallback = await self.bot.store.fallback_channel(guild.id)
        contact = guild.get_member(settings.contact_id) if settings.contact_id else None
        template = local.welcome_template(guild.id)
        catalogue = self.bot.catalogue
        lines = [
            f"**AGM date:** {day(agm) if agm else 'not set (`/onboarding agm`)'}",
            "**Fallback channel:** " + (f"<#{fallback}>" if fallback else "not set"),
            f"**Contact:** {escape(contact.display_name) if contact else 'nobody named'}",
            f"**Welcome text** ({'own' if settings.welcome_text else 'default'}): "
            + escape(clip(template.splitlines()[0], 200)),
            f"**Local steps:** {plural(len(local.local_steps(guild.id)), 'step')}",
        ]
        lines += [
            f"• {catalogue.get(s.post_id).title}: {escape(clip(s.text, 120))}"
            for s in local.local_steps(guild.id)
        ]
        hidden = local.hidden_steps(guild.id)
        lines.append(f"**Hidden catalogue steps:** {plural(len(hidden), 'step')}")
        lines += [f"• {catalogue.get(p).title}: {catalogue.get(p).step(s).text}" for p, s in hidden]
        lines.append(f"**Links:** {plural(len(links), 'role')}")
        lines += [
            f"• <@&{r}> → {catalogue.get(p).title}" for r, p in sorted(links.items(), key=lambda i: i[1])
        ]
        await send_ephemeral(interaction, clip("\n".join(lines), MESSAGE_TEXT))
