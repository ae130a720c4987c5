"""Onboarding's buttons: persistent step buttons, "Show my checklist", the setup confirmation.

Persistent buttons are ``DynamicItem``s whose custom id carries their state, so they work
after a restart. A step's button carries the state it sets (``done`` or ``open``): a stale
message never does the opposite of what the officer sees, and a second press changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import discord

from bot.catalogue import Post
from bot.checklists import ChecklistState
from bot.english import day
from bot.interactions import SafeView, apologise, is_manager, officer_bot, send_ephemeral
from bot.onboarding import StepOutcome
from bot.ratelimit import over_limit
from bot.store import MAX_SQLITE_INT, Officer
from bot.team import NOTE_FIELDS
from bot.ui import clip

from .handover import notes_written
from .render import checklist_embed, year_embed

if TYPE_CHECKING:
    from bot.client import OfficerBot

MAX_BUTTONS = 25  # Discord's limit of buttons on one message
SNOOZE = timedelta(days=14)
MAX_OPTIONS = 25  # Discord's limit of options in one select menu
NOTE_CHARS = 1000  # each handover field, so the notes fit one embed field when shown
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
            if await over_limit(interaction):  # a member pressing very fast is asked to wait
                return
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


class HandoverButton(
    SafeCallback, discord.ui.DynamicItem[discord.ui.Button], template=r"clp:handover:(?P<officer>[0-9]+)"
):
    """On the farewell DM: opens the form for handover notes (the outgoing officer only)."""

    def __init__(self, officer_id: int) -> None:
        self.officer_id = officer_id
        super().__init__(
            discord.ui.Button(
                label="Write handover notes",
                style=discord.ButtonStyle.primary,
                custom_id=f"clp:handover:{officer_id}",
            )
        )

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> HandoverButton:
        return cls(_officer_id(match["officer"]))

    async def act(self, interaction: discord.Interaction) -> None:
        bot = officer_bot(interaction)
        officer = await bot.store.own_officer(self.officer_id, interaction.user.id)
        post = bot.catalogue.get(officer.post_id) if officer else None
        if officer is None or post is None:
            await send_ephemeral(interaction, "These handover notes belong to someone else's post.")
            return
        await interaction.response.send_modal(HandoverForm(officer.id, post.title))


class HandoverForm(discord.ui.Modal):
    """Three optional fields of handover notes; Discord limits each to NOTE_CHARS characters."""

    def __init__(self, officer_id: int, post_title: str) -> None:
        super().__init__(title=clip(f"Handover notes: {post_title}", 45), timeout=None)
        self.officer_id = officer_id
        self.fields: dict[str, discord.ui.TextInput] = {}
        for key, label in NOTE_FIELDS:
            field = discord.ui.TextInput(
                label=label,
                style=discord.TextStyle.paragraph,
                required=False,
                max_length=NOTE_CHARS,
                placeholder=f"Optional; up to {NOTE_CHARS:,} characters",
                custom_id=f"clp:notes:{key}",
            )
            self.fields[key] = field
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await notes_written(interaction, self.officer_id, {k: f.value or "" for k, f in self.fields.items()})

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await apologise(interaction, error, "handover form")


class YearButton(
    SafeCallback,
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"clp:due:(?P<officer>[0-9]+):(?P<item>[a-z0-9-]+):(?P<period>[a-z0-9-]+):(?P<sets>done|open)",
):
    """Marks one period of a recurring duty done (or open again) for the officer it belongs to."""

    def __init__(
        self, officer_id: int, item_id: str, period: str, number: int = 0, done: bool = False
    ) -> None:
        self.officer_id, self.item_id, self.period = officer_id, item_id, period
        self.sets_done = not done
        super().__init__(
            discord.ui.Button(
                label=(f"{number}: " if number else "") + ("undo" if done else "done"),
                emoji="✅" if done else None,
                style=discord.ButtonStyle.success if done else discord.ButtonStyle.secondary,
                custom_id=f"clp:due:{officer_id}:{item_id}:{period}:{'done' if self.sets_done else 'open'}",
            )
        )

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> YearButton:
        return cls(
            _officer_id(match["officer"]), match["item"], match["period"], done=match["sets"] == "open"
        )

    async def act(self, interaction: discord.Interaction) -> None:
        bot = officer_bot(interaction)
        now = discord.utils.utcnow()
        officer = await bot.year.set_done(
            self.officer_id, interaction.user.id, self.item_id, self.period, self.sets_done, now
        )
        if officer is None:
            await send_ephemeral(interaction, NOT_YOURS)
            return
        await interaction.response.edit_message(**await year_message(bot, officer))


class ReminderButton(
    SafeCallback,
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"clp:reminders:(?P<officer>[0-9]+):(?P<action>snooze|stop|on)",
):
    """On every reminder: **Snooze 2 weeks** or **Stop reminders**; on /checklist, **Turn
    reminders back on**. Acts only for the officer the record belongs to."""

    LABELS = {"snooze": "Snooze 2 weeks", "stop": "Stop reminders", "on": "Turn reminders back on"}

    def __init__(self, officer_id: int, action: str) -> None:
        self.officer_id, self.action = officer_id, action
        super().__init__(
            discord.ui.Button(
                label=self.LABELS[action],
                style=discord.ButtonStyle.primary if action == "on" else discord.ButtonStyle.secondary,
                custom_id=f"clp:reminders:{officer_id}:{action}",
            )
        )

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> ReminderButton:
        return cls(_officer_id(match["officer"]), match["action"])

    async def act(self, interaction: discord.Interaction) -> None:
        bot = officer_bot(interaction)
        now = discord.utils.utcnow()
        if self.action == "snooze":
            until = now + SNOOZE
            ok = await bot.onboarding.snooze(self.officer_id, interaction.user.id, until)
            text = f"Snoozed: no reminders for this post until {day(until)}."
        else:
            ok = await bot.onboarding.set_reminders(self.officer_id, interaction.user.id, self.action == "on")
            text = (
                "Reminders are back on for this post."
                if self.action == "on"
                else "Reminders stopped for this post. `/checklist` can turn them back on."
            )
        await send_ephemeral(interaction, text if ok else "These reminders belong to someone else.")


DYNAMIC_ITEMS = (TickButton, ShowChecklistButton, HandoverButton, YearButton, ReminderButton)


def with_reminder_controls(view: discord.ui.View, officer_id: int) -> discord.ui.View:
    """Add **Snooze 2 weeks** and **Stop reminders** to a reminder's buttons."""
    for action in ("snooze", "stop"):
        view.add_item(ReminderButton(officer_id, action))
    return view


def reminders_on_view(officer_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReminderButton(officer_id, "on"))
    return view


async def year_message(bot: OfficerBot, officer: Officer) -> dict:
    """The officer's recurring duties with a done/undo button each, as message keyword arguments."""
    post = bot.catalogue.get(officer.post_id)
    items = await bot.year.officer_year(officer, discord.utils.utcnow())
    view = discord.ui.View(timeout=None)
    for n, item in enumerate(items[:MAX_BUTTONS], start=1):
        view.add_item(YearButton(officer.id, item.due.item.id, item.due.period, n, item.done))
    return {"embed": year_embed(items, post), "view": view}


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


def handover_view(officer_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(HandoverButton(officer_id))
    return view


class ConfirmSetup(SafeView):
    """The links ``/onboarding setup`` proposes, as a multi-select (all selected, untick any),
    with **Link and welcome current holders**, **Link only** and **Cancel**."""

    def __init__(
        self,
        admin_id: int,
        proposals: list[tuple[discord.Role, Post]],
        link: Callable[[discord.Interaction, list[tuple[discord.Role, Post]], bool], Awaitable[None]],
    ) -> None:
        super().__init__(timeout=SETUP_TIMEOUT)
        self.admin_id = admin_id
        self.proposals = {str(role.id): (role, post) for role, post in proposals[:MAX_OPTIONS]}
        self.link = link
        self.chosen = discord.ui.Select(
            placeholder="Roles to link",
            min_values=0,
            max_values=len(self.proposals),
            options=[
                discord.SelectOption(label=clip(f"{role.name} → {post.title}", 100), value=key, default=True)
                for key, (role, post) in self.proposals.items()
            ],
            row=0,
        )
        self.chosen.callback = self._chosen
        self.add_item(self.chosen)
        self.selected = list(self.proposals)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.admin_id or not is_manager(interaction):
            await send_ephemeral(interaction, "Only the admin who ran `/onboarding setup` can confirm it.")
            return False
        return True

    async def _chosen(self, interaction: discord.Interaction) -> None:
        self.selected = list(self.chosen.values)
        for option in self.chosen.options:
            option.default = option.value in self.selected
        await interaction.response.edit_message(view=self)

    async def _link(self, interaction: discord.Interaction, welcome: bool) -> None:
        chosen = [self.proposals[key] for key in self.selected if key in self.proposals]
        if not chosen:
            await send_ephemeral(interaction, "No role is selected: tick at least one, or press **Cancel**.")
            return
        self.stop()
        await self.link(interaction, chosen, welcome)

    @discord.ui.button(label="Link and welcome current holders", style=discord.ButtonStyle.success, row=1)
    async def link_and_welcome(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._link(interaction, True)

    @discord.ui.button(label="Link only", style=discord.ButtonStyle.primary, row=1)
    async def link_only(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._link(interaction, False)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary, row=1)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content="Nothing was linked.", view=None)
