"""One per-member rate limit for ``/role``, ``/checklist``, autocomplete and the persistent
buttons (``/ask`` and mentions have their own, in :mod:`cogs.questions`)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from .interactions import officer_bot, post_choices, send_ephemeral

UI_RATE = 30  # commands, button presses and autocomplete lookups per member...
UI_PER = 60.0  # ...per this many seconds


class MemberLimiter:
    """A sliding allowance per member, timed by ``discord.utils.utcnow()`` (simulated in tests)."""

    def __init__(self, rate: int = UI_RATE, per: float = UI_PER) -> None:
        self._mapping = commands.CooldownMapping.from_cooldown(rate, per, lambda user_id: user_id)

    def retry_after(self, user_id: int) -> float:
        """Seconds the member must wait, or 0 if they may go ahead (this use counts)."""
        now = discord.utils.utcnow().timestamp()
        return self._mapping.get_bucket(user_id, now).update_rate_limit(now) or 0.0


def slow_down_text(wait: float) -> str:
    return (
        f"You're going quickly, so I'm pausing for a moment: try again in {max(1, round(wait))} seconds. "
        "Nothing is lost."
    )


async def over_limit(interaction: discord.Interaction) -> bool:
    """True (and the member told, privately) if they must wait before this command or press."""
    wait = officer_bot(interaction).limiter.retry_after(interaction.user.id)
    if wait:
        await send_ephemeral(interaction, slow_down_text(wait))
        return True
    return False


async def limited_post_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Post autocomplete, with no choices at all for a member over the limit."""
    bot = officer_bot(interaction)
    if bot.limiter.retry_after(interaction.user.id):
        return []
    return post_choices(bot.matcher, current)
