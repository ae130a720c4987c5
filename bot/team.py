"""The officer team of one server: who holds each post, vacancies, handover between officers.

Plain Python over the store and the catalogue. Names come from Discord, so callers pass a
function that gives a member's name; everything here works on ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from .catalogue import Catalogue, Post
from .store import HandoverNotes, Officer, Store

GROUPS = (("key", "Key posts"), ("functional", "Functional posts"), ("other", "Other posts"))
NOTE_FIELDS = (
    ("in_progress", "What's in progress"),
    ("contacts", "Contacts and where things are kept"),
    ("anything_else", "Anything else your successor should know"),
)


@dataclass(frozen=True)
class PostHolders:
    """One post in the directory: who holds it now (empty: vacant) and whether a role is linked."""

    post: Post
    holders: list[Officer]
    linked: bool


@dataclass(frozen=True)
class Directory:
    """The constituency directory of one server, grouped as key, functional and other posts."""

    groups: list[tuple[str, list[PostHolders]]]
    key_filled: int
    key_total: int


@dataclass(frozen=True)
class Handover:
    """What a new officer is told about their post: who held it before, their notes, and who
    shares it with them now."""

    predecessor: Officer | None = None
    notes: HandoverNotes | None = None
    sharing: list[Officer] = field(default_factory=list)


class Team:
    """Read and write the officer team of each server."""

    def __init__(self, store: Store, catalogue: Catalogue) -> None:
        self.store = store
        self.catalogue = catalogue

    async def directory(self, guild_id: int, links: Mapping[int, str]) -> Directory:
        """Every linked or held post with its holders; the key posts always (one read)."""
        held: dict[str, list[Officer]] = {}
        for officer in await self.store.active_officers(guild_id):
            held.setdefault(officer.post_id, []).append(officer)
        linked = set(links.values())
        posts = sorted(self.catalogue.posts.values(), key=lambda p: p.title)
        groups = []
        for group, title in GROUPS:
            rows = [
                PostHolders(p, held.get(p.id, []), p.id in linked)
                for p in posts
                if p.group == group and (group == "key" or p.id in linked or p.id in held)
            ]
            if rows:
                groups.append((title, rows))
        key = [p for p in posts if p.group == "key"]
        return Directory(groups, sum(1 for p in key if held.get(p.id)), len(key))

    async def holders(self, guild_id: int, post_id: str) -> list[Officer]:
        """Who holds the post in the server now, longest in post first."""
        return await self.store.holders_of(guild_id, post_id)

    async def handover(self, officer: Officer) -> Handover:
        """For a new officer's welcome: predecessor, the latest notes, and who shares the post."""
        predecessor = await self.store.predecessor(officer.guild_id, officer.post_id, officer.user_id)
        notes = await self.store.latest_handover_notes(officer.guild_id, officer.post_id)
        return Handover(predecessor, notes, await self.sharing(officer))

    async def sharing(self, officer: Officer) -> list[Officer]:
        """The others who hold the same post in the same server now (a job-share)."""
        return [
            o for o in await self.holders(officer.guild_id, officer.post_id) if o.user_id != officer.user_id
        ]

    async def write_notes(
        self, officer_id: int, user_id: int, fields: Mapping[str, str], now: datetime
    ) -> tuple[HandoverNotes, list[Officer]] | None:
        """Store the notes an officer wrote for their post; None if the record is not theirs.

        Returns the notes and the post's current holders who were already welcomed (they
        get the notes now; anyone welcomed later gets them in their welcome).
        """
        officer = await self.store.own_officer(officer_id, user_id)
        if officer is None:
            return None
        notes = await self.store.add_handover_notes(officer, user_id, fields, now)
        holders = await self.holders(officer.guild_id, officer.post_id)
        return notes, [o for o in holders if o.user_id != user_id and o.welcome_status != "pending"]

    async def latest_notes(self, guild_id: int, post_id: str) -> HandoverNotes | None:
        return await self.store.latest_handover_notes(guild_id, post_id)

    async def may_read_notes(self, guild_id: int, post_id: str, user_id: int) -> bool:
        """Whether the member holds the post (admins may always read them)."""
        return any(o.user_id == user_id for o in await self.holders(guild_id, post_id))
