"""``python -m bot run`` and ``python -m bot invite``: start the bot, print the invite link."""

from __future__ import annotations

import logging
import sys

import discord

from .config import Settings

PORTAL = "https://discord.com/developers/applications"
TOKEN_HELP = (
    "Copy the bot token from {portal} -> your application -> Bot -> Reset Token, "
    "and put DISCORD_TOKEN=... in .env (see README.md)."
)


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
    try:
        client_id = int(str(application_id).strip())
    except ValueError:
        raise SystemExit(
            f"{application_id!r} is not an application id: copy the Application ID "
            f"from {PORTAL} -> your application -> General Information."
        ) from None
    return discord.utils.oauth_url(
        client_id, permissions=bot_permissions(), scopes=("bot", "applications.commands")
    )


def run() -> int:
    """Start the bot with DISCORD_TOKEN; explain in one line what to fix when it cannot."""
    settings = Settings.from_env()
    if not settings.token:
        print(f"DISCORD_TOKEN is not set. {TOKEN_HELP.format(portal=PORTAL)}", file=sys.stderr)
        return 2
    from .client import create_bot

    bot = create_bot(settings=settings)
    try:
        bot.run(settings.token, log_level=getattr(logging, settings.log_level, logging.INFO))
    except discord.LoginFailure:
        print(f"Discord rejected DISCORD_TOKEN. {TOKEN_HELP.format(portal=PORTAL)}", file=sys.stderr)
        return 2
    except discord.PrivilegedIntentsRequired:
        print(
            "Discord refused the bot's intents: switch on SERVER MEMBERS INTENT and MESSAGE "
            f"CONTENT INTENT under {PORTAL} -> your application -> Bot.",
            file=sys.stderr,
        )
        return 2
    return 0
