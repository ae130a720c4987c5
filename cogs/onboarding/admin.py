"""``/onboarding``: the admins' commands (Manage Server), as one group cog."""

from __future__ import annotations

import io

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import OfficerBot
from bot.interactions import did_you_mean, is_manager, post_choices, send_ephemeral
from bot.ui import Pager, clip

from .render import MESSAGE_TEXT, detail_pages, escape, progress_pages
from .views import ConfirmSetup
from .welcomes import Welcomes

PAGES_TIMEOUT = 900  # seconds the progress pager's buttons work
PAGES_REFUSAL = "These pages belong to the admin who asked; run `/onboarding progress` yourself."


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class OnboardingAdmin(
    commands.GroupCog, group_name="onboarding", group_description="Set up officer onboarding"
):
    """Link roles to posts, see everyone's progress, export it. Hidden from members and checked
    again on every call."""

    def __init__(self, bot: OfficerBot, welcomes: Welcomes) -> None:
        self.bot = bot
        self.welcomes = welcomes
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if not is_manager(interaction):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    async def _post_autocomplete(self, interaction: discord.Interaction, current: str):
        return post_choices(self.bot.matcher, current)

    @app_commands.command(name="link", description="Link a Discord role to an officer post")
    @app_commands.describe(role="The Discord role officers are given", post="The officer post")
    @app_commands.autocomplete(post=_post_autocomplete)
    async def link(self, interaction: discord.Interaction, role: discord.Role, post: str) -> None:
        """Members given ``role`` get the welcome and checklist for ``post``."""
        onboarding = self.bot.onboarding
        found = onboarding.post_for_link(post)
        if found is None:
            await send_ephemeral(
                interaction,
                f"I don't know that post.{did_you_mean(self.bot.matcher, post)} Pick one from the list, "
                "or see `/roles`.",
            )
            return
        if role.is_default() or role.managed:
            await send_ephemeral(
                interaction, f"{role.mention} can't be linked: pick a role you give to officers."
            )
            return
        await onboarding.link(
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
        await self.welcomes.sync_guild(interaction.guild)

    @app_commands.command(name="unlink", description="Stop linking a Discord role to a post")
    async def unlink(self, interaction: discord.Interaction, role: discord.Role) -> None:
        """Remove a link; existing checklists and progress are kept."""
        removed = await self.bot.onboarding.unlink(interaction.guild.id, role.id)
        text = (
            f"Unlinked {role.mention}. Existing checklists and progress are kept."
            if removed
            else f"{role.mention} was not linked to a post."
        )
        await send_ephemeral(interaction, text)

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

    @app_commands.command(name="setup", description="Propose links for roles whose names match posts")
    async def setup(self, interaction: discord.Interaction) -> None:
        """Match the server's role names to posts and ask for one confirmation."""
        guild = interaction.guild
        roles = [r for r in guild.roles if not (r.is_default() or r.managed)]
        found = self.bot.onboarding.proposals(guild.id, [(r.id, r.name) for r in roles])
        if not found:
            await send_ephemeral(
                interaction,
                "I found no unlinked roles whose names match a post. "
                "Use `/onboarding link` to link one by hand.",
            )
            return
        proposals = [(guild.get_role(role_id), post_id) for role_id, post_id in found]
        lines = [
            f"{role.mention} → **{self.bot.catalogue.get(post_id).title}**" for role, post_id in proposals
        ]
        await send_ephemeral(
            interaction,
            clip("I suggest these links:\n" + "\n".join(lines) + "\nLink them all?", MESSAGE_TEXT),
            view=ConfirmSetup(interaction.user.id, proposals, self._link_all),
        )

    async def _link_all(
        self, interaction: discord.Interaction, proposals: list[tuple[discord.Role, str]]
    ) -> None:
        now = discord.utils.utcnow()
        for role, post_id in proposals:
            await self.bot.onboarding.link(role.guild.id, role.id, post_id, interaction.user.id, now)
        await interaction.response.edit_message(
            content=f"Linked {len(proposals)} roles. Members who hold them get their welcome now.", view=None
        )
        await self.welcomes.sync_guild(interaction.guild)

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
        await self.bot.store.set_fallback_channel(interaction.guild.id, channel.id, discord.utils.utcnow())
        await send_ephemeral(
            interaction, f"When a welcome DM can't be delivered, I'll post a notice in {channel.mention}."
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
        """A CSV with one row per officer record in this server."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild = interaction.guild

        def member_name(user_id: int) -> str | None:
            member = guild.get_member(user_id)
            return member.display_name if member else None

        count, text = await self.bot.onboarding.export_csv(guild.id, member_name)
        await interaction.edit_original_response(
            content=f"Progress of {count} officer record(s) in **{escape(guild.name)}**.",
            attachments=[
                discord.File(io.BytesIO(text.encode("utf-8")), filename=f"officer-progress-{guild.id}.csv")
            ],
        )
