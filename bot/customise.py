"""Each CLP's own way of working: its welcome text, contact person, local and hidden steps.

Plain Python over the store; every server's settings are read once at start-up and kept in
memory (refreshed on every change). No server ever sees another's.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import datetime

from .catalogue import Catalogue, Post
from .checklists import Step, catalogue_steps
from .store import GuildSettings, LocalStep, Store

PLACEHOLDERS = ("member", "post", "server", "contact")
DEFAULT_WELCOME = "Welcome, {member}: you are now **{post}** in **{server}**. Congratulations!"
MAX_WELCOME_CHARS = 1500
MAX_STEP_CHARS = 200
MAX_LOCAL_STEPS = 10  # per post per server


class CustomisationError(ValueError):
    """A change an admin asked for that can't be made; the message says why, in one line."""


def check_welcome_text(text: str) -> str:
    """The text, if every ``{placeholder}`` is known and it is short enough."""
    text = text.strip()
    if not text:
        raise CustomisationError("The welcome text is empty: write something, or use `reset:True`.")
    if len(text) > MAX_WELCOME_CHARS:
        raise CustomisationError(
            f"The welcome text has {len(text):,} characters; at most {MAX_WELCOME_CHARS:,}."
        )
    try:
        fields = [name for _, name, spec, conv in string.Formatter().parse(text) if name is not None or spec]
    except ValueError:
        raise CustomisationError(
            "A `{` or `}` is unmatched: write `{{` or `}}` for a brace itself."
        ) from None
    known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
    for name in fields:
        if name not in PLACEHOLDERS:
            raise CustomisationError(f"`{{{name}}}` is not a placeholder I know; use {known}.")
    return text


def fill_welcome(template: str, member: str, post: str, server: str, contact: str) -> str:
    return template.format(member=member, post=post, server=server, contact=contact)


@dataclass(frozen=True)
class StepChoice:
    """A step of a post as ``/onboarding step`` offers it."""

    step_id: str
    text: str
    local: bool
    hidden: bool


class Customisation:
    """Read and change each server's own settings and steps."""

    def __init__(self, store: Store, catalogue: Catalogue) -> None:
        self.store = store
        self.catalogue = catalogue
        self._settings: dict[int, GuildSettings] = {}
        self._local: dict[tuple[int, str], list[LocalStep]] = {}
        self._hidden: set[tuple[int, str, str]] = set()
        self._shown: dict[tuple[int, str], tuple[tuple[Step, ...], frozenset[str]]] = {}  # cleared on change

    async def load(self) -> None:
        """Read every server's settings and steps once (start-up)."""
        self._settings = await self.store.all_settings()
        self._local = {}
        for step in await self.store.all_local_steps():
            self._local.setdefault((step.guild_id, step.post_id), []).append(step)
        self._hidden = await self.store.all_hidden_steps()
        self._shown.clear()

    # -- what a server shows ----------------------------------------------------------------
    def steps(self, guild_id: int, post: Post) -> tuple[Step, ...]:
        """The post's checklist in this server: catalogue steps not hidden, then local ones."""
        return self.view(guild_id, post)[0]

    def hidden(self, guild_id: int, post_id: str) -> frozenset[str]:
        return frozenset(s for g, p, s in self._hidden if g == guild_id and p == post_id)

    def view(self, guild_id: int, post: Post) -> tuple[tuple[Step, ...], frozenset[str]]:
        """(the post's steps in this server, the ids of its hidden catalogue steps), memoised."""
        key = (guild_id, post.id)
        if key not in self._shown:
            hidden = self.hidden(guild_id, post.id)
            shown = [s for s in catalogue_steps(post) if s.id not in hidden]
            local = [Step(s.step_id, s.text, local=True) for s in self._local.get(key, [])]
            self._shown[key] = (tuple(shown + local), hidden)
        return self._shown[key]

    def welcome_template(self, guild_id: int) -> str:
        settings = self._settings.get(guild_id)
        return settings.welcome_text if settings and settings.welcome_text else DEFAULT_WELCOME

    def contact(self, guild_id: int) -> int | None:
        settings = self._settings.get(guild_id)
        return settings.contact_id if settings else None

    def settings(self, guild_id: int) -> GuildSettings:
        return self._settings.get(guild_id, GuildSettings(guild_id))

    def choices(self, guild_id: int, post: Post) -> list[StepChoice]:
        """Every step of the post in this server, hidden ones too, for ``/onboarding step``."""
        hidden = self.hidden(guild_id, post.id)
        found = [StepChoice(s.id, s.text, False, s.id in hidden) for s in post.checklist]
        found += [
            StepChoice(s.step_id, s.text, True, False) for s in self._local.get((guild_id, post.id), [])
        ]
        return found

    def local_steps(self, guild_id: int) -> list[LocalStep]:
        return [s for (g, _), steps in sorted(self._local.items()) if g == guild_id for s in steps]

    def hidden_steps(self, guild_id: int) -> list[tuple[str, str]]:
        return sorted((p, s) for g, p, s in self._hidden if g == guild_id)

    # -- changes ------------------------------------------------------------------------------
    async def set_welcome_text(self, guild_id: int, text: str | None, now: datetime) -> str:
        """Set (None: reset) the welcome's opening paragraph; returns the text now in force."""
        checked = check_welcome_text(text) if text is not None else None
        await self.store.set_welcome_text(guild_id, checked, now)
        await self._reload_settings()
        return self.welcome_template(guild_id)

    async def set_contact(self, guild_id: int, contact_id: int | None, now: datetime) -> None:
        await self.store.set_contact(guild_id, contact_id, now)
        await self._reload_settings()

    async def _reload_settings(self) -> None:
        self._settings = await self.store.all_settings()

    async def add_step(self, guild_id: int, post: Post, text: str, by: int, now: datetime) -> Step:
        text = " ".join(text.split())
        if not text:
            raise CustomisationError("The step is empty.")
        if len(text) > MAX_STEP_CHARS:
            raise CustomisationError(f"The step has {len(text)} characters; at most {MAX_STEP_CHARS}.")
        existing = self._local.setdefault((guild_id, post.id), [])
        if len(existing) >= MAX_LOCAL_STEPS:
            raise CustomisationError(
                f"**{post.title}** already has {MAX_LOCAL_STEPS} local steps here, the most it can have; "
                "remove one first."
            )
        added = await self.store.add_local_step(guild_id, post.id, text, by, now)
        existing.append(added)
        self._shown.clear()
        return Step(added.step_id, added.text, local=True)

    async def remove_step(self, guild_id: int, post: Post, step_id: str, now: datetime) -> bool:
        """Remove a local step (its ticks stay as retired history); False if no such step."""
        steps = self._local.get((guild_id, post.id), [])
        found = next((s for s in steps if s.step_id == step_id), None)
        if found is None or not await self.store.remove_local_step(guild_id, post.id, found.id, now):
            return False
        steps.remove(found)
        self._shown.clear()
        return True

    async def hide_step(self, guild_id: int, post: Post, step_id: str, by: int, now: datetime) -> bool:
        """Hide a catalogue step in this server (its ticks are kept); False if no such step."""
        if post.step(step_id) is None:
            return False
        await self.store.hide_step(guild_id, post.id, step_id, by, now)
        self._hidden.add((guild_id, post.id, step_id))
        self._shown.clear()
        return True

    async def show_step(self, guild_id: int, post: Post, step_id: str) -> bool:
        if (guild_id, post.id, step_id) not in self._hidden:
            return False
        await self.store.show_step(guild_id, post.id, step_id)
        self._hidden.discard((guild_id, post.id, step_id))
        self._shown.clear()
        return True
