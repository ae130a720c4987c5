"""Discord rendering of the catalogue: post pages within embed limits, the post list, a pager."""

from __future__ import annotations

from itertools import groupby

import discord

from .answers import local_label, undocumented_line
from .catalogue import Catalogue, Post
from .interactions import SafeView, send_ephemeral

# Discord's limits, with a margin where a title or footer shares the budget
EMBED_TOTAL = 5800  # Discord allows 6000 characters across one message's embeds
FIELD_VALUE = 1024
FIELD_NAME = 256
MAX_FIELDS = 25
DESCRIPTION = 4096
PAGE_DESCRIPTION = 3900  # a page's description, leaving room for its title and footer
COLOUR = discord.Colour(0xE4003B)  # Labour red
GROUP_TITLES = {"key": "Key posts", "functional": "Functional posts", "other": "Other posts"}


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, at a word boundary where one is near, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def pack_lines(lines: list[str], limit: int) -> list[str]:
    """``lines`` joined into as few texts as fit in ``limit`` characters each (a line longer
    than the limit is clipped), in order: the one packer for fields and pages."""
    texts: list[str] = []
    current = ""
    for line in lines:
        line = clip(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            texts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        texts.append(current)
    return texts


def line_fields(title: str, lines: list[str]) -> list[tuple[str, str]]:
    """(name, value) fields holding ``lines``, split so no value passes Discord's limit."""
    more = clip(f"{title} (continued)", FIELD_NAME)
    return [(title if i == 0 else more, text) for i, text in enumerate(pack_lines(lines, FIELD_VALUE))]


def post_fields(post: Post, catalogue: Catalogue) -> list[tuple[str, str]]:
    """The post's duties grouped as in the documents, each group with its source, then the
    checklist."""
    fields: list[tuple[str, str]] = []
    for (source, heading), duties in groupby(post.duties, key=lambda d: (d.source, d.heading)):
        source_title = catalogue.source_title(source)
        lines = [f"*From: {source_title}*"]
        for duty in duties:
            lines.append(f"• {local_label(duty)}{duty.text}")
        fields += line_fields(clip(heading or "Duties", FIELD_NAME), lines)
    if post.checklist:
        steps = [f"{n}. {step.text}" for n, step in enumerate(post.checklist, start=1)]
        fields += line_fields("Your first steps (the onboarding checklist)", steps)
    return fields


def post_description(post: Post, catalogue: Catalogue) -> str:
    parts = [post.summary]
    if not post.documented:
        parts.append(undocumented_line(post))
    for note in post.notes:
        where = catalogue.source_title(note.source)
        parts.append(f"{local_label(note)}*{note.text}* ({where})")
    return clip("\n\n".join(parts), DESCRIPTION)


def post_pages(post: Post, catalogue: Catalogue) -> list[discord.Embed]:
    """Embeds for one post, each within Discord's limits; more than one means paginate."""
    description = post_description(post, catalogue)
    pages: list[discord.Embed] = []

    def new_page() -> discord.Embed:
        embed = discord.Embed(title=post.title, colour=COLOUR)
        if not pages:
            embed.description = description
        pages.append(embed)
        return embed

    embed = new_page()
    for name, value in post_fields(post, catalogue):
        if len(embed.fields) >= MAX_FIELDS or len(embed) + len(name) + len(value) > EMBED_TOTAL:
            embed = new_page()
        embed.add_field(name=name, value=value, inline=False)
    return number_pages(pages, post.title)


def roles_embed(catalogue: Catalogue) -> discord.Embed:
    """Every post grouped as key, functional and other posts, one line each."""
    embed = discord.Embed(
        title="CLP officer posts",
        description="Use `/role name:<post>` for the duties and checklist of any post.",
        colour=COLOUR,
    )
    posts = sorted(catalogue.posts.values(), key=lambda p: p.title)
    for group, title in GROUP_TITLES.items():
        lines = [
            f"**{p.title}**: {clip(p.summary.split('. ')[0].rstrip('.'), 140)}"
            for p in posts
            if p.group == group
        ]
        for name, value in line_fields(title, lines):
            embed.add_field(name=name, value=value, inline=False)
    return embed


def number_pages(pages: list[discord.Embed], title: str) -> list[discord.Embed]:
    """Title each page "title (n/N)" with a footer hint, when there is more than one."""
    if len(pages) > 1:
        for number, page in enumerate(pages, start=1):
            page.title = clip(f"{title} ({number}/{len(pages)})", 256)
            page.set_footer(text="Use the buttons to turn the page.")
    return pages


class Pager(SafeView):
    """Previous/next buttons over a list of embeds, for the member who asked."""

    def __init__(
        self,
        pages: list[discord.Embed],
        owner_id: int,
        timeout: float = 600,
        refusal: str = "These pages belong to someone else; use `/role` to open your own.",
    ) -> None:
        super().__init__(timeout=timeout)
        self.pages = pages
        self.owner_id = owner_id
        self.refusal = refusal
        self.index = 0
        # the last interaction that showed the pages: its token edits the message at timeout
        self.interaction: discord.Interaction | None = None
        self._refresh()

    def _refresh(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await send_ephemeral(interaction, self.refusal)
            return False
        return True

    async def _show(self, interaction: discord.Interaction, step: int) -> None:
        self.index = max(0, min(len(self.pages) - 1, self.index + step))
        self._refresh()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)
        self.interaction = interaction

    async def on_timeout(self) -> None:
        """Grey the buttons out: after the timeout they would do nothing ("interaction failed")."""
        self.previous.disabled = self.next.disabled = True
        if self.interaction is not None:
            try:
                await self.interaction.edit_original_response(view=self)
            except discord.HTTPException:
                pass  # the message was deleted or the token expired: nothing left to update

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, -1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, 1)
