"""The onboarding service: role links, officer records, checklists, reminders, export.

Plain Python over :class:`~bot.store.Store` and the catalogue, with no Discord import: the
cogs pass in ids and role sets, call one method per event, and render what comes back.
Links are cached in memory (loaded once, refreshed on every change), so a role change on a
role that is not linked touches no database.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from .catalogue import Catalogue, Post
from .checklists import ChecklistState, catalogue_steps, checklist_state
from .customise import Customisation
from .role_names import RoleNames
from .store import Officer, RecordChanges, Store

EXPORT_FIELDS = (
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
    "done_step_texts",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet reads these as a formula


def spreadsheet_safe(text: str) -> str:
    """``text`` as a spreadsheet shows it, never as a formula: one starting with ``= + - @``, a tab
    or a carriage return gets a leading single quote (OWASP's CSV injection advice)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class StepOutcome(Enum):
    """What pressing a step's button did."""

    CHANGED = "changed"
    UNCHANGED = "unchanged"  # the step already had that state (a second press)
    NOT_YOURS = "not_yours"  # no such record, or someone else's
    RETIRED = "retired"  # the step is not in the post's checklist (any more)


@dataclass(frozen=True)
class StepResult:
    outcome: StepOutcome
    state: ChecklistState | None = None


@dataclass(frozen=True)
class RosterChange:
    """Records a change claimed (each owed a welcome) and ended (each owed a farewell)."""

    claimed: list[Officer] = field(default_factory=list)
    ended: list[Officer] = field(default_factory=list)


class OnboardingService:
    """Everything onboarding decides; see the module docstring."""

    def __init__(self, store: Store, catalogue: Catalogue, local: Customisation | None = None) -> None:
        self.store = store
        self.catalogue = catalogue
        self.local = local  # each server's own steps (None: the catalogue's everywhere)
        self._catalogue_steps = {pid: catalogue_steps(post) for pid, post in catalogue.posts.items()}
        self.role_names = RoleNames(catalogue)
        self._links: dict[int, dict[int, str]] = {}
        # Reminders: nobody in these servers can be due before this time (None: scan next tick).
        # Activity only moves a due time later; a record re-opened or claimed resets it.
        self._no_reminder_before: datetime | None = None
        self._reminder_guilds: frozenset[int] = frozenset()

    async def load(self) -> None:
        """Read every server's links once (start-up)."""
        self._links = await self.store.all_links()

    # -- role links -------------------------------------------------------------------------
    def links(self, guild_id: int) -> dict[int, str]:
        """Role id -> post id for one server (from memory)."""
        return dict(self._links.get(guild_id, {}))

    def posts_held(self, guild_id: int, role_ids: Iterable[int]) -> set[str]:
        """The posts that these roles stand for in this server."""
        links = self._links.get(guild_id, {})
        return {links[r] for r in role_ids if r in links}

    async def link(
        self,
        guild_id: int,
        role_id: int,
        post_id: str,
        by: int | None,
        now: datetime,
        holders: Mapping[int, Iterable[int]],
        welcome: bool = False,
    ) -> RosterChange:
        """Link a role to a post (see :meth:`link_roles`)."""
        return await self.link_roles(guild_id, [(role_id, post_id)], by, now, holders, welcome)

    async def link_roles(
        self,
        guild_id: int,
        links: Iterable[tuple[int, str]],
        by: int | None,
        now: datetime,
        holders: Mapping[int, Iterable[int]],
        welcome: bool = False,
    ) -> RosterChange:
        """Link roles to posts ((role id, post id) pairs), then bring the records in line once:
        members who hold them now are recorded as in post (owed a welcome only if
        ``welcome``); relinking ends the records the old link gave."""
        for role_id, post_id in links:
            await self.store.link_role(guild_id, role_id, post_id, by, now)
            self._links.setdefault(guild_id, {})[role_id] = post_id
        return await self.sync(guild_id, holders, now, welcome=welcome)

    async def unlink(
        self, guild_id: int, role_id: int, holders: Mapping[int, Iterable[int]], now: datetime
    ) -> tuple[bool, RosterChange]:
        """Remove a link (False if it was not linked) and end the records of members who no
        longer hold any role linked to that post. Nothing is deleted."""
        removed = await self.store.unlink_role(guild_id, role_id)
        self._links.get(guild_id, {}).pop(role_id, None)
        return removed, await self.sync(guild_id, holders, now, welcome=False)

    def post_for_role_name(self, name: str) -> str | None:
        """The post a Discord role's name is, strictly (see :mod:`bot.role_names`)."""
        return self.role_names.post_for(name)

    def post_for_link(self, text: str) -> Post | None:
        """The post an admin named for a link: its id (what autocomplete sends) or a clear name.

        Not the loose fuzzy match ``/role`` uses: a link sends welcomes, so an unknown name is
        refused rather than linked to the nearest-looking post.
        """
        text = text.strip()
        post_id = text if text in self.catalogue.posts else self.post_for_role_name(text)
        return self.catalogue.posts.get(post_id) if post_id else None

    def proposals(self, guild_id: int, roles: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
        """(role id, post id) for each unlinked role whose name is a post's: what setup proposes."""
        linked = self._links.get(guild_id, {})
        found = []
        for role_id, name in roles:
            post_id = None if role_id in linked else self.post_for_role_name(name)
            if post_id:
                found.append((role_id, post_id))
        return found

    # -- officer records --------------------------------------------------------------------
    async def role_change(
        self, guild_id: int, user_id: int, before: Iterable[int], after: Iterable[int], now: datetime
    ) -> RosterChange:
        """A member's roles changed: open records for posts gained, end those for posts lost.

        A record that had ended is re-opened with its progress and no second welcome.
        """
        had, has = self.posts_held(guild_id, before), self.posts_held(guild_id, after)
        if had == has:
            return RosterChange()
        self._no_reminder_before = None  # a re-opened record may be due at once
        claimed, ended = await self.store.change_member_posts(guild_id, user_id, has - had, had - has, now)
        return RosterChange(claimed, ended)

    async def member_left(self, guild_id: int, user_id: int, now: datetime) -> None:
        """A member left the server: their active records end (and nobody DMs them)."""
        active = await self.store.officers(guild_id, user_id, active_only=True)
        await self.store.apply(RecordChanges(end=tuple(o.id for o in active), end_reason="left"), now)

    async def end(self, guild_id: int, user_id: int, post_id: str, now: datetime) -> Officer | None:
        """An admin ends a member's record by hand; None if they had no active record there.

        A record ended by hand is not re-opened by a catch-up while they still hold the role,
        only by the role being given again.
        """
        record = await self.store.officer_for(guild_id, user_id, post_id)
        if record is None or not record.active:
            return None
        _, ended = await self.store.apply(RecordChanges(end=(record.id,), end_reason="hand"), now)
        return ended[0] if ended else None

    async def sync(
        self,
        guild_id: int,
        holders: Mapping[int, Iterable[int]],
        now: datetime,
        welcome: bool = True,
        roles: Iterable[int] | None = None,
    ) -> RosterChange:
        """Bring records in line with who holds linked roles now (``holders``: member id ->
        role ids, every member who is not a bot; ``roles``: the ids of every role the server
        still has, to drop links to roles deleted meanwhile). Records claimed are owed a
        welcome only if ``welcome``. One read; nothing is written when nothing changed.
        """
        if roles is not None:
            existing = set(roles)
            for role_id in [r for r in self._links.get(guild_id, {}) if r not in existing]:
                await self.store.unlink_role(guild_id, role_id)
                self._links[guild_id].pop(role_id, None)
        holding = {
            (user_id, post_id)
            for user_id, role_ids in holders.items()
            for post_id in self.posts_held(guild_id, role_ids)
        }
        records = {(o.user_id, o.post_id): o for o in await self.store.officers(guild_id)}
        claim = [(guild_id, u, p) for u, p in sorted(holding) if (u, p) not in records]
        reopen = [
            records[key].id
            for key in sorted(holding)
            if key in records and not records[key].active and records[key].end_reason != "hand"
        ]
        end = [o.id for key, o in records.items() if o.active and key not in holding]
        changes = RecordChanges(tuple(claim), tuple(reopen), tuple(end), welcome=welcome)
        if changes.claim or changes.reopen:
            self._no_reminder_before = None
        claimed, ended = await self.store.apply(changes, now)
        return RosterChange(claimed if welcome else [], ended)

    async def claim_farewells(self, ended: Iterable[Officer], now: datetime) -> list[Officer]:
        """The ended records whose one farewell DM is owed now (marked as sent before sending)."""
        return await self.store.claim_farewells((o.id for o in ended if o.end_reason != "left"), now)

    async def pending_welcomes(self, guild_id: int) -> list[Officer]:
        """Active records whose welcome was claimed but never sent (a crash mid-send)."""
        return [
            o for o in await self.store.officers(guild_id, active_only=True) if o.welcome_status == "pending"
        ]

    async def record_welcome(
        self, officer_id: int, delivered: bool, error: str | None, now: datetime
    ) -> None:
        await self.store.record_welcome(officer_id, delivered, error, now)

    # -- checklists -------------------------------------------------------------------------
    async def checklist(self, officer_id: int) -> ChecklistState | None:
        """One record's checklist; None if there is no such record or its post is gone."""
        officer = await self.store.officer(officer_id)
        return await self.checklist_of_record(officer) if officer else None

    async def checklist_of_record(self, officer: Officer) -> ChecklistState | None:
        """The checklist of a record the caller already has (one read, for its ticks)."""
        return self.state_of(officer, frozenset(await self.store.done_steps(officer.id)))

    def state_of(self, officer: Officer, ticked: frozenset[str]) -> ChecklistState | None:
        """A record's checklist as its server shows it (local steps in, hidden steps out)."""
        post = self.catalogue.get(officer.post_id)
        if post is None or self.local is None:
            return checklist_state(
                self.catalogue, officer, ticked, self._catalogue_steps.get(officer.post_id)
            )
        steps = self.local.steps(officer.guild_id, post)
        return checklist_state(
            self.catalogue, officer, ticked, steps, self.local.hidden(officer.guild_id, post.id)
        )

    async def set_step(
        self, officer_id: int, user_id: int, step_id: str, done: bool, now: datetime
    ) -> StepResult:
        """The officer ``user_id`` sets one step of their own checklist done or open."""
        officer = await self.store.own_officer(officer_id, user_id)
        if officer is None:
            return StepResult(StepOutcome.NOT_YOURS)
        current = self.state_of(officer, frozenset())
        if current is None or current.step(step_id) is None:
            return StepResult(StepOutcome.RETIRED)
        changed = await self.store.set_step(officer.id, step_id, done, user_id, now)
        state = await self.checklist_of_record(officer)
        return StepResult(StepOutcome.CHANGED if changed else StepOutcome.UNCHANGED, state)

    async def states(
        self, guild_id: int | None = None, user_id: int | None = None, active_only: bool = False
    ) -> list[ChecklistState]:
        """Checklists of many records in one read (records whose post is gone are left out)."""
        rows = await self.store.officers_with_steps(guild_id, user_id, active_only)
        return [s for officer, done in rows if (s := self.state_of(officer, done))]

    async def checklists_of(self, guild_id: int | None, user_id: int) -> list[ChecklistState]:
        """A member's own checklists (in one server, or anywhere from a DM): the active ones, or
        every one they had if none is active."""
        states = await self.states(guild_id, user_id)
        return [s for s in states if s.officer.active] or states

    async def export_csv(self, guild_id: int, member_name: Callable[[int], str | None]) -> tuple[int, str]:
        """(number of records, CSV text) with one row per officer record in the server.

        ``member_name`` gives a member's display name, or None if they left the server. Names and
        step texts are :func:`spreadsheet_safe`; ``done_steps`` holds step ids, ``done_step_texts``
        the same steps' texts, in checklist order.
        """
        rows = await self.store.officers_with_steps(guild_id)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_FIELDS)
        for officer, done in rows:
            state = self.state_of(officer, done)
            name = member_name(officer.user_id)
            writer.writerow(
                [
                    officer.user_id,
                    spreadsheet_safe(name) if name is not None else "(left the server)",
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
                    "; ".join(spreadsheet_safe(s.text) for s in state.steps if s.id in state.done)
                    if state
                    else "",
                ]
            )
        return len(rows), buffer.getvalue()

    # -- reminders --------------------------------------------------------------------------
    async def claim_reminders(
        self,
        guild_ids: Iterable[int],
        now: datetime,
        days: int,
        reachable: Callable[[Officer], bool],
    ) -> list[ChecklistState]:
        """The first-step nudges due now, already recorded as sent: one per ``days`` without
        activity, at most MAX_NUDGES per record, to active officers with open steps who have
        not stopped or snoozed reminders and are ``reachable`` (still in a server the bot is in).
        ``days`` of 0 turns them off. Three reads and at most one write, and none at all until
        the earliest time anybody can be due.
        """
        guilds = frozenset(guild_ids)
        if days <= 0 or not guilds:
            return []
        if guilds == self._reminder_guilds and self._no_reminder_before and now < self._no_reminder_before:
            return []
        period = timedelta(days=days)
        cutoff = now - period
        rows = await self.store.due_for_reminder(guilds, cutoff, now)
        due = [
            s
            for officer, done in rows
            if (s := self.state_of(officer, done)) and s.open_steps and reachable(officer)
        ]
        await self.store.record_reminders((s.officer.id for s in due), now)
        next_base = await self.store.next_reminder_base(guilds, cutoff)
        snooze_end = await self.store.next_snooze_end(guilds, now)
        candidates = [now + period, *(t for t in (next_base and next_base + period, snooze_end) if t)]
        self._no_reminder_before = min(candidates)
        self._reminder_guilds = guilds
        return due

    async def snooze(self, officer_id: int, user_id: int, until: datetime) -> bool:
        """The officer snoozes their reminders; False if the record is not theirs."""
        officer = await self.store.own_officer(officer_id, user_id)
        if officer is None:
            return False
        await self.store.snooze(officer.id, until)
        self._no_reminder_before = None
        return True

    async def set_reminders(self, officer_id: int, user_id: int, on: bool) -> bool:
        """The officer stops (or turns back on) their reminders; False if not theirs."""
        officer = await self.store.own_officer(officer_id, user_id)
        if officer is None:
            return False
        await self.store.set_reminders_off(officer.id, not on)
        self._no_reminder_before = None
        return True
