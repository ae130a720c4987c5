"""Handover notes as they are written: stored, thanked for, and passed to the post's holders."""

from __future__ import annotations

import logging

import discord

from bot.client import NO_MENTIONS
from bot.interactions import officer_bot, send_ephemeral

from .render import names_in, notes_embed

log = logging.getLogger(__name__)


async def notes_written(interaction: discord.Interaction, officer_id: int, fields: dict[str, str]) -> None:
    """The outgoing officer submitted the handover form: store the notes, thank them, and DM
    them to the post's current holders who were already welcomed."""
    bot = officer_bot(interaction)
    if not any(text.strip() for text in fields.values()):
        await send_ephemeral(
            interaction, "The form was empty, so nothing was saved. You can write notes later."
        )
        return
    written = await bot.team.write_notes(officer_id, interaction.user.id, fields, discord.utils.utcnow())
    if written is None:
        await send_ephemeral(interaction, "These handover notes belong to someone else's post.")
        return
    notes, holders = written
    post = bot.catalogue.get(notes.post_id)
    guild = bot.get_guild(notes.guild_id)
    name_of = names_in(guild)
    await send_ephemeral(
        interaction,
        "Thank you: your notes are saved. Whoever takes over the post gets them with their welcome"
        + (", and its current holders have them now." if holders else "."),
    )
    if post is None or guild is None:
        return
    embed = notes_embed(notes, post, name_of(notes.author_id))
    for holder in holders:
        member = guild.get_member(holder.user_id)
        if member is None:
            continue
        try:
            await member.send(
                f"{name_of(notes.author_id)} wrote handover notes for **{post.title}** in "
                f"**{discord.utils.escape_markdown(guild.name)}**:",
                embed=embed,
                allowed_mentions=NO_MENTIONS,
            )
        except discord.HTTPException as exc:
            log.info("handover notes to %s not delivered: %s", holder.user_id, exc)
