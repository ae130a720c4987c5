"""SQLite store (aiosqlite): role links, officers, checklist ticks. Plain Python, no Discord.

Every change is one transaction, committed before the caller touches Discord. Times are
passed in by the caller (the bot uses ``discord.utils.utcnow()``) and stored as ISO text.
Migrations are versioned with ``PRAGMA user_version``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import aiosqlite

MIGRATIONS: list[str] = [
    # 1: links, settings, officers, ticks
    """
    CREATE TABLE role_links (
        guild_id   INTEGER NOT NULL,
        role_id    INTEGER NOT NULL,
        post_id    TEXT    NOT NULL,
        created_at TEXT    NOT NULL,
        created_by INTEGER,
        PRIMARY KEY (guild_id, role_id)
    );
    CREATE TABLE guild_settings (
        guild_id            INTEGER PRIMARY KEY,
        fallback_channel_id INTEGER,
        updated_at          TEXT NOT NULL
    );
    CREATE TABLE officers (
        id               INTEGER PRIMARY KEY,
        guild_id         INTEGER NOT NULL,
        user_id          INTEGER NOT NULL,
        post_id          TEXT    NOT NULL,
        started_at       TEXT    NOT NULL,
        ended_at         TEXT,
        welcome_status   TEXT    NOT NULL DEFAULT 'pending'
                         CHECK (welcome_status IN ('pending', 'delivered', 'failed')),
        welcome_error    TEXT,
        welcome_at       TEXT,
        last_activity_at TEXT    NOT NULL,
        reminded_at      TEXT,
        UNIQUE (guild_id, user_id, post_id)
    );
    CREATE INDEX officers_by_guild ON officers (guild_id, ended_at);
    CREATE TABLE ticks (
        officer_id INTEGER NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
        step_id    TEXT    NOT NULL,
        done       INTEGER NOT NULL CHECK (done IN (0, 1)),
        changed_at TEXT    NOT NULL,
        changed_by INTEGER NOT NULL,
        PRIMARY KEY (officer_id, step_id)
    );
    """,
]


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

    @property
    def active(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class Tick:
    step_id: str
    done: bool
    changed_at: datetime
    changed_by: int


def _ts(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def _officer(row: aiosqlite.Row) -> Officer:
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
    )


class Store:
    """The bot's SQLite database. Open with :meth:`open`, close with :meth:`close`."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self.db = db
        self.path = path
        self.transactions = 0  # committed write transactions, for the benchmark

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path)
        db.row_factory = aiosqlite.Row
        store = cls(db, path)
        try:
            for pragma in ("journal_mode = WAL", "foreign_keys = ON", "synchronous = NORMAL"):
                async with db.execute(f"PRAGMA {pragma}") as cur:
                    await cur.fetchall()
            await store._migrate()
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        await self.db.close()

    async def _migrate(self) -> None:
        async with self.db.execute("PRAGMA user_version") as cur:
            (version,) = await cur.fetchone()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            await self.db.executescript(
                f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )

    async def schema_version(self) -> int:
        async with self.db.execute("PRAGMA user_version") as cur:
            return (await cur.fetchone())[0]

    async def _write(self, sql: str, params: Iterable = ()) -> int:
        """Run one statement as its own committed transaction; return rows changed."""
        async with self.db.execute(sql, tuple(params)) as cur:
            changed = cur.rowcount
        await self.db.commit()
        self.transactions += 1
        return changed

    async def _rows(self, sql: str, params: Iterable = ()) -> list[aiosqlite.Row]:
        async with self.db.execute(sql, tuple(params)) as cur:
            return list(await cur.fetchall())

    # -- role links and settings ------------------------------------------------------
    async def link_role(
        self, guild_id: int, role_id: int, post_id: str, by: int | None, now: datetime
    ) -> None:
        await self._write(
            "INSERT INTO role_links (guild_id, role_id, post_id, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, role_id) DO UPDATE SET "
            "post_id = excluded.post_id, created_at = excluded.created_at, "
            "created_by = excluded.created_by",
            (guild_id, role_id, post_id, _ts(now), by),
        )

    async def unlink_role(self, guild_id: int, role_id: int) -> bool:
        return bool(
            await self._write(
                "DELETE FROM role_links WHERE guild_id = ? AND role_id = ?", (guild_id, role_id)
            )
        )

    async def links(self, guild_id: int) -> dict[int, str]:
        """Discord role id -> post id, for one server."""
        rows = await self._rows(
            "SELECT role_id, post_id FROM role_links WHERE guild_id = ? ORDER BY post_id",
            (guild_id,),
        )
        return {row["role_id"]: row["post_id"] for row in rows}

    async def set_fallback_channel(
        self, guild_id: int, channel_id: int | None, now: datetime
    ) -> None:
        await self._write(
            "INSERT INTO guild_settings (guild_id, fallback_channel_id, updated_at) "
            "VALUES (?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
            "fallback_channel_id = excluded.fallback_channel_id, updated_at = excluded.updated_at",
            (guild_id, channel_id, _ts(now)),
        )

    async def fallback_channel(self, guild_id: int) -> int | None:
        rows = await self._rows(
            "SELECT fallback_channel_id FROM guild_settings WHERE guild_id = ?", (guild_id,)
        )
        return rows[0]["fallback_channel_id"] if rows else None

    # -- officers ---------------------------------------------------------------------
    async def start_officer(
        self, guild_id: int, user_id: int, post_id: str, now: datetime
    ) -> tuple[Officer, bool]:
        """Record that a member holds a post. Returns (officer, needs_welcome).

        A new record needs a welcome; a record that had ended is re-opened with its
        progress kept and no second welcome. The claim is atomic, so two events for the
        same grant never both send a welcome.
        """
        inserted = await self._write(
            "INSERT INTO officers (guild_id, user_id, post_id, started_at, last_activity_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id, post_id) DO NOTHING",
            (guild_id, user_id, post_id, _ts(now), _ts(now)),
        )
        if not inserted:
            await self._write(
                "UPDATE officers SET ended_at = NULL WHERE guild_id = ? AND user_id = ? "
                "AND post_id = ? AND ended_at IS NOT NULL",
                (guild_id, user_id, post_id),
            )
        officer = await self.officer_for(guild_id, user_id, post_id)
        assert officer is not None
        return officer, bool(inserted)

    async def end_officer(self, officer_id: int, now: datetime) -> bool:
        return bool(
            await self._write(
                "UPDATE officers SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                (_ts(now), officer_id),
            )
        )

    async def record_welcome(
        self, officer_id: int, delivered: bool, error: str | None, now: datetime
    ) -> None:
        await self._write(
            "UPDATE officers SET welcome_status = ?, welcome_error = ?, welcome_at = ? "
            "WHERE id = ?",
            ("delivered" if delivered else "failed", error, _ts(now), officer_id),
        )

    async def record_reminder(self, officer_id: int, now: datetime) -> None:
        await self._write("UPDATE officers SET reminded_at = ? WHERE id = ?", (_ts(now), officer_id))

    async def officer(self, officer_id: int) -> Officer | None:
        rows = await self._rows("SELECT * FROM officers WHERE id = ?", (officer_id,))
        return _officer(rows[0]) if rows else None

    async def officer_for(self, guild_id: int, user_id: int, post_id: str) -> Officer | None:
        rows = await self._rows(
            "SELECT * FROM officers WHERE guild_id = ? AND user_id = ? AND post_id = ?",
            (guild_id, user_id, post_id),
        )
        return _officer(rows[0]) if rows else None

    async def officers(
        self,
        guild_id: int | None = None,
        user_id: int | None = None,
        active_only: bool = False,
    ) -> list[Officer]:
        """Officer records, filtered by server and/or member, oldest first."""
        clauses, params = [], []
        if guild_id is not None:
            clauses.append("guild_id = ?")
            params.append(guild_id)
        if user_id is not None:
            clauses.append("user_id = ?")
            params.append(user_id)
        if active_only:
            clauses.append("ended_at IS NULL")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = await self._rows(f"SELECT * FROM officers {where} ORDER BY id", params)
        return [_officer(r) for r in rows]

    # -- ticks ------------------------------------------------------------------------
    async def set_tick(
        self, officer_id: int, step_id: str, done: bool, by: int, now: datetime
    ) -> None:
        """Tick or untick a step and mark the officer active, in one committed transaction."""
        await self.db.execute(  # noqa: SIM117 - two statements, one transaction
            "INSERT INTO ticks (officer_id, step_id, done, changed_at, changed_by) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (officer_id, step_id) DO UPDATE SET "
            "done = excluded.done, changed_at = excluded.changed_at, "
            "changed_by = excluded.changed_by",
            (officer_id, step_id, int(done), _ts(now), by),
        )
        await self.db.execute(
            "UPDATE officers SET last_activity_at = ? WHERE id = ?", (_ts(now), officer_id)
        )
        await self.db.commit()
        self.transactions += 1

    async def ticks(self, officer_id: int) -> dict[str, Tick]:
        rows = await self._rows("SELECT * FROM ticks WHERE officer_id = ?", (officer_id,))
        return {
            r["step_id"]: Tick(r["step_id"], bool(r["done"]), _dt(r["changed_at"]), r["changed_by"])
            for r in rows
        }

    async def done_steps(self, officer_id: int) -> set[str]:
        return {t.step_id for t in (await self.ticks(officer_id)).values() if t.done}
