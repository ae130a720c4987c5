"""Shared fixtures: a real bot on a temporary SQLite file, run inside SimCord."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot import OfficerBot, create_bot


class BotFactory:
    """Builds bots on one database file and closes them all at teardown (restarts too)."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.bots: list[OfficerBot] = []

    def __call__(self) -> OfficerBot:
        bot = create_bot(database=self.database)
        self.bots.append(bot)
        return bot

    async def close_all(self) -> None:
        for bot in self.bots:
            await bot.close_store()


@pytest.fixture
async def bot_factory(tmp_path: Path):
    factory = BotFactory(tmp_path / "bot.sqlite3")
    yield factory
    await factory.close_all()


@pytest.fixture
async def simcord_bot(bot_factory: BotFactory) -> OfficerBot:
    return bot_factory()


@pytest.fixture
async def restart(simcord_env, bot_factory: BotFactory) -> Callable:
    """Restart with a fresh bot on the same database file; returns the new bot."""

    async def _restart() -> OfficerBot:
        old = bot_factory.bots[-1]
        new = bot_factory()
        await simcord_env.restart_bot(new)
        await old.close_store()
        return new

    return _restart


async def grant_role(env, guild, member, role) -> None:
    """An admin gives ``member`` a role (the real GUILD_MEMBER_UPDATE reaches the bot)."""
    env.backend.add_member_role(guild.id, member.id, role.id)
    await env.settle()


async def remove_role(env, guild, member, role) -> None:
    env.backend.remove_member_role(guild.id, member.id, role.id)
    await env.settle()


@pytest.fixture
def grant(simcord_env):
    """``await grant(guild, member, role)``: an admin gives a member a role."""

    async def _grant(guild, member, role) -> None:
        await grant_role(simcord_env, guild, member, role)

    return _grant


@pytest.fixture
def revoke(simcord_env):
    """``await revoke(guild, member, role)``: an admin takes a role away."""

    async def _revoke(guild, member, role) -> None:
        await remove_role(simcord_env, guild, member, role)

    return _revoke


def custom_ids(message) -> list[str]:
    """Every button custom id on a message (discord.py objects or raw component dicts)."""
    found: list[str] = []

    def walk(component) -> None:
        if isinstance(component, dict):
            if component.get("custom_id"):
                found.append(component["custom_id"])
            for child in component.get("components", []):
                walk(child)
            return
        if getattr(component, "custom_id", None):
            found.append(component.custom_id)
        for child in getattr(component, "children", []):
            walk(child)

    for component in message.components:
        walk(component)
    return found
