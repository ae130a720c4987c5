"""Onboarding: link Discord roles to posts, welcome new officers, checklists, progress."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import re
from datetime import datetime, timedelta

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.catalogue import Post
from bot.checklists import ChecklistState, checklist_state
from bot.client import NO_MENTIONS, OfficerBot, send_ephemeral
from bot.matcher import suggest_posts
from bot.store import Officer
from bot.ui import COLOUR, clip

log = logging.getLogger(__name__)

MAX_BUTTONS = 25
CONCURRENT_WELCOMES = 5  # welcomes in flight at once; discord.py paces each request
MANAGE = discord.Permissions(manage_guild=True)


def _bot(interaction: discord.Interaction) -> OfficerBot:
    return interaction.client  # type: ignore[return-value]


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


# -- rendering ------------------------------------------------------------------------
def _messages_of(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages Discord accepts: at most 10 and 6000 characters each."""
    messages: list[list[discord.Embed]] = []
    size = 0
    for embed in embeds:
        if not messages or len(messages[-1]) == 10 or size + len(embed) > 6000:
            messages.append([])
            size = 0
        messages[-1].append(embed)
        size += len(embed)
    return messages


def checklist_embed(state: ChecklistState, guild_name: str | None) -> discord.Embed:
    """The checklist with ticks and "3 of 7 done"."""
    where = f" · {guild_name}" if guild_name else ""
    lines = [
        f"{'✅' if step.id in state.done else '⬜'} {n}. {step.text}"
        for n, step in enumerate(state.steps, start=1)
    ]
    lines += [f"☑️ *{sid} (retired step, done earlier)*" for sid in state.retired]
    if not lines:
        lines = ["The source documents give this post no checklist steps."]
    embed = discord.Embed(
        title=f"{state.post.title} checklist{where}",
        description=clip("\n".join(lines), 4096),
        colour=COLOUR,
    )
    ended = f" · ended {_when(state.officer.ended_at)}" if state.officer.ended_at else ""
    embed.set_footer(text=f"{state.progress_text()}{ended} · click a step to tick or untick it")
    return embed


def checklist_message(bot: OfficerBot, state: ChecklistState) -> dict:
    """The embed and tick buttons of an officer's checklist, as message keyword arguments."""
    guild = bot.get_guild(state.officer.guild_id)
    return {
        "embed": checklist_embed(state, guild.name if guild else None),
        "view": checklist_view(state),
    }


def checklist_view(state: ChecklistState) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for n, step in enumerate(state.steps[:MAX_BUTTONS], start=1):
        view.add_item(TickButton(state.officer.id, step.id, n, step.id in state.done))
    return view


class TickButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"clp:tick:(?P<officer>\d+):(?P<step>[a-z0-9-]+)"
):
    """A persistent button that ticks one step; its custom id carries officer and step."""

    def __init__(self, officer_id: int, step_id: str, number: int = 0, done: bool = False) -> None:
        self.officer_id = officer_id
        self.step_id = step_id
        super().__init__(
            discord.ui.Button(
                label=f"{number}" if number else "Tick",
                emoji="✅" if done else None,
                style=discord.ButtonStyle.success if done else discord.ButtonStyle.secondary,
                custom_id=f"clp:tick:{officer_id}:{step_id}",
            )
        )

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> TickButton:
        return cls(int(match["officer"]), match["step"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = _bot(interaction)
        officer = await bot.store.officer(self.officer_id)
        if officer is None or officer.user_id != interaction.user.id:
            await send_ephemeral(interaction, "This checklist belongs to someone else, so you can't tick it.")
            return
        post = bot.catalogue.get(officer.post_id)
        if post is None or post.step(self.step_id) is None:
            await send_ephemeral(
                interaction, "That step has been retired from the checklist; nothing changed."
            )
            return
        done = self.step_id in await bot.store.done_steps(officer.id)
        # committed before the message is edited: a crash between the two loses nothing
        await bot.store.set_tick(
            officer.id, self.step_id, not done, interaction.user.id, discord.utils.utcnow()
        )
        state = await checklist_state(bot.store, bot.catalogue, officer)
        await interaction.response.edit_message(**checklist_message(bot, state))


class ShowChecklistButton(discord.ui.DynamicItem[discord.ui.Button], template=r"clp:show:(?P<officer>\d+)"):
    """On a fallback-channel notice: shows the officer their checklist, privately."""

    def __init__(self, officer_id: int) -> None:
        self.officer_id = officer_id
        super().__init__(
            discord.ui.Button(
                label="Show my checklist",
                style=discord.ButtonStyle.primary,
                custom_id=f"clp:show:{officer_id}",
            )
        )

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> ShowChecklistButton:
        return cls(int(match["officer"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = _bot(interaction)
        officer = await bot.store.officer(self.officer_id)
        if officer is None or officer.user_id != interaction.user.id:
            await send_ephemeral(
                interaction, "This checklist belongs to someone else. Use `/checklist` for your own."
            )
            return
        state = await checklist_state(bot.store, bot.catalogue, officer)
        await send_ephemeral(interaction, None, **checklist_message(bot, state))


class ConfirmSetup(discord.ui.View):
    """Confirm or cancel the links that /onboarding setup proposes."""

    def __init__(self, cog: Onboarding, admin_id: int, proposals: list[tuple[discord.Role, str]]) -> None:
        super().__init__(timeout=900)
        self.cog = cog
        self.admin_id = admin_id
        self.proposals = proposals

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        perms = getattr(interaction.user, "guild_permissions", None)
        if interaction.user.id != self.admin_id or not (perms and perms.manage_guild):
            await send_ephemeral(interaction, "Only the admin who ran `/onboarding setup` can confirm it.")
            return False
        return True

    @discord.ui.button(label="Link them all", style=discord.ButtonStyle.success)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        now = discord.utils.utcnow()
        for role, post_id in self.proposals:
            await self.cog.bot.store.link_role(role.guild.id, role.id, post_id, interaction.user.id, now)
        self.stop()
        await interaction.response.edit_message(
            content=f"Linked {len(self.proposals)} roles. Members who hold them get their welcome now.",
            view=None,
        )
        await self.cog.sync_guild(interaction.guild)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content="Nothing was linked.", view=None)


class OnboardingCommands(
    app_commands.Group,
    name="onboarding",
    description="Set up officer onboarding (admins)",
    guild_only=True,
    default_permissions=MANAGE,
):
    """The /onboarding commands; hidden from members and checked again on every call."""

    def __init__(self, cog: Onboarding) -> None:
        super().__init__()
        self.cog = cog

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        perms = getattr(interaction.user, "guild_permissions", None)
        if interaction.guild is None or not (perms and perms.manage_guild):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    async def _post_autocomplete(self, interaction: discord.Interaction, current: str):
        posts = suggest_posts(self.cog.bot.matcher, current, limit=25)
        return [app_commands.Choice(name=p.title, value=p.id) for p in posts]

    @app_commands.command(name="link", description="Link a Discord role to an officer post")
    @app_commands.describe(role="The Discord role officers are given", post="The officer post")
    async def link(self, interaction: discord.Interaction, role: discord.Role, post: str) -> None:
        """Members given ``role`` get the welcome and checklist for ``post``."""
        bot = self.cog.bot
        found = self.cog.post_for_link(post)
        if found is None:
            near = suggest_posts(bot.matcher, post, limit=3)
            hint = f" Did you mean {' or '.join(f'**{p.title}**' for p in near)}?" if near else ""
            await send_ephemeral(
                interaction, f"I don't know that post.{hint} Pick one from the list, or see `/roles`."
            )
            return
        if role.is_default() or role.managed:
            await send_ephemeral(
                interaction, f"{role.mention} can't be linked: pick a role you give to officers."
            )
            return
        await bot.store.link_role(
            interaction.guild.id, role.id, found.id, interaction.user.id, discord.utils.utcnow()
        )
        holders = [m for m in role.members if not m.bot]
        already = (
            f" {len(holders)} member(s) already have it; those not yet welcomed get their welcome now."
            if holders
            else ""
        )
        await send_ephemeral(
            interaction,
            f"Linked {role.mention} to **{found.title}**. Members given this role get a welcome DM and the "
            f"checklist.{already}",
        )
        await self.cog.sync_guild(interaction.guild)

    @link.autocomplete("post")
    async def _link_post(self, interaction: discord.Interaction, current: str):
        return await self._post_autocomplete(interaction, current)

    @app_commands.command(name="unlink", description="Stop linking a Discord role to a post")
    async def unlink(self, interaction: discord.Interaction, role: discord.Role) -> None:
        """Remove a link; existing checklists and progress are kept."""
        removed = await self.cog.bot.store.unlink_role(interaction.guild.id, role.id)
        text = (
            f"Unlinked {role.mention}. Existing checklists and progress are kept."
            if removed
            else f"{role.mention} was not linked to a post."
        )
        await send_ephemeral(interaction, text)

    @app_commands.command(name="links", description="List which Discord roles are linked to which posts")
    async def links(self, interaction: discord.Interaction) -> None:
        """Every link in this server."""
        bot = self.cog.bot
        links = await bot.store.links(interaction.guild.id)
        if not links:
            await send_ephemeral(
                interaction, "No roles are linked yet. Try `/onboarding setup` or `/onboarding link`."
            )
            return
        lines = [
            f"<@&{role_id}> → **{getattr(bot.catalogue.get(post_id), 'title', post_id)}**"
            for role_id, post_id in links.items()
        ]
        fallback = await bot.store.fallback_channel(interaction.guild.id)
        lines.append(f"Fallback channel for undeliverable DMs: {f'<#{fallback}>' if fallback else 'not set'}")
        await send_ephemeral(interaction, clip("\n".join(lines), 2000))

    @app_commands.command(name="setup", description="Propose links for roles whose names match posts")
    async def setup(self, interaction: discord.Interaction) -> None:
        """Match the server's role names to posts and ask for one confirmation."""
        bot = self.cog.bot
        linked = await bot.store.links(interaction.guild.id)
        proposals: list[tuple[discord.Role, str]] = []
        for role in interaction.guild.roles:
            if role.is_default() or role.managed or role.id in linked:
                continue
            post_id = self.cog.post_for_role_name(role.name)
            if post_id:
                proposals.append((role, post_id))
        if not proposals:
            await send_ephemeral(
                interaction,
                "I found no unlinked roles whose names match a post. "
                "Use `/onboarding link` to link one by hand.",
            )
            return
        lines = [f"{role.mention} → **{bot.catalogue.get(post_id).title}**" for role, post_id in proposals]
        await send_ephemeral(
            interaction,
            clip("I suggest these links:\n" + "\n".join(lines) + "\nLink them all?", 2000),
            view=ConfirmSetup(self.cog, interaction.user.id, proposals),
        )

    @app_commands.command(name="fallback", description="Where to turn when a welcome DM can't be delivered")
    async def fallback(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        """Set the channel for notices to officers whose DMs are closed."""
        me = interaction.guild.me
        perms = channel.permissions_for(me) if me else None
        if perms is not None and not (perms.view_channel and perms.send_messages):
            await send_ephemeral(
                interaction,
                f"I can't post in {channel.mention}: give me View Channel and Send Messages there.",
            )
            return
        await self.cog.bot.store.set_fallback_channel(
            interaction.guild.id, channel.id, discord.utils.utcnow()
        )
        await send_ephemeral(
            interaction, f"When a welcome DM can't be delivered, I'll post a notice in {channel.mention}."
        )

    @app_commands.command(name="progress", description="Every officer's checklist progress (or one member's)")
    @app_commands.describe(member="Show one member in detail")
    async def progress(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        """Post, progress, last activity and welcome delivery for every officer in this server."""
        bot = self.cog.bot
        officers = await bot.store.officers(
            guild_id=interaction.guild.id, user_id=member.id if member else None
        )
        if not officers:
            who = f"{member.mention} has no" if member else "Nobody has an"
            await send_ephemeral(interaction, f"{who} officer checklist in this server yet.")
            return
        states = [s for o in officers if (s := await checklist_state(bot.store, bot.catalogue, o))]
        if not states:
            await send_ephemeral(interaction, "None of these records' posts is in the catalogue any more.")
            return
        if member:
            embeds = [self._detail_embed(interaction.guild, s) for s in states]
        else:
            embeds = self._summary_embeds(states)
        messages = _messages_of(embeds)
        await interaction.response.send_message(
            embeds=messages[0], ephemeral=True, allowed_mentions=NO_MENTIONS
        )
        for embeds_of_message in messages[1:]:
            await interaction.followup.send(
                embeds=embeds_of_message, ephemeral=True, allowed_mentions=NO_MENTIONS
            )

    def _summary_embeds(self, states: list[ChecklistState]) -> list[discord.Embed]:
        lines = [self.cog.summary_line(s) for s in states]
        embeds, current = [], ""
        for line in lines:
            if len(current) + len(line) + 1 > 3900:
                embeds.append(current)
                current = ""
            current = f"{current}\n{line}" if current else line
        embeds.append(current)
        active = sum(1 for s in states if s.officer.active)
        undelivered = sum(1 for s in states if s.officer.welcome_status != "delivered")
        title = f"Officer onboarding: {active} active, {undelivered} welcome(s) not delivered"
        # Discord allows 6000 characters across one message's embeds: one page per message
        return [
            discord.Embed(title=title if i == 0 else f"{title} (continued)", description=text, colour=COLOUR)
            for i, text in enumerate(embeds)
        ]

    def _detail_embed(self, guild: discord.Guild, state: ChecklistState) -> discord.Embed:
        embed = checklist_embed(state, guild.name)
        o = state.officer
        embed.add_field(name="Officer", value=f"<@{o.user_id}>", inline=True)
        embed.add_field(name="Started", value=_when(o.started_at), inline=True)
        embed.add_field(name="Ended", value=_when(o.ended_at) if o.ended_at else "still in post", inline=True)
        embed.add_field(name="Last activity", value=_when(o.last_activity_at), inline=True)
        embed.add_field(name="Welcome", value=clip(self.cog.welcome_text(o), 1024), inline=False)
        return embed

    @app_commands.command(name="export", description="Download everyone's progress as a CSV file")
    async def export(self, interaction: discord.Interaction) -> None:
        """A CSV with one row per officer record in this server."""
        bot = self.cog.bot
        officers = await bot.store.officers(guild_id=interaction.guild.id)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                "member_id",
                "member",
                "post_id",
                "post",
                "done",
                "total",
                "done_steps",
                "started_at",
                "ended_at",
                "last_activity_at",
                "welcome_status",
                "welcome_error",
            ]
        )
        for officer in officers:
            state = await checklist_state(bot.store, bot.catalogue, officer)
            member = interaction.guild.get_member(officer.user_id)
            writer.writerow(
                [
                    officer.user_id,
                    member.display_name if member else "(left the server)",
                    officer.post_id,
                    state.post.title if state else officer.post_id,
                    state.done_count if state else "",
                    state.total if state else "",
                    " ".join(sorted(state.done)) if state else "",
                    officer.started_at.isoformat(),
                    officer.ended_at.isoformat() if officer.ended_at else "",
                    officer.last_activity_at.isoformat(),
                    officer.welcome_status,
                    officer.welcome_error or "",
                ]
            )
        data = io.BytesIO(buffer.getvalue().encode("utf-8"))
        await interaction.response.send_message(
            f"Progress of {len(officers)} officer record(s).",
            file=discord.File(data, filename=f"officer-progress-{interaction.guild.id}.csv"),
            ephemeral=True,
        )


class Onboarding(commands.Cog):
    """Welcomes officers when they gain a linked role, and tracks their checklists."""

    def __init__(self, bot: OfficerBot) -> None:
        self.bot = bot
        self._welcomes = asyncio.Semaphore(CONCURRENT_WELCOMES)
        # Earliest time a reminder can be due (None: scan on the next tick). Activity only moves
        # an officer's due time later, so only a (re-)opened record needs an earlier scan.
        self._next_reminder: datetime | None = None
        self.commands = OnboardingCommands(self)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.commands)
        self.bot.add_dynamic_items(TickButton, ShowChecklistButton)
        self.reminders.start()

    async def cog_unload(self) -> None:
        self.reminders.cancel()
        self.bot.tree.remove_command(self.commands.name)
        self.bot.remove_dynamic_items(TickButton, ShowChecklistButton)

    # -- helpers ------------------------------------------------------------------------
    def post_for_role_name(self, name: str) -> str | None:
        """The post a Discord role's name stands for ("CLP Treasurer", "TULO"), if clear."""
        named = [n for n in self.bot.matcher.named_posts(name) if n[0] in self.bot.catalogue.posts]
        if not named:
            return None
        post_id, similarity, _ = named[0]
        return post_id if similarity >= 0.85 else None

    def post_for_link(self, text: str) -> Post | None:
        """The post an admin named for a link: its id (what autocomplete sends) or a clear name.

        Not the loose fuzzy match ``/role`` uses: a link sends welcomes, so an unknown name is
        refused rather than linked to the nearest-looking post.
        """
        text = text.strip()
        post_id = text if text in self.bot.catalogue.posts else self.post_for_role_name(text)
        return self.bot.catalogue.posts.get(post_id) if post_id else None

    def welcome_text(self, officer: Officer) -> str:
        if officer.welcome_status == "delivered":
            return f"delivered {_when(officer.welcome_at)}"
        if officer.welcome_status == "failed":
            return f"NOT delivered ({officer.welcome_error or 'unknown error'}); they can use /checklist"
        return "pending"

    def summary_line(self, state: ChecklistState) -> str:
        o = state.officer
        status = "ended " + _when(o.ended_at) if o.ended_at else "active"
        welcome = "✅ welcomed" if o.welcome_status == "delivered" else f"⚠️ welcome {self.welcome_text(o)}"
        return (
            f"<@{o.user_id}> · **{state.post.title}** · {state.progress_text()} · last activity "
            f"{_when(o.last_activity_at)} · {status} · {clip(welcome, 200)}"
        )

    async def _posts_for(self, member: discord.Member, links: dict[int, str]) -> set[str]:
        return {links[r.id] for r in member.roles if r.id in links}

    # -- welcomes -----------------------------------------------------------------------
    async def start_post(self, member: discord.Member, post_id: str) -> None:
        """Open (or re-open) the member's record; the first time, send the welcome."""
        officer, needs_welcome = await self.bot.store.start_officer(
            member.guild.id, member.id, post_id, discord.utils.utcnow()
        )
        self._next_reminder = None  # a re-opened record may be due at once
        if needs_welcome:
            async with self._welcomes:
                await self.send_welcome(member, officer)

    async def send_welcome(self, member: discord.Member, officer: Officer) -> None:
        state = await checklist_state(self.bot.store, self.bot.catalogue, officer)
        if state is None:
            return
        post = state.post
        text = (
            f"Welcome, {discord.utils.escape_markdown(member.display_name)}: you are now "
            f"**{post.title}** in **{discord.utils.escape_markdown(member.guild.name)}**. "
            "Congratulations!\n\n"
            f"{post.summary}\n\nHere is your checklist of first steps. Click a number to tick a step "
            "(click again to untick); your progress is saved. Use `/role` for every duty and `/checklist` "
            "to see this again."
        )
        try:
            await member.send(
                clip(text, 2000),
                **checklist_message(self.bot, state),
                allowed_mentions=NO_MENTIONS,
            )
        except discord.HTTPException as exc:
            reason = f"HTTP {exc.status}, code {exc.code}: {exc.text or type(exc).__name__}"
            await self.bot.store.record_welcome(officer.id, False, clip(reason, 300), discord.utils.utcnow())
            await self.fallback_notice(member, officer)
            return
        await self.bot.store.record_welcome(officer.id, True, None, discord.utils.utcnow())

    async def fallback_notice(self, member: discord.Member, officer: Officer) -> None:
        """Tell the officer in the fallback channel, mentioning only them."""
        channel_id = await self.bot.store.fallback_channel(member.guild.id)
        channel = member.guild.get_channel(channel_id) if channel_id else None
        if channel is None:
            return  # admins see the failure in /onboarding progress
        post = self.bot.catalogue.get(officer.post_id)
        view = discord.ui.View(timeout=None)
        view.add_item(ShowChecklistButton(officer.id))
        try:
            await channel.send(
                f"{member.mention}, welcome as **{post.title}**! I couldn't send you a DM (your DMs may be "
                "closed), so click below to see your checklist, or use `/checklist`.",
                view=view,
                allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, users=[member]),
            )
        except discord.HTTPException:
            log.warning(
                "fallback notice for %s in guild %s failed", member.id, member.guild.id, exc_info=True
            )

    async def sync_guild(self, guild: discord.Guild) -> None:
        """Bring records in line with who holds linked roles now (start-up catch-up)."""
        links = await self.bot.store.links(guild.id)
        if not links:
            return
        if not guild.chunked:
            await guild.chunk()  # the full member list, so nobody is missed or wrongly ended
        now = discord.utils.utcnow()
        holding: set[tuple[int, str]] = set()
        starts = []
        for member in guild.members:
            if member.bot:
                continue
            for post_id in await self._posts_for(member, links):
                holding.add((member.id, post_id))
                starts.append(self.start_post(member, post_id))
        await asyncio.gather(*starts, return_exceptions=False)
        linked_posts = set(links.values())
        for officer in await self.bot.store.officers(guild_id=guild.id, active_only=True):
            if officer.post_id in linked_posts and (officer.user_id, officer.post_id) not in holding:
                await self.bot.store.end_officer(officer.id, now)

    # -- events -------------------------------------------------------------------------
    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Catch up after a restart: welcomes claimed but never sent, then role changes."""
        for guild in self.bot.guilds:
            try:
                await self.retry_pending(guild)
                await self.sync_guild(guild)
            except Exception:
                log.exception("catch-up failed for guild %s", guild.id)

    async def retry_pending(self, guild: discord.Guild) -> None:
        """Send welcomes whose claim was stored but whose send never finished (a crash)."""
        pending = [
            o
            for o in await self.bot.store.officers(guild_id=guild.id, active_only=True)
            if o.welcome_status == "pending"
        ]
        if pending and not guild.chunked:
            await guild.chunk()
        for officer in pending:
            member = guild.get_member(officer.user_id)
            if member is not None:
                async with self._welcomes:
                    await self.send_welcome(member, officer)

    @commands.Cog.listener()
    async def on_guild_role_delete(self, role: discord.Role) -> None:
        """A deleted role can't be given any more: drop its link (records are kept)."""
        await self.bot.store.unlink_role(role.guild.id, role.id)

    @commands.Cog.listener()
    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        if before.roles == after.roles or after.bot:
            return
        links = await self.bot.store.links(after.guild.id)
        if not links:
            return
        had = await self._posts_for(before, links)
        has = await self._posts_for(after, links)
        for post_id in sorted(has - had):
            await self.start_post(after, post_id)
        for post_id in sorted(had - has):
            officer = await self.bot.store.officer_for(after.guild.id, after.id, post_id)
            if officer is not None:
                await self.bot.store.end_officer(officer.id, discord.utils.utcnow())

    @commands.Cog.listener()
    async def on_member_remove(self, member: discord.Member) -> None:
        for officer in await self.bot.store.officers(
            guild_id=member.guild.id, user_id=member.id, active_only=True
        ):
            await self.bot.store.end_officer(officer.id, discord.utils.utcnow())

    # -- /checklist ---------------------------------------------------------------------
    @app_commands.command(name="checklist", description="Your officer checklist(s) and progress")
    async def checklist(self, interaction: discord.Interaction) -> None:
        """Show the member their own checklists, with buttons to tick steps."""
        officers = await self.bot.store.officers(
            guild_id=interaction.guild.id if interaction.guild else None, user_id=interaction.user.id
        )
        officers = [o for o in officers if o.active] or officers
        states = [s for o in officers if (s := await checklist_state(self.bot.store, self.bot.catalogue, o))]
        if not states:
            await send_ephemeral(
                interaction,
                "You have no officer checklist yet. You get one when the server's admins give you an "
                "officer role. Meanwhile `/roles` and `/role` show every post's duties.",
            )
            return
        for state in states:
            await send_ephemeral(interaction, None, **checklist_message(self.bot, state))

    # -- reminders ----------------------------------------------------------------------
    @tasks.loop(hours=1)
    async def reminders(self) -> None:
        """One gentle DM per period to officers with open steps and no recent activity."""
        days = self.bot.settings.reminder_days
        if days <= 0 or not self.bot.is_ready():
            return
        now = discord.utils.utcnow()
        if self._next_reminder is not None and now < self._next_reminder:
            return  # nobody can be due before then: skip the scan
        period = timedelta(days=days)
        next_reminder = now + period
        for officer in await self.bot.store.officers(active_only=True):
            due = max(officer.last_activity_at, officer.reminded_at or officer.last_activity_at) + period
            if now < due:
                next_reminder = min(next_reminder, due)
                continue
            state = await checklist_state(self.bot.store, self.bot.catalogue, officer)
            guild = self.bot.get_guild(officer.guild_id)
            member = guild.get_member(officer.user_id) if guild else None
            if member is None:
                next_reminder = now  # their server may be unavailable for now: look again next time
            if state is None or not state.open_steps or member is None:
                continue
            await self.bot.store.record_reminder(officer.id, now)
            try:
                await member.send(
                    f"A gentle reminder from **{discord.utils.escape_markdown(guild.name)}**: your "
                    f"**{state.post.title}** checklist is {state.progress_text()}. Next up: "
                    f"{state.open_steps[0].text}. No rush; tick steps when you get to them.",
                    **checklist_message(self.bot, state),
                    allowed_mentions=NO_MENTIONS,
                )
            except discord.HTTPException:
                log.info("reminder to %s not delivered", officer.user_id)
        self._next_reminder = next_reminder


async def setup(bot: OfficerBot) -> None:
    await bot.add_cog(Onboarding(bot))
