"""The party year (AGM dates, recurring duties and their reminders) and handover notes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from .. import queries as q
from .base import StoreBase
from .records import HandoverNotes, Officer, PeriodKey, _notes, _officer, _ts


class YearStore(StoreBase):
    """AGM dates, recurring duties and handover notes (see :class:`bot.store.Store`)."""

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
        return await self._officer_acted(q.SET_RECURRING_DONE if done else q.SET_RECURRING_OPEN, params)

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
