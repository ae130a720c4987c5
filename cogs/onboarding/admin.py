"""``/onboarding``: the admins' commands (Manage Server), as one group cog."""

from __future__ import annotations

import io

import discord
from discord import app_commands
from discord.ext import commands

from bot.catalogue import Post
from bot.client import OfficerBot
from bot.english import day, plural
from bot.interactions import is_manager, known_post, require_manager, send_ephemeral
from bot.onboarding import RosterChange
from bot.ratelimit import limited_post_choices
from bot.ui import Pager, clip

from .local import LocalCommands
from .privacy import Confirm
from .recovery import fallback_report, resend_report
from .render import MESSAGE_TEXT, detail_pages, escape, progress_pages
from .retention import forget_guild
from .views import MAX_OPTIONS, ConfirmSetup
from .welcomes import Welcomes

PAGES_TIMEOUT = 900  # seconds the progress pager's buttons work
PAGES_REFUSAL = "These pages belong to the admin who asked; run `/onboarding progress` yourself."


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class OnboardingAdmin(
    LocalCommands, commands.GroupCog, group_name="onboarding", group_description="Set up officer onboarding"
):
    """Link roles to posts, see everyone's progress, export it. Hidden from members and checked
    again on every call."""

    def __init__(self, bot: OfficerBot, welcomes: Welcomes) -> None:
        self.bot = bot
        self.welcomes = welcomes
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return require_manager(interaction)

    @app_commands.command(name="link", description="Link a Discord role to an officer post")
    @app_commands.describe(
        role="The Discord role officers are given",
        post="The officer post",
        welcome_current="Also send the welcome DM to members who already have the role (default: no)",
    )
    @app_commands.autocomplete(post=limited_post_choices)
    async def link(
        self, interaction: discord.Interaction, role: discord.Role, post: str, welcome_current: bool = False
    ) -> None:
        """Members given ``role`` from now on get the welcome and checklist for ``post``; those who
        have it already are recorded as in post, and welcomed only with ``welcome_current``."""
        found = await known_post(interaction, post, " Pick one from the list, or see `/roles`.")
        if found is None:
            return
        if role.is_default() or role.managed:
            await send_ephemeral(
                interaction, f"{role.mention} can't be linked: pick a role you give to officers."
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        change = await self._link([(role, found)], interaction, welcome_current)
        holders = [m for m in role.members if not m.bot]
        if not holders:
            already = ""
        elif welcome_current:
            already = f" {plural(len(holders), 'member')} already have it: those not yet welcomed get it now."
        else:
            already = (
                f" {plural(len(holders), 'member')} already have it: they are recorded as in post, without a "
                "welcome DM, and can use `/checklist`."
            )
        ended = (
            f" {plural(len(change.ended), 'record')} of the post it was linked to before ended."
            if change.ended
            else ""
        )
        await interaction.edit_original_response(
            content=f"Linked {role.mention} to **{found.title}**. Members given this role from now on get a "
            f"welcome DM and the checklist.{already}{ended}"
        )

    async def _link(
        self, links: list[tuple[discord.Role, Post]], interaction: discord.Interaction, welcome: bool
    ) -> RosterChange:
        """Link each role to its post, then welcome (or not) and thank as the change says."""
        guild = interaction.guild
        change = await self.bot.onboarding.link_roles(
            guild.id,
            [(role.id, post.id) for role, post in links],
            interaction.user.id,
            discord.utils.utcnow(),
            await self.welcomes.members(guild),
            welcome,
        )
        await self.welcomes.carry_out(guild, change)
        return change

    @app_commands.command(name="unlink", description="Stop linking a Discord role to a post")
    async def unlink(self, interaction: discord.Interaction, role: discord.Role) -> None:
        """Remove a link; members who hold no other role for the post leave it (history is kept)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild = interaction.guild
        removed, change = await self.bot.onboarding.unlink(
            guild.id, role.id, await self.welcomes.members(guild), discord.utils.utcnow()
        )
        if not removed:
            await interaction.edit_original_response(content=f"{role.mention} was not linked to a post.")
            return
        ended = (
            f" {plural(len(change.ended), 'officer record')} ended" if change.ended else " No record ended"
        )
        await interaction.edit_original_response(
            content=f"Unlinked {role.mention}.{ended}; checklists and progress are kept."
        )
        await self.welcomes.carry_out(guild, change)

    @app_commands.command(name="end", description="End a member's time in a post by hand")
    @app_commands.describe(member="The officer", post="The post they no longer hold")
    @app_commands.autocomplete(post=limited_post_choices)
    async def end(self, interaction: discord.Interaction, member: discord.Member, post: str) -> None:
        """End the member's record for the post (it stays in the history; no more reminders)."""
        found = await known_post(interaction, post)
        if found is None:
            return
        ended = await self.bot.onboarding.end(
            interaction.guild.id, member.id, found.id, discord.utils.utcnow()
        )
        if ended is None:
            await send_ephemeral(interaction, f"{member.mention} is not recorded as **{found.title}** here.")
            return
        await send_ephemeral(
            interaction,
            f"{member.mention} is no longer recorded as **{found.title}**. Their checklist and progress are "
            "kept; they get no more reminders for it."
            + (
                " They still have a role linked to the post: take it away too."
                if self._holds(member, found)
                else ""
            ),
        )
        await self.welcomes.farewell_all(interaction.guild, [ended])

    def _holds(self, member: discord.Member, post: Post) -> bool:
        return post.id in self.bot.onboarding.posts_held(member.guild.id, [r.id for r in member.roles])

    @app_commands.command(name="links", description="List which Discord roles are linked to which posts")
    async def links(self, interaction: discord.Interaction) -> None:
        """Every link in this server."""
        links = self.bot.onboarding.links(interaction.guild.id)
        if not links:
            await send_ephemeral(
                interaction, "No roles are linked yet. Try `/onboarding setup` or `/onboarding link`."
            )
            return
        catalogue = self.bot.catalogue
        lines = [
            f"<@&{role_id}> → **{getattr(catalogue.get(post_id), 'title', post_id)}**"
            for role_id, post_id in sorted(links.items(), key=lambda item: (item[1], item[0]))
        ]
        fallback = await self.bot.store.fallback_channel(interaction.guild.id)
        lines.append(f"Fallback channel for undeliverable DMs: {f'<#{fallback}>' if fallback else 'not set'}")
        await send_ephemeral(interaction, clip("\n".join(lines), MESSAGE_TEXT))

    @app_commands.command(name="setup", description="Propose links for roles whose names are posts")
    async def setup(self, interaction: discord.Interaction) -> None:
        """Propose a link for each unlinked role whose name is exactly a post's; the admin unticks
        any, then links with or without welcoming the members who hold them now."""
        guild = interaction.guild
        roles = [r for r in guild.roles if not (r.is_default() or r.managed)]
        found = self.bot.onboarding.proposals(guild.id, [(r.id, r.name) for r in reversed(roles)])
        if not found:
            await send_ephemeral(
                interaction,
                "I found no unlinked roles whose names are a post's name. "
                "Use `/onboarding link` to link one by hand.",
            )
            return
        proposals = [(guild.get_role(role_id), self.bot.catalogue.get(post_id)) for role_id, post_id in found]
        shown = proposals[:MAX_OPTIONS]
        lines = [f"{role.mention} → **{post.title}**" for role, post in shown]
        more = (
            f"\n{len(proposals) - len(shown)} more matching roles are not shown: link these first, then run "
            "`/onboarding setup` again."
            if len(proposals) > len(shown)
            else ""
        )
        await send_ephemeral(
            interaction,
            clip(
                "I suggest these links (untick any you don't want):\n"
                + "\n".join(lines)
                + more
                + "\n**Link and welcome current holders** also sends the members who have these roles now "
                "their welcome DM; **Link only** records them as in post without a DM.",
                MESSAGE_TEXT,
            ),
            view=ConfirmSetup(interaction.user.id, shown, self._link_chosen),
        )

    async def _link_chosen(
        self, interaction: discord.Interaction, chosen: list[tuple[discord.Role, Post]], welcome: bool
    ) -> None:
        how = "Members who hold them get their welcome now." if welcome else "No welcome DMs were sent."
        await interaction.response.edit_message(
            content=f"Linked {plural(len(chosen), 'role')}: "
            + ", ".join(f"{role.mention} → **{post.title}**" for role, post in chosen)
            + f". {how}",
            view=None,
        )
        await self._link(chosen, interaction, welcome)

    @app_commands.command(name="agm", description="Record this CLP's AGM date (the party year runs from it)")
    @app_commands.describe(date="The AGM date, as YYYY-MM-DD (the next is assumed a year later)")
    async def agm(self, interaction: discord.Interaction, date: str) -> None:
        """Set the AGM date that dates the party year's duties."""
        try:
            agm = await self.bot.year.set_agm(interaction.guild.id, date, discord.utils.utcnow())
        except ValueError as exc:
            await send_ephemeral(interaction, str(exc))
            return
        await send_ephemeral(
            interaction,
            f"The AGM is recorded as **{day(agm)}**; the next is assumed a year later unless you set it "
            "again. `/calendar` shows what is due.",
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
        previous = await self.bot.store.fallback_channel(interaction.guild.id)
        await self.bot.store.set_fallback_channel(interaction.guild.id, channel.id, discord.utils.utcnow())
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await fallback_report(self.bot, self.welcomes, channel, previous)
        await interaction.edit_original_response(
            content=f"When a welcome DM can't be delivered, I'll post a notice in {channel.mention}.{report}"
        )

    @app_commands.command(name="progress", description="Every officer's checklist progress (or one member's)")
    @app_commands.describe(member="Show one member in detail")
    async def progress(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        """Post, progress, last activity and welcome delivery for every officer in this server."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild = interaction.guild
        states = await self.bot.onboarding.states(guild.id, member.id if member else None)
        if not states:
            who = f"{member.mention} has no" if member else "Nobody has an"
            await interaction.edit_original_response(content=f"{who} officer checklist in this server yet.")
            return
        pages = detail_pages(states, guild.name) if member else progress_pages(states)
        if len(pages) == 1:
            await interaction.edit_original_response(embed=pages[0])
            return
        view = Pager(pages, interaction.user.id, timeout=PAGES_TIMEOUT, refusal=PAGES_REFUSAL)
        await interaction.edit_original_response(embed=pages[0], view=view)
        view.interaction = interaction

    @app_commands.command(name="export", description="Download everyone's progress as a CSV file")
    async def export(self, interaction: discord.Interaction) -> None:
        """A CSV with one row per officer record in this server (UTF-8 with a BOM, for Excel)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild = interaction.guild

        def member_name(user_id: int) -> str | None:
            member = guild.get_member(user_id)
            return member.display_name if member else None

        count, text = await self.bot.onboarding.export_csv(guild.id, member_name)
        data = io.BytesIO(text.encode("utf-8-sig"))  # the BOM tells Excel it is UTF-8
        await interaction.edit_original_response(
            content=f"Progress of {count} officer record(s) in **{escape(guild.name)}**.",
            attachments=[discord.File(data, filename=f"officer-progress-{guild.id}.csv")],
        )

    @app_commands.command(
        name="forget-server", description="Delete everything the bot stores for this server"
    )
    async def forget_server(self, interaction: discord.Interaction) -> None:
        """After a confirmation: every link, setting, record, tick and handover note of this server."""

        async def forget(confirmed: discord.Interaction) -> None:
            if not is_manager(confirmed):  # lost Manage Server since asking
                await send_ephemeral(confirmed, "Only people who can manage this server can do that.")
                return
            await forget_guild(self.bot, confirmed.guild.id)
            await confirmed.response.edit_message(
                content="Deleted everything the bot stored for this server: role links, settings, officer "
                "records, ticks and handover notes. Link roles again to start afresh.",
                view=None,
            )

        await send_ephemeral(
            interaction,
            "Delete everything the bot stores for this server (role links, the fallback channel and AGM "
            "date, every officer record with its ticks, reminders and handover notes)? This can't be "
            "undone; the export (`/onboarding export`) is a copy of the progress if you want one first.",
            view=Confirm(interaction.user.id, "Yes, delete everything", forget),
        )

    @app_commands.command(name="resend", description="Send a member's welcome DM again (after it failed)")
    @app_commands.describe(member="The officer whose welcome to send again")
    async def resend(self, interaction: discord.Interaction, member: discord.Member) -> None:
        """Send the welcome again for each post the member holds here, and say how it went."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await resend_report(self.bot, self.welcomes, member)
        await interaction.edit_original_response(content=clip(report, MESSAGE_TEXT))
