"""The discord.py bot: a ``commands.Bot`` subclass whose ``setup_hook`` opens everything."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from .catalogue import Catalogue, load_catalogue
from .config import Settings
from .customise import Customisation
from .interactions import NO_MENTIONS, send_ephemeral
from .matcher import Matcher
from .onboarding import OnboardingService
from .ratelimit import MemberLimiter
from .semantic import configured_meaning
from .store import Store
from .team import Team
from .year import PartyYear

log = logging.getLogger(__name__)

EXTENSIONS = ("cogs.questions", "cogs.onboarding")
__all__ = ["NO_MENTIONS", "OfficerBot", "create_bot", "send_ephemeral"]


def bot_intents() -> discord.Intents:
    """Guilds, members, guild messages, DMs and message content; nothing else."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.members = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = True
    return intents


class OfficerTree(app_commands.CommandTree):
    """Command tree whose error handler answers the member instead of failing silently."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandOnCooldown):
            text = f"You're asking quickly. Try again in {error.retry_after:.0f} seconds."
        elif isinstance(error, app_commands.NoPrivateMessage):
            text = "That command works in a server, not in DMs."
        elif isinstance(error, app_commands.MissingPermissions | app_commands.CheckFailure):
            text = "Only people who can manage this server can use that command."
        else:
            log.error("command failed", exc_info=error)
            text = "Sorry, something went wrong. Nothing you saved was lost; please try again."
        try:
            await send_ephemeral(interaction, text)
        except (discord.HTTPException, discord.ClientException) as exc:
            log.warning("could not tell member %s that a command failed: %s", interaction.user.id, exc)


class OfficerBot(commands.Bot):
    """The officer onboarding bot. Build it with :func:`create_bot`."""

    catalogue: Catalogue
    matcher: Matcher
    store: Store
    local: Customisation
    onboarding: OnboardingService
    team: Team
    year: PartyYear

    def __init__(self, database: Path | str, settings: Settings | None = None) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(),
            tree_cls=OfficerTree,
            help_command=None,
            allowed_mentions=NO_MENTIONS,
        )
        self.settings = settings or Settings.from_env(load_dotenv=False)
        self.database = Path(database)
        self._store: Store | None = None
        self._announced = False
        self.limiter = MemberLimiter()  # /role, /checklist, autocomplete, persistent buttons

    async def setup_hook(self) -> None:
        self.catalogue = load_catalogue(self.settings.catalogue_dir)
        self.matcher = Matcher(self.catalogue)
        # the semantic layer loads beside the bot; until it is ready, answers are by words only
        self._meaning = asyncio.create_task(self._load_meaning())
        self._store = self.store = await Store.open(self.database)
        self.local = Customisation(self.store, self.catalogue)
        self.onboarding = OnboardingService(self.store, self.catalogue, self.local)
        self.team = Team(self.store, self.catalogue)
        self.year = PartyYear(self.store, self.catalogue)
        await self.local.load()
        await self.onboarding.load()
        await self.year.load()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.tree.sync()

    async def _load_meaning(self) -> None:
        self.matcher.use_meaning(await asyncio.to_thread(configured_meaning, self.catalogue, self.settings))

    async def meaning_loaded(self) -> bool:
        """Wait until the semantic layer has loaded or given up; whether it is on."""
        await asyncio.shield(self._meaning)
        return self.matcher.meaning is not None

    async def on_ready(self) -> None:
        """Say once, in the log, that the bot is up: which account, where, with what."""
        if self._announced:
            return
        self._announced = True
        log.info(
            "Ready as %s (id %s) in %d server(s); database %s; %s; %s",
            self.user,
            self.user.id if self.user else "?",
            len(self.guilds),
            self.database.resolve(),
            self.settings.dotenv_note(),
            self.catalogue.summary_line(),
        )

    async def on_message(self, message: discord.Message) -> None:
        """Messages are answered by the questions cog; there are no prefix commands."""

    async def close_store(self) -> None:
        """Close the database connection (safe to call twice)."""
        if self._store is not None:
            store, self._store = self._store, None
            await store.close()

    async def close(self) -> None:
        meaning = getattr(self, "_meaning", None)
        if meaning is not None and not meaning.done():
            meaning.cancel()  # the loading thread finishes on its own; its result is dropped
        await super().close()
        await self.close_store()


def create_bot(database: Path | str | None = None, settings: Settings | None = None) -> OfficerBot:
    """Build the bot; ``database`` is the SQLite file (default from ``DATABASE_PATH``)."""
    settings = settings or Settings.from_env(load_dotenv=False)
    return OfficerBot(database if database is not None else settings.database, settings)
