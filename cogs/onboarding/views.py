"""Onboarding's buttons: persistent step buttons, "Show my checklist", the setup confirmation.

Persistent buttons are ``DynamicItem``s whose custom id carries their state, so they work
after a restart. A step's button carries the state it sets (``done`` or ``open``): a stale
message never does the opposite of what the officer sees, and a second press changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord

from bot.checklists import ChecklistState
from bot.interactions import SafeView, apologise, is_manager, officer_bot, send_ephemeral
from bot.onboarding import StepOutcome
from bot.store import MAX_SQLITE_INT

from .render import checklist_embed

if TYPE_CHECKING:
    from bot.client import OfficerBot

MAX_BUTTONS = 25  # Discord's limit of buttons on one message
SETUP_TIMEOUT = 900  # seconds the setup confirmation stays usable

NOT_YOURS = "This checklist belongs to someone else, so you can't tick it. Use `/checklist` for your own."
RETIRED = "That step is not on this checklist (it may have been retired); nothing changed."


NO_RECORD = 0  # no officer record has id 0 (SQLite's row ids start at 1)


def _officer_id(text: str) -> int:
    """The officer id in a custom id; :data:`NO_RECORD` when no record can have it (forged)."""
    value = int(text)
    return value if value <= MAX_SQLITE_INT else NO_RECORD


class SafeCallback:
    """Mixed into a persistent button so that its errors answer the member and are logged.

    discord.py runs a dynamic item in a throwaway view, whose error handler only logs: the
    member would see "This interaction failed". Subclasses implement :meth:`act`.
    """

    custom_id: str

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.act(interaction)
        except Exception as error:
            await apologise(interaction, error, f"button {self.custom_id!r}")

    async def act(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


class TickButton(
    SafeCallback,
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"clp:tick:(?P<officer>[0-9]+):(?P<step>[a-z0-9-]+)(?::(?P<sets>done|open))?",
):
    """Sets one step of one officer's checklist done (or open again)."""

    def __init__(self, officer_id: int, step_id: str, number: int = 0, done: bool = False) -> None:
        self.officer_id = officer_id
        self.step_id = step_id
        self.sets_done = not done  # an open step's button ticks it; a done step's unticks it
        super().__init__(
            discord.ui.Button(
                label=f"{number}" if number else "Tick",
                emoji="✅" if done else None,
                style=discord.ButtonStyle.success if done else discord.ButtonStyle.secondary,
                custom_id=f"clp:tick:{officer_id}:{step_id}:{'done' if self.sets_done else 'open'}",
            )
        )

    @classmethod
    async def from_custom_id(cls, interaction, item: discord.ui.Button, match: re.Match[str]) -> TickButton:
        if match["sets"]:
            shown_done = match["sets"] == "open"
        else:  # a button from before buttons carried their state: do what its look promises
            shown_done = item.style == discord.ButtonStyle.success
        return cls(_officer_id(match["officer"]), match["step"], done=shown_done)

    async def act(self, interaction: discord.Interaction) -> None:
        bot = officer_bot(interaction)
        result = await bot.onboarding.set_step(
            self.officer_id, interaction.user.id, self.step_id, self.sets_done, discord.utils.utcnow()
        )
        if result.outcome is StepOutcome.NOT_YOURS:
            await send_ephemeral(interaction, NOT_YOURS)
        elif result.outcome is StepOutcome.RETIRED or result.state is None:
            await send_ephemeral(interaction, RETIRED)
        else:  # changed, or already so: either way the message now shows the stored state
            await interaction.response.edit_message(**checklist_message(bot, result.state))


class ShowChecklistButton(
    SafeCallback, discord.ui.DynamicItem[discord.ui.Button], template=r"clp:show:(?P<officer>[0-9]+)"
):
    """On a fallback-channel notice: shows the officer their checklist, privately."""

    def __init__(self, officer_id: int) -> None:
        self.officer_id = officer_id
        super().__init__(
            discord.ui.Button(
                label="Show my checklist",
                style=discord.ButtonStyle.primary,
                custom_id=f"clp:show:{officer_id}",
            )
        )

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> ShowChecklistButton:
        return cls(_officer_id(match["officer"]))

    async def act(self, interaction: discord.Interaction) -> None:
        bot = officer_bot(interaction)
        state = await bot.onboarding.checklist(self.officer_id)
        if state is None or state.officer.user_id != interaction.user.id:
            await send_ephemeral(
                interaction, "This checklist belongs to someone else. Use `/checklist` for your own."
            )
            return
        await send_ephemeral(interaction, None, **checklist_message(bot, state))


DYNAMIC_ITEMS = (TickButton, ShowChecklistButton)


def checklist_view(state: ChecklistState) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for n, step in enumerate(state.steps[:MAX_BUTTONS], start=1):
        view.add_item(TickButton(state.officer.id, step.id, n, step.id in state.done))
    return view


def checklist_message(bot: OfficerBot, state: ChecklistState) -> dict:
    """The embed and step buttons of an officer's checklist, as message keyword arguments."""
    guild = bot.get_guild(state.officer.guild_id)
    return {"embed": checklist_embed(state, guild.name if guild else None), "view": checklist_view(state)}


def show_checklist_view(officer_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ShowChecklistButton(officer_id))
    return view


class ConfirmSetup(SafeView):
    """Confirm or cancel the links that ``/onboarding setup`` proposes."""

    def __init__(
        self,
        admin_id: int,
        proposals: list[tuple[discord.Role, str]],
        link_all: Callable[[discord.Interaction, list[tuple[discord.Role, str]]], Awaitable[None]],
    ) -> None:
        super().__init__(timeout=SETUP_TIMEOUT)
        self.admin_id = admin_id
        self.proposals = proposals
        self.link_all = link_all

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.admin_id or not is_manager(interaction):
            await send_ephemeral(interaction, "Only the admin who ran `/onboarding setup` can confirm it.")
            return False
        return True

    @discord.ui.button(label="Link them all", style=discord.ButtonStyle.success)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await self.link_all(interaction, self.proposals)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content="Nothing was linked.", view=None)
