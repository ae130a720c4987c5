"""Answering members in Discord: private replies, apologies, permission, post choices.

Every cog and view answers through these, so a member always gets a reply in the same voice
and an error is logged once and never silent.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from .matcher import Matcher, suggest_posts

if TYPE_CHECKING:
    from .catalogue import Post
    from .client import OfficerBot

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()  # echoed member text never pings anyone
SORRY = "Sorry, that didn't work; nothing was lost. Please try again in a moment."
MAX_CHOICES = 25  # Discord's limit for autocomplete choices


def officer_bot(interaction: discord.Interaction) -> OfficerBot:
    """The bot an interaction reached (typed)."""
    return interaction.client  # type: ignore[return-value]


async def send_ephemeral(interaction: discord.Interaction, text: str | None, **kwargs) -> None:
    """Reply privately whether or not the interaction was already answered."""
    kwargs.setdefault("allowed_mentions", NO_MENTIONS)
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True, **kwargs)
    else:
        await interaction.response.send_message(text, ephemeral=True, **kwargs)


async def apologise(interaction: discord.Interaction, error: Exception, what: str) -> None:
    """Log ``error`` and tell the member, privately, that nothing was lost.

    If even the apology cannot be sent, log that once at WARNING (no traceback) and stop.
    """
    log.error("%s failed for member %s", what, interaction.user.id, exc_info=error)
    try:
        await send_ephemeral(interaction, SORRY)
    except (discord.HTTPException, discord.ClientException) as exc:
        log.warning("could not tell member %s that %s failed: %s", interaction.user.id, what, exc)


def is_manager(interaction: discord.Interaction) -> bool:
    """Whether the member may run this server's onboarding (Manage Server), checked on our side."""
    perms = getattr(interaction.user, "guild_permissions", None)
    return interaction.guild is not None and bool(perms and perms.manage_guild)


def require_manager(interaction: discord.Interaction) -> bool:
    """The Manage Server check as a command check: refuses with ``MissingPermissions``, which
    the command tree answers ("Only people who can manage this server ...")."""
    if not is_manager(interaction):
        raise app_commands.MissingPermissions(["manage_guild"])
    return True


async def known_post(interaction: discord.Interaction, text: str, hint: str = "") -> Post | None:
    """The post named by an option (its id, as autocomplete sends, or its exact name); if it
    names none, the member is told so privately, with "did you mean" and ``hint``."""
    bot = officer_bot(interaction)
    found = bot.onboarding.post_for_link(text)
    if found is None:
        await send_ephemeral(interaction, f"I don't know that post.{did_you_mean(bot.matcher, text)}{hint}")
    return found


class SafeView(discord.ui.View):
    """A view whose errors answer the member and are logged, never "This interaction failed"."""

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await apologise(interaction, error, f"{type(self).__name__} ({getattr(item, 'label', None) or item})")


def post_choices(matcher: Matcher, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete for a post option: titles shown, post ids sent, typos tolerated."""
    return [
        app_commands.Choice(name=p.title, value=p.id) for p in suggest_posts(matcher, current, MAX_CHOICES)
    ]


def did_you_mean(matcher: Matcher, text: str) -> str:
    """ " Did you mean **X** or **Y**?" for a post name nobody has, or "" when nothing is near."""
    near = suggest_posts(matcher, text, limit=3)
    if not near:
        return ""
    titles = [f"**{p.title}**" for p in near]
    joined = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " or " + titles[-1]
    return f" Did you mean {joined}?"
