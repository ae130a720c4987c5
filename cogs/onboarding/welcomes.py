"""Welcome DMs: role changes, members leaving, deleted roles, and catching up after a restart."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord.ext import commands

from bot.checklists import ChecklistState
from bot.client import NO_MENTIONS, OfficerBot
from bot.customise import fill_welcome
from bot.onboarding import RosterChange
from bot.store import Officer

from .render import (
    delivery_error,
    escape,
    fallback_text,
    farewell_text,
    fits_one_message,
    names_in,
    notes_embed,
    welcome_text,
)
from .views import checklist_message, handover_view, show_checklist_view

log = logging.getLogger(__name__)

CONCURRENT_WELCOMES = 5  # welcomes in flight at once; discord.py paces each request


async def welcome_messages(bot: OfficerBot, member: discord.Member, state: ChecklistState) -> list[dict]:
    """The welcome as message keyword arguments: the server's opening text, the checklist and
    its buttons, and the predecessor's handover notes (in a second message if they don't fit).
    What ``/onboarding preview`` shows is exactly this."""
    guild = member.guild
    handover = await bot.team.handover(state.officer)
    name_of = names_in(guild)
    contact_id = bot.local.contact(guild.id)
    contact = name_of(contact_id) if contact_id else None
    opening = fill_welcome(
        bot.local.welcome_template(guild.id),
        member=escape(member.display_name),
        post=state.post.title,
        server=escape(guild.name),
        contact=contact or "the officers",
    )
    text = welcome_text(opening, state.post, handover, name_of, contact)
    message = checklist_message(bot, state)
    notes = []
    if handover.notes:
        notes = [notes_embed(handover.notes, state.post, name_of(handover.notes.author_id))]
    if notes and fits_one_message([message["embed"], *notes]):
        return [{"content": text, "embeds": [message["embed"], *notes], "view": message["view"]}]
    return [{"content": text, **message}] + ([{"embeds": notes}] if notes else [])


def holders(guild: discord.Guild) -> dict[int, list[int]]:
    """Member id -> role ids, for every member of the server who is not a bot."""
    return {m.id: [r.id for r in m.roles] for m in guild.members if not m.bot}


class Welcomes(commands.Cog):
    """Welcomes officers when they gain a linked role; ends records when they lose it."""

    def __init__(self, bot: OfficerBot) -> None:
        self.bot = bot
        self._welcomes = asyncio.Semaphore(CONCURRENT_WELCOMES)
        self._in_flight: set[int] = set()  # officer ids being welcomed now

    async def carry_out(self, guild: discord.Guild, change: RosterChange) -> None:
        """Welcome the records a change claimed and thank those it ended."""
        await self.welcome_all(guild, change.claimed)
        await self.farewell_all(guild, change.ended)

    async def welcome_all(self, guild: discord.Guild, officers: list[Officer]) -> None:
        """Send each record's welcome (at most a few at once)."""
        if len(officers) == 1:  # a role given to one member: no extra task
            await self.welcome(guild, officers[0])
        elif officers:
            await asyncio.gather(*(self.welcome(guild, officer) for officer in officers))

    async def welcome(self, guild: discord.Guild, officer: Officer, notice: bool = True) -> None:
        """Send one welcome DM with the checklist; if it can't be delivered, record why and (with
        ``notice``) post a notice in the fallback channel."""
        member = guild.get_member(officer.user_id)
        if member is None or officer.id in self._in_flight:
            return
        self._in_flight.add(officer.id)
        try:
            async with self._welcomes:
                await self._deliver(member, officer, notice)
        finally:
            self._in_flight.discard(officer.id)

    async def _deliver(self, member: discord.Member, officer: Officer, notice: bool = True) -> None:
        onboarding = self.bot.onboarding
        state = await onboarding.checklist_of_record(officer)
        if state is None:
            return
        messages = await welcome_messages(self.bot, member, state)
        try:
            for message in messages:
                await member.send(**message, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            await onboarding.record_welcome(officer.id, False, delivery_error(exc), discord.utils.utcnow())
            if notice:
                await self._fallback_notice(member, officer)
            return
        await onboarding.record_welcome(officer.id, True, None, discord.utils.utcnow())

    async def _fallback_notice(self, member: discord.Member, officer: Officer) -> None:
        """Tell the officer in the fallback channel, mentioning only them."""
        channel_id = await self.bot.store.fallback_channel(member.guild.id)
        channel = member.guild.get_channel(channel_id) if channel_id else None
        post = self.bot.catalogue.get(officer.post_id)
        if channel is None or post is None:
            return  # admins see the failure in /onboarding progress
        try:
            await channel.send(
                fallback_text(member.mention, post),
                view=show_checklist_view(officer.id),
                allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, users=[member]),
            )
        except discord.HTTPException:
            log.warning(
                "fallback notice for %s in server %s failed", member.id, member.guild.id, exc_info=True
            )

    async def notify_undelivered(self, guild: discord.Guild, officers: list[Officer]) -> int:
        """Post the fallback notice for each of these officers still in the server; how many."""
        posted = 0
        for officer in officers:
            member = guild.get_member(officer.user_id)
            if member is not None:
                await self._fallback_notice(member, officer)
                posted += 1
        return posted

    async def farewell_all(self, guild: discord.Guild, ended: list[Officer]) -> None:
        """Thank each outgoing officer once, with a button to write handover notes."""
        for officer in await self.bot.onboarding.claim_farewells(ended, discord.utils.utcnow()):
            member = guild.get_member(officer.user_id)
            post = self.bot.catalogue.get(officer.post_id)
            if member is None or post is None:
                continue  # a member who left is not DMed
            try:
                await member.send(
                    farewell_text(post, guild.name),
                    view=handover_view(officer.id),
                    allowed_mentions=NO_MENTIONS,
                )
            except discord.HTTPException as exc:
                log.info("farewell to %s not delivered: %s", officer.user_id, exc)

    async def members(self, guild: discord.Guild) -> dict[int, list[int]]:
        """Every member's role ids (the full member list, so nobody is missed or wrongly ended)."""
        if not guild.chunked:
            await guild.chunk()
        return holders(guild)

    async def sync_guild(self, guild: discord.Guild) -> None:
        """Catch up with role changes made while the bot was away: welcome, end, thank."""
        change = await self.bot.onboarding.sync(
            guild.id, await self.members(guild), discord.utils.utcnow(), roles=[r.id for r in guild.roles]
        )
        await self.carry_out(guild, change)

    # -- events -----------------------------------------------------------------------------
    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Catch up after a restart: welcomes claimed but never sent, then role changes."""
        for guild in self.bot.guilds:
            try:
                pending = await self.bot.onboarding.pending_welcomes(guild.id)
                if pending and not guild.chunked:
                    await guild.chunk()
                await self.welcome_all(guild, pending)
                await self.sync_guild(guild)
            except Exception:
                log.exception("catch-up failed for server %s", guild.id)

    @commands.Cog.listener()
    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        if before.roles == after.roles or after.bot:
            return
        change = await self.bot.onboarding.role_change(
            after.guild.id,
            after.id,
            [r.id for r in before.roles],
            [r.id for r in after.roles],
            discord.utils.utcnow(),
        )
        await self.carry_out(after.guild, change)

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        """A member who joins already holding a linked role is welcomed (or taken back)."""
        if member.bot or len(member.roles) <= 1:
            return
        change = await self.bot.onboarding.role_change(
            member.guild.id, member.id, [], [r.id for r in member.roles], discord.utils.utcnow()
        )
        await self.carry_out(member.guild, change)

    @commands.Cog.listener()
    async def on_member_remove(self, member: discord.Member) -> None:
        await self.bot.onboarding.member_left(member.guild.id, member.id, discord.utils.utcnow())

    @commands.Cog.listener()
    async def on_guild_role_delete(self, role: discord.Role) -> None:
        """A deleted role can't be given any more: drop its link and end the records it gave
        (history is kept)."""
        if role.id in self.bot.onboarding.links(role.guild.id):
            guild = role.guild
            _, change = await self.bot.onboarding.unlink(
                guild.id, role.id, await self.members(guild), discord.utils.utcnow()
            )
            await self.carry_out(guild, change)
