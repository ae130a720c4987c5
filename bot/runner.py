"""``python -m bot run`` and ``python -m bot invite``: start the bot, print the invite link."""

from __future__ import annotations

import logging
import re
import sys

import discord

from . import preflight
from .config import Settings
from .preflight import PORTAL, TOKEN_HELP

# exit codes: a setting to fix (restarting will not help), Discord unreachable (it may)
EXIT_SETTINGS = 2
EXIT_NETWORK = 1


def bot_permissions() -> discord.Permissions:
    """Only what the bot uses: read and answer in channels, embeds, the CSV export."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        attach_files=True,
        read_message_history=True,
    )


def invite_url(application_id: str | int) -> str:
    """The OAuth2 link that adds the bot to a server with the permissions it needs."""
    text = str(application_id).strip()
    # a snowflake: 17 to 20 ASCII digits (int() alone accepts "-5", "1_000" and other scripts' digits)
    if not re.fullmatch(r"[0-9]{17,20}", text):
        raise SystemExit(
            f"{application_id!r} is not an application id: copy the Application ID "
            f"from {PORTAL} -> your application -> General Information."
        )
    return discord.utils.oauth_url(
        int(text), permissions=bot_permissions(), scopes=("bot", "applications.commands")
    )


def configure_logging(level: str) -> None:
    """The one place logging is set up: the root logger (the bot's own loggers and discord.py's)
    at ``level``, to standard error."""
    discord.utils.setup_logging(level=getattr(logging, level), root=True)


def settings_or_problems() -> tuple[Settings, list[str]]:
    """The settings and every problem with them, each one line, before connecting to Discord."""
    settings, problems = Settings.read()
    return settings, problems + preflight.problems(settings)


def run() -> int:
    """Start the bot with DISCORD_TOKEN; explain in one line per problem what to fix when it cannot."""
    settings, problems = settings_or_problems()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return EXIT_SETTINGS
    from .client import create_bot

    configure_logging(settings.log_level)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    bot = create_bot(settings=settings)
    try:
        bot.run(settings.token, log_handler=None)
    except discord.LoginFailure:
        print(f"Discord rejected DISCORD_TOKEN. {TOKEN_HELP}", file=sys.stderr)
        return EXIT_SETTINGS
    except discord.PrivilegedIntentsRequired:
        print(
            "Discord refused the bot's intents: switch on SERVER MEMBERS INTENT and MESSAGE "
            f"CONTENT INTENT under {PORTAL} -> your application -> Bot.",
            file=sys.stderr,
        )
        return EXIT_SETTINGS
    except OSError as exc:  # aiohttp's connection errors are OSErrors: no network, DNS, proxy
        print(
            f"Could not reach Discord ({exc.__class__.__name__}: {exc}). "
            "Check the internet connection, then run the bot again.",
            file=sys.stderr,
        )
        return EXIT_NETWORK
    return 0
