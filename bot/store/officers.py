"""Role links, officer records, reminders and checklist ticks."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from .. import queries as q
from .base import MAX_SQLITE_INT, StoreBase
from .records import Officer, RecordChanges, Tick, _by_id, _dt, _officer, _ts, _with_steps

MAX_NUDGES = 3  # first-step reminders per record, in all


class OfficerStore(StoreBase):
    """Links, records and ticks (see :class:`bot.store.Store`)."""

    # -- role links and settings ------------------------------------------------------------
    async def link_role(
        self, guild_id: int, role_id: int, post_id: str, by: int | None, now: datetime
    ) -> None:
        params = {"guild_id": guild_id, "role_id": role_id, "post_id": post_id, "by": by, "now": _ts(now)}
        await self._write(q.LINK_ROLE, params)

    async def unlink_role(self, guild_id: int, role_id: int) -> bool:
        return bool(await self._write(q.UNLINK_ROLE, {"guild_id": guild_id, "role_id": role_id}))

    async def links(self, guild_id: int) -> dict[int, str]:
        """Discord role id -> post id, for one server."""
        rows = await self._rows(q.GUILD_LINKS, {"guild_id": guild_id})
        return {row["role_id"]: row["post_id"] for row in rows}

    async def all_links(self) -> dict[int, dict[int, str]]:
        """Server id -> (role id -> post id), for every server: one read at start-up."""
        links: dict[int, dict[int, str]] = {}
        for row in await self._rows(q.ALL_LINKS):
            links.setdefault(row["guild_id"], {})[row["role_id"]] = row["post_id"]
        return links

    async def set_fallback_channel(self, guild_id: int, channel_id: int | None, now: datetime) -> None:
        await self._write(
            q.SET_FALLBACK_CHANNEL, {"guild_id": guild_id, "channel_id": channel_id, "now": _ts(now)}
        )

    async def fallback_channel(self, guild_id: int) -> int | None:
        rows = await self._rows(q.FALLBACK_CHANNEL, {"guild_id": guild_id})
        return rows[0]["fallback_channel_id"] if rows else None

    # -- officer records --------------------------------------------------------------------
    async def apply(self, changes: RecordChanges, now: datetime) -> tuple[list[Officer], list[Officer]]:
        """Claim, re-open and end records in one transaction; returns (claimed, ended).

        A claim inserts a record only if none exists, so two events for the same grant
        never both get a new record (and never both send a welcome).
        """
        if not changes:
            return [], []
        now_text = _ts(now)
        claimed: list[Officer] = []
        ended: list[Officer] = []
        async with self.transaction() as db:
            if changes.claim:
                params = {
                    "claims": json.dumps([list(c) for c in changes.claim]),
                    "now": now_text,
                    "welcome_status": "pending" if changes.welcome else "not_sent",
                }
                async with db.execute(q.CLAIM_OFFICERS, params) as cur:
                    claimed = _by_id(await cur.fetchall())
            if changes.reopen:
                await db.execute(q.REOPEN_OFFICERS, {"ids": json.dumps(changes.reopen)})
            if changes.end:
                params = {"ids": json.dumps(changes.end), "now": now_text, "reason": changes.end_reason}
                async with db.execute(q.END_OFFICERS, params) as cur:
                    ended = _by_id(await cur.fetchall())
        return claimed, ended

    async def change_member_posts(
        self, guild_id: int, user_id: int, gained: Iterable[str], lost: Iterable[str], now: datetime
    ) -> tuple[list[Officer], list[Officer]]:
        """One member gained and lost posts: claim or re-open the gained, end the lost, in one
        transaction without a read. Returns (claimed: new, owed a welcome; ended)."""
        gained, lost = sorted(gained), sorted(lost)
        member = {"guild_id": guild_id, "user_id": user_id, "now": _ts(now)}
        claimed: list[Officer] = []
        ended: list[Officer] = []
        async with self.transaction() as db:
            if gained:
                claims = json.dumps([[guild_id, user_id, post_id] for post_id in gained])
                params = {"claims": claims, "now": member["now"], "welcome_status": "pending"}
                async with db.execute(q.CLAIM_OFFICERS, params) as cur:
                    claimed = _by_id(await cur.fetchall())
                reopen = sorted(set(gained) - {o.post_id for o in claimed})
                if reopen:
                    await db.execute(q.REOPEN_MEMBER_POSTS, {**member, "posts": json.dumps(reopen)})
            if lost:
                async with db.execute(q.END_MEMBER_POSTS, {**member, "posts": json.dumps(lost)}) as cur:
                    ended = _by_id(await cur.fetchall())
        return claimed, ended

    async def start_officer(
        self, guild_id: int, user_id: int, post_id: str, now: datetime
    ) -> tuple[Officer, bool]:
        """Record that a member holds a post. Returns (officer, needs_welcome).

        A new record needs a welcome; a record that had ended is re-opened with its
        progress kept and no second welcome.
        """
        existing = await self.officer_for(guild_id, user_id, post_id)
        if existing is None:
            (claimed,), _ = await self.apply(RecordChanges(claim=((guild_id, user_id, post_id),)), now)
            return claimed, True
        if not existing.active:
            await self.apply(RecordChanges(reopen=(existing.id,)), now)
            existing = await self.officer(existing.id)
        return existing, False

    async def claim_farewells(self, officer_ids: Iterable[int], now: datetime) -> list[Officer]:
        """Mark ended records' farewell DM as sent; returns those not marked before."""
        ids = list(officer_ids)
        if not ids:
            return []
        async with (
            self._lock,
            self.db.execute(q.CLAIM_FAREWELLS, {"ids": json.dumps(ids), "now": _ts(now)}) as cur,
        ):
            claimed = _by_id(await cur.fetchall())
        self.transactions += 1
        return claimed

    async def predecessor(self, guild_id: int, post_id: str, user_id: int) -> Officer | None:
        """The latest ended record of the post in the server held by someone else."""
        rows = await self._rows(q.PREDECESSOR, {"guild_id": guild_id, "post_id": post_id, "user_id": user_id})
        return _officer(rows[0]) if rows else None

    async def holders_of(self, guild_id: int, post_id: str) -> list[Officer]:
        """Who holds one post in one server now, longest in post first."""
        rows = await self._rows(q.HOLDERS_OF_POST, {"guild_id": guild_id, "post_id": post_id})
        return [_officer(row) for row in rows]

    async def active_officers(self, guild_id: int) -> list[Officer]:
        """Every record in post in the server, longest in post first."""
        return [_officer(row) for row in await self._rows(q.ACTIVE_IN_GUILD, {"guild_id": guild_id})]

    async def record_welcome(
        self, officer_id: int, delivered: bool, error: str | None, now: datetime
    ) -> None:
        status = "delivered" if delivered else "failed"
        await self._write(
            q.RECORD_WELCOME, {"id": officer_id, "status": status, "error": error, "now": _ts(now)}
        )

    async def record_reminders(self, officer_ids: Iterable[int], now: datetime) -> None:
        """Mark officers as reminded now, in one transaction."""
        ids = list(officer_ids)
        if ids:
            await self._write(q.RECORD_REMINDERS, {"ids": json.dumps(ids), "now": _ts(now)})

    async def officer(self, officer_id: int) -> Officer | None:
        if not 0 <= officer_id <= MAX_SQLITE_INT:
            return None  # no record can have it (a forged id)
        rows = await self._rows(q.OFFICER, {"id": officer_id})
        return _officer(rows[0]) if rows else None

    async def own_officer(self, officer_id: int, user_id: int) -> Officer | None:
        """The record, if it is the member's own: what a button or form press may act on."""
        officer = await self.officer(officer_id)
        return officer if officer is not None and officer.user_id == user_id else None

    async def officer_for(self, guild_id: int, user_id: int, post_id: str) -> Officer | None:
        rows = await self._rows(q.OFFICER_FOR, {"guild_id": guild_id, "user_id": user_id, "post_id": post_id})
        return _officer(rows[0]) if rows else None

    async def officers_with_steps(
        self, guild_id: int | None = None, user_id: int | None = None, active_only: bool = False
    ) -> list[tuple[Officer, frozenset[str]]]:
        """Officer records with the ids of their ticked steps, oldest first: one statement."""
        params = {"guild_id": guild_id, "user_id": user_id, "active_only": int(active_only)}
        return [_with_steps(row) for row in await self._rows(q.OFFICERS_WITH_STEPS, params)]

    async def officers(
        self, guild_id: int | None = None, user_id: int | None = None, active_only: bool = False
    ) -> list[Officer]:
        """Officer records, filtered by server and/or member, oldest first."""
        return [officer for officer, _ in await self.officers_with_steps(guild_id, user_id, active_only)]

    async def due_for_reminder(
        self, guild_ids: Iterable[int], cutoff: datetime, now: datetime
    ) -> list[tuple[Officer, frozenset[str]]]:
        """Active officers in these servers with no activity and no reminder since ``cutoff``,
        fewer than MAX_NUDGES nudges, reminders on and not snoozed at ``now``."""
        params = {
            "guild_ids": json.dumps(sorted(guild_ids)),
            "cutoff": _ts(cutoff),
            "now": _ts(now),
            "max_nudges": MAX_NUDGES,
        }
        return [_with_steps(row) for row in await self._rows(q.DUE_FOR_REMINDER, params)]

    async def next_reminder_base(self, guild_ids: Iterable[int], cutoff: datetime) -> datetime | None:
        """The earliest activity-or-reminder time among active officers not yet due at ``cutoff``."""
        params = {"guild_ids": json.dumps(sorted(guild_ids)), "cutoff": _ts(cutoff), "max_nudges": MAX_NUDGES}
        return _dt((await self._rows(q.NEXT_REMINDER_BASE, params))[0]["base"])

    async def next_snooze_end(self, guild_ids: Iterable[int], now: datetime) -> datetime | None:
        params = {"guild_ids": json.dumps(sorted(guild_ids)), "now": _ts(now), "max_nudges": MAX_NUDGES}
        return _dt((await self._rows(q.NEXT_SNOOZE_END, params))[0]["until"])

    async def record_reminder_error(self, officer_id: int, error: str) -> None:
        await self._write(q.RECORD_REMINDER_ERROR, {"id": officer_id, "error": error})

    async def snooze(self, officer_id: int, until: datetime) -> None:
        await self._write(q.SET_SNOOZE, {"id": officer_id, "until": _ts(until)})

    async def set_reminders_off(self, officer_id: int, off: bool) -> None:
        await self._write(q.SET_REMINDERS_OFF, {"id": officer_id, "off": int(off)})

    # -- ticks ------------------------------------------------------------------------------
    async def set_step(self, officer_id: int, step_id: str, done: bool, by: int, now: datetime) -> bool:
        """Set a step done or open, and mark the officer active, in one transaction.

        Returns whether anything changed: setting a step to the state it has writes nothing.
        """
        params = {"officer_id": officer_id, "step_id": step_id, "by": by, "now": _ts(now)}
        return await self._officer_acted(q.TICK_DONE if done else q.TICK_OPEN, params)

    async def ticks(self, officer_id: int) -> dict[str, Tick]:
        rows = await self._rows(q.TICKS, {"officer_id": officer_id})
        return {
            r["step_id"]: Tick(r["step_id"], bool(r["done"]), _dt(r["changed_at"]), r["changed_by"])
            for r in rows
        }

    async def done_steps(self, officer_id: int) -> set[str]:
        return {t.step_id for t in (await self.ticks(officer_id)).values() if t.done}
