"""Members' data: one member's records as a file, deleting them, retention, forgetting a server."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .. import queries as q
from .base import StoreBase
from .records import _ts


class PrivacyStore(StoreBase):
    """What ``/mydata``, retention and ``/onboarding forget-server`` read and delete."""

    async def member_data(self, guild_id: int, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about one member in one server, by table (what ``/mydata`` sends)."""
        params = {"guild_id": guild_id, "user_id": user_id}
        tables = {
            "officer_records": q.MEMBER_OFFICERS,
            "checklist_ticks": q.MEMBER_TICKS,
            "recurring_ticks": q.MEMBER_RECURRING_TICKS,
            "recurring_reminders": q.MEMBER_RECURRING_REMINDERS,
            "handover_notes": q.MEMBER_NOTES,
        }
        return {name: [dict(row) for row in await self._rows(sql, params)] for name, sql in tables.items()}

    async def delete_member(self, guild_id: int, user_id: int) -> int:
        """Delete one member's records in one server with their ticks, reminders and handover
        notes, in one transaction; returns the number of records deleted."""
        params = {"guild_id": guild_id, "user_id": user_id}
        async with self.transaction() as db:
            await db.execute(q.DELETE_MEMBER_NOTES, params)
            async with db.execute(q.DELETE_MEMBER_OFFICERS, params) as cur:
                return cur.rowcount

    async def delete_ended_before(self, cutoff: datetime) -> int:
        """Retention: delete records that ended before ``cutoff`` (with everything hanging off
        them) in one transaction; returns how many records."""
        params = {"cutoff": _ts(cutoff)}
        async with self.transaction() as db:
            await db.execute(q.DELETE_ENDED_NOTES, params)
            async with db.execute(q.DELETE_ENDED_OFFICERS, params) as cur:
                return cur.rowcount

    async def forget_guild(self, guild_id: int) -> None:
        """Delete everything stored for one server, in one transaction."""
        async with self.transaction() as db:
            for sql in q.FORGET_GUILD:
                await db.execute(sql, {"guild_id": guild_id})

    async def known_guilds(self) -> set[int]:
        """Every server the database holds links, settings or records for."""
        return {row["guild_id"] for row in await self._rows(q.KNOWN_GUILDS)}

    async def record_departures(self, guild_ids: Iterable[int], now: datetime) -> None:
        """The bot left these servers now (an earlier departure already recorded stands)."""
        for guild_id in guild_ids:
            await self._write(q.RECORD_DEPARTURE, {"guild_id": guild_id, "now": _ts(now)})

    async def clear_departure(self, guild_id: int) -> None:
        """The bot is back in the server: its data is kept."""
        await self._write(q.CLEAR_DEPARTURE, {"guild_id": guild_id})

    async def departed_before(self, cutoff: datetime) -> list[int]:
        """Servers the bot left before ``cutoff`` and never came back to."""
        return [row["guild_id"] for row in await self._rows(q.DEPARTED_BEFORE, {"cutoff": _ts(cutoff)})]

    async def departed_guilds(self) -> list[int]:
        """Every server whose departure is recorded."""
        return [row["guild_id"] for row in await self._rows(q.DEPARTED_GUILDS)]
