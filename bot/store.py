"""SQLite store (aiosqlite): role links, officers, checklist ticks. Plain Python, no Discord.

Every change is one transaction (:meth:`Store.transaction`), committed before the caller
touches Discord; a change that changes nothing writes nothing. Views over many officers are
one statement each. Times are passed in by the caller (the bot uses
``discord.utils.utcnow()``) and stored as ISO text. The schema is the ``.sql`` files in
``bot/migrations``, applied in order and counted with ``PRAGMA user_version``. The SQL itself
is named in :mod:`bot.queries`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from . import queries as q

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MAX_SQLITE_INT = 2**63 - 1
MAX_NUDGES = 3  # first-step reminders per record, in all
PeriodKey = tuple[int, str, str]  # (officer id, recurring item id, period)


def migrations() -> list[str]:
    """The schema scripts, in the order they are applied (``0001_initial.sql``, ...)."""
    return [path.read_text(encoding="utf-8") for path in sorted(MIGRATIONS_DIR.glob("[0-9]*.sql"))]


MIGRATIONS = migrations()


@dataclass(frozen=True)
class Officer:
    """One person's record in one post in one server."""

    id: int
    guild_id: int
    user_id: int
    post_id: str
    started_at: datetime
    ended_at: datetime | None
    welcome_status: str
    welcome_error: str | None
    welcome_at: datetime | None
    last_activity_at: datetime
    reminded_at: datetime | None
    end_reason: str | None = None  # 'role' (lost or unlinked), 'hand' (/onboarding end), 'left'
    farewell_at: datetime | None = None  # when the one farewell DM was claimed
    nudges: int = 0  # first-step reminders sent
    snoozed_until: datetime | None = None
    reminders_off: bool = False
    reminder_error: str | None = None

    @property
    def active(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class HandoverNotes:
    """What an outgoing officer wrote for whoever comes next in their post."""

    id: int
    guild_id: int
    post_id: str
    officer_id: int
    author_id: int
    in_progress: str
    contacts: str
    anything_else: str
    written_at: datetime


@dataclass(frozen=True)
class Tick:
    step_id: str
    done: bool
    changed_at: datetime
    changed_by: int


@dataclass(frozen=True)
class RecordChanges:
    """What one change to the officer records does: claims, re-opens and endings."""

    claim: tuple[tuple[int, int, str], ...] = ()  # (guild_id, user_id, post_id) to insert
    reopen: tuple[int, ...] = ()  # officer ids whose ended record starts again
    end: tuple[int, ...] = ()  # officer ids whose record ends
    welcome: bool = True  # whether the records claimed are owed a welcome
    end_reason: str = "role"

    def __bool__(self) -> bool:
        return bool(self.claim or self.reopen or self.end)


def _ts(value: datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") if value is not None else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def _officer(row: Mapping[str, Any]) -> Officer:
    return Officer(
        id=row["id"],
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        post_id=row["post_id"],
        started_at=_dt(row["started_at"]),
        ended_at=_dt(row["ended_at"]),
        welcome_status=row["welcome_status"],
        welcome_error=row["welcome_error"],
        welcome_at=_dt(row["welcome_at"]),
        last_activity_at=_dt(row["last_activity_at"]),
        reminded_at=_dt(row["reminded_at"]),
        end_reason=row["end_reason"],
        farewell_at=_dt(row["farewell_at"]),
        nudges=row["nudges"],
        snoozed_until=_dt(row["snoozed_until"]),
        reminders_off=bool(row["reminders_off"]),
        reminder_error=row["reminder_error"],
    )


def _notes(row: Mapping[str, Any]) -> HandoverNotes:
    return HandoverNotes(**{**dict(row), "written_at": _dt(row["written_at"])})


def _by_id(rows: Iterable[Mapping[str, Any]]) -> list[Officer]:
    return sorted((_officer(row) for row in rows), key=lambda o: o.id)


def _with_steps(row: Mapping[str, Any]) -> tuple[Officer, frozenset[str]]:
    return _officer(row), frozenset((row["done_steps"] or "").split())


class Store:
    """The bot's SQLite database. Open with :meth:`open`, close with :meth:`close`."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self.db = db
        self.path = path
        self.transactions = 0  # committed write transactions, for benchmarks
        self.statements = 0  # SQL statements run, for benchmarks (with :meth:`count_statements`)
        self._lock = asyncio.Lock()  # one connection: one transaction at a time

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # autocommit: every transaction is an explicit BEGIN ... COMMIT (see transaction())
        db = await aiosqlite.connect(path, isolation_level=None)
        db.row_factory = aiosqlite.Row
        store = cls(db, path)
        try:
            for pragma in ("journal_mode = WAL", "foreign_keys = ON", "synchronous = NORMAL"):
                await store._rows(f"PRAGMA {pragma}")
            await store._migrate()
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        await self.db.close()

    async def count_statements(self) -> None:
        """Count every statement SQLite runs in :attr:`statements` (benchmarks)."""

        def trace(sql: str) -> None:
            self.statements += 1

        await self.db.set_trace_callback(trace)

    async def _migrate(self) -> None:
        version = await self.schema_version()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            # foreign keys are off while a script rebuilds a table (SQLite's documented way)
            await self.db.executescript(
                f"PRAGMA foreign_keys = OFF;\nBEGIN;\n{script}\nPRAGMA user_version = {number};\n"
                "COMMIT;\nPRAGMA foreign_keys = ON;"
            )
            problems = await self._rows("PRAGMA foreign_key_check")
            if problems:
                raise RuntimeError(f"migration {number} left {len(problems)} broken references")

    async def schema_version(self) -> int:
        return (await self._rows("PRAGMA user_version"))[0][0]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One ``BEGIN IMMEDIATE ... COMMIT``; rolled back if anything inside raises."""
        async with self._lock:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                await self.db.rollback()
                raise
            await self.db.commit()
            self.transactions += 1

    async def _write(self, sql: str, params: Mapping[str, Any]) -> int:
        """One statement, which SQLite runs as a transaction of its own (autocommit); never inside
        another's transaction. Returns the number of rows changed."""
        async with self._lock, self.db.execute(sql, params) as cur:
            changed = cur.rowcount
        self.transactions += 1
        return changed

    async def _rows(self, sql: str, params: Mapping[str, Any] | Iterable = ()) -> list[aiosqlite.Row]:
        async with self.db.execute(sql, params) as cur:
            return list(await cur.fetchall())

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

    async def end_officer(self, officer_id: int, now: datetime, reason: str = "role") -> bool:
        _, ended = await self.apply(RecordChanges(end=(officer_id,), end_reason=reason), now)
        return bool(ended)

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

    # -- the party year ---------------------------------------------------------------------
    async def set_agm(self, guild_id: int, agm: date, now: datetime) -> None:
        await self._write(q.SET_AGM, {"guild_id": guild_id, "agm": agm.isoformat(), "now": _ts(now)})

    async def guild_years(
        self, guild_ids: Iterable[int] | None = None
    ) -> dict[int, tuple[date | None, str | None]]:
        """Server id -> (its AGM date, the AGM whose new party year was announced), for these
        servers or (None) every server with an AGM date."""
        if guild_ids is None:
            rows = await self._rows(q.ALL_GUILD_YEARS)
        else:
            rows = await self._rows(q.GUILD_YEARS, {"guild_ids": json.dumps(sorted(guild_ids))})
        return {
            r["guild_id"]: (date.fromisoformat(r["agm_date"]) if r["agm_date"] else None, r["year_announced"])
            for r in rows
        }

    async def set_year_announced(self, guild_id: int, agm: date) -> None:
        await self._write(q.SET_YEAR_ANNOUNCED, {"guild_id": guild_id, "agm": agm.isoformat()})

    async def active_started_before(self, guild_id: int, before: datetime) -> list[Officer]:
        rows = await self._rows(q.ACTIVE_SINCE_BEFORE, {"guild_id": guild_id, "before": _ts(before)})
        return [_officer(r) for r in rows]

    async def active_in_guilds(self, guild_ids: Iterable[int]) -> list[Officer]:
        rows = await self._rows(q.ACTIVE_IN_GUILDS, {"guild_ids": json.dumps(sorted(guild_ids))})
        return [_officer(r) for r in rows]

    async def set_recurring(
        self, officer_id: int, item_id: str, period: str, done: bool, by: int, now: datetime
    ) -> bool:
        """Mark one period of a recurring item done or open; False if it already was."""
        params = {"officer_id": officer_id, "item_id": item_id, "period": period, "by": by, "now": _ts(now)}
        async with self.transaction() as db:
            async with db.execute(q.SET_RECURRING_DONE if done else q.SET_RECURRING_OPEN, params) as cur:
                changed = cur.rowcount > 0
            if changed:
                await db.execute(q.TOUCH_OFFICER, params)
        return changed

    async def recurring_done(self, guild_ids: Iterable[int]) -> set[PeriodKey]:
        """Every (officer, item, period) marked done in these servers (one read)."""
        rows = await self._rows(q.RECURRING_DONE, {"guild_ids": json.dumps(sorted(guild_ids))})
        return {(r["officer_id"], r["item_id"], r["period"]) for r in rows}

    async def recurring_reminded(self, guild_ids: Iterable[int]) -> set[PeriodKey]:
        rows = await self._rows(q.RECURRING_REMINDED, {"guild_ids": json.dumps(sorted(guild_ids))})
        return {(r["officer_id"], r["item_id"], r["period"]) for r in rows}

    async def claim_recurring_reminders(self, keys: Iterable[PeriodKey], now: datetime) -> set[PeriodKey]:
        """Mark dated reminders as sent; returns those not marked before (one statement)."""
        rows = [list(k) for k in keys]
        if not rows:
            return set()
        params = {"rows": json.dumps(rows), "now": _ts(now)}
        async with self._lock, self.db.execute(q.CLAIM_RECURRING_REMINDERS, params) as cur:
            claimed = {(r["officer_id"], r["item_id"], r["period"]) for r in await cur.fetchall()}
        self.transactions += 1
        return claimed

    async def record_recurring_error(self, key: PeriodKey, error: str) -> None:
        officer_id, item_id, period = key
        params = {"officer_id": officer_id, "item_id": item_id, "period": period, "error": error}
        await self._write(q.RECORD_RECURRING_ERROR, params)

    # -- handover notes ---------------------------------------------------------------------
    async def add_handover_notes(
        self, officer: Officer, author_id: int, fields: Mapping[str, str], now: datetime
    ) -> HandoverNotes:
        params = {
            "guild_id": officer.guild_id,
            "post_id": officer.post_id,
            "officer_id": officer.id,
            "author_id": author_id,
            "in_progress": fields.get("in_progress", ""),
            "contacts": fields.get("contacts", ""),
            "anything_else": fields.get("anything_else", ""),
            "now": _ts(now),
        }
        async with self._lock, self.db.execute(q.ADD_HANDOVER_NOTES, params) as cur:
            row = await cur.fetchone()
        self.transactions += 1
        return _notes(row)

    async def latest_handover_notes(self, guild_id: int, post_id: str) -> HandoverNotes | None:
        rows = await self._rows(q.LATEST_HANDOVER_NOTES, {"guild_id": guild_id, "post_id": post_id})
        return _notes(rows[0]) if rows else None

    # -- ticks ------------------------------------------------------------------------------
    async def set_step(self, officer_id: int, step_id: str, done: bool, by: int, now: datetime) -> bool:
        """Set a step done or open, and mark the officer active, in one transaction.

        Returns whether anything changed: setting a step to the state it has writes nothing.
        """
        params = {"officer_id": officer_id, "step_id": step_id, "by": by, "now": _ts(now)}
        async with self.transaction() as db:
            async with db.execute(q.TICK_DONE if done else q.TICK_OPEN, params) as cur:
                changed = cur.rowcount > 0
            if changed:
                await db.execute(q.TOUCH_OFFICER, params)
        return changed

    async def ticks(self, officer_id: int) -> dict[str, Tick]:
        rows = await self._rows(q.TICKS, {"officer_id": officer_id})
        return {
            r["step_id"]: Tick(r["step_id"], bool(r["done"]), _dt(r["changed_at"]), r["changed_by"])
            for r in rows
        }

    async def done_steps(self, officer_id: int) -> set[str]:
        return {t.step_id for t in (await self.ticks(officer_id)).values() if t.done}
