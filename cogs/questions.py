"""Questions: /role, /ask, /roles, and messages that mention the bot or DM it."""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers import Holding, Reading, ServerHolders, finish_reply, read_question, render_answer
from bot.calendar import asks_whats_due
from bot.catalogue import TEAM_ID
from bot.client import NO_MENTIONS, OfficerBot, send_ephemeral
from bot.english import day, human_join
from bot.interactions import did_you_mean
from bot.matcher import resolve_post
from bot.ratelimit import limited_post_choices, over_limit
from bot.ui import Pager, clip, post_pages, roles_embed
from cogs.onboarding.calendar import calendar_embeds

log = logging.getLogger(__name__)

QUESTION_RATE = 8  # questions per member...
QUESTION_PER = 60.0  # ...per this many seconds, before the bot asks them to slow down
MAX_CALENDARS = 10  # servers whose calendar one answer shows (Discord allows 10 embeds)


async def member_holdings(bot: OfficerBot, user_id: int, guild_id: int | None) -> list[Holding]:
    """The member's posts with their open checklist steps, for "what are my duties?".
    In a DM (no server) their records in any server count."""
    holdings: list[Holding] = []
    for state in await bot.onboarding.states(guild_id, user_id, active_only=True):
        if all(post.id != state.post.id for post, _ in holdings):
            holdings.append((state.post, state.open_steps))
    return holdings


def shared_servers(bot: OfficerBot, user_id: int, guild: discord.Guild | None) -> list[discord.Guild]:
    """The server asked in, or from a DM every server the member shares with the bot."""
    if guild is not None:
        return [guild]
    return [g for g in bot.guilds if g.get_member(user_id) is not None]


async def post_holders(bot: OfficerBot, post_id: str, guilds: list[discord.Guild]) -> list[ServerHolders]:
    """Who holds the post in each of these servers, by display name (no mentions)."""
    found = []
    for guild in guilds:
        people = []
        for officer in await bot.team.holders(guild.id, post_id):
            member = guild.get_member(officer.user_id)
            if member is not None:
                people.append((discord.utils.escape_markdown(member.display_name), officer.started_at))
        found.append((discord.utils.escape_markdown(guild.name), people))
    return found


class Questions(commands.Cog):
    """Answers about posts and duties, for every member."""

    def __init__(self, bot: OfficerBot) -> None:
        self.bot = bot
        self._cooldown = commands.CooldownMapping.from_cooldown(
            QUESTION_RATE, QUESTION_PER, lambda user_id: user_id
        )
        self._warned_until: dict[int, float] = {}
        self._mute_channels: set[int] = set()  # channels where replying failed (logged once)

    # -- shared helpers -------------------------------------------------------------
    def _retry_after(self, user_id: int) -> float:
        """Seconds the member must wait, or 0 if they may ask now (counts this question)."""
        now = discord.utils.utcnow().timestamp()
        bucket = self._cooldown.get_bucket(user_id, now)
        return bucket.update_rate_limit(now) or 0.0

    async def post_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await limited_post_choices(interaction, current)

    async def reply(self, raw: str, user_id: int, guild: discord.Guild | None) -> dict:
        """The reply to a member's free question, as message keyword arguments: the matcher's
        answer with what only the server knows (their own posts, who holds the post asked
        about), or for "what's due this month?" the calendar of their server(s)."""
        reading = read_question(raw)
        if reading.reply is not None:
            return {"content": reading.reply}
        if asks_whats_due(reading.text):
            servers = shared_servers(self.bot, user_id, guild)
            if servers:
                return {"embeds": await calendar_embeds(self.bot, servers[:MAX_CALENDARS])}
        return {"content": await self._answer(reading, user_id, guild)}

    async def _answer(self, reading: Reading, user_id: int, guild: discord.Guild | None) -> str:
        holdings = await member_holdings(self.bot, user_id, guild.id if guild else None)
        answer = self.bot.matcher.answer(reading.text, [post.id for post, _ in holdings])
        holders = None
        if answer.kind == "holder" and answer.role:
            holders = await post_holders(self.bot, answer.role, shared_servers(self.bot, user_id, guild))
        return finish_reply(render_answer(answer, self.bot.catalogue, holdings, holders), reading)

    async def _respond(self, interaction: discord.Interaction, public: bool, **kwargs) -> None:
        await interaction.response.send_message(ephemeral=not public, allowed_mentions=NO_MENTIONS, **kwargs)

    # -- slash commands -------------------------------------------------------------
    @app_commands.command(name="role", description="What a CLP officer post does, and its checklist")
    @app_commands.describe(name="The post, e.g. Treasurer or TULO", public="Show it to everyone")
    async def role(self, interaction: discord.Interaction, name: str, public: bool = False) -> None:
        """Show one post: summary, duties grouped as in the documents, sources, checklist."""
        if await over_limit(interaction):
            return
        post = resolve_post(self.bot.matcher, name)
        if post is None and any(n[0] == TEAM_ID for n in self.bot.matcher.named_posts(name)):
            post = self.bot.catalogue.team  # "ECC", "officer team", "key posts"
        if post is None:
            await send_ephemeral(
                interaction,
                f'I don\'t know a post called "{clip(discord.utils.escape_markdown(name), 100)}".'
                f"{did_you_mean(self.bot.matcher, name)} `/roles` lists every post.",
            )
            return
        pages = post_pages(post, self.bot.catalogue)
        held = await self._held_line(post.id, interaction.guild) if post.id != TEAM_ID else None
        if len(pages) == 1:
            await self._respond(interaction, public, content=held, embed=pages[0])
        else:
            view = Pager(pages, interaction.user.id)
            await self._respond(interaction, public, content=held, embed=pages[0], view=view)
            view.interaction = interaction

    async def _held_line(self, post_id: str, guild: discord.Guild | None) -> str | None:
        """ "Held by **Alice** since 1 March 2026." or "Vacant in this server." (in a server)."""
        if guild is None:
            return None
        ((_, people),) = await post_holders(self.bot, post_id, [guild])
        if not people:
            return "Vacant in this server."
        return "Held by " + human_join(f"**{name}** since {day(since)}" for name, since in people) + "."

    @role.autocomplete("name")
    async def _role_name(self, interaction: discord.Interaction, current: str):
        return await self.post_autocomplete(interaction, current)

    @app_commands.command(name="ask", description="Ask who does what among the CLP officers")
    @app_commands.describe(
        question="Your question, e.g. who books rooms for meetings?", public="Show the answer to everyone"
    )
    async def ask(self, interaction: discord.Interaction, question: str, public: bool = False):
        """Answer a free question with the post and duty that match."""
        wait = self._retry_after(interaction.user.id)
        if wait:
            await send_ephemeral(interaction, _slow_down(wait))
            return
        await self._respond(
            interaction, public, **await self.reply(question, interaction.user.id, interaction.guild)
        )

    @app_commands.command(name="roles", description="Every CLP officer post, grouped")
    @app_commands.describe(public="Show the list to everyone")
    async def roles(self, interaction: discord.Interaction, public: bool = False) -> None:
        """List every post: key posts, functional posts, other posts."""
        await self._respond(interaction, public, embed=roles_embed(self.bot.catalogue))

    # -- messages -------------------------------------------------------------------
    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer DMs, and messages in a server that mention the bot; ignore the rest."""
        if message.author.bot or self.bot.user is None:
            return
        if message.guild is not None and self.bot.user not in message.mentions:
            return
        text = re.sub(rf"<@!?{self.bot.user.id}>", " ", message.content)
        wait = self._retry_after(message.author.id)
        if wait:
            until = discord.utils.utcnow().timestamp() + wait
            if self._warned_until.get(message.author.id, 0) < discord.utils.utcnow().timestamp():
                self._warned_until[message.author.id] = until
                await self._reply(message, _slow_down(wait))
            return
        await self._reply(message, **await self.reply(text, message.author.id, message.guild))

    async def _reply(self, message: discord.Message, content: str | None = None, **kwargs) -> None:
        try:
            await message.reply(content, mention_author=False, allowed_mentions=NO_MENTIONS, **kwargs)
        except discord.HTTPException:
            # replying needs Read Message History; fall back to a plain message
            try:
                await message.channel.send(content, allowed_mentions=NO_MENTIONS, **kwargs)
            except discord.HTTPException as exc:
                self._cannot_reply(message.channel.id, exc)

    def _cannot_reply(self, channel_id: int, exc: discord.HTTPException) -> None:
        """A channel where the bot may not post: one WARNING per channel, then quiet."""
        if channel_id in self._mute_channels:
            log.debug("still cannot reply in channel %s: %s", channel_id, exc)
            return
        self._mute_channels.add(channel_id)
        log.warning(
            "cannot reply to a mention in channel %s (%s); give the bot Send Messages there", channel_id, exc
        )


def _slow_down(wait: float) -> str:
    return (
        f"You're asking quickly, so I'm pausing for a moment: try again in {wait:.0f} seconds. "
        "Nothing is lost; `/role` and `/roles` still work meanwhile."
    )


async def setup(bot: OfficerBot) -> None:
    await bot.add_cog(Questions(bot))
