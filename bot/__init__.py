"""CLP officer onboarding bot.

The core (catalogue, matcher, store, answers) is plain Python. ``create_bot`` builds the
discord.py bot; it is imported lazily so the CLI and tests can use the core without Discord.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import OfficerBot, create_bot

__all__ = ["OfficerBot", "create_bot"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import client

        return getattr(client, name)
    raise AttributeError(name)
